"""What one conversion of a fragment knows: where pictures and relative links go, its words, and its ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass(slots=True)
class ConversionContext:
    """The callbacks and words of one conversion, and the ids it has seen and handed out."""

    resolve_image: ImageResolver
    """Where a picture lives in the book (None: not embedded)."""
    absolute: Callable[[str], str | None]
    """A relative link made absolute (None: dropped)."""
    labels: XhtmlLabels
    """Words written into the book."""
    ids: dict[str, str] = field(default_factory=dict)
    """Each id of the source → its valid, unique form in the book."""
    used_ids: set[str] = field(default_factory=set)
    """Ids taken (reserved, or given to a source id)."""
    emitted_ids: set[str] = field(default_factory=set)
    """Ids already written on an element (a repeated source id gets a new one)."""
