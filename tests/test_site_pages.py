"""The OPDS catalog and the index pages of a build: read back from OUT as an e-reader app and a browser read them,
on the example site, the finews corpus site (a jekyll-feed site) and a site of hostile names."""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser
import pytest
from lxml import etree, html
from PIL import Image, ImageStat

from newsfmt import site_pages
from newsfmt.builder import BuildOptions, build_site
from newsfmt.errors import ExportError
from newsfmt.exporters.artwork import THUMBNAIL_SIZE, drawn_cover
from newsfmt.exporters.feeds.policy import feed_path
from newsfmt.exporters.fonts import faces_for
from newsfmt.exporters.listing import FEED_MEDIA_TYPES
from newsfmt.exporters.opds import ACQUISITION_TYPE, NAVIGATION_TYPE
from newsfmt.readers.config import load_config
from newsfmt.vocabulary import FeedFormat
from tests.conftest import EXAMPLE_SITE, corpus_path
from tests.support.pictures import png_header

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
NS = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/terms/"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
ACQUIRE = "http://opds-spec.org/acquisition"
IMAGE_RELATIONS = ("http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail")
ARTWORK_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}
"""OPDS 1.2's artwork types, and Pillow's names of them."""
BUILT_FROM: dict[Path, Path] = {}
"""The site each output folder of these tests was built from."""


def _build(site: Path, out: Path, **options: object) -> Path:
    build_site(site, out, options=BuildOptions(jobs=1, **options))  # type: ignore[arg-type]
    BUILT_FROM[out] = site
    return out


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(EXAMPLE_SITE, tmp_path_factory.mktemp("example") / "out")


@pytest.fixture(scope="module")
def finews_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(corpus_path("finews"), tmp_path_factory.mktemp("finews") / "out")


@pytest.fixture(params=["example", "finews"])
def out(request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue(f"{request.param}_out"))


def _target(out: Path, document: str, href: str) -> Path:
    """The file of OUT a relative link of ``document`` (relative to OUT) leads to; fails for any other link."""
    assert not urlsplit(href).scheme and not href.startswith("/"), f"{document}: {href} is not relative"
    resolved = posixpath.normpath(unquote(urljoin(document, urldefrag(href).url)))
    assert not resolved.startswith(".."), f"{document}: {href} leads out of OUT"
    return out / resolved


def _catalog(out: Path) -> dict[str, etree._Element]:
    documents = {"opds.xml": etree.parse(out / "opds.xml").getroot()}
    for path in sorted((out / "opds").glob("*.xml")):
        documents[path.relative_to(out).as_posix()] = etree.parse(path).getroot()
    return documents


def _links(element: etree._Element, rel: str) -> list[etree._Element]:
    return [link for link in element.findall(f"{ATOM}link") if link.get("rel") == rel]


def _book_facts(book: Path) -> tuple[str, str, int]:
    """A book's identifier, language and number of articles, read from the book itself."""
    with zipfile.ZipFile(io.BytesIO(book.read_bytes())) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        pages = [name for name in archive.namelist() if re.fullmatch(r"EPUB/text/c\d+\.xhtml", name)]
        # one chapter section per article, several to a page in a book of briefs
        articles = sum(archive.read(name).count(b'epub:type="chapter"') for name in pages)
    identifier = opf.findtext("opf:metadata/dc:identifier", namespaces=OPF)
    lang = opf.findtext("opf:metadata/dc:language", namespaces=OPF)
    return str(identifier), str(lang), articles


def _entries(feed: Path) -> int:
    if feed.suffix == ".json":
        return len(json.loads(feed.read_bytes())["items"])
    return len(feedparser.parse(feed.read_bytes()).entries)


def _check_atom_basics(path: str, feed: etree._Element) -> None:
    assert feed.tag == f"{ATOM}feed", path
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), f"{path}: no {name}"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None, f"{path}: no author"
    for entry in feed.iterfind(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), f"{path}: an entry without {name}"
        # RFC 4287: an entry without content needs an alternate link; these carry a text summary or content
        assert entry.find(f"{ATOM}content") is not None or entry.find(f"{ATOM}summary") is not None
    assert not feedparser.parse(etree.tostring(feed)).bozo, path


def test_the_navigation_feed_leads_to_one_acquisition_feed_per_category(out: Path) -> None:
    documents = _catalog(out)
    root = documents["opds.xml"]
    _check_atom_basics("opds.xml", root)
    assert [link.get("type") for link in _links(root, "self") + _links(root, "start")] == [NAVIGATION_TYPE] * 2
    subsections = []
    for entry in root.iterfind(f"{ATOM}entry"):
        (link,) = _links(entry, "subsection")
        assert link.get("type") == ACQUISITION_TYPE
        subsections.append(posixpath.normpath(urljoin("opds.xml", unquote(str(link.get("href"))))))
    assert sorted(subsections) == sorted(path for path in documents if path != "opds.xml")
    for path, feed in documents.items():
        _check_atom_basics(path, feed)
        ids = [feed.findtext(f"{ATOM}id"), *(entry.findtext(f"{ATOM}id") for entry in feed.iterfind(f"{ATOM}entry"))]
        assert len(set(ids)) == len(ids)


def test_every_book_is_in_the_catalog_exactly_once_with_its_facts(out: Path) -> None:
    documents = _catalog(out)
    acquired: Counter[Path] = Counter()
    for path, feed in documents.items():
        if path == "opds.xml":
            continue
        assert _links(feed, "self")[0].get("type") == ACQUISITION_TYPE
        assert [link.get("type") for link in _links(feed, "start") + _links(feed, "up")] == [NAVIGATION_TYPE] * 2
        issued = []
        for entry in feed.iterfind(f"{ATOM}entry"):
            (acquisition,) = _links(entry, ACQUIRE)
            assert acquisition.get("type") == "application/epub+zip"
            book = _target(out, path, str(acquisition.get("href")))
            acquired[book] += 1
            assert int(str(acquisition.get("length"))) == book.stat().st_size
            identifier, lang, chapters = _book_facts(book)
            assert entry.findtext(f"{DC}identifier") == identifier
            assert entry.findtext(f"{DC}language") == lang
            assert entry.findtext(f"{ATOM}summary") and str(chapters) in str(entry.findtext(f"{ATOM}summary"))
            issued.append(str(entry.findtext(f"{DC}issued")))
            _check_artwork(out, path, entry)
        assert issued == sorted(issued, reverse=True), f"{path}: not newest first"
    books = sorted((out / "epub").glob("*.epub"))
    assert books
    assert acquired == Counter(books)


def _check_artwork(out: Path, document: str, entry: etree._Element) -> None:
    """The entry's cover and thumbnail are PNG, JPEG or GIF files of OUT, of the sizes of generated ones."""
    for relation, size in zip(IMAGE_RELATIONS, ((600, 800), THUMBNAIL_SIZE), strict=True):
        (link,) = _links(entry, relation)
        media_type = str(link.get("type"))
        assert media_type in ARTWORK_TYPES, f"{document}: {relation} is {media_type}"
        with Image.open(_target(out, document, str(link.get("href")))) as picture:
            assert (picture.format, picture.size) == (ARTWORK_TYPES[media_type], size)


def test_feedparser_reads_the_books_and_their_pictures(out: Path) -> None:
    for path in sorted((out / "opds").glob("*.xml")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo and parsed.entries
        for entry in parsed.entries:
            pictures = {link.rel: link.type for link in entry.links if link.rel in IMAGE_RELATIONS}
            assert pictures == dict.fromkeys(IMAGE_RELATIONS, "image/png")
            assert [link.type for link in entry.links if link.rel == ACQUIRE] == ["application/epub+zip"]


def test_every_link_of_the_catalog_and_the_pages_resolves(out: Path) -> None:
    for path, feed in _catalog(out).items():
        for link in feed.iter(f"{ATOM}link"):
            assert _target(out, path, str(link.get("href"))).is_file(), f"{path}: {link.get('href')}"
    pages = sorted(out.rglob("index.html"))
    assert out / "index.html" in pages
    for page in pages:
        relative = page.relative_to(out).as_posix()
        tree = html.parse(str(page)).getroot()
        for element in tree.iter("a", "link"):
            assert _target(out, relative, str(element.get("href"))).is_file(), f"{relative}: {element.get('href')}"


def test_the_index_lists_every_feed_and_book_with_their_numbers(out: Path) -> None:
    root = html.parse(str(out / "index.html")).getroot()
    assert not root.xpath("//script|//iframe|//img|//@style|//@*[starts-with(name(), 'on')]")
    linked = {posixpath.normpath(unquote(str(a.get("href")))): a for a in root.iter("a")}
    feeds = _feed_files(out)
    assert len(feeds) >= 6
    for feed in feeds:
        assert feed in linked, f"{feed} is not listed"
        row = linked[feed].getparent().getparent()
        entries = int(row.xpath("string(td[2])"))
        assert entries == _entries(out / feed), feed
    for book in (out / "epub").glob("*.epub"):
        relative = book.relative_to(out).as_posix()
        row = linked[relative].getparent().getparent()
        cells = [cell.text_content().strip() for cell in row.iter("td")]
        assert int(cells[2]) == _book_facts(book)[2]  # articles
        assert cells[1] in book.stem  # the year
    assert "opds.xml" in linked
    # the site's own feeds, one per format, wherever the site's layout puts them (jekyll-feed's or newsfmt's)
    assert _discovered(root, out, "index.html") == {
        ("application/rss+xml", _built_feed_path(out, "rss")),
        ("application/atom+xml", _built_feed_path(out, "atom")),
        ("application/feed+json", _built_feed_path(out, "json")),
    }


def _feed_files(out: Path) -> list[str]:
    """Every subscription feed in OUT: the feeds' files, not the books, texts, catalog, archives or cache."""
    skipped = {"text", "epub", "opds", "covers", ".newsfmt-cache"}
    return [
        relative
        for path in out.rglob("*")
        if path.suffix in (".xml", ".json")
        and (relative := path.relative_to(out).as_posix()) != "opds.xml"
        and not skipped & set(path.relative_to(out).parts)
        and "archive" not in path.parts
    ]


def _built_feed_path(out: Path, fmt: FeedFormat) -> str:
    return feed_path(fmt, config=load_config(BUILT_FROM[out]))


def _discovered(page: Any, out: Path, page_path: str) -> set[tuple[str, str]]:
    """The page's feed discovery links, as (media type, path in OUT), each a file of OUT."""
    found = set()
    for link in page.xpath("//head/link[@rel='alternate']"):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(str(link.get("href")))))
        assert (out / target).is_file(), target
        found.add((str(link.get("type")), target))
    return found


def test_each_category_page_lists_its_feeds_and_books(out: Path) -> None:
    for folder in sorted(path for path in (out / "categories").iterdir() if path.is_dir()):
        page_path = (folder / "index.html").relative_to(out).as_posix()
        page = html.parse(str(folder / "index.html")).getroot()
        hrefs = {
            posixpath.normpath(posixpath.join(folder.relative_to(out).as_posix(), unquote(str(a.get("href")))))
            for a in page.iter("a")
        }
        discovered = _discovered(page, out, page_path)
        assert {media_type for media_type, _ in discovered} == set(FEED_MEDIA_TYPES.values())
        assert {target for _, target in discovered} <= hrefs
        books = {href for href in hrefs if href.startswith("epub/")}
        (atom,) = [target for media_type, target in discovered if media_type == "application/atom+xml"]
        category = feedparser.parse((out / atom).read_bytes())
        assert category.entries
        assert books or not category.entries  # a category with posts has a book


HOSTILE = "<script>alert(1)</script> \"x\" & 'y'"


def _hostile_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: 'Tom & Jerry </title><script>alert(2)</script>'\ndescription: '<img src=x onerror=alert(3)>'\n"
        "url: https://h.example\nlang: en\n"
        "newsfmt:\n  categories:\n    kuai: {title: '</a><script>alert(4)</script>'}\n",
        encoding="utf-8",
    )
    for number, category in enumerate((HOSTILE, "kuai", "Plain")):
        (root / "_posts" / f"2021-0{number + 1}-01-p{number}.md").write_text(
            f"---\ntitle: '<b>{number}</b>'\ncategories: [{json.dumps(category)}]\n---\nBody.\n", encoding="utf-8"
        )
    return root


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    out = _build(_hostile_site(tmp_path / "site"), tmp_path / "out")
    pages = sorted(out.rglob("index.html"))
    assert len(pages) == 4
    for page in pages:
        tree = html.parse(str(page)).getroot()
        assert not tree.xpath("//script|//img|//@onerror|//b")
        assert "</title><script>alert(2)</script>" in str(tree.findtext(".//title"))
    text = html.parse(str(out / "index.html")).getroot().text_content()
    assert "<script>alert(1)</script>" in text and "</a><script>alert(4)</script>" in text
    assert "<img src=x onerror=alert(3)>" in text
    for path, feed in _catalog(out).items():
        _check_atom_basics(path, feed)
    # in the catalog, names are plain text with the tags dropped, as in the feeds (some apps render them as HTML)
    catalog = [etree.parse(path) for path in out.rglob("*.xml") if "opds" in path.as_posix()]
    titles = [str(title.text) for document in catalog for title in document.iter(f"{ATOM}title")]
    labels = [str(c.get("label")) for p in (out / "opds").glob("*.xml") for c in etree.parse(p).iter(f"{ATOM}category")]
    assert "\"x\" & 'y'" in labels and "</a>" not in " ".join(titles + labels)
    assert not [text for text in titles + labels if "<" in text or "alert(" in text]


def _drawn(out: Path, book: str) -> list[str]:
    """The drawn cover and thumbnail of a book (by its file name without ``.epub``) in OUT."""
    return sorted(path.relative_to(out).as_posix() for path in (out / "covers").rglob(f"{book}-*.png"))


def test_pages_follow_the_site_and_only_change_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _hostile_site(tmp_path / "site")
    out = _build(site, tmp_path / "out")
    pages = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.suffix in (".html", ".xml", ".png")}
    assert len([path for path in pages if path.suffix == ".png"]) == 6  # three books: covers and thumbnails
    assert len(_drawn(out, "plain-2021")) == 2
    drawn_cover.cache_clear()
    monkeypatch.setattr(site_pages, "drawn_cover", None)  # the covers of the first build are kept, not drawn
    _build(site, out)
    assert {path: path.stat().st_mtime_ns for path in pages} == pages  # nothing rewritten
    (site / "_posts" / "2021-03-01-p2.md").unlink()  # the only post of Plain
    _build(site, out)
    assert not (out / "categories" / "plain" / "index.html").exists()
    assert not (out / "opds" / "plain.xml").exists()
    assert not _drawn(out, "plain-2021")
    assert "plain" not in (out / "index.html").read_text(encoding="utf-8").lower()


def test_a_new_display_name_gives_a_cover_of_another_name(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    out = _build(site, tmp_path / "out")
    before = _drawn(out, "plain-2021")
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "    Plain: {title: Plainly}\n", encoding="utf-8")
    _build(site, out)
    after = _drawn(out, "plain-2021")
    assert len(after) == 2 and not set(before) & set(after)  # apps that keep pictures by address fetch anew
    (entry,) = etree.parse(out / "opds" / "plain.xml").iterfind(f"{ATOM}entry")
    assert [_target(out, "opds/plain.xml", str(link.get("href"))) for link in entry.iter(f"{ATOM}link")][:2] == [
        out / path for path in after
    ]


def test_a_build_of_books_only_lists_no_feed(tmp_path: Path) -> None:
    out = _build(_hostile_site(tmp_path / "site"), tmp_path / "out", only=frozenset({"epub"}))
    page = html.parse(str(out / "index.html")).getroot()
    assert len(page.xpath("//table")) == 1  # the books'
    assert not page.xpath("//head/link[@rel='alternate']")
    assert len(list((out / "opds").glob("*.xml"))) == 3


def test_a_build_of_texts_only_leaves_the_pages_alone(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    out = _build(site, tmp_path / "out", only=frozenset({"text"}))
    assert not (out / "index.html").exists() and not (out / "opds.xml").exists()
    _build(site, out, only=frozenset({"feeds"}))  # feeds only: the pages list them, and no book
    assert not list((out / "opds").glob("*.xml"))
    assert "epub/" not in (out / "index.html").read_text(encoding="utf-8")
    _build(site, out)
    assert len(list((out / "opds").glob("*.xml"))) == 3


def _ink(picture: Path, box: tuple[int, int, int, int]) -> float:
    with Image.open(picture) as image:
        return float(ImageStat.Stat(image.convert("L").crop(box)).stddev[0])


def test_the_chinese_titles_of_the_books_are_drawn_on_their_covers(example_out: Path) -> None:
    faces = faces_for("serif", bold=True, lang="zh-CN")
    if not any(face.path and face.has("晚") for face in faces):
        pytest.skip("no font of this machine has Chinese glyphs (.ci/run installs fonts-noto-cjk)")
    covers = sorted((example_out / "covers").glob("*.png"))
    assert covers
    for cover in covers:
        assert _ink(cover, (40, 200, 560, 330)) > 20, f"{cover.name}: no title drawn"  # the title's first lines
        assert _ink(cover, (40, 650, 560, 740)) > 5, f"{cover.name}: no footer drawn"  # period and site


def test_a_build_elsewhere_draws_the_same_pictures(example_out: Path, tmp_path: Path) -> None:
    drawn_cover.cache_clear()  # drawn anew, not remembered from the first build
    again = _build(EXAMPLE_SITE, tmp_path / "out", only=frozenset({"epub"}))
    pictures = sorted(path.relative_to(example_out) for path in (example_out / "covers").rglob("*.png"))
    assert pictures == sorted(path.relative_to(again) for path in (again / "covers").rglob("*.png"))
    assert all((example_out / path).read_bytes() == (again / path).read_bytes() for path in pictures)


def _site_with_cover(root: Path, name: str, picture: Image.Image, fmt: str) -> Path:
    site = _hostile_site(root)
    picture.save(site / name, fmt)
    return site


@pytest.mark.parametrize(
    ("name", "fmt", "cover", "thumbnail"),
    [
        ("cover.jpg", "JPEG", ("covers/cover.jpg", "image/jpeg"), ("covers/thumbnails/cover.jpg", "image/jpeg")),
        ("cover.webp", "WEBP", ("covers/cover.png", "image/png"), ("covers/thumbnails/cover.png", "image/png")),
    ],
)
def test_the_cover_of_the_build_is_linked_with_a_thumbnail_of_a_type_apps_show(
    tmp_path: Path, name: str, fmt: str, cover: tuple[str, str], thumbnail: tuple[str, str]
) -> None:
    site = _site_with_cover(tmp_path / "site", name, Image.new("RGB", (900, 1200), "#305070"), fmt)
    out = _build(site, tmp_path / "out", cover=site / name)
    entries = [(path, entry) for path, feed in _catalog(out).items() if path != "opds.xml" for entry in feed]
    assert len([entry for _, entry in entries if entry.tag == f"{ATOM}entry"]) == 3
    for path, entry in entries:
        if entry.tag == f"{ATOM}entry":
            links = [link for relation in IMAGE_RELATIONS for link in _links(entry, relation)]
            targets = [(_target(out, path, str(link.get("href"))), link.get("type")) for link in links]
            assert targets == [(out / cover[0], cover[1]), (out / thumbnail[0], thumbnail[1])]
    with Image.open(out / cover[0]) as full, Image.open(out / thumbnail[0]) as small:
        assert (full.size, small.size) == ((900, 1200), THUMBNAIL_SIZE)
        assert (full.format, small.format) == (ARTWORK_TYPES[cover[1]], ARTWORK_TYPES[thumbnail[1]])
    if fmt == "JPEG":
        assert (out / cover[0]).read_bytes() == (site / name).read_bytes()  # the site's own file, as it is
    written = sorted(path.relative_to(out).as_posix() for path in (out / "covers").rglob("*") if path.is_file())
    assert written == [cover[0], thumbnail[0]]  # one picture for every book


def test_a_cover_too_large_to_decode_stops_the_build_naming_it(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path / "site")
    (site / "big.png").write_bytes(png_header(9_000, 9_000))  # 81 megapixels declared, none held
    with pytest.raises(ExportError, match=r"big\.png.*9000 × 9000 pixels"):
        _build(site, tmp_path / "out", cover=site / "big.png", only=frozenset({"epub"}))
