"""Lists, definition lists, tables and figures repaired in place so that their children are the ones HTML5
allows (stray content wrapped, table parts put in order)."""

from __future__ import annotations

from lxml import etree

from .content_model import XHTML_PREFIX

__all__ = ["repair_container"]


def _wrap_strays(parent: etree._Element, allowed: frozenset[str], wrapper: str) -> None:
    """Put children (and non-blank text) that may not appear in ``parent`` into ``wrapper`` elements."""
    if parent.text and parent.text.strip():
        item = etree.Element(XHTML_PREFIX + wrapper)
        item.text = parent.text
        parent.insert(0, item)
    parent.text = None
    for child in list(parent):
        tail = child.tail
        child.tail = None
        if etree.QName(child).localname not in allowed:
            item = etree.Element(XHTML_PREFIX + wrapper)
            child.addprevious(item)
            item.append(child)
            child = item
        if tail and tail.strip():
            item = etree.Element(XHTML_PREFIX + wrapper)
            item.text = tail
            child.addnext(item)


def repair_container(element: etree._Element, tag: str) -> None:
    """Give a list, definition list, table or figure (named ``tag`` in the book) the children HTML5 allows it."""
    if tag in ("ul", "ol"):
        _wrap_strays(element, frozenset({"li"}), "li")
    elif tag == "dl":
        _repair_definition_list(element)
    elif tag == "table":
        _repair_table(element)
    elif tag == "figure":
        captions = [child for child in element if etree.QName(child).localname == "figcaption"]
        for caption in captions:
            if (caption is not element[0] and caption is not element[-1]) or caption is not captions[0]:
                caption.tag = XHTML_PREFIX + "div"


def _repair_definition_list(element: etree._Element) -> None:
    """Keep a ``dl`` whose groups each start with a term; anything else becomes plain blocks."""
    _wrap_strays(element, frozenset({"dt", "dd"}), "dd")
    names = [etree.QName(child).localname for child in element]
    if names and names[0] == "dt" and names[-1] == "dd":
        return
    element.tag = XHTML_PREFIX + "div"
    for child in element:
        child.tag = XHTML_PREFIX + ("p" if etree.QName(child).localname == "dt" else "div")


_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_ONE_EACH = frozenset({"caption", "thead", "tfoot"})
"""Table parts kept once (the first); later ones give up their rows to the body."""


def _repair_table(table: etree._Element) -> None:
    """Rebuild ``table`` as caption, head, one body with every row, foot; rows hold only cells."""
    first, rows = _take_table_parts(table)
    table.text = None
    for name in ("caption", "thead"):
        if name in first:
            table.append(first[name])
    if rows:
        body = etree.SubElement(table, XHTML_PREFIX + "tbody")
        body.extend(rows)
    if "tfoot" in first:
        table.append(first["tfoot"])
    for group in table:
        if etree.QName(group).localname in _ROW_GROUPS:
            _wrap_strays(group, frozenset({"tr"}), "tr")
            for row in group:
                _wrap_strays(row, frozenset({"td", "th"}), "td")


def _take_table_parts(table: etree._Element) -> tuple[dict[str, etree._Element], list[etree._Element]]:
    """Empty ``table``: the first caption, head and foot by name, and every other row (in a ``tr`` each)."""
    first: dict[str, etree._Element] = {}
    rows: list[etree._Element] = []
    children = list(table)
    for child in children:
        table.remove(child)
    for child in children:
        name = etree.QName(child).localname
        child.tail = None
        if name in _ONE_EACH and name not in first:
            first[name] = child
        elif name in _ROW_GROUPS:
            _wrap_strays(child, frozenset({"tr"}), "tr")
            rows.extend(child)
        elif name == "tr":
            rows.append(child)
        else:
            row = etree.Element(XHTML_PREFIX + "tr")
            row.append(child)
            rows.append(row)
    return first, rows
