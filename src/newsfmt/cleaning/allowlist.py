"""The one HTML allow-list: which elements and attributes survive cleaning, and what becomes of the others.

Elements fall in four groups: allowed (kept, with their allowed attributes, each value checked), renamed
(sectioning and legacy blocks become ``div`` so paragraphs stay apart), dropped with their content (script, style,
embedded content, forms' controls …) and everything else, unwrapped (the content stays, the tag goes).

The cleaner (:mod:`.sanitize`) applies it to every body; the EPUB writer derives its own, narrower rules from it
(``newsfmt.exporters.epub.content_model``), so that a book never holds what the cleaner would not let through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

__all__ = [
    "ALLOWED_ELEMENTS",
    "DROPPED_ELEMENTS",
    "GLOBAL_ATTRIBUTES",
    "RENAMED_ELEMENTS",
    "URL_ATTRIBUTES",
    "VOID_ELEMENTS",
    "Check",
]

Check = Callable[[str], str | None]
"""An attribute value as it may be kept (possibly normalised), or None when it must go."""

_DIGITS = re.compile(r"\s*(\d{1,5})\s*(?:px)?\s*")
_INTEGER = re.compile(r"\s*(-?\d{1,6})\s*")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,6}")


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


def _one_of(*allowed: str) -> Check:
    def check(value: str) -> str | None:
        value = value.strip()
        return value if value in allowed else None

    return check


def _flag(name: str) -> Check:
    # XHTML has no minimised attributes: controls="controls".
    return lambda value: name


GLOBAL_ATTRIBUTES: Mapping[str, Check] = {"title": _text, "lang": _lang, "dir": _one_of("ltr", "rtl", "auto")}
"""Attributes allowed on every allowed element (no ``id``, ``class`` or ``style``: they mean nothing outside
their page, and ids of several posts would clash)."""
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster", "srcset"})
"""Attributes whose value is a URL (or, for ``srcset``, a list of them): checked for safety, made absolute."""


def _attrs(**checks: Check) -> dict[str, Check]:
    return {**GLOBAL_ATTRIBUTES, **checks}


_PLAIN = _attrs()
_CITE = _attrs(cite=_text)
_CELL = _attrs(colspan=_span, rowspan=_span, scope=_one_of("row", "col", "rowgroup", "colgroup"))
ALLOWED_ELEMENTS: Mapping[str, Mapping[str, Check]] = {
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
"""Elements kept, each with its allowed attributes and the check of each one's value."""
RENAMED_ELEMENTS: Mapping[str, str] = {
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
"""Elements kept under another (allowed) name."""
DROPPED_ELEMENTS = frozenset(
    _words(
        "script style iframe frame frameset object embed applet noscript noembed noframes template svg math head "
        "title meta link base basefont textarea select option optgroup button input param canvas map area "
        "datalist output progress meter track portal slot bgsound isindex keygen"
    )
)
"""Elements removed together with everything inside them."""
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr", "col", "source"})
"""Allowed elements that are empty by definition (serialised ``<br/>``)."""
