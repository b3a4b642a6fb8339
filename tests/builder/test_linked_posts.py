"""A post that links others (``post_url``, ``link``) is rendered again only when a target's URL changed, and then
the outputs holding it are the same bytes as a clean build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import newsfmt
from newsfmt.builder import reading
from newsfmt.builder.cache import ArticleCache
from tests.conftest import forget_stamp

CONFIG = "title: Harbour Daily\nurl: https://daily.example.org\n"
POST = """---
title: {title}
date: 2024-01-0{day} 08:00:00 +0000
categories: [city]
---
<p>{body}</p>
"""
LINKING = POST.format(
    title="Harbour follow-up",
    day=5,
    body='See <a href="{% post_url 2024-01-01-harbour %}">the first report</a> and '
    '<a href="{% link _posts/2024-01-04-storm.md %}">the storm</a>.',
)


def _site(root: Path) -> Path:
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (posts / "2024-01-01-harbour.md").write_text(POST.format(title="Harbour", day=1, body="Open."), encoding="utf-8")
    (posts / "2024-01-02-tides.md").write_text(POST.format(title="Tides", day=2, body="High."), encoding="utf-8")
    (posts / "2024-01-05-follow-up.md").write_text(LINKING, encoding="utf-8")
    return root


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).parts[0].startswith(".")
    }


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the linking posts rendered, in order."""
    rendered: list[str] = []
    original = reading.render_linking_reads

    def counted(reads: list[reading.SourceRead], *args: object, **kwargs: object) -> list[reading.SourceRead]:
        rendered.extend(read.rel_path for read in reads if read.linked is not None)
        return original(reads, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "render_linking_reads", counted)
    return rendered


def _same_as_clean(site: Path, out: Path, tmp_path: Path) -> None:
    clean_site, clean = tmp_path / "clean-site", tmp_path / "clean"
    shutil.copytree(site, clean_site)
    newsfmt.build_site(clean_site, clean)
    assert _files(out) == _files(clean)


def test_editing_an_unrelated_post_renders_no_linking_post(tmp_path: Path, renders: list[str]) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    newsfmt.build_site(site, out)
    assert renders == ["_posts/2024-01-05-follow-up.md"]

    again = newsfmt.build_site(site, out)
    assert (again.reread, again.written_files, renders[1:]) == (0, [], [])

    tides = site / "_posts" / "2024-01-02-tides.md"
    tides.write_text(POST.format(title="Tides", day=2, body="Low."), encoding="utf-8")
    edited = newsfmt.build_site(site, out)
    assert (edited.reread, renders[1:]) == (1, [])
    assert not [path for path in edited.written_files if "follow-up" in path]
    _same_as_clean(site, out, tmp_path)


def test_a_target_that_moves_renders_the_linking_post_again(tmp_path: Path, renders: list[str]) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    newsfmt.build_site(site, out)
    harbour = site / "_posts" / "2024-01-01-harbour.md"
    moved = POST.format(title="Harbour", day=1, body="Open.").replace("---\n<p>", "permalink: /moved/\n---\n<p>")
    harbour.write_text(moved, encoding="utf-8")
    report = newsfmt.build_site(site, out)
    assert report.reread == 2 and renders[1:] == ["_posts/2024-01-05-follow-up.md"]
    follow_up = next(path for path in report.written_files if path.endswith("follow-up.txt"))
    assert "https://daily.example.org/moved/" in (out / follow_up).read_text(encoding="utf-8")
    _same_as_clean(site, out, tmp_path)


def test_a_target_that_appears_renders_the_linking_post_again(tmp_path: Path, renders: list[str]) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    first = newsfmt.build_site(site, out)
    assert any("no such post or file" in problem.message for problem in first.problems)  # the storm: not yet
    storm = site / "_posts" / "2024-01-04-storm.md"
    storm.write_text(POST.format(title="Storm", day=4, body="Wind."), encoding="utf-8")
    report = newsfmt.build_site(site, out)
    assert renders[1:] == ["_posts/2024-01-05-follow-up.md"]
    assert not any("no such post or file" in problem.message for problem in report.problems)
    _same_as_clean(site, out, tmp_path)


def test_unreadable_lookups_read_every_linking_post_again(tmp_path: Path, renders: list[str]) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    newsfmt.build_site(site, out)
    cache = ArticleCache(out / ".newsfmt-cache")
    cache.save_note("links", b"{not json")
    cache.close()
    forget_stamp(out)  # a build that reads the index, as after an edit of another post
    report = newsfmt.build_site(site, out)
    assert report.reread == 1 and renders[1:] == ["_posts/2024-01-05-follow-up.md"]
    assert report.written_files == []  # rendered again, the same
    _same_as_clean(site, out, tmp_path)
