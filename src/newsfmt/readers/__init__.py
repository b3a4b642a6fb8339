"""Readers: post files and site folders to :class:`~newsfmt.Article` values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .config import load_config
    from .post import load_post, parse_post
    from .site import load_site

__all__ = ["load_config", "load_post", "load_site", "parse_post"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {"load_config": ".config", "load_post": ".post", "parse_post": ".post", "load_site": ".site"},
)
