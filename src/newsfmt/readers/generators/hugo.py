"""Hugo: ``hugo.toml`` (or ``config.toml`` …) beside ``content/``, whose pages are the posts."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from ...model import FeedSettings, SiteConfig
from ...vocabulary import Generator, NaiveDates
from ..config_values import as_mapping, split_url
from ..metadata import as_authors, as_terms, as_text
from ..permalinks import collapse_slashes, jekyll_slugify
from ..sources import POST_EXTENSIONS, SourceFile, extension_of, walk_files
from .base import ConfigFields, PostFacts, SiteGenerator, Terms

__all__ = ["HugoGenerator"]

_PLACEHOLDER = re.compile(r":([a-z]+)")
_SECTION_PAGES = ("_index.md", "_index.html")
_BUNDLE_PAGES = ("index", "_index")


class HugoGenerator(SiteGenerator):
    """Hugo: keys in any capitalisation, dates in the site's ``timeZone``, no Liquid."""

    name: ClassVar[Generator] = "hugo"
    config_files: ClassVar[tuple[str, ...]] = (
        *("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"),
        *("config.toml", "config.yaml", "config.yml"),
    )
    source_kinds: ClassVar[tuple[str, ...]] = ("hugo",)
    date_keys: ClassVar[tuple[str, ...]] = ("date", "publishdate", "pubdate", "published")
    renders_liquid: ClassVar[bool] = False
    fixed_naive_dates: ClassVar[NaiveDates | None] = "local"  # Hugo reads them in its timeZone

    def config_file(self, root: Path) -> Path | None:
        """A config file counts only beside a ``content/`` folder."""
        return super().config_file(root) if (root / "content").is_dir() else None

    def has_layout(self, root: Path) -> bool:
        """A ``content/`` folder and no ``_posts``."""
        return (root / "content").is_dir() and not (root / "_posts").exists()

    def read_config(self, data: Mapping[str, Any]) -> ConfigFields:
        """``title``, ``baseURL`` (its path is the ``baseurl``), ``params.description``, ``languageCode`` (or
        ``defaultContentLanguage``), ``timeZone``, ``author`` (or ``params.author``) and ``[permalinks]``'s
        ``post`` or ``posts``; keys in any capitalisation."""
        lowered = {str(k).lower(): v for k, v in data.items()}
        url, baseurl = _split_base_url(as_text(lowered.get("baseurl")))
        params = as_mapping(lowered.get("params"), "params")
        authors = as_authors(lowered.get("author") or params.get("author"))
        permalinks = {
            str(k).lower(): as_text(v) for k, v in as_mapping(lowered.get("permalinks"), "permalinks").items()
        }
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

    def holds_posts(self, folder: str) -> bool:
        """Also ``content/`` and anything in it."""
        return super().holds_posts(folder) or folder.split("/")[0] == "content"

    def discover(self, root: Path, config: SiteConfig, *, drafts: bool) -> list[SourceFile]:
        """Every Markdown or HTML page below ``content/`` but the section pages (``_index.md``); drafts are told
        by their front matter."""
        found: list[SourceFile] = []
        for path, rel in walk_files(os.path.join(root, "content"), site=os.fspath(root)):
            name = rel.rsplit("/", 1)[-1].lower()
            if extension_of(name) in POST_EXTENSIONS and name not in _SECTION_PAGES:
                found.append(SourceFile(path, rel, "hugo"))
        return found

    def front_matter(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """Keys lower-cased (the first of two that differ only in case wins)."""
        lowered: dict[str, Any] = {}
        for key, value in metadata.items():
            lowered.setdefault(key.lower(), value)
        return lowered

    def undated_slug(self, stem: str, path: Path | None) -> str:
        """A page bundle's ``index.md`` takes its folder's name."""
        if stem in _BUNDLE_PAGES and path is not None:
            return path.parent.name
        return stem

    def default_title(self, slug: str) -> str:
        """The slug with spaces for its hyphens."""
        return slug.replace("-", " ")

    def terms(self, metadata: Mapping[str, Any], path_categories: tuple[str, ...]) -> Terms:
        """``categories`` and ``tags``."""
        return as_terms(metadata.get("categories")), as_terms(metadata.get("tags"))

    def permalink(self, post: PostFacts, config: SiteConfig) -> str:
        """The page's ``url``, else the site's permalink template (``:year``, ``:month``, ``:day``, ``:section``,
        ``:slug``, ``:title``, ``:filename``) filled with the date as shown."""
        explicit = as_text(post.metadata.get("url")).strip()
        if explicit:
            return "/" + explicit.strip("/") + ("/" if explicit.endswith("/") or "." not in explicit else "")
        date = post.date.shown
        parts = PurePosixPath(post.rel_path or post.slug).parts
        title_slug = jekyll_slugify(as_text(post.metadata.get("title")) or post.slug)
        values = {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "section": parts[0] if len(parts) > 1 else "",
            "slug": jekyll_slugify(post.slug) or title_slug,
            "title": title_slug,
            "filename": jekyll_slugify(PurePosixPath(post.rel_path or post.slug).stem),
        }
        template = config.permalink if config.permalink else "/:section/:slug/"
        url = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
        return collapse_slashes("/" + url.lstrip("/"))

    def post_id(self, permalink: str, slug: str) -> str:
        """The permalink without its trailing slash."""
        return permalink.rstrip("/") or "/"


def _split_base_url(base_url: str) -> tuple[str, str]:
    """``baseURL`` as ``url`` (scheme and host) and ``baseurl`` (its path)."""
    url, baseurl = split_url(base_url, "")
    scheme, sep, rest = url.partition("://")
    if sep and "/" in rest:
        host, _, path = rest.partition("/")
        url, baseurl = f"{scheme}://{host}", "/" + path.strip("/")
    return url, baseurl
