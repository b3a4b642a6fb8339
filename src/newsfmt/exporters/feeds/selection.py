"""Which articles a feed carries, and in which order.

Newest first with ties broken by id, filtered by category or tag, cut to a limit; plus the list of feeds a site
asks for (site-wide, per category, per tag) following jekyll-feed's ``feed:`` settings.

>>> from datetime import datetime, timezone
>>> from newsfmt.model import Article
>>> def post(id, day, cats=()):
...     return Article(id=id, title=id, date=datetime(2021, 12, day, tzinfo=timezone.utc), updated=None,
...                    categories=cats, tags=(), authors=(), summary="", body_html="", text="", url=None,
...                    permalink=id, slug=id, lang="en")
>>> [a.id for a in select_articles([post("/b", 1), post("/c", 2, ("news",)), post("/a", 1)])]
['/c', '/a', '/b']
>>> [a.id for a in select_articles([post("/b", 1), post("/c", 2, ("news",)), post("/a", 1)], limit=1)]
['/c']
>>> [a.id for a in select_articles([post("/b", 1), post("/c", 2, ("news",))], category="News")]
['/c']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...errors import ExportError
from ...model import Article, SiteConfig, newest_first
from ...output_names import resolve_term
from .policy import wants_author_feeds, wants_tag_feeds

__all__ = ["FeedPlan", "plan_feeds", "select_articles"]


def select_articles(
    articles: Iterable[Article],
    *,
    category: str | None = None,
    tag: str | None = None,
    limit: int | None = None,
    author: str | None = None,
) -> list[Article]:
    """The articles of one feed: those in ``category``, with ``tag`` and by ``author`` (a name), newest first; all
    of them unless ``limit`` asks for at most that many (``None`` or 0: all).

    Unlike the feed writers, which follow the site's ``feed.posts_limit`` (else 50), this function cuts only
    where told to: ``select_articles(site.articles, category="news")`` is every article of the category.

    A category or tag is looked up among the articles' own (:func:`~newsfmt.output_names.find_term`): its exact
    name, else its output name, else the one term that matches it ignoring case and width; the articles of that
    exact term are chosen. Raises :class:`~newsfmt.ExportError` when the name is ambiguous.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ExportError(f"feed limit must be 0 (all) or more, not {limit!r}")
    articles = list(articles)
    category = resolve_term(articles, "categories", category)
    tag = resolve_term(articles, "tags", tag)
    chosen = newest_first(
        a
        for a in articles
        if (category is None or category in a.categories)
        and (tag is None or tag in a.tags)
        and (author is None or any(person.name == author for person in a.authors))
    )
    return chosen[:limit] if limit else chosen


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed a site asks for."""

    category: str | None = None
    """Only articles of this category (``None``: every article)."""
    tag: str | None = None
    """Only articles with this tag (``None``: no tag filter)."""
    author: str | None = None
    """Only articles by this author (``None``: no author filter)."""


def plan_feeds(
    articles: Iterable[Article], config: SiteConfig, *, every_category: bool = True, tags: bool | None = None
) -> list[FeedPlan]:
    """The feeds of a site: the site-wide feed, one per category, one per tag and one per author when asked for.

    Categories come from jekyll-feed's ``feed.categories`` when the site names some, else (``every_category``)
    from every article; tags when ``tags`` is true, or (``None``) when the site's ``feed.tags`` is on; authors
    when ``newsfmt: feeds: authors:`` is on. Order: site-wide, categories, tags, authors, each sorted.
    """
    articles = list(articles)
    if config.feed.categories:
        categories = list(dict.fromkeys(config.feed.categories))
    elif every_category:
        categories = sorted({c for a in articles for c in a.categories})
    else:
        categories = []
    tag_names = sorted({t for a in articles for t in a.tags}) if wants_tag_feeds(config, tags) else []
    authors = sorted({p.name for a in articles for p in a.authors}) if wants_author_feeds(config) else []
    return [
        FeedPlan(),
        *(FeedPlan(category=c) for c in categories),
        *(FeedPlan(tag=t) for t in tag_names),
        *(FeedPlan(author=name) for name in authors),
    ]
