"""Properties of fragment_to_xhtml on arbitrary markup: never raises, always well-formed, no ids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsfmt.exporters.epub.xhtml import fragment_to_xhtml

TAGS = ["p", "div", "span", "a", "img", "ul", "li", "table", "tr", "td", "dl", "dd", "dt", "h1", "script", "x:y", "b"]
ATTRS = ['id="a"', 'id="1 2"', 'href="#a"', 'href="/x"', 'src="/i.png"', 'style="s"', "onclick=x", 'lang="zh"']
PIECES = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(ATTRS)).map(lambda pair: f"<{pair[0]} {pair[1]}>"),
    st.sampled_from(["&nbsp;", "&amp;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>", "\x00", "\ud800", "中文"]),
    st.text(max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_markup_becomes_well_formed_xhtml_without_ids(html: str) -> None:
    div = fragment_to_xhtml(html, resolve_image=lambda src: "../images/i.png", absolute=lambda url: None)
    text = etree.tostring(div, encoding="unicode")
    reparsed = etree.fromstring(text)
    assert all(element.get("id") is None for element in reparsed.iter())  # the allow-list keeps no ids
    names = {etree.QName(element).localname for element in reparsed.iter()}
    assert not names & {"script", "y", "x:y"}
    for link in reparsed.iter("{http://www.w3.org/1999/xhtml}a"):
        href = link.get("href")
        assert href is None or href.startswith(("https:", "http:", "mailto:", "tel:"))
