"""The incremental cache: every article once read, keyed by its file's content and the site's config.

Layout (under ``OUT/.newsfmt-cache`` unless told otherwise)::

    index.pickle               what the last build read and wrote (see :class:`BuildIndex`)
    articles/ab/abcdef….pickle one full Article per content key

A key is the SHA-256 of the post's bytes and a fingerprint of everything else that shapes an article
(the site config, newsfmt's version), so an entry is never stale: a changed file or config simply
gives a new key. Entries are written atomically; a corrupt or unreadable entry is treated as missing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..model import Article, Problem, SiteConfig

__all__ = ["ArticleCache", "BuildIndex", "SourceRecord", "config_fingerprint", "content_key"]

CACHE_FORMAT = 1


def config_fingerprint(config: SiteConfig) -> str:
    """A digest of everything in a site config that can change how a post reads."""
    from .. import __version__

    payload = pickle.dumps((CACHE_FORMAT, __version__, config), protocol=5)
    return hashlib.sha256(payload).hexdigest()


def content_key(data: bytes, fingerprint: str) -> str:
    """The cache key of one post: its bytes and the config fingerprint."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What one source file gave the last time it was read."""

    signature: tuple[int, int]
    """``(mtime_ns, size)`` of the file when it was read."""
    key: str
    """Content key of the file."""
    article: Article | None
    """The article without its body (``body_html`` and ``text`` empty), or None for a problem file."""
    problems: tuple[Problem, ...] = ()
    """Problems reading it gave."""
    held_back: bool = False
    """Unpublished, draft or future: read, but not published by this build."""
    cacheable: bool = True
    """False for bodies whose rendering depends on other posts (``post_url``, ``link``)."""
    text_path: str = ""
    """Where the build writes the article's text, relative to OUT (before numbering a collision)."""

    def __reduce__(self) -> tuple[type[SourceRecord], tuple[Any, ...]]:
        # Field values in order: much faster than the slotted-dataclass default for 100,000 records.
        return SourceRecord, tuple(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass(slots=True)
class BuildIndex:
    """What a build leaves for the next one."""

    fingerprint: str = ""
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    """Output path (relative to OUT) → digest of what it was built from."""


class ArticleCache:
    """Full articles on disk, one file per content key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry(self, key: str) -> Path:
        return self.folder / "articles" / key[:2] / f"{key}.pickle"

    def has(self, key: str) -> bool:
        """Whether an entry exists for ``key``."""
        return os.path.isfile(f"{self.folder}/articles/{key[:2]}/{key}.pickle")

    def load(self, key: str) -> Article | None:
        """The article stored under ``key``, or None when it is missing or unreadable."""
        try:
            article = pickle.loads(self._entry(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return None
        return article if isinstance(article, Article) else None

    def store(self, key: str, article: Article) -> None:
        """Store ``article`` under ``key``."""
        write_atomic(self._entry(key), pickle.dumps(article, protocol=5), durable=False)

    def load_index(self) -> BuildIndex:
        """The last build's index, or an empty one."""
        try:
            index = pickle.loads((self.folder / "index.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return BuildIndex()
        return index if isinstance(index, BuildIndex) else BuildIndex()

    def save_index(self, index: BuildIndex) -> None:
        """Store the index for the next build."""
        write_atomic(self.folder / "index.pickle", pickle.dumps(index, protocol=5), durable=False)

    def prune(self, live_keys: set[str]) -> None:
        """Remove entries no source refers to any more."""
        articles = self.folder / "articles"
        if not articles.is_dir():
            return
        for bucket in articles.iterdir():
            for entry in bucket.glob("*.pickle"):
                if entry.stem not in live_keys:
                    entry.unlink(missing_ok=True)
