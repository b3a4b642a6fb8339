"""RSS 2.0 and Atom 1.0 feeds; the only module that imports feedgen.

feedgen's traps are handled here (see the notes beside each call): entries are appended, never prepended;
every ``updated`` is set (its default is the clock); the self link is added before the alternate one because the
RSS channel ``link`` is the last link added; content is ``type="html"`` (escaped), never ``CDATA``, which is
invalid Atom; name-only authors reach RSS as ``dc:creator``. What feedgen cannot do (``xml:base`` on Atom content,
``xml:lang`` per entry) is added to the tree it builds, before serialising (indented: no element has mixed content).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from ...errors import ExportError
from ...model import Article, Author, SiteConfig
from ...vocabulary import FeedContent, FeedFormat
from .policy import ArchiveLinks
from .view import FeedEntry, FeedView, build_view, is_absolute_iri

__all__ = ["FH_NS", "entry_piece", "entry_pieces_of", "feed_frame", "to_atom", "to_feedgen", "to_rss"]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
"""RFC 5005's namespace (``fh:archive``)."""
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
    _add_enclosure(fe, entry, is_rss=is_rss)
    if entry.image and is_absolute_iri(entry.image):
        fe.media.thumbnail(url=entry.image, group=None)
        fe.media.content(url=entry.image, medium="image", group=None)


def _add_enclosure(fe: Any, entry: FeedEntry, *, is_rss: bool) -> None:
    """RSS holds one enclosure per item: the attached file, else the lead image (Atom's is added to the tree by
    :func:`_finish_atom`: feedgen drops the ``rel`` of an entry's links)."""
    enclosure = entry.enclosure
    if enclosure is not None and is_rss:
        fe.enclosure(url=enclosure.url, length=str(enclosure.length), type=enclosure.type)


def _finish_atom(root: Any, view: FeedView) -> None:
    # feedgen builds the Atom tree without namespaces (xmlns is a plain attribute), so names are bare here.
    for element, entry in zip(root.iterfind("entry"), view.entries, strict=True):
        if entry.lang:
            element.set(f"{{{_XML_NS}}}lang", entry.lang)
        content = element.find("content")
        if content is not None and is_absolute_iri(entry.link):
            content.set(f"{{{_XML_NS}}}base", entry.link)
        enclosure = entry.enclosure
        if enclosure is not None and enclosure.url != entry.image:  # the lead image is already media:content
            link = element.find("link")
            attributes = {"href": enclosure.url, "rel": "enclosure", "type": enclosure.type}
            if enclosure.length:
                attributes["length"] = str(enclosure.length)
            element.insert(list(element).index(link) + 1 if link is not None else 0, etree.Element("link", attributes))


def _feed_links(view: FeedView) -> list[tuple[str, str]]:
    """The links feedgen does not know (its ``rel`` values are RFC 4287's): WebSub's hub, RFC 5005's archives."""
    links = [("hub", view.hub)] if view.hub else []
    archive = view.archive
    if archive is not None:
        links += [
            (rel, href)
            for rel, href in (
                ("current", archive.current),
                ("prev-archive", archive.prev_archive),
                ("next-archive", archive.next_archive),
            )
            if href
        ]
    return links


def _add_feed_links(parent: Any, view: FeedView, link_tag: str) -> None:
    """Hub and archive links, and ``fh:archive`` on an archive document, after the feed's own links."""
    anchor = parent.findall(link_tag)[-1] if parent.findall(link_tag) else None
    position = list(parent).index(anchor) + 1 if anchor is not None else 0
    added = [etree.Element(link_tag, href=href, rel=rel) for rel, href in _feed_links(view)]
    if view.archive is not None and view.archive.is_archive:
        added.append(etree.Element(f"{{{FH_NS}}}archive", nsmap={"fh": FH_NS}))
    for offset, element in enumerate(added):
        parent.insert(position + offset, element)


def _serialise(view: FeedView, fmt: FeedFormat) -> bytes:
    try:
        fg = _generator(view, fmt)
        if fmt == "rss":
            root, _ = fg._create_rss()  # the tree, not the string: one serialisation, under our control
            _add_feed_links(root.find("channel"), view, f"{{{_ATOM_NS}}}link")
        else:
            root, _ = fg._create_atom()
            _finish_atom(root, view)
            _add_feed_links(root, view, "link")
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
    author: str | None = None,
    archive: ArchiveLinks | None = None,
) -> bytes:
    """An RSS 2.0 feed of ``articles`` (UTF-8 bytes), newest first.

    ``limit``: entries at most (None: the site's ``feed.posts_limit``, else 50; 0: all). ``content``: ``"full"``
    (``description`` = summary, ``content:encoded`` = HTML body) or ``"summary"`` (None: the site's
    ``feed.excerpt_only``). ``category``/``tag``/``author`` keep only the matching articles. ``feed_url`` is the
    feed's own address (``atom:link rel=self``); by default, where ``newsfmt build`` writes this feed, the site's
    or the category's. ``archive``: the RFC 5005 links of an archive document or a subscription feed
    (:class:`~.policy.ArchiveLinks`). Same input, same bytes.
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
        author=author,
        archive=archive,
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
    author: str | None = None,
    archive: ArchiveLinks | None = None,
) -> bytes:
    """An Atom 1.0 feed of ``articles`` (UTF-8 bytes), newest first; the options are those of :func:`to_rss`.

    Entry ids are those jekyll-feed writes (site ``url`` + ``baseurl`` + Jekyll's post id) unless a post gives
    its own ``id``; the feed's ``updated`` is the newest entry's (default self link: ``/atom.xml``, or the
    category's or tag's ``atom.xml``).
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
        author=author,
        archive=archive,
    )
    return _serialise(view, "atom")


def to_feedgen(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    fmt: FeedFormat = "atom",
    title: str | None = None,
    feed_url: str | None = None,
    limit: int | None = None,
    content: FeedContent | None = None,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> FeedGenerator:
    """The feed :func:`to_rss` (``fmt="rss"``) or :func:`to_atom` (``fmt="atom"``) would write, as a feedgen
    ``FeedGenerator`` with its entries, to change before writing: load an extension (``fg.load_extension("podcast")``
    then ``fg.podcast.itunes_category("News")``), add a field, then ``fg.rss_str()`` or ``fg.atom_str()``.

    It is built by the same code as the bytes of :func:`to_rss` and :func:`to_atom`, with the same options. What
    feedgen cannot hold is added only by those two: an Atom entry's ``xml:lang``, its content's ``xml:base`` and its
    enclosure links, a hub link and RFC 5005 archive links.
    Raises :class:`~newsfmt.ExportError` for a bad option or a value feedgen rejects.
    """
    if fmt not in ("rss", "atom"):
        raise ExportError(f"to_feedgen() makes rss or atom feeds, not {fmt!r}")
    view = build_view(
        articles,
        config,
        fmt=fmt,
        title=title,
        feed_url=feed_url,
        limit=limit,
        content=content,
        category=category,
        tag=tag,
        author=author,
    )
    try:
        return _generator(view, fmt)
    except ValueError as exc:
        raise ExportError(f"cannot make the {fmt} feed {view.title!r}: {exc}") from exc


# Pieces: the build renders each entry once and keeps its bytes; a feed is then its frame around them. The bytes
# are cut from what _serialise writes, so that there is one writer: an entry's serialisation (pretty-printed, in
# a tree with no mixed content) depends only on the entry and its depth, and the frame only on the view's own
# metadata and which extensions its entries load (see frame_view).

_ENTRY_TAGS: dict[str, tuple[bytes, bytes]] = {"rss": (b"<item>", b"</item>"), "atom": (b"<entry", b"</entry>")}
_LAST_TAGS: dict[str, bytes] = {"rss": b"</channel>", "atom": b"</feed>"}
_PIECE_FEED = "urn:newsfmt:piece"


def _entries_span(document: bytes, fmt: FeedFormat) -> tuple[int, int]:
    """Where the entries of a serialised feed begin and end (whole lines; both at the closing tag's line when
    there is none). Text and attributes are escaped, so these tags only ever appear as tags."""
    opening, closing = _ENTRY_TAGS[fmt]
    first = document.find(opening)
    if first < 0:
        start = document.rfind(b"\n", 0, document.rfind(_LAST_TAGS[fmt])) + 1
        return start, start
    end = document.index(b"\n", document.rfind(closing)) + 1
    return document.rfind(b"\n", 0, first) + 1, end


def _piece_view(entries: tuple[FeedEntry, ...], updated: datetime) -> FeedView:
    author = Author(name=_PIECE_FEED)
    return FeedView(_PIECE_FEED, _PIECE_FEED, _PIECE_FEED, "/", None, "en", updated, (author,), entries)


_piece_generators: dict[tuple[str, bool, bool], FeedGenerator] = {}
"""One generator per format and process (and per set of extensions), holding no entry between two pieces: making
a generator and loading its extensions costs more than rendering an entry."""


def _piece_generator(fmt: FeedFormat, entries: Sequence[FeedEntry] = ()) -> FeedGenerator:
    """The generator of pieces in ``fmt``: with only the extensions ``entries`` load when given (each one loaded
    costs a registration on every entry; namespaces are declared on the root, so no entry's bytes depend on which
    are loaded), else with every extension."""
    authors = not entries or any(entry.authors for entry in entries)
    image = not entries or any(entry.image for entry in entries)
    generator = _piece_generators.get((fmt, authors, image))
    if generator is None:
        moment = datetime(2000, 1, 1, tzinfo=UTC)
        stand_in = FeedEntry(
            _PIECE_FEED, _PIECE_FEED, _PIECE_FEED, False, _PIECE_FEED, moment, moment, "", None, (),
            (Author(name=_PIECE_FEED),) if authors else (), "https://example.org/image.png" if image else None, None,
        )  # fmt: skip
        generator = _generator(_piece_view((stand_in,), moment), fmt)
        generator.remove_entry(0)
        _piece_generators[fmt, authors, image] = generator
    return generator


def entry_piece(entry: FeedEntry, fmt: FeedFormat) -> bytes:
    """One entry as :func:`to_rss` or :func:`to_atom` write it in any feed (its lines, indented for their place)."""
    generator = _piece_generator(fmt)
    try:
        _add_entry(generator, entry, is_rss=fmt == "rss")
        document = _piece_document(generator, (entry,), fmt)
    except ValueError as exc:  # feedgen names the field it rejects
        raise ExportError(f"cannot write the {fmt} entry {entry.title!r}: {exc}") from exc
    finally:
        while generator.entry():
            generator.remove_entry(0)
    start, end = _entries_span(document, fmt)
    return document[start:end]


def entry_pieces_of(entries: Sequence[FeedEntry], fmt: FeedFormat) -> list[bytes]:
    """:func:`entry_piece` of each entry, the same bytes, cut from one document: a generator's tree and its
    serialisation then cost once for the lot, not once an entry."""
    if len(entries) < 2:
        return [entry_piece(entry, fmt) for entry in entries]
    generator = _piece_generator(fmt, entries)
    try:
        for entry in entries:
            _add_entry(generator, entry, is_rss=fmt == "rss")
        document = _piece_document(generator, tuple(entries), fmt)
    except ValueError:  # one entry is refused: rendered one by one, it is named
        return [entry_piece(entry, fmt) for entry in entries]
    finally:
        while generator.entry():
            generator.remove_entry(0)
    start, end = _entries_span(document, fmt)
    # Text and attributes are escaped: an entry's opening tag appears only as that tag, one per entry.
    opening = _ENTRY_TAGS[fmt][0]
    cuts = []
    found = document.find(opening, start, end)
    while found >= 0:
        cuts.append(document.rfind(b"\n", 0, found) + 1)
        found = document.find(opening, found + len(opening), end)
    cuts.append(end)
    if len(cuts) != len(entries) + 1:  # pragma: no cover - what escaping rules out
        return [entry_piece(entry, fmt) for entry in entries]
    return [document[cut:following] for cut, following in pairwise(cuts)]


def _piece_document(generator: FeedGenerator, entries: tuple[FeedEntry, ...], fmt: FeedFormat) -> bytes:
    """The document of the piece generator holding ``entries`` (added already)."""
    if fmt == "rss":
        root, _ = generator._create_rss()
    else:
        root, _ = generator._create_atom()
        _finish_atom(root, _piece_view(entries, entries[0].updated))
    document: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return document


def feed_frame(view: FeedView, fmt: FeedFormat) -> tuple[bytes, bytes]:
    """What :func:`to_rss` or :func:`to_atom` write before and after the entries of a feed of ``view``'s metadata,
    whose entries load the extensions ``view.entries`` load (:func:`~.view.frame_view`)."""
    document = _serialise(view, fmt)
    start, end = _entries_span(document, fmt)
    return document[:start], document[end:]
