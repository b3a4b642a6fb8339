"""Hugo's ``cascade`` (front matter a section's ``_index`` page gives the pages below it) and the build options
that keep a page out of the lists a feed is made from: ``headless`` bundles and ``_build`` (``list``, ``render``).

Checked with Hugo 0.111 (``hugo list all`` and its RSS): a headless leaf bundle (``index.md``) and a page with
``_build.list`` ``never``, ``local`` or false are in no list; a page with ``_build.render`` ``never`` or false is
listed but has no URL (newsfmt leaves it out: a feed entry needs a link); ``headless`` on a lone page is ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from ...errors import NewsfmtError
from ..frontmatter import split_post
from ..sources import POST_EXTENSIONS, extension_of

__all__ = ["cascaded", "unlisted_reason"]

_MAX_INDEX_BYTES = 1024 * 1024


def cascaded(metadata: Mapping[str, Any], content_root: str, folders: tuple[str, ...]) -> dict[str, Any]:
    """The page's front matter with the ``cascade`` of each ``_index`` page above it (from the content folder
    down) under it: the page's own keys win, then the nearest section's."""
    merged: dict[str, Any] = {}
    for depth in range(len(folders) + 1):
        merged.update(_cascade_of(os.path.join(content_root, *folders[:depth])))
    return {**merged, **metadata}


def _cascade_of(folder: str) -> dict[str, Any]:
    """The ``cascade`` of a folder's ``_index`` page: a mapping, or a list of mappings (those with a ``_target``
    are not read)."""
    metadata = _index_front_matter(folder)
    value = next((v for k, v in metadata.items() if str(k).lower() == "cascade"), None)
    tables = [value] if isinstance(value, Mapping) else value if isinstance(value, list) else []
    found: dict[str, Any] = {}
    for table in tables:
        if isinstance(table, Mapping) and not any(str(k).lower() == "_target" for k in table):
            found.update({str(k).lower(): v for k, v in table.items()})
    return found


def _index_front_matter(folder: str) -> dict[str, Any]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    for name in names:
        if name.lower().startswith("_index.") and extension_of(name) in POST_EXTENSIONS:
            path = os.path.join(folder, name)
            try:
                if os.path.getsize(path) > _MAX_INDEX_BYTES:
                    return {}
                with open(path, encoding="utf-8", errors="replace") as handle:
                    return split_post(handle.read()).metadata
            except (OSError, ValueError, NewsfmtError):  # a broken section page cascades nothing
                return {}
    return {}


def unlisted_reason(metadata: Mapping[str, Any], file_name: str) -> str | None:
    """Why Hugo lists the page nowhere (so it is in no feed), if it does not."""
    if PurePosixPath(file_name).stem.split(".")[0] == "index" and _flag(metadata.get("headless")):
        return "headless bundle"
    options = metadata.get("_build")
    if not isinstance(options, Mapping):
        return None
    lowered = {str(k).lower(): v for k, v in options.items()}
    if _never(lowered.get("list"), "local"):
        return "_build.list"
    if _never(lowered.get("render")):
        return "_build.render"
    return None


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _never(value: Any, *also: str) -> bool:
    """Whether a ``_build`` option is ``never`` or false (or one of ``also``)."""
    if value is False:
        return True
    return isinstance(value, str) and value.strip().lower() in ("never", "false", *also)
