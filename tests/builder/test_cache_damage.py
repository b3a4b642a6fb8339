"""A cache that cannot be used is thrown away and rebuilt with a warning; one that cannot be written stops the
build with one line; a pickle in it is never run. Outputs are always those of a clean build."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import feedparser
import pytest
from click.testing import CliRunner

import newsfmt
from newsfmt.builder import build_site, cache
from newsfmt.builder.cache import ArticleCache, DamagedCacheError
from newsfmt.cli import cli
from tests.builder.test_build import tree
from tests.conftest import EXAMPLE_SITE, forget_stamp

CACHE = ".newsfmt-cache"
POST = "_posts/2024-06-01-night-shift-bakers.md"


class Built(NamedTuple):
    site: Path
    out: Path
    outputs: dict[str, str]
    sources: int
    """How many source files a cold build reads."""


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """A copy of the example site, built once into ``out``."""
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(EXAMPLE_SITE, site)
    report = build_site(site, out)
    return Built(site, out, tree(out), report.reread)


def _database(out: Path) -> Path:
    return out / CACHE / "cache.sqlite3"


def _cache_warnings(report: Any, out: Path) -> list[str]:
    return [p.message for p in report.problems if p.path == _database(out) and p.severity == "warning"]


def _rebuilt(built: Built, reason: str) -> None:
    """The build after the damage: same outputs, one warning naming why, and a cache that works again."""
    site, out, before, sources = built
    report = build_site(site, out)
    assert tree(out) == before
    assert [w for w in _cache_warnings(report, out) if reason in w and "thrown away and rebuilt" in w], report.problems
    assert report.reread == sources
    again = build_site(site, out)
    assert again.reread == 0 and not _cache_warnings(again, out)


def _without_sidecars(out: Path) -> None:
    for leftover in (out / CACHE).glob("cache.sqlite3-*"):
        leftover.unlink()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "directory", "fifo"])
def test_a_cache_that_is_no_database_is_rebuilt(built: Built, damage: str) -> None:
    out = built.out
    database = _database(out)
    _without_sidecars(out)
    data = database.read_bytes()
    database.unlink()
    if damage == "garbage":
        database.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        database.write_bytes(data[: len(data) // 3])
    elif damage == "directory":
        (database / "inside").mkdir(parents=True)
    else:
        os.mkfifo(database)  # opening it would wait for a writer forever
    _rebuilt(built, "")


def test_a_cache_that_leads_out_of_its_folder_is_not_followed(built: Built, tmp_path: Path) -> None:
    out = built.out
    elsewhere = tmp_path / "elsewhere.sqlite3"
    _without_sidecars(out)
    _database(out).rename(elsewhere)
    _database(out).symlink_to(elsewhere)
    kept = elsewhere.read_bytes()
    _rebuilt(built, "is not a file")
    assert elsewhere.read_bytes() == kept and not _database(out).is_symlink()


def test_an_unreadable_cache_is_rebuilt(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root, who runs the tests: SQLite's refusal is what newsfmt sees, so give that."""
    out = built.out
    connect = sqlite3.connect
    refused: list[Path] = []

    def unreadable(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not refused:
            refused.append(Path(path))
            raise sqlite3.OperationalError("unable to open database file")
        return connect(path, *args, **kwargs)

    monkeypatch.setattr(cache.sqlite3, "connect", unreadable)
    _rebuilt(built, "unable to open database file")
    assert refused == [_database(out)]


@pytest.mark.parametrize("written_by", ["another format", "another version", "newsfmt before the format row"])
def test_a_cache_of_another_version_is_rebuilt(built: Built, written_by: str) -> None:
    out = built.out
    with sqlite3.connect(_database(out)) as db:
        if written_by == "newsfmt before the format row":
            db.execute("DELETE FROM state WHERE name = 'format'")
        else:
            number, _, version = cache._FORMAT.partition(" newsfmt ")
            stale = (
                f"{int(number) - 1} newsfmt {version}" if written_by == "another format" else f"{number} newsfmt 0.0.1"
            )
            db.execute("UPDATE state SET value = ? WHERE name = 'format'", (stale,))
    db.close()
    _rebuilt(built, "another version of newsfmt")


def test_a_cache_of_another_version_still_removes_the_outputs_it_lists(
    built: Built,
) -> None:
    """The outputs table is all that is kept of another version's cache: a post removed meanwhile loses its text."""
    site, out = built.site, built.out
    with sqlite3.connect(_database(out)) as db:
        db.execute("UPDATE state SET value = 'old' WHERE name = 'format'")
    db.close()
    (site / POST).unlink()
    report = build_site(site, out)
    assert _cache_warnings(report, out)
    assert report.removed >= 1
    clean = out.parent / "clean"
    build_site(site, clean)
    assert tree(out) == tree(clean)


def test_a_locked_cache_is_rebuilt(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    out = built.out
    monkeypatch.setattr(cache, "_BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(_database(out), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write that never ends
    try:
        _rebuilt(built, "locked by another process")
    finally:
        holder.close()


def _crafted_pickle(marker: Path) -> bytes:
    class Touch:
        def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
            return Path.touch, (marker,)

    return pickle.dumps(Touch())


def test_a_pickle_in_the_cache_is_never_run(built: Built, tmp_path: Path) -> None:
    """A pickle in place of every article and in columns of every source record: no code runs, every post is
    read again, and the outputs are a clean build's."""
    site, out, before, _ = built
    marker = tmp_path / "the-pickle-ran"
    payload = _crafted_pickle(marker)
    with sqlite3.connect(_database(out)) as db:
        db.execute("UPDATE articles SET article = ?", (payload,))
        db.execute("UPDATE records SET categories = ?, extra = ?", (payload, payload))
    db.close()
    forget_stamp(out)  # as an edit would: the build reads the index
    report = build_site(site, out)
    assert not marker.exists()
    assert tree(out) == before
    assert report.reread == built.sources
    assert any("could not be read" in w for w in _cache_warnings(report, out))
    assert build_site(site, out).reread == 0
    pickle.loads(payload)
    assert marker.exists()  # the payload was live all along


def test_a_damaged_source_record_is_dropped_alone(built: Built) -> None:
    """One row of the index that does not read back costs its own post's reading, not the others'."""
    site, out, before, _ = built
    forget_stamp(out)
    usual = build_site(site, out).reread  # the posts every build reads again (those linking others)
    with sqlite3.connect(_database(out)) as db:
        db.execute("UPDATE records SET wall = '2024-02-30T00:00:00' WHERE path = ?", (POST,))
    db.close()
    forget_stamp(out)
    report = build_site(site, out)
    assert tree(out) == before
    assert report.reread == usual + 1
    assert any("1 source record in the build cache could not be read" in w for w in _cache_warnings(report, out))
    assert build_site(site, out).reread == 0


def test_a_cache_of_the_format_before_is_rebuilt(built: Built) -> None:
    """A cache of format 9 (the index in JSON shards) is thrown away whole and rebuilt cleanly."""
    _, out, _, _ = built
    with sqlite3.connect(_database(out)) as db:
        db.execute("DROP TABLE records")
        db.execute("CREATE TABLE sources (shard INTEGER PRIMARY KEY, records BLOB NOT NULL)")
        db.execute("INSERT INTO sources VALUES (1, ?)", (b'{"_posts/a.md": [1, 2, "k", true, "", [], null, null]}',))
        _, _, version = cache._FORMAT.partition(" newsfmt ")
        db.execute("UPDATE state SET value = ? WHERE name = 'format'", (f"9 newsfmt {version}",))
    db.close()
    _rebuilt(built, "another version of newsfmt")
    with sqlite3.connect(_database(out)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert "sources" not in tables and "records" in tables


@pytest.mark.parametrize("found_by", ["book workers", "the main process"])
def test_unreadable_articles_are_read_again_in_the_same_build(built: Built, tmp_path: Path, found_by: str) -> None:
    """The index still vouches for the posts, but their articles do not read back (one of them a pickle): the
    build drops every such article and reads its post again, without a traceback, and writes what it wrote."""
    site, out, before, _ = built
    marker = tmp_path / "the-pickle-ran"
    with sqlite3.connect(_database(out)) as db:
        db.execute("UPDATE articles SET article = ?", (b"[1]",))
        db.execute(
            "UPDATE articles SET article = ? WHERE key = (SELECT MIN(key) FROM articles)", (_crafted_pickle(marker),)
        )
        db.execute("UPDATE pieces SET piece = 'not bytes'")  # a feed's entries are then made from the articles
    db.close()
    # Outputs that must be made again, from the articles: books in worker processes, feeds in the main one.
    for output in (out / "epub").iterdir() if found_by == "book workers" else [out / "feed.xml"]:
        output.unlink()
    report = build_site(site, out)
    assert report.reread >= 1
    assert any("could not be read" in w for w in _cache_warnings(report, out))
    assert tree(out) == before
    assert not marker.exists()
    assert build_site(site, out).reread == 0


def _disk_full_after_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills once the cache is open: SQLite itself answers SQLITE_FULL to the next page it needs."""
    connect = ArticleCache._connect

    def full(self: ArticleCache) -> sqlite3.Connection:
        db = connect(self)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(ArticleCache, "_connect", full)


def test_a_full_disk_is_one_line_and_exit_1(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    site, out, before, _ = built
    post = site / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nA new paragraph, too many for the disk.\n", encoding="utf-8")
    for source in (site / "_posts").iterdir():  # every post read again: more than the disk holds
        os.utime(source, ns=(1, 1))
    _disk_full_after_opening(monkeypatch)
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    assert lines[0].startswith(f"newsfmt: {_database(out)}: cannot write the build cache")
    assert "full" in lines[0]
    after = tree(out)
    changed = {path for path in before if after.get(path) != before[path]}
    assert after.keys() == before.keys()
    assert changed <= {path for path in before if path.startswith("text/")}  # at most texts already rewritten whole
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and "too many for the disk" not in (out / "feed.xml").read_text(encoding="utf-8")
    monkeypatch.undo()
    build_site(site, out)  # room again: the build converges on a clean build's outputs
    clean = out.parent / "clean"
    build_site(site, clean)
    assert tree(out) == tree(clean)


def test_a_full_disk_raises_an_output_error(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    site, out, _, _ = built
    shutil.rmtree(out / CACHE)
    _disk_full_after_opening(monkeypatch)
    with pytest.raises(newsfmt.OutputError, match="cannot write the build cache: database or disk is full"):
        build_site(site, out)


def test_damage_found_in_a_worker_reaches_the_build_whole() -> None:
    """Worker processes send their exceptions pickled: the entries found unreadable come along."""
    damage = DamagedCacheError("2 articles could not be read", path=Path("c.sqlite3"), keys=frozenset({"a", "b"}))
    again = pickle.loads(pickle.dumps(damage))
    assert (again.message, again.path, again.keys) == (damage.message, damage.path, damage.keys)
    assert str(again) == "c.sqlite3: 2 articles could not be read"
