"""Plain tables are read without walking every element: the text must be the walk's, to the character."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from newsfmt import clean_html, to_text
from newsfmt.cleaning import render
from newsfmt.cleaning.parse import parse_fragment

CELL_TEXT = st.lists(
    st.sampled_from(["株洲", "日报", "\n", " ", "\t", "\u3000", "&nbsp;", "abc", "“引”", "—", "1", "行\n行", "a\nb"]),
    max_size=4,
).map("".join)
INLINE = st.sampled_from(["<b>{}</b>", "<span>{}</span>", "<code>{}</code>", "{}<wbr>", "<i>x{}</i>y"])
LINK = st.sampled_from(['<a href="https://example.org/a">{}</a>', '<img src="https://example.org/i.png" alt="{}">',
                        "{}<br>x", "<p>{}</p>"])  # fmt: skip


@st.composite
def cells(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["td", "th"]))
    text = draw(CELL_TEXT)
    wrapper = draw(st.none() | INLINE | LINK)
    content = wrapper.format(text) if wrapper else text
    return f"<{tag}>{content}" + ("" if draw(st.booleans()) else f"</{tag}>")


@st.composite
def tables(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        row = "".join(draw(st.lists(cells(), max_size=4)))
        rows.append(f"<tr>{row}" + draw(st.sampled_from(["</tr>", "", "</tr>\n  "])))
    body = "".join(rows)
    group = draw(st.sampled_from(["{}", "<tbody>{}</tbody>", "<thead>{}</thead>", "<caption>c</caption>{}"]))
    loose = draw(st.sampled_from(["", "<td>loose</td>", "<th>head</th>"]))  # cells before the first row
    around = draw(st.sampled_from(["{}", "<ul><li>{}</li></ul>", "<blockquote>{}</blockquote>", "<pre>{}</pre>"]))
    return around.format(f"<table>{loose}{group.format(body)}</table>tail")


TEXT_CELL = st.sampled_from(["株洲", "12", "", " ", "a b", "\u3000行", "&nbsp;", "x\ny", "长沙\n市区", "—"])


@st.composite
def text_tables(draw: st.DrawFn) -> str:
    """Tables of rows of cells holding text alone (what cmark-gfm writes), in row groups or not."""
    width = draw(st.integers(1, 3))
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        length = width if draw(st.integers(0, 4)) else draw(st.integers(0, 4))  # mostly rows of one length
        tags = [draw(st.sampled_from(["td", "th"])) for _ in range(length)]
        cells = "".join(f"<{tag}>{draw(TEXT_CELL)}</{tag}>" for tag in tags)
        rows.append(f"<tr>{cells}</tr>" + draw(st.sampled_from(["", "\n"])))
    split = draw(st.integers(0, len(rows)))
    head, rest = "".join(rows[:split]), "".join(rows[split:])
    layout = draw(st.sampled_from(["{}{}", "<thead>{}</thead><tbody>{}</tbody>", "{}<tbody>{}</tbody>"]))
    return f"<table>{layout.format(head, rest)}</table>"


def _walked(html: str, width: int | None) -> str:
    """The text as the element-by-element walk reads every table."""
    fast = render._read_plain_table
    render._read_plain_table = lambda walker, table: False  # type: ignore[assignment]
    try:
        return to_text(html, width=width, links="references")
    finally:
        render._read_plain_table = fast  # type: ignore[assignment]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([None, 20]))
def test_plain_tables_read_as_the_walk_reads_them(html: str, width: int | None) -> None:
    assert to_text(html, width=width, links="references") == _walked(html, width)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_tables(), st.sampled_from([None, 20]))
def test_tables_of_text_cells_read_as_the_walk_reads_them(html: str, width: int | None) -> None:
    short_tables = render._TEXT_CELLS_FROM
    render._TEXT_CELLS_FROM = 0  # read as a long table would be
    try:
        text = to_text(html, width=width)
    finally:
        render._TEXT_CELLS_FROM = short_tables
    assert text == _walked(html, width)


def _read_text_cells(table: etree._Element) -> tuple[bool, render._TableReader]:
    reader = render._TableReader()
    return reader._read_text_cells(table, render._count(render._DESCENDANTS, table)), reader


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>1</td><td>株洲</td></tr><tr><td>2</td><td>日报</td></tr></table>",
        "<table>\n<thead>\n<tr>\n<th>序号</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
        "<table><tbody><tr><td>1</td></tr></tbody><tr><td>2</td><td></td></tr></table>",
    ],
)
def test_tables_of_text_cells_are_read_in_c(html: str) -> None:
    assert _read_text_cells(parse_fragment(html)[0])[0]


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>a<b>b</b></td></tr></table>",  # a cell holding an element
        "<table><tbody><td>a</td><tr><td>b</td></tr></tbody></table>",  # a cell outside the rows
        "<table><th>a</th><tr><td>b</td></tr></table>",
        "<table><tr><td>a</td></tr><caption>c</caption></table>",
        "<table><tbody><tbody><tr><td>a</td></tr></tbody></tbody></table>",
        "<table></table>",
    ],
)
def test_other_tables_are_left_to_the_reader_of_inline_cells(html: str) -> None:
    table = etree.fromstring(html)  # as written: an HTML parser would mend some of these
    read, reader = _read_text_cells(table)
    assert not read
    assert reader.cells == []


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<table><tr><td>a</td><td>株洲<b>日报</b></td></tr></table>", True),
        ("<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>", True),
        ('<table><tr><td><a href="https://example.org/">a</a></td></tr></table>', False),
        ("<table><caption>c</caption><tr><td>a</td></tr></table>", False),
        ("<table><tr><td>a<br>b</td></tr></table>", False),
    ],
)
def test_only_tables_of_plain_cells_take_the_short_way(html: str, plain: bool) -> None:
    table = parse_fragment(html)[0]
    walker = render._Walker("image")
    assert render._read_plain_table(walker, table) is plain
    assert bool(walker.rows or walker.columns) is plain  # a table it cannot read is left to the walk, untouched


def test_header_rule_and_cjk_line_breaks_in_a_plain_table() -> None:
    html = "<table><tr><th>城市</th><th>n</th></tr><tr><td>长沙\n市区</td><td>&nbsp;1 </td></tr></table>"
    assert clean_html(html).text == "城市      n\n--------  -\n长沙市区  1"


def test_cells_before_the_first_row_make_a_row_of_their_own() -> None:
    table = parse_fragment("<table><th>a</th><tr><th>b</th><td>c</td></tr></table>")[0]
    walker = render._Walker("image")
    assert render._read_plain_table(walker, table)
    assert walker.columns == [["a", "b"], ["", "c"]]
    assert walker.header_row  # as the walk decides: a header cell in the first row
