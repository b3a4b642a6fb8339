"""Site configs: Jekyll's ``_config.yml``, Hugo's ``hugo.toml``/``config.toml``, or none."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..cleaning.rules import CleaningRules
from ..errors import ConfigError, FrontMatterError
from ..model import FeedSettings, FrozenMapping, Generator, NaiveDates, SiteConfig
from ..options import BuildOptions, SiteOptions
from .frontmatter import load_header
from .metadata import as_authors, as_bool, as_terms, as_text
from .permalinks import expand_permalink_style

__all__ = ["HUGO_CONFIGS", "JEKYLL_CONFIGS", "detect_generator", "load_config", "read_options"]

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml")


def detect_generator(root: Path) -> tuple[Generator, Path | None]:
    """Which layout a site folder has, and its config file."""
    for name in JEKYLL_CONFIGS:
        if (root / name).is_file():
            return "jekyll", root / name
    for name in HUGO_CONFIGS:
        if (root / name).is_file() and (root / "content").is_dir():
            return "hugo", root / name
    if (root / "_posts").is_dir() or any(root.glob("*/_posts")):
        return "jekyll", None
    if (root / "content").is_dir() and not (root / "_posts").exists():
        return "hugo", None
    return "folder", None


def load_config(root: Path | str, *, overrides: Mapping[str, Any] | None = None) -> SiteConfig:
    """Read a site's config; ``overrides`` (e.g. CLI flags) win over the file's ``newsfmt:`` options.

    Raises :class:`ConfigError` naming the file and line for a config that cannot be used.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("not a folder", path=root)
    generator, source = detect_generator(root)
    data = _read_mapping(source) if source is not None else {}
    where = source or root
    try:
        config = _hugo_config(data) if generator == "hugo" else _jekyll_config(data)
        raw: dict[str, Any] = dict(_mapping(data.get("newsfmt"), "newsfmt"))
        raw.update(overrides or {})
        naive = "local" if generator == "hugo" else _naive_dates(raw)  # Hugo reads them in its timeZone
        _check_timezone(config["timezone"])
    except ValueError as exc:
        raise ConfigError(str(exc), path=where) from exc
    return SiteConfig(
        **config,
        naive_dates=naive,
        generator=generator,
        options=read_options(raw, source=where),
        root=root,
        source=source,
        data=FrozenMapping(data),
    )


_OPTION_KEYS = ("build", "cleaning", "naive_dates")


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
        options = BuildOptions().merged(build or {}, source="newsfmt.build")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=source) from exc
    return SiteOptions(cleaning=cleaning, build=options)


def _naive_dates(raw: Mapping[str, Any]) -> NaiveDates:
    naive = as_text(raw.get("naive_dates", "utc")).lower()
    if naive == "utc":
        return "utc"
    if naive == "local":
        return "local"
    raise ValueError(f"newsfmt.naive_dates must be 'utc' or 'local', not {naive!r}")


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


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping, got {value!r}")
    return value


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from exc


def _split_url(url: str, baseurl: str) -> tuple[str, str]:
    """``url`` without its trailing slash (a path in it is kept, as Jekyll keeps it) and ``baseurl``."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    base = baseurl.strip().rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return url.rstrip("/"), base


def _feed_settings(value: Any) -> FeedSettings:
    feed = _mapping(value, "feed")
    limit = feed.get("posts_limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"feed.posts_limit must be a whole number, got {limit!r}")
    tags = feed.get("tags")
    return FeedSettings(
        path=as_text(feed.get("path") or "feed.xml"),
        posts_limit=limit,
        excerpt_only=as_bool(feed.get("excerpt_only", False)),
        categories=as_terms(feed.get("categories")),
        tags=bool(tags) if not isinstance(tags, Mapping) else as_bool(tags.get("enabled", True)),
    )


def _jekyll_config(data: Mapping[str, Any]) -> dict[str, Any]:
    url, baseurl = _split_url(as_text(data.get("url")), as_text(data.get("baseurl")))
    authors = as_authors(data.get("author"))
    return {
        "title": as_text(data.get("title") or data.get("name")),
        "description": as_text(data.get("description")),
        "url": url,
        "baseurl": baseurl,
        "lang": as_text(data.get("lang") or data.get("locale") or "en").replace("_", "-"),
        "timezone": as_text(data.get("timezone") or "UTC"),
        "author": authors[0] if authors else None,
        "permalink": expand_permalink_style(as_text(data.get("permalink")) or None),
        "feed": _feed_settings(data.get("feed")),
    }


def _hugo_config(data: Mapping[str, Any]) -> dict[str, Any]:
    lowered = {str(k).lower(): v for k, v in data.items()}
    url, baseurl = _split_url(as_text(lowered.get("baseurl")), "")
    scheme, sep, rest = url.partition("://")
    if sep and "/" in rest:  # Hugo's baseURL carries the path prefix
        host, _, path = rest.partition("/")
        url, baseurl = f"{scheme}://{host}", "/" + path.strip("/")
    params = _mapping(lowered.get("params"), "params")
    authors = as_authors(lowered.get("author") or params.get("author"))
    permalinks = {str(k).lower(): as_text(v) for k, v in _mapping(lowered.get("permalinks"), "permalinks").items()}
    return {
        "title": as_text(lowered.get("title")),
        "description": as_text(params.get("description") or lowered.get("description")),
        "url": url,
        "baseurl": baseurl,
        "lang": as_text(lowered.get("languagecode") or lowered.get("defaultcontentlanguage") or "en"),
        "timezone": as_text(lowered.get("timezone") or "UTC"),
        "author": authors[0] if authors else None,
        "permalink": permalinks.get("post") or permalinks.get("posts") or "/:section/:slug/",
        "feed": FeedSettings(),
    }
