"""Names of output files: readable, safe on every common file system, never outside the output folder."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["slugify", "slugify_for_path", "with_suffix"]

_UNSAFE = re.compile(r"[^\w.\-]+|_+")
_DASHES = re.compile(r"-{2,}")
_MAX_LENGTH = 80
_MAX_BYTES = 160
"""A slug's most UTF-8 bytes: file names are cut by bytes (255 on every common file system), and a text's name
adds its date and extension, and the temporary name of its atomic write a dot, a process id and a counter."""
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


@lru_cache(maxsize=4096)  # a site has few categories, and every text path and book plan asks for them
def slugify_for_path(name: str, *, fallback: str = "untitled") -> str:
    """Turn any name (a category, a slug) into one safe path component.

    Letters and digits of every script are kept (Chinese stays Chinese), ASCII is lower-cased, anything
    else (separators, spaces, punctuation, controls) becomes ``-``; dots and dashes are trimmed at the
    ends, so the result is never empty, ``.`` or ``..``; it is cut at 80 characters and 160 UTF-8 bytes; names
    Windows reserves get a ``-`` suffix.

    >>> slugify_for_path("株洲日报 新闻/2021")
    '株洲日报-新闻-2021'
    >>> slugify_for_path("../..") , slugify_for_path("Hello, World!")
    ('untitled', 'hello-world')
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(char.lower() if char.isascii() else char for char in text)
    text = _UNSAFE.sub("-", text)
    text = _cut(_DASHES.sub("-", text).strip("-."), _MAX_LENGTH, _MAX_BYTES)
    if not text:
        text = fallback
    if text.split(".", 1)[0] in _RESERVED:
        text += "-"
    return text


def slugify(name: str, *, fallback: str = "untitled") -> str:
    """The slug newsfmt's outputs use for a category, a tag or a post's slug: ``categories/<slug>/``,
    ``tags/<slug>/``, ``epub/<slug>-<year>.epub``, ``text/<slug>/…``.

    Letters and digits of every script are kept (Chinese stays Chinese), ASCII is lower-cased, every other run
    of characters becomes one ``-``, and the result is never empty (``fallback``), ``.`` or ``..``. Where two
    terms of one site have the same slug, the build gives the later one a suffix
    (:mod:`newsfmt.output_names`), so link to a build's outputs by the paths it wrote when names may collide.

    >>> slugify("City News"), slugify("株洲日报 新闻/2021"), slugify("C++")
    ('city-news', '株洲日报-新闻-2021', 'c')
    """
    return slugify_for_path(name, fallback=fallback)


def with_suffix(slug: str, suffix: str) -> str:
    """A slug of :func:`slugify_for_path` with ``suffix`` (ASCII, such as ``-040228``) added after cutting the slug
    to make room, so that the whole stays within the limits of a slug and the suffix is never cut away.

    >>> with_suffix("c", "-040228"), len(with_suffix("新" * 80, "-5a9fd8").encode())
    ('c-040228', 160)
    """
    return _cut(slug, _MAX_LENGTH - len(suffix), _MAX_BYTES - len(suffix.encode("utf-8"))) + suffix


def _cut(text: str, characters: int, size: int) -> str:
    """``text`` cut to at most ``characters`` characters and ``size`` UTF-8 bytes, never inside a character."""
    if len(text) > characters:
        text = text[:characters].rstrip("-.")
    if len(text) * 4 > size and len(text.encode("utf-8")) > size:
        text = text.encode("utf-8")[:size].decode("utf-8", "ignore").rstrip("-.")
    return text
