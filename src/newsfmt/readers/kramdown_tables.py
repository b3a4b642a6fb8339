"""kramdown's table rule on a Markdown body, before cmark-gfm renders it.

kramdown (Jekyll's Markdown) finds a row's code spans before it splits the row into cells, so ``| `a | b` | c |``
has two cells, the first ``<code>a | b</code>``; GFM splits at every unescaped ``|`` first and makes three. Each
``|`` inside a code span of a table row is escaped here (``\\|``), which GFM reads back as a ``|`` inside the span:
kramdown's cells and code, kept verbatim (``a\\|b`` in a span stays ``a\\|b`` in both).
"""

from __future__ import annotations

import bisect
import re

__all__ = ["keep_pipes_in_code_spans"]

_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICK_RUN = re.compile("`+")


def keep_pipes_in_code_spans(markdown: str) -> str:
    """``markdown`` with the ``|`` of code spans in table rows escaped, so cells split as kramdown splits them.

    >>> keep_pipes_in_code_spans("| a | b |\\n|---|---|\\n| `x | y` | z |\\n\\n`p | q`\\n")
    '| a | b |\\n|---|---|\\n| `x \\\\| y` | z |\\n\\n`p | q`\\n'
    """
    if "|" not in markdown or "`" not in markdown:
        return markdown
    lines = markdown.split("\n")
    fence: str | None = None
    in_table = False
    for index, line in enumerate(lines):
        if fence is not None:
            fence = None if line.lstrip(" ").startswith(fence) else fence
            continue
        if (opened := _FENCE.match(line)) is not None:
            fence, in_table = opened.group(1)[0] * len(opened.group(1)), False
            continue
        if not line.strip():
            in_table = False
        elif not in_table and "|" in line and _starts_table(lines, index):
            in_table = True
        if in_table and "`" in line:
            lines[index] = _escape_pipes_in_code(line)
    return "\n".join(lines)


def _starts_table(lines: list[str], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return "|" in following and _DELIMITER_ROW.match(following) is not None


def _escape_pipes_in_code(row: str) -> str:
    """Escape ``|`` inside the code spans of one row: a run of backticks (not escaped) opens a span that the next
    run of the same length closes; a run with no such partner is text."""
    runs = [(run.start(), run.end()) for run in _BACKTICK_RUN.finditer(row)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    pieces: list[str] = []
    position = number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        later = bisect.bisect_right(same, number)
        if _escaped(row, start) or later == len(same):
            number += 1
            continue
        closer = same[later]
        pieces += [row[position:end], row[end : runs[closer][0]].replace("|", "\\|")]
        position, number = runs[closer][0], closer + 1
    pieces.append(row[position:])
    return "".join(pieces)


def _escaped(row: str, start: int) -> bool:
    """Whether an odd number of backslashes stands before ``start`` (each run is looked behind once: linear)."""
    before = start
    while before > 0 and row[before - 1] == "\\":
        before -= 1
    return (start - before) % 2 == 1
