"""Jekyll's config keys and discovery."""

from __future__ import annotations

from pathlib import Path

from newsfmt.model import SiteConfig
from newsfmt.readers.generators import FOLDER, JEKYLL


def _write(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("---\ntitle: t\n---\n", encoding="utf-8")


def test_config_keys() -> None:
    fields = JEKYLL.read_config(
        {"name": "Site", "url": "//example.org/", "baseurl": "news/", "locale": "zh_CN", "permalink": "pretty"}
    )
    assert fields["title"] == "Site"
    assert (fields["url"], fields["baseurl"]) == ("https://example.org", "/news")
    assert fields["lang"] == "zh-CN"
    assert fields["permalink"] == "/:categories/:year/:month/:day/:title/"
    assert fields["timezone"] == "UTC"


def test_discovery_takes_posts_below_folders_and_top_drafts(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "_posts/2021-01-01-a.md",
        "_posts/_skipped.md",
        "news/local/_posts/2021-01-02-b.md",
        "_drafts/c.md",
        "news/_drafts/d.md",
        "node_modules/_posts/2021-01-03-e.md",
    )
    config = SiteConfig(root=tmp_path, generator="jekyll")
    found = {source.rel_path: source for source in JEKYLL.discover(tmp_path, config, drafts=True)}
    assert sorted(found) == ["_drafts/c.md", "_posts/2021-01-01-a.md", "news/local/_posts/2021-01-02-b.md"]
    assert found["news/local/_posts/2021-01-02-b.md"].path_categories == ("news", "local")
    assert found["_drafts/c.md"].kind == "draft"
    without = JEKYLL.discover(tmp_path, config, drafts=False)
    assert all(source.kind == "post" for source in without)


def test_file_names_and_titles() -> None:
    assert JEKYLL.file_name_problem("post", dated=False)
    assert JEKYLL.file_name_problem("draft", dated=False) is None
    assert JEKYLL.default_title("hello-big-world") == "Hello Big World"
    assert JEKYLL.post_id("/news/2021/01/01/a.html", "a") == "/news/2021/01/01/a"


def test_folder_takes_every_post_file_outside_special_folders(tmp_path: Path) -> None:
    _write(tmp_path, "a/b/2021-02-03-x.md", "a/y.html", "_x/z.md", "a/notes.txt", ".git/w.md")
    found = FOLDER.discover(tmp_path, SiteConfig(root=tmp_path), drafts=False)
    assert sorted(source.rel_path for source in found) == ["a/b/2021-02-03-x.md", "a/y.html"]
    assert FOLDER.file_name_problem("page", dated=False) is None
