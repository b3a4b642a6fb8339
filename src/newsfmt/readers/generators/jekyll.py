"""Jekyll 4: ``_config.yml``, ``_posts/`` (also below other folders) and ``_drafts/``, Liquid, jekyll-feed."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from ...model import FeedSettings, SiteConfig
from ...vocabulary import Generator
from ..config_values import as_mapping, split_url
from ..jekyll_data import read_data_folder
from ..jekyll_defaults import default_sets, defaults_for, merge_front_matter
from ..jekyll_entries import EntryFilter
from ..liquid_includes import include_stamp
from ..markup import HTML_EXTENSIONS, MARKDOWN_EXTENSIONS
from ..metadata import as_authors, as_bool, as_terms, as_text, jekyll_categories, jekyll_tags
from ..permalinks import expand_permalink_style, jekyll_post_id, render_permalink
from ..sources import SKIP_DIRS, SourceFile, has_special_part, special, walk_files
from .base import ConfigFields, PostFacts, Publishing, SiteGenerator, Terms

__all__ = ["JekyllGenerator"]


class JekyllGenerator(SiteGenerator):
    """Jekyll 4, checked against the real ``jekyll build`` by the differential tests."""

    name: ClassVar[Generator] = "jekyll"
    config_files: ClassVar[tuple[str, ...]] = ("_config.yml", "_config.yaml", "_config.toml")
    source_kinds: ClassVar[tuple[str, ...]] = ("post", "draft")
    kramdown_tables: ClassVar[bool] = True

    def has_layout(self, root: Path) -> bool:
        """A ``_posts/`` folder at the top or one level down."""
        return (root / "_posts").is_dir() or any(root.glob("*/_posts"))

    def read_config(self, data: Mapping[str, Any]) -> ConfigFields:
        """``title`` (or ``name``), ``description``, ``url``, ``baseurl``, ``lang`` (or ``locale``), ``timezone``,
        ``author``, ``permalink`` (a style or a template; ``collections: posts: permalink:``, a template, wins)
        and jekyll-feed's ``feed``."""
        url, baseurl = split_url(as_text(data.get("url")), as_text(data.get("baseurl")))
        authors = as_authors(data.get("author"))
        return {
            "title": as_text(data.get("title") or data.get("name")),
            "description": as_text(data.get("description")),
            "url": url,
            "baseurl": baseurl,
            "lang": as_text(data.get("lang") or data.get("locale") or "en").replace("_", "-"),
            "timezone": as_text(data.get("timezone") or "UTC"),
            "author": authors[0] if authors else None,
            "permalink": _post_permalink(data),
            "feed": _feed_settings(data.get("feed"), uses_jekyll_feed=_uses_jekyll_feed(data)),
        }

    def site_data(self, root: Path) -> Mapping[str, Any]:
        """The ``_data`` folder: ``.yml``, ``.yaml``, ``.json``, ``.csv`` and ``.tsv`` files, folders nested."""
        return read_data_folder(root)

    def include_stamp(self, root: Path) -> tuple[tuple[str, int, int], ...]:
        """The ``_includes`` folder's files."""
        return include_stamp(root)

    def discover(self, root: Path, config: SiteConfig, *, drafts: bool) -> list[SourceFile]:
        """Every file in every ``_posts/`` folder (the folders above it are the posts' categories), and in the
        top ``_drafts/`` when asked, without names Jekyll skips and without what ``exclude`` leaves out
        (``include`` lets a name starting with ``_`` or ``.`` in)."""
        entries = EntryFilter.of(config.data)
        found: list[SourceFile] = []
        for rel_dir, folder, special_name in _post_folders(os.fspath(root), entries, drafts=drafts):
            kind = "post" if special_name == "_posts" else "draft"
            categories = tuple(rel_dir.split("/")) if kind == "post" and rel_dir else ()
            base = f"{rel_dir}/{special_name}/" if rel_dir else f"{special_name}/"
            found.extend(
                SourceFile(path, base + inside, kind, categories)
                for path, inside in walk_files(folder, site=os.fspath(root))
                if _reads_entry(entries, base + inside, inside)
            )
        return found

    def config_selection(self, config: SiteConfig) -> Publishing:
        """``show_drafts``, ``future`` and ``unpublished`` of ``_config.yml`` (any value but null or false is on,
        as in Ruby)."""
        data = config.data
        return Publishing(*(data.get(key) not in (None, False) for key in ("show_drafts", "future", "unpublished")))

    def with_defaults(
        self, metadata: dict[str, Any], *, rel_path: str | None, kind: str, config: SiteConfig
    ) -> dict[str, Any]:
        """The ``defaults:`` of ``_config.yml`` whose scope takes the post, under its front matter (drafts are
        of type ``posts``, as in Jekyll 4)."""
        sets = default_sets(config.data.get("defaults"))
        if not sets or rel_path is None or kind not in JekyllGenerator.source_kinds:
            return metadata
        root = os.fspath(config.root) if config.root is not None else None
        defaults = defaults_for(sets, rel_path, "posts", root)
        return merge_front_matter(defaults, metadata) if defaults else metadata

    def file_name_problem(self, kind: str, *, dated: bool) -> str | None:
        """A file in ``_posts`` must be named ``YYYY-MM-DD-slug.ext``."""
        if kind == "post" and not dated:
            return "file name does not start with a date (YYYY-MM-DD-slug.md), so Jekyll does not read it as a post"
        return None

    def is_draft_source(self, kind: str) -> bool:
        """Files in ``_drafts``."""
        return kind == "draft"

    def default_title(self, slug: str) -> str:
        """Each word of the slug capitalised (``hello-world`` → ``Hello World``)."""
        return " ".join(word.capitalize() for word in slug.split("-"))

    def terms(self, metadata: Mapping[str, Any], path_categories: tuple[str, ...]) -> Terms:
        """Categories from the folders above ``_posts``, ``categories`` and ``category``; ``tag`` or ``tags``."""
        return jekyll_categories(metadata, path_categories), jekyll_tags(metadata)

    def permalink(self, post: PostFacts, config: SiteConfig) -> str:
        """The post's ``permalink`` or the site's, filled with the date as Jekyll reads it."""
        template = as_text(post.metadata.get("permalink")).strip() or config.permalink
        basename = post.name[: -len(post.extension)] if post.extension else post.name
        return render_permalink(
            template,
            date=post.date.jekyll,
            categories=post.categories,
            slug=post.slug,
            basename=basename,
            output_ext=_output_ext(post.extension),
        )

    def post_id(self, permalink: str, slug: str) -> str:
        """Jekyll's ``post.id``: the permalink's folder joined with the slug."""
        return jekyll_post_id(permalink, slug)


def _post_folders(top: str, entries: EntryFilter, *, drafts: bool) -> Iterator[tuple[str, str, str]]:
    """Every ``_posts`` folder below ``top`` (and the top ``_drafts`` with ``drafts``), in path order, as
    (its parent relative to ``top``, its path, its name)."""
    for dirpath, dirnames, _ in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        wanted = ("_posts", "_drafts") if drafts and not rel_dir else ("_posts",)
        for special_name in wanted:
            if special_name in dirnames:
                yield rel_dir, os.path.join(dirpath, special_name), special_name
        dirnames[:] = sorted(d for d in dirnames if _walks_into(entries, f"{rel_dir}/{d}" if rel_dir else d, d))


def _walks_into(entries: EntryFilter, rel_path: str, name: str) -> bool:
    """Whether Jekyll reads the folder at ``rel_path`` for more ``_posts`` folders."""
    if name in SKIP_DIRS:
        return False
    included = entries.included(name, folder=True)
    if entries.excluded(rel_path, folder=True) and not included:
        return False
    return included or not special(name)


def _reads_entry(entries: EntryFilter, rel_path: str, inside: str) -> bool:
    """Whether Jekyll reads the file at ``rel_path`` (``inside`` its ``_posts`` or ``_drafts`` folder)."""
    included = entries.included(inside)
    if entries.excluded(rel_path) and not included:
        return False
    return included or not has_special_part(inside)


def _post_permalink(data: Mapping[str, Any]) -> str:
    """``collections: posts: permalink:`` as written (Jekyll expands no style there), else the site's
    ``permalink``, a style name or a template."""
    collections = data.get("collections")
    posts = collections.get("posts") if isinstance(collections, Mapping) else None
    template = as_text(posts.get("permalink")) if isinstance(posts, Mapping) else ""
    return template or expand_permalink_style(as_text(data.get("permalink")) or None)


def _output_ext(extension: str) -> str:
    lower = extension.lower()
    return ".html" if lower in MARKDOWN_EXTENSIONS or lower in HTML_EXTENSIONS else extension


def _uses_jekyll_feed(data: Mapping[str, Any]) -> bool:
    """Whether the site loads jekyll-feed (``plugins``, or ``gems`` before Jekyll 3.5) or configures it."""
    if data.get("feed") is not None:
        return True
    for key in ("plugins", "gems"):
        plugins = data.get(key)
        if isinstance(plugins, list) and "jekyll-feed" in plugins:
            return True
    return False


def _feed_settings(value: Any, *, uses_jekyll_feed: bool = False) -> FeedSettings:
    feed = as_mapping(value, "feed")
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
        tags_path=as_text(tags.get("path") or "/feed/by_tag/") if isinstance(tags, Mapping) else "/feed/by_tag/",
        jekyll_feed=uses_jekyll_feed,
    )
