"""Tag names written in prose: an element whose content HTML reads as raw text, never closed, is text.

``页面标题<title>标签`` or "use a <textarea> for input": an HTML5 parser reads everything after such a start tag
as the element's text, up to its end tag, and with none, to the end of the post, which browsers then hide
(``title``, ``script``, ``style``…) or newsfmt drops (a ``textarea`` is a form control). kramdown closes the
element at the end of its paragraph; either way words are lost. newsfmt reads a start tag of these elements that
no end tag follows as the text it is, and says so. (``xmp`` and ``plaintext`` are left to the parser: browsers
show what they hold, and so does newsfmt.)
"""

from __future__ import annotations

import re

__all__ = ["RAW_TEXT_ELEMENTS", "protect_unclosed_raw_text"]

RAW_TEXT_ELEMENTS = ("title", "textarea", "style", "script", "iframe", "noembed", "noframes")
"""Elements whose content the HTML5 tokenizer reads as text up to their end tag, and that nobody sees."""

_START_OR_COMMENT = re.compile(r"<!--|<(" + "|".join(RAW_TEXT_ELEMENTS) + r")(?=[\t\n\f />])", re.IGNORECASE)
_COMMENT_END = re.compile(r"--!?>")
_MAYBE_RAW_TEXT = re.compile("<(?:[tT][iIeE][tTxX]|[sS](?:[tT][yY]|[cC][rR])|[iI][fF][rR]|[nN][oO][eEfF])")
"""The first letters of every name in :data:`RAW_TEXT_ELEMENTS`: a quick way to see most bodies have none."""


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(f"</{name}(?=[\\t\\n\\f />])", re.IGNORECASE)


_END_TAGS = {name: _end_tag(name) for name in RAW_TEXT_ELEMENTS}


def protect_unclosed_raw_text(html: str) -> tuple[str, list[str]]:
    """``html`` with every raw-text start tag that no end tag follows written as text, and a warning for each.

    Linear in the length of ``html``: the last end tag of each element is found once, and the scan never goes
    back.

    >>> protect_unclosed_raw_text("<p>页面标题<title>标签</p><p>正文</p>")
    ('<p>页面标题&lt;title>标签</p><p>正文</p>', ['<title> is never closed: read as text'])
    >>> protect_unclosed_raw_text("<title>a</title><p>b</p>")[1]
    []
    """
    if "<" not in html or not _MAYBE_RAW_TEXT.search(html):
        return html, []
    lower = html.lower()
    if not any(f"<{name}" in lower for name in RAW_TEXT_ELEMENTS):
        return html, []
    last_end = {name: _last_end(html, name) for name in RAW_TEXT_ELEMENTS if f"<{name}" in lower}
    pieces: list[str] = []
    warnings: list[str] = []
    position = 0
    scan = 0
    while (match := _START_OR_COMMENT.search(html, scan)) is not None:
        name = (match.group(1) or "").lower()
        if not name:  # a comment: what it holds is not markup
            end = _COMMENT_END.search(html, match.end())
            scan = end.end() if end else len(html)
            continue
        if last_end[name] > match.start():
            end = _END_TAGS[name].search(html, match.end())
            assert end is not None  # the last end tag lies after this start tag
            scan = end.end()
            continue
        pieces += (html[position : match.start()], "&lt;")
        position = scan = match.start() + 1
        warning = f"<{name}> is never closed: read as text"
        if warning not in warnings:
            warnings.append(warning)
    if not pieces:
        return html, warnings
    pieces.append(html[position:])
    return "".join(pieces), warnings


def _last_end(html: str, name: str) -> int:
    """Where the last ``</name`` end tag starts (-1: none)."""
    ends = [match.start() for match in _END_TAGS[name].finditer(html)]
    return ends[-1] if ends else -1
