"""The guide's code runs: every recipe script, every newsfmt command and every Python block of the guide pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO

EXAMPLES = REPO / "examples"
GUIDE = [REPO / "docs" / "getting-started.md", REPO / "docs" / "recipes.md"]
COVER = "examples/site/assets/images/linjiang-skyline.png"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder where the guide's relative paths (``examples/site``, ``tests/fixtures``) lead to the repository's."""
    (tmp_path / "examples").symlink_to(EXAMPLES)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(REPO / "tests" / "fixtures")
    return tmp_path


def _blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(page.read_text(encoding="utf-8")) if lang == language]


def _run(args: list[str], cwd: Path, **options: object) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd, **options)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return str(done.stdout)


def _script(name: str, *args: str, cwd: Path) -> str:
    return _run([sys.executable, str(EXAMPLES / name), *args], cwd)


def test_every_snippet_of_the_guide_is_an_example_tested_here() -> None:
    included = re.findall(r'--8<-- "examples/([^"]+)"', (REPO / "docs" / "recipes.md").read_text(encoding="utf-8"))
    tested = set(re.findall(r'_script\("([^"]+)"', Path(__file__).read_text(encoding="utf-8")))
    tested |= {"publish.sh"}
    assert included and set(included) <= tested and all((EXAMPLES / name).is_file() for name in included)


def test_category_feeds(workdir: Path) -> None:
    _script("category_feeds.py", "examples/site", "feeds", cwd=workdir)
    feeds = {path.name: feedparser.parse(path.read_bytes()) for path in (workdir / "feeds").iterdir()}
    assert {"city.xml", "城市.xml", "economy.xml"} <= set(feeds)
    city = feeds["city.xml"]
    assert not city.bozo and city.entries
    assert [link.href for link in city.feed.links if link.rel == "self"] == ["https://news.example.org/feeds/city.xml"]


def test_yearly_book(workdir: Path) -> None:
    out = _script("yearly_book.py", "examples/site", "2025", COVER, "books", cwd=workdir)
    assert "city-2025.epub" in out
    with zipfile.ZipFile(workdir / "books" / "city-2025.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
        assert "<dc:title>城市新闻 2025</dc:title>" in opf and "images/cover.png" in opf


def test_nlp_jsonl(workdir: Path) -> None:
    _script("nlp_jsonl.py", "examples/site", "articles.jsonl", cwd=workdir)
    rows = [json.loads(line) for line in (workdir / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 10 and all(
        set(row) == {"id", "url", "date", "lang", "categories", "title", "text"} for row in rows
    )
    assert sum(bool(row["text"]) for row in rows) > 10
    assert not any(re.search(r"</?(?:p|div|span|a)\b", row["text"]) for row in rows)  # text, not markup


def test_custom_rule(workdir: Path) -> None:
    out = _script("custom_rule.py", "examples/site", cwd=workdir)
    removed = int(re.search(r"(\d+) characters of boilerplate removed", out).group(1))  # type: ignore[union-attr]
    assert removed > 0


def test_podcast_feed(workdir: Path) -> None:
    _script("podcast_feed.py", "examples/site", "podcast.xml", cwd=workdir)
    data = (workdir / "podcast.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo and len(parsed.entries) == 10 and parsed.feed.tags[0].term == "News"
    assert b"<itunes:explicit>no</itunes:explicit>" in data


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")
def test_publish_script(workdir: Path) -> None:
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    args = ["sh", str(EXAMPLES / "publish.sh"), "examples/site", "out", "www"]
    _run(args, workdir, env=environment)
    assert (workdir / "www" / "rss.xml").is_file() and not (workdir / "www" / ".newsfmt-cache").exists()
    (workdir / "www" / "stale.xml").write_text("old", encoding="utf-8")
    _run(args, workdir, env=environment)  # the second build writes nothing new; the copy mirrors it
    assert not (workdir / "www" / "stale.xml").exists()


def _commands() -> list[str]:
    commands = []
    for page in GUIDE:
        for block in _blocks(page, "sh"):
            for line in block.replace("\\\n", " ").splitlines():
                command = line.removeprefix(".venv/bin/")
                if command.startswith("newsfmt ") and "path/to" not in command:
                    commands.append(command)
    return commands


@pytest.mark.parametrize("command", _commands())
def test_guide_command(command: str, workdir: Path) -> None:
    runner = f'"{sys.executable}" -m newsfmt'
    _run(["sh", "-c", runner + command.removeprefix("newsfmt")], workdir)


@pytest.mark.parametrize("page", GUIDE, ids=lambda page: page.name)
def test_guide_python_blocks(page: Path, workdir: Path) -> None:
    for block in _blocks(page, "python"):
        if not block.startswith("--8<--"):
            _run([sys.executable, "-c", block], workdir)
