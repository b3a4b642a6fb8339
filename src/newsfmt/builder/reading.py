"""Reading a site for a build: changed files in parallel worker processes, the rest from the cache.

Each worker reads a file, renders and cleans it, pickles the full article for the cache and (unless the
build is strict) writes its plain-text file at once; the main process stores each batch of pickles as it
arrives, so that it only ever holds articles *without* their bodies. Bodies that link to other posts
(``post_url``, ``link``) need every permalink first; they come back as heads and are rendered in the main
process once all files are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..errors import NewsfmtError
from ..model import Article, FrozenMapping, Problem, SiteConfig
from ..parallel import map_in_chunks
from ..readers.post import PostHead, render_article
from ..readers.site import (
    SourceFile,
    authors_data,
    head_of,
    is_published,
    links_between,
    links_to_posts,
    read_file,
)
from .cache import SourceRecord, content_key, pickled

__all__ = ["ReadSettings", "Reading", "read_sources", "without_body"]


def without_body(article: Article) -> Article:
    """The article as the build's index keeps it: what selects and orders it, without its texts.

    ``body_html``, ``text``, ``summary``, ``extra`` and ``path`` (the record has it) are left out: the index of
    a large archive is loaded and saved on every build, and outputs load the full article from the cache.
    """
    return replace(article, body_html="", text="", summary="", extra=FrozenMapping(), path=None)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """What a worker needs besides the file: passed once per process."""

    config: SiteConfig
    fingerprint: str
    drafts: bool
    future: bool
    unpublished: bool
    now: datetime
    strict: bool
    """Keep full articles in memory (nothing is written before every post has been read)."""
    write_text: Callable[[Article, str], None] | None
    """Writes an article's text file to a path relative to OUT (None: no texts in this build)."""
    text_output: Callable[[Article], str]
    """Where an article's text goes, relative to OUT."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One file, read."""

    rel_path: str
    record: SourceRecord
    full: Article | None = None
    """The full article, kept in memory by a strict build."""
    head: PostHead | None = None
    """A head whose body must be rendered once every permalink is known."""
    text_output: str | None = None
    """The text file a worker wrote, if any."""
    stored: bytes | None = None
    """The full article pickled for the cache, until the main process has stored it."""


def is_held_back(head: PostHead, settings: ReadSettings) -> bool:
    """Whether a post is read but not published by this build (unpublished, draft, future)."""
    return not is_published(
        head, drafts=settings.drafts, future=settings.future, unpublished=settings.unpublished, now=settings.now
    )


def _problems(head: PostHead, notes: Sequence[str]) -> tuple[Problem, ...]:
    found = [Problem(head.path, None, note, "warning") for note in notes]
    found.extend(Problem(head.path, line, message, "warning") for line, message in head.warnings)
    return tuple(found)


def _read_one(source: SourceFile, settings: ReadSettings, authors: Mapping[str, Any]) -> Reading:
    try:
        stat, data = read_file(source)
    except OSError as exc:
        problem = Problem(source.path, None, f"cannot read: {exc.strerror or exc}")
        return Reading(source.rel_path, SourceRecord((0, 0), "", None, (problem,)))
    signature = (stat.st_mtime_ns, stat.st_size)
    key = content_key(source.rel_path, data, settings.fingerprint)
    try:
        head, notes = head_of(source, data, stat.st_size, stat.st_mtime, settings.config, authors)
    except NewsfmtError as exc:
        problem = Problem(source.path, exc.line, exc.message)
        return Reading(source.rel_path, SourceRecord(signature, key, None, (problem,)))
    held_back = is_held_back(head, settings)
    if links_to_posts(head.body):
        record = SourceRecord(signature, key, None, (), held_back, cacheable=False)
        return Reading(source.rel_path, record, head=replace(head, warnings=list(head.warnings) + _notes(notes)))
    return _finish(source.rel_path, signature, key, head, notes, held_back, settings, resolve=None)


def _notes(notes: Sequence[str]) -> list[tuple[int | None, str]]:
    return [(None, note) for note in notes]


def _finish(
    rel_path: str,
    signature: tuple[int, int],
    key: str,
    head: PostHead,
    notes: Sequence[str],
    held_back: bool,
    settings: ReadSettings,
    resolve: Callable[[str, str], str | None] | None,
) -> Reading:
    try:
        article = render_article(head, config=settings.config, resolve=resolve)
    except NewsfmtError as exc:
        problem = Problem(head.path, exc.line, exc.message)
        return Reading(rel_path, SourceRecord(signature, key, None, (problem,)))
    text_path = "" if held_back else settings.text_output(article)
    record = SourceRecord(
        signature,
        key,
        without_body(article),
        _problems(head, notes),
        held_back,
        cacheable=resolve is None,
        text_path=text_path,
    )
    if settings.strict:
        return Reading(rel_path, record, full=article)
    if held_back or settings.write_text is None:
        return Reading(rel_path, record, stored=pickled(article))
    settings.write_text(article, text_path)
    return Reading(rel_path, record, text_output=text_path, stored=pickled(article))


def _read_with(context: tuple[ReadSettings, Mapping[str, Any]], source: SourceFile) -> Reading:
    settings, authors = context
    return _read_one(source, settings, authors)


Store = Callable[[list[tuple[str, bytes]]], None]
"""Stores ``(content key, pickled article)`` pairs in the cache."""


def _stored(readings: list[Reading], store: Store) -> list[Reading]:
    """Hand the batch's pickled articles to the cache and drop them from the readings."""
    entries = [(r.record.key, r.stored) for r in readings if r.stored is not None]
    if not entries:
        return readings
    store(entries)
    return [replace(r, stored=None) if r.stored is not None else r for r in readings]


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
        _read_with,
        (settings, authors_data(settings.config)),
        list(sources),
        jobs=workers,
        progress=progress,
        each_chunk=lambda done: _stored(done, store),
    )


def render_linked(readings: list[Reading], settings: ReadSettings, store: Store) -> list[Reading]:
    """Render the deferred heads now that every permalink is known."""
    if all(r.head is None for r in readings):
        return readings
    permalinks = [(r.rel_path, r.head.permalink) for r in readings if r.head is not None]
    permalinks += [(r.rel_path, r.record.article.permalink) for r in readings if r.record.article is not None]
    resolve = links_between(permalinks)
    finished: list[Reading] = []
    for reading in readings:
        if reading.head is None:
            finished.append(reading)
            continue
        head = reading.head
        record = reading.record
        finished.append(
            _finish(reading.rel_path, record.signature, record.key, head, [], record.held_back, settings, resolve)
        )
    return _stored(finished, store)
