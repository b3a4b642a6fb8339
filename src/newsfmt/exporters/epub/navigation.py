"""The navigation document as readers meet it: the table of contents is a page of the book, the landmarks are not.

ebooklib writes the landmarks ``nav`` (cover, contents, first chapter: what a reading system's "go to" menu offers)
visible, so a reader paging through the contents page sees a second list titled "Guide". EPUB 3 lets a navigation
document in the spine hide a ``nav`` from the rendered page with the ``hidden`` attribute, which reading systems
still read (EPUB 3.3, "The nav element: restrictions"; ebooklib's own page list is written so).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import etree

from ...lxml_parsers import per_thread_xml_parser

__all__ = ["hide_landmarks", "writer_class"]

_XHTML = "http://www.w3.org/1999/xhtml"
_OPS = "http://www.idpf.org/2007/ops"
_parser = per_thread_xml_parser(resolve_entities=False, no_network=True, remove_blank_text=False)


def hide_landmarks(nav: bytes) -> bytes:
    """The navigation document ``nav`` (as ebooklib writes it) with ``hidden=""`` on its landmarks ``nav``.

    >>> page = (b'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>'
    ...         b'<nav epub:type="toc"/><nav epub:type="landmarks"/></body></html>')
    >>> b'<nav epub:type="toc"/><nav epub:type="landmarks" hidden=""/>' in hide_landmarks(page)
    True
    """
    root = etree.fromstring(nav, _parser())
    for element in root.iter(f"{{{_XHTML}}}nav"):
        if element.get(f"{{{_OPS}}}type") == "landmarks":
            element.set("hidden", "")
    data: bytes = etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)
    return data + b"\n"  # as ebooklib ends it


@cache
def writer_class(writer: type[Any]) -> type[Any]:
    """ebooklib's ``EpubWriter`` class ``writer``, writing the navigation document with hidden landmarks."""

    class Writer(writer):  # type: ignore[misc]
        def _get_nav(self, item: Any) -> bytes:
            return hide_landmarks(super()._get_nav(item))

    return Writer
