"""Front-matter and file-name dates, read the way Jekyll (or Hugo) reads them.

Jekyll (YAML 1.1 through Psych) reads an *unquoted* timestamp without an offset as UTC and shows
it in the site time zone (jekyll#1273), while date-only values, file-name dates and quoted strings
are local to the site. Permalinks are built from Jekyll's reading, so :func:`read_date` always
returns that reading (``jekyll``) beside the one newsfmt shows (``shown``), which differs only
when ``naive_dates`` is ``local``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from .ruby_dates import ruby_time_parse

__all__ = ["ReadDate", "parse_date_string", "read_date"]

_DATE_STRING = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
    \s*(?:(?P<z>Z|UTC|GMT|[-+]\d{1,2}(?::?\d{2})?)\s*)?$""",  # not \s*(z)?\s*$: quadratic on a run of spaces
    re.X,
)


@dataclass(frozen=True, slots=True)
class ReadDate:
    """A date as newsfmt shows it, as Jekyll reads it (for URLs), and the rule that applied."""

    shown: datetime
    jekyll: datetime
    rule: str
    warning: str | None = None
    """Set when the value is not a date newsfmt reads as written, only one Ruby's ``Time.parse`` makes sense of."""


def read_date(value: object, tz: tzinfo, *, naive_local: bool = False, ruby_strings: bool = False) -> ReadDate:
    """Read a front-matter ``date`` value; raise ValueError with a readable reason.

    With ``ruby_strings`` (Jekyll), a string no stricter rule reads is read as Ruby's ``Time.parse`` reads it
    (``11-9-2017`` is 11 September), and the result carries a warning.

    >>> from zoneinfo import ZoneInfo
    >>> read_date(datetime(2021, 12, 8, 10, 46, 18), ZoneInfo("Asia/Shanghai")).shown.isoformat()
    '2021-12-08T18:46:18+08:00'
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            instant = value.astimezone(tz)
            return ReadDate(instant, instant, "offset given")
        as_utc = _with_zone(value, UTC).astimezone(tz)
        if naive_local:
            return ReadDate(_with_zone(value, tz), as_utc, "no offset: site time zone (naive_dates: local)")
        return ReadDate(as_utc, as_utc, "no offset: UTC, as Jekyll reads it")
    if isinstance(value, date):
        local = datetime.combine(value, time(), tz)
        return ReadDate(local, local, "date only: midnight, site time zone")
    if isinstance(value, str):
        match = _DATE_STRING.match(value)
        if ruby_strings and match is None:
            return _read_as_ruby(value, tz)
        parsed, has_offset = parse_date_string(value, tz) if match is None else _from_match(match, value, tz)
        rule = "offset given" if has_offset else "quoted, no offset: site time zone"
        return ReadDate(parsed, parsed, rule)
    raise ValueError(f"expected a date like 2021-12-31 07:55:46 +0800, got {value!r}")


def _read_as_ruby(value: str, tz: tzinfo) -> ReadDate:
    """A string that is not ``2021-12-31 07:55:46 +0800``: read as Ruby reads it; warn unless it is an RFC 2822 date
    that means the same read strictly."""
    try:
        parsed, _ = ruby_time_parse(value, tz)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} ({exc}; expected e.g. 2021-12-31 07:55:46 +0800)") from None
    try:
        strictly = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        strictly = None
    if strictly is not None and strictly.tzinfo is not None and strictly == parsed:
        return ReadDate(parsed, parsed, "RFC 2822 date")
    warning = f"{value!r} is not a plain date; read as Jekyll (Ruby's Time.parse) reads it: {parsed.isoformat()}"
    return ReadDate(parsed, parsed, "read as Ruby's Time.parse reads it", warning)


def parse_date_string(text: str, tz: tzinfo) -> tuple[datetime, bool]:
    """Parse a date string as Ruby's ``Time.parse`` reads the shapes posts use; offset-less means ``tz``.

    Returns the aware datetime (in ``tz``) and whether the string carried its own offset.

    >>> from zoneinfo import ZoneInfo
    >>> parse_date_string("2021-12-31 07:55:46 +0800", ZoneInfo("UTC"))[0].isoformat()
    '2021-12-30T23:55:46+00:00'
    """
    match = _DATE_STRING.match(text)
    if match is not None:
        return _from_match(match, text, tz)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date: {text!r} (expected e.g. 2021-12-31 07:55:46 +0800)") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz), False
    return parsed.astimezone(tz), True


def _from_match(match: re.Match[str], text: str, tz: tzinfo) -> tuple[datetime, bool]:
    """:func:`parse_date_string` of a string ``_DATE_STRING`` matched."""
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    # Made in its zone at once: datetime.replace(tzinfo=...) costs more than the rest of the reading.
    try:
        made = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int(fraction[:6].ljust(6, "0")) if fraction else 0,
            tz if zone is None else _offset(zone),
        )
    except ValueError as exc:
        raise ValueError(f"not a valid date: {text!r} ({exc})") from None
    return (made, False) if zone is None else (made.astimezone(tz), True)


def _with_zone(value: datetime, zone: tzinfo) -> datetime:
    """``value.replace(tzinfo=zone)``, at a fraction of its cost."""
    return datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        zone,
        fold=value.fold,
    )


@functools.lru_cache(maxsize=64)
def _offset(zone: str) -> tzinfo:
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
