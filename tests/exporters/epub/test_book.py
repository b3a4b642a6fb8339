"""to_epub: the book's container, metadata, navigation, chapters and pictures, read back from the bytes."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from newsfmt import ConfigError, ExportError, MissingExtraError, to_epub, write_epub
from newsfmt.model import Article, Author

from .factory import CST, GIF, PNG, article, site

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
}
TOC_GROUPS = ".//x:nav[@epub:type='toc']/x:ol/x:li/x:span"


class Book:
    """An EPUB read back: its zip entries and parsed documents."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.opf = self.xml("EPUB/content.opf")
        self.nav = self.xml("EPUB/nav.xhtml")
        self.ncx = self.xml("EPUB/toc.ncx")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def find(self, path: str, root: etree._Element | None = None) -> etree._Element:
        found = (self.opf if root is None else root).find(path, NS)
        assert found is not None, path
        return found

    def meta(self, name: str) -> list[str]:
        return [str(element.text) for element in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def spine_files(self) -> list[str]:
        hrefs = {item.get("id"): item.get("href") for item in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [str(hrefs[ref.get("idref")]) for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]


def three_articles() -> list[Article]:
    return [
        article(3, "<p>十二月</p>", title="年终", date=datetime(2021, 12, 31, 23, 30, tzinfo=CST)),
        article(
            1, '<p>十一月<img src="/assets/dot.png" alt="点"></p>', title="入冬", date=datetime(2021, 11, 2, tzinfo=CST)
        ),
        article(
            2,
            '<p><img src="https://news.example.org/assets/dot.png"><img src="/assets/dot.gif" alt="动图"></p>',
            title="立冬",
            date=datetime(2021, 11, 7, tzinfo=CST),
            updated=datetime(2022, 1, 5, 9, 0, tzinfo=CST),
            authors=(Author("甲"), Author("乙")),
            source_name="某日报",
            source_url="https://paper.example.com/a?id=1&p=2",
        ),
    ]


def make_book(site_root: Path, articles: list[Article] | None = None, **options: object) -> bytes:
    values: dict[str, object] = {"title": "财经 2021年", "category": "财经", "period": "2021", **options}
    return to_epub(three_articles() if articles is None else articles, site(site_root), **values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def book_bytes(site_root: Path) -> bytes:
    return make_book(site_root)


def test_same_input_same_bytes(site_root: Path, book_bytes: bytes) -> None:
    assert make_book(site_root, list(reversed(three_articles()))) == book_bytes


def test_container_mimetype_first_and_stored_with_fixed_times(book_bytes: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(book_bytes))
    infos = archive.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert book_bytes[30:38] == b"mimetype"  # the name right after the first local header, as OCF requires
    # the newest article (updated 2022-01-05 09:00 +08:00), in UTC
    assert {info.date_time for info in infos} == {(2022, 1, 5, 1, 0, 0)}
    assert all(info.filename.isascii() for info in infos)


def test_source_date_epoch_sets_the_zip_times_only(
    site_root: Path, book_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = make_book(site_root)
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert Book(data).zip.read("EPUB/content.opf") == Book(book_bytes).zip.read("EPUB/content.opf")
    explicit = make_book(site_root, source_date_epoch=datetime(2000, 1, 1, tzinfo=UTC))
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(explicit)).infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_package_metadata(book_bytes: bytes, site_root: Path) -> None:
    book = Book(book_bytes)
    assert book.meta("title") == ["财经 2021年"]
    assert book.meta("language") == ["zh-CN"]
    assert book.meta("creator") == ["编辑部"]
    assert book.meta("publisher") == ["临江测试报"]
    assert book.meta("subject") == ["财经"]
    assert book.meta("date") == ["2022-01-05T01:00:00Z"]
    modified = book.opf.findall("opf:metadata/opf:meta[@property='dcterms:modified']", NS)
    assert [element.text for element in modified] == ["2022-01-05T01:00:00Z"]
    (identifier,) = book.meta("identifier")
    assert identifier.startswith("urn:uuid:")
    assert book.opf.get("unique-identifier") == book.find("opf:metadata/dc:identifier").get("id")
    assert book.find("ncx:head/ncx:meta[@name='dtb:uid']", book.ncx).get("content") == identifier
    # the identifier depends on the site, category, period and volume, nothing else
    assert Book(make_book(site_root, [article(9, "<p>x</p>")], title="另一个书名")).meta("identifier") == [identifier]
    for options in ({"period": "2022"}, {"category": "科技"}, {"volume": 2}):
        assert Book(make_book(site_root, [article(9, "<p>x</p>")], **options)).meta("identifier") != [identifier]
    other_site = to_epub(
        [article(9, "<p>x</p>")], site(site_root, url="https://b.example"), title="书", category="财经"
    )
    assert Book(other_site).meta("identifier") != [identifier]


def test_spine_nav_and_ncx_group_chapters_by_month_in_date_order(book_bytes: bytes) -> None:
    book = Book(book_bytes)
    chapters = ["text/c00001.xhtml", "text/c00002.xhtml", "text/c00003.xhtml"]
    assert book.spine_files() == ["cover.xhtml", "title.xhtml", "nav.xhtml", *chapters]
    toc = book.find(".//x:nav[@epub:type='toc']/x:ol", book.nav)
    groups = [
        (
            group.findtext("x:span", namespaces=NS),
            [(a.text, a.get("href")) for a in group.iterfind("x:ol/x:li/x:a", NS)],
        )
        for group in toc.iterfind("x:li", NS)
    ]
    assert groups == [
        ("2021年11月", [("入冬", chapters[0]), ("立冬", chapters[1])]),
        ("2021年12月", [("年终", chapters[2])]),
    ]
    points = book.ncx.findall("ncx:navMap/ncx:navPoint", NS)
    assert [point.findtext("ncx:navLabel/ncx:text", namespaces=NS) for point in points] == ["2021年11月", "2021年12月"]
    sources = [
        [book.find("ncx:content", child).get("src") for child in point.iterfind("ncx:navPoint", NS)] for point in points
    ]
    assert sources == [chapters[:2], chapters[2:]]
    titles = [book.xml(f"EPUB/{name}").findtext(".//x:h1", namespaces=NS) for name in chapters]
    assert titles == ["入冬", "立冬", "年终"]


def test_chapter_shows_date_authors_source_and_body(book_bytes: bytes) -> None:
    book = Book(book_bytes)
    chapter = book.xml("EPUB/text/c00002.xhtml")
    assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert chapter.findtext(".//x:p[@class='meta']", namespaces=NS) == "2021年11月7日 00:00 · 甲, 乙"
    source = book.find(".//x:p[@class='source']", chapter)
    assert source.text == "来源："
    assert [(a.text, a.get("href")) for a in source.iterfind("x:a", NS)] == [
        ("某日报", "https://paper.example.com/a?id=1&p=2")
    ]
    assert book.find(".//x:section", chapter).get(f"{{{NS['epub']}}}type") == "chapter"


def test_each_image_embedded_once_with_its_type_and_referenced(book_bytes: bytes) -> None:
    book = Book(book_bytes)
    manifest = {
        str(item.get("href")): str(item.get("media-type"))
        for item in book.opf.iterfind("opf:manifest/opf:item", NS)
        if str(item.get("href")).startswith("images/") and item.get("properties") != "cover-image"
    }
    assert sorted(manifest.values()) == ["image/gif", "image/png"]
    references: dict[str, int] = {}
    for name in book.zip.namelist():
        if name.startswith("EPUB/text/"):
            for image in book.xml(name).iterfind(".//x:img", NS):
                target = str(image.get("src")).removeprefix("../")
                references[target] = references.get(target, 0) + 1
    assert set(references) == set(manifest)
    png = next(href for href, kind in manifest.items() if kind == "image/png")
    assert references[png] == 2  # two posts, two spellings of the URL, one file
    for href, kind in manifest.items():
        assert book.zip.read(f"EPUB/{href}") == (PNG if kind == "image/png" else GIF)
    embedded = [name for name in book.zip.namelist() if name.startswith("EPUB/images/") and "cover" not in name]
    assert sorted(embedded) == sorted(f"EPUB/{href}" for href in manifest)


def test_generated_cover_and_title_page(book_bytes: bytes) -> None:
    book = Book(book_bytes)
    cover = book.find("opf:manifest/opf:item[@properties='cover-image']")
    assert (cover.get("href"), cover.get("media-type")) == ("images/cover.svg", "image/svg+xml")
    svg = book.zip.read("EPUB/images/cover.svg").decode("utf-8")
    assert "财经 2021年" in svg and "2021 · 临江测试报" in svg
    assert book.find(".//x:img", book.xml("EPUB/cover.xhtml")).get("src") == "images/cover.svg"
    lines = [p.text for p in book.xml("EPUB/title.xhtml").iterfind(".//x:p", NS)]
    assert lines == ["临江测试报", "财经", "2021年11月 – 2021年12月", "共3篇"]


def test_given_cover_image(site_root: Path) -> None:
    book = Book(make_book(site_root, cover=site_root / "assets" / "dot.gif"))
    cover = book.find("opf:manifest/opf:item[@properties='cover-image']")
    assert (cover.get("href"), cover.get("media-type")) == ("images/cover.gif", "image/gif")
    assert book.zip.read("EPUB/images/cover.gif") == GIF
    with pytest.raises(ExportError, match="not a PNG"):
        make_book(site_root, cover=site_root / "assets" / "fake.png")
    with pytest.raises(ExportError, match="cannot read"):
        make_book(site_root, cover=site_root / "nope.png")


def test_vertical_writing(site_root: Path) -> None:
    book = Book(make_book(site_root, vertical=True))
    assert book.find("opf:spine").get("page-progression-direction") == "rtl"
    assert book.find("opf:metadata/opf:meta[@name='primary-writing-mode']").get("content") == "vertical-rl"
    assert b"writing-mode: vertical-rl" in book.zip.read("EPUB/style/book.css")
    horizontal = Book(make_book(site_root))
    assert horizontal.find("opf:spine").get("page-progression-direction") is None
    assert b"vertical-rl" not in horizontal.zip.read("EPUB/style/book.css")


def test_english_book_labels_and_grouping_options(site_root: Path) -> None:
    articles = [
        article(1, "<p>One</p>", title="One", lang="en", date=datetime(2020, 12, 1, tzinfo=CST)),
        article(2, "<p>Two</p>", title="", summary="", text="", lang="en", date=datetime(2021, 1, 1, tzinfo=CST)),
    ]
    config = site(site_root, lang="en")
    book = Book(to_epub(articles, config, title="Town"))
    assert book.meta("language") == ["en"]
    assert [span.text for span in book.nav.iterfind(TOC_GROUPS, NS)] == ["December 2020", "January 2021"]
    assert book.nav.findtext(".//x:h2", namespaces=NS) == "Contents"
    assert book.xml("EPUB/text/c00002.xhtml").findtext(".//x:h1", namespaces=NS) == "(untitled)"
    by_year = Book(to_epub(articles, config, title="Town", toc_by="year"))
    assert [span.text for span in by_year.nav.iterfind(TOC_GROUPS, NS)] == ["2020", "2021"]
    flat = Book(to_epub(articles, config, title="Town", toc_by="none"))
    assert [a.get("href") for a in flat.nav.iterfind(".//x:nav[@epub:type='toc']/x:ol/x:li/x:a", NS)] == [
        "text/c00001.xhtml",
        "text/c00002.xhtml",
    ]


def test_book_language_follows_most_articles_else_the_site(site_root: Path) -> None:
    english = [article(n, "<p>x</p>", lang="en") for n in (1, 2)]
    chinese = article(3, "<p>中</p>")
    assert Book(to_epub([*english, chinese], site(site_root), title="t")).meta("language") == ["en"]
    assert Book(to_epub([english[0], chinese], site(site_root), title="t")).meta("language") == ["zh-CN"]
    assert Book(to_epub(english, site(site_root), title="t", lang="zh-TW")).meta("language") == ["zh-TW"]
    mixed = Book(to_epub([*english, chinese], site(site_root), title="t"))
    section = mixed.find(".//x:section", mixed.xml("EPUB/text/c00003.xhtml"))
    assert section.get("lang") == "zh-CN"  # the odd one out keeps its own language
    with pytest.raises(ConfigError):
        to_epub(english, site(site_root), title="t", lang="not a tag")


def test_no_articles_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="no articles"):
        to_epub([], site(), title="空")


def test_missing_ebooklib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ebooklib", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'newsfmt\[epub\]'"):
        to_epub([article(1, "<p>x</p>")], site(), title="书")


def test_write_epub_writes_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.epub"
    assert write_epub([article(1, "<p>x</p>")], site(), target, title="书") == target
    assert target.read_bytes() == to_epub([article(1, "<p>x</p>")], site(), title="书")
    assert [path.name for path in target.parent.iterdir()] == ["book.epub"]
