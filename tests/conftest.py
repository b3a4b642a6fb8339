"""Shared test helpers: where the repository, the example site and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLE_SITE = REPO / "examples" / "site"
EXAMPLE_HELD_BACK = 2
"""Posts of the example site a build reads but does not publish (unpublished, dated 2099): never cached, so every
build that reads the site reads them again (a build that finds nothing changed reads no post)."""


def forget_stamp(out: Path) -> None:
    """Delete the stamp of the last build into ``out``, as a change would void it: the next build reads its index
    and looks at each output, as a build after an edit does."""
    import sqlite3

    with sqlite3.connect(out / ".newsfmt-cache" / "cache.sqlite3") as db:
        db.execute("DELETE FROM state WHERE name = 'stamp'")
    db.close()


def corpus_path(*parts: str) -> Path:
    """A path in the shared corpus; skips the test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not present ({'/'.join(parts)})")
    return path
