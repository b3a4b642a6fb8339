"""Hugo's ``cascade`` and the build options that keep a page out of every list (the fixture site checks the
rest against real Hugo)."""

from __future__ import annotations

from pathlib import Path

import newsfmt


def _page(path: Path, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{header}\n---\nBody.\n", encoding="utf-8")


def test_cascade_as_a_list_reaches_below_and_a_targeted_one_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    _page(tmp_path / "content" / "_index.md", "cascade:\n  - _target:\n      path: /none/**\n    headless: true")
    _page(tmp_path / "content" / "posts" / "_index.md", "cascade:\n  - Author: Cascaded\n    _build: {list: false}")
    _page(tmp_path / "content" / "posts" / "a" / "index.md", "title: hidden\ndate: 2021-01-01")
    _page(tmp_path / "content" / "posts" / "b.md", "title: shown\ndate: 2021-01-01\n_build: {list: always}")
    _page(tmp_path / "content" / "other" / "_index.md", "cascade: [unclosed")
    _page(tmp_path / "content" / "other" / "c.md", "title: untouched\ndate: 2021-01-01")
    site = newsfmt.load_site(tmp_path)
    assert sorted(article.title for article in site.articles) == ["shown", "untouched"]
    shown = next(article for article in site.articles if article.title == "shown")
    assert [author.name for author in shown.authors] == ["Cascaded"]
