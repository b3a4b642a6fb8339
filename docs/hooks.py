"""mkdocs hooks: the command-line reference shows click's help texts as the terminal does.

mkdocs-click hands each command's help to Markdown as it is. Two things click means do not survive that:

- a paragraph that click prints as it is written (marked by a ``\b`` line: the examples of ``newsfmt --help``)
  runs together into one line of prose; such paragraphs become code blocks here, before Markdown reads them;
- a placeholder such as ``<category-slug>`` reads as an HTML tag and disappears from the page; such placeholders
  are escaped in the page's HTML, and real tags (those Markdown writes) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_HTML_TAGS = frozenset(
    "a abbr b blockquote br code dd div dl dt em h1 h2 h3 h4 h5 h6 hr i img li ol p pre span strong sub sup "
    "table tbody td th thead tr ul".split()
)
_PLACEHOLDER = re.compile(r"<(/?)([A-Za-z][\w.-]*)>")


def _escape_placeholders(html: str) -> str:
    def escape(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2).lower() in _HTML_TAGS else f"&lt;{match.group(1)}{match.group(2)}&gt;"

    return _PLACEHOLDER.sub(escape, html)


def _verbatim_paragraphs(lines: Iterator[str]) -> Iterator[str]:
    """Description lines with each ``\b`` paragraph as a fenced code block."""
    verbatim = False
    for line in lines:
        if line.strip() == "\b":
            verbatim = True
            yield "```text"
        elif verbatim and not line.strip():
            verbatim = False
            yield "```"
            yield ""
        else:
            yield line
    if verbatim:
        yield "```"


def on_config(config: Any, **kwargs: Any) -> Any:
    """Render mkdocs-click's descriptions with their ``\b`` paragraphs kept as written."""
    from mkdocs_click import _docs

    describe = _docs._make_description
    if not getattr(describe, "keeps_verbatim", False):

        def make_description(*args: Any, **options: Any) -> Iterator[str]:
            return _verbatim_paragraphs(describe(*args, **options))

        make_description.keeps_verbatim = True  # type: ignore[attr-defined]
        _docs._make_description = make_description
    return config


def on_page_content(html: str, *, page: Any, **kwargs: Any) -> str:
    """Escape the placeholders of the command-line reference."""
    return _escape_placeholders(html) if page.file.src_uri == "cli.md" else html
