"""A Hugo page's four dates, taken as Hugo 0.111 takes them: its ``[frontmatter]`` config, the keys' aliases,
``:filename``, ``:fileModTime`` and ``:default``.

Checked with ``hugo list all``: by default ``date`` is the first of ``date``, ``publishDate`` (or ``pubdate``,
``published``) and ``lastmod`` (or ``modified``) that is set; ``publishDate`` the first of ``publishDate`` and
``date`` *as written* (a date taken from ``lastmod`` is not a publish date); ``lastmod`` the first of ``lastmod``,
``date`` and ``publishDate``; ``expiryDate`` the ``expiryDate`` (or ``unpublishdate``). A page with none of them is
dated 0001-01-01 UTC, Hugo's zero date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..config_values import as_mapping
from ..dates import ReadDate, parse_date_string, read_date
from .base import PageDates

__all__ = ["frontmatter_rules", "hugo_dates"]

ZERO_DATE = datetime(1, 1, 1, tzinfo=UTC)
"""Hugo's date of a page that has none."""

_ALIASES: Mapping[str, tuple[str, ...]] = {
    "date": ("date",),
    "publishdate": ("publishdate", "pubdate", "published"),
    "lastmod": ("lastmod", "modified"),
    "expirydate": ("expirydate", "unpublishdate"),
}
_DEFAULTS: Mapping[str, tuple[str, ...]] = {
    "date": ("date", "publishdate", "lastmod"),
    "publishdate": ("publishdate", "date"),
    "lastmod": (":git", "lastmod", "date", "publishdate"),
    "expirydate": ("expirydate",),
}
_FILENAME, _MODTIME, _DEFAULT = ":filename", ":filemodtime", ":default"


def frontmatter_rules(data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The ``[frontmatter]`` config (lower-cased) as the handler list of each date, ``:default`` and the keys'
    aliases expanded; raise ValueError for a value that is not a list of names."""
    table = as_mapping(data.get("frontmatter"), "frontmatter")
    rules: dict[str, tuple[str, ...]] = {}
    for field, default in _DEFAULTS.items():
        given = table.get(field)
        if given is None:
            names: list[str] = list(default)
        elif isinstance(given, list | tuple) and all(isinstance(name, str) for name in given):
            names = [name.lower() for name in given]
        else:
            raise ValueError(f"frontmatter.{field}: expected a list of names, got {given!r}")
        expanded: list[str] = []
        for name in names:
            for handler in default if name == _DEFAULT else (name,):
                expanded.extend(_ALIASES.get(handler, (handler,)))
        rules[field] = tuple(dict.fromkeys(expanded))
    return rules


def hugo_dates(
    metadata: Mapping[str, Any],
    rules: Mapping[str, tuple[str, ...]],
    *,
    base_name: str,
    mtime: datetime | None,
    tz: tzinfo,
) -> PageDates:
    """The dates of a page from its (lower-cased) front matter, its file's base name (no extension; a bundle's
    folder name) and modification time; raise ValueError naming the key of a date that cannot be read."""
    found: dict[str, tuple[ReadDate, str] | None] = {}
    for field in _DEFAULTS:
        found[field] = _first(metadata, rules[field], base_name, mtime, tz)
    date = found["date"]
    slug = date[1] if date is not None else ""
    return PageDates(
        date=date[0] if date is not None else ReadDate(ZERO_DATE, ZERO_DATE, "no date: Hugo's zero date"),
        publish=_moment(found["publishdate"]),
        lastmod=_moment(found["lastmod"]),
        expiry=_moment(found["expirydate"]),
        slug=slug,
    )


def _moment(value: tuple[ReadDate, str] | None) -> datetime | None:
    return value[0].shown if value is not None else None


def _first(
    metadata: Mapping[str, Any], handlers: tuple[str, ...], base_name: str, mtime: datetime | None, tz: tzinfo
) -> tuple[ReadDate, str] | None:
    """The first handler's date that is set, with the slug ``:filename`` gives (else empty)."""
    for handler in handlers:
        if handler == _FILENAME:
            from_name = _from_file_name(base_name, tz)
            if from_name is not None:
                return from_name
        elif handler == _MODTIME and mtime is not None:
            local = mtime.astimezone(tz)
            return ReadDate(local, local, "the file's modification time (:fileModTime)"), ""
        elif not handler.startswith(":") and metadata.get(handler) not in (None, ""):
            try:
                return read_date(metadata[handler], tz, naive_local=True), ""
            except ValueError as exc:
                raise ValueError(f"{handler}: {exc}") from exc
    return None


def _from_file_name(base_name: str, tz: tzinfo) -> tuple[ReadDate, str] | None:
    """Hugo's ``dateAndSlugFromBaseFilename``: a date in the first ten characters, the rest (trimmed of spaces,
    hyphens and underscores) the slug."""
    if len(base_name) < 10:
        return None
    try:
        local, _ = parse_date_string(base_name[:10], tz)
    except ValueError:
        return None
    return ReadDate(local, local, "file name (:filename)"), base_name[10:].strip(" -_")
