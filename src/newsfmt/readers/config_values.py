"""Config values every generator's config reader needs: mappings and site URLs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["as_mapping", "split_url"]


def as_mapping(value: Any, key: str) -> Mapping[str, Any]:
    """A config value that must be a mapping (``None`` is an empty one); raise ValueError naming ``key``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping, got {value!r}")
    return value


def split_url(url: str, baseurl: str) -> tuple[str, str]:
    """``url`` without its trailing slash (a path in it is kept, as Jekyll keeps it) and ``baseurl``."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    base = baseurl.strip().rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return url.rstrip("/"), base
