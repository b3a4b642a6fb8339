"""The Jekyll oracle reads what real Jekyll reads: checked on the example site and the shared corpus."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, EXAMPLE_SITE
from tests.support.jekyll_oracle import (
    DUMP_NAME,
    JekyllOracleError,
    jekyll_available,
    post_files,
    read_with_jekyll,
    unread_post_files,
)

needs_jekyll = pytest.mark.skipif(not jekyll_available(), reason="jekyll is not installed")

# The example site's post files that Jekyll leaves out of a default build, and why.
HELD_BACK = [
    "_posts/2025-05-01-embargoed-budget.md",  # published: false
    "_posts/2099-01-01-city-in-2099.md",  # dated in the future
]
DRAFT = "_drafts/metro-fare-consultation.md"


def by_path(posts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {post["path"]: post for post in posts}


@pytest.fixture(scope="module")
def example_posts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return read_with_jekyll(EXAMPLE_SITE, tmp_path_factory.mktemp("example"))


def test_post_files_lists_every_file_below_post_folders(tmp_path: Path) -> None:
    for name in [
        "_posts/2024-01-02-a.md",
        "_posts/nested/2024-01-03-b.html",
        "_posts/notes.txt",
        "news/_posts/2024-01-04-c.md",
        "_drafts/d.md",
        "_drafts/.html",
        "_site/_posts/2024-01-05-built.md",
        "_private/_posts/2024-01-06-hidden.md",
        ".git/_posts/2024-01-07-object.md",
        "about.md",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\n---\n", encoding="utf-8")

    assert post_files(tmp_path) == [
        "_posts/2024-01-02-a.md",
        "_posts/nested/2024-01-03-b.html",
        "_posts/notes.txt",
        "news/_posts/2024-01-04-c.md",
    ]
    assert post_files(tmp_path, drafts=True)[:2] == ["_drafts/.html", "_drafts/d.md"]
    assert unread_post_files(tmp_path, [{"path": "_posts/2024-01-02-a.md"}]) == [
        "_posts/nested/2024-01-03-b.html",
        "_posts/notes.txt",
        "news/_posts/2024-01-04-c.md",
    ]


@pytest.mark.jekyll
@needs_jekyll
def test_example_site_counts(example_posts: list[dict[str, Any]]) -> None:
    files = post_files(EXAMPLE_SITE)
    assert len(files) == 24
    assert len(example_posts) == len(files) - len(HELD_BACK) == 22
    assert unread_post_files(EXAMPLE_SITE, example_posts) == HELD_BACK
    assert DUMP_NAME not in {post["path"] for post in example_posts}


@pytest.mark.jekyll
@needs_jekyll
def test_example_site_urls(example_posts: list[dict[str, Any]]) -> None:
    posts = by_path(example_posts)
    # No offset: Jekyll reads the time as UTC, 04:30 the next day in Shanghai, and the URL follows that day.
    assert posts["_posts/2025-08-09-typhoon-preparations.md"]["url"] == "/city/2025/08/10/typhoon-preparations.html"
    assert posts["tech/_posts/2025-02-14-open-data-portal.md"]["url"] == "/tech/data/2025/02/14/open-data-portal.html"
    assert posts["_posts/2024-03-15-about-this-newsroom.md"]["url"] == "/special/our-story/"
    # Chinese categories and slugs are percent-encoded in the URL; the id keeps the slug as written.
    startup = posts["_posts/2025-03-08-女性创业者.md"]
    assert startup["url"] == "/%E7%BB%8F%E6%B5%8E/2025/03/08/%E5%A5%B3%E6%80%A7%E5%88%9B%E4%B8%9A%E8%80%85.html"
    assert startup["id"] == "/%E7%BB%8F%E6%B5%8E/2025/03/08/女性创业者"


@pytest.mark.jekyll
@needs_jekyll
def test_example_site_dates(example_posts: list[dict[str, Any]]) -> None:
    posts = by_path(example_posts)

    def instant(path: str) -> datetime:
        return datetime.fromisoformat(posts[path]["date"]).astimezone(UTC)

    assert instant("_posts/2025-03-02-riverside-night-market.md") == datetime(2025, 3, 2, 10, 46, 18, tzinfo=UTC)
    assert instant("_posts/2024-06-01-night-shift-bakers.md") == datetime(2024, 6, 1, 13, 0, tzinfo=UTC)
    # Quoted strings, date-only values and file-name dates are read in the site's time zone.
    assert posts["_posts/2024-05-20-library-opening-hours.md"]["date"] == "2024-05-20T07:30:00+08:00"
    assert posts["_posts/2024-12-31-year-in-review.html"]["date"] == "2024-12-31T00:00:00+08:00"
    assert posts["_posts/2024-09-10-ferry-timetable-change.md"]["date"] == "2024-09-10T00:00:00+08:00"


@pytest.mark.jekyll
@needs_jekyll
def test_example_site_metadata(example_posts: list[dict[str, Any]]) -> None:
    posts = by_path(example_posts)
    assert posts["_posts/2025-07-01-hotline-12345.md"]["title"] == 12345
    assert posts["_posts/2024-07-19-port-cargo-record.html"]["tags"] == ["shipping", "trade", "ports"]
    assert posts["_posts/2024-12-31-year-in-review.html"]["categories"] == ["city"]
    assert posts["tech/_posts/2025-02-14-open-data-portal.md"]["categories"] == ["tech", "data"]
    assert [post["date"] for post in example_posts] == sorted((post["date"] for post in example_posts), reverse=True)


@pytest.mark.jekyll
@needs_jekyll
def test_flags_bring_back_drafts_future_and_unpublished_posts(tmp_path: Path) -> None:
    posts = read_with_jekyll(EXAMPLE_SITE, tmp_path, drafts=True, future=True, unpublished=True)
    assert len(posts) == 25
    assert unread_post_files(EXAMPLE_SITE, posts, drafts=True) == []
    assert by_path(posts)[DRAFT]["draft"] is True
    assert not (EXAMPLE_SITE / "_site").exists()


@pytest.mark.jekyll
@needs_jekyll
def test_missing_include_is_reported_with_jekylls_reason(tmp_path: Path) -> None:
    site = tmp_path / "in"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2024-05-01-signed.md").write_text(
        "---\ntitle: Signed\n---\nBody.\n\n{% include signature.html %}\n", encoding="utf-8"
    )
    assert [post["title"] for post in read_with_jekyll(site, tmp_path / "quiet")] == ["Signed"]
    with pytest.raises(JekyllOracleError, match=r"signature\.html") as caught:
        read_with_jekyll(site, tmp_path / "loud", render_liquid=True)
    assert "Could not locate the included file 'signature.html'" in caught.value.reason
    assert ".rb:" not in str(caught.value)


# corpus site -> (posts Jekyll publishes, post files it leaves out) in a default build
CORPUS_EXPECTATIONS = {
    "finews": (101, ["_posts/-202205262391921712.md"]),
    "blog-brobertsaz": (208, []),
    "jekyll-feed-fixtures": (10, []),
    "jekyll-fixtures": (
        59,
        [
            "_posts/2008-02-02-not-published.markdown",
            "_posts/2008-02-03-wrong-extension.yml",
            "_posts/2013-03-19-not-a-post.markdown/.gitkeep",
            "_posts/2013-03-19-not-a-post/dubious.markdown",
            "_posts/include_relative/params.html",
            "_posts/include_relative/rel_include.html",
        ],
    ),
}


@pytest.mark.jekyll
@pytest.mark.corpus
@needs_jekyll
@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTATIONS))
def test_corpus_sites_build(name: str, tmp_path: Path) -> None:
    site = CORPUS / name
    if not site.is_dir():
        pytest.skip(f"shared corpus {name} is absent")
    count, left_out = CORPUS_EXPECTATIONS[name]
    posts = read_with_jekyll(site, tmp_path)
    assert len(posts) == count
    assert unread_post_files(site, posts) == left_out
