"""Hugo's URL rules: its ``urlize``, its ``permalinks`` patterns and the path-based URL of a page.

Checked against Hugo 0.111 (``hugo list all``): a title, slug or file name in a pattern is urlized, then the
whole expanded pattern is unescaped, sanitized and lower-cased again (so ``a+b`` in a title gives ``a-b``);
the path-based URL is the content path sanitized and lower-cased once (so ``c++_go.md`` gives ``/c++_go/``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote_plus

__all__ = ["PagePlace", "expand_pattern", "hugo_sanitize", "hugo_urlize", "path_url", "url_escape"]

_ALLOWED_PUNCTUATION = frozenset("./\\_#+~-@")
_HEX = frozenset("0123456789abcdefABCDEF")
_TOKEN = re.compile(r":(sections\[\d*:?\d*\]|[a-z]+)")
_SECTIONS_SLICE = re.compile(r"sections\[(\d*)(:?)(\d*)\]")
_SLASHES = re.compile(r"/{2,}")
_ESCAPE_SAFE = "/#+~@_.-%!$&'()*,;=:"


def hugo_sanitize(text: str) -> str:
    """Hugo's ``paths.Sanitize``: letters, digits, marks and ``./\\_#+~-@`` (and ``%XX``) kept, a run of spaces one
    hyphen (none first, none doubled after a hyphen), anything else dropped.

    >>> hugo_sanitize("  C++ & Go -- 你好 ")
    'C++-Go--你好'
    """
    out: list[str] = []
    after_hyphen = False
    pending_hyphen = False
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        allowed = char in _ALLOWED_PUNCTUATION or category[0] in "LM" or category == "Nd"
        if char == "%":
            allowed = text[index + 1 : index + 2] in _HEX and text[index + 2 : index + 3] in _HEX
        if allowed:
            after_hyphen = char == "-"
            if pending_hyphen and not after_hyphen:
                out.append("-")
            pending_hyphen = False
            out.append(char)
        elif out and not after_hyphen and char.isspace():
            pending_hyphen = True
    return "".join(out)


def url_escape(path: str) -> str:
    """A path as Go's ``url.URL.String`` writes it: non-ASCII and unsafe bytes percent-encoded, ``%XX`` kept."""
    return quote(path, safe=_ESCAPE_SAFE)


def hugo_urlize(text: str) -> str:
    """Hugo's ``urlize`` (``disablePathToLower`` off): sanitized, lower-cased, escaped.

    >>> hugo_urlize("Héllo World!")
    'h%C3%A9llo-world'
    """
    return url_escape(hugo_sanitize(text).lower())


@dataclass(frozen=True, slots=True)
class PagePlace:
    """Where a page sits in its language's content folder, and what a pattern may take from it."""

    sections: tuple[str, ...]
    """Its sections: the first folder, then each folder below it that has an ``_index`` page."""
    folders: tuple[str, ...]
    """Every folder between the content folder and the page (a bundle's own folder excluded)."""
    filename: str
    """The file name without extension and language suffix; a bundle's folder name."""
    title: str
    slug: str
    """The front matter's ``slug``, or empty."""
    date: datetime


def _sections(place: PagePlace, token: str) -> str:
    match = _SECTIONS_SLICE.fullmatch(token)
    if match is None:
        return "/".join(place.sections)
    start, colon, end = match.groups()
    if not colon:
        index = int(start or 0)
        return place.sections[index] if index < len(place.sections) else ""
    return "/".join(place.sections[int(start or 0) : int(end) if end else None])


_TOKENS: Mapping[str, Callable[[PagePlace], str]] = {
    "year": lambda p: f"{p.date.year:04d}",
    "month": lambda p: f"{p.date.month:02d}",
    "monthname": lambda p: p.date.strftime("%B").lower(),
    "day": lambda p: f"{p.date.day:02d}",
    "weekday": lambda p: str(p.date.isoweekday() % 7),
    "weekdayname": lambda p: p.date.strftime("%A").lower(),
    "yearday": lambda p: str(p.date.timetuple().tm_yday),
    "section": lambda p: p.sections[0] if p.sections else "",
    "title": lambda p: hugo_urlize(p.title),
    "slug": lambda p: hugo_urlize(p.slug or p.title),
    "filename": lambda p: hugo_urlize(p.filename),
    "slugorfilename": lambda p: hugo_urlize(p.slug or p.filename),
    "contentbasename": lambda p: hugo_urlize(p.filename),
}
KNOWN_TOKENS: Sequence[str] = (*_TOKENS, "sections", "sections[a:b]")
"""The tokens a pattern may hold."""


def expand_pattern(pattern: str, place: PagePlace) -> str:
    """A ``permalinks`` pattern filled for a page; raise ValueError for a token Hugo does not know.

    >>> from datetime import datetime
    >>> place = PagePlace(("posts",), ("posts",), "a+b", "C++ & Go", "", datetime(2021, 3, 4))
    >>> expand_pattern("/:section/:year/:title/", place)
    '/posts/2021/c-go/'
    """

    def fill(match: re.Match[str]) -> str:
        token = match.group(1)
        if token.startswith("sections"):
            return _sections(place, token)
        value = _TOKENS.get(token)
        if value is None:
            raise ValueError(f"unknown token :{token} in {pattern!r} (known: {', '.join(KNOWN_TOKENS)})")
        return value(place)

    expanded = _TOKEN.sub(fill, pattern)
    return url_escape(_SLASHES.sub("/", hugo_sanitize(unquote_plus(expanded)).lower()))


def path_url(folders: Sequence[str], name: str) -> str:
    """The URL of a page without a pattern: its folders and name (its slug, else its file name), sanitized once.

    >>> path_url(["posts", "Nested Folder"], "c++_go")
    '/posts/nested-folder/c++_go'
    """
    return url_escape(hugo_sanitize("/" + "/".join([*folders, name, ""])).lower()).rstrip("/")
