"""How the build cache writes articles and source records: plain JSON, read back only as what this version writes.

A cache under OUT is data that others may write, so it is never unpickled. Each article is a JSON array of its
fields in order; front-matter values keep their types through a few tagged arrays (``["d", "2021-01-02"]`` for a
date, ``["m", key, value, …]`` for a mapping, ``["l", …]`` for a list …). Datetimes keep their wall time, ``fold``
and time zone (an IANA zone by name, a fixed offset, or none), so every field reads back equal and of the same
type as it was written. Reading checks every value's type: anything else raises :class:`CorruptEntryError`, and the
caller throws the entry away and reads the post again. The build index keeps its source records in typed columns
(:mod:`.index_format`), with this JSON for the values that need it (and a whole record as ``_record`` writes it
when its strings are not all UTF-8).
"""

from __future__ import annotations

import base64
import binascii
import json
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from itertools import product
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from ..model import Article, Author, FrozenMapping, Problem, _PicklesByFields
from ..readers.reading import Publication

__all__ = [
    "CorruptEntryError",
    "SourceRecord",
    "decode_article",
    "encode_article",
]


@dataclass(frozen=True, slots=True)
class SourceRecord(_PicklesByFields):
    """What one source file gave the last time it was read."""

    signature: tuple[int, int]
    """``(mtime_ns, size)`` of the file when it was read."""
    key: str
    """Content key of the file."""
    article: Article | None
    """The article without its body (``body_html`` and ``text`` empty), or None for a problem file."""
    problems: tuple[Problem, ...] = ()
    """Problems reading it gave."""
    publication: Publication | None = None
    """What decides, on each build, whether the post is published (None for a problem file)."""
    cacheable: bool = True
    """False for bodies whose rendering depends on other posts (``post_url``, ``link``)."""
    text_path: str = ""
    """Where the build writes the article's text, relative to OUT (before numbering a collision)."""


class CorruptEntryError(ValueError):
    """A cache entry that is not what this version of newsfmt writes."""


def _dumps(value: Any) -> bytes:
    # Lone surrogates (a file name that is not UTF-8, kept by surrogateescape) pass through as they are.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _loads(data: object) -> Any:
    if not isinstance(data, bytes):
        raise CorruptEntryError("not bytes")
    try:
        return json.loads(data)  # bytes are decoded with surrogatepass, the counterpart of _dumps
    except (ValueError, RecursionError) as exc:
        raise CorruptEntryError(str(exc)) from exc


# Writing


def _zone(zone: tzinfo | None) -> Any:
    """A time zone as JSON: null, an IANA name, or ``[offset in microseconds, name or null]``."""
    if zone is None:
        return None
    if type(zone) is ZoneInfo and zone.key is not None:
        return zone.key
    if type(zone) is timezone:
        offset = zone.utcoffset(None)
        name = zone.tzname(None)
        return [offset // timedelta(microseconds=1), None if name == timezone(offset).tzname(None) else name]
    raise TypeError(f"the build cache cannot store the time zone {zone!r}")


def _moment(value: datetime) -> list[Any]:
    return [value.replace(tzinfo=None).isoformat(), value.fold, _zone(value.tzinfo)]


def _tagged(tag: str, items: Any) -> list[Any]:
    return [tag, *map(_value, items)]


def _pairs(mapping: Mapping[Any, Any]) -> list[Any]:
    flat: list[Any] = ["m"]
    for key, item in mapping.items():
        flat += (_value(key), _value(item))
    return flat


_PLAIN = frozenset({str, int, float, bool, type(None)})
_TAGGED: dict[type, Callable[[Any], list[Any]]] = {
    list: lambda value: _tagged("l", value),
    tuple: lambda value: _tagged("t", value),
    set: lambda value: _tagged("s", value),
    frozenset: lambda value: _tagged("f", value),
    dict: _pairs,
    date: lambda value: ["d", value.isoformat()],
    datetime: lambda value: ["dt", *_moment(value)],
    time: lambda value: ["tm", value.replace(tzinfo=None).isoformat(), value.fold, _zone(value.tzinfo)],
    bytes: lambda value: ["b", base64.b64encode(value).decode("ascii")],
}


def _value(value: Any) -> Any:
    """A front-matter value (what YAML, TOML and JSON loaders make) as JSON."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    encode = _TAGGED.get(kind)
    if encode is None:
        raise TypeError(f"the build cache cannot store a front-matter value of type {kind.__name__}")
    return encode(value)


def _author(author: Author) -> list[Any]:
    return [author.name, author.email, author.url]


def _path(path: Path | None) -> str | None:
    return None if path is None else str(path)


_names_and_links = operator.attrgetter("url", "permalink", "slug", "lang", "source_url", "source_name", "image")
"""An article's fields from ``url`` to ``image``, in order: plain strings, or None."""


def _problem(problem: Problem) -> list[Any]:
    return [_path(problem.path), problem.line, problem.message, problem.severity]


def _article(article: Article) -> list[Any]:
    return [
        article.id,
        article.title,
        _moment(article.date),
        None if article.updated is None else _moment(article.updated),
        article.categories,
        article.tags,
        [_author(author) for author in article.authors],
        article.summary,
        article.body_html,
        article.text,
        *_names_and_links(article),
        _path(article.path),
        article.date_rule,
        _pairs(article.extra),
    ]


def _record(record: SourceRecord) -> list[Any]:
    publication = record.publication
    mtime, size = record.signature
    return [
        mtime,
        size,
        record.key,
        record.cacheable,
        record.text_path,
        list(map(_problem, record.problems)),
        None
        if publication is None
        else [
            publication.published,
            publication.draft,
            _moment(publication.date),
            None if publication.expires is None else _moment(publication.expires),
        ],
        None if record.article is None else _article(record.article),
    ]


def encode_article(article: Article) -> bytes:
    """An article as the cache stores it; raises TypeError for a value no reader makes."""
    return _dumps(_article(article))


# Reading: every value checked, exact types (a bool is no int, a float no int)


def _corrupt(what: str, value: object) -> CorruptEntryError:
    return CorruptEntryError(f"expected {what}, found {type(value).__name__}")


def _str(value: object) -> str:
    if type(value) is not str:
        raise _corrupt("a string", value)
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise _corrupt("an integer", value)
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise _corrupt("true or false", value)
    return value


def _list(value: object, length: int | None = None) -> list[Any]:
    if type(value) is not list:
        raise _corrupt("a list", value)
    return value if length is None else _exactly(value, length)


def _exactly(items: list[Any], length: int) -> list[Any]:
    if len(items) != length:
        raise CorruptEntryError(f"{len(items)} items where {length} belong")
    return items


def _optional(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else read(value)


def _strings(value: object) -> tuple[str, ...]:
    if not _ONLY_STR.issuperset(map(type, _list(value))):
        raise CorruptEntryError("expected strings")
    return tuple(value)  # type: ignore[arg-type]


_ONLY_STR = frozenset({str})
_ZONES: dict[str, tzinfo] = {}
"""IANA zones by name, looked up once per process (the index has one or two, a hundred thousand times)."""


def _read_zone(value: object) -> tzinfo | None:
    if value is None:
        return None
    if type(value) is str:
        zone = _ZONES.get(value)
        if zone is None:
            try:
                zone = _ZONES[value] = ZoneInfo(value)
            except (ValueError, OSError) as exc:  # ZoneInfoNotFoundError, a KeyError: caught where entries are read
                raise CorruptEntryError(f"no time zone {value!r}") from exc
        return zone
    offset, name = _list(value, 2)
    try:
        delta = timedelta(microseconds=_int(offset))
        return timezone(delta) if name is None else timezone(delta, _str(name))
    except (ValueError, OverflowError) as exc:
        raise CorruptEntryError(str(exc)) from exc


def _wall(parse: Callable[[str], Any], wall: object, fold: object, zone: object) -> Any:
    """A datetime or time from its wall time (ISO 8601, no offset), fold and zone."""
    if type(wall) is not str or type(fold) is not int:
        raise CorruptEntryError("a date or time of the wrong shape")
    tz = _ZONES.get(zone) if type(zone) is str else None
    try:
        parsed = parse(wall)
        if parsed.tzinfo is not None:
            raise CorruptEntryError("a time zone given twice")
        return parsed.replace(tzinfo=tz or _read_zone(zone), fold=fold)
    except (ValueError, OverflowError) as exc:  # CorruptEntryError is a ValueError: raised as it is
        raise exc if isinstance(exc, CorruptEntryError) else CorruptEntryError(str(exc)) from exc


def _read_moment(value: object) -> datetime:
    """An aware datetime (an article's or a publication's dates are never naive)."""
    if type(value) is not list or len(value) != 3 or value[2] is None:
        raise CorruptEntryError("a date of the wrong shape")
    return cast(datetime, _wall(datetime.fromisoformat, *value))


def _read_date(text: object) -> date:
    try:
        return date.fromisoformat(_str(text))
    except ValueError as exc:
        raise CorruptEntryError(str(exc)) from exc


def _read_bytes(text: object) -> bytes:
    try:
        return base64.b64decode(_str(text), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise CorruptEntryError(str(exc)) from exc


def _read_pairs(items: list[Any]) -> dict[Any, Any]:
    if len(items) % 2:
        raise CorruptEntryError("a mapping with a key and no value")
    values = list(map(_read_value, items))
    try:
        return dict(zip(values[::2], values[1::2], strict=True))
    except TypeError as exc:  # an unhashable key
        raise CorruptEntryError(str(exc)) from exc


def _read_set(items: list[Any]) -> set[Any]:
    try:
        return set(map(_read_value, items))
    except TypeError as exc:
        raise CorruptEntryError(str(exc)) from exc


def _read_frozenset(items: list[Any]) -> frozenset[Any]:
    return frozenset(_read_set(items))


_READ_TAGGED: dict[str, Callable[[list[Any]], Any]] = {
    "l": lambda items: list(map(_read_value, items)),
    "t": lambda items: tuple(map(_read_value, items)),
    "s": _read_set,
    "f": _read_frozenset,
    "m": _read_pairs,
    "d": lambda items: _read_date(*_exactly(items, 1)),
    "dt": lambda items: _wall(datetime.fromisoformat, *_exactly(items, 3)),
    "tm": lambda items: _wall(time.fromisoformat, *_exactly(items, 3)),
    "b": lambda items: _read_bytes(*_exactly(items, 1)),
}


def _read_value(value: object) -> Any:
    if type(value) in _PLAIN:
        return value
    items = _list(value)
    read = _READ_TAGGED.get(items[0]) if items and type(items[0]) is str else None
    if read is None:
        raise CorruptEntryError("a front-matter value of no known kind")
    return read(items[1:])


def _read_extra(value: object) -> FrozenMapping:
    items = _list(value)
    if items == _NO_EXTRA:
        return FrozenMapping()
    if not items or items[0] != "m":
        raise CorruptEntryError("front matter that is not a mapping")
    extra = _read_pairs(items[1:])
    if not all(type(key) is str for key in extra):
        raise CorruptEntryError("front matter with a key that is not a string")
    return FrozenMapping(extra)


_NO_EXTRA = ["m"]


def _read_author(value: object) -> Author:
    name, email, url = _list(value, 3)
    return Author(_str(name), _optional_str(email), _optional_str(url))


def _read_path(value: object) -> Path:
    return Path(_str(value))


_optional_str = _optional(_str)
_PLAIN_FIELDS = (0, 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
"""Where an article's strings are in its row: id, title, summary … date_rule (see ``_article``)."""
_OPTIONAL_FIELDS = frozenset({10, 14, 15, 16, 17})  # url, source_url, source_name, image, path
_plain_fields = operator.itemgetter(*_PLAIN_FIELDS)
_PLAIN_SHAPES = frozenset(
    product(*(((str, type(None)) if index in _OPTIONAL_FIELDS else (str,)) for index in _PLAIN_FIELDS))
)
"""Every allowed tuple of the plain fields' types: one lookup checks them all."""


def _read_article(value: object) -> Article:
    row = _list(value, 20)
    if tuple(map(type, _plain_fields(row))) not in _PLAIN_SHAPES:
        raise CorruptEntryError("an article field of the wrong type")
    (id_, title, moment, updated, categories, tags, authors, summary, body_html, text, url, permalink, slug, lang,
     source_url, source_name, image, path, date_rule, extra) = row  # fmt: skip
    return Article(
        id_,
        title,
        _read_moment(moment),
        None if updated is None else _read_moment(updated),
        _strings(categories),
        _strings(tags),
        tuple(map(_read_author, _list(authors))),
        summary,
        body_html,
        text,
        url,
        permalink,
        slug,
        lang,
        source_url,
        source_name,
        image,
        None if path is None else Path(path),
        date_rule,
        _read_extra(extra),
    )


def _read_problem(value: object) -> Problem:
    path, line, message, severity = _list(value, 4)
    if severity not in ("error", "warning"):
        raise CorruptEntryError(f"no severity {severity!r}")
    return Problem(_optional(_read_path)(path), _optional(_int)(line), _str(message), severity)


def _read_publication(value: object) -> Publication:
    published, draft, moment, expires = _list(value, 4)
    return Publication(_bool(published), _bool(draft), _read_moment(moment), _optional(_read_moment)(expires))


_OPTIONAL_LIST = (list, type(None))
_RECORD_SHAPES = frozenset(product((int,), (int,), (str,), (bool,), (str,), (list,), _OPTIONAL_LIST, _OPTIONAL_LIST))
"""Every allowed tuple of the types of a record's fields (see ``_record``): one lookup checks them all."""


def _read_record(value: object) -> SourceRecord:
    if type(value) is not list or tuple(map(type, value)) not in _RECORD_SHAPES:
        raise CorruptEntryError("a source record of the wrong shape")
    mtime, size, key, cacheable, text_path, problems, publication, article = value
    return SourceRecord(
        (mtime, size),
        key,
        None if article is None else _read_article(article),
        tuple(map(_read_problem, problems)),
        None if publication is None else _read_publication(publication),
        cacheable,
        text_path,
    )


def _checked(read: Callable[[Any], Any], data: object) -> Any:
    """``read(JSON of data)``, any failure of a malformed entry raised as :class:`CorruptEntryError`."""
    try:
        return read(_loads(data))
    except CorruptEntryError:
        raise
    except (TypeError, ValueError, KeyError, RecursionError, OverflowError) as exc:
        raise CorruptEntryError(f"{type(exc).__name__}: {exc}") from exc


def decode_article(data: object) -> Article:
    """The article :func:`encode_article` wrote; raises :class:`CorruptEntryError` for anything else."""
    return cast(Article, _checked(_read_article, data))
