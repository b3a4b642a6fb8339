"""Front-matter coercion: one function per field, each raising ValueError with a readable reason.

YAML 1.1 turns ``2019`` into an int, ``no`` into False and ``10:00`` into 600; the functions here
bring such values back to the strings a person meant, and accept every shape Jekyll accepts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ..cleaning.links import checked_url
from ..model import Author

__all__ = ["as_authors", "as_bool", "as_terms", "as_text", "decode_references", "jekyll_categories", "jekyll_tags"]

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_OPENS_TAG = re.compile(r"[A-Za-z/!?]")


def as_text(value: Any) -> str:
    """A scalar as the string a person wrote (``2019`` → ``"2019"``, ``None`` → ``""``)."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"expected text, got a {type(value).__name__}: {value!r}")


def as_bool(value: Any) -> bool:
    """``true``/``false`` as YAML, TOML or a string says it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "false", "no", "off"):
        return value.strip().lower() in ("true", "yes", "on")
    raise ValueError(f"expected true or false, got {value!r}")


def _flatten(value: Any) -> Iterable[Any]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    elif value is not None:
        yield value


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    unique = dict.fromkeys(values)
    unique.pop("", None)
    return tuple(unique)


def as_terms(value: Any) -> tuple[str, ...]:
    """A list, a space-separated string, a number or null, as a tuple of strings."""
    if isinstance(value, str):
        return _unique(value.split())
    if type(value) is list and all(type(item) is str for item in value):
        return _unique([item.strip() for item in value])
    return _unique(as_text(item).strip() for item in _flatten(value))


def jekyll_categories(data: Mapping[str, Any], from_path: Iterable[str] = ()) -> tuple[str, ...]:
    """Categories as Jekyll merges them: folders above ``_posts``, then ``categories``, then ``category``.

    A ``categories`` string is split on spaces; a singular ``category`` string is one category.

    >>> jekyll_categories({"categories": "a b", "category": "c d"}, ["x"])
    ('x', 'a', 'b', 'c d')
    """
    if not from_path and "category" not in data:
        return as_terms(data.get("categories"))  # unique already, and without an empty one
    merged = list(from_path)
    merged.extend(as_terms(data.get("categories")))
    if "category" in data:
        merged.extend(as_text(v).strip() for v in _flatten(data["category"]))
    return _unique(merged)


def jekyll_tags(data: Mapping[str, Any]) -> tuple[str, ...]:
    """Tags as Jekyll reads them: a singular ``tag`` wins over ``tags``; strings are split on spaces."""
    if data.get("tag") is not None:
        return _unique(as_text(v).strip() for v in _flatten(data["tag"]))
    return as_terms(data.get("tags"))


def decode_references(text: str) -> str:
    """``text`` with its HTML character references decoded, as a feed reader shows jekyll-feed's titles.

    jekyll-feed's ``smartify`` turns ``Justin&#160;Gehtland`` and ``Caf&eacute;`` into characters; only references
    ending in ``;`` count, as in kramdown. A ``&lt;`` that would open a tag once decoded stays as written: titles go
    through tag stripping later, which must not take text for markup.

    >>> decode_references("Justin&#160;Gehtland: Caf&eacute; &amp; Bar, a &lt; b, &lt;b&gt;, R&D;")
    'Justin\xa0Gehtland: Café & Bar, a < b, &lt;b>, R&D;'
    """
    if "&" not in text:
        return text

    def decode(match: re.Match[str]) -> str:
        character = html.unescape(match.group())
        if character == "<" and _OPENS_TAG.match(text, match.end()):
            return match.group()
        return character

    return _REFERENCE.sub(decode, text)


def as_authors(value: Any, known: Mapping[str, Any] | None = None) -> tuple[Author, ...]:
    """Authors from a name, a mapping (name/display_name, email, url/uri) or a list of these.

    A name found in ``known`` (a site's ``_data/authors.yml``) takes its details from there. A home page that
    :func:`~newsfmt.cleaning.links.checked_url` refuses, or an e-mail address that is no address, is left out.

    >>> as_authors({"display_name": "Bob", "email": "b@example.org", "url": "javascript:alert(1)"})
    (Author(name='Bob', email='b@example.org', url=None),)
    """
    authors: list[Author] = []
    for item in _flatten(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            name = str(item).strip()
            if known and isinstance(known.get(name), Mapping):
                author = _author_from_mapping({"name": name, **known[name]})
            else:
                author = Author(decode_references(name).strip()) if name else None
        elif isinstance(item, Mapping):
            author = _author_from_mapping(item)
        else:
            raise ValueError(f"expected an author name or mapping, got {item!r}")
        if author is not None:
            authors.append(author)
    return tuple(dict.fromkeys(authors))


def _author_from_mapping(item: Mapping[str, Any]) -> Author | None:
    def pick(*keys: str) -> str | None:
        for key in keys:
            raw = item.get(key)
            if raw not in (None, ""):
                return as_text(raw).strip()
        return None

    email = pick("email")
    name = decode_references(pick("name", "display_name", "login", "username") or "").strip() or email
    if not name:
        return None
    url = pick("url", "uri", "website", "homepage")
    return Author(
        name,
        email if email and _EMAIL.fullmatch(email) else None,
        checked_url(url) if url else None,
    )


_EMAIL = re.compile(r"[^\s@<>()\[\]\\,;:\"&]+@[^\s@<>()\[\]\\,;:\"&]+")
"""An e-mail address as feeds carry it: one ``@``, nothing a reader could take for markup, a scheme or a list."""
