"""Checks of landscape §4: feedparser acceptance, RFC 4287, the RSS Best Practices Profile, JSON Feed 1.1.

Each ``check_*`` parses a feed and asserts the rules; it returns the parsed document for further checks.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import feedparser
from lxml import etree
from lxml import html as lxml_html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d\d:\d\d:\d\d ([+-]\d{4}|GMT)$"
)
TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
UNSAFE_TAGS = {"script", "style", "iframe", "object", "embed", "form", "meta", "link", "noscript", "base"}
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")


def assert_safe_absolute_html(fragment: str, *, absolute: bool = True) -> None:
    """No executable or styled markup, and (``absolute``) no relative URL in an HTML fragment."""
    if not fragment.strip():
        return
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag.lower() not in UNSAFE_TAGS, f"unsafe <{element.tag}> in {fragment[:200]!r}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event attribute {name}"
            assert name.lower() != "style", "style attribute"
            urls = [value] if name in URL_ATTRIBUTES else []
            if name == "srcset":
                urls = [part.split()[0] for part in value.split(",") if part.strip()]
            for url in urls:
                lowered = url.strip().lower()
                assert not lowered.startswith(("javascript:", "vbscript:")), f"script URL {url!r}"
                if absolute and not lowered.startswith("#"):
                    assert ABSOLUTE.match(url.strip()), f"relative URL {url!r} in {name}"


def check_feedparser(data: bytes, entries: int) -> Any:
    """feedparser reads the feed without complaint, with every entry dated and linked."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == entries
    for entry in parsed.entries:
        assert entry.get("published_parsed") or entry.get("updated_parsed"), entry
        assert entry.get("link"), entry
        assert entry.get("id"), entry
    return parsed


def _one(parent: Any, tag: str) -> Any:
    found = parent.findall(tag)
    assert len(found) == 1, f"{len(found)} <{tag}> in <{parent.tag}>"
    return found[0]


def check_atom(data: bytes, *, absolute: bool = True) -> Any:
    """RFC 4287: one id/title/updated per feed and entry, authors, absolute ids and self link, no CDATA type."""
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    assert not root.xpath("//*[@type='CDATA']")
    for tag in ("id", "title", "updated"):
        _one(root, ATOM + tag)
    assert RFC3339.match(root.findtext(ATOM + "updated"))
    assert ABSOLUTE.match(root.findtext(ATOM + "id"))
    selfs = root.findall(f"{ATOM}link[@rel='self']")
    if absolute:
        assert len(selfs) == 1 and ABSOLUTE.match(selfs[0].get("href"))
    entries = root.findall(ATOM + "entry")
    feed_author = root.find(ATOM + "author") is not None
    ids = set()
    for entry in entries:
        for tag in ("id", "title", "updated"):
            _one(entry, ATOM + tag)
        entry_id = entry.findtext(ATOM + "id")
        assert ABSOLUTE.match(entry_id), entry_id
        assert entry_id not in ids, f"duplicate id {entry_id}"
        ids.add(entry_id)
        assert entry.findtext(ATOM + "title").strip()
        for tag in ("updated", "published"):
            for value in entry.findall(ATOM + tag):
                assert RFC3339.match(value.text), value.text
        assert feed_author or entry.find(ATOM + "author") is not None
        for author in entry.findall(ATOM + "author"):
            assert (author.findtext(ATOM + "name") or "").strip()
        content = entry.find(ATOM + "content")
        alternate = [ln for ln in entry.findall(ATOM + "link") if ln.get("rel", "alternate") == "alternate"]
        assert content is not None or alternate
        if content is not None:
            assert content.get("type") == "html" and len(content) == 0
            assert_safe_absolute_html(content.text or "", absolute=absolute)
        summary = entry.find(ATOM + "summary")
        if summary is not None:
            # a text construct holds no markup (a bare "<1%" is text, "<p>" is not)
            assert summary.get("type", "text") == "text" and not TAG_LIKE.search(summary.text or "")
    if entries:
        feed_updated = datetime.fromisoformat(root.findtext(ATOM + "updated"))
        assert feed_updated == max(datetime.fromisoformat(e.findtext(ATOM + "updated")) for e in entries)
    return root


def check_rss(data: bytes, *, absolute: bool = True) -> Any:
    """RSS 2.0 and the RSS Advisory Board profile (landscape §4.1)."""
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = _one(root, "channel")
    for tag in ("title", "link", "description"):
        assert (_one(channel, tag).text or "").strip(), tag
    selfs = channel.findall(f"{ATOM}link[@rel='self']")
    if absolute:
        assert len(selfs) == 1 and ABSOLUTE.match(selfs[0].get("href"))
        assert channel.findtext("link") != selfs[0].get("href"), "channel link points at the feed itself"
        assert ABSOLUTE.match(channel.findtext("link"))
    items = channel.findall("item")
    if items:
        assert RFC822.match(channel.findtext("lastBuildDate"))
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        children = [child.tag for child in item]
        if CONTENT_ENCODED in children:
            assert "description" in children
            assert children.index("description") < children.index(CONTENT_ENCODED)
        assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
        guid = _one(item, "guid")
        if guid.get("isPermaLink") == "true":
            assert ABSOLUTE.match(guid.text), guid.text
        for author in item.findall("author"):
            assert "@" in author.text
        enclosures = item.findall("enclosure")
        assert len(enclosures) <= 1
        for enclosure in enclosures:
            assert enclosure.get("url") and enclosure.get("length") and enclosure.get("type")
        for tag in ("description", CONTENT_ENCODED):
            for element in item.findall(tag):
                assert_safe_absolute_html(element.text or "", absolute=absolute)
    return root


def check_json_feed(data: bytes, entries: int, *, absolute: bool = True) -> dict[str, Any]:
    """JSON Feed 1.1: version first, title, items with unique string ids, content and RFC 3339 dates."""
    document = json.loads(data)
    assert next(iter(document)) == "version" and document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and isinstance(document["items"], list)
    assert len(document["items"]) == entries
    ids = [item["id"] for item in document["items"]]
    assert all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)
    for item in document["items"]:
        assert "content_html" in item or "content_text" in item
        assert RFC3339.match(item["date_published"])
        if "date_modified" in item:
            assert RFC3339.match(item["date_modified"])
        assert_safe_absolute_html(item.get("content_html", ""), absolute=absolute)
    return document
