"""A build killed at any moment leaves only complete files, and the next build finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsfmt
from tests.builder.test_build import tree
from tests.conftest import SHARED

GENERATOR = SHARED / "tools" / "gen_corpus.py"
KILL_AFTER = (1.0, 3.0, 6.0)

needs_generator = pytest.mark.skipif(not GENERATOR.is_file(), reason="the shared site generator is not present")


def _build(site: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that the kill reaches the worker processes too
    )


def _generated_site(site: Path, *, seed: int) -> Path:
    """A 3,000-post site from the shared generator: big enough for worker processes and a build of seconds."""
    command = [sys.executable, str(GENERATOR), "-n", "3000", "-o", str(site), "--seed", str(seed)]
    subprocess.run(command, check=True, capture_output=True)
    return site


@pytest.mark.slow
@needs_generator
def test_sigkill_at_several_moments(tmp_path: Path) -> None:
    site = _generated_site(tmp_path / "site", seed=7)
    reference = tmp_path / "reference"
    assert _build(site, reference).wait(timeout=900) == 0
    expected = tree(reference)

    out = tmp_path / "out"
    for delay in KILL_AFTER:
        process = _build(site, out)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        if not out.exists():
            continue
        for name, digest in tree(out).items():
            if Path(name).name.startswith(".") and name.endswith(".tmp"):
                continue  # an atomic write cut short: the next build clears it
            assert expected.get(name) == digest, f"{name} is incomplete or wrong after a kill at {delay} s"

    assert _build(site, out).wait(timeout=900) == 0
    assert tree(out) == expected
    assert not list(out.rglob("*.tmp"))


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.is_file():
            found.update(int(child) for child in children.read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.slow
@needs_generator
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    site = _generated_site(tmp_path / "site", seed=3)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(tmp_path / "out"), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its workers"
    process.send_signal(signal.SIGKILL)  # the build alone, as the OOM killer or a timeout would
    process.wait(timeout=60)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even the build's own error handling."""


def _site_of_three(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Converge\nurl: https://c.example.org\n", encoding="utf-8")
    for day in (1, 2, 3):
        post = f"---\ntitle: Day {day}\ncategories: [news]\n---\n<p>Day {day} happened.</p>\n"
        (root / "_posts" / f"2024-01-0{day}-day-{day}.md").write_text(post, encoding="utf-8")
    return root


def _killed_while_writing(site: Path, out: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """A build that stops dead before its feeds (``feeds``: the texts are written) or before saving its index
    (``index``: every output is written)."""
    from newsfmt.builder import cache, runner

    def die(*args: object, **kwargs: object) -> None:
        raise _Killed

    with monkeypatch.context() as patch:
        if where == "feeds":
            patch.setattr(runner, "_write_feeds", die)
        else:
            patch.setattr(cache.ArticleCache, "save_index", die)
        with pytest.raises(_Killed):
            newsfmt.build_site(site, out)


@pytest.mark.parametrize("where", ["feeds", "index"])
def test_a_killed_build_then_a_revert_converges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    site = _site_of_three(tmp_path / "site")
    out = tmp_path / "out"
    newsfmt.build_site(site, out)
    post = site / "_posts" / "2024-01-02-day-2.md"
    original = post.read_bytes()
    post.write_bytes(original.replace(b"happened", b"was edited"))
    _killed_while_writing(site, out, monkeypatch, where)
    post.write_bytes(original)  # the editor reverts
    newsfmt.build_site(site, out)
    clean = tmp_path / "clean"
    newsfmt.build_site(site, clean)
    assert tree(out) == tree(clean)


def test_a_killed_build_then_a_deleted_post_converges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site_of_three(tmp_path / "site")
    out = tmp_path / "out"
    newsfmt.build_site(site, out)
    added = site / "_posts" / "2024-01-04-day-4.md"
    added.write_text("---\ntitle: Day 4\ncategories: [news]\n---\n<p>Day 4.</p>\n", encoding="utf-8")
    _killed_while_writing(site, out, monkeypatch, "feeds")  # its text is written, the index never saved
    added.unlink()
    newsfmt.build_site(site, out)
    clean = tmp_path / "clean"
    newsfmt.build_site(site, clean)
    assert tree(out) == tree(clean)
    assert not list(out.rglob("*day-4*"))


@pytest.mark.slow
@needs_generator
def test_ctrl_c_exits_130_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    site = _generated_site(tmp_path / "site", seed=5)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C reaches the whole process group, workers included
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("text/*")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    time.sleep(0.5)  # workers end with the build
    assert not [path for path in out.rglob("*.tmp") if path.is_file()]
