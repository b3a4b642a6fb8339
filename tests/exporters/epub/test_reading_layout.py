"""Books as readers expect them: the landmarks are no page, lines hyphenate, briefs share pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newsfmt import to_epub
from newsfmt.exporters.epub.briefs import BRIEF_CHARS, BRIEFS_PER_PAGE, MIN_BRIEFS
from newsfmt.model import Article
from tests.support.epubcheck import epubcheck_available, epubcheck_books

from .factory import CST, article, site
from .test_book import NS, Book


def _brief(number: int, text: str = "央行维持利率不变。") -> Article:
    when = datetime(2021, 1 + number // 28 % 12, 1 + number % 28, 9, 0, tzinfo=CST)
    return article(number, f"<p>{text}</p>", title=f"简讯{number}", date=when, text=text)


def _book(articles: list[Article], **options: object) -> Book:
    return Book(to_epub(articles, site(), title="简讯 2021", category="简讯", period="2021", **options))  # type: ignore[arg-type]


def test_the_landmarks_are_hidden_and_the_contents_shown() -> None:
    book = _book([_brief(1), _brief(2)])
    landmarks = book.find(".//x:nav[@epub:type='landmarks']", book.nav)
    toc = book.find(".//x:nav[@epub:type='toc']", book.nav)
    assert landmarks.get("hidden") == "" and toc.get("hidden") is None
    assert [a.get("href") for a in landmarks.iterfind(".//x:a", NS)] == [
        "cover.xhtml",
        "nav.xhtml",
        "text/c00001.xhtml",
    ]
    assert "nav.xhtml" in book.spine_files()  # the contents stay a page of the book


def test_the_style_hyphenates_prose_in_the_page_language() -> None:
    english = _book([article(1, "<p>Extraordinarily long words.</p>", lang="en", text="x")])
    css = english.zip.read("EPUB/style/book.css").decode()
    body_rule = css.split("body {", 1)[1].split("}", 1)[0]
    assert "hyphens: auto;" in body_rule and "-epub-hyphens: auto;" in body_rule
    assert english.xml("EPUB/text/c00001.xhtml").get("lang") == "en"  # what the reading system hyphenates by


def test_a_book_of_briefs_puts_several_on_a_page() -> None:
    count = BRIEFS_PER_PAGE + 3
    book = _book([_brief(n) for n in range(count)])
    pages = [name for name in book.spine_files() if name.startswith("text/")]
    assert pages == ["text/c00001.xhtml", "text/c00002.xhtml"]
    sections = [
        section for name in pages for section in book.xml(f"EPUB/{name}").iterfind(".//x:section[@class='brief']", NS)
    ]
    assert [s.findtext("x:h2", namespaces=NS) for s in sections] == [f"简讯{n}" for n in range(count)]
    links = [a.get("href") for a in book.nav.iterfind(".//x:nav[@epub:type='toc']//x:a", NS)]
    assert links[0] == "text/c00001.xhtml#a00001" and links[-1] == f"text/c00002.xhtml#a{count:05d}"
    for link in links:  # every entry of the contents lands on its article
        name, anchor = link.split("#")
        assert book.xml(f"EPUB/{name}").find(f".//x:section[@id='{anchor}']", NS) is not None
    ncx = [c.get("src") for c in book.ncx.iterfind(".//ncx:content", NS)]
    assert set(ncx) == set(links)  # the month groups point at their first article


def test_a_long_article_or_a_picture_keeps_one_article_per_page() -> None:
    briefs = [_brief(n) for n in range(MIN_BRIEFS)]
    long_one = _brief(99, "长" * (BRIEF_CHARS + 1))
    pictured = article(98, '<p>图<img src="https://example.org/a.png" alt="a"/></p>', text="图")
    for extra in (long_one, pictured):
        pages = [n for n in _book([*briefs, extra]).spine_files() if n.startswith("text/")]
        assert len(pages) == MIN_BRIEFS + 1
    too_few = [n for n in _book(briefs[:-1]).spine_files() if n.startswith("text/")]
    assert len(too_few) == MIN_BRIEFS - 1


@pytest.mark.slow
@pytest.mark.skipif(not epubcheck_available(), reason="epubcheck (Java) is not available")
def test_compact_and_english_books_pass_epubcheck(tmp_path: Path) -> None:
    compact = tmp_path / "briefs.epub"
    compact.write_bytes(to_epub([_brief(n) for n in range(30)], site(), title="简讯", category="简讯", period="2021"))
    english = tmp_path / "english.epub"
    english.write_bytes(
        to_epub([article(n, "<p>A paragraph long enough.</p>" * 20, lang="en") for n in range(3)], site(), title="E")
    )
    assert epubcheck_books([compact, english]) == {compact: [], english: []}
