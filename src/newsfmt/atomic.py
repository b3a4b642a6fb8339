"""Atomic file writes: readers of an output never see a half-written file."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from .errors import OutputError

__all__ = ["TEMPORARY_GLOB", "is_temporary_name", "write_atomic"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
# A name no other writer uses: the process id and a per-process counter (mkstemp's random names cost more,
# and a build writes tens of thousands of files). A killed writer's leftovers all match ``.*.tmp``.
_counter = itertools.count()

TEMPORARY_GLOB = ".*.tmp"
"""A glob that every temporary name matches (and some other names too: check with :func:`is_temporary_name`)."""
_TEMPORARY_NAME = re.compile(r"\..+\.[0-9]+-[0-9]+\.tmp")


def is_temporary_name(name: str) -> bool:
    """Whether a file name is one :func:`write_atomic` gives its temporary files (``.<name>.<pid>-<n>.tmp``):
    what a killed writer leaves behind, and nothing a person would name so."""
    return _TEMPORARY_NAME.fullmatch(name) is not None


def write_atomic(path: Path | str, data: bytes, *, durable: bool = True, made: set[str] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and :func:`os.replace`.

    Missing parent folders are created. The file gets mode 0644. ``durable`` flushes the data to disk
    before the rename, so that it survives a power cut too; a killed process can never leave a partial
    file either way, and builds that write thousands of files skip the flush. ``made`` is the caller's record of
    folders it has made (a build writes thousands of files into a few folders): a folder in it is not made again,
    and one made is added. Raises
    :class:`~newsfmt.OutputError` when the file cannot be written; the temporary file is removed then.
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{next(_counter)}.tmp")
    try:
        if folder and (made is None or folder not in made):
            os.makedirs(folder, exist_ok=True)
            if made is not None:
                made.add(folder)
        handle = os.open(temporary, _FLAGS, 0o644)
    except OSError as exc:
        if made is not None:
            made.discard(folder)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=Path(target)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=Path(target)) from exc
    except BaseException:  # Ctrl-C in the middle of a write: no temporary file left behind
        Path(temporary).unlink(missing_ok=True)
        raise
