"""Golden tests: each fixture post beside its expected Article as JSON.

Regenerate with ``NEWSFMT_REGEN=1 pytest tests/readers/test_golden_posts.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsfmt
from newsfmt.inspection import article_to_json
from newsfmt.readers.site import load_post_reporting
from tests.support.golden import assert_golden

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "posts"
CONFIG = newsfmt.SiteConfig(
    title="示例新闻",
    url="https://news.example.org",
    lang="zh-CN",
    timezone="Asia/Shanghai",
    author=newsfmt.Author("编辑部"),
    data={"title": "示例新闻"},
)
POSTS = sorted(p for p in FIXTURES.iterdir() if p.suffix != ".json")


def _actual(post: Path) -> dict[str, object]:
    article, problems = load_post_reporting(post, CONFIG)
    data = json.loads(article_to_json(article, body=True)) if article else {}
    data["path"] = post.name
    data["problems"] = [{"line": p.line, "severity": p.severity, "message": p.message} for p in problems]
    return data


def test_load_post_raises_what_reporting_lists() -> None:
    with pytest.raises(newsfmt.FrontMatterError) as info:
        newsfmt.load_post(FIXTURES / "2025-06-01-broken-yaml.md", CONFIG)
    assert info.value.line == 5  # libyaml notices the unclosed list on the next line
    assert str(info.value).endswith("2025-06-01-broken-yaml.md:5: " + info.value.message)


@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_post_matches_golden(post: Path) -> None:
    actual = json.dumps(_actual(post), ensure_ascii=False, indent=2) + "\n"
    assert_golden(post.with_name(post.name + ".json"), actual)
