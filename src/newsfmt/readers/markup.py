"""Bodies to HTML: Markdown through markdown-it-py (CommonMark with raw HTML), HTML kept as HTML."""

from __future__ import annotations

import html
from functools import cache

from markdown_it import MarkdownIt

__all__ = ["HTML_EXTENSIONS", "MARKDOWN_EXTENSIONS", "TEXT_EXTENSIONS", "render_body"]

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mkdown", ".mdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".text"})


@cache
def _markdown() -> MarkdownIt:
    # Tables and strikethrough: kramdown (Jekyll's default) renders both, CommonMark alone does not.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_body(body: str, extension: str) -> str:
    """Render a post body to an HTML fragment according to its file extension.

    >>> render_body("Hi *there*", ".md")
    '<p>Hi <em>there</em></p>\\n'
    """
    ext = extension.lower()
    if ext in MARKDOWN_EXTENSIONS:
        rendered: str = _markdown().render(body)
        return rendered
    if ext in TEXT_EXTENSIONS:
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        return "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    return body
