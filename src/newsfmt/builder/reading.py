"""Reading a site for a build: changed files in parallel worker processes, the rest from the cache.

Files are read as :func:`~newsfmt.load_site` reads them (:func:`~newsfmt.readers.sources.read_source_file`),
held-back posts included: the cache keeps them for the build that publishes them. The build adds its cache
around each read: the worker makes the record the build index keeps, encodes the full article for the cache and
(unless the build is strict) writes its plain-text file at once; the main process stores each batch of encoded
articles as it arrives, so that it only ever holds articles *without* their bodies. Bodies that link to other
posts (``post_url``, ``link``) come back unrendered and are rendered in the main process once every file is read.

Readings travel from the workers to the main process pickled, as :mod:`multiprocessing` sends results: a channel
between the processes of one build, which nothing outside it writes. What the cache stores, which others may
write, is :mod:`.cache_format`'s JSON, never a pickle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from ..model import Article, Problem, SiteConfig, without_body
from ..parallel import map_in_chunks
from ..readers.liquid import LinkResolver
from ..readers.reading import Reader, Selection, SourceRead, links_between, read_source_file
from ..readers.reading import render_linked as render_linking_reads
from ..readers.site import authors_data
from ..readers.sources import SourceFile
from ..vocabulary import FeedContent
from .cache import Piece, SourceRecord, encoded
from .config_keys import Fingerprints, post_key
from .linked import Lookups, Recorder

__all__ = [
    "ReadSettings",
    "Reading",
    "published_readings",
    "read_sources",
    "reader_for",
    "render_linked",
    "without_body",
]


def reader_for(config: SiteConfig, fingerprints: Fingerprints, selection: Selection) -> Reader:
    """How a build reads a file: every body rendered (held-back ones too), each read given its cache key."""
    return Reader(config, authors_data(config), selection, "all", partial(post_key, fingerprints=fingerprints))


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """What a worker needs besides the file: passed once per process."""

    reader: Reader
    """See :func:`reader_for`."""
    strict: bool
    """Keep full articles in memory (nothing is written before every post has been read)."""
    write_text: Callable[[Article, str], bool] | None
    """Writes an article's text file to a path relative to OUT unless it holds that text already, and says
    whether it wrote (None: no texts in this build)."""
    text_output: Callable[[Article], str]
    """Where an article's text goes, relative to OUT."""
    feed_content: FeedContent | None = None
    """Render each article's feed entries as it is read, carrying this content (None: leave them to the main
    process, which renders only the entries its feeds choose)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One file, read now or taken from the cache."""

    rel_path: str
    record: SourceRecord
    read: SourceRead | None = None
    """The read, while the main process still needs it: a strict build's full article, or a body to render
    once every permalink is known (``read.linked``)."""
    text_output: str | None = None
    """The text file a worker wrote (or found holding the text already), if any."""
    text_unchanged: bool = False
    """Whether ``text_output`` already held the article's text (a config change or a linked post read again
    that gives the same text leaves the file as it was)."""
    stored: bytes | None = None
    """The full article encoded for the cache, until the main process has stored it."""
    pieces: tuple[Piece, ...] = ()
    """Its entries in the feeds, rendered for the cache, until the main process has stored them."""
    lookups: Lookups | None = None
    """What the body of a post that links others looked up (see :mod:`.linked`): a reused one's is checked once
    every permalink is known."""

    @property
    def full(self) -> Article | None:
        """The full article, kept in memory by a strict build."""
        return self.read.article if self.read is not None and self.read.linked is None else None


def published_readings(readings: Iterable[Reading], selection: Selection) -> list[Reading]:
    """The readings whose article this build publishes (decided again on every build: a future post is due one
    day, and the flags may change)."""
    return [r for r in readings if r.record.article is not None and selection.publishes(r.record.publication)]


def _problems(read: SourceRead) -> tuple[Problem, ...]:
    if not (read.notes or read.warnings or read.error):
        return ()
    path = read.path
    found = [Problem(path, None, note, "warning") for note in read.notes]
    if read.error is not None:
        found.append(Problem(read.error.path or path, read.error.line, read.error.message))
    else:
        found.extend(Problem(path, line, message, "warning") for line, message in read.warnings)
    return tuple(found)


def _kept(read: SourceRead, settings: ReadSettings, *, cacheable: bool = True) -> Reading:
    """What the build keeps of a read: its record, and the worker's share of the build done (the full article
    encoded for the cache, its text written)."""
    article = read.article if read.error is None and read.linked is None else None
    if article is None:
        record = SourceRecord(read.signature, read.key, None, _problems(read), read.publication, cacheable)
        return Reading(read.rel_path, record, read if read.linked else None)
    light = without_body(article)
    if settings.reader.selection.holds_back(read.publication):
        # Nothing of a draft, future or unpublished post goes into the cache (it lives in OUT, which is published):
        # not cacheable, so it is read again on every build, until it is due.
        record = SourceRecord(read.signature, read.key, light, _problems(read), read.publication, cacheable=False)
        return Reading(read.rel_path, record)
    text_path = settings.text_output(article)
    record = SourceRecord(read.signature, read.key, light, _problems(read), read.publication, cacheable, text_path)
    if settings.strict:
        return Reading(read.rel_path, record, read)
    pieces = _feed_pieces(article, read.key, settings)
    if settings.write_text is None:
        return Reading(read.rel_path, record, stored=encoded(article), pieces=pieces)
    unchanged = not settings.write_text(article, text_path)
    stored = encoded(article)
    return Reading(read.rel_path, record, None, text_path, unchanged, stored, pieces)


def _feed_pieces(article: Article, key: str, settings: ReadSettings) -> tuple[Piece, ...]:
    content = settings.feed_content
    if content is None:
        return ()
    from ..exporters.feeds.pieces import entry_pieces, piece_kind

    rendered = entry_pieces(article, settings.reader.config, content)
    return tuple((key, piece_kind(fmt, content), data) for fmt, data in rendered.items())


def _read_and_keep(settings: ReadSettings, source: SourceFile) -> Reading:
    read = read_source_file(settings.reader, source)
    return _kept(read, settings, cacheable=read.linked is None)


Store = Callable[[list[tuple[str, bytes]], list[Piece]], None]
"""Stores ``(content key, encoded article)`` pairs and pieces of their outputs in the cache."""


def _stored(readings: list[Reading], store: Store) -> list[Reading]:
    """Hand the batch's encoded articles and pieces to the cache and drop them from the readings."""
    entries = [(r.record.key, r.stored) for r in readings if r.stored is not None]
    if not entries:
        return readings
    store(entries, [piece for r in readings for piece in r.pieces])
    return [replace(r, stored=None, pieces=()) if r.stored is not None else r for r in readings]


def read_sources(
    sources: Iterable[SourceFile],
    settings: ReadSettings,
    *,
    workers: int,
    store: Store,
    progress: Callable[[int], None] | None = None,
) -> list[Reading]:
    """Read every source (in parallel when there are many), storing each batch of full articles as it comes."""
    return map_in_chunks(
        _read_and_keep,
        settings,
        list(sources),
        jobs=workers,
        progress=progress,
        each_chunk=lambda done: _stored(done, store),
    )


def _linked(reading: Reading) -> SourceRead | None:
    return reading.read if reading.read is not None and reading.read.linked is not None else None


def render_linked(
    readings: Sequence[Reading], settings: ReadSettings, store: Store, sources: Sequence[SourceFile] = ()
) -> list[Reading]:
    """Render the bodies that link to other posts, now that every permalink is known (as
    :func:`~newsfmt.load_site` does, with the same posts to link to, in path order). A linking post the last
    build rendered (``lookups``) is kept as it is when every lookup gives what it gave then; otherwise its file
    (among ``sources``) is read and rendered again."""
    checked = [r for r in readings if r.lookups is not None and r.read is None]
    pending = [read for read in map(_linked, readings) if read is not None]
    if not pending and not checked:
        return list(readings)
    targets = [(read.rel_path, read.permalink) for read in pending]
    targets += [(r.rel_path, r.record.article.permalink) for r in readings if r.record.article is not None]
    resolve = links_between(sorted(targets))
    moved = {r.rel_path for r in checked if r.lookups is not None and not r.lookups.hold(resolve)}
    by_path: Mapping[str, SourceFile] = {s.rel_path: s for s in sources} if moved else {}
    finished: list[Reading] = []
    for reading in readings:
        if reading.rel_path in moved:
            reading = _read_and_keep(settings, by_path[reading.rel_path])
        read = _linked(reading)
        finished.append(reading if read is None else _rendered_linking(read, resolve, settings))
    return _stored(finished, store)


def _rendered_linking(read: SourceRead, resolve: LinkResolver, settings: ReadSettings) -> Reading:
    """A linking post rendered, keyed by its file and what it looked up (see :mod:`.linked`)."""
    recorder = Recorder(resolve)
    rendered = render_linking_reads([read], settings.reader.config, recorder)[0]
    lookups = recorder.lookups(read.key)
    kept = _kept(replace(rendered, key=lookups.key), settings, cacheable=False)
    if kept.record.article is None or settings.reader.selection.holds_back(rendered.publication):
        return kept  # not in the cache: read again on every build, as a held-back post is
    return replace(kept, lookups=lookups)
