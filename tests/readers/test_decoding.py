import codecs

import pytest

from newsfmt.errors import DecodeError
from newsfmt.readers.decoding import decode_post

TEXT = "---\ntitle: 株洲日报新闻\n---\n今天，天气很好。我们去公园散步，看见许多人在锻炼身体。\n"


def test_utf8_with_bom_and_crlf() -> None:
    decoded = decode_post(codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode())
    assert decoded.text == TEXT
    assert decoded.warning is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    data = TEXT.replace("\n", "\r\n").encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_post(data).text == TEXT


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gb18030", TEXT),
        ("big5", "---\ntitle: 新聞\n---\n今天天氣很好，我們去公園散步，看見許多人在鍛鍊身體。\n"),
        ("shift_jis", "---\ntitle: ニュース\n---\n今日はとても良い天気です。公園を散歩しました。\n"),
    ],
)
def test_legacy_encodings_are_detected_with_a_warning(encoding: str, text: str) -> None:
    decoded = decode_post(text.encode(encoding))
    assert decoded.text == text
    assert decoded.warning is not None and "UTF-8" in decoded.warning


def test_undecodable_bytes_become_replacement_characters() -> None:
    decoded = decode_post(b"---\ntitle: ok\n---\nabc \xff\xfe\xfd def\n")
    assert "\ufffd" in decoded.text or decoded.warning is not None
    assert decoded.warning is not None


def test_binary_is_refused() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_post(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
