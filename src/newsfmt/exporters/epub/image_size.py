"""The width and height of a PNG, JPEG, GIF or WebP picture, read from its headers without decoding a pixel.

A fetched picture is checked against a size cap before it goes into a book: a few hundred bytes can declare an
image of 65,535 × 65,535 pixels that a reader would try to decode into gigabytes. Every function here reads
only what the bytes hold (a header that runs past the end gives None, never an exception) and each scan is
linear in the length of the data.
"""

from __future__ import annotations

__all__ = ["image_size"]


def image_size(data: bytes, media_type: str) -> tuple[int, int] | None:
    """``(width, height)`` in pixels of ``data``, a picture of ``media_type`` (as sniffed), or None when its headers
    are cut short, malformed, or declare no size. For a GIF, the largest extent of its screen and every frame.

    >>> image_size(b"GIF89a\\x02\\x00\\x03\\x00\\x00\\x00\\x00;", "image/gif")
    (2, 3)
    >>> image_size(b"\\x89PNG\\r\\n\\x1a\\n", "image/png") is None
    True
    """
    reader = _READERS.get(media_type)
    if reader is None:
        return None
    size = reader(data)
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return size


def _png(data: bytes) -> tuple[int, int] | None:
    # The first chunk is IHDR: length (4), type (4), then width and height, big-endian.
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
"""Markers without a length: TEM and the restart markers (SOI is skipped before the scan)."""
_JPEG_NOT_FRAMES = frozenset({0xC4, 0xC8, 0xCC})
"""C0–CF are start-of-frame markers, except these (Huffman tables, reserved, arithmetic conditioning)."""


def _jpeg(data: bytes) -> tuple[int, int] | None:
    position = 2  # after SOI
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        if marker == 0xD9:  # end of image before any frame
            return None
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            return None
        if 0xC0 <= marker <= 0xCF and marker not in _JPEG_NOT_FRAMES:
            frame = data[position + 4 : position + 9]  # precision, height, width
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        position += 2 + length
    return None


def _gif(data: bytes) -> tuple[int, int] | None:
    if len(data) < 13:
        return None
    width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    position = 13 + _color_table_length(data[10])
    while position < len(data):
        block = data[position]
        if block == 0x3B:  # trailer
            return width, height
        if block == 0x21:  # extension: label, then sub-blocks
            position = _after_sub_blocks(data, position + 2)
        elif block == 0x2C:  # image descriptor: left, top, width, height, flags
            descriptor = data[position + 1 : position + 10]
            if len(descriptor) < 9:
                return None
            left, top, frame_width, frame_height = (
                int.from_bytes(descriptor[i : i + 2], "little") for i in range(0, 8, 2)
            )
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            # Then a local colour table, the LZW code size byte, and the pixel data as sub-blocks.
            position = _after_sub_blocks(data, position + 10 + _color_table_length(descriptor[8]) + 1)
        else:
            return None
        if position < 0:
            return None
    return width, height  # no trailer: a truncated file, but its size is known


def _color_table_length(flags: int) -> int:
    return 3 * (2 << (flags & 0x07)) if flags & 0x80 else 0


def _after_sub_blocks(data: bytes, position: int) -> int:
    """The position after a run of GIF sub-blocks (each a length byte and that many bytes, ended by a zero
    length), or -1 when the data ends first."""
    while position < len(data):
        length = data[position]
        position += 1 + length
        if length == 0:
            return position
    return -1


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk, payload = data[12:16], data[20:30]
    if chunk == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        # A key frame: tag (3), start code (3), then 14-bit width and height (2 bits of scale each).
        return int.from_bytes(payload[6:8], "little") & 0x3FFF, int.from_bytes(payload[8:10], "little") & 0x3FFF
    if chunk == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(payload) >= 10:
        # Flags (4), then the canvas's width and height less one, 24 bits each.
        return int.from_bytes(payload[4:7], "little") + 1, int.from_bytes(payload[7:10], "little") + 1
    return None


_READERS = {"image/png": _png, "image/jpeg": _jpeg, "image/gif": _gif, "image/webp": _webp}
