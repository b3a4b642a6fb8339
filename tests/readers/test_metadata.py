import pytest

from newsfmt.model import Author
from newsfmt.readers.metadata import as_authors, as_bool, as_terms, jekyll_categories, jekyll_tags


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", "b", "a"], ("a", "b")),
        ("城市 经济", ("城市", "经济")),
        (2013, ("2013",)),
        (None, ()),
        ([1.5, None, ["x"]], ("1.5", "x")),
    ],
)
def test_terms(value: object, expected: tuple[str, ...]) -> None:
    assert as_terms(value) == expected


def test_jekyll_categories_merge_path_plural_and_singular() -> None:
    assert jekyll_categories({"categories": ["a"], "category": "b c"}, ["tech"]) == ("tech", "a", "b c")
    assert jekyll_categories({"category": 2013}) == ("2013",)
    assert jekyll_categories({"categories": None}) == ()


def test_singular_tag_wins() -> None:
    assert jekyll_tags({"tag": "x y", "tags": ["a"]}) == ("x y",)
    assert jekyll_tags({"tags": "a b"}) == ("a", "b")


def test_authors_shapes() -> None:
    known = {"ben": {"name": "Ben", "uri": "https://ben.example"}}
    assert as_authors("ben", known) == (Author("Ben", None, "https://ben.example"),)
    assert as_authors(["张三", {"name": "李四", "email": "li@example.org"}]) == (
        Author("张三"),
        Author("李四", "li@example.org"),
    )
    with pytest.raises(ValueError, match="author"):
        as_authors([True])


def test_bools() -> None:
    assert as_bool("false") is False
    assert as_bool(True) is True
    with pytest.raises(ValueError):
        as_bool("maybe")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "java\tscript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;x", "data:,x"]
)
def test_an_author_home_page_that_could_run_a_script_is_left_out(url: str) -> None:
    assert as_authors({"name": "Ann", "url": url}) == (Author("Ann"),)
    assert as_authors({"name": "Ann", "uri": "//ann.example/me"}) == (Author("Ann", None, "https://ann.example/me"),)


@pytest.mark.parametrize("email", ["javascript:alert(1)", "<b>@x", "a b@example.org", "a@b@c", "nobody"])
def test_an_email_address_that_is_no_address_is_left_out(email: str) -> None:
    assert as_authors({"name": "Ann", "email": email}) == (Author("Ann"),)
    assert as_authors({"name": "Ann", "email": "ann+x@例子.中国"}) == (Author("Ann", "ann+x@例子.中国"),)
