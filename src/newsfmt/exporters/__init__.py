"""Exporters: articles to feeds (RSS, Atom, JSON Feed), books and text. Each returns bytes or str; callers write."""

from __future__ import annotations

from .feeds import to_atom, to_rss
from .json_feed import to_json_feed
from .selection import FeedPlan, newest_first, plan_feeds, select_articles

__all__ = ["FeedPlan", "newest_first", "plan_feeds", "select_articles", "to_atom", "to_json_feed", "to_rss"]
