"""The pages of a built site that list its other outputs: the index pages (:mod:`.exporters.index_page`), the OPDS
catalog (:mod:`.exporters.opds`) and the book covers the catalog shows, next to the books.

The build calls :func:`site_pages` once its feeds and books are written: the listing is made from the same plans
(feeds by :func:`~newsfmt.exporters.feeds.selection.plan_feeds`, books by :func:`~newsfmt.plan_books`), keeping only
the outputs that are in OUT, so that every link of a page resolves to a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from .exporters.epub.cover import COVER_EXTENSIONS, book_cover
from .exporters.epub.plan import (
    BookPlan,
    book_identifier,
    book_language,
    book_names,
    newest_change,
    plan_books,
    shown_title,
)
from .exporters.feeds.policy import FEED_FILES, feed_path, resolve_limit
from .exporters.feeds.selection import plan_feeds, select_articles
from .exporters.index_page import index_pages
from .exporters.listing import ListedBook, ListedFeed, SiteListing
from .exporters.opds import to_opds
from .model import Article, SiteConfig
from .options import BuildOptions
from .output_names import OutputNames, SiteNames
from .xmlchars import strip_invalid_xml_chars

__all__ = ["COVERS", "FileSize", "file_size", "site_listing", "site_pages"]

COVERS = "covers"
"""The folder of the books' covers in OUT (``epub/`` holds the books alone)."""
CATEGORY_PAGES = "categories"
"""The folder of the categories' index pages (``categories/<name>/index.html``)."""

FileSize = Callable[[str], int | None]
"""The size of a file of OUT by its path relative to OUT, ``None`` when there is none."""


def site_pages(
    articles: Sequence[Article],
    config: SiteConfig,
    options: BuildOptions,
    names: SiteNames,
    size_of: FileSize,
    book_files: OutputNames | None = None,
) -> dict[str, bytes]:
    """Every listing page of a build (index pages, OPDS catalog, book covers), as bytes by path relative to OUT.

    ``articles`` are the published ones, newest first; ``names`` the output names of their categories and tags,
    ``book_files`` of the books' categories (:func:`~newsfmt.exporters.epub.plan.book_names` when not given);
    ``size_of`` tells which outputs OUT holds (only those are listed) and their sizes.
    """
    covers: dict[str, bytes] = {}
    files = book_files or book_names(articles, config)
    listing = site_listing(articles, config, options, names, files, size_of, covers)
    return {**covers, **to_opds(listing, config), **index_pages(listing, config)}


def site_listing(
    articles: Sequence[Article],
    config: SiteConfig,
    options: BuildOptions,
    names: SiteNames,
    book_files: OutputNames,
    size_of: FileSize,
    covers: dict[str, bytes],
) -> SiteListing:
    """The feeds and books OUT holds, as the pages list them; each book's cover is added to ``covers``."""
    feeds = _feeds(articles, config, options, names, size_of)
    books = _books(articles, config, options, book_files, size_of, covers)
    listed = {feed.category for feed in feeds if feed.category is not None}
    # A category's page has its own folder whatever the feed layout (jekyll-feed's puts Atom feeds in feed/).
    folders = {category: f"{CATEGORY_PAGES}/{names.categories.of(category)}" for category in sorted(listed)}
    titles = {category: _line(config.options.category_title(category)) for category in folders}
    titles.update({book.category: book.category_title for book in books})
    return SiteListing(feeds=tuple(feeds), books=tuple(books), category_folders=folders, category_titles=titles)


def _feeds(
    articles: Sequence[Article], config: SiteConfig, options: BuildOptions, names: SiteNames, size_of: FileSize
) -> list[ListedFeed]:
    limit = resolve_limit(options.feed_limit, config)
    per_category = Counter(category for article in articles for category in article.categories)
    per_tag = Counter(tag for article in articles for tag in article.tags)
    feeds: list[ListedFeed] = []
    for plan in plan_feeds(articles, config, every_category=True, tags=options.tag_feeds):
        if plan.author is not None:
            continue  # per-author feeds are asked for by name; the pages list the site's, categories' and tags'
        if plan.category is not None and plan.tag is not None:
            count = len(select_articles(articles, category=plan.category, tag=plan.tag, limit=0))
        elif plan.category is not None:
            count = per_category[plan.category]
        elif plan.tag is not None:
            count = per_tag[plan.tag]
        else:
            count = len(articles)
        entries = min(count, limit) if limit else count
        for fmt in FEED_FILES:
            path = feed_path(fmt, category=plan.category, tag=plan.tag, names=names, config=config)
            if size_of(path) is not None:
                feeds.append(ListedFeed(path, fmt, entries, plan.category, plan.tag))
    return feeds


def _books(
    articles: Sequence[Article],
    config: SiteConfig,
    options: BuildOptions,
    book_files: OutputNames,
    size_of: FileSize,
    covers: dict[str, bytes],
) -> list[ListedBook]:
    plans = plan_books(articles, config, by=options.epub_by, max_articles=options.max_articles, names=book_files)
    books: list[ListedBook] = []
    shared_cover: str | None = None
    for plan in plans:
        path = f"epub/{plan.file_name}"
        size = size_of(path)
        if size is None:
            continue
        title = shown_title(plan.title, config)
        shown = _line(config.options.category_title(plan.category))
        data, media_type = book_cover(options.cover, title=title, category=shown, period=plan.period, config=config)
        if options.cover is None:
            cover = f"{COVERS}/{plan.file_name.removesuffix('.epub')}.{COVER_EXTENSIONS[media_type]}"
            covers[cover] = data
        else:  # one picture for every book: one file
            shared_cover = shared_cover or f"{COVERS}/cover.{COVER_EXTENSIONS[media_type]}"
            covers[shared_cover] = data
            cover = shared_cover
        books.append(_listed_book(plan, config, path, size, title, shown, cover, media_type))
    return books


def _listed_book(
    plan: BookPlan,
    config: SiteConfig,
    path: str,
    size: int,
    title: str,
    shown: str,
    cover: str,
    cover_type: str,
) -> ListedBook:
    return ListedBook(
        path=path,
        title=_line(title),
        category=plan.category,
        category_title=shown,
        slug=plan.slug,
        period=plan.period,
        volume=plan.volume,
        articles=len(plan.articles),
        size=size,
        lang=book_language(plan.articles, config),
        identifier=book_identifier(config, plan.category, plan.key, title),
        updated=newest_change(plan.articles),
        issued=max(article.date for article in plan.articles),
        cover=cover,
        cover_type=cover_type,
    )


def file_size(out: Path) -> FileSize:
    """A :data:`FileSize` of the files in the folder ``out``."""

    def size_of(relative: str) -> int | None:
        try:
            return (out / relative).stat().st_size
        except OSError:
            return None

    return size_of


def _line(text: str) -> str:
    return " ".join(strip_invalid_xml_chars(text).split())
