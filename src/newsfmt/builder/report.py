"""What a build did: the report :func:`~newsfmt.builder.runner.build_site` returns (in a module of its own, so
that a build that stops early, before the site is read, reports without importing the builder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..vocabulary import OUTPUT_KINDS, OutputKind, counted

if TYPE_CHECKING:
    from ..model import Problem

__all__ = ["BuildReport"]


@dataclass(slots=True)
class BuildReport:
    """What a build did."""

    out: Path
    articles: int = 0
    """Articles published by this build."""
    skipped: int = 0
    """Files that could not be read as posts."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem met, errors and warnings."""
    written: dict[OutputKind, int] = field(default_factory=lambda: dict.fromkeys(OUTPUT_KINDS, 0))
    """Outputs written, by kind."""
    unchanged: dict[OutputKind, int] = field(default_factory=lambda: dict.fromkeys(OUTPUT_KINDS, 0))
    """Outputs left as they were because their inputs did not change."""
    removed: int = 0
    """Outputs of an earlier build that no longer have a source."""
    changed_feeds: list[str] = field(default_factory=list)
    """Site-relative URLs of the subscription feeds this build wrote (what a WebSub hub is told of)."""
    reread: int = 0
    """Source files read this time (the rest came from the cache)."""
    seconds: float = 0.0
    written_files: list[str] = field(default_factory=list)
    """The outputs written, relative to OUT (POSIX), in the order they were counted."""
    removed_files: list[str] = field(default_factory=list)
    """The outputs of an earlier build removed, relative to OUT (POSIX)."""

    def summary(self) -> str:
        """One line: ``built 3 feeds, 1 book, 101 texts (5 written, 100 unchanged); skipped 2 posts``."""
        total = {kind: self.written[kind] + self.unchanged[kind] for kind in self.written}
        line = f"built {counted(total['feeds'], 'feed')}, {counted(total['epub'], 'book')}, "
        line += counted(total["text"], "text")
        changed = sum(self.written.values())
        line += f" ({changed:,} written, {sum(self.unchanged.values()):,} unchanged)"
        return line + f"; skipped {counted(self.skipped, 'post')}"
