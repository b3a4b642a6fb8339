"""HTML fragments to XHTML that epubcheck accepts: known elements only, valid nesting, allowed attributes, unique ids.

``Article.body_html`` is already clean, but a book must never fail validation because of one odd post, so the
fragment is parsed again and rebuilt element by element into the XHTML namespace. Nothing here knows about
ebooklib or zip files; images are delegated to a callback that says where (or whether) a picture lives in the book.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from lxml import etree

__all__ = [
    "XHTML_NS",
    "ImageResolver",
    "XhtmlLabels",
    "fragment_to_xhtml",
    "is_language_tag",
    "strip_invalid_xml_chars",
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
    context = _Context(resolve_image, absolute or (lambda url: None), labels or XhtmlLabels())
    context.used_ids.update(reserved_ids)
    root = etree.Element(_X + "div", nsmap={None: XHTML_NS})  # type: ignore[dict-item]
    html = strip_invalid_xml_chars(html)
    source = _parse_fragment(html) if html.strip() else None
    if source is not None:
        _collect_ids(source, context)
        _convert_children(source, root, context, phrasing=False, in_link=False)
    _fix_fragment_links(root, context)
    return root


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
    allowed = _GLOBAL_ATTRS | _ELEMENT_ATTRS.get(tag, frozenset())
    for name, raw in source.attrib.items():
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
            url = _clean_url(value, context)
            if url is not None:
                element.set(name, url)
        else:
            element.set(name, value)


def _clean_url(value: str, context: _Context, *, resolve_relative: bool = True) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value.startswith("#"):
        return value  # checked against the ids once the whole fragment is built
    try:
        url = quote(_ascii_host(value), safe=_URL_SAFE)
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
        return _clean_url("https:" + value, context, resolve_relative=False)
    absolute = context.absolute(value)
    return None if absolute is None else _clean_url(absolute, context, resolve_relative=False)


def _ascii_host(url: str) -> str:
    """``url`` with an internationalised host name in its IDNA (``xn--``) form, which URL parsers accept."""
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
    href = _clean_url(url, context) if url else None
    if href is None or href.startswith("#") or in_link:
        _append_text(target, text)
        return
    link = etree.SubElement(target, _X + "a")
    link.set("href", href)
    link.text = text


def _convert_image(source: etree._Element, target: etree._Element, context: _Context, *, in_link: bool) -> None:
    src = (source.get("src") or "").strip()
    alt = " ".join((source.get("alt") or "").split())
    href = context.resolve_image(src) if src else None
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
    present = {str(element.get("id")) for element in root.iter() if element.get("id") is not None}
    for link in root.iter(_X + "a"):
        href = link.get("href")
        if href is None or not href.startswith("#"):
            continue
        target = context.ids.get(href[1:], href[1:])
        if target in present:
            link.set("href", "#" + target)
        else:
            del link.attrib["href"]
