"""The cache's JSON: every Article field reads back equal and of the same type, and anything else is refused."""

from __future__ import annotations

import contextlib
import json
import math
import pickle
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfmt
from newsfmt.builder.cache_format import (
    CorruptEntryError,
    SourceRecord,
    decode_article,
    encode_article,
)
from newsfmt.builder.index_format import decode_rows, record_row
from newsfmt.builder.reading import without_body
from newsfmt.model import Article, Author, FrozenMapping, Problem
from newsfmt.readers.frontmatter import load_header
from newsfmt.readers.reading import Publication
from tests.conftest import EXAMPLE_SITE

BERLIN = ZoneInfo("Europe/Berlin")


def _article(**changes: Any) -> Article:
    base = Article(
        id="/news/2021/03/28/clocks",
        title="Clocks",
        date=datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN),  # a wall time the clocks skipped
        updated=datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=BERLIN),  # the second 02:30 of the night
        categories=("News", "夜班"),
        tags=(),
        authors=(Author("Ann", "ann@example.org", None), Author("Bo")),
        summary="Sum",
        body_html="<p>Body</p>",
        text="Body",
        url="https://example.org/x.html",
        permalink="/x.html",
        slug="clocks",
        lang="zh-CN",
        path=Path("/site/_posts/2021-03-28-clocks\udcff.md"),  # a file name that is not UTF-8
        date_rule="offset given",
        extra=FrozenMapping({"feed": {"id": 7, "tags": ["a", None, 1.5]}, "day": date(2021, 1, 2)}),
    )
    return replace(base, **changes)


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down, and the same zone objects and folds (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime | time):
        return a == b and a.fold == b.fold and a.tzinfo == b.tzinfo and a.replace(tzinfo=None) == b.replace(tzinfo=None)
    if isinstance(a, dict | FrozenMapping):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a) and all(map(_same, a, b))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, Article | Author | Problem | Publication | SourceRecord):
        return all(_same(getattr(a, f), getattr(b, f)) for f in type(a).__dataclass_fields__)
    return bool(a == b)


def test_an_article_reads_back_exactly() -> None:
    article = _article()
    again = decode_article(encode_article(article))
    assert _same(again, article)
    assert again.date.tzinfo is BERLIN and again.date.hour == 2 and again.updated is not None
    assert again.updated.fold == 1 and again.updated.utcoffset() == timedelta(hours=1)


def test_every_example_article_reads_back_exactly() -> None:
    for article in newsfmt.load_site(EXAMPLE_SITE).articles:
        assert _same(decode_article(encode_article(article)), article)


def test_front_matter_of_every_kind_reads_back_exactly() -> None:
    yaml_header = """
when: 2021-12-31 07:55:46 +08:00
utc: 2021-12-31T07:55:46Z
naive: 2021-12-31 07:55:46
day: 2021-12-31
nothing: ~
flags: [yes, no, .inf, -.inf, .nan, -0.0, 0x1F, 123456789012345678901234567890]
nested: {a: [1, {b: [2021-01-01]}], 3: three, 2021-01-02: day key, ~: null key, 1.5: float key}
set: !!set {a, b}
pairs: !!pairs [a: 1, a: 2]
omap: !!omap [x: 1, y: 2]
blob: !!binary aGVsbG8=
"""
    toml_header = (
        "local = 2021-12-31T07:55:46\noffset = 2021-12-31T07:55:46-05:30\nat = 07:55:46.5\n[t]\nx = [1, 2.5]\n"
    )
    json_header = '{"a": {"b": [1, 2.5, true, null, "x"]}, "n": -3}'
    for header, fmt in ((yaml_header, "yaml"), (toml_header, "toml"), (json_header, "json")):
        extra = FrozenMapping(load_header(header, fmt, 1))
        article = _article(extra=extra)
        assert _same(decode_article(encode_article(article)), article), fmt


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=10)
    | st.dates()
    | st.binary(max_size=20)
    | st.times()
    | st.datetimes(
        timezones=st.none()
        | st.just(UTC)
        | st.sampled_from([BERLIN, ZoneInfo("Asia/Shanghai")])
        | st.builds(timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))),
        allow_imaginary=True,
    )
)
_keys = st.none() | st.booleans() | st.integers() | st.text() | st.dates()
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_keys, inner, max_size=4)
        | st.frozensets(st.integers() | st.text(), max_size=4).map(set)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _values, max_size=6))
def test_generated_front_matter_reads_back_exactly(extra: dict[str, Any]) -> None:
    article = _article(extra=FrozenMapping(extra))
    assert _same(decode_article(encode_article(article)), article)


def test_source_records_read_back_exactly() -> None:
    article = _article()
    problems = (Problem(article.path, 3, "odd", "warning"), Problem(None, None, "bad"))
    publication = Publication(True, False, datetime(2021, 1, 1, tzinfo=UTC))
    records = {
        "_posts/a\udcff.md": SourceRecord((10**18, 5), "k1", without_body(article), problems, publication, True, "t"),
        "_posts/b.md": SourceRecord((1, 2), "k2", None, problems[1:], None, False),
        "_posts/c.md": SourceRecord((1, 2), "k3", None, (), publication),
    }
    again = decode_rows([record_row(path, record) for path, record in records.items()])
    assert list(again) == list(records)
    assert all(_same(again[path], records[path]) for path in records)


class _Marker:
    """Unpickling this creates a file: the proof that a pickle ran."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Path.touch, (self.path,)


def _corrupted(valid: list[Any]) -> list[object]:
    """Entries that are not what the cache writes, each a different way."""
    swapped = list(valid)
    swapped[0] = 7  # an id that is a number
    boolean_fold = json.loads(json.dumps(valid))
    boolean_fold[2][1] = True
    return [
        b"",
        b"not json at all",
        b"[" * 100_000,  # deeper than the parser goes
        json.dumps(valid).encode()[:-5],  # cut short
        json.dumps(valid[:-1]).encode(),  # a field missing
        json.dumps([*valid, "more"]).encode(),
        json.dumps(swapped).encode(),
        json.dumps(boolean_fold).encode(),
        json.dumps({"id": "x"}).encode(),
        json.dumps([*valid[:-1], ["m", "key"]]).encode(),  # a key with no value
        json.dumps([*valid[:-1], ["m", "k", ["?", 1]]]).encode(),  # a value of no known kind
        json.dumps([*valid[:-1], ["m", 1, 2]]).encode(),  # front matter keyed by a number
        json.dumps([*valid[:-1], ["m", "k", ["m", ["l"], 1]]]).encode(),  # an unhashable key
        json.dumps([*valid[:2], ["2021-01-01T00:00:00", 0, "../../etc/passwd"], *valid[3:]]).encode(),
        json.dumps([*valid[:2], ["2021-01-01T00:00:00", 0, "No/Such_Zone"], *valid[3:]]).encode(),
        json.dumps([*valid[:2], ["2021-01-01T00:00:00", 0, None], *valid[3:]]).encode(),  # a naive date
        json.dumps([*valid[:2], ["2021-01-01T00:00:00+01:00", 0, "UTC"], *valid[3:]]).encode(),
        json.dumps([*valid[:2], ["2021-02-30T00:00:00", 0, "UTC"], *valid[3:]]).encode(),
        json.dumps([*valid[:2], ["2021-01-01T00:00:00", 2, "UTC"], *valid[3:]]).encode(),
        json.dumps([*valid[:2], ["2021-01-01T00:00:00", 0, [10**20, None]], *valid[3:]]).encode(),
        json.dumps([*valid[:-1], ["m", "k", ["b", "%%%"]]]).encode(),
        pickle.dumps(_article()),
        "\udcff".encode("utf-8", "surrogatepass"),
        None,
        "a string, not bytes",
    ]


def test_anything_else_is_refused_as_corrupt(tmp_path: Path) -> None:
    valid = json.loads(encode_article(_article(extra=FrozenMapping())).decode("utf-8", "surrogatepass"))
    for entry in _corrupted(valid):
        with pytest.raises(CorruptEntryError):
            decode_article(entry)


def test_a_pickle_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "pickle-ran"
    payload = pickle.dumps(_Marker(marker))
    pickle.loads(payload)
    assert marker.exists()  # the payload works when unpickled …
    marker.unlink()
    with pytest.raises(CorruptEntryError):
        decode_article(payload)
    assert not marker.exists()  # … and reading it from the cache never did


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_damaged_entry_is_refused_or_read_never_raises_otherwise(data: st.DataObject) -> None:
    entry = bytearray(encode_article(_article()))
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.integers(0, len(entry) - 1))
        entry[where] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(entry)))
    with contextlib.suppress(CorruptEntryError):
        decode_article(bytes(entry[:cut]))


def test_a_value_no_reader_makes_is_not_stored() -> None:
    with pytest.raises(TypeError, match="cannot store"):
        encode_article(_article(extra=FrozenMapping({"x": object()})))
    with pytest.raises(TypeError, match="time zone"):
        encode_article(_article(date=datetime(2021, 1, 1, tzinfo=_OddZone())))


class _OddZone(tzinfo):
    """A time zone of a kind newsfmt's readers never make."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


def test_yaml_timestamps_keep_their_offsets() -> None:
    loaded = yaml.safe_load("a: 2021-12-31 07:55:46 +08:00")["a"]
    article = _article(extra=FrozenMapping({"a": loaded}))
    again = decode_article(encode_article(article))
    assert again.extra["a"].utcoffset() == timedelta(hours=8) and _same(again.extra["a"], loaded)
