"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written with the standard library.

The entries, ids, dates and limits are those of the RSS and Atom feeds (:mod:`.view`); only the
serialisation differs. Keys come in a fixed order, ``version`` first; text stays UTF-8 (no ``\\u`` escapes).
JSON Feed has no archive documents (its ``next_url`` pages a feed, it does not freeze its past): a site's
RFC 5005 archives are written in Atom and RSS only, and the JSON feed announces the WebSub hub in ``hubs``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ...model import Article, Author, SiteConfig
from ...vocabulary import FeedContent
from .policy import ArchiveLinks
from .view import FeedEntry, FeedView, build_view

__all__ = ["JSON_FEED_VERSION", "item_piece", "json_feed_of", "to_json_feed"]

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _authors(authors: Iterable[Author]) -> list[dict[str, str]]:
    # JSON Feed authors have a name, a url and an avatar; an e-mail address has no place there.
    return [{"name": a.name, **({"url": a.url} if a.url else {})} for a in authors]


def _item(entry: FeedEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.link, "title": entry.title}
    if entry.content_html is not None:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary or entry.title
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image:
        item["image"] = entry.image
    item["date_published"] = entry.published.isoformat()
    if entry.updated != entry.published:
        item["date_modified"] = entry.updated.isoformat()
    if entry.authors:
        item["authors"] = _authors(entry.authors)
    if entry.categories:
        item["tags"] = list(entry.categories)
    if entry.lang:
        item["language"] = entry.lang
    if entry.enclosure is not None and entry.enclosure.url != entry.image:
        enclosure = entry.enclosure
        attachment = {"url": enclosure.url, "mime_type": enclosure.type}
        item["attachments"] = [{**attachment, "size_in_bytes": enclosure.length} if enclosure.length else attachment]
    return item


def _document(view: FeedView) -> dict[str, Any]:
    document: dict[str, Any] = {"version": JSON_FEED_VERSION, "title": view.title, "home_page_url": view.home_url}
    if view.self_url:
        document["feed_url"] = view.self_url
    if view.hub:
        document["hubs"] = [{"type": "WebSub", "url": view.hub}]
    document["description"] = view.description
    document["language"] = view.lang
    document["authors"] = _authors(view.authors)
    return document


_ITEM_INDENT = "    "
"""Items sit two levels deep (the document, its ``items`` list), indented by two spaces a level."""


def item_piece(entry: FeedEntry) -> bytes:
    """One entry as :func:`to_json_feed` writes it in any feed (indented for its place, without the comma)."""
    text = json.dumps(_item(entry), ensure_ascii=False, indent=2)
    # JSON strings hold no raw line break, so every line break is the serialiser's own.
    return (_ITEM_INDENT + text.replace("\n", "\n" + _ITEM_INDENT)).encode("utf-8")


def json_feed_of(view: FeedView, items: Sequence[bytes]) -> bytes:
    """The JSON Feed document of ``view``'s metadata holding ``items`` (from :func:`item_piece`), as
    ``json.dumps(document, indent=2)`` writes it with ``items`` as its last key."""
    head = json.dumps(_document(view), ensure_ascii=False, indent=2).encode("utf-8")
    head = head.removesuffix(b"\n}") + b',\n  "items": '
    if not items:
        return head + b"[]\n}\n"
    return head + b"[\n" + b",\n".join(items) + b"\n  ]\n}\n"


def to_json_feed(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    title: str | None = None,
    feed_url: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    archive: ArchiveLinks | None = None,
) -> bytes:
    """A JSON Feed 1.1 document of ``articles`` (UTF-8 bytes), newest first; the options are those of
    :func:`~newsfmt.to_rss` (default ``feed_url``: ``/feed.json`` on the site).

    >>> from newsfmt.model import SiteConfig
    >>> to_json_feed([], SiteConfig(title="演示", url="https://example.org")).decode().splitlines()[1]
    '  "version": "https://jsonfeed.org/version/1.1",'
    """
    view = build_view(
        articles,
        config,
        fmt="json",
        title=title,
        feed_url=feed_url,
        limit=limit,
        content=content,
        category=category,
        tag=tag,
        author=author,
        archive=archive,
    )
    return json_feed_of(view, [item_piece(entry) for entry in view.entries])
