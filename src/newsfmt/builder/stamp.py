"""The build with nothing to do: told by one digest, answered without reading the index.

Every build leaves a stamp in the cache: a digest of what its outputs were made from (the config fingerprint, the
site's ``newsfmt:`` options, the build's options, ``SOURCE_DATE_EPOCH``, every source file's path, size and
modification time, and the cover's), the span of time in which its choice of posts holds (between the posts' dates
and expiries that lie around the build's time), what it reported, and the outputs it left. A build whose digest is
the same, run within that span, into an OUT that still holds every one of those outputs, no temporary file of a
killed write and no notes of a killed build, would write nothing: it reports what the stamp says and stops. Anything
else (a stamp that does not read back as one, a changed file, a deleted output) takes the whole build, which writes
a new stamp.

The stamp is plain JSON, checked as it is read: a cache under OUT is data others may write.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import is_temporary_name
from ..vocabulary import OUTPUT_KINDS, OutputKind
from .stable import shaping_environment, stable_form

if TYPE_CHECKING:  # not imported at run time: a build that stops early reads a stamp before anything else
    from ..model import Problem
    from ..options import BuildOptions
    from ..readers.sources import SourceFile

__all__ = ["Stamp", "decode_stamp", "present", "stamp_digest"]


def stamp_digest(
    fingerprint: str,
    site_options: object,
    options: BuildOptions,
    sources: Sequence[SourceFile],
    signatures: dict[str, tuple[int, int]] | None = None,
    looked: Mapping[str, tuple[int, int]] | None = None,
) -> str:
    """The digest of what a build's outputs are made from; empty when a source cannot be looked at.

    Each source's ``(st_mtime_ns, st_size)`` is put in ``signatures`` (by its location), so that the build tells
    which posts changed from the same look, not a second ``stat`` of each; those ``looked`` gives (the command's
    early look at the site, a moment before) are not looked at again."""
    looked = looked or {}
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(repr(stable_form(site_options)).encode("utf-8", "surrogatepass"))
    digest.update(repr(stable_form(options)).encode("utf-8", "surrogatepass"))
    digest.update(shaping_environment().encode("utf-8", "surrogateescape"))
    files = [(source.rel_path, source.location, source.kind) for source in sources]
    if options.cover is not None:  # the listing pages show it: a new picture under the same name counts
        files.append(("", os.fspath(options.cover), "cover"))
    for rel_path, location, kind in files:
        signature = looked.get(location)
        if signature is None:
            try:
                stat = os.stat(location)
            except OSError:
                return ""
            signature = (stat.st_mtime_ns, stat.st_size)
        if signatures is not None:
            signatures[location] = signature
        line = f"\0{rel_path}\0{location}\0{kind}\0{signature[0]}\0{signature[1]}"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a build leaves for the next one to tell that nothing changed."""

    digest: str
    since: datetime | None
    """The last of the posts' dates and expiries at or before the build (None: none was)."""
    until: datetime | None
    """The first after it (None: none was): between the two, the choice of posts is the build's."""
    articles: int
    skipped: int
    unchanged: dict[OutputKind, int]
    problems: tuple[Problem, ...]
    outputs: tuple[str, ...]
    """Every output the build left, relative to OUT (POSIX)."""

    def holds(self, digest: str, now: datetime) -> bool:
        """Whether a build of ``digest`` at ``now`` would make what this stamp's build made."""
        return bool(digest) and digest == self.digest and self.spans(now)

    def spans(self, now: datetime) -> bool:
        """Whether ``now`` lies in the span of time in which the build's choice of posts holds."""
        return (self.since is None or self.since <= now) and (self.until is None or now < self.until)

    def encode(self) -> bytes:
        """The stamp as the cache stores it."""
        problems = [[None if p.path is None else str(p.path), p.line, p.message, p.severity] for p in self.problems]
        data = {
            "digest": self.digest,
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "articles": self.articles,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "problems": problems,
            "outputs": list(self.outputs),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")

    @classmethod
    def decode(cls, data: object) -> Stamp | None:
        """The stamp :meth:`encode` wrote; None for anything else."""
        try:
            return _decoded(json.loads(data)) if isinstance(data, bytes) else None
        except (ValueError, TypeError, RecursionError, OverflowError):
            return None


def decode_stamp(value: object) -> Stamp | None:
    """The stamp whose encoding JSON read back as ``value``; None for anything else."""
    try:
        return _decoded(value)
    except (ValueError, TypeError, OverflowError):
        return None


def _decoded(value: Any) -> Stamp | None:
    if type(value) is not dict:
        return None
    digest, articles, skipped = (value.get(k) for k in ("digest", "articles", "skipped"))
    unchanged, problems, outputs = value.get("unchanged"), value.get("problems"), value.get("outputs")
    if type(digest) is not str or type(articles) is not int or type(skipped) is not int:
        return None
    if type(unchanged) is not dict or set(unchanged) != set(OUTPUT_KINDS):
        return None
    if not all(type(count) is int for count in unchanged.values()):
        return None
    if type(outputs) is not list or not _inside(outputs):
        return None
    read_problems = _problems(problems)
    if read_problems is None:
        return None
    since, until = _moment(value.get("since")), _moment(value.get("until"))
    return Stamp(digest, since, until, articles, skipped, unchanged, read_problems, tuple(outputs))


def _moment(value: object) -> datetime | None:
    """An aware datetime or None; ValueError for anything else (caught where the stamp is decoded)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if type(value) is str else None
    if moment is None or moment.tzinfo is None:
        raise ValueError("not a moment")
    return moment


def _problems(value: object) -> tuple[Problem, ...] | None:
    if type(value) is not list:
        return None
    if not value:
        return ()
    from ..model import Problem

    read: list[Problem] = []
    for item in value:
        if type(item) is not list or len(item) != 4:
            return None
        path, line, message, severity = item
        if (path is not None and type(path) is not str) or (line is not None and type(line) is not int):
            return None
        if type(message) is not str or severity not in ("error", "warning"):
            return None
        read.append(Problem(None if path is None else Path(path), line, message, severity))
    return tuple(read)


_LEAVING = ("\0\0", "\0/", "\0../", "/../", "/..\0", "\0..\0")
"""In paths joined by NUL (and a NUL at either end): an empty one, an absolute one, a ``..`` part. A NUL inside a
path only splits it further, into parts that show the same."""


def _inside(paths: list[Any]) -> bool:
    """Whether every item is a path that stays inside OUT: relative, no ``..``. A few searches of the paths joined,
    not a split per path: a stamp lists every output, 100,000 texts for an archive of as many posts."""
    if not set(map(type, paths)) <= {str}:
        return False
    joined = "\0" + "\0".join(paths) + "\0"
    return not paths or not any(mark in joined for mark in _LEAVING)


def present(out: Path, outputs: Iterable[str]) -> bool:
    """Whether every output is still in OUT, and no temporary file of a killed write lies anywhere in it (the whole
    build clears those): one walk of OUT, not a stat per output."""
    found: set[str] = set()
    top = os.fspath(out)
    for folder, _, names in os.walk(top):
        listed = "\0".join(names) + "\0"  # searched at once: a folder of OUT may hold 10,000 texts
        if ".tmp\0" in listed and any(name.endswith(".tmp") and is_temporary_name(name) for name in names):
            return False
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        found.update(names if relative == "." else map(f"{relative}/".__add__, names))
    return found.issuperset(outputs)
