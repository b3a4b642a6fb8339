"""Where feeds go (jekyll-feed's paths or newsfmt's, ``newsfmt: feeds: paths:``), the checks of ``newsfmt: feeds:``,
author feeds, and enclosures measured from the site's files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree

import newsfmt
from newsfmt.cli import cli
from newsfmt.errors import ConfigError
from newsfmt.exporters.feeds.policy import feed_layout, feed_path
from newsfmt.options import FeedOptions
from newsfmt.readers.config import load_config
from tests.builder.test_feed_archives import with_feed_options
from tests.builder.test_one_policy import make_site


def site_with(tmp_path: Path, feed_settings: str = "", **feeds: object) -> Path:
    site = make_site(tmp_path / "site", feed_settings)
    return with_feed_options(site, **feeds) if feeds else site


def test_a_site_without_jekyll_feed_keeps_newsfmts_layout(tmp_path: Path) -> None:
    config = load_config(site_with(tmp_path))
    assert not config.feed.jekyll_feed
    assert [feed_path(fmt, config=config) for fmt in ("rss", "atom", "json")] == ["feed.xml", "atom.xml", "feed.json"]
    assert feed_path("atom", category="City", config=config) == "categories/city/atom.xml"


@pytest.mark.parametrize("uses", ["plugins: [jekyll-feed]\n", "gems: [jekyll-feed]\n", "feed:\n  posts_limit: 5\n"])
def test_a_jekyll_feed_site_gets_jekyll_feeds_paths(tmp_path: Path, uses: str) -> None:
    config = load_config(site_with(tmp_path, uses))
    assert config.feed.jekyll_feed
    assert [feed_path(fmt, config=config) for fmt in ("rss", "atom", "json")] == ["rss.xml", "feed.xml", "feed.json"]
    assert feed_path("atom", category="City", config=config) == "feed/City.xml"
    assert feed_path("rss", category="City", config=config) == "categories/city/rss.xml"
    assert feed_path("atom", tag="port_2", config=config) == "feed/by_tag/port_2.xml"
    assert feed_path("atom", tag="city port", config=config) == "feed/by_tag/city-port.xml"  # jekyll-feed makes none


def test_jekyll_feeds_own_settings_move_its_feeds(tmp_path: Path) -> None:
    settings = "feed:\n  path: atom/all.xml\n  tags:\n    path: tagged/\n"
    config = load_config(site_with(tmp_path, settings))
    assert feed_path("atom", config=config) == "atom/all.xml"
    assert feed_path("atom", tag="port", config=config) == "tagged/port.xml"


def test_newsfmt_paths_replace_the_layouts(tmp_path: Path) -> None:
    paths = {"site": {"rss": "rss/all.xml"}, "category": {"atom": "topics/{name}.atom"}}
    config = load_config(site_with(tmp_path, "plugins: [jekyll-feed]\n", paths=paths, layout="newsfmt"))
    assert feed_path("rss", config=config) == "rss/all.xml"
    assert feed_path("atom", config=config) == "atom.xml"
    assert feed_path("atom", category="City", config=config) == "topics/city.atom"
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(tmp_path / "site"), "-o", str(out), "--only", "feeds"]).exit_code == 0
    assert (out / "rss/all.xml").is_file() and (out / "topics/economy.atom").is_file()


def test_a_term_that_is_no_safe_file_name_uses_its_output_name(tmp_path: Path) -> None:
    config = load_config(site_with(tmp_path, "plugins: [jekyll-feed]\n"))
    assert feed_path("atom", category="../up", config=config) == "feed/up.xml"
    assert feed_path("atom", category=".hidden", config=config) == "feed/hidden.xml"
    assert feed_path("atom", category="新闻 报道", config=config) == "feed/新闻 报道.xml"


@pytest.mark.parametrize(
    ("feeds", "message"),
    [
        ({"layout": "hugo"}, "newsfmt.feeds.layout must be 'newsfmt' or 'jekyll-feed'"),
        ({"archive_by": "week"}, "newsfmt.feeds.archive_by must be"),
        ({"hub": "ftp://hub.example.net/"}, "newsfmt.feeds.hub must be an http or https URL"),
        ({"authors": "yes"}, "newsfmt.feeds.authors must be true or false"),
        ({"archive_folder": "a/b"}, "newsfmt.feeds.archive_folder must be one folder name"),
        ({"paths": {"site": {"rss": "../feed.xml"}}}, "must be a relative path inside the output folder"),
        ({"paths": {"site": {"rss": "/feed.xml"}}}, "must be a relative path inside the output folder"),
        ({"paths": {"category": {"rss": "all.xml"}}}, "must name the category with {name} or {term}"),
        ({"paths": {"site": {"rss": "{name}.xml"}}}, "the site feed's path takes no placeholder"),
        ({"paths": {"tag": {"yaml": "t/{name}.yml"}}}, "newsfmt.feeds.paths.tag.yaml: unknown feed format"),
        ({"paths": {"year": {}}}, "newsfmt.feeds.paths.year: unknown feed scope"),
        ({"colour": "red"}, "newsfmt.feeds.colour: unknown option"),
    ],
)
def test_bad_feed_options_are_named(tmp_path: Path, feeds: dict[str, object], message: str) -> None:
    site = site_with(tmp_path, **feeds)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(site)
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "_config.yml" in result.output and "Traceback" not in result.output


def test_a_jekyll_feed_path_that_leaves_the_output_folder_is_refused(tmp_path: Path) -> None:
    config = load_config(site_with(tmp_path, "feed:\n  path: ../../feed.xml\n"))
    with pytest.raises(ConfigError, match=r"feed\.path"):
        feed_layout(config)


def test_the_defaults_are_no_archives_no_hub_no_author_feeds() -> None:
    assert FeedOptions() == FeedOptions.from_mapping(None)
    assert (FeedOptions().archive_by, FeedOptions().hub, FeedOptions().authors) == ("none", None, False)


AUTHORED = """---
title: {title}
date: 2024-06-0{day} 08:00:00 +0800
author: {author}
{extra}---
<p>{title}</p>
"""


def test_author_feeds_on_request(tmp_path: Path) -> None:
    site = site_with(tmp_path, authors=True)
    for day, (author, title) in enumerate([("Li Wei", "Tides"), ("Ana Ruiz", "Ferries"), ("Li Wei", "Cranes")], 6):
        text = AUTHORED.format(title=title, day=day, author=author, extra="")
        (site / "_posts" / f"2024-06-0{day}-{title.lower()}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--only", "feeds"]).exit_code == 0
    li = feedparser.parse((out / "authors/li-wei/atom.xml").read_bytes())
    assert li.feed.title == "Harbour Daily | Li Wei"
    assert [entry.title for entry in li.entries] == ["Cranes", "Tides"]
    assert [i["title"] for i in json.loads((out / "authors/ana-ruiz/feed.json").read_text())["items"]] == ["Ferries"]
    assert newsfmt.to_rss(newsfmt.load_site(site).articles, load_config(site), author="Ana Ruiz").count(b"<item>") == 1


def test_enclosures_carry_the_real_length_and_type_of_site_files(tmp_path: Path) -> None:
    site = site_with(tmp_path)
    (site / "episodes").mkdir()
    (site / "episodes" / "one.mp3").write_bytes(b"\xff\xfb" * 1234)
    posts = {
        "one": 'audio: "/episodes/one.mp3"\n',
        "two": "enclosure:\n  url: https://cdn.example.net/two.ogg\n  length: 98765\n  type: audio/ogg\n",
        "three": "enclosure: /episodes/missing.m4a\n",
        "four": "video: https://talks.example.net/2024/ferries/\n",  # a talk's page, not a video file
    }
    for day, (slug, extra) in enumerate(posts.items(), 6):
        text = AUTHORED.format(title=slug, day=day, author="Li Wei", extra=extra)
        (site / "_posts" / f"2024-06-0{day}-{slug}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--only", "feeds"]).exit_code == 0
    rss = etree.parse(str(out / "feed.xml")).getroot()
    found = {
        item.findtext("title"): dict(item.find("enclosure").attrib)
        for item in rss.iter("item")
        if item.find("enclosure") is not None
    }
    assert found["one"] == {"url": "https://daily.example.org/episodes/one.mp3", "length": "2468", "type": "audio/mpeg"}
    assert found["two"] == {"url": "https://cdn.example.net/two.ogg", "length": "98765", "type": "audio/ogg"}
    assert found["three"]["length"] == "0"  # not a file of the site: length unknown
    assert "four" not in found
    atom = feedparser.parse((out / "atom.xml").read_bytes())
    one = next(entry for entry in atom.entries if entry.title == "one")
    assert [(e.href, e.length, e.type) for e in one.enclosures] == [
        ("https://daily.example.org/episodes/one.mp3", "2468", "audio/mpeg")
    ]
    items = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    one_item = next(item for item in items if item["title"] == "one")
    assert one_item["attachments"] == [
        {"url": "https://daily.example.org/episodes/one.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 2468}
    ]


def test_an_enclosure_outside_the_site_folder_is_not_measured(tmp_path: Path) -> None:
    site = site_with(tmp_path)
    (tmp_path / "secret.bin").write_bytes(b"x" * 999)
    (site / "leak.bin").symlink_to(tmp_path / "secret.bin")
    text = AUTHORED.format(title="leak", day=6, author="Li Wei", extra="enclosure: /leak.bin\n")
    (site / "_posts" / "2024-06-06-leak.md").write_text(text, encoding="utf-8")
    data = newsfmt.to_rss(newsfmt.load_site(site).articles, load_config(site))
    assert b'length="0"' in data and b"999" not in data
