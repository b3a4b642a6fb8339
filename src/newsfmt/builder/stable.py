"""Values in a form that is the same in every process, for digests that outlive the process that made them."""

from __future__ import annotations

import hashlib
import os
from dataclasses import fields, is_dataclass
from typing import Any

__all__ = ["SHAPING_ENVIRONMENT", "shaping_environment", "stable_digest", "stable_form"]

SHAPING_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change what a build writes (the time of a book's files, of an empty feed)."""


def stable_form(value: Any) -> Any:
    """``value`` as nested lists of text: dataclasses field by field, sets in sorted order, mappings in their own
    order (a loop over a config's mapping shows it), every other value as its ``repr``. Equal values give equal
    forms whether or not they are one object (a pickle differs when two equal strings are one object, and so
    would a digest of it)."""
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(stable_form(getattr(value, f.name)) for f in fields(value))]
    if isinstance(value, set | frozenset):
        return sorted(repr(stable_form(item)) for item in value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return [[stable_form(key), stable_form(item)] for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [stable_form(item) for item in value]
    return repr(value)


def stable_digest(*parts: object) -> str:
    """The SHA-256 of ``parts`` in their :func:`stable_form`."""
    return hashlib.sha256(repr(stable_form(parts)).encode("utf-8", "surrogatepass")).hexdigest()


def shaping_environment() -> str:
    """The values of :data:`SHAPING_ENVIRONMENT` now, as one line for a digest."""
    return "\0".join(f"{name}={os.environ.get(name)!r}" for name in SHAPING_ENVIRONMENT)
