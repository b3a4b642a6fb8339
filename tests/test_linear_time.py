"""Hostile sizes: no regular expression or loop is worse than linear on bodies, titles, tables or front matter.

Each test times one step on an input of size n and of size 2n and asserts that the time little more than
doubles (below 3x; quadratic code gives 4x, cubic 8x). A ratio, not a wall time, so that a slow or busy machine
does not fail the test and a fast one does not hide a quadratic loop. The sizes make the smaller run take a few
milliseconds at least, on the code before these cases were made linear.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable

import pytest

from newsfmt import NewsfmtError, SiteConfig, clean_html, parse_post, to_atom, to_epub, to_json_feed, to_rss, to_text
from newsfmt.cleaning.wrap import wrap_line
from newsfmt.exporters.epub.pages import cover_svg
from newsfmt.readers.frontmatter import split_post

MAX_RATIO = 3.0
FLOOR = 0.004
"""Seconds below which a time is noise: the smaller run counts as at least this long."""
CONFIG = SiteConfig(title="Linear", url="https://example.org", lang="zh-CN")


def _seconds(step: Callable[[str], object], argument: str) -> float:
    # The cycle collector is off while timing: late in a test run the heap holds what earlier tests left, and a
    # collection, which the larger input triggers more often, costs in proportion to that heap, not to the input.
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            started = time.perf_counter()
            step(argument)
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def assert_linear(step: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    """``step(make(2n))`` takes less than ``MAX_RATIO`` times ``step(make(n))``.

    Up to three tries, as another process can slow either run down; quadratic code fails all three.
    """
    small, large = make(n), make(2 * n)
    ratios = []
    for _ in range(3):
        ratio = _seconds(step, large) / max(_seconds(step, small), FLOOR)
        if ratio < MAX_RATIO:
            return
        ratios.append(round(ratio, 1))
    pytest.fail(f"time grows faster than the input: doubling it multiplied the time by {ratios}")


def _post(title: str, body: str = "正文。", date: str = "2021-12-31 08:00:00 +0800") -> str:
    return f"---\ntitle: {title!r}\ndate: {date}\n---\n{body}\n"


def _outputs(post: str, path: str = "2021-12-31-post.html") -> None:
    """Read a post and write it everywhere a title goes: feeds, a book, plain text."""
    article = parse_post(post, config=CONFIG, path=path)
    to_rss([article], CONFIG)
    to_atom([article], CONFIG)
    to_json_feed([article], CONFIG)
    to_text(article, width=72)
    to_epub([article], CONFIG, title=article.title)  # the book's title is on its generated cover


def _table(row: str, rows: int) -> str:
    return "<table>" + "".join(row.format(i=i) for i in range(rows)) + "</table>"


BODIES: dict[str, tuple[Callable[[int], str], int]] = {
    "doctypes": (lambda n: "<!doctype x" * n + "<p>after</p>", 2_000),
    "html tags never closed": (lambda n: "<html x" * n + "<p>after</p>", 2_000),
    "spaces then a word and a line break": (lambda n: "<p>" + " " * n + "x\ny</p>", 20_000),
    "ideographic spaces": (lambda n: "<p>" + "\u3000" * n + "x\ny</p>", 50_000),
    "no-break spaces": (lambda n: "<p>" + "&nbsp;" * n + "x\ny</p>", 20_000),
    "less-than signs": (lambda n: "<p>" + "<" * n + "</p>", 50_000),
    "ampersands": (lambda n: "<p>" + "&" * n + "</p>", 50_000),
    "tag starts never closed": (lambda n: "<p>" + "<a" * n + "</p>", 20_000),
    "a megabyte paragraph": (lambda n: "<p>" + "株洲日报，长株潭一体化。" * (n // 12) + "</p>", 500_000),
    "no sentence end": (lambda n: "<p>" + "株洲日报" * (n // 4) + "</p>", 200_000),
    "nested inline tags": (lambda n: "<span>" * n + "deep" + "</span>" * n, 950),
    # The HTML5 tree builder looks down the stack of open elements at every tag, so its time grows with the square
    # of the depth: elements deeper than MAX_DEPTH lose their tags before it runs (their text is kept).
    "nested blocks": (lambda n: "<blockquote><p>x</p>" * n + "</blockquote>" * n, 5_000),
    "blocks never closed": (lambda n: "<div>" * n + "deep", 40_000),
    "inline tags never closed": (lambda n: "<span><b>" * n + "deep", 20_000),
    "links": (lambda n: "<p>" + "".join(f'<a href="https://e.org/{i}">{i}</a>，' for i in range(n)) + "</p>", 5_000),
    "trailing navigation": (lambda n: "<p>正文。</p>" + '<p><a href="/">返回首页</a></p>\n' * n, 2_000),
    "table rows": (lambda n: _table("<tr><td>{i}</td><td>行{i}</td></tr>", n), 10_000),
    "table rows never closed": (lambda n: _table("<tr><td>{i}<td>行{i}", n), 10_000),
    "table of wide cells": (lambda n: _table("<tr><td>{i}</td><td>株洲日报，长株潭一体化{i}</td></tr>", n), 5_000),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BODIES))
def test_cleaning_is_linear(case: str) -> None:
    make, n = BODIES[case]
    assert_linear(clean_html, make, n)


@pytest.mark.parametrize("case", ["table rows never closed", "table of wide cells"])
def test_tables_through_every_output_are_linear(case: str) -> None:
    make, n = BODIES[case]
    assert_linear(lambda body: _outputs(_post("t", body)), make, n)


def test_book_of_a_long_table_is_linear() -> None:
    # The book alone (the article is read in the first of the three timed runs, which the best of them leaves out):
    # lxml detaches a subtree in time that grows with the square of its size, as rebuilding a table's rows did.
    read = functools.cache(lambda body: parse_post(_post("t", body), config=CONFIG, path="2021-12-31-post.html"))
    assert_linear(lambda body: to_epub([read(body)], CONFIG, title="t"), BODIES["table rows"][0], 20_000)


def test_markdown_table_through_every_output_is_linear() -> None:
    def table(rows: int) -> str:
        return "| 序号 | 内容 |\n|---|---|\n" + "".join(f"| {i} | 行{i} |\n" for i in range(rows))

    assert_linear(lambda body: _outputs(_post("t", body), path="2021-12-31-post.md"), table, 5_000)


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (lambda n: "<p>" + "x" * n + "</p>", 100_000),  # one word, cut into lines
        (lambda n: "<p>a" + "。" * n + "</p>", 50_000),  # closing marks glued to what precedes them
        (lambda n: "<p>" + "（" * n + "a</p>", 50_000),  # opening marks glued to what follows them
        (lambda n: "<p>" + "word " * (n // 5) + "</p>", 200_000),
    ],
)
def test_wrapped_text_is_linear(make: Callable[[int], str], n: int) -> None:
    assert_linear(lambda html: to_text(html, width=72, links="references"), make, n)


def test_wrapping_one_long_unit_is_linear() -> None:
    assert_linear(lambda text: wrap_line(text, 72, "> ", "> "), lambda n: "x" * n, 200_000)


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (lambda n: "株洲日报" * (n // 4), 70_000),  # a 140 KB title at 2n
        (lambda n: "<b>株洲</b>日报 " * (n // 12), 70_000),
        (lambda n: "<a" * (n // 2), 70_000),  # tag starts that no ">" ends
        (lambda n: "<script>" * (n // 8), 70_000),  # scripts that no end tag closes
        (lambda n: "<!--" * (n // 4), 70_000),
        (lambda n: "x" * n, 70_000),  # one word: the cover title is wrapped by hand
    ],
)
def test_titles_are_linear(make: Callable[[int], str], n: int) -> None:
    assert_linear(lambda title: _outputs(_post(title)), make, n)


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (lambda n: _post("t", date="2021-12-31" + " " * n + "x"), 20_000),  # spaces, then not a date
        (lambda n: "---\ntitle: " + " " * n + "x\n---\nbody", 100_000),
        (lambda n: "---\n" + "a: b\n" * (n // 5) + "---\nbody", 100_000),
    ],
)
def test_front_matter_is_linear(make: Callable[[int], str], n: int) -> None:
    def read(post: str) -> None:
        try:
            parse_post(post, config=CONFIG, path="2021-12-31-post.html")
        except NewsfmtError:  # a refused date is fine: only the time counts here
            split_post(post)

    assert_linear(read, make, n)


def test_generated_cover_title_is_linear() -> None:
    assert_linear(lambda title: cover_svg(title=title, subtitle="", footer=""), lambda n: "x" * n, 100_000)
