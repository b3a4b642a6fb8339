"""The general way through the rules: the HTML5 parser of the cleaner, then the fragment rebuilt element by element.

It takes any markup; the fast path (:mod:`.fast_path`) stands in for it where it can, with the same result.
"""

from __future__ import annotations

from lxml import etree

from ...cleaning.parse import parse_fragment as parse_html_fragment
from .attributes import set_attributes
from .containers import repair_container
from .content_model import BLOCK, DROP, KNOWN, MEDIA, PHRASING_PARENTS, RENAME, VALID_PARENTS, XHTML_PREFIX
from .context import ConversionContext
from .urls import clean_url

__all__ = ["append_text", "convert_children", "image_parts", "parse_fragment"]


def parse_fragment(html: str) -> etree._Element | None:
    """The ``body`` of an HTML fragment, parsed as an HTML5 parser does (entities decoded); None when empty."""
    body = parse_html_fragment(html)
    return body if len(body) or body.text else None


def append_text(parent: etree._Element, text: str | None) -> None:
    """Add ``text`` at the end of what ``parent`` holds (after its last child, if any)."""
    if not text:
        return
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def convert_children(
    source: etree._Element, target: etree._Element, context: ConversionContext, *, phrasing: bool, in_link: bool
) -> None:
    """Convert what ``source`` holds (text and elements, in order) into ``target``, by the rules."""
    append_text(target, source.text)
    for child in source:
        if isinstance(child.tag, str):
            _convert_element(child, target, context, phrasing=phrasing, in_link=in_link)
        append_text(target, child.tail)


def _convert_element(
    source: etree._Element, target: etree._Element, context: ConversionContext, *, phrasing: bool, in_link: bool
) -> None:
    tag = str(source.tag).lower()
    if tag in DROP:
        return
    tag = RENAME.get(tag, tag)
    parent_tag = etree.QName(target).localname
    if tag not in KNOWN:
        convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
        return
    if tag == "img":
        _convert_image(source, target, context, in_link=in_link)
        return
    if tag in MEDIA:
        _convert_media(source, target, context, in_link=in_link)
        return
    valid_parents = VALID_PARENTS.get(tag)
    if valid_parents is not None and parent_tag not in valid_parents:
        if phrasing or tag in ("rt", "rp", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"):
            convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
            return
        tag = "div"
    if (phrasing and tag in BLOCK) or (in_link and tag == "a"):
        convert_children(source, target, context, phrasing=phrasing, in_link=in_link)
        return
    element = etree.SubElement(target, XHTML_PREFIX + tag)
    _copy_attributes(source, element, tag, context)
    convert_children(
        source, element, context, phrasing=phrasing or tag in PHRASING_PARENTS, in_link=in_link or tag == "a"
    )
    repair_container(element, tag)


def _copy_attributes(source: etree._Element, element: etree._Element, tag: str, context: ConversionContext) -> None:
    set_attributes(source.items(), element, tag, context)


def _link_or_text(
    target: etree._Element, text: str, url: str | None, context: ConversionContext, *, in_link: bool
) -> None:
    href = clean_url(url, context.absolute) if url else None
    if href is None or in_link:
        append_text(target, text)
        return
    link = etree.SubElement(target, XHTML_PREFIX + "a")
    link.set("href", href)
    link.text = text


def image_parts(element: etree._Element, context: ConversionContext) -> tuple[str, str, str | None]:
    """An ``img``'s source and alt text as the book shows them, and its place in the book (None: not embedded)."""
    src = (element.get("src") or "").strip()
    alt = " ".join((element.get("alt") or "").split())
    return src, alt, context.resolve_image(src) if src else None


def _convert_image(
    source: etree._Element, target: etree._Element, context: ConversionContext, *, in_link: bool
) -> None:
    src, alt, href = image_parts(source, context)
    if href is None:
        if src or alt:
            _link_or_text(target, alt or f"[{context.labels.image}]", src or None, context, in_link=in_link)
        return
    image = etree.SubElement(target, XHTML_PREFIX + "img")
    image.set("src", href)
    image.set("alt", alt)
    _copy_attributes(source, image, "img", context)


def _convert_media(
    source: etree._Element, target: etree._Element, context: ConversionContext, *, in_link: bool
) -> None:
    src = source.get("src") or next((str(s.get("src")) for s in source.iter("source") if s.get("src")), None)
    if src:
        _link_or_text(target, f"[{context.labels.media}]", src, context, in_link=in_link)
