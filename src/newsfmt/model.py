"""The content model: immutable values that every reader produces and every exporter reads.

Standard library only. Datetimes are always timezone-aware; unknown front-matter keys
live in ``Article.extra``, never as attributes.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .errors import format_location
from .options import SiteOptions
from .vocabulary import Generator, NaiveDates, Severity

__all__ = [
    "Article",
    "Author",
    "FeedSettings",
    "FrozenMapping",
    "Problem",
    "Site",
    "SiteConfig",
    "has_term",
    "json_ready",
    "newest_first",
    "term_key",
    "without_body",
]


class FrozenMapping(Mapping[str, Any]):
    """A read-only mapping that, unlike ``MappingProxyType``, pickles (articles cross process boundaries)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        return FrozenMapping, (self._data,)


def _empty_mapping() -> Mapping[str, Any]:
    return FrozenMapping()


class _PicklesByFields:
    """Pickles a frozen, slotted dataclass as its class and field values.

    The default for slotted dataclasses looks the fields up again for every object, which dominates
    loading and saving a large build index.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        cls = type(self)
        values = _FIELD_VALUES.get(cls)
        if values is None:
            values = _FIELD_VALUES[cls] = operator.attrgetter(*cls.__dataclass_fields__)  # type: ignore[attr-defined]
        return cls, values(self)


_FIELD_VALUES: dict[type, operator.attrgetter[Any]] = {}
"""Per class, one getter of every field value (in C, where a generator would run per object)."""


@dataclass(frozen=True, slots=True)
class Author(_PicklesByFields):
    """A person credited for a post or a site."""

    name: str
    """Display name; never empty."""
    email: str | None = None
    """E-mail address, when given."""
    url: str | None = None
    """Home page, when given."""


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """jekyll-feed's ``feed:`` settings of a site, honoured by the feed exporters."""

    path: str = "feed.xml"
    """Where jekyll-feed writes the site feed, relative to the site root."""
    posts_limit: int | None = None
    """Entries per feed (jekyll-feed's default is 10; ``None`` means newsfmt's own default)."""
    excerpt_only: bool = False
    """Summaries instead of full content."""
    categories: tuple[str, ...] = ()
    """Categories that get a feed of their own."""
    tags: bool = False
    """Whether every tag gets a feed of its own."""
    tags_path: str = "/feed/by_tag/"
    """The folder of jekyll-feed's tag feeds (``feed.tags.path``)."""
    jekyll_feed: bool = False
    """Whether the site uses jekyll-feed (in ``plugins`` or ``gems``, or a ``feed:`` key set): then its feeds keep
    jekyll-feed's paths unless ``newsfmt: feeds: layout:`` says otherwise."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What a site says about itself: its ``_config.yml`` (Jekyll), ``hugo.toml`` (Hugo) or defaults."""

    title: str = ""
    """Site title."""
    description: str = ""
    """Site description (tagline)."""
    url: str = ""
    """Scheme and host, without a trailing slash (``https://example.org``); empty when unknown."""
    baseurl: str = ""
    """Path prefix of the site below ``url`` (``/blog``), without a trailing slash."""
    lang: str = "en"
    """BCP 47 language tag of the site (``zh-CN``)."""
    timezone: str = "UTC"
    """IANA time zone name in which local dates are read."""
    author: Author | None = None
    """Site author, the fallback for posts that name none."""
    permalink: str = "/:categories/:year/:month/:day/:title:output_ext"
    """Permalink template for posts (Jekyll's styles already expanded)."""
    naive_dates: NaiveDates = "utc"
    """How a front-matter timestamp without an offset is read: ``utc`` as Jekyll does, ``local`` in ``timezone``."""
    generator: Generator = "folder"
    """The generator whose layout the site was found in (its rules: :mod:`newsfmt.readers.generators`)."""
    feed: FeedSettings = field(default_factory=FeedSettings)
    """jekyll-feed settings."""
    options: SiteOptions = field(default_factory=SiteOptions)
    """newsfmt's own options, the ``newsfmt:`` key of the config file, read and checked."""
    root: Path | None = None
    """Site folder."""
    source: Path | None = None
    """Config file read, if any."""
    data: Mapping[str, Any] = field(default_factory=_empty_mapping)
    """The whole config mapping, as ``site`` in Liquid sees it."""
    site_data: Mapping[str, Any] = field(default_factory=_empty_mapping)
    """The site's data files (Jekyll's ``_data`` folder), as ``site.data`` in Liquid sees them."""
    include_stamp: tuple[tuple[str, int, int], ...] = ()
    """The files Liquid may include (Jekyll's ``_includes``) by path, size and modification time, so that the
    build cache, keyed by the config, renders posts again when one changes."""

    @property
    def tzinfo(self) -> tzinfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def home_url(self) -> str:
        """Absolute URL of the site's home page (``url`` + ``baseurl`` + ``/``), or ``/`` when unknown."""
        return f"{self.url}{self.baseurl}/"

    def absolute_url(self, path: str) -> str:
        """Join a site-relative path (``/2021/12/x.html``) to ``url`` and ``baseurl``, as Jekyll's filter does."""
        if "://" in path or path.startswith("//"):
            return path
        if not path.startswith("/"):
            path = "/" + path
        return f"{self.url}{self.baseurl}{path}"


@dataclass(frozen=True, slots=True)
class Article(_PicklesByFields):
    """One post, read, rendered and cleaned."""

    id: str
    """Stable unique id: an explicit front-matter ``id``, else Jekyll's post id (``/cat/2021/12/31/slug``)."""
    title: str
    """Title as written (may be empty when the post says ``title: ""``)."""
    date: datetime
    """Publication instant, timezone-aware, shown in the site time zone."""
    updated: datetime | None
    """Last modification (``last_modified_at``/``updated``/``lastmod``), timezone-aware, or None."""
    categories: tuple[str, ...]
    """Categories, in order, without duplicates."""
    tags: tuple[str, ...]
    """Tags, in order, without duplicates."""
    authors: tuple[Author, ...]
    """Authors of the post (the site author when the post names none)."""
    summary: str
    """Plain-text summary: front-matter summary/description/excerpt, else the first sentences."""
    body_html: str
    """Clean, safe HTML fragment with absolute links."""
    text: str
    """Plain text of the body."""
    url: str | None
    """Absolute permalink, or None when the site has no ``url``."""
    permalink: str
    """Site-relative permalink as Jekyll's ``post.url`` gives it (without ``baseurl``)."""
    slug: str
    """Slug from the file name or front matter."""
    lang: str
    """BCP 47 language of the post (the site's unless the post says otherwise)."""
    source_url: str | None = None
    """URL of the original article this post republishes, when known."""
    source_name: str | None = None
    """Name of the original publication, when known."""
    image: str | None = None
    """Absolute URL of the post's lead image, when given."""
    path: Path | None = None
    """Source file."""
    date_rule: str = ""
    """Which rule gave ``date`` (file name, offset given, offset-less read as UTC or local …)."""
    extra: Mapping[str, Any] = field(default_factory=_empty_mapping)
    """Remaining front matter, read-only."""

    def to_dict(self, *, body: bool = True) -> dict[str, Any]:
        """The article as plain data that :func:`json.dumps` takes as it is: one key per field, in field order.

        Dates are ISO 8601 strings with their offset (``2021-12-08T18:46:18+08:00``), ``path`` a POSIX string (or
        None), tuples lists, authors mappings of ``name``, ``email`` and ``url``; ``extra`` is converted the same
        way (a value JSON has no type for becomes its string). ``body=False`` leaves out ``body_html`` and
        ``text``. ``newsfmt inspect --json --body`` writes one such object per line.

        >>> from datetime import datetime, timezone
        >>> article = Article(id="/a", title="A", date=datetime(2021, 12, 8, tzinfo=timezone.utc), updated=None,
        ...     categories=("news",), tags=(), authors=(Author("Li"),), summary="", body_html="<p>x</p>", text="x",
        ...     url=None, permalink="/a.html", slug="a", lang="en", path=Path("_posts/2021-12-08-a.md"))
        >>> data = article.to_dict(body=False)
        >>> data["date"], data["categories"], data["path"], "text" in data
        ('2021-12-08T00:00:00+00:00', ['news'], '_posts/2021-12-08-a.md', False)
        >>> data["authors"]
        [{'name': 'Li', 'email': None, 'url': None}]
        """
        data = {f.name: json_ready(getattr(self, f.name)) for f in fields(self)}
        if not body:
            del data["body_html"], data["text"]
        return data


@dataclass(frozen=True, slots=True)
class Problem(_PicklesByFields):
    """Something wrong or doubtful with one input file."""

    path: Path | None
    """The file."""
    line: int | None
    """1-based line, when known."""
    message: str
    """What is wrong, in words a person can act on."""
    severity: Severity = "error"
    """``error``: the file was skipped; ``warning``: it was read, but maybe not as meant."""

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


@dataclass(frozen=True, slots=True)
class Site:
    """A site: its config, its articles (newest first) and the problems met reading it."""

    config: SiteConfig
    """Site config."""
    articles: tuple[Article, ...]
    """Articles, newest first (ties broken by id: :func:`newest_first`)."""
    problems: tuple[Problem, ...] = ()
    """Skipped or doubtful files, in path order."""


def json_ready(value: Any) -> Any:
    """``value`` as data :func:`json.dumps` takes: dates and times in ISO 8601, paths as POSIX strings, mappings
    with string keys, sequences and sets as lists, dataclasses (an :class:`Author`) as mappings of their fields,
    and any other object JSON has no type for as its string.

    >>> json_ready({"when": date(2021, 12, 8), 1: (Path("a/b"), {2.5, True})})
    {'when': '2021-12-08', '1': ['a/b', [2.5, True]]}
    """
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, Mapping):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((json_ready(item) for item in value), key=repr)
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: json_ready(getattr(value, f.name)) for f in fields(value)}
    return str(value)


def without_body(article: Article) -> Article:
    """The article as an index of many keeps it: what selects, orders and frames it in a feed, without its texts.

    ``body_html``, ``text``, ``summary``, ``extra`` and ``path`` are left out (the build's index and the
    entries of ``newsfmt feed`` hold 10,000 of them; the outputs take the texts from elsewhere).
    """
    # Made anew rather than with dataclasses.replace (three times dearer): the build does this for every post.
    return Article(
        article.id,
        article.title,
        article.date,
        article.updated,
        article.categories,
        article.tags,
        article.authors,
        "",
        "",
        "",
        article.url,
        article.permalink,
        article.slug,
        article.lang,
        article.source_url,
        article.source_name,
        article.image,
        None,
        article.date_rule,
        _NO_EXTRA,
    )


_NO_EXTRA = FrozenMapping()
"""The ``extra`` of every article :func:`without_body` makes (it is read-only: one serves them all)."""


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Sort articles newest first; articles published at the same instant keep the order of their ids."""
    by_id = sorted(articles, key=lambda article: article.id)
    return sorted(by_id, key=lambda article: article.date, reverse=True)


def term_key(term: str) -> str:
    """What a category or tag is looked up by, not told apart by (terms are their exact names, as Jekyll's
    ``site.categories`` keys are): case folded, not lower-cased, so that ``Straße`` and ``STRASSE`` match, and
    NFKC-normalised, so that full-width letters and composed or decomposed accents match too.

    >>> term_key("News") == term_key("NEWS"), term_key("Ｃａｆｅ\u0301") == term_key("café")
    (True, True)
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", term).casefold())


def has_term(terms: Iterable[str], wanted: str | None) -> bool:
    """Whether ``wanted`` names one of ``terms`` (an article's categories or tags): exactly, or else by
    :func:`term_key` when that names exactly one of them; always true for ``None`` (no filter).

    To filter a site's articles by a term, look the term up once among all of them
    (:func:`~newsfmt.output_names.find_term`) and compare exact names: ``Python`` and ``python`` are two categories.

    >>> has_term(("City", "Tech"), "city"), has_term(("City",), "Tech"), has_term((), None)
    (True, False, True)
    >>> has_term(("Python", "python"), "PYTHON")
    False
    """
    if wanted is None:
        return True
    terms = tuple(terms)
    if wanted in terms:
        return True
    key = term_key(wanted)
    return sum(term_key(term) == key for term in terms) == 1
