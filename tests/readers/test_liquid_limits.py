"""Liquid in a post runs with bounds: a tiny hostile body is a warning, never a hang."""

from __future__ import annotations

import time

import pytest

from newsfmt.readers.liquid import render_liquid

HOSTILE = [
    # about 90 bytes each
    "{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
    '{% assign s = "xx" %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
    "{% capture s %}ab{% endcapture %}{% for i in (1..60) %}{% capture s %}{{s}}{{s}}{% endcapture %}{% endfor %}",
    "{% for i in (1..1000) %}{% for j in (1..1000) %}{{ site.title }}{{ site.title }}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_a_hostile_body_is_a_warning_not_a_hang(body: str) -> None:
    started = time.process_time()
    result = render_liquid(body, site={"title": "T" * 100}, page={}, resolve=lambda kind, argument: None)
    assert time.process_time() - started < 5
    assert result.text == body  # kept as written
    assert result.warnings and "limit" in result.warnings[0]


def test_an_ordinary_loop_still_renders() -> None:
    body = "{% for i in (1..1000) %}{{ i }} {% endfor %}"
    result = render_liquid(body, site={}, page={}, resolve=lambda kind, argument: None)
    assert result.text.split()[-1] == "1000" and not result.warnings
