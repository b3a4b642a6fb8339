"""``newsfmt text``: one post to stdout, sites and several posts into a folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newsfmt.cli import cli

POST = """---
title: "株洲日报新闻"
date: 2021-12-31 07:55:46 +0800
categories: 株洲 日报
---
<p>株洲
日报讯　第一段。</p>
<p>第二段，<a href="https://example.org/x">链接</a>。</p>

<http://source.example.com/news/1.html>

[返回首页](//finews.example.com/)
"""

ENGLISH = """---
title: Hello
date: 2014-05-02
categories: [Rails Tips]
---
First paragraph about <em>Rails</em> routing, long enough to wrap at twenty columns.
"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    posts = site / "_posts"
    posts.mkdir(parents=True)
    (site / "_config.yml").write_text("title: Test\nurl: https://example.org\ntimezone: Asia/Shanghai\n")
    (posts / "2021-12-31-zhu-zhou.md").write_text(POST, encoding="utf-8")
    (posts / "2014-05-02-hello.md").write_text(ENGLISH, encoding="utf-8")
    (posts / "2014-05-03-broken.md").write_text("---\ntitle: [unclosed\n---\nx\n", encoding="utf-8")
    return site


def test_one_post_to_stdout(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = CliRunner().invoke(cli, ["text", str(site / "_posts" / "2021-12-31-zhu-zhou.md")])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "株洲日报新闻\n2021-12-31 07:55\n\n株洲日报讯　第一段。\n\n第二段，链接 <https://example.org/x>。\n"
    )


def test_links_and_width_options(tmp_path: Path) -> None:
    site = _site(tmp_path)
    post = str(site / "_posts" / "2014-05-02-hello.md")
    result = CliRunner().invoke(cli, ["text", post, "--width", "20", "--links", "none"])
    assert result.exit_code == 0, result.output
    body = result.stdout.split("\n\n", 1)[1]
    assert all(len(line) <= 20 for line in body.splitlines())
    assert " ".join(body.split()) == "First paragraph about Rails routing, long enough to wrap at twenty columns."
    bad = CliRunner().invoke(cli, ["text", post, "--links", "footnotes"])
    assert bad.exit_code == 2


def test_site_into_folder(tmp_path: Path) -> None:
    site = _site(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["text", str(site), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["rails-tips/2014/2014-05-02-hello.txt", "株洲/2021/2021-12-31-zhu-zhou.txt"]
    text = (out / "株洲" / "2021" / "2021-12-31-zhu-zhou.txt").read_text(encoding="utf-8")
    assert text.endswith("第二段，链接 <https://example.org/x>。\n")
    assert "返回首页" not in text and "source.example.com" not in text
    assert "2014-05-03-broken.md" in result.stderr  # the problem is reported, the rest is written


def test_several_posts_need_a_folder(tmp_path: Path) -> None:
    site = _site(tmp_path)
    posts = [str(p) for p in sorted((site / "_posts").glob("2*-[hz]*.md"))]
    result = CliRunner().invoke(cli, ["text", *posts])
    assert result.exit_code == 2
    assert "-o DIR" in result.stderr
    result = CliRunner().invoke(cli, ["text", str(site)])
    assert result.exit_code == 2


def test_bad_post_is_one_line_and_exit_1(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = CliRunner().invoke(cli, ["text", str(site / "_posts" / "2014-05-03-broken.md")])
    assert result.exit_code == 1
    assert result.stderr.startswith("newsfmt: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_text_output_refuses_a_symlink_leading_out(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLE_SITE

    outside, out = tmp_path / "outside", tmp_path / "out"
    outside.mkdir()
    out.mkdir()
    first_category = next(p for p in sorted((EXAMPLE_SITE / "_posts").iterdir()) if p.suffix == ".md")
    result = CliRunner().invoke(cli, ["text", str(first_category), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    made = next(out.iterdir())  # the category folder the post went to
    for item in made.rglob("*"):
        if item.is_file():
            item.unlink()
    for item in sorted(made.rglob("*"), reverse=True):
        item.rmdir()
    made.rmdir()
    made.symlink_to(outside, target_is_directory=True)  # planted in OUT, pointing out of it
    result = CliRunner().invoke(cli, ["text", str(first_category), "-o", str(out)])
    assert result.exit_code == 1 and "outside the output folder" in result.stderr
    assert not any(outside.rglob("*"))


def test_category_tag_and_year_choose_by_name_or_slug(tmp_path: Path) -> None:
    site = _site(tmp_path)
    for wanted in (["--category", "Rails Tips"], ["--category", "rails-tips"], ["--year", "2014"]):
        out = tmp_path / "-".join(wanted)
        result = CliRunner().invoke(cli, ["text", str(site), *wanted, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert [path.name for path in out.rglob("*.txt")] == ["2014-05-02-hello.txt"]


def test_an_unknown_category_tag_or_year_exits_1_naming_the_closest(tmp_path: Path) -> None:
    site = _site(tmp_path)
    out = tmp_path / "out"
    for wanted, message in (
        (["--category", "rails-tip"], "no category 'rails-tip'; the closest: 'Rails Tips'"),
        (["--tag", "rails"], "no tag 'rails': the site has none"),
        (["--year", "2016"], "no article of 2016; the closest: 2014, 2021"),
    ):
        result = CliRunner().invoke(cli, ["text", str(site), *wanted, "-o", str(out)])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == f"newsfmt: {message}"
    assert not out.exists()
