"""WebSub: every subscription feed announces the configured hub (and keeps its self link), and
``newsfmt build --ping-hub`` tells the hub of each feed that changed, tested against a hub of the test's own."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest
from click.testing import CliRunner

from newsfmt.cli import cli
from newsfmt.websub import ping_hub
from tests.builder.test_feed_archives import links, with_feed_options
from tests.builder.test_one_policy import make_site
from tests.conftest import CORPUS, EXAMPLE_SITE


@contextmanager
def hub(status: int = 204) -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    """A hub on 127.0.0.1 answering every POST with ``status``; the forms it received."""
    received: list[dict[str, list[str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            assert self.headers["Content-Type"] == "application/x-www-form-urlencoded"
            length = int(self.headers["Content-Length"])
            received.append(parse_qs(self.rfile.read(length).decode("ascii")))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub", received
    finally:
        server.shutdown()
        server.server_close()


def build(site: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--only", "feeds", *args])
    return result.exit_code, result.output


SITES = {"examples-site": EXAMPLE_SITE, "finews": CORPUS / "finews"}  # news.example.org, finews.withounder.com


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_feed_announces_the_hub_and_keeps_its_self_link(name: str, tmp_path: Path) -> None:
    if not SITES[name].is_dir():
        pytest.skip(f"{name} is not beside this checkout")
    site = shutil.copytree(SITES[name], tmp_path / "site")
    with_feed_options(site, hub="https://hub.example.net/", authors=True, archive_by="year")
    out = tmp_path / "out"
    assert build(site, out, "--tag-feeds")[0] == 0
    catalog = {out / "opds.xml", *(out / "opds").glob("*.xml")}  # the books' OPDS catalog is no subscription feed
    feeds = [p for p in out.rglob("*.xml") if "archive" not in p.parts and p.parts[-2] != "epub" and p not in catalog]
    assert len(feeds) > 4
    for path in feeds:
        found = links(path)
        assert found["hub"] == "https://hub.example.net/", path
        assert unquote(found["self"]).endswith(
            (".org/", ".com/")[name == "finews"] + path.relative_to(out).as_posix()
        ), path
    for path in out.rglob("feed.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["hubs"] == [
            {"type": "WebSub", "url": "https://hub.example.net/"}
        ]
    for path in out.rglob("archive/*/*.xml"):  # nobody subscribes to an archive: it never changes
        assert "hub" not in links(path), path


def test_ping_hub_tells_the_hub_of_each_changed_feed(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    with hub() as (url, received):
        with_feed_options(site, hub=url, archive_by="month")
        code, output = build(site, out, "--ping-hub")
        assert code == 0, output
        told = sorted(form["hub.url"][0] for form in received)
        assert all(form["hub.mode"] == ["publish"] for form in received)
        expected = [
            "https://daily.example.org/" + path.relative_to(out).as_posix()
            for path in out.rglob("*")
            if path.suffix in (".xml", ".json") and not {"archive", "opds", "opds.xml"} & set(path.parts)
        ]
        assert len(expected) == 9 and told == sorted(expected)  # the site and two categories, three formats
        assert f"told {url} of {len(told)} changed feeds" in output
        # Nothing changed: nothing to tell. One new post: the feeds it is in.
        received.clear()
        assert build(site, out, "--ping-hub")[0] == 0
        assert received == []
        post = "---\ntitle: Ferry\ndate: 2024-05-09 08:00:00 +0800\ncategories: [Economy]\n---\n<p>Ferry.</p>\n"
        (site / "_posts" / "2024-05-09-ferry.md").write_text(post, encoding="utf-8")
        assert build(site, out, "--ping-hub")[0] == 0
        told = sorted(form["hub.url"][0].removeprefix("https://daily.example.org/") for form in received)
        folders = ("", "categories/economy/")
        assert told == sorted(f"{folder}{name}" for folder in folders for name in ("atom.xml", "feed.json", "feed.xml"))


def test_a_failed_ping_is_one_line_and_the_build_succeeds(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with hub(status=500) as (url, received):
        with_feed_options(site, hub=url)
        code, output = build(site, tmp_path / "out", "--ping-hub")
    assert code == 0
    assert len(received) == 1  # the first failure stops the pings
    lines = [line for line in output.splitlines() if "WebSub" in line]
    assert len(lines) == 1 and "answered HTTP 500" in lines[0] and "not notified" in lines[0]
    assert (tmp_path / "out" / "feed.xml").is_file()


def test_an_unreachable_hub_is_reported_without_a_traceback() -> None:
    with hub() as (url, _):
        pass  # the server is closed: its port now refuses connections
    result = ping_hub(url, ["https://daily.example.org/feed.xml"], timeout=2)
    assert result.notified == 0 and result.failure is not None and "unreachable" in result.failure


def test_ping_hub_without_a_hub_is_a_usage_error(tmp_path: Path) -> None:
    code, output = build(make_site(tmp_path / "site"), tmp_path / "out", "--ping-hub")
    assert code == 2 and "newsfmt: feeds: hub:" in output
