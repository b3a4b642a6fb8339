"""The site build: read (in parallel, from the cache where nothing changed), then write each output
whose inputs changed, atomically, and only inside OUT."""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import TEMPORARY_GLOB, is_temporary_name
from ..confine import Confinement
from ..errors import NewsfmtError, OutputError
from ..model import Article, Problem, SiteConfig, newest_first
from ..options import BuildOptions, site_cover
from ..progress import SILENT, Progress
from ..readers.config import load_config
from ..readers.generators import generator_of
from ..readers.reading import Selection
from ..readers.site import NO_POSTS, SourceFile, discover
from ..vocabulary import FeedContent, OutputKind, counted
from .cache import ArticleCache, BuildIndex, DamagedCacheError, SourceRecord, encoded
from .config_keys import SITE_KEY_PREFIX, Fingerprints, output_fingerprint
from .journal import Journal
from .linked import Lookups, decode_lookups, encode_lookups
from .lock import OutputLock
from .reading import Reading, ReadSettings, published_readings, read_sources, reader_for, render_linked
from .report import BuildReport
from .stamp import Stamp, present, stamp_digest
from .unchanged import Shortcut

if TYPE_CHECKING:
    from ..exporters.epub.plan import BookPlan
    from ..output_names import OutputNames, SiteNames
    from .book_jobs import BookJob
    from .feed_pieces import FeedPieces

# What only a build that writes needs is imported when it does: a build that finds nothing changed is over in
# less time than importing the exporters takes.

if TYPE_CHECKING:
    from .session import KeptIndex

__all__ = ["BuildReport", "build_site", "run_build"]

# Books go under epub/, texts under text/, feeds everywhere else (feed.xml, categories/x/atom.xml …).
_KIND_OF_FOLDER: dict[str, OutputKind] = {"text": "text", "epub": "epub"}
_UNKNOWN = ""
"""The digest of an output whose content the index cannot vouch for: no build's digest equals it."""


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def text_output(article: Article, names: OutputNames | None = None) -> str:
    """Where ``newsfmt build`` writes an article's text, relative to OUT (its category by its name among
    ``names``, else by its plain slug)."""
    from ..exporters.text import text_location

    return "text/" + text_location(article, names)


def _clear_temporaries(out: Path) -> None:
    """Remove what a killed build may have left: temporary files of atomic writes."""
    for leftover in out.rglob(TEMPORARY_GLOB):  # only write_atomic's own: nothing else in OUT is deleted
        if is_temporary_name(leftover.name) and leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)


class _Writer:
    """Writes outputs inside OUT, skipping those whose inputs did not change, and records them.

    Output paths are POSIX strings relative to OUT: with tens of thousands of texts, pathlib is too slow here.
    """

    def __init__(self, out: Path, previous: dict[str, str], report: BuildReport, journal: Journal) -> None:
        self.confined = Confinement(out)
        self.previous = previous
        self.current: dict[str, str] = {}
        self.report = report
        self.journal = journal
        self.listed: dict[str, frozenset[str]] = {}

    def up_to_date(self, relative: str, digest: str) -> bool:
        return self.previous.get(relative) == digest and self._exists(relative)

    def _exists(self, relative: str) -> bool:
        """Whether an output is still there (a user may have deleted it): one listing per folder, not a stat
        per file, since an archive has tens of thousands of texts in a few dozen folders."""
        folder, _, name = relative.rpartition("/")
        names = self.listed.get(folder)
        if names is None:
            try:
                with os.scandir(os.path.join(self.confined.out, folder)) as entries:
                    names = frozenset(entry.name for entry in entries if entry.is_file())
            except OSError:
                names = frozenset()
            self.listed[folder] = names
        return name in names

    def record(self, kind: OutputKind, relative: str, digest: str, *, unchanged: bool = False) -> None:
        """Count an output a worker wrote (or, ``unchanged``, found holding what it would have written)."""
        self.current[relative] = digest
        if unchanged:
            self.report.unchanged[kind] += 1
            return
        self.report.written[kind] += 1
        self.report.written_files.append(relative)

    def needed(self, kind: OutputKind, relative: str, digest: str, *, force: bool = False) -> bool:
        """Whether an output must be (re)written (always when ``force``); one that is up to date is counted as
        unchanged."""
        if relative in self.current:
            raise OutputError(f"two outputs would be written to {relative}", path=self.confined.out)
        if not force and self.up_to_date(relative, digest):
            self.current[relative] = digest
            self.report.unchanged[kind] += 1
            return False
        return True

    def write(
        self, kind: OutputKind, relative: str, digest: str, produce: Callable[[], bytes], *, force: bool = False
    ) -> bool:
        """Write an output unless it is up to date; whether it was written."""
        if not self.needed(kind, relative, digest, force=force):
            return False
        self.journal.note(relative)
        self.confined.write(relative, produce())
        self.record(kind, relative, digest)
        return True

    def place(self, relative: str, data: bytes) -> None:
        """Write a page that lists outputs (an index page, the catalog, a cover) when its bytes changed; such pages
        are named among the files written but not counted among the outputs of the report."""
        digest = hashlib.sha256(data).hexdigest()
        if relative in self.current:
            raise OutputError(f"two outputs would be written to {relative}", path=self.confined.out)
        if not self.up_to_date(relative, digest):
            self.journal.note(relative)
            self.confined.write(relative, data)
            self.report.written_files.append(relative)
        self.current[relative] = digest

    def remove_unowned(self, written: set[str]) -> None:
        """Delete files this build wrote that no output of it owns (an earlier build's are left to
        :meth:`remove_stale`)."""
        for relative in sorted(written - set(self.current) - set(self.previous)):
            Path(self.confined.path(relative)).unlink(missing_ok=True)

    def remove_stale(self, built: frozenset[OutputKind]) -> None:
        """Delete outputs of an earlier build that this one no longer makes (only of the kinds it built)."""
        for path, digest in self.previous.items():
            if _kind_of(path) not in built and path not in self.current:
                self.current[path] = digest  # not built this time: kept as it is
        for stale in sorted(set(self.previous) - set(self.current)):
            try:
                Path(self.confined.path(stale)).unlink(missing_ok=True)
                self.report.removed += 1
                self.report.removed_files.append(stale)
            except (OSError, OutputError):
                continue


class _Bodies:
    """Full articles loaded back from the cache on demand, kept only while one output needs them."""

    def __init__(self, cache: ArticleCache, keys: dict[str, str], fresh: dict[str, Article]) -> None:
        self.cache = cache
        self.keys = keys
        self.fresh = fresh
        self.last: tuple[Sequence[Article], list[Article]] | None = None
        """The last articles loaded: the three formats of a feed ask for the same ones in a row."""

    def full(self, articles: Sequence[Article]) -> list[Article]:
        if self.last is not None and self.last[0] is articles:
            return self.last[1]
        loaded = self._load(articles)
        self.last = (articles, loaded)
        return loaded

    def _load(self, articles: Sequence[Article]) -> list[Article]:
        stored = self.cache.load_many(self.keys[a.id] for a in articles if a.id not in self.fresh)
        loaded: list[Article] = []
        for light in articles:
            full = self.fresh.get(light.id) or stored.get(self.keys[light.id])
            if full is None:
                raise OutputError(f"the build cache lost the article {light.id}; run the build again")
            loaded.append(full)
        return loaded


def build_site(
    root: Path | str,
    out: Path | str,
    *,
    options: BuildOptions | None = None,
    overrides: Mapping[str, Any] | None = None,
    config: SiteConfig | None = None,
    now: datetime | None = None,
    progress: Progress = SILENT,
    shortcut: Shortcut | None = None,
) -> BuildReport:
    """Build every output of a site into ``out``: feeds, EPUB books and plain-text files.

    Layout: ``feed.xml`` (RSS), ``atom.xml``, ``feed.json``, ``categories/<slug>/…``, ``tags/<slug>/…``
    (when asked), ``epub/<category-slug>-<year>.epub``, ``text/<category-slug>/<year>/<date>-<slug>.txt``; a
    category or tag whose slug folds to the one of a term used earlier gets a suffix, with a warning
    (:mod:`newsfmt.output_names`).
    Only outputs whose inputs changed since the last build into ``out`` are rewritten. Every file is
    written atomically; nothing is written outside ``out``; sources are only read.

    ``progress`` is told each phase as it goes (:mod:`newsfmt.progress`; silent by default). ``shortcut`` is the
    early look of ``newsfmt build`` at the site (:mod:`newsfmt.builder.unchanged`), taken before the config was
    read: the build leaves it a note for the next one.
    ``options`` defaults to the site's ``newsfmt: build:`` settings (``config.options.build``, as ``newsfmt build``
    reads them); ``overrides`` (option names to values, ``None`` meaning "as it is") are applied on top, as the
    command's flags are. ``config`` defaults to :func:`~newsfmt.load_config` of ``root``.

    A build that finds no post, or fewer than half the source files the last build into ``out`` read (the site
    folder moved, a checkout failed), writes nothing and raises :class:`~newsfmt.OutputError`, unless the
    ``allow_shrink`` option is on. Problems are collected in the report and the build goes on with the good
    posts; with the ``strict`` option the first problem raises a :class:`~newsfmt.NewsfmtError` before anything
    is written. Raises :class:`~newsfmt.ConfigError` for a bad option, :class:`~newsfmt.OutputError` when an output
    cannot be written or another build is writing to ``out``. A cache that cannot be used is thrown away and
    rebuilt (a warning in the report says so); one that cannot be written (a full disk) raises
    :class:`~newsfmt.OutputError`.
    """
    config = config or load_config(root)
    out_dir, root = Path(out), Path(root)
    options = build_options(config, options, overrides, root, out_dir)
    cache = ArticleCache(cache_folder(options, out_dir))
    try:
        return run_build(root, out_dir, options, config, cache, now or datetime.now(UTC), progress, shortcut=shortcut)
    finally:
        cache.close()


def build_options(
    config: SiteConfig, options: BuildOptions | None, overrides: Mapping[str, Any] | None, root: Path, out: Path
) -> BuildOptions:
    """The options of a build as :func:`build_site` takes them, merged and with their paths resolved."""
    options = (options or config.options.build).merged(overrides or {}, source="the build's arguments")
    return _with_paths_resolved(options, root, out)


def cache_folder(options: BuildOptions, out: Path) -> Path:
    """Where a build's cache lives."""
    return options.cache_dir or out / ".newsfmt-cache"


def run_build(
    root: Path,
    out_dir: Path,
    options: BuildOptions,
    config: SiteConfig,
    cache: ArticleCache,
    now: datetime,
    progress: Progress = SILENT,
    kept: KeptIndex | None = None,
    lock: OutputLock | None = None,
    shortcut: Shortcut | None = None,
) -> BuildReport:
    """One build with resolved options into an open cache (left open): :func:`build_site`'s work, and each
    build of a :class:`~newsfmt.builder.session.BuildSession`, which hands over what it ``kept`` of the last one
    and OUT's ``lock``, held from its first build to its end (a lock given is left held)."""
    own_lock = lock is None
    lock = lock or OutputLock(out_dir)
    frozen_by_caller = gc.get_freeze_count() > 0
    build = partial(_Build, root, out_dir, options, config, cache, lock, now, kept, shortcut)
    try:
        try:
            return build().run(progress)
        except DamagedCacheError as damage:  # entries that did not read back: dropped, and their posts read again
            cache.repair(damage)
            if kept is not None:
                kept.forget()
            return build().run(progress)
    except OSError as exc:  # anything the atomic writer does not already translate: a file in the way, a full disk
        where = Path(exc.filename) if exc.filename else out_dir
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=where) from exc
    except KeyboardInterrupt:
        # The worker pools have been shut down (and waited for) on the way here; a worker stopped in the middle
        # of an atomic write may still have left its temporary file.
        if lock.held:
            _clear_temporaries(out_dir)
        raise
    finally:
        if own_lock:
            lock.release()
        if not frozen_by_caller:
            gc.unfreeze()


def _with_paths_resolved(options: BuildOptions, root: Path, out: Path) -> BuildOptions:
    """A relative cache folder inside OUT, a relative cover inside the site (a symlink may not lead out)."""
    if options.cache_dir is not None and not options.cache_dir.is_absolute():
        options = replace(options, cache_dir=out / options.cache_dir)
    if options.cover is not None and not options.cover.is_absolute():
        options = replace(options, cover=site_cover(root, options.cover))
    return options


@dataclass(slots=True)
class _Build:
    """One build, phase by phase: check the folders, discover, read (from the cache where nothing changed),
    check what was read, write the outputs, save the index."""

    root: Path
    out: Path
    options: BuildOptions
    config: SiteConfig
    cache: ArticleCache
    lock: OutputLock
    now: datetime
    kept: KeptIndex | None = None
    """What a session kept of its last build (None: discover, load the index, check every source)."""
    shortcut: Shortcut | None = None
    """The early look of the command at the site (None: the next build takes no shortcut)."""
    report: BuildReport = field(init=False)
    journal: Journal = field(init=False)
    progress: Progress = field(init=False)
    book_problems: tuple[int, int] = field(init=False, default=(0, 0))
    """Where the books' problems are in the report's (a build that writes no book reports none)."""

    def run(self, progress: Progress) -> BuildReport:
        started = time.perf_counter()
        self.report = BuildReport(out=self.out)
        self.progress = progress
        self.journal = Journal(self.out)
        self._check_folders()
        sources = self.kept.sources() if self.kept is not None else None
        if sources is None:
            sources = self._without_outputs(discover(self.config, drafts=self.options.drafts))
        if not sources and not self.options.allow_shrink:
            raise OutputError(f"{NO_POSTS}; nothing was written (--allow-shrink builds anyway)", path=self.root)
        fingerprints = Fingerprints.of(self.config)
        signatures: dict[str, tuple[int, int]] = {}
        looked = self.shortcut.signatures if self.shortcut is not None else None
        digest = stamp_digest(fingerprints.stored, self.config.options, self.options, sources, signatures, looked)
        if self.shortcut is not None:  # the cover may lie where the early look does not
            self.shortcut = self.shortcut.with_file(self.options.cover)
        # A strict build takes the lock once it knows it will write.
        if not self.options.strict and self._take_output_folder(digest):
            self.report.seconds = time.perf_counter() - started
            return self.report
        loaded = self.kept.index if self.kept is not None and self.kept.index is not None else None
        if loaded is None:
            loaded = self.cache.load_index() if not self.options.strict else BuildIndex()
        # Keep the cycle collector off the loaded index (build_site unfreezes): 100,000 records are millions of
        # objects, and every full collection the build's allocations trigger walked them all, which tripled the
        # time to discover and check an unchanged 100,000-post site. The index has no cycles to collect.
        gc.freeze()
        self._check_not_shrunk(len(sources), len(loaded.sources))
        previous = self._with_unfinished(_still_valid(loaded, fingerprints))
        linking = decode_lookups(self.cache.load_note("links")) if previous.sources else {}
        readings = self._read(sources, previous, fingerprints, linking, signatures)
        published = self._published(readings, sources)
        writer = self._write(readings, published, previous)
        selection = self._selection()
        kept = [r for r in readings if not selection.holds_back(r.record.publication)]
        index = BuildIndex(fingerprints.stored, sources={r.rel_path: r.record for r in kept}, outputs=writer.current)
        self.cache.save_note("links", encode_lookups({r.rel_path: r.lookups for r in kept if r.lookups is not None}))
        self.cache.save_index(index, previous=loaded, live_keys={r.record.key for r in kept})
        if self.kept is not None:
            self.kept.remember(sources, index)
        stamp = self._stamp(digest, readings, writer)
        self.cache.save_stamp(stamp.encode())
        self._leave_note(stamp)
        if not self.options.strict:  # a strict build starts from no index: it leaves earlier notes to the next one
            self.journal.clear()
        self.report.problems.extend(Problem(self.cache.path, None, w, "warning") for w in self.cache.warnings)
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _nothing_changed(self, digest: str) -> bool:
        """Whether the last build's stamp says this one would write nothing; if so, the report is its report."""
        stamp = Stamp.decode(self.cache.load_stamp())
        if stamp is None or not stamp.holds(digest, self.now) or self.journal.unfinished():
            return False
        if not present(self.out, stamp.outputs):
            return False
        report = self.report
        report.articles, report.skipped = stamp.articles, stamp.skipped
        report.unchanged.update(stamp.unchanged)
        report.problems.extend(stamp.problems)
        self._leave_note(stamp)
        return True

    def _leave_note(self, stamp: Stamp) -> None:
        """Leave the next command's early look a note of this build's stamp; without a look (a library call, a
        watch), or for a strict build (which never stops at a stamp), remove the last build's."""
        shortcut = self.shortcut or Shortcut(self.out, None)
        shortcut.leave(None if self.options.strict else stamp)

    def _stamp(self, digest: str, readings: Sequence[Reading], writer: _Writer) -> Stamp:
        """What this build leaves for the next one to tell that nothing changed (the books' problems left out:
        a build that writes no book does not report them)."""
        report = self.report
        start, end = self.book_problems
        problems = (*report.problems[:start], *report.problems[end:])
        unchanged = {kind: report.written[kind] + report.unchanged[kind] for kind in report.written}
        publications = [r.record.publication for r in readings if r.record.publication is not None]
        moments = [p.date for p in publications] + [p.expires for p in publications if p.expires is not None]
        since = max((moment for moment in moments if moment <= self.now), default=None)
        until = min((moment for moment in moments if moment > self.now), default=None)
        outputs = tuple(writer.current)
        return Stamp(digest, since, until, report.articles, report.skipped, unchanged, problems, outputs)

    def _with_unfinished(self, previous: BuildIndex) -> BuildIndex:
        """The index, with the outputs a killed build began marked unknown (see :mod:`.journal`)."""
        unfinished = self.journal.unfinished() if not self.options.strict else set()
        if not unfinished:
            return previous
        outputs = {**previous.outputs, **dict.fromkeys(unfinished, _UNKNOWN)}
        return BuildIndex(previous.fingerprint, previous.sources, outputs)

    def _check_folders(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise OutputError("cannot write: this is a file, and the build needs a folder", path=self.out)
        root, out = self.root.resolve(), self.out.resolve()
        if out == root or root.is_relative_to(out):
            raise OutputError("the output folder must not contain the site", path=self.out)
        inside = self._output_inside_site()
        if inside is not None and generator_of(self.config).holds_posts(inside):
            raise OutputError("the output folder must not be inside a folder posts are read from", path=self.out)

    def _output_inside_site(self) -> str | None:
        """OUT relative to the site folder (POSIX), when it lies inside it."""
        root, out = self.root.resolve(), self.out.resolve()
        return out.relative_to(root).as_posix() if out.is_relative_to(root) else None

    def _without_outputs(self, sources: list[SourceFile]) -> list[SourceFile]:
        """The sources, less anything inside OUT: a build's own texts are never read back as posts."""
        inside = self._output_inside_site()
        if inside is None:
            return sources
        prefix = inside + "/"
        return [source for source in sources if not source.rel_path.startswith(prefix)]

    def _take_output_folder(self, digest: str | None = None) -> bool:
        """OUT made, locked against a second build, and cleared of what a killed build left (once a session: it
        holds the lock from its first build on). With the ``digest`` of this build: whether the last build's
        stamp says that nothing changed, in which case nothing is cleared or written."""
        held = self.lock.held
        if not held:
            self.lock.acquire()
        if digest is not None and self._nothing_changed(digest):
            return True
        if not held:
            _clear_temporaries(self.out)
        return False

    def _check_not_shrunk(self, found: int, before: int) -> None:
        if self.options.allow_shrink or found * 2 >= before:
            return
        raise OutputError(
            f"found {counted(found, 'post file')} where the last build into this folder read {before:,}; nothing "
            "was written (was the site moved, or a checkout left half done? --allow-shrink builds anyway)",
            path=self.root,
        )

    def _read(
        self,
        sources: Sequence[SourceFile],
        previous: BuildIndex,
        fingerprints: Fingerprints,
        linking: dict[str, Lookups],
        signatures: Mapping[str, tuple[int, int]],
    ) -> list[Reading]:
        """Every source as a Reading: unchanged ones from the index, the rest read anew (texts written meanwhile)."""
        options, confined, journal = self.options, Confinement(self.out), self.journal

        def write_text(article: Article, relative: str) -> bool:
            data = _text_bytes(article, options)
            if confined.holds(relative, data):
                return False
            journal.note(relative)
            confined.write(relative, data)
            return True

        settings = ReadSettings(
            reader=reader_for(self.config, fingerprints, self._selection()),
            strict=options.strict,
            write_text=write_text if "text" in options.only else None,
            text_output=text_output,
            feed_content=self._entries_read_with(),
        )
        changed = self.kept.changed if self.kept is not None else None
        reuse, todo = _reusable(sources, previous, self.cache, linking, changed, signatures)
        self.progress.start("reading", len(sources))
        self.progress.advance(len(reuse))
        store = self.cache.store_encoded
        with self.cache.batched():  # a dozen commits, not one a chunk of posts; nothing here reads them back
            fresh = read_sources(todo, settings, workers=options.workers, store=store, progress=self.progress.advance)
            readings = render_linked(reuse + fresh, settings, store, sources)
        # Read now: every reading not reused as the index had it (a linking post whose target moved included).
        self.report.reread = sum(1 for r in readings if previous.sources.get(r.rel_path) is not r.record)
        readings.sort(key=lambda r: r.rel_path)
        self.progress.finish()
        return readings

    def _entries_read_with(self) -> FeedContent | None:
        """The content of the feed entries workers render as they read: when the feeds (or their RFC 5005
        archives) carry every post, every entry read is used; otherwise the few a feed chooses are rendered when
        it is written."""
        from ..exporters.feeds.policy import resolve_content, resolve_limit

        options, config = self.options, self.config
        every_post = resolve_limit(options.feed_limit, config) == 0 or config.options.feeds.archive_by != "none"
        if options.strict or "feeds" not in options.only or not every_post:
            return None
        return resolve_content(options.feed_content, config)

    def _selection(self) -> Selection:
        """Which posts this build publishes."""
        options = self.options
        return Selection.of_site(
            self.config,
            drafts=options.drafts,
            future=options.future,
            unpublished=options.unpublished,
            now=self.now,
            expired=options.expired,
        )

    def _published(self, readings: Sequence[Reading], sources: Sequence[SourceFile]) -> list[Reading]:
        """The readings that become outputs; problems reported, and the first one raised in a strict build."""
        for reading in readings:
            self.report.problems.extend(reading.record.problems)
            if reading.record.article is None:
                self.report.skipped += 1
        if self.options.strict and self.report.problems:
            first = self.report.problems[0]
            raise NewsfmtError(first.message, path=first.path, line=first.line)
        published = published_readings(readings, self._selection())
        _check_unique_ids(published, {source.rel_path: source.location for source in sources}, self.report)
        return published

    def _write(self, readings: Sequence[Reading], published: Sequence[Reading], previous: BuildIndex) -> _Writer:
        from ..exporters.epub.plan import book_names
        from ..output_names import site_names
        from ..site_pages import file_bytes, file_size, site_pages
        from .book_jobs import books_written
        from .feed_pieces import FeedPieces

        options, cache = self.options, self.cache
        articles = newest_first(r.record.article for r in published if r.record.article)
        keys = {r.record.article.id: r.record.key for r in published if r.record.article}
        fresh_full = {r.full.id: r.full for r in readings if r.full is not None}
        self.report.articles = len(articles)
        if options.strict:  # nothing was written yet: now the output folder, the lock and the cache
            self._take_output_folder()
            cache.store_encoded((keys[a.id], encoded(a)) for a in fresh_full.values() if a.id in keys)
        writer = _Writer(self.out, previous.outputs, self.report, self.journal)
        written_by_workers = {r.text_output for r in readings if r.text_output}
        names = site_names(articles)
        book_files = book_names(articles, self.config) if "epub" in options.only else None
        bodies = _Bodies(cache, keys, fresh_full)
        pieces = FeedPieces(cache, keys, bodies.full, self.config)
        outputs = _Outputs(
            articles, keys, writer, bodies, pieces, self.config, options, names, book_files, self.progress
        )
        plans = _book_plans(outputs) if "epub" in options.only else None
        books = _book_jobs(outputs, plans) if plans is not None else []
        self.report.problems.extend(_name_problems(outputs))
        jobs = [job for job, _, _ in books]
        with books_written(jobs, cache, self.config, options, self.report.problems, self.progress):
            if "text" in options.only:
                _write_texts(outputs, published, written_by_workers)
            if "feeds" in options.only:
                _write_feeds(outputs)
            settled = len(self.report.problems)
        self.book_problems = (settled, len(self.report.problems))
        for _, relative, digest in books:
            writer.record("epub", relative, digest)
        if {"feeds", "epub"} & options.only:  # the pages listing feeds and books, once both are in OUT
            sizes, earlier = file_size(self.out), file_bytes(self.out)
            pages = site_pages(articles, self.config, options, names, sizes, book_files, earlier, plans)
            for relative, data in pages.items():
                writer.place(relative, data)
        writer.remove_stale(options.only)
        return writer


def _still_valid(loaded: BuildIndex, fingerprints: Fingerprints) -> BuildIndex:
    """The last build's index, less the records read with another config: all of them when a setting that shapes
    articles changed; those of posts that may show config values when only an output-only setting did (see
    :mod:`.config_keys`)."""
    if fingerprints.same_site(loaded.fingerprint):
        return loaded
    if not fingerprints.same_articles(loaded.fingerprint):
        return BuildIndex(fingerprints.stored, outputs=loaded.outputs)
    sources = {path: r for path, r in loaded.sources.items() if not r.key.startswith(SITE_KEY_PREFIX)}
    return BuildIndex(fingerprints.stored, sources, loaded.outputs)


def _reusable(
    sources: Sequence[SourceFile],
    previous: BuildIndex,
    cache: ArticleCache,
    linking: dict[str, Lookups],
    changed: frozenset[str] | None = None,
    signatures: Mapping[str, tuple[int, int]] | None = None,
) -> tuple[list[Reading], list[SourceFile]]:
    """The sources whose index record still holds (same size and time, article in the cache), and the rest. A
    post that links others is reused with what it looked up, which is checked once every permalink is known.

    With ``changed`` (the paths a watcher saw change since the record was made), only those are looked at on disk;
    ``signatures`` are the sources' sizes and times as the build's stamp looked at them (the rest are looked at).
    """
    looked = signatures or {}
    reuse: list[Reading] = []
    todo: list[SourceFile] = []
    stored_keys = cache.keys() if previous.sources else set()
    for source in sources:
        record = previous.sources.get(source.rel_path)
        lookups = linking.get(source.rel_path) if record is not None and not record.cacheable else None
        if (
            record is not None
            and (record.cacheable or (lookups is not None and lookups.key == record.key))
            and (record.article is None or record.key in stored_keys)
            and (
                (changed is not None and source.rel_path not in changed)
                or _unchanged(source.location, record, looked.get(source.location))
            )
        ):
            reuse.append(Reading(source.rel_path, record, lookups=lookups))
        else:
            todo.append(source)
    return reuse, todo


def _kind_of(output: str) -> OutputKind:
    return _KIND_OF_FOLDER.get(output.split("/", 1)[0], "feeds")


def _unchanged(location: str, record: SourceRecord, looked: tuple[int, int] | None = None) -> bool:
    """Whether a source still has the size and time of its record (``looked``: as just looked at)."""
    if looked is not None:
        return looked == record.signature
    try:
        stat = os.stat(location)
    except OSError:
        return False
    return (stat.st_mtime_ns, stat.st_size) == record.signature


def _check_unique_ids(published: Sequence[Reading], sources: dict[str, str], report: BuildReport) -> None:
    seen: dict[str, str] = {}
    for reading in published:
        article = reading.record.article
        if article is None:
            continue
        location = sources[reading.rel_path]
        if article.id in seen:
            message = f"same id {article.id!r} as {seen[article.id]}; feed readers will merge them"
            report.problems.append(Problem(Path(location), None, message, "warning"))
        seen.setdefault(article.id, location)


def _full_text_bytes(bodies: _Bodies, article: Article, options: BuildOptions) -> bytes:
    return _text_bytes(bodies.full([article])[0], options)


def _text_bytes(article: Article, options: BuildOptions) -> bytes:
    from ..exporters.text import text_file, to_text, with_header

    if options.text_width is None and options.text_links == "inline":
        # A read article's text is exactly to_text's default rendering of its body: do not render it twice.
        return text_file(with_header(article, article.text))
    return text_file(to_text(article, width=options.text_width, links=options.text_links))


@dataclass(frozen=True, slots=True)
class _Outputs:
    """What every output writer needs: the published articles (newest first), their cache keys, and where to write."""

    articles: Sequence[Article]
    keys: dict[str, str]
    writer: _Writer
    bodies: _Bodies
    pieces: FeedPieces
    config: SiteConfig
    options: BuildOptions
    names: SiteNames
    """The output names of the site's categories and tags."""
    book_files: OutputNames | None
    """The names of the books' categories, when books are built."""
    progress: Progress = SILENT


def _name_problems(outputs: _Outputs) -> list[Problem]:
    """A warning for each category or tag of this build's outputs whose name took a suffix."""
    from ..exporters.feeds.policy import wants_tag_feeds
    from ..output_names import collision_problems

    options, names = outputs.options, outputs.names
    sets = [names.categories]
    if "feeds" in options.only and wants_tag_feeds(outputs.config, options.tag_feeds):
        sets.append(names.tags)
    if outputs.book_files is not None:
        sets.append(outputs.book_files)
    return collision_problems(*sets)


def _write_texts(outputs: _Outputs, published: Sequence[Reading], written_by_workers: set[str]) -> None:
    """Every text, numbered where two would share a name. A worker wrote each text it read where its post alone
    would put it; one that belongs elsewhere (its category's name took a suffix, or it got a number) may have
    replaced another post's text there: that text is written again, and a file no post owns is removed."""
    from ..exporters.text import number_collisions, numbering_problems

    writer, bodies, options = outputs.writer, outputs.bodies, outputs.options
    suffixed = {collision.term for collision in outputs.names.categories.collisions}
    pairs = [(reading, reading.record.article) for reading in published if reading.record.article is not None]
    planned = [
        text_output(article, outputs.names.categories)
        if article.categories and article.categories[0] in suffixed
        else reading.record.text_path or text_output(article)
        for reading, article in pairs
    ]
    order = [(str(article.path or ""), article.id) for _, article in pairs]
    numbered = number_collisions(planned, order)
    outputs.writer.report.problems.extend(numbering_problems([a for _, a in pairs], planned, numbered))
    misplaced = {
        r.text_output for (r, _), path in zip(pairs, numbered, strict=True) if r.text_output not in (None, path)
    }
    outputs.progress.start("texts", len(pairs))
    for (reading, article), candidate in zip(pairs, numbered, strict=True):
        outputs.progress.advance()
        digest = f"{reading.record.key}:{options.text_width}:{options.text_links}"  # 10,000s of texts: no hash
        if candidate in written_by_workers and candidate == reading.text_output:
            writer.record("text", candidate, digest, unchanged=reading.text_unchanged)
            continue
        produce = partial(_full_text_bytes, bodies, article, options)
        writer.write("text", candidate, digest, produce, force=candidate in misplaced)
    writer.remove_unowned(misplaced)
    outputs.progress.finish()


def _write_feeds(outputs: _Outputs) -> None:
    """Every feed document of the site (:func:`~newsfmt.exporters.feeds.documents.feed_documents`), each written
    as :func:`~newsfmt.to_rss` and its siblings write it alone; the subscription feeds written are noted for
    WebSub."""
    from ..exporters.feeds.documents import feed_documents
    from ..exporters.feeds.policy import resolve_content, resolve_limit

    config, options = outputs.config, outputs.options
    limit = resolve_limit(options.feed_limit, config)
    content = resolve_content(options.feed_content, config)
    hub = config.options.feeds.hub
    shown = output_fingerprint(config)  # the site's title, description, feed settings … in each feed's frame
    documents = list(feed_documents(outputs.articles, config, names=outputs.names, limit=limit, tags=options.tag_feeds))
    outputs.progress.start("feeds", len(documents))
    for document in documents:
        plan = document.plan
        keys = [outputs.keys[a.id] for a in document.articles]
        scope = (plan.category, plan.tag, plan.author)
        digest = _digest("feed", document.fmt, scope, keys, limit, content, document.archive, hub, shown)
        produce = partial(outputs.pieces.feed, document, content=content)
        if outputs.writer.write("feeds", document.path, digest, produce) and not document.is_archive:
            outputs.writer.report.changed_feeds.append(document.self_url)
        outputs.progress.advance()
    outputs.progress.finish()


def _book_plans(outputs: _Outputs) -> list[BookPlan]:
    """The site's books (the listing pages list the same)."""
    from ..exporters.epub.plan import plan_books

    options, config, names = outputs.options, outputs.config, outputs.book_files
    return plan_books(outputs.articles, config, by=options.epub_by, max_articles=options.max_articles, names=names)


def _book_jobs(outputs: _Outputs, plans: Sequence[BookPlan]) -> list[tuple[BookJob, str, str]]:
    """The books of ``plans`` that must be (re)written, with their output paths and digests."""
    from .book_jobs import BookJob

    config, options = outputs.config, outputs.options
    jobs: list[tuple[BookJob, str, str]] = []
    shown = output_fingerprint(config)  # the site's title, description, category titles … in each book
    for plan in plans:
        keys = tuple(outputs.keys[a.id] for a in plan.articles)
        digest = _digest("epub", plan.title, keys, options.vertical, str(options.cover), options.fetch_images, shown)
        relative = f"epub/{plan.file_name}"
        if outputs.writer.needed("epub", relative, digest):
            outputs.writer.journal.note(relative)
            jobs.append((BookJob(plan, keys, outputs.writer.confined.path(relative)), relative, digest))
    return jobs
