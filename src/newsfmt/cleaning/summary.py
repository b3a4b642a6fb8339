"""An automatic summary: the first sentences of the body that are not a byline or a label."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ..vocabulary import BlockKind
from .render import Block, strip_markers
from .rules import CompiledRules
from .whitespace import COLUMN_WIDE_RANGES, has_wide, is_wide

__all__ = ["ELLIPSIS", "summarize", "summarize_start"]

ELLIPSIS = "…"
_SUMMARY_KINDS: frozenset[BlockKind] = frozenset({"para", "item", "quote"})
# A sentence runs to its first stop (。！？!? or …, or a full stop before a space or the end) and takes the
# closing quotes and spaces after it; text without a stop is the last sentence. The run before the stop is
# written as an unrolled loop rather than ".*?": the regex engine then takes it in one step, not one
# character at a time (twice as fast on CJK paragraphs; the matches are the same).
_SENTENCE = re.compile(
    r"[^。！？!?….]*(?:\.(?!\s|$)[^。！？!?….]*)*(?:[。！？!?]+|…+|\.(?=\s|$))[”’」』）)\"']*\s*|.+$", re.DOTALL
)
_WIDE_CHAR = re.compile(f"[{COLUMN_WIDE_RANGES}]")
_IMAGE_LABEL = re.compile(r"\[(?:图|image)(?:: [^\]]*)?\] ?")
_WIDE_RUN = re.compile(_WIDE_CHAR.pattern + _WIDE_CHAR.pattern + "*")  # not "[…]+": see whitespace.py
_SOFT_STOP = re.compile(r"[，、；：,;:]|\s")


def _cost(text: str, word_cost: float) -> float:
    narrow, runs = _WIDE_RUN.subn(" ", text)  # runs, not characters: few matches in CJK text
    wide = len(text) - len(narrow) + runs  # each run of wide characters became one space
    return wide + len(narrow.split()) * word_cost


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern that matches where one of ``patterns`` does; None when they cannot be joined.

    Joining needs patterns without groups (their numbers would shift) and without global flags (which
    Python refuses inside an alternation).
    """
    if not patterns or any(pattern.groups for pattern in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
    except re.error:
        return None


@lru_cache(maxsize=64)
def _skip_test(byline: tuple[re.Pattern[str], ...], label: tuple[re.Pattern[str], ...]) -> Callable[[str], bool]:
    """Whether a paragraph is a byline (``search``) or a label (``fullmatch``): one regex each when possible."""
    any_byline, any_label = _any_of(byline), _any_of(label)

    def skipped(text: str) -> bool:
        if any_byline is not None:
            if any_byline.search(text) is not None:
                return True
        elif any(p.search(text) for p in byline):
            return True
        if any_label is not None:
            return any_label.fullmatch(text) is not None
        return any(p.fullmatch(text) for p in label)

    return skipped


def _join(left: str, right: str) -> str:
    # Paragraphs meet without a space in CJK text (closing quotes are not wide, so look a little further).
    if not left:
        return right
    if has_wide(left[-3:]) or has_wide(right[:3]):
        return left + right
    return left + " " + right


def summarize(blocks: Iterable[Block], rules: CompiledRules) -> str:
    """Whole sentences from the first paragraphs, up to about ``summary_chars`` CJK characters or
    ``summary_words`` words; ``…`` at the end when the body goes on.

    Bylines (``记者/…``, ``By …``) and labels (``【核心提示】``) are skipped, and so are headings, tables
    and code. A first sentence longer than the budget is cut after a comma or a space.
    """
    return _summarize(blocks, rules)[0]


def summarize_start(blocks: Sequence[Block], rules: CompiledRules) -> str | None:
    """:func:`summarize` of a body whose first blocks are ``blocks``, when they are enough to tell: the budget is
    spent before the last of them (which may go on in the rest of the body); None when they are not."""
    summary, stopped_at = _summarize(blocks, rules)
    return summary if stopped_at is not None and stopped_at < len(blocks) - 1 else None


def _summarize(blocks: Iterable[Block], rules: CompiledRules) -> tuple[str, int | None]:
    """The summary, and the index of the block where the budget ran out (None: the blocks did first)."""
    budget = float(rules.rules.summary_chars)
    word_cost = budget / rules.rules.summary_words
    summary = ""
    used = 0.0
    skipped = _skip_test(rules.byline, rules.label)
    for index, block in enumerate(blocks):
        if block.kind not in _SUMMARY_KINDS:
            continue
        # Only the start of a paragraph can matter, however long it is (10 MB bodies exist).
        text = strip_markers(block.text[: int(budget) * 20 + 2000])
        text = (_IMAGE_LABEL.sub("", text) if "[" in text else text).strip()
        if not text or skipped(text):
            continue
        taken = ""
        for match in _SENTENCE.finditer(text):  # lazily: the budget is often spent by the first sentences
            sentence = match.group()
            if not sentence.strip():
                continue
            cost = _cost(sentence, word_cost)
            if used + cost > budget * 1.1:
                if taken.strip():
                    summary = _join(summary, taken.strip())
                if summary:
                    return summary + ELLIPSIS, index
                return _cut(sentence.strip(), budget, word_cost) + ELLIPSIS, index
            taken += sentence
            used += cost
        summary = _join(summary, taken.strip())
    return summary, None


def _cut(sentence: str, budget: float, word_cost: float) -> str:
    if has_wide(sentence):
        used = 0.0
        end = soft = 0
        for index, char in enumerate(sentence):
            used += 1.0 if is_wide(char) else 0.5
            if used > budget:
                break
            end = index + 1
            if _SOFT_STOP.match(char):
                soft = end
        cut = sentence[: soft if soft > end * 0.6 else end]
    else:
        cut = " ".join(sentence.split()[: max(int(budget / word_cost), 1)])
    return cut.rstrip(" ，、；：,;:")
