"""Bytes to text: BOMs, UTF-8, detected legacy encodings, and U+FFFD as a last resort."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import DecodeError

__all__ = ["DecodedText", "decode_post"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)
"""The first bytes of the byte-order marks: a file starting with any other byte has none."""
# Encodings real archives are written in besides UTF-8; detection is limited to them so
# that a stray byte never turns a UTF-8 post into mojibake of an unrelated code page.
_LEGACY = ["gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1252"]
_BINARY_SAMPLE = 8192


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A decoded post: its text with LF line ends, and what happened on the way."""

    text: str
    encoding: str
    warning: str | None = None


def decode_post(data: bytes) -> DecodedText:
    """Decode a post file's bytes; raise :class:`DecodeError` for binary files.

    >>> decode_post("\\ufeff标题\\r\\n".encode()).text
    '标题\\n'
    """
    for bom, encoding in _BOMS if data[:1] in _BOM_STARTS else ():
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            warning = _replacement_warning(text, encoding)
            return DecodedText(_normalise_newlines(text), encoding, warning)
    if data.find(b"\x00", 0, _BINARY_SAMPLE) >= 0:  # not in a slice: that would copy the sample
        raise DecodeError("binary file (NUL bytes), not a text post")
    try:
        return DecodedText(_normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = data.count(b"\n", 0, exc.start) + 1
    from charset_normalizer import from_bytes  # only legacy encodings need it, and it is slow to import

    best = from_bytes(data, cp_isolation=_LEGACY).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        text = str(best)
        return DecodedText(
            _normalise_newlines(text),
            best.encoding,
            f"not UTF-8; decoded as {best.encoding} (detected); save the file as UTF-8 to be sure",
        )
    text = data.decode("utf-8", errors="replace")
    return DecodedText(
        _normalise_newlines(text),
        "utf-8",
        f"invalid UTF-8 from line {first_bad} on; undecodable bytes replaced with U+FFFD",
    )


def _replacement_warning(text: str, encoding: str) -> str | None:
    if "\ufffd" not in text:
        return None
    line = text.count("\n", 0, text.index("\ufffd")) + 1
    return f"invalid {encoding} at line {line}; undecodable bytes replaced with U+FFFD"


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
