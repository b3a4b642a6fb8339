"""A feed reads no plain text it does not show: ``plain_text=False`` changes nothing else, and no feed byte."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import newsfmt
from newsfmt.cleaning.clean import clean_html
from newsfmt.site_outputs import feed_of_site
from newsfmt.vocabulary import FEED_FORMATS, FeedFormat
from tests.conftest import EXAMPLE_SITE

HEADING_ONLY = """---
title: ""
date: 2025-09-09 09:00:00 +0800
---
<h2>Only a heading, no paragraph</h2>
"""


def test_the_text_is_skipped_only_where_a_summary_stands_in() -> None:
    with_summary = clean_html("<p>A first sentence. A second one.</p>", plain_text=False)
    assert (with_summary.text, with_summary.summary) == ("", "A first sentence. A second one.")
    without = clean_html("<h2>Only a heading</h2>", plain_text=False)
    assert (without.text, without.summary) == ("Only a heading", "")
    assert clean_html("<p>A first sentence.</p>").text == "A first sentence."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, plus a post whose feed title can only come from its text."""
    root = tmp_path_factory.mktemp("plain") / "site"
    shutil.copytree(EXAMPLE_SITE, root)
    (root / "_posts" / "2025-09-09-untitled.md").write_text(HEADING_ONLY, encoding="utf-8")
    return root


def test_articles_differ_only_by_the_text_a_summary_makes_unneeded(site: Path) -> None:
    full = newsfmt.load_site(site).articles
    lazy = newsfmt.load_site(site, plain_text=False).articles
    assert [a.id for a in lazy] == [a.id for a in full]
    for complete, light in zip(full, lazy, strict=True):
        assert light.text == ("" if complete.summary else complete.text)
        assert dataclasses.replace(light, text=complete.text) == complete
    assert any(a.text and not a.summary for a in lazy)  # the heading-only post keeps its text


@pytest.mark.parametrize("fmt", FEED_FORMATS)
@pytest.mark.parametrize("limit", [0, 3])
def test_the_feed_is_the_same_bytes_as_from_full_articles(site: Path, fmt: FeedFormat, limit: int) -> None:
    full = newsfmt.load_site(site)
    writer = {"rss": newsfmt.to_rss, "atom": newsfmt.to_atom, "json": newsfmt.to_json_feed}[fmt]
    expected = writer(full.articles, full.config, limit=limit)
    assert feed_of_site(site, fmt, limit=limit).data == expected
    assert b"Only a heading, no paragraph" in expected  # the title that came from the text
