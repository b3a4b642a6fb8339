"""The fast way through the rules, for fragments that are well-formed XML and that the HTML5 parser would read
as the very same tree (what newsfmt's cleaner writes): one XML parse straight into the XHTML namespace, then the
rules applied in place, touching only what they change. It gives up (None) at the first thing it is not sure of.
"""

from __future__ import annotations

from lxml import etree

from ...cleaning.html5_probe import VOID_ELEMENTS, keeps_child
from ...cleaning.xml_shortcut import drop_line_feed_after_pre, tokens_agree
from ...lxml_parsers import per_thread_xml_parser
from .attributes import AttributeItems, set_attributes
from .containers import repair_container
from .content_model import (
    ALLOWED_ATTRS,
    BLOCK,
    DROP,
    KNOWN,
    MEDIA,
    PHRASING_PARENTS,
    RENAME,
    VALID_PARENTS,
    XHTML_NS,
    XHTML_PREFIX,
)
from .context import ConversionContext
from .general_path import image_parts
from .urls import clean_url

__all__ = ["fast_fragment"]

# The fast path. A fragment takes it only when all of these hold, so that parsing it as XML gives the tree the
# HTML5 parser of the general path would give (asked of the parser itself, see ``html5_probe.keeps_child``):
# - the two tokenizers read the same tags and characters (``xml_shortcut.tokens_agree``: no comment, CDATA,
#   doctype, processing instruction or namespace declaration, no ``<p/>``, no reference HTML maps otherwise…);
# - it parses as XML (so every entity is one of XML's five and the markup is balanced);
# - every element is one of ``_FAST_TAGS`` (none whose content HTML reads as raw text), void elements are empty,
#   every attribute name is lower case without a prefix, and every element sits in a parent that the HTML5
#   parser keeps it in;
# - the rules would keep the structure as it is: nothing to unwrap (unknown elements, blocks in phrasing content,
#   links in links, list items or cells out of place), only ``source`` to drop.
# Containers (lists, tables, figures) are then repaired by the same functions as on the general path.

_FAST_TAG_NAMES = KNOWN | {"source"} | {name for name in RENAME if name not in ("listing", "xmp", "plaintext")}
_FAST_TAGS = {XHTML_PREFIX + name: (name, RENAME.get(name, name)) for name in _FAST_TAG_NAMES}
"""Namespaced name → (name in the source, name in the book)."""
_CONTAINERS = frozenset({"ul", "ol", "dl", "table", "figure"})
_PLAIN_ATTR_NAMES = frozenset().union(*ALLOWED_ATTRS.values(), {"src", "srcset", "datetime", "type"})
_FAST_SOURCE = XHTML_PREFIX + "source"
_xml_parser = per_thread_xml_parser(resolve_entities=False, no_network=True, collect_ids=False, encoding="utf-8")
_FRAGMENT_START = f'<div xmlns="{XHTML_NS}">'.encode()


class _NotSimpleError(Exception):
    """The fragment is not one the fast path is sure about."""


def fast_fragment(html: str, context: ConversionContext) -> etree._Element | None:
    """The converted fragment, when the fast path applies to ``html``; else None (``context`` may be spent)."""
    if not tokens_agree(html):
        return None
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    try:
        root = etree.fromstring(_FRAGMENT_START + data + b"</div>", _xml_parser())
    except etree.XMLSyntaxError:  # not XML, or a character XML forbids (C0 controls, U+FFFE, U+FFFF)
        return None
    try:
        _fast_children(root, _actions(None, False, False), context)
    except _NotSimpleError:
        return None
    return root


_PLAIN, _KEEP, _DROP_IT, _IMAGE, _MEDIA = range(5)  # _PLAIN: kept as it is (most elements)
_FastAction = tuple[int, str, str, bool, bool, bool, "_Actions | None"]
"""What to do with a child element: kind, its name in the source, its tag in the book, whether it is renamed, a
container to repair, a void element, and the actions for its own children (when kept)."""


class _Actions(dict[str, "_FastAction | None"]):
    """The actions for the children of one kind of element, by their namespaced tag (None: not simple); filled
    on first sight of each tag, so the fast path costs one dict lookup per element."""

    __slots__ = ("in_link", "parent", "phrasing")

    def __init__(self, parent: str | None, phrasing: bool, in_link: bool) -> None:
        super().__init__()
        self.parent = parent
        self.phrasing = phrasing
        self.in_link = in_link

    def __missing__(self, tag: str) -> _FastAction | None:
        action = self[tag] = _fast_action(self.parent, tag, self.phrasing, self.in_link)
        return action


_ACTION_TABLES: dict[tuple[str | None, bool, bool], _Actions] = {}


def _actions(parent: str | None, phrasing: bool, in_link: bool) -> _Actions:
    """The actions for the children of a ``parent`` element (None: the fragment) in the given context."""
    key = (parent, phrasing, in_link)
    table = _ACTION_TABLES.get(key)
    if table is None:
        table = _ACTION_TABLES[key] = _Actions(parent, phrasing, in_link)
    return table


def _fast_action(parent_name: str | None, child: str, phrasing: bool, in_link: bool) -> _FastAction | None:
    """What the rules do with an element ``child`` (namespaced) in a ``parent_name`` element; None: not simple."""
    names = _FAST_TAGS.get(child)
    if names is None:
        return None
    name, tag = names
    if not keeps_child(parent_name, name):
        return None
    void = name in VOID_ELEMENTS
    if tag in DROP:
        return (_DROP_IT, name, tag, False, False, void, None)
    if tag == "img":
        return (_IMAGE, name, tag, False, False, void, None)
    if tag in MEDIA:
        return (_MEDIA, name, tag, False, False, void, None)
    parent_tag = "div" if parent_name is None else RENAME.get(parent_name, parent_name)
    valid_parents = VALID_PARENTS.get(tag)
    if valid_parents is not None and parent_tag not in valid_parents:
        return None
    if (phrasing and tag in BLOCK) or (in_link and tag == "a"):
        return None
    children = _actions(name, phrasing or tag in PHRASING_PARENTS, in_link or tag == "a")
    renamed, container = tag != name, tag in _CONTAINERS
    kind = _KEEP if renamed or container or void else _PLAIN
    return (kind, name, tag, renamed, container, void, children)


def _fast_children(parent: etree._Element, actions: _Actions, context: ConversionContext) -> None:
    """Apply the rules in place to the children of ``parent``, whose ``actions`` say what becomes of each."""
    for child in parent:  # lxml finds the next child before handing this one out: replacing it is safe
        action = actions[child.tag]
        if action is None:
            raise _NotSimpleError
        if action[1] == "pre":
            drop_line_feed_after_pre(child)
        if action[0]:  # not _PLAIN
            _fast_other(child, action, actions.in_link, context)
            continue
        items = child.items()  # _PLAIN, the common case, kept inline
        if items:
            _check_attribute_names(items)
            child.attrib.clear()
            set_attributes(items, child, action[2], context)
        if len(child):
            _fast_children(child, action[6], context)  # type: ignore[arg-type]


def _fast_other(child: etree._Element, action: _FastAction, in_link: bool, context: ConversionContext) -> None:
    """Apply the rules to an element that is not kept as it is: replaced, dropped, renamed, a container or void."""
    kind, name, tag, renamed, container, void, children = action
    if void and (child.text is not None or len(child)):
        raise _NotSimpleError
    items = child.items()
    if items:
        _check_attribute_names(items)
    if kind == _IMAGE:
        _fast_image(child, items, context, in_link=in_link)
    elif kind == _MEDIA:
        _fast_media(child, name, context, in_link=in_link)
    elif kind == _DROP_IT:
        _replace(child, None, None)
    else:
        _fast_keep(child, tag, items, children, context, renamed=renamed, container=container)


def _fast_keep(
    child: etree._Element,
    tag: str,
    items: AttributeItems,
    children: _Actions | None,
    context: ConversionContext,
    *,
    renamed: bool,
    container: bool,
) -> None:
    """Keep ``child`` as a ``tag`` with its allowed ``items``, its children converted, and, for a container,
    repaired."""
    if renamed:
        child.tag = XHTML_PREFIX + tag
    if items:
        child.attrib.clear()
        set_attributes(items, child, tag, context)
    if len(child):
        assert children is not None
        _fast_children(child, children, context)
    if container:
        repair_container(child, tag)


def _check_attribute_names(items: AttributeItems) -> None:
    # The HTML parser lower-cases names (two could become one) and knows no prefixes.
    for name, _ in items:
        if name not in _PLAIN_ATTR_NAMES and (":" in name or not name.isascii() or name != name.lower()):
            raise _NotSimpleError


def _replace(element: etree._Element, text: str | None, href: str | None) -> None:
    """Put ``text`` (a link to ``href`` when given) where ``element`` is, keeping what follows it."""
    parent = element.getparent()
    assert parent is not None
    tail = element.tail
    if href is not None:
        # Made in this document, so it shares its namespace declaration.
        link = etree.SubElement(parent, XHTML_PREFIX + "a")
        link.set("href", href)
        link.text = text
        parent.replace(element, link)
        link.tail = tail
        return
    text = (text or "") + (tail or "")
    previous = element.getprevious()
    parent.remove(element)  # with its tail, which is in ``text``
    if not text:
        return
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


def _fast_link_or_text(
    element: etree._Element, text: str, url: str | None, context: ConversionContext, *, in_link: bool
) -> None:
    href = clean_url(url, context.absolute) if url else None
    if href is None or in_link:
        _replace(element, text, None)
    else:
        _replace(element, text, href)


def _fast_image(element: etree._Element, items: AttributeItems, context: ConversionContext, *, in_link: bool) -> None:
    src, alt, href = image_parts(element, context)
    if href is None:
        if src or alt:
            _fast_link_or_text(element, alt or f"[{context.labels.image}]", src or None, context, in_link=in_link)
        else:
            _replace(element, None, None)
        return
    element.attrib.clear()
    element.set("src", href)
    element.set("alt", alt)
    set_attributes(items, element, "img", context)


def _fast_media(element: etree._Element, name: str, context: ConversionContext, *, in_link: bool) -> None:
    for child in element:
        if child.tag != _FAST_SOURCE or not keeps_child(name, "source") or child.text is not None or len(child):
            raise _NotSimpleError
        _check_attribute_names(child.items())
    src = element.get("src") or next((str(s.get("src")) for s in element if s.get("src")), None)
    if src:
        _fast_link_or_text(element, f"[{context.labels.media}]", src, context, in_link=in_link)
    else:
        _replace(element, None, None)
