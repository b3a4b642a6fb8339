"""The usual front matter, read without a YAML parser: ``key: value`` lines and lists of plain values.

Nearly every post's header is a handful of such lines (``title:``, ``date:``, ``categories: [a, b]``, a ``tags:``
list of ``- item`` lines). :func:`load_flat` reads exactly that shape, line by line, and gives up (returns None)
on anything else, for PyYAML to read: block scalars, nesting, anchors, tags, escapes, tabs, continued lines,
flow mappings. What it reads it reads as PyYAML does, because each value is typed by PyYAML's own resolver (the
YAML 1.1 rules that make ``yes`` a bool, ``1:30`` the integer 90 and ``2024-01-01`` a date) and built by PyYAML's
own safe constructors; a value those refuse (a 13th month) is left to PyYAML too, so that its error is reported.
A property test compares the two on generated headers.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["load_flat"]

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))

_UNSURE_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Tabs, carriage returns, other line breaks (NEL, LS, PS), the byte-order mark, and what YAML does not allow."""
_KEY_LINE = re.compile(r"([^\W\d][\w.-]*):(?: +(.*))?")
"""A key at the start of a line (a letter or ``_``, then letters, digits, ``_``, ``.``, ``-``) and its value."""
_ITEM_LINE = re.compile(r"( *)- +(.*)")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"(?: +#.*)?')
_FLOW_LIST = re.compile(r"\[([^\[\]{}#'\"]*)\](?: +#.*)?")
_MAX_KEY = 1000
_MAX_KNOWN_KEYS = 1000
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""The characters a plain value may not start with (but a ``-`` before a digit or a dot: a negative number)."""


class _UnsureError(Exception):
    """This header is left to PyYAML."""


class _Scalars:
    """PyYAML's resolver and safe constructors, the ones its loaders use."""

    def __init__(self) -> None:
        self.resolver: Any = Resolver()  # typed loosely by types-PyYAML
        self.constructor = SafeConstructor()
        self.implicit: dict[str | None, list[Any]] = self.resolver.yaml_implicit_resolvers
        self.keys: set[str] = set()
        """Keys already known to be strings (a site's posts share a few)."""
        self.lines: dict[str, _Line] = {}
        """Lines already read (a site's posts share most: ``layout: post``, a category, a list of tags). Every value
        they hold is one nothing can change (a string, a number, a date, a tuple of them), so that a line read
        again gives what reading it anew gives."""

    def plain(self, text: str) -> Any:
        """A plain scalar as PyYAML types and builds it."""
        if not self.implicit.get(text[:1]) and not self.implicit.get(None):
            return text  # no implicit type starts with this character (most text): a string, as resolve() says
        moment = _POST_TIME.fullmatch(text)
        if moment is not None:
            return _post_time(moment)
        tag = self.resolver.resolve(ScalarNode, text, (True, False))
        if tag == _STR:
            return text  # what construct_yaml_str gives
        if tag not in _SCALAR_TAGS:
            raise _UnsureError  # ``=`` (the value tag), ``<<`` (merge)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, ScalarNode(tag, text))
        except Exception as exc:  # PyYAML reads it and reports the error, with its own words
            raise _UnsureError from exc

    def is_string_key(self, key: str) -> bool:
        """Whether a plain key is a string (``yes:``, ``null:`` and ``true:`` are not), within YAML's length limit."""
        if key in self.keys:
            return True
        if len(key) > _MAX_KEY or self.resolver.resolve(ScalarNode, key, (True, False)) != _STR:
            return False
        if len(self.keys) < _MAX_KNOWN_KEYS:
            self.keys.add(key)
        return True


_POST_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})( [-+][0-9]{4})?")
"""The dates posts are written with, ``2024-01-02 03:04:05`` (a YAML timestamp) and ``2024-01-02 03:04:05 +0800``
(a string in YAML 1.1: its offset would need a colon, or two digits alone)."""


def _post_time(moment: re.Match[str]) -> Any:
    """What PyYAML makes of a :data:`_POST_TIME`: the string for one with an offset, else the naive datetime
    that ``construct_yaml_timestamp`` makes (a 13th month is left to PyYAML, which reports it)."""
    if moment.group(7) is not None:
        return moment.group(0)
    year, month, day, hour, minute, second = map(int, moment.groups()[:6])
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise _UnsureError from exc


_scalars: _Scalars | None = None


def load_flat(header: str) -> dict[str, Any] | None:
    """The header as ``yaml.load`` with PyYAML's safe loader gives it, when it is flat: string keys at the start of
    lines, each with a scalar, a ``[a, b]`` list or ``- item`` lines of scalars; None for any other header (and for
    one without a key).

    >>> load_flat("title: 你好\\ndate: 2024-01-02\\ndraft: no\\ntags: [a, 1]\\n")
    {'title': '你好', 'date': datetime.date(2024, 1, 2), 'draft': False, 'tags': ['a', 1]}
    >>> load_flat("title: |\\n  a block\\n") is None
    True
    """
    global _scalars
    if _UNSURE_CHARACTERS.search(header):
        return None
    if _scalars is None:
        _scalars = _Scalars()
    try:
        mapping = _read_lines(header.split("\n"), _scalars)
    except _UnsureError:
        return None
    return mapping or None


_Line = tuple[int, str, Any]
"""A line read: ``(_KEY, key, value)``, ``(_KEY_ALONE, key, None)`` (a list of ``- item`` lines may follow),
``(_ITEM, indent, value)`` or ``(_SKIPPED, "", None)`` (blank, or a comment). A list value is kept as a tuple, for the
cache holds only values nothing can change: each header is given a list of its own."""
_SKIPPED, _KEY, _KEY_ALONE, _ITEM = range(4)
_BLANK: _Line = (_SKIPPED, "", None)
_MAX_CACHED_LINE = 200
_MAX_CACHED_LINES = 4096


def _read_lines(lines: list[str], scalars: _Scalars) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    items: list[Any] | None = None
    """The list ``- item`` lines add to: that of a key without a value, until the next key."""
    indent: int | None = None
    key = ""
    cache = scalars.lines
    for line in lines:
        read = cache.get(line)
        if read is None:
            read = _read_line(line, scalars)
            if len(line) <= _MAX_CACHED_LINE:
                if len(cache) >= _MAX_CACHED_LINES:
                    cache.clear()  # a site's titles and dates are each seen once: start again with what recurs
                cache[line] = read
        kind, name, value = read
        if kind == _KEY:
            mapping[name] = list(value) if type(value) is tuple else value
            items, indent = None, None
            key = name
        elif kind == _KEY_ALONE:
            mapping[name] = None
            items, indent = [], None
            key = name
        elif kind == _ITEM:
            if items is None or indent not in (None, len(name)):
                raise _UnsureError  # a list item out of place
            indent = len(name)
            if not items:
                mapping[key] = items
            items.append(value)
    return mapping


def _read_line(line: str, scalars: _Scalars) -> _Line:
    """One line of a header, read without the lines around it; raise :class:`_UnsureError`."""
    if not line.strip(" ") or line.lstrip(" ").startswith("#"):
        return _BLANK
    key_line = _KEY_LINE.fullmatch(line)
    if key_line is not None:
        key, value = key_line.group(1), (key_line.group(2) or "").rstrip(" ")
        if not scalars.is_string_key(key):
            raise _UnsureError
        if value and not value.startswith("#"):
            read = _value(value, scalars)
            return (_KEY, key, tuple(read) if type(read) is list else read)
        return (_KEY_ALONE, key, None)
    item_line = _ITEM_LINE.fullmatch(line)
    if item_line is None:
        raise _UnsureError  # a continued value, or nesting
    return (_ITEM, item_line.group(1), _item(item_line.group(2).rstrip(" "), scalars))


def _value(text: str, scalars: _Scalars) -> Any:
    if text.startswith("["):
        flow = _FLOW_LIST.fullmatch(text)
        if flow is None:
            raise _UnsureError
        inner = flow.group(1).strip(" ")
        if not inner:
            return []
        parts = inner.split(",")
        if not parts[-1].strip(" "):
            parts.pop()  # [a, b, ] is [a, b]
        return [_flow_item(part.strip(" "), scalars) for part in parts]
    return _item(text, scalars)


def _item(text: str, scalars: _Scalars) -> Any:
    """A scalar value of a key or of a ``- item`` line (block context), its trailing spaces already cut."""
    if text.startswith("'"):
        quoted = _SINGLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _UnsureError
        return quoted.group(1).replace("''", "'")
    if text.startswith('"'):
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _UnsureError
        return quoted.group(1)
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    if not _starts_plain(text) or ": " in text or text.endswith(":"):
        raise _UnsureError
    return scalars.plain(text)


def _flow_item(text: str, scalars: _Scalars) -> Any:
    """An item of a ``[a, b]`` list: plain, without the characters whose meaning changes inside brackets (``:``
    and ``?``; ``,``, brackets, braces, quotes and ``#`` never reach here)."""
    if not _starts_plain(text) or ":" in text or "?" in text:
        raise _UnsureError
    return scalars.plain(text)


def _starts_plain(text: str) -> bool:
    """Whether a value may be a plain scalar by its start: not empty, not a space, not an indicator (a ``-`` only
    before a digit or a dot: a negative number)."""
    first = text[:1]
    if not first or first.isspace():
        return False
    return first not in _INDICATORS or (first == "-" and text[1:2] != "" and text[1:2] in "0123456789.")
