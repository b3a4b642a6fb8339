"""A build session (what ``newsfmt watch`` keeps between builds): after any sequence of edits, each build told
only the files that changed, OUT holds exactly what a build from nothing writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from newsfmt import OutputError, load_config
from newsfmt.builder.runner import build_site
from newsfmt.builder.session import BuildSession
from tests.conftest import EXAMPLE_SITE

NOW = datetime(2025, 9, 1, tzinfo=UTC)
POST = "_posts/2025-03-01-metro-line-9-opens.md"
CACHE = ".newsfmt-cache"
ONE_PROCESS = {"jobs": 1}


def _files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and CACHE not in path.relative_to(out).parts
    }


def _assert_as_built_from_nothing(site: Path, out: Path, clean: Path) -> None:
    shutil.rmtree(clean, ignore_errors=True)
    build_site(site, clean, now=NOW, overrides=ONE_PROCESS)
    built, expected = _files(out), _files(clean)
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []


def _edit(site: Path, rel_path: str, old: str, new: str) -> None:
    post = site / rel_path
    text = post.read_text(encoding="utf-8")
    assert old in text
    post.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, copy)
    return copy


def test_edits_deletions_a_rename_and_a_config_edit_end_as_a_build_from_nothing(site: Path, tmp_path: Path) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    config = load_config(site)
    with BuildSession(site, out, overrides=ONE_PROCESS) as session:
        first = session.build(config, now=NOW)
        assert first.reread > 1

        unchanged = session.build(config, [], now=NOW)
        assert unchanged.reread == 0 and unchanged.written_files == []  # the stamp: nothing changed
        held_back = first.reread - first.articles  # read on every build that reads: drafts, future posts
        _edit(site, POST, "title:", "title: 更正：")
        edited = session.build(config, [POST], now=NOW)
        assert edited.reread == held_back + 1  # the one file told of, not the whole site
        assert any(path.startswith("text/") for path in edited.written_files)
        titles = [entry.title for entry in feedparser.parse((out / "feed.xml").read_bytes()).entries]
        assert any(title.startswith("更正：") for title in titles)
        _assert_as_built_from_nothing(site, out, clean)

        gone = "_posts/2024-06-01-night-shift-bakers.md"
        (site / gone).unlink()
        deleted = session.build(config, [gone], now=NOW)
        assert deleted.reread == held_back and deleted.removed >= 1
        _assert_as_built_from_nothing(site, out, clean)

        old, new = "_posts/2025-02-03-template-tips.md", "tech/_posts/2025-02-03-template-tips.md"
        (site / old).rename(site / new)  # a new place: another category
        session.build(config, [old, new], now=NOW)
        _assert_as_built_from_nothing(site, out, clean)

        added = "_posts/2025-08-30-a-new-post.md"
        (site / added).write_text("---\ntitle: 新的一篇\n---\n今天的消息。\n", encoding="utf-8")
        session.build(config, [added], now=NOW)
        _assert_as_built_from_nothing(site, out, clean)

        _edit(site, "_config.yml", "description: ", "description: 改过的简介 ")
        config = load_config(site)
        session.build(config, None, now=NOW)  # what the watch does after a change outside the post folders
        _assert_as_built_from_nothing(site, out, clean)

        _edit(site, "tech/_posts/2025-02-14-open-data-portal.md", "title:", "title: 再次更正：")
        (site / "_posts/2024-03-15-about-this-newsroom.md").unlink()
        changed = ["tech/_posts/2025-02-14-open-data-portal.md", "_posts/2024-03-15-about-this-newsroom.md"]
        session.build(config, changed, now=NOW)
        _assert_as_built_from_nothing(site, out, clean)


def test_a_deleted_folder_of_posts_drops_every_post_in_it(site: Path, tmp_path: Path) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    config = load_config(site)
    with BuildSession(site, out, overrides=ONE_PROCESS) as session:
        session.build(config, now=NOW)
        shutil.rmtree(site / "tech")
        report = session.build(config, ["tech"], now=NOW)
        assert any(path.startswith("text/") for path in report.removed_files)
        _assert_as_built_from_nothing(site, out, clean)


def test_a_change_of_a_file_that_is_no_post_makes_the_build_look_at_every_file(site: Path, tmp_path: Path) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    config = load_config(site)
    with BuildSession(site, out, overrides=ONE_PROCESS) as session:
        first = session.build(config, now=NOW)
        held_back = first.reread - first.articles  # read on every build that reads: drafts, future posts
        (site / "_posts" / "notes").mkdir()
        (site / "_posts" / "notes" / "2025-08-31-in-a-folder.md").write_text("---\ntitle: 夹里\n---\n正文。\n")
        _edit(site, POST, "title:", "title: 没说的改动 ")
        report = session.build(config, ["_posts/notes"], now=NOW)  # a new folder: the edit not told of is found too
        assert report.reread == held_back + 2
        _assert_as_built_from_nothing(site, out, clean)


def test_a_failed_build_leaves_nothing_kept(site: Path, tmp_path: Path) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    config = load_config(site)
    with BuildSession(site, out, overrides=ONE_PROCESS) as session:
        session.build(config, now=NOW)
        (out / "feed.xml").unlink()
        (out / "feed.xml").mkdir()  # an output that cannot be written
        _edit(site, POST, "title:", "title: 更正：")
        with pytest.raises(OutputError, match=r"feed\.xml"):
            session.build(config, [POST], now=NOW)
        assert session.kept.index is None and session.kept.known is None
        (out / "feed.xml").rmdir()
        session.build(config, [], now=NOW)
        _assert_as_built_from_nothing(site, out, clean)


def test_another_build_into_out_is_refused_while_the_session_lasts(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(out)]
    with BuildSession(site, out, overrides=ONE_PROCESS) as session:
        session.build(load_config(site), now=NOW)
        refused = subprocess.run(command, capture_output=True, text=True, check=False)
        assert refused.returncode != 0
        assert "another newsfmt build is writing to this folder" in refused.stderr
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
