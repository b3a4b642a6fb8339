"""What a Hugo site's merged config says about its languages and URLs, and where a page sits in it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..config_values import as_mapping
from ..metadata import as_text
from .hugo_dates import frontmatter_rules

__all__ = ["HugoLanguage", "HugoSettings", "Placement", "hugo_settings", "place"]

_BUNDLE_STEMS = frozenset({"index", "_index"})


@dataclass(frozen=True, slots=True)
class HugoLanguage:
    """One language of the site (a monolingual site has one)."""

    key: str
    """Its key in ``languages`` (``en``), the prefix of its URLs."""
    content_dir: str
    """Its content folder, relative to the site root (POSIX)."""
    code: str
    """Its ``languageCode`` (``en-GB``), else its key: the ``lang`` of its pages."""
    prefix: str
    """``/<key>`` when its URLs carry it, else empty."""


@dataclass(frozen=True, slots=True)
class HugoSettings:
    """A site's languages, ``permalinks`` and ``uglyURLs``."""

    languages: tuple[HugoLanguage, ...]
    multilingual: bool
    """Whether the site has more than one language (a page's ``lang`` and URL prefix then come from its own)."""
    permalinks: Mapping[str, str]
    """Patterns by top-level section name (lower-case, as Hugo keys them)."""
    ugly_urls: bool
    ugly_sections: Mapping[str, bool]
    date_rules: Mapping[str, tuple[str, ...]]
    """The ``[frontmatter]`` handlers of each date (``date``, ``publishdate``, ``lastmod``, ``expirydate``)."""
    category_key: str | None
    """The front-matter key of the taxonomy read as categories (``categories``), None when the site has none."""
    tag_key: str | None
    """The front-matter key of the taxonomy read as tags (``tags``), None when the site has none."""

    def language(self, key: str) -> HugoLanguage | None:
        """The language of this key, if the site has it."""
        return next((language for language in self.languages if language.key == key), None)

    def is_ugly(self, section: str) -> bool:
        """Whether the pages of this top-level section get ``.html`` URLs."""
        return self.ugly_sections.get(section, self.ugly_urls)


def hugo_settings(data: Mapping[str, Any]) -> HugoSettings:
    """Read the merged (lower-cased) config; raise ValueError for a table that is not one."""
    default = as_text(data.get("defaultcontentlanguage") or "en").lower()
    in_subdir = bool(data.get("defaultcontentlanguageinsubdir"))
    site_dir = _content_dir(data.get("contentdir"), "content")
    configured = as_mapping(data.get("languages"), "languages")
    if default not in configured:
        configured = {**configured, default: {}}
    multilingual = len(configured) > 1  # one language never gets a prefix, even "InSubdir"
    languages = []
    for raw_key, raw in configured.items():
        key = str(raw_key).lower()
        settings = as_mapping(raw, f"languages.{key}")
        prefix = f"/{key}" if multilingual and (key != default or in_subdir) else ""
        code = as_text(settings.get("languagecode")) or (key if data.get("languages") else "")
        languages.append(HugoLanguage(key, _content_dir(settings.get("contentdir"), site_dir), code, prefix))
    ugly = data.get("uglyurls")
    ugly_map = as_mapping(ugly, "uglyURLs") if isinstance(ugly, Mapping) else {}
    return HugoSettings(
        languages=tuple(sorted(languages, key=lambda lang: lang.key != default)),
        multilingual=multilingual,
        permalinks=_page_permalinks(as_mapping(data.get("permalinks"), "permalinks")),
        ugly_urls=bool(ugly) if not isinstance(ugly, Mapping) else False,
        ugly_sections={str(k).lower(): bool(v) for k, v in ugly_map.items()},
        date_rules=frontmatter_rules(data),
        category_key=_taxonomy_key(data, "category", "categories"),
        tag_key=_taxonomy_key(data, "tag", "tags"),
    )


def _taxonomy_key(data: Mapping[str, Any], singular: str, plural: str) -> str | None:
    """The plural (the front-matter key) of the ``taxonomies`` entry named ``singular`` or ``plural``: Hugo's
    default (``category = "categories"``, ``tag = "tags"``) without the table, none when the table leaves it out."""
    if data.get("taxonomies") is None:
        return plural
    taxonomies = {str(k).lower(): as_text(v).lower() for k, v in as_mapping(data["taxonomies"], "taxonomies").items()}
    if singular in taxonomies:
        return taxonomies[singular] or None
    return plural if plural in taxonomies.values() else None


def _page_permalinks(permalinks: Mapping[str, Any]) -> dict[str, str]:
    """Patterns by section: ``[permalinks]`` itself, or its ``page`` table (Hugo 0.112+); the ``section``,
    ``taxonomy`` and ``term`` tables give no post URL."""
    page = permalinks.get("page")
    chosen = as_mapping(page, "permalinks.page") if isinstance(page, Mapping) else permalinks
    return {str(k).lower(): as_text(v) for k, v in chosen.items() if not isinstance(v, Mapping)}


def _content_dir(value: Any, fallback: str) -> str:
    text = as_text(value).strip().replace("\\", "/").strip("/")
    if not text:
        return fallback
    if PurePosixPath(text).is_absolute() or ".." in PurePosixPath(text).parts:
        raise ValueError(f"contentDir: {text!r} must be a folder inside the site")
    return text


@dataclass(frozen=True, slots=True)
class Placement:
    """A page's language and path in its language's content folder."""

    language: HugoLanguage
    folders: tuple[str, ...]
    """The folders between the content folder and the page (a bundle's own folder excluded)."""
    filename: str
    """The file name without its extension and language suffix; a bundle's folder name."""
    sections: tuple[str, ...]


def content_language(settings: HugoSettings, rel_to_root: str) -> HugoLanguage | None:
    """The language whose content folder holds this path (the innermost, when folders nest)."""
    holders = [lang for lang in settings.languages if rel_to_root.startswith(lang.content_dir + "/")]
    return max(holders, key=lambda lang: len(lang.content_dir), default=None)


def place(settings: HugoSettings, root: Path, rel_to_root: str) -> Placement | None:
    """Where the page at ``rel_to_root`` (POSIX, from the site root) sits; None outside every content folder."""
    language = content_language(settings, rel_to_root)
    if language is None:
        return None
    parts = PurePosixPath(rel_to_root[len(language.content_dir) + 1 :]).parts
    stem, _, suffix = parts[-1].rpartition(".")[0].partition(".")
    suffix_language = settings.language(suffix.lower()) if suffix else None
    if suffix_language is not None:
        language = suffix_language
    elif suffix:
        stem = f"{stem}.{suffix}"
    folders = parts[:-1]
    if stem in _BUNDLE_STEMS and folders:
        stem, folders = folders[-1], folders[:-1]
    content = os.path.join(root, rel_to_root[: len(rel_to_root) - len("/".join(parts))])
    return Placement(language, folders, stem, _sections(content, folders))


def _sections(content: str, folders: tuple[str, ...]) -> tuple[str, ...]:
    """The first folder, then each folder below it with an ``_index`` page, up to the first without one."""
    sections = list(folders[:1])
    for depth in range(2, len(folders) + 1):
        folder = os.path.join(content, *folders[:depth])
        if not any(name.startswith("_index.") for name in _names(folder)):
            break
        sections.append(folders[depth - 1])
    return tuple(sections)


def _names(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
