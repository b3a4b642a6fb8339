"""Hugo's summaries: ``summary`` front matter, ``<!--more-->``, and ``summaryLength`` words to the end of a
sentence (CJK characters counted one by one with ``hasCJKLanguage``). Where ``hugo`` is installed, the same small
site is built with a layout that prints each page's ``.Summary`` as plain text, the oracle."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import newsfmt
from tests.support.hugo_oracle import hugo_available

PAGES = {
    "auto.md": "First *para* one two three four five six. Second sentence here.\n\nAnother para.",
    "more.md": "Before the **divider** here.\n\n<!--more-->\n\nAfter it, never in the summary.",
    "heading.md": "# Heading\n\nOne two three four five six seven eight\nnine ten.",
    "cjk.md": "你好世界，这是一个测试。Hugo 是一个静态网站生成器。",
}
LAYOUT = "{{ range .Site.RegularPages }}{{ .File.LogicalName }}|{{ .Summary | plainify }}\x1e{{ end }}"


def _site(root: Path, config: str) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(f'baseURL = "https://example.org/"\ntitle = "t"\n{config}', encoding="utf-8")
    for name, body in PAGES.items():
        (posts / name).write_text(f"---\ntitle: {name}\ndate: 2020-01-01\n---\n{body}\n", encoding="utf-8")
    (posts / "given.md").write_text("---\ntitle: g\ndate: 2020-01-01\nsummary: Given.\n---\nBody.\n", "utf-8")
    return root


def _ours(site: Path) -> dict[str, str]:
    return {a.path.name: a.summary for a in newsfmt.load_site(site).articles if a.path is not None}


def test_summaries_by_divider_by_length_and_from_front_matter(tmp_path: Path) -> None:
    ours = _ours(_site(tmp_path, "summaryLength = 5\n"))
    assert ours["auto.md"] == "First para one two three four five six."
    assert ours["more.md"] == "Before the divider here."
    assert ours["given.md"] == "Given."
    assert ours["cjk.md"] == "你好世界，这是一个测试。Hugo 是一个静态网站生成器。"  # no sentence end after 5 spaces


def test_cjk_characters_count_as_words_with_has_cjk_language(tmp_path: Path) -> None:
    ours = _ours(_site(tmp_path, "summaryLength = 5\nhasCJKLanguage = true\n"))
    assert ours["cjk.md"] == "你好世界，"
    assert ours["auto.md"] == "First para one two three four five six."  # no CJK in it: counted by words


@pytest.mark.hugo
@pytest.mark.skipif(not hugo_available(), reason="hugo is not installed")
@pytest.mark.parametrize("config", ["summaryLength = 5\n", "summaryLength = 5\nhasCJKLanguage = true\n", ""])
def test_every_summary_matches_the_installed_hugo(tmp_path: Path, config: str) -> None:
    site = _site(tmp_path / "site", config)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (site / "layouts" / "index.html").write_text(LAYOUT, encoding="utf-8")
    subprocess.run(
        [shutil.which("hugo") or "hugo", "--source", str(site), "--quiet"],
        check=True,
        timeout=120,
        env={"HOME": str(tmp_path)},
    )
    built = (site / "public" / "index.html").read_text(encoding="utf-8")
    theirs = dict(entry.split("|", 1) for entry in built.split("\x1e") if entry.strip())
    assert {name: " ".join(summary.split()) for name, summary in theirs.items()} == _ours(site)
