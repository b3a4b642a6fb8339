"""newsfmt's own settings, typed: the ``newsfmt:`` key of a site's config, read once by
:func:`~newsfmt.load_config` into :class:`SiteOptions`, and the options of a build (:class:`BuildOptions`).

Each setting is parsed and checked in one place: the site build, the CLI and ``newsfmt check`` all read these
objects, never the raw mapping. Precedence for a build: defaults, then ``newsfmt: build:`` in the config, then what
the caller (or a command-line flag) overrides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .parallel import available_cores
from .vocabulary import (
    BOOK_SPLITS,
    FEED_CONTENTS,
    LINK_STYLES,
    OUTPUT_KINDS,
    BookSplit,
    FeedContent,
    LinkStyle,
    OutputKind,
    spell_out,
)

if TYPE_CHECKING:
    from .cleaning.rules import CleaningRules

__all__ = ["BuildOptions", "SiteOptions", "parse_output_kinds", "site_cover"]


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


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """The ``newsfmt:`` key of a site's config, read and checked (see ``docs/configuration.md``)."""

    cleaning: CleaningRules | None = None
    """The site's boilerplate rules (``newsfmt: cleaning:``); ``None`` means the defaults."""
    build: BuildOptions = field(default_factory=BuildOptions)
    """What ``newsfmt build`` makes (``newsfmt: build:``)."""
