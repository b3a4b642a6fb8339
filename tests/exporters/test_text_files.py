"""Text files end as text files do: with one line break, in the build and in ``newsfmt text -o`` alike."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import newsfmt
from newsfmt.cli import cli
from tests.conftest import EXAMPLE_SITE


def _texts(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.txt")}


def test_every_text_file_ends_with_one_line_break(tmp_path: Path) -> None:
    newsfmt.build_site(EXAMPLE_SITE, tmp_path / "built", overrides={"only": "text"})
    built = _texts(tmp_path / "built" / "text")
    assert len(built) == len(newsfmt.load_site(EXAMPLE_SITE).articles)
    for name, data in built.items():
        assert data.endswith(b"\n") and not data.endswith(b"\n\n"), name
    result = CliRunner().invoke(cli, ["text", str(EXAMPLE_SITE), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert _texts(tmp_path / "cli") == built  # one text, whichever command wrote it


def test_wrapped_texts_end_with_one_line_break_too(tmp_path: Path) -> None:
    newsfmt.build_site(EXAMPLE_SITE, tmp_path, overrides={"only": "text", "text_width": 40, "text_links": "none"})
    texts = _texts(tmp_path / "text")
    assert texts and all(data.endswith(b"\n") and not data.endswith(b"\n\n") for data in texts.values())
