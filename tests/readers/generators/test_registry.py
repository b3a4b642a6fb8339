"""Detection order and the registry of site generators."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from newsfmt.model import Generator
from newsfmt.readers.generators import (
    CONFIG_FILES,
    DETECTION_ORDER,
    FOLDER,
    GENERATORS,
    HUGO,
    JEKYLL,
    detect,
    reader_of,
)


def _site(root: Path, *paths: str) -> Path:
    for path in paths:
        target = root / path.rstrip("/")
        if path.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("title: t\n", encoding="utf-8")
    return root


def test_every_generator_is_named_once_and_the_folder_comes_last() -> None:
    assert sorted(GENERATORS) == sorted(get_args(Generator))
    assert DETECTION_ORDER[-1] is FOLDER
    assert CONFIG_FILES[:3] == JEKYLL.config_files and "hugo.toml" in CONFIG_FILES


def test_each_source_kind_has_one_reader() -> None:
    kinds = [kind for generator in DETECTION_ORDER for kind in generator.source_kinds]
    assert len(kinds) == len(set(kinds))
    assert reader_of("post") is JEKYLL and reader_of("draft") is JEKYLL
    assert reader_of("hugo") is HUGO and reader_of("page") is FOLDER
    with pytest.raises(ValueError, match="unknown kind"):
        reader_of("nonsense")


@pytest.mark.parametrize(
    ("paths", "expected", "config_name"),
    [
        (["_config.yml", "hugo.toml", "content/"], "jekyll", "_config.yml"),
        (["_config.toml", "_config.yml"], "jekyll", "_config.yml"),
        (["config.toml", "content/"], "hugo", "config.toml"),
        (["hugo.toml", "config.toml", "content/"], "hugo", "hugo.toml"),
        (["hugo.toml", "_posts/"], "jekyll", None),  # a Hugo config counts only beside content/
        (["hugo.toml", "posts/"], "folder", None),
        (["blog/_posts/"], "jekyll", None),
        (["content/"], "hugo", None),
        (["content/", "_posts"], "folder", None),  # a file named _posts: neither layout
        (["posts/"], "folder", None),
    ],
)
def test_detection(tmp_path: Path, paths: list[str], expected: str, config_name: str | None) -> None:
    generator, source = detect(_site(tmp_path, *paths))
    assert generator.name == expected
    assert source == (tmp_path / config_name if config_name else None)


@pytest.mark.parametrize(
    ("folder", "jekyll", "hugo"),
    [("_site", False, False), ("blog/_posts/out", True, True), ("_drafts", True, True), ("content/out", False, True)],
)
def test_folders_that_hold_posts(folder: str, jekyll: bool, hugo: bool) -> None:
    assert (JEKYLL.holds_posts(folder), HUGO.holds_posts(folder), FOLDER.holds_posts(folder)) == (jekyll, hugo, jekyll)
