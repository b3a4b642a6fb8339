"""Liquid in Jekyll posts as real ``jekyll build`` renders it: ``site.data`` from ``_data``, ``include`` and
``include_relative`` with parameters, tags written without spaces, ``markdownify``; and what newsfmt does where
Jekyll would stop (an unknown tag, an include that is missing or leads outside the site): leave that tag out, alone,
with a warning.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import newsfmt
from tests.support.jekyll_oracle import jekyll_available, read_with_jekyll

FILES = {
    "_config.yml": "url: https://example.org\n",
    "_data/releases.yml": (
        '- version: "1.1"\n  url: https://example.org/r-1.1.tar.gz\n  sha256: aaa111\n'
        '- version: "1.2"\n  url: https://example.org/r-1.2.tar.gz\n  sha256: bbb222\n'
    ),
    "_data/team/members.json": '{"lead": "Ada"}\n',
    "_data/prices.csv": "item,price\nrice,3\ntea,5\n",
    "_data/rates.tsv": "city\trate\nA\t1.5\nB\t2.5\n",
    "_data/.hidden.yml": "x: 1\n",
    "_data/my data!.yml": "y: 2\n",
    "_includes/note.html": (
        '<p class="note">{{ include.text }} by {{ include.who }} ({{ site.data.team.members.lead }})</p>\n'
    ),
    "_includes/parts/sig.md": 'Signed, {{ include.name | default: "the desk" }}.\n',
    "_posts/snippet.txt": "Snippet for {{ page.title }}.\n",
    "_posts/2024-04-01-older.md": "---\ntitle: Older\n---\nOld.\n",
    "_posts/2024-05-01-release.md": """\
---
title: Release
---
{% assign r = site.data.releases | where: "version", "1.2" | first %}
Download [{{ r.version }}]({{ r.url }}) sha {{ r.sha256 }}.

Lead: {{ site.data.team.members.lead }}. Rice costs {{ site.data.prices[0].price }}. \
Rate {{ site.data.rates[1].rate }}. Hidden: [{{ site.data.hidden.x }}] Spaced: [{{ site.data.my_data.y }}]

{% include note.html text="Hello \\"you\\"" who=page.title %}

{%include parts/sig.md name='Bo' %}

{% include_relative snippet.txt %}

{% capture marked %}Marked *up* for {{ page.title }}.{% endcapture %}{{ marked | markdownify }}

Older: [link]({%link _posts/2024-04-01-older.md%}) and [post]({%- post_url 2024-04-01-older -%}).
""",
}
RELEASE = "_posts/2024-05-01-release.md"
EXPECTED = [
    "Download 1.2 sha bbb222.",
    "Lead: Ada. Rice costs 3. Rate 2.5. Hidden: [] Spaced: [2]",
    'Hello "you" by Release (Ada)',
    "Signed, Bo.",
    "Snippet for Release.",
    "Marked up for Release.",
    "Older: link and post.",
]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _paragraphs(markup: str) -> list[str]:
    found = re.findall(r"<p\b[^>]*>(.*?)</p>", markup, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", p)).split()) for p in found]


def _links(markup: str) -> list[str]:
    return [link.removeprefix("https://example.org") for link in re.findall(r'href="([^"]+)"', markup)]


def _release(site: Path) -> newsfmt.Article:
    loaded = newsfmt.load_site(site)
    # The included file beside the posts is no post: Jekyll skips it, newsfmt says why.
    assert [(p.path.name if p.path else "", p.severity) for p in loaded.problems] == [("snippet.txt", "error")]
    return next(article for article in loaded.articles if article.title == "Release")


def test_data_includes_and_tags_without_spaces_render(tmp_path: Path) -> None:
    article = _release(_write(tmp_path, FILES))
    assert _paragraphs(article.body_html) == EXPECTED
    assert _links(article.body_html) == [
        "/r-1.2.tar.gz",
        "/2024/04/01/older.html",
        "/2024/04/01/older.html",
    ]


@pytest.mark.jekyll
@pytest.mark.skipif(not jekyll_available(), reason="jekyll is not installed")
def test_same_as_jekyll(tmp_path: Path) -> None:
    site = _write(tmp_path / "site", FILES)
    posts = read_with_jekyll(site, tmp_path / "work", render_liquid=True)
    url = next(post["url"] for post in posts if post["path"] == RELEASE)
    written = (tmp_path / "work" / "site" / url.lstrip("/")).read_text(encoding="utf-8")
    ours = _release(site).body_html
    assert _paragraphs(ours) == _paragraphs(written) == EXPECTED
    assert _links(ours) == _links(written)


def _body_of(site: Path, body: str) -> tuple[newsfmt.Article, list[str]]:
    _write(site, {"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n"})
    _write(site, {"_posts/2024-02-02-b.md": f"---\ntitle: B\n---\n{body}\n"})
    loaded = newsfmt.load_site(site)
    article = next(article for article in loaded.articles if article.title == "B")
    return article, [p.message for p in loaded.problems if p.severity == "warning"]


def test_an_unknown_tag_is_left_out_alone_with_a_warning(tmp_path: Path) -> None:
    article, warnings = _body_of(
        tmp_path,
        "{% gist 12345 %} Site {{ site.title }}, [a]({%post_url 2024-01-01-a%}) "
        "{% raw %}{% gist kept %}{% endraw %} {%- tweet x -%}{% if true %}yes{% endif %}",
    )
    assert " ".join(article.text.split()) == "Site T, a {% gist kept %} yes"
    assert _links(article.body_html) == ["/2024/01/01/a.html"]
    assert [w for w in warnings if "unknown Liquid tag" in w] == [
        "unknown Liquid tag 'gist' left out (a theme's or plugin's tag)",
        "unknown Liquid tag 'tweet' left out (a theme's or plugin's tag)",
    ]


def test_includes_stay_inside_the_site(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    site = tmp_path / "site"
    _write(site, {"_includes/ok.md": "fine", "_posts/kept.txt": "also fine"})
    (site / "_includes" / "link.md").symlink_to(secret)
    (site / "_posts" / "link.txt").symlink_to(secret)
    body = " ".join(
        [
            "{% include ok.md %}",
            "{% include ../../secret.txt %}",
            "{% include /etc/hostname %}",
            "{% include link.md %}",
            "{% include_relative link.txt %}",
            "{% include_relative kept.txt %}",
            "{% include_relative ./../../secret.txt %}",
            "{% include missing.md %}",
            "end",
        ]
    )
    article, warnings = _body_of(site, body)
    assert " ".join(article.text.split()) == "fine also fine end"
    assert sorted(w.split(":")[0] for w in warnings if "left out" in w) == [
        "include '../../secret.txt'",
        "include '/etc/hostname'",
        "include 'link.md'",
        "include 'missing.md'",
        "include_relative './../../secret.txt'",
        "include_relative 'link.txt'",
    ]


def test_data_comes_from_the_site_folder_only(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: TOP SECRET\n", encoding="utf-8")
    site = tmp_path / "site"
    _write(site, {"_data/good.yml": "v: 1\n", "_data/bad.yml": "v: [unclosed\n", "_data/notes.txt": "n: 1\n"})
    (site / "_data" / "linked.yml").symlink_to(outside)
    config = newsfmt.load_config(_write(site, {"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": "---\n---\n"}))
    assert dict(config.site_data) == {"good": {"v": 1}}
    article, _ = _body_of(site, "[{{ site.data.linked.secret }}][{{ site.data.good.v }}][{{ site.data.bad.v }}]")
    assert article.text.strip() == "[][1][]"


def test_a_changed_include_or_data_file_renders_the_post_again(tmp_path: Path) -> None:
    import json
    import os

    from newsfmt.builder.runner import build_site

    site = _write(
        tmp_path / "site",
        {
            "_config.yml": "title: T\n",
            "_includes/box.md": "First box.",
            "_data/n.yml": "v: one\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n{% include box.md %} {{ site.data.n.v }}\n",
        },
    )
    out = tmp_path / "out"

    def text() -> str:
        feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
        return " ".join(re.sub(r"<[^>]+>", "", str(feed["items"][0]["content_html"])).split())

    build_site(site, out)
    assert text() == "First box. one"
    (site / "_includes" / "box.md").write_text("Second box, longer.", encoding="utf-8")
    os.utime(site / "_includes" / "box.md", ns=(1, 1))
    build_site(site, out)
    assert text() == "Second box, longer. one"
    (site / "_data" / "n.yml").write_text("v: two\n", encoding="utf-8")
    build_site(site, out)
    assert text() == "Second box, longer. two"
