"""Pictures for a book: find a post's local images under the site folder (never outside it), or fetch remote ones.

Each picture is embedded once, under an ASCII name derived from where it came from, with the media type its
bytes show (not the one its name claims). Only the EPUB core raster types are embedded; anything else is left to
the caller's fallback (alt text and a link). A remote picture that is not fetched (refused by the rules of
``fetching.py``, too large, or failed) is left to that fallback too, with a warning saying why.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ExportError
from ...model import SiteConfig
from ...site_files import SiteFiles
from .fetching import FetchRefusedError, FetchRules, TooLargeError, fetch_image
from .image_size import image_size

__all__ = ["BookImage", "ImageCollector", "read_cover", "sniff_image_type"]

_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def read_cover(path: Path) -> tuple[bytes, str]:
    """A cover image file's bytes and media type. Raises :class:`~newsfmt.ExportError` naming the file when it
    cannot be read or is not a PNG, JPEG, GIF or WebP image (what ``newsfmt check`` also tells of a site's cover)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"cannot read the cover image: {exc.strerror}", path=path) from exc
    media_type = sniff_image_type(data[:16])
    if media_type is None:
        raise ExportError("the cover is not a PNG, JPEG, GIF or WebP image", path=path)
    return data, media_type


def sniff_image_type(head: bytes) -> str | None:
    """The media type shown by an image's first bytes, for the types every EPUB reader must display.

    >>> sniff_image_type(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff_image_type(b"<html>")
    ('image/png', None)
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True, slots=True)
class BookImage:
    """A picture to embed: its name in the book, its media type, and where its bytes are."""

    href: str
    """Path inside the book's content folder (``images/3f2a….png``)."""
    media_type: str
    """Media type sniffed from the bytes."""
    path: Path | None = None
    """Local file to read at write time (keeps memory flat), or None when ``data`` holds the bytes."""
    data: bytes | None = None
    """Bytes of a decoded ``data:`` URL or a fetched image."""

    def read(self) -> bytes:
        """The image bytes."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


@dataclass(slots=True)
class ImageCollector:
    """Resolves ``img`` sources of one book to embedded pictures, remembering each one once.

    ``fetch`` enables downloading remote (http/https) images within its limits, kept only when the server says
    ``image/…``, the bytes agree, and the header's width and height are within the limits too. Each remote
    image not embedded adds one line to ``warnings``.
    """

    config: SiteConfig
    fetch: FetchRules | None = None
    images: list[BookImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Why each remote image was not embedded, in the order met; the caller takes them away."""
    _by_source: dict[str, BookImage | None] = field(default_factory=dict)
    _files: SiteFiles | None = None
    _fetched_bytes: int = 0

    def resolve(self, src: str) -> str | None:
        """The href (inside the content folder) of the picture ``src`` names, or None when it cannot be embedded."""
        key = self._source_key(src)
        if key in self._by_source:
            found = self._by_source[key]
            return None if found is None else found.href
        image = self._load(src, key)
        self._by_source[key] = image
        if image is not None:
            self.images.append(image)
        return None if image is None else image.href

    def _source_key(self, src: str) -> str:
        local = self._local_file(src)
        return f"file:{local}" if local is not None else src

    def _load(self, src: str, key: str) -> BookImage | None:
        if src.startswith("data:"):
            return self._from_data_url(src, key)
        local = self._local_file(src)
        if local is not None:
            with local.open("rb") as handle:
                media_type = sniff_image_type(handle.read(16))
            if media_type is None:
                return None
            return BookImage(self._href(key, media_type), media_type, path=local)
        if self.fetch is not None and src.partition(":")[0].lower() in ("http", "https"):
            try:
                return self._fetch(src, key, self.fetch)
            except FetchRefusedError as exc:
                self.warnings.append(f"remote image {src} left as a link: {exc}")
        return None

    def _local_file(self, src: str) -> Path | None:
        """The file under the site folder that ``src`` names, or None (remote, missing, or outside the site)."""
        return self._site_files.find(src)

    @property
    def _site_files(self) -> SiteFiles:
        if self._files is None:
            self._files = SiteFiles(self.config)
        return self._files

    def _href(self, key: str, media_type: str) -> str:
        if key.startswith("file:") and self.config.root is not None:
            key = self._site_files.relative(Path(key[5:]))
        digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
        return f"images/{digest}.{_EXTENSIONS[media_type]}"

    def _from_data_url(self, src: str, key: str) -> BookImage | None:
        header, _, payload = src[5:].partition(",")
        if not header.endswith(";base64"):
            return None
        try:
            data = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            return None
        media_type = sniff_image_type(data[:16])
        if media_type is None:
            return None
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
        return BookImage(f"images/{digest}.{_EXTENSIONS[media_type]}", media_type, data=data)

    def _fetch(self, src: str, key: str, rules: FetchRules) -> BookImage:
        left = rules.max_book_bytes - self._fetched_bytes
        if left <= 0:
            raise FetchRefusedError(f"the book's fetched images reached their limit of {rules.max_book_bytes} bytes")
        try:
            data = fetch_image(src, rules, max_bytes=min(rules.max_bytes, left))
        except TooLargeError:
            if left >= rules.max_bytes:
                raise
            limit = rules.max_book_bytes
            raise FetchRefusedError(f"the book's fetched images would pass their limit of {limit} bytes") from None
        media_type = sniff_image_type(data[:16])
        if media_type is None:
            raise FetchRefusedError("it is not a PNG, JPEG, GIF or WebP image")
        _check_size(image_size(data, media_type), rules)
        self._fetched_bytes += len(data)
        return BookImage(self._href(key, media_type), media_type, data=data)


def _check_size(size: tuple[int, int] | None, rules: FetchRules) -> None:
    if size is None:
        raise FetchRefusedError("its header declares no valid width and height")
    width, height = size
    if max(width, height) > rules.max_side or width * height > rules.max_pixels:
        raise FetchRefusedError(
            f"{width} × {height} pixels is larger than allowed ({rules.max_side} a side, {rules.max_pixels} in all)"
        )
