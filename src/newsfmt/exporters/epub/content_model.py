"""What EPUB 3 XHTML content may hold, as data: which elements, where, with which attributes.

Derived from the cleaner's allow-list (:mod:`newsfmt.cleaning.allowlist`), narrowed where a book cannot hold
what a feed can: the converter (:mod:`.xhtml`) keeps the elements below, renames some whose HTML5 content rules
are hard to satisfy, drops others with their content, and unwraps the rest; these tables are its whole policy.
"""

from __future__ import annotations

from ...cleaning.allowlist import ALLOWED_ELEMENTS, DROPPED_ELEMENTS, RENAMED_ELEMENTS, Check

__all__ = [
    "ALLOWED_ATTRS",
    "BLOCK",
    "DROP",
    "KNOWN",
    "MEDIA",
    "PHRASING",
    "PHRASING_PARENTS",
    "RENAME",
    "VALID_PARENTS",
    "XHTML_NS",
    "XHTML_PREFIX",
    "xhtml",
]

XHTML_NS = "http://www.w3.org/1999/xhtml"
XHTML_PREFIX = "{" + XHTML_NS + "}"
"""What namespaced (Clark notation) XHTML element names start with."""

# What the allow-list keeps but a book cannot hold as it is.
_XHTML_RENAME = {"time": "span", "bdo": "span"}
"""Kept under another name: their content rules (a ``datetime`` grammar, a required ``dir``) are not checked."""
_XHTML_DROP = frozenset({"source"})
"""Dropped: the video, audio or picture around it is replaced (by a link, or by its ``img``)."""
_XHTML_UNWRAP = frozenset({"picture", "col", "colgroup"})
"""Unwrapped: a picture's ``img`` stays; table repair does not place columns (empty, so nothing is lost)."""
_XHTML_ATTRIBUTE_OMISSIONS = {"img": {"src", "srcset"}, "del": {"datetime"}, "ins": {"datetime"}, "td": {"scope"}}
"""Allowed attributes a book leaves out: an image's own ``src`` is replaced by its copy in the book and ``srcset``
points outside it; ``datetime`` has a grammar not checked here; ``scope`` is obsolete on ``td``."""

DROP = DROPPED_ELEMENTS | _XHTML_DROP
"""Elements dropped together with everything inside them."""
RENAME = {**RENAMED_ELEMENTS, **_XHTML_RENAME}
"""Elements kept under another name."""
PHRASING = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "br",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
        "var",
        "wbr",
    ]
)
BLOCK = frozenset(
    [
        "div",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "hr",
    ]
)
MEDIA = frozenset({"video", "audio"})
"""Elements replaced by a link to what they play."""
KNOWN = frozenset(ALLOWED_ELEMENTS) - _XHTML_RENAME.keys() - _XHTML_DROP - _XHTML_UNWRAP
"""Elements kept (under their own name), or replaced by a link (``MEDIA``); the others are unwrapped."""
assert KNOWN == PHRASING | BLOCK | MEDIA, "the allow-list and the book's content model disagree"
# Elements whose content must be phrasing content only.
PHRASING_PARENTS = (PHRASING - {"br", "img", "wbr"}) | frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "caption"]
)
VALID_PARENTS = {
    "li": frozenset({"ul", "ol"}),
    "dt": frozenset({"dl"}),
    "dd": frozenset({"dl"}),
    "tr": frozenset({"table", "thead", "tbody", "tfoot"}),
    "td": frozenset({"table", "thead", "tbody", "tfoot", "tr"}),
    "th": frozenset({"table", "thead", "tbody", "tfoot", "tr"}),
    "thead": frozenset({"table"}),
    "tbody": frozenset({"table"}),
    "tfoot": frozenset({"table"}),
    "caption": frozenset({"table"}),
    "figcaption": frozenset({"figure"}),
    "rt": frozenset({"ruby"}),
    "rp": frozenset({"ruby"}),
}
ALLOWED_ATTRS: dict[str, dict[str, Check]] = {
    tag: {
        name: check
        for name, check in ALLOWED_ELEMENTS[tag].items()
        if name not in _XHTML_ATTRIBUTE_OMISSIONS.get(tag, ())
    }
    for tag in KNOWN - MEDIA
}
"""Attributes allowed on each kept element (the global ones included), with the check of their value."""


def xhtml(tag: str) -> str:
    """The namespaced (Clark notation) name of an XHTML element.

    >>> xhtml("p")
    '{http://www.w3.org/1999/xhtml}p'
    """
    return XHTML_PREFIX + tag
