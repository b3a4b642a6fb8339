"""Site discovery: a folder to a Site."""

from __future__ import annotations

from pathlib import Path

from ..model import Site, SiteConfig


def load_config(root: Path | str) -> SiteConfig:
    """Read a site's config."""
    raise NotImplementedError


def load_site(root: Path | str, *, strict: bool = False, drafts: bool = False, future: bool = False) -> Site:
    """Read every post of a site."""
    raise NotImplementedError
