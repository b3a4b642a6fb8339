"""Golden feeds: the bytes written for fixed input never change unnoticed.

Regenerate with ``NEWSFMT_REGEN=1 pytest tests/exporters/feeds/test_feed_golden.py`` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import newsfmt
from newsfmt import Article, SiteConfig, to_atom, to_json_feed, to_rss
from tests.conftest import EXAMPLE_SITE
from tests.exporters.feeds.feed_rules import check_atom, check_feedparser, check_json_feed, check_rss
from tests.exporters.feeds.feed_samples import CONFIG, sample_articles
from tests.support.golden import GOLDEN, assert_golden

FEED_GOLDEN = GOLDEN / "feeds"

Writer = Callable[..., bytes]
FEEDS: dict[str, tuple[Writer, dict[str, object]]] = {
    "feed.xml": (to_rss, {}),
    "atom.xml": (to_atom, {}),
    "feed.json": (to_json_feed, {}),
    "summary.atom.xml": (to_atom, {"content": "summary"}),
    "emnews.xml": (to_rss, {"category": "emnews", "feed_url": "/categories/emnews/feed.xml"}),
}


def validate(name: str, data: bytes, entries: int) -> None:
    if name.endswith(".json"):
        check_json_feed(data, entries)
        return
    check_feedparser(data, entries)
    (check_atom if data.find(b"<feed") >= 0 else check_rss)(data)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_sample_feeds_match_golden(name: str) -> None:
    writer, options = FEEDS[name]
    data = writer(sample_articles(), CONFIG, **options)
    entries = 3 if "category" in options else 5
    validate(name, data, entries)
    assert_golden(FEED_GOLDEN / "sample" / name, data)


def load_example_site() -> tuple[list[Article], SiteConfig]:
    site = newsfmt.load_site(EXAMPLE_SITE)
    return list(site.articles), site.config


EXAMPLE_FEEDS: dict[str, tuple[Writer, dict[str, object]]] = {
    "feed.xml": (to_rss, {"limit": 0}),
    "atom.xml": (to_atom, {"limit": 0}),
    "feed.json": (to_json_feed, {"limit": 0}),
    "summary.atom.xml": (to_atom, {"content": "summary"}),  # the site's feed.posts_limit (20)
    "city.xml": (to_rss, {"category": "city", "feed_url": "/categories/city/feed.xml"}),
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_FEEDS))
def test_example_site_feeds_match_golden(name: str) -> None:
    articles, config = load_example_site()
    writer, options = EXAMPLE_FEEDS[name]
    data = writer(articles, config, **options)
    if "category" in options:
        entries = sum("city" in a.categories for a in articles)
    else:
        entries = len(articles) if options.get("limit") == 0 else min(len(articles), 20)
    assert entries > 1
    validate(name, data, entries)
    assert_golden(FEED_GOLDEN / "examples-site" / name, data)
