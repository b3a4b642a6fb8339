"""How the build index stores source records: one SQLite row of typed columns per source file.

Loading the index of a large site is one ``SELECT`` and checks done column by column, not value by value: every
column's types are checked with one set operation, dates parsed by ``map`` in C, and the values that repeat from
post to post (time zones, categories, tags, authors, problems, empty front matter) are decoded once per distinct
value and shared (they are immutable). Only the rare values are JSON of :mod:`.cache_format`: a post's ``updated``
and ``expires`` dates and its remaining front matter. A record holding a string SQLite cannot store (a lone
surrogate, from a file name that is not UTF-8) is kept whole as ASCII JSON in the ``whole`` column instead.

The rows are data that others may write (the cache sits under OUT): a row that does not read back as what this
version writes raises :class:`~newsfmt.builder.cache_format.CorruptEntryError`, and :func:`read_rows` names the
rows to drop (their posts are read again).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..model import Article, Author, FrozenMapping, Problem
from ..readers.reading import Publication
from .cache_format import (
    CorruptEntryError,
    SourceRecord,
    _author,
    _moment,
    _names_and_links,
    _pairs,
    _path,
    _problem,
    _read_author,
    _read_extra,
    _read_moment,
    _read_problem,
    _read_record,
    _read_zone,
    _record,
    _strings,
    _zone,
)

__all__ = ["COLUMNS", "decode_rows", "read_rows", "record_row", "row_key"]

COLUMNS = (
    "path", "mtime", "size", "key", "cacheable", "text_path", "problems",
    "published", "draft", "pub_wall", "pub_fold", "pub_zone", "expires",
    "id", "title", "wall", "fold", "zone", "updated", "categories", "tags", "authors", "summary", "url",
    "permalink", "slug", "lang", "source_url", "source_name", "image", "source_path", "date_rule", "extra",
    "whole",
)  # fmt: skip
"""The columns of a row, in order (``path`` is the source's path in the site, the table's key)."""

_Row = tuple[Any, ...]
_Columns = list[tuple[Any, ...]]
(PATH, MTIME, SIZE, KEY, CACHEABLE, TEXT_PATH, PROBLEMS, PUBLISHED, DRAFT, PUB_WALL, PUB_FOLD, PUB_ZONE, EXPIRES,
 ID, TITLE, WALL, FOLD, ZONE, UPDATED, CATEGORIES, TAGS, AUTHORS, SUMMARY, URL, PERMALINK, SLUG, LANG, SOURCE_URL,
 SOURCE_NAME, IMAGE, SOURCE_PATH, DATE_RULE, EXTRA, WHOLE) = range(len(COLUMNS))  # fmt: skip

_NULL: type = type(None)
_STR: frozenset[type] = frozenset({str})
_INT: frozenset[type] = frozenset({int})
_OPTIONAL_STR: frozenset[type] = frozenset({str, _NULL})
_RECORD_TYPES: dict[int, frozenset[type]] = {
    PATH: _STR, MTIME: _INT, SIZE: _INT, KEY: _STR, CACHEABLE: _INT, TEXT_PATH: _STR, PROBLEMS: _STR,
    PUBLISHED: frozenset({int, _NULL}), ID: _OPTIONAL_STR, WHOLE: frozenset({_NULL}),
}  # fmt: skip
_PUBLICATION_TYPES: dict[int, frozenset[type]] = {
    DRAFT: _INT,
    PUB_WALL: _STR,
    PUB_FOLD: _INT,
    PUB_ZONE: _STR,
    EXPIRES: _OPTIONAL_STR,
}
_ARTICLE_TYPES: dict[int, frozenset[type]] = {
    TITLE: _STR, WALL: _STR, FOLD: _INT, ZONE: _STR, UPDATED: _OPTIONAL_STR, CATEGORIES: _STR, TAGS: _STR,
    AUTHORS: _STR, SUMMARY: _STR, URL: _OPTIONAL_STR, PERMALINK: _STR, SLUG: _STR, LANG: _STR,
    SOURCE_URL: _OPTIONAL_STR, SOURCE_NAME: _OPTIONAL_STR, IMAGE: _OPTIONAL_STR, SOURCE_PATH: _OPTIONAL_STR,
    DATE_RULE: _STR, EXTRA: _STR,
}  # fmt: skip
_BITS = frozenset({0, 1})
_NO_EXTRA = '["m"]'


# Writing


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_ZONE_TEXTS: dict[object, str] = {}


def _zone_text(zone: tzinfo | None) -> str:
    # A fixed offset equals another of the same offset whatever its name: its name is part of the key.
    key = (zone, zone.tzname(None)) if type(zone) is timezone else zone
    text = _ZONE_TEXTS.get(key)
    if text is None:
        text = _ZONE_TEXTS[key] = _text(_zone(zone))
    return text


@lru_cache(maxsize=4096)
def _shared_text(kind: str, value: tuple[Any, ...]) -> str:
    """The JSON of a value many posts share (their categories, tags, authors, problems), made once."""
    if kind == "authors":
        return _text(list(map(_author, value)))
    if kind == "problems":
        return _text(list(map(_problem, value)))
    return _text(value)


def _wall(moment: datetime) -> tuple[str, int, str]:
    return moment.replace(tzinfo=None).isoformat(), moment.fold, _zone_text(moment.tzinfo)


def _optional_moment(moment: datetime | None) -> str | None:
    return None if moment is None else _text(_moment(moment))


def _publication_columns(publication: Publication | None) -> tuple[Any, ...]:
    if publication is None:
        return (None,) * 6
    return (
        int(publication.published),
        int(publication.draft),
        *_wall(publication.date),
        _optional_moment(publication.expires),
    )


def _article_columns(article: Article | None) -> tuple[Any, ...]:
    if article is None:
        return (None,) * (EXTRA - ID + 1)
    return (
        article.id,
        article.title,
        *_wall(article.date),
        _optional_moment(article.updated),
        _shared_text("strings", article.categories),
        _shared_text("strings", article.tags),
        _shared_text("authors", article.authors),
        article.summary,
        *_names_and_links(article),
        _path(article.path),
        article.date_rule,
        _NO_EXTRA if not article.extra else _text(_pairs(article.extra)),
    )


def record_row(rel_path: str, record: SourceRecord) -> _Row:
    """The row of one source record; raises TypeError for a value no reader makes."""
    problems = _shared_text("problems", record.problems)
    row = (
        rel_path,
        *record.signature,
        record.key,
        int(record.cacheable),
        record.text_path,
        problems,
        *_publication_columns(record.publication),
        *_article_columns(record.article),
        None,
    )
    try:
        "".join(value for value in row if type(value) is str).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the whole record as ASCII JSON, which escapes it
        return (row_key(rel_path), *(None,) * (WHOLE - 1), _whole(rel_path, record))
    return row


def row_key(rel_path: str) -> str:
    """The ``path`` column of a source's row: its path, or for a path SQLite cannot store (a lone surrogate) a
    stand-in no path can be (its bytes in hexadecimal after a NUL)."""
    try:
        rel_path.encode("utf-8")
    except UnicodeEncodeError:
        return "\0" + rel_path.encode("utf-8", "surrogateescape").hex()
    return rel_path


def _whole(rel_path: str, record: SourceRecord) -> str:
    return json.dumps([rel_path, _record(record)], separators=(",", ":"))


# Reading


def _columns(rows: Sequence[_Row]) -> _Columns:
    """The rows' values column by column (every row checked to be of the right length first)."""
    return list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)


def _check_types(columns: _Columns, types: Mapping[int, frozenset[type]]) -> None:
    for column, allowed in types.items():
        if not allowed.issuperset(map(type, columns[column])):
            raise CorruptEntryError(f"a value of the wrong type in the column {COLUMNS[column]}")


def _bits(columns: _Columns, *which: int) -> None:
    for column in which:
        if not _BITS.issuperset(columns[column]):
            raise CorruptEntryError(f"a flag that is neither 0 nor 1 in the column {COLUMNS[column]}")


def _distinct(values: Iterable[Any], read: Callable[[Any], Any]) -> dict[str, Any]:
    """Each distinct JSON text of a column, read once."""
    return {text: read(json.loads(text)) for text in set(values)}


_Moments = dict[tuple[str, int, str], datetime]


def _moments(columns: _Columns, wall: int, fold: int, zone: int, known: _Moments) -> list[datetime]:
    """The aware datetimes of three columns (wall time, fold, zone), each distinct one parsed once (a post's
    publication date is most often its date) and added to ``known``."""
    _bits(columns, fold)
    keys = list(zip(columns[wall], columns[fold], columns[zone], strict=True))
    new = list(set(keys).difference(known))
    walls = list(map(datetime.fromisoformat, [wall_time for wall_time, _, _ in new]))
    if set(map(attrgetter("tzinfo"), walls)) - {None}:
        raise CorruptEntryError("a time zone given twice")
    zones: dict[str, tzinfo | None] = _distinct([name for _, _, name in new], _read_zone)
    if None in zones.values():
        raise CorruptEntryError("a date without a time zone")
    known.update(
        (key, moment.replace(tzinfo=zones[key[2]], fold=key[1])) for key, moment in zip(new, walls, strict=True)
    )
    return list(map(known.__getitem__, keys))


def _read_optional_moment(text: str | None) -> datetime | None:
    return None if text is None else _read_moment(json.loads(text))


def _problems(value: object) -> tuple[Problem, ...]:
    if type(value) is not list:
        raise CorruptEntryError("problems that are not a list")
    return tuple(map(_read_problem, value))


def _authors(value: object) -> tuple[Author, ...]:
    if type(value) is not list:
        raise CorruptEntryError("authors that are not a list")
    return tuple(map(_read_author, value))


def _optional_moments(values: tuple[Any, ...]) -> Iterable[datetime | None]:
    if not any(values):
        return repeat(None)
    return list(map(_read_optional_moment, values))


def _publications(columns: _Columns, known: _Moments) -> list[Publication]:
    _check_types(columns, _PUBLICATION_TYPES)
    _bits(columns, PUBLISHED, DRAFT)
    dates = _moments(columns, PUB_WALL, PUB_FOLD, PUB_ZONE, known)
    published, draft = map(bool, columns[PUBLISHED]), map(bool, columns[DRAFT])
    return list(map(Publication, published, draft, dates, _optional_moments(columns[EXPIRES])))


def _paths(values: tuple[Any, ...]) -> Iterable[Path | None]:
    return map(Path, values) if None not in values else [None if value is None else Path(value) for value in values]


def _extras(values: tuple[Any, ...]) -> Iterable[FrozenMapping]:
    if _NO_EXTRA in values and len(set(values)) == 1:
        return repeat(_EMPTY)
    return [_EMPTY if value == _NO_EXTRA else _read_extra(json.loads(value)) for value in values]


def _articles(columns: _Columns, known: _Moments) -> list[Article]:
    _check_types(columns, _ARTICLE_TYPES)
    dates = _moments(columns, WALL, FOLD, ZONE, known)
    categories = _distinct(columns[CATEGORIES], _strings)
    tags = _distinct(columns[TAGS], _strings)
    authors = _distinct(columns[AUTHORS], _authors)
    no_text = repeat("")
    return list(
        map(
            Article,
            columns[ID],
            columns[TITLE],
            dates,
            _optional_moments(columns[UPDATED]),
            map(categories.__getitem__, columns[CATEGORIES]),
            map(tags.__getitem__, columns[TAGS]),
            map(authors.__getitem__, columns[AUTHORS]),
            columns[SUMMARY],
            no_text,  # body_html: the index keeps articles without their bodies
            no_text,  # text
            columns[URL],
            columns[PERMALINK],
            columns[SLUG],
            columns[LANG],
            columns[SOURCE_URL],
            columns[SOURCE_NAME],
            columns[IMAGE],
            _paths(columns[SOURCE_PATH]),
            columns[DATE_RULE],
            _extras(columns[EXTRA]),
        )
    )


_EMPTY = FrozenMapping()


def _where_set(
    rows: Sequence[_Row], columns: _Columns, column: int, make: Callable[[_Columns], list[Any]]
) -> list[Any]:
    """``make`` of the rows whose ``column`` is not NULL (most often all of them), aligned with every row (None
    for the others)."""
    present = columns[column]
    if None not in present:
        return make(columns)
    made = iter(make(_columns([row for row in rows if row[column] is not None])))
    return [None if value is None else next(made) for value in present]


def _read_whole(text: object) -> tuple[str, SourceRecord]:
    if type(text) is not str:
        raise CorruptEntryError("a record that is not text")
    rel_path, record = json.loads(text)
    if type(rel_path) is not str:
        raise CorruptEntryError("a path that is not text")
    return rel_path, _read_record(record)


def _typed(rows: Sequence[_Row], columns: _Columns) -> dict[str, SourceRecord]:
    """The records of rows of typed columns (their ``columns``), by path."""
    _check_types(columns, _RECORD_TYPES)
    _bits(columns, CACHEABLE)
    problems = _distinct(columns[PROBLEMS], _problems)
    known: _Moments = {}
    records = map(
        SourceRecord,
        zip(columns[MTIME], columns[SIZE], strict=True),
        columns[KEY],
        _where_set(rows, columns, ID, lambda chosen: _articles(chosen, known)),
        map(problems.__getitem__, columns[PROBLEMS]),
        _where_set(rows, columns, PUBLISHED, lambda chosen: _publications(chosen, known)),
        map(bool, columns[CACHEABLE]),
        columns[TEXT_PATH],
    )
    return dict(zip(columns[PATH], records, strict=True))


def _decode(rows: Sequence[_Row]) -> dict[str, SourceRecord]:
    """Every row as a record, by path, in the rows' order; raises :class:`CorruptEntryError` if any row is not
    what this version writes."""
    if not {tuple}.issuperset(map(type, rows)) or not {len(COLUMNS)}.issuperset(map(len, rows)):
        raise CorruptEntryError("a row of the wrong shape")
    columns = _columns(rows)
    if {None}.issuperset(columns[WHOLE]):
        records = _typed(rows, columns)
    else:  # in the rows' order
        chosen = [row for row in rows if row[WHOLE] is None]
        typed = _typed(chosen, _columns(chosen))
        records = dict((row[PATH], typed[row[PATH]]) if row[WHOLE] is None else _read_whole(row[WHOLE]) for row in rows)
    if len(records) != len(rows):
        raise CorruptEntryError("a path given twice")
    return records


_FAILURES = (CorruptEntryError, TypeError, ValueError, KeyError, RecursionError, OverflowError)


def decode_rows(rows: Sequence[_Row]) -> dict[str, SourceRecord]:
    """The records of ``rows`` (as :func:`record_row` makes them), by path; raises :class:`CorruptEntryError`
    if any row is not what this version writes."""
    try:
        return _decode(rows)
    except CorruptEntryError:
        raise
    except _FAILURES as exc:
        raise CorruptEntryError(f"{type(exc).__name__}: {exc}") from exc


def read_rows(rows: Sequence[_Row]) -> tuple[dict[str, SourceRecord], list[object]]:
    """The records of every row that reads back, by path, and the keys (``path`` column) of the rows that do not.

    All rows are read in bulk; only when that fails is each row read alone, to find the ones to drop.
    """
    try:
        return decode_rows(rows), []
    except CorruptEntryError:
        pass
    records: dict[str, SourceRecord] = {}
    unreadable: list[object] = []
    for row in rows:
        try:
            records.update(decode_rows([row]))
        except CorruptEntryError:
            unreadable.append(row[PATH] if row else None)
    return records, unreadable
