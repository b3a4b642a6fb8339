#!/usr/bin/env python3
"""Benchmark ``newsfmt build`` beside Hugo's RSS build and Jekyll with jekyll-feed on generated news sites.

For each size (default 1,000 and 10,000 posts; add 100000 for the memory target) the script generates a site
with the shared ``gen_corpus.py`` (seed 1) and measures under ``/usr/bin/time -v`` (median wall time of
``--repeats`` runs, peak RSS of the whole process tree's largest process):

* ``newsfmt build SITE -o OUT``: every feed, book and text, from a cold start (OUT and its cache removed);
* ``newsfmt build SITE -o OUT --only feeds`` (cold);
* a one-post incremental rebuild: after a full build, one post gets a new paragraph, then the build runs again;
* ``hugo`` building a full-content RSS feed only, and Jekyll with jekyll-feed (1,000 posts and below unless
  ``--jekyll-max`` says otherwise: Jekyll needs about four minutes for 10,000).

Usage (from the repository root, with the project's virtualenv Python)::

    python benchmarks/bench_build.py [--sizes 1000 10000 100000] [--repeats 3] [--work DIR] [--out results.md]

The peers' harness (site generation, Hugo's full-content RSS templates, timing) is shared with
``bench_feeds.py``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feeds import generate, hugo_site, median_run, python_env, timed


def newsfmt(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsfmt", *args]


def cold(site: Path, out: Path, repeats: int, *extra: str) -> dict[str, Any]:
    runs = []
    for _ in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        runs.append(timed(newsfmt("build", str(site), "-o", str(out), *extra), env=python_env()))
    runs.sort()
    return {"wall": runs[len(runs) // 2][0], "rss": max(r[1] for r in runs), "runs": [round(r[0], 2) for r in runs]}


def incremental(site: Path, out: Path, repeats: int) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    timed(newsfmt("build", str(site), "-o", str(out)), env=python_env())
    post = sorted((site / "_posts").iterdir())[len(list((site / "_posts").iterdir())) // 2]
    original = post.read_bytes()
    runs = []
    try:
        for number in range(repeats):
            post.write_bytes(original + f"\n\n<p>Edited {number}.</p>\n".encode())
            runs.append(timed(newsfmt("build", str(site), "-o", str(out)), env=python_env()))
    finally:
        post.write_bytes(original)
    runs.sort()
    return {"wall": runs[len(runs) // 2][0], "rss": max(r[1] for r in runs), "runs": [round(r[0], 2) for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jekyll-max", type=int, default=1000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsfmt-bench-"))
    rows = ["| tool | task | posts | median wall s | posts/s | peak RSS MB | runs |", "|---|---|---|---|---|---|---|"]

    def row(tool: str, task: str, size: int, result: dict[str, Any]) -> None:
        rate = size / result["wall"] if result["wall"] else 0
        timing = [f"{result['wall']:.2f}", f"{rate:,.0f}", f"{result['rss']:.0f}", result["runs"]]
        cells = [tool, task, f"{size:,}", *timing]
        line = "| " + " | ".join(str(cell) for cell in cells) + " |"
        rows.append(line)
        print(line, flush=True)

    for size in args.sizes:
        site = generate(size, work)
        out = work / f"newsfmt-out-{size}"
        row("newsfmt", "build (feeds, books, texts), cold", size, cold(site, out, args.repeats))
        row("newsfmt", "build --only feeds, cold", size, cold(site, out, args.repeats, "--only", "feeds"))
        row("newsfmt", "one-post incremental rebuild", size, incremental(site, out, args.repeats))
        if shutil.which("hugo"):
            hugo = hugo_site(size, site, work)
            config = f"{hugo / 'config.toml'},{hugo / 'feedonly.toml'}"
            command = ["hugo", "--quiet", "-s", str(hugo), "-d", str(work / f"hugo-out-{size}"), "--config", config]
            row("hugo", "RSS only, full content", size, median_run(command, args.repeats))
        if shutil.which("jekyll") and size <= args.jekyll_max:
            command = ["jekyll", "build", "--quiet", "-s", str(site), "-d", str(work / f"jekyll-out-{size}")]
            row("jekyll", "build + jekyll-feed", size, median_run(command, 1))
    if args.out:
        args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
