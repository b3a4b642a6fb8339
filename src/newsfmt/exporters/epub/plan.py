"""Which articles go into which book: grouping by category, then by year, month or not at all, then volumes.

Pure functions on values; no ebooklib here, so the site build can plan books without the ``epub`` extra.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ...errors import ConfigError
from ...languages import writes_han_labels
from ...model import Article, SiteConfig
from ...output_names import OutputNames, find_term, term_names
from ...paths import slugify_for_path
from ...vocabulary import BOOK_SPLITS, BookSplit, spell_out
from .attributes import is_language_tag

__all__ = [
    "BookPlan",
    "book_fallback",
    "book_identifier",
    "book_language",
    "book_names",
    "month_label",
    "newest_change",
    "plan_books",
    "series_index",
    "shown_title",
    "slugify_category",
]


_DEFAULT_CATEGORY = "posts"


@dataclass(frozen=True, slots=True)
class BookPlan:
    """One book to build: a category, a period, and its articles in reading (date) order."""

    category: str
    """The category the book collects (or the site's name for posts that have none)."""
    slug: str
    """File-name slug of the category."""
    period: str
    """``2021`` (by year), ``2021-12`` (by month) or ``all``."""
    title: str
    """Book title, in the site's language."""
    articles: tuple[Article, ...]
    """Articles, oldest first (ties broken by id)."""
    volume: int | None = None
    """1-based volume number when a period was split by ``max_articles``, else None."""

    @property
    def series_index(self) -> str:
        """The book's place in its category's series (:func:`series_index`).

        >>> BookPlan("Tech", "tech", "2021-12", "Tech", (), volume=2).series_index
        '202112.02'
        """
        return series_index(self.period, self.volume)

    @property
    def key(self) -> str:
        """What tells this book apart from the site's other books of the category: period and volume.

        >>> BookPlan("Tech", "tech", "2021", "Tech 2021", (), volume=2).key
        '2021/v2'
        """
        return self.period if self.volume is None else f"{self.period}/v{self.volume}"

    @property
    def file_name(self) -> str:
        """``<category-slug>-<period>[-<volume>].epub`` (``<category-slug>.epub`` for ``all``).

        >>> BookPlan("Tech", "tech", "2021", "Tech 2021", ()).file_name
        'tech-2021.epub'
        """
        parts = [self.slug] if self.period == "all" else [self.slug, self.period]
        if self.volume is not None:
            parts.append(f"v{self.volume}")
        return "-".join(parts) + ".epub"


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_label(year: int, month: int, lang: str) -> str:
    """A month as a table-of-contents heading.

    >>> month_label(2021, 12, "zh-CN"), month_label(2021, 12, "en")
    ('2021年12月', 'December 2021')
    """
    if writes_han_labels(lang):
        return f"{year}年{month}月"
    return f"{_MONTHS[month - 1]} {year}"


def _period_label(period: str, lang: str) -> str:
    if period == "all":
        return ""
    if "-" in period:
        year, month = period.split("-")
        return month_label(int(year), int(month), lang)
    return f"{period}年" if writes_han_labels(lang) else period


def _volume_label(volume: int, lang: str) -> str:
    return f"第{volume}卷" if writes_han_labels(lang) else f"Vol. {volume}"


def series_index(period: str | None, volume: int | None = None) -> str:
    """A book's place in the series of its category's books, a number that follows its period, so that it never
    changes when other books are added: the year (``2021``), year and month (``202112``) or ``1`` for a book of
    all time, with the volume as two decimals.

    >>> series_index("2021"), series_index("2021-12", 2), series_index("all", 3), series_index(None)
    ('2021', '202112.02', '3', '1')
    """
    if not period or period == "all" or not period.replace("-", "").isdigit():
        return str(volume or 1)
    whole = period.replace("-", "")
    return whole if volume is None else f"{whole}.{volume:02d}"


def slugify_category(name: str) -> str:
    """A file-name slug for a category (see :func:`~newsfmt.paths.slugify_for_path`).

    >>> slugify_category("Hello World!"), slugify_category("财经 新闻")
    ('hello-world', '财经-新闻')
    """
    return slugify_for_path(name)


def _sort_key(article: Article) -> tuple[float, str]:
    return (article.date.timestamp(), article.id)


def _period_of(article: Article, by: BookSplit) -> str:
    if by == "all":
        return "all"
    if by == "month":
        return f"{article.date.year:04d}-{article.date.month:02d}"
    return f"{article.date.year:04d}"


def plan_books(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    by: BookSplit = "year",
    max_articles: int | None = None,
    default_category: str | None = None,
    categories: Collection[str] | None = None,
    year: int | None = None,
    names: OutputNames | None = None,
) -> list[BookPlan]:
    """Split articles into books: one per category and period, optionally in volumes of ``max_articles``.

    A post with several categories goes into each category's book; a post with none goes into the book
    named ``default_category`` (the site title when not given, else ``posts``). Periods use the article
    date as shown in the site time zone. Books come sorted by category file name, then period, then volume.
    ``categories`` keeps only the books of those categories (each looked up by
    :func:`~newsfmt.output_names.find_term`: exact name, file name, or a name that matches ignoring case and width);
    ``year`` only that year's articles.

    A category is its exact name: ``Python`` and ``python`` make two books. Its file name is its output name among
    ``names``, by default :func:`book_names` of ``articles`` (give the names of the whole site when ``articles`` are
    only some of its posts, so that a book's file name does not depend on which were read).

    Raises :class:`~newsfmt.ConfigError` for an unknown ``by`` or a ``max_articles`` below 1,
    :class:`~newsfmt.ExportError` for an ambiguous category.

    >>> from datetime import datetime, timezone
    >>> a = Article(id="a", title="A", date=datetime(2021, 12, 31, tzinfo=timezone.utc), updated=None,
    ...     categories=("Tech",), tags=(), authors=(), summary="", body_html="<p>a</p>", text="a", url=None,
    ...     permalink="/a", slug="a", lang="en")
    >>> (only,) = plan_books([a], SiteConfig())
    >>> only.file_name, only.title
    ('tech-2021.epub', 'Tech 2021')
    """
    if by not in BOOK_SPLITS:
        raise ConfigError(f"cannot split books by {by!r}: use {spell_out(BOOK_SPLITS)}")
    if max_articles is not None and max_articles < 1:
        raise ConfigError(f"max_articles must be at least 1, not {max_articles}")
    fallback = book_fallback(config, default_category)
    articles = list(articles)
    names = names or book_names(articles, config, default_category)
    wanted = None if categories is None else {find_term(names, name) for name in categories} - {None}
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        if year is not None and article.date.year != year:
            continue
        for category in article.categories or (fallback,):
            if wanted is None or category in wanted:
                groups[(category, _period_of(article, by))].append(article)
    plans: list[BookPlan] = []
    for (category, period), members in sorted(groups.items(), key=lambda item: (names.of(item[0][0]), item[0][1])):
        members.sort(key=_sort_key)
        shown = config.options.category_title(category)
        base_title = " ".join(part for part in (shown, _period_label(period, config.lang)) if part)
        size = max_articles or len(members)
        chunks = [members[i : i + size] for i in range(0, len(members), size)]
        for number, chunk in enumerate(chunks, start=1):
            volume = number if len(chunks) > 1 else None
            title = base_title if volume is None else f"{base_title} {_volume_label(volume, config.lang)}"
            plans.append(BookPlan(category, names.of(category), period, title, tuple(chunk), volume))
    return plans


def book_fallback(config: SiteConfig, default_category: str | None = None) -> str:
    """The category of the book of posts that have none: ``default_category``, else the site title, else ``posts``."""
    return default_category or config.title.strip() or _DEFAULT_CATEGORY


def book_names(articles: Iterable[Article], config: SiteConfig, default_category: str | None = None) -> OutputNames:
    """The file names of the books' categories (:func:`~newsfmt.output_names.term_names`, posts without a
    category counted as of :func:`book_fallback`'s)."""
    fallback = book_fallback(config, default_category)
    return term_names(articles, "categories", fallback=fallback, what="category")


def book_identifier(config: SiteConfig, category: str | None, key: str | None, title: str) -> str:
    """A book's ``dc:identifier``: a UUID 5 of the site's address (else its title, else the book's), the category
    and the book's :attr:`BookPlan.key` (period and volume), so that a book keeps its identifier from build to
    build."""
    site = f"{config.url}{config.baseurl}" or config.title or title
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsfmt:epub:{site}|{category or ''}|{key or ''}"))


def shown_title(title: str, config: SiteConfig) -> str:
    """A book's title as the book shows it: on one line, else the site's title, else ``newsfmt``."""
    return " ".join(title.split()) or config.title.strip() or "newsfmt"


def book_language(articles: Sequence[Article], config: SiteConfig) -> str:
    """A book's language: the one most of its articles are written in (more than half), else the site's."""
    site = config.lang or "en"
    counts = Counter(article.lang for article in articles if article.lang and is_language_tag(article.lang))
    if not counts:
        return site
    top, count = max(counts.items(), key=lambda item: (item[1], item[0] == site, item[0]))
    return top if count * 2 > len(articles) else site


def newest_change(articles: Iterable[Article]) -> datetime:
    """The newest date or update of ``articles`` (not empty), in UTC: a book's date."""
    return max(max(article.date, article.updated or article.date) for article in articles).astimezone(UTC)
