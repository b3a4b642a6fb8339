"""Lists, definition lists, tables and figures repaired in place so that their children are the ones HTML5
allows (stray content wrapped, table parts put in order)."""

from __future__ import annotations

from lxml import etree

from .content_model import XHTML_PREFIX

__all__ = ["repair_container"]


def _tags(*names: str) -> frozenset[str]:
    return frozenset(XHTML_PREFIX + name for name in names)


_ITEMS, _DEFINITIONS, _ROWS, _CELLS = _tags("li"), _tags("dt", "dd"), _tags("tr"), _tags("td", "th")
"""What a list, a definition list, a row group and a row may hold, by namespaced tag (every element of a book
page is in the XHTML namespace)."""


def _wrap_strays(parent: etree._Element, allowed: frozenset[str], wrapper: str) -> None:
    """Put children (and non-blank text) that may not appear in ``parent`` (``allowed``: their namespaced tags)
    into ``wrapper`` elements; blank text between them is dropped."""
    text = parent.text
    if text is not None:
        if text.strip():
            item = etree.Element(XHTML_PREFIX + wrapper)
            item.text = text
            parent.insert(0, item)
        parent.text = None
    for child in list(parent):
        tail = child.tail
        if tail is not None:
            child.tail = None
        if child.tag not in allowed:
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
        _wrap_strays(element, _ITEMS, "li")
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
    _wrap_strays(element, _DEFINITIONS, "dd")
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
    """Rebuild ``table`` as caption, head, one body with every row, foot; rows hold only cells.

    Parts move only within the table's own document: lxml takes time that grows with the square of a subtree's
    size to detach it (tables of tens of thousands of rows exist), so a row group gives up its rows and is then
    removed empty.
    """
    first, body = _gather_rows(table)
    for name in ("caption", "thead"):
        if name in first:
            body.addprevious(first[name])
    if "tfoot" in first:
        table.append(first["tfoot"])
    if not len(body):
        table.remove(body)
    for group in table:
        if etree.QName(group).localname in _ROW_GROUPS:
            if group is not body:  # the body holds rows alone already
                _wrap_strays(group, _ROWS, "tr")
            for row in group:
                if _holds_strays(row):
                    _wrap_strays(row, _CELLS, "td")


def _gather_rows(table: etree._Element) -> tuple[dict[str, etree._Element], etree._Element]:
    """Move every row of ``table`` (each other part in a ``tr`` of its own) into one new ``tbody`` at its end; the
    first caption, head and foot stay, by name."""
    children = list(table)
    _foster_text(table, [table.text])
    table.text = None
    first: dict[str, etree._Element] = {}
    body = etree.SubElement(table, XHTML_PREFIX + "tbody")
    for child in children:
        name = etree.QName(child).localname
        tail, child.tail = child.tail, None
        if name in _ROW_GROUPS:
            texts = [child.text]
            child.text = None
            for row in child:  # one pass: row groups of tens of thousands of rows exist
                texts.append(row.tail)
                row.tail = None
            _foster_text(table, texts)
        if name in _ONE_EACH and name not in first:
            first[name] = child
        elif name in _ROW_GROUPS:
            _wrap_strays(child, _ROWS, "tr")
            body.extend(child)
            table.remove(child)
        elif name == "tr":
            body.append(child)
        else:
            etree.SubElement(body, XHTML_PREFIX + "tr").append(child)
        _foster_text(table, [tail])
    return first, body


def _foster_text(table: etree._Element, texts: list[str | None]) -> None:
    """Put the text written between a table's parts (not blank) before the table, in order, as HTML5 parsers do
    (foster parenting): no word of it is lost."""
    stray = "".join(text for text in texts if text and text.strip())
    if not stray:
        return
    before = table.getprevious()
    if before is not None:
        before.tail = (before.tail or "") + stray
        return
    parent = table.getparent()
    if parent is not None:
        parent.text = (parent.text or "") + stray


def _holds_strays(row: etree._Element) -> bool:
    """Whether ``row`` holds more than cells and blank text; the blank text is dropped (most rows: tables of
    thousands of them exist)."""
    text = row.text
    if text is not None:
        if text.strip():
            return True
        row.text = None
    for cell in row:
        if cell.tag not in _CELLS:
            return True
        tail = cell.tail
        if tail is not None:
            if tail.strip():
                return True
            cell.tail = None
    return False
