"""What one conversion of a fragment knows: where pictures and relative links go, and the words it writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ConversionContext", "ImageResolver", "XhtmlLabels"]

ImageResolver = Callable[[str], str | None]
"""Maps an ``img`` ``src`` to its href inside the book (relative to the chapter), or None to leave it out."""


@dataclass(frozen=True, slots=True)
class XhtmlLabels:
    """Words the converter writes into a book, in the book's language."""

    image: str = "image"
    """Text of a link that replaces a picture without alt text."""
    media: str = "media"
    """Text of a link that replaces a video or audio element."""


@dataclass(frozen=True, slots=True)
class ConversionContext:
    """The callbacks and words of one conversion."""

    resolve_image: ImageResolver
    """Where a picture lives in the book (None: not embedded)."""
    absolute: Callable[[str], str | None]
    """A relative link made absolute (None: dropped)."""
    labels: XhtmlLabels
    """Words written into the book."""
