"""A feed of every post of a site, each post read in a worker process straight into its entry's bytes.

``newsfmt feed --limit 0`` needs every body, but only as the feed's entries: each worker reads its posts as
:func:`~newsfmt.load_site` does (:func:`~newsfmt.readers.reading.read_source_file`, no plain text but what a feed
shows), renders each published post's entry in the feed's format (:func:`~newsfmt.exporters.feeds.pieces.entry_piece`,
the code the build's cached entries come from) and sends back those bytes with the article without its body
(:func:`~newsfmt.model.without_body`): what choosing, ordering and framing the entries need. The main process joins
them in the frame :func:`~newsfmt.exporters.feeds.pieces.feed_from_pieces` makes, so the feed is the same bytes as
:func:`~newsfmt.to_rss` and its siblings write of the articles ``load_site`` reads, and there is still one writer.

Bodies that link to other posts (``post_url``, ``link``) come back unrendered and are rendered here once every
permalink is known, as ``load_site`` does. A file that is no post is one problem, and the others are read on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from .model import Article, Problem, Site, SiteConfig, without_body
from .parallel import map_batches
from .readers.reading import Reader, Selection, SourceRead, links_between, read_source_file, render_linked
from .readers.site import _problems_of, authors_data, discover
from .readers.sources import SourceFile
from .site_files import SiteFiles
from .vocabulary import FeedContent, FeedFormat

__all__ = ["EveryEntry", "read_every_entry"]


@dataclass(frozen=True, slots=True)
class _EntryReader:
    """What a worker needs besides the file: sent once to each worker process."""

    reader: Reader
    fmt: FeedFormat
    content: FeedContent
    files: SiteFiles


class _PostEntry(NamedTuple):
    """One source file as the main process needs it: small, but for the entry's bytes."""

    rel_path: str
    permalink: str
    readable: bool
    """Whether the file is a post (its permalink is one that others may link to)."""
    article: Article | None
    """The published post, without its body."""
    entry: bytes
    """Its entry in the feed's format (empty for no published post)."""
    problems: tuple[Problem, ...]
    linked: SourceRead | None
    """A body that links to other posts, to render once every permalink is known."""


def _entries_of(context: _EntryReader, sources: Sequence[SourceFile]) -> list[_PostEntry]:
    """A chunk of files read, with the entries of their published posts rendered together (cheaper so)."""
    return _finished(context, [read_source_file(context.reader, source) for source in sources])


def _finished(context: _EntryReader, reads: Sequence[SourceRead]) -> list[_PostEntry]:
    from .exporters.feeds.pieces import format_pieces

    posts = [_post_of(read, context.reader.selection) for read in reads]
    published = [post.article for post in posts if post.article is not None]
    config = context.reader.config
    entries = iter(format_pieces(published, config, context.content, context.fmt, context.files))
    return [
        post._replace(article=without_body(post.article), entry=next(entries)) if post.article is not None else post
        for post in posts
    ]


def _post_of(read: SourceRead, selection: Selection) -> _PostEntry:
    """A read as the main process needs it, but for its entry (and with its full article, to render it from)."""
    readable = read.error is None
    if read.linked is not None:
        return _PostEntry(read.rel_path, read.permalink, readable, None, b"", (), read)
    problems: tuple[Problem, ...] = ()
    if read.notes or read.error or read.warnings:
        problems = tuple(_problems_of(read, read.path, selection, strict=False))
    article = read.article if readable and selection.publishes(read.publication) else None
    return _PostEntry(read.rel_path, read.permalink, readable, article, b"", problems, None)


@dataclass(frozen=True, slots=True)
class EveryEntry:
    """Every published post of a site as a feed needs it: without its body, beside its entry's bytes."""

    site: Site
    """The articles (without their bodies), newest first, and the problems reading met."""
    entries: tuple[bytes, ...]
    """The entry of ``site.articles[i]`` in the feed's format, at ``i``."""
    fmt: FeedFormat

    def chosen(self, *, category: str | None = None, tag: str | None = None) -> list[int]:
        """The places in ``site.articles`` of the articles of the exact ``category`` and ``tag`` (each when given)."""
        return [
            index
            for index, article in enumerate(self.site.articles)
            if (category is None or category in article.categories) and (tag is None or tag in article.tags)
        ]

    def feed(
        self,
        *,
        category: str | None = None,
        tag: str | None = None,
        title: str | None = None,
        feed_url: str | None = None,
    ) -> bytes:
        """The feed of every post of the exact ``category`` and ``tag`` (each when given), as the format's writer
        makes it of the full articles with ``limit=0`` and the same options."""
        from .exporters.feeds.pieces import feed_from_pieces
        from .exporters.feeds.view import feed_address

        every = self.site.articles
        wanted = self.chosen(category=category, tag=tag)
        chosen = [every[index] for index in wanted]
        config = self.site.config
        url, archive = feed_address(
            every,
            chosen,
            config,
            fmt=self.fmt,
            feed_url=feed_url,
            category=category,
            tag=tag,
            author=None,
            archive=None,
        )
        pieces = [self.entries[index] for index in wanted]
        return feed_from_pieces(
            self.fmt, chosen, pieces, config, feed_url=url, category=category, tag=tag, archive=archive, title=title
        )


def read_every_entry(
    root: Path | str, config: SiteConfig, fmt: FeedFormat, *, content: FeedContent, jobs: int
) -> EveryEntry:
    """Read every post of the site at ``root`` (published as :func:`~newsfmt.load_site` decides by default) into
    its entry in feeds of ``fmt`` carrying ``content``, in ``jobs`` worker processes."""
    selection = Selection.of_site(config, now=datetime.now(UTC))
    reader = Reader(config, authors_data(config), selection, "published", plain_text=False)
    context = _EntryReader(reader, fmt, content, SiteFiles(config))
    posts = map_batches(_entries_of, context, discover(config, drafts=selection.drafts), jobs=jobs)
    if any(post.linked for post in posts):
        posts = _with_linked_rendered(posts, context)
    problems = sorted((p for post in posts for p in post.problems), key=lambda p: (str(p.path), p.line or 0))
    published = [(post.article, post.entry) for post in posts if post.article is not None]
    order = _newest_first([article for article, _ in published])
    site = Site(config=config, articles=tuple(published[i][0] for i in order), problems=tuple(problems))
    return EveryEntry(site, tuple(published[i][1] for i in order), fmt)


def _with_linked_rendered(posts: Sequence[_PostEntry], context: _EntryReader) -> list[_PostEntry]:
    """The posts with the bodies that link to other posts rendered, now that every permalink is known."""
    resolve = links_between((post.rel_path, post.permalink) for post in posts if post.readable)
    config = context.reader.config
    pending = [post.linked for post in posts if post.linked is not None]
    rendered = iter(_finished(context, render_linked(pending, config, resolve, plain_text=False)))
    return [next(rendered) if post.linked else post for post in posts]


def _newest_first(articles: Sequence[Article]) -> list[int]:
    """The places of ``articles`` in :func:`~newsfmt.model.newest_first` order (ties kept in their order)."""
    order = sorted(range(len(articles)), key=lambda index: articles[index].id)
    order.sort(key=lambda index: articles[index].date, reverse=True)
    return order
