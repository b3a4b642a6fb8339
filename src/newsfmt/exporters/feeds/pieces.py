"""Feeds from pieces: each entry rendered once and kept as bytes, a feed then its frame around the chosen entries.

An entry of a feed does not depend on the feed it is in (:func:`~.view.feed_entry`), so the build renders each
post's RSS item, Atom entry and JSON Feed item once, keeps them in its cache, and writes every feed by joining the
entries it chose inside the feed's frame. Both halves are cut from what :func:`~newsfmt.to_rss`,
:func:`~newsfmt.to_atom` and :func:`~newsfmt.to_json_feed` write, so a feed made of pieces is the same bytes as
the one those functions make of the same articles (a test checks it on every site at hand). ``newsfmt feed --limit
0`` renders the entries of one format the same way, in the workers that read the posts (:mod:`newsfmt.whole_feed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Article, SiteConfig
from ...site_files import SiteFiles
from ...vocabulary import FeedContent, FeedFormat
from .policy import ArchiveLinks
from .view import FeedEntry, feed_entry, frame_view

__all__ = ["entry_pieces", "feed_from_pieces", "format_pieces", "piece_kind"]


def piece_kind(fmt: FeedFormat, content: FeedContent) -> str:
    """The name under which the cache keeps an article's entry in feeds of ``fmt`` carrying ``content``."""
    return f"{fmt}-{content}"


def entry_pieces(
    article: Article, config: SiteConfig, content: FeedContent, files: SiteFiles | None = None
) -> dict[FeedFormat, bytes]:
    """The article's entry in every feed format, each as the format's writer puts it in any feed of the site
    (``files`` looks up the site's files that enclosures name; one per site saves lookups)."""
    entry = feed_entry(article, config, content=content, files=files or SiteFiles(config))
    return {fmt: _piece(entry, fmt) for fmt in _FORMATS}


_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "json")


def format_pieces(
    articles: Sequence[Article], config: SiteConfig, content: FeedContent, fmt: FeedFormat, files: SiteFiles
) -> list[bytes]:
    """Each article's entry in feeds of ``fmt`` alone, what :func:`entry_pieces` gives for that format (RSS and
    Atom entries cut from one document: cheaper by the entry than one at a time)."""
    entries = [feed_entry(article, config, content=content, files=files) for article in articles]
    if fmt == "json":
        return [_piece(entry, fmt) for entry in entries]
    from .rss_atom import entry_pieces_of

    return entry_pieces_of(entries, fmt)


def _piece(entry: FeedEntry, fmt: FeedFormat) -> bytes:
    if fmt == "json":
        from .json_feed import item_piece

        return item_piece(entry)
    from .rss_atom import entry_piece as rss_atom_piece

    return rss_atom_piece(entry, fmt)


def feed_from_pieces(
    fmt: FeedFormat,
    articles: Sequence[Article],
    pieces: Sequence[bytes],
    config: SiteConfig,
    *,
    feed_url: str,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    archive: ArchiveLinks | None = None,
    title: str | None = None,
) -> bytes:
    """The feed of ``articles`` (chosen and ordered already; without their bodies) from their entries, in the same
    order (``pieces[i]``, from :func:`entry_pieces` or :func:`format_pieces`, is the entry of ``articles[i]``), as
    the format's writer makes it with ``limit=0`` and the same options."""
    view = frame_view(
        articles, config, feed_url=feed_url, category=category, tag=tag, author=author, archive=archive, title=title
    )
    if fmt == "json":
        from .json_feed import json_feed_of

        return json_feed_of(view, pieces)
    from .rss_atom import feed_frame

    head, tail = feed_frame(view, fmt)
    return head + b"".join(pieces) + tail
