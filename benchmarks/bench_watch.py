#!/usr/bin/env python3
"""Benchmark ``newsfmt watch``: from an edit saved to the outputs written, on a generated site.

The watcher runs in this process, in a thread (:func:`newsfmt.builder.watch.watch_site`, what ``newsfmt watch``
runs); after its first build, ``--edits`` posts spread over the site each get a new paragraph, one at a time, and
for each edit the script measures, from the moment the file was written:

* **outputs written**: until the newest modification time among the files the rebuild wrote (the last output
  renamed into place; a file's time is when its bytes were written, just before the rename);
* **rebuild reported**: until the watch reports the rebuild (after the build index is saved);
* **CPU**: user + system time of this process and of any worker process it waited for, for the rebuild.

The watch's own quiet time before a rebuild (its debounce) is part of both times. ``--only`` builds only some
kinds of outputs (as ``newsfmt build --only``). Run it against another checkout's code by putting that
checkout's ``src`` first on ``PYTHONPATH``: the script uses only :func:`watch_site`.

Usage (from the repository root, with the project's virtualenv Python)::

    python benchmarks/bench_watch.py [--posts 10000] [--site DIR] [--work DIR] [--edits 9] [--only feeds text]
"""

from __future__ import annotations

import argparse
import os
import queue
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feeds import generate

from newsfmt.builder.watch import Rebuild, watch_site


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _edited(posts: list[Path], count: int) -> list[Path]:
    step = max(1, len(posts) // count)
    return [posts[(index * step + step // 2) % len(posts)] for index in range(count)]


def measure(site: Path, out: Path, edits: int, only: list[str] | None) -> list[tuple[float, float, float]]:
    """(outputs written s, rebuild reported s, CPU s) of each edit."""
    builds: queue.Queue[tuple[float, Rebuild]] = queue.Queue()
    stop = threading.Event()
    overrides = {"only": frozenset(only)} if only else None

    def built(rebuild: Rebuild) -> None:
        builds.put((time.time(), rebuild))

    watcher = threading.Thread(
        target=watch_site, args=(site, out), kwargs={"on_build": built, "stop": stop, "overrides": overrides}
    )
    watcher.start()
    results: list[tuple[float, float, float]] = []
    try:
        builds.get(timeout=1_800)
        posts = sorted((site / "_posts").iterdir())
        for post in _edited(posts, edits):
            time.sleep(0.5)  # the watch idle, as between two saves
            data = post.read_bytes() + f"\n\nA paragraph added at {time.time_ns()}.\n".encode()
            cpu = _cpu()
            saved = time.time()
            post.write_bytes(data)
            reported, rebuild = builds.get(timeout=600)
            if rebuild.report is None:
                raise SystemExit(f"the rebuild failed: {rebuild.error}")
            written = [(out / name).stat().st_mtime for name in rebuild.report.written_files]
            results.append((max(written, default=reported) - saved, reported - saved, _cpu() - cpu))
    finally:
        stop.set()
        watcher.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="size of the generated site (default 10,000)")
    parser.add_argument("--site", type=Path, help="a site to edit instead of a generated one (it is edited!)")
    parser.add_argument("--work", type=Path, help="folder for the generated site and OUT (default: a temporary one)")
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--only", nargs="+", choices=("feeds", "epub", "text"))
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-watch-"))
    site = args.site or generate(args.posts, work)
    results = measure(site, work / "out", args.edits, args.only)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| edit | outputs written s | rebuild reported s | CPU s |")
    print("|---|---:|---:|---:|")
    for number, (written, reported, cpu) in enumerate(results, start=1):
        print(f"| {number} | {written:.3f} | {reported:.3f} | {cpu:.3f} |")
    medians = [statistics.median(column) for column in zip(*results, strict=True)]
    print("| median | {:.3f} | {:.3f} | {:.3f} |".format(*medians))


if __name__ == "__main__":
    main()
