"""Hugo's config keys, discovery, front matter and permalinks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import newsfmt
from newsfmt.model import FrozenMapping, SiteConfig
from newsfmt.readers.dates import ReadDate
from newsfmt.readers.generators import HUGO, PostFacts
from newsfmt.readers.generators.hugo_urls import PagePlace, expand_pattern, path_url


def test_config_keys_in_any_case_and_the_path_of_base_url() -> None:
    fields = HUGO.read_config(
        {
            "BaseURL": "https://example.org/blog/",
            "Title": "H",
            "languageCode": "zh-CN",
            "timeZone": "Asia/Shanghai",
            "Params": {"description": "d", "author": "A"},
            "Permalinks": {"Posts": "/:year/:slug/"},
        }
    )
    assert (fields["url"], fields["baseurl"]) == ("https://example.org", "/blog")
    assert (fields["title"], fields["description"], fields["lang"]) == ("H", "d", "zh-CN")
    assert fields["timezone"] == "Asia/Shanghai"
    assert fields["author"] is not None and fields["author"].name == "A"
    assert fields["permalink"] == "/:year/:slug/"
    assert HUGO.read_config({})["permalink"] == ""


def test_offset_less_dates_are_always_local(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "hugo.toml").write_text('timeZone = "Asia/Shanghai"\n', encoding="utf-8")
    config = newsfmt.load_config(tmp_path, overrides={"naive_dates": "utc"})
    assert (config.generator, config.naive_dates) == ("hugo", "local")


def test_discovery_skips_section_pages(tmp_path: Path) -> None:
    for path in ("content/posts/_index.md", "content/posts/a.md", "content/posts/b/index.md", "content/x.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("---\ntitle: t\n---\n", encoding="utf-8")
    found = HUGO.discover(tmp_path, SiteConfig(root=tmp_path, generator="hugo"), drafts=False)
    assert sorted(source.rel_path for source in found) == ["posts/a.md", "posts/b/index.md"]
    assert {source.kind for source in found} == {"hugo"}


def test_front_matter_names_and_titles() -> None:
    assert HUGO.front_matter({"Title": "a", "title": "b", "PublishDate": 1}) == {"title": "a", "publishdate": 1}
    assert HUGO.undated_slug("index", Path("content/posts/my-bundle/index.md")) == "my-bundle"
    assert HUGO.undated_slug("page", Path("content/posts/page.md")) == "page"
    assert HUGO.default_title("hello-world") == "hello world"
    assert HUGO.terms({"categories": "a b", "tags": ["x"]}, ("ignored",)) == (("a", "b"), ("x",))


def _facts(metadata: dict[str, object], rel_path: str = "posts/My Page.md") -> PostFacts:
    shown = datetime(2021, 3, 4, 1, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    date = ReadDate(shown, shown.astimezone(ZoneInfo("UTC")), "test")
    return PostFacts(metadata, date, (), "My Page", "My Page.md", ".md", rel_path)


def _hugo(data: dict[str, object]) -> SiteConfig:
    return SiteConfig(generator="hugo", data=FrozenMapping(data))


def test_permalinks_of_a_page_read_alone() -> None:
    pattern = "/:section/:year/:month/:day/:monthname/:weekday/:yearday/:slug/:filename/:title/"
    config = _hugo({"permalinks": {"Posts": pattern}})
    assert (
        HUGO.permalink(_facts({"title": "Big News"}), config)
        == "/posts/2021/03/04/march/4/63/big-news/my-page/big-news/"
    )
    with pytest.raises(ValueError, match="unknown token :other"):
        HUGO.permalink(_facts({}), _hugo({"permalinks": {"posts": "/:other/"}}))
    assert HUGO.permalink(_facts({"url": "custom/path"}), config) == "/custom/path/"
    assert HUGO.permalink(_facts({"url": "/file.html"}), config) == "/file.html"
    assert HUGO.permalink(_facts({"url": "/a b/"}), config) == "/a%20b/"
    assert HUGO.permalink(_facts({}, rel_path="top.md"), config) == "/top/"
    assert HUGO.permalink(_facts({"slug": "x+y"}), _hugo({"uglyURLs": True})) == "/posts/x+y.html"
    assert HUGO.post_id("/posts/my-page/", "my-page") == "/posts/my-page"
    assert HUGO.post_id("/", "x") == "/"


# What hugo 0.111 (`hugo list all`) made of these titles with the pattern /t/:title/, and of these file names
# without a pattern.
TITLES = {
    "  lead -- trail  ": "lead--trail",
    "(paren) [brack]": "paren-brack",
    "50%": "50",
    "50%20": "50-",
    "A.B": "a.b",
    "a\\b": "a%5Cb",
    "a+b": "a-b",
    "C++ & Go": "c-go",
    "c++_go": "c-_go",
    "Q?&=!": "q",
    "Ünïcode É": "%C3%BCn%C3%AFcode-%C3%A9",
    "x@y": "x@y",
    "x~y": "x~y",
}
FILE_NAMES = {
    "  lead -- trail  ": "-lead--trail-",
    "50%20": "50%20",
    "a+b": "a+b",
    "a—b": "ab",
    "C++ & Go": "c++-go",
    "c++_go": "c++_go",
    "x#y": "x#y",
    "x_y-z": "x_y-z",
    "Ünïcode É": "%C3%BCn%C3%AFcode-%C3%A9",
}


@pytest.mark.parametrize(("title", "expected"), sorted(TITLES.items()))
def test_a_title_in_a_pattern_as_hugo_urlizes_it(title: str, expected: str) -> None:
    place = PagePlace(("t",), ("t",), "p", title, "", datetime(2021, 1, 1))
    assert expand_pattern("/t/:title/", place) == f"/t/{expected}/"


@pytest.mark.parametrize(("name", "expected"), sorted(FILE_NAMES.items()))
def test_a_file_name_without_a_pattern_as_hugo_sanitizes_it(name: str, expected: str) -> None:
    assert path_url(["f"], name) == f"/f/{expected}"


def _site(root: Path, files: dict[str, str]) -> newsfmt.Site:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return newsfmt.load_site(root)


def test_a_config_folder_alone_makes_a_hugo_site_with_its_content_folder(tmp_path: Path) -> None:
    page = "---\ntitle: A\ndate: 2021-01-01\n---\n"
    site = _site(
        tmp_path,
        {
            "config/_default/hugo.yaml": "contentDir: pages\nlanguageCode: de-DE\n",
            "config/_default/permalinks.yaml": "posts: /:year/:filename/\n",
            "config/development/permalinks.yaml": "posts: /dev/:filename/\n",  # not the environment of a build
            "pages/posts/a.md": page,
        },
    )
    assert site.config.generator == "hugo"
    assert [(a.permalink, a.lang) for a in site.articles] == [("/2021/a/", "de-DE")]


def test_one_language_never_gets_a_prefix(tmp_path: Path) -> None:
    # hugo 0.111: defaultContentLanguageInSubdir puts the default language in a folder only beside another one.
    page = "---\ntitle: A\ndate: 2021-01-01\n---\n"
    config = "defaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n"
    site = _site(tmp_path, {"hugo.toml": config, "content/posts/a.md": page})
    assert [a.permalink for a in site.articles] == ["/posts/a/"]


@pytest.mark.parametrize(
    ("taxonomies", "categories", "tags"),
    [
        ("", ("news",), ("go",)),  # Hugo's default taxonomies
        ('[taxonomies]\ntag = "tags"\nseries = "series"\n', (), ("go",)),  # no category taxonomy: none
        ('[taxonomies]\ncategory = "topics"\ntag = "tags"\n', ("hugo",), ("go",)),  # read from its own key
        ("[taxonomies]\n", (), ()),  # taxonomies off
    ],
)
def test_custom_taxonomies_give_categories_and_tags(
    tmp_path: Path, taxonomies: str, categories: tuple[str, ...], tags: tuple[str, ...]
) -> None:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "hugo.toml").write_text(f'baseURL = "https://example.org/"\n{taxonomies}', encoding="utf-8")
    front = "title: t\ndate: 2021-01-01\ncategories: [news]\ntags: [go]\ntopics: [hugo]\nseries: [one]"
    (tmp_path / "content" / "posts" / "p.md").write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    site = newsfmt.load_site(tmp_path)
    assert not site.problems
    (article,) = site.articles
    assert (article.categories, article.tags) == (categories, tags)
