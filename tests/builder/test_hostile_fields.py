"""Every metadata field is as safe as the body: a hostile site, built, and every output parsed.

The site's config and every post's front matter carry script schemes in every spelling browsers accept (case,
entities, controls and whitespace inside the scheme), markup that naive tag stripping re-forms, escaped markup that
a second decoding would turn into tags, and characters XML 1.0 forbids, in every field. The test reads what the
build wrote as a feed reader and a reading system would (feedparser, lxml, the EPUB's OPF, nav and pages) and
looks for anything unsafe in every place a URL or a text can be.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from newsfmt.cli import cli

UNSAFE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "java\x00script:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "&amp;#x6A;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript&#x3A;msgbox(1)",
    "livescript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "\u0000\u001fjavascript:alert(1)",
]
UNSAFE_TEXTS = [
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(2)<</script>/script>",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "<img src=x onerror=alert(4)>",
    '<a href="javascript:alert(5)">x</a>',
    "<!--<script>alert(6)</script>-->",
    "<svg/onload=alert(7)>",
    "<sty<style>le>x</style>",
    "Ti\x01t\x1bl\ufffee\uffff",
    "\x1b]0;owned\x07 \u009b2J \x1b[31m",
]
SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|livescript|data):", re.IGNORECASE)
SAFE_IMAGE_DATA = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]", re.IGNORECASE)
TAG_START = re.compile(r"<[A-Za-z/!?]")
URL_ATTRIBUTES = frozenset({"href", "src", "uri", "url", "poster", "cite", "resource", "about", "content"})
URL_ELEMENTS = frozenset({"link", "uri", "url", "guid", "id", "icon", "logo", "docs", "comments", "identifier"})
URL_JSON_KEYS = frozenset({"url", "home_page_url", "feed_url", "image", "banner_image", "external_url", "avatar"})
FORBIDDEN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _decoded(value: str) -> str:
    """A URL as the most lenient reader could read it: entities decoded (twice), controls and spaces dropped."""
    for _ in range(3):
        value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f-\x9f]", "", value)


def assert_safe_url(value: str, where: str, *, image: bool = False) -> None:
    decoded = _decoded(value)
    if image and SAFE_IMAGE_DATA.match(decoded):
        return
    assert not SCRIPT_SCHEMES.match(decoded), f"{where}: unsafe URL {value!r}"


def assert_plain(value: str, where: str) -> None:
    """A text (title, name, term) that no reader rendering it as HTML could turn into markup."""
    assert TAG_START.search(value) is None, f"{where}: markup in {value!r}"
    assert TAG_START.search(html.unescape(value)) is None or "&lt;" in value, f"{where}: {value!r}"
    assert FORBIDDEN_XML.search(value) is None, f"{where}: {value!r}"


def _front_matter(index: int) -> dict[str, object]:
    url = UNSAFE_URLS[index % len(UNSAFE_URLS)]
    text = UNSAFE_TEXTS[index % len(UNSAFE_TEXTS)]
    return {
        "title": f"{text} {index}",
        "date": f"2024-01-{index + 1:02d} 10:00:00 +0000",
        "summary" if index % 3 == 0 else ("description" if index % 3 == 1 else "excerpt"): f"{text} s",
        "author": {"name": f"{text} a", "url": url, "email": url},
        "image": url,
        "id": f"{url}#{index}",
        "permalink": f"javascript://%0a{index}/",
        "link": url,
        "canonical_url": url,
        "categories": [f"{text} c", url],
        "tags": [text, url, "ok"],
        "source_url": url,
    }


def hostile_site(root: Path) -> Path:
    """A Jekyll site whose config and every post carry hostile values (one post per unsafe URL spelling)."""
    (root / "_posts").mkdir(parents=True)
    config = {
        "title": f"{UNSAFE_TEXTS[0]} site\x01",
        "description": f"{UNSAFE_TEXTS[2]} {UNSAFE_TEXTS[3]}",
        "url": "https://h.example.org",
        "author": {"name": UNSAFE_TEXTS[1], "url": UNSAFE_URLS[2], "email": UNSAFE_URLS[0]},
        "feed": {"categories": [f"{UNSAFE_TEXTS[0]} c"]},
    }
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for index in range(len(UNSAFE_URLS)):
        header = yaml.safe_dump(_front_matter(index), allow_unicode=True)
        url = UNSAFE_URLS[index].replace("\x00", "")  # a NUL makes a binary file, not a post
        body = f'<p>Body {index} {UNSAFE_TEXTS[-1]} <a href="{html.escape(url)}">link</a></p>\n\n{url}\n'
        (root / "_posts" / f"2024-01-{index + 1:02d}-post-{index}.md").write_text(
            f"---\n{header}---\n{body}", encoding="utf-8"
        )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    site = hostile_site(root / "site")
    out = root / "out"
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--tag-feeds", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.stderr, result.stderr  # every hostile post is read, and written
    return out


def _xml_files(out: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(out.rglob("*.xml")):
        yield str(path.relative_to(out)), path.read_bytes()
    for book in sorted(out.rglob("*.epub")):
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx", ".svg")):
                    yield f"{book.name}!{name}", archive.read(name)


def _check_tree(root: etree._Element, where: str) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        assert name not in ("script", "style", "iframe", "object", "embed", "form"), f"{where}: <{name}>"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            assert not local.lower().startswith("on"), f"{where}: {local}= on <{name}>"
            # calibre's <meta name="calibre:series" content="…"> holds a name (a category's), as dc:subject does
            is_a_name = name == "meta" and element.get("name", "").startswith("calibre:")
            if local in URL_ATTRIBUTES and not is_a_name:
                assert_safe_url(value, f"{where} <{name} {local}>", image=name == "img")
        if name in URL_ELEMENTS and element.text:
            assert_safe_url(element.text, f"{where} <{name}>")


def test_no_unsafe_url_or_markup_in_any_xml_output(built: Path) -> None:
    files = list(_xml_files(built))
    assert any(name.endswith(".opf") for name, _ in files) and any("feed.xml" in name for name, _ in files)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for where, data in files:
        root = etree.fromstring(data, parser)
        _check_tree(root, where)
        if where.endswith(".xml"):
            for element in root.iter():
                local = etree.QName(element).localname if isinstance(element.tag, str) else ""
                if local in ("title", "name", "category", "subtitle", "description", "summary", "creator"):
                    if local in ("description", "summary") and etree.QName(element.getparent()).localname in (
                        "item",
                        "entry",
                    ):
                        continue  # entry descriptions may be HTML (RSS): checked by feedparser below
                    assert_plain(element.text or element.get("term") or "", f"{where} <{local}>")
                if local == "category":
                    assert_plain(element.get("term") or element.text or "", f"{where} <category>")


def test_feedparser_finds_nothing_unsafe(built: Path) -> None:
    for path in sorted(built.rglob("*.xml")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        feed = parsed.feed
        for link in feed.get("links", []):
            assert_safe_url(link.href, f"{path} feed link")
        for entry in parsed.entries:
            for key in ("link", "id"):
                assert_safe_url(entry.get(key, ""), f"{path} entry {key}")
            for link in entry.get("links", []):
                assert_safe_url(link.href, f"{path} entry link")
            for author in entry.get("authors", []):
                assert_safe_url(author.get("href", ""), f"{path} author")
                assert_safe_url(author.get("email", ""), f"{path} author email")
            for text in (entry.title, *(tag.term for tag in entry.get("tags", []))):
                assert_plain(text, f"{path} entry text")


def _json_values(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _json_values(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _json_values(item, key)
    elif isinstance(value, str):
        yield key, value


def test_json_feeds_carry_nothing_unsafe(built: Path) -> None:
    feeds = sorted(built.rglob("*.json"))
    assert feeds
    for path in feeds:
        for key, value in _json_values(json.loads(path.read_text(encoding="utf-8"))):
            if key in URL_JSON_KEYS or key == "id":
                assert_safe_url(value, f"{path} {key}")
            elif key in ("title", "name", "tags", "summary", "description", "content_text"):
                assert_plain(value, f"{path} {key}")


def test_opf_metadata_is_plain_text(built: Path) -> None:
    for book in sorted(built.rglob("*.epub")):
        with zipfile.ZipFile(book) as archive:
            opf = etree.fromstring(archive.read("EPUB/content.opf"))
        for element in opf.iter("{http://purl.org/dc/elements/1.1/}*"):
            assert FORBIDDEN_XML.search(element.text or "") is None
            if etree.QName(element).localname == "identifier":
                assert_safe_url(element.text or "", f"{book.name} dc:identifier")


def test_plain_text_outputs_carry_no_control_characters(built: Path) -> None:
    texts = sorted(built.rglob("*.txt"))
    assert texts
    for path in texts:
        assert FORBIDDEN_XML.search(path.read_text(encoding="utf-8")) is None, path


def test_terminal_output_carries_no_escape_sequences(tmp_path: Path) -> None:
    site = hostile_site(tmp_path / "site")
    post = next((site / "_posts").iterdir())
    for command in (
        ["inspect", str(site)],
        ["inspect", str(site), "--json", "--body"],
        ["text", str(post)],
        ["check", str(site)],
    ):
        result = CliRunner().invoke(cli, command)
        for stream in (result.stdout, result.stderr):
            assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", stream) is None, (command, stream[:300])


@pytest.mark.parametrize("url", [*UNSAFE_URLS[:4], "mailto:me@example.org"])
def test_a_site_url_that_is_no_web_address_stops_the_build_with_one_line(tmp_path: Path, url: str) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: A\n---\nx\n", encoding="utf-8")
    (site / "_config.yml").write_text(yaml.safe_dump({"title": "T", "url": url}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "_config.yml" in result.stderr
    assert "is not a web address" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "feed.xml").exists()


def test_a_site_title_of_markup_alone_does_not_stop_the_build(tmp_path: Path) -> None:
    """Feeds drop tags from titles; a title that is nothing but markup leaves the URL as the feeds' title."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: '<script>alert(1)</script>'\nurl: https://h.example\n", encoding="utf-8")
    (site / "_posts" / "2021-01-01-a.md").write_text("---\ntitle: A\ncategories: [news]\n---\nBody\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for feed in ("feed.xml", "atom.xml", "categories/news/feed.xml"):
        parsed = feedparser.parse((tmp_path / "out" / feed).read_bytes())
        assert not parsed.bozo and parsed.feed.title.startswith("https://h.example"), feed
        assert "alert" not in parsed.feed.title
