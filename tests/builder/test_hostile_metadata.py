"""One bad post never stops the build: each of these is one problem line, or is read safely."""

from __future__ import annotations

import zipfile
from pathlib import Path

import feedparser
from click.testing import CliRunner

from newsfmt.cli import cli

POSTS = {
    "2024-01-01-id-list.md": "---\ntitle: A\nid: [1, 2]\n---\nx\n",
    "2024-01-02-lang-map.md": "---\ntitle: B\nlang: {a: 1}\n---\nx\n",
    "2024-01-03-far-date.md": "---\ntitle: C\ndate: 9999-12-31 23:59:59 -1200\n---\nx\n",
    "2024-01-04-controls.md": '---\ntitle: "D\\x01"\ncategories: ["a\\x01b", "c\\uFFFEd"]\ntags: ["t\\x02"]\n---\nx\n',
    "2024-01-06-after-2107.md": "---\ntitle: F\ndate: 2150-01-01\n---\nx\n",
    "2024-01-07-ok.md": "---\ntitle: G\n---\nfine\n",
}


def test_hostile_metadata_is_one_problem_each_and_the_build_goes_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: H\nurl: https://h.example.org\n", encoding="utf-8")
    for name, text in POSTS.items():
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    (site / "_posts" / "2024-01-05-name-\udcff.md").write_text("---\ntitle: E\n---\nx\n", encoding="utf-8")
    (site / "_posts" / "2024-01-06-title-\udcfe.md").write_text("no front matter: the title is the file's\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--future"])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 3 and "skipped 3 posts" in result.stderr
    assert any("id-list.md: error: id: expected text" in line for line in errors)
    assert any("lang-map.md: error: lang: expected text" in line for line in errors)
    for feed in out.rglob("*.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    titles = {entry.title for entry in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    assert {"D", "E", "F", "G", "Title"} <= titles
    assert (out / "categories" / "ab").is_dir()  # the control character is gone from the category
    for book in (out / "epub").iterdir():
        with zipfile.ZipFile(book) as archive:
            assert archive.testzip() is None


def test_a_post_with_thousands_of_terms_is_capped_with_a_warning(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: H\n", encoding="utf-8")
    terms = ", ".join(f"t{number}" for number in range(3000))
    post = f"---\ntitle: Many\ncategories: [{terms}]\ntags: [{terms}]\n---\nx\n"
    (site / "_posts" / "2024-01-01-many.md").write_text(post, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--tag-feeds"])
    assert result.exit_code == 0, result.stderr
    assert "categories: 3000 given; only the first 64 are kept" in result.stderr
    assert "tags: 3000 given; only the first 64 are kept" in result.stderr
    assert len(list((out / "categories").iterdir())) == 64 and len(list((out / "tags").iterdir())) == 64
