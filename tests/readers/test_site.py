"""load_site on the example site, hostile sites and every site of the shared corpus."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import newsfmt
from newsfmt import PostError
from newsfmt.model import Author
from newsfmt.readers.site import load_newest, load_post_reporting
from tests.conftest import CORPUS, EXAMPLE_SITE, corpus_path

CORPUS_SITES = ["finews", "blog-brobertsaz", "hugo-spf13", "jekyll-feed-fixtures", "jekyll-fixtures"]


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_example_site_reads_cleanly() -> None:
    site = newsfmt.load_site(EXAMPLE_SITE)
    assert len(site.articles) >= 16
    assert [a.date for a in site.articles] == sorted((a.date for a in site.articles), reverse=True)
    assert not [p for p in site.problems if p.severity == "error"]
    assert {a.lang for a in site.articles} >= {"zh-CN"}
    years = {a.date.year for a in site.articles}
    assert {2024, 2025} <= years
    assert len({c for a in site.articles for c in a.categories}) >= 3
    assert all(a.url and a.url.startswith("https://") for a in site.articles)
    assert all(a.date.tzinfo is not None for a in site.articles)
    assert all(a.date <= datetime.now(UTC) for a in site.articles)


def test_example_site_options() -> None:
    default = newsfmt.load_site(EXAMPLE_SITE)
    with_all = newsfmt.load_site(EXAMPLE_SITE, drafts=True, future=True, unpublished=True)
    assert len(with_all.articles) >= len(default.articles) + 3
    drafts = [a for a in with_all.articles if a.path and "_drafts" in a.path.parts]
    assert drafts


def test_naive_dates_local_keeps_urls() -> None:
    config = newsfmt.load_config(EXAMPLE_SITE, overrides={"naive_dates": "local"})
    local = {a.id: a for a in newsfmt.load_site(EXAMPLE_SITE, config=config).articles}
    default = {a.id: a for a in newsfmt.load_site(EXAMPLE_SITE).articles}
    assert local.keys() == default.keys()
    assert any(local[k].date != default[k].date for k in local)
    assert all(local[k].permalink == default[k].permalink for k in local)


def test_sources_are_never_modified() -> None:
    before = _tree_digest(EXAMPLE_SITE)
    newsfmt.load_site(EXAMPLE_SITE, drafts=True, future=True, unpublished=True)
    assert _tree_digest(EXAMPLE_SITE) == before


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_SITES)
def test_every_corpus_post_loads_or_is_a_named_problem(name: str) -> None:
    root = corpus_path(name)
    site = newsfmt.load_site(root, drafts=True, future=True, unpublished=True)
    read = {a.path for a in site.articles}
    problems = {p.path for p in site.problems if p.severity == "error"}
    from newsfmt.readers.site import discover

    for source in discover(site.config, drafts=True):
        assert source.path in read or source.path in problems, source.path
    for problem in site.problems:
        assert str(problem).startswith(str(problem.path))


@pytest.mark.corpus
def test_jekyll_encoding_fixtures_load() -> None:
    folder = corpus_path("jekyll-fixtures", "_encodings")
    config = newsfmt.SiteConfig(timezone="UTC")
    posts = sorted(folder.iterdir())
    assert posts
    for post in posts:
        article, problems = load_post_reporting(post, config)
        assert article is not None, problems
        assert "\ufeff" not in article.body_html
        assert "\r" not in article.body_html
        assert article.title


@pytest.mark.corpus
def test_finews_long_article_and_blank_line_post() -> None:
    root = corpus_path("finews")
    site = newsfmt.load_site(root)
    by_name = {a.path.name: a for a in site.articles if a.path}
    long_article = by_name["2021-12-31-NW202112312232154129.md"]
    assert long_article.categories == ("zhuzhouribao",)
    assert long_article.date.isoformat() == "2021-12-31T07:55:46+08:00"
    blank_first = by_name["2021-12-08-202112082206703990.md"]
    assert blank_first.categories == ("emnews",)
    assert any("blank line" in p.message for p in site.problems if p.path == blank_first.path)


@pytest.mark.slow  # a 36 MB post and a YAML bomb
def test_hostile_site(tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (tmp_path / "_config.yml").write_text("title: hostile\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    (posts / "2021-01-01-ok.md").write_text("---\ntitle: ok\n---\nfine\n", encoding="utf-8")
    (posts / "2021-01-02-bomb.md").write_text(
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"b{i}: &b{i} [{', '.join(['*a' if i == 0 else f'*b{i - 1}'] * 10)}]\n" for i in range(7))
        + "---\nbody\n",
        encoding="utf-8",
    )
    (posts / "2021-01-03-deep.html").write_text("---\ntitle: deep\n---\n" + "<div>" * 10_000 + "x", encoding="utf-8")
    (posts / "2021-01-04-big.md").write_text("---\ntitle: big\n---\n" + "长文。" * 4_000_000, encoding="utf-8")
    (posts / "2021-01-05-binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (posts / "2021-01-06-not-a-mapping.md").write_text("---\n[1, 2]\n---\n", encoding="utf-8")
    (posts / "2021-01-07-bad-permalink.md").write_text("---\npermalink: /:nope/\n---\nx\n", encoding="utf-8")
    site = newsfmt.load_site(tmp_path)
    titles = {a.title for a in site.articles}
    assert "ok" in titles
    errors = {p.path.name for p in site.problems if p.severity == "error" and p.path}
    assert {"2021-01-02-bomb.md", "2021-01-05-binary.md", "2021-01-06-not-a-mapping.md"} <= errors
    assert "2021-01-07-bad-permalink.md" in errors
    with pytest.raises(newsfmt.NewsfmtError):
        newsfmt.load_site(tmp_path, strict=True)


def test_a_body_too_deep_for_the_renderer_is_one_problem_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfmt.builder import BuildOptions, build_site
    from newsfmt.cleaning import clean as cleaner

    def overflow(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2021-01-01-deep.md").write_text("---\ntitle: deep\n---\n\nbody\n", encoding="utf-8")
    monkeypatch.setattr(cleaner, "clean_html", overflow)
    expected = "body is nested too deeply to render"
    with pytest.raises(newsfmt.PostError, match=expected) as raised:
        newsfmt.load_post(posts / "2021-01-01-deep.md")
    assert raised.value.line == 4
    site = newsfmt.load_site(tmp_path / "site")
    assert [(p.path, p.line, p.message) for p in site.problems] == [(posts / "2021-01-01-deep.md", 4, expected)]
    report = build_site(tmp_path / "site", tmp_path / "out", options=BuildOptions(jobs=1))
    assert [(p.line, p.message) for p in report.problems] == [(4, expected)]


@pytest.mark.parametrize(  # load_newest on blog-brobertsaz takes seconds: the full run checks it
    "name",
    ["example", *(pytest.param(n, marks=pytest.mark.slow) if n == "blog-brobertsaz" else n for n in CORPUS_SITES)],
)
def test_load_newest_is_load_site_then_select(name: str) -> None:
    root = EXAMPLE_SITE if name == "example" else corpus_path(name)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    everything = newsfmt.load_site(root, now=now)
    terms = [(None, None)]
    terms += [(category, None) for category in sorted({c for a in everything.articles for c in a.categories})[:3]]
    terms += [(None, tag) for tag in sorted({t for a in everything.articles for t in a.tags})[:3]]
    for count in (1, 3, 50):
        for category, tag in terms:
            expected = newsfmt.select_articles(everything.articles, category=category, tag=tag, limit=count)
            newest = load_newest(root, count, category=category, tag=tag, now=now)
            assert list(newest.articles) == expected, (count, category, tag)
            assert set(newest.problems) <= set(everything.problems)
    assert set(load_newest(root, 10_000, now=now).problems) == set(everything.problems)


@pytest.mark.parametrize("name", ["example", *CORPUS_SITES])
def test_load_site_select_renders_only_the_chosen(name: str) -> None:
    root = EXAMPLE_SITE if name == "example" else corpus_path(name)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    everything = newsfmt.load_site(root, now=now)
    by_id = {article.id: article for article in everything.articles}
    seen: list[newsfmt.Article] = []

    def every_other(articles: list[newsfmt.Article]) -> set[str]:
        seen.extend(articles)
        return {article.id for article in articles[::2]}

    chosen = newsfmt.load_site(root, now=now, select=every_other)
    assert sorted(a.id for a in seen) == sorted(by_id)  # the selector saw every published post
    for headline in seen:
        full = by_id[headline.id]
        assert (headline.title, headline.date, headline.categories, headline.tags) == (
            full.title,
            full.date,
            full.categories,
            full.tags,
        )
        assert headline.body_html == ""
    expected = [a for a in everything.articles if a.id in {h.id for h in seen[::2]}]
    assert list(chosen.articles) == expected
    assert set(chosen.problems) <= set(everything.problems)
    nothing = newsfmt.load_site(root, now=now, select=lambda articles: ())
    assert nothing.articles == ()


def test_load_newest_takes_the_next_post_when_a_body_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No body fails to clean any more (too deep a nesting is flattened), so one is made to.
    import newsfmt.cleaning.clean as cleaning

    real_clean_html = cleaning.clean_html

    def failing_clean_html(html: str, **options: Any) -> cleaning.CleanResult:
        if "fails" in html:
            raise PostError("body cannot be cleaned")
        return real_clean_html(html, **options)

    monkeypatch.setattr(cleaning, "clean_html", failing_clean_html)
    posts = tmp_path / "_posts"
    posts.mkdir()
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for day, body in ((1, "old"), (2, "middle"), (3, "this body fails")):
        (posts / f"2021-01-0{day}-p{day}.md").write_text(f"---\ntitle: p{day}\n---\n{body}\n", encoding="utf-8")
    (posts / "2020-01-01-no-header.md").write_text("Published, never chosen: its warning is still told.\n")
    (posts / "2020-01-02-hidden.md").write_text("\n---\npublished: false\n---\nx\n", encoding="utf-8")
    site = load_newest(tmp_path, 2)
    assert [a.title for a in site.articles] == ["p2", "p1"]
    assert [p.path.name for p in site.problems if p.severity == "error"] == ["2021-01-03-p3.md"]
    assert [p.path.name for p in site.problems if p.severity == "warning"] == ["2020-01-01-no-header.md"]
    assert set(site.problems) == set(newsfmt.load_site(tmp_path).problems)


def test_bad_config_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: x\ntimezone: Mars/Olympus\n", encoding="utf-8")
    with pytest.raises(newsfmt.ConfigError, match="time zone"):
        newsfmt.load_site(tmp_path)
    (tmp_path / "_config.yml").write_text("title: [x\n", encoding="utf-8")
    with pytest.raises(newsfmt.ConfigError) as info:
        newsfmt.load_site(tmp_path)
    assert info.value.path == tmp_path / "_config.yml"


def test_corpus_present_or_skipped() -> None:
    if not CORPUS.exists():
        pytest.skip("no shared corpus")
    assert (CORPUS / "SOURCES.md").is_file()


def test_cleaning_options_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text(
        "timezone: UTC\nnewsfmt:\n  cleaning:\n    remove_selectors: [div.share]\n", encoding="utf-8"
    )
    (tmp_path / "_posts" / "2021-01-01-a.html").write_text(
        '---\ntitle: a\n---\n<p>Kept.</p><div class="share">Share this!</div>\n', encoding="utf-8"
    )
    article = newsfmt.load_site(tmp_path).articles[0]
    assert "Kept." in article.text and "Share" not in article.text
    (tmp_path / "_config.yml").write_text("newsfmt:\n  cleaning:\n    remove_selectors: ['[[[']\n", encoding="utf-8")
    with pytest.raises(newsfmt.ConfigError) as info:
        newsfmt.load_site(tmp_path)
    assert info.value.path == tmp_path / "_config.yml"


def _many_posts(root: Path, count: int) -> None:
    """A site large enough for load_site to use worker processes, with every kind of post among them."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text("title: 晚报\nurl: https://example.org\ntimezone: Asia/Shanghai\n", "utf-8")
    for n in range(count):
        day = 1 + n % 28
        body = f"第{n}号消息：市场平稳。\n\nParagraph {n} of the English edition."
        (posts / f"2021-03-{day:02d}-item-{n:03d}.md").write_text(
            f"---\ntitle: 消息 {n}\ncategories: [news, city{n % 3}]\ntags: [t{n % 5}]\n---\n{body}\n", "utf-8"
        )
    (posts / "2021-03-05-links.md").write_text(
        "---\ntitle: Links\n---\nSee [item]({% post_url 2021-03-01-item-000 %}).\n", "utf-8"
    )
    (posts / "2021-03-06-broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    (posts / "2999-01-01-future.md").write_text("---\ntitle: Later\n---\nNot yet.\n", "utf-8")
    (posts / "2021-03-07-latin1.md").write_bytes("---\ntitle: Café\n---\nCrème brûlée.\n".encode("latin-1"))


def test_worker_processes_read_the_same_site(tmp_path: Path) -> None:
    _many_posts(tmp_path, 300)
    alone = newsfmt.load_site(tmp_path)
    shared = newsfmt.load_site(tmp_path, jobs=2)
    assert len(alone.articles) == 302
    assert shared == alone
    assert {p.severity for p in alone.problems} == {"error", "warning"}
    linked = next(a for a in shared.articles if a.title == "Links")
    assert "https://example.org/news/city0/2021/03/01/item-000.html" in linked.body_html
    with pytest.raises(newsfmt.NewsfmtError):
        newsfmt.load_site(tmp_path, jobs=2, strict=True)
    newest = load_newest(tmp_path, 250, jobs=2)  # a body that links to others is among them
    assert list(newest.articles) == newsfmt.select_articles(alone.articles, limit=250)
    assert any(a.title == "Links" for a in newest.articles)
    city0 = newsfmt.load_site(
        tmp_path, jobs=2, select=lambda articles: {a.id for a in articles if "city0" in a.categories or not a.tags}
    )
    assert list(city0.articles) == [a for a in alone.articles if "city0" in a.categories or not a.tags]
    assert any(a.title == "Links" for a in city0.articles)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "java\\tscript:alert(1)", "data:text/html,x", "mailto:a@b.c"])
def test_a_site_url_that_is_no_web_address_is_a_config_error(tmp_path: Path, url: str) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text(f'title: x\nurl: "{url}"\n', encoding="utf-8")
    with pytest.raises(newsfmt.ConfigError, match=r"url: .* is not a web address") as info:
        newsfmt.load_site(tmp_path)
    assert info.value.path == tmp_path / "_config.yml"


def test_characters_xml_forbids_leave_the_config_as_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text(
        'title: "Si\\x01te"\ndescription: "d\\uFFFE"\nauthor: {name: "A\\x02nn", url: "java\\x01script:x"}\n',
        encoding="utf-8",
    )
    config = newsfmt.load_site(tmp_path).config
    assert (config.title, config.description) == ("Site", "d")
    assert config.author == Author("Ann")  # without the control character, the URL is a script: left out
