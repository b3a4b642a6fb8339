import posixpath
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfmt.readers.permalinks import expand_permalink_style, jekyll_post_id, jekyll_slugify, render_permalink

WHEN = datetime(2021, 12, 31, 7, 55, 46)


def render(style: str, categories: tuple[str, ...] = ("News", "城市"), slug: str = "hello-world") -> str:
    return render_permalink(
        expand_permalink_style(style),
        date=WHEN,
        categories=categories,
        slug=slug,
        basename=f"2021-12-31-{slug}",
        output_ext=".html",
    )


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("date", "/news/%E5%9F%8E%E5%B8%82/2021/12/31/hello-world.html"),
        ("pretty", "/news/%E5%9F%8E%E5%B8%82/2021/12/31/hello-world/"),
        ("ordinal", "/news/%E5%9F%8E%E5%B8%82/2021/365/hello-world.html"),
        ("none", "/news/%E5%9F%8E%E5%B8%82/hello-world.html"),
        ("/:year/:title/", "/2021/hello-world/"),
        ("/:categories/:i_month/:short_year/:slug:output_ext", "/news/%E5%9F%8E%E5%B8%82/12/21/hello-world.html"),
    ],
)
def test_styles(style: str, expected: str) -> None:
    assert render(style) == expected


def test_no_categories_leaves_no_double_slash() -> None:
    assert render("date", categories=()) == "/2021/12/31/hello-world.html"


def test_traversal_is_neutralised_as_jekyll_does() -> None:
    assert ".." not in render("/../../../:title/")


def test_slugify_modes() -> None:
    assert jekyll_slugify("  Hello, World!  ") == "hello-world"
    assert jekyll_slugify("What's up?", mode="pretty", cased=True) == "What's-up"
    assert jekyll_slugify("长株潭 一体化") == "长株潭-一体化"


def test_post_id() -> None:
    assert jekyll_post_id("/a/2021/12/31/x.html", "x") == "/a/2021/12/31/x"
    assert jekyll_post_id("/2021/x/", "x") == "/2021/x"
    assert jekyll_post_id("/x.html", "x") == "/x"


def test_unknown_placeholder() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        render("/:nonsense/:title/")


_URL_PARTS = st.text(alphabet="/ab.-", max_size=12)


@settings(max_examples=500, deadline=None)
@given(_URL_PARTS, _URL_PARTS)
def test_the_post_id_is_the_permalinks_folder_joined_with_the_slug(permalink: str, slug: str) -> None:
    folder = posixpath.dirname(permalink.rstrip("/") or "/") or "/"
    assert jekyll_post_id(permalink, slug) == posixpath.join(folder, slug)
