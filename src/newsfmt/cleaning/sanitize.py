"""The allow-list: which elements and attributes survive, and what becomes of the others.

Elements fall in four groups: allowed (kept, with their allowed attributes), renamed (sectioning and
legacy blocks become ``div`` so paragraphs stay apart), dropped with their content (script, style,
embedded content, forms' controls …) and everything else, unwrapped (the content stays, the tag goes).
Work is one pass over the tree plus two C-level calls (``strip_elements``, ``strip_tags``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from lxml import etree

from .links import absolute_srcset, safe_url
from .rules import CompiledRules

__all__ = ["DROP", "MAX_OUTPUT_DEPTH", "UNWRAP", "VOID", "sanitize"]

DROP = "newsfmt-drop"
"""Temporary tag of elements to remove with their content."""
UNWRAP = "newsfmt-unwrap"
"""Temporary tag of elements to replace by their content."""
MAX_OUTPUT_DEPTH = 100
"""Elements nested deeper are unwrapped, so that consumers' XML parsers (limit 256) read the output."""

_DIGITS = re.compile(r"\s*(\d{1,5})\s*(?:px)?\s*")
_INTEGER = re.compile(r"\s*(-?\d{1,6})\s*")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,6}")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _words(names: str) -> list[str]:
    return names.split()


def _digits(value: str) -> str | None:
    match = _DIGITS.fullmatch(value)
    return match.group(1) if match else None


def _span(value: str) -> str | None:
    match = _DIGITS.fullmatch(value)
    return match.group(1) if match and 0 < int(match.group(1)) <= 1000 else None


def _integer(value: str) -> str | None:
    match = _INTEGER.fullmatch(value)
    return match.group(1) if match else None


def _text(value: str) -> str | None:
    return value


def _lang(value: str) -> str | None:
    value = value.strip()
    return value if _LANG.fullmatch(value) else None


def _one_of(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        value = value.strip()
        return value if value in allowed else None

    return check


def _flag(name: str) -> Callable[[str], str | None]:
    # XHTML has no minimised attributes: controls="controls".
    return lambda value: name


Check = Callable[[str], str | None]
_GLOBAL: dict[str, Check] = {"title": _text, "lang": _lang, "dir": _one_of("ltr", "rtl", "auto")}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster", "srcset"})


def _attrs(**checks: Check) -> dict[str, Check]:
    return {**_GLOBAL, **checks}


_PLAIN = _attrs()
_CITE = _attrs(cite=_text)
_CELL = _attrs(colspan=_span, rowspan=_span, scope=_one_of("row", "col", "rowgroup", "colgroup"))
_ALLOWED: dict[str, dict[str, Check]] = {
    **dict.fromkeys(
        _words(
            "abbr b bdi bdo br caption cite code dd dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i "
            "kbd li mark p picture pre rp rt ruby s samp small span strong sub sup table tbody tfoot thead tr "
            "u ul var wbr"
        ),
        _PLAIN,
    ),
    "a": _attrs(href=_text),
    "img": _attrs(src=_text, alt=_text, width=_digits, height=_digits, srcset=_text),
    "blockquote": _CITE,
    "q": _CITE,
    "del": _attrs(cite=_text, datetime=_text),
    "ins": _attrs(cite=_text, datetime=_text),
    "time": _attrs(datetime=_text),
    "ol": _attrs(start=_integer, reversed=_flag("reversed"), type=_one_of("1", "a", "A", "i", "I")),
    "li": _attrs(value=_integer),
    "td": _CELL,
    "th": _CELL,
    "col": _attrs(span=_span),
    "colgroup": _attrs(span=_span),
    "video": _attrs(src=_text, poster=_text, controls=_flag("controls"), width=_digits, height=_digits),
    "audio": _attrs(src=_text, controls=_flag("controls")),
    "source": _attrs(src=_text, srcset=_text, type=_text, media=_text),
}
_RENAMED = {
    **dict.fromkeys(
        _words(
            "section article header footer aside main nav center address details summary fieldset hgroup "
            "legend dialog search menu"
        ),
        "div",
    ),
    "strike": "s",
    "tt": "code",
    "acronym": "abbr",
    "dir": "ul",
    "listing": "pre",
    "xmp": "pre",
    "plaintext": "pre",
}
_DROPPED = frozenset(
    _words(
        "script style iframe frame frameset object embed applet noscript noembed noframes template svg math head "
        "title meta link base basefont textarea select option optgroup button input param canvas map area "
        "datalist output progress meter track portal slot bgsound isindex keygen"
    )
)
VOID = frozenset({"br", "hr", "img", "wbr", "col", "source"})
"""Elements that are empty by definition (serialised ``<br/>``)."""
_MEDIA = frozenset({"img", "source"})
_KEPT_AS_IS = frozenset(_ALLOWED) - {"a", "span", "img"}
"""Allowed elements that, without attributes, stay as they are (a needs href, span an attribute, img src)."""


def sanitize(body: etree._Element, rules: CompiledRules, base_url: str | None) -> bool:
    """Apply the allow-list, the hidden-element and selector rules, and absolute links, in place.

    Returns whether some element was unwrapped or renamed (only then can an element land in a parent
    that the HTML parser would not accept it in: a ``section`` that became a ``div`` inside a ``p``;
    see :mod:`.nesting`).
    """
    if rules.remove is not None:
        for element in cast(list[etree._Element], rules.remove(body)):
            element.tag = DROP
    if rules.unwrap is not None:
        for element in cast(list[etree._Element], rules.unwrap(body)):
            if element.tag != DROP:
                element.tag = UNWRAP
    remove_hidden = rules.rules.remove_hidden
    body.attrib.clear()
    count = 0
    renamed_any = False
    for element in body.iterdescendants():
        count += 1
        tag = element.tag
        attrib = element.attrib
        if tag in _KEPT_AS_IS and not attrib:
            continue  # the common case (p, strong, li, td …): nothing to check
        if tag == DROP:
            continue
        if not isinstance(tag, str) or tag in _DROPPED:
            element.tag = DROP
            continue
        if attrib and remove_hidden and _is_hidden(attrib):
            element.tag = DROP
            continue
        if tag == UNWRAP:
            continue
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            renamed = _RENAMED.get(tag)
            if renamed is None:
                element.tag = UNWRAP
                continue
            element.tag = tag = renamed
            renamed_any = True
            allowed = _ALLOWED[renamed]
        if attrib:
            _clean_attributes(attrib, allowed, base_url, tag in _MEDIA)
        if (tag == "a" and "href" not in attrib) or (tag == "span" and not attrib):
            element.tag = UNWRAP
        elif tag == "img" and "src" not in attrib:
            element.tag = DROP
    if count > MAX_OUTPUT_DEPTH:  # only then can the tree be that deep
        _flatten_deep(body)
    etree.strip_elements(body, DROP, with_tail=False)
    unwrapped = next(body.iter(UNWRAP), None) is not None
    if unwrapped:
        etree.strip_tags(body, UNWRAP)
    return unwrapped or renamed_any


def _flatten_deep(body: etree._Element) -> None:
    # XML parsers refuse documents deeper than 256 levels: keep the text, lose the extra structure.
    depth = 0
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > MAX_OUTPUT_DEPTH and element.tag != DROP:
            element.tag = UNWRAP


def _is_hidden(attrib: etree._Attrib) -> bool:
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def _clean_attributes(attrib: etree._Attrib, allowed: dict[str, Check], base_url: str | None, media: bool) -> None:
    for key, value in list(attrib.items()):
        name = str(key)
        value = str(value)
        check = allowed.get(name)
        kept = check(value) if check is not None else None
        if kept is not None and name in _URL_ATTRIBUTES:
            if name == "srcset":
                kept = absolute_srcset(kept, base_url)
            else:
                kept = safe_url(kept, base_url, image=media and name == "src")
        if kept is None:
            del attrib[name]
        elif kept != value:
            attrib[name] = kept
