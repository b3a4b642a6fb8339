"""Parse an HTML fragment once, with lxml, into a ``body`` element: safely, whatever the input."""

from __future__ import annotations

import re
import threading

from lxml import etree

from ..errors import PostError
from ..xmlchars import strip_invalid_xml_chars

__all__ = ["MAX_DEPTH", "parse_fragment", "text_content"]

MAX_DEPTH = 2000
"""Nesting deeper than libxml2's limit (2048 with ``huge_tree``) cannot be parsed without losing text."""

# Document-level tags would let the fragment escape the body we wrap it in (libxml2 drops what
# follows a stray </body></html>), so they go before parsing; their content stays.
_DOCUMENT_TAGS = re.compile(
    r"<!doctype[^>\[]*(?:\[[^\]]*\])?[^>]*>|</?(?:html|head|body)(?=[\s/>])[^>]*>", re.IGNORECASE
)
_NUMERIC_REFERENCE = "&#"

_local = threading.local()


def _parser() -> etree.HTMLParser:
    # lxml parsers keep state (the error log), so each thread gets its own.
    parser: etree.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=False,
            no_network=True,
            huge_tree=True,  # 10 MB bodies are text too; depth stays bounded (see MAX_DEPTH)
            default_doctype=False,  # type: ignore[call-arg]  # missing from lxml-stubs
            compact=True,
        )
        _local.parser = parser
    return parser


def parse_fragment(html: str) -> etree._Element:
    """Parse an HTML fragment into a detached ``body`` element holding it.

    Characters XML forbids are removed (also those written as numeric references), comments and
    processing instructions dropped, no entity or DTD is ever fetched. Raises
    :class:`~newsfmt.PostError` when the input nests too deep to be parsed completely.

    >>> body = parse_fragment("<p>株洲&nbsp;日报<!-- x --></p>")
    >>> body.tag, body[0].text
    ('body', '株洲\\xa0日报')
    """
    html = strip_invalid_xml_chars(html).replace("\r\n", "\n").replace("\r", "\n")
    if "<" in html:
        html = _DOCUMENT_TAGS.sub("", html)
    if not html.strip():
        return etree.Element("body")
    parser = _parser()
    try:
        document = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:  # pragma: no cover - recover mode
        raise PostError(f"HTML body cannot be parsed: {exc}") from exc
    last = parser.error_log.last_error  # the depth limit stops the parser, so it is the last error
    if last is not None and (last.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in last.message):
        raise PostError(f"HTML body nests elements deeper than {MAX_DEPTH} levels; it cannot be cleaned")
    body = document.find("body") if document is not None else None
    if body is None:
        return etree.Element("body")
    if _NUMERIC_REFERENCE in html:
        _strip_referenced_controls(body)
    return body


def _strip_referenced_controls(body: etree._Element) -> None:
    # &#1; or &#xFFFE; become characters that XML forbids; they are removed like literal ones.
    for element in body.iter():
        if element.text:
            # None, not "": "" would be written <x></x>, and read back as <x/>.
            element.text = strip_invalid_xml_chars(element.text) or None
        if element.tail and element is not body:
            element.tail = strip_invalid_xml_chars(element.tail) or None
        for name, value in element.attrib.items():
            if strip_invalid_xml_chars(str(value)) != value:
                del element.attrib[name]  # a hostile value; no allowed attribute needs control characters


def text_content(element: etree._Element) -> str:
    """The text of ``element`` and its descendants, without its tail (``"".join(element.itertext())``).

    lxml joins it in C, several times faster than ``itertext``; a leaf only needs its text.
    """
    if len(element) == 0:
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)
