"""RSS, Atom and JSON Feed from hand-made articles: structure, ids, dates, order, options, hostile input."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import feedparser
import pytest
from lxml import etree

import newsfmt
from newsfmt import ExportError, SiteConfig, clean_html, to_atom, to_json_feed, to_rss
from tests.exporters.feeds.feed_rules import (
    ATOM,
    CONTENT_ENCODED,
    check_atom,
    check_feedparser,
    check_json_feed,
    check_rss,
)
from tests.exporters.feeds.feed_samples import CONFIG, SHANGHAI, article, sample_articles, with_feed_settings

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
MEDIA = "{http://search.yahoo.com/mrss/}"


def test_every_format_passes_the_validator_rules() -> None:
    articles = sample_articles()
    check_feedparser(to_rss(articles, CONFIG), len(articles))
    check_feedparser(to_atom(articles, CONFIG), len(articles))
    check_rss(to_rss(articles, CONFIG))
    check_atom(to_atom(articles, CONFIG))
    check_json_feed(to_json_feed(articles, CONFIG), len(articles))


def test_newest_first_and_ties_broken_by_id() -> None:
    root = check_atom(to_atom(sample_articles(), CONFIG))
    ids = [entry.findtext(ATOM + "id") for entry in root.iter(ATOM + "entry")]
    assert ids == [
        "https://news.example.org/daily/world/2021/12/09/world",
        # same instant: "/emnews/..." sorts before "tag:..."
        "https://news.example.org/daily/emnews/2021/12/08/rates",
        "tag:news.example.org,2021:explicit-7",
        "https://news.example.org/daily/emnews/2021/12/05/untitled",
        "https://news.example.org/daily/sitenews/2021/12/01/older",
    ]
    reordered = to_atom(list(reversed(sample_articles())), CONFIG)
    assert reordered == to_atom(sample_articles(), CONFIG)


def test_atom_ids_are_what_jekyll_feed_writes() -> None:
    post = article("slug", datetime(2021, 12, 8, 7, 55, 46, tzinfo=SHANGHAI))
    root = etree.fromstring(to_atom([post], CONFIG))
    entry = root.find(ATOM + "entry")
    assert entry.findtext(ATOM + "id") == "https://news.example.org/daily/emnews/2021/12/08/slug"
    assert entry.find(ATOM + "link").get("href") == "https://news.example.org/daily/emnews/2021/12/08/slug.html"
    assert entry.findtext(ATOM + "published") == "2021-12-08T07:55:46+08:00"
    assert entry.findtext(ATOM + "updated") == "2021-12-08T07:55:46+08:00"
    assert entry.find(ATOM + "content").get("{http://www.w3.org/XML/1998/namespace}base") == post.url


def test_non_ascii_post_ids_are_percent_encoded_as_jekyll_feed_does() -> None:
    post = article("女性创业者", datetime(2025, 3, 8, tzinfo=SHANGHAI), categories=("%E7%BB%8F%E6%B5%8E",))
    entry_id = etree.fromstring(to_atom([post], CONFIG)).findtext(f"{ATOM}entry/{ATOM}id")
    assert entry_id == (
        "https://news.example.org/daily/%E7%BB%8F%E6%B5%8E/2025/03/08/%E5%A5%B3%E6%80%A7%E5%88%9B%E4%B8%9A%E8%80%85"
    )
    odd = article("a(b)+c", datetime(2025, 3, 8, tzinfo=SHANGHAI), categories=("x y",))
    assert json.loads(to_json_feed([odd], CONFIG))["items"][0]["id"].endswith("/x%20y/2025/03/08/a(b)+c")
    # an explicit absolute IRI is kept exactly as written
    iri = article("z", datetime(2025, 3, 8, tzinfo=SHANGHAI), id="https://例子.example/文章/1")
    assert json.loads(to_json_feed([iri], CONFIG))["items"][0]["id"] == "https://例子.example/文章/1"


def test_explicit_id_wins_in_every_format() -> None:
    post = article("x", datetime(2021, 12, 8, tzinfo=SHANGHAI), id="tag:news.example.org,2021:x")
    assert etree.fromstring(to_atom([post], CONFIG)).findtext(f"{ATOM}entry/{ATOM}id") == post.id
    guid = etree.fromstring(to_rss([post], CONFIG)).find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == (post.id, "false")
    assert json.loads(to_json_feed([post], CONFIG))["items"][0]["id"] == post.id
    relative = article("y", datetime(2021, 12, 8, tzinfo=SHANGHAI), id="custom-42")
    assert json.loads(to_json_feed([relative], CONFIG))["items"][0]["id"] == "https://news.example.org/daily/custom-42"


def test_rss_items_carry_permalink_guid_dates_categories_and_creators() -> None:
    root = check_rss(to_rss(sample_articles(), CONFIG))
    channel = root.find("channel")
    assert channel.findtext("link") == "https://news.example.org/daily/"
    assert channel.find(f"{ATOM}link").get("href") == "https://news.example.org/daily/feed.xml"
    assert channel.findtext("language") == "zh-CN"
    # the newest *update* (2021-12-10 08:00 UTC), never the build time
    assert channel.findtext("lastBuildDate") == "Fri, 10 Dec 2021 08:00:00 +0000"
    rates = channel.findall("item")[1]
    assert rates.findtext("link") == "https://news.example.org/daily/emnews/2021/12/08/rates.html"
    assert rates.find("guid").get("isPermaLink") == "true"
    assert rates.findtext("guid") == rates.findtext("link")
    assert rates.findtext("pubDate") == "Wed, 08 Dec 2021 10:30:00 +0800"
    assert [c.text for c in rates.findall("category")] == ["emnews", "东财滚动新闻", "利率"]
    assert [c.text for c in rates.findall(DC_CREATOR)] == ["王小明"]
    assert rates.findall("author") == []  # name only: dc:creator, never a bare name in <author>
    assert "央行公布利率" in rates.findtext(CONTENT_ENCODED)
    assert rates.findtext("description") == "rates 的摘要。"
    enclosure = rates.find("enclosure")
    assert enclosure.attrib == {
        "url": "https://news.example.org/daily/assets/rates.png",
        "length": "0",
        "type": "image/png",
    }
    assert rates.find(f"{MEDIA}thumbnail").get("url") == enclosure.get("url")
    world = channel.findall("item")[0]
    assert [a.text for a in world.findall("author")] == ["jane@example.org (Jane Roe)"]
    assert [c.text for c in world.findall(DC_CREATOR)] == ["Jane Roe", "李四"]


def test_atom_feed_metadata() -> None:
    root = check_atom(to_atom(sample_articles(), CONFIG))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert root.findtext(ATOM + "updated") == "2021-12-10T08:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "编辑部"
    assert root.findtext(ATOM + "title") == "金融消息 & Co"
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links == {"self": "https://news.example.org/daily/atom.xml", "alternate": "https://news.example.org/daily/"}
    world = root.find(ATOM + "entry")
    assert world.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert world.findtext(ATOM + "published") == "2021-12-09T01:00:00+00:00"
    assert world.findtext(ATOM + "updated") == "2021-12-10T08:00:00+00:00"
    assert [c.get("term") for c in world.findall(ATOM + "category")] == ["world", "markets"]
    assert world.find(f"{ATOM}author/{ATOM}uri").text == "https://example.org/jane"


def test_json_feed_fields() -> None:
    document = check_json_feed(to_json_feed(sample_articles(), CONFIG), 5)
    assert list(document)[:5] == ["version", "title", "home_page_url", "feed_url", "description"]
    assert document["feed_url"] == "https://news.example.org/daily/feed.json"
    assert document["language"] == "zh-CN"
    assert document["authors"] == [{"name": "编辑部"}]
    world, rates = document["items"][:2]
    assert world["date_published"] == "2021-12-09T01:00:00+00:00"
    assert world["date_modified"] == "2021-12-10T08:00:00+00:00"
    assert world["language"] == "en"
    assert world["authors"] == [{"name": "Jane Roe", "url": "https://example.org/jane"}, {"name": "李四"}]
    assert rates["tags"] == ["emnews", "东财滚动新闻", "利率"]
    assert rates["image"] == "https://news.example.org/daily/assets/rates.png"
    assert "date_modified" not in rates
    assert "央行" in to_json_feed(sample_articles(), CONFIG).decode("utf-8")  # no \\u escapes


def test_empty_title_gets_a_readable_stand_in() -> None:
    document = json.loads(to_json_feed(sample_articles(), CONFIG))
    untitled = next(item for item in document["items"] if item["id"].endswith("/untitled"))
    assert untitled["title"] == "untitled 正文，关于。"


def test_summary_only_and_excerpt_only() -> None:
    rss = etree.fromstring(to_rss(sample_articles(), CONFIG, content="summary"))
    assert rss.findall(f"channel/item/{CONTENT_ENCODED}") == []
    atom = etree.fromstring(to_atom(sample_articles(), with_feed_settings(excerpt_only=True)))
    assert atom.findall(f"{ATOM}entry/{ATOM}content") == []
    summaries = [e.text for e in atom.findall(f"{ATOM}entry/{ATOM}summary")]
    assert summaries[0] == "Stocks rose in early trading."
    assert summaries[3] == "untitled 正文，关于。"  # no summary at all: the (stand-in) title
    # the post that asks for excerpt_only in its own front matter
    full = etree.fromstring(to_atom(sample_articles(), CONFIG))
    contents = {e.findtext(ATOM + "id").rsplit("/", 1)[-1]: e.find(ATOM + "content") for e in full.iter(ATOM + "entry")}
    assert contents["older"] is None and contents["rates"] is not None
    items = json.loads(to_json_feed(sample_articles(), CONFIG, content="summary"))["items"]
    assert all("content_html" not in item and item["content_text"] for item in items)


def test_limit_and_feed_settings() -> None:
    articles = sample_articles()
    assert len(json.loads(to_json_feed(articles, CONFIG, limit=2))["items"]) == 2
    assert len(json.loads(to_json_feed(articles, CONFIG, limit=0))["items"]) == 5
    assert len(json.loads(to_json_feed(articles, with_feed_settings(posts_limit=3)))["items"]) == 3
    assert len(json.loads(to_json_feed(articles, with_feed_settings(posts_limit=3), limit=0))["items"]) == 5
    many = [article(f"p{i:03d}", datetime(2021, 1, 1, tzinfo=UTC).replace(day=1 + i % 28)) for i in range(60)]
    assert len(json.loads(to_json_feed(many, CONFIG))["items"]) == 50
    with pytest.raises(ExportError, match="limit"):
        to_rss(articles, CONFIG, limit=-1)
    with pytest.raises(ExportError, match="content"):
        to_rss(articles, CONFIG, content="everything")  # type: ignore[arg-type]


def test_category_and_tag_feeds() -> None:
    document = json.loads(to_json_feed(sample_articles(), CONFIG, category="EMNEWS"))
    assert document["title"] == "金融消息 & Co | emnews"  # "EMNEWS" named the exact term "emnews"
    assert [item["id"].rsplit("/", 1)[-1] for item in document["items"]] == [
        "rates",
        "tag:news.example.org,2021:explicit-7",
        "untitled",
    ]
    tagged = json.loads(to_json_feed(sample_articles(), CONFIG, tag="利率", title="利率新闻"))
    assert tagged["title"] == "利率新闻" and len(tagged["items"]) == 1
    assert json.loads(to_json_feed(sample_articles(), CONFIG, category="none"))["items"] == []


def test_same_input_same_bytes_without_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = [(to_rss(sample_articles(), CONFIG), to_atom(sample_articles(), CONFIG)) for _ in range(2)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs.append((to_rss(sample_articles(), CONFIG), to_atom(sample_articles(), CONFIG)))
    assert outputs[0] == outputs[1] == outputs[2]
    # an empty feed has no newest entry: SOURCE_DATE_EPOCH stands in, else the epoch
    assert b"<updated>2023-11-14T22:13:20+00:00</updated>" in to_atom([], CONFIG)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert b"<updated>1970-01-01T00:00:00+00:00</updated>" in to_atom([], CONFIG)
    check_atom(to_atom([], CONFIG))
    check_rss(to_rss([], CONFIG))


def test_site_without_url() -> None:
    config = SiteConfig(title="Local", lang="en")
    post = article("local", datetime(2021, 12, 8, tzinfo=UTC), config=config)
    assert post.url is None
    root = check_atom(to_atom([post], config), absolute=False)
    entry_id = root.findtext(f"{ATOM}entry/{ATOM}id")
    assert entry_id.startswith("urn:uuid:") and entry_id == check_atom(
        to_atom([post], config), absolute=False
    ).findtext(f"{ATOM}entry/{ATOM}id")
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href") == "/emnews/2021/12/08/local.html"
    assert root.findall(f"{ATOM}link[@rel='self']") == []
    rss = check_rss(to_rss([post], config), absolute=False)
    guid = rss.find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == (entry_id, "false")
    # an explicit feed URL gives the self link back
    assert b'rel="self"' in to_atom([post], config, feed_url="https://mirror.example.net/atom.xml")


HOSTILE = [
    '<script>alert(1)</script><p onclick="x()">点我</p>',
    '<p><a href="javascript:alert(1)">链接</a><img src="x.png" onerror="alert(1)"/></p>',
    "<p>控制\x00字\x08符\x1b和\ufffe非字符</p>",
    "<div><p><b>未闭合 <i>标签</p></span></table>",
    "<p>]]></p><![CDATA[ <script>x</script> ]]>",
    '<iframe src="https://evil.example/"></iframe><style>p{}</style><p style="color:red">样式</p>',
    "&nbsp;&copy;&bogus; <p>&#0; &#x1; end</p>",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_bodies_give_well_formed_harmless_feeds(body: str) -> None:
    clean = clean_html(body, base_url="https://news.example.org/daily/emnews/2021/12/08/h.html")
    post = article(
        "h", datetime(2021, 12, 8, tzinfo=SHANGHAI), body_html=clean.html, title="标题\x07\x0b", summary="摘\x01要"
    )
    for data in (to_rss([post], CONFIG), to_atom([post], CONFIG)):
        check_feedparser(data, 1)
    check_rss(to_rss([post], CONFIG), absolute=False)
    check_atom(to_atom([post], CONFIG), absolute=False)
    # relative links are the cleaning step's business (absolute=False); executable markup is checked regardless
    check_json_feed(to_json_feed([post], CONFIG), 1, absolute=False)
    assert b"<script" not in to_atom([post], CONFIG) and b"&lt;script" not in to_atom([post], CONFIG)


def test_control_characters_are_stripped_even_from_unclean_input() -> None:
    post = article(
        "c",
        datetime(2021, 12, 8, tzinfo=SHANGHAI),
        title="a\x00b",
        summary="s\x1f",
        body_html="<p>\x0c\ud800x</p>",
        authors=(newsfmt.Author(name="\x02名"),),
        categories=("cat\x03",),
    )
    for data in (to_rss([post], CONFIG), to_atom([post], CONFIG)):
        etree.fromstring(data)
        assert not feedparser.parse(data).bozo
    item = json.loads(to_json_feed([post], CONFIG))["items"][0]
    assert (item["title"], item["summary"], item["content_html"], item["tags"]) == ("ab", "s", "<p>x</p>", ["cat"])


def test_site_relative_image_is_made_absolute() -> None:
    post = article("i", datetime(2021, 12, 8, tzinfo=SHANGHAI), image="/assets/a.jpg")
    enclosure = etree.fromstring(to_rss([post], CONFIG)).find("channel/item/enclosure")
    assert enclosure.get("url") == "https://news.example.org/daily/assets/a.jpg"
    assert enclosure.get("type") == "image/jpeg"


def test_feed_author_stand_in_when_the_site_names_none() -> None:
    config = replace(CONFIG, author=None)
    post = article("n", datetime(2021, 12, 8, tzinfo=SHANGHAI), config=config)
    root = check_atom(to_atom([post], config))
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "金融消息 & Co"
    assert root.find(f"{ATOM}entry/{ATOM}author") is None


HOSTILE_POSTS = [
    '---\ntitle: "<script>alert(1)</script>标题"\ndate: 2021-12-08 10:00:00 +0800\ncategories: news\n---\n'
    '<p onmouseover="x()">正文</p><script>document.write(1)</script>\n\n[点我](javascript:alert(1))\n',
    "---\ntitle: 控制字符\ndate: 2021-12-08 10:00:00 +0800\n---\n正文\x01\x02\x1b 有控制字符。\n\n<div><p>未闭合",
    '---\ntitle: CDATA\ndate: 2021-12-08 10:00:00 +0800\n---\n<![CDATA[ ]]> ]]> <iframe src="https://x.example/">'
    "</iframe><img src=x onerror=alert(1)>\n",
]


@pytest.mark.parametrize("text", HOSTILE_POSTS)
def test_hostile_posts_through_the_reader_give_harmless_feeds(text: str) -> None:
    post = newsfmt.parse_post(text, config=CONFIG, path="2021-12-08-hostile.md")
    for data in (to_rss([post], CONFIG), to_atom([post], CONFIG)):
        check_feedparser(data, 1)
        decoded = data.decode("utf-8")
        for needle in ("<script", "&lt;script", "onmouseover", "onerror", "javascript:", "<iframe", "&lt;iframe"):
            assert needle not in decoded.lower(), needle
    check_rss(to_rss([post], CONFIG), absolute=False)
    check_atom(to_atom([post], CONFIG), absolute=False)
    check_json_feed(to_json_feed([post], CONFIG), 1, absolute=False)


def test_titles_and_summaries_are_plain_text() -> None:
    when = datetime(2021, 12, 8, tzinfo=SHANGHAI)
    tagged = article("t", when, title="<b>要闻</b>：<script>x()</script>利率", summary="精度<1%，<i>领先</i>")
    plain = article("p", when, title="利率 < 1% 且 > 0", summary="A & B")
    items = json.loads(to_json_feed([tagged, plain], CONFIG))["items"]
    assert [(i["title"], i["summary"]) for i in items] == [
        ("利率 < 1% 且 > 0", "A & B"),
        ("要闻：利率", "精度<1%，领先"),
    ]


def test_a_body_too_large_for_xml_parsers_is_cut_with_a_link() -> None:
    when = datetime(2024, 1, 2, tzinfo=UTC)
    huge = replace(article("huge", when), body_html="<p>" + "长" * 4_000_000 + "</p>", summary="很长的文章。")
    small = article("small", datetime(2024, 1, 1, tzinfo=UTC))
    data = to_rss([huge, small], CONFIG, limit=0)
    assert len(data) < 1_000_000
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    cut = next(entry for entry in parsed.entries if entry.link == huge.url)
    assert "阅读全文" in cut.content[0].value and huge.url in cut.content[0].value
    assert "很长的文章" in cut.content[0].value
