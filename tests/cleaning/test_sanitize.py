"""The allow-list's shortcut: markup of plain kept tags skips the walk, and gives the tree the walk gives."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from newsfmt import CleaningRules, clean_html
from newsfmt.cleaning import sanitize as sanitize_module
from newsfmt.cleaning.parse import parse_fragment
from newsfmt.cleaning.rules import DEFAULT_RULES, compile_rules
from newsfmt.cleaning.sanitize import sanitize
from tests.cleaning.test_properties import BASES, SETTINGS, html_fragments

KEPT = ["p", "td", "tr", "th", "li", "ul", "ol", "table", "tbody", "thead", "div", "em", "strong", "b", "i", "pre",
        "code", "blockquote", "h2", "br", "hr", "wbr", "col", "colgroup", "sub", "ruby", "rt", "del", "q"]  # fmt: skip
OTHERS = ["a", "span", "img", "font", "section", "script", "TD", "x-y", "iframe"]
TEXT = st.text(st.sampled_from(list("株洲 日报\n&;#x1<>")), max_size=6) | st.sampled_from(["&amp;", "&lt;", "&nbsp;"])


@st.composite
def plain_markup(draw: st.DrawFn, names: list[str]) -> str:
    """Markup of tags of ``names`` without attributes (written as the shortcut takes those of kept elements)."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        name = draw(st.sampled_from(names))
        kind = draw(st.sampled_from(["<{}>", "</{}>", "<{}/>", "<{} />", "text"]))
        parts.append(draw(TEXT).replace("<", "&lt;") if kind == "text" else kind.format(name))
    return "".join(parts)


def plain_kept_markup() -> st.SearchStrategy[str]:
    return plain_markup(KEPT)


def _sanitized(html: str, base_url: str | None, *, markup: str | None) -> tuple[bytes, bool]:
    body = parse_fragment(html)
    unwrapped = sanitize(body, compile_rules(DEFAULT_RULES), base_url, markup=markup)
    return etree.tostring(body), unwrapped


@SETTINGS
@given(plain_kept_markup() | plain_markup(KEPT + OTHERS) | html_fragments(), BASES)
def test_shortcut_and_walk_give_the_same_tree(html: str, base_url: str | None) -> None:
    assert _sanitized(html, base_url, markup=html) == _sanitized(html, base_url, markup=None)


@SETTINGS
@given(plain_kept_markup())
def test_plain_kept_markup_takes_the_shortcut(html: str) -> None:
    assert sanitize_module._ONLY_PLAIN_KEPT_TAGS.search(html) is None
    body = parse_fragment(html)
    before = etree.tostring(body)
    sanitize(body, compile_rules(DEFAULT_RULES), None, markup=html)
    assert etree.tostring(body) == before  # nothing of such a tree is for the allow-list to change


def _long_table(cell: str) -> str:
    """A table large enough (over 100,000 characters) for the cleaner to look for the shortcut's proof."""
    rows = "".join(f"<tr><td>{i}</td><td>行{i}</td></tr>" for i in range(2500))
    return f"<table><tbody>{rows}<tr><td>x</td>{cell}</tr>{rows}</tbody></table>"


@pytest.mark.parametrize(
    ("cell", "kept", "gone"),
    [
        ('<td onclick="alert(1)">y</td>', "<td>y</td>", "onclick"),
        ('<td style="color:red">y</td>', "<td>y</td>", "style"),
        ("<td hidden>y</td>", "<td>x</td></tr>", "hidden"),
        ("<td><script>alert(1)</script>y</td>", "<td>y</td>", "script"),
        ("<td><font>y</font></td>", "<td>y</td>", "font"),
        ('<td><a href="javascript:alert(1)">y</a></td>', "<td>y</td>", "javascript"),
        ("<td><section>y</section></td>", "<td><div>y</div></td>", "section"),
        ("<!-- c --><td>y</td>", "<td>y</td>", "c --"),
        ("<TD>y</TD>", "<td>y</td>", "TD"),
    ],
)
def test_one_disallowed_tag_or_attribute_goes_through_the_walk(cell: str, kept: str, gone: str) -> None:
    html = clean_html(_long_table(cell)).html
    assert kept in html
    assert gone not in html
    assert html.count("<tr>") == 5001


@pytest.mark.parametrize(
    ("cell", "walked"), [("<td>y</td>", False), ('<td lang="zh">y</td>', True), ("<td><b>y</b></td>", False)]
)
def test_the_walk_runs_only_without_a_proof(cell: str, walked: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[etree._Element] = []
    walk = sanitize_module._walk

    def counted(body: etree._Element, *args: object, **kwargs: object) -> bool:
        walks.append(body)
        return walk(body, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sanitize_module, "_walk", counted)
    html = clean_html(_long_table(cell)).html
    assert bool(walks) is walked
    assert html.count("<tr>") == 5001


def test_selectors_mark_elements_of_plain_markup() -> None:
    rules = CleaningRules.defaults().extended(remove_selectors=["th"], unwrap_selectors=["em"])
    html = clean_html("<table><thead><tr><th>h</th></tr></thead></table><p><em>a</em>b</p>", rules=rules).html
    assert html == "<table><thead><tr></tr></thead></table><p>ab</p>"


def test_plain_markup_nested_too_deep_is_flattened() -> None:
    html = "<div>" * 150 + "x" + "</div>" * 150
    body = parse_fragment(html)
    walked = copy.deepcopy(body)
    rules = compile_rules(DEFAULT_RULES)
    assert sanitize(body, rules, None, markup=html) == sanitize(walked, rules, None)
    assert etree.tostring(body) == etree.tostring(walked)
    assert len(body.xpath("//div[not(div)]/ancestor::*")) < 100
