"""How long work tells its progress: a :class:`Progress` reporter handed in by the caller.

The library never prints. A function that may run for minutes (:func:`~newsfmt.build_site`, the ``text``
command's writing) takes a reporter and tells it, phase by phase, how far it got; the default, :data:`SILENT`,
ignores it all. The command line passes one that draws one updating line per phase on a terminal
(``newsfmt.terminal``), and nothing at all when its output goes to a file.

A phase is one of :data:`PHASES` (``reading``, ``texts``, ``books``, ``feeds``) or a caller's own word; phases
follow each other, never overlap, and each is started once, then advanced, then finished.
"""

from __future__ import annotations

from typing import Final, Protocol

__all__ = ["PHASES", "SILENT", "Progress", "SilentProgress"]

PHASES: Final = ("reading", "texts", "books", "feeds")
"""The phases of a build, in the words a reporter is told."""


class Progress(Protocol):
    """What long work tells as it goes. Calls come from the calling thread only, in the order
    ``start``, ``advance`` (any number of times), ``finish``, for one phase after another."""

    def start(self, phase: str, total: int) -> None:
        """A phase begins, with ``total`` items to do (posts to read, texts, books, feeds to write)."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current phase are done."""

    def finish(self) -> None:
        """The current phase is over (also when it had nothing to do)."""


class SilentProgress:
    """A reporter that tells nothing: what the library uses when its caller gives none."""

    def start(self, phase: str, total: int) -> None:
        """Ignored."""

    def advance(self, count: int = 1) -> None:
        """Ignored."""

    def finish(self) -> None:
        """Ignored."""


SILENT: Final[Progress] = SilentProgress()
"""The reporter that tells nothing."""
