"""The pages that make OUT browsable: ``index.html`` at its root and one in each category's folder, listing the
site's feeds (format, entries) and books (category, year, articles, size), the OPDS catalog and how to subscribe,
with ``<link rel="alternate">`` tags so that feed readers and browsers discover the feeds.

Plain HTML and one inline style sheet: no script, nothing fetched from elsewhere. Every text and attribute goes
through lxml's serialiser (so a hostile category name or title is text, never markup), and links are relative
URI references, so the pages work wherever OUT is served, and from the disk.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import html
from lxml.html import builder as E  # noqa: N812 - the name lxml's documentation gives its element factory

from ..model import SiteConfig
from ..xmlchars import strip_invalid_xml_chars
from .listing import (
    FEED_FORMAT_NAMES,
    FEED_MEDIA_TYPES,
    ListedBook,
    ListedFeed,
    ListingLabels,
    SiteListing,
    listing_labels,
    relative_href,
)
from .opds import NAVIGATION_TYPE, OPDS_ROOT

__all__ = ["INDEX_PAGE", "index_pages"]

INDEX_PAGE = "index.html"
"""The file name of every index page."""

_STYLE = """
:root { color-scheme: light dark; }
body {
  margin: 0 auto; padding: 2rem 1.25rem 3rem; max-width: 48rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC",
    "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 1rem; line-height: 1.7; color: #1f2328; background: #fff;
  overflow-wrap: anywhere;
}
h1 { font-size: 1.9rem; line-height: 1.3; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #d0d7de; }
p.description { color: #57606a; margin-top: 0; }
nav { font-size: .9rem; margin-bottom: 1rem; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d8dee4; vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.formats a { margin-right: .8em; white-space: nowrap; }
.note { background: #f6f8fa; border-left: 4px solid #d0d7de; padding: .6rem 1rem; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; }
  p.description { color: #9198a1; }
  a { color: #4493f8; }
  th, .note { background: #161b22; }
  th, td { border-color: #30363d; }
  h2, .note { border-color: #30363d; }
}
"""


def index_pages(listing: SiteListing, config: SiteConfig) -> dict[str, bytes]:
    """The index pages of ``listing``: the root's (``index.html``) and one in each category's folder, as bytes
    by their paths relative to OUT."""
    pages = {INDEX_PAGE: _root_page(listing, config)}
    for category, folder in listing.category_folders.items():
        path = f"{folder}/{INDEX_PAGE}"
        pages[path] = _category_page(listing, config, category, path)
    return pages


def _root_page(listing: SiteListing, config: SiteConfig) -> bytes:
    labels = listing_labels(config.lang)
    site = _site_title(config)
    body: list[html.HtmlElement] = [E.H1(site)]
    if _line(config.description):
        body.append(E.P(_line(config.description), E.CLASS("description")))
    body += _subscribe(labels)
    rows = [_feed_row(labels.all_posts, listing.feeds_of(None), INDEX_PAGE)]
    for category, folder in listing.category_folders.items():
        page = relative_href(f"{folder}/{INDEX_PAGE}", INDEX_PAGE)
        name = E.A(listing.category_titles.get(category, category), href=page)
        rows.append(_feed_row(name, listing.feeds_of(category), INDEX_PAGE))
    tags: dict[str, list[ListedFeed]] = {}
    for feed in listing.feeds:
        if feed.tag is not None:
            tags.setdefault(feed.tag, []).append(feed)
    rows += [_feed_row(labels.tag.format(tag), feeds, INDEX_PAGE) for tag, feeds in tags.items()]
    rows = [row for row in rows if row.xpath("td/a[@type]")]  # a feed a build left out (--only epub) is not there
    if rows:
        body += [E.H2(labels.feeds), _table(labels.feed_columns, rows, numbers={1})]
    body += _books(listing, listing.books, labels, INDEX_PAGE, with_category=True)
    return _page(config, site, body, listing.feeds_of(None), INDEX_PAGE)


def _category_page(listing: SiteListing, config: SiteConfig, category: str, path: str) -> bytes:
    labels = listing_labels(config.lang)
    site = _site_title(config)
    shown = listing.category_titles.get(category, category)
    feeds = listing.feeds_of(category)
    body: list[html.HtmlElement] = [
        E.NAV(E.A(site, href=relative_href(INDEX_PAGE, path)), " › ", shown),
        E.H1(shown),
    ]
    body += _subscribe(labels)
    if feeds:
        body += [E.H2(labels.feeds), _table(labels.feed_columns, [_feed_row(shown, feeds, path)], numbers={1})]
    body += _books(listing, listing.books_of(category), labels, path, with_category=False)
    return _page(config, f"{shown} · {site}", body, feeds, path)


def _page(
    config: SiteConfig, title: str, body: list[html.HtmlElement], feeds: Sequence[ListedFeed], path: str
) -> bytes:
    head = [
        E.META(charset="utf-8"),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.META(name="generator", content="newsfmt"),
        E.TITLE(title),
        *(
            E.LINK(
                rel="alternate",
                type=FEED_MEDIA_TYPES[feed.fmt],
                title=f"{title} ({FEED_FORMAT_NAMES[feed.fmt]})",
                href=relative_href(feed.path, path),
            )
            for feed in feeds
        ),
        E.STYLE(_STYLE),
    ]
    document = E.HTML(E.HEAD(*head), E.BODY(*body))
    lang = _line(config.lang)
    if lang:
        document.set("lang", lang)
    return bytes(html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html"))


def _subscribe(labels: ListingLabels) -> list[html.HtmlElement]:
    return [E.H2(labels.subscribe), E.P(labels.subscribe_note, E.CLASS("note"))]


def _feed_row(name: str | html.HtmlElement, feeds: Sequence[ListedFeed], page: str) -> html.HtmlElement:
    entries = max((feed.entries for feed in feeds), default=0)
    links: list[html.HtmlElement | str] = []
    for feed in feeds:
        if links:
            links.append(" ")  # words apart when the page is read aloud or copied, not only when it is seen
        links.append(
            E.A(FEED_FORMAT_NAMES[feed.fmt], href=relative_href(feed.path, page), type=FEED_MEDIA_TYPES[feed.fmt])
        )
    return E.TR(E.TD(name), E.TD(str(entries), E.CLASS("number")), E.TD(*links, E.CLASS("formats")))


def _books(
    listing: SiteListing, books: Sequence[ListedBook], labels: ListingLabels, page: str, *, with_category: bool
) -> list[html.HtmlElement]:
    if not books:
        return []
    columns = labels.book_columns if with_category else labels.book_columns[1:]
    rows = []
    for book in books:
        cells = [
            E.TD(book.label or "—"),
            E.TD(str(book.articles), E.CLASS("number")),
            E.TD(_size(book.size), E.CLASS("number")),
            E.TD(E.A(book.title, href=relative_href(book.path, page), type="application/epub+zip")),
        ]
        if with_category:
            folder = listing.category_folders.get(book.category)
            name = book.category_title
            cells.insert(0, E.TD(E.A(name, href=relative_href(f"{folder}/{INDEX_PAGE}", page)) if folder else name))
        rows.append(E.TR(*cells))
    first_number = 2 if with_category else 1
    catalog = E.P(
        E.A(labels.catalog, href=relative_href(OPDS_ROOT, page), type=NAVIGATION_TYPE), " — ", labels.catalog_note
    )
    return [E.H2(labels.books), catalog, _table(columns, rows, numbers={first_number, first_number + 1})]


def _table(columns: Sequence[str], rows: list[html.HtmlElement], *, numbers: set[int]) -> html.HtmlElement:
    header = [E.TH(column, E.CLASS("number")) if i in numbers else E.TH(column) for i, column in enumerate(columns)]
    return E.TABLE(E.THEAD(E.TR(*header)), E.TBODY(*rows))


def _size(size: int) -> str:
    """A file size as people read it.

    >>> _size(900), _size(250_000), _size(3_500_000)
    ('1 KB', '244 KB', '3.3 MB')
    """
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _site_title(config: SiteConfig) -> str:
    return _line(config.title) or _line(config.url) or "newsfmt"


def _line(text: str) -> str:
    return " ".join(strip_invalid_xml_chars(text).split())
