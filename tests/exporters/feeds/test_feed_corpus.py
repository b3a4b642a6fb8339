"""Every feed written from the example site and each site of the shared corpus passes feedparser and the
validator rules, with every entry, the reader's dates and links.

Needs the site reader (skipped until ``load_site`` is merged) and ``../shared/corpus`` (skipped where absent).
"""

from __future__ import annotations

import calendar
import json
from datetime import UTC

import pytest

import newsfmt
from newsfmt import Site, plan_feeds, to_atom, to_json_feed, to_rss
from tests.conftest import CORPUS, EXAMPLE_SITE
from tests.exporters.feeds.feed_rules import check_atom, check_feedparser, check_json_feed, check_rss

ROOTS = {p.name: p for p in sorted(CORPUS.iterdir()) if p.is_dir()} if CORPUS.is_dir() else {}
ROOTS["examples-site"] = EXAMPLE_SITE
BIG_SITES = {"hugo-spf13", "realsites"}  # several seconds each: the full run checks them
SITES = [pytest.param(name, marks=pytest.mark.slow) if name in BIG_SITES else name for name in sorted(ROOTS)]

pytestmark = pytest.mark.corpus


def load(name: str) -> Site:
    site = newsfmt.load_site(ROOTS[name])
    assert site.articles, f"{name}: no article read"
    return site


@pytest.mark.parametrize("name", SITES)
def test_full_feeds_of_every_corpus_site(name: str) -> None:
    site = load(name)
    config, articles = site.config, site.articles
    absolute = bool(config.url)
    rss, atom = to_rss(articles, config, limit=0), to_atom(articles, config, limit=0)
    check_rss(rss, absolute=absolute)
    check_atom(atom, absolute=absolute)
    check_json_feed(to_json_feed(articles, config, limit=0), len(articles), absolute=absolute)
    newest = sorted(articles, key=lambda a: (-a.date.timestamp(), a.id))
    for data in (rss, atom):
        parsed = check_feedparser(data, len(articles))
        for entry, article in zip(parsed.entries, newest, strict=True):
            stamp = entry.get("published_parsed") or entry.updated_parsed
            assert calendar.timegm(stamp) == int(article.date.astimezone(UTC).timestamp()), (entry.link, article.date)
            if article.url:
                assert entry.link == article.url


@pytest.mark.parametrize("name", SITES)
def test_category_and_tag_feeds_of_every_corpus_site(name: str) -> None:
    site = load(name)
    for plan in plan_feeds(site.articles, site.config):
        document = json.loads(to_json_feed(site.articles, site.config, category=plan.category, tag=plan.tag, limit=0))
        expected = [
            a
            for a in site.articles
            if (plan.category is None or plan.category in a.categories) and (plan.tag is None or plan.tag in a.tags)
        ]
        assert len(document["items"]) == len(expected), plan
        if plan.category:
            check_atom(to_atom(site.articles, site.config, category=plan.category), absolute=bool(site.config.url))
