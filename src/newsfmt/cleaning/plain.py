"""Text fields (titles, summaries, names, terms) without markup, for outputs whose readers may render them as HTML.

RSS readers show many a ``<title>`` and ``<description>`` as HTML. A title is text, so its tags are stripped as
jekyll-feed's ``strip_html`` strips them (scripts, styles and comments with their content), in one pass, in time
linear in the text. Stripping can re-form a tag (``<scr<script>x</script>ipt>`` leaves ``<script>``); so a ``<``
that still opens a tag afterwards gets a space after it, which no HTML parser reads as a tag. Entities are never
decoded: ``&lt;script&gt;`` stays those characters, and a reader decoding them shows text, not markup.
"""

from __future__ import annotations

import re

__all__ = ["strip_tags"]

_MARKUP = re.compile(r"<(?:(?P<comment>!--)|(?P<block>script|style)\b[^<>]*>|/?[A-Za-z][^<>]*>)", re.IGNORECASE)
_BLOCK_ENDS = {
    "comment": re.compile("-->"),
    "script": re.compile(r"</script\b[^<>]*>", re.IGNORECASE),
    "style": re.compile(r"</style\b[^<>]*>", re.IGNORECASE),
}
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")


def strip_tags(text: str) -> str:
    """``text`` without tags, comments, scripts and styles, and with no ``<`` left that opens a tag.

    >>> strip_tags("<b>利率</b> < 1% <script>x()</script>且 > 0")
    '利率 < 1% 且 > 0'
    >>> strip_tags("<scr<script>x</script>ipt>alert(1)")
    '< script>alert(1)'
    """
    if "<" not in text:
        return text
    kept: list[str] = []
    position = 0
    unclosed: set[str] = set()  # ends searched for in vain: no later search can find them (keeps this linear)
    while (match := _MARKUP.search(text, position)) is not None:
        kept.append(text[position : match.start()])
        position = match.end()
        kind = "comment" if match.group("comment") else (match.group("block") or "").lower()
        if not kind:
            continue
        end = None if kind in unclosed else _BLOCK_ENDS[kind].search(text, position)
        if end is None:
            unclosed.add(kind)
            if kind == "comment":
                kept.append(match.group())  # an unclosed comment is text; its "<" is made harmless below
            continue
        position = end.end()
    kept.append(text[position:])
    return _TAG_OPENER.sub("< ", "".join(kept))
