"""Ask the HTML5 parser itself how it nests elements, once per question, and remember the answer.

The tree-construction rules of HTML5 (which start tag closes which open element, where a table's parts may sit)
are long and change little; rather than copying them, newsfmt asks Lexbor, the HTML5 parser it reads bodies with,
whether a small piece of markup is read back exactly as written. The answers depend on element names only, so each
is computed once per process.
"""

from __future__ import annotations

from functools import cache

from selectolax.lexbor import LexborHTMLParser

__all__ = ["VOID_ELEMENTS", "closes_open_paragraph", "keeps_child", "reads_back", "stops_list_item_search"]

VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
"""Elements without content or end tag in HTML5."""

_EMPTY_IN_TABLES = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup"})
"""Elements whose text the parser moves out of the table ("foster parenting"), so a probe holds none."""

_CONTEXT = {
    "caption": ("<table>", "</table>"),
    "colgroup": ("<table>", "</table>"),
    "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"),
    "tfoot": ("<table>", "</table>"),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
}
"""What a table part needs around it to be read as one at all."""


def reads_back(markup: str) -> bool:
    """Whether the HTML5 parser reads the body fragment ``markup`` exactly as written.

    ``markup`` must be written as the HTML5 serialiser writes (void elements without end tag, lower-case names,
    nothing escaped that need not be), so that a tree that parses as written serialises back to the same string.

    >>> reads_back("<p><b>x</b></p>"), reads_back("<p><div>x</div></p>")
    (True, False)
    """
    return str(LexborHTMLParser(markup, is_fragment=True, fragment_tag="body").html or "") == markup


def _element(name: str, inner: str = "x") -> str:
    if name in VOID_ELEMENTS:
        return f"<{name}>"
    return f"<{name}>{'' if name in _EMPTY_IN_TABLES else inner}</{name}>"


@cache
def keeps_child(parent: str | None, child: str) -> bool:
    """Whether the HTML5 parser keeps a ``child`` element (with some text) inside a ``parent`` element (None: at
    the top of a body), with what a table part needs around it.

    >>> keeps_child("ul", "li"), keeps_child("p", "table"), keeps_child("tr", "td"), keeps_child("div", "td")
    (True, False, True, False)
    """
    if parent is None:
        return reads_back(_element(child))
    if parent in VOID_ELEMENTS:
        return False
    before, after = _CONTEXT.get(parent, ("", ""))
    return reads_back(f"{before}<{parent}>{_element(child)}</{parent}>{after}")


@cache
def closes_open_paragraph(name: str) -> bool:
    """Whether a ``name`` start tag closes a paragraph that is open further up (inside a ``span`` of it, say).

    >>> closes_open_paragraph("div"), closes_open_paragraph("b")
    (True, False)
    """
    return not reads_back(f"<p><span>{_element(name)}</span></p>")


@cache
def stops_list_item_search(name: str) -> bool:
    """Whether an open ``name`` element shields an outer ``li`` (or ``dd``/``dt``) from being closed by a new one.

    >>> stops_list_item_search("section"), stops_list_item_search("div"), stops_list_item_search("span")
    (True, False, False)
    """
    return reads_back(f"<li><{name}><li>x</li></{name}></li>") and reads_back(f"<dd><{name}><dd>x</dd></{name}></dd>")
