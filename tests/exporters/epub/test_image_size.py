"""image_size: width and height from the headers of PNG, JPEG, GIF and WebP, hostile headers included."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfmt.exporters.epub.image_size import image_size
from newsfmt.exporters.epub.images import sniff_image_type
from tests.support.image_server import PNG_1X1, png_declaring

from .factory import GIF


def jpeg(width: int, height: int, *, before: bytes = b"") -> bytes:
    """A JPEG's headers: SOI, an APP0 segment, ``before``, then a baseline frame of ``width`` × ``height``."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\0"
    return b"\xff\xd8" + app0 + before + frame + b"\xff\xda\0\x08\x01\x01\0\0\x3f\0" + b"\x12\x34" + b"\xff\xd9"


def gif(width: int, height: int, frames: list[tuple[int, int, int, int]]) -> bytes:
    """A GIF of a ``width`` × ``height`` screen with a global colour table and frames ``(left, top, w, h)``."""
    data = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    data += b"\x21\xf9\x04\x01\x00\x00\x00\x00"  # a graphic control extension
    for left, top, frame_width, frame_height in frames:
        data += b"\x2c" + struct.pack("<HHHHB", left, top, frame_width, frame_height, 0)
        data += b"\x02\x02\x44\x01\x00"  # LZW code size, one sub-block, the end of the sub-blocks
    return data + b";"


def webp(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def vp8(width: int, height: int) -> bytes:
    return webp(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\0" * 8)


def vp8l(width: int, height: int) -> bytes:
    return webp(b"VP8L", b"\x2f" + struct.pack("<I", (width - 1) | (height - 1) << 14) + b"\0" * 4)


def vp8x(width: int, height: int) -> bytes:
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return webp(b"VP8X", b"\x10\0\0\0" + canvas)


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (PNG_1X1, (1, 1)),
        (png_declaring(640, 480), (640, 480)),
        (png_declaring(100_000, 3), (100_000, 3)),
        (GIF, (1, 1)),
        (gif(10, 20, [(0, 0, 10, 20)]), (10, 20)),
        (gif(1, 1, [(0, 0, 1, 1), (0, 0, 60_000, 50_000)]), (60_000, 50_000)),  # a frame larger than its screen
        (gif(5, 5, [(65_535, 65_535, 65_535, 65_535)]), (131_070, 131_070)),
        (jpeg(800, 600), (800, 600)),
        (jpeg(65_535, 65_535, before=b"\xff\xff\xff"), (65_535, 65_535)),  # fill bytes before a marker
        (jpeg(3, 4, before=b"\xff\xdb" + struct.pack(">H", 67) + b"\0" * 65), (3, 4)),  # a table first
        (vp8(320, 240), (320, 240)),
        (vp8(16_383, 16_383), (16_383, 16_383)),
        (vp8l(1, 16_384), (1, 16_384)),
        (vp8x(16_777_216, 2), (16_777_216, 2)),
    ],
)
def test_sizes_come_from_the_headers(data: bytes, size: tuple[int, int]) -> None:
    media_type = sniff_image_type(data[:16])
    assert media_type is not None
    assert image_size(data, media_type) == size


@pytest.mark.parametrize(
    "data",
    [
        png_declaring(0, 10),
        PNG_1X1[:20],
        PNG_1X1[:12] + b"IDAT" + PNG_1X1[16:],
        jpeg(0, 10),
        jpeg(10, 0),  # height given later by a DNL marker: unknown here
        b"\xff\xd8\xff\xd9",  # no frame
        b"\xff\xd8\xff\xe0\x00\x01",  # a length that cannot be
        b"\xff\xd8\xff\xe0\x00\x04\x00\x00\x12\x34\x56\x78",  # not a marker after the first segment
        jpeg(5, 5)[:25],
        GIF[:12],
        gif(1, 1, [(0, 0, 1, 1)])[:30],  # a descriptor cut short
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x99",  # an unknown block
        webp(b"VP8 ", b"\x30\x01\x00\x00\x00\x00\x10\x00\x10\x00"),  # no start code
        webp(b"VP8L", b"\x00\0\0\0\0"),  # no signature
        webp(b"ALPH", b"\0" * 10),
        b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0",
    ],
)
def test_broken_or_sizeless_headers_give_none(data: bytes) -> None:
    media_type = sniff_image_type(data[:16])
    assert media_type is not None
    assert image_size(data, media_type) is None


def test_unknown_types_give_none() -> None:
    assert image_size(PNG_1X1, "image/svg+xml") is None


@given(st.sampled_from([PNG_1X1[:8], b"\xff\xd8", b"GIF89a", b"RIFF\0\0\0\0WEBPVP8 "]), st.binary(max_size=200))
def test_no_header_makes_it_raise(magic: bytes, rest: bytes) -> None:
    data = magic + rest
    media_type = sniff_image_type(data[:16])
    if media_type is not None:
        size = image_size(data, media_type)
        assert size is None or (size[0] > 0 and size[1] > 0)


def test_a_long_run_of_jpeg_segments_is_read_in_linear_time() -> None:
    data = jpeg(7, 9, before=(b"\xff\xfe" + struct.pack(">H", 2)) * 200_000)
    assert image_size(data, "image/jpeg") == (7, 9)
