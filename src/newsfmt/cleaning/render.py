"""A clean tree to plain-text blocks, in one walk; then blocks to a string with the chosen link style.

Rendering is split in two so that one walk serves both the text and the summary: :func:`render_blocks`
collects paragraphs (whitespace collapsed, ``<br>`` kept as a hard break, links as markers) and
:func:`format_blocks` turns them into text with inline links, numbered references or none, and wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, repeat, zip_longest
from operator import attrgetter
from typing import NamedTuple, cast

from lxml import etree

from ..vocabulary import LINK_STYLES, BlockKind, LinkStyle
from .parse import text_content
from .whitespace import HARD_BREAK, collapse, display_width, display_widths
from .wrap import wrap_line

__all__ = ["Block", "Rendered", "format_blocks", "render_blocks", "strip_markers"]


_MARK_OPEN = "\x01"
_MARK_CLOSE = "\x02"
_MARKER = re.compile("\x01(\\d+)\x02")
_EDGE = " \u3000" + HARD_BREAK
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "figure", "figcaption", "hr"}
    | _HEADINGS
)
_TABLE_PARTS = frozenset({"tr", "td", "th", "caption", "thead", "tbody", "tfoot"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_SIMPLE: dict[str, BlockKind] = {"p": "para", **dict.fromkeys(_HEADINGS, "heading")}
_NOT_SIMPLE = frozenset({*_BLOCK_TAGS, *_TABLE_PARTS, "a", "img", "br"})
_SEPARATOR = "\x03"  # XML forbids it, so no text holds it; it is neither whitespace nor wide
_TAG = attrgetter("tag")  # attrgetter: map() then reads the elements' tags, texts, tails in C
_TEXT = attrgetter("text")


class Block(NamedTuple):
    """One paragraph-level piece of text (a named tuple: thousands are made per second)."""

    kind: BlockKind
    """``para``, ``heading``, ``item``, ``quote``, ``pre``, ``table`` or ``rule``."""
    text: str
    """Text with hard breaks and link markers (see :func:`strip_markers`)."""
    first_prefix: str = ""
    """Put before the first line (list marker, quote mark)."""
    rest_prefix: str = ""
    """Put before every other line."""
    tight: bool = False
    """Joined to the previous block by one line break instead of a blank line (list items)."""
    preformatted: bool = False
    """Never wrapped (``pre``, tables)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """The blocks of a body and the URLs their link markers point to."""

    blocks: tuple[Block, ...]
    """Blocks in document order."""
    links: tuple[str, ...]
    """URL of marker ``n`` at index ``n``."""


def strip_markers(text: str) -> str:
    """Block text without link markers, hard breaks as spaces (for summaries and patterns)."""
    if _MARK_OPEN in text:
        text = _MARKER.sub("", text)
    return text.replace(HARD_BREAK, " ")


class _Prefix:
    __slots__ = ("first", "rest", "used")

    def __init__(self, first: str, rest: str) -> None:
        self.first = first
        self.rest = rest
        self.used = False


class _Walker:
    """State of one walk; see :func:`render_blocks`."""

    def __init__(self, image_label: str) -> None:
        self.image_label = image_label
        self.blocks: list[Block] = []
        self.links: list[str] = []
        self.link_index: dict[str, int] = {}
        self.inline: list[str] = []
        self.prefixes: list[_Prefix] = []
        self.kinds: list[BlockKind] = []
        self.pre = 0
        self.list_depth = 0
        self.list_run = 0
        self.last_run = -1
        self.counters: list[int | None] = []
        self.link_starts: list[tuple[str | None, int]] = []
        self.table_depth = 0
        self.rows: list[list[str]] = []
        self.columns: list[list[str]] | None = None
        """A plain table's cells, column by column, when it was read without the walk (:func:`_read_plain_table`)."""
        self.header_row = False
        self.cell: list[str] | None = None
        self.caption = ""

    # -- inline -----------------------------------------------------------------------------------
    def add_text(self, text: str | None) -> None:
        if text:
            self.inline.append(text.replace("\n", HARD_BREAK) if self.pre else text)

    def open_link(self, href: str | None) -> None:
        self.link_starts.append((href, len(self.inline)))

    def close_link(self) -> None:
        href, start = self.link_starts.pop()
        if not href or ":" not in href:
            return  # relative (no base URL was known): useless outside the site
        label = collapse("".join(self.inline[start:])).strip(_EDGE)
        if _same_url(label, href):
            return
        index = self.link_index.get(href)
        if index is None:
            index = self.link_index[href] = len(self.links)
            self.links.append(href)
        self.inline.append(f"{_MARK_OPEN}{index}{_MARK_CLOSE}")

    def add_image(self, alt: str | None) -> None:
        alt = collapse(alt or "").strip()
        if self.inline and self.inline[-1].endswith("]"):
            self.inline.append(" ")
        self.inline.append(f"[{self.image_label}: {alt}]" if alt else f"[{self.image_label}]")

    # -- blocks -----------------------------------------------------------------------------------
    def flush(self) -> None:
        if not self.inline:
            return
        raw = "".join(self.inline)
        self.inline.clear()
        kind = self.kinds[-1] if self.kinds else "para"
        if self.pre:
            text = raw.strip("\n" + HARD_BREAK)
            if not text.strip():
                return
        else:
            text = collapse(raw).replace("\xa0", " ").strip(_EDGE)
            if not text:
                return
        self.emit(kind, text, self.pre > 0)

    def emit(self, kind: BlockKind, text: str, preformatted: bool = False) -> None:
        first = rest = ""
        if self.prefixes:
            first = "".join(p.rest if p.used else p.first for p in self.prefixes)
            rest = "".join(p.rest for p in self.prefixes)
            for prefix in self.prefixes:
                prefix.used = True
        tight = False
        if self.list_depth:
            tight = self.last_run == self.list_run
            self.last_run = self.list_run
        else:
            self.last_run = -1
        self.blocks.append(Block(kind, text, first, rest, tight, preformatted))

    # -- tables -----------------------------------------------------------------------------------
    def start_table(self) -> None:
        self.flush()
        self.table_depth += 1
        if self.table_depth == 1:
            self.rows = []
            self.header_row = False

    def end_table(self) -> None:
        self.table_depth -= 1
        if self.table_depth:
            return
        columns = _columns(self.rows) if self.columns is None else self.columns
        self.rows, self.columns = [], None
        if self.caption:
            self.emit("para", self.caption)
            self.caption = ""
        if columns and columns[0]:
            self.emit("table", _layout_table(columns, self.header_row), preformatted=True)

    def start_cell(self) -> None:
        if self.table_depth == 1:
            self.inline = []

    def end_cell(self, header: bool) -> None:
        if self.table_depth != 1:
            self.inline.append(" ")
            return
        text = collapse("".join(self.inline)).replace(HARD_BREAK, " ").replace("\xa0", " ").strip(_EDGE)
        self.inline = []
        if not self.rows:
            self.rows.append([])
        self.rows[-1].append(text)
        if header and len(self.rows) == 1:
            self.header_row = True


def _same_url(label: str, href: str) -> bool:
    if label == href:
        return True
    bare = href.split(":", 1)[-1].lstrip("/")
    return label in (bare, bare.rstrip("/"), href.rstrip("/"))


def _cell_width(cell: str) -> int:
    # A link marker takes no columns: it becomes the link style's text (nothing, a reference or the URL) only
    # after the table is laid out.
    return display_width(_MARKER.sub("", cell) if _MARK_OPEN in cell else cell)


def _columns(rows: list[list[str]]) -> list[list[str]]:
    """The columns of the rows that hold any text; a short row is padded with blanks, which rstrip removes."""
    return [list(column) for column in zip_longest(*(row for row in rows if any(row)), fillvalue="")]


_GAP = 2
"""Spaces between two columns."""


def _cell_widths(column: list[str]) -> list[int]:
    return list(map(_cell_width, column)) if _MARK_OPEN in "".join(column) else display_widths(column)


def _padded(column: list[str]) -> tuple[int, list[str]]:
    """The width of a column and its cells padded to it, each followed by the gap to the next column."""
    joined = "".join(column)
    if joined.isascii() and joined.isprintable():  # as wide as long: str.ljust pads it, in C
        width = max(map(len, column))
        return width, list(map(str.ljust, column, repeat(width + _GAP)))
    cell_widths = _cell_widths(column)
    width = max(cell_widths)
    return width, [cell + " " * (width + _GAP - used) for cell, used in zip(column, cell_widths, strict=True)]


def _layout_table(columns: list[list[str]], header: bool) -> str:
    # Column by column, so that most of the work is done by map, zip and join: tables of many rows exist.
    widths = []
    pieces = []
    for column in columns[:-1]:
        width, padded = _padded(column)
        widths.append(width)
        pieces.append(padded)
    last = columns[-1]
    pieces.append(last)  # not padded: padding at a line's end is stripped
    lines = list(map(str.rstrip, map("".join, zip(*pieces, strict=True))))
    if header and len(lines) > 1:
        widths.append(max(_cell_widths(last)))
        lines.insert(1, (" " * _GAP).join("-" * width for width in widths))
    return HARD_BREAK.join(lines)


def render_blocks(body: etree._Element, *, image_label: str = "image") -> Rendered:
    """Walk a clean tree once and collect its blocks (see :class:`Block`)."""
    walker = _Walker(image_label)
    walker.add_text(body.text)
    kinds: list[BlockKind] = []  # of the paragraphs of plain text, collapsed all together at the end
    raws: list[str] = []
    walked: list[tuple[int, list[Block]]] = []  # the other blocks, each run after so many of those paragraphs
    for child in body:
        kind = _SIMPLE.get(child.tag)
        raw = None if kind is None else (child.text or "") if len(child) == 0 else _inline_text(child)
        if kind is None or raw is None:
            _walk(walker, child)
        elif walker.inline:
            walker.flush()  # text before the paragraph
        if walker.blocks:
            walked.append((len(raws), walker.blocks))
            walker.blocks = []
        if raw and kind is not None:
            # The common case, a paragraph of plain inline text: lxml joins the text in C.
            kinds.append(kind)
            raws.append(raw)
            walker.last_run = -1  # as emit() at the top level, where no list or quote is open
        tail = child.tail
        if tail and (walker.inline or not tail.isspace()):
            walker.add_text(tail)
    walker.flush()
    if walker.blocks:
        walked.append((len(raws), walker.blocks))
    return Rendered(_merged(kinds, raws, walked), tuple(walker.links))


def _merged(kinds: list[BlockKind], raws: list[str], walked: list[tuple[int, list[Block]]]) -> tuple[Block, ...]:
    """The blocks of the plain paragraphs (their texts collapsed together) with the other blocks among them."""
    texts = _collapsed(raws)
    # What emit() gives at the top level: no prefix, not tight, not preformatted.
    made = list(map(_new_block, zip(kinds, texts, repeat(""), repeat(""), repeat(False), repeat(False))))
    if not walked:
        blocks = made
    else:
        blocks = []
        start = 0
        for position, run in walked:  # in one pass: inserting each run in place would be quadratic
            blocks += made[start:position]
            blocks += run
            start = position
        blocks += made[start:]
    if "" in texts:
        return tuple(block for block in blocks if block.text)  # nothing but spaces: no block
    return tuple(blocks)


_new_block = partial(tuple.__new__, Block)
"""A :class:`Block` from all six fields, without making the defaults in Python (thousands are made per second)."""


def _collapsed(raws: list[str]) -> list[str]:
    """Each text collapsed as a block's is (no-break spaces as spaces, edges stripped), all in a few calls.

    The texts are joined by a separator that ends every whitespace run, so that each is collapsed as alone.
    """
    joined = _SEPARATOR.join(raws)
    collapsed = collapse(joined).replace("\xa0", " ")
    texts = raws if collapsed == joined else collapsed.split(_SEPARATOR)  # most often as they are
    return list(map(str.strip, texts, repeat(_EDGE)))


def _inline_text(element: etree._Element) -> str | None:
    """The text of a block holding plain inline elements alone, not yet collapsed; None when it holds more."""
    if any(descendant.tag in _NOT_SIMPLE for descendant in element.iterdescendants()):
        return None  # a Python loop: iterdescendants(*tags) sets up a matcher of 30 tags at every call
    return text_content(element)


def _walk(walker: _Walker, top: etree._Element) -> None:
    walk = etree.iterwalk(top, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if event == "start":
            _start(walker, element, tag)
            if tag == "table" and walker.table_depth == 1 and not walker.pre and _read_plain_table(walker, element):
                walk.skip_subtree()  # its rows are read; the end event still comes and lays the table out
        else:
            _end(walker, element, tag)
            if element is not top:
                if walker.table_depth == 1 and walker.cell is None and tag in _TABLE_PARTS:
                    pass  # whitespace between rows and cells
                else:
                    walker.add_text(element.tail)


def _read_plain_table(walker: _Walker, table: etree._Element) -> bool:
    """Read the rows of a table whose cells hold plain inline text only (no link, image, break, block or
    caption), without walking every element; False, with nothing read, for any other table.

    The rows and header flag are those the walk would collect, in a fraction of the time: tables of tens of
    thousands of rows exist.
    """
    reader = _TableReader()
    if not reader.read(table):
        return False
    walker.columns = reader.columns()
    walker.header_row = reader.header_row
    return True


_OUTSIDE_PLAIN_CELLS = tuple(sorted(_NOT_SIMPLE - _TABLE_PARTS | {"caption"}))
"""What no plain table holds anywhere: links, images, breaks, blocks, tables, a caption."""
_STRUCTURE = ("tr", "td", "th", *sorted(_ROW_GROUPS))
_DESCENDANTS = etree.XPath("count(descendant::*)")
_CHILDREN = etree.XPath("count(*)")  # libxml2 counts in C, without an lxml element for each
_ROWS = etree.XPath("count(tr)")


_TEXT_CELLS_FROM = 500
"""Elements from which a table is first read as one of text cells alone (:meth:`_TableReader._read_text_cells`):
the counts that prove its shape cost more than they save on a short one."""


def _count(counter: etree.XPath, element: etree._Element) -> int:
    """What an XPath ``count(…)`` gives, counted by libxml2 in C without making an lxml element of each."""
    return int(cast(float, counter(element)))


class _TableReader:
    """Rows of a plain table, as :class:`_Walker` collects them: a ``tr`` opens a row, a cell joins the last one."""

    __slots__ = ("cells", "header_row", "row_length", "row_starts")

    def __init__(self) -> None:
        self.cells: list[str] = []
        """The raw text of every cell, in order."""
        self.row_starts: list[int] = []
        """Where each row starts in ``cells``, unless ``row_length`` is known."""
        self.row_length = 0
        """The number of cells of every row, when all have as many (and at least one)."""
        self.header_row = False

    def read(self, table: etree._Element) -> bool:
        """Read the rows and cells of ``table``; False when it holds anything but rows, row groups and cells of
        plain text."""
        descendants = _count(_DESCENDANTS, table)
        if descendants >= _TEXT_CELLS_FROM and self._read_text_cells(table, descendants):
            return True
        return self._read_inline_cells(table, descendants)

    def _read_text_cells(self, table: etree._Element, descendants: int) -> bool:
        """Read a table of rows (in row groups or not) of cells holding text alone, the usual long table; False,
        with nothing read, for any other table.

        lxml counts the rows and cells, and lists the rows' lengths and the cells' texts, in C, one element after
        another (a long table's nodes lie all over memory: each pass over them counts, and so does holding many
        elements at once); the counts prove the shape.
        """
        groups = 0
        direct_rows = _count(_ROWS, table)
        if _count(_CHILDREN, table) != direct_rows:  # row groups, or not a plain table
            for child in table:
                tag = child.tag
                if tag in _ROW_GROUPS:
                    groups += 1
                    direct_rows += _count(_ROWS, child)
                elif tag != "tr":
                    return False
        lengths = list(map(len, table.iterdescendants("tr")))
        texts = list(map(_TEXT, table.iterdescendants("td", "th")))
        # The table's children are rows and row groups; every row is a child of one of those; the descendants
        # are as many as those, the rows and the cells together; the rows' children are as many as the cells. So
        # a row group holds rows alone, the rows' children are the cells, and no cell holds an element. (The
        # parse leaves no comment, which lengths would count.)
        if (
            not lengths
            or len(lengths) != direct_rows
            or sum(lengths) != len(texts)
            or groups + len(lengths) + len(texts) != descendants
        ):
            return False
        self.cells = texts if None not in texts else [text or "" for text in texts]
        if lengths.count(lengths[0]) == len(lengths):
            self.row_length = lengths[0]
        else:
            self.row_starts = list(accumulate(lengths[:-1], initial=0))
        first_row = next(table.iterdescendants("tr"))
        self.header_row = next(first_row.iterchildren("th"), None) is not None
        return True

    def _read_inline_cells(self, table: etree._Element, descendants: int) -> bool:
        """Read a table whose cells may hold plain inline elements, or stand before any row.

        One pass over its rows, row groups and cells only (lxml skips the rest in C); a count proves that every
        other element lies in a cell.
        """
        if next(table.iterdescendants(*_OUTSIDE_PLAIN_CELLS), None) is not None:
            return False
        cells = self.cells
        row_starts = self.row_starts
        structure = in_cells = 0
        for element in table.iterdescendants(*_STRUCTURE):
            structure += 1
            tag = element.tag
            if tag == "tr":
                row_starts.append(len(cells))
                continue
            if tag in _ROW_GROUPS:
                continue
            if len(element) == 0:
                cells.append(element.text or "")
            else:
                inside = sum(1 for _ in element.iterdescendants())
                if next(element.iterdescendants(*_STRUCTURE), None) is not None:
                    return False  # a row or cell in a cell
                in_cells += inside
                cells.append(text_content(element))
            if not row_starts:
                row_starts.append(0)  # cells before any row make a row of their own
            if tag == "th" and len(row_starts) == 1:
                self.header_row = True
        # Every element is a row, a row group, a cell or in a cell: none stands between the rows and cells.
        return structure + in_cells == descendants

    def columns(self) -> list[list[str]]:
        """The columns of the rows that hold any text (see :func:`_columns`), each cell's text collapsed as
        :meth:`_Walker.end_cell` does, but all cells in one go."""
        if not self.cells:
            return []
        texts = _collapsed(self.cells)
        width = self.row_length
        if width and "" not in texts:
            return [texts[column::width] for column in range(width)]  # rows of one length, none blank
        starts = list(range(0, len(texts), width)) if width else self.row_starts
        return _columns([texts[start:end] for start, end in zip(starts, [*starts[1:], len(texts)], strict=True)])


def _start(walker: _Walker, element: etree._Element, tag: str) -> None:
    if walker.table_depth:
        if tag in ("td", "th", "caption") and walker.table_depth == 1:
            walker.cell = []
            walker.start_cell()
        elif tag == "tr" and walker.table_depth == 1:
            walker.rows.append([])
        elif tag == "table":
            walker.table_depth += 1
    elif tag in _BLOCK_TAGS:
        _start_block(walker, element, tag)
    if tag == "br":
        walker.inline.append(HARD_BREAK)
    elif tag == "img":
        walker.add_image(element.get("alt"))
    elif tag == "a":
        walker.open_link(element.get("href"))
    if walker.table_depth == 1 and walker.cell is None:
        return  # text directly in table, tr, thead …: layout whitespace
    walker.add_text(element.text)


def _start_block(walker: _Walker, element: etree._Element, tag: str) -> None:
    walker.flush()
    if tag == "table":
        walker.start_table()
    elif tag in ("ul", "ol", "dl"):
        if walker.list_depth == 0:
            walker.list_run += 1
        walker.list_depth += 1
        start = element.get("start") if tag == "ol" else None
        walker.counters.append(None if tag != "ol" else int(start) if start else 1)
        walker.kinds.append("item")
    elif tag == "li":
        counter = walker.counters[-1] if walker.counters else None
        if counter is not None:
            value = element.get("value")
            number = int(value) if value else counter
            walker.counters[-1] = number + 1
            marker = f"{number}. "
        else:
            marker = "- "
        walker.prefixes.append(_Prefix(marker, " " * len(marker)))
        walker.kinds.append("item")
    elif tag == "blockquote":
        walker.prefixes.append(_Prefix("> ", "> "))
        walker.kinds.append("quote")
    elif tag == "dd":
        walker.prefixes.append(_Prefix("  ", "  "))
        walker.kinds.append("item")
    elif tag == "pre":
        walker.pre += 1
        walker.kinds.append("pre")
    elif tag == "hr":
        walker.emit("rule", "* * *", preformatted=True)
    elif tag in _HEADINGS:
        walker.kinds.append("heading")


def _end(walker: _Walker, element: etree._Element, tag: str) -> None:
    if tag == "a":
        walker.close_link()
    if walker.table_depth:
        if tag in ("td", "th") and walker.table_depth == 1:
            walker.end_cell(tag == "th")
            walker.cell = None
        elif tag == "table":
            walker.end_table()
        elif tag in ("td", "th"):
            walker.inline.append(" ")
        elif tag == "caption" and walker.table_depth == 1:
            walker.caption = collapse("".join(walker.inline)).replace(HARD_BREAK, " ").strip(_EDGE)
            walker.inline = []
            walker.cell = None
        return
    if tag not in _BLOCK_TAGS:
        return
    walker.flush()
    if tag in ("ul", "ol", "dl"):
        walker.list_depth -= 1
        walker.counters.pop()
        walker.kinds.pop()
    elif tag in ("li", "blockquote", "dd"):
        walker.prefixes.pop()
        walker.kinds.pop()
    elif tag == "pre":
        walker.pre -= 1
        walker.kinds.pop()
    elif tag in _HEADINGS:
        walker.kinds.pop()


def _shared_quote(previous: Block, block: Block) -> str:
    # The blank line between two paragraphs of one quote keeps the quote mark: "> a\n>\n> b".
    shared = []
    for left, right in zip(previous.rest_prefix, block.first_prefix, strict=False):
        if left != right:
            break
        shared.append(left)
    prefix = "".join(shared)
    return prefix.rstrip() if ">" in prefix else ""


def _lay_out(block: Block, text: str, width: int | None) -> str:
    """The lines of one block (its text with link markers replaced): prefixed, wrapped when ``width``."""
    wrapped = bool(width) and not block.preformatted
    if not wrapped and HARD_BREAK not in text:
        line = block.first_prefix + text  # one line, the common case
        return line if block.preformatted else line.rstrip()
    if block.preformatted and not block.first_prefix and not block.rest_prefix:
        return text.replace(HARD_BREAK, "\n")  # a table or pre block outside lists and quotes, as it is
    out: list[str] = []
    for number, line in enumerate(text.split(HARD_BREAK)):
        prefix = block.first_prefix if number == 0 else block.rest_prefix
        if wrapped:
            out.extend(wrap_line(line, width or 0, prefix, block.rest_prefix))
        else:
            out.append((prefix + line).rstrip() if not block.preformatted else prefix + line)
    return "\n".join(out)


def format_blocks(rendered: Rendered, *, width: int | None = None, links: LinkStyle = "inline") -> str:
    """Join the blocks into text: one blank line between paragraphs, links as asked, wrapped when ``width``.

    Raises ValueError for an unknown link style (callers check options first).
    """
    if links not in LINK_STYLES:
        raise ValueError(f"links must be one of {', '.join(LINK_STYLES)}, not {links!r}")
    urls = rendered.links
    numbers: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if links == "inline":
            return f" <{urls[index]}>"
        if links == "references":
            number = numbers.setdefault(index, len(numbers) + 1)
            return f"[{number}]"
        return ""

    parts: list[str] = []
    previous = Block("para", "")
    for block in rendered.blocks:
        text = _MARKER.sub(replace, block.text) if _MARK_OPEN in block.text else block.text
        if parts:
            if block.tight:
                parts.append("\n")
            elif previous.rest_prefix and block.first_prefix:
                parts.append(f"\n{_shared_quote(previous, block)}\n")
            else:
                parts.append("\n\n")
        parts.append(_lay_out(block, text, width))
        previous = block
    if links == "references" and numbers:
        references = "\n".join(f"[{number}] {urls[index]}" for index, number in numbers.items())
        parts.append(("\n\n" if parts else "") + references)
    return "".join(parts)
