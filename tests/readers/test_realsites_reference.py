"""Every post of the real Jekyll sites of the shared corpus reads as real Jekyll 4.3 read it.

``realsites/<site>/_reference/posts.json`` is ``site.posts`` as real Jekyll dumped it from exactly those files
(see each site's ``SOURCE.txt``): URL, id, date (instant and offset), title, categories and tags must be equal.
Needs no Jekyll; skipped where the shared corpus is absent.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

import newsfmt
from tests.conftest import CORPUS

REALSITES = CORPUS / "realsites"
SITES = sorted(p.parent.parent.name for p in REALSITES.glob("*/_reference/posts.json")) if REALSITES.is_dir() else []

# Posts newsfmt does not read as Jekyll does, and why (none left: keep the mechanism for the next one).
KNOWN: dict[tuple[str, str], str] = {}

pytestmark = pytest.mark.slow


def _expected(post: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": post["url"],
        "id": post["id"],
        "date": (datetime.fromisoformat(post["date"]), datetime.fromisoformat(post["date"]).utcoffset()),
        "title": str(post["title"] or "").strip(),
        "categories": tuple(str(c) for c in post["categories"]),
        "tags": tuple(dict.fromkeys(str(t) for t in post["tags"])),
    }


def _actual(article: newsfmt.Article) -> dict[str, Any]:
    return {
        "url": article.permalink,
        "id": article.id,
        "date": (article.date, article.date.utcoffset()),
        "title": article.title,
        "categories": article.categories,
        "tags": article.tags,
    }


@pytest.mark.skipif(not SITES, reason="the shared corpus of real sites is not present")
@pytest.mark.parametrize("name", SITES)
def test_every_post_reads_as_jekyll_read_it(name: str) -> None:
    site = REALSITES / name
    reference = json.loads((site / "_reference" / "posts.json").read_text(encoding="utf-8"))
    ours = {
        article.path.relative_to(site).as_posix(): article
        for article in newsfmt.load_site(site).articles
        if article.path is not None
    }
    mismatches: list[str] = []
    for post in reference:
        article = ours.get(post["path"])
        if (name, post["path"]) in KNOWN:
            continue
        if article is None:
            mismatches.append(f"{post['path']}: Jekyll reads it, newsfmt does not")
            continue
        expected, actual = _expected(post), _actual(article)
        mismatches.extend(
            f"{post['path']}: {key}: jekyll {expected[key]!r} != newsfmt {actual[key]!r}"
            for key in expected
            if expected[key] != actual[key]
        )
    assert not mismatches, "\n".join(mismatches)
    assert len(reference) - sum(site_name == name for site_name, _ in KNOWN) > 0


def test_known_differences_are_still_different() -> None:
    """A difference listed above that no longer occurs must leave the list."""
    for (name, path), why in KNOWN.items():
        site = REALSITES / name
        if not site.is_dir():
            pytest.skip("the shared corpus of real sites is not present")
        reference = {p["path"]: p for p in json.loads((site / "_reference" / "posts.json").read_text("utf-8"))}
        assert path in reference, why
        try:
            article: newsfmt.Article | None = newsfmt.load_post(site / path, newsfmt.load_config(site))
        except newsfmt.PostError:
            article = None
        assert article is None or _actual(article) != _expected(reference[path]), f"{path} now matches: unlist it"
