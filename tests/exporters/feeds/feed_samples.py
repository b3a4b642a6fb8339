"""Hand-made articles and site configs for the feed tests (our own words; no corpus text)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from types import MappingProxyType

from newsfmt.model import Article, Author, FeedSettings, SiteConfig

SHANGHAI = timezone(timedelta(hours=8))

CONFIG = SiteConfig(
    title="金融消息 & Co",
    description="每日财经简讯",
    url="https://news.example.org",
    baseurl="/daily",
    lang="zh-CN",
    timezone="Asia/Shanghai",
    author=Author(name="编辑部", email="desk@example.org"),
    generator="jekyll",
)


def article(
    slug: str,
    when: datetime,
    *,
    title: str | None = None,
    categories: tuple[str, ...] = ("emnews",),
    config: SiteConfig = CONFIG,
    **fields: object,
) -> Article:
    """An article laid out the way the Jekyll reader lays it out: id = /categories/yyyy/mm/dd/slug."""
    local = when.astimezone(SHANGHAI)
    base = "/" + "/".join((*categories, f"{local:%Y/%m/%d}", slug))
    values: dict[str, object] = {
        "id": base,
        "title": title if title is not None else f"标题 {slug}",
        "date": when,
        "updated": None,
        "categories": categories,
        "tags": (),
        "authors": (config.author,) if config.author else (),
        "summary": f"{slug} 的摘要。",
        "body_html": f'<p>{slug} 正文，<a href="https://news.example.org/daily/about.html">关于</a>。</p>',
        "text": f"{slug} 正文，关于。",
        "url": config.absolute_url(base + ".html") if config.url else None,
        "permalink": base + ".html",
        "slug": slug,
        "lang": config.lang,
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def sample_articles() -> list[Article]:
    """Five posts covering the cases a feed must get right, deliberately not in date order."""
    return [
        article(
            "older",
            datetime(2021, 12, 1, 9, 0, tzinfo=SHANGHAI),
            categories=("sitenews",),
            title="站点开通",
            extra=MappingProxyType({"feed": {"excerpt_only": True}}),
        ),
        article(
            "rates",
            datetime(2021, 12, 8, 10, 30, tzinfo=SHANGHAI),
            tags=("东财滚动新闻", "利率"),
            authors=(Author(name="王小明"),),
            image="https://news.example.org/daily/assets/rates.png",
            body_html=(
                '<p>央行公布利率。</p><p><img src="https://news.example.org/daily/assets/rates.png" alt="图表"/>'
                "</p><p>A&amp;B &lt;tag&gt; ]]&gt; 结束</p>"
            ),
        ),
        article(
            "explicit",
            datetime(2021, 12, 8, 10, 30, tzinfo=SHANGHAI),
            id="tag:news.example.org,2021:explicit-7",
            title='"Quoted" title',
        ),
        article(
            "world",
            datetime(2021, 12, 9, 1, 0, tzinfo=UTC),
            categories=("world",),
            tags=("markets",),
            lang="en",
            title="Markets open higher",
            summary="Stocks rose in early trading.",
            body_html="<p>Stocks rose in early trading.</p><ul><li>one</li><li>two</li></ul>",
            updated=datetime(2021, 12, 10, 8, 0, tzinfo=UTC),
            authors=(Author(name="Jane Roe", email="jane@example.org", url="https://example.org/jane"), Author("李四")),
        ),
        article("untitled", datetime(2021, 12, 5, 23, 59, 59, tzinfo=SHANGHAI), title="", summary=""),
    ]


def with_feed_settings(config: SiteConfig = CONFIG, **settings: object) -> SiteConfig:
    """CONFIG with jekyll-feed ``feed:`` settings."""
    return replace(config, feed=FeedSettings(**settings))  # type: ignore[arg-type]
