"""The files of a site that may be posts, and the walk that finds them (shared by every generator)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .markup import HTML_EXTENSIONS, MARKDOWN_EXTENSIONS
from .skipped import SKIP_DIRS

__all__ = [
    "POST_EXTENSIONS",
    "SKIP_DIRS",
    "SourceFile",
    "extension_of",
    "has_special_part",
    "leads_inside",
    "special",
    "walk_files",
]

POST_EXTENSIONS = MARKDOWN_EXTENSIONS | HTML_EXTENSIONS
"""Extensions of the files a folder or a ``content/`` tree holds posts in."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file that may be a post, with what its place in the site says about it."""

    location: str
    """The file's path as a string (an archive has 100,000 of them; :attr:`path` makes the Path on demand)."""
    rel_path: str
    kind: str
    """Which rules read it (see :func:`newsfmt.readers.generators.reader_of`): ``post`` and ``draft`` (Jekyll's
    ``_posts`` and ``_drafts``), ``hugo`` or ``page`` (a plain folder, or a single file)."""
    path_categories: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.location)


def special(name: str) -> bool:
    """Whether a file or folder name is not content (Jekyll's EntryFilter: ``.x``, ``_x``, ``#x``, ``~x``, ``x~``)."""
    return name[:1] in (".", "_", "#", "~") or name.endswith("~")


def has_special_part(rel_path: str) -> bool:
    """Whether any part of a relative POSIX path is :func:`special`."""
    if "/" not in rel_path:  # nearly every post: no split, no generator
        return special(rel_path)
    return any(special(part) for part in rel_path.split("/"))


def walk_files(folder: str, *, site: str | None = None) -> Iterator[tuple[str, str]]:
    """Every non-hidden file below ``folder`` with its path relative to it (POSIX), in a stable order.

    Linked folders below ``folder`` are not followed; ``folder`` itself, when it is a link leading outside the
    ``site`` folder, gives nothing (as in Jekyll's safe mode). Strings, not pathlib or even os.path.join, in the
    loop: an archive of 100,000 posts makes this a hot path.
    """
    if site is not None and os.path.islink(folder) and not leads_inside(folder, site):
        return
    prefix = len(folder) + 1
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        inside = dirpath[prefix:].replace(os.sep, "/")
        location = os.path.join(dirpath, "")
        relative = f"{inside}/" if inside else ""
        for name in sorted(filenames):
            if not name.startswith("."):
                yield location + name, relative + name


def leads_inside(path: str, site: str) -> bool:
    """Whether ``path``, its links followed, is inside the ``site`` folder."""
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(site), ""))


def extension_of(name: str) -> str:
    """The lower-case extension of a path's last part (``""`` for none, or for a name such as ``.md``)."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""
