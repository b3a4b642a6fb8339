"""Site configs: Jekyll's ``_config.yml``, Hugo's ``hugo.toml``/``config.toml``/``config/_default/``, or none."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..cleaning.rules import CleaningRules
from ..errors import ConfigError, FrontMatterError
from ..model import FrozenMapping, SiteConfig
from ..options import BuildOptions, FeedOptions, SiteOptions, parse_category_titles
from ..vocabulary import NAIVE_DATES, NaiveDates, pick, spell_out
from ..xmlchars import strip_invalid_xml_chars_deep
from .config_values import as_mapping
from .frontmatter import load_header
from .generators import detect
from .metadata import as_text

__all__ = ["load_config", "read_options"]


def load_config(root: Path | str, *, overrides: Mapping[str, Any] | None = None) -> SiteConfig:
    """Read a site's config; ``overrides`` (e.g. CLI flags) win over the file's ``newsfmt:`` options.

    Raises :class:`ConfigError` naming the file and line for a config that cannot be used.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("not a folder", path=root)
    generator, source = detect(root)
    data = (
        strip_invalid_xml_chars_deep(generator.read_config_data(root, source, _read_mapping))
        if source is not None
        else {}
    )
    where = source or root
    try:
        config = generator.read_config(data)
        raw: dict[str, Any] = dict(as_mapping(data.get("newsfmt"), "newsfmt"))
        raw.update(overrides or {})
        naive = generator.fixed_naive_dates or _naive_dates(raw)
        _check_timezone(config["timezone"])
    except ValueError as exc:
        raise ConfigError(str(exc), path=where) from exc
    return SiteConfig(
        **config,
        naive_dates=naive,
        generator=generator.name,
        options=read_options(raw, source=where),
        root=root,
        source=source,
        data=FrozenMapping(data),
        site_data=generator.site_data(root),
        include_stamp=generator.include_stamp(root),
    )


_OPTION_KEYS = ("build", "categories", "cleaning", "feeds", "naive_dates")


def read_options(raw: Mapping[str, Any], *, source: Path | str) -> SiteOptions:
    """The ``newsfmt:`` mapping of a site config, read and checked into :class:`~newsfmt.options.SiteOptions`.

    Raises :class:`~newsfmt.ConfigError` naming ``source`` for an unknown key or a bad value, so that a typo is
    reported by every command (``check`` included), not silently ignored.
    """
    unknown = sorted(str(key) for key in raw if key not in _OPTION_KEYS)
    if unknown:
        raise ConfigError(f"newsfmt.{unknown[0]}: unknown option (known: {', '.join(_OPTION_KEYS)})", path=source)
    try:
        cleaning = CleaningRules.from_options(raw) if raw.get("cleaning") is not None else None
        build = raw.get("build")
        if build is not None and not isinstance(build, Mapping):
            raise ConfigError(f"newsfmt.build must be a mapping of options, not {build!r}")
        options = _trusted_only(BuildOptions().merged(build or {}, source="newsfmt.build"))
        feeds = FeedOptions.from_mapping(raw.get("feeds"))
        categories = raw.get("categories")
        titles = parse_category_titles(categories) if categories is not None else {}
    except ConfigError as exc:
        raise ConfigError(exc.message, path=source) from exc
    return SiteOptions(cleaning=cleaning, build=options, feeds=feeds, category_titles=titles)


def _trusted_only(options: BuildOptions) -> BuildOptions:
    """The build options a site's own config may set: the site is untrusted (many authors, pulled from
    repositories), so its config cannot reach other hosts or files outside the site and the output folder."""
    if options.fetch_images:
        raise ConfigError(
            "newsfmt.build.fetch_images: fetching images reaches other hosts; only the command line can ask for it"
        )
    for name, where in (("cover", "the site folder"), ("cache_dir", "the output folder")):
        value: Path | None = getattr(options, name)
        if value is not None and (value.is_absolute() or ".." in value.parts):
            raise ConfigError(f"newsfmt.build.{name} must be a relative path inside {where}, not {str(value)!r}")
    return options


def _naive_dates(raw: Mapping[str, Any]) -> NaiveDates:
    naive = as_text(raw.get("naive_dates", "utc")).lower()
    checked = pick(NAIVE_DATES, naive)
    if checked is None:
        raise ValueError(f"newsfmt.naive_dates must be {spell_out(map(repr, NAIVE_DATES))}, not {naive!r}")
    return checked


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=path) from exc
    fmt = {".toml": "toml", ".json": "json"}.get(path.suffix, "yaml")
    try:
        return load_header(text, fmt, 1)
    except FrontMatterError as exc:
        raise ConfigError(exc.message.replace("front matter", "config"), path=path, line=exc.line) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - load_header translates these
        raise ConfigError(f"invalid config: {exc}", path=path) from exc


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from exc
