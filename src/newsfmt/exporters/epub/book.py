"""EPUB 3 books from articles: the only module that imports ebooklib (AGPL, behind the ``epub`` extra).

ebooklib writes the package document, the navigation document and the NCX; everything else is ours: the
content documents (see :mod:`.pages`), the pictures (:mod:`.images`) and the zip step, which fixes
entry times and order so that the same articles always give the same bytes. ebooklib 0.20's traps
(swallowed write errors, local-time ``dcterms:modified``, random identifier, wall-clock zip times, page-list
re-parsing) are all avoided here.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ...atomic import write_atomic
from ...errors import ConfigError, ExportError, MissingExtraError
from ...languages import writes_han_labels
from ...model import Article, Problem, SiteConfig
from ...vocabulary import TOC_GROUPINGS, TocGrouping, spell_out
from .attributes import is_language_tag
from .briefs import brief_pages, is_book_of_briefs
from .cover import COVER_EXTENSIONS, book_cover
from .fetching import FetchRules
from .images import BookImage, ImageCollector
from .navigation import writer_class
from .pages import article_page, article_title, briefs_page, cover_page, format_date, labels_for, title_page
from .plan import book_identifier, book_language, month_label, newest_change, series_index, shown_title

__all__ = ["KeptPage", "PageCache", "to_epub", "write_epub"]


_XHTML_TYPE = "application/xhtml+xml"
_STYLESHEET = "style/book.css"
_EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)
_LATEST_ZIP_TIME = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
"""A zip entry's time is an MS-DOS date: years 1980 to 2107, two-second steps."""
_EARLIEST_BOOK_DATE = datetime(1970, 1, 1, tzinfo=UTC)
"""The earliest ``dcterms:modified`` a book gets: a book of undated Hugo pages only (dated 0001-01-01) would
otherwise write a year of fewer than four digits, which EPUB forbids."""


def _ebooklib() -> Any:
    try:
        from ebooklib import epub
    except ImportError as exc:
        raise MissingExtraError(
            "EPUB output needs ebooklib, which is not installed: pip install 'newsfmt[epub]'"
        ) from exc
    return epub


def _stylesheet(vertical: bool) -> bytes:
    package = resources.files(__package__ or "newsfmt.exporters.epub")
    css = package.joinpath("style.css").read_bytes()
    if vertical:
        css += b"\n" + package.joinpath("vertical.css").read_bytes()
    return css


def _source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ConfigError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {value!r}") from exc


def _check_toc_by(toc_by: str) -> None:
    if toc_by not in TOC_GROUPINGS:
        raise ConfigError(f"cannot group a table of contents by {toc_by!r}: use {spell_out(TOC_GROUPINGS)}")


def _checked_language(lang: str) -> str:
    if not is_language_tag(lang):
        raise ConfigError(f"{lang!r} is not a language tag (like zh-CN or en)")
    return lang


class KeptPage(NamedTuple):
    """A content document kept by a :class:`PageCache`, with the pictures it showed."""

    page: bytes
    pictures: tuple[tuple[str, str | None], ...]
    """Each picture the page asked for, in the order first asked: its source and its name in the book (None: left
    as its alt text and a link). A picture's name comes from where it is, not from the book that shows it."""


class PageCache(Protocol):
    """Content documents made by an earlier book: what :func:`to_epub` would make of an article (or of the briefs
    of one page), kept, so that the articles whose page is kept need no body."""

    briefs: bool
    """Whether the book takes the compact layout of a book of briefs (:func:`.briefs.is_book_of_briefs` of its
    articles): its maker decides, since deciding needs every article's body."""

    def get(self, articles: Sequence[Article], number: int, lang: str) -> KeptPage | None:
        """The page of ``articles`` (one article, or the briefs of one page, the first of them the book's
        ``number``-th article) in a book of ``lang``, or None to make it."""

    def put(self, articles: Sequence[Article], number: int, lang: str, page: KeptPage) -> None:
        """Keep a page just made (only when no picture of it was downloaded: a download's outcome belongs to its
        book, and a picture it refused is a warning that the next book gives again)."""


def to_epub(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    title: str,
    category: str | None = None,
    period: str | None = None,
    volume: int | None = None,
    toc_by: TocGrouping = "month",
    lang: str | None = None,
    vertical: bool = False,
    cover: Path | bytes | None = None,
    fetch_images: bool | FetchRules = False,
    warn: Callable[[Problem], None] | None = None,
    source_date_epoch: datetime | None = None,
    pages: PageCache | None = None,
) -> bytes:
    """An EPUB 3 book of ``articles`` (in date order, one XHTML document each), as bytes.

    ``title`` is the book title; ``category`` (shown by its display name, ``newsfmt: categories:``) becomes
    ``dc:subject`` and the series the book belongs to (EPUB 3 ``belongs-to-collection`` and calibre's
    ``series``, at the place :func:`~newsfmt.exporters.epub.plan.series_index` gives ``period`` and ``volume``),
    and, with ``period`` (``2021``) and ``volume``, the seed of the book's identifier (a UUID 5 of the site URL,
    category, period and volume).
    The table of contents groups chapters by month (``toc_by="month"``: "2021年12月" in a Chinese book,
    "December 2021" in an English one), by year, or not at all. ``lang`` defaults to the language of
    most articles (an English category of a Chinese site makes an English book), else the site's.
    ``vertical`` sets Chinese vertical writing with right-to-left page progression. ``cover`` is an image
    (path or bytes; PNG, JPEG, GIF or WebP); without one, a cover carrying the title, category and period
    is generated. Local images are embedded; remote ones become their alt text and a link, unless
    ``fetch_images`` downloads them: ``True`` within the default :class:`~newsfmt.FetchRules` (http and https
    from public addresses only, a deadline, size and dimension caps), or within the rules given. A remote image
    that is refused or fails stays a link, and ``warn`` (when given) receives a warning naming its post and why.

    The bytes depend only on the inputs: ``dcterms:modified`` is the newest article's date (UTC) and zip
    entries carry ``source_date_epoch`` (default: the ``SOURCE_DATE_EPOCH`` environment variable, else the
    newest article's date). ``pages`` keeps the content documents of articles between books (the build's cache):
    a page it holds is not made again, and its articles need no body; it also says whether the book is a book of
    briefs (:mod:`.briefs`), which the articles then need not show.

    Raises :class:`~newsfmt.ExportError` when there are no articles or the cover is not an image,
    :class:`~newsfmt.MissingExtraError` when ebooklib is not installed.
    """
    epub = _ebooklib()
    chapters = sorted(articles, key=lambda article: (article.date.timestamp(), article.id))
    if not chapters:
        raise ExportError(f"cannot make the book {title!r}: it has no articles")
    _check_toc_by(toc_by)
    lang = _checked_language(lang or book_language(chapters, config))
    title = shown_title(title, config)
    newest = max(newest_change(chapters), _EARLIEST_BOOK_DATE)
    zip_time = source_date_epoch or _source_date_epoch() or newest

    book = epub.EpubBook()
    key = period if volume is None else f"{period or ''}/v{volume}"
    _set_metadata(book, config, identifier=book_identifier(config, category, key, title), title=title, lang=lang)
    shown = config.options.category_title(category) if category else None
    _set_subject_and_direction(book, category=shown, newest=newest, vertical=vertical)
    if shown:
        _set_series(book, shown, series_index(period, volume))
    book.add_item(
        epub.EpubItem(uid="style", file_name=_STYLESHEET, media_type="text/css", content=_stylesheet(vertical))
    )
    cover_doc = _add_cover(epub, book, cover, title=title, category=shown, period=period, config=config, lang=lang)
    title_doc = _add_title_page(epub, book, chapters, config, title=title, category=shown, lang=lang)
    fetch = fetch_images if isinstance(fetch_images, FetchRules) else FetchRules() if fetch_images else None
    images = ImageCollector(config, fetch=fetch)
    documents = _add_chapters(epub, book, chapters, images, config, lang=lang, warn=warn, pages=pages)
    _add_navigation(epub, book, documents, front=[cover_doc, title_doc], toc_by=toc_by, lang=lang)
    return _write(epub, book, modified=newest, zip_time=zip_time, landmark_title=labels_for(lang).landmarks)


def _set_metadata(book: Any, config: SiteConfig, *, identifier: str, title: str, lang: str) -> None:
    """The book's identifier, title, language, author, publisher and description."""
    book.set_identifier(identifier)
    book.set_title(title)
    book.set_language(lang)
    creator = (config.author.name if config.author else "").strip() or config.title.strip()
    if creator:
        book.add_author(creator)
    if config.title.strip():
        book.add_metadata("DC", "publisher", config.title.strip())
    if config.description.strip():
        book.add_metadata("DC", "description", " ".join(config.description.split()))


def _set_subject_and_direction(book: Any, *, category: str | None, newest: datetime, vertical: bool) -> None:
    """The book's subject (its category), date (its newest article's) and, for vertical writing, direction."""
    if category:
        book.add_metadata("DC", "subject", category.strip())
    book.add_metadata("DC", "date", newest.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if vertical:
        book.set_direction("rtl")
        book.add_metadata(None, "meta", "", {"name": "primary-writing-mode", "content": "vertical-rl"})


def _set_series(book: Any, name: str, position: str) -> None:
    """The series the book belongs to, as EPUB 3 says it (``belongs-to-collection``) and as calibre reads it, so
    that e-reader libraries group a category's books in order."""
    book.add_metadata(None, "meta", name, {"property": "belongs-to-collection", "id": "series"})
    book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    book.add_metadata(None, "meta", position, {"refines": "#series", "property": "group-position"})
    book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": name})
    book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": position})


def _add_cover(
    epub: Any,
    book: Any,
    cover: Path | bytes | None,
    *,
    title: str,
    category: str | None,
    period: str | None,
    config: SiteConfig,
    lang: str,
) -> Any:
    """Add the cover image (given, or generated) and the cover page; return the page."""
    cover_data, cover_type = book_cover(cover, title=title, category=category, period=period, config=config)
    cover_href = f"images/cover.{COVER_EXTENSIONS[cover_type]}"
    cover_image = epub.EpubCover(uid="cover-image", file_name=cover_href)
    cover_image.media_type = cover_type
    cover_image.content = cover_data
    book.add_item(cover_image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    cover_doc = _document(
        epub, "cover", "cover.xhtml", cover_page(image_href=cover_href, title=title, lang=lang, stylesheet=_STYLESHEET)
    )
    book.add_item(cover_doc)
    return cover_doc


def _add_title_page(
    epub: Any,
    book: Any,
    chapters: Sequence[Article],
    config: SiteConfig,
    *,
    title: str,
    category: str | None,
    lang: str,
) -> Any:
    """Add the title page (site, category, period, number of articles); return it."""
    labels = labels_for(lang)
    period_line = _period_line(chapters, lang)
    count_line = (
        f"{len(chapters)} {labels.articles}" if not writes_han_labels(lang) else f"共{len(chapters)}{labels.articles}"
    )
    title_doc = _document(
        epub,
        "titlepage",
        "title.xhtml",
        title_page(
            title=title,
            lines=[config.title, category or "", period_line, count_line],
            lang=lang,
            stylesheet=_STYLESHEET,
        ),
    )
    book.add_item(title_doc)
    return title_doc


def _add_chapters(
    epub: Any,
    book: Any,
    chapters: Sequence[Article],
    images: ImageCollector,
    config: SiteConfig,
    *,
    lang: str,
    warn: Callable[[Problem], None] | None,
    pages: PageCache | None,
) -> list[_Chapter]:
    """Add one page per article (several per page in a book of briefs: :mod:`.briefs`), then the pictures they
    show; return each article with its page and where on it."""

    def absolute(url: str) -> str | None:
        return config.absolute_url(url) if config.url and url.startswith("/") else None

    def made(members: Sequence[Article], number: int, make: Callable[..., bytes]) -> bytes:
        kept = pages.get(members, number, lang) if pages is not None else None
        # The kept page's pictures join the book as a page made now would add them (and a picture that changed
        # since makes the page again).
        if kept is not None and all(images.resolve(src) == name for src, name in kept.pictures):
            return kept.page
        return _page(members, number, lang=lang, make=make, pages=pages, images=images)

    stylesheet = "../" + _STYLESHEET
    documents: list[_Chapter] = []
    if pages.briefs if pages is not None else is_book_of_briefs(chapters):
        numbered = list(enumerate(chapters, start=1))
        for number, members in enumerate(brief_pages(numbered), start=1):
            briefs = [(f"a{index:05d}", article) for index, article in members]
            title = _page_title(members[0][1], lang)
            make = partial(briefs_page, briefs, title=title, lang=lang, stylesheet=stylesheet, absolute=absolute)
            page = made([article for _, article in briefs], members[0][0], make)
            document = _document(epub, f"c{number:05d}", f"text/c{number:05d}.xhtml", page)
            book.add_item(document)
            documents.extend(_Chapter(a, document, f"{document.file_name}#{anchor}", anchor) for anchor, a in briefs)
            _tell(images, warn, members[0][1])
    else:
        for number, article in enumerate(chapters, start=1):
            make = partial(article_page, article, lang=lang, stylesheet=stylesheet, absolute=absolute)
            page = made([article], number, make)
            document = _document(epub, f"c{number:05d}", f"text/c{number:05d}.xhtml", page)
            book.add_item(document)
            documents.append(_Chapter(article, document, document.file_name, document.id))
            _tell(images, warn, article)
    for image in images.images:
        book.add_item(_lazy_image(epub, image))
    return documents


class _Chapter(NamedTuple):
    """An article of a book: its content document, and the address and id of its place there."""

    article: Article
    document: Any
    href: str
    anchor: str


def _tell(images: ImageCollector, warn: Callable[[Problem], None] | None, article: Article) -> None:
    """Pass the image warnings of ``article``'s page to ``warn``."""
    for message in images.warnings:
        if warn is not None:
            warn(Problem(article.path, None, message, "warning"))
    images.warnings.clear()


def _page_title(article: Article, lang: str) -> str:
    """The title of a page of briefs: its first brief's date."""
    return format_date(article.date, lang)


def _page(
    members: Sequence[Article],
    number: int,
    *,
    lang: str,
    make: Callable[..., bytes],
    pages: PageCache | None,
    images: ImageCollector,
) -> bytes:
    """A content document made by ``make`` (given the book's image resolver as ``resolve_image``), kept in
    ``pages`` with the pictures it showed, unless the book downloads pictures and the page shows one."""
    pictures: dict[str, str | None] = {}

    def resolve_and_note(src: str) -> str | None:
        name = pictures[src] = images.resolve(src)
        return None if name is None else "../" + name

    page = make(resolve_image=resolve_and_note)
    if pages is not None and (images.fetch is None or not pictures):
        pages.put(members, number, lang, KeptPage(page, tuple(pictures.items())))
    return page


def _add_navigation(
    epub: Any, book: Any, documents: Sequence[_Chapter], *, front: list[Any], toc_by: TocGrouping, lang: str
) -> None:
    """Add the navigation document and the NCX, and set the table of contents, the spine and the guide."""
    labels = labels_for(lang)
    nav = epub.EpubNav(uid="nav", file_name="nav.xhtml", title=labels.contents)
    nav.add_link(href=_STYLESHEET, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = _toc(epub, documents, toc_by, lang)
    pages = {id(chapter.document): chapter.document for chapter in documents}  # a page of briefs once
    book.spine = [*front, nav, *pages.values()]
    first_article, first_href = documents[0].article, documents[0].href
    book.guide = [
        {"href": "cover.xhtml", "title": labels.cover, "type": "cover"},
        {"href": "nav.xhtml", "title": labels.contents, "type": "toc"},
        {"href": first_href, "title": article_title(first_article, lang), "type": "text"},
    ]


def _period_line(chapters: Sequence[Article], lang: str) -> str:
    first, last = chapters[0].date, chapters[-1].date
    start, end = month_label(first.year, first.month, lang), month_label(last.year, last.month, lang)
    return start if start == end else f"{start} – {end}"


def _document(epub: Any, uid: str, file_name: str, content: bytes) -> Any:
    # A plain item, not EpubHtml: EpubHtml re-parses our XHTML with the HTML parser and loses namespaces.
    return epub.EpubItem(uid=uid, file_name=file_name, media_type=_XHTML_TYPE, content=content)


def _lazy_image(epub: Any, image: BookImage) -> Any:
    class LazyImage(epub.EpubItem):  # type: ignore[misc]
        """Reads a local picture only when the zip is written, so a book's images are never all in memory."""

        def get_content(self, default: bytes | None = None) -> bytes:
            return image.read()

    uid = "img-" + image.href.rsplit("/", 1)[-1].split(".", 1)[0]
    return LazyImage(uid=uid, file_name=image.href, media_type=image.media_type)


def _toc(epub: Any, documents: Sequence[_Chapter], toc_by: TocGrouping, lang: str) -> list[Any]:
    links = [
        (chapter.article, epub.Link(chapter.href, article_title(chapter.article, lang), "toc-" + chapter.anchor))
        for chapter in documents
    ]
    if toc_by == "none":
        return [link for _, link in links]
    groups: dict[str, list[Any]] = {}
    for article, link in links:
        groups.setdefault(_toc_label(article, toc_by, lang), []).append(link)
    return [(epub.Section(label), members) for label, members in groups.items()]


def _toc_label(article: Article, toc_by: TocGrouping, lang: str) -> str:
    """The table of contents group of ``article``: its month, its year, or one group for all."""
    if toc_by == "month":
        return month_label(article.date.year, article.date.month, lang)
    if toc_by == "year":
        return f"{article.date.year}年" if writes_han_labels(lang) else str(article.date.year)
    return ""


class _FixedTimeZip:
    """The part of ``zipfile.ZipFile`` ebooklib writes through, with fixed entry times and permissions."""

    def __init__(self, archive: zipfile.ZipFile, moment: datetime) -> None:
        self._archive = archive
        moment = min(max(moment.astimezone(UTC), _EARLIEST_ZIP_TIME), _LATEST_ZIP_TIME)
        self._date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.create_system = 3
        info.external_attr = 0o644 << 16
        # The OCF container requires ``mimetype`` stored, not compressed.
        info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        self._archive.writestr(info, data, compresslevel=6)


def _write(epub: Any, book: Any, *, modified: datetime, zip_time: datetime, landmark_title: str) -> bytes:
    options = {
        "epub3_pages": False,
        "raise_exceptions": True,
        "mtime": modified,
        "landmark_title": landmark_title,
    }
    writer = writer_class(epub.EpubWriter)("", book, options)  # the landmarks nav hidden from the contents page
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w") as archive:
            writer.out = _FixedTimeZip(archive, zip_time)
            writer.out.writestr("mimetype", "application/epub+zip")
            writer._write_container()
            writer._write_opf()
            writer._write_items()
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot write the book {book.title!r}: {exc}") from exc
    return buffer.getvalue()


def write_epub(
    articles: Iterable[Article], config: SiteConfig, path: Path | str, *, title: str, **options: Any
) -> Path:
    """Write :func:`to_epub`'s book to ``path`` atomically (a temporary file beside it, then a rename).

    Takes the same keyword options as :func:`to_epub`; returns the path written. Raises
    :class:`~newsfmt.OutputError` when the file cannot be written.
    """
    data = to_epub(articles, config, title=title, **options)
    target = Path(path)
    write_atomic(target, data)
    return target
