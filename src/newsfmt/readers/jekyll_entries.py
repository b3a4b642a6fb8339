"""Jekyll's ``exclude`` and ``include`` config keys (``Jekyll::EntryFilter``): which files and folders it reads.

A path is excluded when an ``exclude`` pattern (not also in ``include``) matches it from the site folder as
``File.fnmatch`` does without flags (``*`` crosses ``/``), or is a string prefix of it (``lib`` also excludes
``library/``), or names the folder with a trailing slash. Jekyll's default excludes (``Gemfile``,
``node_modules`` …) are always added. An ``include`` pattern matching an entry's path from the folder being read,
or its name, lets it in although it is excluded or its name starts with ``_``, ``.``, ``#`` or ``~``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase, translate
from functools import lru_cache
from typing import Any

__all__ = ["DEFAULT_EXCLUDES", "EntryFilter"]

DEFAULT_EXCLUDES = (
    *(".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules"),
    *("vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/"),
)
"""``Configuration::DEFAULT_EXCLUDES``, added to every site's ``exclude``."""


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """A site's ``exclude`` and ``include`` patterns."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> EntryFilter:
        """The filter of a ``_config.yml`` mapping (patterns that are not strings are ignored, as Jekyll does)."""
        include = _patterns(data.get("include"))
        exclude = (*_patterns(data.get("exclude")), *DEFAULT_EXCLUDES)
        return cls(tuple(dict.fromkeys(p for p in exclude if p not in include)), include)

    def excluded(self, rel_path: str, *, folder: bool = False) -> bool:
        """Whether the file or folder at ``rel_path`` (from the site folder, POSIX) is excluded."""
        exclude = self.exclude
        # One regular expression and one prefix test for all patterns: discovery asks this of every post.
        if rel_path.startswith(exclude) or _any_of(exclude).match(rel_path) is not None:
            return True
        return folder and f"{rel_path}/" in exclude

    def included(self, entry: str, *, folder: bool = False) -> bool:
        """Whether ``entry`` (a path from the folder being read) or its name is explicitly included."""
        name = entry.rsplit("/", 1)[-1]
        return any(_matches(p, entry, folder) or _matches(p, name, folder) for p in self.include)


def _patterns(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_normalised(item) for item in items if isinstance(item, str) and _normalised(item))


def _normalised(pattern: str) -> str:
    """A pattern as ``File.join(source, pattern)`` leaves it below the source: no leading or doubled slash."""
    while "//" in pattern:
        pattern = pattern.replace("//", "/")
    return pattern.lstrip("/")


@lru_cache(maxsize=8)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """What matches a path as ``fnmatchcase`` does one of ``patterns``."""
    return re.compile("|".join(translate(pattern) for pattern in patterns) or "(?!)")


def _matches(pattern: str, path: str, folder: bool) -> bool:
    return fnmatchcase(path, pattern) or path.startswith(pattern) or (folder and pattern == f"{path}/")
