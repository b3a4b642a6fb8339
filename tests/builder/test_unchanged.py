"""``newsfmt build`` with nothing changed stops before the site's config is read (the note of the last build and one
look at the site folder), and takes the whole build as soon as anything the build depends on is not as it was:
the config, a post, a data file, an include, the flags, the time, an output, a killed build's notes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsfmt.__main__
import newsfmt.readers.config
from newsfmt.builder import build_site, unchanged
from newsfmt.builder.unchanged import NOTE_NAME, SETTLING_SECONDS, Shortcut, site_state
from newsfmt.cli import cli
from tests.conftest import EXAMPLE_SITE

CACHE = ".newsfmt-cache"


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a site copied a moment ago count as settled (the tests change sizes or bytes, never only a time
    within the file system's tick)."""
    monkeypatch.setattr(unchanged, "SETTLING_SECONDS", 0)


class _Configs:
    """Counts the configs read: the whole build reads one, the early stop none."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read = 0
        load = newsfmt.readers.config.load_config

        def counted(*args: object, **kwargs: object) -> object:
            self.read += 1
            return load(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(newsfmt.readers.config, "load_config", counted)


@pytest.fixture
def configs(monkeypatch: pytest.MonkeyPatch) -> _Configs:
    return _Configs(monkeypatch)


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and CACHE not in p.relative_to(out).parts
    }


def _build(site: Path, out: Path, *flags: str) -> str:
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), *flags], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    return site


def _stops_early(site: Path, out: Path, configs: _Configs, *flags: str) -> bool:
    """Whether a build stops before reading the config; its outputs are those of a whole build either way."""
    before = configs.read
    _build(site, out, *flags)
    return configs.read == before


def test_an_unchanged_site_stops_before_its_config_is_read(tmp_path: Path, configs: _Configs) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    first = _build(site, out)
    tree = _tree(out)
    assert (out / CACHE / NOTE_NAME).is_file()
    again = _build(site, out)
    assert configs.read == 1
    assert _tree(out) == tree
    summary = again.splitlines()[-1]
    assert summary.startswith("newsfmt: built 27 feeds, 11 books, 22 texts (0 written, 60 unchanged)"), summary
    assert (
        first.splitlines()[-1].split(" in ")[0].replace("60 written, 0 unchanged", "0 written, 60 unchanged")
        == (summary.split(" in ")[0])
    )
    assert _stops_early(site, out, configs)


def test_every_change_takes_the_whole_build(tmp_path: Path, configs: _Configs) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    post = site / "_posts" / "2024-06-01-night-shift-bakers.md"
    changes = [
        lambda: (site / "_config.yml").write_text((site / "_config.yml").read_text() + "\n# a comment\n"),
        lambda: post.write_bytes(post.read_bytes().replace(b"bak", b"BAK", 1)),  # same size, other bytes
        lambda: post.rename(post.with_name("2024-06-02-night-shift-bakers.md")),
        lambda: (site / "_posts" / "2024-06-03-new.md").write_text("---\ntitle: New\n---\nNew.\n"),
        lambda: (site / "_posts" / "2024-06-03-new.md").unlink(),
        lambda: (site / "_data").mkdir(),
        lambda: (site / "_data" / "people.yml").write_text("ann: 1\n"),
        lambda: (site / "_includes").mkdir(exist_ok=True),
        lambda: (site / "_includes" / "note.html").write_text("<p>note</p>"),
        lambda: (site / "tech" / "_posts" / "2025-01-01-deep.md").write_text("---\ntitle: Deep\n---\nDeep.\n"),
    ]
    for change in changes:
        change()
        assert not _stops_early(site, out, configs)
        tree = _tree(out)
        assert _stops_early(site, out, configs)  # and the build after it stops again
        assert _tree(out) == tree
    assert "texts/tech" not in tree and any(name.endswith("deep.txt") for name in tree)


def test_other_flags_take_the_whole_build_and_undo_theirs(tmp_path: Path, configs: _Configs) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    plain = _tree(out)
    assert not _stops_early(site, out, configs, "--tag-feeds")
    assert any(name.startswith("tags/") for name in _tree(out))
    assert _stops_early(site, out, configs, "--tag-feeds")
    assert not _stops_early(site, out, configs)
    assert _tree(out) == plain
    assert not _stops_early(site, out, configs, "--summary-only")
    assert not _stops_early(site, out, configs, "--strict", "--allow-shrink")
    assert not (out / CACHE / NOTE_NAME).exists()  # a strict build never stops at a stamp, nor leaves a note


def test_what_became_of_out_takes_the_whole_build(tmp_path: Path, configs: _Configs) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    tree = _tree(out)
    (out / "feed.xml").unlink()
    assert not _stops_early(site, out, configs)
    assert _tree(out) == tree
    leftover = out / "text" / ".x.txt.123-4.tmp"
    leftover.write_text("half")
    assert not _stops_early(site, out, configs)
    assert not leftover.exists()
    (out / CACHE / "writing-99999").write_text("feed.xml\n")  # the notes of a killed build
    (out / "feed.xml").write_text("half a feed")
    assert not _stops_early(site, out, configs)
    assert _tree(out) == tree
    build_site(site, out)  # a build the command did not start (a library call, a watch) leaves no note
    assert not (out / CACHE / NOTE_NAME).exists()
    assert not _stops_early(site, out, configs)
    assert _stops_early(site, out, configs)


def test_a_note_that_is_not_one_is_ignored(tmp_path: Path, configs: _Configs) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    note = out / CACHE / NOTE_NAME
    good = json.loads(note.read_bytes())
    for bad in (b"", b"[]", b'{"format": 1}', b"\xff", json.dumps({**good, "key": "0" * 64}).encode()):
        note.write_bytes(bad)
        assert not _stops_early(site, out, configs)
    outside = {**good, "stamp": {**good["stamp"], "outputs": ["../../etc/passwd"]}}
    note.write_bytes(json.dumps(outside).encode())
    assert not _stops_early(site, out, configs)
    problems = {**good, "stamp": {**good["stamp"], "problems": [["a.md", 3, "made up", "warning"]]}}
    note.write_bytes(json.dumps(problems).encode())
    shown = CliRunner().invoke(cli, ["build", str(site), "-o", str(out)]).output
    assert "a.md:3: warning: made up" in shown  # a note is trusted as far as the stamp is: it reports, never runs


def test_time_passing_a_posts_date_takes_the_whole_build(tmp_path: Path) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    shortcut = Shortcut.prepare(site, out, {})
    build_site(site, out, shortcut=shortcut)
    assert shortcut.report() is not None
    assert shortcut.report(now=datetime(2099, 1, 2, tzinfo=UTC)) is None  # the example's post of 2099 is out


def test_the_state_of_the_site_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    state = site_state(str(site))
    assert state is not None and site_state(str(site)) == state
    (site / ".git").mkdir()
    (site / "_site").mkdir()
    with_folders = site_state(str(site))
    assert with_folders != state
    (site / ".git" / "index").write_text("what git does")  # folders no generator reads: their names only
    (site / "_site" / "index.html").write_text("what jekyll does")
    assert site_state(str(site)) == with_folders
    picture = site / "assets" / "images" / "new.png"
    picture.write_bytes(b"png")
    assert site_state(str(site)) != with_folders  # a book may show it
    out = site / "out"
    out.mkdir()
    before = site_state(str(site), skip=(str(out),))
    (out / "feed.xml").write_text("an output")
    assert site_state(str(site), skip=(str(out),)) == before
    (site / "linked").symlink_to(tmp_path, target_is_directory=True)  # a folder outside the site
    assert site_state(str(site), skip=(str(out),)) is None
    (site / "linked").unlink()
    (site / "loop").symlink_to(site, target_is_directory=True)
    assert site_state(str(site), skip=(str(out),)) is not None
    monkeypatch.setattr(unchanged, "SETTLING_SECONDS", 2)
    assert site_state(str(site)) is None  # files changed a moment ago: their times may not tell the next change


def test_a_cover_where_the_site_is_not_looked_at_counts(tmp_path: Path) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    cover = site / "public" / "cover.png"
    cover.parent.mkdir()
    cover.write_bytes(b"one")
    shortcut = Shortcut.prepare(site, out, {})
    key = shortcut.with_file(cover).key
    assert key is not None and key != shortcut.key
    cover.write_bytes(b"other")
    assert Shortcut.prepare(site, out, {}).key == shortcut.key
    assert Shortcut.prepare(site, out, {}).with_file(cover).key != key
    assert shortcut.with_file(site / "missing.png").key is None


def test_a_site_changed_a_moment_ago_leaves_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unchanged, "SETTLING_SECONDS", 3600)
    site, out = _site(tmp_path), tmp_path / "out"
    _build(site, out)
    assert not (out / CACHE / NOTE_NAME).exists()
    os.utime(site / "_config.yml")
    _build(site, out)
    assert not (out / CACHE / NOTE_NAME).exists()


def test_a_plain_build_is_answered_before_click_is_imported(tmp_path: Path) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    time.sleep(SETTLING_SECONDS + 0.1)  # the command's own settling time (not the fixture's): it runs apart
    command = [sys.executable, "-X", "importtime", "-m", "newsfmt", "build", str(site), "-o", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert re.search(r"^import time:.*\|\s+click$", first.stderr, re.MULTILINE)
    assert not re.search(r"^import time:.*\|\s+(click|yaml)$", again.stderr, re.MULTILINE)
    said = [line for line in again.stderr.splitlines() if not line.startswith("import time:")]
    assert len(said) == 1 and said[0].startswith("newsfmt: built 27 feeds, 11 books, 22 texts (0 written, 60 unch")


def test_the_plain_build_answered_early_is_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], configs: _Configs
) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    summary = _build(site, out, "-v").splitlines()[-1].split(" in ")[0]
    for args in (["-o", str(out), str(site)], [str(site), f"--output={out}", "-q"], [str(site), "-vo", str(out)]):
        capsys.readouterr()
        answered = newsfmt.__main__._answered_early(["build", *args]) is True
        told = capsys.readouterr().err
        if args[-1] == "-q":
            assert answered and told == ""
        elif args[1] == "-vo":  # a spelling the early reader leaves to the command
            assert not answered and told == ""
        else:
            assert answered and told.startswith(summary.replace("60 written, 0 unchanged", "0 written, 60 unchanged"))
    assert configs.read == 1
    (site / "_config.yml").write_text((site / "_config.yml").read_text() + "\n# edited\n")
    looked = newsfmt.__main__._answered_early(["build", str(site), "-o", str(out)])
    assert isinstance(looked, Shortcut) and looked.looks_at(site, out)  # the command builds with this look


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["feed", "s", "-o", "o"],
        ["build", "s"],
        ["build", "s", "-o"],
        ["build", "s", "t", "-o", "o"],
        ["build", "s", "-o", "o", "-o", "p"],
        ["build", "s", "-o", "o", "--drafts"],
        ["build", "s", "-o", "o", "-q", "-v"],
        ["build", "s", "-o", "-q"],
        ["build", "--", "s", "-o", "o"],
        ["build", "s", "-o", "o", "--help"],
    ],
)
def test_anything_but_a_plain_build_goes_to_the_command(args: list[str]) -> None:
    assert newsfmt.__main__._plain_build(args) is None


def test_a_new_source_date_epoch_writes_the_books_a_clean_build_would(
    tmp_path: Path, configs: _Configs, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the books' file times come from SOURCE_DATE_EPOCH: neither the note, the stamp nor a book's digest may
    # call a build with another value unchanged
    site, out, clean = _site(tmp_path), tmp_path / "out", tmp_path / "clean"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _build(site, out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert not _stops_early(site, out, configs)
    _build(site, clean)
    assert _tree(out) == _tree(clean)
    assert _stops_early(site, out, configs)


def test_the_look_gives_every_files_size_and_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    (site / "gone").symlink_to(site / "nothing-here")
    monkeypatch.setattr(unchanged, "SETTLING_SECONDS", 2)  # the copied files are fresh: the state is not told
    signatures: dict[str, tuple[int, int]] = {}
    assert site_state(str(site), signatures=signatures) is None
    posts = sorted((site / "_posts").iterdir())
    assert posts
    for post in posts:  # every file, not only those before the first fresh one
        info = post.stat()
        assert signatures[os.fspath(post)] == (info.st_mtime_ns, info.st_size)
    assert os.fspath(site / "gone") not in signatures  # a link to nothing is no file to the build


def test_a_post_edited_just_before_the_build_is_read_again_from_the_look(tmp_path: Path) -> None:
    """The build tells the changed posts from the look's sizes and times: it reads again what a build without the
    look reads again (the edited post and the posts linking it), and writes the edit."""
    site, out = _site(tmp_path), tmp_path / "out"
    twin, twin_out = tmp_path / "twin", tmp_path / "twin-out"
    shutil.copytree(site, twin)
    build_site(site, out, shortcut=Shortcut.prepare(site, out, {}))
    build_site(twin, twin_out)
    for folder in (twin, site):
        post = sorted((folder / "_posts").iterdir())[0]
        post.write_bytes(post.read_bytes() + b"\n\nA paragraph added just now.\n")
    shortcut = Shortcut.prepare(site, out, {})
    assert shortcut.signatures[os.fspath(post)] == (post.stat().st_mtime_ns, post.stat().st_size)
    report = build_site(site, out, shortcut=shortcut)
    assert 1 <= report.reread == build_site(twin, twin_out).reread
    texts = [path.read_text() for path in (out / "text").rglob("*.txt")]
    assert sum("A paragraph added just now." in text for text in texts) == 1
    assert build_site(site, out, shortcut=Shortcut.prepare(site, out, {})).reread == 0
