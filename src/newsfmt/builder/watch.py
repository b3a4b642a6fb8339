"""``newsfmt watch``: build a site, then build it again on every change of its files, until stopped.

Each rebuild is the ordinary incremental build, run by a :class:`~newsfmt.builder.session.BuildSession`, so a
watched folder gets the same bytes a ``newsfmt build`` would write, and only the outputs an edit touches are
rewritten. What a long-running process can keep between builds stays in memory: the modules (lxml, feedgen,
ebooklib, imported by the first build), the open cache, the build index, the list of source files, and the site's
config, read again only when a file outside the post folders changes (the config file, ``_data/``,
``_includes/``), which also makes the build discover the site and check every file. A changed post is the only
file read again; a deleted one has its outputs removed. Changes inside OUT and the cache folder are not changes
of the site: the build's own writes never start another build.

File events come from the operating system through :mod:`watchfiles` (inotify on Linux, FSEvents on macOS),
grouped: a rebuild starts once the files have been quiet for a few milliseconds, so an editor's save (a
temporary file, a rename, a change of times, written within a millisecond or two) is one rebuild.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NewsfmtError
from ..model import Problem, SiteConfig
from ..readers.config import load_config
from ..readers.generators import generator_of
from .runner import BuildReport
from .session import BuildSession

if TYPE_CHECKING:
    from watchfiles import Change

__all__ = ["Rebuild", "describe", "watch_site"]

_STEP_MS = 10
"""Quiet time after the last event before a rebuild starts: longer than an editor's save takes (its temporary
file, rename and change of times follow each other within a millisecond or two), short beside the rebuild."""
_MAX_WAIT_MS = 1_600
"""Longest time events are gathered into one rebuild while files keep changing."""
_TICK_MS = 100
"""How often the watcher wakes without events: the first wake-up starts the first build, once the operating
system already reports changes (an edit made during the first build is not lost)."""
_SHOWN_PATHS = 3


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One build of a watched site."""

    changed: tuple[str, ...]
    """The files whose change started it, relative to the site (POSIX), sorted; empty for the first build."""
    report: BuildReport | None
    """What the build did; None when it failed."""
    error: NewsfmtError | None = None
    """Why it failed (a config that cannot be used, an output that cannot be written)."""
    new_problems: tuple[Problem, ...] = ()
    """Problems this build found that the build before it did not (all of them, for the first build)."""
    seconds: float = 0.0
    """From the start of the build (not the edit) to the outputs written."""


def watch_site(
    root: Path | str,
    out: Path | str,
    *,
    overrides: Mapping[str, Any] | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    on_build: Callable[[Rebuild], None],
    stop: threading.Event | None = None,
) -> None:
    """Build the site at ``root`` into ``out``, then again after every change of its files, calling
    ``on_build`` after each build.

    ``overrides`` are the build's options, as :func:`~newsfmt.builder.runner.build_site` takes them;
    ``config_overrides`` those of :func:`~newsfmt.load_config`. Runs until ``stop`` is set or Ctrl-C
    (:class:`KeyboardInterrupt` propagates, once the build under way has removed its temporary files).
    A build that fails is reported through ``on_build`` and the watch goes on: the next edit may fix it;
    only a failure of the first build is raised (:class:`~newsfmt.NewsfmtError`).
    """
    from watchfiles import DefaultFilter, watch  # a compiled extension: imported only by the commands that watch

    site, target = Path(root).resolve(), Path(out).resolve()
    state = _State(site, target, dict(overrides or {}), dict(config_overrides or {}))
    ignored = state.ignored_folders()
    usual = DefaultFilter()  # .git, editors' swap and backup files, __pycache__ …
    changes_seen = watch(
        site,
        watch_filter=lambda change, path: usual(change, path) and not _inside_any(path, ignored),
        debounce=_MAX_WAIT_MS,
        step=_STEP_MS,
        rust_timeout=_TICK_MS,
        yield_on_timeout=True,
        stop_event=stop,
    )
    first = True
    with state.session:
        for changes in changes_seen:
            if first:
                first = False
                on_build(state.build((), raise_errors=True))
            elif changes:
                on_build(state.build(_relative_paths(changes, site), raise_errors=False))


class _State:
    """What the watch keeps between builds: the build session, the site's config and the last build's problems."""

    def __init__(self, root: Path, out: Path, overrides: dict[str, Any], config_overrides: dict[str, Any]) -> None:
        self.root = root
        self.out = out
        self.overrides = overrides
        self.config_overrides = config_overrides
        self.session = BuildSession(root, out, overrides=overrides)
        self.config: SiteConfig | None = None
        self.problems: set[Problem] = set()

    def ignored_folders(self) -> list[str]:
        """OUT, and the cache folder when it lies outside OUT (an absolute ``--cache``)."""
        ignored = [os.fspath(self.out)]
        cache = self.overrides.get("cache_dir")
        if cache is not None and Path(cache).is_absolute():
            ignored.append(os.fspath(Path(cache).resolve()))
        return ignored

    def build(self, changed: tuple[str, ...], *, raise_errors: bool) -> Rebuild:
        started = time.perf_counter()
        try:
            everything = self.config is None or self._config_may_change(changed)
            if everything:
                self.config = load_config(self.root, overrides=self.config_overrides or None)
            assert self.config is not None
            report = self.session.build(self.config, None if everything else changed)
        except NewsfmtError as exc:
            if raise_errors:
                raise
            self.config = None  # read it again next time: the error may be in the config
            return Rebuild(changed, None, exc, seconds=time.perf_counter() - started)
        new = tuple(problem for problem in report.problems if problem not in self.problems)
        self.problems = set(report.problems)
        return Rebuild(changed, report, None, new, time.perf_counter() - started)

    def _config_may_change(self, changed: Iterable[str]) -> bool:
        """Whether a changed file may be read by :func:`~newsfmt.load_config`: any file outside the folders posts
        are read from (the config file, ``_data/``, ``_includes/``, Hugo's ``config/``)."""
        assert self.config is not None
        generator = generator_of(self.config)
        return any(not generator.holds_posts(path.rpartition("/")[0]) for path in changed)


def _inside_any(path: str, folders: list[str]) -> bool:
    return any(path == folder or path.startswith(folder + os.sep) for folder in folders)


def _relative_paths(changes: Iterable[tuple[Change, str]], root: Path) -> tuple[str, ...]:
    base = os.fspath(root)
    return tuple(sorted({Path(os.path.relpath(path, base)).as_posix() for _change, path in changes}))


def describe(rebuild: Rebuild) -> str:
    """One line about a build: what changed, what was written, how long it took.

    >>> report = BuildReport(out=Path("out"))
    >>> report.written["feeds"] = 3
    >>> describe(Rebuild(("_posts/2024-01-01-a.md",), report, seconds=0.084))
    '_posts/2024-01-01-a.md changed: wrote 3 feeds in 0.08 s'
    """
    what = _changed_files(rebuild.changed)
    if rebuild.report is None:
        return f"{what}: build failed: {rebuild.error}"
    report = rebuild.report
    parts = [_plural(count, *_KIND_NAMES[kind]) for kind, count in report.written.items() if count]
    done = "wrote " + ", ".join(parts) if parts else "nothing to write"
    if report.removed:
        done += f", removed {_plural(report.removed, 'output', 'outputs')}"
    return f"{what}: {done} in {rebuild.seconds:.2f} s"


_KIND_NAMES = {"feeds": ("feed", "feeds"), "epub": ("book", "books"), "text": ("text", "texts")}


def _changed_files(changed: tuple[str, ...]) -> str:
    if not changed:
        return "first build"
    shown = ", ".join(changed[:_SHOWN_PATHS])
    more = len(changed) - _SHOWN_PATHS
    return f"{shown} and {more} more changed" if more > 0 else f"{shown} changed"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
