"""to_text and its parts: CJK whitespace, wrapping with kinsoku, display width, links, headers, options."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsfmt
from newsfmt import Article, ExportError, clean_html, to_text
from newsfmt.cleaning.whitespace import collapse, display_width, display_widths
from newsfmt.cleaning.wrap import CLOSING, OPENING, wrap_line
from newsfmt.exporters.text import text_path, text_paths

CST = timezone(timedelta(hours=8))


def _article(body_html: str, *, title: str = "长株潭一体化", lang: str = "zh-CN") -> Article:
    return Article(
        id="/zhuzhouribao/2021/12/31/NW1",
        title=title,
        date=datetime(2021, 12, 31, 7, 55, 46, tzinfo=CST),
        updated=None,
        categories=("zhuzhouribao",),
        tags=("株洲日报新闻",),
        authors=(),
        summary="",
        body_html=body_html,
        text="",
        url="https://example.org/zhuzhouribao/2021/12/31/NW1.html",
        permalink="/zhuzhouribao/2021/12/31/NW1.html",
        slug="NW1",
        lang=lang,
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("株洲\n日报", "株洲日报"),
        ("株洲 \n 日报", "株洲日报"),
        ("株洲  日报", "株洲 日报"),
        ("hello\nworld", "hello world"),
        ("株洲\nDaily", "株洲 Daily"),
        ("发展，\n“十同”", "发展，“十同”"),
        ("said”\n“next", "said” “next"),
        ("한국\n어", "한국 어"),
        ("a\u00a0\u00a0b", "a\u00a0\u00a0b"),
    ],
)
def test_segment_break_rule(source: str, expected: str) -> None:
    assert collapse(source) == expected


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("株洲ab，") == 8
    assert display_width("e\u0301") == 1
    assert display_width("ｱ") == 1  # halfwidth katakana


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("\u201c\u2026\u2014\u201d", 4),  # East Asian ambiguous: narrow, as a Western terminal shows them
        ("\u200b\u200d\ufeff", 0),  # zero-width format characters
        ("\u1100\u1161", 2),  # a Hangul leading consonant and its medial vowel (0 columns): one syllable
        ("\u00ad", 1),  # wcwidth counts a soft hyphen as the hyphen a terminal shows (it was 0 here before)
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 2),  # an emoji sequence is one picture (it was 6)
        ("\u2764\ufe0f", 2),  # variation selector 16 makes the heart an emoji
        ("a\tb\x85c\x00", 3),  # control characters take no columns (they were 1 each)
        ("\x1b\x07", 0),  # never negative, though wcwidth answers -1 for what is not printable
    ],
)
def test_display_width_follows_wcwidth(text: str, width: int) -> None:
    assert display_width(text) == width


# Characters of every kind display_widths tells apart: printable ASCII, the CJK blocks it counts from UTF-8 bytes
# (their first and last characters), and what only wcwidth measures (combining marks, kana voicing marks, Hangul,
# halfwidth kana, ambiguous and zero-width characters, emoji, controls, astral ideographs).
WIDTH_SAMPLES = [
    *"aZ ~!",
    *"\u3000\u3029\u3041\u3096\u30a1\u30fa\u3400\u4dbf\u4e00\u9fff\uff01\uff60",
    *"\u302a\u3099\u309b\u30fb\u30fc\uac00\uff61\uff9f\u2014\u201c\u200b\u0301\u00ad\u2764\ufe0f\U0001f468\u200d",
    *"\x1b\t\x85\U00020000",
]


@given(st.lists(st.text(st.sampled_from(WIDTH_SAMPLES), max_size=6), min_size=1, max_size=5))
def test_display_widths_of_a_column_are_each_cells_width(column: list[str]) -> None:
    assert display_widths(column) == [display_width(cell) for cell in column]


@pytest.mark.parametrize(
    ("first", "last"),
    [("\u3000", "\u3029"), ("\u3041", "\u3096"), ("\u30a1", "\u30fa"), ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"),
     ("\uff01", "\uff60")],
)  # fmt: skip
def test_display_widths_counts_its_cjk_blocks_as_wcwidth_does(first: str, last: str) -> None:
    block = [chr(code) for code in range(ord(first), ord(last) + 1)]
    assert display_widths(block) == [2] * len(block) == [display_width(char) for char in block]


def test_article_header_and_body() -> None:
    article = _article("<p>第一段。</p><p>第二段。</p>")
    assert to_text(article) == "长株潭一体化\n2021-12-31 07:55\n\n第一段。\n\n第二段。"
    assert to_text(article, header=False) == "第一段。\n\n第二段。"
    assert to_text(_article("", title="")) == "2021-12-31 07:55"


def test_image_label_follows_the_article_language() -> None:
    assert to_text(_article('<p><img src="https://x.example/a.png" alt="株洲站"></p>'), header=False) == "[图: 株洲站]"
    english = _article('<p><img src="https://x.example/a.png" alt="Station"></p>', lang="en")
    assert to_text(english, header=False) == "[image: Station]"
    assert clean_html('<img src="https://x.example/a.png" alt="Station">', lang="zh").text == "[图: Station]"


def test_text_of_clean_result_equals_to_text_without_header() -> None:
    html = "<h2>标题</h2><p>株洲\n日报 <a href='https://example.org/'>链接</a></p><ol><li>一</li><li>二</li></ol>"
    result = clean_html(html)
    assert result.text == to_text(html) == to_text(_article(result.html), header=False)


def test_links_styles() -> None:
    html = '<p>See <a href="https://a.example/">A</a>, <a href="https://b.example/">B</a>, <a href="https://a.example/">A</a>.</p>'
    assert to_text(html) == "See A <https://a.example/>, B <https://b.example/>, A <https://a.example/>."
    assert to_text(html, links="none") == "See A, B, A."
    assert to_text(html, links="references") == (
        "See A[1], B[2], A[1].\n\n[1] https://a.example/\n[2] https://b.example/"
    )


@pytest.mark.parametrize("width", [0, 5, -1, True, 12.5])
def test_bad_width_is_an_export_error(width: object) -> None:
    with pytest.raises(ExportError):
        to_text("<p>x</p>", width=width)  # type: ignore[arg-type]


def test_bad_links_or_input_is_an_export_error() -> None:
    with pytest.raises(ExportError):
        to_text("<p>x</p>", links="footnotes")  # type: ignore[arg-type]
    with pytest.raises(ExportError):
        to_text(b"<p>x</p>")  # type: ignore[arg-type]


def test_wrap_respects_width_and_kinsoku() -> None:
    text = "“长株潭一体化发展要继续抓下去，抓出更大成效。”2020年9月，总书记考察湖南（新坐标、新定位）。"
    for width in range(10, 41):
        lines = wrap_line(text, width)
        assert "".join(lines) == text
        for line in lines:
            assert display_width(line) <= width
            assert line[0] not in CLOSING, (width, lines)
            assert line[-1] not in OPENING, (width, lines)


def test_wrap_english_breaks_at_spaces_and_cuts_long_words() -> None:
    assert wrap_line("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
    assert wrap_line("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap_line("a b", 10, "- ", "  ") == ["- a b"]


def test_wrapped_list_items_indent_continuations() -> None:
    text = to_text("<ul><li>列表项也会按显示宽度折行。</li></ul>", width=12)
    assert text == "- 列表项也会\n  按显示宽度\n  折行。"


def test_table_columns_align_by_display_width() -> None:
    text = to_text("<table><tr><th>城市</th><th>n</th></tr><tr><td>长沙市区</td><td>1</td></tr></table>")
    lines = text.split("\n")
    assert lines[0].startswith("城市") and lines[2].startswith("长沙市区")
    assert display_width(lines[0][: lines[0].rindex("n")]) == display_width(lines[2][: lines[2].rindex("1")]) == 10
    assert lines[1] == "--------  -"


def test_table_cell_width_ignores_link_markers() -> None:
    # A link is measured by its label: the column fits the label, whatever the link style adds after it.
    html = (
        '<table><tr><th>name</th><th>b</th></tr><tr><td><a href="https://x.org/">site</a></td><td>z</td></tr></table>'
    )
    assert to_text(html, links="none") == "name  b\n----  -\nsite  z"
    assert to_text(html, links="references").split("\n")[2] == "site[1]  z"


def test_pre_keeps_whitespace_and_is_not_wrapped() -> None:
    text = to_text("<pre>  a    b\n\n  c</pre>", width=10)
    assert text == "  a    b\n\n  c"


def test_text_paths_are_safe_and_unique() -> None:
    first = _article("<p>一</p>")
    same_slug = _article("<p>二</p>")
    english = Article(**{**{f: getattr(first, f) for f in first.__slots__}, "categories": (), "slug": "../Hello World"})
    paths = [str(p) for p in text_paths([first, same_slug, english])]
    assert paths == [
        "zhuzhouribao/2021/2021-12-31-nw1.txt",
        "zhuzhouribao/2021/2021-12-31-nw1-2.txt",
        "uncategorized/2021/2021-12-31-hello-world.txt",
    ]
    chinese = Article(**{**{f: getattr(first, f) for f in first.__slots__}, "categories": ("株洲 日报/新闻",)})
    assert str(text_path(chinese)) == "株洲-日报-新闻/2021/2021-12-31-nw1.txt"


def test_article_text_is_what_to_text_renders() -> None:
    # The build writes a read article's text from Article.text (see builder/runner.py): one rendering for both.
    from tests.conftest import EXAMPLE_SITE

    for article in newsfmt.load_site(EXAMPLE_SITE).articles:
        assert to_text(article, header=False) == article.text, article.path
