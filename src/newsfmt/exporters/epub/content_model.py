"""What EPUB 3 XHTML content may hold, as data: which elements, where, with which attributes.

The converter (:mod:`.xhtml`) keeps the elements below, renames some whose HTML5 content rules are hard to satisfy,
drops others with their content, and unwraps the rest; these tables are its whole policy.
"""

from __future__ import annotations

__all__ = [
    "BLOCK",
    "DROP",
    "ELEMENT_ATTRS",
    "GLOBAL_ATTRS",
    "KNOWN",
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

# Elements dropped together with everything inside them.
DROP = frozenset(
    [
        "script",
        "style",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "option",
        "optgroup",
        "textarea",
        "noscript",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "svg",
        "math",
        "canvas",
        "source",
        "track",
        "param",
        "map",
        "area",
        "dialog",
    ]
)
# Elements kept under another name, because HTML5's content rules for the original are hard to satisfy.
RENAME = {
    "article": "div",
    "section": "div",
    "aside": "div",
    "nav": "div",
    "main": "div",
    "header": "div",
    "footer": "div",
    "address": "div",
    "center": "div",
    "details": "div",
    "summary": "p",
    "time": "span",
    "data": "span",
    "bdo": "span",
    "font": "span",
    "big": "span",
    "tt": "code",
    "strike": "s",
    "listing": "pre",
    "xmp": "pre",
    "plaintext": "pre",
    "menu": "ul",
    "dir": "ul",
}
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
KNOWN = PHRASING | BLOCK | {"video", "audio", "picture"}
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
GLOBAL_ATTRS = frozenset({"id", "title", "lang", "dir"})
ELEMENT_ATTRS = {
    "a": frozenset({"href"}),
    "img": frozenset({"alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite"}),
    "ins": frozenset({"cite"}),
}


def xhtml(tag: str) -> str:
    """The namespaced (Clark notation) name of an XHTML element.

    >>> xhtml("p")
    '{http://www.w3.org/1999/xhtml}p'
    """
    return XHTML_PREFIX + tag
