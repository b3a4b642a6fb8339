"""Hugo 0.111's summaries: the text before ``<!--more-->`` (a manual summary), else the first ``summaryLength``
words (70 by default) of the page's plain text, carried on to the end of the sentence; with ``hasCJKLanguage``,
each CJK character counts as a word and the cut is exact (Hugo's ``TruncateWordsByRune``)."""

from __future__ import annotations

import re
from html import unescape

__all__ = [
    "DEFAULT_SUMMARY_LENGTH",
    "SUMMARY_DIVIDER",
    "before_divider",
    "plain_text",
    "truncate_by_rune",
    "truncate_to_sentence",
]

SUMMARY_DIVIDER = "<!--more-->"
DEFAULT_SUMMARY_LENGTH = 70
_SENTENCE_ENDS = frozenset('.?!"\n')
_BREAKS = re.compile(r"</p>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)  # Hugo's \p{Han}|\p{Hangul}|\p{Hiragana}|\p{Katakana}


def before_divider(body: str) -> str | None:
    """The body before its first ``<!--more-->``, or None without one."""
    head, found, _ = body.partition(SUMMARY_DIVIDER)
    return head if found else None


def truncate_to_sentence(text: str, length: int) -> str:
    """Hugo's ``TruncateWordsToWholeSentence``: up to the ``length``-th space, then on to the next sentence end
    (``.?!"`` or a line break); the whole text when it has no such end.

    >>> truncate_to_sentence("One two three. Four five.", 2)
    'One two three.'
    """
    spaces = 0
    last_space = -1
    for index, char in enumerate(text):
        if char.isspace():
            spaces += 1
            last_space = index
            if spaces >= length:
                break
    if last_space == -1:
        return text
    end = next((i + 1 for i in range(last_space, len(text)) if text[i] in _SENTENCE_ENDS), -1)
    return text if end == -1 else text[:end].strip()


def truncate_by_rune(text: str, length: int) -> str:
    """Hugo's ``TruncateWordsByRune`` (``hasCJKLanguage``): an ASCII word counts one, any other word one per
    character, cut inside it when the count is reached.

    >>> truncate_by_rune("Hugo 是一个静态网站生成器", 4)
    'Hugo 是一个'
    """
    words = text.split()
    count = 0
    for index, word in enumerate(words):
        if count >= length:
            return " ".join(words[:index])
        if word.isascii():
            count += 1
        elif count + len(word) < length:
            count += len(word)
        else:
            cut = length - count
            return " ".join([*words[:index], word[:cut]])
    return " ".join(words)


def plain_text(html: str) -> str:
    """Hugo's ``StripHTML``: line breaks become spaces, ``</p>`` and ``<br>`` line breaks, tags go, entities are
    read.

    >>> plain_text("<p>One\\n<em>two</em>.</p><p>Three &amp; four</p>")
    'One two.\\nThree & four\\n'
    """
    text = _BREAKS.sub("\n", html.replace("\n", " "))
    return unescape(_TAG.sub("", text))


def auto_summary(html: str, length: int, *, cjk: bool) -> str:
    """A page's automatic summary from its HTML, whitespace collapsed; ``cjk`` (the site's ``hasCJKLanguage``)
    counts by character a page whose text holds a CJK character, as Hugo does."""
    text = plain_text(html)
    cjk = cjk and _CJK.search(text) is not None
    return " ".join((truncate_by_rune(text, length) if cjk else truncate_to_sentence(text, length)).split())
