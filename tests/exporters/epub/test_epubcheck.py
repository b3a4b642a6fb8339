"""The W3C epubcheck finds no error and no warning in books from hostile posts, the example site and the corpus."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsfmt import load_site, to_epub
from newsfmt.model import Article, SiteConfig
from tests.conftest import CORPUS, EXAMPLE_SITE

from .conftest import EpubCheck
from .factory import ENGLISH_BODIES, HOSTILE_BODIES, PNG, article, make_site_folder, site

pytestmark = pytest.mark.slow

CORPUS_SITES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir()) if CORPUS.is_dir() else []


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


def _book_makers() -> dict[str, BookMaker]:
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

    makers: dict[str, BookMaker] = {
        "hostile": hostile,
        "hostile-english-vertical": hostile_english_vertical,
        "example-site": example,
        "example-site-vertical": example_vertical,
    }
    for name in CORPUS_SITES:

        def corpus(tmp: Path, name: str = name) -> bytes:
            articles, config = _site_book(CORPUS / name)
            return to_epub(articles, config, title=config.title or name, category=name, period="all")

        makers[f"corpus-{name}"] = corpus
    return makers


@pytest.fixture(scope="session")
def epubcheck_reports(tmp_path_factory: pytest.TempPathFactory, epubcheck: EpubCheck) -> dict[str, list[str]]:
    """Every book built once, then checked in parallel (epubcheck is a JVM start each time)."""
    books: dict[str, Path] = {}
    for name, make in _book_makers().items():
        folder = tmp_path_factory.mktemp(name)
        books[name] = folder / f"{name}.epub"
        books[name].write_bytes(make(folder))
    with ThreadPoolExecutor(max_workers=3) as pool:
        reports = dict(zip(books, pool.map(epubcheck, books.values()), strict=True))
    return reports


@pytest.mark.parametrize("book", ["hostile", "hostile-english-vertical", "example-site", "example-site-vertical"])
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
