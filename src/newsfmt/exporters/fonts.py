"""The fonts of the machine that can draw a text, for the pictures newsfmt draws (:mod:`.artwork`).

fontconfig (``fc-match``) gives the fonts for a family, weight and language in the order it prefers, each with
the characters it has, so that every character is drawn by the first font that has it: a Chinese title in a
Chinese font, its Latin letters in the same or the next one. A character no font has is left out, never drawn as
a box. Without fontconfig, Pillow's own font draws the printable ASCII characters.
"""

from __future__ import annotations

import bisect
import functools
import re
import subprocess
from dataclasses import dataclass

from PIL import ImageFont

__all__ = ["Face", "TextRun", "faces_for", "font_of", "text_runs"]

_ASCII = ((0x20, 0x7E),)
_FC_FORMAT = "%{file}\\t%{index}\\t%{charset}\\n"
_FC_TIMEOUT = 10.0

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True, slots=True, eq=False)
class Face:
    """One font face: its file (``""``: Pillow's own font), its index in a collection, and the characters it has
    as sorted, inclusive ranges of code points. Faces are compared by identity (their ranges are long)."""

    path: str
    index: int
    ranges: tuple[tuple[int, int], ...]

    def has(self, char: str) -> bool:
        """Whether the face has a glyph for ``char``.

        >>> Face("", 0, ((0x20, 0x7E), (0x4E00, 0x9FFF))).has("中"), Face("", 0, _ASCII).has("中")
        (True, False)
        """
        point = ord(char)
        at = bisect.bisect_right(self.ranges, (point, 0x110000)) - 1
        return at >= 0 and self.ranges[at][0] <= point <= self.ranges[at][1]


@dataclass(frozen=True, slots=True)
class TextRun:
    """A stretch of a text drawn by one face."""

    face: Face
    text: str


@functools.cache
def faces_for(family: str, *, bold: bool, lang: str) -> tuple[Face, ...]:
    """The faces that draw ``family`` (``serif``, ``sans-serif``) in ``lang`` (a language tag), the preferred
    first, each adding characters the ones before it lack; Pillow's own font alone when fontconfig is missing."""
    language = "-".join(re.findall(r"[a-z0-9]+", lang.lower())[:2])  # a tag, never a pattern of its own
    pattern = f"{family}:weight={'bold' if bold else 'regular'}" + (f":lang={language}" if language else "")
    try:
        listed = subprocess.run(
            ["fc-match", "--sort", f"--format={_FC_FORMAT}", pattern],
            capture_output=True,
            check=True,
            timeout=_FC_TIMEOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    faces = [face for line in listed.splitlines() if (face := _face(line)) is not None and _opens(face)]
    return (*faces, Face("", 0, _ASCII))


def _face(line: str) -> Face | None:
    """A face of one line of ``fc-match``: file, index and character set (``20-7e a0 4e00-9fff``)."""
    path, _, rest = line.partition("\t")
    index, _, charset = rest.partition("\t")
    ranges: list[tuple[int, int]] = []
    for item in charset.split():
        first, _, last = item.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            return None
    if not path or not index.isdigit() or not ranges:
        return None
    return Face(path, int(index), tuple(sorted(ranges)))


def _opens(face: Face) -> bool:
    # Not through font_of's cache: a face held open costs its tables (16 MB for the four lists of a Chinese
    # site's fallbacks), and most faces of a list never draw a character.
    try:
        _font(face, 12)
    except OSError:  # a bitmap or Type 1 font FreeType cannot scale
        return False
    return True


@functools.lru_cache(maxsize=64)
def font_of(face: Face, size: int) -> Font:
    """The font of ``face`` at ``size`` pixels. Raises :class:`OSError` when its file cannot be read."""
    return _font(face, size)


def _font(face: Face, size: int) -> Font:
    if not face.path:
        return ImageFont.load_default(size)
    return ImageFont.truetype(face.path, size, index=face.index)


def text_runs(text: str, faces: tuple[Face, ...]) -> list[TextRun]:
    """``text`` cut into runs, each character drawn by the first of ``faces`` that has it; the characters none
    has (and the controls) are left out.

    >>> latin, han = Face("", 0, _ASCII), Face("", 0, ((0x4E00, 0x9FFF),))
    >>> [(run.face is han, run.text) for run in text_runs("快讯 2021年\\x07", (latin, han))]
    [(True, '快讯'), (False, ' 2021'), (True, '年')]
    """
    runs: list[TextRun] = []
    for char in text:
        face = next((face for face in faces if face.has(char)), None)
        if face is None or not char.isprintable():
            continue
        if runs and runs[-1].face is face:
            runs[-1] = TextRun(face, runs[-1].text + char)
        else:
            runs.append(TextRun(face, char))
    return runs
