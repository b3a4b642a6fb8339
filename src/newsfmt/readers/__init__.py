"""Readers: post files and site folders to :class:`~newsfmt.Article` values."""

from __future__ import annotations

from .post import load_post, parse_post
from .site import load_config, load_site

__all__ = ["load_config", "load_post", "load_site", "parse_post"]
