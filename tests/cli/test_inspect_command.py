"""The inspect command: a table or JSON lines on stdout, problems on stderr, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsfmt.cli import cli
from tests.conftest import EXAMPLE_SITE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_table_of_the_example_site() -> None:
    code, out, err = run("inspect", str(EXAMPLE_SITE))
    assert code == 0
    assert "临江" in out or "2025" in out
    assert "offset-less timestamps read as UTC" in err


def test_json_lines_parse_and_carry_the_date_rule() -> None:
    code, out, _ = run("inspect", str(EXAMPLE_SITE), "--json", "--naive-dates", "local")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 16
    assert any("naive_dates: local" in row["date_rule"] for row in rows)
    assert all(row["date"][-6:] == "+08:00" for row in rows)


def test_bad_post_is_one_line_and_strict_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "2021-01-01-bad.md"
    bad.write_text("---\ntitle: [oops\n---\nbody\n", encoding="utf-8")
    code, out, err = run("inspect", str(bad))
    assert out.startswith("date")  # an empty table, the problem goes to stderr
    assert code == 0
    assert err.strip().startswith(f"{bad}:") and "invalid YAML" in err
    code, _, err = run("inspect", str(bad), "--strict")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_path_is_a_usage_error() -> None:
    code, _, err = run("inspect", "/nonexistent/site")
    assert code == 2
    assert "does not exist" in err


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "newsfmt", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "newsfmt" in done.stdout


def test_nothing_a_post_says_reaches_the_terminal_as_an_escape_sequence(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsfmt.cli import cli

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n", encoding="utf-8")
    hostile = '---\ntitle: "Hi\\e]0;owned\\u0007\\u009b2J"\n---\n<p>Body\u009b31m</p>\n'
    (site / "_posts" / "2024-01-01-evil.md").write_text(hostile, encoding="utf-8")
    for command in (["inspect", str(site)], ["text", str(site / "_posts" / "2024-01-01-evil.md")]):
        result = CliRunner().invoke(cli, command)
        assert "owned" in result.stdout, command  # the title is shown, without its escapes
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream, command
