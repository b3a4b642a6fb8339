"""The pages of a built site that list its other outputs: the index pages (:mod:`.exporters.index_page`), the OPDS
catalog (:mod:`.exporters.opds`) and the book covers the catalog shows, next to the books.

The build calls :func:`site_pages` once its feeds and books are written: the listing is made from the same plans
(feeds by :func:`~newsfmt.exporters.feeds.selection.plan_feeds`, books by :func:`~newsfmt.plan_books`), keeping only
the outputs that are in OUT, so that every link of a page resolves to a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .confine import inside
from .errors import OutputError
from .exporters.artwork import CATALOG_TYPES, THUMBNAIL_SIZE, drawing_key, drawn_cover, site_artwork
from .exporters.epub.cover import generated_cover
from .exporters.epub.image_size import image_size
from .exporters.epub.images import read_cover
from .exporters.epub.pages import COVER_HEIGHT, COVER_WIDTH, CoverDesign
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

__all__ = ["COVERS", "FileBytes", "FileSize", "file_bytes", "file_size", "site_listing", "site_pages"]

COVERS = "covers"
"""The folder of the books' covers in OUT (``epub/`` holds the books alone)."""
THUMBNAILS = "thumbnails"
"""The folder of the covers' thumbnails, in :data:`COVERS`."""
CATEGORY_PAGES = "categories"
"""The folder of the categories' index pages (``categories/<name>/index.html``)."""

FileSize = Callable[[str], int | None]
"""The size of a file of OUT by its path relative to OUT, ``None`` when there is none."""
FileBytes = Callable[[str], bytes | None]
"""The bytes of a file of OUT by its path relative to OUT, ``None`` when there is none."""


def _no_file(relative: str) -> bytes | None:
    return None


def site_pages(
    articles: Sequence[Article],
    config: SiteConfig,
    options: BuildOptions,
    names: SiteNames,
    size_of: FileSize,
    book_files: OutputNames | None = None,
    read: FileBytes = _no_file,
    plans: Sequence[BookPlan] | None = None,
) -> dict[str, bytes]:
    """Every listing page of a build (index pages, OPDS catalog, book covers), as bytes by path relative to OUT.

    ``articles`` are the published ones, newest first; ``names`` the output names of their categories and tags,
    ``book_files`` of the books' categories (:func:`~newsfmt.exporters.epub.plan.book_names` when not given);
    ``size_of`` tells which outputs OUT holds (only those are listed) and their sizes; ``read`` gives the drawn
    covers an earlier build left (:func:`file_bytes`), which need not be drawn again; ``plans`` the books'
    :func:`~newsfmt.plan_books` when the build planned them already.
    """
    covers: dict[str, bytes] = {}
    files = book_files or book_names(articles, config)
    listing = site_listing(articles, config, options, names, files, size_of, covers, read, plans)
    return {**covers, **to_opds(listing, config), **index_pages(listing, config)}


def site_listing(
    articles: Sequence[Article],
    config: SiteConfig,
    options: BuildOptions,
    names: SiteNames,
    book_files: OutputNames,
    size_of: FileSize,
    covers: dict[str, bytes],
    read: FileBytes = _no_file,
    plans: Sequence[BookPlan] | None = None,
) -> SiteListing:
    """The feeds and books OUT holds, as the pages list them; each book's cover and thumbnail are added to
    ``covers`` (those ``read`` finds are not drawn again). ``plans`` are the books' (planned here when not given)."""
    feeds = _feeds(articles, config, options, names, size_of)
    if plans is None:
        plans = plan_books(articles, config, by=options.epub_by, max_articles=options.max_articles, names=book_files)
    books = _books(plans, config, options, size_of, covers, read)
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
    plans: Sequence[BookPlan],
    config: SiteConfig,
    options: BuildOptions,
    size_of: FileSize,
    covers: dict[str, bytes],
    read: FileBytes,
) -> list[ListedBook]:
    books: list[ListedBook] = []
    shared: _Pictures | None = None  # the build's cover: one picture for every book, one file
    for plan in plans:
        path = f"epub/{plan.file_name}"
        size = size_of(path)
        if size is None:
            continue
        title = shown_title(plan.title, config)
        shown = _line(config.options.category_title(plan.category))
        lang = book_language(plan.articles, config)
        if options.cover is not None:
            shared = shared or _site_pictures(options.cover, covers)
            pictures = shared
        else:
            design = generated_cover(title=title, category=shown, period=plan.period, config=config)
            pictures = _drawn_pictures(plan.file_name.removesuffix(".epub"), design, lang, read, covers)
        books.append(_listed_book(plan, config, path, size, title, shown, lang, pictures))
    return books


@dataclass(frozen=True, slots=True)
class _Pictures:
    """A book's cover and thumbnail in OUT, with their media types."""

    cover: str
    cover_type: str
    thumbnail: str
    thumbnail_type: str


def _drawn_pictures(name: str, design: CoverDesign, lang: str, read: FileBytes, covers: dict[str, bytes]) -> _Pictures:
    """A generated cover and its thumbnail as PNG, named by what they are drawn from: the files of an earlier
    build are kept as they are, not drawn again."""
    key = drawing_key(design, lang)
    cover, thumbnail = f"{COVERS}/{name}-{key}.png", f"{COVERS}/{THUMBNAILS}/{name}-{key}.png"
    for path, width in ((cover, COVER_WIDTH), (thumbnail, THUMBNAIL_SIZE[0])):
        earlier = read(path)
        if earlier is None or image_size(earlier, "image/png") != (width, width * COVER_HEIGHT // COVER_WIDTH):
            earlier = drawn_cover(design, width=width, lang=lang)
        covers[path] = earlier
    return _Pictures(cover, "image/png", thumbnail, "image/png")


def _site_pictures(source: Path, covers: dict[str, bytes]) -> _Pictures:
    data, media_type = read_cover(source)
    artwork = site_artwork(data, media_type, source=source)
    cover = f"{COVERS}/cover.{CATALOG_TYPES[artwork.cover.media_type]}"
    covers[cover] = artwork.cover.data
    if artwork.thumbnail is None:
        return _Pictures(cover, artwork.cover.media_type, cover, artwork.cover.media_type)
    thumbnail = f"{COVERS}/{THUMBNAILS}/cover.{CATALOG_TYPES[artwork.thumbnail.media_type]}"
    covers[thumbnail] = artwork.thumbnail.data
    return _Pictures(cover, artwork.cover.media_type, thumbnail, artwork.thumbnail.media_type)


def _listed_book(
    plan: BookPlan,
    config: SiteConfig,
    path: str,
    size: int,
    title: str,
    shown: str,
    lang: str,
    pictures: _Pictures,
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
        lang=lang,
        identifier=book_identifier(config, plan.category, plan.key, title),
        updated=newest_change(plan.articles),
        issued=max(article.date for article in plan.articles),
        cover=pictures.cover,
        cover_type=pictures.cover_type,
        thumbnail=pictures.thumbnail,
        thumbnail_type=pictures.thumbnail_type,
    )


def file_size(out: Path) -> FileSize:
    """A :data:`FileSize` of the files in the folder ``out``."""

    def size_of(relative: str) -> int | None:
        try:
            return (out / relative).stat().st_size
        except OSError:
            return None

    return size_of


def file_bytes(out: Path) -> FileBytes:
    """A :data:`FileBytes` of the files in the folder ``out`` (none through a link leading out of it)."""

    def read(relative: str) -> bytes | None:
        try:
            return inside(out, PurePosixPath(relative)).read_bytes()
        except (OSError, OutputError):
            return None

    return read


def _line(text: str) -> str:
    return " ".join(strip_invalid_xml_chars(text).split())
