"""``newsfmt build``: every output of a site, fast, incremental, atomic and confined to OUT."""

from __future__ import annotations

from .options import BuildOptions
from .runner import BuildReport, build_site

__all__ = ["BuildOptions", "BuildReport", "build_site"]
