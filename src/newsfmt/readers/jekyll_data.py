"""Jekyll's ``_data`` folder as ``site.data`` in Liquid (``Jekyll::DataReader``).

Each ``.yml``, ``.yaml``, ``.json``, ``.csv`` and ``.tsv`` file is a key (its name without the extension, with
Jekyll's ``sanitize_filename``), each folder a nested mapping; CSV and TSV files are lists of rows keyed by their
header. Where two entries give one key, the later in Jekyll's order wins: files by extension in that order, then
folders. Names starting with ``.`` are skipped and links are not followed, so every value comes from the site
folder. A file that cannot be read or parsed, or is larger than a header may be, is left out (Jekyll would stop
the build): its value in Liquid is empty.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import FrontMatterError
from ..model import FrozenMapping
from .frontmatter import load_document

__all__ = ["DATA_EXTENSIONS", "read_data_folder"]

DATA_EXTENSIONS = (".yaml", ".yml", ".json", ".csv", ".tsv")
"""The extensions Jekyll reads, in the order it reads them."""
_MAX_DEPTH = 16
_MAX_FILE_BYTES = 1_000_000
_UNSAFE = re.compile(r"[^\w\s-]+|(?:^|(?<=\b\s))\s+(?=$|\s?\b)", re.ASCII)  # Ruby's \w and \s are ASCII


def read_data_folder(root: Path) -> Mapping[str, Any]:
    """``site.data`` of the site at ``root`` (empty without a ``_data`` folder inside it)."""
    folder = root / "_data"
    if folder.is_symlink() or not folder.is_dir():
        return FrozenMapping()
    return FrozenMapping(_read_folder(folder, 0))


def _read_folder(folder: Path, depth: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if depth > _MAX_DEPTH:
        return data
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return data
    visible = [entry for entry in entries if not entry.name.startswith(".") and not entry.is_symlink()]
    for extension in DATA_EXTENSIONS:
        for entry in visible:
            if entry.name.endswith(extension) and entry.is_file():
                value = _read_file(Path(entry.path), extension)
                if value is not None:
                    data[_sanitized(entry.name[: -len(extension)])] = value
    for entry in visible:
        if entry.is_dir():
            data[_sanitized(entry.name)] = _read_folder(Path(entry.path), depth + 1)
    return data


def _sanitized(name: str) -> str:
    """``DataReader#sanitize_filename``."""
    return re.sub(r"\s+", "_", _UNSAFE.sub("", name), flags=re.ASCII)


def _read_file(path: Path, extension: str) -> Any:
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            return None
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if extension in (".csv", ".tsv"):
        rows = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if extension == ".tsv" else ",")
        try:
            return [dict(row) for row in rows]
        except csv.Error:
            return None
    try:
        return load_document(text, "yaml", 1)
    except FrontMatterError:
        return None
