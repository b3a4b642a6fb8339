"""Jekyll's config rules on small sites of our own, each compared with what real ``jekyll build`` publishes.

``collections: posts: permalink:``, front-matter ``defaults`` (path, glob and type scopes, precedence),
``future``/``unpublished``/``show_drafts`` and ``exclude``/``include`` from ``_config.yml``. The comparisons with
Jekyll are skipped where it is not installed; the expectations written out here hold either way.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

import newsfmt
from tests.support.jekyll_oracle import jekyll_available, read_with_jekyll


def _site(root: Path, config: str, posts: dict[str, str]) -> Path:
    root.mkdir()
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for path, front_matter in posts.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(f"---\n{front_matter}---\nBody of {path}.\n", encoding="utf-8")
    return root


def _ours(site: Path, **flags: bool) -> dict[str, dict[str, Any]]:
    loaded = newsfmt.load_site(site, **flags)
    errors = [problem for problem in loaded.problems if problem.severity != "warning"]
    assert not errors, errors
    found: dict[str, dict[str, Any]] = {}
    for article in loaded.articles:
        assert article.path is not None
        found[article.path.relative_to(site).as_posix()] = {
            "url": article.permalink,
            "id": article.id,
            "date": article.date.replace(microsecond=0),
            "categories": list(article.categories),
            "author": article.authors[0].name if article.authors else None,
            "image": article.image.removeprefix("https://example.org") if article.image else None,
            "layout": article.extra.get("layout"),
        }
    return found


def _jekyll(site: Path, work: Path, **flags: bool) -> dict[str, dict[str, Any]]:
    return {
        post["path"]: {
            "url": post["url"],
            "id": post["id"],
            "date": datetime.fromisoformat(post["date"]),
            "categories": post["categories"],
            "author": post["author"],
            "image": post["image"],
            "layout": post["layout"],
        }
        for post in read_with_jekyll(site, work, **flags)
    }


DEFAULTS_CONFIG = """\
url: https://example.org
permalink: date
collections:
  posts:
    permalink: /news/:year/:month/:day/:title/
defaults:
  - scope: {path: ""}
    values: {author: Site Desk, layout: default}
  - scope: {path: "_posts", type: posts}
    values: {image: /img/default.png, categories: [wire]}
  - scope: {path: "sport/_posts"}
    values: {permalink: "/sport/:title.html", author: Sports Desk}
  - scope: {path: "_posts/2024-*"}
    values: {categories: [archive], layout: old}
  - scope: {path: "", type: pages}
    values: {author: Nobody}
  - scope: {path: "_posts", type: post}
    values: {layout: article}
  - scope: {path: "_posts"}
    values: {layout: not-chosen}
  - scope: {path: "_posts"}
"""
DEFAULTS_POSTS = {
    "_posts/2024-01-02-old.md": "title: Old\n",
    "_posts/2025-03-04-new.md": "title: New\nauthor: Jane\ncategories: local\npermalink:\n",
    "sport/_posts/2025-03-05-final.md": "title: Final\n",
    "_posts/2025-03-06-own.md": "title: Own\npermalink: /own/\nimage: /img/own.png\n",
}
DEFAULTS_EXPECTED = {
    # The collection's permalink, the glob's categories replacing the shorter path's (defaults do not unite them),
    # the glob's longer path winning the layout.
    "_posts/2024-01-02-old.md": {
        "url": "/news/2024/01/02/old/",
        "categories": ["archive"],
        "author": "Site Desk",
        "image": "/img/default.png",
        "layout": "old",
    },
    # Front matter wins, but a null keeps the default and categories unite with the defaults'; at equal path
    # length a set naming a type (the deprecated `post` is `posts`) wins over a later one without.
    "_posts/2025-03-04-new.md": {
        "url": "/news/2025/03/04/new/",
        "categories": ["wire", "local"],
        "author": "Jane",
        "image": "/img/default.png",
        "layout": "article",
    },
    "sport/_posts/2025-03-05-final.md": {
        "url": "/sport/final.html",
        "categories": ["sport"],
        "author": "Sports Desk",
        "image": None,
        "layout": "default",
    },
    "_posts/2025-03-06-own.md": {
        "url": "/own/",
        "categories": ["wire"],
        "author": "Site Desk",
        "image": "/img/own.png",
        "layout": "article",
    },
}

SELECTION_CONFIG = """\
future: true
unpublished: true
show_drafts: true
exclude: [old, "_posts/2020-*", lib]
include: [_private]
"""
SELECTION_POSTS = {
    "_posts/2099-01-01-future.md": "title: Future\n",
    "_posts/2024-01-01-hidden.md": "title: Hidden\npublished: false\n",
    "_posts/2024-01-02-plain.md": "title: Plain\n",
    "_drafts/draft.md": "title: Draft\n",
    "old/_posts/2024-02-02-old.md": "title: Old\n",
    "_posts/2020-05-05-excluded.md": "title: Excluded\n",
    "_private/_posts/2024-03-03-private.md": "title: Private\n",
    "lib/_posts/2024-03-04-lib.md": "title: Lib\n",
    "library/_posts/2024-03-05-library.md": "title: Library\n",  # `lib` is a prefix of it: excluded too
    "node_modules/_posts/2024-03-06-module.md": "title: Module\n",
}
SELECTION_READ = [
    "_drafts/draft.md",
    "_posts/2024-01-01-hidden.md",
    "_posts/2024-01-02-plain.md",
    "_posts/2099-01-01-future.md",
    "_private/_posts/2024-03-03-private.md",
]


DATES_CONFIG = "url: https://example.org\ntimezone: Asia/Shanghai\npermalink: /:year/:month/:day/:title/\n"
DATES_POSTS = {
    "_posts/2017-09-10-day-first.md": "title: Day first\ndate: 11-9-2017\n",
    "_posts/2018-09-26-two-dates.md": "title: Two dates\ndate: 2018-09-27 及 2018-09-28\n",
    "_posts/2018-09-26-double-colon.md": "title: Double colon\ndate: 2018-09-27 00:10::00\n",
    "_posts/2018-09-26-words.md": "title: Words\ndate: Sep 27, 2018 10:30 PM\n",
    "_posts/2018-09-26-named-zone.md": "title: Named zone\ndate: '2018-09-27 10:00 CST'\n",
}
DATES_EXPECTED = {
    "_posts/2017-09-10-day-first.md": ("/2017/09/11/day-first/", "2017-09-11T00:00:00+08:00"),
    "_posts/2018-09-26-two-dates.md": ("/2018/09/27/two-dates/", "2018-09-27T00:00:00+08:00"),
    "_posts/2018-09-26-double-colon.md": ("/2018/09/27/double-colon/", "2018-09-27T00:10:00+08:00"),
    "_posts/2018-09-26-words.md": ("/2018/09/27/words/", "2018-09-27T22:30:00+08:00"),
    "_posts/2018-09-26-named-zone.md": ("/2018/09/28/named-zone/", "2018-09-28T00:00:00+08:00"),
}


def test_dates_only_ruby_reads_are_read_as_jekyll_reads_them_with_a_warning(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", DATES_CONFIG, DATES_POSTS)
    ours = _ours(site)
    assert {path: (post["url"], post["date"].isoformat()) for path, post in ours.items()} == DATES_EXPECTED
    problems = newsfmt.load_site(site).problems
    warned = {p.path.name for p in problems if p.path is not None and "Time.parse" in p.message}
    assert warned == {PurePosixPath(path).name for path in DATES_POSTS}


def test_collection_permalink_and_defaults(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", DEFAULTS_CONFIG, DEFAULTS_POSTS)
    ours = _ours(site)
    assert {path: {k: post[k] for k in DEFAULTS_EXPECTED[path]} for path, post in ours.items()} == DEFAULTS_EXPECTED


def test_config_publishes_future_unpublished_drafts_and_filters_folders(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", SELECTION_CONFIG, SELECTION_POSTS)
    assert sorted(_ours(site)) == SELECTION_READ
    assert newsfmt.load_site(site, future=True).articles == newsfmt.load_site(site).articles


def test_without_those_keys_the_flags_decide(tmp_path: Path) -> None:
    config = "exclude: [old]\n"
    site = _site(tmp_path / "site", config, SELECTION_POSTS)
    assert "_posts/2099-01-01-future.md" not in _ours(site)
    assert "_posts/2099-01-01-future.md" in _ours(site, future=True)
    assert "_drafts/draft.md" in _ours(site, drafts=True, unpublished=True)
    assert "_private/_posts/2024-03-03-private.md" not in _ours(site)


@pytest.mark.parametrize(
    ("config", "posts", "flags"),
    [
        (DEFAULTS_CONFIG, DEFAULTS_POSTS, {}),
        (SELECTION_CONFIG, SELECTION_POSTS, {}),
        ("exclude: [old]\n", SELECTION_POSTS, {"future": True}),
        (DATES_CONFIG, DATES_POSTS, {}),
    ],
    ids=["defaults", "selection-by-config", "selection-by-flag", "ruby-dates"],
)
@pytest.mark.jekyll
@pytest.mark.skipif(not jekyll_available(), reason="jekyll is not installed")
def test_same_as_jekyll(tmp_path: Path, config: str, posts: dict[str, str], flags: dict[str, bool]) -> None:
    site = _site(tmp_path / "site", config, posts)
    assert _ours(site, **flags) == _jekyll(site, tmp_path / "work", **flags)
