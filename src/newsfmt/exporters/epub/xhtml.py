"""HTML fragments to XHTML that epubcheck accepts: known elements only, valid nesting, allowed attributes, unique ids.

``Article.body_html`` is already clean, but a book must never fail validation because of one odd post, so every
fragment goes through the same rules. There are two ways through them, with the same result:

* the fast path, for fragments that are well-formed XML and that libxml2's HTML parser would read as the very same
  tree (what newsfmt's cleaner writes): one XML parse straight into the XHTML namespace, then the rules applied in
  place, touching only what they change;
* the general path, for anything else: libxml2's forgiving HTML parser, then the fragment rebuilt element by
  element.

The fast path gives up (and the general path runs) at the first thing it is not sure of. Nothing here knows about
ebooklib or zip files; images are delegated to a callback that says where (or whether) a picture lives in the book.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from lxml import etree

__all__ = [
    "XHTML_NS",
    "ImageResolver",
    "XhtmlLabels",
    "escape_attribute",
    "escape_text",
    "fragment_to_xhtml",
    "is_language_tag",
    "link_markup",
    "strip_invalid_xml_chars",
    "valid_uri",
    "xhtml",
]

XHTML_NS = "http://www.w3.org/1999/xhtml"
_X = "{" + XHTML_NS + "}"

ImageResolver = Callable[[str], str | None]
"""Maps an ``img`` ``src`` to its href inside the book (relative to the chapter), or None to leave it out."""

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Elements dropped together with everything inside them.
_DROP = frozenset(
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
_RENAME = {
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
_PHRASING = frozenset(
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
_BLOCK = frozenset(
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
_KNOWN = _PHRASING | _BLOCK | {"video", "audio", "picture"}
# Elements whose content must be phrasing content only.
_PHRASING_PARENTS = (_PHRASING - {"br", "img", "wbr"}) | frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "caption"]
)
_VALID_PARENTS = {
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
_GLOBAL_ATTRS = frozenset({"id", "title", "lang", "dir"})
_ELEMENT_ATTRS = {
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
_AttributeItems = Sequence[tuple[Any, Any]]
"""An element's attributes as ``items()`` gives them: (name, value) pairs, in document order."""
_ALLOWED_ATTRS = {tag: _GLOBAL_ATTRS | names for tag, names in _ELEMENT_ATTRS.items()}
_INTEGER_ATTRS = {
    "width": (0, 100000),
    "height": (0, 100000),
    "colspan": (1, 1000),
    "rowspan": (0, 65534),
    "start": (-(10**9), 10**9),
    "value": (-(10**9), 10**9),
}
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_LABEL = r"[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?"
# RFC 3986: the characters a path (``_PATH``) or a query or fragment (``_QUERY``) may hold as they are, besides
# percent-escapes (``%`` and two hex digits).
_PATH = "A-Za-z0-9_.\\-~!$&'()*+,;=:@/"
_QUERY = _PATH + "?"
# An http(s) URL with a lower-case host and no port, user or brackets, whose every part is already valid: the
# common case, whose cleaning is only the host check.
_SIMPLE_URL = re.compile(
    rf"https?://([a-z0-9_.\-]+)"
    rf"(?:/[{_PATH}]*(?:%[0-9A-Fa-f]{{2}}[{_PATH}]*)*)?"
    rf"(?:\?[{_QUERY}]*(?:%[0-9A-Fa-f]{{2}}[{_QUERY}]*)*)?"
    rf"(?:#[{_QUERY}]*(?:%[0-9A-Fa-f]{{2}}[{_QUERY}]*)*)?"
)
_NOT_IN_USERINFO = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9_.\-~!$&'()*+,;=:%]")
_NOT_IN_PATH = re.compile(rf"%(?![0-9A-Fa-f]{{2}})|[^{_PATH}%]")
_NOT_IN_QUERY = re.compile(rf"%(?![0-9A-Fa-f]{{2}})|[^{_QUERY}%]")
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$|^[0-9a-f:.]+$")  # one dot between labels: no backtracking blow-up


@dataclass(frozen=True, slots=True)
class XhtmlLabels:
    """Words the converter writes into a book, in the book's language."""

    image: str = "image"
    """Text of a link that replaces a picture without alt text."""
    media: str = "media"
    """Text of a link that replaces a video or audio element."""


@dataclass(slots=True)
class _Context:
    resolve_image: ImageResolver
    absolute: Callable[[str], str | None]
    labels: XhtmlLabels
    ids: dict[str, str] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    emitted_ids: set[str] = field(default_factory=set)


def xhtml(tag: str) -> str:
    """The namespaced (Clark notation) name of an XHTML element.

    >>> xhtml("p")
    '{http://www.w3.org/1999/xhtml}p'
    """
    return _X + tag


def is_language_tag(value: str) -> bool:
    """Whether ``value`` has the shape of a BCP 47 language tag.

    >>> is_language_tag("zh-Hans-CN"), is_language_tag("中文")
    (True, False)
    """
    return bool(_LANG.match(value))


def strip_invalid_xml_chars(text: str) -> str:
    """Remove characters XML 1.0 forbids (C0 controls, surrogates, U+FFFE/U+FFFF).

    >>> strip_invalid_xml_chars("a\\x00b\\x1fc")
    'abc'
    """
    return _INVALID_XML.sub("", text)


def fragment_to_xhtml(
    html: str,
    *,
    resolve_image: ImageResolver,
    absolute: Callable[[str], str | None] | None = None,
    labels: XhtmlLabels | None = None,
    reserved_ids: frozenset[str] = frozenset(),
) -> etree._Element:
    """Rebuild an HTML fragment as an XHTML ``div`` that passes the EPUB 3 content-document rules.

    Named entities become characters, unknown elements are unwrapped (dangerous ones dropped with their
    content), attributes not allowed on an element are dropped, nesting is repaired (blocks inside
    paragraphs unwrapped, list items, table rows and cells put into their containers), ids are made valid
    and unique (``reserved_ids`` are never produced) and fragment links that point nowhere lose their
    ``href``. Relative link targets go through ``absolute`` (which may return None to drop the link).

    >>> div = fragment_to_xhtml('<p>a&nbsp;<span href="x" id="1">b</span></p>', resolve_image=lambda s: None)
    >>> etree.tostring(div, encoding="unicode")
    '<div xmlns="http://www.w3.org/1999/xhtml"><p>a\\xa0<span id="x1">b</span></p></div>'
    """

    def new_context() -> _Context:
        context = _Context(resolve_image, absolute or (lambda url: None), labels or XhtmlLabels())
        context.used_ids.update(reserved_ids)
        return context

    context = new_context()
    # The fast path needs no stripping: its XML parser refuses the characters XML forbids, and the rest (DEL, lone
    # surrogates) are looked for. Where it gives up, the general path strips them.
    root = _fast_fragment(html, context) if "\x7f" not in html and html.strip() else None
    if root is None:
        html = strip_invalid_xml_chars(html)
        context = new_context()  # the fast path may have used ids before giving up
        root = etree.Element(_X + "div", nsmap={None: XHTML_NS})  # type: ignore[dict-item]
        source = _parse_fragment(html) if html.strip() else None
        if source is not None:
            _collect_ids(source, context)
            _convert_children(source, root, context, phrasing=False, in_link=False)
    _fix_fragment_links(root, context)
    return root


def escape_text(text: str) -> str:
    """``text`` as libxml2 (so lxml) writes character data: the same bytes once encoded.

    >>> escape_text("a < b & c\\r")
    'a &lt; b &amp; c&#13;'
    """
    if not _TEXT_SPECIALS.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


_TEXT_SPECIALS = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIALS = re.compile('[&<>"\r\n\t]')


def escape_attribute(text: str) -> str:
    """``text`` as libxml2 (so lxml) writes an attribute value in double quotes.

    >>> escape_attribute('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    if not _ATTRIBUTE_SPECIALS.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def link_markup(text: str, url: str | None, *, absolute: Callable[[str], str | None] | None = None) -> str | None:
    """A link to ``url`` reading ``text`` (plain strings, not markup), or ``text`` alone without ``url``, as XHTML.

    The same markup as what is inside the ``div`` that ``fragment_to_xhtml`` gives for
    ``<a href="{escape(url)}">{escape(text)}</a>`` (or ``escape(text)``), written without parsing anything; None
    where parsing could read that markup otherwise (a quotation mark in the URL ends the attribute; the HTML
    parser turns carriage returns into line feeds).

    >>> link_markup("Daily <News>", "https://news.example/a?b=1&c=2")
    '<a href="https://news.example/a?b=1&amp;c=2">Daily &lt;News&gt;</a>'
    """
    text = strip_invalid_xml_chars(text)
    if "\r" in text:
        return None
    if url is None:
        return escape_text(text) if text.strip() else ""
    url = strip_invalid_xml_chars(url)
    if '"' in url or "\r" in url:
        return None
    href = _clean_url(url, absolute or (lambda url: None))
    start = "<a" if href is None or href.startswith("#") else f'<a href="{escape_attribute(href)}"'  # no ids here
    return f"{start}>{escape_text(text)}</a>" if text else f"{start}/>"


def _parse_fragment(html: str) -> etree._Element | None:
    """The ``body`` of an HTML fragment, parsed by libxml2's forgiving HTML parser (entities decoded)."""
    # Plain etree elements, not lxml.html's: its per-element class lookup costs a third of the conversion.
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        document = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return None if document is None else document.find("body")


def _collect_ids(source: etree._Element, context: _Context) -> None:
    for element in source.iter():
        if not isinstance(element.tag, str):
            continue
        original = element.get("id")
        if original is None or original in context.ids:
            continue
        candidate = original.strip()
        if not _ID.match(candidate):
            candidate = "x" + re.sub(r"[^A-Za-z0-9_.\-]", "-", candidate)
        context.ids[original] = _unique_id(candidate, context)


def _unique_id(base: str, context: _Context) -> str:
    candidate, number = base, 1
    while candidate in context.used_ids:
        number += 1
        candidate = f"{base}-{number}"
    context.used_ids.add(candidate)
    return candidate


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _convert_children(
    source: etree._Element, target: etree._Element, context: _Context, *, phrasing: bool, in_link: bool
) -> None:
    _append_text(target, source.text)
    for child in source:
        if isinstance(child.tag, str):
            _convert_element(child, target, context, phrasing=phrasing, in_link=in_link)
        _append_text(target, child.tail)


def _convert_element(
    source: etree._Element, target: etree._Element, context: _Context, *, phrasing: bool, in_link: bool
) -> None:
    tag = str(source.tag).lower()
    if tag in _DROP:
        return
    tag = _RENAME.get(tag, tag)
    parent_tag = etree.QName(target).localname
    if tag not in _KNOWN or tag == "picture":
        _convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
        return
    if tag == "img":
        _convert_image(source, target, context, in_link=in_link)
        return
    if tag in ("video", "audio"):
        _convert_media(source, target, context, in_link=in_link)
        return
    valid_parents = _VALID_PARENTS.get(tag)
    if valid_parents is not None and parent_tag not in valid_parents:
        if phrasing or tag in ("rt", "rp", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"):
            _convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
            return
        tag = "div"
    if (phrasing and tag in _BLOCK) or (in_link and tag == "a"):
        _convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
        return
    element = etree.SubElement(target, _X + tag)
    _copy_attributes(source, element, tag, context)
    _convert_children(
        source, element, context, phrasing=phrasing or tag in _PHRASING_PARENTS, in_link=in_link or tag == "a"
    )
    _repair_container(element, tag)


def _copy_attributes(source: etree._Element, element: etree._Element, tag: str, context: _Context) -> None:
    _set_attributes(source.items(), element, tag, context)


def _set_attributes(items: _AttributeItems, element: etree._Element, tag: str, context: _Context) -> None:
    """Set on ``element`` the allowed ones of the attributes ``items`` (a source element's), checked and cleaned."""
    allowed = _ALLOWED_ATTRS.get(tag, _GLOBAL_ATTRS)
    for name, raw in items:
        name = str(name).lower()
        value = str(raw)
        if name not in allowed:
            continue
        if name == "id":
            new_id = context.ids[value]
            if new_id in context.emitted_ids:  # a repeated id: the first element keeps it
                new_id = _unique_id(new_id, context)
            context.emitted_ids.add(new_id)
            element.set("id", new_id)
        elif name == "lang":
            if _LANG.match(value):
                element.set("lang", value)
                element.set("{http://www.w3.org/XML/1998/namespace}lang", value)
        elif name == "dir":
            if value.lower() in ("ltr", "rtl", "auto"):
                element.set("dir", value.lower())
        elif name in _INTEGER_ATTRS:
            low, high = _INTEGER_ATTRS[name]
            try:
                number = int(value.strip())
            except ValueError:
                continue
            if low <= number <= high:
                element.set(name, str(number))
        elif name == "reversed":
            element.set("reversed", "reversed")
        elif name == "scope":
            if value.lower() in ("row", "col", "rowgroup", "colgroup"):
                element.set("scope", value.lower())
        elif name in ("href", "cite"):
            url = _clean_url(value, context.absolute)
            if url is not None:
                element.set(name, url)
        else:
            element.set(name, value)


def _clean_url(value: str, absolute: Callable[[str], str | None], *, resolve_relative: bool = True) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value.startswith("#"):
        return value  # checked against the ids once the whole fragment is built
    simple = _SIMPLE_URL.fullmatch(value)
    if simple is not None:  # what quote and urlsplit would leave as it is: only the host needs a look
        return value if _HOST.match(simple.group(1)) else None
    try:
        url = valid_uri(quote(_ascii_host(value), safe=_URL_SAFE))
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme in ("http", "https"):
        return url if parts.hostname and _HOST.match(parts.hostname) else None
    if parts.scheme in ("mailto", "tel"):
        return url
    if parts.scheme or not resolve_relative:
        return None
    if value.startswith("//"):
        return _clean_url("https:" + value, absolute, resolve_relative=False)
    resolved = absolute(value)
    return None if resolved is None else _clean_url(resolved, absolute, resolve_relative=False)


def valid_uri(url: str) -> str:
    """``url`` with every character its part may not hold as it is (RFC 3986) percent-encoded.

    A second ``#``, brackets outside the host, spaces, a ``%`` not starting an escape, non-ASCII characters: what
    validators (and epubcheck) refuse in an ``href``. The scheme, host and port are left alone (the caller checks
    them); a URL that is already valid comes back unchanged.

    >>> valid_uri("https://e.example/a[1]?q=a b#x#y%")
    'https://e.example/a%5B1%5D?q=a%20b#x%23y%25'
    """
    rest, hash_sign, fragment = url.partition("#")
    rest, question_mark, query = rest.partition("?")
    scheme, colon, path = rest.partition(":")
    if not colon or not _SCHEME_NAME.fullmatch(scheme):
        scheme, colon, path = "", "", rest
    authority = ""
    if path.startswith("//"):
        end = len(path) if (slash := path.find("/", 2)) < 0 else slash
        authority, path = path[2:end], path[end:]
        userinfo, at, host = authority.rpartition("@")
        authority = "//" + _NOT_IN_USERINFO.sub(_percent_escape, userinfo) + at + host
    return (
        scheme
        + colon
        + authority
        + _NOT_IN_PATH.sub(_percent_escape, path)
        + question_mark
        + _NOT_IN_QUERY.sub(_percent_escape, query)
        + hash_sign
        + _NOT_IN_QUERY.sub(_percent_escape, fragment)
    )


_SCHEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def _percent_escape(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


def _ascii_host(url: str) -> str:
    """``url`` with an internationalised host name in its IDNA (``xn--``) form, which URL parsers accept."""
    if url.isascii() and "[" not in url and "]" not in url:
        return url  # its host is ASCII, and urlsplit would not raise (saves a parse per link)
    parts = urlsplit(url)
    host = parts.hostname
    if not host or host.isascii():
        return url
    try:
        encoded = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"bad host {host!r}") from exc
    return parts._replace(netloc=parts.netloc.replace(host, encoded)).geturl()


def _link_or_text(target: etree._Element, text: str, url: str | None, context: _Context, *, in_link: bool) -> None:
    href = _clean_url(url, context.absolute) if url else None
    if href is None or href.startswith("#") or in_link:
        _append_text(target, text)
        return
    link = etree.SubElement(target, _X + "a")
    link.set("href", href)
    link.text = text


def _image_parts(element: etree._Element, context: _Context) -> tuple[str, str, str | None]:
    """An ``img``'s source and alt text as the book shows them, and its place in the book (None: not embedded)."""
    src = (element.get("src") or "").strip()
    alt = " ".join((element.get("alt") or "").split())
    return src, alt, context.resolve_image(src) if src else None


def _convert_image(source: etree._Element, target: etree._Element, context: _Context, *, in_link: bool) -> None:
    src, alt, href = _image_parts(source, context)
    if href is None:
        if src or alt:
            _link_or_text(target, alt or f"[{context.labels.image}]", src or None, context, in_link=in_link)
        return
    image = etree.SubElement(target, _X + "img")
    image.set("src", href)
    image.set("alt", alt)
    _copy_attributes(source, image, "img", context)


def _convert_media(source: etree._Element, target: etree._Element, context: _Context, *, in_link: bool) -> None:
    src = source.get("src") or next((str(s.get("src")) for s in source.iter("source") if s.get("src")), None)
    if src:
        _link_or_text(target, f"[{context.labels.media}]", src, context, in_link=in_link)


def _wrap_strays(parent: etree._Element, allowed: frozenset[str], wrapper: str) -> None:
    """Put children (and non-blank text) that may not appear in ``parent`` into ``wrapper`` elements."""
    if parent.text and parent.text.strip():
        item = etree.Element(_X + wrapper)
        item.text = parent.text
        parent.insert(0, item)
    parent.text = None
    for child in list(parent):
        tail = child.tail
        child.tail = None
        if etree.QName(child).localname not in allowed:
            item = etree.Element(_X + wrapper)
            child.addprevious(item)
            item.append(child)
            child = item
        if tail and tail.strip():
            item = etree.Element(_X + wrapper)
            item.text = tail
            child.addnext(item)


def _repair_container(element: etree._Element, tag: str) -> None:
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
                caption.tag = _X + "div"


def _repair_definition_list(element: etree._Element) -> None:
    """Keep a ``dl`` whose groups each start with a term; anything else becomes plain blocks."""
    _wrap_strays(element, frozenset({"dt", "dd"}), "dd")
    names = [etree.QName(child).localname for child in element]
    if names and names[0] == "dt" and names[-1] == "dd":
        return
    element.tag = _X + "div"
    for child in element:
        child.tag = _X + ("p" if etree.QName(child).localname == "dt" else "div")


def _repair_table(table: etree._Element) -> None:
    caption: etree._Element | None = None
    head: etree._Element | None = None
    foot: etree._Element | None = None
    rows: list[etree._Element] = []
    children = list(table)
    for child in children:
        table.remove(child)
    for child in children:
        name = etree.QName(child).localname
        child.tail = None
        if name == "caption" and caption is None:
            caption = child
        elif name == "thead" and head is None:
            head = child
        elif name == "tfoot" and foot is None:
            foot = child
        elif name in ("thead", "tbody", "tfoot"):
            _wrap_strays(child, frozenset({"tr"}), "tr")
            rows.extend(child)
        elif name == "tr":
            rows.append(child)
        else:
            row = etree.Element(_X + "tr")
            row.append(child)
            rows.append(row)
    table.text = None
    if caption is not None:
        table.append(caption)
    if head is not None:
        table.append(head)
    if rows:
        body = etree.SubElement(table, _X + "tbody")
        body.extend(rows)
    if foot is not None:
        table.append(foot)
    for group in table:
        if etree.QName(group).localname in ("thead", "tbody", "tfoot"):
            _wrap_strays(group, frozenset({"tr"}), "tr")
            for row in group:
                _wrap_strays(row, frozenset({"td", "th"}), "td")


def _fix_fragment_links(root: etree._Element, context: _Context) -> None:
    links = [link for link in root.iter(_X + "a") if link.get("href", "").startswith("#")]
    if not links:
        return
    present = {str(element.get("id")) for element in root.iter() if element.get("id") is not None}
    for link in links:
        href = str(link.get("href"))
        target = context.ids.get(href[1:], href[1:])
        if target in present:
            link.set("href", "#" + target)
        else:
            del link.attrib["href"]


# The fast path. A fragment takes it only when all of these hold, so that parsing it as XML gives the tree the
# HTML parser of the general path would give (checked against libxml2 itself, see ``_stable_in_html``):
# - no character the two parsers read differently: no carriage return, no comment, CDATA section, doctype or
#   processing instruction, no namespace declaration, no character reference but those lxml writes (tab, line
#   feed, carriage return: the HTML parser maps others, like ``&#128;``, to other characters), no raw tab or line
#   feed in an attribute value (XML turns them into spaces);
# - it parses as XML (so every entity is one of XML's five and the markup is balanced);
# - every element is one of ``_FAST_TAGS`` (none whose content HTML reads as raw text), void elements are empty,
#   every attribute name is lower case without a prefix, and every element sits in a parent that libxml2's HTML
#   parser keeps it in;
# - the rules would keep the structure as it is: nothing to unwrap (unknown elements, blocks in phrasing content,
#   links in links, list items or cells out of place), only ``source`` to drop.
# Containers (lists, tables, figures) are then repaired by the same functions as on the general path.

_FAST_TAG_NAMES = (
    _PHRASING
    | _BLOCK
    | {"video", "audio", "source"}
    | {name for name in _RENAME if name not in ("listing", "xmp", "plaintext")}
)
_FAST_TAGS = {_X + name: (name, _RENAME.get(name, name)) for name in _FAST_TAG_NAMES}
"""Namespaced name → (name in the source, name in the book)."""
_HTML_VOID = frozenset({"br", "hr", "img", "wbr", "source"})
_CONTAINERS = frozenset({"ul", "ol", "dl", "table", "figure"})
_PLAIN_ATTR_NAMES = frozenset().union(_GLOBAL_ATTRS, *_ELEMENT_ATTRS.values(), {"src", "srcset", "datetime", "type"})
_ATTRIBUTE_WHITESPACE = re.compile("=\\s*(?:\"[^\"]*|'[^']*)[\t\n]")
_CHARACTER_REFERENCE = re.compile("&#(?!(?:9|10|13);)")
_FAST_SOURCE = _X + "source"
_HTML_STABLE: dict[tuple[str | None, str], bool] = {}
_xml_parsers = threading.local()
_FRAGMENT_START = f'<div xmlns="{XHTML_NS}">'.encode()


class _NotSimpleError(Exception):
    """The fragment is not one the fast path is sure about."""


def _xml_parser() -> etree.XMLParser:
    # lxml parsers keep state (the error log), so each thread gets its own.
    parser: etree.XMLParser | None = getattr(_xml_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, collect_ids=False, encoding="utf-8")
        _xml_parsers.parser = parser
    return parser


def _fast_fragment(html: str, context: _Context) -> etree._Element | None:
    """The converted fragment, when the fast path applies to ``html``; else None (``context`` may be spent)."""
    if "\r" in html or "<!" in html or "<?" in html or "xmlns" in html:
        return None
    if "&#" in html and _CHARACTER_REFERENCE.search(html):
        return None
    if "=" in html and _ATTRIBUTE_WHITESPACE.search(html):
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
        if "id" in html:
            _collect_ids(root, context)
        _fast_children(root, _actions(None, False, False), context)
    except _NotSimpleError:
        return None
    return root


def _stable_in_html(parent: str | None, child: str) -> bool:
    """Whether libxml2's HTML parser keeps a ``child`` element inside ``parent`` (None: at the top), as XML does."""
    key = (parent, child)
    known = _HTML_STABLE.get(key)
    if known is None:
        known = _HTML_STABLE[key] = _probe_html(parent, child)
    return known


def _probe_html(parent: str | None, child: str) -> bool:
    inner = f"<{child}/>" if child in _HTML_VOID else f"<{child}>x</{child}>"
    body = _parse_fragment(inner if parent is None else f"<{parent}>{inner}</{parent}>")
    if body is None or body.text is not None or len(body) != 1:
        return False
    holder = body
    if parent is not None:
        holder = body[0]
        if holder.tag != parent or holder.text is not None or holder.tail is not None or len(holder) != 1:
            return False
    element = holder[0]
    return (
        element.tag == child
        and element.tail is None
        and len(element) == 0
        and element.text == (None if child in _HTML_VOID else "x")
    )


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
    if not _stable_in_html(parent_name, name):
        return None
    void = name in _HTML_VOID
    if tag in _DROP:
        return (_DROP_IT, name, tag, False, False, void, None)
    if tag == "img":
        return (_IMAGE, name, tag, False, False, void, None)
    if tag in ("video", "audio"):
        return (_MEDIA, name, tag, False, False, void, None)
    parent_tag = "div" if parent_name is None else _RENAME.get(parent_name, parent_name)
    valid_parents = _VALID_PARENTS.get(tag)
    if valid_parents is not None and parent_tag not in valid_parents:
        return None
    if (phrasing and tag in _BLOCK) or (in_link and tag == "a"):
        return None
    children = _actions(name, phrasing or tag in _PHRASING_PARENTS, in_link or tag == "a")
    renamed, container = tag != name, tag in _CONTAINERS
    kind = _KEEP if renamed or container or void else _PLAIN
    return (kind, name, tag, renamed, container, void, children)


def _fast_children(parent: etree._Element, actions: _Actions, context: _Context) -> None:
    """Apply the rules in place to the children of ``parent``, whose ``actions`` say what becomes of each."""
    for child in parent:  # lxml finds the next child before handing this one out: replacing it is safe
        action = actions[child.tag]
        if action is None:
            raise _NotSimpleError
        if not action[0]:  # _PLAIN: the common case, kept short
            items = child.items()
            if items:
                _check_attribute_names(items)
                child.attrib.clear()
                _set_attributes(items, child, action[2], context)
            if len(child):
                _fast_children(child, action[6], context)  # type: ignore[arg-type]
            continue
        kind, name, tag, renamed, container, void, children = action
        if void and (child.text is not None or len(child)):
            raise _NotSimpleError
        items = child.items()
        if items:
            _check_attribute_names(items)
        if kind != _KEEP:
            if kind == _IMAGE:
                _fast_image(child, items, context, in_link=actions.in_link)
            elif kind == _MEDIA:
                _fast_media(child, name, context, in_link=actions.in_link)
            else:
                _replace(child, None, None)
            continue
        if renamed:
            child.tag = _X + tag
        if items:
            child.attrib.clear()
            _set_attributes(items, child, tag, context)
        if len(child):
            assert children is not None
            _fast_children(child, children, context)
        if container:
            _repair_container(child, tag)


def _check_attribute_names(items: _AttributeItems) -> None:
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
        link = etree.SubElement(parent, _X + "a")  # made in this document, so it shares its namespace declaration
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
    element: etree._Element, text: str, url: str | None, context: _Context, *, in_link: bool
) -> None:
    href = _clean_url(url, context.absolute) if url else None
    if href is None or href.startswith("#") or in_link:
        _replace(element, text, None)
    else:
        _replace(element, text, href)


def _fast_image(element: etree._Element, items: _AttributeItems, context: _Context, *, in_link: bool) -> None:
    src, alt, href = _image_parts(element, context)
    if href is None:
        if src or alt:
            _fast_link_or_text(element, alt or f"[{context.labels.image}]", src or None, context, in_link=in_link)
        else:
            _replace(element, None, None)
        return
    element.attrib.clear()
    element.set("src", href)
    element.set("alt", alt)
    _set_attributes(items, element, "img", context)


def _fast_media(element: etree._Element, name: str, context: _Context, *, in_link: bool) -> None:
    for child in element:
        if child.tag != _FAST_SOURCE or not _stable_in_html(name, "source") or child.text is not None or len(child):
            raise _NotSimpleError
        _check_attribute_names(child.items())
    src = element.get("src") or next((str(s.get("src")) for s in element if s.get("src")), None)
    if src:
        _fast_link_or_text(element, f"[{context.labels.media}]", src, context, in_link=in_link)
    else:
        _replace(element, None, None)
