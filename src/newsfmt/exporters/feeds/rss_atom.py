"""RSS 2.0 and Atom 1.0 feeds; the only module that imports feedgen.

feedgen's traps are handled here (see the notes beside each call): entries are appended, never prepended;
every ``updated`` is set (its default is the clock); the self link is added before the alternate one because the
RSS channel ``link`` is the last link added; content is ``type="html"`` (escaped), never ``CDATA``, which is
invalid Atom; name-only authors reach RSS as ``dc:creator``. What feedgen cannot do (``xml:base`` on Atom content,
``xml:lang`` per entry) is added to the tree it builds, before serialising (indented: no element has mixed content).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from ...errors import ExportError
from ...model import Article, Author, SiteConfig
from ...vocabulary import FeedContent, FeedFormat
from .view import FeedEntry, FeedView, build_view, is_absolute_iri

__all__ = ["to_atom", "to_rss"]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_GENERATOR = "newsfmt"


def _generator(view: FeedView, fmt: FeedFormat) -> FeedGenerator:
    fg = FeedGenerator()
    is_rss = fmt == "rss"
    # Extensions cost a registration on every entry: load them only when some entry needs them.
    if is_rss and any(entry.authors for entry in view.entries):
        fg.load_extension("dc", atom=False, rss=True)
    if any(entry.image for entry in view.entries):
        fg.load_extension("media", atom=not is_rss, rss=is_rss)
    fg.id(view.id)
    fg.title(view.title)
    if is_rss:
        fg.description(view.description)
    else:
        fg.subtitle(view.description)
    fg.language(view.lang)
    fg.generator(_GENERATOR)
    fg.updated(view.updated)
    fg.lastBuildDate(view.updated)
    for author in view.authors:
        fg.author(_author_dict(author))
    # Self first, alternate last: feedgen makes the last link added the RSS channel <link>.
    if view.self_url:
        mime = "application/rss+xml" if is_rss else "application/atom+xml"
        fg.link(href=view.self_url, rel="self", type=mime)
    fg.link(href=view.home_url, rel="alternate", type="text/html")
    for entry in view.entries:
        _add_entry(fg, entry, is_rss=is_rss)
    return fg


def _author_dict(author: Author) -> dict[str, str]:
    fields = {"name": author.name, "email": author.email, "uri": author.url}
    return {key: value for key, value in fields.items() if value}


def _image_type(url: str) -> str:
    guessed, _ = mimetypes.guess_type(url.split("?", 1)[0].split("#", 1)[0], strict=False)
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"


def _add_entry(fg: FeedGenerator, entry: FeedEntry, *, is_rss: bool) -> None:
    fe = fg.add_entry(order="append")  # the default prepends (and is quadratic)
    if is_rss:
        fe.guid(entry.guid, permalink=entry.guid_is_permalink)
    else:
        fe.id(entry.id)
    fe.title(entry.title)
    fe.link(href=entry.link, rel="alternate", type="text/html")
    fe.published(entry.published)
    fe.updated(entry.updated)
    # summary() before content(): RSS then gets <description> (summary) and <content:encoded> (full HTML).
    if entry.summary:
        fe.summary(entry.summary)
    if entry.content_html is not None:
        fe.content(entry.content_html, type="html")
    elif not entry.summary:
        fe.summary(entry.title)  # Atom: an entry with a link needs no content, but RSS wants a description
    for author in entry.authors:
        fe.author(_author_dict(author))
    if is_rss:
        names = [a.name for a in entry.authors]
        if names:
            fe.dc.dc_creator(names)
    if entry.categories:
        fe.category([{"term": term} for term in entry.categories])  # one call: feedgen validates per call
    if entry.image and is_absolute_iri(entry.image):
        if is_rss:
            fe.enclosure(url=entry.image, length="0", type=_image_type(entry.image))
        fe.media.thumbnail(url=entry.image, group=None)
        fe.media.content(url=entry.image, medium="image", group=None)


def _finish_atom(root: Any, view: FeedView) -> None:
    # feedgen builds the Atom tree without namespaces (xmlns is a plain attribute), so names are bare here.
    for element, entry in zip(root.iterfind("entry"), view.entries, strict=True):
        if entry.lang:
            element.set(f"{{{_XML_NS}}}lang", entry.lang)
        content = element.find("content")
        if content is not None and is_absolute_iri(entry.link):
            content.set(f"{{{_XML_NS}}}base", entry.link)


def _serialise(view: FeedView, fmt: FeedFormat) -> bytes:
    try:
        fg = _generator(view, fmt)
        if fmt == "rss":
            root, _ = fg._create_rss()  # the tree, not the string: one serialisation, under our control
        else:
            root, _ = fg._create_atom()
            _finish_atom(root, view)
    except ValueError as exc:  # feedgen names the field it rejects
        raise ExportError(f"cannot write the {fmt} feed {view.title!r}: {exc}") from exc
    # Indenting is safe: the HTML is escaped text, so no element here has mixed content to disturb.
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


def to_rss(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    title: str | None = None,
    feed_url: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> bytes:
    """An RSS 2.0 feed of ``articles`` (UTF-8 bytes), newest first.

    ``limit``: entries at most (None: the site's ``feed.posts_limit``, else 50; 0: all). ``content``: ``"full"``
    (``description`` = summary, ``content:encoded`` = HTML body) or ``"summary"`` (None: the site's
    ``feed.excerpt_only``). ``category``/``tag`` keep only the matching articles. ``feed_url`` is the feed's own
    address (``atom:link rel=self``; default ``/feed.xml`` on the site). Same input, same bytes.
    Raises :class:`~newsfmt.ExportError` when the feed cannot be written.

    >>> from newsfmt.model import SiteConfig
    >>> b"<link>https://example.org/</link>" in to_rss([], SiteConfig(title="Demo", url="https://example.org"))
    True
    """
    view = build_view(
        articles,
        config,
        fmt="rss",
        title=title,
        feed_url=feed_url,
        limit=limit,
        content=content,
        category=category,
        tag=tag,
    )
    return _serialise(view, "rss")


def to_atom(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    title: str | None = None,
    feed_url: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> bytes:
    """An Atom 1.0 feed of ``articles`` (UTF-8 bytes), newest first; the options are those of :func:`to_rss`.

    Entry ids are those jekyll-feed writes (site ``url`` + ``baseurl`` + Jekyll's post id) unless a post gives
    its own ``id``; the feed's ``updated`` is the newest entry's (default self link: ``/atom.xml``).
    Raises :class:`~newsfmt.ExportError` when the feed cannot be written.
    """
    view = build_view(
        articles,
        config,
        fmt="atom",
        title=title,
        feed_url=feed_url,
        limit=limit,
        content=content,
        category=category,
        tag=tag,
    )
    return _serialise(view, "atom")
