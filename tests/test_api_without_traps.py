"""The Python API does what a reader of its names expects: no silent limit, the defaults kept when a rule is added,
JSON-ready articles, the slug the outputs use, feeds as feedgen objects, python-frontmatter posts in and out."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import feedparser
import frontmatter
import pytest
from click.testing import CliRunner

import newsfmt
from newsfmt.cli import cli
from tests.conftest import EXAMPLE_SITE


@pytest.fixture(scope="module")
def site() -> newsfmt.Site:
    return newsfmt.load_site(EXAMPLE_SITE)


def _many(count: int) -> list[newsfmt.Article]:
    start = datetime(2021, 1, 1, tzinfo=UTC)
    return [
        newsfmt.parse_post(
            f"---\ntitle: P{n}\ncategories: [news]\n---\nx", path=f"{start + timedelta(n):%Y-%m-%d}-p.md"
        )
        for n in range(count)
    ]


def test_select_articles_returns_every_article_unless_a_limit_is_given() -> None:
    articles = _many(60)
    assert len(newsfmt.select_articles(articles, category="news")) == 60  # no hidden cut at 50
    assert [a.title for a in newsfmt.select_articles(articles, limit=2)] == ["P59", "P58"]
    with pytest.raises(newsfmt.ExportError, match="feed limit"):
        newsfmt.select_articles(articles, limit=-1)


def test_a_category_feed_links_to_itself_by_default(site: newsfmt.Site, tmp_path: Path) -> None:
    """Each format's self link is the URL of the file ``newsfmt build`` writes for that category's feed."""
    newsfmt.build_site(EXAMPLE_SITE, tmp_path / "out", options=newsfmt.BuildOptions(only=frozenset({"feeds"})))
    rss = feedparser.parse(newsfmt.to_rss(site.articles, site.config, category="城市"))
    atom = feedparser.parse(newsfmt.to_atom(site.articles, site.config, category="城市"))
    json_feed = json.loads(newsfmt.to_json_feed(site.articles, site.config, category="城市"))
    self_links = [
        *(link.href for link in rss.feed.links if link.rel == "self"),
        *(link.href for link in atom.feed.links if link.rel == "self"),
        json_feed["feed_url"],
    ]
    assert len(set(self_links)) == 3
    site_url = site.config.url.rstrip("/") + "/"
    for url in self_links:
        assert url.startswith(site_url)
        written = tmp_path / "out" / unquote(url[len(site_url) :])
        assert "城市" in written.as_posix() and written.is_file(), url


def test_adding_a_rule_keeps_the_built_in_ones() -> None:
    rules = newsfmt.CleaningRules.defaults().extended(remove_selectors=["div.share"], summary_words=20)
    assert rules.remove_selectors == (*newsfmt.DEFAULT_RULES.remove_selectors, "div.share")
    assert rules.source_patterns == newsfmt.DEFAULT_RULES.source_patterns and rules.summary_words == 20
    html = "<p>正文。</p><div class='share'>分享到微博</div><p>（来源：临江晚报）</p>"
    cleaned = newsfmt.clean_html(html, rules=rules)
    assert "分享" not in cleaned.text and cleaned.source_name == "临江晚报"  # the new rule and a built-in one
    with pytest.raises(newsfmt.ConfigError, match="remove_selectors: bad CSS selector"):
        rules.extended(remove_selectors=["div[["])
    with pytest.raises(newsfmt.ConfigError, match="no_such_option: unknown option"):
        rules.extended(no_such_option=[])


def test_load_site_cleans_with_the_rules_given(site: newsfmt.Site) -> None:
    marked = next(a for a in site.articles if "老码头" in a.text)
    rules = newsfmt.CleaningRules.defaults().extended(remove_patterns=[".*老码头.*"])
    again = newsfmt.load_site(EXAMPLE_SITE, rules=rules)
    article = next(a for a in again.articles if a.id == marked.id)
    assert "老码头" not in article.text and article.source_url == marked.source_url  # built-ins still apply
    newest = newsfmt.load_newest(EXAMPLE_SITE, len(site.articles), rules=rules)
    assert not any("老码头" in a.text for a in newest.articles)


def test_to_dict_is_json_ready_and_inspect_writes_it_per_line(site: newsfmt.Site) -> None:
    article = next(a for a in site.articles if a.path and a.authors)
    data = article.to_dict()
    assert list(data) == [f.name for f in fields(article)]
    assert json.loads(json.dumps(data)) == data
    assert datetime.fromisoformat(data["date"]) == article.date and data["date"].endswith("+08:00")
    assert data["path"] == article.path.as_posix() and data["authors"][0]["name"] == article.authors[0].name
    assert "text" not in article.to_dict(body=False)
    result = CliRunner().invoke(cli, ["inspect", str(EXAMPLE_SITE), "--json", "--body"], catch_exceptions=False)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [a.to_dict() for a in site.articles]


def test_slugify_names_the_folders_the_build_writes(site: newsfmt.Site, tmp_path: Path) -> None:
    newsfmt.build_site(EXAMPLE_SITE, tmp_path, overrides={"only": "feeds"})
    categories = {c for a in site.articles for c in a.categories}
    written = {p.name for p in (tmp_path / "categories").iterdir()}
    assert written == {newsfmt.slugify(c) for c in categories}
    assert newsfmt.slugify("City News") == "city-news" and newsfmt.slugify("  ") == "untitled"


def test_to_feedgen_is_the_feed_to_rss_writes_and_takes_extensions(site: newsfmt.Site) -> None:
    generator = newsfmt.to_feedgen(site.articles, site.config, fmt="rss", limit=3)
    assert generator.rss_str(pretty=True) == newsfmt.to_rss(site.articles, site.config, limit=3)
    generator.load_extension("podcast")
    generator.podcast.itunes_category("News")
    for entry in generator.entry():
        entry.podcast.itunes_duration("00:02:30")
    parsed = feedparser.parse(generator.rss_str())
    assert not parsed.bozo and len(parsed.entries) == 3
    assert parsed.feed.tags[0].term == "News" and {e.itunes_duration for e in parsed.entries} == {"00:02:30"}
    atom = newsfmt.to_feedgen(site.articles, site.config, limit=2)
    assert len(feedparser.parse(atom.atom_str()).entries) == 2
    with pytest.raises(newsfmt.ExportError, match="rss or atom"):
        newsfmt.to_feedgen(site.articles, site.config, fmt="json")  # type: ignore[arg-type]


def test_python_frontmatter_posts_round_trip(site: newsfmt.Site) -> None:
    kept = [f.name for f in fields(newsfmt.Article) if f.name not in ("path", "date_rule", "source_url", "source_name")]
    for article in site.articles:
        assert article.path is not None
        post = frontmatter.loads(frontmatter.dumps(newsfmt.article_to_post(article)))
        again = newsfmt.article_from_post(post, path=article.path.with_suffix(".html"), config=site.config)
        again = replace(again, body_html=again.body_html.strip())
        expected = replace(article, body_html=article.body_html.strip())
        assert {k: getattr(again, k) for k in kept} == {k: getattr(expected, k) for k in kept}, article.path


def test_a_python_frontmatter_file_reads_as_a_post(tmp_path: Path) -> None:
    path = tmp_path / "2021-12-08-hello.md"
    path.write_text("---\ntitle: 你好\ntags: [a, b]\n---\nHi *there*.\n", encoding="utf-8")
    article = newsfmt.article_from_post(frontmatter.load(path), path=path)
    assert (article.title, article.tags, article.slug) == ("你好", ("a", "b"), "hello")
    assert article.date == datetime(2021, 12, 8, tzinfo=UTC) and article.text == "Hi there."
    with pytest.raises(newsfmt.PostError, match=r"expected a frontmatter\.Post"):
        newsfmt.article_from_post("not a post", path=path)
