"""Liquid in post bodies, rendered as Jekyll renders it (through python-liquid).

Besides the standard tags, Jekyll's ``highlight``, ``post_url`` and ``link`` tags and its most used
filters are provided. A template that cannot be rendered (an unknown tag, an ``include`` of a file
that newsfmt does not have) is not fatal: the body is kept unrendered and a warning says why.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TextIO

from liquid import Environment, Mode, Tag, ast
from liquid.exceptions import LiquidError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from .permalinks import jekyll_slugify

__all__ = ["LinkResolver", "has_liquid", "render_liquid"]

LinkResolver = Callable[[str, str], str | None]
"""``resolve(kind, argument)`` → site-relative URL, for ``post_url`` and ``link`` (kind is the tag name)."""


def has_liquid(text: str) -> bool:
    """Whether a body holds any Liquid markup at all (most news bodies do not)."""
    return "{{" in text or "{%" in text


_REASONS = {"TemplateNotFoundError": "an include of a file newsfmt does not read"}


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """A rendered body and the warnings met on the way."""

    text: str
    warnings: tuple[str, ...] = ()


class _LinkNode(ast.Node):
    __slots__ = ("argument", "kind")

    def __init__(self, token: Token, kind: str, argument: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.argument = argument

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        resolve: LinkResolver = context.globals["__resolve"]
        baseurl: str = context.globals["__baseurl"]
        url = resolve(self.kind, self.argument)
        if url is None:
            context.globals["__warnings"].append(f"{self.kind} {self.argument!r}: no such post or file")
            url = "#"
        else:
            url = baseurl + url
        return buffer.write(url)


class _PostUrlTag(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> ast.Node:
        token = stream.eat(TOKEN_TAG)
        argument = stream.current.value.strip() if stream.current.kind == TOKEN_EXPRESSION else ""
        return _LinkNode(token, self.name, argument)


class _LinkTag(_PostUrlTag):
    name = "link"


class _HighlightNode(ast.Node):
    __slots__ = ("block", "language")

    def __init__(self, token: Token, language: str, block: ast.BlockNode) -> None:
        super().__init__(token)
        self.language = language
        self.block = block

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.block.render(context, inner)
        code = html.escape(inner.getvalue().strip("\n"), quote=False)
        lang = html.escape(self.language)
        return buffer.write(
            f'<figure class="highlight"><pre><code class="language-{lang}" data-lang="{lang}">'
            f"{code}</code></pre></figure>"
        )


class _HighlightTag(Tag):
    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> ast.Node:
        token = stream.eat(TOKEN_TAG)
        arguments = stream.current.value.split() if stream.current.kind == TOKEN_EXPRESSION else []
        if stream.current.kind == TOKEN_EXPRESSION:
            next(stream)
        block = get_parser(self.env).parse_block(stream, frozenset((self.end,)))
        stream.expect(TOKEN_TAG, value=self.end)
        return _HighlightNode(token, arguments[0] if arguments else "text", block)


def _date_to_string(value: Any) -> str:
    return value.strftime("%d %b %Y") if isinstance(value, datetime) else str(value)


def _date_to_xmlschema(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _slugify_filter(value: Any, mode: str = "default") -> str:
    return jekyll_slugify(str(value), mode=mode)


@cache
def _environment() -> Environment:
    env = Environment(tolerance=Mode.STRICT, strict_filters=False)
    for tag in (_PostUrlTag, _LinkTag, _HighlightTag):
        env.add_tag(tag)
    env.filters.update(
        {
            "xml_escape": lambda v: html.escape(str(v), quote=True),
            "cgi_escape": lambda v: html.escape(str(v)),
            "slugify": _slugify_filter,
            "jsonify": lambda v: json.dumps(v, ensure_ascii=False, default=str),
            "date_to_string": _date_to_string,
            "date_to_xmlschema": _date_to_xmlschema,
            "number_of_words": lambda v: len(str(v).split()),
        }
    )
    return env


def render_liquid(
    text: str,
    *,
    site: Mapping[str, Any],
    page: Mapping[str, Any],
    resolve: LinkResolver,
    baseurl: str = "",
) -> LiquidResult:
    """Render Liquid in a body; on failure keep the text as it is and return a warning.

    >>> render_liquid("{{ site.title }}", site={"title": "T"}, page={}, resolve=lambda k, a: None).text
    'T'
    """
    env = _environment()
    warnings: list[str] = []
    url = str(site.get("url") or "")

    def relative_url(value: Any) -> str:
        path = str(value)
        return path if "://" in path else baseurl + ("" if path.startswith("/") else "/") + path

    def absolute_url(value: Any) -> str:
        return url + relative_url(value)

    globals_ = {
        "site": site,
        "page": page,
        "__resolve": resolve,
        "__baseurl": baseurl,
        "__warnings": warnings,
    }
    try:
        template = env.from_string(text, globals=globals_)
        env.filters["relative_url"] = relative_url
        env.filters["absolute_url"] = absolute_url
        rendered = template.render()
    except LiquidError as exc:
        lines = str(exc).splitlines()
        reason = lines[0] if lines and lines[0] else _REASONS.get(type(exc).__name__, type(exc).__name__)
        return LiquidResult(text, (f"Liquid not rendered ({reason}); the body is kept as written",))
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        return LiquidResult(text, (f"Liquid not rendered ({type(exc).__name__}); the body is kept as written",))
    return LiquidResult(rendered, tuple(warnings))
