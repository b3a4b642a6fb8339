"""The build index is saved as a diff: editing one post rewrites its record's row and its outputs' rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsfmt.builder import cache as cache_module
from newsfmt.builder.cache import ArticleCache, BuildIndex, SourceRecord


def _record(n: int) -> SourceRecord:
    return SourceRecord(signature=(n, n), key=f"key-{n}", article=None)


def _index(fingerprint: str, records: dict[str, SourceRecord], outputs: dict[str, str]) -> BuildIndex:
    return BuildIndex(fingerprint=fingerprint, sources=dict(records), outputs=dict(outputs))


def _watch_rows(cache: ArticleCache) -> None:
    """Note the path of every row of records written or deleted from now on (in a table ``written``)."""
    with sqlite3.connect(cache.path) as db:
        db.execute("CREATE TABLE written (path)")
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW")):
            db.execute(
                f"CREATE TRIGGER on_{event} AFTER {event} ON records BEGIN INSERT INTO written VALUES ({row}.path); END"
            )


def _written(cache: ArticleCache) -> set[str]:
    with sqlite3.connect(cache.path) as db:
        return {path for (path,) in db.execute("SELECT path FROM written")}


def _paths(cache: ArticleCache) -> list[str]:
    with sqlite3.connect(cache.path) as db:
        return [path for (path,) in db.execute("SELECT path FROM records")]


def test_index_round_trips_and_saves_only_what_changed(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    records = {f"_posts/post-{n}.md": _record(n) for n in range(300)}
    outputs = {f"text/post-{n}.txt": f"digest-{n}" for n in range(300)}
    first = _index("config-1", records, outputs)
    cache.save_index(first, previous=BuildIndex(), live_keys=set())
    loaded = cache.load_index()
    assert (loaded.fingerprint, loaded.sources, loaded.outputs) == ("config-1", records, outputs)
    cache.close()
    _watch_rows(cache)

    edited, removed, added = "_posts/post-7.md", "_posts/post-8.md", "_posts/new.md"
    records = dict(loaded.sources)  # the records a build reuses are the very objects it loaded
    records[edited] = _record(1000)
    del records[removed]
    records[added] = _record(1001)
    outputs = {path: digest for path, digest in outputs.items() if path != "text/post-8.txt"}
    outputs["text/post-7.txt"] = "digest-new"
    second = _index("config-1", records, outputs)
    cache.save_index(second, previous=loaded, live_keys=set())

    again = cache.load_index()
    assert (again.sources, again.outputs) == (records, outputs)
    assert _written(cache) == {edited, removed, added}


def test_a_new_config_replaces_the_whole_index(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    old = _index("config-1", {f"a-{n}.md": _record(n) for n in range(200)}, {"feed.xml": "x"})
    cache.save_index(old, previous=BuildIndex(), live_keys=set())
    new = _index("config-2", {"b.md": _record(1)}, {"feed.xml": "y"})
    cache.save_index(new, previous=cache.load_index(), live_keys=set())
    loaded = cache.load_index()
    assert (loaded.fingerprint, loaded.sources, loaded.outputs) == ("config-2", new.sources, new.outputs)
    assert _paths(cache) == ["b.md"]


def test_stale_articles_are_dropped(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.store_encoded([("live", b"x"), ("stale", b"y")])
    cache.save_index(_index("c", {}, {}), previous=BuildIndex(), live_keys={"live"})
    assert cache.keys() == {"live"}
    assert ArticleCache(tmp_path).keys() == {"live"}


def test_a_batch_is_stored_when_it_ends_and_not_when_it_fails(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    with cache.batched():
        cache.store_encoded([("a", b"x")], [("a", "rss", b"<item/>")])
        assert ArticleCache(tmp_path).keys() == set()  # held, not yet stored
    assert ArticleCache(tmp_path).keys() == {"a"}
    assert ArticleCache(tmp_path).load_pieces(["a"], "rss") == {"a": b"<item/>"}
    with pytest.raises(RuntimeError), cache.batched():
        cache.store_encoded([("b", b"y")])
        raise RuntimeError
    assert ArticleCache(tmp_path).keys() == {"a"}


def test_a_large_batch_is_stored_as_it_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_BATCH_BYTES", 10)
    cache = ArticleCache(tmp_path)
    with cache.batched():
        cache.store_encoded([("a", b"small")])
        assert ArticleCache(tmp_path).keys() == set()
        cache.store_encoded([("b", b"more than ten bytes")])
        assert ArticleCache(tmp_path).keys() == {"a", "b"}
        cache.store_encoded([("c", b"small")])
    assert ArticleCache(tmp_path).keys() == {"a", "b", "c"}
