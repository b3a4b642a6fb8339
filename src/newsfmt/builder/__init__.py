"""``newsfmt build``: every output of a site, fast, incremental, atomic and confined to OUT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from ..options import BuildOptions
    from .report import BuildReport
    from .runner import build_site

__all__ = ["BuildOptions", "BuildReport", "build_site"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {"BuildOptions": "..options", "BuildReport": ".report", "build_site": ".runner"},
)
