"""A build that finds nothing changed stops at the stamp the last build left: the same report, nothing written,
and the whole build again as soon as anything (a source, an output, the stamp itself) is not as it was."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from pathlib import Path

from newsfmt.builder import BuildOptions, build_site
from tests.conftest import EXAMPLE_HELD_BACK, EXAMPLE_SITE, forget_stamp

CACHE = ".newsfmt-cache"


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and CACHE not in p.relative_to(out).parts
    }


def _built(tmp_path: Path) -> tuple[Path, Path]:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(EXAMPLE_SITE, site)
    build_site(site, out)
    return site, out


def test_an_unchanged_build_reports_what_the_whole_build_reports(tmp_path: Path) -> None:
    site, out = _built(tmp_path)
    before = _tree(out)
    quick = build_site(site, out)
    forget_stamp(out)
    whole = build_site(site, out)
    assert (quick.reread, whole.reread) == (0, EXAMPLE_HELD_BACK)
    assert sum(quick.written.values()) == sum(whole.written.values()) == 0
    assert (quick.articles, quick.skipped, quick.unchanged) == (whole.articles, whole.skipped, whole.unchanged)
    assert quick.problems == whole.problems
    assert _tree(out) == before


def test_a_deleted_output_and_a_touched_post_take_the_whole_build(tmp_path: Path) -> None:
    site, out = _built(tmp_path)
    before = _tree(out)
    (out / "feed.xml").unlink()
    rebuilt = build_site(site, out)
    assert rebuilt.written["feeds"] == 1 and rebuilt.reread == EXAMPLE_HELD_BACK
    assert _tree(out) == before
    post = site / "_posts" / "2024-06-01-night-shift-bakers.md"
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns + 10**9))  # same bytes, another time
    assert build_site(site, out).reread == 1 + EXAMPLE_HELD_BACK
    assert build_site(site, out, options=BuildOptions(only=frozenset({"feeds"}))).reread == EXAMPLE_HELD_BACK


class _Touch:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))  # type: ignore[return-value]


def test_a_stamp_that_is_not_one_is_ignored_and_never_run(tmp_path: Path) -> None:
    site, out = _built(tmp_path)
    before = _tree(out)
    marker = tmp_path / "the-pickle-ran"
    for stamp in (pickle.dumps(_Touch(marker)), b'{"digest": 1}', b"[]", "text, not bytes"):
        with sqlite3.connect(out / CACHE / "cache.sqlite3") as db:
            db.execute("INSERT OR REPLACE INTO state VALUES ('stamp', ?)", (stamp,))
        db.close()
        (out / "feed.xml").unlink()
        report = build_site(site, out)
        assert report.reread == EXAMPLE_HELD_BACK and report.written["feeds"] == 1
        assert _tree(out) == before
    assert not marker.exists()
