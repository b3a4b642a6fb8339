"""A Hugo page's dates as Hugo 0.111 takes them: the ``[frontmatter]`` config, the date keys' aliases,
``:filename``, ``:fileModTime``; future and expired pages; undated pages are pages (dated 0001-01-01).

Each site is small and made here; where ``hugo`` is installed, ``hugo list all`` on the same site is the oracle.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsfmt
from newsfmt.cli import cli
from tests.support.hugo_oracle import hugo_available, list_with_hugo

NO_DATE = "0001-01-01T00:00:00Z"
PAGES = {
    "2019-07-08-from-name.md": "title: From its name",
    "2019-07-09.md": "title: A date and no slug in its name",
    "2019-07-10-named.md": "title: Its own slug wins\nslug: own-slug",
    "2019-07-11-both.md": "title: The name before the front matter\ndate: 2018-01-01",
    "modtime.md": "title: The file's time",
    "lastmod-only.md": "title: Only lastmod\nlastmod: 2020-01-02",
    "undated.md": "title: No date",
    "expired.md": "title: Expired\ndate: 2020-01-01\nexpiryDate: 2021-01-01",
    "future.md": "title: Future\ndate: 2020-01-01\npublishDate: 2099-01-01",
}
FILE_TIME = datetime(2021, 6, 7, 8, 9, 10, tzinfo=UTC)


def _site(root: Path, config: str) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(f'baseURL = "https://example.org/"\ntitle = "t"\n{config}', encoding="utf-8")
    for name, header in PAGES.items():
        (posts / name).write_text(f"---\n{header}\n---\nBody.\n", encoding="utf-8")
    stamp = FILE_TIME.timestamp()
    os.utime(posts / "modtime.md", (stamp, stamp))
    return root


def _by_name(site: newsfmt.Site) -> dict[str, newsfmt.Article]:
    return {article.path.name: article for article in site.articles if article.path is not None}


FILENAME_FIRST = '[frontmatter]\ndate = [":filename", ":default", ":fileModTime"]\n'


def test_filename_and_file_time_give_dates_when_the_config_says_so(tmp_path: Path) -> None:
    articles = _by_name(newsfmt.load_site(_site(tmp_path, FILENAME_FIRST)))
    assert articles["2019-07-08-from-name.md"].date == datetime(2019, 7, 8, tzinfo=UTC)
    assert articles["2019-07-08-from-name.md"].permalink == "/posts/from-name/"  # the name's slug
    assert articles["2019-07-09.md"].permalink == "/posts/2019-07-09/"
    assert articles["2019-07-10-named.md"].permalink == "/posts/own-slug/"
    assert articles["2019-07-11-both.md"].date == datetime(2019, 7, 11, tzinfo=UTC)  # :filename comes first
    assert articles["modtime.md"].date == FILE_TIME
    assert articles["lastmod-only.md"].date == datetime(2020, 1, 2, tzinfo=UTC)
    assert "expired.md" not in articles and "future.md" not in articles


def test_by_default_a_page_without_a_date_is_dated_zero_and_a_dated_name_gives_nothing(tmp_path: Path) -> None:
    site = newsfmt.load_site(_site(tmp_path, ""))
    articles = _by_name(site)
    assert not [problem for problem in site.problems if problem.severity == "error"]
    assert articles["undated.md"].date == datetime(1, 1, 1, tzinfo=UTC)
    assert articles["2019-07-08-from-name.md"].date == datetime(1, 1, 1, tzinfo=UTC)
    assert articles["2019-07-08-from-name.md"].permalink == "/posts/2019-07-08-from-name/"
    assert articles["2019-07-11-both.md"].date == datetime(2018, 1, 1, tzinfo=UTC)


def test_build_flags_in_the_config_publish_future_expired_and_drafts(tmp_path: Path) -> None:
    site = newsfmt.load_site(_site(tmp_path, "buildFuture = true\nbuildExpired = true\n"))
    assert {"expired.md", "future.md"} <= set(_by_name(site))
    past = newsfmt.load_site(tmp_path, now=datetime(2020, 6, 1, tzinfo=UTC))
    assert "expired.md" in _by_name(past)  # not yet expired then


def test_an_undated_page_does_not_fail_check(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(_site(tmp_path, ""))])
    assert "no date" not in result.output
    assert result.exit_code == 0, result.output


@pytest.mark.hugo
@pytest.mark.skipif(not hugo_available(), reason="hugo is not installed")
@pytest.mark.parametrize("config", ["", FILENAME_FIRST], ids=["default", "filename-first"])
def test_every_page_date_matches_the_installed_hugo(tmp_path: Path, config: str) -> None:
    site = _site(tmp_path / "ours", config)
    rows = list_with_hugo(site, tmp_path)  # the copy keeps the files' times
    assert len(rows) == len(PAGES)
    articles = _by_name(newsfmt.load_site(site))
    now = datetime.now(UTC)
    for row in rows:
        name = Path(row["path"]).name
        expiry = datetime.fromisoformat(row["expiryDate"].replace("Z", "+00:00"))
        publish = datetime.fromisoformat(row["publishDate"].replace("Z", "+00:00"))
        if publish > now or (row["expiryDate"] != NO_DATE and expiry <= now):
            assert name not in articles
            continue
        article = articles[name]
        listed = datetime.fromisoformat(row["date"].replace("Z", "+00:00"))  # listed to the second
        assert article.date.replace(microsecond=0) == listed, name
        assert f"https://example.org{article.permalink}" == row["permalink"], name


def test_the_expired_flag_publishes_expired_pages(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "")
    assert "expired.md" not in _by_name(newsfmt.load_site(site))
    assert "expired.md" in _by_name(newsfmt.load_site(site, expired=True))
    runner = CliRunner()
    shown = runner.invoke(cli, ["inspect", "--json", "--expired", str(site)])
    assert shown.exit_code == 0, shown.output
    assert '"title": "Expired"' in shown.stdout
    built = runner.invoke(cli, ["build", str(site), "-o", str(tmp_path / "out"), "--only", "feeds", "--expired"])
    assert built.exit_code == 0, built.output
    assert b"<title>Expired</title>" in (tmp_path / "out" / "feed.xml").read_bytes()


@pytest.mark.hugo
@pytest.mark.skipif(not hugo_available(), reason="hugo is not installed")
def test_the_expired_flag_is_hugos_build_expired(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Title }}", encoding="utf-8")
    for flags in ([], ["--buildExpired"]):
        public = tmp_path / ("public" + "".join(flags))
        subprocess.run(
            ["hugo", "--quiet", "-s", str(site), "-d", str(public), *flags],
            check=True,
            capture_output=True,
            timeout=120,
        )
        published = (public / "posts" / "expired" / "index.html").is_file()
        ours = "expired.md" in _by_name(newsfmt.load_site(site, expired=bool(flags)))
        assert published == ours == bool(flags)
