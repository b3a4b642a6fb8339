"""A ``newsfmt`` command that keeps running (watch, serve), its stderr read line by line as it comes."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType


def _default_sigint() -> None:
    """Let SIGINT stop the command even when the tests run with it ignored (in the background of a shell
    without job control, SIGINT is ignored and the ignoring is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class RunningCommand:
    """``python -m newsfmt ARGS`` in a subprocess; stopped with SIGINT (as Ctrl-C) or killed on exit."""

    def __init__(self, *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsfmt", *map(str, args)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            preexec_fn=_default_sigint,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first new stderr line that matches ``pattern``; fails after ``timeout`` seconds or at the end."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"ended (exit {self.process.wait()}) before {pattern!r}: {self.lines}")
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matched {pattern!r} in {timeout} s: {self.lines}")

    def new_lines(self, wait: float) -> list[str]:
        """The stderr lines written in the next ``wait`` seconds."""
        deadline = time.monotonic() + wait
        seen: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
        self.lines.extend(seen)
        return seen

    def interrupt(self, timeout: float = 30.0) -> int:
        """Send SIGINT, as Ctrl-C does, and return the exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def __enter__(self) -> RunningCommand:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def poll(check: Callable[[], object], timeout: float, interval: float = 0.05) -> float:
    """Call ``check()`` until it returns true; return the seconds it took; fail after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(interval)
    raise AssertionError(f"not true within {timeout} s")
