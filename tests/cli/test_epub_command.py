"""``newsfmt epub``: books written where asked, named <category-slug>-<period>.epub."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfmt.cli import cli
from tests.conftest import EXAMPLE_SITE
from tests.exporters.epub.factory import make_site_folder

POST = """---
title: {title}
date: {date}
categories: [{category}]
---
<p>{title}的正文。<img src="/assets/dot.png" alt="点"></p>
"""


@pytest.fixture
def jekyll_site(tmp_path: Path) -> Path:
    site_root = make_site_folder(tmp_path)
    (site_root / "_config.yml").write_text(
        "title: 测试站\nurl: https://news.example.org\nlang: zh-CN\ntimezone: Asia/Shanghai\n", encoding="utf-8"
    )
    posts = site_root / "_posts"
    posts.mkdir()
    for number, (date, category) in enumerate(
        [("2021-03-01", "财经"), ("2021-04-01", "财经"), ("2022-01-05", "财经"), ("2021-05-01", "Tech News")]
    ):
        text = POST.format(title=f"第{number}篇", date=f"{date} 10:00:00 +0800", category=category)
        (posts / f"{date}-post-{number}.html").write_text(text, encoding="utf-8")
    return site_root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_writes_one_book_per_category_and_year(jekyll_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "books"
    code, _, stderr = run("epub", str(jekyll_site), "-o", str(out))
    assert code == 0, stderr
    assert sorted(path.name for path in out.iterdir()) == ["tech-news-2021.epub", "财经-2021.epub", "财经-2022.epub"]
    with zipfile.ZipFile(out / "财经-2021.epub") as book:
        chapters = [name for name in book.namelist() if name.startswith("EPUB/text/")]
        assert len(chapters) == 2
        assert any(name.startswith("EPUB/images/") and not name.endswith("cover.svg") for name in book.namelist())
    assert "财经-2021.epub: 2 articles" in stderr


def test_a_filtered_book_is_the_book_of_a_full_read(jekyll_site: Path, tmp_path: Path) -> None:
    (jekyll_site / "_posts" / "2022-02-01-broken.html").write_text(
        "---\ntitle: 坏\ncategories: [财经]\n---\n" + "<div>" * 3000, encoding="utf-8"
    )
    filtered, full = tmp_path / "filtered", tmp_path / "full"
    code, _, stderr = run("epub", str(jekyll_site), "--category", "财经", "--year", "2021", "-o", str(filtered))
    assert code == 0, stderr
    assert "2022-02-01-broken.html" not in stderr  # a body of another book is never cleaned
    assert run("epub", str(jekyll_site), "-o", str(full))[0] == 0
    assert (filtered / "财经-2021.epub").read_bytes() == (full / "财经-2021.epub").read_bytes()
    assert [path.name for path in filtered.iterdir()] == ["财经-2021.epub"]


def test_filters_volumes_and_single_file_output(jekyll_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.epub"
    code, _, stderr = run("epub", str(jekyll_site), "--category", "财经", "--year", "2021", "-o", str(out))
    assert code == 0, stderr
    assert out.is_file()
    code, _, _ = run("epub", str(jekyll_site), "--category", "财经", "-o", str(tmp_path / "two.epub"))
    assert code == 2  # two books do not fit in one file
    volumes = tmp_path / "volumes"
    code, _, stderr = run(
        "epub", str(jekyll_site), "--category", "财经", "--by", "all", "--max-articles", "2", "-o", str(volumes)
    )
    assert code == 0, stderr
    assert sorted(path.name for path in volumes.iterdir()) == ["财经-v1.epub", "财经-v2.epub"]


def test_vertical_and_cover_options_reach_the_book(jekyll_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.epub"
    cover = jekyll_site / "assets" / "dot.gif"
    code, _, stderr = run(
        "epub", str(jekyll_site), "--category", "tech-news", "--vertical", "--cover", str(cover), "-o", str(out)
    )
    assert code == 0, stderr
    with zipfile.ZipFile(out) as book:
        assert b'page-progression-direction="rtl"' in book.read("EPUB/content.opf")
        assert "EPUB/images/cover.gif" in book.namelist()


def test_a_year_without_articles_is_an_error_line_naming_the_closest(jekyll_site: Path, tmp_path: Path) -> None:
    code, _, stderr = run("epub", str(jekyll_site), "--year", "1999", "-o", str(tmp_path / "none"))
    assert code == 1
    assert stderr.strip() == "newsfmt: no article of 1999; the closest: 2021, 2022"
    assert not (tmp_path / "none").exists()


def test_example_site(tmp_path: Path) -> None:
    code, _, stderr = run("epub", str(EXAMPLE_SITE), "-o", str(tmp_path))
    assert code == 0, stderr
    books = sorted(path.name for path in tmp_path.glob("*.epub"))
    assert books and all(name.endswith(("-2024.epub", "-2025.epub")) for name in books)


def test_posts_without_category_go_to_the_site_book_or_the_named_one(jekyll_site: Path, tmp_path: Path) -> None:
    post = "---\ntitle: 无类\ndate: 2021-06-01 10:00:00 +0800\n---\n<p>没有分类。</p>\n"
    (jekyll_site / "_posts" / "2021-06-01-bare.html").write_text(post, encoding="utf-8")
    code, _, stderr = run("epub", str(jekyll_site), "--year", "2021", "-o", str(tmp_path / "a"))
    assert code == 0, stderr
    assert "测试站-2021.epub" in {path.name for path in (tmp_path / "a").iterdir()}
    code, _, stderr = run("epub", str(jekyll_site), "--default-category", "Misc", "-o", str(tmp_path / "b"))
    assert code == 0, stderr
    assert "misc-2021.epub" in {path.name for path in (tmp_path / "b").iterdir()}
