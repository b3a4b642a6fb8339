"""The content model's helpers."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path

from newsfmt.model import Article, Author, FrozenMapping, without_body


def test_without_body_keeps_every_field_but_the_texts_extra_and_path() -> None:
    article = Article(
        id="/a",
        title="A",
        date=datetime(2021, 12, 8, tzinfo=UTC),
        updated=datetime(2021, 12, 9, tzinfo=UTC),
        categories=("news",),
        tags=("x",),
        authors=(Author("Li"),),
        summary="s",
        body_html="<p>b</p>",
        text="b",
        url="https://example.org/a.html",
        permalink="/a.html",
        slug="a",
        lang="zh-CN",
        source_url="https://example.com/",
        source_name="Origin",
        image="https://example.org/i.png",
        path=Path("_posts/2021-12-08-a.md"),
        date_rule="offset given",
        extra=FrozenMapping({"layout": "post"}),
    )
    light = without_body(article)
    # every field a future version adds must be kept or dropped here on purpose
    assert light == replace(article, body_html="", text="", summary="", extra=FrozenMapping(), path=None)
    assert {f.name for f in fields(Article)} - {"body_html", "text", "summary", "extra", "path"} == {
        f.name for f in fields(Article) if getattr(light, f.name) == getattr(article, f.name)
    }
    assert dict(light.extra) == {}
