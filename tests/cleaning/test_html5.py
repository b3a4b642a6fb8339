"""Bodies are read as an HTML5 parser (a browser) reads them: every way through the parser gives the same tree, and
cleaning loses no word a browser shows."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsfmt import clean_html
from newsfmt.cleaning.allowlist import DROPPED_ELEMENTS
from newsfmt.cleaning.lexbor_tree import parse_with_lexbor, parse_with_lexbor_as_written
from newsfmt.cleaning.nesting import has_unstable_nesting
from newsfmt.cleaning.parse import parse_fragment
from newsfmt.cleaning.raw_text import protect_unclosed_raw_text
from newsfmt.cleaning.xml_shortcut import parse_as_xml
from newsfmt.xmlchars import strip_invalid_xml_chars

from .test_properties import html_fragments

# Elements with parsing rules of their own (implied end tags, tables, formatting, void, raw text, foreign content).
TAGS = [
    "p", "div", "span", "a", "b", "i", "em", "strong", "code", "font", "nobr", "u", "s", "br", "wbr", "img", "embed",
    "source", "track", "keygen", "bgsound", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup",
    "col", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "blockquote", "pre", "listing", "section",
    "center", "figure", "figcaption", "details", "summary", "button", "form", "select", "option", "ruby", "rt", "rp",
    "svg", "math", "title", "textarea", "xmp", "style", "script", "noscript", "template", "image", "html", "body",
    "x-custom", "o:p", "sup", "q", "video", "audio", "picture", "address", "menu", "main", "nav", "tt", "big",
]  # fmt: skip
ATTRIBUTES = ["href", "class", "title", "lang", "xml:lang", "data-x", "colspan", "id"]
ATTRIBUTE_VALUES = st.sampled_from(
    ["x", "a\nb", "a\tb", "1", "", "&amp;", "&nbsp;", "<>", "'", "&QUOT;", "&not", "&copy=x"]
)
TEXT = st.text(st.sampled_from(list("ab株洲 \n\t\xa0&;#<>=\"'/")), max_size=8) | st.sampled_from(
    ["&nbsp;", "&amp;", "&#150;", "&#x85;", "&#10;", "&#13;", "\r\n", "<!-- c -->", "<!--", "<?pi x?>", "]]>",
     "&copy;", "&notin;", "&not", "&nbsp", "&NotEqualTilde;", "&LT;", "&bogus;", "&#x1F600;"]
)  # fmt: skip


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Markup of every kind: start and end tags in any order, self-closed tags, entities, stray characters."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(draw(TEXT))
        elif kind == 1:
            attributes = "".join(
                f' {name}="{value}"'
                for name, value in draw(
                    st.lists(
                        st.tuples(st.sampled_from(ATTRIBUTES), ATTRIBUTE_VALUES), max_size=2, unique_by=lambda a: a[0]
                    )
                )
            )
            parts.append(f"<{tag}{attributes}>")
        elif kind == 2:
            parts.append(f"</{tag}>")
        elif kind == 3:
            parts.append(f"<{tag}/>")
        else:
            parts.append(f"<{tag}>{draw(TEXT)}</{tag}>")
    return "".join(parts)


@st.composite
def well_formed(draw: st.DrawFn, depth: int = 0) -> str:
    """Balanced markup (XML when the text is), the kind that may take the XML shortcut."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(TEXT))
            continue
        tag = draw(st.sampled_from(TAGS))
        attribute = draw(st.sampled_from(["", ' class="x"', ' href="/a"', ' title="a&amp;b"', ' lang="zh"']))
        if draw(st.integers(0, 5)) == 0:
            parts.append(f"<{tag}{attribute}/>")
        else:
            parts.append(f"<{tag}{attribute}>{draw(well_formed(depth + 1))}</{tag}>")
    return "".join(parts)


SHORTCUT_TAGS = [
    "p", "div", "span", "a", "b", "font", "br", "wbr", "img", "embed", "hr", "ul", "li", "dl", "dd", "dt", "table",
    "caption", "colgroup", "col", "thead", "tbody", "tr", "td", "th", "h1", "h2", "pre", "section", "center", "form",
]  # fmt: skip
SHORTCUT_TEXT = st.sampled_from(["", "x", "\n", " ", "株洲", "\nx", "&nbsp;", "&amp;", "&copy;", "&#10;", "&#x85;"])


@st.composite
def shortcut_friendly(draw: st.DrawFn, depth: int = 0) -> str:
    """Balanced markup of elements the XML shortcut may take, in places HTML5 may move them out of."""
    parts: list[str] = [draw(SHORTCUT_TEXT)]
    for _ in range(draw(st.integers(0, 3 if depth < 5 else 0))):
        tag = draw(st.sampled_from(SHORTCUT_TAGS))
        attribute = draw(st.sampled_from(["", ' class="x"', ' title="&nbsp;a"']))
        if tag in ("br", "wbr", "img", "embed", "hr", "col"):
            parts.append(f"<{tag}{attribute}/>")
        else:
            parts.append(f"<{tag}{attribute}>{draw(shortcut_friendly(depth + 1))}</{tag}>")
        parts.append(draw(SHORTCUT_TEXT))
    return "".join(parts)


def _prepared(html: str) -> str:
    """The input as :func:`parse_fragment` hands it to either way through the parser."""
    html = strip_invalid_xml_chars(html).replace("\r\n", "\n").replace("\r", "\n")
    return protect_unclosed_raw_text(html)[0]


def _markup(body: etree._Element) -> str:
    return etree.tostring(body, encoding="unicode")


SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_MARKUP = shortcut_friendly() | well_formed() | tag_soup() | html_fragments()


@SETTINGS
@given(ANY_MARKUP)
@example("<table>\n<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>")
@example("<table><tbody><tr><td>1</td></tr></tbody><tr><td>2</td></tr> </table>")
@example("<li><div><li>x</li></div></li>")
@example("<p><span><div>x</div></span></p>")
@example("<a href='x'><b><a>y</a></b></a>")
@example("<pre>\n\nx</pre>")
@example("<b><b><b><b>x</b></b></b></b>")
def test_the_xml_shortcut_builds_the_html5_tree(html: str) -> None:
    html = _prepared(html)
    shortcut = parse_as_xml(html)
    if shortcut is not None:
        assert _markup(shortcut) == _markup(parse_with_lexbor(html, walk=True))


TABLE_PARTS = st.sampled_from(
    ["", "\n", " ", "x", "<tr>", "</tr>", "<td>", "<tr><td>1</td></tr>", "<caption>c</caption>", "<td/>", "&#32;"]
)
CELL_TEXT = st.sampled_from(["", "1", "行", " a ", "&amp;", "&nbsp;", "a&#10;b", "\n", "<b>x</b>", "<tr>"])
TABLE_ATTRIBUTES = st.sampled_from(["", ' align="left"', " align='right'", ' Align="x"', ' xml:lang="en"', " a = 'b'"])


@st.composite
def tables(draw: st.DrawFn) -> str:
    """Tables, most of them plain (rows of text cells, in row groups or not), some with a part where HTML5 reads
    them otherwise; in places that may close or keep them."""

    def rows() -> str:
        return "".join(
            f"<tr{draw(TABLE_ATTRIBUTES)}>{draw(TABLE_PARTS)}"
            + "".join(
                f"<{cell}{draw(TABLE_ATTRIBUTES)}>{draw(CELL_TEXT)}</{cell}>{draw(TABLE_PARTS)}"
                for cell in draw(st.lists(st.sampled_from(["td", "th"]), max_size=3))
            )
            + "</tr>"
            for _ in range(draw(st.integers(0, 3)))
        )

    parts = []
    for _ in range(draw(st.integers(0, 3))):
        group = draw(st.sampled_from(["", "thead", "tbody", "tfoot"]))
        parts.append(rows() if not group else f"<{group}>{draw(TABLE_PARTS)}{rows()}</{group}>")
        parts.append(draw(TABLE_PARTS))
    table = f"<table{draw(TABLE_ATTRIBUTES)}>{draw(TABLE_PARTS)}{''.join(parts)}</table>"
    outer = draw(st.sampled_from(["{}", "<p>{}</p>", "<a href='x'>{}</a>", "<ul><li>{}</li></ul>", "<td>{}</td>"]))
    return outer.format(table) + draw(st.sampled_from(["", table]))


@SETTINGS
@given(tables())
@example("<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>")
@example("<table><tr><td>1</td></tr>\n<tbody><tr><td>2</td></tr></tbody><tr><td>3</td></tr></table>")
@example("<table><tbody><td>1</td></tbody></table>")
@example("<table><tr><tr><td>1</td></tr></tr></table>")
@example("<table><tr>x<td>1</td></tr></table>")
def test_the_xml_shortcut_reads_tables_as_html5_does(html: str) -> None:
    # Plain tables are proven kept by one match of their markup, not a look at each element.
    shortcut = parse_as_xml(html)
    if shortcut is not None:
        assert _markup(shortcut) == _markup(parse_with_lexbor(html, walk=True))


@SETTINGS
@given(ANY_MARKUP)
@example('<p title="a\nb" class="c\td">x</p>')
@example("<svg><foreignObject/></svg><p xml:lang='en'>x</p>")
@example("<p>&#1;x</p><p title='&#2;'>y</p>")
def test_lexbor_serialisation_builds_the_walked_tree(html: str) -> None:
    html = _prepared(html)
    assert _markup(parse_with_lexbor(html)) == _markup(parse_with_lexbor(html, walk=True))


@SETTINGS
@given(ANY_MARKUP)
@example("<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n")
@example("<p>a<b>b</b></p><ul><li>x</li></ul>")
def test_markup_lexbor_writes_back_as_read_has_stable_nesting(html: str) -> None:
    # The cleaner then skips the nesting check, as for the XML shortcut's trees: it must have nothing to find.
    html = _prepared(html)
    body, as_written = parse_with_lexbor_as_written(html)
    if as_written:
        assert not has_unstable_nesting(body)
        assert str(LexborHTMLParser(html, is_fragment=True, fragment_tag="body").html) == html


def test_markdown_tables_are_read_as_written_and_rows_without_a_body_are_not() -> None:
    markdown_table = (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
    )
    assert parse_with_lexbor_as_written(markdown_table)[1]
    assert not parse_with_lexbor_as_written("<table><tr><td>1</td></tr></table>")[1]  # the parser adds a tbody
    assert not parse_with_lexbor_as_written("<p>a<div>b</div></p>")[1]


_HIDDEN = DROPPED_ELEMENTS | {"rp"}  # rp: shown only by browsers without ruby support
_SPACE = re.compile(r"\s+")


def _visible_text(node: LexborNode | None, pieces: list[str]) -> None:
    while node is not None:
        if node.tag == "-text":
            pieces.append(node.text_content or "")
        elif node.tag and not node.tag.startswith("-") and node.tag not in _HIDDEN:
            _visible_text(node.child, pieces)
        node = node.next


def _nothing_missing(reference: str, text: str) -> bool:
    """Whether ``text`` holds every character of ``reference`` as often (in any order: a table's caption is shown,
    and written, before its rows wherever it stands in the markup)."""
    return not Counter(reference) - Counter(text)


WORD = st.sampled_from(["alpha", "beta", "gamma", "株洲", "日报", "今天", "x1", "42"])
VISIBLE_TAGS = [tag for tag in TAGS if tag not in DROPPED_ELEMENTS and ":" not in tag and tag not in ("html", "body")]


@st.composite
def article_soup(draw: st.DrawFn) -> str:
    """Tag soup of elements newsfmt keeps, with words in between (nothing a boilerplate rule removes)."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 16))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(VISIBLE_TAGS))
        if kind == 0:
            parts.append(" ".join(draw(st.lists(WORD, min_size=1, max_size=3))))
        elif kind == 1:
            parts.append(f"<{tag}>")
        elif kind == 2:
            parts.append(f"</{tag}>")
        else:
            parts.append(f"<{tag}>{draw(WORD)}</{tag}>")
    return "".join(parts)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_soup())
@example("<p>a<embed src=v.swf>after</p>")
@example("<p>a<keygen>b<bgsound>c<track>d</p><table>stray<tr><td>cell</td></tr></table>")
@example("页面标题<title>标签 and more</p><p>use a <textarea> for input")
@example("<p>alpha<table><td>alpha<caption>beta</caption>")
def test_no_visible_word_is_lost(html: str) -> None:
    reference: list[str] = []
    _visible_text(LexborHTMLParser(html, is_fragment=True, fragment_tag="body").root, reference)
    expected = _SPACE.sub("", "".join(reference))
    text = _SPACE.sub("", clean_html(html).text)
    assert _nothing_missing(expected, text), (expected, text)


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>Flash video<embed src='v.swf'>below the player</p>", "below the player"),
        ("<p>a<keygen>after keygen</p>", "after keygen"),
        ("<p>a<bgsound src=x>after bgsound</p>", "after bgsound"),
        ("<p>a<track>after track</p>", "after track"),
        ("<table>stray text<tr><td>cell</td></tr></table>", "stray text"),
    ],
)
def test_words_html4_parsers_dropped_are_kept(html: str, kept: str) -> None:
    assert kept in clean_html(html).text


@pytest.mark.parametrize("tag", ["title", "textarea", "style", "script", "iframe", "noembed", "noframes"])
def test_a_tag_name_in_prose_does_not_swallow_the_post(tag: str) -> None:
    result = clean_html(f"<p>页面标题<{tag}>标签很重要。</p><p>第二段还在。</p>")
    assert result.text == f"页面标题<{tag}>标签很重要。\n\n第二段还在。"
    assert result.warnings == (f"<{tag}> is never closed: read as text",)


@pytest.mark.parametrize("tag", ["xmp", "plaintext"])
def test_what_browsers_show_of_a_raw_text_element_is_kept(tag: str) -> None:
    assert "<b>bold</b> as written" in clean_html(f"<p>use <{tag}><b>bold</b> as written").text


def test_a_closed_raw_text_element_is_markup() -> None:
    result = clean_html("<p>a<title>x</title>b</p><p>c</p>")
    assert result.text == "ab\n\nc"
    assert result.warnings == ()


def test_void_elements_hold_nothing_in_a_book_or_feed() -> None:
    body = parse_fragment("<video><source src=a.mp4>fallback</video><p>x<wbr>y</p>")
    assert _markup(body) == '<body><video><source src="a.mp4"/>fallback</video><p>x<wbr/>y</p></body>'


def test_empty_elements_are_written_so_html_parsers_read_them_closed() -> None:
    html = clean_html(
        '<p>a</p><p><a href="https://e.example/"></a></p><table><tr><td></td><td>b</td></tr></table>'
    ).html
    assert "/>" not in html.replace("<br/>", "")
    assert clean_html(html).html == html
