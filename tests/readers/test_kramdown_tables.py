"""kramdown's table rule: a ``|`` inside a code span stays in its cell (Jekyll), where GFM splits the cell (Hugo).

The cells are compared with what Debian's ruby-kramdown (the one Jekyll uses) renders, where it is installed: on
rows written here and on the tables of the real Jekyll sites of the shared corpus that have such rows.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from newsfmt.readers.markup import render_body
from tests.conftest import CORPUS

TABLES = {
    "code-with-pipe": "| a | b |\n|---|---|\n| `x | y` | z |\n",
    "escaped-pipe-in-code": "| a | b |\n|---|---|\n| `a\\|b` | c |\n",
    "escaped-pipe-in-text": "| a | b |\n|---|---|\n| p \\| q | r |\n",
    "double-backticks": "| a | b |\n| --- | --- |\n| ``x | ` | y`` | z |\n",
    "no-outer-pipes": "a | b\n--|--\n`1 | 2` | 3\n",
    "header-code": "| `h | i` | j |\n|---|---|\n| 1 | 2 |\n",
}
CELLS = {
    "code-with-pipe": [["a", "b"], ["<code>x | y</code>", "z"]],
    "escaped-pipe-in-code": [["a", "b"], ["<code>a\\|b</code>", "c"]],
    "escaped-pipe-in-text": [["a", "b"], ["p | q", "r"]],
    "double-backticks": [["a", "b"], ["<code>x | ` | y</code>", "z"]],
}


def cells(rendered: str) -> list[list[str]]:
    """Each row's cells, as HTML with the whitespace at the edges dropped."""
    table = lxml_html.fragment_fromstring(rendered, create_parent="div").find(".//table")
    assert table is not None, rendered
    return [
        [
            re.sub(
                r"\s+", " ", (cell.text or "") + "".join(lxml_html.tostring(c, encoding="unicode") for c in cell)
            ).strip()
            for cell in row.iter("td", "th")
        ]
        for row in table.iter("tr")
    ]


@pytest.mark.parametrize("name", sorted(CELLS))
def test_a_pipe_in_a_code_span_stays_in_the_cell(name: str) -> None:
    assert cells(render_body(TABLES[name], ".md", kramdown_tables=True)) == CELLS[name]


def test_gfm_still_splits_there_for_hugo() -> None:
    assert cells(render_body(TABLES["code-with-pipe"], ".md")) == [["a", "b"], ["`x", "y`"]]


def test_code_outside_tables_and_in_fences_is_left_alone() -> None:
    body = "`p | q`\n\n```\n| a | b |\n|---|---|\n| `x | y` | z |\n```\n"
    assert render_body(body, ".md", kramdown_tables=True) == render_body(body, ".md")


def _kramdown(markdown: str) -> str:
    done = subprocess.run(
        ["ruby", "-rkramdown", "-e", "print Kramdown::Document.new(STDIN.read).to_html"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    return done.stdout


def _kramdown_available() -> bool:
    if shutil.which("ruby") is None:
        return False
    return subprocess.run(["ruby", "-rkramdown", "-e", ""], capture_output=True, check=False).returncode == 0


def _corpus_tables() -> dict[str, str]:
    """Each table of a real Jekyll post that has a ``|`` inside backticks in a row."""
    found: dict[str, str] = {}
    for post in sorted((CORPUS / "realsites").glob("*/**/_posts/**/*.md")):
        blocks = re.findall(r"(?m)^(?:[^\n]*\|[^\n]*\n){2,}", post.read_text(encoding="utf-8"))
        for number, block in enumerate(blocks):
            if re.search(r"^ {0,3}\|?[ :-]*-[ :|-]*$", block, re.M) and re.search(r"`[^`\n]*\|[^`\n]*`", block):
                found[f"{post.relative_to(CORPUS / 'realsites')}#{number}"] = block
    return found


@pytest.mark.skipif(not _kramdown_available(), reason="ruby with kramdown is not installed")
@pytest.mark.parametrize("name", sorted(TABLES))
def test_cells_are_kramdowns(name: str) -> None:
    assert cells(render_body(TABLES[name], ".md", kramdown_tables=True)) == cells(_kramdown(TABLES[name]))


@pytest.mark.skipif(not _kramdown_available(), reason="ruby with kramdown is not installed")
def test_real_sites_tables_are_kramdowns() -> None:
    tables = _corpus_tables()
    if not tables:
        pytest.skip("no real site of the corpus has such a table")
    differ = [
        name
        for name, block in tables.items()
        if cells(render_body(block, ".md", kramdown_tables=True)) != cells(_kramdown(block))
    ]
    assert not differ, differ
    assert len(tables) >= 3
