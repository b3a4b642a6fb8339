"""newsfmt reads every post as real Jekyll 4 does: URL, date (as an instant), categories, tags, title.

Runs the installed ``jekyll`` on a copy of each site (see ``tests/support/jekyll_oracle.py``) and
compares. Skipped where Jekyll or the shared corpus is absent.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import newsfmt
from tests.conftest import CORPUS, EXAMPLE_SITE
from tests.support.jekyll_oracle import jekyll_available, read_with_jekyll, unread_post_files

pytestmark = [
    pytest.mark.jekyll,
    pytest.mark.skipif(not jekyll_available(), reason="jekyll is not installed"),
]

SITES = {
    "example": EXAMPLE_SITE,
    "finews": CORPUS / "finews",
    "blog-brobertsaz": CORPUS / "blog-brobertsaz",
    "jekyll-feed-fixtures": CORPUS / "jekyll-feed-fixtures",
    "jekyll-fixtures": CORPUS / "jekyll-fixtures",
}

# Where Jekyll misreads a post whose intent is plain, newsfmt reads it as meant (and warns).
# Each deliberate difference is listed here by site and file; nothing else may differ.
DELIBERATE = {
    # A blank line before '---': Jekyll takes the whole header as body text, so the post loses its
    # title, date and category; newsfmt reads the header and reports a warning.
    ("finews", "_posts/2021-12-08-202112082206703990.md"): "blank line before the front matter",
}


def _relative(site: Path, article: newsfmt.Article) -> str:
    assert article.path is not None
    return article.path.relative_to(site).as_posix()


@pytest.fixture(scope="module", params=sorted(SITES))
def pair(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Any, Any]:
    name = request.param
    site = SITES[name]
    if not site.is_dir():
        pytest.skip(f"{site} is not present")
    jekyll_posts = read_with_jekyll(site, tmp_path_factory.mktemp(name))
    ours = newsfmt.load_site(site)
    return name, site, jekyll_posts, ours


def test_every_post_matches_jekyll(pair: tuple[str, Path, Any, Any]) -> None:
    name, site, jekyll_posts, ours = pair
    articles = {_relative(site, a): a for a in ours.articles}
    mismatches: list[str] = []
    for post in jekyll_posts:
        path = post["path"]
        if (name, path) in DELIBERATE:
            assert path in articles, f"{path}: newsfmt should read this post as meant"
            continue
        article = articles.get(path)
        if article is None:
            mismatches.append(f"{path}: Jekyll reads it, newsfmt does not")
            continue
        expected = {
            "url": post["url"],
            "date": datetime.fromisoformat(post["date"]),
            "categories": tuple(str(c) for c in post["categories"]),
            "tags": tuple(dict.fromkeys(str(t) for t in post["tags"])),
            "title": str(post["title"] or "").strip(),
            "id": post["id"],
        }
        actual = {
            "url": article.permalink,
            "date": article.date,
            "categories": article.categories,
            "tags": article.tags,
            "title": article.title,
            "id": article.id,
        }
        for key, value in expected.items():
            if actual[key] != value:
                mismatches.append(f"{path}: {key}: jekyll {value!r} != newsfmt {actual[key]!r}")
    assert not mismatches, "\n".join(mismatches)


def test_posts_jekyll_ignores_are_problems_or_held_back(pair: tuple[str, Path, Any, Any]) -> None:
    name, site, jekyll_posts, ours = pair
    # Hidden files (.gitkeep) are not input for either tool.
    ignored = {p for p in unread_post_files(site, jekyll_posts) if not Path(p).name.startswith(".")}
    read = {_relative(site, a) for a in ours.articles}
    errors = {p.path.relative_to(site).as_posix() for p in ours.problems if p.severity == "error" and p.path}
    held_back = {head.rel_path for head in _held_back(site)}
    assert errors | held_back == ignored, {
        "ignored by Jekyll only": sorted(ignored - errors - held_back),
        "problem or held back in newsfmt only": sorted((errors | held_back) - ignored),
    }
    assert not (read & ignored) or all((name, p) in DELIBERATE for p in read & ignored)


def _held_back(site: Path) -> list[Any]:
    """Posts newsfmt reads but leaves out by default, as Jekyll does: unpublished and future posts."""
    from newsfmt.readers.site import read_heads

    config = newsfmt.load_config(site)
    heads, _ = read_heads(config)
    everything = {a.path for a in newsfmt.load_site(site).articles}
    return [h for h in heads if h.path not in everything and h.path is not None and _is_post(h)]


def _is_post(head: Any) -> bool:
    return not head.draft
