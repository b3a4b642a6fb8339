"""Outputs stay inside their output folder: no ``..``, no absolute path, no symlink planted in OUT that leads out.

Used by everything that writes many files below a folder it was given: the build, ``newsfmt text -o DIR`` and
``newsfmt epub -o DIR``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from .atomic import write_atomic
from .errors import OutputError

__all__ = ["Confinement", "inside"]


def inside(out: Path, relative: PurePosixPath) -> Path:
    """The absolute path of an output, refusing any that would leave ``out``.

    Raises :class:`~newsfmt.OutputError` for an absolute path, an empty, ``.`` or ``..`` part, or a path that
    resolves outside ``out`` (through a symlink inside it).
    """
    if relative.is_absolute() or any(part in ("", ".", "..") for part in relative.parts):
        raise OutputError(f"refusing to write {relative}: it would leave the output folder", path=out)
    target = out.joinpath(*relative.parts)
    if not target.resolve().is_relative_to(out.resolve()):
        raise OutputError(f"refusing to write {relative}: it resolves outside the output folder", path=out)
    return target


class Confinement:
    """:func:`inside` for many outputs below ``out``: each folder is resolved once, and made once."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.safe_folders: set[str] = set()
        self.made_folders: set[str] = set()
        """Folders made so far: a build writes thousands of files into a few folders."""

    def path(self, relative: str) -> str:
        """The absolute path of ``relative`` (a POSIX path below ``out``), checked as :func:`inside` checks it."""
        folder, _, name = relative.rpartition("/")
        if folder not in self.safe_folders or name in ("", ".", ".."):
            inside(self.out, PurePosixPath(relative))
            self.safe_folders.add(folder)
        return os.path.join(self.out, relative)

    def write(self, relative: str, data: bytes, *, durable: bool = False) -> None:
        """Write ``data`` atomically to ``relative`` below ``out`` (see :func:`~newsfmt.atomic.write_atomic`)."""
        write_atomic(self.path(relative), data, durable=durable, made=self.made_folders)

    def holds(self, relative: str, data: bytes) -> bool:
        """Whether the file at ``relative`` already holds exactly ``data`` (a build then leaves it as it is).

        Only a plain file of the same size is read: nothing is opened that could block (a pipe).
        """
        target = self.path(relative)
        try:
            found = os.lstat(target)
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
                return False
            with open(target, "rb") as existing:
                return existing.read(len(data) + 1) == data
        except OSError:
            return False
