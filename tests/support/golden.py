"""Golden files: compare an output with its expected file, or rewrite the file when regenerating.

Every golden test calls :func:`assert_golden`. Run the tests with ``NEWSFMT_REGEN=1`` to write the
expected files after a deliberate change, then review the diff with ``git diff tests/``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "golden"
REGEN_VARIABLE = "NEWSFMT_REGEN"
MAX_DIFF_LINES = 40
MAX_LINE_CHARS = 200
EXCERPT_CHARS = 40


def regenerating() -> bool:
    """True when the run should rewrite golden files instead of comparing with them."""
    return os.environ.get(REGEN_VARIABLE) == "1"


def assert_golden(path: Path, actual: str | bytes) -> None:
    """Fail unless ``actual`` equals the file at ``path``; when regenerating, write it there instead.

    Text is stored as UTF-8 exactly as given (no newline translation). A missing file fails,
    never silently created, unless regenerating.
    """
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if regenerating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"golden file {_shown(path)} is missing; create it with:\n  {regen_command()}", pytrace=False)
    expected = path.read_bytes()
    if data != expected:
        pytest.fail(_difference_report(path, expected, data), pytrace=False)


def regen_command() -> str:
    """The command that regenerates the golden files of the running test."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    target = f" '{current}'" if current else ""
    return f"{REGEN_VARIABLE}=1 python -m pytest{target}"


def _shown(path: Path) -> str:
    """The path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(TESTS.parent))
    except ValueError:
        return str(path)


def _difference_report(path: Path, expected: bytes, actual: bytes) -> str:
    expected_lines = expected.decode("utf-8", "backslashreplace").splitlines()
    actual_lines = actual.decode("utf-8", "backslashreplace").splitlines()
    diff = difflib.unified_diff(expected_lines, actual_lines, "expected", "actual", n=2, lineterm="")
    shown = [_clipped(line) for _, line in zip(range(MAX_DIFF_LINES), diff, strict=False)]
    if len(shown) == MAX_DIFF_LINES:
        shown.append("... (diff cut; regenerate and use git diff for the rest)")
    return "\n".join(
        [
            f"output differs from golden file {_shown(path)}",
            _first_difference(expected_lines, actual_lines, len(expected), len(actual)),
            *shown,
            "If the change is meant, regenerate and review the diff:",
            f"  {regen_command()}",
        ]
    )


def _first_difference(expected: list[str], actual: list[str], expected_size: int, actual_size: int) -> str:
    """Where the first difference is, with a short excerpt of both sides (long lines hide it in the diff)."""
    for number, (old, new) in enumerate(zip(expected, actual, strict=False), start=1):
        if old != new:
            column = next((i for i, pair in enumerate(zip(old, new, strict=False)) if pair[0] != pair[1]), None)
            column = min(len(old), len(new)) if column is None else column
            start = max(column - EXCERPT_CHARS // 2, 0)
            excerpt_old = old[start : start + EXCERPT_CHARS]
            excerpt_new = new[start : start + EXCERPT_CHARS]
            return f"first difference at line {number}, column {column + 1}: {excerpt_old!r} -> {excerpt_new!r}"
    if len(expected) != len(actual):
        return f"the files agree on {min(len(expected), len(actual))} lines; then one of them ends"
    return f"only line endings or a final newline differ ({expected_size} bytes expected, {actual_size} actual)"


def _clipped(line: str) -> str:
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " ..."
