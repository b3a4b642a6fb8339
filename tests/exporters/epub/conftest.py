"""Fixtures of the EPUB tests: a site folder with pictures, and epubcheck (skipped where Java is missing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.epubcheck import epubcheck_available, epubcheck_messages

from .factory import make_site_folder

EpubCheck = Callable[[Path], list[str]]


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A site folder with ``assets/dot.png``, ``assets/dot.gif``, a fake PNG, and ``../secret.png`` beside it."""
    return make_site_folder(tmp_path)


@pytest.fixture(scope="session")
def epubcheck() -> EpubCheck:
    """A function running the W3C epubcheck on a book and returning every message (fatal to usage) as text."""
    if not epubcheck_available():
        pytest.skip("epubcheck needs the epubcheck package and Java")
    return epubcheck_messages
