"""Front-matter defaults: the sets of a config are read once and merged once for each choice of sets that apply."""

from __future__ import annotations

from pathlib import Path

from newsfmt.readers.jekyll_defaults import default_sets, defaults_for, merge_front_matter

SETS = [
    {"scope": {"path": "", "type": "posts"}, "values": {"layout": "post", "meta": {"a": 1}}},
    {"scope": {"path": "_posts/news"}, "values": {"layout": "news", "meta": {"b": 2}, "categories": "x"}},
    {"scope": {"path": "_posts", "type": "pages"}, "values": {"layout": "page"}},
    {"values": "not a mapping: skipped"},
]


def test_defaults_follow_the_scope_of_each_path_read_again_or_not(tmp_path: Path) -> None:
    root = str(tmp_path)
    for _ in range(2):  # the second round reads what the first remembered
        sets = default_sets(SETS)
        assert len(sets) == 3
        assert defaults_for(sets, "_posts/2020-01-01-a.md", "posts", root) == {"layout": "post", "meta": {"a": 1}}
        news = defaults_for(sets, "_posts/news/2020-01-01-b.md", "posts", root)
        assert news == {"layout": "news", "meta": {"a": 1, "b": 2}, "categories": "x"}
        assert defaults_for(sets, "_posts/x.md", "pages", root) == {"layout": "page"}
        news["layout"] = "changed by a caller"  # a caller's copy: nothing remembered changes
        merged = merge_front_matter(news, {"categories": ["y"], "meta": {"c": 3}})
        assert merged["categories"] == ["x", "y"] and merged["meta"] == {"a": 1, "b": 2, "c": 3}


def test_another_config_gets_its_own_defaults(tmp_path: Path) -> None:
    root = str(tmp_path)
    first = default_sets(SETS)
    other = [{"scope": {"path": ""}, "values": {"layout": "other"}}]
    assert defaults_for(default_sets(other), "_posts/a.md", "posts", root) == {"layout": "other"}
    assert defaults_for(first, "_posts/a.md", "posts", root) == {"layout": "post", "meta": {"a": 1}}
    assert defaults_for(list(first), "_posts/a.md", "pages", root) == {"layout": "page"}
