"""The allow-list (:mod:`.allowlist`) applied to a parsed body, with the hidden-element and selector rules.

Work is one pass over the tree plus two C-level calls (``strip_elements``, ``strip_tags``); none when the markup
the body was parsed from proves there is nothing to do (:data:`_ONLY_PLAIN_KEPT_TAGS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import cast

from lxml import etree

from .allowlist import ALLOWED_ELEMENTS, DROPPED_ELEMENTS, RENAMED_ELEMENTS, URL_ATTRIBUTES, Check
from .links import absolute_srcset, safe_url
from .rules import CompiledRules

__all__ = ["DROP", "MAX_OUTPUT_DEPTH", "UNWRAP", "sanitize"]

DROP = "newsfmt-drop"
"""Temporary tag of elements to remove with their content."""
UNWRAP = "newsfmt-unwrap"
"""Temporary tag of elements to replace by their content."""
MAX_OUTPUT_DEPTH = 100
"""Elements nested deeper are unwrapped, so that consumers' XML parsers (limit 256) read the output."""

_TOO_DEEP = etree.XPath("/".join(["*"] * MAX_OUTPUT_DEPTH))
"""The outermost elements deeper than ``MAX_OUTPUT_DEPTH`` (``body`` counts as the first level)."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MEDIA = frozenset({"img", "source"})
_KEPT_AS_IS = frozenset(ALLOWED_ELEMENTS) - {"a", "span", "img"}
"""Allowed elements that, without attributes, stay as they are (a needs href, span an attribute, img src)."""
_COMMON_FIRST = ("td", "tr", "th", "p", "li")  # tried first at each "<": most tags of long bodies
_ONLY_PLAIN_KEPT_TAGS = re.compile(
    "<(?!/?(?:" + "|".join([*_COMMON_FIRST, *sorted(_KEPT_AS_IS - set(_COMMON_FIRST))]) + ")(?: ?/)?>)"
)
"""A "<" in markup that does not start a start or end tag of a :data:`_KEPT_AS_IS` element without attributes
(``<p>``, ``</p>``, ``<br/>``, ``<br />``). Markup with none has no element of another name, no attribute, comment
or processing instruction (each starts with "<"), and an HTML5 parser only adds such elements to it (``tbody``,
``tr``, ``p``, ``colgroup``, clones of formatting elements, all without attributes): the allow-list leaves its tree
as it is. Searched in C, several times faster than a look at each element (a long table)."""


def sanitize(
    body: etree._Element,
    rules: CompiledRules,
    base_url: str | None,
    *,
    large: bool = False,
    markup: str | None = None,
) -> bool:
    """Apply the allow-list, the hidden-element and selector rules, and absolute links, in place (``large``: the
    body is large, a long table, and the selectors run only where it holds elements they start with; ``markup``:
    the markup the body was parsed from, when known, which may prove that no element needs a look).

    Returns whether some element was unwrapped or renamed (only then can an element land in a parent
    that the HTML parser would not accept it in: a ``section`` that became a ``div`` inside a ``p``;
    see :mod:`.nesting`).
    """
    marked = _mark_rule_matches(body, rules, large=large)
    body.attrib.clear()
    if not marked and markup is not None and _ONLY_PLAIN_KEPT_TAGS.search(markup) is None:
        return _flatten_deep(body) and _strip_marked(body)
    return _walk(body, rules, base_url)


def _walk(body: etree._Element, rules: CompiledRules, base_url: str | None) -> bool:
    """:func:`sanitize` one element at a time (rule matches already marked)."""
    remove_hidden = rules.rules.remove_hidden
    count = 0
    renamed_any = False
    retagged: list[tuple[etree._Element, str]] = []
    for element in body.iterdescendants():
        count += 1
        if element.tag in _KEPT_AS_IS and not element.attrib:
            continue  # the common case (p, strong, li, td …): nothing to check
        new_tag, renamed = _sanitize_element(element, base_url, remove_hidden=remove_hidden)
        renamed_any = renamed_any or renamed
        if new_tag is not None:
            retagged.append((element, new_tag))
    _retag(retagged)
    if count > MAX_OUTPUT_DEPTH:  # only then can the tree be that deep
        _flatten_deep(body)
    return _strip_marked(body) or renamed_any


def _mark_rule_matches(body: etree._Element, rules: CompiledRules, *, large: bool) -> bool:
    """Mark what the user's selectors remove (``DROP``) or unwrap (``UNWRAP``), removing wins; return whether
    any element was marked."""
    marked = False
    if rules.remove is not None:
        for element in rules.remove(body, look_first=large):
            element.tag = DROP
            marked = True
    if rules.unwrap is not None:
        for element in rules.unwrap(body, look_first=large):
            if element.tag != DROP:
                element.tag = UNWRAP
                marked = True
    return marked


def _sanitize_element(element: etree._Element, base_url: str | None, *, remove_hidden: bool) -> tuple[str | None, bool]:
    """Clean the attributes of ``element``; return the tag it is to get (``DROP``, ``UNWRAP``, a new name, or
    None to keep its own) and whether it was renamed."""
    tag = element.tag
    if tag == DROP:
        return None, False
    attrib = element.attrib
    if not isinstance(tag, str) or tag in DROPPED_ELEMENTS or (remove_hidden and attrib and _is_hidden(attrib)):
        return DROP, False
    if tag == UNWRAP:
        return None, False
    allowed = ALLOWED_ELEMENTS.get(tag)
    new_tag = None
    if allowed is None:
        new_tag = RENAMED_ELEMENTS.get(tag)
        if new_tag is None:
            return UNWRAP, False
        tag = new_tag
        allowed = ALLOWED_ELEMENTS[new_tag]
    if attrib:
        _clean_attributes(attrib, allowed, base_url, tag in _MEDIA)
    renamed = new_tag is not None
    if (tag == "a" and "href" not in attrib) or (tag == "span" and not attrib):
        return UNWRAP, renamed
    if tag == "img" and "src" not in attrib:
        return DROP, renamed
    return new_tag, renamed


def _retag(retagged: list[tuple[etree._Element, str]]) -> None:
    # After the walk, not during it: lxml's iterator takes longer to step past an element renamed since it was
    # yielded, the deeper the element is (quadratic for a chain of 2,000 nested unwrapped spans).
    for element, tag in retagged:
        element.tag = tag


def _strip_marked(body: etree._Element) -> bool:
    """Remove the elements marked ``DROP`` (with their content) and ``UNWRAP`` (keeping it); return whether some
    element was unwrapped."""
    etree.strip_elements(body, DROP, with_tail=False)
    unwrapped = next(body.iter(UNWRAP), None) is not None
    if unwrapped:
        etree.strip_tags(body, UNWRAP)
    return unwrapped


def _flatten_deep(body: etree._Element) -> bool:
    """Mark ``UNWRAP`` the elements deeper than :data:`MAX_OUTPUT_DEPTH`; return whether there were any."""
    # XML parsers refuse documents deeper than 256 levels: keep the text, lose the extra structure.
    # libxml2 finds the elements that deep level by level, in C, instead of a walk through every element.
    too_deep = cast(list[etree._Element], _TOO_DEEP(body))
    for deep in too_deep:
        _retag([(element, UNWRAP) for element in deep.iter() if element.tag != DROP])
    return bool(too_deep)


def _is_hidden(attrib: etree._Attrib) -> bool:
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def _clean_attributes(attrib: etree._Attrib, allowed: Mapping[str, Check], base_url: str | None, media: bool) -> None:
    for key, value in list(attrib.items()):
        name = str(key)
        value = str(value)
        check = allowed.get(name)
        kept = check(value) if check is not None else None
        if kept is not None and name in URL_ATTRIBUTES:
            if name == "srcset":
                kept = absolute_srcset(kept, base_url)
            else:
                kept = safe_url(kept, base_url, image=media and name == "src")
        if kept is None:
            del attrib[name]
        elif kept != value:
            attrib[name] = kept
