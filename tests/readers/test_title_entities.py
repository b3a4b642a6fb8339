"""Character references in titles and author names read as a feed reader shows jekyll-feed's entries.

jekyll-feed passes a title through ``smartify`` (which turns ``&#160;`` and ``&eacute;`` into characters) and
``strip_html``; newsfmt decodes the references when it reads the front matter, so its Atom and RSS titles show the
same text. The first test compares with real ``jekyll build`` + jekyll-feed where they are installed; the realsites
test compares with the ``feed.xml`` jekyll-feed wrote for each real site of the shared corpus.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest

import newsfmt
from newsfmt import to_atom, to_rss
from tests.conftest import CORPUS
from tests.exporters.feeds.test_feed_jekyll_diff import jekyll_feed_available, run_jekyll

ENTITY_POSTS = {
    "2024-01-01-refs.md": 'title: "Talk by Justin&#160;Gehtland: Caf&eacute; &amp; Bar <b>bold</b>"\n'
    'author: "Justin&#160;Gehtland"\n',
    "2024-01-02-plain.md": "title: Q & A, R&D; 1 < 2\nauthor: Ann & Bob\n",
    "2024-01-03-numeric.md": 'title: "&#x4E2D;&#25991; &quot;quoted&quot; a &lt; b"\n',
}
SHOWN = {
    "Talk by Justin Gehtland: Café & Bar bold",
    "Q & A, R&D; 1 < 2",
    '中文 "quoted" a < b',
}
# jekyll-feed's smartify also curls quotes and dashes (newsfmt keeps the title as written: see compatibility.md),
# and newsfmt's feeds write a no-break space as a space: both are compared as plain ASCII here.
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "--", "—": "---", "…": "...", "\xa0": " "})


def shown(entry: Any) -> str:
    """The title as a reader shows it: an HTML title is rendered (tags dropped, references decoded)."""
    detail = entry.get("title_detail") or {}
    title = str(entry.get("title", ""))
    if "html" in str(detail.get("type", "")):
        title = html.unescape(re.sub(r"<[^>]*>", "", title))
    return title.translate(_PUNCTUATION)


def _site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("url: https://example.org\nplugins: [jekyll-feed]\n", encoding="utf-8")
    for name, front_matter in ENTITY_POSTS.items():
        (root / "_posts" / name).write_text(f"---\n{front_matter}---\nBody.\n", encoding="utf-8")
    return root


def _feeds(site: Path) -> dict[str, list[Any]]:
    loaded = newsfmt.load_site(site)
    return {
        writer.__name__: feedparser.parse(writer(loaded.articles, loaded.config, limit=0)).entries
        for writer in (to_atom, to_rss)
    }


def test_references_are_decoded_in_titles_and_names(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    for entries in _feeds(site).values():
        assert {shown(entry) for entry in entries} == SHOWN
    names = {author.name for article in newsfmt.load_site(site).articles for author in article.authors}
    assert names == {"Justin\xa0Gehtland", "Ann & Bob"}


@pytest.mark.jekyll
@pytest.mark.skipif(not jekyll_feed_available(), reason="jekyll with the jekyll-feed gem is not installed")
def test_titles_show_as_jekyll_feeds_do(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    theirs = {entry.id: shown(entry) for entry in feedparser.parse(run_jekyll(site)).entries}
    assert set(theirs.values()) == SHOWN
    ours = {entry.id: shown(entry) for entry in _feeds(site)["to_atom"]}
    assert ours == theirs


REALSITES = sorted(p.parent.parent.name for p in (CORPUS / "realsites").glob("*/_reference/feed.xml"))


@pytest.mark.slow
@pytest.mark.skipif(not REALSITES, reason="the shared corpus of real sites is not present")
@pytest.mark.parametrize("name", REALSITES)
def test_realsite_titles_and_authors_show_as_in_jekyll_feeds(name: str) -> None:
    site = CORPUS / "realsites" / name
    reference = feedparser.parse((site / "_reference" / "feed.xml").read_bytes()).entries
    ours = {entry.id: entry for entry in _feeds(site)["to_atom"]}
    differences = []
    for entry in reference:
        mine = ours.get(entry.id)
        if mine is None:
            differences.append(f"{entry.id}: not in newsfmt's feed")
            continue
        if shown(entry) != shown(mine):
            differences.append(f"{entry.id}: jekyll-feed {shown(entry)!r} != newsfmt {shown(mine)!r}")
        names = [a.get("name") for a in entry.get("authors", []) if a.get("name")]  # jekyll-feed writes empty ones
        if names != [a.get("name") for a in mine.get("authors", []) if a.get("name")]:
            differences.append(f"{entry.id}: authors {names} != {mine.get('authors')}")
    assert not differences, "\n".join(differences)
