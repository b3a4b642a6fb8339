"""The ``newsfmt feed`` command: flags reach the exporters, output goes to stdout or a file, problems to stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import newsfmt
import newsfmt.cli
import newsfmt.readers.site
import newsfmt.whole_feed
from newsfmt import Problem, Site, SiteConfig
from newsfmt.exporters.feeds.pieces import format_pieces
from newsfmt.model import newest_first, without_body
from newsfmt.site_files import SiteFiles
from newsfmt.vocabulary import FeedFormat
from newsfmt.whole_feed import EveryEntry
from tests.conftest import EXAMPLE_SITE
from tests.exporters.feeds.feed_rules import check_atom, check_feedparser, check_rss
from tests.exporters.feeds.feed_samples import CONFIG, sample_articles, with_feed_settings

reader_calls: list[tuple[Path, str]] = []


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A site folder whose loading is replaced by the sample articles (the reader has tests of its own)."""
    loaded = Site(
        config=with_feed_settings(CONFIG, posts_limit=4),
        articles=tuple(sample_articles()),
        problems=(Problem(tmp_path / "_posts" / "bad.md", 3, "date: cannot read 'soon'"),),
    )
    reader_calls.clear()

    def fake_load_site(root: Path, *, strict: bool = False, **options: object) -> Site:
        reader_calls.append((Path(root), "all, strict" if strict else "all"))
        return loaded

    def fake_read_newest(root: Path, count: int, **options: object) -> newsfmt.readers.site.NewestRead:
        reader_calls.append((Path(root), f"newest {count}"))
        return newsfmt.readers.site.NewestRead(loaded, loaded.articles)

    def fake_read_every_entry(root: Path, config: SiteConfig, fmt: FeedFormat, **options: Any) -> EveryEntry:
        reader_calls.append((Path(root), "every entry"))
        ordered = newest_first(loaded.articles)
        entries = format_pieces(ordered, loaded.config, options["content"], fmt, SiteFiles(loaded.config))
        light = tuple(map(without_body, ordered))
        return EveryEntry(Site(loaded.config, light, loaded.problems), tuple(entries), fmt)

    monkeypatch.setattr(newsfmt.readers.site, "load_site", fake_load_site)
    monkeypatch.setattr(newsfmt.readers.site, "read_newest", fake_read_newest)
    monkeypatch.setattr(newsfmt.whole_feed, "read_every_entry", fake_read_every_entry)
    return tmp_path


def test_rss_to_stdout_with_problems_on_stderr(site: Path) -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site)])
    assert result.exit_code == 0, result.output
    root = check_rss(result.stdout_bytes)
    assert len(root.findall("channel/item")) == 4  # the site's feed.posts_limit
    assert "bad.md:3: error: date: cannot read 'soon'" in result.stderr
    assert "newsfmt: skipped 1 post\n" in result.stderr
    assert reader_calls == [(site, "newest 50")]  # only the newest bodies are read (the folder has no config)


def test_strict_reaches_the_reader(site: Path) -> None:
    assert CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--strict"]).exit_code == 0
    assert reader_calls == [(site, "all, strict")]


def test_every_post_is_read_for_limit_0(site: Path) -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--limit", "0"])
    assert result.exit_code == 0
    assert len(check_rss(result.stdout_bytes).findall("channel/item")) == len(sample_articles())
    assert "bad.md:3: error: date: cannot read 'soon'" in result.stderr
    assert reader_calls == [(site, "every entry")]  # each post read straight into its entry
    assert CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--limit", "0", "--strict"]).exit_code == 0
    assert reader_calls[1:] == [(site, "all, strict")]  # strict: every article read first, nothing written on error


def test_atom_to_file_with_every_option(site: Path) -> None:
    out = site / "out" / "atom.xml"
    args = ["feed", str(site), "--format", "atom", "--category", "emnews", "--limit", "0", "--summary-only"]
    args += ["--title", "滚动", "--feed-url", "https://cdn.example.net/a.xml", "-o", str(out)]
    result = CliRunner().invoke(newsfmt.cli.cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b""
    root = check_atom(out.read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(atom + "title") == "滚动"
    assert root.find(f"{atom}link[@rel='self']").get("href") == "https://cdn.example.net/a.xml"
    assert len(root.findall(atom + "entry")) == 3
    assert root.findall(f"{atom}entry/{atom}content") == []
    assert [p.name for p in out.parent.iterdir()] == ["atom.xml"]  # no temporary file left behind


def test_json_by_tag(site: Path) -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--format", "json", "--tag", "markets"])
    assert result.exit_code == 0, result.output
    assert [item["title"] for item in json.loads(result.stdout_bytes)["items"]] == ["Markets open higher"]


def test_usage_errors_exit_2(site: Path) -> None:
    assert CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--format", "html"]).exit_code == 2
    assert CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--limit", "-1"]).exit_code == 2


def test_unwritable_output_is_one_line_and_exit_1(site: Path) -> None:
    blocker = site / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "-o", str(blocker / "feed.xml")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"newsfmt: {blocker / 'feed.xml'}: cannot write: "), last


def test_example_site_end_to_end() -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--format", "atom"])
    assert result.exit_code == 0, result.output
    check_feedparser(result.stdout_bytes, 20)  # the example site's feed.posts_limit
    every = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--format", "json", "--limit", "0"])
    assert len(json.loads(every.stdout_bytes)["items"]) == len(newsfmt.load_site(EXAMPLE_SITE).articles) > 20


def test_an_unknown_category_or_tag_exits_1_naming_the_closest(tmp_path: Path) -> None:
    out = tmp_path / "feed.xml"
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--category", "citty", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "newsfmt: no category 'citty'; the closest: 'city'\n"
    assert not out.exists()  # no empty feed dated 1970
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--tag", "Shiping"])
    assert result.exit_code == 1 and result.stderr == "newsfmt: no tag 'Shiping'; the closest: 'shipping'\n"
    far = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--category", "zzzzzz"])
    assert far.exit_code == 1
    assert far.stderr == "newsfmt: no category 'zzzzzz'; the site has 'city', 'data', 'economy', 'tech', '城市', …\n"


def test_known_terms_no_post_shares_give_an_empty_feed_and_say_so() -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--category", "city", "--tag", "feeds"])
    assert result.exit_code == 0
    assert check_rss(result.stdout_bytes).findall("channel/item") == []
    assert result.stderr == "newsfmt: no post has category 'city' and tag 'feeds'; the feed is empty\n"
    found = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--category", "城市"])
    assert found.exit_code == 0 and found.stderr == ""


def test_format_names_are_case_insensitive() -> None:
    upper = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--format", "ATOM", "--category", "CITY"])
    lower = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "--format", "atom", "--category", "city"])
    assert upper.exit_code == 0 and upper.stdout_bytes == lower.stdout_bytes
    assert check_atom(upper.stdout_bytes).findall("{http://www.w3.org/2005/Atom}entry")


def test_output_naming_a_folder_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(EXAMPLE_SITE), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"newsfmt: {tmp_path}: cannot write: this is a folder, and -o names the feed's file\n"
