"""The format-neutral view of a feed, computed once and rendered by the RSS, Atom and JSON Feed writers.

Everything a subscriber relies on is decided here, the same way for every format: which entries, their order,
their ids and links, their dates, the feed's own ``updated`` instant (the newest entry, never the clock), and
text free of the control characters XML 1.0 forbids.

Ids. An article's id is either an explicit front-matter ``id`` or Jekyll's post id, a site path such as
``/emnews/2021/12/08/slug``. An absolute IRI is used as it is; anything else is made absolute on the site
(``url`` + ``baseurl`` + id, non-ASCII percent-encoded), which is exactly what jekyll-feed writes as
``<id>``, so a site moving from jekyll-feed to newsfmt keeps its entry ids. A site without ``url`` cannot do
that: its ids become ``urn:uuid:`` values derived (UUID 5) from the article id, stable but not jekyll-feed's.

Links. ``Article.url`` (absolute) when the site has a ``url``; otherwise the site-relative permalink, the best
that can be done (feed readers resolve it against the feed's address).
"""

from __future__ import annotations

import mimetypes
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from ...cleaning.links import checked_url
from ...errors import ExportError
from ...languages import is_cjk_language
from ...model import Article, Author, SiteConfig
from ...output_names import resolve_term, site_names
from ...site_files import SiteFiles
from ...vocabulary import FeedContent, FeedFormat
from ...xmlchars import strip_invalid_xml_chars
from .policy import (
    ArchiveLinks,
    feed_path,
    hub_of,
    is_archived,
    plain_line,
    quote_path,
    resolve_content,
    resolve_limit,
    subscription_links,
)
from .policy import feed_title as feed_title_of
from .policy import feed_url as feed_url_of
from .selection import select_articles

__all__ = [
    "ENCLOSURE_KEYS",
    "Enclosure",
    "FeedEntry",
    "FeedView",
    "build_view",
    "feed_address",
    "feed_entry",
    "frame_view",
    "is_absolute_iri",
]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_FALLBACK_TITLE_CHARS = 40


def is_absolute_iri(value: str) -> bool:
    """Whether ``value`` starts with a URI scheme (``https:``, ``tag:``, ``urn:``).

    >>> is_absolute_iri("tag:example.org,2021:1"), is_absolute_iri("/2021/12/08/x")
    (True, False)
    """
    return bool(_SCHEME.match(value))


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A file attached to an entry: RSS ``enclosure``, Atom ``link rel="enclosure"``, JSON Feed attachment."""

    url: str
    """Absolute URL."""
    length: int
    """Size in bytes: the real size of a file of the site, else the front matter's ``length``, else 0 (unknown)."""
    type: str
    """Media type: the front matter's ``type``, else guessed from the name."""


ENCLOSURE_KEYS = ("enclosure", "audio", "video")
"""The front-matter keys of a post's attached file, first found wins: a URL or site path
(``audio: /episodes/1.mp3``), or a mapping with ``url`` (or ``src``/``file``), and optionally ``type`` and
``length``; ``audio`` and ``video`` only when they name an audio or a video file."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry as every feed format sees it (all text already free of XML-invalid characters)."""

    id: str
    """Absolute IRI: Atom ``id``, JSON Feed ``id``."""
    link: str
    """Permalink (absolute when the site has a ``url``)."""
    guid: str
    """RSS ``guid``: the permalink, or the explicit id when the post gives one."""
    guid_is_permalink: bool
    """Whether ``guid`` is the permalink (RSS ``isPermaLink``)."""
    title: str
    """Title; never empty (a post without one gets the start of its summary, its slug or its date)."""
    published: datetime
    """Publication instant."""
    updated: datetime
    """Last modification, or the publication instant."""
    summary: str
    """Plain-text summary (may be empty)."""
    content_html: str | None
    """Full HTML body, or None when the feed (or the post) carries summaries only."""
    categories: tuple[str, ...]
    """Categories then tags, without repeats."""
    authors: tuple[Author, ...]
    """Authors (may be empty: then the feed's author stands for the entry)."""
    image: str | None
    """Absolute URL of the lead image."""
    lang: str | None
    """Language of the entry when it differs from the feed's."""
    enclosure: Enclosure | None = None
    """The post's attached file (audio, video, a document), or its lead image when it has none."""


@dataclass(frozen=True, slots=True)
class FeedView:
    """One feed as every format sees it."""

    id: str
    """Absolute IRI of the feed (Atom ``id``): its self URL, else the home page, else a ``urn:uuid:``."""
    title: str
    """Feed title."""
    description: str
    """Feed description (RSS requires one; the title when the site has none)."""
    home_url: str
    """The site's home page (RSS channel ``link``, Atom alternate link)."""
    self_url: str | None
    """Absolute URL of the feed itself, or None when it cannot be known."""
    lang: str
    """Feed language (BCP 47)."""
    updated: datetime
    """The newest entry's update instant (never the build time)."""
    authors: tuple[Author, ...]
    """Feed authors: the site author, else a stand-in named after the site (RFC 4287 wants one)."""
    entries: tuple[FeedEntry, ...]
    """Entries, newest first."""
    hub: str | None = None
    """The WebSub hub the feed announces (``rel="hub"``)."""
    archive: ArchiveLinks | None = None
    """RFC 5005 links (absolute URLs): ``prev-archive`` of a subscription feed, or those of an archive document."""


def _clean(text: str | None) -> str:
    return strip_invalid_xml_chars(text) if text else ""


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _clean_author(author: Author) -> Author | None:
    name = plain_line(author.name)
    if not name:
        return None
    return Author(name=name, email=_clean(author.email) or None, url=_clean(author.url) or None)


def _clean_authors(authors: Iterable[Author]) -> tuple[Author, ...]:
    return tuple(a for a in map(_clean_author, authors) if a is not None)


def _entry_id(article: Article, config: SiteConfig) -> str:
    raw = _clean(article.id).strip()
    if is_absolute_iri(raw):
        # An explicit id is an IRI of its own (tag:, urn:, a web URL), unless it names a script: then a stand-in.
        return raw if checked_url(raw) is not None else _uuid_iri(raw)
    # jekyll-feed's absolute_url normalises the URI (Addressable): characters outside RFC 3986 are
    # percent-encoded (a Chinese slug in Jekyll's post id, say), existing %XX escapes stay.
    absolute = config.absolute_url(quote_path(raw))
    return absolute if is_absolute_iri(absolute) else _uuid_iri(raw)


def _uuid_iri(name: str) -> str:
    """A stable ``urn:uuid:`` id derived from ``name`` (UUID 5)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _entry_link(article: Article, config: SiteConfig) -> str:
    if article.url:
        return _clean(article.url)
    return _clean(config.absolute_url(article.permalink))


def _fallback_title(article: Article) -> str:
    summary = plain_line(article.summary or article.text)
    if summary:
        return summary if len(summary) <= _FALLBACK_TITLE_CHARS else summary[:_FALLBACK_TITLE_CHARS] + "…"
    return _one_line(article.slug) or article.date.date().isoformat()


def _wants_excerpt_only(article: Article) -> bool:
    feed: Any = article.extra.get("feed")
    return isinstance(feed, Mapping) and feed.get("excerpt_only") is True


def _enclosure_fields(article: Article) -> Mapping[str, Any] | None:
    """The first of the post's :data:`ENCLOSURE_KEYS`, as a mapping with ``url``. An ``audio`` or ``video`` value
    counts only when it names such a file (by its ``type``, else its name): themes also use these keys for the
    page of a talk."""
    for key in ENCLOSURE_KEYS:
        value: Any = article.extra.get(key)
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, Mapping):
            continue
        url = next((value[k] for k in ("url", "src", "file") if isinstance(value.get(k), str)), "").strip()
        if not url:
            continue
        stated = value.get("type")
        media_type = stated if isinstance(stated, str) else _guessed_type(url) or ""
        if key == "enclosure" or media_type.startswith(key + "/"):
            return {**value, "url": url}
    return None


def _guessed_type(url: str) -> str | None:
    guessed, _ = mimetypes.guess_type(url.split("?", 1)[0].split("#", 1)[0], strict=False)
    return guessed


def _enclosure(article: Article, config: SiteConfig, files: SiteFiles, image: str | None) -> Enclosure | None:
    """The post's attached file, else its lead image; measured when it is a file of the site."""
    fields = _enclosure_fields(article)
    if fields is None:
        if image is None or not is_absolute_iri(image):
            return None
        fields = {"url": image}
    url = _clean(config.absolute_url(fields["url"]))
    if not is_absolute_iri(url) or checked_url(url) is None:
        return None
    local = files.find(url)
    declared = fields.get("length")
    length = local.stat().st_size if local is not None else declared if isinstance(declared, int) else 0
    stated = fields.get("type")
    media_type = _clean(stated).strip() if isinstance(stated, str) and "/" in stated else _media_type(url, image)
    return Enclosure(url=url, length=max(length, 0), type=media_type)


def _media_type(url: str, image: str | None) -> str:
    guessed = _guessed_type(url)
    if url == image:
        return guessed if guessed and guessed.startswith("image/") else "image/jpeg"
    return guessed or "application/octet-stream"


def _entry(
    article: Article, config: SiteConfig, *, content: FeedContent, feed_lang: str, files: SiteFiles
) -> FeedEntry:
    entry_id = _entry_id(article, config)
    link = _entry_link(article, config)
    # The RSS guid is the permalink, except when the post names its own id (that explicit id wins everywhere)
    # or when the site has no url (a relative link is no unique id: the urn:uuid id is).
    explicit = not article.id.startswith("/")
    guid = entry_id if explicit or not is_absolute_iri(link) else link
    full = content == "full" and not _wants_excerpt_only(article)
    lang = _clean(article.lang).strip()
    image = _entry_image(article, config)
    return FeedEntry(
        id=entry_id,
        link=link,
        guid=guid,
        guid_is_permalink=guid == link and is_absolute_iri(link),
        title=plain_line(article.title) or _fallback_title(article),
        published=article.date,
        updated=article.updated or article.date,
        summary=plain_line(article.summary),
        content_html=_within_parser_limits(_clean(article.body_html), article, link) if full else None,
        categories=tuple(dict.fromkeys(term for term in map(plain_line, (*article.categories, *article.tags)) if term)),
        authors=_clean_authors(article.authors),
        image=image,
        lang=lang if lang and lang != feed_lang else None,
        enclosure=_enclosure(article, config, files, image),
    )


def _entry_image(article: Article, config: SiteConfig) -> str | None:
    return _clean(config.absolute_url(article.image)) or None if article.image else None


_MAX_CONTENT_BYTES = 8_000_000
"""Strict XML parsers refuse a text node over 10,000,000 bytes (libxml2's limit, which feedparser, lxml and many
readers share): one huge post would make its whole feed unreadable."""


def _within_parser_limits(html: str, article: Article, link: str) -> str:
    """The body, or, when it is too large for strict XML parsers, its summary and a link to the article."""
    if len(html) * 4 <= _MAX_CONTENT_BYTES or len(html.encode("utf-8")) <= _MAX_CONTENT_BYTES:
        return html
    more = "阅读全文" if is_cjk_language(article.lang) else "Read the whole article"
    summary = escape(plain_line(article.summary))
    return f'<p>{summary}</p><p><a href="{escape(link, quote=True)}">{more}</a></p>'


def _build_time() -> datetime:
    # Only an empty feed has no newest entry; then SOURCE_DATE_EPOCH (or the epoch itself) stands in.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "0")
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError) as exc:
        raise ExportError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}") from exc


def build_view(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    fmt: FeedFormat,
    title: str | None = None,
    feed_url: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    archive: ArchiveLinks | None = None,
) -> FeedView:
    """Select, order and normalise the entries of one feed, and the feed's own metadata.

    The defaults come from the one feed policy (:mod:`.policy`): ``limit`` None means the site's
    ``feed.posts_limit``, else 50 (0 = all); ``content`` None means summaries when the site sets
    ``feed.excerpt_only``, else full content; ``title`` defaults to the site title with ``| category`` and
    ``| tag``; ``feed_url`` to where ``newsfmt build`` writes this feed (``categories/<name>/atom.xml`` for a
    category's Atom feed, its name among the categories of ``articles``: :mod:`newsfmt.output_names`); ``category``
    and ``tag`` are looked up as :func:`.select_articles` does, and the title shows the exact name found;
    ``author`` keeps one author's articles. ``archive`` gives the RFC 5005 links (site-relative URLs) of an archive
    document; a subscription feed of a site with archives links its newest archive (``prev-archive``) by itself.
    The site's WebSub hub is announced by every feed but archives. Raises :class:`~newsfmt.ExportError` for an
    unknown ``content``, a negative limit or an ambiguous term.
    """
    content = resolve_content(content, config)
    lang = _feed_language(config)
    articles = list(articles)
    category = resolve_term(articles, "categories", category)
    tag = resolve_term(articles, "tags", tag)
    chosen = select_articles(articles, category=category, tag=tag, author=author, limit=resolve_limit(limit, config))
    files = SiteFiles(config)
    entries = tuple(_entry(a, config, content=content, feed_lang=lang, files=files) for a in chosen)
    feed_url, archive = feed_address(
        articles, chosen, config, fmt=fmt, feed_url=feed_url, category=category, tag=tag, author=author, archive=archive
    )
    updated = max((e.updated for e in entries), default=None)
    scope = _Scope(category, tag, author)
    return _view(config, entries, updated, title=title, feed_url=feed_url, scope=scope, archive=archive)


def feed_address(
    articles: Sequence[Article],
    chosen: Sequence[Article],
    config: SiteConfig,
    *,
    fmt: FeedFormat,
    feed_url: str | None,
    category: str | None,
    tag: str | None,
    author: str | None,
    archive: ArchiveLinks | None,
) -> tuple[str, ArchiveLinks | None]:
    """The self URL and the RFC 5005 links of a feed of ``chosen`` (newest first), drawn from the site's
    ``articles`` with the exact ``category``, ``tag`` and ``author``: those given, else where ``newsfmt build``
    writes the feed and the archive of its newest entry, as :func:`build_view` decides them."""
    if feed_url is None:
        names = site_names(articles, authors=author is not None) if category or tag or author else None
        feed_url = feed_url_of(feed_path(fmt, category=category, tag=tag, author=author, names=names, config=config))
    if archive is None and is_archived(config, fmt, category=category, tag=tag, author=author):
        path = feed_path(fmt, category=category, tag=tag, author=author, names=site_names(articles), config=config)
        archive = subscription_links(config, path, chosen[0].date if chosen else None)
    return feed_url, archive


def feed_entry(article: Article, config: SiteConfig, *, content: FeedContent, files: SiteFiles) -> FeedEntry:
    """One article as an entry of any feed of the site that carries ``content`` (the entry does not depend on
    which feed it is in: the build renders it once for all of them)."""
    return _entry(article, config, content=content, feed_lang=_feed_language(config), files=files)


def frame_view(
    articles: Sequence[Article],
    config: SiteConfig,
    *,
    feed_url: str,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    archive: ArchiveLinks | None = None,
    title: str | None = None,
) -> FeedView:
    """The view of a feed of ``articles`` (already chosen and ordered; their bodies are not needed) whose entries
    are stand-ins: the first entry with authors and the first with an image, which decide the XML namespaces the
    feed declares. A writer's frame of it, filled with the entries rendered one by one, is the whole feed.
    ``title`` replaces the policy's title, as in :func:`build_view`."""
    lang = _feed_language(config)
    files = SiteFiles(config)
    authored = next((a for a in articles if _clean_authors(a.authors)), None)
    pictured = next((a for a in articles if _entry_image(a, config)), None)
    stand_ins = [a for a in (authored, pictured) if a is not None][: 1 if authored is pictured else 2]
    entries = tuple(_entry(a, config, content="summary", feed_lang=lang, files=files) for a in stand_ins)
    updated = max((a.updated or a.date for a in articles), default=None)
    scope = _Scope(category, tag, author)
    return _view(config, entries, updated, title=title, feed_url=feed_url, scope=scope, archive=archive)


def _feed_language(config: SiteConfig) -> str:
    return _clean(config.lang).strip() or "en"


@dataclass(frozen=True, slots=True)
class _Scope:
    """Which posts of the site a feed carries (all: every field None)."""

    category: str | None
    tag: str | None
    author: str | None


def _view(
    config: SiteConfig,
    entries: tuple[FeedEntry, ...],
    updated: datetime | None,
    *,
    title: str | None,
    feed_url: str,
    scope: _Scope,
    archive: ArchiveLinks | None,
) -> FeedView:
    """The feed's own metadata around ``entries`` (``updated``: the newest entry's update instant)."""
    home_url = _clean(config.home_url)
    self_url = _absolute(config, feed_url) or ""
    feed_title = plain_line(title or feed_title_of(config, category=scope.category, tag=scope.tag, author=scope.author))
    if self_url:
        feed_id = self_url
    elif is_absolute_iri(home_url):
        feed_id = home_url
    else:
        feed_id = _uuid_iri(feed_title)
    site_authors = _clean_authors([config.author] if config.author else [])
    return FeedView(
        id=feed_id,
        title=feed_title,
        description=plain_line(config.description) or feed_title,
        home_url=home_url,
        self_url=self_url or None,
        lang=_feed_language(config),
        updated=updated or _build_time(),
        authors=site_authors or (Author(name=plain_line(config.title) or feed_title),),
        entries=entries,
        hub=hub_of(config, archive),
        archive=_absolute_links(config, archive),
    )


def _absolute(config: SiteConfig, url: str | None) -> str | None:
    """``url`` on the site, when that makes an absolute IRI."""
    if url is None:
        return None
    absolute = _clean(config.absolute_url(url))
    return absolute if is_absolute_iri(absolute) else None


def _absolute_links(config: SiteConfig, links: ArchiveLinks | None) -> ArchiveLinks | None:
    if links is None:
        return None
    return ArchiveLinks(
        current=_absolute(config, links.current),
        prev_archive=_absolute(config, links.prev_archive),
        next_archive=_absolute(config, links.next_archive),
    )
