import contextlib
import re
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsfmt.errors import FrontMatterError
from newsfmt.readers.frontmatter import split_post


def test_yaml_header_and_body_line() -> None:
    split = split_post("---\ntitle: 你好\ntags: [a, b]\n---\n\n正文\n")
    assert split.metadata == {"title": "你好", "tags": ["a", "b"]}
    assert split.body == "\n正文\n"
    assert split.body_line == 5
    assert split.format == "yaml"


def test_dots_close_a_yaml_header() -> None:
    assert split_post("---\ntitle: x\n...\nbody").metadata == {"title": "x"}


def test_toml_and_json_headers() -> None:
    assert split_post('+++\ntitle = "T"\ndraft = true\n+++\nbody').metadata == {"title": "T", "draft": True}
    split = split_post('{\n  "title": "J"\n}\nbody\n')
    assert (split.metadata, split.body, split.format) == ({"title": "J"}, "body\n", "json")


def test_no_header_is_not_an_error() -> None:
    split = split_post("just text\n---\nmore")
    assert (split.metadata, split.format) == ({}, "none")


def test_blank_line_before_header_is_read_with_a_warning() -> None:
    split = split_post("\n\n---\ntitle: x\n---\nbody")
    assert split.metadata == {"title": "x"}
    assert split.warning is not None and "Jekyll ignores" in split.warning
    assert (split.header_line, split.body_line) == (4, 6)


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        split_post("---\ntitle: ok\ntags: [a, b\nfoo: bar\n---\nbody")
    assert info.value.line is not None and info.value.line >= 3
    assert "invalid YAML" in info.value.message


def test_unclosed_header() -> None:
    with pytest.raises(FrontMatterError, match="not closed"):
        split_post("---\ntitle: x\nbody without end\n")


@pytest.mark.parametrize("header", ["- a\n- b\n", "just a string\n", "42\n"])
def test_header_must_be_a_mapping(header: str) -> None:
    with pytest.raises(FrontMatterError, match="mapping"):
        split_post(f"---\n{header}---\nbody")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    with pytest.raises(FrontMatterError, match="alias bomb"):
        split_post("---\n" + "\n".join(lines) + "\n---\nbody")
    assert time.perf_counter() - started < 5


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="nest"):
        split_post("---\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\nbody")


def test_invalid_timestamp_value() -> None:
    with pytest.raises(FrontMatterError, match="month"):
        split_post("---\ndate: 2021-13-45\n---\n")


_REFERENCE_HEADS = (
    (re.compile(r"\A(---[ \t]*\n)(.*?\n?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M), "yaml"),
    (re.compile(r"\A(\+\+\+[ \t]*\n)(.*?\n?)^\+\+\+[ \t]*(?:\n|\Z)", re.S | re.M), "toml"),
)
"""Jekyll's header rule as one regular expression each (what split_post once matched with)."""

_SPLIT_LINES = st.lists(
    st.sampled_from(["---", "--- ", "---\t", "...", "+++", "+++ ", "----", " ---", "--- x", "a: 1", "", "x = 1", "b"]),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_SPLIT_LINES, st.sampled_from(["", "\n", "body\n", "\n---\n"]))
def test_a_header_is_found_where_the_regular_expression_finds_it(lines: list[str], tail: str) -> None:
    text = "\n".join(lines) + tail
    assume(not re.match(r"[ \t]*\n", text))  # blank lines first: read with a warning (the golden posts)
    for pattern, fmt in _REFERENCE_HEADS:
        match = pattern.match(text)
        if match is None:
            continue
        try:
            split = split_post(text)
        except FrontMatterError:
            return  # the header found does not load: nothing to compare
        assert (split.format, split.header, split.body) == (fmt, match.group(2), text[match.end() :])
        assert split.body_line == match.group(0).count("\n") + 1
        return
    with contextlib.suppress(FrontMatterError):  # an opening line never closed
        assert split_post(text).format in ("none", "json")
