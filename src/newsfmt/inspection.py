"""Articles as a person or a program reads them: a table, or one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .cleaning.whitespace import display_width
from .model import Article

__all__ = ["article_to_json", "articles_table"]


def article_to_json(article: Article, *, body: bool = False) -> str:
    """One Article as a JSON object on one line: :meth:`~newsfmt.Article.to_dict` (``body_html`` and ``text`` only
    when asked), non-ASCII characters as they are (the line is UTF-8)."""
    return json.dumps(article.to_dict(body=body), ensure_ascii=False)


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for char in text:
        w = display_width(char)
        if used + w > width:
            return out[:-1] + "…" if out else ""
        out += char
        used += w
    return out + " " * (width - used)


def articles_table(articles: Iterable[Article]) -> str:
    """A fixed-width table: date, rule, categories, title, permalink (wide characters count two columns)."""
    lines = [f"{'date':25}  {'categories':16}  {'title':40}  permalink  [date rule]"]
    for article in articles:
        lines.append(
            f"{article.date.isoformat():25}  {_fit(','.join(article.categories), 16)}  "
            f"{_fit(article.title, 40)}  {article.permalink}  [{article.date_rule}]"
        )
    return "\n".join(lines)
