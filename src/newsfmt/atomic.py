"""Atomic file writes: readers of an output never see a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and :func:`os.replace`.

    Missing parent folders are created. The file gets mode 0644. ``durable`` flushes the data to disk
    before the rename, so that it survives a power cut too; a killed process can never leave a partial
    file either way, and builds that write thousands of files skip the flush. Raises
    :class:`~newsfmt.OutputError` when the file cannot be written; the temporary file is removed then.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from exc
