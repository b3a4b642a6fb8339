"""The pictures of the OPDS catalog: each book's cover and thumbnail as PNG, JPEG or GIF, the artwork types of
OPDS 1.2 and the ones e-reader apps show (KOReader, Moon+ Reader and calibre show no SVG).

A generated cover (:func:`~newsfmt.exporters.epub.pages.cover_design`, SVG in the book) is drawn as PNG with the
machine's fonts (:mod:`.fonts`); a site's own cover is linked as it is when PNG, JPEG or GIF and converted to PNG
when WebP, and its thumbnail is scaled down from it. Pictures are decoded by Pillow only after their headers passed
the caps of fetched images. The PNG, JPEG and GIF written carry no metadata and no time, so a rebuild on the same
machine writes the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageOps

from ..errors import ExportError
from .epub.fetching import FetchRules
from .epub.image_size import image_size
from .epub.pages import COVER_FRAME, COVER_HEIGHT, COVER_INK, COVER_WIDTH, CoverDesign, CoverLine
from .fonts import faces_for, font_of, text_runs

__all__ = ["CATALOG_TYPES", "THUMBNAIL_SIZE", "Picture", "SiteArtwork", "drawing_key", "drawn_cover", "site_artwork"]

CATALOG_TYPES: dict[str, str] = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
"""The picture types the catalog links, with their file extensions."""
THUMBNAIL_SIZE = (240, 320)
"""The largest thumbnail, width and height in pixels; a generated one is exactly this size."""
_COVER_SIZE = (1200, 1600)
"""The largest cover converted for the catalog (a smaller one keeps its size)."""
_CAPS = FetchRules()
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}
_DRAWING = 1
"""The version of :func:`drawn_cover`'s drawing: one more when a change to it changes the pictures."""
_TEXT_ROOM = 0.92
"""The share of the frame's width a line of text may take before it is drawn smaller."""


@dataclass(frozen=True, slots=True)
class Picture:
    """An image file's bytes and its media type."""

    data: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class SiteArtwork:
    """A site's cover for the catalog and its thumbnail."""

    cover: Picture
    thumbnail: Picture | None
    """``None`` when the cover is small enough to be its own thumbnail."""


def drawing_key(design: CoverDesign, lang: str) -> str:
    """A short fingerprint of all a drawn cover depends on: the design, the fonts :func:`drawn_cover` would use
    for ``lang`` (their files, sizes and times) and the drawing code. A cover named by it need not be drawn again
    while its file is there, and apps that keep pictures by their address fetch a changed one anew."""
    fonts = [
        (face.path, face.index, _signature(face.path))
        for bold in (True, False)
        for face in faces_for("serif", bold=bold, lang=lang)
    ]
    described = repr((_DRAWING, PIL.__version__, design, fonts)).encode("utf-8")
    return hashlib.sha256(described).hexdigest()[:12]


def _signature(path: str) -> tuple[int, int]:
    """A font file's size and time (a font updated in place draws differently); zeros for Pillow's own."""
    try:
        stat = Path(path).stat() if path else None
    except OSError:
        stat = None
    return (stat.st_size, stat.st_mtime_ns) if stat else (0, 0)


@functools.lru_cache(maxsize=1024)  # `watch` and `serve` build again and again: each cover is drawn once
def drawn_cover(design: CoverDesign, *, width: int, lang: str) -> bytes:
    """``design`` drawn as a PNG ``width`` pixels wide (600: the size of the book's SVG), its text in the fonts of
    the machine that have its characters for ``lang`` (the characters none has are left out)."""
    scale = width / COVER_WIDTH
    # Two colours and their blends: drawn as a mask of the ink, whose 256 levels index a palette from the
    # background to the ink. A PNG of one byte a pixel, a third of RGB's: small and quick to compress.
    image = Image.new("L", (width, round(COVER_HEIGHT * scale)), 0)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom, stroke = COVER_FRAME
    frame = [round(left * scale), round(top * scale), round(right * scale), round(bottom * scale)]
    draw.rectangle(frame, outline=255, width=max(1, round(stroke * scale)))
    room = (right - left) * scale * _TEXT_ROOM
    for line in design.lines:
        _draw_line(draw, line, scale, room, lang)
    image.putpalette(_blends(ImageColor.getrgb(design.colour), ImageColor.getrgb(COVER_INK)))
    return _encoded(image, "image/png")


def _blends(background: tuple[int, ...], ink: tuple[int, ...]) -> list[int]:
    """256 RGB colours from ``background`` to ``ink``, flat.

    >>> _blends((0, 0, 0), (255, 255, 255))[-6:]
    [254, 254, 254, 255, 255, 255]
    """
    return [round(b + (i - b) * level / 255) for level in range(256) for b, i in zip(background, ink, strict=False)]


def _draw_line(draw: ImageDraw.ImageDraw, line: CoverLine, scale: float, room: float, lang: str) -> None:
    runs = text_runs(line.text, faces_for("serif", bold=line.bold, lang=lang))
    size = max(1, round(line.size * scale))
    width = sum(font_of(run.face, size).getlength(run.text) for run in runs)
    if width > room:  # a long word or a wide font: smaller, never past the frame
        size = max(1, int(size * room / width))
        width = sum(font_of(run.face, size).getlength(run.text) for run in runs)
    x = (COVER_WIDTH * scale - width) / 2
    for run in runs:
        font = font_of(run.face, size)
        draw.text((x, line.baseline * scale), run.text, fill=255, font=font, anchor="ls")
        x += font.getlength(run.text)


def site_artwork(data: bytes, media_type: str, *, source: Path | None) -> SiteArtwork:
    """A site's cover (its bytes and sniffed ``media_type``) for the catalog: PNG, JPEG and GIF as they are, WebP
    as PNG, and a thumbnail of the same type scaled down to :data:`THUMBNAIL_SIZE`.

    Raises :class:`~newsfmt.ExportError` naming ``source`` when the picture is larger than fetched pictures may be
    (16,384 pixels a side, 40 megapixels) or cannot be decoded.
    """
    size = image_size(data, media_type)
    if size is None:
        raise ExportError("the cover image declares no valid width and height", path=source)
    if max(size) > _CAPS.max_side or size[0] * size[1] > _CAPS.max_pixels:
        limits = f"{_CAPS.max_side} a side, {_CAPS.max_pixels} in all"
        raise ExportError(
            f"the cover image has {size[0]} × {size[1]} pixels, more than a cover may have ({limits})", path=source
        )
    try:
        with Image.open(io.BytesIO(data), formats=[_FORMATS[media_type]]) as image:
            if media_type == "image/jpeg":
                image.draft("RGB", THUMBNAIL_SIZE)  # decoded at 1/2 to 1/8 of its size when that still fits
            image.load()
            return _artwork(image, data, media_type)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExportError(f"cannot decode the cover image: {exc}", path=source) from exc


def _artwork(image: Image.Image, data: bytes, media_type: str) -> SiteArtwork:
    image = ImageOps.exif_transpose(image) or image
    if media_type in CATALOG_TYPES:
        cover = Picture(data, media_type)
    else:
        cover = Picture(_encoded(_scaled(image, _COVER_SIZE), "image/png"), "image/png")
        media_type = "image/png"
    if image.width <= THUMBNAIL_SIZE[0] and image.height <= THUMBNAIL_SIZE[1]:
        return SiteArtwork(cover, None)
    return SiteArtwork(cover, Picture(_encoded(_scaled(image, THUMBNAIL_SIZE), media_type), media_type))


def _scaled(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """A copy of ``image`` (its first frame) fitting in ``box``, in a mode that scales smoothly."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    scaled = image.convert(mode)
    scaled.thumbnail(box, Image.Resampling.LANCZOS)
    return scaled


def _encoded(image: Image.Image, media_type: str) -> bytes:
    """The picture's bytes: no text chunks, no EXIF, no time (a colour profile is kept)."""
    if media_type == "image/jpeg" and image.mode != "RGB":
        image = image.convert("RGB")
    profile = image.info.get("icc_profile")
    image.info = {"icc_profile": profile} if profile else {}
    buffer = io.BytesIO()
    if media_type == "image/jpeg":
        image.save(buffer, "JPEG", quality=85, optimize=True)
    else:
        image.save(buffer, _FORMATS[media_type])
    return buffer.getvalue()
