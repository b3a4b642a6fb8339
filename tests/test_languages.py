"""One table of language tags: the cleaning step and the books ask the same question the same way."""

from __future__ import annotations

import pytest

from newsfmt.cleaning.clean import image_label, is_cjk
from newsfmt.exporters.epub.pages import labels_for
from newsfmt.exporters.epub.plan import month_label
from newsfmt.languages import is_chinese_language, is_cjk_language, writes_han_labels


@pytest.mark.parametrize(
    ("lang", "cjk", "chinese", "han_labels"),
    [
        ("zh-CN", True, True, True),
        ("zh-Hant-TW", True, True, True),
        ("ZH_tw", True, True, True),  # POSIX locale spelling
        ("yue-HK", True, True, True),
        ("cmn", True, True, True),
        ("ja-JP", True, False, True),
        ("ko-KR", True, False, False),  # Korean writes 2021년 12월: English book labels
        ("en-GB", False, False, False),
        ("zha", False, False, False),  # Zhuang is not Chinese, though its tag starts with "zh"
        ("", False, False, False),
        (None, False, False, False),
    ],
)
def test_language_tag_rules(lang: str | None, cjk: bool, chinese: bool, han_labels: bool) -> None:
    assert is_cjk_language(lang) is cjk
    assert is_chinese_language(lang) is chinese
    assert writes_han_labels(lang) is han_labels


def test_cleaning_and_books_follow_the_same_table() -> None:
    assert is_cjk("ko", "<p>plain</p>") and not is_cjk("en", "<p>plain</p>")
    assert is_cjk("en", "<p>中文</p>")  # the text decides too: a post read without its site says "en"
    assert image_label("yue", "") == "图" and image_label("zha", "") == "image"
    assert month_label(2021, 12, "yue-HK") == "2021年12月"
    assert labels_for("cmn") == labels_for("zh-CN") != labels_for("ko")
