"""What real Hugo reads from a site: ``hugo list all``, run on a copy, as the oracle for the Hugo differential tests.

``hugo list all`` prints one CSV row per page (path, slug, title, date, expiryDate, publishDate, draft, permalink),
drafts, future and expired pages included. It builds the site to list it, so it runs on a copy (it writes
``public/`` and ``resources/``), and a shortcode whose template is missing (a theme not copied) stops it: each
one it names gets an empty template in the copy, which changes no page's URL, date or title.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

__all__ = ["HugoOracleError", "hugo_available", "list_with_hugo", "read_listing"]

_MISSING_SHORTCODE = re.compile(r'template for shortcode "([^"/]+)" not found')
_MAX_STUBS = 50


class HugoOracleError(RuntimeError):
    """``hugo list all`` failed; the message is Hugo's."""


def hugo_available() -> bool:
    """Whether a ``hugo`` command is on PATH."""
    return shutil.which("hugo") is not None


def read_listing(text: str) -> list[dict[str, str]]:
    """The rows of a ``hugo list all`` output."""
    return list(csv.DictReader(io.StringIO(text)))


def list_with_hugo(site: Path, work: Path) -> list[dict[str, str]]:
    """``hugo list all`` of a copy of ``site`` made in ``work``; raise :class:`HugoOracleError` when it fails."""
    copy = work / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_reference", "public", "resources", ".git"))
    for _ in range(_MAX_STUBS):
        done = subprocess.run(
            [shutil.which("hugo") or "hugo", "list", "all", "--source", str(copy)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**{k: v for k, v in os.environ.items() if not k.startswith("HUGO")}, "HOME": str(work), "TZ": "UTC"},
        )
        missing = _MISSING_SHORTCODE.search(done.stderr + done.stdout)
        if done.returncode == 0 or missing is None:
            break
        stub = copy / "layouts" / "shortcodes" / f"{missing.group(1)}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("", encoding="utf-8")
    if done.returncode != 0:
        raise HugoOracleError(done.stderr.strip() or done.stdout.strip())
    return read_listing(done.stdout)
