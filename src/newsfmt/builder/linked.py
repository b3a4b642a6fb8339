"""Posts that link others (``post_url``, ``link``, Hugo's ``ref``): what their bodies looked up, so that a build
renders one again only when a target's URL changed.

Rendering such a body records each lookup and its answer (:class:`Recorder`); the post's content key then holds
them (:func:`linked_key`), and the build keeps them (:class:`Lookups`, by the post's path in the site) beside its
index. The next build reuses the post as it is when its file is unchanged, its key is still the one its recorded
lookups give, and every lookup gives the same answer among this build's permalinks; otherwise it reads the post
again. The map is JSON, read back only as what this version writes (anything else: every linking post is read
again).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..readers.liquid import LinkResolver
from .config_keys import SITE_KEY_PREFIX

__all__ = ["Lookup", "Lookups", "Recorder", "decode_lookups", "encode_lookups", "linked_key"]

Lookup = tuple[str, str, str | None]
"""``(kind, argument, answer)``: a tag's lookup of another post and the URL it gave (None: no such post)."""


@dataclass(frozen=True, slots=True)
class Lookups:
    """What a linking post's body looked up when it was last rendered."""

    file_key: str
    """The content key of the file itself (its bytes, place and config)."""
    lookups: tuple[Lookup, ...]
    """Every lookup, in the order made, repeated ones once."""

    @property
    def key(self) -> str:
        """The content key of the rendered post (:func:`linked_key`)."""
        return linked_key(self.file_key, self.lookups)

    def hold(self, resolve: LinkResolver) -> bool:
        """Whether every lookup gives the same answer through ``resolve``."""
        return all(resolve(kind, argument) == answer for kind, argument, answer in self.lookups)


def linked_key(file_key: str, lookups: tuple[Lookup, ...]) -> str:
    """The content key of a linking post: its file's key and its lookups (a target moved: a new key, so that the
    outputs holding the post are written again). A key marked as showing config values stays marked."""
    digest = hashlib.sha256(file_key.encode())
    digest.update(json.dumps(lookups, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return (SITE_KEY_PREFIX if file_key.startswith(SITE_KEY_PREFIX) else "") + "linked:" + digest.hexdigest()


@dataclass(slots=True)
class Recorder:
    """A resolver that records every lookup it answers."""

    resolve: LinkResolver
    made: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def __call__(self, kind: str, argument: str) -> str | None:
        answer = self.resolve(kind, argument)
        self.made.setdefault((kind, argument), answer)
        return answer

    def lookups(self, file_key: str) -> Lookups:
        """What was looked up, for the post whose file has ``file_key``."""
        return Lookups(file_key, tuple((kind, argument, answer) for (kind, argument), answer in self.made.items()))


def encode_lookups(found: dict[str, Lookups]) -> bytes:
    """The map of a build's linking posts as the cache keeps it."""
    plain = {path: [entry.file_key, [list(lookup) for lookup in entry.lookups]] for path, entry in found.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")


def decode_lookups(data: object) -> dict[str, Lookups]:
    """The map :func:`encode_lookups` wrote, or an empty one for anything else."""
    if not isinstance(data, bytes):
        return {}
    try:
        plain = json.loads(data)
        return {path: _entry(value) for path, value in plain.items() if type(path) is str}
    except (ValueError, TypeError, AttributeError, RecursionError):
        return {}


def _entry(value: object) -> Lookups:
    if not isinstance(value, list) or len(value) != 2 or type(value[0]) is not str or type(value[1]) is not list:
        raise ValueError("not a linking post's lookups")
    lookups: list[Lookup] = []
    for item in value[1]:
        if not isinstance(item, list) or len(item) != 3:
            raise ValueError("not a lookup")
        kind, argument, answer = item
        if type(kind) is not str or type(argument) is not str or not (answer is None or type(answer) is str):
            raise ValueError("not a lookup")
        lookups.append((kind, argument, answer))
    return Lookups(value[0], tuple(lookups))
