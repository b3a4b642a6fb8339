"""The index pages as a browser sees them: headless Chromium loads each page of a build from a loopback HTTP
server, and every link of the page it renders resolves there (skipped where Debian's ``chromium`` is missing)."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from lxml import html

from newsfmt.builder import BuildOptions, build_site
from tests.conftest import EXAMPLE_SITE, corpus_path

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _rendered(url: str) -> html.HtmlElement:
    """The page's DOM once Chromium has loaded and laid it out."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom", url]
    result = subprocess.run(command, capture_output=True, timeout=120, check=True)
    return html.fromstring(result.stdout)


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read(1)
        return int(response.status)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
@pytest.mark.parametrize("site", ["example", "finews"])
def test_chromium_renders_every_page_and_every_link_resolves(site: str, tmp_path: Path) -> None:
    root = EXAMPLE_SITE if site == "example" else corpus_path("finews")
    out = tmp_path / "out"
    build_site(root, out, options=BuildOptions(jobs=1))
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("index.html"))
    assert "index.html" in pages and len(pages) > 1
    with _served(out) as base:
        for page in pages:
            url = base + quote(page)
            dom = _rendered(url)
            assert dom.findtext(".//h1"), page
            assert len(dom.xpath("//table//tr")) > 1, page
            assert not dom.xpath("//script"), page
            hrefs = {str(element.get("href")) for element in dom.xpath("//a[@href] | //link[@href]")}
            assert hrefs, page
            for href in hrefs:
                assert _status(urljoin(url, href)) == 200, f"{page}: {href}"
