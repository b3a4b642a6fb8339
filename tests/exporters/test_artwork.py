"""The catalog's pictures: generated covers drawn as PNG with the machine's fonts, and a site's own cover scaled
for a thumbnail, decoded only under the caps of fetched pictures. Every picture is opened again with Pillow."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from newsfmt.errors import ExportError
from newsfmt.exporters import artwork
from newsfmt.exporters.artwork import THUMBNAIL_SIZE, drawn_cover, site_artwork
from newsfmt.exporters.epub.pages import CoverDesign, cover_design
from newsfmt.exporters.fonts import Face, faces_for
from tests.support.pictures import png_header

TITLE_BOX = (40, 200, 560, 330)
"""Where the first title lines of a 600 × 800 cover are."""
FOOTER_BOX = (40, 650, 560, 740)


@pytest.fixture(autouse=True)
def _fresh_drawings() -> Iterator[None]:
    drawn_cover.cache_clear()  # each test draws anew: no bytes remembered from another test
    yield
    drawn_cover.cache_clear()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _chunks(png: bytes) -> list[bytes]:
    names, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        names.append(png[at + 4 : at + 8])
        at += 12 + length
    return names


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The spread of the brightness in ``box``: 0 for a blank region, tens where text is drawn."""
    return float(ImageStat.Stat(image.convert("L").crop(box)).stddev[0])


def _design(title: str, subtitle: str = "快讯", footer: str = "2021 · Linjiang Daily") -> CoverDesign:
    return cover_design(title=title, subtitle=subtitle, footer=footer)


def _has_chinese_font() -> bool:
    return any(face.path and face.has("报") for face in faces_for("serif", bold=True, lang="zh-CN"))


def test_a_drawn_cover_and_its_thumbnail_are_plain_pngs_of_their_sizes() -> None:
    design = _design("Tech 2021", "Tech")
    cover, thumbnail = drawn_cover(design, width=600, lang="en"), drawn_cover(design, width=240, lang="en")
    assert (_open(cover).format, _open(cover).size) == ("PNG", (600, 800))
    assert (_open(thumbnail).format, _open(thumbnail).size) == ("PNG", THUMBNAIL_SIZE)
    for png in (cover, thumbnail):
        assert _chunks(png) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]  # no time, no text, nothing but the picture
    assert _ink(_open(cover), TITLE_BOX) > 10 and _ink(_open(cover), FOOTER_BOX) > 5


def test_drawing_again_gives_the_same_bytes_and_another_title_other_bytes() -> None:
    first = drawn_cover(_design("城市 2021年"), width=600, lang="zh-CN")
    drawn_cover.cache_clear()
    assert drawn_cover(_design("城市 2021年"), width=600, lang="zh-CN") == first
    assert drawn_cover(_design("城市 2022年"), width=600, lang="zh-CN") != first


def test_a_chinese_title_is_drawn_in_a_font_that_has_its_glyphs() -> None:
    if not _has_chinese_font():
        pytest.skip("no font of this machine has Chinese glyphs (.ci/run installs fonts-noto-cjk)")
    cover = _open(drawn_cover(_design("临江日报快讯合集"), width=600, lang="zh-CN"))
    assert _ink(cover, TITLE_BOX) > 20


def test_characters_no_font_has_are_left_out_never_drawn_as_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = "\U0010fffd" * 6  # a private use character: no font has it
    blank = _open(drawn_cover(_design(unknown, "", ""), width=600, lang="en"))
    assert _ink(blank, TITLE_BOX) == 0
    # A machine without fontconfig or fonts: Pillow's own font draws the ASCII characters, and only those.
    builtin = (Face("", 0, ((0x20, 0x7E),)),)
    monkeypatch.setattr(artwork, "faces_for", lambda *_, **__: builtin)
    drawn_cover.cache_clear()
    cover = _open(drawn_cover(_design("临江日报", "快讯", "2021 · 临江"), width=600, lang="zh-CN"))
    assert _ink(cover, TITLE_BOX) == 0
    assert _ink(cover, FOOTER_BOX) > 5  # "2021 ·" is drawn, the Chinese after it is not


def test_an_overlong_word_is_drawn_smaller_inside_the_frame() -> None:
    cover = _open(drawn_cover(_design("W" * 21, "", ""), width=600, lang="en"))
    assert _ink(cover, (34, 200, 50, 330)) == 0 and _ink(cover, (551, 200, 566, 330)) == 0  # a margin inside the frame
    assert _ink(cover, TITLE_BOX) > 20


def _picture(fmt: str, size: tuple[int, int], mode: str = "RGB", **options: object) -> bytes:
    image = Image.new(mode, size, "#204060")
    image.paste("#f0e0c0", (0, 0, size[0] // 2, size[1] // 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "media_type", "size", "expected"),
    [
        ("PNG", "image/png", (1000, 1500), (213, 320)),
        ("JPEG", "image/jpeg", (2000, 1000), (240, 120)),
        ("GIF", "image/gif", (800, 600), (240, 180)),
    ],
)
def test_a_site_cover_is_linked_as_it_is_with_a_smaller_thumbnail_of_its_type(
    fmt: str, media_type: str, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    exif = Image.Exif()
    exif[0x010E] = "a description that the thumbnail drops"
    data = _picture(fmt, size, exif=exif.tobytes()) if fmt == "JPEG" else _picture(fmt, size)
    result = site_artwork(data, media_type, source=Path("cover"))
    assert result.cover.data == data and result.cover.media_type == media_type
    assert result.thumbnail is not None and result.thumbnail.media_type == media_type
    thumbnail = _open(result.thumbnail.data)
    assert (thumbnail.format, thumbnail.size) == (fmt, expected)
    assert not thumbnail.getexif()
    assert site_artwork(data, media_type, source=None) == result  # the same bytes again


def test_a_webp_cover_becomes_png_and_a_small_cover_is_its_own_thumbnail() -> None:
    webp = site_artwork(_picture("WEBP", (600, 900)), "image/webp", source=Path("cover.webp"))
    assert webp.cover.media_type == "image/png" and _open(webp.cover.data).size == (600, 900)
    assert webp.thumbnail is not None and _open(webp.thumbnail.data).format == "PNG"
    assert _open(webp.thumbnail.data).size == (213, 320)
    small = site_artwork(_picture("WEBP", (120, 160)), "image/webp", source=Path("cover.webp"))
    assert small.thumbnail is None and _open(small.cover.data).size == (120, 160)


@pytest.mark.parametrize(("width", "height"), [(20_000, 100), (8_000, 8_000)])
def test_a_huge_site_cover_is_refused_before_decoding_naming_the_file(width: int, height: int) -> None:
    with pytest.raises(ExportError) as caught:
        site_artwork(png_header(width, height), "image/png", source=Path("site/big.png"))
    message = str(caught.value)
    assert "site/big.png" in message and f"{width} × {height} pixels" in message and "\n" not in message


def test_a_broken_site_cover_is_one_error_naming_the_file() -> None:
    data = _picture("PNG", (400, 400))
    with pytest.raises(ExportError) as caught:
        site_artwork(data[:200], "image/png", source=Path("site/broken.png"))
    assert "site/broken.png" in str(caught.value) and "cannot decode" in str(caught.value)


def test_listing_the_faces_keeps_none_open_only_drawing_does() -> None:
    from newsfmt.exporters.fonts import font_of

    faces_for.cache_clear()
    font_of.cache_clear()
    faces = faces_for("sans-serif", bold=False, lang="zh-CN")
    if len(faces) < 2:
        pytest.skip("fontconfig lists no font of this machine")
    assert font_of.cache_info().currsize == 0  # each face was opened to check it scales, and closed again
    drawn_cover.cache_clear()
    drawn_cover(_design("Tech 2021", "Tech"), width=240, lang="zh-CN")
    assert 0 < font_of.cache_info().currsize < len(faces) + 4
