"""Every feed document ``newsfmt build`` writes for a site: the subscription feeds of :func:`.plan_feeds` in each
format, and, when the site asks for them, their RFC 5005 archive documents.

Archives. Each subscription feed of the site and of each category keeps its entry limit; every one of its posts
also sits in the archive of its period (``newsfmt: feeds: archive_by: month`` or ``year``, in the site's time zone),
written in the feed's format (Atom or RSS; JSON Feed has none). The subscription feed links the newest archive
(``prev-archive``); each archive links the subscription feed (``current``), the next older archive
(``prev-archive``) and the next newer one (``next-archive``), and is marked ``fh:archive``. So following
``prev-archive`` from a subscription feed reaches every post, and an archive changes only while it is the newest
(it gains posts, and a ``next-archive`` link when the next period's first post arrives): an older one is final.
Paths and links come from the one policy (:mod:`.policy`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ...model import Article, SiteConfig
from ...output_names import SiteNames, author_names
from ...vocabulary import FEED_FORMATS, FeedFormat
from .policy import (
    ArchiveLinks,
    archive_path,
    archive_period,
    feed_path,
    feed_url,
    is_archived,
    subscription_links,
    wants_author_feeds,
)
from .selection import FeedPlan, plan_feeds, select_articles

__all__ = ["FeedDocument", "feed_documents"]


@dataclass(frozen=True, slots=True)
class FeedDocument:
    """One feed file of a site."""

    path: str
    """Where it goes, relative to the output folder."""
    fmt: FeedFormat
    """Its format."""
    plan: FeedPlan
    """The feed it is, or whose archive it is."""
    articles: Sequence[Article]
    """Its entries, newest first, already limited."""
    archive: ArchiveLinks | None = None
    """Its RFC 5005 links (site-relative URLs), when the site has archives."""

    @property
    def self_url(self) -> str:
        """Its site-relative URL (its self link)."""
        return feed_url(self.path)

    @property
    def is_archive(self) -> bool:
        """Whether it is an archive document rather than a subscription feed."""
        return self.archive is not None and self.archive.is_archive


def feed_documents(
    articles: Sequence[Article],
    config: SiteConfig,
    *,
    names: SiteNames,
    limit: int,
    tags: bool | None = None,
) -> Iterator[FeedDocument]:
    """The feed documents of a site whose published ``articles`` (newest first) have the output ``names``; each
    subscription feed carries ``limit`` entries (0: all), tag feeds as ``tags`` says (:func:`.plan_feeds`)."""
    if wants_author_feeds(config) and not names.authors.names:
        names = replace(names, authors=author_names(articles))
    by_category = _grouped(articles, "categories")
    by_tag = _grouped(articles, "tags")
    for plan in plan_feeds(articles, config, every_category=True, tags=tags):
        every = _every(articles, by_category, by_tag, plan)
        chosen = every[:limit] if limit else every
        scope = {"category": plan.category, "tag": plan.tag, "author": plan.author}
        for fmt in FEED_FORMATS:
            path = feed_path(fmt, **scope, names=names, config=config)
            if not is_archived(config, fmt, **scope):
                yield FeedDocument(path, fmt, plan, chosen)
                continue
            newest = every[0].date if every else None
            yield FeedDocument(path, fmt, plan, chosen, subscription_links(config, path, newest))
            yield from _archives(path, fmt, plan, every, config)


def _archives(
    subscription: str, fmt: FeedFormat, plan: FeedPlan, articles: Sequence[Article], config: SiteConfig
) -> Iterator[FeedDocument]:
    """The archive documents of one subscription feed, oldest first."""
    by = config.options.feeds.archive_by
    periods: dict[str, list[Article]] = {}
    for article in reversed(articles):  # oldest first, so that the periods come in order
        periods.setdefault(archive_period(article.date, by), []).append(article)
    keys = sorted(periods)
    paths = [archive_path(subscription, period, config) for period in keys]
    for index, period in enumerate(keys):
        links = ArchiveLinks(
            current=feed_url(subscription),
            prev_archive=feed_url(paths[index - 1]) if index else None,
            next_archive=feed_url(paths[index + 1]) if index + 1 < len(keys) else None,
        )
        yield FeedDocument(paths[index], fmt, plan, periods[period][::-1], links)


def _grouped(articles: Sequence[Article], field_name: str) -> dict[str, list[Article]]:
    """Articles by exact category (or tag), in the order given: one pass for every feed."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        for name in getattr(article, field_name):
            groups.setdefault(name, []).append(article)
    return groups


def _every(
    articles: Sequence[Article], by_category: dict[str, list[Article]], by_tag: dict[str, list[Article]], plan: FeedPlan
) -> Sequence[Article]:
    """Every article of a feed, as :func:`.select_articles` would choose them from ``articles`` (already newest
    first), without a sort per feed."""
    if plan.author is not None or (plan.category is not None and plan.tag is not None):
        return select_articles(articles, category=plan.category, tag=plan.tag, author=plan.author, limit=0)
    if plan.category is not None:
        return by_category.get(plan.category, [])
    if plan.tag is not None:
        return by_tag.get(plan.tag, [])
    return articles
