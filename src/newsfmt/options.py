"""newsfmt's own settings, typed: the ``newsfmt:`` key of a site's config, read once by
:func:`~newsfmt.load_config` into :class:`SiteOptions`, and the options of a build (:class:`BuildOptions`).

Each setting is parsed and checked in one place: the site build, the CLI and ``newsfmt check`` all read these
objects, never the raw mapping. Precedence for a build: defaults, then ``newsfmt: build:`` in the config, then what
the caller (or a command-line flag) overrides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .parallel import available_cores
from .paths import slugify_for_path
from .vocabulary import (
    ARCHIVE_SPLITS,
    BOOK_SPLITS,
    FEED_CONTENTS,
    FEED_FORMATS,
    FEED_LAYOUTS,
    FEED_SCOPES,
    LINK_STYLES,
    OUTPUT_KINDS,
    ArchiveSplit,
    BookSplit,
    FeedContent,
    FeedFormat,
    FeedLayoutName,
    FeedScope,
    LinkStyle,
    OutputKind,
    pick,
    spell_out,
)

if TYPE_CHECKING:
    from .cleaning.rules import CleaningRules

__all__ = [
    "BuildOptions",
    "FeedOptions",
    "FeedPaths",
    "SiteOptions",
    "check_path_template",
    "parse_category_titles",
    "parse_output_kinds",
    "site_cover",
]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What ``newsfmt build`` produces and how; every field can be set under ``newsfmt: build:`` in the config."""

    only: frozenset[OutputKind] = field(default_factory=lambda: frozenset(OUTPUT_KINDS))
    """Which outputs to write: any of ``feeds``, ``epub``, ``text``."""
    jobs: int = 0
    """Worker processes for reading posts; 0 means one per CPU core."""
    strict: bool = False
    """Stop at the first problem and write nothing."""
    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include posts dated in the future."""
    expired: bool = False
    """Include Hugo pages past their ``expiryDate`` (``hugo --buildExpired``)."""
    unpublished: bool = False
    """Include ``published: false`` posts."""
    allow_shrink: bool = False
    """Build even when the site has no post, or fewer than half the files the last build read (by default such a
    build writes nothing and fails: the site folder moved or a checkout failed, and every output would go)."""
    feed_limit: int | None = None
    """Entries per feed; ``None`` uses the site's ``feed: posts_limit`` or 50; 0 means all."""
    feed_content: FeedContent | None = None
    """Full HTML or summaries in feeds; ``None`` follows the site's ``feed: excerpt_only`` (else full)."""
    tag_feeds: bool | None = None
    """Also write a feed per tag under ``tags/``; ``None`` follows the site's ``feed: tags``."""
    epub_by: BookSplit = "year"
    """One book per category and year, month, or all time."""
    max_articles: int | None = None
    """Split books larger than this into numbered volumes."""
    vertical: bool = False
    """Vertical Chinese in the books."""
    cover: Path | None = None
    """A cover image for every book instead of a generated one; a relative path is inside the site folder (and
    may not leave it, symlinks included)."""
    fetch_images: bool = False
    """Download remote images into the books, within the default :class:`~newsfmt.FetchRules`; only the caller
    (a command-line flag) may turn it on, never the site's config."""
    text_width: int | None = None
    """Wrap plain text at this display width."""
    text_links: LinkStyle = "inline"
    """Links in plain text: inline, as numbered references, or none."""
    cache_dir: Path | None = None
    """Where the incremental cache lives; default ``OUT/.newsfmt-cache``; a relative path is inside OUT."""

    @property
    def workers(self) -> int:
        """Worker processes to use."""
        return self.jobs if self.jobs > 0 else available_cores()

    def merged(self, values: Mapping[str, Any], *, source: str) -> BuildOptions:
        """These options with ``values`` applied; a ``None`` value leaves its option as it is.

        Keys may be spelled with ``-`` or ``_``. Raises :class:`~newsfmt.ConfigError` naming ``source`` for an
        unknown key or a bad value.

        >>> BuildOptions().merged({"tag-feeds": True, "jobs": None}, source="a test").tag_feeds
        True
        """
        known = {f.name for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = str(key).replace("-", "_")
            if name not in known:
                raise ConfigError(f"unknown build option {key!r} in {source} (known: {', '.join(sorted(known))})")
            if value is not None:
                changes[name] = _coerce(name, value, source)
        return replace(self, **changes)


_WHOLE_NUMBERS: Mapping[str, int] = {"jobs": 0, "feed_limit": 0, "max_articles": 1, "text_width": 10}
"""The options that are whole numbers, each with its least value (as the command's flags accept them)."""
_FLAGS = frozenset(
    {"strict", "drafts", "future", "expired", "unpublished", "allow_shrink", "tag_feeds", "vertical", "fetch_images"}
)
_CHOICES: Mapping[str, tuple[str, ...]] = {
    "feed_content": FEED_CONTENTS,
    "epub_by": BOOK_SPLITS,
    "text_links": LINK_STYLES,
}
_PATHS = frozenset({"cover", "cache_dir"})


def _coerce(name: str, value: Any, source: str) -> Any:
    def fail(expected: str) -> ConfigError:
        return ConfigError(f"build option {name} in {source}: expected {expected}, got {value!r}")

    if name == "only":
        try:
            return parse_output_kinds(value)
        except ValueError:
            raise fail(f"some of {', '.join(OUTPUT_KINDS)}") from None
    if name in _WHOLE_NUMBERS:
        least = _WHOLE_NUMBERS[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise fail(f"a whole number ≥ {least}")
        return value
    if name in _FLAGS:
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise fail(spell_out(_CHOICES[name]))
        return value
    if name in _PATHS:
        if not isinstance(value, str | Path) or not str(value):
            raise fail("a path")
        return Path(value)
    raise fail("a known value")  # pragma: no cover - every field is handled above


def parse_output_kinds(value: str | Iterable[object]) -> frozenset[OutputKind]:
    """The outputs named by ``value``: a comma-separated string (``feeds,text``) or a list; blanks are ignored.

    Raises ValueError naming the unknown words, or when nothing is named.

    >>> sorted(parse_output_kinds(" text, feeds,"))
    ['feeds', 'text']
    """
    words = value.split(",") if isinstance(value, str) else list(value)
    named = {str(word).strip() for word in words} - {""}
    kinds = frozenset(kind for kind in OUTPUT_KINDS if kind in named)
    if len(kinds) != len(named) or not kinds:
        unknown = sorted(named - set(kinds))
        raise ValueError(f"expected some of {', '.join(OUTPUT_KINDS)}, got {', '.join(unknown) or 'nothing'}")
    return kinds


def site_cover(root: Path, cover: Path) -> Path:
    """The cover file a build uses: ``cover`` itself when absolute (given by the caller), else inside the site
    folder ``root``. Raises :class:`~newsfmt.ConfigError` when a relative one leads outside it (a symlink
    included)."""
    if cover.is_absolute():
        return cover
    inside = root / cover
    if not inside.resolve().is_relative_to(root.resolve()):
        raise ConfigError(f"the cover {str(cover)!r} leads outside the site folder", path=root)
    return inside


FeedPaths = Mapping[FeedScope, Mapping[FeedFormat, str]]
"""Feed path templates by scope and format (``{"category": {"atom": "feed/{term}.xml"}}``)."""

_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")
_TERM_PLACEHOLDERS = frozenset({"name", "term"})


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """The ``newsfmt: feeds:`` settings: where feeds go, their archives, hub and author feeds."""

    layout: FeedLayoutName | None = None
    """``newsfmt`` or ``jekyll-feed`` paths; ``None``: ``jekyll-feed`` when the site uses jekyll-feed."""
    paths: FeedPaths = field(default_factory=dict)
    """Path templates that replace the layout's, by scope (``site``, ``category``, ``tag``, ``author``) and
    format; ``{name}`` is a term's output name, ``{term}`` its exact name where that is a safe file name."""
    archive_by: ArchiveSplit = "none"
    """RFC 5005 archive documents of the site and category feeds: one per ``month`` or ``year``, or ``none``."""
    archive_folder: str = "archive"
    """The folder, beside each subscription feed, that holds its archive documents."""
    hub: str | None = None
    """A WebSub hub (an http or https URL) announced by every subscription feed."""
    authors: bool = False
    """Also write one feed per author."""

    @classmethod
    def from_mapping(cls, raw: object, *, source: str = "newsfmt.feeds") -> FeedOptions:
        """The settings in ``raw`` (the ``newsfmt: feeds:`` mapping), checked.

        Raises :class:`~newsfmt.ConfigError` naming the key for an unknown key or a bad value.

        >>> FeedOptions.from_mapping({"archive_by": "year", "paths": {"site": {"rss": "rss.xml"}}}).paths
        {'site': {'rss': 'rss.xml'}}
        """
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise ConfigError(f"{source} must be a mapping, not {raw!r}")
        known = {f.name for f in fields(cls)}
        for key in raw:
            if key not in known:
                raise ConfigError(f"{source}.{key}: unknown option (known: {', '.join(sorted(known))})")
        return cls(
            layout=_choice(raw.get("layout"), FEED_LAYOUTS, f"{source}.layout", optional=True),
            paths=_feed_paths(raw.get("paths"), f"{source}.paths"),
            archive_by=_choice(raw.get("archive_by", "none"), ARCHIVE_SPLITS, f"{source}.archive_by"),
            archive_folder=_folder_name(raw.get("archive_folder", "archive"), f"{source}.archive_folder"),
            hub=_hub_url(raw.get("hub"), f"{source}.hub"),
            authors=_flag(raw.get("authors", False), f"{source}.authors"),
        )


def _choice(value: Any, words: tuple[Any, ...], key: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    checked = pick(words, value) if isinstance(value, str) else None
    if checked is None:
        raise ConfigError(f"{key} must be {spell_out(map(repr, words))}, not {value!r}")
    return checked


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, not {value!r}")
    return value


def _folder_name(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value or value in (".", "..") or "/" in value or "\\" in value:
        raise ConfigError(f"{key} must be one folder name (no '/'), not {value!r}")
    return value


def _hub_url(value: Any, key: str) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or value != value.strip():
        raise ConfigError(f"{key} must be an http or https URL, not {value!r}")
    return str(value)


def _feed_paths(value: Any, key: str) -> FeedPaths:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key} must be a mapping of {', '.join(FEED_SCOPES)} to paths, not {value!r}")
    paths: dict[FeedScope, dict[FeedFormat, str]] = {}
    for scope_word, templates in value.items():
        scope = pick(FEED_SCOPES, scope_word) if isinstance(scope_word, str) else None
        if scope is None:
            raise ConfigError(f"{key}.{scope_word}: unknown feed scope (known: {', '.join(FEED_SCOPES)})")
        if not isinstance(templates, Mapping):
            raise ConfigError(f"{key}.{scope} must map {', '.join(FEED_FORMATS)} to paths, not {templates!r}")
        paths[scope] = {}
        for fmt_word, template in templates.items():
            fmt = pick(FEED_FORMATS, fmt_word) if isinstance(fmt_word, str) else None
            if fmt is None:
                raise ConfigError(f"{key}.{scope}.{fmt_word}: unknown feed format (known: {', '.join(FEED_FORMATS)})")
            paths[scope][fmt] = check_path_template(template, scope, f"{key}.{scope}.{fmt}")
    return paths


def check_path_template(value: Any, scope: FeedScope, key: str) -> str:
    """``value`` when it is a feed path template of ``scope`` that stays inside the output folder; ``{name}`` or
    ``{term}`` in every template but the site's. Raises :class:`~newsfmt.ConfigError` naming ``key``."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a path inside the output folder, not {value!r}")
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or any(part in ("", ".", "..") for part in parts):
        raise ConfigError(f"{key}: {value!r} must be a relative path inside the output folder (no '..', no '//')")
    found = set(_PLACEHOLDERS.findall(value))
    if scope == "site" and found:
        raise ConfigError(f"{key}: the site feed's path takes no placeholder, found {{{sorted(found)[0]}}}")
    if scope != "site" and (found - _TERM_PLACEHOLDERS or not found):
        raise ConfigError(f"{key}: {value!r} must name the {scope} with {{name}} or {{term}}, and nothing else")
    return value


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """The ``newsfmt:`` key of a site's config, read and checked (see ``docs/configuration.md``)."""

    cleaning: CleaningRules | None = None
    """The site's boilerplate rules (``newsfmt: cleaning:``); ``None`` means the defaults."""
    build: BuildOptions = field(default_factory=BuildOptions)
    """What ``newsfmt build`` makes (``newsfmt: build:``)."""
    feeds: FeedOptions = field(default_factory=FeedOptions)
    """Feed paths, archives, hub and author feeds (``newsfmt: feeds:``)."""
    category_titles: dict[str, str] = field(default_factory=dict)
    """Display names of categories (``newsfmt: categories: {kuaixun: {title: 快讯}}``), by the category's exact
    name or its plain slug, as :func:`parse_category_titles` reads them; see :meth:`category_title`."""

    def category_title(self, category: str) -> str:
        """The name people read for a category: its display name set under ``newsfmt: categories:`` (looked up by
        the exact name, then by its plain slug), else the category itself.

        >>> options = SiteOptions(category_titles=parse_category_titles({"kuaixun": {"title": "快讯"}}))
        >>> options.category_title("kuaixun"), options.category_title("KuaiXun"), options.category_title("Tech")
        ('快讯', '快讯', 'Tech')
        """
        titles = self.category_titles
        if not titles:
            return category
        return titles.get(category) or titles.get(_SLUG_KEY + slugify_for_path(category)) or category


_SLUG_KEY = "\x00slug:"
"""Prefix of the slug entries of :attr:`SiteOptions.category_titles`: no category name holds a NUL (XML forbids it,
and it is removed from every config value), so a slug entry never shadows a name."""


def parse_category_titles(raw: object, *, source: str = "newsfmt.categories") -> dict[str, str]:
    """The ``newsfmt: categories:`` mapping read and checked: each key a category's name or slug, each value a
    mapping whose only key is ``title``, a non-empty line of text. Returns the titles by exact name and by slug.

    Raises :class:`~newsfmt.ConfigError` naming the key for anything else.

    >>> titles = parse_category_titles({"City News": {"title": " 城市 "}})
    >>> titles["City News"], SiteOptions(category_titles=titles).category_title("city news")
    ('城市', '城市')
    """
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{source} must map category names to {{title: ...}}, not {raw!r}")
    titles: dict[str, str] = {}
    for key, value in raw.items():
        where = f"{source}.{key}"
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(f"{source}: a category must be named by a non-empty string, not {key!r}")
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where} must be a mapping like {{title: ...}}, not {value!r}")
        unknown = sorted(str(name) for name in value if name != "title")
        if unknown:
            raise ConfigError(f"{where}.{unknown[0]}: unknown option (known: title)")
        title = value.get("title")
        if not isinstance(title, str) or not " ".join(title.split()):
            raise ConfigError(f"{where}.title must be a non-empty line of text, not {title!r}")
        titles[key] = " ".join(title.split())
    for key, title in list(titles.items()):
        titles.setdefault(_SLUG_KEY + slugify_for_path(key), title)
    return titles
