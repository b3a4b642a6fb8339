"""The python-liquid environment with Jekyll's tags and filters (imported only when a body holds Liquid)."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from functools import cache
from typing import Any, TextIO

from liquid import Environment, Mode, Tag, ast
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from .liquid_includes import IncludeError, IncludeFiles, split_markup, split_params
from .markup import render_markdown
from .permalinks import jekyll_slugify

__all__ = ["drop_unknown_tags", "environment"]


class _LinkNode(ast.Node):
    __slots__ = ("argument", "kind")

    def __init__(self, token: Token, kind: str, argument: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.argument = argument

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        resolve = context.globals["__resolve"]
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


class _IncludeNode(ast.Node):
    __slots__ = ("kind", "markup")

    def __init__(self, token: Token, kind: str, markup: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.markup = markup

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        warnings: list[str] = context.globals["__warnings"]
        files: IncludeFiles | None = context.globals.get("__includes")
        name, params_text = split_markup(self.markup)
        if "{{" in name:
            name = _render_in(context, name).strip()
        try:
            if files is None:
                raise IncludeError(f"{self.kind} {name!r}: no site folder to read it from")
            text = files.read(self.kind, name)
            template = context.env.from_string(drop_unknown_tags(text, warnings))
        except (IncludeError, LiquidSyntaxError) as exc:
            warnings.append(f"{exc}; left out" if isinstance(exc, IncludeError) else f"{self.kind} {name!r}: {exc}")
            return 0
        params = {
            key: context.get(value.split("."), token=self.token, default=None) if variable else value
            for key, value, variable in split_params(params_text)
        }
        with context.extend({"include": params}, template=template):
            template.render_with_context(context, buffer, partial=True)
        return 1


def _render_in(context: Any, source: str) -> str:
    """``source`` (a ``{{ variable }}`` file name) rendered in the current context."""
    inner = context.get_buffer()
    context.env.from_string(source).render_with_context(context, inner, partial=True)
    return str(inner.getvalue())


class _IncludeTag(Tag):
    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> ast.Node:
        token = stream.eat(TOKEN_TAG)
        markup = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
        return _IncludeNode(token, self.name, markup)


class _IncludeRelativeTag(_IncludeTag):
    name = "include_relative"


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


class _LimitedEnvironment(Environment):
    """Liquid with bounds: a post's body is untrusted, and a 90-byte loop or string doubling would otherwise
    run for minutes and fill the memory. Reaching a bound is a ``ResourceLimitError`` (a ``LiquidError``): the
    body is kept as written, with a warning."""

    loop_iteration_limit = 100_000
    """Iterations of all loops of one render (a body that lists every post of a large site still fits)."""
    output_stream_limit = 16_000_000
    """Characters one body may render to."""
    local_namespace_limit = 2_000_000
    """Size of what one body may ``assign`` or ``capture``."""


@cache
def environment() -> Environment:
    """The shared environment (built once per process)."""
    env = _LimitedEnvironment(tolerance=Mode.STRICT, strict_filters=False)
    for tag in (_PostUrlTag, _LinkTag, _HighlightTag, _IncludeTag, _IncludeRelativeTag):
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
            "markdownify": lambda v: render_markdown(str(v)),
        }
    )
    return env


_TAG = re.compile(r"\{%-?\s*([A-Za-z_]\w*)(?:[^%]|%(?!\}))*?-?%\}")
_VERBATIM = re.compile(r"\{%-?\s*(raw|comment)\s*-?%\}.*?\{%-?\s*end\1\s*-?%\}", re.S)
_NOT_TAGS = frozenset({"else", "elsif", "when", "raw", "endraw"})


def drop_unknown_tags(text: str, warnings: list[str]) -> str:
    """``text`` without the tags no Liquid here knows (a theme's or a plugin's), each one a warning, so that every
    other tag still renders; ``raw`` and ``comment`` sections are kept as they are."""
    env = environment()
    known = _NOT_TAGS | env.tags.keys() | {f"end{name}" for name in env.tags}
    pieces: list[str] = []
    position = 0
    for raw in (*_VERBATIM.finditer(text), None):
        end = raw.start() if raw is not None else len(text)
        pieces.append(_drop_in(text[position:end], known, warnings))
        if raw is not None:
            pieces.append(raw.group())
            position = raw.end()
    return "".join(pieces)


def _drop_in(text: str, known: frozenset[str] | set[str], warnings: list[str]) -> str:
    if "{%" not in text:
        return text

    def drop(match: re.Match[str]) -> str:
        if match.group(1) in known:
            return match.group()
        warnings.append(f"unknown Liquid tag {match.group(1)!r} left out (a theme's or plugin's tag)")
        return ""

    return _TAG.sub(drop, text)
