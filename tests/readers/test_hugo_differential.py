"""newsfmt reads every page of a Hugo site as real Hugo does: URL (permalink), title and date (as an instant).

Two oracles: the ``hugo list all`` output and RSS feed kept in each real site's ``_reference/`` (shared
corpus, made by Hugo from exactly those files), and the installed ``hugo`` run in the test on newsfmt's own Hugo site
(``tests/fixtures/hugo_site``, one page per URL rule) and on the older corpus site. Skipped where the corpus or
``hugo`` is absent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

import newsfmt
from tests.conftest import CORPUS, REPO
from tests.support.hugo_oracle import hugo_available, list_with_hugo, read_listing

HUGO_SITE = REPO / "tests" / "fixtures" / "hugo_site"
REALSITES = CORPUS / "realsites"
REFERENCE = Path("_reference") / "hugo-list-all.csv"
NO_DATE = "0001-01-01T00:00:00Z"


def _reference_sites() -> list[Path]:
    if not REALSITES.is_dir():
        return []
    return sorted(site for site in REALSITES.iterdir() if (site / REFERENCE).is_file())


def _articles(site: Path) -> tuple[newsfmt.SiteConfig, dict[str, newsfmt.Article]]:
    loaded = newsfmt.load_site(site)
    articles = {}
    for article in loaded.articles:
        assert article.path is not None
        articles[article.path.relative_to(site).as_posix()] = article
    return loaded.config, articles


def _held_back(row: dict[str, str], now: datetime) -> bool:
    """A draft, a future or an expired page: listed by Hugo, published by neither (without the flags)."""
    publish, expiry = (datetime.fromisoformat(row[key].replace("Z", "+00:00")) for key in ("publishDate", "expiryDate"))
    expired = row["expiryDate"] != NO_DATE and expiry <= now
    return row["draft"] == "true" or publish > now or expired or not row["permalink"]  # not rendered: no URL


def _mismatches(site: Path, rows: list[dict[str, str]]) -> list[str]:
    """Every difference between Hugo's published pages and newsfmt's articles (undated ones included: Hugo dates
    them 0001-01-01); drafts, future and expired pages must be newsfmt's neither."""
    config, articles = _articles(site)
    problems: list[str] = []
    expected_paths = set()
    now = datetime.now(UTC)
    for row in rows:
        path = row["path"]
        if _held_back(row, now):
            assert path not in articles, f"{path}: a draft, future or expired page became a post"
            continue
        expected_paths.add(path)
        article = articles.get(path)
        if article is None:
            problems.append(f"{path}: Hugo reads it, newsfmt does not")
            continue
        expected = (row["permalink"], row["title"], datetime.fromisoformat(row["date"].replace("Z", "+00:00")))
        actual = (config.absolute_url(article.permalink), article.title, article.date)
        if actual != expected:
            problems.append(f"{path}: newsfmt {actual}, Hugo {expected}")
    problems.extend(f"{path}: newsfmt reads it, Hugo does not" for path in sorted(set(articles) - expected_paths))
    return problems


@pytest.mark.corpus
@pytest.mark.parametrize("site", _reference_sites(), ids=lambda site: site.name)
def test_every_page_of_a_real_site_matches_its_hugo_reference(site: Path) -> None:
    rows = read_listing((site / REFERENCE).read_text(encoding="utf-8"))
    assert rows
    assert _mismatches(site, rows) == []


@pytest.mark.corpus
@pytest.mark.parametrize("site", _reference_sites(), ids=lambda site: site.name)
def test_every_item_of_its_hugo_rss_is_a_post_with_that_link_title_and_date(site: Path) -> None:
    config, articles = _articles(site)
    ours = {config.absolute_url(a.permalink): (a.title, a.date) for a in articles.values()}
    items = ElementTree.parse(site / "_reference" / "index.xml").getroot().iter("item")
    theirs = {
        item.findtext("link", ""): (item.findtext("title", ""), _rss_date(item.findtext("pubDate", "")))
        for item in items
    }
    assert len(theirs) >= 10
    assert {link: ours.get(link) for link in theirs} == theirs


def _rss_date(text: str) -> datetime:
    """An RSS ``pubDate`` with its four-digit year as written (the email parser reads ``0001`` as 2001)."""
    return datetime.strptime(text, "%a, %d %b %Y %H:%M:%S %z")


def test_the_corpus_has_a_hugo_site_or_the_test_says_so() -> None:
    if not REALSITES.is_dir():
        pytest.skip(f"{REALSITES} is not present")
    assert _reference_sites(), "no real Hugo site with a reference listing"


@pytest.mark.hugo
@pytest.mark.skipif(not hugo_available(), reason="hugo is not installed")
@pytest.mark.parametrize("site", [HUGO_SITE, CORPUS / "hugo-spf13"], ids=["fixture", "hugo-spf13"])
def test_every_page_matches_the_installed_hugo(site: Path, tmp_path: Path) -> None:
    if not site.is_dir():
        pytest.skip(f"{site} is not present")
    rows = list_with_hugo(site, tmp_path)
    assert len(rows) >= 10
    assert _mismatches(site, rows) == []


def test_a_language_gives_its_pages_their_lang_and_prefix() -> None:
    _, articles = _articles(HUGO_SITE)
    langs = {path.removeprefix("content/"): article.lang for path, article in articles.items()}
    assert langs["en/posts/first-post.md"] == "en-GB"
    assert langs["fr/posts/premier.md"] == "fr-FR"
    assert langs["en/posts/bonjour.fr.md"] == "fr-FR"  # its file name's language wins over its folder's
    assert articles["content/fr/posts/premier.md"].permalink == "/fr/2021/03/05/premier-billet/"
    assert articles["content/en/posts/first-post.md"].permalink == "/2021/03/04/first-post/"


def test_the_config_folder_is_merged_over_the_root_file() -> None:
    config = newsfmt.load_config(HUGO_SITE)
    assert (config.generator, config.url, config.baseurl) == ("hugo", "https://example.org", "/news")
    assert config.title == "A Hugo site for newsfmt's tests"
    assert config.description == "Every URL rule newsfmt reads as Hugo does"
    assert (config.lang, config.timezone) == ("en-GB", "Europe/Paris")
    assert config.data["permalinks"]["diary"].startswith("/diary/")  # config/production/ wins over _default/
    assert config.data["languages"]["en"]["menus"]["main"][0]["name"] == "Posts"  # menus.en.toml


def test_the_fixture_pages_read_their_summary_and_shortcodes_as_hugo_does() -> None:
    _, articles = _articles(HUGO_SITE)
    page = articles["content/en/posts/shortcodes.md"]
    assert page.summary == "The summary ends here."
    assert "<figcaption>A figure</figcaption>" in page.body_html
    assert "https://www.youtube.com/watch?v=w7Ft2ymGmfc" in page.body_html
    assert "{{" not in page.body_html
    assert articles["content/en/dates/undated.md"].date == datetime(1, 1, 1, tzinfo=UTC)
