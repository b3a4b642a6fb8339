"""The folders no site generator reads posts from, in a module of their own: the early look of a build
(:mod:`newsfmt.builder.unchanged`) leaves them out too, and imports nothing of the readers."""

from __future__ import annotations

__all__ = ["SKIP_DIRS"]

SKIP_DIRS = frozenset({"_site", "node_modules", "vendor", ".jekyll-cache", ".git", "public", "resources"})
"""Folders a site generator never reads posts from."""
