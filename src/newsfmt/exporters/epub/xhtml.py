"""HTML fragments to XHTML that epubcheck accepts: allowed elements and attributes only, valid nesting, valid links.

``Article.body_html`` is already clean, but a book must never fail validation because of one odd post, so every
fragment goes through the same rules. There are two ways through them, with the same result:

* the fast path (:mod:`.fast_path`), for fragments that are well-formed XML and that the HTML5 parser would
  read as the very same tree (what newsfmt's cleaner writes): one XML parse straight into the XHTML namespace, then
  the rules applied in place, touching only what they change;
* the general path (:mod:`.general_path`), for anything else: the HTML5 parser (as browsers read HTML), then the
  fragment rebuilt element by element.

Both apply the rules of :mod:`.content_model`, keep attributes by :mod:`.attributes`, repair lists and tables by
:mod:`.containers` and make links valid by :mod:`.urls`.

The fast path gives up (and the general path runs) at the first thing it is not sure of. Nothing here knows about
ebooklib or zip files; images are delegated to a callback that says where (or whether) a picture lives in the book.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ...xmlchars import strip_invalid_xml_chars
from .content_model import XHTML_NS, XHTML_PREFIX
from .context import ConversionContext, ImageResolver, XhtmlLabels
from .escaping import escape_attribute, escape_text
from .fast_path import fast_fragment
from .general_path import convert_children, parse_fragment
from .urls import clean_url

__all__ = ["fragment_to_xhtml", "link_markup"]


def fragment_to_xhtml(
    html: str,
    *,
    resolve_image: ImageResolver,
    absolute: Callable[[str], str | None] | None = None,
    labels: XhtmlLabels | None = None,
) -> etree._Element:
    """Rebuild an HTML fragment as an XHTML ``div`` that passes the EPUB 3 content-document rules.

    The cleaner's allow-list decides, narrowed for a book (:mod:`.content_model`): named entities become
    characters, unknown elements are unwrapped (dangerous ones dropped with their content), attributes not allowed
    on an element are dropped (ids too, so fragment links lose their ``href``), nesting is repaired (blocks inside
    paragraphs unwrapped, list items, table rows and cells put into their containers). Relative link targets go
    through ``absolute`` (which may return None to drop the link).

    >>> div = fragment_to_xhtml('<p>a&nbsp;<span href="x" lang="en" id="1">b</span></p>', resolve_image=lambda s: None)
    >>> etree.tostring(div, encoding="unicode")
    '<div xmlns="http://www.w3.org/1999/xhtml"><p>a\\xa0<span lang="en" xml:lang="en">b</span></p></div>'
    """
    context = ConversionContext(resolve_image, absolute or (lambda url: None), labels or XhtmlLabels())
    # The fast path needs no stripping: its XML parser refuses the characters XML forbids (lone surrogates do not even
    # encode). Where it gives up, the general path strips them.
    root = fast_fragment(html, context) if html.strip() else None
    if root is None:
        html = strip_invalid_xml_chars(html)
        root = etree.Element(XHTML_PREFIX + "div", nsmap={None: XHTML_NS})  # type: ignore[dict-item]
        source = parse_fragment(html) if html.strip() else None
        if source is not None:
            convert_children(source, root, context, phrasing=False, in_link=False)
    return root


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
    href = clean_url(url, absolute or (lambda url: None))
    start = "<a" if href is None else f'<a href="{escape_attribute(href)}"'
    return f"{start}>{escape_text(text)}</a>" if text else f"{start}/>"
