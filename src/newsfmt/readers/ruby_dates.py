"""Front-matter date strings read as Ruby's ``Time.parse`` reads them, which is what Jekyll does.

Jekyll passes ``date.to_s`` to ``Time.parse``, whose ``Date._parse`` is a lenient scanner: it tries a fixed series of
shapes (weekday, time of day and zone, ``27 Sep 2018``, ``Sep 27 2018``, ``2018-09-27``, ``27/9/2018``,
``2018.09.27``, ``'18``, a bare month, ``27th``, a run of digits) and takes the *first* match of each, ignoring the
rest of the text: ``2018-09-27 及 2018-09-28`` is 27 September, ``11-9-2017`` is 11 September (a year found last
moves to the front), ``2018-09-27 00:10::00`` is ten past midnight. :func:`ruby_time_parse` follows those rules for
the shapes that give a whole date; a string without a year is refused, since Ruby would take the year (and month and
day) of the day of the build, so the post's URL would change with the calendar. Checked against Ruby 3.1 in
``tests/readers/test_ruby_dates.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

__all__ = ["ruby_time_parse"]

_ABBR_DAYS = "sun|mon|tue|wed|thu|fri|sat"
_ABBR_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))?"
_NOISE = re.compile(r"(?:[^-+',./:@\[\]\w]|_)+")


def _rx(pattern: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    """Ruby's ``\\d`` and ``\\s`` are ASCII: so are these."""
    return re.compile(pattern, re.ASCII | (re.IGNORECASE if ignore_case else 0))


_DAY = _rx(rf"\b({_ABBR_DAYS})[^-/\d\s]*")
_TIME = _rx(
    r"((?:\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|\d+\s*h(?:\s*\d+m?(?:\s*\d+s?)?)?)(?:\s*[ap](?:m\b|\.m\.))?"
    r"|\d+\s*[ap](?:m\b|\.m\.))"
    r"(?:\s*((?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?|[^\W\d_.]+(?:\sdst)?\b))?"
)
_TIME_PARTS = _rx(r"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?")
_EU = _rx(rf"('?\d+)[^-\d\s]*\s*({_ABBR_MONTHS})[^-\d\s']*(?:\s*{_ERA}\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?))?")
_US = _rx(rf"\b({_ABBR_MONTHS})[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*,?\s*{_ERA}\s*('?-?\d+))?")
_ISO = _rx(r"('?[-+]?\d+)-(\d+)-('?-?\d+)", ignore_case=False)
_VMS_DMY = _rx(rf"('?-?\d+)-({_ABBR_MONTHS})[^-/.]*-('?-?\d+)")
_VMS_MDY = _rx(rf"\b({_ABBR_MONTHS})[^-/.]*-('?-?\d+)(?:-('?-?\d+))?")
_SLA = _rx(r"('?-?\d+)/\s*('?\d+)(?:\D\s*('?-?\d+))?")
_DOT = _rx(r"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)")
_JIS = _rx(r"\b([mtsh])(\d+)\.(\d+)\.(\d+)")
_ISO2 = _rx(r"\b(\d{2}|\d{4})?-?w(\d{2})(?:-?(\d))?\b|-w-(\d)\b|--(\d{2})?-(\d{2})\b|--(\d{2})(\d{2})?\b|\b-?\d{3}\b")
_YEAR = _rx(r"'(\d+)\b", ignore_case=False)
_MON = _rx(rf"\b({_ABBR_MONTHS})\S*")
_MDAY = _rx(r"(\d+)(st|nd|rd|th)\b")
_DDD = _rx(r"([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?(?:\s*(z\b|[-+]\d{1,4}\b|\[[-+]?\d[^\]]*\]))?")
_BC = _rx(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)")
_FRAG = _rx(r"\A\s*(\d{1,2})\s*\Z")

# Time.zone_offset's names (time.rb); any other word is a zone Ruby cannot place, read in the local zone.
_ZONE_HOURS = {"UTC": 0, "Z": 0, "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5}
_ZONE_HOURS |= {"MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
_ZONE_HOURS |= {chr(c): c - ord("A") + 1 for c in range(ord("A"), ord("I") + 1)}
_ZONE_HOURS |= {chr(c): c - ord("A") for c in range(ord("K"), ord("M") + 1)}
_ZONE_HOURS |= {chr(c): ord("M") - c - 1 for c in range(ord("N"), ord("Y") + 1)}
_NUMERIC_ZONE = re.compile(r"\A([+-])([0-9]{2})(:?)([0-9]{2})(?:\3([0-9]{2}))?\Z|\A([+-][0-9]{2})\Z")


_LONGEST = 200
"""Longer text is not scanned: Ruby's patterns, run at every position, take quadratic time on a long run of digits."""


@dataclass
class _Fields:
    """What ``Date._parse`` found; ``comp`` is whether a two-digit year gets its century."""

    year: int | None = None
    mon: int | None = None
    mday: int | None = None
    hour: int | None = None
    min: int | None = None
    sec: int | None = None
    fraction: str | None = None
    zone: str | None = None
    comp: bool = True
    bc: bool = False


class _Scan:
    """The text being scanned: each shape found is blanked out, as ``Date._parse`` does."""

    def __init__(self, text: str) -> None:
        self.text = _NOISE.sub(" ", text)

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.search(self.text)
        if match is not None:
            self.text = self.text[: match.start()] + " " + self.text[match.end() :]
        return match

    def has(self, *classes: str) -> bool:
        return all(re.search(c, self.text) for c in classes)


def _signed_number(value: str) -> tuple[str, bool]:
    """The first signed number of ``value`` (as Ruby's C scanner reads it) and whether text follows it."""
    start = re.search("[-+0-9]", value)
    if start is None:
        return "", False
    number = re.match("[-+]?[0-9]*", value[start.start() :])
    assert number is not None
    return number.group(), start.start() + number.end() < len(value)


def _s3e(fields: _Fields, y: str | None, m: str | None, d: str | None, *, bc: bool = False) -> None:
    """Ruby's rule for three numbers whose order is unknown: the one that looks like a year becomes the year."""
    y, m, d = _year_first(y, m, d)
    number = _signed_number(y)[0] if y is not None else ""
    if number:
        digits = number.lstrip("+-")
        if digits != number or len(digits) > 2:
            fields.comp = False
        fields.year = int(number) if digits else 0
    fields.bc = fields.bc or bc
    if m is not None and (month := re.search("[0-9]+", m)):
        fields.mon = int(month.group())
    if d is not None and (day := re.search("[0-9]+", d)):
        fields.mday = int(day.group())


def _year_first(y: str | None, m: str | None, d: str | None) -> tuple[str | None, str | None, str | None]:
    """Reorder (year, month, day): a number of more than two digits, or written ``'17``, is the year."""
    if y is not None and m is not None and d is None:
        y, m, d = d, y, m
    if y is None and d is not None and (len(d) > 2 or d.startswith("'")):
        y, d = d, None
    if y is not None:
        number, followed = _signed_number(y)
        if number and followed:
            y, d = d, number
    if m is not None and (m.startswith("'") or len(m) > 2):
        y, m, d = m, d, y
    if d is not None and (d.startswith("'") or len(d) > 2):
        y, d = d, y
    return y, m, d


def _month_number(name: str) -> str:
    return str(_ABBR_MONTHS.split("|").index(name[:3].lower()) + 1)


def _time(scan: _Scan, fields: _Fields) -> None:
    match = scan.take(_TIME)
    if match is None:
        return
    fields.zone = match.group(2)
    parts = _TIME_PARTS.match(match.group(1))
    if parts is None:
        return
    hour, minute, second, fraction, meridian = parts.groups()
    fields.hour = int(hour)
    if meridian is not None:
        fields.hour = fields.hour % 12 + (12 if meridian.lower() == "p" else 0)
    fields.min = int(minute) if minute is not None else None
    fields.sec = int(second) if second is not None else None
    fields.fraction = fraction


def _ordered(pattern: re.Pattern[str], order: str) -> Callable[[_Scan, _Fields], bool]:
    """A shape of three numbers read in ``order`` (``ymd``, ``dmy``, ``mdy``; ``e`` an era: ``bc`` makes the year
    negative); a month name becomes its number."""

    def parse(scan: _Scan, fields: _Fields) -> bool:
        match = scan.take(pattern)
        if match is None:
            return False
        found = dict(zip(order, match.groups(), strict=True))
        month = found["m"]
        if month is not None and not month.lstrip("'-").isdigit():
            month = _month_number(month)
        _s3e(fields, found["y"], month, found["d"], bc=(found.get("e") or " ")[0] in "bB")
        return True

    return parse


def _refused(pattern: re.Pattern[str], why: str) -> Callable[[_Scan, _Fields], bool]:
    def parse(scan: _Scan, fields: _Fields) -> bool:
        if pattern.search(scan.text):
            raise ValueError(why)
        return False

    return parse


def _one(pattern: re.Pattern[str], name: str, read: Callable[[str], int] = int) -> Callable[[_Scan, _Fields], bool]:
    """A shape giving one field: ``'17`` a year, ``Sep`` a month, ``11th`` a day."""

    def parse(scan: _Scan, fields: _Fields) -> bool:
        match = scan.take(pattern)
        if match is not None:
            setattr(fields, name, read(match.group(1)))
        return match is not None

    return parse


def _ddd(scan: _Scan, fields: _Fields) -> bool:
    """A run of digits: ``20170911``, ``20170911T1000``, ``0911``; the shapes giving a day of the year are refused."""
    match = scan.take(_DDD)
    if match is None:
        return False
    sign, digits, clock, fraction, zone = match.groups()
    if fraction is not None or (zone or "").startswith("["):
        raise ValueError("digits with a fraction or a bracketed zone")
    if len(digits) % 2:
        raise ValueError("digits read as a day of the year")
    pairs = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    if len(digits) == 2:
        fields.mday = pairs[0]
    elif len(digits) == 4:
        fields.mon, fields.mday = pairs
    elif len(digits) == 6:
        fields.year, fields.mon, fields.mday = (-pairs[0] if sign == "-" else pairs[0]), pairs[1], pairs[2]
    else:
        year = int(digits[:4])
        fields.year, fields.mon, fields.mday, fields.comp = (-year if sign == "-" else year), pairs[2], pairs[3], False
        _set_clock(fields, pairs[4:])
    if clock is not None and len(clock) % 2 == 0:
        _set_clock(fields, [int(clock[i : i + 2]) for i in range(0, len(clock), 2)])
    if zone is not None:
        fields.zone = zone
    return True


def _set_clock(fields: _Fields, numbers: list[int]) -> None:
    """Hour, minute and second from the numbers there are (none, some or all)."""
    if numbers:
        fields.hour = numbers[0]
    if len(numbers) > 1:
        fields.min = numbers[1]
    if len(numbers) > 2:
        fields.sec = numbers[2]


_DATE_SHAPES: tuple[tuple[tuple[str, ...], Callable[[_Scan, _Fields], bool]], ...] = (
    (("[A-Za-z]", "[0-9]"), _ordered(_EU, "dmey")),
    (("[A-Za-z]", "[0-9]"), _ordered(_US, "mdey")),
    (("[0-9]", "-"), _ordered(_ISO, "ymd")),
    (("[0-9]", r"\."), _refused(_JIS, "a Japanese era date")),
    (("[A-Za-z]", "[0-9]", "-"), _ordered(_VMS_DMY, "dmy")),
    (("[A-Za-z]", "[0-9]", "-"), _ordered(_VMS_MDY, "mdy")),
    (("[0-9]", "/"), _ordered(_SLA, "ymd")),
    (("[0-9]", r"\."), _ordered(_DOT, "ymd")),
    (("[0-9]",), _refused(_ISO2, "an ISO week or day-of-year date")),
    (("[0-9]",), _one(_YEAR, "year")),
    (("[A-Za-z]",), _one(_MON, "mon", lambda name: int(_month_number(name)))),
    (("[0-9]",), _one(_MDAY, "mday")),
    (("[0-9]",), _ddd),
)


def _date_parse(text: str) -> _Fields:
    """``Date._parse(text)`` for the fields ``Time.parse`` uses; raise ValueError for a shape not followed."""
    scan, fields = _Scan(text), _Fields()
    if scan.has("[A-Za-z]"):
        scan.take(_DAY)
    if scan.has("[0-9]"):
        _time(scan, fields)
    for classes, shape in _DATE_SHAPES:
        if scan.has(*classes) and shape(scan, fields):
            break
    if scan.has("[A-Za-z]") and scan.take(_BC):
        fields.bc = True
    if scan.has("[0-9]"):
        _frag(scan, fields)
    if fields.bc and fields.year is not None:
        fields.year = 1 - fields.year
    if fields.comp and fields.year is not None and 0 <= fields.year <= 99:
        fields.year += 1900 if fields.year >= 69 else 2000
    return fields


def _frag(scan: _Scan, fields: _Fields) -> None:
    match = scan.take(_FRAG)
    if match is None:
        return
    number = int(match.group(1))
    if fields.hour is not None and fields.mday is None and 1 <= number <= 31:
        fields.mday = number
    if fields.mday is not None and fields.hour is None and 0 <= number <= 24:
        fields.hour = number


def _zone_offset(zone: str) -> tzinfo | None:
    """``Time.zone_offset``: ``+08:00``, ``+0800``, ``+08``, and the US and military names; else None."""
    numeric = _NUMERIC_ZONE.match(zone.upper())
    if numeric is not None:
        sign, hours, _, minutes, seconds, short = numeric.groups()
        if short is not None:
            return timezone(timedelta(hours=int(short)))
        delta = timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
        return timezone(-delta if sign == "-" else delta)
    hours_east = _ZONE_HOURS.get(zone.upper())
    return timezone(timedelta(hours=hours_east)) if hours_east is not None else None


def _given(number: int | None, default: int) -> int:
    return default if number is None else number


def _ranges(mon: int, mday: int, hour: int, minute: int, second: int) -> tuple[tuple[str, int, int, int], ...]:
    """Ruby's Time accepts day 31 in any month (rolling over), hour 24 at midnight and second 60."""
    return (
        ("month", mon, 1, 12),
        ("day", mday, 1, 31),
        ("hour", hour, 0, 24),
        ("minute", minute, 0, 59),
        ("second", second, 0, 60),
    )


def ruby_time_parse(text: str, tz: tzinfo) -> tuple[datetime, bool]:
    """Read ``text`` as Jekyll's ``Time.parse`` does; an offset-less date is in ``tz``.

    Returns the aware datetime (in ``tz``) and whether the text named its own offset; raise ValueError when Ruby
    would fail, or would fill the year from the day of the build.

    >>> from datetime import UTC
    >>> ruby_time_parse("2018-09-27 及 2018-09-28", UTC)[0].isoformat()
    '2018-09-27T00:00:00+00:00'
    >>> ruby_time_parse("11-9-2017", UTC)[0].isoformat()
    '2017-09-11T00:00:00+00:00'
    """
    if len(text) > _LONGEST:
        raise ValueError(f"{len(text)} characters are too many for a date")
    fields = _date_parse(text)
    mon, mday = _given(fields.mon, 1), _given(fields.mday, 1)
    hour, minute, second = _given(fields.hour, 0), _given(fields.min, 0), _given(fields.sec, 0)
    for name, number, low, high in _ranges(mon, mday, hour, minute, second):
        if not low <= number <= high:
            raise ValueError(f"{name} {number} is out of range")
    if hour == 24 and (minute or second):
        raise ValueError("hour 24 is out of range")
    if fields.year is None:
        raise ValueError("no year: Jekyll would take the day of the build")
    if not 1 <= fields.year <= 9999:
        raise ValueError(f"year {fields.year} cannot be written in a feed")
    micro = int((fields.fraction or "0")[:6].ljust(6, "0"))
    start = datetime(fields.year, mon, 1)  # Ruby's Time rolls 30 February over into March
    naive = start + timedelta(days=mday - 1, hours=hour, minutes=minute, seconds=second, microseconds=micro)
    offset = _zone_offset(fields.zone) if fields.zone else None
    if offset is None:
        return naive.replace(tzinfo=tz), False
    return naive.replace(tzinfo=offset).astimezone(tz), True
