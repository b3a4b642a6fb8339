"""fragment_to_xhtml: any HTML fragment becomes an XHTML div that the EPUB content rules accept."""

from __future__ import annotations

from lxml import etree

from newsfmt.exporters.epub.xhtml import fragment_to_xhtml

NS = {"x": "http://www.w3.org/1999/xhtml"}


def convert(html: str, **options: object) -> str:
    options.setdefault("resolve_image", lambda src: None)
    div = fragment_to_xhtml(html, **options)  # type: ignore[arg-type]
    text = etree.tostring(div, encoding="unicode")
    etree.fromstring(text)  # well-formed XML, always
    if text == '<div xmlns="http://www.w3.org/1999/xhtml"/>':
        return ""
    return text.removeprefix('<div xmlns="http://www.w3.org/1999/xhtml">').removesuffix("</div>")


def test_named_entities_become_characters_and_control_characters_go() -> None:
    assert convert("<p>a&nbsp;b&mdash;c&copy;\x01d\x0be</p>") == "<p>a\xa0b—c©de</p>"


def test_unknown_attributes_are_dropped_and_allowed_ones_checked() -> None:
    html = (
        '<p style="x" onclick="y" class="c"><span web="1" href="https://x.example">s</span>'
        '<img src="/a.png" border="0" width="12px" height="7"></p><ol start="3" type="a"><li value="x">i</li></ol>'
        '<p lang="中文" dir="sideways">q</p><p lang="en-GB" dir="RTL">r</p><td colspan="0">t</td>'
    )
    out = convert(html, resolve_image=lambda src: "../images/a.png")
    assert out == (
        '<p><span>s</span><img src="../images/a.png" alt="" height="7"/></p><ol start="3"><li>i</li></ol>'
        '<p>q</p><p lang="en-GB" xml:lang="en-GB" dir="rtl">r</p>t'
    )


def test_ids_are_made_valid_and_unique_and_fragment_links_follow() -> None:
    html = (
        '<h2 id="a">1</h2><h2 id="a">2</h2><p id="9 lives">3</p><p id="x9-lives">4</p>'
        '<a href="#a">to 1</a><a href="#9 lives">to 3</a><a href="#nowhere">lost</a>'
    )
    out = convert(html, reserved_ids=frozenset({"x9-lives"}))
    assert out == (
        '<h2 id="a">1</h2><h2 id="a-2">2</h2><p id="x9-lives-2">3</p><p id="x9-lives-3">4</p>'
        '<a href="#a">to 1</a><a href="#x9-lives-2">to 3</a><a>lost</a>'
    )


def test_blocks_inside_phrasing_are_unwrapped_and_lists_tables_repaired() -> None:
    assert convert('<a href="https://e.example/"><div>x</div><a href="https://f.example/">y</a></a>') == (
        '<a href="https://e.example/">x</a><a href="https://f.example/">y</a>'
    )
    assert convert("<ul>text<p>para</p><li>item</li>tail</ul>") == (
        "<ul><li>text</li><li><p>para</p></li><li>item</li><li>tail</li></ul>"
    )
    assert convert(
        "<table>x<caption>c</caption><td>1</td><tbody><tr>y<td>2</td></tr></tbody><thead><tr><th>h"
        "</th></tr></thead></table>"
    ) == (
        "<table><caption>c</caption><thead><tr><th>h</th></tr></thead>"
        "<tbody><tr><td>1</td></tr><tr><td>y</td><td>2</td></tr></tbody></table>"
    )
    assert convert("<li>lone</li><dd>def</dd>") == "<div>lone</div><div>def</div>"
    assert convert("<dl><dd>no term</dd></dl><dl><dt>t</dt><dd>d</dd></dl>") == (
        "<div><div>no term</div></div><dl><dt>t</dt><dd>d</dd></dl>"
    )


def test_dangerous_elements_go_with_their_content_unknown_ones_are_unwrapped() -> None:
    html = (
        "<script>bad()</script><style>p{}</style><iframe src='https://e.example/'>f</iframe><form><input>"
        "</form><svg><text>s</text></svg><o:p>kept</o:p><font color=red>red</font><center>c</center>"
        "<time>yesterday</time><section><header>h</header></section>"
    )
    assert convert(html) == "kept<span>red</span><div>c</div><span>yesterday</span><div><div>h</div></div>"


def test_images_that_cannot_be_embedded_become_alt_text_and_a_link() -> None:
    html = (
        '<p><img src="https://cdn.example/a.jpg" alt="A  chart"><img src="https://cdn.example/b.jpg">'
        '<img alt="no source"><a href="https://e.example/"><img src="https://cdn.example/c.jpg" alt="in link"></a>'
        '<video src="https://cdn.example/v.mp4"></video></p>'
    )
    assert convert(html) == (
        '<p><a href="https://cdn.example/a.jpg">A chart</a><a href="https://cdn.example/b.jpg">[image]</a>'
        'no source<a href="https://e.example/">in link</a><a href="https://cdn.example/v.mp4">[media]</a></p>'
    )


def test_link_targets_are_absolute_valid_urls_or_dropped() -> None:
    html = (
        '<a href="/page.html">rel</a><a href="javascript:alert(1)">js</a><a href="https://e.example/a b?q=中">sp</a>'
        '<a href="//cdn.example/x">proto</a><a href="mailto:a@e.example">mail</a><a href="page2.html">bare</a>'
    )
    out = convert(html, absolute=lambda url: "https://site.example" + url if url.startswith("/") else None)
    assert out == (
        '<a href="https://site.example/page.html">rel</a><a>js</a><a href="https://e.example/a%20b?q=%E4%B8%AD">sp</a>'
        '<a href="https://cdn.example/x">proto</a><a href="mailto:a@e.example">mail</a><a>bare</a>'
    )


def test_links_with_impossible_hosts_lose_their_target_and_idn_hosts_are_encoded() -> None:
    html = (
        '<a href="http:// http://e.example/x">space</a><a href="https://e.example:port/">port</a>'
        '<a href="https://例子.中国/路径">idn</a><a href="https://[::1]:8080/">v6</a><a href="http://">none</a>'
    )
    assert convert(html) == (
        '<a>space</a><a>port</a><a href="https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84">idn</a>'
        '<a href="https://[::1]:8080/">v6</a><a>none</a>'
    )


def test_empty_and_unparsable_input_gives_an_empty_div() -> None:
    assert convert("") == ""
    assert convert("   \n ") == ""
    assert convert("<!-- only a comment -->") == ""
