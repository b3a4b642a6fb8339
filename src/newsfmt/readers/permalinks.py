"""Jekyll 4 permalinks: styles, placeholders, slugify, escaping, and the post id.

Mirrors ``Jekyll::URL``, ``Jekyll::Drops::UrlDrop`` and ``Jekyll::Utils.slugify`` so that links
match the deployed site byte for byte.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple
from urllib.parse import quote

__all__ = [
    "PERMALINK_STYLES",
    "collapse_slashes",
    "expand_permalink_style",
    "jekyll_post_id",
    "jekyll_slugify",
    "render_permalink",
]

PERMALINK_STYLES: Mapping[str, str] = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_ASCII_RUNS = re.compile(r"[^A-Za-z0-9]+")
_ASCII_PRETTY_RUNS = re.compile(r"[^A-Za-z0-9._~!$&'()+,;=@]+")
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
# RFC 3986 pchar plus "/", as Addressable's PATH character class.
_PATH_SAFE_CHARS = "/!$&'()*+,;=:@-._~"


def expand_permalink_style(style: str | None) -> str:
    """A ``permalink:`` config value (a style name or a template) as a template."""
    if not style:
        return PERMALINK_STYLES["date"]
    return PERMALINK_STYLES.get(style, style)


def jekyll_slugify(text: str, *, mode: str = "default", cased: bool = False) -> str:
    """``Jekyll::Utils.slugify`` for the ``default`` and ``pretty`` modes.

    >>> jekyll_slugify("Hello, World!")
    'hello-world'
    >>> jekyll_slugify("株洲 日报", mode="pretty", cased=True)
    '株洲-日报'
    """
    if text.isascii():
        # In ASCII the letters and digits are exactly the L, M and Nd characters kept below.
        runs = _ASCII_PRETTY_RUNS if mode == "pretty" else _ASCII_RUNS
        ascii_slug = runs.sub("-", text)
        ascii_slug = ascii_slug[1:] if ascii_slug.startswith("-") else ascii_slug
        ascii_slug = ascii_slug[:-1] if ascii_slug.endswith("-") else ascii_slug
        return ascii_slug if cased else ascii_slug.lower()
    keep_extra = _PRETTY_KEEP if mode == "pretty" else frozenset()
    out: list[str] = []
    in_run = False
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd" or char in keep_extra:
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    slug = "".join(out)
    if slug.startswith("-"):
        slug = slug[1:]
    if slug.endswith("-"):
        slug = slug[:-1]
    return slug if cased else slug.lower()


def escape_path(path: str) -> str:
    """``Jekyll::URL.escape_path``: percent-encode what a URL path segment may not hold."""
    if not path or _SAFE_PATH.match(path):
        return path
    return quote(path, safe=_PATH_SAFE_CHARS)


def _sanitize(url: str) -> str:
    url = ("/" + url).replace("..", "/").replace("./", "")
    return collapse_slashes(url)


def collapse_slashes(url: str) -> str:
    """``url`` with every run of slashes made one."""
    while "//" in url:  # as re.sub("/{2,}", "/"), at a fraction of the cost
        url = url.replace("//", "/")
    return url


class _PostFields(NamedTuple):
    """What a permalink template may ask of a post."""

    date: datetime
    categories: Sequence[str]
    slug: str
    basename: str
    output_ext: str


def _categories(post: _PostFields) -> str:
    seen: dict[str, None] = {}
    for category in post.categories:
        seen.setdefault(category.lower(), None)
    return "/".join(seen)


# Jekyll::Drops::UrlDrop, one function per placeholder so that a post pays only for those its template uses.
_PLACEHOLDER_VALUES: Mapping[str, Callable[[_PostFields], str]] = {
    "collection": lambda post: "posts",
    "path": lambda post: "",
    "name": lambda post: jekyll_slugify(post.basename),
    "title": lambda post: jekyll_slugify(post.slug, mode="pretty", cased=True),
    "slug": lambda post: jekyll_slugify(post.slug),
    "categories": _categories,
    "year": lambda post: f"{post.date.year:04d}",
    "month": lambda post: f"{post.date.month:02d}",
    "day": lambda post: f"{post.date.day:02d}",
    "hour": lambda post: f"{post.date.hour:02d}",
    "minute": lambda post: f"{post.date.minute:02d}",
    "second": lambda post: f"{post.date.second:02d}",
    "i_day": lambda post: str(post.date.day),
    "i_month": lambda post: str(post.date.month),
    "short_month": lambda post: post.date.strftime("%b"),
    "long_month": lambda post: post.date.strftime("%B"),
    "short_year": lambda post: post.date.strftime("%y"),
    "y_day": lambda post: post.date.strftime("%j"),
    "w_year": lambda post: str(post.date.isocalendar()[0]),
    "week": lambda post: f"{post.date.isocalendar()[1]:02d}",
    "w_day": lambda post: str(post.date.isoweekday()),
    "short_day": lambda post: post.date.strftime("%a"),
    "long_day": lambda post: post.date.strftime("%A"),
    "output_ext": lambda post: post.output_ext,
}


# Placeholders whose values are made of digits only, which escape_path would leave as they are.
_DIGIT_PLACEHOLDERS = frozenset(
    {"year", "month", "day", "hour", "minute", "second", "i_day", "i_month", "y_day", "w_year", "week", "w_day"}
)
_Placeholder = tuple[Callable[[_PostFields], str], bool]


@functools.lru_cache(maxsize=256)
def _compile(template: str) -> tuple[tuple[str, _Placeholder | None], ...]:
    """A template as ``(literal, placeholder)`` pairs, each placeholder following its literal (None in the last pair).

    A placeholder is its value function and whether that value needs escaping. It is named by
    the longest run of ``[a-z_]`` after a colon, else that run without its trailing underscores,
    which then stay as text (``:title_`` is ``:title`` and ``_``).
    """
    parts: list[tuple[str, _Placeholder | None]] = []
    literal = ""
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        literal += template[position : match.start()]
        name = match.group(1)
        key = next((key for key in (name, name.rstrip("_")) if key in _PLACEHOLDER_VALUES), None)
        if key is None:
            raise ValueError(f"unknown placeholder :{name} in permalink {template!r}")
        parts.append((literal, (_PLACEHOLDER_VALUES[key], key not in _DIGIT_PLACEHOLDERS)))
        literal = name[len(key) :]
        position = match.end()
    parts.append((literal + template[position:], None))
    return tuple(parts)


def render_permalink(
    template: str,
    *,
    date: datetime,
    categories: Sequence[str],
    slug: str,
    basename: str,
    output_ext: str,
) -> str:
    """Fill a Jekyll URL template for a post, as ``Jekyll::URL#to_s`` does.

    ``slug`` is the post's slug (front matter or file name); ``basename`` the file name without
    its extension. ``date`` must already be in the site's time zone.

    >>> from datetime import datetime
    >>> render_permalink("/:categories/:year/:month/:day/:title:output_ext", date=datetime(2021, 12, 8),
    ...     categories=["emnews"], slug="abc", basename="2021-12-08-abc", output_ext=".html")
    '/emnews/2021/12/08/abc.html'
    """
    post = _PostFields(date, categories, slug, basename, output_ext)
    pieces: list[str] = []
    for literal, placeholder in _compile(template):
        pieces.append(literal)
        if placeholder is not None:
            value_of, escaped = placeholder
            pieces.append(escape_path(value_of(post)) if escaped else value_of(post))
    return _sanitize(collapse_slashes("".join(pieces)))


def jekyll_post_id(permalink: str, slug: str) -> str:
    """Jekyll's ``post.id``: the permalink's folder joined with the slug.

    >>> jekyll_post_id("/emnews/2021/12/08/abc.html", "abc")
    '/emnews/2021/12/08/abc'
    >>> jekyll_post_id("/2010/how-it-began/", "how-it-began")
    '/2010/how-it-began'
    """
    # posixpath.dirname and posixpath.join, written out for the one case here (a few times cheaper)
    trimmed = permalink.rstrip("/") or "/"
    folder = trimmed[: trimmed.rfind("/") + 1]
    if folder.strip("/"):
        folder = folder.rstrip("/")
    folder = folder or "/"
    if slug.startswith("/"):
        return slug
    return folder + slug if folder.endswith("/") else f"{folder}/{slug}"
