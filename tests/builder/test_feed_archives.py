"""RFC 5005 archives: from each subscription feed (site and category, Atom and RSS) the ``prev-archive`` chain holds
every post, each archive is marked and linked both ways, and an archive that is no longer the newest never changes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import feedparser
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

import newsfmt
from newsfmt.cli import cli
from newsfmt.exporters.feeds.documents import feed_documents
from newsfmt.exporters.feeds.policy import feed_path
from newsfmt.exporters.feeds.rss_atom import FH_NS
from newsfmt.output_names import site_names
from tests.builder.test_one_policy import make_site
from tests.conftest import CORPUS, EXAMPLE_SITE

ATOM_NS = "http://www.w3.org/2005/Atom"


def with_feed_options(site: Path, **feeds: Any) -> Path:
    """The site's config with ``newsfmt: feeds:`` set to ``feeds``."""
    config_path = site / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    config["newsfmt"] = {**(config.get("newsfmt") or {}), "feeds": feeds}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return site


def build(site: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--only", "feeds", *args])
    assert result.exit_code == 0, result.output


def links(path: Path) -> dict[str, str]:
    """The feed's links by relation (RSS: its atom:link elements)."""
    root = etree.parse(str(path)).getroot()
    parent = root.find("channel") if root.tag == "rss" else root
    assert parent is not None
    return {link.get("rel"): link.get("href") for link in parent.iterfind(f"{{{ATOM_NS}}}link")}


def entry_ids(path: Path) -> list[str]:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return [entry.id for entry in parsed.entries]


def local(out: Path, url: str, site_url: str) -> Path:
    assert url.startswith(site_url + "/"), url
    return out / unquote(url[len(site_url) + 1 :])


def chain(out: Path, subscription: Path, site_url: str) -> list[str]:
    """The entry ids of the archives reachable from ``subscription`` through ``prev-archive`` (checking each
    archive's links), newest archive first."""
    ids: list[str] = []
    own = links(subscription)["self"]
    newer, url = own, links(subscription).get("prev-archive")
    while url:
        archive = local(out, url, site_url)
        found = links(archive)
        assert etree.parse(str(archive)).getroot().find(f".//{{{FH_NS}}}archive") is not None, archive
        assert found["current"] == own and found["self"] == url
        if newer != own:
            assert found["next-archive"] == newer  # linked both ways
        else:
            assert "next-archive" not in found  # the newest archive
        ids += entry_ids(archive)
        newer, url = url, found.get("prev-archive")
    return ids


SITES = {"examples-site": EXAMPLE_SITE, "finews": CORPUS / "finews"}


@pytest.mark.parametrize("name", ["examples-site", pytest.param("finews", marks=pytest.mark.slow)])
@pytest.mark.parametrize("by", ["month", "year"])
def test_the_chain_from_each_subscription_feed_holds_every_post(name: str, by: str, tmp_path: Path) -> None:
    if not SITES[name].is_dir():
        pytest.skip(f"{name} is not beside this checkout")
    site = with_feed_options(shutil.copytree(SITES[name], tmp_path / "site"), archive_by=by)
    out = tmp_path / "out"
    build(site, out, "--limit", "3")
    loaded = newsfmt.load_site(site)
    config, articles = loaded.config, loaded.articles
    names = site_names(articles)
    scopes = [None, *sorted({c for a in articles for c in a.categories})]
    for category in scopes:
        for fmt, write in (("atom", newsfmt.to_atom), ("rss", newsfmt.to_rss)):
            subscription = out / feed_path(fmt, category=category, names=names, config=config)
            assert len(entry_ids(subscription)) <= 3
            everything = entry_ids_of(write(articles, config, category=category, limit=0))
            archived = chain(out, subscription, config.url)
            assert sorted(archived) == sorted(everything), (category, fmt)  # each post in exactly one archive
            assert set(entry_ids(subscription)) <= set(archived)
    assert not list(out.rglob("archive/*/feed.json"))  # JSON Feed has no archives


def entry_ids_of(data: bytes) -> list[str]:
    return [entry.id for entry in feedparser.parse(data).entries]


def test_an_archive_that_is_not_the_newest_never_changes(tmp_path: Path) -> None:
    site = with_feed_options(make_site(tmp_path / "site"), archive_by="month")
    out = tmp_path / "out"
    build(site, out, "--limit", "1")
    archives = sorted(out.rglob("archive/*/*.xml"))
    before = {path: path.read_bytes() for path in archives}
    last = {}  # per feed, its newest archive
    for path in archives:
        feed = (path.parent.parent, path.name)
        last[feed] = max(last.get(feed, path), path, key=lambda p: p.parent.name)
    newest = set(last.values())
    assert len(newest) < len(archives)
    # A post in the newest month, then one in a new month: the older archives stay byte for byte.
    post = "---\ntitle: {0}\ndate: 2024-0{1}-20 08:00:00 +0800\ncategories: [City, Economy]\n---\n<p>{0}</p>\n"
    (site / "_posts" / "2024-05-20-late-may.md").write_text(post.format("Late May", 5), encoding="utf-8")
    build(site, out, "--limit", "1")
    (site / "_posts" / "2024-06-20-june.md").write_text(post.format("June", 6), encoding="utf-8")
    build(site, out, "--limit", "1")
    for path, data in before.items():
        if path not in newest:
            assert path.read_bytes() == data, path
    for path in newest:  # the newest archive of each feed has gained its next one (May's or June's)
        assert links(path)["next-archive"].rsplit("/", 2)[-2] in ("2024-05", "2024-06"), path
    assert b"Late May" in (out / "archive/2024-05/feed.xml").read_bytes()
    assert (out / "archive/2024-06/feed.xml").is_file()


def test_the_documents_of_a_site_without_archives_are_its_feeds(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    loaded = newsfmt.load_site(site)
    documents = list(feed_documents(loaded.articles, loaded.config, names=site_names(loaded.articles), limit=2))
    assert all(document.archive is None for document in documents)
    assert len(documents) == 3 * 3  # the site and two categories, three formats each


def test_newsfmt_feed_writes_the_builds_subscription_feeds_with_their_archive_link(tmp_path: Path) -> None:
    site = with_feed_options(make_site(tmp_path / "site"), archive_by="year")
    out = tmp_path / "out"
    build(site, out, "--limit", "2")
    for relative, args in (("feed.xml", ["--format", "rss"]), ("categories/city/atom.xml", ["--category", "City"])):
        result = CliRunner().invoke(cli, ["feed", str(site), "--limit", "2", "--format", "atom", *args])
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == (out / relative).read_bytes(), relative
        assert links(out / relative)["prev-archive"].endswith("/archive/2024/" + relative.rsplit("/", 1)[-1])
