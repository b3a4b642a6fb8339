"""The W3C epubcheck finds no error and no warning in books from hostile posts, the example site and the corpus.

Every book ``newsfmt build`` writes for every corpus site (each site of ``realsites/`` on its own, with its own
config) is checked; all books go through one batch of epubcheck runs (a few Java processes in all).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from newsfmt import load_site, to_epub
from newsfmt.builder import BuildOptions, build_site
from newsfmt.model import Article, SiteConfig
from newsfmt.options import SiteOptions, parse_category_titles
from tests.conftest import CORPUS, EXAMPLE_SITE
from tests.support.epubcheck import epubcheck_books

from .conftest import EpubCheck
from .factory import ENGLISH_BODIES, HOSTILE_BODIES, PNG, article, make_site_folder, site

pytestmark = pytest.mark.slow

_SITES_OF_SITES = ("realsites",)
"""Corpus folders that hold sites, not a site: each site in them is checked on its own."""


def corpus_sites() -> list[str]:
    """Every site of the shared corpus, by its path below the corpus (``finews``, ``realsites/tuna``)."""
    if not CORPUS.is_dir():
        return []
    found: list[str] = []
    for path in sorted(CORPUS.iterdir()):
        if path.name in _SITES_OF_SITES:
            found.extend(f"{path.name}/{inner.name}" for inner in sorted(path.iterdir()) if inner.is_dir())
        elif path.is_dir():
            found.append(path.name)
    return found


CORPUS_SITES = corpus_sites()


def _hostile_articles() -> list[Article]:
    articles = [article(number, body) for number, body in enumerate(HOSTILE_BODIES)]
    articles += [
        article(20 + number, body, title=f"English {number}", lang="en", categories=("Money",))
        for number, body in enumerate(ENGLISH_BODIES)
    ]
    articles.append(article(40, "<p>无题</p>", title="  \x01 ", summary=""))
    return articles


def _site_book(root: Path, **options: object) -> tuple[list[Article], SiteConfig]:
    loaded = load_site(root)
    assert loaded.articles, f"{root} has no articles"
    return list(loaded.articles), loaded.config


BookMaker = Callable[[Path], bytes]


def _handmade_books() -> dict[str, BookMaker]:
    def hostile(tmp: Path) -> bytes:
        config = site(make_site_folder(tmp))
        return to_epub(_hostile_articles(), config, title="敌意 2021年", category="财经", period="2021")

    def hostile_english_vertical(tmp: Path) -> bytes:
        config = site(make_site_folder(tmp), lang="en")
        return to_epub(_hostile_articles(), config, title="Hostile", vertical=True, toc_by="none", cover=PNG)

    def example(tmp: Path) -> bytes:
        articles, config = _site_book(EXAMPLE_SITE)
        return to_epub(articles, config, title=config.title, period="all", toc_by="year")

    def example_vertical(tmp: Path) -> bytes:
        articles, config = _site_book(EXAMPLE_SITE)
        return to_epub(articles, config, title=config.title, category="城市", period="2025", vertical=True)

    def series_volume(tmp: Path) -> bytes:  # a display name, and a series position with decimals
        titles = parse_category_titles({"财经": {"title": "财经 & <市场>"}})
        config = replace(site(make_site_folder(tmp)), options=SiteOptions(category_titles=titles))
        return to_epub(_hostile_articles()[:3], config, title="财经", category="财经", period="2021-12", volume=2)

    return {
        "series-volume": series_volume,
        "hostile": hostile,
        "hostile-english-vertical": hostile_english_vertical,
        "example-site": example,
        "example-site-vertical": example_vertical,
    }


def _built_books(name: str, out: Path) -> list[Path]:
    """The books ``newsfmt build`` writes for the corpus site ``name``."""
    build_site(CORPUS / name, out, options=BuildOptions(only=frozenset({"epub"})))
    books = sorted((out / "epub").rglob("*.epub"))
    assert books, f"no book built for {name}"
    return books


@pytest.fixture(scope="session")
def epubcheck_reports(tmp_path_factory: pytest.TempPathFactory, epubcheck: EpubCheck) -> dict[str, list[str]]:
    """Every book built once, then checked in one batch: the messages of each handmade book by its name, and of
    each corpus site by ``corpus-<site>`` (all its books, each message naming its book)."""
    books: dict[str, list[Path]] = {}
    for name, make in _handmade_books().items():
        folder = tmp_path_factory.mktemp(name)
        (folder / f"{name}.epub").write_bytes(make(folder))
        books[name] = [folder / f"{name}.epub"]
    for name in CORPUS_SITES:
        books[f"corpus-{name}"] = _built_books(name, tmp_path_factory.mktemp(name.replace("/", "-")))
    checked = epubcheck_books([book for group in books.values() for book in group])
    return {
        name: [f"{book.name}: {message}" for book in group for message in checked[book]]
        for name, group in books.items()
    }


@pytest.mark.parametrize("book", sorted(_handmade_books()))
def test_handmade_and_example_books_are_clean(book: str, epubcheck_reports: dict[str, list[str]]) -> None:
    assert epubcheck_reports[book] == []


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_SITES or ["(absent)"])
def test_corpus_books_are_clean(name: str, epubcheck_reports: dict[str, list[str]]) -> None:
    if not CORPUS_SITES:
        pytest.skip("shared corpus not present")
    assert epubcheck_reports[f"corpus-{name}"] == []


def test_a_broken_book_is_reported(tmp_path: Path, epubcheck: EpubCheck) -> None:
    """The checker itself must be able to fail: a book whose mimetype is compressed and whose nav is gone."""
    good = to_epub([article(1, "<p>一</p>")], site(), title="坏书")
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if not info.filename.endswith("nav.xhtml"):
                target.writestr(info.filename, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    messages = epubcheck(broken)
    assert any(message.startswith(("ERROR", "FATAL")) for message in messages), messages
    assert any("nav.xhtml" in message for message in messages), messages


def test_a_batch_reports_each_book_on_its_own(tmp_path: Path, epubcheck: EpubCheck) -> None:
    """Books checked in one batch get their own reports: a broken book among good ones is the one reported."""
    good = [tmp_path / f"good-{number}.epub" for number in range(2)]
    for number, path in enumerate(good):
        path.write_bytes(to_epub([article(number, "<p>一</p>")], site(), title=f"好书 {number}"))
    broken = tmp_path / "broken.epub"
    broken.write_bytes(b"PK not a zip")
    reports = epubcheck_books([good[0], broken, *good[1:]])
    assert [reports[path] for path in good] == [[], []]
    assert reports[broken] and reports[broken][0].startswith(("ERROR", "FATAL")), reports[broken]
