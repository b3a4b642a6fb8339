#!/usr/bin/env python3
"""Benchmark ``newsfmt build SITE -o OUT`` when nothing changed: the whole process, CPU and wall time.

After one full build (not timed), the script runs the same command ``--repeats`` times and measures each run's
CPU time (user + system of the process, from ``wait4``) and wall time. With several ``--src`` checkouts the runs
are interleaved (base, new, base, new …, which one goes first alternating by round), so that a machine whose load
changes affects every checkout alike; each checkout builds into its own OUT.

Usage (from the repository root, with the project's virtualenv Python)::

    python benchmarks/bench_nochange.py [--site DIR | --posts 10000] [--repeats 9] [--src LABEL=SRC_DIR ...]

Without ``--site``, a site of ``--posts`` posts is generated with the shared ``gen_corpus.py`` (seed 1).
``--src`` puts a checkout's ``src`` first on ``PYTHONPATH`` (default: the installed newsfmt, labelled
``installed``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feeds import generate


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run's CPU seconds (user + system) and wall seconds; raises when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site to build (default: one generated in --work)")
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--src", action="append", default=[], help="LABEL=DIR: a checkout's src folder")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsfmt-nochange-"))
    site = args.site or generate(args.posts, work)
    checkouts = [tuple(spec.split("=", 1)) for spec in args.src] or [("installed", "")]
    envs = {}
    for label, src in checkouts:
        env = dict(os.environ)
        if src:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(src).resolve()), env.get("PYTHONPATH")]))
        envs[label] = env
    commands = {label: [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(work / label)] for label in envs}
    for label, command in commands.items():
        run(command, envs[label])  # the full build the others find unchanged
        run(command, envs[label])  # and one that leaves the new stamp, if the first did not
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in envs}
    labels = list(envs)
    for round_number in range(args.repeats):
        order = labels if round_number % 2 == 0 else labels[::-1]
        for label in order:
            results[label].append(run(commands[label], envs[label]))
    print("| checkout | CPU s median (min–max) | wall s median (min–max) |")
    print("|---|---:|---:|")
    for label, runs in results.items():
        cpu, wall = [r[0] for r in runs], [r[1] for r in runs]
        print(
            f"| {label} | {statistics.median(cpu):.3f} ({min(cpu):.3f}–{max(cpu):.3f}) "
            f"| {statistics.median(wall):.3f} ({min(wall):.3f}–{max(wall):.3f}) |"
        )


if __name__ == "__main__":
    main()
