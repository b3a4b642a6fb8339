"""``newsfmt serve``: the output folder over HTTP, only it, and an edit visible within seconds."""

from __future__ import annotations

import http.client
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from newsfmt.builder.serve import OutputServer, preview_folder
from newsfmt.errors import OutputError
from tests.builder.test_watch import NEW_TITLE, OLD_TITLE, POST
from tests.conftest import EXAMPLE_SITE
from tests.support.running import RunningCommand, poll


def _get(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def _raw_get(server: OutputServer, path: str) -> int:
    """The status of a request for ``path`` exactly as written (urllib would clean up ``..``)."""
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[OutputServer, Path]]:
    """A folder laid out as a build writes it, a secret beside it, and a server of the folder."""
    out = tmp_path / "out"
    (out / "epub").mkdir(parents=True)
    (out / "text" / "city").mkdir(parents=True)
    (out / ".newsfmt-cache").mkdir()
    (out / "feed.xml").write_bytes(b"<?xml version='1.0'?><rss/>")
    (out / "feed.json").write_bytes(b"{}")
    (out / "epub" / "city-2025.epub").write_bytes(b"PK\x03\x04")
    (out / "text" / "city" / "a.txt").write_text("台风\n", encoding="utf-8")
    (out / ".newsfmt-cache" / "cache.sqlite3").write_bytes(b"held-back posts")
    (tmp_path / "_config.yml").write_text("secret: the site's sources\n")
    (out / "config.txt").symlink_to(tmp_path / "_config.yml")
    server = OutputServer(out, port=0)
    server.start()
    try:
        yield server, out
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("feed.xml", "application/xml"),
        ("feed.json", "application/json"),
        ("epub/city-2025.epub", "application/epub+zip"),
        ("text/city/a.txt", "text/plain; charset=utf-8"),
    ],
)
def test_outputs_are_served_with_their_content_types(
    served: tuple[OutputServer, Path], path: str, content_type: str
) -> None:
    server, out = served
    status, served_type, body = _get(server.url + path)
    assert (status, served_type, body) == (200, content_type, (out / path).read_bytes())


def test_the_front_page_lists_the_outputs_but_not_hidden_files(served: tuple[OutputServer, Path]) -> None:
    server, _ = served
    status, content_type, body = _get(server.url)
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    page = body.decode()
    assert 'href="feed.xml"' in page and 'href="epub/"' in page
    assert ".newsfmt-cache" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/../_config.yml",
        "/%2e%2e/_config.yml",
        "/epub/../../_config.yml",
        "/config.txt",  # a symbolic link leading out of OUT
        "/.newsfmt-cache/cache.sqlite3",
        "/%2enewsfmt-cache/cache.sqlite3",
        "/.newsfmt-cache/",
    ],
)
def test_nothing_outside_the_output_folder_is_served(served: tuple[OutputServer, Path], path: str) -> None:
    server, _ = served
    assert _raw_get(server, path) == 404


def test_a_taken_port_is_one_error(served: tuple[OutputServer, Path]) -> None:
    server, out = served
    port = server.httpd.server_address[1]
    with pytest.raises(OutputError, match=f"cannot listen on 127.0.0.1:{port}"):
        OutputServer(out, port=port)


def test_the_preview_folder_is_the_sites_own_and_outside_it(tmp_path: Path) -> None:
    site = tmp_path / "my-site"
    first, again = preview_folder(site), preview_folder(tmp_path / "other" / ".." / "my-site")
    assert first == again and first.name.startswith("my-site-")
    assert preview_folder(tmp_path / "elsewhere" / "my-site") != first
    assert not first.resolve().is_relative_to(site.resolve())


def test_serve_shows_an_edit_within_seconds_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    out = tmp_path / "out"
    with RunningCommand("serve", site, "-o", out, "--port", "0") as serve:
        url = serve.wait_for_line(r"serving .* at (http://127\.0\.0\.1:\d+/)").group(1)

        def titles() -> list[str]:
            status, _, body = _get(url + "feed.xml")
            assert status == 200
            return [entry.title for entry in feedparser.parse(body).entries]

        assert OLD_TITLE in titles()
        post = site / POST
        post.write_text(post.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        assert poll(lambda: NEW_TITLE in titles(), timeout=20) < 5
        serve.wait_for_line(rf"{POST} changed: wrote ")
        assert _get(url + "../_config.yml")[0] == 404
        assert _get(url + "_posts/")[0] == 404  # the sources are not served
        assert serve.interrupt() == 130


def test_serve_builds_into_the_preview_folder_by_default(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site)
    cache_home = tmp_path / "cache"
    with RunningCommand("serve", site, "--port", "0", env={"XDG_CACHE_HOME": str(cache_home)}) as serve:
        serve.wait_for_line(r"serving ")
        assert serve.interrupt() == 130
    (built,) = (cache_home / "newsfmt" / "serve").iterdir()
    assert (built / "feed.xml").is_file()
    assert not list(site.rglob("feed.xml"))
