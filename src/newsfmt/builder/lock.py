"""One build at a time per output folder: a POSIX record lock on ``OUT/.newsfmt-cache/build.lock``.

The lock belongs to OUT, not to the cache: it stays in OUT's default cache folder when ``--cache`` moves the
cache elsewhere, so two builds with different caches still never write one OUT at once (an overlapping cron
job). ``lockf`` rather than ``flock``: worker processes forked by the build do not inherit it, so a worker left
running after the build was killed does not lock the next build out.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from ..errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_PATH", "OutputLock"]

LOCK_PATH = (".newsfmt-cache", "build.lock")
"""Where the lock lives, relative to OUT."""


class OutputLock:
    """Held from :meth:`acquire` (or ``with``) until :meth:`release`; raises :class:`~newsfmt.OutputError`
    while another process holds the lock of the same folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._handle: int | None = None

    def acquire(self) -> None:
        """Take the lock, making OUT when it is missing; a second call is a no-op."""
        if self._handle is not None or fcntl is None:
            return
        folder = self.out.joinpath(*LOCK_PATH[:-1])
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(folder / LOCK_PATH[-1], os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=Path(exc.filename or folder)) from exc
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(handle)
            raise OutputError(
                "another newsfmt build is writing to this folder; run again when it has finished", path=self.out
            ) from exc
        self._handle = handle

    @property
    def held(self) -> bool:
        """Whether this process holds the lock (so the temporary files in OUT are its own)."""
        return self._handle is not None

    def release(self) -> None:
        """Give the lock back."""
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()
