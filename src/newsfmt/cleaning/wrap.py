"""Wrapping by display width, with kinsoku: no closing punctuation at a line start, no opening one at an end."""

from __future__ import annotations

import re

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
    glue_next = False
    for unit in _UNITS.findall(text):
        if unit[0].isspace():
            units.append(" ")
            glue_next = False
            continue
        if units and units[-1] != " " and (glue_next or unit[0] in CLOSING):
            units[-1] += unit
        else:
            units.append(unit)
        glue_next = unit[-1] in OPENING
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
            line, used, has_content = rest_prefix, display_width(rest_prefix), False
            gap = 0
        while not has_content and used + size > width and len(unit) > 1:
            head, unit = _cut(unit, max(width - used, 1))
            lines.append((line + head).rstrip())
            line, used = rest_prefix, display_width(rest_prefix)
            size = display_width(unit)
        line += " " * gap + unit
        used += gap + size
        has_content = True
        space = False
    if has_content or not lines:
        lines.append(line.rstrip())
    return lines


def _cut(unit: str, columns: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(unit):
        used += display_width(char)
        if used > columns:
            return unit[: max(index, 1)], unit[max(index, 1) :]
    return unit, ""
