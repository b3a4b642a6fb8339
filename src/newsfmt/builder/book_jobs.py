"""Writing the books of a build, each in a worker process when there are several.

A book of a yearly category holds hundreds of articles and takes the longest of any output; books share
nothing, so each worker makes its book and writes it itself, while the main process writes the feeds. A book is
made of the content documents (pages) an earlier book left in the cache, and of articles loaded from the cache
whose pages it makes now; those pages come back to the main process, which stores them for the next book, with
what the book warned of (a remote image left as a link) as problems of the build.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from ..atomic import write_atomic
from ..errors import OutputError
from ..exporters.epub.plan import BookPlan
from ..model import Article, Problem, SiteConfig
from ..options import BuildOptions
from ..parallel import run_in_worker, start_workers
from ..progress import SILENT, Progress
from ..xmlchars import strip_invalid_xml_chars
from .cache import ArticleCache, Piece

__all__ = ["BookJob", "books_written"]


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
    """The pages of one book's articles kept in the cache (by the identity of the article objects given to the
    book), and the pages the book makes, to be stored."""

    def __init__(self, keys: dict[int, str], kept: dict[str, bytes], lang: str) -> None:
        self.keys = keys
        self.kept = kept
        self.lang = lang
        self.made: list[Piece] = []

    def get(self, article: Article, lang: str) -> bytes | None:
        return self.kept.get(self.keys[id(article)]) if lang == self.lang else None

    def put(self, article: Article, lang: str, page: bytes) -> None:
        self.made.append((self.keys[id(article)], _page_kind(lang), page))


def _page_kind(lang: str) -> str:
    return f"page-{lang}"


def _untitled(article: Article) -> bool:
    """Whether the book shows more of the article than its page and what the index holds of it: the contents
    entry of an article without a title is the start of its summary."""
    return not " ".join(strip_invalid_xml_chars(article.title).split())


def _kept_pages(job: BookJob, cache: ArticleCache, lang: str) -> dict[str, bytes]:
    """The pages the cache keeps of the book's articles, of those the book needs nothing more of."""
    kept = cache.load_pieces(job.keys, _page_kind(lang))
    untitled = {key for article, key in zip(job.plan.articles, job.keys, strict=True) if _untitled(article)}
    return {key: page for key, page in kept.items() if key not in untitled}


def _chapters(job: BookJob, cache: ArticleCache, kept: dict[str, bytes]) -> list[Article]:
    """The book's articles: as the index holds them where the cache keeps their page, else in full."""
    stored = cache.load_many(key for key in job.keys if key not in kept)
    chapters: list[Article] = []
    for light, key in zip(job.plan.articles, job.keys, strict=True):
        article = light if key in kept else stored.get(key)
        if article is None:
            raise OutputError(f"the build cache lost the article {light.id}; run the build again")
        chapters.append(article)
    return chapters


_BRIEF = "brief"
"""The kind of piece that says whether an article is a brief (``b"1"``) or not (``b"0"``): whether its book may
be a book of briefs, which is made whole, is known without loading its body."""


def _briefs_known(job: BookJob, cache: ArticleCache) -> tuple[bool, bool]:
    """Whether the cache knows of every article of the book whether it is a brief, and if so whether the book is
    a book of briefs."""
    from ..exporters.epub.briefs import MIN_BRIEFS

    flags = cache.load_pieces(job.keys, _BRIEF)
    if not all(key in flags for key in job.keys):
        return False, False
    return True, len(job.keys) >= MIN_BRIEFS and all(flags[key] == b"1" for key in job.keys)


def _write(shared: _Shared, job: BookJob) -> tuple[list[Problem], list[Piece]]:
    from ..exporters.epub.book import to_epub  # ebooklib: only when a book is written
    from ..exporters.epub.briefs import is_book_of_briefs, is_brief
    from ..exporters.epub.plan import book_language

    plan, options, cache = job.plan, shared.options, shared.cache
    lang = book_language(plan.articles, shared.config)
    known, briefs = _briefs_known(job, cache)
    kept = _kept_pages(job, cache, lang) if known and not briefs else {}
    chapters = _chapters(job, cache, kept)
    made: list[Piece] = []
    if not known:
        made = [(key, _BRIEF, b"1" if is_brief(a) else b"0") for a, key in zip(chapters, job.keys, strict=True)]
        briefs = is_book_of_briefs(chapters)
    pages = None if briefs else _Pages({id(a): key for a, key in zip(chapters, job.keys, strict=True)}, kept, lang)
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
    return problems, made + (pages.made if pages is not None else [])


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
            _collect(_write(shared, job), cache, problems)
            progress.advance()
        progress.finish()
        return
    cache.close()  # SQLite connections must not cross a fork; each process opens its own
    pool = start_workers(_write, shared, workers)
    try:
        futures = [pool.submit(run_in_worker, job) for job in jobs]
        yield
        progress.start("books", len(jobs))
        for future in futures:
            _collect(future.result(), cache, problems)
            progress.advance()
        progress.finish()
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(result: tuple[list[Problem], list[Piece]], cache: ArticleCache, problems: list[Problem]) -> None:
    found, pages = result
    problems.extend(found)
    if pages:
        cache.store_encoded((), pages)
