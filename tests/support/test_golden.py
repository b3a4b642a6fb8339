"""The golden-file helper: compares, fails readably, never creates a missing file unless regenerating."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import MAX_DIFF_LINES, assert_golden


@pytest.fixture(autouse=True)
def comparing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSFMT_REGEN", raising=False)


def test_equal_output_passes_for_text_and_bytes(tmp_path: Path) -> None:
    golden = tmp_path / "out.txt"
    golden.write_bytes("标题\nline\n".encode())
    assert_golden(golden, "标题\nline\n")
    assert_golden(golden, "标题\nline\n".encode())


def test_a_missing_file_fails_and_is_not_created(tmp_path: Path) -> None:
    golden = tmp_path / "missing.json"
    with pytest.raises(pytest.fail.Exception, match=r"missing.json is missing; create it with:\n  NEWSFMT_REGEN=1 "):
        assert_golden(golden, "{}\n")
    assert not golden.exists()


def test_a_difference_shows_where_and_how_to_regenerate(tmp_path: Path) -> None:
    golden = tmp_path / "feed.xml"
    golden.write_text("<a>\n  <b>old</b>\n</a>\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as info:
        assert_golden(golden, "<a>\n  <b>new</b>\n</a>\n")
    message = str(info.value)
    assert "first difference at line 2, column 6: '  <b>old</b>' -> '  <b>new</b>'" in message
    assert "-  <b>old</b>\n+  <b>new</b>" in message
    assert "NEWSFMT_REGEN=1 python -m pytest 'tests/support/test_golden.py::" in message


def test_the_diff_is_cut_and_line_endings_are_named(tmp_path: Path) -> None:
    golden = tmp_path / "long.txt"
    golden.write_text("".join(f"{n}\n" for n in range(200)), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as info:
        assert_golden(golden, "".join(f"{n}!\n" for n in range(200)))
    assert str(info.value).count("\n-") <= MAX_DIFF_LINES and "diff cut" in str(info.value)
    with pytest.raises(pytest.fail.Exception, match="only line endings or a final newline differ"):
        assert_golden(golden, "".join(f"{n}\r\n" for n in range(200)))
    with pytest.raises(pytest.fail.Exception, match="the files agree on 200 lines; then one of them ends"):
        assert_golden(golden, "".join(f"{n}\n" for n in range(201)))


def test_regenerating_writes_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFMT_REGEN", "1")
    golden = tmp_path / "new" / "feed.json"
    assert_golden(golden, b'{"items": []}\n')
    assert golden.read_bytes() == b'{"items": []}\n'
