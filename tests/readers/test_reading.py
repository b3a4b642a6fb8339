"""readers.reading: one source file read into a post, the one way load_site, load_newest and the build read."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsfmt import parse_post
from newsfmt.readers.config import load_config
from newsfmt.readers.reading import (
    Publication,
    Reader,
    Selection,
    links_between,
    read_source_file,
    render_linked,
)
from newsfmt.readers.sources import SourceFile
from newsfmt.vocabulary import Bodies

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _reader(site: Path, bodies: Bodies) -> Reader:
    return Reader(
        load_config(site), {}, Selection(now=NOW), bodies, key=lambda rel_path, data: f"{rel_path}:{len(data)}"
    )


def _source(site: Path, name: str, text: str) -> SourceFile:
    (site / "_posts").mkdir(parents=True, exist_ok=True)
    path = site / "_posts" / name
    path.write_text(text, encoding="utf-8")
    return SourceFile(str(path), f"_posts/{name}", "post")


@pytest.mark.parametrize("bodies", ["published", "all", "none"])
def test_a_published_post_by_each_reader(tmp_path: Path, bodies: Bodies) -> None:
    source = _source(tmp_path, "2021-03-01-hello.md", "---\ntitle: Hello\n---\nA *body*.\n")
    read = read_source_file(_reader(tmp_path, bodies), source)
    assert read.error is None and read.linked is None
    assert read.key == f"_posts/2021-03-01-hello.md:{source.path.stat().st_size}"
    assert read.signature == (source.path.stat().st_mtime_ns, source.path.stat().st_size)
    assert read.publication == Publication(True, False, read.publication.date if read.publication else NOW)
    assert read.article is not None and read.article.title == "Hello"
    assert read.article.permalink == read.permalink == "/2021/03/01/hello.html"
    assert ("<em>body</em>" in read.article.body_html) == (bodies != "none")


@pytest.mark.parametrize(("bodies", "rendered"), [("published", False), ("all", True), ("none", False)])
def test_a_future_post_is_held_back_and_rendered_only_when_asked(
    tmp_path: Path, bodies: Bodies, rendered: bool
) -> None:
    source = _source(tmp_path, "2030-01-01-later.md", "---\ntitle: Later\n---\nSoon.\n")
    reader = _reader(tmp_path, bodies)
    read = read_source_file(reader, source)
    assert reader.selection.holds_back(read.publication)
    assert Selection(future=True, now=NOW).publishes(read.publication)
    assert (read.article is not None and read.article.text == "Soon.") == rendered


def test_a_body_that_links_waits_for_every_permalink(tmp_path: Path) -> None:
    _source(tmp_path, "2021-03-01-target.md", "---\ntitle: Target\n---\nHere.\n")
    source = _source(tmp_path, "2021-03-02-links.md", "---\ntitle: Links\n---\nSee {% post_url 2021-03-01-target %}.\n")
    read = read_source_file(_reader(tmp_path, "all"), source)
    assert read.article is None and read.linked is not None
    [done] = render_linked([read], load_config(tmp_path), links_between([("_posts/2021-03-01-target.md", "/t/")]))
    assert done.linked is None and done.article is not None
    assert "/t/" in done.article.body_html


def test_a_file_that_is_no_post_is_a_read_with_its_error(tmp_path: Path) -> None:
    source = _source(tmp_path, "2021-03-01-bad.md", "---\ntitle: [unclosed\n---\nBody\n")
    read = read_source_file(_reader(tmp_path, "all"), source)
    assert read.error is not None and read.error.path == source.path
    assert read.article is None and read.publication is None
    assert not Selection(now=NOW).publishes(read.publication)
    gone = read_source_file(_reader(tmp_path, "all"), SourceFile(str(tmp_path / "nope.md"), "nope.md", "page"))
    assert gone.error is not None and gone.error.message.startswith("cannot read")
    assert gone.signature == (0, 0) and gone.key == ""


def test_a_symlink_leading_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    import newsfmt

    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Secret\ndate: 2024-01-01\n---\nThe password is 1234.\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n", encoding="utf-8")
    inside = site / "_posts" / "2024-01-02-kept.md"
    inside.write_text("---\ntitle: Kept\n---\nPublic.\n", encoding="utf-8")
    (site / "_posts" / "2024-01-03-leak.md").symlink_to(outside)
    (site / "shared.md").write_text("---\ntitle: Shared\n---\nAlso public.\n", encoding="utf-8")
    (site / "_posts" / "2024-01-04-shared.md").symlink_to(site / "shared.md")  # a link inside the site is fine
    loaded = newsfmt.load_site(site)
    assert sorted(a.title for a in loaded.articles) == ["Kept", "Shared"]
    assert any("leading outside the site folder" in p.message for p in loaded.problems)
    assert newsfmt.load_post(site / "_posts" / "2024-01-03-leak.md").title == "Secret"  # named by the caller


def test_a_posts_folder_linked_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    import newsfmt

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2024-01-01-private.md").write_text("---\ntitle: Private\n---\nNot for here.\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (site / "_posts").symlink_to(elsewhere, target_is_directory=True)
    (site / "news" / "_posts").mkdir()
    (site / "news" / "_posts" / "2024-01-02-public.md").write_text("---\ntitle: Public\n---\nHi.\n", encoding="utf-8")
    assert [a.title for a in newsfmt.load_site(site).articles] == ["Public"]


@pytest.mark.parametrize(
    "front_matter",
    [
        '---\ntitle: "Bad\\x01 news"\ntags: ["a\\u0002b", plain]\ndate: 2021-01-02\n---\n',
        '+++\ntitle = "Bad\\u0001 news"\ntags = ["a\\u0002b", "plain"]\ndate = 2021-01-02\n+++\n',
        '{"title": "Bad\\u0001 news", "tags": ["a\\u0002b", "plain"], "date": "2021-01-02"}\n',
    ],
)
def test_front_matter_loses_the_characters_xml_forbids_its_escapes_give(front_matter: str) -> None:
    article = parse_post(f"{front_matter}Body.\n", path="2021-01-02-x.md")
    assert (article.title, article.tags) == ("Bad news", ("ab", "plain"))


def test_front_matter_without_escapes_is_read_as_written() -> None:
    article = parse_post('---\ntitle: "C:/new folder"\ntags: [a, b]\ndate: 2021-01-02\n---\nBody.\n', path="x.md")
    assert (article.title, article.tags) == ("C:/new folder", ("a", "b"))
