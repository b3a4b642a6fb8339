"""slugify_for_path and write_atomic: safe names and whole files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfmt import OutputError
from newsfmt.atomic import write_atomic
from newsfmt.paths import slugify_for_path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("株洲日报新闻", "株洲日报新闻"),
        ("Hello, World!", "hello-world"),
        ("a/b\\c", "a-b-c"),
        ("..", "untitled"),
        (".", "untitled"),
        ("", "untitled"),
        ("  -- ", "untitled"),
        (".hidden", "hidden"),
        ("CON", "con-"),
        ("nul.txt", "nul.txt-"),
        ("2021 年 终 总结", "2021-年-终-总结"),
        ("ｆｕｌｌｗｉｄｔｈ１２", "fullwidth12"),
        ("tab\there\x00nul", "tab-here-nul"),
        ("under_score", "under-score"),
    ],
)
def test_slugify_examples(name: str, expected: str) -> None:
    assert slugify_for_path(name) == expected


@given(st.text())
def test_slugify_is_always_one_safe_component(name: str) -> None:
    slug = slugify_for_path(name)
    assert slug and slug not in (".", "..")
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug
    assert not slug.startswith((".", "-"))
    assert len(slug) <= 81
    assert slugify_for_path(slug) == slug or slug.endswith("-")


def test_write_atomic_writes_whole_file_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "株洲.txt"
    write_atomic(target, "第一版\n".encode())
    write_atomic(target, "第二版\n".encode())
    assert target.read_text(encoding="utf-8") == "第二版\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["株洲.txt"]  # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_atomic_failure_is_an_output_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "x.txt").mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(OutputError):
        write_atomic(folder / "x.txt", b"data")
    assert [p.name for p in folder.iterdir()] == ["x.txt"]
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(OutputError):
        write_atomic(blocker / "child.txt", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "file"]


def test_long_names_are_cut_by_bytes_at_a_character_boundary() -> None:
    from newsfmt.paths import slugify_for_path

    cut = slugify_for_path("长" * 80)
    assert len(cut.encode("utf-8")) <= 160 and cut == "长" * 53
    assert slugify_for_path("😀" * 80) == "untitled"  # symbols are not kept
    assert slugify_for_path("a" * 200) == "a" * 80


def test_a_post_with_a_long_chinese_name_is_built(tmp_path: Path) -> None:
    import newsfmt

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: L\n", encoding="utf-8")
    name = "长" * 80
    post = f"---\ntitle: x\ncategories: [{name}]\n---\nx\n"
    (site / "_posts" / f"2024-01-01-{name}.md").write_text(post, encoding="utf-8")
    report = newsfmt.build_site(site, tmp_path / "out")
    assert report.articles == 1
    assert all(len(path.name.encode("utf-8")) <= 200 for path in (tmp_path / "out").rglob("*"))
