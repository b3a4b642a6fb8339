"""Any HTML fragment through Lexbor (an HTML5 parser, as browsers parse), handed on as an lxml ``body`` element.

The cleaner and the EPUB writer work on lxml trees. Lexbor builds its own; there are two ways across, with the same
result (a property test holds them equal):

* the serialisation: Lexbor writes its tree back as HTML, which for almost every post is XML once void elements
  are closed and ``&nbsp;`` is spelt as a character; lxml's XML parser reads that in C;
* the walk, for what that cannot carry (raw-text elements, SVG and MathML, namespace-like names, characters XML
  forbids): the tree copied node by node, names XML cannot hold unwrapped (their content kept).
"""

from __future__ import annotations

import re

from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..lxml_parsers import per_thread_xml_parser
from ..xmlchars import strip_invalid_xml_chars
from .html5_probe import VOID_ELEMENTS

__all__ = ["MAX_DEPTH", "parse_with_lexbor", "parse_with_lexbor_as_written"]

MAX_DEPTH = 2000
"""Elements nested deeper than this are unwrapped (their text kept): lxml's own parsers stop near 2048 levels."""

_NOT_XML_ELEMENT = re.compile(r"<(?:svg|math|template|style|script|xmp|iframe|noembed|noframes|plaintext)[\t\n\f />]")
_XML_ATTRIBUTE = re.compile(r"\sxml:")
_ATTRIBUTE_WHITESPACE = re.compile('="[^"]*[\t\n]')
_TAG_WITH_WHITESPACE = re.compile("<[^<>]*[\t\n][^<>]*>")
_VOID_START = re.compile("<(" + "|".join(sorted(VOID_ELEMENTS)) + ")((?:[\t\n\f ][^<>]*)?)>")
_NOT_NESTING = (
    VOID_ELEMENTS
    | {"p", "li", "dd", "dt", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup"}
    | {*("caption", "option", "optgroup", "rb", "rp", "rt", "rtc", "html", "head", "body")}
)
"""Elements that never nest deeper by repetition: void, or closed by the next one of their kind."""


def _any_case(name: str) -> str:
    return "".join(f"[{letter}{letter.upper()}]" if letter.isalpha() else letter for letter in name)


_NESTING_TAG = re.compile(
    r"<(/?)(?!(?:" + "|".join(map(_any_case, sorted(_NOT_NESTING))) + r")(?![A-Za-z0-9:-]))([A-Za-z][A-Za-z0-9:-]*)"
)
"""A tag of an element that may nest (the others are passed over by the regular expression engine, in C)."""
_SHALLOW_STARTS = (
    *(f"<{name}{end}" for end in "> " for name in ("td", "p", "tr", "li", "th")),
    *("<br/>", "<br>", "<img ", "<br ", "<hr/>", "<hr>", "<hr "),
)
"""Start tags, as most markup writes them, of elements that never nest deeper (counted in C, to skip the scan);
the most frequent first, as counting stops once the rest cannot nest deep enough."""
_xml_parser = per_thread_xml_parser(
    remove_comments=True,
    remove_pis=True,
    resolve_entities=False,
    no_network=True,
    huge_tree=True,  # 10 MB bodies are text too
    collect_ids=False,
)


def parse_with_lexbor(html: str, *, walk: bool = False) -> etree._Element:
    """The ``body`` element holding ``html`` as an HTML5 parser reads it in a page's body.

    Comments, processing instructions and doctypes are dropped; characters XML forbids are removed. ``walk``
    always copies the tree node by node (the reference the faster ways are tested against).

    >>> body = parse_with_lexbor("<p>a<embed src=x>b<table>c<tr><td>1</table>")
    >>> etree.tostring(body, encoding="unicode")
    '<body><p>a<embed src="x"/>b</p>c<table><tbody><tr><td>1</td></tr></tbody></table></body>'
    """
    return parse_with_lexbor_as_written(html, walk=walk)[0]


def parse_with_lexbor_as_written(html: str, *, walk: bool = False) -> tuple[etree._Element, bool]:
    """:func:`parse_with_lexbor`, and whether the tree is the markup as written: Lexbor writes it back as exactly
    the markup it read (Markdown's tables, say), so the parser reads the tree's markup back as the same tree.

    >>> parse_with_lexbor_as_written("<table>\\n<tbody>\\n<tr>\\n<td>1</td>\\n</tr>\\n</tbody>\\n</table>")[1]
    True
    >>> parse_with_lexbor_as_written("<table><tr><td>1</td></tr></table>")[1]  # the parser adds a tbody
    False
    """
    if _may_nest_too_deep(html):
        html = _shallow(html)
    parser = LexborHTMLParser(html, is_fragment=True, fragment_tag="body")
    markup = str(parser.html or "")
    body = None if walk else _via_serialisation(markup)
    if body is None:
        body = etree.Element("body")
        _walk(parser.root, body)
        return body, False
    return body, markup == html


def _may_nest_too_deep(html: str) -> bool:
    """Whether ``html`` holds more start tags than :data:`MAX_DEPTH`, not counting the most common ones of
    elements that do not nest (a long table): only then can it nest that deep."""
    starts = html.count("<") - html.count("</")
    for tag in _SHALLOW_STARTS:
        if starts <= MAX_DEPTH:
            return False
        starts -= html.count(tag)
    return starts > MAX_DEPTH


def _shallow(html: str) -> str:
    """``html`` without the start and end tags of elements nested deeper than :data:`MAX_DEPTH` (their text kept).

    HTML5 tree building checks the open elements on every tag, so its time grows with the square of the nesting
    depth (a megabyte of ``<div>`` takes minutes); deeper elements would be unwrapped anyway. The depth is counted
    as written, which is never less than the parser's.
    """
    open_names: list[tuple[str, bool]] = []  # name, and whether its tags are dropped
    dropped: list[tuple[int, int]] = []
    for match in _NESTING_TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            deep = len(open_names) >= MAX_DEPTH
            open_names.append((name, deep))
            if deep:
                dropped.append(_tag_span(html, match.start()))
        elif open_names and open_names[-1][0] == name and open_names.pop()[1]:
            dropped.append(_tag_span(html, match.start()))
    if not dropped:
        return html
    pieces, position = [], 0
    for start, end in dropped:
        pieces.append(html[position:start])
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


def _tag_span(html: str, start: int) -> tuple[int, int]:
    end = html.find(">", start)
    return start, len(html) if end < 0 else end + 1


def _via_serialisation(markup: str) -> etree._Element | None:
    """Lexbor's serialisation read as XML, or None where that would not give the very tree Lexbor built."""
    if "xml" in markup and ("xmlns" in markup or _XML_ATTRIBUTE.search(markup)):
        return None
    if _NOT_XML_ELEMENT.search(markup) or strip_invalid_xml_chars(markup) != markup:
        return None
    if "<" in markup:
        markup = _VOID_START.sub(r"<\1\2/>", markup)
        if _ATTRIBUTE_WHITESPACE.search(markup):  # XML would read a raw tab or line feed in a value as a space
            markup = _TAG_WITH_WHITESPACE.sub(_escape_whitespace, markup)
    markup = markup.replace("&nbsp;", "\xa0")
    if "\r" in markup:  # from &#13;: XML would read a raw one as a line feed
        markup = markup.replace("\r", "&#13;")
    try:
        return etree.fromstring(f"<body>{markup}</body>".encode(), _xml_parser())  # UTF-8: see parse_as_xml
    except etree.XMLSyntaxError:  # a name or comment XML does not allow, or nesting beyond libxml2's limit
        return None


def _escape_whitespace(tag: re.Match[str]) -> str:
    # Lexbor separates attributes by single spaces: a tab or line feed in a tag is in a value.
    return tag.group(0).replace("\t", "&#9;").replace("\n", "&#10;")


def _walk(first: LexborNode | None, body: etree._Element) -> None:
    """Copy ``first`` and its following siblings, with all they hold, into ``body``; iterative, for any depth."""
    stack: list[tuple[LexborNode | None, etree._Element]] = [(first, body)]
    while stack:
        node, parent = stack[-1]
        if node is None:
            stack.pop()
            continue
        stack[-1] = (node.next, parent)
        tag = node.tag
        if tag == "-text":
            _append_text(parent, node.text_content or "")
        elif tag and not tag.startswith("-"):  # not a comment or doctype
            element = _element(parent, tag, node) if len(stack) <= MAX_DEPTH else None
            stack.append((node.child, parent if element is None else element))


def _element(parent: etree._Element, tag: str, node: LexborNode) -> etree._Element | None:
    """A copy of ``node`` (without content) at the end of ``parent``; None when XML cannot name it."""
    try:
        element = etree.SubElement(parent, tag)
    except ValueError:  # "o:p", "a<b": not an XML name
        return None
    for name, value in node.attributes.items():
        try:
            element.set(name, value or "")
        except ValueError:  # an attribute name XML does not allow, or a character it forbids in the value
            continue
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    text = strip_invalid_xml_chars(text)
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
