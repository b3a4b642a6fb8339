"""Writing the books of a build, each in a worker process when there are several.

A book of a yearly category holds hundreds of articles and takes the longest of any output; books share
nothing, so each worker makes its book and writes it itself, while the main process writes the feeds. A book is
made of the content documents (pages) an earlier book left in the cache (pages of briefs too: only the page
holding an edited brief is made again), and of articles loaded from the cache whose pages it makes now; the
process that makes those pages stores them for the next book (a big year's pages, sent back to the main process
whole, were its peak of memory at 100,000 posts), and what the book warned of (a remote image left as a link)
comes back as problems of the build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from ..errors import OutputError
from ..exporters.epub.plan import BookPlan
from ..model import Article, Problem, SiteConfig
from ..options import BuildOptions
from ..parallel import run_in_worker, start_workers
from ..progress import SILENT, Progress
from ..xmlchars import strip_invalid_xml_chars
from .cache import ArticleCache, Piece

if TYPE_CHECKING:
    from ..exporters.epub.book import KeptPage

__all__ = ["BookJob", "books_written"]

_PAGES_A_TRANSACTION = 500
"""About 1.5 MB of compressed pages."""


@dataclass(frozen=True, slots=True)
class BookJob:
    """One book to write: its plan, the cache keys of its articles (in the plan's order) and its file."""

    plan: BookPlan
    keys: tuple[str, ...]
    target: str
    """Absolute path of the book, already checked to stay inside OUT."""


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every book job needs: passed once per worker process."""

    cache: ArticleCache
    config: SiteConfig
    options: BuildOptions


class _Pages:
    """The pages of one book kept in the cache, and the pages the book makes, to be stored.

    A page of one article is kept under the article's content key; a page of briefs under its first article's key,
    for the place in the book where it starts and its articles' keys (:func:`_briefs_stamp`): one place for each
    first article, which a page made again takes over. Each is kept with the pictures it showed (:func:`_encode`).
    Pages are found by the identity of the article objects given to the book (:meth:`bind`)."""

    def __init__(self, job: BookJob, shared: _Shared, lang: str, briefs: bool) -> None:
        self.briefs = briefs
        self.lang = lang
        kind = _briefs_kind(lang) if briefs else _page_kind(lang)
        stored = shared.cache.load_pieces(_first_keys(job.keys) if briefs else job.keys, kind)
        self.kept = {key: page for key, piece in stored.items() if (page := _decode(piece)) is not None}
        self.fetching = shared.options.fetch_images
        self.config = shared.config
        self.keys: dict[int, str] = {}
        self.made: list[Piece] = []

    def shown(self, keys: Sequence[str]) -> set[str]:
        """The keys of the articles (of a book of ``keys``) whose page is kept and shows its pictures as the book
        would now: those articles need no body."""
        from ..exporters.epub.images import ImageCollector

        images = ImageCollector(self.config)
        pages = _numbered_pages(keys) if self.briefs else [(number, [key]) for number, key in enumerate(keys, 1)]
        shown: set[str] = set()
        for number, members in pages:
            kept = self.kept.get(members[0])
            if kept is None or kept[0] != (_briefs_stamp(number, members) if self.briefs else ""):
                continue
            pictures = kept[1].pictures
            if not pictures or (not self.fetching and all(images.resolve(src) == name for src, name in pictures)):
                shown.update(members)
        return shown

    def bind(self, chapters: Sequence[Article], keys: Sequence[str]) -> None:
        """Say which articles the book will be given: ``chapters``, in the order of ``keys``."""
        self.keys = {id(article): key for article, key in zip(chapters, keys, strict=True)}

    def get(self, articles: Sequence[Article], number: int, lang: str) -> KeptPage | None:
        keys = [self.keys[id(article)] for article in articles]
        kept = self.kept.get(keys[0]) if lang == self.lang else None
        if kept is None or kept[0] != (_briefs_stamp(number, keys) if self.briefs else ""):
            return None
        return kept[1]

    def put(self, articles: Sequence[Article], number: int, lang: str, page: KeptPage) -> None:
        keys = [self.keys[id(article)] for article in articles]
        if self.briefs:
            self.made.append((keys[0], _briefs_kind(lang), _encode(_briefs_stamp(number, keys), page)))
        else:
            self.made.append((keys[0], _page_kind(lang), _encode("", page)))


def _page_kind(lang: str) -> str:
    return f"xhtml-{lang}"


def _briefs_kind(lang: str) -> str:
    return f"briefs-{lang}"


def _encode(place: str, page: KeptPage) -> bytes:
    """A kept page as the cache stores it: a line of JSON (what the page is for, its pictures), then the page."""
    header = json.dumps([place, [list(picture) for picture in page.pictures]], ensure_ascii=True)
    return header.encode() + b"\n" + page.page


_PLAIN_PAGE = json.dumps(["", []]).encode()
"""The header :func:`_encode` writes for a page of one article that shows no picture."""


def _decode(piece: bytes) -> tuple[str, KeptPage] | None:
    """What :func:`_encode` stored, or None for anything else (the page is made again)."""
    from ..exporters.epub.book import KeptPage

    header, _, page = piece.partition(b"\n")
    if header == _PLAIN_PAGE:  # most pages: no JSON to decode
        return "", KeptPage(page, ())
    try:
        place, pictures = json.loads(header)
        kept = tuple((src, name) for src, name in pictures)
    except (ValueError, TypeError, RecursionError):
        return None
    if type(place) is not str or not all(
        type(src) is str and (name is None or type(name) is str) for src, name in kept
    ):
        return None
    return place, KeptPage(page, kept)


def _briefs_stamp(number: int, keys: Sequence[str]) -> str:
    """What a kept page of briefs is for: the place of its first article in the book (its anchors count from
    there) and its articles' keys."""
    return hashlib.sha256(f"{number}\0{chr(0).join(keys)}".encode()).hexdigest()


def _numbered_pages(keys: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The keys of a book of briefs by page, each page with the number of its first article in the book."""
    from ..exporters.epub.briefs import brief_pages

    pages = brief_pages(list(enumerate(keys, start=1)))
    return [(page[0][0], [key for _, key in page]) for page in pages]


def _first_keys(keys: Sequence[str]) -> list[str]:
    return [members[0] for _, members in _numbered_pages(keys)]


def _untitled(article: Article) -> bool:
    """Whether the book shows more of the article than its page and what the index holds of it: the contents
    entry of an article without a title is the start of its summary."""
    return not " ".join(strip_invalid_xml_chars(article.title).split())


def _loaded(job: BookJob, cache: ArticleCache, keys: Collection[str]) -> dict[str, Article]:
    """The book's articles of ``keys``, loaded from the cache in full."""
    stored = cache.load_many(keys)
    for light, key in zip(job.plan.articles, job.keys, strict=True):
        if key in keys and key not in stored:
            raise OutputError(f"the build cache lost the article {light.id}; run the build again")
    return stored


_BRIEF = "brief"
"""The kind of piece that says whether an article is a brief (``b"1"``) or not (``b"0"``): whether its book is a
book of briefs is known without loading the bodies of the articles whose page is kept."""


def _layout(job: BookJob, cache: ArticleCache) -> tuple[bool, dict[str, Article], list[Piece]]:
    """Whether the book is a book of briefs; the articles loaded in full to find out (those the cache did not know
    to be briefs or not: new ones, whose pages are made now anyway) and what they told, to be stored."""
    from ..exporters.epub.briefs import is_brief, takes_briefs_layout

    flags = cache.load_pieces(job.keys, _BRIEF)
    loaded = _loaded(job, cache, {key for key in job.keys if key not in flags})
    made = [(key, _BRIEF, b"1" if is_brief(article) else b"0") for key, article in loaded.items()]
    flags.update((key, flag) for key, _, flag in made)
    return takes_briefs_layout([flags[key] == b"1" for key in job.keys]), loaded, made


def _chapters(job: BookJob, cache: ArticleCache, shown: set[str], loaded: dict[str, Article]) -> list[Article]:
    """The book's articles: as the index holds them where the cache keeps their page (and they have a title),
    else in full."""
    wanted = {
        key
        for light, key in zip(job.plan.articles, job.keys, strict=True)
        if key not in loaded and (key not in shown or _untitled(light))
    }
    loaded = {**loaded, **_loaded(job, cache, wanted)}
    return [loaded.get(key, light) for light, key in zip(job.plan.articles, job.keys, strict=True)]


def _write(shared: _Shared, job: BookJob) -> list[Problem]:
    from ..exporters.epub.book import to_epub  # ebooklib: only when a book is written
    from ..exporters.epub.plan import book_language

    plan, options, cache = job.plan, shared.options, shared.cache
    lang = book_language(plan.articles, shared.config)
    briefs, loaded, made = _layout(job, cache)
    pages = _Pages(job, shared, lang, briefs)
    chapters = _chapters(job, cache, pages.shown(job.keys), loaded)
    pages.bind(chapters, job.keys)
    problems: list[Problem] = []
    book = to_epub(
        chapters,
        shared.config,
        title=plan.title,
        category=plan.category,
        period=plan.period,
        volume=plan.volume,
        vertical=options.vertical,
        cover=options.cover,
        fetch_images=options.fetch_images,
        warn=problems.append,
        pages=pages,
    )
    write_atomic(job.target, book, durable=False)
    _store(cache, made + pages.made)
    return problems


def _store(cache: ArticleCache, pages: list[Piece]) -> None:
    """Store a book's pages a few at a time: each transaction holds the cache's write lock only briefly, and
    another book's process waits for it."""
    for start in range(0, len(pages), _PAGES_A_TRANSACTION):
        cache.store_encoded((), pages[start : start + _PAGES_A_TRANSACTION])


@contextmanager
def books_written(
    jobs: Sequence[BookJob],
    cache: ArticleCache,
    config: SiteConfig,
    options: BuildOptions,
    problems: list[Problem],
    progress: Progress = SILENT,
) -> Iterator[None]:
    """Write every book of ``jobs`` while the ``with`` block runs (in ``options.workers`` processes when there
    is more than one book), and wait for them when it ends; a failed book raises there. The books' warnings
    are added to ``problems``, in the order of ``jobs``, and the pages they made are stored in the cache;
    ``progress`` is told the ``books`` phase when the block ends (the books still to wait for)."""
    shared = _Shared(cache, config, options)
    workers = min(options.workers, len(jobs))
    if workers < 2:
        yield
        progress.start("books", len(jobs))
        for job in jobs:
            problems.extend(_write(shared, job))
            progress.advance()
        progress.finish()
        return
    from concurrent.futures import as_completed

    cache.close()  # SQLite connections must not cross a fork; each process opens its own
    # Not forks of the main process, which holds the whole site's index by now (400 MB at 100,000 posts).
    pool = start_workers(_write, shared, workers, fresh=[__name__])
    try:
        futures = {pool.submit(run_in_worker, job): place for place, job in enumerate(jobs)}
        yield
        progress.start("books", len(jobs))
        found: dict[int, list[Problem]] = {}
        for future in as_completed(futures):
            found[futures.pop(future)] = future.result()
            progress.advance()
        problems.extend(problem for place in sorted(found) for problem in found[place])
        progress.finish()
    finally:
        pool.shutdown(cancel_futures=True)
