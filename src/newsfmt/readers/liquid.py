"""Liquid in post bodies, rendered as Jekyll renders it (through python-liquid).

Besides the standard tags, Jekyll's ``highlight``, ``post_url``, ``link``, ``include`` and ``include_relative``
tags and its most used filters are provided. A tag no Liquid here knows (a theme's or a plugin's) and an include
that cannot be read are left out alone, each with a warning; a template that still cannot be rendered (a syntax
error, a limit reached) is not fatal: the body is kept unrendered and a warning says why.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .liquid_includes import IncludeFiles

__all__ = ["LinkResolver", "has_liquid", "render_liquid"]

LinkResolver = Callable[[str, str], str | None]
"""``resolve(kind, argument)`` → site-relative URL, for ``post_url`` and ``link`` (kind is the tag name)."""


def has_liquid(text: str) -> bool:
    """Whether a body holds any Liquid markup at all (most news bodies do not)."""
    return "{{" in text or "{%" in text


_REASONS = {"TemplateNotFoundError": "an include of a file newsfmt does not read"}


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """A rendered body and the warnings met on the way."""

    text: str
    warnings: tuple[str, ...] = ()


LIQUID_SECONDS = 5.0
"""Time one body's Liquid may take: the iteration and size limits bound the steps, not what each step costs (a
``replace`` on a long string, 100,000 times)."""


class OverBudgetError(Exception):
    """Rendering took longer than its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OverBudgetError` in the block once ``seconds`` have passed (a timer signal, so only in the
    main thread of a process on a system that has one; elsewhere the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise OverBudgetError

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_liquid(
    text: str,
    *,
    site: Mapping[str, Any],
    page: Mapping[str, Any],
    resolve: LinkResolver,
    baseurl: str = "",
    includes: IncludeFiles | None = None,
) -> LiquidResult:
    """Render Liquid in a body; on failure keep the text as it is and return a warning.

    A tag no Liquid here knows is left out alone, with a warning; ``includes`` says where ``include`` and
    ``include_relative`` read from (without it, they are left out with a warning).

    >>> render_liquid("{{ site.title }}", site={"title": "T"}, page={}, resolve=lambda k, a: None).text
    'T'
    """
    from liquid.exceptions import LiquidError  # python-liquid loads only for the few bodies that need it

    from .liquid_engine import drop_unknown_tags, environment

    env = environment()
    warnings: list[str] = []
    url = str(site.get("url") or "")

    def relative_url(value: Any) -> str:
        path = str(value)
        return path if "://" in path else baseurl + ("" if path.startswith("/") else "/") + path

    def absolute_url(value: Any) -> str:
        return url + relative_url(value)

    globals_ = {
        "site": site,
        "page": page,
        "__resolve": resolve,
        "__baseurl": baseurl,
        "__warnings": warnings,
        "__includes": includes,
    }
    try:
        template = env.from_string(drop_unknown_tags(text, warnings), globals=globals_)
        env.filters["relative_url"] = relative_url
        env.filters["absolute_url"] = absolute_url
        with time_budget(LIQUID_SECONDS):
            rendered = template.render()
    except OverBudgetError:
        return LiquidResult(text, (f"Liquid not rendered (over {LIQUID_SECONDS:g} s); the body is kept as written",))
    except LiquidError as exc:
        lines = str(exc).splitlines()
        reason = lines[0] if lines and lines[0] else _REASONS.get(type(exc).__name__, type(exc).__name__)
        return LiquidResult(text, (f"Liquid not rendered ({reason}); the body is kept as written",))
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        return LiquidResult(text, (f"Liquid not rendered ({type(exc).__name__}); the body is kept as written",))
    return LiquidResult(rendered, tuple(warnings))
