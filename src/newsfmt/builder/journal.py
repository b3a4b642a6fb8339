"""What a build is about to write, noted before it writes: the next build finishes what a killed one began.

The build index is saved last, so a build killed before that leaves outputs the index does not describe: a text
of an edit since reverted, a feed listing a post since deleted, the text of a post that is gone. Each process of
a build appends the OUT-relative path of every output to ``writing-<pid>`` beside the lock before writing it
(one ``write`` call on an ``O_APPEND`` file: the line survives the process being killed), and the build removes
the notes once its index is saved. A build that finds notes treats those outputs as unknown: it rewrites each
one it makes and removes each one it does not.
"""

from __future__ import annotations

import os
from pathlib import Path

from .lock import LOCK_PATH

__all__ = ["Journal"]

_PREFIX = "writing-"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)


class Journal:
    """The notes of one output folder; each process (the build and its workers) appends to its own file."""

    def __init__(self, out: Path) -> None:
        self.folder = out.joinpath(*LOCK_PATH[:-1])
        self._handle: int | None = None
        self._pid = 0

    def __getstate__(self) -> Path:
        return self.folder

    def __setstate__(self, folder: Path) -> None:
        self.folder, self._handle, self._pid = folder, None, 0

    def note(self, relative: str) -> None:
        """Record that the output ``relative`` (to OUT) is about to be written."""
        if self._handle is None or self._pid != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._handle = os.open(self.folder / f"{_PREFIX}{os.getpid()}", _FLAGS, 0o644)
            self._pid = os.getpid()
        os.write(self._handle, relative.encode("utf-8", "surrogateescape") + b"\n")

    def unfinished(self) -> set[str]:
        """The outputs an earlier build noted and did not finish (its notes are still there)."""
        found: set[str] = set()
        for notes in self._notes():
            try:
                data = notes.read_bytes()
            except OSError:
                continue
            found.update(line.decode("utf-8", "surrogateescape") for line in data.splitlines() if line)
        return found

    def clear(self) -> None:
        """Forget every note: the build that made them has saved its index."""
        if self._handle is not None and self._pid == os.getpid():
            os.close(self._handle)
        self._handle = None
        for notes in self._notes():
            notes.unlink(missing_ok=True)

    def _notes(self) -> list[Path]:
        try:
            return [path for path in self.folder.iterdir() if path.name.startswith(_PREFIX)]
        except OSError:
            return []
