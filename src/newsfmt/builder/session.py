"""Builds of one site into one folder by a long-running process (``newsfmt watch``, ``newsfmt serve``), keeping
between builds what a build would otherwise find again: the open cache, the build index (source records and
output digests) and the list of source files.

Each build is the ordinary one (:func:`~newsfmt.builder.runner.run_build`, as :func:`~newsfmt.build_site` runs
it), told which files changed since the last one: only those are looked at on disk and read again; a file that is
gone is dropped from the sources (its outputs are removed as in any build); a file that is new, or a change the
session cannot place, makes the build discover the site and check every file, as a separate build would. The
outputs after any sequence of builds are those a build from nothing would write.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model import SiteConfig
from ..progress import SILENT, Progress
from ..readers.sources import SourceFile
from .cache import ArticleCache, BuildIndex
from .lock import OutputLock
from .runner import BuildReport, build_options, cache_folder, run_build

__all__ = ["BuildSession", "KeptIndex"]


@dataclass(slots=True)
class KeptIndex:
    """What a session keeps of its last build, and what changed since."""

    index: BuildIndex | None = None
    """The index the last build saved (None: load it from the cache)."""
    known: list[SourceFile] | None = None
    """The sources of the last build, in path order (None: discover them)."""
    changed: frozenset[str] | None = None
    """Site-relative paths changed since the last build (None: check every source on disk)."""

    def sources(self) -> list[SourceFile] | None:
        """The sources of this build, when the changes allow knowing them without discovering the site."""
        return self.known if self.changed is not None else None

    def remember(self, sources: list[SourceFile], index: BuildIndex) -> None:
        """Keep what a build found and saved: the next build starts from it, with nothing changed yet."""
        self.known, self.index, self.changed = sources, index, frozenset()

    def forget(self) -> None:
        """Keep nothing: the next build loads the index from the cache and checks every file."""
        self.index, self.known, self.changed = None, None, None

    def check_all(self) -> None:
        """Make the next build discover the site and check every file (keeping the index: it is the cache's)."""
        self.changed = None

    def note(self, paths: Iterable[str], root: Path) -> None:
        """Take in site-relative files that changed: an edited source is read again, a gone one dropped (with any
        source under a gone folder); a new file, or one that is not a source, makes the next build discover."""
        if self.changed is None or self.known is None:
            return
        known = {source.rel_path for source in self.known}
        edited, gone = set(self.changed), set()
        for path in paths:
            location = os.path.join(root, path)
            if path in known and os.path.isfile(location):
                edited.add(path)
            elif not os.path.lexists(location):
                gone.add(path)
            else:
                self.check_all()
                return
        if gone:
            self.known = [source for source in self.known if not _under_any(source.rel_path, gone)]
        self.changed = frozenset(edited)


def _under_any(rel_path: str, gone: set[str]) -> bool:
    if rel_path in gone:
        return True
    parts = rel_path.split("/")
    return any("/".join(parts[:end]) in gone for end in range(1, len(parts)))


class BuildSession:
    """Builds of the site at ``root`` into ``out`` that keep the cache open and the index in memory between them.

    ``overrides`` are the build's options, as :func:`~newsfmt.build_site` takes them. OUT's lock is held from the
    first build until :meth:`close`: another build into OUT meanwhile would make the index kept here wrong, so it
    is refused (:class:`~newsfmt.OutputError`), as while any build runs. Not for use by two threads at once.
    """

    def __init__(self, root: Path | str, out: Path | str, *, overrides: Mapping[str, Any] | None = None) -> None:
        self.root = Path(root)
        self.out = Path(out)
        self.overrides = dict(overrides or {})
        self.kept = KeptIndex()
        self._cache: ArticleCache | None = None
        self._lock = OutputLock(self.out)

    def build(
        self,
        config: SiteConfig,
        changed: Iterable[str] | None = None,
        *,
        now: datetime | None = None,
        progress: Progress = SILENT,
    ) -> BuildReport:
        """Build with ``config``, reading again only the ``changed`` files (site-relative, POSIX) that the session
        can place; ``changed=None`` (and the first build) checks every file, as :func:`~newsfmt.build_site`
        does. A build that raises leaves nothing kept and OUT unlocked: the next one checks every file."""
        options = build_options(config, None, self.overrides, self.root, self.out)
        cache = self._cache_in(cache_folder(options, self.out))
        if changed is None:
            self.kept.check_all()
        else:
            self.kept.note(changed, self.root)
        cache.warnings.clear()  # told once, by the build that met them
        kept = None if options.strict else self.kept  # a strict build starts from no index
        try:
            when = now or datetime.now(UTC)
            return run_build(self.root, self.out, options, config, cache, when, progress, kept, self._lock)
        except BaseException:
            self.kept.forget()
            self._lock.release()
            raise

    def _cache_in(self, folder: Path) -> ArticleCache:
        if self._cache is None or self._cache.folder != folder:
            self.close()
            self._cache = ArticleCache(folder)
        return self._cache

    def close(self) -> None:
        """Close the cache and give OUT's lock back; the next build takes them again and checks every file."""
        self._lock.release()
        if self._cache is not None:
            self._cache.close()
            self._cache = None
        self.kept.forget()

    def __enter__(self) -> BuildSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
