"""Hugo's built-in shortcodes that real posts use, rendered to plain, safe HTML before Markdown: ``figure``,
``youtube``, ``vimeo`` and ``gist`` (as links: a feed carries no player), ``highlight`` (a code block),
``ref``/``relref`` (another page's URL), ``param`` (a page or site parameter). Any other shortcode is a warning;
its markers go, the text between a pair of them stays. ``{{</* x */>}}`` is Hugo's way to write a shortcode as
text: it is written ``{{< x >}}``, as Hugo does.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from html import escape
from typing import Any, NamedTuple

from ..metadata import as_text

__all__ = ["Rendered", "has_shortcode", "render_shortcodes"]

_MARKER = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*/?\s*[>%]\}\}", re.S)
_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_KEYWORD = re.compile(r"^([\w-]+)=(.*)$", re.S)

Resolve = Callable[[str], str | None]
"""The permalink of the page at a content path, or None."""


class Rendered(NamedTuple):
    """A body with its shortcodes rendered, and a warning per shortcode that was not."""

    text: str
    warnings: list[str]


def has_shortcode(body: str) -> bool:
    """Whether a body may hold a shortcode."""
    return "{{<" in body or "{{%" in body


def render_shortcodes(body: str, params: Mapping[str, Any], resolve: Resolve) -> Rendered:
    """Render every shortcode of ``body``; ``params`` are the page's front matter over the site's ``params``."""
    warnings: list[str] = []
    escaped: list[str] = []

    def keep_escaped(match: re.Match[str]) -> str:
        escaped.append("{{" + match.group(1) + match.group(2) + match.group(3) + "}}")
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPED.sub(keep_escaped, body)
    text = _render_pairs(text, warnings)
    text = _MARKER.sub(lambda m: _single(m, params, resolve, warnings), text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: escape(escaped[int(m.group(1))]), text)
    return Rendered(text, warnings)


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    try:
        words = shlex.split(text.replace("`", '"'))
    except ValueError:
        words = text.split()
    positional: list[str] = []
    named: dict[str, str] = {}
    for word in words:
        match = _KEYWORD.match(word)
        if match:
            named[match.group(1).lower()] = match.group(2)
        else:
            positional.append(word)
    return positional, named


def _render_pairs(text: str, warnings: list[str]) -> str:
    """``{{< highlight lang >}}code{{< /highlight >}}`` as a code block."""
    pattern = re.compile(r"\{\{[<%]\s*highlight\b(.*?)[>%]\}\}(.*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}", re.S)

    def block(match: re.Match[str]) -> str:
        positional, _ = _arguments(match.group(1))
        language = re.sub(r"[^\w+-]", "", positional[0]) if positional else ""
        attribute = f' class="language-{language}"' if language else ""
        return f"\n<pre><code{attribute}>{escape(match.group(2).strip(chr(10)))}</code></pre>\n"

    return pattern.sub(block, text)


def _single(match: re.Match[str], params: Mapping[str, Any], resolve: Resolve, warnings: list[str]) -> str:
    closing, name, rest = match.group(2), match.group(3).lower(), match.group(4)
    if closing:
        return ""  # the end of a pair whose start was rendered (or dropped) on its own
    positional, named = _arguments(rest)
    handler = _HANDLERS.get(name)
    if handler is None:
        warnings.append(f"shortcode {name!r} is not one newsfmt renders; left out")
        return ""
    return handler(positional, named, params, resolve, warnings)


def _first(positional: list[str], named: dict[str, str], key: str) -> str:
    return named.get(key) or (positional[0] if positional else "")


def _figure(positional: list[str], named: dict[str, str], *_: Any) -> str:
    src = named.get("src", "")
    caption = named.get("caption") or named.get("title") or ""
    image = f'<img src="{escape(src)}" alt="{escape(named.get("alt") or caption)}"/>'
    if named.get("link"):
        image = f'<a href="{escape(named["link"])}">{image}</a>'
    figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _video(site: str, url: str) -> Callable[..., str]:
    def link(positional: list[str], named: dict[str, str], *_: Any) -> str:
        video = re.sub(r"[^\w-]", "", _first(positional, named, "id"))
        return f'<p><a href="{url}{video}">{site} video {video}</a></p>'

    return link


def _gist(positional: list[str], named: dict[str, str], *_: Any) -> str:
    user, gist = (re.sub(r"[^\w-]", "", part) for part in ([*positional, "", ""])[:2])
    return f'<p><a href="https://gist.github.com/{user}/{gist}">gist {user}/{gist}</a></p>'


def _ref(positional: list[str], named: dict[str, str], params: Any, resolve: Resolve, warnings: list[str]) -> str:
    target = _first(positional, named, "path")
    path, hash_sign, fragment = target.partition("#")
    url = resolve(path) if path else ""
    if url is None:
        warnings.append(f"ref: no page at {target!r}; linked as #")
        return "#"
    return escape(url + hash_sign + fragment)


def _param(positional: list[str], named: dict[str, str], params: Mapping[str, Any], *_: Any) -> str:
    value: Any = params
    for key in _first(positional, named, "name").lower().split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    try:
        return escape(as_text(value))
    except ValueError:
        return ""


_HANDLERS: Mapping[str, Callable[..., str]] = {
    "figure": _figure,
    "youtube": _video("YouTube", "https://www.youtube.com/watch?v="),
    "vimeo": _video("Vimeo", "https://vimeo.com/"),
    "gist": _gist,
    "ref": _ref,
    "relref": _ref,
    "param": _param,
}
