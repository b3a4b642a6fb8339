"""Selection: order, ties, filters, limits and the feeds a site asks for; plus "never crashes" on any text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsfmt import Author, ExportError, FeedPlan, plan_feeds, select_articles, to_atom, to_json_feed, to_rss
from newsfmt.exporters.feeds.policy import resolve_limit
from newsfmt.model import newest_first
from tests.exporters.feeds.feed_samples import CONFIG, article, sample_articles, with_feed_settings


def test_newest_first_is_total_and_independent_of_input_order() -> None:
    when = datetime(2022, 1, 1, tzinfo=UTC)
    posts = [article(s, when, categories=("c",)) for s in ("b", "a", "c")]
    posts.append(article("z", when + timedelta(seconds=1), categories=("c",)))
    expected = ["/c/2022/01/01/z", "/c/2022/01/01/a", "/c/2022/01/01/b", "/c/2022/01/01/c"]
    assert [a.id for a in newest_first(posts)] == expected
    assert [a.id for a in newest_first(reversed(posts))] == expected


def test_same_instant_in_different_zones_is_a_tie() -> None:
    utc = article("b", datetime(2022, 1, 1, 2, 0, tzinfo=UTC), categories=("x",))
    shanghai = article("a", utc.date.astimezone(CONFIG.tzinfo), categories=("x",))
    assert [a.slug for a in newest_first([utc, shanghai])] == ["a", "b"]


def test_filters_and_limits() -> None:
    posts = sample_articles()
    assert [a.slug for a in select_articles(posts, category="emnews", limit=2)] == ["rates", "explicit"]
    assert [a.slug for a in select_articles(posts, tag="MARKETS", limit=0)] == ["world"]
    assert [a.slug for a in select_articles(posts, category="emnews", tag="利率", limit=0)] == ["rates"]
    assert len(select_articles(posts, limit=0)) == 5
    with pytest.raises(ExportError):
        select_articles(posts, limit=-3)


def test_resolve_limit_honours_posts_limit() -> None:
    assert resolve_limit(None, CONFIG) == 50
    assert resolve_limit(None, with_feed_settings(posts_limit=10)) == 10
    assert resolve_limit(7, with_feed_settings(posts_limit=10)) == 7
    assert resolve_limit(0, CONFIG) == 0


def test_plan_feeds() -> None:
    posts = sample_articles()
    assert plan_feeds(posts, CONFIG) == [
        FeedPlan(),
        FeedPlan(category="emnews"),
        FeedPlan(category="sitenews"),
        FeedPlan(category="world"),
    ]
    assert plan_feeds(posts, with_feed_settings(categories=("world", "emnews"))) == [
        FeedPlan(),
        FeedPlan(category="world"),
        FeedPlan(category="emnews"),
    ]
    tagged = plan_feeds(posts, with_feed_settings(tags=True), every_category=False)
    assert tagged == [FeedPlan(), *(FeedPlan(tag=t) for t in ("markets", "东财滚动新闻", "利率"))]


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(),
    summary=st.text(),
    body=st.text(),
    category=st.text(min_size=1),
    author=st.text(min_size=1),
    seconds=st.integers(min_value=-(10**9), max_value=4 * 10**9),
)
def test_any_text_gives_well_formed_feeds(
    title: str, summary: str, body: str, category: str, author: str, seconds: int
) -> None:
    when = datetime.fromtimestamp(seconds, UTC)
    post = article(
        "p", when, title=title, summary=summary, body_html=body, categories=(category,), authors=(Author(author),)
    )
    for writer in (to_rss, to_atom):
        root = etree.fromstring(writer([post], CONFIG))
        assert root is not None
    item = json.loads(to_json_feed([post], CONFIG))["items"][0]
    assert item["title"].strip()
