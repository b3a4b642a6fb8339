"""Hugo: ``hugo.toml`` (or ``config.toml``, or a ``config/_default/`` folder) beside ``content/``, whose pages are
the posts."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from ...model import FeedSettings, SiteConfig
from ...vocabulary import Generator, NaiveDates
from ..config_values import as_mapping, split_url
from ..metadata import as_authors, as_terms, as_text
from ..sources import POST_EXTENSIONS, SourceFile, extension_of, walk_files
from .base import ConfigFields, PageDates, PostFacts, Publishing, SiteGenerator, Terms
from .hugo_build import cascaded, unlisted_reason
from .hugo_config import ROOT_CONFIG_FILES, config_folders, read_hugo_config
from .hugo_dates import hugo_dates
from .hugo_shortcodes import has_shortcode, render_shortcodes
from .hugo_site import HugoSettings, Placement, content_language, hugo_settings, place
from .hugo_summary import DEFAULT_SUMMARY_LENGTH, auto_summary, before_divider
from .hugo_urls import PagePlace, expand_pattern, path_url, url_escape

__all__ = ["HugoGenerator"]

_BUNDLE_PAGES = ("index", "_index")
_SETTINGS_CACHE: dict[int, tuple[Mapping[str, Any], HugoSettings]] = {}


class HugoGenerator(SiteGenerator):
    """Hugo 0.11x: its merged config, languages, ``permalinks`` and ``uglyURLs``; keys in any capitalisation, dates
    in the site's ``timeZone``, no Liquid."""

    name: ClassVar[Generator] = "hugo"
    config_files: ClassVar[tuple[str, ...]] = ROOT_CONFIG_FILES
    source_kinds: ClassVar[tuple[str, ...]] = ("hugo",)
    date_keys: ClassVar[tuple[str, ...]] = ("date", "publishdate", "pubdate", "published")
    renders_liquid: ClassVar[bool] = False
    fixed_naive_dates: ClassVar[NaiveDates | None] = "local"  # Hugo reads them in its timeZone

    def config_file(self, root: Path) -> Path | None:
        """The root config file beside a ``content/`` folder, else the first file of a ``config/_default/``
        folder (or the folder itself)."""
        found = super().config_file(root) if (root / "content").is_dir() else None
        if found is not None:
            return found
        folders = config_folders(root)
        if not folders or folders[0].name != "_default":
            return None
        return next((folders[0] / name for name in ROOT_CONFIG_FILES if (folders[0] / name).is_file()), folders[0])

    def read_config_data(self, root: Path, source: Path, read: Callable[[Path], Mapping[str, Any]]) -> dict[str, Any]:
        """The root file and the ``config/_default/`` and ``config/production/`` folders, merged as Hugo does."""
        return read_hugo_config(root, read)

    def has_layout(self, root: Path) -> bool:
        """A ``content/`` folder and no ``_posts``."""
        return (root / "content").is_dir() and not (root / "_posts").exists()

    def read_config(self, data: Mapping[str, Any]) -> ConfigFields:
        """``title``, ``baseURL`` (its path is the ``baseurl``), ``params.description``, ``languageCode`` (or
        ``defaultContentLanguage``), ``timeZone``, ``author`` (or ``params.author``); keys in any capitalisation.
        ``languages``, ``permalinks`` and ``uglyURLs`` are checked here and read for each page."""
        lowered = {str(k).lower(): v for k, v in data.items()}
        url, baseurl = _split_base_url(as_text(lowered.get("baseurl")))
        params = as_mapping(lowered.get("params"), "params")
        authors = as_authors(lowered.get("author") or params.get("author"))
        settings = hugo_settings(lowered)
        default = settings.languages[0]
        return {
            "title": as_text(lowered.get("title")),
            "description": as_text(params.get("description") or lowered.get("description")),
            "url": url,
            "baseurl": baseurl,
            "lang": as_text(lowered.get("languagecode") or default.code or default.key),
            "timezone": as_text(lowered.get("timezone") or "UTC"),
            "author": authors[0] if authors else None,
            "permalink": settings.permalinks.get("posts") or settings.permalinks.get("post") or "",
            "feed": FeedSettings(),
        }

    def holds_posts(self, folder: str) -> bool:
        """Also ``content/`` and anything in it."""
        return super().holds_posts(folder) or folder.split("/")[0] == "content"

    def discover(self, root: Path, config: SiteConfig, *, drafts: bool) -> list[SourceFile]:
        """Every Markdown or HTML page in each language's content folder but the section pages (``_index.md``);
        drafts are told by their front matter. A path is given below ``content/``, or from the site root for a
        content folder elsewhere."""
        settings = _settings(config)
        found: list[SourceFile] = []
        for content_dir in dict.fromkeys(language.content_dir for language in settings.languages):
            for path, rel in walk_files(os.path.join(root, content_dir), site=os.fspath(root)):
                name = rel.rsplit("/", 1)[-1]
                if extension_of(name) not in POST_EXTENSIONS or name.lower().startswith("_index."):
                    continue
                from_root = f"{content_dir}/{rel}"
                owner = content_language(settings, from_root)
                if owner is not None and owner.content_dir == content_dir:  # a nested content folder reads its own
                    found.append(SourceFile(path, from_root.removeprefix("content/"), "hugo"))
        return found

    def config_selection(self, config: SiteConfig) -> Publishing:
        """``buildDrafts``, ``buildFuture`` and ``buildExpired`` (keys in any capitalisation)."""
        lowered = {str(k).lower(): v for k, v in config.data.items()}
        drafts, future, expired = (bool(lowered.get(key)) for key in ("builddrafts", "buildfuture", "buildexpired"))
        return Publishing(drafts=drafts, future=future, expired=expired)

    def page_dates(
        self, metadata: Mapping[str, Any], *, base_name: str, mtime: datetime | None, config: SiteConfig
    ) -> PageDates:
        """``date``, ``publishDate``, ``lastmod`` and ``expiryDate`` by the site's ``[frontmatter]`` rules; a page
        without a date has Hugo's zero date (0001-01-01 UTC)."""
        rules = _settings(config).date_rules
        return hugo_dates(metadata, rules, base_name=base_name, mtime=mtime, tz=config.tzinfo)

    def front_matter(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """Keys lower-cased (the first of two that differ only in case wins)."""
        lowered: dict[str, Any] = {}
        for key, value in metadata.items():
            lowered.setdefault(key.lower(), value)
        return lowered

    def with_defaults(
        self, metadata: dict[str, Any], *, rel_path: str | None, kind: str, config: SiteConfig
    ) -> dict[str, Any]:
        """The ``cascade`` of the ``_index`` pages above the page, under its front matter; ``categories`` and
        ``tags`` from the keys of the site's ``taxonomies`` that stand for them (the others stay extra fields)."""
        settings = _settings(config)
        if rel_path is not None and config.root is not None:
            root = os.fspath(config.root)
            inside = f"content/{rel_path}"
            rel_to_root = inside if os.path.exists(os.path.join(root, inside)) else rel_path
            placement = place(settings, config.root, rel_to_root)
            if placement is not None:
                metadata = cascaded(metadata, os.path.join(root, placement.language.content_dir), placement.folders)
        terms = {"categories": settings.category_key, "tags": settings.tag_key}
        mapped = {field: metadata.get(key) if key else None for field, key in terms.items()}
        return {**{k: v for k, v in metadata.items() if k not in terms}, **mapped}

    def summary(self, body: str, html: str, config: SiteConfig, render_text: Callable[[str], str]) -> str:
        """The text before ``<!--more-->``, else the first ``summaryLength`` words to the end of a sentence
        (with ``hasCJKLanguage``, CJK characters counted one by one), whitespace collapsed."""
        manual = before_divider(body)
        if manual is not None:
            return " ".join(render_text(manual).split())
        lowered = {str(k).lower(): v for k, v in config.data.items()}
        length = lowered.get("summarylength")
        length = length if isinstance(length, int) and not isinstance(length, bool) else DEFAULT_SUMMARY_LENGTH
        return auto_summary(html, length, cjk=lowered.get("hascjklanguage") is True)

    def render_shortcodes(
        self, body: str, metadata: Mapping[str, Any], config: SiteConfig, resolve: Callable[[str, str], str | None]
    ) -> tuple[str, list[str]] | None:
        """``figure``, ``youtube``, ``vimeo``, ``gist``, ``highlight``, ``ref``/``relref`` and ``param`` rendered;
        any other shortcode left out with a warning."""
        if not has_shortcode(body):
            return None
        lowered = {str(k).lower(): v for k, v in config.data.items()}
        site_params = lowered.get("params")
        params = {**(site_params if isinstance(site_params, Mapping) else {}), **metadata}

        def page_url(path: str) -> str | None:
            path = path.strip().lstrip("/").removeprefix("content/")
            candidates = (path, f"{path}.md", f"{path.rstrip('/')}/index.md", f"{path.rstrip('/')}.md")
            found = next((url for url in (resolve("link", c) for c in candidates) if url), None)
            return config.absolute_url(found) if found and config.url else found

        rendered = render_shortcodes(body, {str(k).lower(): v for k, v in params.items()}, page_url)
        return rendered.text, rendered.warnings

    def unlisted(self, metadata: Mapping[str, Any], name: str) -> str | None:
        """A headless bundle, or ``_build`` ``list`` or ``render`` set to ``never``: in none of Hugo's lists."""
        return unlisted_reason(metadata, name)

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

    def language(self, post: PostFacts, config: SiteConfig) -> str | None:
        """The ``languageCode`` (else the key) of the page's language, on a site with ``languages``."""
        settings = _settings(config)
        placement = _placement(post, config, settings)
        if not settings.multilingual or placement is None:
            return None
        return placement.language.code or placement.language.key

    def permalink(self, post: PostFacts, config: SiteConfig) -> str:
        """The page's ``url``; else its top-level section's ``permalinks`` pattern; else its folders and its
        ``slug`` (or file name); with its language's prefix, and ``.html`` for ``uglyURLs``."""
        explicit = as_text(post.metadata.get("url")).strip()
        if explicit:
            last = explicit.rstrip("/").rsplit("/", 1)[-1]
            tail = "/" if explicit.endswith("/") or "." not in last else ""
            return url_escape("/" + explicit.strip("/") + tail) if explicit.strip("/") else "/"
        settings = _settings(config)
        placement = _placement(post, config, settings) or _fallback_placement(post, settings)
        section = placement.sections[0] if placement.sections else ""
        slug = as_text(post.metadata.get("slug")).strip()
        pattern = settings.permalinks.get(section) if section else None
        if pattern:
            title = as_text(post.metadata.get("title"))
            page = PagePlace(placement.sections, placement.folders, placement.filename, title, slug, post.date.shown)
            url = expand_pattern(pattern, page)
        else:
            url = path_url(placement.folders, slug or placement.filename)
        url = placement.language.prefix + "/" + url.strip("/")
        if settings.is_ugly(section):
            return url.rstrip("/") + ".html" if url.strip("/") else "/"
        return url.rstrip("/") + "/"

    def post_id(self, permalink: str, slug: str) -> str:
        """The permalink without its trailing slash."""
        return permalink.rstrip("/") or "/"


def _settings(config: SiteConfig) -> HugoSettings:
    """The site's Hugo settings, read once per config mapping (a site has one; the cache keeps it alive)."""
    cached = _SETTINGS_CACHE.get(id(config.data))
    if cached is not None and cached[0] is config.data:
        return cached[1]
    if len(_SETTINGS_CACHE) > 8:
        _SETTINGS_CACHE.clear()
    lowered = {str(k).lower(): v for k, v in config.data.items()}
    settings = hugo_settings(lowered)
    _SETTINGS_CACHE[id(config.data)] = (config.data, settings)
    return settings


def _placement(post: PostFacts, config: SiteConfig, settings: HugoSettings) -> Placement | None:
    if post.path is None or config.root is None:
        return None
    try:
        rel_to_root = post.path.relative_to(config.root).as_posix()
    except ValueError:
        return None
    return place(settings, config.root, rel_to_root)


def _fallback_placement(post: PostFacts, settings: HugoSettings) -> Placement:
    """A page read outside its site (a single file): its known path below ``content/``, else its slug."""
    parts = PurePosixPath(post.rel_path or post.name).parts
    stem = PurePosixPath(parts[-1]).stem
    folders = parts[:-1]
    if stem in _BUNDLE_PAGES and folders:
        stem, folders = folders[-1], folders[:-1]
    return Placement(settings.languages[0], folders, stem, folders[:1])


def _split_base_url(base_url: str) -> tuple[str, str]:
    """``baseURL`` as ``url`` (scheme and host) and ``baseurl`` (its path)."""
    url, baseurl = split_url(base_url, "")
    scheme, sep, rest = url.partition("://")
    if sep and "/" in rest:
        host, _, path = rest.partition("/")
        url, baseurl = f"{scheme}://{host}", "/" + path.strip("/")
    return url, baseurl
