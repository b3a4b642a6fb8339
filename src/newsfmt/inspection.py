"""Articles as a person or a program reads them: a table, or one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .cleaning.whitespace import display_width
from .model import Article

__all__ = ["article_to_json", "articles_table"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    return value


def article_to_json(article: Article, *, body: bool = False) -> str:
    """One Article as a JSON object on one line (``body_html`` and ``text`` only when asked)."""
    data = {f.name: _jsonable(getattr(article, f.name)) for f in fields(article)}
    if not body:
        del data["body_html"], data["text"]
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


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
