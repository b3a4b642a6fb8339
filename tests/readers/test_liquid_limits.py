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


_SLOW_BODY = (
    '{% assign s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" %}'
    "{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}"
    '{% for i in (1..99000) %}{% assign t = s | replace: "a", "b" %}{% endfor %}done'
)
"""Within every iteration and size limit, yet hours of work: each step is a replace over 368,000 characters."""


def test_a_body_within_the_limits_but_slow_stops_at_its_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsfmt.readers.liquid as liquid

    monkeypatch.setattr(liquid, "LIQUID_SECONDS", 0.3)
    started = time.perf_counter()
    result = render_liquid(_SLOW_BODY, site={}, page={}, resolve=lambda kind, argument: None)
    assert time.perf_counter() - started < 5
    assert result.text == _SLOW_BODY
    assert result.warnings == ("Liquid not rendered (over 0.3 s); the body is kept as written",)
    fast = render_liquid("{{ 1 | plus: 1 }}", site={}, page={}, resolve=lambda kind, argument: None)
    assert fast.text == "2"  # the timer is gone once a render ends
    time.sleep(0.4)


def test_outside_the_main_thread_liquid_renders_without_a_timer() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            render_liquid, "{{ 1 | plus: 1 }}", site={}, page={}, resolve=lambda kind, argument: None
        ).result()
    assert result.text == "2"
