"""The incremental cache: every article once read, keyed by its file's path and content and the site's config.

One SQLite file (``OUT/.newsfmt-cache/cache.sqlite3`` unless told otherwise) holds ``articles``, one pickled
full Article per content key, and the last build's :class:`BuildIndex`: ``sources`` (the source records, pickled
in shards by path), ``outputs`` (a row per output) and ``state`` (the config fingerprint). A file per article
would cost a file creation per post, which on many file systems is slower than reading the post; one pickle
for the whole index would be saved again whole after editing one post.

A key is the SHA-256 of the post's path in the site, its bytes and a fingerprint of everything else that
shapes an article (the site config, newsfmt's version), so an entry is never stale: a changed file or config
simply gives a new key. Writes are transactions, so a killed build leaves the last committed state; a cache that
cannot be read (corrupt, from another version) is thrown away and rebuilt.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..errors import OutputError
from ..model import Article, Problem, SiteConfig, _PicklesByFields
from ..readers.reading import Publication

__all__ = ["ArticleCache", "BuildIndex", "SourceRecord", "config_fingerprint", "content_key"]

CACHE_FORMAT = 5
_FILE_NAME = "cache.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS sources (shard INTEGER PRIMARY KEY, records BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID",
)
_SHARDS = 64
"""Source records are pickled in this many groups: editing one post rewrites one group, and loading stays
one unpickling per group rather than one per record (which costs twice as much)."""
_BATCH = 500  # keys per query: well under SQLite's limit on bound parameters
_UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError, IndexError)


def config_fingerprint(config: SiteConfig) -> str:
    """A digest of everything in a site config that can change how a post reads.

    The build options are left out: they change which outputs are made, not how a post reads (and their sets
    pickle in an order that changes from one process to the next, which made every build a cold one).
    """
    from .. import __version__

    reading = [getattr(config, f.name) for f in fields(config) if f.name != "options"]
    payload = pickle.dumps((CACHE_FORMAT, __version__, reading, config.options.cleaning), protocol=5)
    return hashlib.sha256(payload).hexdigest()


def content_key(rel_path: str, data: bytes, fingerprint: str) -> str:
    """The cache key of one post: its place in the site, its bytes and the config fingerprint.

    The place counts because a Jekyll post's file name gives its date and slug, and its folders categories:
    two files with the same bytes are two different articles.
    """
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(b"\0" + rel_path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def pickled(article: Article) -> bytes:
    """An article as the cache stores it."""
    return pickle.dumps(article, protocol=5)


@dataclass(frozen=True, slots=True)
class SourceRecord(_PicklesByFields):
    """What one source file gave the last time it was read."""

    signature: tuple[int, int]
    """``(mtime_ns, size)`` of the file when it was read."""
    key: str
    """Content key of the file."""
    article: Article | None
    """The article without its body (``body_html`` and ``text`` empty), or None for a problem file."""
    problems: tuple[Problem, ...] = ()
    """Problems reading it gave."""
    publication: Publication | None = None
    """What decides, on each build, whether the post is published (None for a problem file)."""
    cacheable: bool = True
    """False for bodies whose rendering depends on other posts (``post_url``, ``link``)."""
    text_path: str = ""
    """Where the build writes the article's text, relative to OUT (before numbering a collision)."""


@dataclass(slots=True)
class BuildIndex:
    """What a build leaves for the next one."""

    fingerprint: str = ""
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    """Output path (relative to OUT) → digest of what it was built from."""


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cycle collector: (un)pickling 100,000 records otherwise triggers it hundreds of times."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ArticleCache:
    """Full articles and the build index in one SQLite file under ``folder``.

    The connection is opened on first use in each process, so that the object can be handed to worker processes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._keys: set[str] | None = None

    def __getstate__(self) -> Path:
        return self.folder

    def __setstate__(self, folder: Path) -> None:
        self.__init__(folder)  # type: ignore[misc]

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self.folder / _FILE_NAME

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make the cache folder: {exc.strerror or exc}", path=self.folder) from exc
        for attempt in (1, 2):
            try:
                connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commit on power loss is fine
                for statement in _SCHEMA:
                    connection.execute(statement)
                return connection
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or (isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)):
                    raise OutputError(f"cannot use the build cache: {exc}", path=self.path) from exc
                self._discard()
        raise AssertionError("unreachable")

    def _discard(self) -> None:
        """Throw away a cache that cannot be read; the next build starts from nothing."""
        self._keys = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        """Close this process's connection (it is reopened when needed)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def keys(self) -> set[str]:
        """The content keys of every stored article (listed once per process, then kept up to date)."""
        if self._keys is None or self._pid != os.getpid():
            self._keys = {key for (key,) in self._db().execute("SELECT key FROM articles")}
        return self._keys

    def load_many(self, keys: Iterable[str]) -> dict[str, Article]:
        """The readable articles stored under ``keys``, by key (missing ones are left out)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Article] = {}
        db = self._db()
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for key, blob in db.execute(f"SELECT key, article FROM articles WHERE key IN ({marks})", batch):
                try:
                    article = pickle.loads(blob)
                except _UNREADABLE:
                    continue
                if isinstance(article, Article):
                    found[key] = article
        return found

    def store_pickled(self, entries: Iterable[tuple[str, bytes]]) -> None:
        """Store already pickled articles (see :func:`pickled`), in one transaction."""
        entries = list(entries)
        db = self._db()
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", entries)
        if self._keys is not None:
            self._keys.update(key for key, _ in entries)

    def load_index(self) -> BuildIndex:
        """The last build's index, or an empty one (a cache that cannot be read is thrown away)."""
        try:
            db = self._db()
            row = db.execute("SELECT value FROM state WHERE name = 'fingerprint'").fetchone()
            shards = db.execute("SELECT records FROM sources").fetchall() if row else []
            outputs = dict(db.execute("SELECT path, digest FROM outputs"))
        except sqlite3.DatabaseError:
            self.close()
            self._discard()
            return BuildIndex()
        if row is None:
            return BuildIndex(outputs=outputs)
        sources: dict[str, SourceRecord] = {}
        try:
            with _without_gc():
                for (blob,) in shards:
                    sources.update(pickle.loads(blob))
        except _UNREADABLE:
            return BuildIndex(outputs=outputs)
        if not all(isinstance(record, SourceRecord) for record in sources.values()):
            return BuildIndex(outputs=outputs)
        return BuildIndex(fingerprint=str(row[0]), sources=sources, outputs=outputs)

    def save_index(self, index: BuildIndex, *, previous: BuildIndex, live_keys: set[str]) -> None:
        """Store the index for the next build, writing only what differs from ``previous`` (the index this
        build started from), and drop the articles no source refers to any more."""
        everything = index.fingerprint != previous.fingerprint
        shards = _changed_shards(index.sources, {} if everything else previous.sources)
        outputs = {path: digest for path, digest in index.outputs.items() if previous.outputs.get(path) != digest}
        stale = self.keys() - live_keys
        with _without_gc():
            blobs = [(shard, pickle.dumps(records, protocol=5)) for shard, records in shards.items() if records]
        db = self._db()
        with db:
            db.execute("BEGIN")
            db.execute("INSERT OR REPLACE INTO state VALUES ('fingerprint', ?)", (index.fingerprint,))
            if everything:
                db.execute("DELETE FROM sources")
                db.execute("DELETE FROM state WHERE name != 'fingerprint'")  # an index of an older format
            db.executemany(
                "DELETE FROM sources WHERE shard = ?", ((shard,) for shard, rows in shards.items() if not rows)
            )
            db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?)", blobs)
            db.executemany(
                "DELETE FROM outputs WHERE path = ?",
                ((path,) for path in previous.outputs.keys() - index.outputs.keys()),
            )
            db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", outputs.items())
            db.executemany("DELETE FROM articles WHERE key = ?", ((key,) for key in stale))
        self.keys().difference_update(stale)


def _shard(rel_path: str) -> int:
    return zlib.crc32(rel_path.encode("utf-8", "surrogateescape")) % _SHARDS


def _changed_shards(
    sources: dict[str, SourceRecord], previous: dict[str, SourceRecord]
) -> dict[int, dict[str, SourceRecord]]:
    """The shards whose records differ from ``previous``, each with all its records (empty: no longer used).

    A record reused from the last build is the very object that was loaded, so identity tells what changed.
    """
    grouped: dict[int, dict[str, SourceRecord]] = {}
    for rel_path, record in sources.items():
        grouped.setdefault(_shard(rel_path), {})[rel_path] = record
    dirty = {_shard(path) for path, record in sources.items() if previous.get(path) is not record}
    dirty.update(_shard(path) for path in previous.keys() - sources.keys())
    return {shard: grouped.get(shard, {}) for shard in dirty}
