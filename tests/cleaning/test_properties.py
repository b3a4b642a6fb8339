"""Properties that must hold for any input: no crash but NewsfmtError, XML-safe output, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from newsfmt import NewsfmtError, clean_html, to_text
from newsfmt.cleaning.whitespace import display_width

TAGS = [
    "p", "div", "span", "a", "b", "i", "em", "strong", "br", "img", "ul", "ol", "li", "table", "tr", "td", "th",
    "h1", "h2", "blockquote", "pre", "code", "script", "style", "iframe", "svg", "math", "form", "input", "center",
    "font", "section", "dl", "dt", "dd", "hr", "q", "video", "source", "noscript", "title", "textarea", "body",
    "html", "head", "caption", "figure", "sup", "x-custom",
]  # fmt: skip
ATTRIBUTES = ["href", "src", "srcset", "poster", "style", "onclick", "alt", "title", "class", "id", "hidden", "lang",
              "colspan", "width", "start", "value", "cite", "xlink:href"]  # fmt: skip
VALUES = st.sampled_from([
    "javascript:alert(1)", " JaVa&#x09;script:x", "//cdn.example.org/a.png", "/rel/path", "../up", "#frag",
    "data:image/png;base64,AAAA", "data:text/html,x", "display:none", "a.png 1x, b.png 2x", "3", "-1", "x\"y",
    "zh-CN", "https://example.org/a?b=1&c=2", "mailto:a@example.org", "",
]) | st.text(max_size=12)  # fmt: skip
TEXT = st.text(
    st.characters(codec=None) | st.sampled_from(list("株洲日报，。“”\n \t\u3000\xa0<>&;#")), max_size=20
) | st.sampled_from(["&nbsp;", "&amp;", "&lt;", "&#1;", "&#xD800;", "&copy;", "&bogus;", "<!-- c -->", "]]>",
                     "（文章来源：株洲日报）", "http://example.org/x", "返回首页", "｜"])  # fmt: skip


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(TEXT))
        elif kind == 1:
            tag = draw(st.sampled_from(TAGS))
            attributes = "".join(
                f' {name}="{value}"'
                for name, value in draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTES), VALUES), max_size=3))
            )
            parts.append(f"<{tag}{attributes}>")
        elif kind == 2:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        else:
            parts.append(draw(st.sampled_from(["<br/>", "<p></p>", "<img src=x>", '<a href="/">返回首页</a>'])))
    return "".join(parts)


BASES = st.sampled_from([None, "https://example.org/2021/12/31/post.html", "http://example.cn/", "relative/x"])
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clean(html: str, base_url: str | None) -> str | None:
    try:
        return clean_html(html, base_url=base_url).html
    except NewsfmtError:
        return None


@SETTINGS
@given(html_fragments() | st.text(), BASES)
def test_output_is_xml_once_wrapped(html: str, base_url: str | None) -> None:
    cleaned = _clean(html, base_url)
    if cleaned is not None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        etree.fromstring(f"<div>{cleaned}</div>", parser)


@SETTINGS
@given(html_fragments() | st.text(), BASES)
@example("<source>&#1", None)  # a control character by reference left an empty text, written <source></source>
@example("<p>&#2;</p><td>&#x1F;</td>", "https://example.org/a")
@example('<div><br/><p><a href="/">返回首页</a>', None)  # the wrapper of trailing navigation, left with a break
@example("<dt><table><dt>0", None)  # the parser fosters the second dt into the first: written so, it reads back apart
def test_cleaning_is_idempotent(html: str, base_url: str | None) -> None:
    once = _clean(html, base_url)
    if once is not None:
        assert clean_html(once, base_url=base_url).html == once


@pytest.mark.slow
@SETTINGS
@given(html_fragments() | st.text(), st.sampled_from([None, 10, 17, 40]), st.sampled_from(["inline", "references"]))
@example("0000000000\u0a3e", 10, "inline")  # a spacing mark widens its cluster: cut between clusters, by their width
def test_text_never_fails_and_wraps_within_width(html: str, width: int | None, links: str) -> None:
    try:
        text = to_text(html, width=width, links=links)  # type: ignore[arg-type]
    except NewsfmtError:
        return
    assert "\x00" not in text and "\x01" not in text
    lowered = html.lower()
    if width is not None and "<pre" not in lowered and "<table" not in lowered:  # never wrapped
        for line in text.split("\n"):
            if not line.startswith(("[", "*")):  # reference lines and rules are not wrapped
                assert display_width(line) <= width, line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("株洲日报长沙湘潭，。、“”（）abc de \n")), max_size=200))
def test_segment_breaks_between_cjk_vanish(text: str) -> None:
    rendered = to_text(f"<p>{text}</p>", header=False)
    assert "\n" not in rendered
    for index in range(1, len(rendered) - 1):
        if rendered[index] == " ":
            assert not (
                "\u4e00" <= rendered[index - 1] <= "\u9fff" and "\u4e00" <= rendered[index + 1] <= "\u9fff"
            ) or " " in text.replace("\n", "")
