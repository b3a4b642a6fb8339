"""Display names of categories (``newsfmt: categories:``): checked when the config is read, shown in feed titles,
book titles, the books' series and subject, while file names, ids and selection keep the category itself."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newsfmt import ConfigError, load_config
from newsfmt.builder import BuildOptions, build_site

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def _site(root: Path, categories: str) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: 快报\nurl: https://k.example\nlang: zh-CN\ntimezone: Asia/Shanghai\n"
        f"newsfmt:\n  categories:\n{categories}",
        encoding="utf-8",
    )
    for day, category in ((1, "kuaixun"), (2, "kuaixun"), (3, "City News")):
        (root / "_posts" / f"2021-03-0{day}-p{day}.md").write_text(
            f"---\ntitle: 第{day}条\ncategories: [{category}]\n---\n正文{day}。\n", encoding="utf-8"
        )
    (root / "_posts" / "2022-01-01-p9.md").write_text(
        "---\ntitle: 新年\ncategories: [kuaixun]\n---\n正文。\n", encoding="utf-8"
    )
    return root


NAMES = "    kuaixun: {title: 快讯}\n    city-news: {title: 城市新闻}\n"


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ("    - kuaixun\n", "newsfmt.categories must map category names"),
        ("    kuaixun: 快讯\n", "newsfmt.categories.kuaixun must be a mapping"),
        ("    kuaixun: {name: 快讯}\n", "newsfmt.categories.kuaixun.name: unknown option (known: title)"),
        ("    kuaixun: {title: '  '}\n", "newsfmt.categories.kuaixun.title must be a non-empty line"),
        ("    kuaixun: {title: 5}\n", "newsfmt.categories.kuaixun.title must be a non-empty line"),
        ("    kuaixun: {title: [a]}\n", "newsfmt.categories.kuaixun.title must be a non-empty line"),
        ("    '': {title: x}\n", "a category must be named by a non-empty string"),
    ],
)
def test_a_bad_display_name_is_an_error_naming_the_key_and_the_file(
    tmp_path: Path, categories: str, message: str
) -> None:
    root = _site(tmp_path / "site", categories)
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert message in str(caught.value)
    assert str(root / "_config.yml") in str(caught.value)


def test_display_names_by_exact_name_or_slug(tmp_path: Path) -> None:
    options = load_config(_site(tmp_path / "site", NAMES)).options
    assert options.category_title("kuaixun") == "快讯"
    assert options.category_title("City News") == "城市新闻"  # by its slug, city-news
    assert options.category_title("Other") == "Other"


def test_feeds_and_books_show_the_display_names(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", NAMES)
    out = tmp_path / "out"
    build_site(root, out, options=BuildOptions(jobs=1))
    # file names and feed ids keep the category; titles show its display name
    feed = feedparser.parse((out / "categories" / "kuaixun" / "atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "快报 | 快讯"
    assert feed.feed.id == "https://k.example/categories/kuaixun/atom.xml"
    city = feedparser.parse((out / "categories" / "city-news" / "feed.xml").read_bytes())
    assert city.feed.title == "快报 | 城市新闻"
    assert len(feedparser.parse((out / "atom.xml").read_bytes()).entries) == 4
    books = {path.name: _opf(path) for path in (out / "epub").glob("*.epub")}
    assert sorted(books) == ["city-news-2021.epub", "kuaixun-2021.epub", "kuaixun-2022.epub"]
    titles = {name: opf.findtext("opf:metadata/dc:title", namespaces=OPF) for name, opf in books.items()}
    assert titles == {
        "city-news-2021.epub": "城市新闻 2021年",
        "kuaixun-2021.epub": "快讯 2021年",
        "kuaixun-2022.epub": "快讯 2022年",
    }
    assert books["kuaixun-2021.epub"].findtext("opf:metadata/dc:subject", namespaces=OPF) == "快讯"


def test_a_category_s_books_form_one_series_in_order(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", NAMES)
    out = tmp_path / "out"
    build_site(root, out, options=BuildOptions(jobs=1, max_articles=1, only=frozenset({"epub"})))
    series = {path.name: _series(_opf(path)) for path in (out / "epub").glob("*.epub")}
    assert series == {
        "kuaixun-2021-v1.epub": ("快讯", "2021.01", "快讯", "2021.01"),
        "kuaixun-2021-v2.epub": ("快讯", "2021.02", "快讯", "2021.02"),
        "kuaixun-2022.epub": ("快讯", "2022", "快讯", "2022"),
        "city-news-2021.epub": ("城市新闻", "2021", "城市新闻", "2021"),
    }


def _opf(book: Path) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(book.read_bytes())) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def _series(opf: etree._Element) -> tuple[str | None, ...]:
    """The EPUB 3 collection's name and position, and calibre's series and index."""
    metadata = opf.find("opf:metadata", OPF)
    assert metadata is not None
    (collection,) = metadata.iterfind("opf:meta[@property='belongs-to-collection']", OPF)
    refines = {
        meta.get("property"): meta.text
        for meta in metadata.iterfind("opf:meta[@refines]", OPF)
        if meta.get("refines") == "#" + str(collection.get("id"))
    }
    assert refines["collection-type"] == "series"
    calibre = {meta.get("name"): meta.get("content") for meta in metadata.iterfind("opf:meta[@name]", OPF)}
    return (collection.text, refines["group-position"], calibre["calibre:series"], calibre["calibre:series_index"])
