"""Jekyll's ``{% include %}`` and ``{% include_relative %}``: which file a tag names, read only from inside the site.

``include`` reads from the site's ``_includes/`` folder, ``include_relative`` from the folder of the post. A name
must be made of Jekyll's file-name characters without ``..``, ``./`` or ``//`` (Jekyll refuses those too), and the
file, links followed, must stay inside that folder (``_includes``) or the site (``include_relative``): nothing of
the machine outside the site reaches an output. Parameters are Jekyll's ``key="text"``, ``key='text'`` or
``key=variable``, given to the included file as ``include.key``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["IncludeError", "IncludeFiles", "include_stamp", "split_markup", "split_params"]

_VALID_NAME = re.compile(r"^[\w/.\-()+~#@]+$")
_INVALID_SEQUENCE = re.compile(r"[./]{2,}")
_VARIABLE_NAME = re.compile(r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S)
_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))""")
_MAX_INCLUDE_BYTES = 1_000_000
_MAX_STAMPED_FILES = 10_000

Param = tuple[str, str, bool]
"""A parameter's name, its text, and whether that text is a variable to look up (else it is the value)."""


class IncludeError(ValueError):
    """An include that cannot be read; the message says why, for a warning."""


def split_markup(markup: str) -> tuple[str, str]:
    """A tag's markup as (file name, which may hold ``{{ variable }}``, and the parameters' text)."""
    markup = markup.strip()
    matched = _VARIABLE_NAME.fullmatch(markup)
    if matched:
        return matched["variable"].strip(), matched["params"].strip()
    name, *params = re.split(r"\s+", markup, maxsplit=1)
    return name, params[0] if params else ""


def split_params(text: str) -> list[Param]:
    """Jekyll's include parameters, in order."""
    params: list[Param] = []
    for match in _PARAM.finditer(text):
        key, double, single, variable = match.groups()
        if double is not None:
            params.append((key, double.replace('\\"', '"'), False))
        elif single is not None:
            params.append((key, single.replace("\\'", "'"), False))
        else:
            params.append((key, variable, True))
    return params


@dataclass(frozen=True, slots=True)
class IncludeFiles:
    """Where a post's includes are read from."""

    root: str
    """The site folder."""
    page_dir: str
    """The post's folder, relative to the site (POSIX)."""

    def read(self, kind: str, name: str) -> str:
        """The text of the file ``{% kind name %}`` names; raise :class:`IncludeError`."""
        if _INVALID_SEQUENCE.search(name) or not _VALID_NAME.match(name):
            raise IncludeError(f"{kind} {name!r}: a file name with invalid characters or sequences")
        site = Path(self.root)
        folder = site / "_includes" if kind == "include" else site.joinpath(*self.page_dir.split("/"))
        limit = folder if kind == "include" else site
        # The name goes in without its leading slashes: joined as it is, "/etc/passwd" would be the root's file.
        real = (folder / name.lstrip("/")).resolve()
        if not (real.is_relative_to(limit.resolve()) and real.is_relative_to(site.resolve())):
            where = "_includes folder" if kind == "include" else "site"
            raise IncludeError(f"{kind} {name!r}: leads outside the {where}")
        try:
            if not real.is_file() or real.stat().st_size > _MAX_INCLUDE_BYTES:
                raise IncludeError(f"{kind} {name!r}: no such file (or larger than 1 MB)")
            return real.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise IncludeError(f"{kind} {name!r}: cannot read ({exc})") from exc


def include_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file of the site's ``_includes`` folder as (path, size, modification time in ns), in path order: part
    of the build cache's config fingerprint, so that editing an include renders the posts again."""
    folder = root / "_includes"
    if folder.is_symlink() or not folder.is_dir():
        return ()
    stamp: list[tuple[str, int, int]] = []
    for path in sorted(folder.rglob("*")):
        if len(stamp) == _MAX_STAMPED_FILES:
            break
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file():
            stamp.append((path.relative_to(folder).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(stamp)
