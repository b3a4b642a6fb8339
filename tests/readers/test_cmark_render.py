"""Markdown rendered through cmark-gfm gives its memory back, and the same HTML as cmarkgfm's own function."""

from __future__ import annotations

import sys
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from newsfmt.readers.cmark_render import markdown_to_html

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "site"
EXTENSIONS = ["table", "strikethrough"]
DOCUMENT = (
    "# Title\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n"
    + "段落 *强调* [链接](http://example.org) <b>raw</b> `code`\n\n- one\n- two\n\n> quote\n\n" * 200
)


def _theirs(text: str) -> str:
    html: str = cmarkgfm.markdown_to_html_with_extensions(text, options=Options.CMARK_OPT_UNSAFE, extensions=EXTENSIONS)
    return html


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.md")), ids=lambda path: path.name)
def test_same_html_as_cmarkgfm(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert markdown_to_html(text, Options.CMARK_OPT_UNSAFE, EXTENSIONS) == _theirs(text)


def test_same_html_for_tables_strikethrough_and_raw_html() -> None:
    html = markdown_to_html(DOCUMENT, Options.CMARK_OPT_UNSAFE, EXTENSIONS)
    assert html == _theirs(DOCUMENT)
    assert "<table>" in html and "<del>2</del>" in html and "<b>raw</b>" in html


def test_unknown_extension_is_refused() -> None:
    with pytest.raises(ValueError, match="no-such"):
        markdown_to_html("x", 0, ["no-such"])


def _resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_is_given_back() -> None:
    """cmarkgfm's function keeps each document's tree (about 1 MB for this one): 300 renders grew a process by
    hundreds of MB."""
    markdown_to_html(DOCUMENT, Options.CMARK_OPT_UNSAFE, EXTENSIONS)
    before = _resident_bytes()
    for _ in range(300):
        markdown_to_html(DOCUMENT, Options.CMARK_OPT_UNSAFE, EXTENSIONS)
    assert _resident_bytes() - before < 20_000_000
