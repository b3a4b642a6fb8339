"""The index's rows: every record reads back exactly through SQLite, and a damaged row is refused alone."""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfmt.builder.cache import ArticleCache, BuildIndex
from newsfmt.builder.cache_format import CorruptEntryError, SourceRecord
from newsfmt.builder.index_format import COLUMNS, decode_rows, read_rows, record_row
from newsfmt.builder.reading import without_body
from newsfmt.model import FrozenMapping, Problem
from newsfmt.readers.reading import Publication
from tests.builder.test_cache_format import _article, _same

SHANGHAI = timezone(timedelta(hours=8))


def _records() -> dict[str, SourceRecord]:
    article = without_body(_article())
    plain = without_body(
        _article(
            path=Path("_posts/2021-01-02-plain.md"),
            date=datetime(2021, 1, 2, 9, 30, tzinfo=SHANGHAI),
            updated=None,
            extra=FrozenMapping(),
        )
    )
    named = without_body(_article(date=datetime(2021, 1, 2, tzinfo=timezone(timedelta(hours=-5), "EST"))))
    problems = (Problem(article.path, 3, "odd", "warning"), Problem(None, None, "bad"))
    publication = Publication(True, False, datetime(2021, 1, 1, tzinfo=UTC))
    expiring = Publication(False, True, datetime(2021, 1, 1, tzinfo=SHANGHAI), datetime(2022, 1, 1, tzinfo=UTC))
    return {
        "_posts/a\udcff.md": SourceRecord((10**18, 5), "k1", article, problems, publication, True, "t"),
        "_posts/b.md": SourceRecord((1, 2), "k2", None, problems[1:], None, False),
        "_posts/c.md": SourceRecord((1, 2), "k3", None, (), publication),
        "_posts/d.md": SourceRecord((3, 4), "k4", plain, (), expiring, True, "text/d.txt"),
        "_posts/e.md": SourceRecord((3, 4), "k5", named, (), publication, False, "text/e.txt"),
    }


def test_records_read_back_exactly_through_the_cache(tmp_path: Path) -> None:
    records = _records()
    cache = ArticleCache(tmp_path)
    cache.save_index(BuildIndex("f", records, {}), previous=BuildIndex(), live_keys=set())
    loaded = ArticleCache(tmp_path).load_index().sources
    assert sorted(loaded) == sorted(records)
    assert all(_same(loaded[path], records[path]) for path in records)


def _rows() -> list[tuple[Any, ...]]:
    return [record_row(path, record) for path, record in _records().items()]


def _with(row: tuple[Any, ...], column: str, value: object) -> tuple[Any, ...]:
    changed = list(row)
    changed[COLUMNS.index(column)] = value
    return tuple(changed)


DAMAGE: list[tuple[str, object]] = [
    ("mtime", "1"),
    ("mtime", 1.5),
    ("key", None),
    ("cacheable", 2),
    ("problems", '[[null, null, 1, "error"]]'),
    ("problems", "{"),
    ("published", 7),
    ("pub_wall", "2021-02-30T00:00:00"),
    ("pub_zone", '"No/Such_Zone"'),
    ("expires", "[1]"),
    ("title", 3),
    ("title", None),
    ("wall", "2021-01-01T00:00:00+01:00"),  # a time zone given twice
    ("fold", 2),
    ("zone", "null"),  # a naive date
    ("zone", '"../../etc/passwd"'),
    ("zone", "[100000000000000000000, null]"),
    ("categories", "[1]"),
    ("categories", '"news"'),
    ("authors", '[["a", null]]'),
    ("extra", '["m", "key"]'),
    ("extra", '["?"]'),
    ("source_path", 5),
    ("whole", '["_posts/x.md", [1]]'),
    ("whole", b"bytes"),
]


@pytest.mark.parametrize(("column", "value"), DAMAGE)
def test_a_damaged_row_is_dropped_alone(column: str, value: object) -> None:
    rows = _rows()
    damaged = _with(rows[4], column, value)
    with pytest.raises(CorruptEntryError):
        decode_rows([*rows[:4], damaged])
    records, unreadable = read_rows([*rows[:4], damaged])
    assert unreadable == [damaged[0]]
    assert list(records) == list(_records())[:4]


def test_rows_of_the_wrong_shape_are_refused() -> None:
    row = _rows()[3]
    for damaged in (row[:-1], (*row, None), list(row), ()):
        assert read_rows([damaged])[1] == [damaged[0] if damaged else None]  # type: ignore[index]
    with pytest.raises(CorruptEntryError, match="twice"):
        decode_rows([row, row])


def test_a_pickle_in_a_row_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "pickle-ran"

    class Touch:
        def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
            return Path.touch, (marker,)

    payload = pickle.dumps(Touch())
    row = _rows()[3]
    for column in COLUMNS[1:]:
        with pytest.raises(CorruptEntryError):
            decode_rows([_with(row, column, payload)])
    assert not marker.exists()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_damaged_value_is_refused_or_read_never_raises_otherwise(data: st.DataObject) -> None:
    rows = _rows()
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(COLUMNS[1:]))
    value = data.draw(st.none() | st.integers(-3, 3) | st.text(max_size=30) | st.binary(max_size=8))
    with contextlib.suppress(CorruptEntryError):
        decode_rows([*rows[:index], _with(rows[index], column, value), *rows[index + 1 :]])


def test_saving_a_large_index_never_holds_all_its_rows_at_once(tmp_path: Path) -> None:
    plain = _records()["_posts/d.md"]
    records = {f"_posts/{n}.md": dataclasses.replace(plain, key=f"k{n}") for n in range(2000)}
    outputs = {f"text/{n}.txt": f"k{n}:None:inline" for n in range(2000)}
    cache = ArticleCache(tmp_path)
    cache.keys()  # the cache's keys, read before measuring
    tracemalloc.start()
    try:
        cache.save_index(BuildIndex("f", records, outputs), previous=BuildIndex(), live_keys=set())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    all_rows = sum(
        sys.getsizeof(row) + sum(map(sys.getsizeof, row[1:])) for row in map(record_row, records, records.values())
    )
    assert peak < all_rows / 4  # the rows of 2,000 posts, made at once, were the peak of a cold build's end
    assert len(ArticleCache(tmp_path).load_index().sources) == 2000
