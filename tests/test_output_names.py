"""Output names of terms: distinct, stable, cut by bytes with the suffix kept; lenient look-up with clear errors."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsfmt import ExportError, plan_books, select_articles
from newsfmt.model import Article, SiteConfig, has_term
from newsfmt.output_names import closest_terms, find_term, output_names, require_term, term_names
from newsfmt.paths import slugify_for_path, with_suffix


def post(path: str, day: int, categories: tuple[str, ...]) -> Article:
    return Article(
        id=f"/{path}",
        title=path,
        date=datetime(2021, 1, day, tzinfo=UTC),
        updated=None,
        categories=categories,
        tags=(),
        authors=(),
        summary="",
        body_html="<p>x</p>",
        text="x",
        url=None,
        permalink=f"/{path}",
        slug=path,
        lang="en",
        path=Path(path),
    )


def digest(term: str) -> str:
    return hashlib.sha256(term.encode("utf-8")).hexdigest()[:6]


def test_the_term_first_used_keeps_the_plain_name_whatever_the_order_given() -> None:
    articles = [post("b.md", 2, ("python",)), post("a.md", 1, ("Python",)), post("c.md", 1, ("PYTHON",))]
    for order in (articles, articles[::-1]):
        names = term_names(order, "categories")
        assert dict(names.names) == {
            "Python": "python",
            "PYTHON": f"python-{digest('PYTHON')}",
            "python": f"python-{digest('python')}",
        }
        assert [(c.term, c.holder, c.path) for c in names.collisions] == [
            ("PYTHON", "Python", Path("c.md")),
            ("python", "Python", Path("b.md")),
        ]


def test_one_post_with_two_colliding_terms_orders_them_by_name() -> None:
    names = term_names([post("a.md", 1, ("C++", "C#"))], "categories")
    assert names.of("C#") == "c" and names.of("C++") == f"c-{digest('C++')}"


def test_a_suffix_is_added_after_cutting_and_never_cut_away() -> None:
    long_a, long_b = "新" * 70 + "甲", "新" * 70 + "乙"
    plain = slugify_for_path(long_a)
    assert plain == slugify_for_path(long_b) and len(plain.encode()) <= 160
    day = datetime(2021, 1, 1, tzinfo=UTC)
    names = output_names([(long_a, (day, "a")), (long_b, (day, "b"))], "category")
    other = names.of(long_b)
    assert other.endswith("-" + digest(long_b)) and len(other.encode()) <= 160 and other != plain
    assert with_suffix("a" * 80, "-123456") == "a" * 73 + "-123456"
    assert with_suffix("a-" + "b" * 78, "-1") == "a-" + "b" * 76 + "-1"


def test_a_suffixed_name_never_takes_another_terms_plain_name() -> None:
    day = datetime(2021, 1, 1, tzinfo=UTC)
    taken = f"c-{digest('C#')}"  # a category literally named as C#'s suffixed name would be
    names = output_names([("C++", (day, "a")), ("C#", (day, "b")), (taken, (day, "c"))], "category")
    assert len({name.casefold() for name in names.names.values()}) == 3
    assert names.of(taken) == taken and names.of("C#").startswith(taken) and names.of("C#") != taken


def test_find_term_prefers_exact_then_output_name_then_a_single_fold() -> None:
    names = term_names([post("a.md", 1, ("Python", "python", "Hello World", "ＡＢＣ"))], "categories")
    assert find_term(names, "python") == "python" and find_term(names, " Python ") == "Python"
    assert find_term(names, names.of("python")) == "python"
    assert find_term(names, "abc") == "ＡＢＣ"  # NFKC and case
    assert find_term(names, "hello-world") == "Hello World"  # the output name's fold
    assert find_term(names, "nothing") is None
    with pytest.raises(ExportError, match=r"category 'PYTHON' is ambiguous: it may be 'Python', 'python'"):
        find_term(names, "PYTHON")


def test_has_term_is_lenient_only_when_one_term_matches() -> None:
    assert has_term(("Python",), "python") and has_term(("python", "Python"), "Python")
    assert not has_term(("python", "Python"), "PYTHON")


def test_select_articles_and_plan_books_keep_exact_terms_apart() -> None:
    articles = [post("a.md", 1, ("Python",)), post("b.md", 2, ("python",)), post("c.md", 3, ("C#",))]
    assert [a.id for a in select_articles(articles, category="python", limit=0)] == ["/b.md"]
    assert [a.id for a in select_articles(articles, category="c#", limit=0)] == ["/c.md"]
    with pytest.raises(ExportError, match="ambiguous"):
        select_articles(articles, category="PYTHON")
    plans = plan_books(articles, SiteConfig())
    assert [(plan.category, plan.file_name) for plan in plans] == [
        ("C#", "c-2021.epub"),
        ("Python", "python-2021.epub"),
        ("python", f"python-{digest('python')}-2021.epub"),
    ]
    chosen = plan_books(articles, SiteConfig(), categories=[f"python-{digest('python')}"])
    assert [plan.category for plan in chosen] == ["python"]


def test_an_unknown_term_names_the_closest_ones() -> None:
    names = term_names([post("a.md", 1, ("Sports Desk", "Sport", "城市", "Economy"))], "categories")
    assert closest_terms(names, "sprots-desk") == ["Sports Desk", "Sport"]
    assert closest_terms(names, "城") == ["城市"]
    assert require_term(names, "sports-desk") == "Sports Desk"  # by its output name, as find_term
    with pytest.raises(ExportError, match=r"^no tag 'Sprot'; the closest: 'Sport', 'Sports Desk'$"):
        require_term(names, "Sprot", "tag")
    every = "'Economy', 'Sport', 'Sports Desk', '城市'"
    with pytest.raises(ExportError, match=rf"^no category 'zzz'; the site has {every}$"):
        require_term(names, "zzz")
    with pytest.raises(ExportError, match=r"^no category 'zzz': the site has none$"):
        require_term(term_names([], "categories"), "zzz")
