"""The fast ways through the EPUB writer give the very bytes of the general ones they stand in for.

fragment_to_xhtml's fast path (one XML parse, rules applied in place) against its general path (the HTML parser,
the fragment rebuilt); the source line written without parsing; link cleaning's shortcut; article pages written
as text around their body against pages built as trees.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsfmt.cleaning import clean_html
from newsfmt.exporters.epub import pages as epub_pages
from newsfmt.exporters.epub import urls as epub_urls
from newsfmt.exporters.epub import xhtml as epub_xhtml
from newsfmt.exporters.epub.context import ConversionContext, XhtmlLabels
from newsfmt.exporters.epub.fast_path import fast_fragment
from newsfmt.exporters.epub.xhtml import fragment_to_xhtml, link_markup
from newsfmt.model import Article

from .factory import ENGLISH_BODIES, HOSTILE_BODIES, article

NAMES = [
    *["p", "div", "span", "a", "b", "strong", "em", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody"],
    *["tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "h2", "blockquote", "pre", "code", "ruby", "rt"],
    *["rp", "time", "section", "font", "q", "sub", "video", "audio", "picture", "script", "xmp", "P", "o:p"],
    *["dialog", "summary", "menu", "acronym", "legend", "fieldset", "bdo", "col", "colgroup", "data", "form"],
]
VOID = ["br", "hr", "img", "wbr", "source"]
ATTRIBUTES = [
    *['id="a"', 'id="1 b"', 'id="x1-b"', 'href="#a"', 'href="#1 b"', 'href="#x1-b"', 'href="/x"', 'lang="en"'],
    *['href="https://e.example/a"', 'href="https://e.example/a b"', 'src="/i.png"', 'src="/r.png"', 'alt="a"'],
    *['src="https://c.example/n.jpg"', 'alt=" a  b "', 'width="12"', 'width="12px"', 'colspan="2"', 'dir="RTL"'],
    *['start="3"', 'reversed="reversed"', 'value="x"', 'scope="ROW"', 'cite="/c"', 'srcset="a"', 'class="c"'],
    *['title="a&#10;b"', 'title="a\nb"', 'title="&#128;"', 'TITLE="u"', 'xml:lang="en"', 'xmlns:x="urn:x"'],
]
TEXTS = ["x", " ", "\n", "中文", "a&amp;b", "&lt;&gt;", "&nbsp;", "&#13;", "&#128;", "\t", "\r\n", "\xa0", "&apos;"]


def _element(pair: tuple[str, list[str]], children: list[str]) -> str:
    name, attributes = pair
    start = name + "".join(" " + attribute for attribute in attributes)
    # Empty elements written the XML way (<p/>), as lxml writes them: the HTML parser must read them alike.
    return f"<{start}/>" if name in VOID or not children else f"<{start}>{''.join(children)}</{name}>"


_ATTRIBUTE_LISTS = st.lists(st.sampled_from(ATTRIBUTES), max_size=3)
_LEAVES = st.sampled_from(TEXTS) | st.tuples(st.tuples(st.sampled_from(VOID), _ATTRIBUTE_LISTS), st.just([])).map(
    lambda leaf: _element(*leaf)
)
_FRAGMENTS = st.lists(
    st.recursive(
        _LEAVES,
        lambda inner: st.tuples(st.tuples(st.sampled_from(NAMES), _ATTRIBUTE_LISTS), st.lists(inner, max_size=4)).map(
            lambda node: _element(*node)
        ),
        max_leaves=20,
    ),
    max_size=5,
).map("".join)


# Well-nested markup like a cleaner's output, so that most examples take the fast path.
_TEXT = st.sampled_from(["x", " ", "\n", "中文", "a&amp;b", "&lt;", "\xa0", "’", "y z"])
_INLINE_ATTRIBUTES = st.sampled_from(
    ["", ' title="t"', ' lang="en"', ' id="a"', ' id="a"', ' dir="rtl"', ' title="a&#10;b"', ' data-x="1"']
)
_INLINE = st.recursive(
    _TEXT
    | st.just("<br/>")
    | st.sampled_from(["/i.png", "/r.png", "https://c.example/n.jpg", ""]).map(
        lambda url: f'<img src="{url}" alt="a"/>'
    ),
    lambda inner: st.tuples(
        st.sampled_from(["strong", "em", "span", "code", "sub", "q", "time", "a", 'a href="/x"', 'a href="#a"']),
        _INLINE_ATTRIBUTES,
        st.lists(inner, max_size=3),
    ).map(lambda node: f"<{node[0]}{node[1]}>{''.join(node[2])}</{node[0].split()[0]}>"),
    max_leaves=6,
)
_INLINES = st.lists(_INLINE, max_size=3).map("".join)


def _wrap(tag: str, content: st.SearchStrategy[str], attributes: str = "") -> st.SearchStrategy[str]:
    return content.map(lambda inner: f"<{tag}{attributes}>{inner}</{tag}>")


def _each(tag: str, items: st.SearchStrategy[str], size: int = 3) -> st.SearchStrategy[str]:
    return st.lists(items, max_size=size).map(lambda parts: f"<{tag}>" + "\n".join(parts) + f"</{tag}>")


_CELLS = st.lists(_wrap("td", _INLINES) | _wrap("th", _INLINES), min_size=1, max_size=3).map("".join)
_BLOCK = st.recursive(
    _wrap("p", _INLINES) | _wrap("h2", _INLINES) | _wrap("pre", _INLINES) | st.just("<hr/>"),
    lambda inner: (
        _wrap("blockquote", st.lists(inner, max_size=2).map("".join))
        | _wrap("div", st.lists(inner, max_size=2).map("\n".join), ' lang="zh"')
        | _each("ul", _wrap("li", _INLINES | inner))
        | _each("ol", _wrap("li", _INLINES))
        | _each("table", _wrap("tr", _CELLS))
        | _wrap("table", _each("tbody", _wrap("tr", _CELLS)))
        | _wrap("dl", st.tuples(_wrap("dt", _INLINES), _wrap("dd", _INLINES | inner)).map("".join))
        | _wrap("figure", st.tuples(_INLINES, _wrap("figcaption", _INLINES)).map("".join))
    ),
    max_leaves=8,
)
_CLEAN_FRAGMENTS = st.lists(_BLOCK | _INLINE, max_size=5).map("\n".join)


def _absolute(url: str) -> str | None:
    return "https://site.example" + url if url.startswith("/") else None


def _both_ways(html: str) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """The fragment converted as fragment_to_xhtml does, then by the general path alone: markup and pictures asked."""

    def convert() -> tuple[str, list[str]]:
        asked: list[str] = []

        def resolve(src: str) -> str | None:
            asked.append(src)
            return "../images/i.png" if src.startswith("/i") else None

        div = fragment_to_xhtml(html, resolve_image=resolve, absolute=_absolute)
        return etree.tostring(div, encoding="unicode"), list(dict.fromkeys(asked))

    fast = convert()
    with mock.patch.object(epub_xhtml, "fast_fragment", lambda html, context: None):
        general = convert()
    return fast, general


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_CLEAN_FRAGMENTS)
def test_fast_path_gives_what_the_general_path_gives(html: str) -> None:
    fast, general = _both_ways(html)
    assert fast == general


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(_FRAGMENTS)
def test_fast_path_gives_what_the_general_path_gives_for_any_markup(html: str) -> None:
    fast, general = _both_ways(html)
    assert fast == general


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(_CLEAN_FRAGMENTS | _FRAGMENTS)
def test_fast_path_gives_what_the_general_path_gives_for_cleaned_bodies(html: str) -> None:
    fast, general = _both_ways(clean_html(html, base_url="https://site.example/post.html").html)
    assert fast == general


def _takes_fast_path(html: str) -> bool:
    context = ConversionContext(lambda src: None, lambda url: None, XhtmlLabels())
    return fast_fragment(html, context) is not None


def test_clean_bodies_take_the_fast_path() -> None:
    bodies = [
        *ENGLISH_BODIES,
        "<p>株洲日报·掌上株洲记者/贺生公</p>\n<p>文字<strong>加粗</strong></p><ul><li>一</li>\n<li>二</li></ul>",
        '<p><img src="https://news.example.org/a.png" alt="图"/></p><p><a href="https://e.example/?a=1&amp;b=2">链</a></p>',
    ]
    for body in bodies:
        cleaned = clean_html(body, base_url="https://news.example.org/a.html").html
        assert _takes_fast_path(cleaned), cleaned
        assert _both_ways(cleaned)[0] == _both_ways(cleaned)[1]


@pytest.mark.parametrize(
    "html",
    [
        "<p><div>block in a paragraph</div></p>",  # the HTML parser closes the paragraph
        "<h2><p>x</p></h2>",
        '<a href="https://e.example/"><a href="https://f.example/">x</a></a>',
        "<li>lone</li>",  # a list item out of its list is repaired by the general path
        '<p title="a\nb">raw line feed in an attribute</p>',  # XML would make it a space
        "<p>&#128;</p>",  # the HTML parser reads windows-1252 here
        "<br>x</br>",
        "<P>upper case</P>",
        '<p xmlns:x="urn:x">x</p>',
        "<p><![CDATA[x]]></p>",
        '<p title="a\rb">x</p>',  # XML would make the carriage return a space
        "<script>x</script>",
        "<p>&nbsp;</p>",  # not XML at all
    ],
)
def test_the_fast_path_declines_what_the_html_parser_reads_otherwise(html: str) -> None:
    assert not _takes_fast_path(html)
    fast, general = _both_ways(html)
    assert fast == general


@pytest.mark.parametrize(
    "html",
    [
        "<p>a\x01b</p>",
        '<p title="a\x01b">c</p>',
        "<p>a\x7fb</p>",
        '<p title="\x7f">c</p>',
        "<p>a\ud800b</p>",
        "<p>a\ud83d\ude00b</p>",  # a surrogate pair written as two code points: both go
        "<p>\ufffe\uffff</p>",
        "\x1f",
        "\x01 ",
        "<p>ok</p>\x0b",
    ],
)
def test_characters_xml_forbids_go_either_way(html: str) -> None:
    fast, general = _both_ways(html)
    assert fast == general
    assert not any(char in fast[0] for char in "\x01\ud800\ud83d\ufffe\x0b")


@pytest.mark.parametrize("html", HOSTILE_BODIES)
def test_hostile_bodies_come_out_the_same_either_way(html: str) -> None:
    fast, general = _both_ways(html)
    assert fast == general


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", " ", "\n", "&", "<b>", '"', "'", "中文", "\r", "\x01", "#", "&amp;", "\t"])).map(
        "".join
    ),
    st.none()
    | st.lists(
        st.sampled_from(["https://", "e.example", "/", "?a=1", "&", '"', "#x", "中", " ", "\n", "javascript:", "%"])
    ).map("".join),
)
def test_source_link_written_without_parsing_is_what_parsing_gives(text: str, url: str | None) -> None:
    url = url or None
    markup = link_markup(text, url, absolute=_absolute)
    if markup is None:
        return
    html = f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)
    with mock.patch.object(epub_xhtml, "fast_fragment", lambda html, context: None):
        div = fragment_to_xhtml(html, resolve_image=lambda src: None, absolute=_absolute)
    parsed = etree.tostring(div, encoding="unicode")
    inner = "" if parsed.endswith("/>") else parsed[parsed.index(">") + 1 : -len("</div>")]
    assert markup == inner


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "https:/", ""]),
    st.lists(st.sampled_from(["e", "x.example", "-", "_", ".", "A", ":80", ":x", "@", "[::1]", "例子", "%"])).map(
        "".join
    ),
    st.lists(st.sampled_from(["/", "?", "#", "a", "%zz", "[", "]", "!$&'()*+,;=", " ", '"', "^", "中", "~"])).map(
        "".join
    ),
)
def test_simple_links_are_cleaned_as_the_general_way_cleans_them(scheme: str, host: str, rest: str) -> None:
    url = scheme + host + rest
    shortcut = epub_urls.clean_url(url, _absolute)
    with mock.patch.object(epub_urls, "_SIMPLE_URL", re.compile(r"(?!)")):
        assert epub_urls.clean_url(url, _absolute) == shortcut


def _hostile_articles() -> list[Article]:
    articles = [article(number, body) for number, body in enumerate(HOSTILE_BODIES)]
    articles += [article(20 + n, body, lang="en", categories=("Money",)) for n, body in enumerate(ENGLISH_BODIES)]
    articles.append(article(30, "<p>来源</p>", source_name="某日报", source_url="https://paper.example/a?x=1&y=2"))
    articles.append(article(31, "<p>x</p>", source_name='名<&>"\r', source_url='https://e.example/"q"'))
    articles.append(article(32, "", source_name=None, source_url="/relative/path.html", title=" \x01 "))
    articles.append(article(33, "<p>xmlns in the text</p>", source_name="  ", source_url=None))
    return articles


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_article_pages_written_as_text_are_the_pages_built_as_trees(site_root: Path, lang: str) -> None:
    def page(item: Article) -> bytes:
        return epub_pages.article_page(
            item, lang=lang, stylesheet="../style/book.css", resolve_image=lambda src: None, absolute=_absolute
        )

    for item in _hostile_articles():
        text = page(item)
        with mock.patch.object(epub_pages, "_XHTML_DIV", b"<never"):
            tree = page(item)
        assert text == tree


@pytest.mark.parametrize(
    ("html", "before"),
    [
        ("<table>x</table>", "x"),
        ("<p>a</p><table>x<tr><td>1</td></tr>y</table>", "<p>a</p>xy"),
        ("<table><tbody>z<tr><td>1</td></tr>w</tbody>v</table>", "zwv"),
        ("<table><thead>h<tr><td>1</td></tr></thead></table>", "h"),
    ],
)
def test_text_between_table_parts_goes_before_the_table(html: str, before: str) -> None:
    """Text written between a table's parts is no cell: HTML5 puts it before the table, and so does the fast path
    (before, it was dropped)."""
    fast, general = _both_ways(html)
    assert fast == general
    assert fast[0].split(">", 1)[1].split("<table", 1)[0] == before


@pytest.mark.parametrize("url", ["http://e..e", "http://a..b/x", "http://1.2.3.4/", "http://e.example./a"])
def test_a_simple_link_s_host_follows_the_general_rule(url: str) -> None:
    """A host with an empty label is no link on either path (``e..e`` once passed as an address)."""
    shortcut = epub_urls.clean_url(url, _absolute)
    with mock.patch.object(epub_urls, "_SIMPLE_URL", re.compile(r"(?!)")):
        assert epub_urls.clean_url(url, _absolute) == shortcut
    assert (shortcut is None) == (".." in url)
