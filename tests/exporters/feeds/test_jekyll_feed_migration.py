"""Moving a site from jekyll-feed to newsfmt changes nothing for its subscribers, tried as a new user would.

A copy of the site (its categories listed in ``feed.categories``, tag feeds on) is built by real Jekyll with
jekyll-feed, and by ``newsfmt build``. Every feed jekyll-feed wrote is then at the same path in newsfmt's output,
in Atom, with the same feed id and the same entry ids. Then newsboat subscribes to the site feed and each
category feed as jekyll-feed served them (from an HTTP server of the test's own on 127.0.0.1), reloads, and the
same URLs are served from newsfmt's output and reloaded: newsboat's cache (SQLite) holds no new item.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

import newsfmt
from newsfmt.cli import cli
from tests.exporters.feeds.feed_rules import ATOM
from tests.exporters.feeds.test_feed_jekyll_diff import SITES, _ruby_env, jekyll_feed_available, prepare_copy

pytestmark = [pytest.mark.jekyll, pytest.mark.slow]

MIGRATED = ("examples-site", "finews")


def _configure(site: Path) -> list[str]:
    """List every category of the copy in ``feed.categories`` and turn tag feeds on; the categories. Posts that
    newsfmt knowingly reads otherwise than Jekyll (it warns, and compatibility.md says why) are removed."""
    loaded = newsfmt.load_site(site)
    for problem in loaded.problems:
        if problem.severity == "warning" and problem.path is not None:
            problem.path.unlink(missing_ok=True)
    categories = sorted({c for a in loaded.articles for c in a.categories})
    config_path = site / "_config.yml"
    config: dict[str, Any] = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["feed"] = {**config["feed"], "categories": categories, "tags": True}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return categories


def _jekyll_build(site: Path, out: Path) -> None:
    result = subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(site), "-d", str(out)],
        capture_output=True,
        check=False,
        env=_ruby_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]


def _jekyll_feeds(out: Path) -> list[str]:
    """The feeds jekyll-feed wrote: ``feed.xml`` and everything under ``feed/``."""
    return ["feed.xml", *sorted(p.relative_to(out).as_posix() for p in (out / "feed").rglob("*.xml"))]


def _atom_ids(path: Path) -> tuple[str, set[str]]:
    root = etree.parse(str(path)).getroot()
    assert root.tag == ATOM + "feed", path
    return root.findtext(ATOM + "id") or "", {e.findtext(ATOM + "id") or "" for e in root.iter(ATOM + "entry")}


@contextmanager
def _serving() -> Iterator[tuple[str, list[Path], list[tuple[str, int]]]]:
    """An HTTP server on 127.0.0.1 whose folder is the first item of the list it yields (change it to switch),
    and the requests it answered (path, status). Every answer is a full one: no 304 to a conditional request."""
    folder: list[Path] = []
    answered: list[tuple[str, int]] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder[0]), **kwargs)

        def do_GET(self) -> None:
            del self.headers["If-Modified-Since"]
            del self.headers["If-None-Match"]
            super().do_GET()

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            answered.append((self.path, int(code)))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder, answered
    finally:
        server.shutdown()
        server.server_close()


def _newsboat_reload(work: Path, urls: list[str]) -> int:
    """Reload every URL with newsboat (its own cache in ``work``); the number of items its cache then holds."""
    (work / "urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
    errors = work / "errors.log"
    (work / "config").write_text(f'error-log "{errors}"\n', encoding="utf-8")
    env = {**os.environ, "HOME": str(work), "LC_ALL": "C.UTF-8", "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
    command = ["newsboat", "-u", str(work / "urls"), "-c", str(work / "cache.db"), "-C", str(work / "config")]
    result = subprocess.run([*command, "-x", "reload"], capture_output=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert not errors.exists() or not errors.read_text(encoding="utf-8").strip(), errors.read_text(encoding="utf-8")
    with sqlite3.connect(work / "cache.db") as cache:
        (feeds,) = cache.execute("SELECT COUNT(*) FROM rss_feed").fetchone()
        (count,) = cache.execute("SELECT COUNT(*) FROM rss_item").fetchone()
    assert feeds == len(urls)
    return int(count)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, list[str]]]:
    """Per site: jekyll-feed's output, newsfmt's output, the categories."""
    if not jekyll_feed_available():
        pytest.skip("jekyll with the jekyll-feed gem is not installed")
    built = {}
    for name in MIGRATED:
        if not SITES[name].is_dir():
            continue
        work = tmp_path_factory.mktemp(name)
        site = prepare_copy(name, work)
        categories = _configure(site)
        _jekyll_build(site, work / "jekyll")
        result = CliRunner().invoke(cli, ["build", str(site), "-o", str(work / "newsfmt"), "--only", "feeds"])
        assert result.exit_code == 0, result.output
        built[name] = (work / "jekyll", work / "newsfmt", categories)
    return built


@pytest.mark.parametrize("name", MIGRATED)
def test_every_jekyll_feed_is_at_its_path_with_its_ids(
    name: str, migrated: dict[str, tuple[Path, Path, list[str]]]
) -> None:
    if name not in migrated:
        pytest.skip(f"{name} is not beside this checkout")
    jekyll, ours, categories = migrated[name]
    feeds = _jekyll_feeds(jekyll)
    assert len([f for f in feeds if f.count("/") == 1]) == len(categories)  # one feed/<category>.xml each
    for relative in feeds:
        their_id, their_entries = _atom_ids(jekyll / relative)
        our_id, our_entries = _atom_ids(ours / relative)
        assert our_id == their_id, relative
        assert our_entries == their_entries, relative
    assert (ours / "rss.xml").is_file()


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
@pytest.mark.parametrize("name", MIGRATED)
def test_newsboat_sees_no_new_item_after_the_move(
    name: str, migrated: dict[str, tuple[Path, Path, list[str]]], tmp_path: Path
) -> None:
    if name not in migrated:
        pytest.skip(f"{name} is not beside this checkout")
    jekyll, ours, _ = migrated[name]
    with _serving() as (base, folder, answered):
        urls = [f"{base}/{quote(relative)}" for relative in _jekyll_feeds(jekyll)]
        folder.append(jekyll)
        before = _newsboat_reload(tmp_path, urls)
        folder[0] = ours
        after = _newsboat_reload(tmp_path, urls)
    assert len(answered) == 2 * len(urls)
    assert {status for _, status in answered} == {200}
    assert before > 0
    assert after == before
