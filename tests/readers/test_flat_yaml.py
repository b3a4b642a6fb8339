"""The flat-header fast path gives what PyYAML's safe loader gives, or nothing (and PyYAML then reads the header)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfmt.readers.flat_yaml import load_flat
from newsfmt.readers.frontmatter import split_post
from tests.conftest import EXAMPLE_SITE

TRICKY_SCALARS = [
    # dates and times, good and bad
    "2024-01-02",
    "2024-1-2",
    "2024-13-45",
    "2024-02-30",
    "2024-01-02 03:04:05",
    "2024-01-02T03:04:05Z",
    "2024-01-02 03:04:05 +08:00",
    "2024-01-02 03:04:05 +0800",
    "2024-01-02 03:04:05.123456 -05:00",
    "2024-01-02t03:04:05z",
    "2024-01-02 3:04:05",
    # numbers
    "0",
    "-1",
    "+1",
    "007",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1:30",
    "190:20:30",
    ".5",
    "1.",
    "1e5",
    "1.0e+5",
    "-.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "+.inf",
    "1,000",
    "12:30:45",
    "0.1.2",
    "-0",
    "-0.0",
    # booleans and nulls
    "yes",
    "no",
    "Yes",
    "NO",
    "y",
    "n",
    "Y",
    "on",
    "off",
    "On",
    "OFF",
    "true",
    "False",
    "TRUE",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "None",
    "nil",
    # quotes, colons, comments
    "'single'",
    "'it''s'",
    "''",
    "'a: b'",
    "'#x'",
    '"double"',
    '""',
    '"a: b"',
    '"C# #x"',
    '"esc\\n"',
    '"\\u00e9"',
    "'unclosed",
    '"unclosed',
    "'a' 'b'",
    "a:b",
    "a: b",
    "a:",
    "http://example.org/a?b=c#d",
    "C#",
    "a #b",
    "#x",
    "a#b",
    "x # y",
    "'q' # c",
    '"q" # c',
    "a :b",
    "key: value: more",
    # indicators and flow collections
    "-",
    "- a",
    "-x",
    "?",
    "? x",
    ":x",
    "&a",
    "*a",
    "!tag x",
    "!!str 1",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "=",
    "<<",
    "[a, b]",
    "[]",
    "[ ]",
    "[a, b, ]",
    "[a,, b]",
    "[1, yes, ~, 2024-01-02]",
    "[a: b]",
    "[a?b]",
    "[-1, x y]",
    "[a, [b]]",
    "[a] b",
    "{a: 1}",
    "{}",
    ",x",
    "]x",
    "a, b",
    "a [b] c",
    "a {b}",
    # text
    "株洲日报",
    "台风“海鸥”逼近 全市启动",
    "emoji 🎉 ok",
    "trailing   ",
    "  leading",
    "a\\b",
    "tab\there",
    "nbsp\u00a0x",
    "nel\x85x",
    "bom\ufeffx",
    "ls\u2028x",
    "del\x7fx",
    "e\u0301",
    "日本語: いいえ",
]
TRICKY_KEYS = ["title", "date", "tags", "yes", "no", "on", "null", "true", "y", "标题", "a-b", "a.b", "_x", "x1"]


def _same(header: str) -> None:
    """The fast path gives nothing, or exactly what PyYAML gives (same types, values and key order)."""
    fast = load_flat(header)
    if fast is None:
        return
    reference = yaml.load(header, Loader=yaml.CSafeLoader)
    assert type(reference) is dict
    assert repr(fast) == repr(reference), header  # repr: True is not 1, 1.0 is not 1, nan is nan, offsets shown


@pytest.mark.parametrize("value", TRICKY_SCALARS)
def test_each_tricky_scalar_as_a_value_a_list_item_and_a_flow_item(value: str) -> None:
    _same(f"title: {value}\n")
    _same(f"tags:\n- {value}\n- other\n")
    _same(f"tags:\n  - {value}\nnext: 1\n")
    _same(f"tags: [{value}, other]\n")


@pytest.mark.parametrize("key", TRICKY_KEYS)
def test_tricky_keys(key: str) -> None:
    _same(f"{key}: value\n")


def _line(key: str, value: str, style: int) -> str:
    if style == 0:
        return f"{key}: {value}"
    if style == 1:
        return f"{key}: [{value}, {value}]"
    indent = " " * (style - 2)
    return f"{key}:\n{indent}- {value}\n{indent}- x"


PLAIN_WORDS = st.from_regex(r"[A-Za-z\u4e00-\u9fff][\w .,'-]{0,15}", fullmatch=True)
"""Values that are mostly plain text: without them, one tricky value in each header would leave most to PyYAML."""

headers = st.lists(
    st.tuples(
        st.sampled_from(TRICKY_KEYS) | st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
        st.sampled_from(TRICKY_SCALARS) | PLAIN_WORDS | st.text(max_size=12),
        st.integers(min_value=0, max_value=4),
        st.sampled_from(["", "  ", " # note", "\n", "\n# comment", "\n  "]),
    ),
    min_size=1,
    max_size=5,
).map(lambda lines: "".join(_line(k, v, style) + after + "\n" for k, v, style, after in lines))


@settings(max_examples=300, deadline=None)
@given(headers)
def test_generated_flat_headers_read_as_pyyaml_reads_them(header: str) -> None:
    _same(header)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None)
@given(headers)
def test_many_generated_flat_headers_read_as_pyyaml_reads_them(header: str) -> None:
    _same(header)


def _headers_of(folder: Path) -> list[str]:
    return [split_post(path.read_text(encoding="utf-8")).header for path in sorted(folder.rglob("_posts/*.*"))]


def test_the_example_sites_headers_take_the_fast_path() -> None:
    headers = _headers_of(EXAMPLE_SITE)
    fast = [header for header in headers if load_flat(header) is not None]
    assert len(fast) >= len(headers) - 2  # every usual header; a block scalar or nesting goes to PyYAML
    for header in headers:
        _same(header)


def test_what_the_fast_path_leaves_to_pyyaml() -> None:
    for header in [
        "title: |\n  a block\n",
        "title: a\n  continued\n",
        "author:\n  name: x\n",
        "a: &x 1\nb: *x\n",
        "tags:\n- a\n  - b\n",
        "date: 2024-13-45\n",
        "# only a comment\n",
        "title:\tx\n",
        "title: x\r\n",
        'title: "a\\"b"\n',
    ]:
        assert load_flat(header) is None, header


def test_values_keep_their_types(tmp_path: Path) -> None:
    header = "a: yes\nb: 1:30\nc: 2024-01-02\nd: .nan\ne: '1'\nf:\ng: [1, 2.5, ~]\n"
    loaded: dict[str, Any] | None = load_flat(header)
    assert loaded is not None
    assert loaded["a"] is True and loaded["b"] == 90 and loaded["e"] == "1" and loaded["f"] is None
    assert loaded["g"] == [1, 2.5, None]


def test_a_line_read_again_gives_what_reading_it_anew_gives() -> None:
    """Lines are remembered from header to header: a header read again is read as PyYAML reads it, and each gets
    lists of its own (changing one header's list changes no other's)."""
    header = "layout: post\ncategories: [a, b]\ntags:\n  - x\n  - 1\ndate: 2024-01-02 03:04:05\n"
    first = load_flat(header)
    assert first is not None
    first["categories"].append("changed")
    first["tags"].append("changed")
    for _ in range(2):
        again = load_flat(header)
        assert again == yaml.load(header, Loader=yaml.CSafeLoader)
        assert again is not None and again["categories"] is not first["categories"]
    # the same item line after a key with a value is out of place, wherever it was read before
    assert load_flat("tags: x\n  - x\n") is None


@settings(max_examples=100, deadline=None)
@given(st.lists(headers, min_size=2, max_size=4))
def test_headers_sharing_lines_read_as_pyyaml_reads_them(batch: list[str]) -> None:
    for header in batch + batch[::-1]:  # each line read again, after other headers' lines
        _same(header)


def _two_digits(highest: int) -> st.SearchStrategy[str]:
    """Mostly valid, sometimes one past the end, now and then any two digits."""
    return (st.integers(0, highest) | st.integers(0, 99)).map("{:02d}".format)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 9999).map("{:04d}".format),
    st.tuples(_two_digits(13), _two_digits(32), _two_digits(24), _two_digits(60), _two_digits(60)),
    st.sampled_from(["", " +0800", " -0530", " +08:00", " +08", "Z", " Z", ".5", "\u0661"]),
    st.sampled_from([" ", "T", "  "]),
)
def test_post_dates_read_as_pyyaml_reads_them(year: str, parts: tuple[str, ...], zone: str, sep: str) -> None:
    """The shapes posts are dated with (read without PyYAML's resolver), valid or not, and their neighbours."""
    month, day, hour, minute, second = parts
    value = f"{year}-{month}-{day}{sep}{hour}:{minute}:{second}{zone}"
    _same(f"date: {value}\n")
    _same(f"dates:\n- {value}\n")
    if zone == " +0800" and sep == " ":
        assert load_flat(f"date: {value}\n") == {"date": value}  # a string, valid or not
    elif not zone and sep == " ":
        try:
            expected: object = datetime(int(year), *(int(part) for part in parts))
        except ValueError:
            expected = None  # left to PyYAML, which reports the error
        assert load_flat(f"date: {value}\n") == (None if expected is None else {"date": expected})
