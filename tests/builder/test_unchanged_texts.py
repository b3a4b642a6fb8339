"""A build leaves a text file alone when it holds the text already: a post read again because the config changed or
because a post it links (``post_url``) moved only rewrites its text when the text changed."""

from __future__ import annotations

from pathlib import Path

import newsfmt
from tests.conftest import forget_stamp

CONFIG = "title: Harbour Daily\nurl: https://daily.example.org\ndescription: {description}\n"
TARGET = """---
title: Harbour reopens
date: 2024-01-01 08:00:00 +0000
categories: [city]
---
<p>The harbour reopened today.</p>
"""
LINKING = """---
title: Harbour follow-up
date: 2024-01-02 08:00:00 +0000
categories: [city]
---
<p>See <a href="{% post_url 2024-01-01-harbour %}">the first report</a>.</p>
"""


def _site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG.format(description="News of the harbour"), encoding="utf-8")
    (root / "_posts" / "2024-01-01-harbour.md").write_text(TARGET, encoding="utf-8")
    (root / "_posts" / "2024-01-02-follow-up.md").write_text(LINKING, encoding="utf-8")
    return root


def _texts(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in (out / "text").rglob("*.txt")
    }


def test_a_linking_post_s_text_is_written_again_only_when_its_target_moved(tmp_path: Path) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    first = newsfmt.build_site(site, out)
    assert first.written["text"] == 2
    texts = _texts(out)
    linking = next(path for path, (data, _) in texts.items() if b"the first report" in data)
    assert b"https://daily.example.org/city/2024/01/01/harbour.html" in texts[linking][0]

    forget_stamp(out)  # the whole build, as after an edit of another post
    again = newsfmt.build_site(site, out)
    assert again.reread == 0  # the linking post is not rendered again: its target did not move
    assert sum(again.written.values()) == 0 and again.written_files == []
    assert _texts(out) == texts

    moved = TARGET.replace("categories: [city]", "categories: [city]\npermalink: /moved/harbour/")
    (site / "_posts" / "2024-01-01-harbour.md").write_text(moved, encoding="utf-8")
    third = newsfmt.build_site(site, out)
    assert third.written["text"] == 1  # the target's own text does not show its address: only the link changed
    assert b"https://daily.example.org/moved/harbour/" in (out / linking).read_bytes()


def test_a_new_description_rewrites_feeds_and_books_but_no_text(tmp_path: Path) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    newsfmt.build_site(site, out)
    texts = _texts(out)
    (site / "_config.yml").write_text(CONFIG.format(description="Tides and ships"), encoding="utf-8")
    report = newsfmt.build_site(site, out)
    assert (report.written["text"], report.unchanged["text"]) == (0, 2)
    assert _texts(out) == texts
    assert report.written["feeds"] > 0
    assert b"Tides and ships" in (out / "feed.xml").read_bytes()
    assert report.written["epub"] > 0  # a book carries the site's description
