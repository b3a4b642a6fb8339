"""mkdocs hooks: the command-line reference shows click's help texts as the terminal does.

mkdocs-click hands each command's help to Markdown as it is, where a placeholder such as ``<category-slug>`` reads
as an HTML tag and disappears from the page. Such placeholders are escaped here, in the page's HTML; real tags
(those Markdown writes) are left alone.
"""

from __future__ import annotations

import re
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


def on_page_content(html: str, *, page: Any, **kwargs: Any) -> str:
    """Escape the placeholders of the command-line reference."""
    return _escape_placeholders(html) if page.file.src_uri == "cli.md" else html
