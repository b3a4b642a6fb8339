"""A book's cover image: the one given, checked, or one generated from the book's title, category and period."""

from __future__ import annotations

from pathlib import Path

from ...errors import ExportError
from ...model import SiteConfig
from .images import read_cover, sniff_image_type
from .pages import CoverDesign, cover_design, cover_svg

__all__ = ["COVER_EXTENSIONS", "book_cover", "generated_cover"]

COVER_EXTENSIONS: dict[str, str] = {
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}
"""The file extension of each cover type."""


def book_cover(
    cover: Path | bytes | None, *, title: str, category: str | None, period: str | None, config: SiteConfig
) -> tuple[bytes, str]:
    """A book's cover and its media type: the image given (a path or its bytes), else an SVG carrying the title,
    the category (as shown) and the period and site.

    Raises :class:`~newsfmt.ExportError` when the image cannot be read or is not a PNG, JPEG, GIF or WebP.
    """
    if cover is None:
        return cover_svg(title=title, subtitle=category or "", footer=_footer(period, config)), "image/svg+xml"
    if isinstance(cover, Path):
        return read_cover(cover)
    media_type = sniff_image_type(cover[:16])
    if media_type is None:
        raise ExportError("the cover is not a PNG, JPEG, GIF or WebP image")
    return cover, media_type


def generated_cover(*, title: str, category: str | None, period: str | None, config: SiteConfig) -> CoverDesign:
    """The design of the cover :func:`book_cover` generates, for drawing it in other forms."""
    return cover_design(title=title, subtitle=category or "", footer=_footer(period, config))


def _footer(period: str | None, config: SiteConfig) -> str:
    return " · ".join(part for part in (period if period and period != "all" else "", config.title.strip()) if part)
