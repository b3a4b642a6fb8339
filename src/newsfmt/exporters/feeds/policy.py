"""One feed policy for every writer of feeds: the library (:func:`~newsfmt.to_rss`, :func:`~newsfmt.to_atom`,
:func:`~newsfmt.to_json_feed`), ``newsfmt feed`` and ``newsfmt build`` all ask here where a feed lives, what it is
called, how many entries it carries and whether they hold full content. So the same feed is the same bytes,
whichever way it was made.

>>> from newsfmt.model import SiteConfig
>>> feed_path("atom", category="City News")
'categories/city-news/atom.xml'
>>> feed_title(SiteConfig(title="Daily"), category="City News")
'Daily | City News'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from ...cleaning.plain import strip_tags
from ...errors import ConfigError, ExportError
from ...model import FeedSettings, SiteConfig
from ...options import FeedPaths, check_path_template
from ...output_names import SiteNames
from ...paths import slugify_for_path
from ...vocabulary import FEED_CONTENTS, ArchiveSplit, FeedContent, FeedFormat, FeedScope, pick, spell_out
from ...xmlchars import strip_invalid_xml_chars

__all__ = [
    "ARCHIVED_FORMATS",
    "DEFAULT_LIMIT",
    "FEED_FILES",
    "ArchiveLinks",
    "FeedLayout",
    "archive_path",
    "archive_period",
    "feed_layout",
    "feed_path",
    "feed_title",
    "feed_url",
    "hub_of",
    "is_archived",
    "plain_line",
    "quote_path",
    "resolve_content",
    "resolve_limit",
    "subscription_links",
    "wants_author_feeds",
    "wants_tag_feeds",
]

DEFAULT_LIMIT = 50
"""Entries per feed when neither the caller nor the site's ``feed.posts_limit`` says otherwise."""

FEED_FILES: Mapping[FeedFormat, str] = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""The file name of each format, in the site's root folder and in every category and tag folder (newsfmt's own
layout)."""

_TERM_FOLDERS: tuple[tuple[FeedScope, str], ...] = (("category", "categories"), ("tag", "tags"), ("author", "authors"))


def _layout(
    site: Mapping[FeedFormat, str], folder_files: Mapping[FeedFormat, str]
) -> dict[FeedScope, dict[FeedFormat, str]]:
    """Site feeds at ``site``, and each term's feeds named ``folder_files`` in its folder (``categories/{name}/``)."""
    paths: dict[FeedScope, dict[FeedFormat, str]] = {"site": dict(site)}
    for scope, folder in _TERM_FOLDERS:
        paths[scope] = {fmt: f"{folder}/{{name}}/{file_name}" for fmt, file_name in folder_files.items()}
    return paths


NEWSFMT_PATHS: FeedPaths = _layout(FEED_FILES, FEED_FILES)
"""newsfmt's own layout: RSS at ``feed.xml``, Atom at ``atom.xml``, JSON Feed at ``feed.json``, at the root and in
``categories/<name>/``, ``tags/<name>/`` and ``authors/<name>/``."""

_JEKYLL_TAG = re.compile(r"^[A-Za-z0-9_]+$")
"""The tags jekyll-feed writes a feed for (its generator skips any other)."""
_UNSAFE_TERM = re.compile(r"[/\\\x00-\x1f\x7f]|^\.")
_PATH_SAFE = "/!$&'()*+,;=:@%"  # RFC 3986 pchar besides unreserved, and "%" to keep existing escapes


def _jekyll_feed_paths(feed: FeedSettings) -> FeedPaths:
    """jekyll-feed 0.17's paths: Atom at ``feed.path`` (``feed.xml``), ``feed/<category>.xml`` and
    ``<feed.tags.path><tag>.xml`` (``feed/by_tag/``); RSS moves to ``rss.xml`` (``rss.xml`` in each folder)."""
    site_atom = check_path_template(feed.path.lstrip("/"), "site", "feed.path")
    tags_folder = feed.tags_path.strip("/")
    tag_atom = check_path_template(f"{tags_folder}/{{term}}.xml" if tags_folder else "{term}.xml", "tag", "feed.tags")
    paths = _layout(
        {"rss": "rss.xml", "atom": site_atom, "json": "feed.json"},
        {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"},
    )
    paths["category"]["atom"] = "feed/{term}.xml"
    paths["tag"]["atom"] = tag_atom
    return paths


@dataclass(frozen=True, slots=True)
class FeedLayout:
    """Where each feed of a site goes: a path template per scope and format, and its archives' folder."""

    paths: FeedPaths
    """Templates by scope and format; ``{name}`` is the term's output name, ``{term}`` its exact name."""
    archive_folder: str = "archive"
    """The folder, beside a subscription feed, of its archive documents."""

    def path(self, fmt: FeedFormat, scope: FeedScope, term: str | None = None, name: str | None = None) -> str:
        """The path of the feed of ``term`` (output name ``name``), relative to the output folder.

        ``{term}`` is the exact name only where it is a safe file name that kept its plain output name (and, for a
        tag, one of the names jekyll-feed makes a feed of); elsewhere it is the output name, as ``{name}`` is.
        """
        template = self.paths[scope][fmt]
        if term is None:
            return template
        name = name or slugify_for_path(term)
        exact = term if _term_fits_path(term, name, scope) else name
        return template.replace("{name}", name).replace("{term}", exact)


def _term_fits_path(term: str, name: str, scope: FeedScope) -> bool:
    if _UNSAFE_TERM.search(term) or term.strip() != term or term in ("", ".", ".."):
        return False
    if scope == "tag" and not _JEKYLL_TAG.match(term):
        return False
    return name.casefold() == slugify_for_path(term).casefold()


def feed_layout(config: SiteConfig | None) -> FeedLayout:
    """The layout of a site's feeds: jekyll-feed's paths when the site uses jekyll-feed (or ``newsfmt: feeds:
    layout: jekyll-feed``), else newsfmt's; the templates under ``newsfmt: feeds: paths:`` replace either's.

    Raises :class:`~newsfmt.ConfigError` for a jekyll-feed path that would leave the output folder.
    """
    if config is None:
        return FeedLayout(NEWSFMT_PATHS)
    options = config.options.feeds
    layout = options.layout or ("jekyll-feed" if config.feed.jekyll_feed else "newsfmt")
    try:
        base = _jekyll_feed_paths(config.feed) if layout == "jekyll-feed" else NEWSFMT_PATHS
    except ConfigError as exc:
        raise ConfigError(exc.message, path=config.source) from exc
    paths = {scope: {**templates, **options.paths.get(scope, {})} for scope, templates in base.items()}
    return FeedLayout(paths, options.archive_folder)


def _scope(category: str | None, tag: str | None, author: str | None) -> tuple[FeedScope, str | None]:
    """The scope of a feed and its term (a feed of a category and a tag lives with its category's)."""
    if category:
        return "category", category
    if tag:
        return "tag", tag
    if author:
        return "author", author
    return "site", None


def feed_path(
    fmt: FeedFormat,
    *,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    names: SiteNames | None = None,
    config: SiteConfig | None = None,
) -> str:
    """Where ``newsfmt build`` writes a feed, relative to the output folder (in the site's layout,
    :func:`feed_layout`; newsfmt's own without ``config``); also its default self link."""
    scope, term = _scope(category, tag, author)
    name = None
    if term is not None and names is not None:
        name = {"category": names.categories, "tag": names.tags, "author": names.authors}[scope].of(term)
    return feed_layout(config).path(fmt, scope, term, name)


def feed_url(path: str) -> str:
    """The site-relative URL of an output path, percent-encoded as Jekyll's ``page.url`` is (so the self link and
    the feed id of ``feed/新闻.xml`` are jekyll-feed's).

    >>> feed_url("feed/新闻 2.xml")
    '/feed/%E6%96%B0%E9%97%BB%202.xml'
    """
    return "/" + quote_path(path)


def quote_path(path: str) -> str:
    """A site path with what RFC 3986 does not allow in a path percent-encoded (existing escapes kept), as
    jekyll-feed's ``absolute_url`` normalises it (Addressable).

    >>> quote_path("/新闻/a b%20c")
    '/%E6%96%B0%E9%97%BB/a%20b%20c'
    """
    return quote(path, safe=_PATH_SAFE)


@dataclass(frozen=True, slots=True)
class ArchiveLinks:
    """The RFC 5005 links of one feed document (site-relative URLs)."""

    current: str | None = None
    """The subscription feed (``rel="current"``); set on archive documents only."""
    prev_archive: str | None = None
    """The next older archive (``rel="prev-archive"``)."""
    next_archive: str | None = None
    """The next newer archive (``rel="next-archive"``)."""

    @property
    def is_archive(self) -> bool:
        """Whether the document is an archive (``fh:archive``), not a subscription feed."""
        return self.current is not None


def archive_period(date: datetime, by: ArchiveSplit) -> str:
    """The archive a post published at ``date`` (in the site's time zone) belongs to: ``2024`` or ``2024-03``."""
    return f"{date.year:04d}" if by == "year" else f"{date.year:04d}-{date.month:02d}"


def archive_path(subscription_path: str, period: str, config: SiteConfig | None = None) -> str:
    """Where the archive of ``period`` of the feed at ``subscription_path`` goes: beside it, in the archive folder
    (``categories/x/archive/2024-03/atom.xml``, ``feed/archive/2024/news.xml``)."""
    folder, _, file_name = subscription_path.rpartition("/")
    archives = feed_layout(config).archive_folder
    return f"{folder}/{archives}/{period}/{file_name}" if folder else f"{archives}/{period}/{file_name}"


ARCHIVED_FORMATS: tuple[FeedFormat, ...] = ("atom", "rss")
"""The formats that get archive documents (RFC 5005 defines them for Atom, and RSS with Atom's link element)."""


def is_archived(
    config: SiteConfig,
    fmt: FeedFormat,
    *,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> bool:
    """Whether a feed has RFC 5005 archives: the site's and each category's Atom and RSS feeds, when the site sets
    ``newsfmt: feeds: archive_by:``."""
    return config.options.feeds.archive_by != "none" and fmt in ARCHIVED_FORMATS and tag is None and author is None


def subscription_links(config: SiteConfig, path: str, newest: datetime | None) -> ArchiveLinks | None:
    """The ``prev-archive`` link of the subscription feed at ``path`` whose newest post was published at
    ``newest``: the archive of that post's period, the newest one (None when the feed is empty)."""
    if newest is None:
        return None
    return ArchiveLinks(prev_archive=feed_url(archive_path(path, archive_period(newest, _archive_by(config)), config)))


def _archive_by(config: SiteConfig) -> ArchiveSplit:
    return config.options.feeds.archive_by


def hub_of(config: SiteConfig, links: ArchiveLinks | None = None) -> str | None:
    """The WebSub hub a feed announces: the site's ``newsfmt: feeds: hub:``, on subscription feeds only (an archive
    never changes, so nobody subscribes to it)."""
    if links is not None and links.is_archive:
        return None
    return config.options.feeds.hub


def wants_author_feeds(config: SiteConfig) -> bool:
    """Whether a site gets one feed per author (``newsfmt: feeds: authors: true``)."""
    return config.options.feeds.authors


def feed_title(
    config: SiteConfig, *, category: str | None = None, tag: str | None = None, author: str | None = None
) -> str:
    """A feed's default title: the site title (else its URL, else ``Feed``), then ``| category`` (its display name
    under ``newsfmt: categories:``), ``| tag`` and ``| author``. Each part as readers show it: a site title made of
    markup alone (``<script>…</script>``) is no title, and the URL stands in."""
    title = plain_line(config.title) or plain_line(config.url) or "Feed"
    for part in (category and config.options.category_title(category), tag, author):
        if part and plain_line(part):
            title = f"{title} | {plain_line(part)}"
    return title


def plain_line(text: str) -> str:
    """A title, summary, name or term as a feed shows it: tags dropped, characters XML forbids removed, on one line.

    These are text, yet some readers render them as HTML: tags, scripts and comments go as jekyll-feed's
    ``strip_html`` drops them, but only real tags (``利率 < 1% 且 > 0`` stays).
    """
    return _one_line(strip_invalid_xml_chars(strip_tags(text)))


def resolve_limit(limit: int | None, config: SiteConfig) -> int:
    """The number of entries a feed carries: ``limit``, else the site's ``feed.posts_limit``, else
    :data:`DEFAULT_LIMIT`; 0 means all, wherever it comes from.

    Raises :class:`~newsfmt.ExportError` for a negative limit.
    """
    if limit is None:
        limit = config.feed.posts_limit if config.feed.posts_limit is not None else DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ExportError(f"feed limit must be 0 (all) or more, not {limit!r}")
    return limit


def resolve_content(content: str | None, config: SiteConfig) -> FeedContent:
    """``content`` checked, else summaries when the site sets ``feed.excerpt_only``, else full content.

    Raises :class:`~newsfmt.ExportError` for a value other than ``full`` or ``summary``.
    """
    if content is None:
        return "summary" if config.feed.excerpt_only else "full"
    checked = pick(FEED_CONTENTS, content)
    if checked is None:
        raise ExportError(f"content must be {spell_out(map(repr, FEED_CONTENTS))}, not {content!r}")
    return checked


def wants_tag_feeds(config: SiteConfig, asked: bool | None = None) -> bool:
    """Whether a site gets one feed per tag: as asked, else as its ``feed.tags`` setting says."""
    return config.feed.tags if asked is None else asked


def _one_line(text: str) -> str:
    return " ".join(text.split())
