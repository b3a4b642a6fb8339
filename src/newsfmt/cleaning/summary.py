"""An automatic summary: the first sentences of the body that are not a byline or a label."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .render import Block, strip_markers
from .rules import CompiledRules
from .whitespace import has_wide, is_wide

__all__ = ["ELLIPSIS", "summarize"]

ELLIPSIS = "…"
_SUMMARY_KINDS = frozenset({"para", "item", "quote"})
_SENTENCE = re.compile(r".*?(?:[。！？!?]+|…+|\.(?=\s|$))[”’」』）)\"']*\s*|.+$", re.DOTALL)
_WIDE_CHAR = re.compile(
    r"[\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
    r"\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_IMAGE_LABEL = re.compile(r"\[(?:图|image)(?:: [^\]]*)?\] ?")
_WIDE_RUN = re.compile(_WIDE_CHAR.pattern + _WIDE_CHAR.pattern + "*")  # not "[…]+": see whitespace.py
_SOFT_STOP = re.compile(r"[，、；：,;:]|\s")


def _cost(text: str, word_cost: float) -> float:
    narrow, runs = _WIDE_RUN.subn(" ", text)  # runs, not characters: few matches in CJK text
    wide = len(text) - len(narrow) + runs  # each run of wide characters became one space
    return wide + len(narrow.split()) * word_cost


def _skipped(text: str, rules: CompiledRules) -> bool:
    return any(p.search(text) for p in rules.byline) or any(p.fullmatch(text) for p in rules.label)


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
    budget = float(rules.rules.summary_chars)
    word_cost = budget / rules.rules.summary_words
    summary = ""
    used = 0.0
    for block in blocks:
        if block.kind not in _SUMMARY_KINDS:
            continue
        # Only the start of a paragraph can matter, however long it is (10 MB bodies exist).
        text = _IMAGE_LABEL.sub("", strip_markers(block.text[: int(budget) * 20 + 2000])).strip()
        if not text or _skipped(text, rules):
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
                    return summary + ELLIPSIS
                return _cut(sentence.strip(), budget, word_cost) + ELLIPSIS
            taken += sentence
            used += cost
        summary = _join(summary, taken.strip())
    return summary


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
