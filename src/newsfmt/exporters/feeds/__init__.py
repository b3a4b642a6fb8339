"""Feeds: which articles a feed carries (:mod:`.selection`), the format-neutral view of a feed (:mod:`.view`),
and its writers: RSS 2.0 and Atom 1.0 through feedgen (:mod:`.rss_atom`, the only feedgen import) and
JSON Feed 1.1 with the standard library (:mod:`.json_feed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lazy import lazy_exports

if TYPE_CHECKING:
    from .json_feed import to_json_feed
    from .rss_atom import to_atom, to_rss

__all__ = ["to_atom", "to_json_feed", "to_rss"]

__getattr__, __dir__ = lazy_exports(
    __name__, globals(), {"to_atom": ".rss_atom", "to_rss": ".rss_atom", "to_json_feed": ".json_feed"}
)
