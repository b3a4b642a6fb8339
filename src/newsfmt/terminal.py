"""What the command line shows a person while it works: one progress line per phase on a terminal, the phases'
timings when asked, and colour where a terminal can show it.

Output that is not a terminal (a cron job's log, a pipe) gets no progress lines and no colour at all; ``NO_COLOR``
(https://no-color.org) turns colour off on a terminal too.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Final, TextIO

import click

from .vocabulary import counted

__all__ = ["Feedback", "TerminalProgress", "wants_colour"]

_LABELS: Final = {
    "reading": ("reading", "post"),
    "texts": ("writing", "text"),
    "books": ("writing", "book"),
    "feeds": ("writing", "feed"),
}
"""Each phase's verb and the noun of the items it counts (the phases of :mod:`newsfmt.progress`)."""

_REDRAWS: Final = 200
"""A progress line is drawn again about this many times per phase, however many items it has."""


def wants_colour(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, and ``NO_COLOR`` not set (to anything non-empty)."""
    return _is_terminal(stream) and not os.environ.get("NO_COLOR")


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class TerminalProgress:
    """A :class:`~newsfmt.progress.Progress` that draws one updating line per phase (click's progress bar) on a
    terminal, leaving each phase's final line behind; with ``timings``, each phase's line ends with how long it
    took, and is written also when ``stream`` is not a terminal (without the bar)."""

    def __init__(self, stream: TextIO, *, timings: bool = False, draw: bool | None = None) -> None:
        self.stream = stream
        self.draw = _is_terminal(stream) if draw is None else draw
        self.timings = timings
        self.bar: Any = None
        self.phase = ""
        self.done = 0
        self.total = 0
        self.started = 0.0

    def start(self, phase: str, total: int) -> None:
        """Begin a phase's line."""
        self.finish()
        self.phase, self.total, self.done, self.started = phase, total, 0, time.perf_counter()
        if self.draw:
            verb, noun = _LABELS.get(phase, (phase, "item"))
            self.bar = click.progressbar(
                length=max(total, 1),
                label=f"{verb} {noun}s",
                file=self.stream,
                show_pos=True,
                update_min_steps=max(1, total // _REDRAWS),
                color=False,
            )
            self.bar.render_progress()

    def advance(self, count: int = 1) -> None:
        """Move the line on."""
        self.done += count
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        """End the current phase's line (nothing when no phase runs)."""
        if not self.phase:
            return
        if self.bar is not None:
            self.bar.update(self.bar.length - self.bar.pos)
            self.bar.render_finish()
            self.bar = None
        if self.timings:
            verb, noun = _LABELS.get(self.phase, (self.phase, "item"))
            seconds = time.perf_counter() - self.started
            click.echo(f"newsfmt: {verb} {counted(self.total, noun)}: {seconds:.1f} s", file=self.stream)
        self.phase = ""


@dataclass(frozen=True, slots=True)
class Feedback:
    """How much a command tells on stderr: ``quiet`` (errors only), normal (problems and a summary, progress
    lines on a terminal) or ``verbose`` (also each file written or removed, and each phase's time)."""

    quiet: bool = False
    verbose: bool = False

    def progress(self, stream: TextIO) -> TerminalProgress | None:
        """The reporter for long work, or None when nothing is to be shown."""
        if self.quiet:
            return None
        if self.verbose or _is_terminal(stream):
            return TerminalProgress(stream, timings=self.verbose)
        return None
