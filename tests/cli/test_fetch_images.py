"""--fetch-images end to end: books built, refused images left as links with one warning line each, never a
traceback; only a flag (or a library argument) turns fetching on, never the site's config."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from newsfmt import Problem, load_site, to_epub
from newsfmt.cli import cli
from tests.support.image_server import LOOPBACK_ALLOWED, PNG_1X1, ImageServer, serving

POST = """---
title: Harbour {number}
date: 2024-0{month}-01 10:00:00 +0800
categories: [{category}]
---
<p>Ships at dawn.<img src="{server}/ok.png?post={number}" alt="the harbour {number}"></p>
"""


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with serving() as running:
        yield running


def make_site(root: Path, server: ImageServer, config: str = "") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Harbour Daily\nurl: https://daily.example.org\nlang: en\n" + config, encoding="utf-8"
    )
    for number, category in enumerate(["City", "City", "Economy"], start=1):
        post = POST.format(number=number, month=number, category=category, server=server.base)
        (root / "_posts" / f"2024-0{number}-01-harbour-{number}.html").write_text(post, encoding="utf-8")
    return root


def chapters(book: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        names = sorted(name for name in archive.namelist() if re.fullmatch(r"EPUB/text/c\d+\.xhtml", name))
        return [etree.fromstring(archive.read(name)) for name in names]


def pictures(book: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        names = archive.namelist()
        return [archive.read(name) for name in names if name.startswith("EPUB/images/") and "cover" not in name]


XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def test_a_refused_image_stays_a_link_with_its_alt_text_and_one_warning(tmp_path: Path, server: ImageServer) -> None:
    site = load_site(make_site(tmp_path / "site", server))
    warnings: list[Problem] = []
    book = to_epub(site.articles, site.config, title="Harbour", fetch_images=True, warn=warnings.append)
    first = chapters(book)[0]
    link = first.find(".//x:a[@href]", XHTML)
    assert link is not None and link.get("href") == f"{server.base}/ok.png?post=1" and link.text == "the harbour 1"
    assert first.find(".//x:img", XHTML) is None and pictures(book) == []
    assert [(p.path.name if p.path else None, p.severity) for p in warnings] == [
        (f"2024-0{n}-01-harbour-{n}.html", "warning") for n in (1, 2, 3)
    ]
    assert warnings[0].message.endswith("127.0.0.1 is not a public address")
    assert server.requests == []


def test_an_allowed_image_is_embedded(tmp_path: Path, server: ImageServer) -> None:
    site = load_site(make_site(tmp_path / "site", server))
    warnings: list[Problem] = []
    book = to_epub(site.articles, site.config, title="Harbour", fetch_images=LOOPBACK_ALLOWED, warn=warnings.append)
    image = chapters(book)[0].find(".//x:img", XHTML)
    assert image is not None and image.get("alt") == "the harbour 1" and image.get("src", "").endswith(".png")
    assert pictures(book) == [PNG_1X1] * 3 and warnings == []


def test_epub_command_warns_in_one_line_and_builds(tmp_path: Path, server: ImageServer) -> None:
    site = make_site(tmp_path / "site", server)
    result = CliRunner().invoke(cli, ["epub", str(site), "--by", "all", "--fetch-images", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 3 and "Traceback" not in result.stderr
    assert re.fullmatch(
        r".*2024-01-01-harbour-1\.html: warning: remote image http://127\.0\.0\.1:\d+/ok\.png\?post=1 left as a link: "
        r"127\.0\.0\.1 is not a public address",
        warnings[0],
    ), warnings[0]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["city.epub", "economy.epub"]
    assert server.requests == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_reports_the_warnings_of_books_written_in_workers(tmp_path: Path, server: ImageServer, jobs: str) -> None:
    site = make_site(tmp_path / "site", server)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(site), "-o", str(out), "--only", "epub", "--fetch-images", "-j", jobs]
    )
    assert result.exit_code == 0, result.stderr
    warnings = sorted(line for line in result.stderr.splitlines() if "left as a link" in line)
    assert [re.sub(r".*(harbour-\d).*", r"\1", line) for line in warnings] == ["harbour-1", "harbour-2", "harbour-3"]
    assert all(": warning: " in line and "is not a public address" in line for line in warnings)
    assert sorted(path.name for path in (out / "epub").iterdir()) == ["city-2024.epub", "economy-2024.epub"]
    assert server.requests == []


def test_without_the_flag_nothing_is_fetched_nor_warned_about(tmp_path: Path, server: ImageServer) -> None:
    site = make_site(tmp_path / "site", server)
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / "out"), "--only", "epub"])
    assert result.exit_code == 0 and "left as a link" not in result.stderr
    assert server.requests == []


@pytest.mark.parametrize("setting", ["fetch_images: true", "fetch-images: true"])
def test_the_sites_config_cannot_turn_fetching_on(tmp_path: Path, server: ImageServer, setting: str) -> None:
    site = make_site(tmp_path / "site", server, config=f"newsfmt:\n  build:\n    {setting}\n")
    for command in (["build", str(site), "-o", str(tmp_path / "out")], ["epub", str(site), "-o", str(tmp_path / "b")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1 and "only the command line can ask for it" in result.stderr
        assert "_config.yml" in result.stderr and "Traceback" not in result.stderr
    assert server.requests == []
