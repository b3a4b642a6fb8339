"""plan_books: which articles go into which book, under which name and title."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsfmt import ConfigError, plan_books
from newsfmt.exporters.epub.plan import month_label, slugify_category

from .factory import CST, article, site


def test_one_book_per_category_and_year_in_date_order() -> None:
    late = article(1, "<p>a</p>", date=datetime(2021, 12, 31, 23, 0, tzinfo=CST), categories=("财经", "Tech"))
    early = article(2, "<p>b</p>", date=datetime(2021, 1, 1, 0, 30, tzinfo=CST))
    next_year = article(3, "<p>c</p>", date=datetime(2022, 1, 1, 0, 0, tzinfo=CST))
    plans = plan_books([late, next_year, early], site())
    assert [(plan.file_name, plan.title, [a.id for a in plan.articles]) for plan in plans] == [
        ("tech-2021.epub", "Tech 2021年", ["/news/1"]),
        ("财经-2021.epub", "财经 2021年", ["/news/2", "/news/1"]),
        ("财经-2022.epub", "财经 2022年", ["/news/3"]),
    ]
    assert plans[1].category == "财经" and plans[1].period == "2021" and plans[1].volume is None


def test_posts_without_category_go_to_a_book_named_after_the_site_or_the_given_name() -> None:
    bare = article(1, "<p>a</p>", categories=())
    assert [plan.category for plan in plan_books([bare], site())] == ["临江测试报"]
    assert [plan.category for plan in plan_books([bare], site(title=""))] == ["posts"]
    assert [plan.file_name for plan in plan_books([bare], site(), default_category="Misc")] == ["misc-2021.epub"]


def test_by_month_and_all() -> None:
    articles = [article(n, "<p>x</p>", date=datetime(2021, month, 2, tzinfo=CST)) for n, month in ((1, 11), (2, 12))]
    by_month = plan_books(articles, site(), by="month")
    assert [(plan.file_name, plan.title) for plan in by_month] == [
        ("财经-2021-11.epub", "财经 2021年11月"),
        ("财经-2021-12.epub", "财经 2021年12月"),
    ]
    english = plan_books(articles, site(lang="en"), by="month")
    assert [plan.title for plan in english] == ["财经 November 2021", "财经 December 2021"]
    everything = plan_books(articles, site(), by="all")
    assert [(plan.file_name, plan.title, len(plan.articles)) for plan in everything] == [("财经.epub", "财经", 2)]


def test_max_articles_splits_a_year_into_numbered_volumes_in_order() -> None:
    articles = [article(n, "<p>x</p>", date=datetime(2021, 1, n, tzinfo=CST)) for n in range(1, 6)]
    plans = plan_books(articles, site(lang="en"), max_articles=2)
    assert [(plan.file_name, plan.title, plan.volume, plan.key) for plan in plans] == [
        ("财经-2021-v1.epub", "财经 2021 Vol. 1", 1, "2021/v1"),
        ("财经-2021-v2.epub", "财经 2021 Vol. 2", 2, "2021/v2"),
        ("财经-2021-v3.epub", "财经 2021 Vol. 3", 3, "2021/v3"),
    ]
    assert [a.id for plan in plans for a in plan.articles] == [f"/news/{n}" for n in range(1, 6)]
    assert plan_books(articles, site(), max_articles=5)[0].volume is None
    assert plan_books(articles, site(), max_articles=2)[0].title == "财经 2021年 第1卷"


def test_filters_by_category_name_or_slug_and_year() -> None:
    articles = [
        article(1, "<p>x</p>", categories=("Tech News",), date=datetime(2020, 5, 1, tzinfo=CST)),
        article(2, "<p>x</p>", categories=("Tech News", "财经"), date=datetime(2021, 5, 1, tzinfo=CST)),
    ]
    assert [p.file_name for p in plan_books(articles, site(), categories=["tech-news"])] == [
        "tech-news-2020.epub",
        "tech-news-2021.epub",
    ]
    assert [p.file_name for p in plan_books(articles, site(), categories=["Tech News"], year=2021)] == [
        "tech-news-2021.epub"
    ]
    assert plan_books(articles, site(), categories=["sport"]) == []


@pytest.mark.parametrize("options", [{"by": "week"}, {"max_articles": 0}])
def test_bad_options_raise_config_error(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        plan_books([article(1, "<p>x</p>")], site(), **options)  # type: ignore[arg-type]


def test_labels_and_slugs() -> None:
    assert month_label(2021, 12, "zh-CN") == "2021年12月"
    assert month_label(2021, 1, "en-GB") == "January 2021"
    assert slugify_category("  C++ / Rust ") == "c-rust"
    assert slugify_category("２０２１ 财经") == "2021-财经"
    assert slugify_category("!!!") == "untitled"
