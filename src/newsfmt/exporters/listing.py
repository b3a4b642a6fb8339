"""What OUT holds, as people and e-reader apps are shown it: the feeds and books of a site, each with the numbers a
listing gives (entries, articles, size) and the names people read. Plain values: the site build fills them in
(:mod:`newsfmt.site_pages`), the OPDS catalog (:mod:`.opds`) and the index pages (:mod:`.index_page`) read them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from ..languages import is_chinese_language
from ..vocabulary import FeedFormat

__all__ = [
    "FEED_FORMAT_NAMES",
    "FEED_MEDIA_TYPES",
    "ListedBook",
    "ListedFeed",
    "ListingLabels",
    "SiteListing",
    "listing_labels",
    "period_label",
    "relative_href",
]

FEED_MEDIA_TYPES: dict[FeedFormat, str] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
"""The media type of each feed format, as discovery links announce it."""
FEED_FORMAT_NAMES: dict[FeedFormat, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
"""The name of each feed format, as people know it."""


@dataclass(frozen=True, slots=True)
class ListedFeed:
    """One feed file of OUT."""

    path: str
    """Where it is, relative to OUT (POSIX): ``atom.xml``, ``categories/tech/feed.json``."""
    fmt: FeedFormat
    entries: int
    """How many entries it holds."""
    category: str | None = None
    """The category it follows (``None``: every post, or a tag)."""
    tag: str | None = None
    """The tag it follows (``None``: no tag filter)."""


@dataclass(frozen=True, slots=True)
class ListedBook:
    """One book of OUT."""

    path: str
    """Where it is, relative to OUT (POSIX): ``epub/tech-2021.epub``."""
    title: str
    """The book's title, as the book shows it."""
    category: str
    """The category the book collects (its exact name)."""
    category_title: str
    """The category's display name."""
    slug: str
    """The category's book file name (``tech``), also the name of its acquisition feed."""
    period: str
    """``2021``, ``2021-12`` or ``all``."""
    volume: int | None
    articles: int
    """How many articles it holds."""
    size: int
    """Its size in bytes."""
    lang: str
    """Its language."""
    identifier: str
    """Its ``dc:identifier`` (``urn:uuid:…``)."""
    updated: datetime
    """The newest date or update of its articles (the book's own date), in UTC."""
    issued: datetime
    """The date of its newest article, as the site shows it."""
    cover: str
    """Its cover image, relative to OUT (PNG, JPEG or GIF)."""
    cover_type: str
    """The cover's media type."""
    thumbnail: str
    """A smaller picture of its cover, relative to OUT (the cover itself when that is small)."""
    thumbnail_type: str
    """The thumbnail's media type."""

    @property
    def label(self) -> str:
        """The period and volume as a listing shows them (:func:`period_label`)."""
        return period_label(self.period, self.volume)


def period_label(period: str, volume: int | None) -> str:
    """A book's period and volume as a listing shows them.

    >>> period_label("2021", None), period_label("2021-12", 2), period_label("all", None)
    ('2021', '2021-12 (2)', '')
    """
    shown = "" if period == "all" else period
    return shown if volume is None else f"{shown} ({volume})".strip()


@dataclass(frozen=True, slots=True)
class SiteListing:
    """The feeds and books of a site, and where each category's own page is."""

    feeds: tuple[ListedFeed, ...]
    """Every feed, the site's first, then by category, then by tag."""
    books: tuple[ListedBook, ...]
    """Every book, by category file name, then period and volume."""
    category_folders: dict[str, str]
    """The folder of each category that has feeds (``categories/tech``), by its exact name: its page is there."""
    category_titles: dict[str, str]
    """The display name of each category listed, by its exact name."""

    def feeds_of(self, category: str | None) -> list[ListedFeed]:
        """The feeds of one category (``None``: the site's own), without tag feeds."""
        return [feed for feed in self.feeds if feed.category == category and feed.tag is None]

    def books_of(self, category: str) -> list[ListedBook]:
        """The books of one category, in listing order."""
        return [book for book in self.books if book.category == category]


def relative_href(target: str, page: str) -> str:
    """The link from the document ``page`` to ``target``, both relative to OUT, as a URI reference (every
    character but letters, digits, ``/-._~`` percent-encoded, so that a Chinese file name is a valid link).

    >>> relative_href("epub/a.epub", "categories/tech/index.html"), relative_href("epub/快讯.epub", "opds.xml")
    ('../../epub/a.epub', 'epub/%E5%BF%AB%E8%AE%AF.epub')
    """
    return quote(posixpath.relpath(target, posixpath.dirname(page) or "."), safe="/-._~")


@dataclass(frozen=True, slots=True)
class ListingLabels:
    """The words of the index pages and the catalog, in one language."""

    books: str
    feeds: str
    all_posts: str
    tag: str
    """``Tag: {}``."""
    feed_columns: tuple[str, str, str]
    book_columns: tuple[str, str, str, str, str]
    catalog: str
    catalog_note: str
    subscribe: str
    subscribe_note: str
    home: str
    articles: str
    """``{} articles``."""
    book_count: str
    """``{} books``."""


_ENGLISH = ListingLabels(
    books="Books",
    feeds="Feeds",
    all_posts="All posts",
    tag="Tag: {}",
    feed_columns=("Feed", "Entries", "Formats"),
    book_columns=("Category", "Year", "Articles", "Size", "Book"),
    catalog="E-book catalog (OPDS)",
    catalog_note="every book, for e-reader apps (KOReader, Thorium, calibre …)",
    subscribe="How to subscribe",
    subscribe_note=(
        "Copy the address of a feed below into your feed reader: RSS, Atom and JSON Feed carry the same posts, "
        "choose one your reader knows. Readers given the address of this page find the site's feeds themselves. "
        "The books are EPUB files, one per category and period; an e-reader app can also open the catalog and "
        "download them from there."
    ),
    home="Home",
    articles="{} articles",
    book_count="{} books",
)
_CHINESE = ListingLabels(
    books="电子书",
    feeds="订阅源",
    all_posts="全部文章",
    tag="标签：{}",
    feed_columns=("订阅源", "条目", "格式"),
    book_columns=("栏目", "年份", "文章", "大小", "电子书"),
    catalog="电子书目录（OPDS）",
    catalog_note="可在 KOReader、Thorium、calibre 等电子书应用中浏览、下载",
    subscribe="如何订阅",
    subscribe_note=(
        "把下面任一订阅源的地址复制到阅读器中即可订阅：RSS、Atom 和 JSON Feed 的内容相同，选阅读器支持的一种。"
        "阅读器中填入本页地址，也能自动找到全站的订阅源。电子书为 EPUB 文件，每个栏目每个时段一本；"
        "电子书应用也可打开电子书目录，从中下载。"
    ),
    home="首页",
    articles="{} 篇文章",
    book_count="{} 本书",
)


def listing_labels(lang: str) -> ListingLabels:
    """The labels for a site in ``lang``: Chinese sites get Chinese ones, others English.

    >>> listing_labels("zh-CN").books, listing_labels("en").books
    ('电子书', 'Books')
    """
    return _CHINESE if is_chinese_language(lang) else _ENGLISH
