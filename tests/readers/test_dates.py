from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfmt.readers.dates import _offset, parse_date_string, read_date

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_offsetless_yaml_timestamp_is_utc_shown_in_site_zone() -> None:
    read = read_date(datetime(2021, 12, 8, 10, 46, 18), SHANGHAI)
    assert read.shown.isoformat() == "2021-12-08T18:46:18+08:00"
    assert read.jekyll == read.shown
    assert "UTC" in read.rule


def test_naive_local_option_changes_the_shown_date_but_not_jekylls() -> None:
    read = read_date(datetime(2021, 12, 8, 23, 53, 22), SHANGHAI, naive_local=True)
    assert read.shown.isoformat() == "2021-12-08T23:53:22+08:00"
    assert read.jekyll.isoformat() == "2021-12-09T07:53:22+08:00"
    assert "local" in read.rule


def test_date_only_is_local_midnight() -> None:
    assert read_date(date(2024, 12, 31), SHANGHAI).shown.isoformat() == "2024-12-31T00:00:00+08:00"


def test_aware_datetime_keeps_its_instant() -> None:
    aware = datetime(2008, 10, 18, 10, 20, tzinfo=timezone(timedelta(hours=-6)))
    read = read_date(aware, SHANGHAI)
    assert read.shown == aware
    assert read.shown.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-12-31 07:55:46 +0800", "2021-12-31T07:55:46+08:00"),
        ("2021-12-31 07:55:46 +08:00", "2021-12-31T07:55:46+08:00"),
        ("2010-08-21 18:32:56.000000000 -05:00", "2010-08-22T07:32:56+08:00"),
        ("2021-12-31T07:55:46Z", "2021-12-31T15:55:46+08:00"),
        ("2017-2-5", "2017-02-05T00:00:00+08:00"),
        ("2021-12-31 07:55", "2021-12-31T07:55:00+08:00"),
        ("2021-12-31 07:55:46", "2021-12-31T07:55:46+08:00"),
        ("Sat, 21 Aug 2010 18:32:56 -0500", "2010-08-22T07:32:56+08:00"),
    ],
)
def test_string_shapes(text: str, expected: str) -> None:
    parsed, _ = parse_date_string(text, SHANGHAI)
    assert parsed.isoformat() == expected


@pytest.mark.parametrize("text", [" +0800", "yesterday", "2021-13-45", "", "2021-12-31 25:00:00"])
def test_bad_strings_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date_string(text, SHANGHAI)


def test_other_types_are_refused() -> None:
    with pytest.raises(ValueError, match="expected a date"):
        read_date(2021, SHANGHAI)


_ZONES = st.sampled_from([ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), ZoneInfo("UTC"), UTC])


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["", "Z", "+0800", "-05:30", "+8", "UTC"]),
    st.booleans(),
    st.sampled_from([" ", "T"]),
    _ZONES,
)
def test_a_date_string_reads_as_the_naive_date_placed_in_its_zone(
    moment: datetime, zone: str, fraction: bool, sep: str, tz: ZoneInfo
) -> None:
    """The reading builds the date in its zone at once; it means what the naive date placed with ``replace`` means."""
    text = moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + (f".{moment.microsecond:06d}" if fraction else "")
    text += f" {zone}" if zone else ""
    naive = (moment if fraction else moment.replace(microsecond=0)).replace(fold=0)  # text carries no fold
    expected = naive.replace(tzinfo=_offset(zone)).astimezone(tz) if zone else naive.replace(tzinfo=tz)
    parsed, has_offset = parse_date_string(text, tz)
    assert (parsed, parsed.tzinfo, parsed.fold, has_offset) == (expected, expected.tzinfo, expected.fold, bool(zone))
    read = read_date(text, tz, ruby_strings=True)
    assert (read.shown, read.shown.tzinfo, read.warning) == (expected, expected.tzinfo, None)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)), _ZONES, st.booleans())
def test_a_naive_timestamp_reads_as_placed_with_replace(moment: datetime, tz: ZoneInfo, local: bool) -> None:
    read = read_date(moment, tz, naive_local=local)
    as_utc = moment.replace(tzinfo=UTC).astimezone(tz)
    shown = moment.replace(tzinfo=tz) if local else as_utc
    assert (read.shown, read.shown.tzinfo, read.shown.utcoffset()) == (shown, shown.tzinfo, shown.utcoffset())
    assert (read.jekyll, read.jekyll.tzinfo) == (as_utc, as_utc.tzinfo)
