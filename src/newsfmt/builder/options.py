"""Build options: defaults, the site config's ``newsfmt:`` key, then command-line flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from ..cleaning.link_styles import LinkStyle
from ..errors import ConfigError
from ..parallel import available_cores

__all__ = ["OUTPUT_KINDS", "BuildOptions"]

OUTPUT_KINDS = ("feeds", "epub", "text")
BookSplit = Literal["year", "month", "all"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What ``newsfmt build`` produces and how; every field can be set under ``newsfmt: build:`` in the config."""

    only: frozenset[str] = field(default_factory=lambda: frozenset(OUTPUT_KINDS))
    """Which outputs to write: any of ``feeds``, ``epub``, ``text``."""
    jobs: int = 0
    """Worker processes for reading posts; 0 means one per CPU core."""
    strict: bool = False
    """Stop at the first problem and write nothing."""
    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include posts dated in the future."""
    unpublished: bool = False
    """Include ``published: false`` posts."""
    feed_limit: int | None = None
    """Entries per feed; ``None`` uses the site's ``feed: posts_limit`` or 50; 0 means all."""
    feed_content: Literal["full", "summary"] = "full"
    """Full HTML or summaries in feeds."""
    tag_feeds: bool = False
    """Also write a feed per tag under ``tags/``."""
    epub_by: BookSplit = "year"
    """One book per category and year, month, or all time."""
    max_articles: int | None = None
    """Split books larger than this into numbered volumes."""
    vertical: bool = False
    """Vertical Chinese in the books."""
    cover: Path | None = None
    """A cover image for every book instead of a generated one."""
    fetch_images: bool = False
    """Download remote images into the books."""
    text_width: int | None = None
    """Wrap plain text at this display width."""
    text_links: LinkStyle = "inline"
    """Links in plain text: inline, as numbered references, or none."""
    cache_dir: Path | None = None
    """Where the incremental cache lives; default ``OUT/.newsfmt-cache``."""
    progress: bool = False
    """Show a progress bar on stderr."""

    @property
    def workers(self) -> int:
        """Worker processes to use."""
        return self.jobs if self.jobs > 0 else available_cores()

    def merged(self, values: Mapping[str, Any], *, source: str) -> BuildOptions:
        """These options with ``values`` applied (unknown keys and bad values raise :class:`ConfigError`)."""
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"unknown build option {key!r} in {source}")
            if value is None:
                continue
            changes[name] = _coerce(name, value, source)
        return replace(self, **changes)


def _coerce(name: str, value: Any, source: str) -> Any:
    def fail(expected: str) -> ConfigError:
        return ConfigError(f"build option {name} in {source}: expected {expected}, got {value!r}")

    if name == "only":
        kinds = value.split(",") if isinstance(value, str) else list(value)
        kinds = [str(k).strip() for k in kinds if str(k).strip()]
        unknown = [k for k in kinds if k not in OUTPUT_KINDS]
        if unknown or not kinds:
            raise fail(f"some of {', '.join(OUTPUT_KINDS)}")
        return frozenset(kinds)
    if name in ("jobs", "feed_limit", "max_articles", "text_width"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail("a whole number ≥ 0")
        return value
    if name in ("strict", "drafts", "future", "unpublished", "tag_feeds", "vertical", "fetch_images", "progress"):
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    choices = {
        "feed_content": ("full", "summary"),
        "epub_by": ("year", "month", "all"),
        "text_links": ("inline", "references", "none"),
    }
    if name in choices:
        if value not in choices[name]:
            raise fail(" or ".join(choices[name]))
        return value
    if name in ("cover", "cache_dir"):
        return Path(value)
    raise fail("a known value")  # pragma: no cover - every field is handled above
