"""One post: text to Article."""

from __future__ import annotations

from pathlib import Path

from ..model import Article, SiteConfig


def parse_post(text: str | bytes, *, config: SiteConfig | None = None, path: Path | str | None = None) -> Article:
    """Parse one post's text (front matter and body) into an Article."""
    raise NotImplementedError


def load_post(path: Path | str, config: SiteConfig | None = None) -> Article:
    """Read one post file into an Article."""
    raise NotImplementedError
