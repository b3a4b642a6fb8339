"""Text fields without markup: tags stripped in linear time, none re-formed, no entity decoded."""

from __future__ import annotations

import re
import time

import pytest

from newsfmt.cleaning.plain import strip_tags

TAG_START = re.compile(r"<[A-Za-z/!?]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>Bold</b> title", "Bold title"),
        ("利率 < 1% 且 > 0", "利率 < 1% 且 > 0"),
        ("a <script>alert(1)</script>b", "a b"),
        ("a <STYLE type=x>p{}</Style >b", "a b"),
        ("a <!-- hidden -->b", "a b"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<scr<script>ipt>alert(1)</scr</script>ipt>", "< script>"),
        ("<<script>script>alert(2)<</script>/script>", "< /script>"),
        ("<sty<style>le>x</style>", "< sty"),
        ("x <!-- never closed", "x < !-- never closed"),
        ("a <script> never closed", "a  never closed"),
    ],
)
def test_strip_tags(text: str, expected: str) -> None:
    assert strip_tags(text) == expected
    assert TAG_START.search(strip_tags(text)) is None


@pytest.mark.parametrize("unit", ["<a", "<script", "<!--", "<script></script", "<style x", "<a>", "<<"])
def test_hostile_runs_take_linear_time(unit: str) -> None:
    text = unit * (140_000 // len(unit))
    started = time.perf_counter()
    assert TAG_START.search(strip_tags(text)) is None
    assert time.perf_counter() - started < 0.5
