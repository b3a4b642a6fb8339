"""Boilerplate: empty wrappers, blocks matching the user's patterns, and the trailing furniture of news posts.

The trailing rules look at the last block of the body (descending into wrapper ``div``\\ s), from the end:
a navigation block (``返回…｜返回首页``), a lone URL (the original article, kept as ``source_url``, unless the
paragraph before it ends with a colon and so introduces it) and a source line (``（文章来源：X）``, kept as
``source_name``), in any order, until none applies.
"""

from __future__ import annotations

import re

from lxml import etree

from .allowlist import ALLOWED_ELEMENTS, VOID_ELEMENTS
from .links import safe_url
from .parse import text_content
from .rules import CompiledRules
from .sanitize import DROP
from .whitespace import collapse

__all__ = ["Trailing", "drop_empty", "drop_matching_blocks", "take_trailing"]

_BLANK = " \t\n\r\f\u00a0\u3000\u200b"
_KEEP_EMPTY = VOID_ELEMENTS | {
    "td",
    "th",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "table",
    "colgroup",
    "video",
    "audio",
    "picture",
}
_KEPT_ANYWAY = _KEEP_EMPTY - {"br"}
"""What :func:`drop_empty` passes over: a line break alone does not make its parent worth keeping."""
_MAY_GO = tuple(sorted(set(ALLOWED_ELEMENTS) - _KEPT_ANYWAY))
_URL_TEXT = re.compile(r"<?((?:https?:)?//[^\s<>]+)>?")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "figcaption", "pre")
_BLOCK_SET = frozenset(_BLOCKS)
_MEDIA = frozenset({"img", "video", "audio", "picture", "table"})
_LONGEST_FURNITURE = 2000


class Trailing:
    """What the trailing rules took out."""

    __slots__ = ("source_name", "source_url")

    def __init__(self) -> None:
        self.source_url: str | None = None
        self.source_name: str | None = None


def _text_of(element: etree._Element) -> str:
    return collapse(text_content(element)).strip(_BLANK)


def drop_empty(body: etree._Element, *, large: bool = False) -> None:
    """Remove elements with nothing to show (bottom up, so wrappers of empties go too) from a sanitised body.

    Non-void elements that stay empty get an empty text, so that they serialise as ``<p></p>``, which
    HTML parsers read back the same, rather than ``<p/>``. (Of those kept empty, ``td``, ``tr``…, the
    serialiser takes care: they are passed over, a table of 80,000 rows has 240,000 of them.) For a ``large``
    body, lxml passes over them in C: its tag filter costs more to set up than it saves on an ordinary post.
    """
    empty: set[etree._Element] = set()
    dropped = False
    elements = body.iterdescendants(*_MAY_GO) if large else body.iterdescendants()
    # Children come before their parent, so a parent sees which of them are empty. The tests are ordered
    # by cost.
    for element in reversed(list(elements)):
        tag = element.tag
        if tag in _KEPT_ANYWAY:
            continue
        if len(element) == 0:
            text = element.text
            if text and (text[0] not in _BLANK or text.strip(_BLANK)):
                continue
            if tag == "br":
                empty.add(element)  # a break alone does not make its parent worth keeping
                continue
        elif not empty:
            continue  # no child of it is empty, so it holds something to show
        elif not _holds_only_empty(element, empty):
            if element.text is None and all(child.tag == DROP for child in element):
                element.text = ""
            continue
        empty.add(element)
        element.tag = DROP
        dropped = True
    if dropped:
        etree.strip_elements(body, DROP, with_tail=False)


def _holds_only_empty(element: etree._Element, empty: set[etree._Element]) -> bool:
    """Whether ``element`` may go: it is not kept empty, and its text, children and their tails show nothing."""
    text = element.text
    return (
        element.tag not in _KEEP_EMPTY
        and not (text and text.strip(_BLANK))
        and all(child in empty and not (child.tail and child.tail.strip(_BLANK)) for child in element)
    )


def drop_matching_blocks(body: etree._Element, rules: CompiledRules) -> None:
    """Remove every block whose whole text matches one of the user's ``remove_patterns``."""
    if not rules.remove_patterns:
        return
    for element in body.iter(*_BLOCKS):
        if element.tag == DROP:
            continue
        text = _text_of(element)
        if text and any(pattern.fullmatch(text) for pattern in rules.remove_patterns):
            element.tag = DROP
    etree.strip_elements(body, DROP, with_tail=False)


def _last_child(element: etree._Element) -> etree._Element | None:
    # Not len(element): lxml counts the children one by one, and the trailing rules ask once per block removed.
    try:
        return element[-1]
    except IndexError:
        return None


def _last_block(body: etree._Element) -> etree._Element | None:
    node = body
    while True:
        last = _last_child(node)
        if last is None:
            return None if node is body else node
        if (last.tail and last.tail.strip(_BLANK)) or not isinstance(last.tag, str):
            return None if node is body else node  # loose text after it: the text is the last thing
        if last.tag == "div" and _last_child(last) is not None and not (last.text and last.text.strip(_BLANK)):
            node = last
            continue
        if last.tag not in _BLOCK_SET:
            return None if node is body else node
        return last


def _previous_block(element: etree._Element) -> etree._Element | None:
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return previous


def _lone_url(element: etree._Element, text: str, base_url: str | None) -> str | None:
    match = _URL_TEXT.fullmatch(text)
    if match is None or next(element.iter("img"), None) is not None:
        return None
    hrefs = {link.get("href") for link in element.iter("a")}
    hrefs.discard(None)
    if len(hrefs) > 1:
        return None
    raw = hrefs.pop() if hrefs else match.group(1)
    return safe_url(raw or match.group(1), base_url)


def _is_navigation(element: etree._Element, text: str, rules: CompiledRules) -> bool:
    if rules.nav_link is None or _last_child(element) is None:
        return False  # (a block of text alone, the common case, holds no link)
    links = list(element.iter("a"))
    if not links:
        return False
    rest = text
    for link in links:
        label = _text_of(link)
        if not label or not rules.nav_link.fullmatch(label):
            return False
        rest = rest.replace(label, "", 1)
    return all(char in rules.separators for char in rest) and next(element.iter(*_MEDIA), None) is None


class _RemovedTails:
    """The tail text of removed blocks, kept in place: at the end of what their parent still holds.

    Only blank text is ever moved (a block followed by loose text is never removed), so it is written once at
    the end instead of after every block: a body ending in thousands of navigation lines would otherwise build
    a longer and longer string, and test it for blankness, once per line.
    """

    __slots__ = ("_by_parent",)

    def __init__(self) -> None:
        self._by_parent: dict[etree._Element, list[str]] = {}
        """Per parent, the tails of its removed children, last removed last (so in reverse document order)."""

    def detach(self, element: etree._Element) -> etree._Element | None:
        """Remove an element but keep its tail text in place; return its former parent."""
        parent = element.getparent()
        if parent is None:
            return None
        self._by_parent.pop(element, None)  # what was moved inside it goes with it
        if element.tail:
            self._by_parent.setdefault(parent, []).append(element.tail)
        parent.remove(element)
        return parent

    def write(self) -> None:
        """Put the tails where the last of each parent's remaining children ends (or in its text)."""
        for parent, tails in self._by_parent.items():
            moved = "".join(reversed(tails))
            last = _last_child(parent)
            if last is not None:
                last.tail = (last.tail or "") + moved
            else:
                parent.text = (parent.text or "") + moved


def _remove(element: etree._Element, body: etree._Element, tails: _RemovedTails) -> None:
    parent = tails.detach(element)
    while parent is not None and parent is not body and _shows_nothing(parent):
        parent = tails.detach(parent)


def _shows_nothing(element: etree._Element) -> bool:
    """Whether a wrapper left behind holds no text and nothing but line breaks, as :func:`drop_empty` judges:
    removing its last block must leave what cleaning the result again would leave."""
    if element.tag in _KEEP_EMPTY or (element.text or "").strip(_BLANK):
        return False
    # From the end, where the blocks still to be removed are: a wrapper rarely ends in a break.
    children = element.iterchildren(reversed=True)
    return all(child.tag == "br" and not (child.tail or "").strip(_BLANK) for child in children)


def take_trailing(body: etree._Element, rules: CompiledRules, base_url: str | None, *, cjk: bool) -> Trailing:
    """Remove trailing navigation, a lone source URL and a source line; report what they named.

    ``cjk`` says whether the post is Chinese, Japanese or Korean (see ``trailing_url_cjk_only``).
    """
    found = Trailing()
    tails = _RemovedTails()
    while (last := _last_block(body)) is not None and _take_block(last, rules, base_url, found, cjk=cjk):
        _remove(last, body, tails)
    tails.write()
    return found


def _take_block(
    last: etree._Element, rules: CompiledRules, base_url: str | None, found: Trailing, *, cjk: bool
) -> bool:
    """Whether the last block is furniture (navigation, a lone source URL, a source line); note what it names."""
    settings = rules.rules
    text = _text_of(last)
    if len(text) > _LONGEST_FURNITURE:
        return False  # an article paragraph: none of the furniture is this long
    if settings.trailing_navigation and _is_navigation(last, text, rules):
        return True
    if settings.trailing_url and (cjk or not settings.trailing_url_cjk_only):
        url = _lone_url(last, text, base_url)
        if url is not None and _may_take_url(last):
            if found.source_url is None:
                found.source_url = url
            return True
    name = _source_name(text, rules)
    if name is not None:
        if found.source_name is None:
            found.source_name = name
        return True
    return False


_INTRODUCES = (":", "：")
"""How a paragraph that introduces the next one ends ("Read the report here:")."""


def _may_take_url(last: etree._Element) -> bool:
    # Two lone URLs in a row are a list of links, not the source of the article; a URL that a paragraph ending in
    # a colon introduces is what that paragraph points at, content too.
    previous = _previous_block(last)
    if previous is None:
        return True
    text = _text_of(previous)
    return not text.endswith(_INTRODUCES) and _lone_url(previous, text, None) is None


def _source_name(text: str, rules: CompiledRules) -> str | None:
    for pattern in rules.source_patterns:
        match = pattern.fullmatch(text)
        if match is not None:
            name = (match.group("name") or "").strip(_BLANK)
            if name:
                return name
    return None
