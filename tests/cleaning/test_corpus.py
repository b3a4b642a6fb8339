"""The shared corpus: the real long Chinese article, every finews post, and English blogs left intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

import newsfmt
from newsfmt import CleaningRules, clean_html
from newsfmt.errors import NewsfmtError
from newsfmt.readers.decoding import decode_post
from newsfmt.readers.frontmatter import split_post
from newsfmt.readers.markup import render_body
from tests.conftest import CORPUS

LONG_ARTICLE = CORPUS / "finews" / "_posts" / "2021-12-31-NW202112312232154129.md"
NO_RULES = CleaningRules.from_options(
    {"cleaning": {"defaults": False, "remove_hidden": False, "trailing_url": False, "trailing_navigation": False}}
)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository"),
]


def _paragraphs_of_source(path: Path) -> list[str]:
    """Text of every <p> of the post's raw HTML body, whitespace collapsed."""
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    start = body.index("<p>")
    end = body.rindex("</p>") + len("</p>")
    fragment = lxml_html.fragment_fromstring(body[start:end], create_parent="div")
    texts = [" ".join(p.text_content().split()) for p in fragment.iter("p")]
    return [text for text in texts if text]


def test_long_article_keeps_every_paragraph_and_nothing_else() -> None:
    article = newsfmt.load_post(LONG_ARTICLE)
    paragraphs = article.text.split("\n\n")
    source = _paragraphs_of_source(LONG_ARTICLE)
    assert source[-1] == "（文章来源：株洲日报）"
    assert paragraphs == source[:-1]  # every paragraph and heading, in order, and nothing more
    assert "返回" not in article.text and "finews" not in article.text and "文章来源" not in article.text
    assert "返回" not in article.body_html and "文章来源" not in article.body_html
    assert article.source_url == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112312232154129"
    assert article.source_name == "株洲日报"


def test_long_article_summary_skips_byline_and_label() -> None:
    article = newsfmt.load_post(LONG_ARTICLE)
    assert article.summary.startswith("“长株潭一体化发展要继续抓下去，抓出更大成效。”2020年9月")
    assert "记者" not in article.summary and "【核心提示】" not in article.summary
    assert article.summary.endswith("…")
    assert 60 <= len(article.summary) <= 135


def test_every_finews_post_loses_its_footer_and_gets_its_source() -> None:
    posts = sorted((CORPUS / "finews" / "_posts").glob("2*.md"))
    assert len(posts) > 90
    with_url = 0
    for path in posts:
        article = newsfmt.load_post(path)
        assert "返回首页" not in article.text, path.name
        assert "返回首页" not in article.body_html, path.name
        assert not re.search(r"(^|\n)https?://\S+$", article.text), path.name
        raw = path.read_text(encoding="utf-8")
        if re.search(r"^<https?://[^>]+>\s*$", raw, re.MULTILINE):
            with_url += 1
            assert article.source_url is not None and article.source_url in raw, path.name
    assert with_url > 90


@pytest.mark.slow
@pytest.mark.parametrize("name", ["blog-brobertsaz", "hugo-spf13"])
def test_default_rules_remove_nothing_from_english_blogs(name: str) -> None:
    files = [p for p in (CORPUS / name).rglob("*") if p.suffix in (".md", ".html") and p.is_file()]
    assert len(files) > 100
    checked = 0
    for path in files:
        try:
            body = split_post(decode_post(path.read_bytes()).text).body
        except NewsfmtError:  # a few corpus files are not posts; the reader's tests cover them
            continue
        html = render_body(body, path.suffix)
        with_defaults = clean_html(html, base_url="https://example.org/blog/post.html")
        without_rules = clean_html(html, base_url="https://example.org/blog/post.html", rules=NO_RULES)
        assert with_defaults.text == without_rules.text, path
        assert with_defaults.source_url is None and with_defaults.source_name is None, path
        checked += 1
    assert checked > 100


def test_english_blogs_stay_xml_and_idempotent() -> None:
    site = newsfmt.load_site(CORPUS / "blog-brobertsaz")
    for article in site.articles:
        again = clean_html(article.body_html, base_url=article.url)
        assert again.html == article.body_html, article.path
