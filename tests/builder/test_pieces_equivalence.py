"""The build writes feeds from entries rendered once (pieces) and books in workers: every feed and book it writes
is the same bytes as ``to_rss``/``to_atom``/``to_json_feed`` and ``to_epub`` give for the same articles."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

import newsfmt
from newsfmt.exporters.epub.plan import book_names, plan_books
from newsfmt.exporters.feeds.documents import feed_documents
from newsfmt.exporters.feeds.formats import feed_writer
from newsfmt.exporters.feeds.policy import resolve_limit
from newsfmt.output_names import site_names
from tests.conftest import CORPUS, EXAMPLE_SITE, corpus_path

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _corpus_sites() -> list[str]:
    if not CORPUS.is_dir():
        return ["absent"]
    sites = [p for p in sorted(CORPUS.iterdir()) if p.is_dir() and p.name != "realsites"]
    sites += sorted(p for p in (CORPUS / "realsites").iterdir() if p.is_dir())
    return [str(site.relative_to(CORPUS)) for site in sites]


def _expected(site: Path, feed_limit: int | None) -> dict[str, bytes]:
    """Every feed and book of the site, made by the library's functions from the articles it reads."""
    loaded = newsfmt.load_site(site, now=NOW)
    config, articles = loaded.config, loaded.articles
    options = config.options.build
    names = site_names(articles)
    limit = resolve_limit(feed_limit, config)
    expected: dict[str, bytes] = {}
    for document in feed_documents(articles, config, names=names, limit=limit, tags=options.tag_feeds):
        plan = document.plan
        expected[document.path] = feed_writer(document.fmt)(
            document.articles,
            config,
            category=plan.category,
            tag=plan.tag,
            author=plan.author,
            archive=document.archive,
            limit=0,
            content=options.feed_content,
            feed_url=document.self_url,
        )
    books = plan_books(
        articles,
        config,
        by=options.epub_by,
        max_articles=options.max_articles,
        names=book_names(articles, config),
    )
    for book in books:
        expected[f"epub/{book.file_name}"] = newsfmt.to_epub(
            book.articles,
            config,
            title=book.title,
            category=book.category,
            period=book.period,
            volume=book.volume,
            vertical=options.vertical,
            fetch_images=options.fetch_images,
        )
    return expected


def _outputs(out: Path) -> dict[str, bytes]:
    """The feeds and books in ``out``, without the pages that list them (index pages, the OPDS catalog and its
    covers)."""
    listing = {"index.html", "opds.xml", "opds", "covers", ".newsfmt-cache"}
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and not listing.intersection(path.relative_to(out).parts) and path.suffix != ".css"
    }


def _built(site: Path, out: Path, feed_limit: int | None) -> dict[str, bytes]:
    """The feeds and books of a build, made again from the cache's pieces (feed entries, book pages) by a second
    build once the first one's outputs are gone; both builds write the same bytes."""
    overrides = {"feed_limit": feed_limit, "only": ["feeds", "epub"]}
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    first = _outputs(out)
    for output in first:
        (out / output).unlink()
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    again = _outputs(out)
    assert again == first
    return again


def _assert_same(site: Path, tmp_path: Path, feed_limit: int | None) -> None:
    expected = _expected(site, feed_limit)
    built = _built(site, tmp_path / "out", feed_limit)
    assert sorted(built) == sorted(expected)
    different = [path for path in expected if built[path] != expected[path]]
    assert different == []


@pytest.mark.parametrize("feed_limit", [None, 0], ids=["site limit", "every post"])
def test_example_site_feeds_and_books_are_the_library_s(tmp_path: Path, feed_limit: int | None) -> None:
    """Entries rendered in the main process (a limit) or by the workers as they read (every post)."""
    _assert_same(EXAMPLE_SITE, tmp_path, feed_limit)


@pytest.mark.slow
@pytest.mark.parametrize("name", _corpus_sites())
def test_corpus_site_feeds_and_books_are_the_library_s(tmp_path: Path, name: str) -> None:
    site = corpus_path(*name.split("/"))
    _assert_same(site, tmp_path, 0)


@pytest.mark.parametrize("feed_limit", [None, 0], ids=["site limit", "every post"])
def test_archives_hub_and_author_feeds_are_the_library_s(tmp_path: Path, feed_limit: int | None) -> None:
    """Frames with RFC 5005 links, ``fh:archive``, a hub link and author feeds join the same entries."""
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    config = site / "_config.yml"
    text = config.read_text(encoding="utf-8").replace("newsfmt: {}", "")
    options = "newsfmt:\n  feeds:\n    archive_by: month\n    hub: https://hub.example.net/\n    authors: true\n"
    config.write_text(text + options, encoding="utf-8")
    _assert_same(site, tmp_path, feed_limit)
    archives = [path for path in (tmp_path / "out").rglob("*.xml") if b"<fh:archive" in path.read_bytes()]
    assert archives
