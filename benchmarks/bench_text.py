"""Clean + plain-text throughput beside inscriptis and ``pandoc -t plain``, on the same post bodies.

Not a test. Generates (or reuses) a synthetic Jekyll site with the shared generator, renders every body to
HTML once (Markdown included, outside the timings), then times:

* newsfmt: ``clean_html`` per body (sanitise, boilerplate, links, text and summary), one core;
  also with 2 worker processes, as a build on 2 cores would run it;
* inscriptis ``get_text`` per body, same process, same bodies (if installed);
* ``pandoc -f html -t plain --wrap=none`` over all bodies joined in one document, one process
  (if installed), the cheapest way to run it at this size.

Quality: a paragraph (``p``, ``h1``-``h6``, ``li`` of the input) counts as intact when its text, with
whitespace collapsed as a browser does (line breaks between CJK characters vanish), appears verbatim in
the tool's output for that body.

Usage::

    PYTHONPATH=src python benchmarks/bench_text.py [-n 10000] [--site DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path

from lxml import html as lxml_html

from newsfmt import clean_html
from newsfmt.cleaning.whitespace import collapse, is_wide
from newsfmt.readers.frontmatter import split_post
from newsfmt.readers.markup import render_body

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / ".." / "shared" / "tools" / "gen_corpus.py"
MARKER = "NEWSFMTBENCHMARKSEPARATOR"


def site_bodies(site: Path, count: int) -> list[str]:
    if not (site / "_posts").is_dir():
        subprocess.run(
            [sys.executable, str(GENERATOR), "-n", str(count), "-o", str(site), "--seed", "1", "-q"], check=True
        )
    bodies = []
    for path in sorted((site / "_posts").iterdir())[:count]:
        post = split_post(path.read_text(encoding="utf-8"))
        bodies.append(render_body(post.body, path.suffix))
    return bodies


_FOOTER = re.compile(r"<?https?://\S+>?|[（(]文章来源：.*|.*返回首页.*")


def reference_paragraphs(body: str) -> list[str]:
    """The article's paragraphs; the generated footer (source line, URL, navigation) is not article text."""
    if not body.strip():
        return []
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    texts = []
    for element in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
        text = collapse(element.text_content()).replace("\xa0", " ").strip(" \u3000")
        if text and not _FOOTER.fullmatch(text):
            texts.append(text)
    return texts


def intact_share(bodies: Sequence[str], outputs: Sequence[str]) -> float:
    total = intact = 0
    for body, output in zip(bodies, outputs, strict=True):
        for paragraph in reference_paragraphs(body):
            total += 1
            intact += paragraph in output
    return intact / total if total else 1.0


_TEXT_RUN = re.compile(r">([^<]{41,})<")


def hard_wrap_source(body: str) -> str:
    """The same HTML with a line break after about every 40 characters of text, where two Chinese characters
    meet, as hand-edited or exported Chinese HTML has it."""

    def wrap(match: re.Match[str]) -> str:
        text = match.group(1)
        pieces = []
        start = 0
        index = 40
        while index < len(text):
            if is_wide(text[index - 1]) and is_wide(text[index]):
                pieces.append(text[start:index])
                start = index
                index += 40
            else:
                index += 1
        pieces.append(text[start:])
        return ">" + "\n".join(pieces) + "<"

    return _TEXT_RUN.sub(wrap, body)


def timed(function: Callable[[], list[str]]) -> tuple[float, float, list[str]]:
    """Wall-clock seconds, CPU seconds of this process (children not included) and the outputs."""
    started, started_cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - started, time.process_time() - started_cpu, result


def _clean_text(body: str) -> str:
    return clean_html(body, base_url="https://example.org/post.html").text


def _clean_chunk(bodies: list[str]) -> list[str]:
    return [_clean_text(body) for body in bodies]


def newsfmt_two_processes(bodies: list[str]) -> list[str]:
    half = len(bodies) // 2
    with multiprocessing.get_context("fork").Pool(2) as pool:
        first, second = pool.map(_clean_chunk, [bodies[:half], bodies[half:]])
    return first + second


def pandoc_plain(bodies: list[str]) -> list[str]:
    document = "".join(f"{body}\n<p>{MARKER}</p>\n" for body in bodies)
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as handle:
        handle.write(document)
    try:
        completed = subprocess.run(
            ["pandoc", "-f", "html", "-t", "plain", "--wrap=none", handle.name],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        Path(handle.name).unlink()
    parts = completed.stdout.split(MARKER)
    return [part.strip() for part in parts[: len(bodies)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="posts in the generated site")
    parser.add_argument("--site", type=Path, help="site folder (generated there when it has no _posts/)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool (median is reported)")
    parser.add_argument("--quality-sample", type=int, default=1000, help="bodies for the hard-wrapped check")
    options = parser.parse_args()
    site = options.site or Path(tempfile.gettempdir()) / f"newsfmt-bench-{options.n}"
    bodies = site_bodies(site, options.n)
    megabytes = sum(len(body.encode()) for body in bodies) / 2**20
    print(f"{len(bodies)} bodies, {megabytes:.1f} MB of HTML")
    tools: dict[str, Callable[[], list[str]]] = {
        "newsfmt clean_html (clean HTML + text + summary), 1 core": lambda: [_clean_text(body) for body in bodies],
        "newsfmt clean_html, 2 worker processes": lambda: newsfmt_two_processes(bodies),
    }
    try:
        import inscriptis
    except ImportError:
        print("inscriptis not installed: skipped")
    else:
        name = f"inscriptis {version('inscriptis')} get_text, 1 core"
        tools[name] = lambda: [inscriptis.get_text(body) for body in bodies]
    # Interleave the runs so that a noisy machine slows every tool alike; report the medians. CPU time
    # (this process only) is steadier than wall-clock time on a shared machine.
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    outputs: dict[str, list[str]] = {}
    for _ in range(options.repeat):
        for name, function in tools.items():
            wall, cpu, outputs[name] = timed(function)
            times[name].append((wall, cpu))
    rows = [
        (
            name,
            statistics.median(wall for wall, _ in times[name]),
            None if "processes" in name else statistics.median(cpu for _, cpu in times[name]),
            intact_share(bodies, outputs[name]),
        )
        for name in tools
    ]
    if shutil.which("pandoc"):
        wall, _, texts = timed(lambda: pandoc_plain(bodies))
        rows.append(("pandoc -t plain, one document, 1 process", wall, None, intact_share(bodies, texts)))
    else:
        print("pandoc not installed: skipped")

    print("| tool | wall s | posts/s (wall) | CPU s | posts/s (CPU) | paragraphs intact |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, wall, cpu, share in rows:
        cpu_cells = f"{cpu:.2f} | {len(bodies) / cpu:,.0f}" if cpu else "– | –"
        print(f"| {name} | {wall:.2f} | {len(bodies) / wall:,.0f} | {cpu_cells} | {share:.1%} |")

    # The CJK segment-break rule: the same bodies with their HTML source hard-wrapped every 40 characters.
    wrapped = [hard_wrap_source(body) for body in bodies[: options.quality_sample]]
    sample = bodies[: len(wrapped)]
    print(f"\nParagraphs intact when the HTML source is hard-wrapped ({len(wrapped)} bodies):")
    print(f"- newsfmt: {intact_share(sample, [_clean_text(body) for body in wrapped]):.1%}")
    if "inscriptis" in sys.modules:
        inscriptis = sys.modules["inscriptis"]
        print(f"- inscriptis: {intact_share(sample, [inscriptis.get_text(body) for body in wrapped]):.1%}")
    if shutil.which("pandoc"):
        print(f"- pandoc -t plain: {intact_share(sample, pandoc_plain(wrapped)):.1%}")


if __name__ == "__main__":
    main()
