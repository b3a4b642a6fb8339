"""The incremental cache: every article once read, keyed by its file's path and content and the site's config.

One SQLite file (``OUT/.newsfmt-cache/cache.sqlite3`` unless told otherwise) holds ``articles``, one full Article
per content key; ``pieces``, the ready bytes of parts of its outputs (its entry in each feed format, rendered once
and joined into every feed that carries it, and its page in a book of each language); and the last build's
:class:`BuildIndex`: ``records`` (a row of typed columns per source, :mod:`.index_format`, read in bulk),
``outputs`` (a row per output) and ``state`` (the config fingerprints, the format of the file, and notes such as
what linking posts looked up, :mod:`.linked`). A file per article would cost a file creation per post, which on
many file systems is slower than reading the post; one entry for the whole index would be saved again whole after
editing one post.

Entries are plain JSON (:mod:`.cache_format`) and typed columns, never pickles: a cache under OUT is data that
others may write, and unpickling it would run their code. An entry that does not read back as what this version
writes is thrown away and its post read again. Pieces are bytes that go into outputs as they are (anyone who can
write the cache can write OUT's files too); a piece that is not bytes is made again.

A key is the SHA-256 of the post's path in the site, its bytes and a fingerprint of everything else that shapes an
article (the config settings that do, :mod:`.config_keys`; newsfmt's version), so an entry is never stale: a changed
file or config simply gives a new key. Writes are transactions, so a killed build leaves the last committed state
(the entries of a build's reading are stored in a few large ones, :meth:`ArticleCache.batched`). A cache that cannot
be used (not a database, damaged, not a file, locked by another process, of another format or newsfmt version) is
thrown away and rebuilt, with a warning; one that cannot be written (a full disk) stops the build with an
:class:`~newsfmt.OutputError`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import OutputError
from ..model import Article
from ..vocabulary import counted
from .cache_format import CorruptEntryError, SourceRecord, decode_article, encode_article
from .index_format import COLUMNS, read_rows, record_row, row_key

__all__ = [
    "ArticleCache",
    "BuildIndex",
    "DamagedCacheError",
    "Piece",
    "SourceRecord",
    "content_key",
    "encoded",
]

CACHE_FORMAT = 10
"""Bumped whenever what the cache holds changes shape: a cache of another format is thrown away."""
_FORMAT = f"{CACHE_FORMAT} newsfmt {__version__}"
_FILE_NAME = "cache.sqlite3"
_FILES = ("", "-wal", "-shm", "-journal")
"""Suffixes of the files SQLite keeps beside the database."""
_SCHEMA = (
    # Articles and pieces are kilobytes each: in a rowid table, not one keyed by them (WITHOUT ROWID), which stores
    # large rows at twice the CPU.
    "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",
    # Columns without a declared type keep every value as written (no affinity converts it): reading checks them.
    f"CREATE TABLE IF NOT EXISTS records (path TEXT PRIMARY KEY NOT NULL, {', '.join(COLUMNS[1:])})",
    "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS pieces (key TEXT NOT NULL, kind TEXT NOT NULL, piece BLOB NOT NULL, "
    "PRIMARY KEY (key, kind))",
)
_BATCH = 500  # keys per query: well under SQLite's limit on bound parameters
_BUSY_SECONDS = 5.0
"""How long to wait for another process's write to end. Within a build, writes are short; a cache locked for
longer is held by something else (another build sharing ``--cache``, a stuck tool) and is not waited for."""
_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
_BATCH_BYTES = 16 << 20
"""How much a batch of entries (:meth:`ArticleCache.batched`) holds in memory before storing it: a cold build
commits a dozen times rather than once per chunk of posts read, and the write lock is taken only to store."""


def content_key(rel_path: str, data: bytes, fingerprint: str) -> str:
    """The cache key of one post: its place in the site, its bytes and the config fingerprint
    (:mod:`.config_keys` says which).

    The place counts because a Jekyll post's file name gives its date and slug, and its folders categories:
    two files with the same bytes are two different articles.
    """
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(b"\0" + rel_path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


Piece = tuple[str, str, bytes]
"""A piece of an article's outputs as the cache stores it: the article's content key, the kind of piece (see
:func:`~newsfmt.exporters.feeds.pieces.piece_kind`) and its bytes."""


def encoded(article: Article) -> bytes:
    """An article as the cache stores it (worker processes encode, the main process stores)."""
    return encode_article(article)


@dataclass(slots=True)
class BuildIndex:
    """What a build leaves for the next one."""

    fingerprint: str = ""
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    """Output path (relative to OUT) → digest of what it was built from."""


class DamagedCacheError(OutputError):
    """Entries of the cache that a build found unreadable while it ran (``keys``; None: the whole file).

    The build drops them and starts again, reading their posts anew; raised a second time, it stops the build.
    """

    def __init__(self, message: str, *, path: Path | None = None, keys: frozenset[str] | None = None) -> None:
        super().__init__(message, path=path)
        self.keys = keys


@dataclass(slots=True)
class _Pending:
    """Entries and pieces a batch holds until it stores them."""

    entries: list[tuple[str, bytes]] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    size: int = 0

    def add(self, entries: list[tuple[str, bytes]], pieces: Iterable[Piece]) -> int:
        """Hold these too; the bytes now held."""
        start = len(self.pieces)
        self.entries += entries
        self.pieces += pieces
        self.size += sum(len(data) for _, data in entries) + sum(len(data) for _, _, data in self.pieces[start:])
        return self.size


class _UnusableCacheError(Exception):
    """A cache file that cannot be used as it is, and the outputs of the last build it still tells."""

    def __init__(self, reason: str, outputs: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.outputs = outputs or {}


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cycle collector: decoding 100,000 records otherwise triggers it hundreds of times."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _error_name(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", ""))


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, committed when the block ends (rolled back when it raises)."""
    with db:
        db.execute("BEGIN IMMEDIATE")
        yield db


def _outputs(db: sqlite3.Connection) -> dict[str, str]:
    """The outputs table, the rows that are a path and a digest."""
    rows = db.execute("SELECT path, digest FROM outputs").fetchall()
    return {path: digest for path, digest in rows if type(path) is str and type(digest) is str}


def _outputs_left(db: sqlite3.Connection) -> dict[str, str]:
    """What a build of another version says it wrote, as far as that reads: the outputs to remove when gone."""
    try:
        return _outputs(db)
    except sqlite3.Error:
        return {}


class ArticleCache:
    """Full articles and the build index in one SQLite file under ``folder``.

    The connection is opened on first use in each process, so that the object can be handed to worker processes.
    Only the process that made the object ever throws the file away; a worker that finds it damaged raises
    :class:`DamagedCacheError`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warnings: list[str] = []
        """What was thrown away and why, for the build's report."""
        self._owner = os.getpid()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._keys: set[str] | None = None
        self._pending: _Pending | None = None

    def __getstate__(self) -> tuple[Path, int]:
        return self.folder, self._owner

    def __setstate__(self, state: tuple[Path, int]) -> None:
        self.__init__(state[0])  # type: ignore[misc]
        self._owner = state[1]

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
        if os.getpid() != self._owner:
            return self._connect_worker()
        try:
            return self._connect()
        except _UnusableCacheError as unusable:
            self._throw_away(unusable.reason)
            kept = unusable.outputs
        try:
            connection = self._connect()
        except _UnusableCacheError as unusable:
            raise OutputError(f"cannot use the build cache: {unusable.reason}", path=self.path) from None
        self._connection, self._pid = connection, os.getpid()
        with self._writing() as db:
            db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", kept.items())
        return connection

    def _connect_worker(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
            connection.execute("PRAGMA secure_delete=ON")  # a book's process stores its pages: see _connect
            return connection
        except sqlite3.Error as exc:
            raise DamagedCacheError(f"cannot read the build cache: {exc}", path=self.path) from exc

    def _connect(self) -> sqlite3.Connection:
        """A connection to a cache of this format, made if there is none; :class:`_UnusableCacheError` if not."""
        self._check_files()
        try:
            connection = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise _UnusableCacheError(f"cannot be opened ({exc})") from exc
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commit on power loss is fine
            connection.execute("PRAGMA secure_delete=ON")  # a post held back later leaves no old bytes in OUT
            with _transaction(connection):  # takes the write lock: a cache held by another process fails here
                for statement in _SCHEMA:
                    connection.execute(statement)
                self._check_format(connection)
            return connection
        except _UnusableCacheError:
            connection.close()
            raise
        except sqlite3.Error as exc:
            connection.close()
            if _error_name(exc) == "SQLITE_FULL":
                raise OutputError(f"cannot write the build cache: {exc}", path=self.path) from exc
            reason = "is locked by another process" if "locked" in str(exc) else f"cannot be read ({exc})"
            raise _UnusableCacheError(reason) from exc

    def _check_files(self) -> None:
        """Refuse a database, or a file SQLite keeps beside it, that is not a plain file: a directory, a link
        (SQLite would write where it leads), a pipe (opening it would hang)."""
        for suffix in _FILES:
            try:
                mode = os.lstat(f"{self.path}{suffix}").st_mode
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _UnusableCacheError(f"cannot be read ({exc.strerror or exc})") from exc
            if not stat.S_ISREG(mode):
                raise _UnusableCacheError("is not a file")

    @staticmethod
    def _check_format(connection: sqlite3.Connection) -> None:
        row = connection.execute("SELECT value FROM state WHERE name = 'format'").fetchone()
        if row is not None and row[0] == _FORMAT:
            return
        tables = ("articles", "state", "records", "outputs", "pieces")
        if row is None and not any(connection.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() for name in tables):
            connection.execute("INSERT INTO state VALUES ('format', ?)", (_FORMAT,))  # a new cache
            return
        raise _UnusableCacheError("was written by another version of newsfmt", _outputs_left(connection))

    def _throw_away(self, reason: str) -> None:
        """Delete a cache that cannot be used; the build starts from nothing, and its report says why."""
        self.close()
        self._keys = None
        for suffix in _FILES:
            name = f"{self.path}{suffix}"
            try:
                if os.path.isdir(name) and not os.path.islink(name):
                    shutil.rmtree(name)
                else:
                    os.unlink(name)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise OutputError(f"cannot throw away the build cache: {exc.strerror or exc}", path=self.path) from exc
        self.warnings.append(f"the build cache {reason}; it was thrown away and rebuilt")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; a cache that cannot be written (a full disk) is an :class:`OutputError`."""
        try:
            with _transaction(self._db()) as db:
                yield db
        except sqlite3.Error as exc:
            if _error_name(exc) in _DAMAGED:
                raise DamagedCacheError(f"the build cache is damaged ({exc})", path=self.path) from exc
            raise OutputError(f"cannot write the build cache: {exc}", path=self.path) from exc

    def _reading(self, query: str, parameters: Iterable[object] = ()) -> list[tuple[object, ...]]:
        """The rows of one query; a cache that cannot be read mid-build is a :class:`DamagedCacheError`."""
        try:
            return self._db().execute(query, tuple(parameters)).fetchall()
        except sqlite3.Error as exc:
            raise DamagedCacheError(f"cannot read the build cache: {exc}", path=self.path) from exc

    def repair(self, damage: DamagedCacheError) -> None:
        """Drop what ``damage`` found unreadable (the whole file when it names no entries)."""
        if damage.keys is None:
            self._throw_away(f"could not be read ({damage.message})")
            return
        unreadable = self._unreadable_articles()
        with self._writing() as db:
            db.executemany("DELETE FROM articles WHERE key = ?", ((key,) for key in unreadable))
        if self._keys is not None:
            self._keys.difference_update(unreadable)
        self.warnings.append(
            f"{counted(len(unreadable), 'article')} in the build cache could not be read; their posts were read again"
        )

    def _unreadable_articles(self) -> set[str]:
        """Every stored article that does not read back: where one is, others may be (the next attempt must not
        stumble on the next one)."""
        unreadable: set[str] = set()
        for key, blob in self._rows(sorted(self.keys())):
            try:
                decode_article(blob)
            except CorruptEntryError:
                unreadable.add(key)
        return unreadable

    def _rows(self, keys: list[str]) -> Iterator[tuple[str, object]]:
        """The stored ``(key, encoded article)`` of each of ``keys`` that is there."""
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for key, blob in self._reading(f"SELECT key, article FROM articles WHERE key IN ({marks})", batch):
                yield str(key), blob

    def close(self) -> None:
        """Close this process's connection (it is reopened when needed)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def keys(self) -> set[str]:
        """The content keys of every stored article (listed once per process, then kept up to date)."""
        if self._keys is None or self._pid != os.getpid():
            self._keys = {key for (key,) in self._reading("SELECT key FROM articles") if type(key) is str}
        return self._keys

    def load_many(self, keys: Iterable[str]) -> dict[str, Article]:
        """The articles stored under ``keys``, by key (missing ones are left out); raises :class:`DamagedCacheError`
        naming the entries that do not read back as articles."""
        found: dict[str, Article] = {}
        unreadable: set[str] = set()
        for key, blob in self._rows(list(dict.fromkeys(keys))):
            try:
                found[key] = decode_article(blob)
            except CorruptEntryError:
                unreadable.add(key)
        if unreadable:
            message = f"{counted(len(unreadable), 'article')} in the build cache could not be read"
            raise DamagedCacheError(message, path=self.path, keys=frozenset(unreadable))
        return found

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Keep what :meth:`store_encoded` is given while the block runs, and store it in one transaction for each
        16 MB and one when the block ends (nothing when it raises).

        Only for a block that reads none of it back. A build killed meanwhile loses entries not yet stored,
        which is harmless: they are keyed by content, and the index, saved after the block, is what refers to them.
        """
        if self._pending is not None:  # already batching: the outer block stores
            yield
            return
        self._pending = _Pending()
        try:
            yield
            self._flush()
        finally:
            self._pending = None

    def _flush(self) -> None:
        pending = self._pending
        if pending is not None and (pending.entries or pending.pieces):
            self._pending = _Pending()
            self._store(pending.entries, pending.pieces)

    def store_encoded(self, entries: Iterable[tuple[str, bytes]], pieces: Iterable[Piece] = ()) -> None:
        """Store already encoded articles (see :func:`encoded`) and pieces of their outputs, in one transaction
        (or with the batch, see :meth:`batched`)."""
        entries = list(entries)
        pending = self._pending
        if pending is None:
            self._store(entries, list(pieces))
        elif pending.add(entries, pieces) > _BATCH_BYTES:
            self._flush()

    def _store(self, entries: list[tuple[str, bytes]], pieces: list[Piece]) -> None:
        with self._writing() as db:
            db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", entries)
            db.executemany("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?)", pieces)
        if self._keys is not None:
            self._keys.update(key for key, _ in entries)

    def load_note(self, name: str) -> bytes | None:
        """A note the last build left under ``name`` in the ``state`` table (None: none, or not bytes)."""
        rows = self._reading("SELECT value FROM state WHERE name = ?", [f"note:{name}"])
        return rows[0][0] if rows and type(rows[0][0]) is bytes else None

    def save_note(self, name: str, value: bytes) -> None:
        """Leave ``value`` under ``name`` for the next build (written only when it differs)."""
        if self.load_note(name) != value:
            with self._writing() as db:
                db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (f"note:{name}", value))

    def load_pieces(self, keys: Iterable[str], kind: str) -> dict[str, bytes]:
        """The pieces of one ``kind`` stored for the articles of ``keys``, by key (missing ones are left out, and
        so is anything that is not bytes: the caller makes those again)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            query = f"SELECT key, piece FROM pieces WHERE kind = ? AND key IN ({','.join('?' * len(batch))})"
            for key, piece in self._reading(query, [kind, *batch]):
                if type(key) is str and type(piece) is bytes:
                    found[key] = piece
        return found

    def load_stamp(self) -> bytes | None:
        """The stamp the last build left (see :mod:`.stamp`), as stored; None when there is none or the cache
        cannot be read (the whole build then finds out why)."""
        try:
            row = self._db().execute("SELECT value FROM state WHERE name = 'stamp'").fetchone()
        except (sqlite3.Error, OutputError):
            return None
        return row[0] if row is not None and type(row[0]) is bytes else None

    def save_stamp(self, stamp: bytes) -> None:
        """Keep a build's stamp for the next build."""
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO state VALUES ('stamp', ?)", (stamp,))

    def load_index(self) -> BuildIndex:
        """The last build's index, or an empty one: a cache that cannot be read is thrown away, and a record
        that does not read back is dropped (its post is read again)."""
        try:
            db = self._db()
            row = db.execute("SELECT value FROM state WHERE name = 'fingerprint'").fetchone()
            with _without_gc():  # the rows are hundreds of thousands of values, and hold no cycles
                rows = db.execute(_SELECT_RECORDS).fetchall() if row else []
            outputs = _outputs(db)
        except sqlite3.Error as exc:
            self._throw_away(f"could not be read ({exc})")
            return BuildIndex()
        if row is None or type(row[0]) is not str:
            return BuildIndex(outputs=outputs)
        with _without_gc():
            sources, unreadable = read_rows(rows)
        del rows
        if unreadable:
            with self._writing() as db:
                db.executemany("DELETE FROM records WHERE path = ?", ((path,) for path in unreadable))
            self.warnings.append(
                f"{counted(len(unreadable), 'source record')} in the build cache could not be read; "
                "their posts were read again"
            )
        return BuildIndex(fingerprint=row[0], sources=sources, outputs=outputs)

    def save_index(self, index: BuildIndex, *, previous: BuildIndex, live_keys: set[str]) -> None:
        """Store the index for the next build, writing only what differs from ``previous`` (the index this
        build started from), and drop the articles no source refers to any more.

        A record reused from the last build is the very object that was loaded, so identity tells what changed.
        The rows are made one at a time as SQLite takes them: all of a large site's rows at once (a tuple of 34
        columns and their new strings a post) were the main process's peak of memory in a cold build.
        """
        everything = index.fingerprint != previous.fingerprint
        kept = {} if everything else previous.sources
        changed = (record_row(path, record) for path, record in index.sources.items() if kept.get(path) is not record)
        removed = kept.keys() - index.sources.keys()
        outputs = ((path, digest) for path, digest in index.outputs.items() if previous.outputs.get(path) != digest)
        stale = self.keys() - live_keys
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO state VALUES ('fingerprint', ?)", (index.fingerprint,))
            if everything:
                db.execute("DELETE FROM records")
            db.executemany("DELETE FROM records WHERE path = ?", ((row_key(path),) for path in removed))
            db.executemany(_INSERT_RECORD, changed)
            db.executemany(
                "DELETE FROM outputs WHERE path = ?",
                ((path,) for path in previous.outputs.keys() - index.outputs.keys()),
            )
            db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", outputs)
            db.executemany("DELETE FROM articles WHERE key = ?", ((key,) for key in stale))
            db.executemany("DELETE FROM pieces WHERE key = ?", ((key,) for key in stale))
        self.keys().difference_update(stale)


_SELECT_RECORDS = f"SELECT {', '.join(COLUMNS)} FROM records"
_INSERT_RECORD = f"INSERT OR REPLACE INTO records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
