"""Hostile posts through every output, one post at a time: the CPU seconds of each step (issue 12).

Not a test (``tests/test_linear_time.py`` holds the scaling property). Each case is one post file, read as a site
would read it (``parse_post``: front matter, Markdown, cleaning, plain text and summary), then written as a
plain-text file (``to_text``, wrapped at 72 columns), as RSS, Atom and JSON Feed entries and as a one-article
EPUB. The cases are those the issue names: an 80,000-row table (written in HTML, and as a Markdown table), thousands
of ``<!doctype``, a 140,000-character title, a 100,000-character run of spaces (in a body and in the title line).

Prints a Markdown table of CPU seconds (this process), the best of ``--repeat`` runs of each step: CPU time is
steadier than wall-clock time on a shared machine. To compare two versions of the code, run this script with
each one's ``src`` on ``PYTHONPATH`` in turn, several times alternately.

Usage::

    PYTHONPATH=src python benchmarks/bench_hostile.py [--rows 80000] [--repeat 3] [--case NAME ...]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from functools import partial

from newsfmt import Article, SiteConfig, parse_post, to_atom, to_epub, to_json_feed, to_rss, to_text

CONFIG = SiteConfig(title="Hostile", url="https://example.org", lang="zh-CN")
DATE = "2021-12-31 08:00:00 +0800"


def _post(body: str, title: str = "t") -> str:
    return f"---\ntitle: {title!r}\ndate: {DATE}\n---\n{body}\n"


def cases(rows: int) -> dict[str, tuple[str, str]]:
    """Case name → (post file name, post file text)."""
    html_table = "<table>" + "".join(f"<tr><td>{i}</td><td>行{i}</td></tr>" for i in range(rows)) + "</table>"
    markdown_table = "| 序号 | 内容 |\n|---|---|\n" + "".join(f"| {i} | 行{i} |\n" for i in range(rows))
    return {
        f"{rows:,}-row HTML table": ("2021-12-31-table.html", _post(html_table)),
        f"{rows:,}-row Markdown table": ("2021-12-31-table.md", _post(markdown_table)),
        "5,000 `<!doctype`": ("2021-12-31-doctype.html", _post("<!doctype x" * 5_000 + "<p>after</p>")),
        "140,000-character title": ("2021-12-31-title.html", _post("正文。", title="株洲日报" * 35_000)),
        "100,000 spaces in a body": ("2021-12-31-spaces.html", _post("<p>" + " " * 100_000 + "x\ny</p>")),
        "100,000 spaces in the title": (
            "2021-12-31-spaces-title.html",
            f"---\ntitle: {' ' * 100_000}x\ndate: {DATE}\n---\n正文。\n",
        ),
    }


def best_cpu(repeat: int, step: Callable[[], object]) -> tuple[float, object]:
    """The least CPU seconds of ``repeat`` runs of ``step`` (collector off while timing), and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            result = step()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best, result


def steps(article: Article) -> dict[str, Callable[[], object]]:
    """Each output of one article."""
    return {
        "text": lambda: to_text(article, width=72),
        "RSS": lambda: to_rss([article], CONFIG),
        "Atom": lambda: to_atom([article], CONFIG),
        "JSON": lambda: to_json_feed([article], CONFIG),
        "EPUB": lambda: to_epub([article], CONFIG, title="Hostile"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=80_000, help="rows of the tables")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each step (the best is reported)")
    parser.add_argument("--case", action="append", help="run only the cases whose name holds this (repeatable)")
    args = parser.parse_args()
    print("| post | read s | text s | RSS s | Atom s | JSON s | EPUB s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (path, text) in cases(args.rows).items():
        if args.case and not any(part in name for part in args.case):
            continue
        seconds, article = best_cpu(args.repeat, partial(parse_post, text, config=CONFIG, path=path))
        assert isinstance(article, Article)
        row = [seconds] + [best_cpu(args.repeat, step)[0] for step in steps(article).values()]
        print(f"| {name} | " + " | ".join(f"{value:.2f}" for value in row) + " |")


if __name__ == "__main__":
    main()
