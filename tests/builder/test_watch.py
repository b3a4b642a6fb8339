"""``newsfmt watch``: a real process on a copy of the example site, edited while it runs, stopped by SIGINT."""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

import feedparser

from newsfmt.atomic import is_temporary_name
from newsfmt.builder.runner import BuildReport, build_site
from newsfmt.builder.watch import Rebuild, describe, watch_site
from tests.conftest import EXAMPLE_SITE
from tests.support.running import RunningCommand, poll

POST = "_posts/2025-08-09-typhoon-preparations.md"
OLD_TITLE = "台风“海鸥”逼近 全市启动防风四级应急响应"
NEW_TITLE = "台风“海鸥”登陆 全市升级防风三级应急响应"


def _feed_titles(out: Path) -> list[str]:
    feed = out / "feed.xml"
    if not feed.is_file():
        return []
    return [entry.title for entry in feedparser.parse(feed.read_bytes()).entries]


def _temporaries(out: Path) -> list[Path]:
    return [path for path in out.rglob("*") if is_temporary_name(path.name)]


def test_an_edit_reaches_the_feed_and_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    out = tmp_path / "out"
    with RunningCommand("watch", site, "-o", out) as watch:
        watch.wait_for_line(r"^newsfmt: first build: wrote \d+ feeds, \d+ books, \d+ texts in [\d.]+ s$")
        assert OLD_TITLE in _feed_titles(out)

        post = site / POST
        post.write_text(post.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        poll(lambda: NEW_TITLE in _feed_titles(out), timeout=20)
        line = watch.wait_for_line(r"changed").string
        assert line.startswith(f"newsfmt: {POST} changed: wrote ")
        assert "1 book" in line and "1 text" in line
        assert OLD_TITLE not in _feed_titles(out)

        (out / "note.txt").write_text("a file written into OUT is not a change of the site")
        (out / "feed.xml").touch()
        (site / ".git").mkdir()
        (site / ".git" / "index").write_bytes(b"nor is version control's bookkeeping")
        (site / "_posts" / ".2025-08-09-typhoon-preparations.md.swp").write_bytes(b"nor an editor's swap file")
        assert watch.new_lines(wait=1.0) == []

        assert watch.interrupt() == 130
    assert _temporaries(out) == []
    assert not any(path.name.endswith(".tmp") for path in site.rglob("*"))


def test_a_broken_post_is_told_once_and_the_watch_goes_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    out = tmp_path / "out"
    with RunningCommand("watch", site, "-o", out) as watch:
        watch.wait_for_line(r"first build")
        (site / "_posts" / "2025-09-01-broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
        problem = watch.wait_for_line(r"2025-09-01-broken\.md:\d+: error: ", timeout=20).string
        assert "YAML" in problem
        watch.wait_for_line(r"_posts/2025-09-01-broken\.md changed: ", timeout=20)
        post = site / POST
        post.write_text(post.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        watch.wait_for_line(rf"{POST} changed: wrote ", timeout=20)
        told = [line for line in watch.lines if "2025-09-01-broken.md:" in line]
        assert len(told) == 1, told  # a problem is told when it appears, not again at every rebuild
        assert NEW_TITLE in _feed_titles(out)
        assert watch.interrupt() == 130


def test_a_rebuild_line_names_what_changed_and_what_was_written() -> None:
    report = BuildReport(out=Path("out"))
    report.written.update({"feeds": 1, "epub": 2, "text": 0})
    report.removed = 1
    paths = ("_posts/a.md", "_posts/b.md", "_posts/c.md", "_posts/d.md")
    assert describe(Rebuild(paths, report, seconds=0.05)) == (
        "_posts/a.md, _posts/b.md, _posts/c.md and 1 more changed: wrote 1 feed, 2 books, removed 1 output in 0.05 s"
    )
    nothing = BuildReport(out=Path("out"))
    assert (
        describe(Rebuild(("_config.yml",), nothing, seconds=0.01)) == "_config.yml changed: nothing to write in 0.01 s"
    )


def test_a_watched_folder_after_edits_deletions_a_rename_and_a_config_edit_is_a_build_from_nothing(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    out, clean = tmp_path / "out", tmp_path / "clean"
    builds: queue.Queue[Rebuild] = queue.Queue()
    stop = threading.Event()
    overrides = {"jobs": 1}
    watcher = threading.Thread(
        target=watch_site, args=(site, out), kwargs={"on_build": builds.put, "stop": stop, "overrides": overrides}
    )
    watcher.start()
    try:
        assert builds.get(timeout=60).changed == ()

        def rebuilt(*changed: str) -> BuildReport:
            """The reports of the rebuilds until every one of ``changed`` was seen (a slow save may be two), merged
            as far as the test needs."""
            seen: set[str] = set()
            merged = BuildReport(out=out)
            while not set(changed) <= seen:
                rebuild = builds.get(timeout=60)
                assert rebuild.report is not None, rebuild.error
                seen.update(rebuild.changed)
                merged.written_files += rebuild.report.written_files
                merged.removed += rebuild.report.removed
            return merged

        post = site / POST
        post.write_text(post.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        assert "epub/city-2025.epub" in rebuilt(POST).written_files
        assert NEW_TITLE in _feed_titles(out)

        gone = "_posts/2024-06-01-night-shift-bakers.md"
        (site / gone).unlink()
        assert rebuilt(gone).removed >= 1

        old, new = "_posts/2025-02-03-template-tips.md", "tech/_posts/2025-02-03-template-tips.md"
        (site / old).rename(site / new)
        rebuilt(old, new)

        config = site / "_config.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("title: 临江晚报", "title: 临江日报", 1))
        rebuilt("_config.yml")
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert not watcher.is_alive()
    build_site(site, clean, overrides=overrides)
    assert _outputs(out) == _outputs(clean)
    assert feedparser.parse((out / "feed.xml").read_bytes()).feed.title == "临江日报"


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".newsfmt-cache" not in path.relative_to(out).parts
    }
