"""Characters: which characters are East Asian wide, and HTML whitespace collapsing.

The collapsing follows CSS Text 3: runs of spaces, tabs and line breaks become one space, except that a
segment break (a line break in the source) between two East Asian wide characters disappears, so that
``株洲\\n日报`` reads ``株洲日报`` while ``hello\\nworld`` reads ``hello world``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wcwidth import wcswidth

__all__ = ["COLUMN_WIDE_RANGES", "HARD_BREAK", "collapse", "display_width", "display_widths", "has_wide", "is_wide"]

HARD_BREAK = "\x00"
"""Marks a ``<br>`` inside collected text; XML forbids it, so it never comes from a document."""

# East Asian Width F, W or H, without Hangul (CSS Text 3 keeps the space between Hangul words).
_WIDE_RANGES = (
    "\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uf900-\ufaff"
    "\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uff61-\uff9f\uffe0-\uffe6\U00020000-\U0003fffd"
)
_WIDE = re.compile(f"[{_WIDE_RANGES}]")
COLUMN_WIDE_RANGES = (
    "\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
    "\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)
"""A regex character-class body: what wraps and counts as one CJK character of two columns (Hangul included,
halfwidth forms not), for wrapping text and measuring summaries."""
# Quotation marks and dashes are "ambiguous" in width, but between CJK text they are CJK punctuation:
# a break next to them goes too when the other side is wide.
_CJK_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
# The regular expressions below open with one character class (not "[x]+", not an optional, not a
# lookbehind): the regex engine then skips to where a match may start instead of trying every position,
# which matters in CJK text.
# A whitespace run holding a segment break (its first character is one, or one follows); the characters
# around it are checked in Python. The lookbehind after the first character lets a match start only where a
# run starts: tried inside a long run of spaces, each start would look ahead to the run's end (quadratic).
_BREAK_RUN = re.compile("[ \t\r\n\f](?<![ \t\r\n\f]{2})(?:(?<=\n)|[ \t\r\f]*\n)[ \t\r\n\f]*")
_SPACE_RUN = re.compile("[ \t\r\n\f][ \t\r\n\f]*")
_AROUND_BREAK = re.compile(f" {HARD_BREAK} ?|{HARD_BREAK} ?")
# C0 and C1 controls: wcwidth measures a string that holds one as -1 (not printable).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Printable ASCII (one column, one UTF-8 byte) and blocks of wide characters wcwidth gives two columns each, with
# no combining or zero-width character among them (all three UTF-8 bytes): the ideographic space and CJK
# punctuation up to U+3029, kana, CJK ideographs, fullwidth forms. A text of these alone is as wide as its
# characters and UTF-8 bytes together, halved.
_ONE_OR_TWO_COLUMNS = re.compile(
    "[\x20-\x7e\u3000-\u3029\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*"
)


def collapse(text: str) -> str:
    """Collapse HTML whitespace as a browser shows it, with the CJK segment-break rule.

    Hard breaks (:data:`HARD_BREAK`) survive, without the spaces around them; no-break spaces are kept.

    >>> collapse("株洲\\n日报 and  hello\\n world")
    '株洲日报 and hello world'
    """
    if "\n" in text:
        text = _BREAK_RUN.sub(_without_cjk_break, text)
    if "  " in text or "\n" in text or "\t" in text or "\f" in text or "\r" in text:
        # Substring tests run at memory speed; the regular expression tests every character (most
        # paragraphs, CJK ones especially, have nothing to collapse).
        text = _SPACE_RUN.sub(" ", text)
    if HARD_BREAK in text:
        text = _AROUND_BREAK.sub(HARD_BREAK, text)
    return text


def _without_cjk_break(run: re.Match[str]) -> str:
    # The break goes between two wide characters, or between a wide character and CJK punctuation.
    text = run.string
    start, end = run.span()
    if start == 0 or end == len(text):
        return run.group()
    before, after = text[start - 1], text[end]
    if is_wide(before):
        gone = is_wide(after) or after in _CJK_PUNCTUATION
    else:
        gone = before in _CJK_PUNCTUATION and is_wide(after)
    return "" if gone else run.group()


def is_wide(char: str) -> bool:
    """Whether a character is East Asian wide for the segment-break rule (Hangul excluded)."""
    return _WIDE.match(char) is not None


def has_wide(text: str) -> bool:
    """Whether the text holds any East Asian wide character.

    >>> has_wide("abc"), has_wide("ab中")
    (False, True)
    """
    return _WIDE.search(text) is not None


def display_width(text: str) -> int:
    """Columns the text takes in a terminal, never negative: the one measure for wrapping, tables and covers.

    Built on ``wcwidth`` (Unicode East Asian Width and zero-width tables, grapheme clusters): wide and fullwidth
    characters take 2 columns, combining marks, zero-width format characters and Hangul medial vowels 0,
    East Asian *ambiguous* characters (curly quotes, ``…``, ``—``) 1, as a Western terminal shows them. An emoji
    sequence joined by U+200D counts as one picture. Control characters take 0 columns (``wcwidth`` calls them
    not printable and answers -1).

    >>> display_width("株洲ab"), display_width("e\\u0301"), display_width("a\\tb")
    (6, 1, 2)
    """
    if text.isascii() and text.isprintable():
        return len(text)
    width = wcswidth(text)
    if width < 0:
        width = wcswidth(_CONTROL.sub("", text))
    return max(width, 0)


def display_widths(texts: Sequence[str]) -> list[int]:
    """:func:`display_width` of each of ``texts`` (a table's column), measured together: one check of all of them
    decides whether each is as wide as it is long, or (ASCII and CJK alone, the usual Chinese table) as its
    characters and UTF-8 bytes together, halved; only other texts are measured by ``wcwidth`` one by one.

    >>> display_widths(["株洲", "ab", "日报1"])
    [4, 2, 5]
    """
    joined = "".join(texts)
    lengths = list(map(len, texts))
    if joined.isascii() and joined.isprintable():
        return lengths
    if not _ONE_OR_TWO_COLUMNS.fullmatch(joined):
        return [display_width(text) for text in texts]
    ascii = list(map(str.isascii, texts))
    wide = len(ascii) - ascii.count(True)
    if wide * 4 > len(texts):
        return [(len(text.encode()) + length) >> 1 for text, length in zip(texts, lengths, strict=True)]
    # A few texts hold wide characters (a Chinese heading over a column of numbers): measure those alone.
    index = -1
    for _ in range(wide):
        index = ascii.index(False, index + 1)
        lengths[index] = (len(texts[index].encode()) + lengths[index]) >> 1
    return lengths
