"""An OPDS 1.2 catalog of a site's books, for e-reader apps: ``opds.xml``, a navigation feed with one entry per
category, and ``opds/<category>.xml``, one acquisition feed per category listing its books newest first.

Each book is in exactly one acquisition feed, with its EPUB (``http://opds-spec.org/acquisition``), its cover
and thumbnail (PNG, JPEG or GIF: :mod:`.artwork`), title, language, dates (``updated``, ``dc:issued``), identifier
and article count. Links are relative, so the catalog works wherever OUT is served. Every date is a book's own,
never the time of the build, so an unchanged site gives the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from ..cleaning.plain import strip_tags
from ..model import SiteConfig
from ..xmlchars import strip_invalid_xml_chars
from .listing import ListedBook, SiteListing, listing_labels, relative_href

__all__ = ["ACQUISITION_TYPE", "NAVIGATION_TYPE", "OPDS_ROOT", "acquisition_path", "to_opds"]

OPDS_ROOT = "opds.xml"
"""Where the catalog's root (its navigation feed) is, relative to OUT."""
NAVIGATION_TYPE = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
_ACQUISITION = "http://opds-spec.org/acquisition"
_IMAGE = "http://opds-spec.org/image"
_THUMBNAIL = "http://opds-spec.org/image/thumbnail"
_ATOM = "http://www.w3.org/2005/Atom"
_DC = "http://purl.org/dc/terms/"
_NAMESPACES: Any = {None: _ATOM, "dc": _DC, "opds": "http://opds-spec.org/2010/catalog"}
"""The default namespace is Atom's (``None``, which the stubs of lxml do not allow for)."""


def acquisition_path(slug: str) -> str:
    """Where the acquisition feed of a category (by its book file name) is, relative to OUT.

    >>> acquisition_path("tech")
    'opds/tech.xml'
    """
    return f"opds/{slug}.xml"


def to_opds(listing: SiteListing, config: SiteConfig) -> dict[str, bytes]:
    """The catalog of ``listing``'s books: each document's bytes by its path relative to OUT (:data:`OPDS_ROOT`
    and one :func:`acquisition_path` per category). An empty catalog when there is no book."""
    labels = listing_labels(config.lang)
    site = _line(config.title) or _line(config.url) or "newsfmt"
    by_category: dict[str, list[ListedBook]] = {}
    for book in listing.books:
        by_category.setdefault(book.category, []).append(book)
    documents: dict[str, bytes] = {}
    root = _feed(config, f"{site} · {labels.books}", _id(config, "root"), listing.books, OPDS_ROOT, NAVIGATION_TYPE)
    for category, books in by_category.items():
        first = books[0]
        path = acquisition_path(first.slug)
        shown = _line(first.category_title) or first.slug
        entry = _entry(root, shown, _id(config, "category", category), _updated(books))
        _text(entry, "content", labels.book_count.format(len(books)), type="text")
        _link(entry, "subsection", relative_href(path, OPDS_ROOT), ACQUISITION_TYPE, title=shown)
        feed = _feed(config, f"{site} · {shown}", _id(config, "feed", category), books, path)
        _link(feed, "up", relative_href(OPDS_ROOT, path), NAVIGATION_TYPE)
        for book in sorted(books, key=lambda b: (b.period, b.volume or 0), reverse=True):
            _book_entry(feed, book, path, config)
        documents[path] = _serialise(feed)
    documents[OPDS_ROOT] = _serialise(root)
    return documents


def _feed(
    config: SiteConfig,
    title: str,
    feed_id: str,
    books: Sequence[ListedBook],
    path: str,
    kind: str = ACQUISITION_TYPE,
) -> etree._Element:
    feed = etree.Element(f"{{{_ATOM}}}feed", nsmap=_NAMESPACES)
    lang = _line(config.lang)
    if lang:
        feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", _date(_updated(books)))
    author = etree.SubElement(feed, f"{{{_ATOM}}}author")
    _text(author, "name", _line(config.author.name if config.author else "") or _line(config.title) or "newsfmt")
    _link(feed, "self", relative_href(path, path), kind)
    _link(feed, "start", relative_href(OPDS_ROOT, path), NAVIGATION_TYPE)
    return feed


def _book_entry(feed: etree._Element, book: ListedBook, path: str, config: SiteConfig) -> None:
    entry = _entry(feed, _line(book.title) or book.slug, _id(config, "book", book.identifier), book.updated)
    _text(entry, "identifier", book.identifier, namespace=_DC)
    _text(entry, "language", book.lang, namespace=_DC)
    _text(entry, "issued", book.issued.date().isoformat(), namespace=_DC)
    publisher = _line(config.title)
    if publisher:
        _text(entry, "publisher", publisher, namespace=_DC)
    category = etree.SubElement(entry, f"{{{_ATOM}}}category")
    category.set("term", _line(book.category) or book.slug)
    category.set("label", _line(book.category_title) or book.slug)
    _text(entry, "summary", listing_labels(config.lang).articles.format(book.articles), type="text")
    _link(entry, _IMAGE, relative_href(book.cover, path), book.cover_type)
    _link(entry, _THUMBNAIL, relative_href(book.thumbnail, path), book.thumbnail_type)
    _link(entry, _ACQUISITION, relative_href(book.path, path), "application/epub+zip", length=str(book.size))


def _entry(parent: etree._Element, title: str, entry_id: str, updated: datetime) -> etree._Element:
    entry = etree.SubElement(parent, f"{{{_ATOM}}}entry")
    _text(entry, "title", title)
    _text(entry, "id", entry_id)
    _text(entry, "updated", _date(updated))
    return entry


def _text(parent: etree._Element, name: str, text: str, *, namespace: str = _ATOM, **attributes: str) -> None:
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", attributes)
    element.text = strip_invalid_xml_chars(text)


def _link(parent: etree._Element, rel: str, href: str, media_type: str, **attributes: str) -> None:
    link = etree.SubElement(parent, f"{{{_ATOM}}}link", rel=rel, href=href, type=media_type)
    for name, value in attributes.items():
        link.set(name, strip_invalid_xml_chars(value))


def _id(config: SiteConfig, *parts: str) -> str:
    """A stable id: a UUID 5 of the site's address (else title) and what the document or entry is about."""
    site = f"{config.url}{config.baseurl}" or config.title
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "newsfmt:opds:" + "|".join((site, *parts))))


def _updated(books: Sequence[ListedBook]) -> datetime:
    return max((book.updated for book in books), default=datetime(1970, 1, 1, tzinfo=UTC))


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _line(text: str) -> str:
    # Titles, names and terms are text, yet some apps render them as HTML: tags dropped as in the feeds.
    return " ".join(strip_tags(strip_invalid_xml_chars(text)).split())


def _serialise(feed: etree._Element) -> bytes:
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))
