"""Front-matter date strings read as Ruby's ``Time.parse`` (Jekyll) reads them.

The expectations are what Ruby 3.1 printed for each string under ``TZ=Asia/Shanghai``; where ``ruby`` is installed,
the last test asks it again, so the table cannot drift from Ruby.
"""

from __future__ import annotations

import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest

from newsfmt.readers.dates import read_date
from newsfmt.readers.ruby_dates import ruby_time_parse

SHANGHAI = ZoneInfo("Asia/Shanghai")

RUBY_READS: list[tuple[str, str | None]] = [
    ("11-9-2017", "2017-09-11T00:00:00+08:00"),
    ("2018-09-27 及 2018-09-28", "2018-09-27T00:00:00+08:00"),
    ("2018-09-27 00:10::00", "2018-09-27T00:10:00+08:00"),
    ("2017-02-30", "2017-03-02T00:00:00+08:00"),
    ("11-9-17", "2011-09-17T00:00:00+08:00"),
    ("2018-09-27 10:00 +8", "2018-09-27T10:00:00+08:00"),
    ("2018-09-27 10:00 +08", "2018-09-27T10:00:00+08:00"),
    ("2018-09-27 10:00 CST", "2018-09-28T00:00:00+08:00"),
    ("2018-09-27 10:00 UTC+8", "2018-09-27T10:00:00+08:00"),
    ("2018-09-27 10:00 PM", "2018-09-27T22:00:00+08:00"),
    ("2018-09-27 10:00 pm +0800", "2018-09-27T22:00:00+08:00"),
    ("Sep 2017", "2017-09-01T00:00:00+08:00"),
    ("2017/09/11 10:00", "2017-09-11T10:00:00+08:00"),
    ("27/9/2018", "2018-09-27T00:00:00+08:00"),
    ("2017-9-11T10:00:00.5+08:00", "2017-09-11T10:00:00.500000+08:00"),
    ("September 11th, 2017", "2017-09-11T00:00:00+08:00"),
    ("11 Sep 2017 10:00 GMT", "2017-09-11T18:00:00+08:00"),
    ("2017-09-11 24:00", "2017-09-12T00:00:00+08:00"),
    ("2018.09.27", "2018-09-27T00:00:00+08:00"),
    ("20180927", "2018-09-27T00:00:00+08:00"),
    ("20180927T1030", "2018-09-27T10:30:00+08:00"),
    ("2018-9-27 9:5", "2018-09-27T09:05:00+08:00"),
    ("Mon, 11 Sep 2017 10:00:00 +0200", "2017-09-11T16:00:00+08:00"),
    ("Monday, September 11, 2017", "2017-09-11T00:00:00+08:00"),
    ("2017-09-11 10:00:00 -05:00", "2017-09-11T23:00:00+08:00"),
    ("2017-09-11 10:00:00 Z", "2017-09-11T18:00:00+08:00"),
    ("2017-09-11 10:00:00 EST", "2017-09-11T23:00:00+08:00"),
    ("2017-09-11 10:00:00 +05:30", "2017-09-11T12:30:00+08:00"),
    ("2017-09-11T10:00", "2017-09-11T10:00:00+08:00"),
    ("'17 Sep 11", "2017-09-11T00:00:00+08:00"),
    ("2017-09-11 10:00 AM", "2017-09-11T10:00:00+08:00"),
    ("2017-09-11 12:30 am", "2017-09-11T00:30:00+08:00"),
    ("2017-9-1", "2017-09-01T00:00:00+08:00"),
    ("1-2-3", "2001-02-03T00:00:00+08:00"),
    ("2017-09-11 1000", "2017-09-11T00:00:00+08:00"),
    ("2017-09-11 10:00:61", None),
    ("2017-13-11", None),
    ("Sep-11-2017", "2017-09-11T00:00:00+08:00"),
    ("11-Sep-2017", "2017-09-11T00:00:00+08:00"),
    ("12/25/2017", None),
    ("2017-09-11 2017", "2017-09-11T00:00:00+08:00"),
    ("2017 Sep 11", "2017-09-11T00:00:00+08:00"),
    ("2017-09-11T10:00:00.123456789Z", "2017-09-11T18:00:00.123456+08:00"),
    ("2017-09-11 10:00:00 +0800 CST", "2017-09-11T10:00:00+08:00"),
    ("2017年09月11日", None),
    ("on 2017-09-11", "2017-09-11T00:00:00+08:00"),
    ("2017-09-11 23:59:59 +1400", "2017-09-11T17:59:59+08:00"),
    ("03 2017-09-11", "2017-09-11T03:00:00+08:00"),
]
"""Each string and the instant Ruby gives (None: ``Time.parse`` raises, and Jekyll stops the build)."""

WITHOUT_YEAR = ["Sep 11", "10:00", "11th"]
"""Ruby fills a missing year (and month, day) from the day of the build: newsfmt refuses, the URL would drift."""


@pytest.mark.parametrize(("text", "expected"), RUBY_READS)
def test_reads_as_ruby(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            ruby_time_parse(text, SHANGHAI)
    else:
        assert ruby_time_parse(text, SHANGHAI)[0].isoformat() == expected


@pytest.mark.parametrize("text", WITHOUT_YEAR)
def test_a_date_without_a_year_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"no year|out of range"):
        ruby_time_parse(text, SHANGHAI)


def test_long_text_is_refused_before_any_scan() -> None:
    with pytest.raises(ValueError, match="too many"):
        ruby_time_parse("1" * 5000 + "-09-11", SHANGHAI)


def test_read_date_falls_back_to_ruby_only_when_asked_and_warns() -> None:
    with pytest.raises(ValueError, match="not a date"):
        read_date("11-9-2017", SHANGHAI)
    loose = read_date("11-9-2017", SHANGHAI, ruby_strings=True)
    assert loose.shown.isoformat() == "2017-09-11T00:00:00+08:00"
    assert loose.warning is not None and "Time.parse" in loose.warning
    assert read_date("2017-09-11", SHANGHAI, ruby_strings=True).warning is None


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_the_table_is_what_ruby_says() -> None:
    script = (
        'require "time"; STDIN.each_line(chomp: true) { |s| begin; '
        "puts Time.parse(s).localtime.strftime('%Y-%m-%dT%H:%M:%S.%6N%:z'); rescue ArgumentError; puts 'ERROR'; end }"
    )
    texts = [text for text, _ in RUBY_READS]
    done = subprocess.run(
        ["ruby", "-e", script],
        input="\n".join(texts) + "\n",
        capture_output=True,
        text=True,
        check=True,
        env={"TZ": "Asia/Shanghai", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    said = [None if line == "ERROR" else line.replace(".000000+", "+") for line in done.stdout.splitlines()]
    assert dict(zip(texts, said, strict=True)) == dict(RUBY_READS)
