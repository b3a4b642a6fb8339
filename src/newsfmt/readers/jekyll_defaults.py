"""Jekyll's front-matter defaults: the ``defaults:`` sets of ``_config.yml``, scoped and merged as Jekyll 4 does.

A set applies to a document when its ``scope.type`` (if any) is the document's collection (``posts``: drafts are
posts too) and its ``scope.path`` (if any) is a string prefix of the document's path from the site folder; a path
with ``*`` is a glob, expanded in the site folder, whose matches are such prefixes. Of two sets that both set a
key, the later wins when its path is at least as long (a longer path is more specific) and, at equal length, when
it names a type or neither does (``FrontmatterDefaults#has_precedence?``). The front matter then wins over every
default. Merging keeps a value where the newer one is null, merges mappings key by key and unites ``categories``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["DefaultSet", "default_sets", "defaults_for", "merge_front_matter"]

_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


@dataclass(frozen=True, slots=True)
class DefaultSet:
    """One ``defaults:`` entry."""

    path: str
    """``scope.path`` without a leading slash; empty for every path."""
    type: str | None
    """``scope.type`` (``posts``, ``pages`` …), None for every type."""
    values: Mapping[str, Any]


class _Remembered:
    """The sets of the last ``defaults:`` value read, and their merged values by which of them apply: a build asks
    for every post, of one config whose values nothing changes."""

    def __init__(self) -> None:
        self.value: Any = None
        self.sets: tuple[DefaultSet, ...] = ()
        self.merged: dict[tuple[str, tuple[bool, ...]], dict[str, Any]] = {}


_remembered = _Remembered()


def default_sets(value: Any) -> tuple[DefaultSet, ...]:
    """The usable sets of a ``defaults:`` config value (Jekyll warns about, and skips, a set without ``values``)."""
    if not isinstance(value, list):
        return ()
    if value is not _remembered.value:
        sets = _read_sets(value)
        _remembered.sets, _remembered.merged, _remembered.value = sets, {}, value
    return _remembered.sets


def _read_sets(value: list[Any]) -> tuple[DefaultSet, ...]:
    sets: list[DefaultSet] = []
    for item in value:
        if not isinstance(item, Mapping) or not isinstance(item.get("values"), Mapping):
            continue
        scope = item.get("scope")
        scope = scope if isinstance(scope, Mapping) else {}
        path = scope.get("path")
        kind = scope.get("type")
        sets.append(
            DefaultSet(
                path=_sanitized(path) if isinstance(path, str) else "",
                type=_DEPRECATED_TYPES.get(str(kind), str(kind)) if kind is not None else None,
                values=item["values"],
            )
        )
    return tuple(sets)


def defaults_for(sets: Iterable[DefaultSet], rel_path: str, kind: str, root: str | None) -> dict[str, Any]:
    """The default values for a document at ``rel_path`` (from the site folder ``root``) of collection ``kind``.

    Those of the sets :func:`default_sets` gave last are merged once for each choice of sets that apply."""
    if sets is not _remembered.sets or not isinstance(sets, tuple):
        return _merged([entry for entry in sets if _applies(entry, rel_path, kind, root)])
    applying = tuple(_applies(entry, rel_path, kind, root) for entry in sets)
    merged = _remembered.merged.get((kind, applying))
    if merged is None:
        merged = _remembered.merged[kind, applying] = _merged(
            [entry for entry, applies in zip(sets, applying, strict=True) if applies]
        )
    return dict(merged)


def _merged(sets: list[DefaultSet]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    winner: DefaultSet | None = None
    for entry in sets:
        if winner is None or _has_precedence(winner, entry):
            merged = _deep_merge(merged, entry.values)
            winner = entry
        else:
            merged = _deep_merge(entry.values, merged)
    return merged


def merge_front_matter(defaults: Mapping[str, Any], front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter merged over the defaults as ``Document#merge_data!`` does: as :func:`_deep_merge`, and
    ``categories`` (a string is split on spaces) united with the defaults' list."""
    categories = front_matter.get("categories")
    if isinstance(categories, str):
        categories = categories.split()
    old = defaults.get("categories")
    old = old.split() if isinstance(old, str) else old
    merged = _deep_merge(defaults, front_matter)
    if isinstance(old, list) and isinstance(categories, list):
        merged["categories"] = old + [item for item in categories if item not in old]
    return merged


def _deep_merge(target: Mapping[str, Any], overwrite: Mapping[str, Any]) -> dict[str, Any]:
    """``Utils.deep_merge_hashes``: a null keeps the old value, two mappings merge key by key, else the new wins."""
    merged = dict(target)
    for key, new in overwrite.items():
        old = merged.get(key)
        if new is None and key in merged:
            continue
        merged[key] = _deep_merge(old, new) if isinstance(old, Mapping) and isinstance(new, Mapping) else new
    return merged


def _sanitized(path: str) -> str:
    return path[1:] if path.startswith("/") else path


def _applies(entry: DefaultSet, rel_path: str, kind: str, root: str | None) -> bool:
    if entry.type is not None and entry.type != kind:
        return False
    if not entry.path:
        return True
    if "*" not in entry.path:
        return rel_path.startswith(entry.path)
    return root is not None and any(rel_path.startswith(match) for match in _globbed(root, entry.path))


@lru_cache(maxsize=256)
def _globbed(root: str, pattern: str) -> tuple[str, ...]:
    """The paths below ``root`` that ``pattern`` matches, relative to it; none for a pattern leaving it."""
    if ".." in pattern.split("/") or pattern.startswith("/"):
        return ()
    base = Path(root)
    return tuple(sorted(match.relative_to(base).as_posix() for match in base.glob(pattern)))


def _has_precedence(old: DefaultSet, new: DefaultSet) -> bool:
    if len(new.path) != len(old.path):
        return len(new.path) >= len(old.path)
    return new.type is not None or old.type is None
