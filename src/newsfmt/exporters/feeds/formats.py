"""The feed formats newsfmt writes, and the exporter of each, imported only when a feed is written
(feedgen and dateutil take longer to load than a build that rewrites no feed takes to run)."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import ExportError
from ...vocabulary import FEED_FORMATS

__all__ = ["feed_writer"]


def feed_writer(fmt: str) -> Callable[..., bytes]:
    """:func:`~newsfmt.to_atom`, :func:`~newsfmt.to_json_feed` or :func:`~newsfmt.to_rss` for ``fmt``."""
    if fmt == "json":
        from .json_feed import to_json_feed

        return to_json_feed
    from .rss_atom import to_atom, to_rss

    if fmt == "atom":
        return to_atom
    if fmt == "rss":
        return to_rss
    raise ExportError(f"unknown feed format {fmt!r}: use one of {', '.join(FEED_FORMATS)}")
