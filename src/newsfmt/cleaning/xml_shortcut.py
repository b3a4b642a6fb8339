"""The shortcut for most bodies: markup that is well-formed XML, and that an HTML5 parser reads as the same tree.

Markdown renders to such markup, and so does every body newsfmt has cleaned. libxml2's XML parser reads it in C
faster than any HTML5 parser can be set up; the result is the tree Lexbor would build (a property test holds them
equal) because the shortcut gives up, returning None, at the first thing where the two could differ:

* text the two tokenizers read differently (HTML's named character references ended by ``;`` are spelt as numbers
  for XML first): comments, CDATA, doctypes, processing instructions, namespace declarations, character references
  to U+0080–U+009F (HTML maps them to Windows-1252), tabs or line breaks in attribute values, a non-void element
  written ``<p/>``, a void one with an end tag;
* an element outside the well-known set below (raw-text, form, foreign, template and legacy elements with
  parsing rules of their own are left to Lexbor), an upper-case or prefixed name;
* an element in a place the HTML5 tree builder would move it out of: asked of the parser itself, once per pair of
  names (:mod:`.html5_probe`), plus the rules that look further up than the parent (a block closing a paragraph
  open above an inline element, a link inside a link, a list item inside a list item);
* text directly in a table, its row groups or rows (HTML5 moves it before the table).

Two things the HTML5 parser does to such markup are done here too: rows written straight into a ``table`` go into
an implied ``tbody``, and a line feed right after ``<pre>`` is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.entities import html5 as html5_entities

from lxml import etree

from ..lxml_parsers import per_thread_xml_parser
from .html5_probe import VOID_ELEMENTS, closes_open_paragraph, keeps_child, stops_list_item_search

__all__ = ["drop_line_feed_after_pre", "only_void_elements_self_closed", "parse_as_xml", "tokens_agree"]

_SHORTCUT_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "figcaption",
        "figure",
        "font",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "menu",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    }
)
_TABLE_TEXTLESS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup"})
_LIST_ITEMS = frozenset({"li", "dd", "dt"})

_C1_REFERENCE = re.compile(r"&#(?:0*(?:12[89]|1[3-5][0-9])|[xX]0*[89][0-9a-fA-F]);")
_ATTRIBUTE_WHITESPACE = re.compile("=\\s*(?:\"[^\"]*|'[^']*)[\t\n\r]")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f />]*")
_VOID_END_TAG = re.compile("</(?:" + "|".join(sorted(VOID_ELEMENTS & _SHORTCUT_ELEMENTS)) + r")[\t\n\f />]")

_NAMED_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]*;)")
_XML_NAMES = frozenset({"amp;", "lt;", "gt;", "quot;", "apos;"})

# Comments and processing instructions are kept: as nodes of their own, they end the shortcut.
_xml_parser = per_thread_xml_parser(resolve_entities=False, no_network=True, huge_tree=True, collect_ids=False)


class _DiffersError(Exception):
    """The HTML5 parser could read this markup otherwise."""


def parse_as_xml(html: str) -> etree._Element | None:
    """The ``body`` element holding ``html``, when it is XML that an HTML5 parser reads as the same tree; else None.

    >>> etree.tostring(parse_as_xml("<table><tr><td>1</td></tr></table>"), encoding="unicode")
    '<body><table><tbody><tr><td>1</td></tr></tbody></table></body>'
    >>> parse_as_xml("<p>a<div>b</div></p>") is None  # the div closes the paragraph in HTML
    True
    """
    if not tokens_agree(html):
        return None
    if "&" in html:
        html = _NAMED_REFERENCE.sub(_numeric_reference, html)
    try:
        # As UTF-8 bytes: libxml2 reads them as they are, where a str of wide characters is converted first.
        body = etree.fromstring(f"<body>{html}</body>".encode(), _xml_parser())
    except (etree.XMLSyntaxError, ValueError):  # not XML (a stray "<" or "&"…), or a character XML forbids
        return None  # (UnicodeEncodeError, a lone surrogate, is a ValueError too)
    try:
        _check_children(body, None, 0, "<table" in html and _only_plain_tables(html))
    except (_DiffersError, RecursionError):  # nesting deeper than Python's stack: Lexbor reads it
        return None
    return body


def _numeric_reference(match: re.Match[str]) -> str:
    # A name the HTML standard defines, ended by ";", means the same everywhere; XML knows only five of them.
    name = match.group(1)
    value = html5_entities.get(name)
    if value is None or name in _XML_NAMES:
        return match.group(0)
    return "".join(f"&#{ord(character)};" for character in value)


def drop_line_feed_after_pre(pre: etree._Element) -> None:
    """Read a ``pre`` element parsed as XML as HTML reads it: without a line feed right after its start tag."""
    if pre.text and pre.text.startswith("\n"):
        pre.text = pre.text[1:] or None


def tokens_agree(html: str) -> bool:
    """Whether the HTML5 and XML tokenizers read the same tags and characters from ``html``, if it is XML.

    >>> tokens_agree("<p>a<br/>b</p>"), tokens_agree("<p/>a"), tokens_agree("<p>&#150;</p>")
    (True, False, False)
    """
    if "<!" in html or "xmlns" in html:  # processing instructions are nodes of their own: no shortcut
        return False
    if "&#" in html and _C1_REFERENCE.search(html):
        return False
    if "=" in html and _ATTRIBUTE_WHITESPACE.search(html):
        return False
    if "/>" in html and not only_void_elements_self_closed(html):
        return False
    # An end tag of a void element is a second element in HTML. (Upper-case names are no shortcut anyway.)
    return not ("</" in html and _VOID_END_TAG.search(html))


def only_void_elements_self_closed(html: str) -> bool:
    """Whether every tag written ``<name .../>`` in ``html`` (if it is XML) is one of a void element.

    >>> only_void_elements_self_closed('<p>a/b<br/><img src="x"/></p>'), only_void_elements_self_closed("<p/>")
    (True, False)
    """
    previous_end = 0
    end = html.find("/>")
    while end >= 0:
        # In XML no "<" stands inside a tag, so the last one before "/>" opens it; with none since the last "/>",
        # this one is text.
        start = html.rfind("<", previous_end, end)
        if start >= 0:
            name = _TAG_NAME.match(html, start + 1)
            if name is None or name.group(0) not in VOID_ELEMENTS:
                return False
        previous_end = end + 2
        end = html.find("/>", previous_end)
    return True


_PARAGRAPH, _LINK, _LIST_ITEM, _DEFINITION = 1, 2, 4, 8
"""What is open above an element (bits), as far as the rules that look past its parent care."""


def _inside(parent_name: str | None, open_above: int, name: object) -> int | None:
    """What is open inside a ``name`` child of a ``parent_name`` element with ``open_above`` open above it; None
    when the HTML5 parser would not keep such a child there."""
    if not isinstance(name, str) or name not in _SHORTCUT_ELEMENTS or not keeps_child(parent_name, name):
        return None
    if (
        (open_above & _PARAGRAPH and closes_open_paragraph(name))
        or (open_above & _LINK and name == "a")
        or (open_above & _LIST_ITEM and name == "li")
        or (open_above & _DEFINITION and name in ("dd", "dt"))
    ):
        return None  # the start tag closes an element open further up than its parent
    shielded = name not in ("address", "div", "p") and name not in VOID_ELEMENTS and stops_list_item_search(name)
    inside = 0
    if (open_above & _PARAGRAPH or name == "p") and name != "table":
        inside |= _PARAGRAPH
    if open_above & _LINK or name == "a":
        inside |= _LINK
    if name == "li" or (open_above & _LIST_ITEM and not shielded):
        inside |= _LIST_ITEM
    if name in ("dd", "dt") or (open_above & _DEFINITION and not shielded):
        inside |= _DEFINITION
    return inside


class _Transitions(dict[object, "int | None"]):
    """:func:`_inside` for the children of one kind of parent with the same things open above, computed once per
    child name."""

    __slots__ = ("open_above", "parent_name")

    def __init__(self, parent_name: str | None, open_above: int) -> None:
        super().__init__()
        self.parent_name = parent_name
        self.open_above = open_above

    def __missing__(self, name: object) -> int | None:
        value = self[name] = _inside(self.parent_name, self.open_above, name)
        return value


_TRANSITIONS: dict[tuple[str | None, int], _Transitions] = {}
_PLAIN_ATTRIBUTE_NAMES: set[str] = set()


def _transitions(parent_name: str | None, open_above: int) -> _Transitions:
    table = _TRANSITIONS.get((parent_name, open_above))
    if table is None:
        table = _TRANSITIONS[(parent_name, open_above)] = _Transitions(parent_name, open_above)
    return table


def _check_children(parent: etree._Element, parent_name: str | None, open_above: int, plain_tables: bool) -> None:
    """Raise :class:`_DiffersError` unless HTML5 keeps every child of ``parent`` where it is (and fix what it fixes).

    ``plain_tables``: every table in the markup is plain (:func:`_only_plain_tables`).
    """
    if parent_name in _TABLE_TEXTLESS:
        if parent_name == "table":
            _wrap_rows(parent)
        if not _only_whitespace(parent):
            raise _DiffersError
    transitions = _transitions(parent_name, open_above)
    for child in parent:
        name = child.tag
        inside = transitions[name]
        if inside is None:
            raise _DiffersError
        keys = child.keys()
        if keys and not _PLAIN_ATTRIBUTE_NAMES.issuperset(keys):
            _check_attribute_names(keys)
        if name == "pre":
            drop_line_feed_after_pre(child)
        if len(child):
            if name != "table" or not (plain_tables and _plain_table_kept(child, inside)):
                _check_children(child, str(name), inside, plain_tables)
        elif name in _TABLE_TEXTLESS and child.text and child.text.strip(" \t\n\f"):
            raise _DiffersError


_WS = "[ \t\n]*+"
_ATTRIBUTES = f"(?:[ \t\n]++[a-z0-9_.-]++{_WS}={_WS}(?:\"[^\"]*+\"|'[^']*+'))*+{_WS}"
_CELL = "|".join(f"<{name}{_ATTRIBUTES}>[^<]*+</{name}{_WS}>" for name in ("td", "th"))
_ROW = f"<tr{_ATTRIBUTES}>{_WS}(?:(?:{_CELL}){_WS})*+</tr{_WS}>"
_ROW_GROUP = "|".join(
    f"<{name}{_ATTRIBUTES}>{_WS}(?:{_ROW}{_WS})*+</{name}{_WS}>" for name in ("thead", "tbody", "tfoot")
)
_PLAIN_TABLE = re.compile(f"<table{_ATTRIBUTES}>{_WS}(?:(?:{_ROW_GROUP}|{_ROW}){_WS})*+</table{_WS}>")
"""A table as written that holds only row groups, rows in them (or in the table) and cells of text alone in the
rows, no text but ASCII whitespace outside its cells, and attribute names HTML reads as written: matched in C
(possessive, never backtracking), where a look at each element of a table of tens of thousands of rows is slow."""
_TABLE_START = re.compile("<table[ \t\n>]")


def _only_plain_tables(html: str) -> bool:
    """Whether every table in ``html`` (XML: each ``<table`` is a start tag) is a :data:`_PLAIN_TABLE`."""
    return all(_PLAIN_TABLE.match(html, start.start()) is not None for start in _TABLE_START.finditer(html))


def _plain_table_kept(table: etree._Element, inside: int) -> bool:
    """Whether HTML5 keeps every element of a plain ``table`` (:data:`_PLAIN_TABLE`) where it is (and its rows
    are in row groups now), proven without a look at each of them: the parser keeps each kind of child where the
    table holds it. False leaves the table to :func:`_check_children`, one element at a time."""
    groups = _transitions("table", inside)
    for group in ("thead", "tbody", "tfoot"):
        in_group = groups[group]
        in_row = None if in_group is None else _transitions(group, in_group)["tr"]
        if in_row is None or _transitions("tr", in_row)["td"] is None or _transitions("tr", in_row)["th"] is None:
            return False
    _wrap_rows(table)
    return True


def _check_attribute_names(names: Sequence[str | bytes]) -> None:
    # HTML lower-cases names (two could become one) and knows no prefixes.
    for name in names:
        if not (isinstance(name, str) and name.isascii() and name == name.lower() and ":" not in name):
            raise _DiffersError
        if "{" in name:
            raise _DiffersError
        _PLAIN_ATTRIBUTE_NAMES.add(name)


def _only_whitespace(parent: etree._Element) -> bool:
    """Whether the text directly in ``parent`` (before and between its children) is only ASCII whitespace."""
    if parent.text and parent.text.strip(" \t\n\f"):
        return False
    return all(not child.tail or not child.tail.strip(" \t\n\f") for child in parent)


def _wrap_rows(table: etree._Element) -> None:
    """Put each run of rows written straight into ``table`` into a ``tbody`` of its own, as HTML5 does.

    The whitespace after a row stays with it, inside the ``tbody``: the parser is still in the row group then.
    """
    children = list(table)
    index = 0
    while index < len(children):
        if children[index].tag != "tr":
            index += 1
            continue
        end = index
        while end < len(children) and children[end].tag == "tr":
            end += 1
        group = etree.Element("tbody")
        children[index].addprevious(group)
        group.extend(children[index:end])  # each row moves with its tail
        index = end
