"""Hypothesis: parse_post on any text gives an Article or a NewsfmtError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsfmt

HEADER_PIECES = st.sampled_from(
    [
        "---\n",
        "+++\n",
        "...\n",
        "title: ",
        "date: ",
        "2021-12-31 07:55:46 +0800\n",
        "2021-12-08 10:46:18\n",
        "categories: [a, b]\n",
        "tags: 株洲 新闻\n",
        "permalink: /:year/:nonsense/\n",
        "&a [*a]\n",
        "{% raw %}",
        "{{ site.title }}",
        "{% post_url x %}",
        "<p>",
        "</div>",
        "\x00",
        "\ufeff",
        "\r\n",
        '"',
        "[",
        "{",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(HEADER_PIECES, st.text(max_size=20)), max_size=30).map("".join),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXTS, name=st.sampled_from(["2021-12-31-x.md", "x.html", "2021-1-2-y.markdown", "a.txt"]))
def test_parse_post_returns_article_or_raises_newsfmt_error(text: str, name: str) -> None:
    try:
        article = newsfmt.parse_post(text, path=name)
    except newsfmt.NewsfmtError:
        return
    assert isinstance(article, newsfmt.Article)
    assert article.date.tzinfo is not None


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_parse_post_on_bytes(data: bytes) -> None:
    try:
        article = newsfmt.parse_post(data, path="2021-12-31-bytes.md")
    except newsfmt.NewsfmtError:
        return
    assert "\r" not in article.body_html
