"""Wrapping by display width, with kinsoku: no closing punctuation at a line start, no opening one at an end."""

from __future__ import annotations

import re

from wcwidth import iter_graphemes

from .whitespace import COLUMN_WIDE_RANGES, display_width

__all__ = ["wrap_line"]

CLOSING = frozenset("，。、；：？！）」』】〉》〕〗〙〛”’…‥・ー々ゝゞヽヾ％,.;:!?)]}%»›")
"""Characters that must not start a line."""
OPENING = frozenset("（「『【〈《〔〖〘〚“‘([{«‹")
"""Characters that must not end a line."""

_UNITS = re.compile(rf"\s+|[{COLUMN_WIDE_RANGES}”’“‘]|[^\s{COLUMN_WIDE_RANGES}”’“‘]+")


def _units(text: str) -> list[str]:
    """Split into unbreakable units: spaces, single wide characters, words; punctuation glued by kinsoku."""
    units: list[str] = []
    glued: list[str] = []  # the pieces of the unit being built (a run of closing marks can be long)
    glue_next = False
    for unit in _UNITS.findall(text):
        if unit[0].isspace():
            if glued:
                units.append("".join(glued))
                glued = []
            units.append(" ")
            glue_next = False
            continue
        if glued and (glue_next or unit[0] in CLOSING):
            glued.append(unit)
        else:
            if glued:
                units.append("".join(glued))
            glued = [unit]
        glue_next = unit[-1] in OPENING
    if glued:
        units.append("".join(glued))
    return units


def wrap_line(text: str, width: int, first_prefix: str = "", rest_prefix: str = "") -> list[str]:
    """Wrap one line of text to ``width`` columns (wide characters count 2).

    Breaks at spaces and between wide characters; a closing mark stays with what precedes it and an opening
    mark with what follows. A unit wider than the line is cut where it must be.

    >>> wrap_line("株洲日报，长株潭一体化。", 8)
    ['株洲日', '报，长株', '潭一体', '化。']
    """
    lines: list[str] = []
    line = first_prefix
    used = display_width(first_prefix)
    rest_used = display_width(rest_prefix)
    has_content = False
    space = False
    for unit in _units(text):
        if unit == " ":
            space = has_content
            continue
        size = display_width(unit)
        gap = 1 if space else 0
        if has_content and used + gap + size > width:
            lines.append(line.rstrip())
            line, used, has_content = rest_prefix, rest_used, False
            gap = 0
        if not has_content and used + size > width and len(unit) > 1:
            heads, unit, size = _cut_long(unit, size, used, rest_used, width)
            lines.append((line + heads[0]).rstrip())
            lines.extend((rest_prefix + head).rstrip() for head in heads[1:])
            line, used = rest_prefix, rest_used
        line += " " * gap + unit
        used += gap + size
        has_content = True
        space = False
    if has_content or not lines:
        lines.append(line.rstrip())
    return lines


def _cut_long(unit: str, size: int, used: int, rest_used: int, width: int) -> tuple[list[str], str, int]:
    """Cut a unit wider than the line (``used`` columns taken on the first, ``rest_used`` on the others): the
    pieces that fill lines, then the rest that fits, with its width.

    Offsets, not slices: a unit can be a megabyte long (one word, a run of closing marks), and cutting a copy of
    the rest for every line would be quadratic.
    """
    heads: list[str] = []
    start = 0
    while used + size > width and len(unit) - start > 1:
        end = _cut_index(unit, start, max(width - used, 1))
        heads.append(unit[start:end])
        start = end
        used = rest_used
        size = _rest_width(unit, start)
    return heads, unit[start:], size


_MEASURED = 4096
"""A rest of a cut unit longer than this many characters is taken as wider than any line (it is, unless nearly
all of it is zero-width), so that each rest is measured in bounded time."""


def _rest_width(unit: str, start: int) -> int:
    if len(unit) - start > _MEASURED:
        return len(unit)  # more than any line holds
    return display_width(unit[start:])


def _cut_index(unit: str, start: int, columns: int) -> int:
    """Where the piece of ``unit`` from ``start`` that fills ``columns`` ends (at least one grapheme cluster).

    Cut between grapheme clusters and measured by them: a spacing mark (``0ਾ``) widens the cluster it ends,
    which its own width (0) does not show, and a cut inside a cluster would split a character as readers see it.
    """
    used = 0
    end = start
    for cluster in iter_graphemes(unit, start):
        used += display_width(cluster)
        if used > columns and end > start:
            return end
        end += len(cluster)
    return len(unit)
