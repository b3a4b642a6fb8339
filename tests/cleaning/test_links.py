"""Links: absolute against the post URL, protocol-relative to https, unusable URLs dropped."""

from __future__ import annotations

import pytest

from newsfmt import clean_html
from newsfmt.cleaning.links import absolute_srcset, checked_url, safe_url

BASE = "http://news.example.cn/2021/12/31/post.html"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../30/a.html", "http://news.example.cn/2021/12/30/a.html"),
        ("/about/", "http://news.example.cn/about/"),
        ("#top", "http://news.example.cn/2021/12/31/post.html#top"),
        ("?page=2", "http://news.example.cn/2021/12/31/post.html?page=2"),
        ("//cdn.example.cn/a.png", "https://cdn.example.cn/a.png"),
        ("https://例子.中国/路径", "https://例子.中国/路径"),
        ("img/screen shot.png", "http://news.example.cn/2021/12/31/img/screen%20shot.png"),
        ("mailto:editor@example.cn", "mailto:editor@example.cn"),
        ("http://%20http://example.com/a.htm", None),  # a real typo in the corpus; validators reject it
        ("http://", None),
        ("http://exa mple.org/", None),
        ("javascript:alert(1)", None),
        ("data:image/png;base64,AAAA", None),  # not an image attribute
    ],
)
def test_safe_url(value: str, expected: str | None) -> None:
    assert safe_url(value, BASE) == expected


def test_data_images_only_where_an_image_is_expected() -> None:
    assert safe_url("data:image/png;base64,AAAA", None, image=True) == "data:image/png;base64,AAAA"
    assert safe_url("data:image/svg+xml;base64,AAAA", None, image=True) is None


def test_srcset_candidates_are_absolute_and_safe() -> None:
    value = "a.png 1x, //cdn.example.cn/b.png 2x, javascript:x 3x, data:image/png;base64,AA 4x"
    assert absolute_srcset(value, BASE) == "http://news.example.cn/2021/12/31/a.png 1x, https://cdn.example.cn/b.png 2x"
    assert absolute_srcset("javascript:x 1x", BASE) is None


def test_without_base_relative_links_stay_relative_and_text_shows_no_url() -> None:
    result = clean_html('<p><a href="/a">相对链接</a>和<a href="http://%20http://x.example/">坏链接</a></p>')
    assert result.html == '<p><a href="/a">相对链接</a>和坏链接</p>'
    assert result.text == "相对链接和坏链接"


@pytest.mark.parametrize(
    "value",
    [
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "&amp;#x6A;avascript:alert(1)",  # decoded twice by a lenient reader
        "java&Tab;script:alert(1)",
        "VBScript&#x3A;msgbox(1)",
        "data&colon;text/html,x",
    ],
)
def test_no_spelling_of_a_script_scheme_passes_once_entities_are_decoded(value: str) -> None:
    assert checked_url(value) is None
    assert safe_url(value, BASE) is None


@pytest.mark.parametrize(
    "value",
    [
        "https://e.example/?a=1&amp;b=2",
        "/search?q=a&b=c",
        "/x?copy&lang=en",
        "mailto:a@example.org?subject=a&amp;b",
        "/ok?next=javascript&colon;x",  # a path: harmless however it is decoded
    ],
)
def test_urls_with_entities_that_decode_to_safe_urls_are_kept_as_written(value: str) -> None:
    assert checked_url(value) == value


def test_tag_uris_are_harmless_ids() -> None:
    assert checked_url("tag:example.org,2024:post-1") == "tag:example.org,2024:post-1"
