"""The build writes feeds from entries rendered once (pieces) and books in workers: every feed and book it writes
is the same bytes as ``to_rss``/``to_atom``/``to_json_feed`` and ``to_epub`` give for the same articles."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


def _news_site(root: Path) -> Path:
    """A site with a book of briefs (60 one-line posts: three pages of briefs) and a book of longer articles."""
    site = root / "site"
    posts = site / "_posts"
    posts.mkdir(parents=True)
    (site / "_config.yml").write_text(
        "title: 快讯台\nurl: https://briefs.example.org\nlang: zh-CN\ntimezone: Asia/Shanghai\n", encoding="utf-8"
    )
    for number in range(60):
        day = f"2021-{number // 28 + 1:02d}-{number % 28 + 1:02d}"
        front = f"---\ntitle: 快讯{number}\ndate: {day} 08:00:00 +0800\ncategories: kuaixun\n---\n"
        body = f"央行第{number}次维持利率不变。\n"
        (posts / f"{day}-brief-{number:02d}.md").write_text(front + body, encoding="utf-8")
    for number in range(6):
        day = f"2021-03-{number + 1:02d}"
        front = f"---\ntitle: 长文{number}\ndate: {day} 09:00:00 +0800\ncategories: changwen\n---\n"
        picture = "![现场](/assets/scene.png)\n\n" if number == 4 else ""
        (posts / f"{day}-long-{number}.md").write_text(front + picture + "长篇报道。" * 80 + "\n", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "scene.png").write_bytes(_PNG)
    return site


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _pages_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the content documents the books make (not those they take from the cache), by kind."""
    import newsfmt.exporters.epub.book as book

    made: list[str] = []

    def counting(name: str) -> Callable[..., bytes]:
        real = getattr(book, name)

        def counted(*args: Any, **kwargs: Any) -> bytes:
            made.append(name)
            return bytes(real(*args, **kwargs))

        return counted

    for name in ("article_page", "briefs_page"):
        monkeypatch.setattr(book, name, counting(name))
    return made


def test_books_rebuilt_after_an_edit_remake_one_page_and_stay_the_library_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one brief and one long article are edited, the build makes again only the page of briefs holding the
    brief and the long article's page (the others come from the cache, the one showing a picture too, their
    articles not loaded in full), and its books are still what ``to_epub`` gives."""
    site, out = _news_site(tmp_path), tmp_path / "out"
    overrides = {"only": ["epub"], "jobs": 1}
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    for path in (site / "_posts").glob("*-brief-31.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("不变", "不变，市场平稳"), encoding="utf-8")
    for path in (site / "_posts").glob("*-long-2.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\n补充报道。\n", encoding="utf-8")
    made = _pages_made(monkeypatch)
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    assert sorted(made) == ["article_page", "briefs_page"]
    expected = {path: data for path, data in _expected(site, None).items() if path.startswith("epub/")}
    assert sorted(expected) == ["epub/changwen-2021.epub", "epub/kuaixun-2021.epub"]
    for path, data in expected.items():
        assert (out / path).read_bytes() == data
    with zipfile.ZipFile(out / "epub/kuaixun-2021.epub") as book:
        pages = [name for name in book.namelist() if name.startswith("EPUB/text/")]
        assert len(pages) == 3
        assert "市场平稳" in book.read("EPUB/text/c00002.xhtml").decode()
    with zipfile.ZipFile(out / "epub/changwen-2021.epub") as book:
        pictures = [name for name in book.namelist() if name.endswith(".png")]
        assert len(pictures) == 1
        assert pictures[0].removeprefix("EPUB/") in book.read("EPUB/text/c00005.xhtml").decode()


def test_kept_pages_that_do_not_read_back_are_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept page the cache holds damaged (not what this version stores) is made again, never put in a book."""
    site, out = _news_site(tmp_path), tmp_path / "out"
    overrides = {"only": ["epub"], "jobs": 1}
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    with sqlite3.connect(out / ".newsfmt-cache" / "cache.sqlite3") as db:
        damaged = db.execute(
            "UPDATE pieces SET piece = CAST('[1, 2]' || x'0a' || 'x' AS BLOB) WHERE kind LIKE 'xhtml-%'"
        )
        assert damaged.rowcount == 6
        db.execute("UPDATE pieces SET piece = CAST('{' || x'0a' || 'x' AS BLOB) WHERE kind LIKE 'briefs-%'")
    db.close()
    for path in (site / "_posts").glob("*-long-2.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\n补充报道。\n", encoding="utf-8")
    for path in (site / "_posts").glob("*-brief-31.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    made = _pages_made(monkeypatch)
    newsfmt.build_site(site, out, now=NOW, overrides=overrides)
    assert sorted(made) == ["article_page"] * 6 + ["briefs_page"] * 3
    for path, data in _expected(site, None).items():
        if path.startswith("epub/"):
            assert (out / path).read_bytes() == data
