"""What the commands tell while they work: progress lines on a terminal only, ``--quiet`` and ``--verbose``, colour
(not under ``NO_COLOR``), plurals, Ctrl-C, and one line for an ``-o`` that names a file."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsfmt.cli
from newsfmt.builder.runner import BuildReport
from newsfmt.progress import SILENT
from newsfmt.terminal import TerminalProgress
from tests.conftest import SHARED

GENERATOR = SHARED / "tools" / "gen_corpus.py"
needs_generator = pytest.mark.skipif(not GENERATOR.is_file(), reason="the shared site generator is not present")
needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

_ESCAPE = re.compile(rb"\x1b\[")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(newsfmt.cli.cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _small_site(root: Path, *, bad: bool = True) -> Path:
    """Three posts in two categories (one post with a doubtful date: a warning) and, when ``bad``, one that
    cannot be read (an error)."""
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Feedback\nurl: https://f.example.org\n", encoding="utf-8")
    posts = {
        "2024-01-01-one.md": "---\ntitle: One\ncategories: [news]\ntags: [Harbour]\n---\n<p>One.</p>\n",
        "2024-01-02-two.md": "---\ntitle: Two\ncategories: [news]\n---\n<p>Two.</p>\n",
        "2023-05-03-three.md": "---\ntitle: Three\ncategories: [Sports Desk]\n---\n<p>Three.</p>\n",
    }
    if bad:
        posts["2024-01-04-bad.md"] = "---\ntitle: [unclosed\n---\nbody\n"
    for name, text in posts.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return root


# --- plurals -------------------------------------------------------------------------------------------------


def test_the_build_summary_counts_in_singular_and_plural() -> None:
    report = BuildReport(out=Path("out"), skipped=1)
    report.written.update({"feeds": 3, "epub": 1, "text": 1})
    assert report.summary() == "built 3 feeds, 1 book, 1 text (5 written, 0 unchanged); skipped 1 post"
    report.skipped, report.written["epub"] = 2, 0
    assert report.summary().endswith("0 books, 1 text (4 written, 0 unchanged); skipped 2 posts")


def test_command_messages_use_singular_for_one(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site")
    code, _, stderr = run("text", str(site), "--category", "Sports Desk", "-o", str(tmp_path / "t"))
    assert code == 0 and stderr.endswith(f"newsfmt: wrote 1 text file to {tmp_path / 't'}\n")
    code, _, stderr = run("epub", str(site), "--category", "sports-desk", "-o", str(tmp_path / "b"))
    assert code == 0 and stderr.endswith("sports-desk-2023.epub: 1 article\n")
    code, _, stderr = run("check", str(site))
    assert code == 1 and stderr.endswith("\n1 problem\n")


# --- not a terminal: the summary only; --quiet, --verbose ------------------------------------------------------


def test_off_a_terminal_a_build_tells_its_problems_and_one_summary(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site")
    code, stdout, stderr = run("build", str(site), "-o", str(tmp_path / "out"))
    lines = stderr.splitlines()
    assert code == 0 and stdout == ""
    assert len(lines) == 2 and "2024-01-04-bad.md" in lines[0] and ": error: " in lines[0]
    assert lines[1].startswith("newsfmt: built 9 feeds, 2 books, 3 texts (14 written, 0 unchanged); skipped 1 post")
    assert "\r" not in stderr and not _ESCAPE.search(stderr.encode())


def test_quiet_tells_errors_only(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site", bad=False)
    assert run("build", str(site), "-o", str(tmp_path / "out"), "-q") == (0, "", "")
    (site / "_posts" / "2024-01-04-bad.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    code, _, stderr = run("build", str(site), "-o", str(tmp_path / "out"), "--quiet")
    assert code == 0 and len(stderr.splitlines()) == 1 and ": error: " in stderr
    assert run("text", str(site), "-q", "-o", str(tmp_path / "t"))[0] == 0
    assert run("text", str(site), "-q", "-o", str(tmp_path / "t"))[2].count("\n") == 1  # the bad post only
    assert run("build", str(site), "-o", str(tmp_path / "out"), "-q", "-v")[0] == 2


def test_verbose_tells_each_file_written_and_removed_and_each_phase(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site", bad=False)
    out = tmp_path / "out"
    code, _, stderr = run("build", str(site), "-o", str(out), "--verbose")
    assert code == 0
    written = {line.removeprefix("wrote ") for line in stderr.splitlines() if line.startswith("wrote ")}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".newsfmt" not in str(p)}
    assert written == on_disk and len(written) == 14 + 10  # and 3 index pages, 3 OPDS, 2 covers, 2 thumbnails
    for phase in ("reading 3 posts: ", "writing 3 texts: ", "writing 9 feeds: ", "writing 2 books: "):
        assert re.search(rf"^newsfmt: {phase}\d+\.\d s$", stderr, re.MULTILINE), phase
    (site / "_posts" / "2023-05-03-three.md").unlink()
    _, _, stderr = run("build", str(site), "-o", str(out), "-v")
    removed = sorted(line.removeprefix("removed ") for line in stderr.splitlines() if line.startswith("removed "))
    (cover,) = [path for path in written if path.startswith("covers/sports-desk-2023-")]  # named by what it shows
    assert removed == [
        "categories/sports-desk/atom.xml",
        "categories/sports-desk/feed.json",
        "categories/sports-desk/feed.xml",
        "categories/sports-desk/index.html",
        cover,
        cover.replace("covers/", "covers/thumbnails/"),
        "epub/sports-desk-2023.epub",
        "opds/sports-desk.xml",
        "text/sports-desk/2023/2023-05-03-three.txt",
    ]
    assert all(not (out / path).exists() for path in removed)


def test_the_library_is_silent_by_default(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    site = _small_site(tmp_path / "site")
    report = newsfmt.build_site(site, tmp_path / "out")
    newsfmt.load_site(site, jobs=1)
    assert report.articles == 3 and capfd.readouterr() == ("", "")


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def start(self, phase: str, total: int) -> None:
        self.calls.append((phase, total))

    def advance(self, count: int = 1) -> None:
        self.calls.append(("+", count))

    def finish(self) -> None:
        self.calls.append(("end", 0))


def test_a_build_tells_each_phase_in_order_to_its_reporter(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site")
    recorder = _Recorder()
    newsfmt.build_site(site, tmp_path / "out", progress=recorder, overrides={"jobs": 1})
    phases = [(name, total) for name, total in recorder.calls if name not in ("+", "end")]
    assert phases == [("reading", 4), ("texts", 3), ("feeds", 9), ("books", 2)]
    done: dict[str, int] = {}
    current = ""
    for name, count in recorder.calls:
        if name == "+":
            done[current] += count
        elif name != "end":
            current, done[current] = name, 0
    assert done == dict(phases)
    assert recorder.calls.count(("end", 0)) == 4


def test_a_terminal_reporter_draws_each_phase_and_leaves_its_last_line(tmp_path: Path) -> None:
    stream = _Terminal()
    progress = TerminalProgress(stream, draw=True)
    progress.start("reading", 4)
    progress.advance(4)
    progress.finish()
    progress.start("feeds", 0)
    progress.finish()
    shown = stream.getvalue()
    assert "reading posts" in shown and "4/4" in shown and "writing feeds" in shown
    assert shown.endswith("\n") and shown.count("\x1b[?25h") == 2  # each phase gives the cursor back
    assert SILENT.start("reading", 1) is None  # the silent default takes the same calls


class _Terminal:
    """A text stream that says it is a terminal."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return True

    def getvalue(self) -> str:
        return "".join(self.parts)


# --- on a real terminal ----------------------------------------------------------------------------------------


def _in_terminal(
    args: list[str], *, env: dict[str, str] | None = None, when: Callable[[bytes], bool] | None = None
) -> tuple[int, bytes]:
    """Run ``python -m newsfmt ARGS`` with a pseudo-terminal as stdin, stdout and stderr; what it showed, and its exit
    code. ``when``, given what was shown so far, says when to press Ctrl-C (SIGINT to the process group)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsfmt", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, **(env or {}), "COLUMNS": "100"},
        start_new_session=True,
    )
    os.close(terminal)
    shown = b""
    interrupted = False
    deadline = time.monotonic() + 300
    for chunk in _chunks(controller, deadline):
        shown += chunk
        if when is not None and not interrupted and when(shown):
            os.killpg(process.pid, signal.SIGINT)
            interrupted = True
    os.close(controller)
    return process.wait(timeout=60), shown


def _chunks(controller: int, deadline: float) -> Iterator[bytes]:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the other end closed: the command ended
            return
        if not chunk:
            return
        yield chunk


@needs_pty
def test_on_a_terminal_each_phase_has_a_progress_line_and_problems_have_colour(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site")
    code, shown = _in_terminal(["build", str(site), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert code == 0, shown
    for label in (b"reading posts", b"writing texts", b"writing feeds", b"writing books"):
        assert label in shown
    assert b"\x1b[31m" in shown  # the bad post's error line, in red
    code, shown = _in_terminal(["build", str(site), "-o", str(tmp_path / "out")], env={"NO_COLOR": "1"})
    assert code == 0 and b"reading posts" in shown and b"\x1b[31m" not in shown and b"error" in shown
    code, shown = _in_terminal(["text", str(site), "-o", str(tmp_path / "texts")])
    assert code == 0 and b"reading posts" in shown and b"writing texts" in shown
    code, shown = _in_terminal(["build", str(site), "-o", str(tmp_path / "out"), "-q"])
    assert code == 0 and b"reading posts" not in shown and b"\x1b[31m" in shown  # errors only


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-post site from the shared generator: a build of it runs for seconds."""
    if not GENERATOR.is_file():
        pytest.skip("the shared site generator is not present")
    site = tmp_path_factory.mktemp("generated") / "site"
    command = [sys.executable, str(GENERATOR), "-n", "2000", "-o", str(site), "--seed", "1", "-q"]
    subprocess.run(command, check=True, capture_output=True)
    return site


@pytest.mark.slow
@needs_generator
@needs_pty
@pytest.mark.parametrize("command", ["build", "text"])
def test_ctrl_c_mid_work_exits_130_and_leaves_no_temporary_file(
    generated_site: Path, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    args = [command, str(generated_site), "-o", str(out)] + (["--jobs", "2"] if command == "build" else [])
    code, shown = _in_terminal(args, when=lambda shown: shown.count(b"/2000") > 20)  # mid-reading, bar drawn
    assert code == 130, shown[-500:]
    assert shown.rstrip().endswith(b"newsfmt: interrupted") and b"Traceback" not in shown
    assert shown.rfind(b"\x1b[?25h") > shown.rfind(b"\x1b[?25l")  # the cursor is given back
    time.sleep(0.5)  # workers end with the command
    assert not [path for path in out.rglob("*.tmp") if path.is_file()]
    if command == "build":  # the next build finishes the job
        assert subprocess.run([sys.executable, "-m", "newsfmt", "build", *args[1:], "-q"]).returncode == 0
        assert len(list(out.glob("text/*/*/*.txt"))) == 2000


# --- one line for an -o that names a file ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "text", "epub"])
def test_an_output_folder_that_is_a_file_is_one_line(tmp_path: Path, command: str) -> None:
    site = _small_site(tmp_path / "site", bad=False)
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    code, _, stderr = run(command, str(site), "-o", str(target))
    assert code == 1 and stderr.count("\n") == 1
    assert stderr.startswith(f"newsfmt: {target}: cannot write: this is a file")
    assert target.read_text(encoding="utf-8") == "mine"


# --- the root help and shell completion --------------------------------------------------------------------------


def test_the_root_help_shows_one_example_per_command() -> None:
    code, stdout, _ = run("--help")
    assert code == 0
    examples = stdout.split("Examples:")[1].split("\n\n")[0]
    for command in ("build", "feed", "epub", "text", "inspect", "check"):
        assert len(re.findall(rf"^ +newsfmt {command} ", examples, re.MULTILINE)) == 1, command
    assert "_NEWSFMT_COMPLETE=bash_source newsfmt" in stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_shell_completion_completes_commands_and_options(tmp_path: Path) -> None:
    script = subprocess.run(
        [sys.executable, "-m", "newsfmt"], env={**os.environ, "_NEWSFMT_COMPLETE": "bash_source"}, capture_output=True
    )
    assert b"_newsfmt_completion" in script.stdout
    words = {**os.environ, "_NEWSFMT_COMPLETE": "bash_complete", "COMP_WORDS": "newsfmt bu", "COMP_CWORD": "1"}
    completed = subprocess.run([sys.executable, "-m", "newsfmt"], env=words, capture_output=True, text=True)
    assert "plain,build" in completed.stdout.splitlines()


def test_problems_can_be_told_outside_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    newsfmt.cli.echo_problem(newsfmt.Problem(Path("a.md"), 2, "told from a thread", "warning"))
    assert capsys.readouterr().err == "a.md:2: warning: told from a thread\n"


def test_choices_are_case_insensitive(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site", bad=False)
    out = tmp_path / "out"
    assert run("build", str(site), "-o", str(out), "--only", "FEEDS,Text", "--by", "Month")[0] == 0
    assert (out / "feed.xml").is_file() and list(out.glob("text/*/*/*.txt")) and not (out / "epub").exists()
    code, stdout, _ = run("text", str(site / "_posts" / "2024-01-01-one.md"), "--links", "NONE")
    assert code == 0 and "One." in stdout
