"""A config change reads again only the posts it can change, and rewrites the outputs that show it: after each
output-only setting is edited, the rebuilt folder is the same bytes as a clean build of the edited site."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import newsfmt
from newsfmt.builder.config_keys import OUTPUT_ONLY_KEYS, Fingerprints, post_key, reads_site_config

DOCS = Path(__file__).resolve().parents[2] / "docs" / "index.md"

JEKYLL_CONFIG = """title: Harbour Daily
url: https://daily.example.org
description: News of the harbour
timezone: Europe/Paris
feed:
  excerpt_only: false
newsfmt:
  categories:
    city: {title: City desk}
  feeds:
    authors: false
  build:
    text_width: 72
"""
PLAIN = """---
title: Harbour reopens {n}
date: 2024-01-0{n} 08:00:00 +0000
categories: [city]
author: Ana
---
<p>The harbour reopened today, part {n}. The ships are back at the quay.</p>
"""
SHOWS_CONFIG = """---
title: About this paper
date: 2024-01-05 08:00:00 +0000
categories: [city]
---
<p>This is {{ site.title }}: {{ site.description }}.</p>
"""

# Each output-only key, edited: (what is replaced in the config, by what).
JEKYLL_EDITS = {
    ("title",): ("title: Harbour Daily", "title: The Harbour Times"),
    ("description",): ("description: News of the harbour", "description: Tides and ships"),
    ("feed",): ("excerpt_only: false", "excerpt_only: true"),
    ("newsfmt", "categories"): ("{title: City desk}", "{title: Town hall}"),
    ("newsfmt", "feeds"): ("authors: false", "authors: true"),
    ("newsfmt", "build"): ("text_width: 72", "text_width: 60"),
}

HUGO_CONFIG = """baseURL = "https://hugo.example.org/"
title = "Hugo Harbour"
[params]
description = "News of the harbour"
"""
HUGO_POST = """---
title: "Harbour reopens"
date: 2024-01-01T08:00:00Z
categories: [city]
---
The harbour reopened today. The ships are back at the quay.
"""
HUGO_SHORTCODE = """---
title: "About"
date: 2024-01-02T08:00:00Z
categories: [city]
---
This paper: {{< param description >}}.
"""


def _jekyll(root: Path, config: str) -> Path:
    (root / "_posts").mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for n in (1, 2, 3):
        (root / "_posts" / f"2024-01-0{n}-harbour-{n}.md").write_text(PLAIN.format(n=n), encoding="utf-8")
    (root / "_posts" / "2024-01-05-about.md").write_text(SHOWS_CONFIG, encoding="utf-8")
    return root


def _hugo(root: Path, config: str) -> Path:
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    (root / "content" / "posts" / "harbour.md").write_text(HUGO_POST, encoding="utf-8")
    (root / "content" / "posts" / "about.md").write_text(HUGO_SHORTCODE, encoding="utf-8")
    return root


def _files(out: Path) -> dict[str, bytes]:
    """Every output, by its path in OUT (the cache and the lock left out)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).parts[0].startswith(".")
    }


def _edited_equals_clean(
    tmp_path: Path, make: Callable[[Path, str], Path], config: str, edited: str
) -> newsfmt.BuildReport:
    """Build, edit the config, build again; the folder must be what a clean build of the edited site writes."""
    assert edited != config
    site, out = make(tmp_path / "site", config), tmp_path / "out"
    newsfmt.build_site(site, out)
    before = _files(out)
    (site / ("_config.yml" if (site / "_config.yml").exists() else "hugo.toml")).write_text(edited, encoding="utf-8")
    report = newsfmt.build_site(site, out)
    clean = tmp_path / "clean"
    newsfmt.build_site(make(tmp_path / "clean-site", edited), clean)
    assert _files(out) == _files(clean)
    assert _files(out) != before
    return report


@pytest.mark.parametrize("key", sorted(JEKYLL_EDITS), ids=".".join)
def test_an_output_only_setting_reads_only_the_posts_that_show_config_values(tmp_path: Path, key: tuple[str]) -> None:
    old, new = JEKYLL_EDITS[key]
    report = _edited_equals_clean(tmp_path, _jekyll, JEKYLL_CONFIG, JEKYLL_CONFIG.replace(old, new))
    assert report.reread == 1  # only the post with Liquid, which may show any config value


BARE_CONFIG = "url: https://daily.example.org\n"
WITH_OPTIONS = BARE_CONFIG + "newsfmt:\n  naive_dates: utc\n"
ADDED = {  # to a config without the key, or without any key on its path
    "title": (BARE_CONFIG, "title: Harbour Daily\n"),
    "description": (BARE_CONFIG, "description: Tides and ships\n"),
    "feed": (BARE_CONFIG, "feed:\n  excerpt_only: true\n"),
    "newsfmt.build": (WITH_OPTIONS, "  build:\n    text_width: 60\n"),
    "newsfmt.feeds": (WITH_OPTIONS, "  feeds:\n    authors: true\n"),
    "newsfmt.categories, no newsfmt yet": (BARE_CONFIG, "newsfmt:\n  categories:\n    city: {title: Town}\n"),
}


@pytest.mark.parametrize("case", sorted(ADDED))
def test_an_output_only_setting_added_reads_only_the_posts_that_show_config_values(tmp_path: Path, case: str) -> None:
    config, added = ADDED[case]
    report = _edited_equals_clean(tmp_path, _jekyll, config, config + added)
    assert report.reread == 1


def test_a_new_description_shows_in_the_post_that_prints_it(tmp_path: Path) -> None:
    edited = JEKYLL_CONFIG.replace("News of the harbour", "Tides and ships")
    _edited_equals_clean(tmp_path, _jekyll, JEKYLL_CONFIG, edited)
    about = next((tmp_path / "out" / "text").rglob("*about.txt")).read_text(encoding="utf-8")
    assert "This is Harbour Daily: Tides and ships." in about


def test_hugo_params_description_reads_only_the_page_with_a_shortcode(tmp_path: Path) -> None:
    edited = HUGO_CONFIG.replace("News of the harbour", "Tides and ships")
    report = _edited_equals_clean(tmp_path, _hugo, HUGO_CONFIG, edited)
    assert report.reread == 1
    assert b"Tides and ships" in next((tmp_path / "out" / "text").rglob("*about*.txt")).read_bytes()


def test_hugo_title_reads_no_page_without_a_shortcode(tmp_path: Path) -> None:
    edited = HUGO_CONFIG.replace('"Hugo Harbour"', '"The Hugo Times"')
    report = _edited_equals_clean(tmp_path, _hugo, HUGO_CONFIG, edited)
    assert report.reread == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("timezone: Europe/Paris", "timezone: Asia/Tokyo"),
        ("url: https://daily.example.org", "url: https://harbour.example.net"),
        ("title: Harbour Daily", "title: Harbour Daily\npermalink: /:title/"),
    ],
)
def test_a_setting_that_shapes_articles_reads_every_post(tmp_path: Path, old: str, new: str) -> None:
    report = _edited_equals_clean(tmp_path, _jekyll, JEKYLL_CONFIG, JEKYLL_CONFIG.replace(old, new))
    assert report.reread == 4


def test_every_output_only_key_is_tested_or_is_hugo_s() -> None:
    assert set(OUTPUT_ONLY_KEYS) == set(JEKYLL_EDITS) | {("params", "description")}


def test_the_output_only_keys_are_exactly_the_documented_ones() -> None:
    text = DOCS.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Settings that only shape outputs:"))
    documented = {tuple(name.split(".")) for name in re.findall(r"`([^`]+)`", line)}
    assert documented == set(OUTPUT_ONLY_KEYS)


def test_a_post_with_liquid_or_a_shortcode_is_keyed_by_the_whole_config() -> None:
    assert reads_site_config(b"{{ site.title }}") and reads_site_config(b"{% include x.html %}")
    assert reads_site_config(b"{{< param description >}}")
    assert not reads_site_config(b"<p>Plain { braces } and % signs</p>")
    for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        assert reads_site_config("{{ site.title }}".encode(encoding)), encoding
        assert reads_site_config("{% include x %}".encode(encoding)), encoding
        assert not reads_site_config("{ plain } %".encode(encoding)), encoding
    prints = Fingerprints("articles", "site")
    assert post_key("a.md", b"{{ x }}", prints).startswith("site:")
    assert post_key("a.md", b"x", prints) == post_key("a.md", b"x", Fingerprints("articles", "other"))
    assert post_key("a.md", b"x", prints) != post_key("a.md", b"x", Fingerprints("other", "site"))
    assert post_key("a.md", b"{{ x }}", prints) != post_key("a.md", b"{{ x }}", Fingerprints("articles", "other"))
