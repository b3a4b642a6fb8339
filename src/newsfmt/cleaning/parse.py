"""Parse an HTML fragment once, as an HTML5 parser (a browser) does, into an lxml ``body`` element.

Bodies are read by the rules of HTML5, not libxml2's HTML 4 parser, which drops words that browsers show (text
after an ``<embed>``, stray text in a table). Most bodies are XML that HTML5 reads as the same tree and take a
shortcut through lxml's XML parser (:mod:`.xml_shortcut`); the others go through Lexbor (:mod:`.lexbor_tree`).
Either way the result is the tree of the HTML standard.
"""

from __future__ import annotations

from lxml import etree

from ..xmlchars import strip_invalid_xml_chars
from .lexbor_tree import MAX_DEPTH, parse_with_lexbor_as_written
from .raw_text import protect_unclosed_raw_text
from .xml_shortcut import parse_as_xml

__all__ = ["MAX_DEPTH", "parse_fragment", "parse_fragment_as_written", "text_content"]


def parse_fragment(html: str, warnings: list[str] | None = None) -> etree._Element:
    """Parse an HTML fragment into a detached ``body`` element holding it, as a browser reads a page's body.

    Characters XML forbids are removed (also those written as numeric references), comments, processing
    instructions and doctypes dropped, ``html``/``head``/``body`` tags ignored, no entity or DTD is ever fetched.
    A start tag of an element whose content HTML reads as raw text (``<title>``, ``<textarea>``…) that is never
    closed is read as text rather than swallowing the rest of the fragment; each such case is added to
    ``warnings`` when given.

    >>> body = parse_fragment("<p>株洲&nbsp;日报<!-- x --><embed src=v.swf>视频</p>")
    >>> body.tag, body[0].text, body[0][0].tail
    ('body', '株洲\\xa0日报', '视频')
    """
    return parse_fragment_as_written(html, warnings)[0]


def parse_fragment_as_written(html: str, warnings: list[str] | None = None) -> tuple[etree._Element, bool]:
    """:func:`parse_fragment`, and whether the tree is the markup as written (the XML shortcut, markup that Lexbor
    writes back as it read it, or text only).

    When it is not, the HTML5 parser moved something (a table's stray content, a misnested formatting element),
    and serialising the tree may give markup that the parser would read back otherwise.
    """
    if not html.strip():
        return etree.Element("body"), True
    if "<" not in html and "&" not in html:
        return _text_only(_normalised(html)), True
    # A raw-text element's start tag is never in markup the shortcut takes (XML text holds no "<", and no such
    # element is in the shortcut's set), so there is nothing to protect when it does.
    body = _shortcut(html)
    if body is not None:
        return body, True
    html, unclosed = protect_unclosed_raw_text(html)
    if warnings is not None:
        warnings.extend(unclosed)
    body = _shortcut(html) if unclosed else None
    if body is None:
        return parse_with_lexbor_as_written(_normalised(html))
    return body, True


def _shortcut(html: str) -> etree._Element | None:
    # XML reads line breaks as HTML5 does, and refuses what XML forbids: no need to remove it first.
    return parse_as_xml(html)


def _normalised(html: str) -> str:
    return strip_invalid_xml_chars(html).replace("\r\n", "\n").replace("\r", "\n")


def _text_only(text: str) -> etree._Element:
    body = etree.Element("body")
    body.text = text or None
    return body


def text_content(element: etree._Element) -> str:
    """The text of ``element`` and its descendants, without its tail (``"".join(element.itertext())``).

    lxml joins it in C, several times faster than ``itertext``; a leaf only needs its text.
    """
    if len(element) == 0:
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)
