"""``newsfmt feed --limit 0`` reads each post in a worker straight into its entry: the feed it writes is the same
bytes as ``to_rss``/``to_atom``/``to_json_feed`` of the articles ``load_site`` reads, on every site at hand."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import newsfmt
import newsfmt.cli
import newsfmt.parallel
from newsfmt.errors import format_location
from newsfmt.exporters.feeds import rss_atom
from newsfmt.exporters.feeds.view import feed_entry
from newsfmt.site_files import SiteFiles
from newsfmt.vocabulary import FEED_FORMATS, FeedFormat
from tests.conftest import CORPUS, EXAMPLE_SITE, corpus_path
from tests.exporters.feeds.feed_rules import check_feedparser

WRITERS: dict[str, Callable[..., bytes]] = {
    "rss": newsfmt.to_rss,
    "atom": newsfmt.to_atom,
    "json": newsfmt.to_json_feed,
}
CORPUS_SITES = ["finews", "blog-brobertsaz", "hugo-spf13", "jekyll-feed-fixtures", "jekyll-fixtures"]
REAL_SITES = ["gaohaoyang", "huxpro", "mzlogin", "rubylang", "scalalang", "tuna", "yihui"]


def _feed(site: Path, tmp_path: Path, *options: str) -> tuple[Result, bytes]:
    out = tmp_path / "feed.out"
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(newsfmt.cli.cli, ["feed", str(site), "--limit", "0", *options, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result, out.read_bytes()


def _assert_same_as_the_library(site: Path, tmp_path: Path, *, jobs: str = "2") -> None:
    loaded = newsfmt.load_site(site)
    for fmt in FEED_FORMATS:
        expected = WRITERS[fmt](loaded.articles, loaded.config, limit=0)
        _, written = _feed(site, tmp_path, "--format", fmt, "--jobs", jobs)
        assert written == expected, (site, fmt)


def test_the_example_site_with_every_option(tmp_path: Path) -> None:
    _assert_same_as_the_library(EXAMPLE_SITE, tmp_path, jobs="1")
    loaded = newsfmt.load_site(EXAMPLE_SITE)
    articles, config = loaded.articles, loaded.config
    cases: list[tuple[FeedFormat, dict[str, str], list[str]]] = [
        ("rss", {"category": "city"}, ["--category", "CITY"]),  # found ignoring case, as the writers do
        ("atom", {"tag": "shipping"}, ["--tag", "shipping"]),
        ("json", {"content": "summary", "title": "全部"}, ["--summary-only", "--title", "全部"]),
        ("rss", {"feed_url": "https://cdn.example.net/all.xml"}, ["--feed-url", "https://cdn.example.net/all.xml"]),
    ]
    for fmt, options, flags in cases:
        expected = WRITERS[fmt](articles, config, limit=0, **options)
        _, written = _feed(EXAMPLE_SITE, tmp_path, "--format", fmt, *flags)
        assert written == expected, (fmt, options)
    _, written = _feed(EXAMPLE_SITE, tmp_path, "--format", "atom", "--jobs", "2")
    check_feedparser(written, len(articles))


BAD = "---\ntitle: Broken\ndate: soon\n---\nText.\n"
LINKING = """---
title: Linking
date: 2025-09-01 08:00:00 +0800
---
See [the metro]({% post_url 2025-03-01-metro-line-9-opens %}) and
[the market]({% link _posts/2025-03-02-riverside-night-market.md %}).
"""
SAME_ID = "---\ntitle: Twin {n}\ndate: 2025-09-02 08:00:00 +0800\nid: tag:example.org,2025:twin\n---\nTwin {n}.\n"


@pytest.fixture
def awkward_site(tmp_path: Path) -> Path:
    """The example site, plus a post that is no post, one that links others and two that share an id."""
    root = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, root)
    posts = root / "_posts"
    (posts / "2025-08-30-broken.md").write_text(BAD, encoding="utf-8")
    (posts / "2025-09-01-linking.md").write_text(LINKING, encoding="utf-8")
    for n in (1, 2):
        (posts / f"2025-09-02-twin-{n}.md").write_text(SAME_ID.format(n=n), encoding="utf-8")
    return root


def test_a_bad_post_is_one_line_and_the_others_are_written(awkward_site: Path, tmp_path: Path) -> None:
    loaded = newsfmt.load_site(awkward_site)
    assert len(loaded.problems) == 1
    result, written = _feed(awkward_site, tmp_path, "--format", "rss")
    assert written == newsfmt.to_rss(loaded.articles, loaded.config, limit=0)
    problem = loaded.problems[0]
    where = format_location(problem.path, problem.line, "error")
    assert result.stderr.splitlines() == [f"{where}: {problem.message}", "newsfmt: skipped 1 post"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_linked_bodies_and_shared_ids(
    awkward_site: Path, tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newsfmt.parallel, "_MIN_ITEMS", 1)  # worker processes even for this small site,
    monkeypatch.setattr(newsfmt.parallel, "_CHUNK", 5)  # and chunks that split the linking post from its targets
    loaded = newsfmt.load_site(awkward_site)
    linking = next(a for a in loaded.articles if a.title == "Linking")
    assert "metro-line-9-opens" in linking.body_html  # the link was resolved
    assert [a.title for a in loaded.articles].count("Twin 1") == 1
    _assert_same_as_the_library(awkward_site, tmp_path, jobs=jobs)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_entries_cut_from_one_document_are_those_rendered_alone(fmt: FeedFormat) -> None:
    site = newsfmt.load_site(EXAMPLE_SITE)
    files = SiteFiles(site.config)
    entries = [feed_entry(a, site.config, content="full", files=files) for a in site.articles]
    assert any(e.authors for e in entries) and any(e.image for e in entries)
    assert rss_atom.entry_pieces_of(entries, fmt) == [rss_atom.entry_piece(e, fmt) for e in entries]
    plain = [e for e in entries if not e.image]  # a generator without the media extension
    assert rss_atom.entry_pieces_of(plain, fmt) == [rss_atom.entry_piece(e, fmt) for e in plain]


@pytest.mark.slow
@pytest.mark.parametrize("name", [*CORPUS_SITES, *(f"realsites/{name}" for name in REAL_SITES)])
def test_every_corpus_site(name: str, tmp_path: Path) -> None:
    site = corpus_path(*name.split("/"))
    assert CORPUS in site.parents
    _assert_same_as_the_library(site, tmp_path)
