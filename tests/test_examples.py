"""The scripts in examples/ run and do what they say."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser

from newsfmt.cleaning.whitespace import display_width
from tests.conftest import EXAMPLE_SITE, REPO

EXAMPLES = REPO / "examples"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_read_site() -> None:
    out = run("read_site.py", str(EXAMPLE_SITE))
    assert out.startswith("临江晚报: ") and "https://news.example.org/" in out


def test_category_feed(tmp_path: Path) -> None:
    target = tmp_path / "city.atom.xml"
    run("category_feed.py", str(EXAMPLE_SITE), "city", str(target))
    parsed = feedparser.parse(target.read_bytes())
    assert not parsed.bozo and 0 < len(parsed.entries) <= 10


def test_make_book(tmp_path: Path) -> None:
    target = tmp_path / "city-2025.epub"
    run("make_book.py", str(EXAMPLE_SITE), "city", "2025", str(target))
    with zipfile.ZipFile(target) as book:
        assert book.namelist()[0] == "mimetype"


def test_dump_text() -> None:
    out = run("dump_text.py", str(EXAMPLE_SITE))
    assert "=" * 60 in out
    # Prose wraps at 60 columns (CJK characters count two); code and bare URLs are never broken.
    prose = [line for line in out.splitlines() if not line.isascii()]
    assert prose and all(display_width(line) <= 60 for line in prose)


def test_build_site(tmp_path: Path) -> None:
    out = run("build_site.py", str(EXAMPLE_SITE), str(tmp_path / "out"))
    assert out.startswith("built ")
    assert (tmp_path / "out" / "tags").is_dir()
