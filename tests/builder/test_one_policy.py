"""One policy: ``newsfmt feed``, ``newsfmt build`` and ``newsfmt.build_site`` decide feeds and options alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsfmt
from newsfmt.cli import cli
from tests.builder.test_build import tree

POST = """---
title: {title}
date: 2024-0{month}-0{day} 08:00:00 +0800
categories: [{category}]
tags: [{tags}]
---
<p>{title}：第一段正文。</p><p>第二段。</p>
"""

POSTS = [
    ("Harbour reopens", 1, 1, "City", "port, transport"),
    ("New tram line", 2, 2, "City", "transport"),
    ("Market report", 3, 3, "Economy", "markets"),
    ("Bus fares", 4, 4, "City", "transport"),
    ("Bond yields", 5, 5, "Economy", "markets, bonds"),
]


def make_site(root: Path, feed_settings: str = "", newsfmt_settings: str = "") -> Path:
    """A small Jekyll site with two categories and overlapping tags."""
    (root / "_posts").mkdir(parents=True)
    config = "title: Harbour Daily\nurl: https://daily.example.org\nlang: en\ntimezone: Asia/Shanghai\n"
    (root / "_config.yml").write_text(config + feed_settings + newsfmt_settings, encoding="utf-8")
    for number, (title, month, day, category, tags) in enumerate(POSTS):
        text = POST.format(title=title, month=month, day=day, category=category, tags=tags)
        (root / "_posts" / f"2024-0{month}-0{day}-post-{number}.md").write_text(text, encoding="utf-8")
    return root


def feed_command(site: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["feed", str(site), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


FEEDS = [
    ("feed.xml", ["--format", "rss"]),
    ("atom.xml", ["--format", "atom"]),
    ("feed.json", ["--format", "json"]),
    ("categories/city/atom.xml", ["--format", "atom", "--category", "City"]),
    ("categories/economy/feed.json", ["--format", "json", "--category", "Economy"]),
    ("tags/transport/feed.xml", ["--format", "rss", "--tag", "transport"]),
    ("tags/markets/atom.xml", ["--format", "atom", "--tag", "markets"]),
]
JEKYLL_FEED_PATHS = {
    "feed.xml": "rss.xml",
    "atom.xml": "feed.xml",
    "categories/city/atom.xml": "feed/City.xml",
    "tags/transport/feed.xml": "tags/transport/rss.xml",
    "tags/markets/atom.xml": "feed/by_tag/markets.xml",
}
"""Where a site with a ``feed:`` key (a jekyll-feed site) gets each feed: Atom at jekyll-feed's paths."""


@pytest.mark.parametrize("limit", [None, 0, 2])
def test_feed_command_and_build_write_the_same_bytes(tmp_path: Path, limit: int | None) -> None:
    settings = f"feed:\n  posts_limit: {limit}\n" if limit is not None else ""
    site = make_site(tmp_path / "site", settings, "newsfmt:\n  build:\n    tag_feeds: true\n")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(out)]).exit_code == 0
    moved = JEKYLL_FEED_PATHS if limit is not None else {}
    for relative, args in FEEDS:
        relative = moved.get(relative, relative)
        assert feed_command(site, *args) == (out / relative).read_bytes(), relative
    city = newsfmt.load_site(site)
    entries = (out / moved.get("categories/city/atom.xml", "categories/city/atom.xml")).read_text().count("<entry")
    wanted = sum("City" in a.categories for a in city.articles)
    assert entries == (2 if limit == 2 else wanted)  # posts_limit: 0 means every entry, in the build too


def test_category_feeds_are_titled_and_linked_as_themselves(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    data = feed_command(site, "--format", "atom", "--category", "City").decode()
    assert "<title>Harbour Daily | City</title>" in data
    assert 'href="https://daily.example.org/categories/city/atom.xml" rel="self"' in data


def test_build_site_honours_the_config_as_the_command_does(tmp_path: Path) -> None:
    build_settings = (
        "newsfmt:\n  build:\n    tag_feeds: true\n    text_width: 30\n    epub_by: all\n"
        "    feed_limit: 3\n    feed_content: summary\n"
    )
    site = make_site(tmp_path / "site", newsfmt_settings=build_settings)
    by_command, by_library = tmp_path / "command", tmp_path / "library"
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(by_command)]).exit_code == 0
    report = newsfmt.build_site(site, by_library)
    assert report.articles == len(POSTS)
    assert tree(by_library) == tree(by_command)
    assert (by_library / "tags" / "markets" / "feed.xml").is_file()
    assert {p.name for p in (by_library / "epub").iterdir()} == {"city.epub", "economy.epub"}
    assert max(len(line) for line in (by_library / "text").rglob("*.txt").__next__().read_text().splitlines()) <= 30


def test_build_site_overrides_and_explicit_options(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", newsfmt_settings="newsfmt:\n  build:\n    only: [feeds]\n")
    out = tmp_path / "out"
    newsfmt.build_site(site, out)
    assert not (out / "text").exists()
    newsfmt.build_site(site, out, overrides={"only": "text"})
    assert (out / "text").is_dir()
    with pytest.raises(newsfmt.ConfigError, match="unknown build option 'colour'"):
        newsfmt.build_site(site, out, overrides={"colour": True})
    explicit = newsfmt.BuildOptions(only=frozenset({"feeds"}), tag_feeds=True)
    newsfmt.build_site(site, tmp_path / "explicit", options=explicit)
    assert (tmp_path / "explicit" / "tags").is_dir() and not (tmp_path / "explicit" / "text").exists()


def test_two_builds_in_one_process_with_out_removed_between(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    newsfmt.build_site(site, out)
    first = tree(out)
    shutil.rmtree(out)
    report = newsfmt.build_site(site, out)
    assert tree(out) == first
    assert report.written["text"] == len(POSTS) and report.unchanged["text"] == 0


def test_unknown_newsfmt_settings_are_errors_everywhere(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", newsfmt_settings="newsfmt:\n  bulid:\n    only: feeds\n")
    for command in (["build", str(site), "-o", str(tmp_path / "out")], ["check", str(site)], ["feed", str(site)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, command
        assert "_config.yml: newsfmt.bulid: unknown option" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("fetch_images: true", "only the command line can ask for it"),
        ("cover: /etc/hostname", "must be a relative path inside the site folder"),
        ("cover: ../secret.png", "must be a relative path inside the site folder"),
        ("cache_dir: /tmp/elsewhere", "must be a relative path inside the output folder"),
        ("cache_dir: ../../cache", "must be a relative path inside the output folder"),
    ],
)
def test_the_sites_config_cannot_reach_outside_site_and_out(tmp_path: Path, setting: str, message: str) -> None:
    site = make_site(tmp_path / "site", newsfmt_settings=f"newsfmt:\n  build:\n    {setting}\n")
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and message in result.stderr
    assert "_config.yml" in result.stderr and not (tmp_path / "out").exists()


def test_relative_paths_in_the_config_stay_in_site_and_out(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site", newsfmt_settings="newsfmt:\n  build:\n    cache_dir: cache\n    cover: cover.png\n"
    )
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (site / "cover.png").symlink_to(tmp_path / "secret.png")  # a link planted in the site, leading out of it
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "leads outside the site folder" in result.stderr
    (site / "cover.png").unlink()
    (site / "_config.yml").write_text(
        (site / "_config.yml").read_text(encoding="utf-8").replace("    cover: cover.png\n", ""), encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")]).exit_code == 0
    assert (tmp_path / "out" / "cache").is_dir()
