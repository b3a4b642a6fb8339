"""``clean_html`` on one body holding a table of many rows: closed cells, unclosed ``<td>``/``<tr>``, wide CJK cells.

Not a test (``tests/test_linear_time.py`` holds the scaling property). Prints a Markdown table: the best of
``--repeat`` runs of ``clean_html`` (wall-clock and CPU seconds) and, for comparison, of the parse alone
(``parse_fragment``), which the cleaner cannot make faster.

Usage::

    PYTHONPATH=src python benchmarks/bench_table.py [--rows 80000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from newsfmt import clean_html
from newsfmt.cleaning.parse import parse_fragment

TABLES: dict[str, str] = {
    "closed cells": "<tr><td>{i}</td><td>行{i}</td></tr>",
    "unclosed td and tr": "<tr><td>{i}<td>行{i}",
    "wide CJK cells": "<tr><td>{i}</td><td>株洲日报，长株潭一体化，株洲日报，长株潭一体化{i}</td></tr>",
}


def best_of(repeat: int, step: Callable[[], object]) -> tuple[float, float]:
    """The best wall-clock and the best CPU seconds (this process) of ``repeat`` runs: CPU time is steadier on a
    shared machine."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=80_000, help="rows per table")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (the best is reported)")
    args = parser.parse_args()
    print(f"| table ({args.rows:,} rows) | HTML | clean_html s | CPU s | of which parse s | CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in TABLES.items():
        html = "<table>" + "".join(row.format(i=i) for i in range(args.rows)) + "</table>"
        cleaned, cleaned_cpu = best_of(args.repeat, lambda html=html: clean_html(html))
        parsed, parsed_cpu = best_of(args.repeat, lambda html=html: parse_fragment(html))
        size = len(html.encode("utf-8")) / 1e6
        print(f"| {name} | {size:.1f} MB | {cleaned:.2f} | {cleaned_cpu:.2f} | {parsed:.2f} | {parsed_cpu:.2f} |")


if __name__ == "__main__":
    main()
