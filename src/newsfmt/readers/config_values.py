"""Config values every generator's config reader needs: mappings and site URLs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..cleaning.links import checked_url, has_scheme

__all__ = ["as_mapping", "split_url"]


def as_mapping(value: Any, key: str) -> Mapping[str, Any]:
    """A config value that must be a mapping (``None`` is an empty one); raise ValueError naming ``key``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping, got {value!r}")
    return value


def split_url(url: str, baseurl: str) -> tuple[str, str]:
    """``url`` without its trailing slash (a path in it is kept, as Jekyll keeps it) and ``baseurl``.

    Raise ValueError for a ``url`` that :func:`~newsfmt.cleaning.links.checked_url` refuses or whose scheme is not
    the web's: every link of every feed and book starts with it.

    >>> split_url("//example.org/", "blog/")
    ('https://example.org', '/blog')
    """
    url = url.strip()
    if url:
        checked = checked_url(url)
        if checked is None or (has_scheme(checked) and not checked.lower().startswith(("http:", "https:"))):
            raise ValueError(f"url: {url!r} is not a web address (https://host)")
        url = checked
    base = baseurl.strip().rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return url.rstrip("/"), base
