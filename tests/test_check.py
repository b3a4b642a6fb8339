"""newsfmt check: duplicate ids and URLs, dead local links, and the reader's problems, exit 1 if any."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from newsfmt.check import check_site
from newsfmt.cli import cli
from tests.support.pictures import png_header


def _site(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "_config.yml").write_text("url: https://example.org\ntimezone: UTC\n", encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (posts / "2021-01-01-a.md").write_text(
        "---\ntitle: A\nid: same\n---\n![ok](/assets/ok.png) ![gone](/assets/missing.png) [b](/2021/01/02/b.html)\n",
        encoding="utf-8",
    )
    (posts / "2021-01-02-b.md").write_text(
        "---\ntitle: B\nid: same\n---\n[nowhere](/2021/01/09/no-such-post.html) [other site](/project/page/)"
        " [doc](/docs/guide.html) [page](/about/) [sass](/assets/site.css)\n",
        encoding="utf-8",
    )
    (tmp_path / "_docs").mkdir()
    (tmp_path / "_docs" / "guide.md").write_text("---\ntitle: Guide\n---\nA collection document.\n", encoding="utf-8")
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\nA page.\n", encoding="utf-8")
    (tmp_path / "assets" / "site.scss").write_text("---\n---\nbody { color: red }\n", encoding="utf-8")
    (posts / "2021-01-03-c.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    return tmp_path


def test_check_finds_every_kind_of_problem(tmp_path: Path) -> None:
    messages = [p.message for p in check_site(_site(tmp_path))]
    assert any("same id 'same'" in m for m in messages)
    assert any("missing.png" in m and "image" in m for m in messages)
    assert any("/2021/01/09/no-such-post.html" in m for m in messages)
    assert any("invalid YAML" in m for m in messages)
    dead = [m for m in messages if "points at nothing" in m]
    assert len(dead) == 2, dead  # the missing image and the post no post has
    # another site on the host, a collection document, a page, an asset made from Sass, a post, an image that exists
    for fine in ("/project/page/", "/docs/guide.html", "/about/", "/assets/site.css", "/2021/01/02/b.html", "ok.png"):
        assert not any(fine in m for m in dead), fine


def test_check_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["check", str(_site(tmp_path / "bad"))])
    assert bad.exit_code == 1
    assert "problems" in bad.stderr and "Traceback" not in bad.stderr
    good_root = tmp_path / "good"
    (good_root / "_posts").mkdir(parents=True)
    (good_root / "_config.yml").write_text("timezone: UTC\n", encoding="utf-8")
    (good_root / "_posts" / "2021-01-01-fine.md").write_text("---\ntitle: Fine\n---\nAll good.\n", encoding="utf-8")
    good = runner.invoke(cli, ["check", str(good_root)])
    assert good.exit_code == 0, good.stderr
    assert "0 problems" in good.stderr


def test_url_ending_with_baseurl_is_reported(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("url: https://example.org/blog/\nbaseurl: /blog\n", encoding="utf-8")
    (tmp_path / "_posts" / "2021-01-01-a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    problems = check_site(tmp_path)
    assert [p.message for p in problems if "already ends with baseurl" in p.message]


def test_a_folder_without_posts_is_a_problem(tmp_path: Path) -> None:
    assert [p.message for p in check_site(tmp_path)] == [
        "no posts found (no _posts/ folder, content/ folder or post files)"
    ]


def _site_with_build_options(tmp_path: Path, options: str) -> Path:
    site = _site(tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"newsfmt:\n  build:\n{options}", encoding="utf-8")
    return site


def test_check_tells_of_a_cover_the_build_could_not_use(tmp_path: Path) -> None:
    for name, options, message in (
        ("missing", "    cover: assets/none.png\n", "cannot read the cover image"),
        ("not-image", "    cover: _config.yml\n", "the cover is not a PNG, JPEG, GIF or WebP image"),
        ("no-pixels", "    cover: assets/ok.png\n", "the cover image declares no valid width and height"),
        ("huge", "    cover: big.png\n", "the cover image has 9000 × 9000 pixels, more than a cover may have"),
    ):
        site = _site_with_build_options(tmp_path / name, options)
        (site / "big.png").write_bytes(png_header(9_000, 9_000))
        found = [p for p in check_site(site) if p.message.startswith("newsfmt.build.cover: ")]
        assert len(found) == 1 and message in found[0].message and found[0].path == site / "_config.yml"
        result = CliRunner().invoke(cli, ["build", str(site), "-o", str(tmp_path / name / "out"), "--only", "epub"])
        assert result.exit_code == 1 and message in result.stderr  # what the build refuses
    good = _site_with_build_options(tmp_path / "good", "    cover: assets/cover.png\n")
    Image.new("RGB", (300, 400), "#204060").save(good / "assets" / "cover.png")
    assert not [p for p in check_site(good) if p.message.startswith("newsfmt.build.cover")]


def test_check_and_build_refuse_the_same_bad_settings_in_one_line(tmp_path: Path) -> None:
    for name, options, message in (
        ("volumes", "    max_articles: 0\n", "build option max_articles in newsfmt.build: expected a whole number ≥ 1"),
        ("width", "    text_width: 5\n", "build option text_width in newsfmt.build: expected a whole number ≥ 10"),
        ("by", "    epub_by: week\n", "build option epub_by in newsfmt.build: expected year, month or all"),
    ):
        site = _site_with_build_options(tmp_path / name, options)
        for args in (["check", str(site)], ["build", str(site), "-o", str(tmp_path / name / "out")]):
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
            assert message in result.stderr
