"""One output of a site, reading only what it needs: the library side of ``newsfmt feed``, ``epub`` and ``text``.

A feed of the newest 50 posts, or one category's book of one year, needs every post's front matter (to choose)
but only the chosen bodies (to clean); these functions read that way and hand back what was read, problems
included, so that the CLI only prints and writes. The feeds are those ``newsfmt build`` writes, byte for byte,
because both go through the one feed policy (:mod:`newsfmt.exporters.feeds.policy`).

All three choose posts alike: a category or tag by its name or its output name
(:func:`~newsfmt.output_names.find_term`), and a category, tag or year the site does not have is an
:class:`~newsfmt.ExportError` that names the closest ones it has, never an empty output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ExportError
from .model import Article, Site, SiteConfig
from .output_names import OutputNames, require_term, site_names, term_names, unknown_message
from .parallel import available_cores
from .readers.config import load_config
from .readers.inputs import load_path
from .vocabulary import BookSplit, FeedContent, FeedFormat, TermField

if TYPE_CHECKING:
    from .exporters.epub.plan import BookPlan

__all__ = ["SiteBooks", "SiteFeed", "books_of_site", "chosen_articles", "feed_of_site", "require_year"]


@dataclass(frozen=True, slots=True)
class SiteFeed:
    """One feed of a site, and what reading the site found."""

    data: bytes
    """The feed document."""
    site: Site
    """The articles read (only those the feed needed, when it has a limit) and the problems met."""
    matched: bool
    """Whether any article has the category and tag asked for (always true without either)."""


def feed_of_site(
    root: Path | str,
    fmt: FeedFormat,
    *,
    category: str | None = None,
    tag: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    title: str | None = None,
    feed_url: str | None = None,
    strict: bool = False,
    config: SiteConfig | None = None,
    jobs: int | None = None,
) -> SiteFeed:
    """One feed of the site at ``root``, as :func:`~newsfmt.to_rss` and its siblings write it (and so as
    ``newsfmt build`` does); the options are theirs. With a limit (the default: the site's ``feed.posts_limit``,
    else 50) and without ``strict``, only the chosen bodies are cleaned (:func:`~newsfmt.load_newest`); no plain
    text is made but what a feed shows (``SiteFeed.site``'s articles have ``text`` only where they lack a summary).
    Without a limit (0) and without ``strict``, each post is read in a worker process straight into its entry
    (:mod:`newsfmt.whole_feed`), and ``SiteFeed.site``'s articles are without their bodies
    (:func:`~newsfmt.model.without_body`). ``jobs`` worker processes read the posts (default: one per core).
    Raises :class:`~newsfmt.ExportError` for an unknown format, a bad option, or a category or tag no published
    post has (naming the closest ones).
    """
    from .exporters.feeds.formats import feed_writer
    from .exporters.feeds.policy import feed_path, resolve_limit
    from .exporters.feeds.policy import feed_url as url_of_path
    from .exporters.feeds.selection import select_articles
    from .readers.site import read_newest

    writer = feed_writer(fmt)
    config = config or load_config(root)
    count = resolve_limit(limit, config)
    if not count and not strict:
        return _feed_of_every_post(
            root, fmt, config, category=category, tag=tag, content=content, title=title, feed_url=feed_url, jobs=jobs
        )
    if count and not strict:
        newest = read_newest(
            root, count, category=category, tag=tag, config=config, jobs=jobs or available_cores(), plain_text=False
        )
        site, every = newest.site, newest.heads
    else:
        site = load_path(root, strict=strict, config=config, plain_text=False, jobs=jobs)
        every = site.articles
    # The term and its feed's address are those of the whole site, not of the few articles read in full.
    category = _required(every, "categories", category)
    tag = _required(every, "tags", tag)
    if feed_url is None and (category or tag):
        feed_url = url_of_path(feed_path(fmt, category=category, tag=tag, names=site_names(every), config=config))
    options = {"title": title, "feed_url": feed_url, "limit": limit, "content": content}
    data = writer(site.articles, site.config, category=category, tag=tag, **options)
    matched = not (category or tag) or bool(select_articles(site.articles, category=category, tag=tag, limit=1))
    return SiteFeed(data=data, site=site, matched=matched)


def _feed_of_every_post(
    root: Path | str,
    fmt: FeedFormat,
    config: SiteConfig,
    *,
    category: str | None,
    tag: str | None,
    content: FeedContent | None,
    title: str | None,
    feed_url: str | None,
    jobs: int | None,
) -> SiteFeed:
    """:func:`feed_of_site` with every post in the feed, without ``strict``."""
    from .exporters.feeds.policy import resolve_content
    from .whole_feed import read_every_entry

    read = read_every_entry(root, config, fmt, content=resolve_content(content, config), jobs=jobs or available_cores())
    every = read.site.articles
    category = _required(every, "categories", category)
    tag = _required(every, "tags", tag)
    data = read.feed(category=category, tag=tag, title=title, feed_url=feed_url)
    matched = not (category or tag) or bool(read.chosen(category=category, tag=tag))
    return SiteFeed(data=data, site=read.site, matched=matched)


def _required(articles: Sequence[Article], field: TermField, wanted: str | None) -> str | None:
    """The exact term of ``articles`` that ``wanted`` names; None for None."""
    if wanted is None:
        return None
    return require_term(term_names(articles, field), wanted, "category" if field == "categories" else "tag")


def require_year(articles: Sequence[Article], year: int | None) -> None:
    """Raise :class:`~newsfmt.ExportError` when no article is of ``year`` (as dated), naming the closest years."""
    if year is None:
        return
    years = sorted({article.date.year for article in articles})
    if year not in years:
        closest = sorted(sorted(years, key=lambda each: abs(each - year))[:2])
        raise ExportError(unknown_message(f"article of {year}", [str(each) for each in closest], []))


def chosen_articles(
    articles: Sequence[Article],
    *,
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    year: int | None = None,
) -> list[Article]:
    """The articles of any of ``categories``, with any of ``tags``, of ``year`` (each filter only when given), in
    their order: what ``newsfmt text`` writes. Raises :class:`~newsfmt.ExportError` for a category, tag or year
    that no article has, naming the closest ones."""
    wanted_categories = {_required(articles, "categories", name) for name in categories}
    wanted_tags = {_required(articles, "tags", name) for name in tags}
    require_year(articles, year)
    return [
        article
        for article in articles
        if (not categories or wanted_categories.intersection(article.categories))
        and (not tags or wanted_tags.intersection(article.tags))
        and (year is None or article.date.year == year)
    ]


@dataclass(frozen=True, slots=True)
class SiteBooks:
    """The books of a site, planned, and what reading the site found."""

    plans: Sequence[BookPlan]
    """One plan per book (category, period, volume), with its articles."""
    site: Site
    """The articles read and the problems met."""


def books_of_site(
    root: Path | str,
    *,
    categories: Sequence[str] | None = None,
    year: int | None = None,
    by: BookSplit = "year",
    max_articles: int | None = None,
    default_category: str | None = None,
    strict: bool = False,
    config: SiteConfig | None = None,
) -> SiteBooks:
    """The books :func:`~newsfmt.plan_books` makes of a site folder or a post file; with ``categories`` or
    ``year`` only the chosen articles' bodies are cleaned. Raises :class:`~newsfmt.ExportError` when there is
    no article to put in a book, and for a category or year no published post has (naming the closest ones).
    """
    from .exporters.epub.plan import book_names, plan_books
    from .readers.site import load_site

    every: list[OutputNames] = []  # the names of the whole site's books, kept when only some posts are read in full

    def plan(articles: Sequence[Article], site_config: SiteConfig) -> list[BookPlan]:
        if not every:
            every.append(book_names(articles, site_config, default_category))
            for category in categories or ():
                require_term(every[0], category)
            require_year(articles, year)
        return plan_books(
            articles,
            site_config,
            by=by,
            max_articles=max_articles,
            default_category=default_category,
            categories=categories or None,
            year=year,
            names=every[0],
        )

    root = Path(root)
    if root.is_dir() and (categories or year is not None):
        site_config = config or load_config(root)
        site = load_site(
            root,
            strict=strict,
            config=site_config,
            jobs=available_cores(),
            select=lambda articles: {article.id for book in plan(articles, site_config) for article in book.articles},
        )
    else:
        site = load_path(root, strict=strict, config=config)
    plans = plan(site.articles, site.config)
    if not plans:
        raise ExportError("no articles to put in a book")
    return SiteBooks(plans=plans, site=site)
