"""newsfmt build: every output of a site, reproducible, incremental, atomic and confined to OUT."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree

import newsfmt
from newsfmt.builder import BuildOptions, build_site
from newsfmt.cli import cli
from tests.conftest import CORPUS, EXAMPLE_HELD_BACK, EXAMPLE_SITE
from tests.support.epubcheck import epubcheck_available, epubcheck_books

CACHE = ".newsfmt-cache"


def tree(root: Path) -> dict[str, str]:
    """Every output file below root (the cache left out) and its digest."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and CACHE not in p.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-build") / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_SITE), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("newsfmt: built ")
    return out


def test_layout_of_the_example_build(example_out: Path) -> None:
    # The example site uses jekyll-feed: Atom where jekyll-feed writes it (feed.xml, feed/<category>.xml), RSS at
    # rss.xml.
    site = newsfmt.load_site(EXAMPLE_SITE)
    for name in ("feed.xml", "rss.xml", "feed.json"):
        assert (example_out / name).is_file()
    assert not (example_out / "atom.xml").exists()
    categories = {c for a in site.articles for c in a.categories}
    category_folders = [p for p in (example_out / "categories").iterdir() if p.is_dir()]
    assert len(category_folders) == len({newsfmt.paths.slugify_for_path(c) for c in categories})
    for folder in category_folders:
        assert sorted(p.name for p in folder.iterdir()) == ["feed.json", "index.html", "rss.xml"]
    assert sorted(p.name for p in (example_out / "feed").iterdir()) == sorted(f"{c}.xml" for c in categories)
    texts = list((example_out / "text").rglob("*.txt"))
    assert len(texts) == len(site.articles)
    books = list((example_out / "epub").glob("*.epub"))
    assert books
    assert not list(example_out.rglob("*.tmp"))


def test_every_feed_parses(example_out: Path) -> None:
    site = newsfmt.load_site(EXAMPLE_SITE)
    limit = site.config.feed.posts_limit or 50
    feeds = [p for p in example_out.rglob("*.xml") if not p.relative_to(example_out).as_posix().startswith("opds")]
    for path in sorted(feeds):  # the OPDS catalog, opds.xml and opds/, lists books: tests/test_site_pages.py
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith("https://news.example.org/"), (path, entry.link)
    site_feed = feedparser.parse((example_out / "feed.xml").read_bytes())
    assert len(site_feed.entries) == min(limit, len(site.articles))
    for path in sorted(example_out.rglob("feed.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["items"]


def test_texts_hold_each_article(example_out: Path) -> None:
    site = newsfmt.load_site(EXAMPLE_SITE)
    texts = {p.read_text(encoding="utf-8") for p in (example_out / "text").rglob("*.txt")}
    for article in site.articles:
        assert any(text.startswith(article.title) for text in texts if article.title), article.title


@pytest.mark.slow
@pytest.mark.skipif(not epubcheck_available(), reason="epubcheck (Java) is not available")
def test_books_pass_epubcheck(example_out: Path) -> None:
    # The largest Chinese and the largest English book; tests/exporters/epub checks every book of the example site.
    books = sorted((example_out / "epub").glob("*.epub"), key=lambda p: p.stat().st_size, reverse=True)
    chosen = [next(b for b in books if not b.stem.isascii()), next(b for b in books if b.stem.isascii())]
    assert epubcheck_books(chosen) == {book: [] for book in chosen}


def test_two_builds_give_identical_trees(tmp_path: Path, example_out: Path) -> None:
    again = tmp_path / "again"
    build_site(EXAMPLE_SITE, again)
    assert tree(again) == tree(example_out)


def test_sources_are_not_modified(tmp_path: Path) -> None:
    before = tree(EXAMPLE_SITE)
    build_site(EXAMPLE_SITE, tmp_path / "out", options=BuildOptions(drafts=True, future=True))
    assert tree(EXAMPLE_SITE) == before


def _copy_site(tmp_path: Path) -> Path:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    return site


def test_a_post_held_back_from_the_cache_is_published_when_due(tmp_path: Path) -> None:
    """Whether a post is published is decided on every build, also for a post the cache gives back."""
    from datetime import UTC, datetime

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\nurl: https://example.com\n", encoding="utf-8")
    (site / "_posts" / "2030-01-01-later.md").write_text("---\ntitle: Later\n---\nSoon.\n", encoding="utf-8")
    (site / "_posts" / "2020-01-01-now.md").write_text("---\ntitle: Now\n---\nToday.\n", encoding="utf-8")
    out = tmp_path / "out"
    before_the_date = datetime(2025, 1, 1, tzinfo=UTC)
    assert build_site(site, out, now=before_the_date).articles == 1
    future = build_site(site, out, options=BuildOptions(future=True), now=before_the_date)
    assert (future.reread, future.articles) == (1, 2)  # nothing of a held-back post was cached
    after_the_date = build_site(site, out, now=datetime(2031, 1, 1, tzinfo=UTC))
    assert (after_the_date.reread, after_the_date.articles) == (0, 2)
    assert "Later" in (out / "feed.xml").read_text(encoding="utf-8")
    again = build_site(site, out, now=before_the_date)
    assert (again.reread, again.articles) == (0, 1)
    assert not list((out / "text").rglob("*later*"))


def test_incremental_rebuild_touches_only_what_changed(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    out = tmp_path / "out"
    first = build_site(site, out)
    before = tree(out)
    again = build_site(site, out)
    assert again.reread == 0  # nothing changed: told by the stamp, not even the held-back posts are read
    assert sum(again.written.values()) == 0
    assert again.unchanged == {kind: first.written[kind] + first.unchanged[kind] for kind in first.written}
    assert (again.articles, again.problems) == (first.articles, first.problems)
    assert tree(out) == before

    post = site / "_posts" / "2024-06-01-night-shift-bakers.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more paragraph, added later.\n", encoding="utf-8")
    third = build_site(site, out)
    assert third.reread == 1 + EXAMPLE_HELD_BACK
    after = tree(out)
    changed = {path for path in after if after[path] != before.get(path)}
    article = newsfmt.load_post(post, newsfmt.load_config(site))
    assert any(path.startswith("text/") for path in changed)
    assert len([p for p in changed if p.startswith("text/")]) == 1
    assert len([p for p in changed if p.startswith("epub/")]) == len(article.categories)
    assert all(
        any(newsfmt.paths.slugify_for_path(c) in p for c in article.categories) or "/" not in p
        for p in changed
        if p.startswith("categories/") or "/" not in p
    )
    assert third.written["text"] == 1
    listing = {p for p in changed if p.endswith("index.html") or p.startswith(("opds", "covers/"))}
    assert sum(third.written.values()) == len(changed - listing)  # the pages that list outputs are not counted
    assert first.articles == third.articles


def test_a_second_build_into_the_same_output_is_refused_while_one_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    site, out = _copy_site(tmp_path), tmp_path / "out"
    build_site(site, out)
    hold = "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held'); input()"
    command = [sys.executable, "-u", "-c", hold, str(out / CACHE / "build.lock")]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as holder:  # as a running build
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        before = tree(out)
        with pytest.raises(newsfmt.OutputError, match="another newsfmt build"):
            build_site(site, out)
        result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out)])
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "another newsfmt build" in result.stderr
        assert tree(out) == before
        holder.communicate(b"\n", timeout=30)
    assert build_site(site, out).reread == 0  # the lock goes with the process that held it


def test_the_build_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    build_site(EXAMPLE_SITE, tmp_path / "out")
    assert gc.get_freeze_count() == 0  # the index frozen during the build is handed back to the collector
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        build_site(EXAMPLE_SITE, tmp_path / "out")
        assert gc.get_freeze_count() >= frozen  # a caller's own freeze is left alone
    finally:
        gc.unfreeze()


def test_a_file_too_large_to_be_a_post_is_one_problem(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    huge = site / "_posts" / "2024-01-01-huge.md"
    with huge.open("wb") as stream:  # sparse: 65 MB on paper, nothing on disk
        stream.truncate(65 * 2**20)
    report = build_site(site, tmp_path / "out")
    assert [(p.path, p.message) for p in report.problems if p.severity == "error"] == [
        (huge, "larger than 64 MB; not a post")
    ]
    assert report.articles == len(newsfmt.load_site(EXAMPLE_SITE).articles)
    assert newsfmt.load_site(site).problems == tuple(p for p in report.problems if p.path == huge)


def test_two_files_with_the_same_bytes_are_two_articles(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Twins\nurl: https://example.org\n", encoding="utf-8")
    post = "---\ntitle: Same words\n---\nThe same body, filed twice.\n"
    for name in ("2021-01-01-first.md", "2021-02-02-second.md"):
        (site / "_posts" / name).write_text(post, encoding="utf-8")
    for _ in range(2):  # the second build takes both from the cache
        build_site(site, tmp_path / "out")
        feed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
        links = sorted(entry.link for entry in feed.entries)
        assert links == ["https://example.org/2021/01/01/first.html", "https://example.org/2021/02/02/second.html"]


@pytest.mark.parametrize("damage", ["garbage", "empty", "deleted"])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    site = _copy_site(tmp_path)
    out = tmp_path / "out"
    first = build_site(site, out)
    before = tree(out)
    database = out / CACHE / "cache.sqlite3"
    assert database.is_file()
    for leftover in (out / CACHE).glob("cache.sqlite3-*"):
        leftover.unlink()
    if damage == "garbage":
        database.write_bytes(b"not a database, just bytes" * 100)
    elif damage == "empty":
        database.write_bytes(b"")
    else:
        database.unlink()
    again = build_site(site, out)
    assert again.reread == first.reread
    assert tree(out) == before
    assert build_site(site, out).reread == 0


def test_removed_post_removes_its_outputs(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    out = tmp_path / "out"
    build_site(site, out)
    texts_before = set((out / "text").rglob("*.txt"))
    (site / "_posts" / "2024-06-01-night-shift-bakers.md").unlink()
    report = build_site(site, out)
    assert report.removed >= 1
    assert len(set((out / "text").rglob("*.txt"))) == len(texts_before) - 1


def test_only_keeps_other_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(EXAMPLE_SITE, out)
    books = tree(out / "epub")
    report = build_site(EXAMPLE_SITE, out, options=BuildOptions(only=frozenset({"feeds"}), feed_limit=3))
    assert report.written["feeds"] > 0
    assert tree(out / "epub") == books


def _hostile_site(root: Path) -> Path:
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text("title: ../../evil\nurl: https://h.example\ntimezone: UTC\n", encoding="utf-8")
    (posts / "2021-01-01-ok.md").write_text("---\ntitle: fine\ncategories: [../../x]\n---\nok\n", encoding="utf-8")
    (posts / "2021-01-02-..%2f..%2fetc.md").write_text(
        "---\ntitle: slugs\nslug: ../../../etc/passwd\ncategories: '..'\n---\nok\n", encoding="utf-8"
    )
    (posts / "2021-01-03-leave.md").write_text(
        "---\ntitle: permalink\npermalink: /../../../../tmp/escape/\ntags: [../t, /abs]\n---\nx\n", encoding="utf-8"
    )
    (posts / "2021-01-04-bad.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    return root


def test_hostile_site_writes_nothing_outside_out(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    parent = tmp_path / "box"
    out = parent / "out"
    out.mkdir(parents=True)
    report = build_site(site, out, options=BuildOptions(tag_feeds=True))
    assert report.skipped == 1
    assert sorted(p.name for p in parent.iterdir()) == ["out"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "site"]
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())


def test_strict_build_writes_nothing(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_problems_are_reported_and_the_build_goes_on(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert any("2021-01-04-bad.md:" in line and "error" in line for line in lines)
    assert lines[-1].startswith("newsfmt: built ") and "skipped 1 post in" in lines[-1]


def test_options_from_the_config_and_flags(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    config = site / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("newsfmt: {}", "newsfmt:\n  build:\n    only: feeds\n"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(out)]).exit_code == 0
    assert (out / "feed.xml").is_file() and not (out / "epub").exists()
    assert CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--only", "text"]).exit_code == 0
    assert (out / "text").is_dir()
    config.write_text("newsfmt:\n  build:\n    nonsense: 1\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["build", str(site), "-o", str(out)])
    assert bad.exit_code == 1 and "unknown build option 'nonsense'" in bad.stderr


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["finews", "blog-brobertsaz", "hugo-spf13", "jekyll-feed-fixtures", "jekyll-fixtures"])
def test_corpus_sites_build(name: str, tmp_path: Path) -> None:
    root = CORPUS / name
    if not root.is_dir():
        pytest.skip("shared corpus not present")
    before = tree(root)
    out = tmp_path / "out"
    report = build_site(root, out, options=BuildOptions(only=frozenset({"feeds", "text"})))
    assert tree(root) == before
    assert report.articles > 0
    feeds = sorted(out.rglob("*.xml"))
    assert feeds
    for path in feeds:
        etree.parse(str(path))  # well-formed
        assert not feedparser.parse(path.read_bytes()).bozo, path
    assert len(list((out / "text").rglob("*.txt"))) == report.articles


def test_books_are_valid_zips(example_out: Path) -> None:
    books = sorted((example_out / "epub").glob("*.epub"))
    assert books  # an empty folder must not pass
    for book in books:
        with zipfile.ZipFile(book) as archive:
            assert archive.testzip() is None
            assert archive.namelist()[0] == "mimetype"


def test_bad_output_and_usage_are_one_line_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(EXAMPLE_SITE), "-o", str(blocker)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"newsfmt: {blocker}: cannot write: this is a file, and the build needs a folder"
    usage = runner.invoke(cli, ["build", str(EXAMPLE_SITE), "-o", str(tmp_path / "out"), "--only", "feeds,pdf"])
    assert usage.exit_code == 2 and "--only" in usage.stderr
    inside_site = runner.invoke(cli, ["build", str(EXAMPLE_SITE), "-o", str(EXAMPLE_SITE.parent)])
    assert inside_site.exit_code == 1 and "must not contain the site" in inside_site.stderr


def test_a_folder_without_posts_writes_nothing_unless_asked(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(newsfmt.OutputError, match="no posts found"):
        build_site(empty, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["build", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "--allow-shrink" in result.stderr
    report = build_site(empty, tmp_path / "out", overrides={"allow_shrink": True})
    assert report.articles == 0 and (tmp_path / "out" / "feed.xml").is_file()


def test_a_site_that_lost_most_posts_is_not_built_unless_asked(tmp_path: Path) -> None:
    site, out = _copy_site(tmp_path), tmp_path / "out"
    build_site(site, out)
    before = tree(out)
    posts = sorted((site / "_posts").iterdir())
    for post in posts[5:]:  # a checkout left half done
        post.unlink()
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out)])
    assert result.exit_code == 1 and "where the last build into this folder read" in result.stderr
    assert tree(out) == before
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--allow-shrink"])
    assert result.exit_code == 0, result.stderr
    assert len(list((out / "text").rglob("*.txt"))) < len([p for p in before if p.startswith("text/")])


def test_only_the_builds_own_temporary_files_are_cleared(tmp_path: Path) -> None:
    site, out = _copy_site(tmp_path), tmp_path / "out"
    build_site(site, out)
    leftover = out / "text" / ".a-post.txt.4242-7.tmp"  # what a killed build leaves
    mine = out / ".notes.tmp"  # a user's file that merely looks temporary
    leftover.write_text("half", encoding="utf-8")
    mine.write_text("keep me", encoding="utf-8")
    build_site(site, out)
    assert not leftover.exists()
    assert mine.read_text(encoding="utf-8") == "keep me"


def test_the_lock_belongs_to_the_output_folder_not_the_cache(tmp_path: Path) -> None:
    import subprocess
    import sys

    site, out, elsewhere = _copy_site(tmp_path), tmp_path / "out", {"cache_dir": str(tmp_path / "elsewhere")}
    hold = (
        "import sys, pathlib; from newsfmt.builder.lock import OutputLock; "
        "OutputLock(pathlib.Path(sys.argv[1])).acquire(); print('held'); input()"
    )
    with subprocess.Popen(
        [sys.executable, "-u", "-c", hold, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(newsfmt.OutputError, match="another newsfmt build"):
            build_site(site, out, overrides=elsewhere)  # another cache, the same output folder
        holder.communicate(b"\n", timeout=30)
    build_site(site, out, overrides=elsewhere)
    assert (tmp_path / "elsewhere").is_dir()


def test_output_inside_the_site_is_never_read_back(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    out = site / "_site"  # where Jekyll users keep their output
    first = build_site(site, out)
    second = build_site(site, out)
    assert second.articles == first.articles and second.reread == 0
    folder_site = tmp_path / "plain"
    (folder_site / "posts").mkdir(parents=True)
    (folder_site / "posts" / "one.md").write_text("---\ntitle: One\ndate: 2024-01-02\n---\nBody.\n", encoding="utf-8")
    build_site(folder_site, folder_site / "out")
    page = "---\ntitle: Index\ndate: 2024-01-03\n---\n<p>Every feed</p>\n"
    (folder_site / "out" / "index.html").write_text(page, encoding="utf-8")  # a page kept with the outputs
    assert build_site(folder_site, folder_site / "out").articles == 1  # nothing in OUT is read as a post


def test_output_inside_a_posts_folder_is_refused(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    with pytest.raises(newsfmt.OutputError, match="inside a folder posts are read from"):
        build_site(site, site / "_posts" / "out")
    assert not (site / "_posts" / "out").exists()


def test_a_build_in_a_new_process_reuses_the_cache(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    site, out = _copy_site(tmp_path), tmp_path / "out"
    config = site / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("newsfmt: {}", "newsfmt:\n  build:\n    only: [feeds, text]\n"),
        encoding="utf-8",
    )
    lines = []
    for seed in ("1", "3"):  # each process orders sets its own way (these two differently)
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(out)]
        result = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
        lines.append(result.stderr.strip().splitlines()[-1])
    assert "(0 written," in lines[1], lines
