"""One rule for the characters XML forbids: the cleaner, the feeds and the books remove the same ones."""

from __future__ import annotations

import io
import json
import zipfile

from newsfmt import clean_html, to_epub, to_json_feed
from newsfmt.xmlchars import strip_invalid_xml_chars
from tests.exporters.epub.factory import article, site

FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff"
ALLOWED = "\t\n\x7f\x80\x85\x9f\ue000\U0001f600"


def test_forbidden_characters_go_and_the_others_stay() -> None:
    assert strip_invalid_xml_chars(f"a{FORBIDDEN}b{ALLOWED}c") == f"ab{ALLOWED}c"


def test_every_output_keeps_what_xml_allows_and_drops_what_it_forbids() -> None:
    body = clean_html(f"<p>x{FORBIDDEN}\x7fy</p>").html
    assert body == "<p>x\x7fy</p>"
    post = article(1, body, title=f"t{FORBIDDEN}\x7fu")
    config = site()
    feed = json.loads(to_json_feed([post], config))
    assert feed["items"][0]["title"] == "t\x7fu"
    with zipfile.ZipFile(io.BytesIO(to_epub([post], config, title="book"))) as book:
        page = book.read("EPUB/text/c00001.xhtml").decode("utf-8")
    assert "<p>x\x7fy</p>" in page and "<h1>t\x7fu</h1>" in page
