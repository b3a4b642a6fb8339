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
from datetime import datetime, tzinfo
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..model import Article, Author, FrozenMapping, Problem
from ..readers.reading import Publication
from .cache_format import (
    CorruptEntryError,
    SourceRecord,
    _moment,
    _pairs,
    _path,
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
(PATH, MTIME, SIZE, KEY, CACHEABLE, TEXT_PATH, PROBLEMS, PUBLISHED, DRAFT, PUB_WALL, PUB_FOLD, PUB_ZONE, EXPIRES,
 ID, TITLE, WALL, FOLD, ZONE, UPDATED, CATEGORIES, TAGS, AUTHORS, SUMMARY, URL, PERMALINK, SLUG, LANG, SOURCE_URL,
 SOURCE_NAME, IMAGE, SOURCE_PATH, DATE_RULE, EXTRA, WHOLE) = range(len(COLUMNS))  # fmt: skip

_NULL: type = type(None)
_STR: frozenset[type] = frozenset({str})
_INT: frozenset[type] = frozenset({int})
_OPTIONAL_STR: frozenset[type] = frozenset({str, _NULL})
_RECORD_TYPES: dict[int, frozenset[type]] = {
    PATH: _STR, MTIME: _INT, SIZE: _INT, KEY: _STR, CACHEABLE: _INT, TEXT_PATH: _STR, PROBLEMS: _STR,
    PUBLISHED: frozenset({int, _NULL}), ID: _OPTIONAL_STR,
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


def _wall(moment: datetime) -> tuple[str, int, str]:
    return moment.replace(tzinfo=None).isoformat(), moment.fold, _text(_zone(moment.tzinfo))


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
        _text(article.categories),
        _text(article.tags),
        _text([[a.name, a.email, a.url] for a in article.authors]),
        article.summary,
        article.url,
        article.permalink,
        article.slug,
        article.lang,
        article.source_url,
        article.source_name,
        article.image,
        _path(article.path),
        article.date_rule,
        _NO_EXTRA if not article.extra else _text(_pairs(article.extra)),
    )


def record_row(rel_path: str, record: SourceRecord) -> _Row:
    """The row of one source record; raises TypeError for a value no reader makes."""
    problems = _text([[_path(p.path), p.line, p.message, p.severity] for p in record.problems])
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


def _columns(rows: Sequence[_Row]) -> list[tuple[Any, ...]]:
    """The rows' values column by column (every row checked to be of the right length first)."""
    return list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)


def _check_types(columns: Sequence[tuple[Any, ...]], types: Mapping[int, frozenset[type]]) -> None:
    for column, allowed in types.items():
        if not allowed.issuperset(map(type, columns[column])):
            raise CorruptEntryError(f"a value of the wrong type in the column {COLUMNS[column]}")


def _bits(columns: Sequence[tuple[Any, ...]], *which: int) -> None:
    for column in which:
        if not _BITS.issuperset(columns[column]):
            raise CorruptEntryError(f"a flag that is neither 0 nor 1 in the column {COLUMNS[column]}")


def _distinct(values: Iterable[Any], read: Callable[[Any], Any]) -> dict[str, Any]:
    """Each distinct JSON text of a column, read once."""
    return {text: read(json.loads(text)) for text in set(values)}


def _moments(columns: Sequence[tuple[Any, ...]], wall: int, fold: int, zone: int) -> list[datetime]:
    """The aware datetimes of three columns (wall time, fold, zone), parsed in bulk."""
    walls = list(map(datetime.fromisoformat, columns[wall]))
    if set(map(attrgetter("tzinfo"), walls)) - {None}:
        raise CorruptEntryError("a time zone given twice")
    _bits(columns, fold)
    zones: dict[str, tzinfo | None] = _distinct(columns[zone], _read_zone)
    if None in zones.values():
        raise CorruptEntryError("a date without a time zone")
    return [
        moment.replace(tzinfo=zones[name], fold=bit)
        for moment, bit, name in zip(walls, columns[fold], columns[zone], strict=True)
    ]


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


def _publications(rows: Sequence[_Row]) -> dict[str, Publication]:
    published = [row for row in rows if row[PUBLISHED] is not None]
    columns = _columns(published)
    _check_types(columns, _PUBLICATION_TYPES)
    _bits(columns, PUBLISHED, DRAFT)
    dates = _moments(columns, PUB_WALL, PUB_FOLD, PUB_ZONE)
    return {
        row[PATH]: Publication(bool(row[PUBLISHED]), bool(row[DRAFT]), date, _read_optional_moment(row[EXPIRES]))
        for row, date in zip(published, dates, strict=True)
    }


def _articles(rows: Sequence[_Row]) -> dict[str, Article]:
    present = [row for row in rows if row[ID] is not None]
    columns = _columns(present)
    _check_types(columns, _ARTICLE_TYPES)
    dates = _moments(columns, WALL, FOLD, ZONE)
    categories = _distinct(columns[CATEGORIES], _strings)
    tags = _distinct(columns[TAGS], _strings)
    authors = _distinct(columns[AUTHORS], _authors)
    articles: dict[str, Article] = {}
    for row, date in zip(present, dates, strict=True):
        extra = row[EXTRA]
        articles[row[PATH]] = Article(
            row[ID],
            row[TITLE],
            date,
            _read_optional_moment(row[UPDATED]),
            categories[row[CATEGORIES]],
            tags[row[TAGS]],
            authors[row[AUTHORS]],
            row[SUMMARY],
            "",
            "",
            row[URL],
            row[PERMALINK],
            row[SLUG],
            row[LANG],
            row[SOURCE_URL],
            row[SOURCE_NAME],
            row[IMAGE],
            None if row[SOURCE_PATH] is None else Path(row[SOURCE_PATH]),
            row[DATE_RULE],
            _EMPTY if extra == _NO_EXTRA else _read_extra(json.loads(extra)),
        )
    return articles


_EMPTY = FrozenMapping()


def _read_whole(text: object) -> tuple[str, SourceRecord]:
    if type(text) is not str:
        raise CorruptEntryError("a record that is not text")
    rel_path, record = json.loads(text)
    if type(rel_path) is not str:
        raise CorruptEntryError("a path that is not text")
    return rel_path, _read_record(record)


def _decode(rows: Sequence[_Row]) -> dict[str, SourceRecord]:
    """Every row as a record, by path, in the rows' order; raises :class:`CorruptEntryError` if any row is not
    what this version writes."""
    if any(type(row) is not tuple or len(row) != len(COLUMNS) for row in rows):
        raise CorruptEntryError("a row of the wrong length")
    typed = [row for row in rows if row[WHOLE] is None]
    columns = _columns(typed)
    _check_types(columns, _RECORD_TYPES)
    _bits(columns, CACHEABLE)
    problems = _distinct(columns[PROBLEMS], _problems)
    publications, articles = _publications(typed), _articles(typed)
    records: dict[str, SourceRecord] = {}
    for row in rows:
        path = row[PATH]
        if row[WHOLE] is not None:
            path, records[path] = _read_whole(row[WHOLE])
            continue
        records[path] = SourceRecord(
            (row[MTIME], row[SIZE]),
            row[KEY],
            articles.get(path),
            problems[row[PROBLEMS]],
            publications.get(path),
            bool(row[CACHEABLE]),
            row[TEXT_PATH],
        )
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
