"""A build with nothing to do, told before the site's config is read: one look at the site's files.

A build's stamp (:mod:`.stamp`) is told from the config read and the posts discovered, which needs the config
reader, the site generators and PyYAML imported, the config parsed and the site walked for posts: most of the time
of a build that finds nothing changed. This module tells it earlier and more cheaply, from what the build was asked
and the state of the site folder, in a note that every build into OUT rewrites or removes:

* the **inputs**: the site and output folders, the command's arguments, the versions of newsfmt and Python;
* the **state of the site folder**: every file and folder in it (names, sizes, modification and change times,
  inode numbers, where links point), the site's config files, data files, includes and posts among them, and the
  cover; not OUT or the cache, nor what is inside a top-level folder no generator reads
  (:data:`~newsfmt.readers.skipped.SKIP_DIRS`: ``.git``, ``_site``, ``node_modules`` …);
* the stamp of the build made from them.

A build whose inputs and site state are those of the note stops where the stamp would stop it: inside the stamp's
span of time, with no notes of a killed build, every output still in OUT and no temporary file of a killed write.
A file changed less than :data:`SETTLING_SECONDS` before the look may change again with the same time (the
file system's clock is coarse): the state is then not told at all, and the next build looks as a whole build
does. A linked folder that leads out of the site folder leaves it untold too.

The note lives in OUT's own cache folder (beside the build lock and the notes of a killed build, wherever
``--cache`` puts the cache), and is checked as it is read: a cache under OUT is data others may write.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..atomic import write_atomic
from ..errors import OutputError
from ..readers.skipped import SKIP_DIRS
from .journal import Journal
from .lock import LOCK_PATH, OutputLock
from .report import BuildReport
from .stable import shaping_environment
from .stamp import Stamp, decode_stamp, present

__all__ = ["NOTE_NAME", "SETTLING_SECONDS", "Shortcut", "forget_note", "site_state"]

NOTE_NAME = "unchanged.json"
"""The note's file name, in ``OUT/.newsfmt-cache/``."""
SETTLING_SECONDS = 2
"""How old every file's times must be for the site's state to be told (coarse file system clocks: FAT's is 2 s)."""
_FORMAT = 1


def _note_path(out: Path) -> Path:
    return out.joinpath(*LOCK_PATH[:-1], NOTE_NAME)


def forget_note(out: Path) -> None:
    """Remove the note of the last build into ``out`` (a build that writes, or cannot vouch for its inputs)."""
    try:
        _note_path(out).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=_note_path(out)) from exc


def site_state(
    site: str, *, skip: tuple[str, ...] = (), signatures: dict[str, tuple[int, int]] | None = None
) -> str | None:
    """A digest of every file and folder in the folder ``site``, in the order the file system lists them; None when
    it cannot be told (a file changed too recently, a link leading out of the folder, a folder that cannot be
    read). ``skip`` are folders (as real paths) not looked into: OUT and the cache, which the build writes.

    A file is told by its name, type, size, times and inode number, a link also by where it points (and what it
    points at by those), a folder by its name and what is in it: not by its own times, which tell nothing its
    entries do not, and change at every build for the folders no build reads (OUT among them).

    With ``signatures``, every file's ``(st_mtime_ns, st_size)`` (a link's target's) is put there by its path
    (``site`` joined with its path in the folder): the build tells its changed posts from this look (its stamp's
    digest looks at none of them again), so the whole folder is looked at even when a file is too fresh to tell.
    """
    settled = time.time_ns() - SETTLING_SECONDS * 1_000_000_000
    told = True
    top = os.path.realpath(site)
    skipped = {_identity(folder) for folder in skip}
    seen = {_identity(top)}  # a link to the site folder itself is not followed round
    rows: list[tuple[object, ...]] = []
    files: list[tuple[str, int, int, int, int, int]] = []
    folders = [(top, "")]
    try:
        while folders:
            folder, relative = folders.pop()
            with os.scandir(folder) as listing:
                for entry in listing:  # a hot loop: 100,000 files for an archive of as many posts
                    name = relative + entry.name
                    if not relative and entry.name in SKIP_DIRS:  # no generator reads what is in it
                        rows.append((name,))
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISLNK(info.st_mode):
                        link = _followed(entry, top)
                        if link is None:
                            return None
                        target, info = link
                        rows.append((name, target))
                    if stat.S_ISDIR(info.st_mode):
                        rows.append((name, info.st_mode))
                        identity = (info.st_dev, info.st_ino)
                        if identity not in seen and identity not in skipped:
                            seen.add(identity)
                            folders.append((entry.path, name + "/"))
                        continue
                    if info.st_ctime_ns > settled:  # the change time follows every change of the file's bytes
                        told = False
                    file = (name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                    rows.append(file)
                    files.append(file)
    except OSError:
        return None
    _file_signatures(site, files, {} if signatures is None else signatures)
    if not told:
        return None
    digest = hashlib.sha256(top.encode("utf-8", "surrogateescape"))
    digest.update(repr(rows).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _file_signatures(
    site: str, files: list[tuple[str, int, int, int, int, int]], signatures: dict[str, tuple[int, int]]
) -> None:
    """Put each file's ``(st_mtime_ns, st_size)`` of the look (its rows of ``files``) in ``signatures``, by path;
    not a link's whose target is missing, which the build does not take for a file."""
    for name, mode, size, mtime, _, _ in files:
        if not stat.S_ISLNK(mode):
            signatures[os.path.join(site, name)] = (mtime, size)


def _followed(entry: os.DirEntry[str], top: str) -> tuple[str, os.stat_result] | None:
    """Where a link points, and what is there (the link itself when nothing is); None for a folder outside the
    site, which the early look does not follow."""
    target = os.readlink(entry.path)
    try:
        info = os.stat(entry.path)
    except FileNotFoundError:
        return target, entry.stat(follow_symlinks=False)
    if stat.S_ISDIR(info.st_mode):
        real = os.path.realpath(entry.path)
        if real != top and not real.startswith(os.path.join(top, "")):
            return None
    return target, info


def _identity(folder: str) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


@dataclass(frozen=True, slots=True)
class Shortcut:
    """The early look of one build: where its note is, and the key of its inputs and the site's state (None when
    the state could not be told: such a build leaves no note)."""

    out: Path
    key: str | None
    site: Path | None = None
    signatures: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    """Every file's ``(st_mtime_ns, st_size)`` as the look found it, by path (see :func:`site_state`)."""

    def looks_at(self, site: Path, out: Path) -> bool:
        """Whether this is the look at a build of ``site`` into ``out`` (as given)."""
        return self.site == site and self.out == out

    @classmethod
    def prepare(cls, site: Path, out: Path, arguments: Mapping[str, object], *, cache: Path | None = None) -> Shortcut:
        """The shortcut of a build of ``site`` into ``out`` with ``arguments`` (everything else the build is
        asked, as given: flags, overrides), looking at the site now, before anything of it is read.
        ``cache`` is the cache folder when the arguments put it elsewhere than in OUT."""
        where = [os.path.realpath(out)] + ([os.path.realpath(cache)] if cache is not None else [])
        signatures: dict[str, tuple[int, int]] = {}
        state = site_state(os.fspath(site), skip=tuple(where), signatures=signatures)
        if state is None:
            return cls(out, None, site, signatures)
        inputs = [_FORMAT, __version__, sys.version, os.path.realpath(site), where, sorted(arguments.items())]
        inputs.append(shaping_environment())
        digest = hashlib.sha256(repr(inputs).encode("utf-8", "surrogateescape"))
        digest.update(state.encode())
        return cls(out, digest.hexdigest(), site, signatures)

    def with_file(self, path: Path | None) -> Shortcut:
        """The shortcut with the state of one more file the build reads (its cover, which may lie where the site's
        state does not look); the key of a build that cannot look at it is None."""
        if path is None or self.key is None:
            return self
        try:
            info = os.stat(path)
        except OSError:
            return Shortcut(self.out, None, self.site, self.signatures)
        line = f"{os.fspath(path)}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
        key = hashlib.sha256(f"{self.key}\0{line}".encode("utf-8", "surrogateescape")).hexdigest()
        return Shortcut(self.out, key, self.site, self.signatures)

    def report(self, now: datetime | None = None) -> BuildReport | None:
        """The report of the last build, when its note says that this one would write nothing; None otherwise
        (the build then runs as a whole, and its stamp may still stop it)."""
        started = time.perf_counter()
        note = _note_path(self.out)
        if self.key is None or not note.is_file():
            return None
        lock = OutputLock(self.out)
        try:
            lock.acquire()
        except OutputError:  # another build is writing: the whole build says so
            return None
        try:
            stamp = self._stamp(note)
            if stamp is None or not stamp.spans(now or datetime.now(UTC)):
                return None
            if Journal(self.out).unfinished() or not present(self.out, stamp.outputs):
                return None
        finally:
            lock.release()
        report = BuildReport(out=self.out, articles=stamp.articles, skipped=stamp.skipped)
        report.unchanged.update(stamp.unchanged)
        report.problems.extend(stamp.problems)
        report.seconds = time.perf_counter() - started
        return report

    def leave(self, stamp: Stamp | None) -> None:
        """Leave the note of a build that made ``stamp``; with None (or no key), remove the last build's."""
        if stamp is None or self.key is None:
            forget_note(self.out)
            return
        data = b'{"format":%d,"key":"%s","stamp":' % (_FORMAT, self.key.encode()) + stamp.encode() + b"}"
        write_atomic(_note_path(self.out), data, durable=False)

    def _stamp(self, note: Path) -> Stamp | None:
        """The note's stamp, when the note is one and has this shortcut's key."""
        try:
            value = json.loads(note.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        if type(value) is not dict or value.get("format") != _FORMAT or value.get("key") != self.key:
            return None
        return decode_stamp(value.get("stamp"))
