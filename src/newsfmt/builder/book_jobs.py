"""Writing the books of a build, each in a worker process when there are several.

A book of a yearly category holds hundreds of articles and takes the longest of any output; books share
nothing, so each worker loads its book's articles from the cache, makes the EPUB and writes it itself,
while the main process writes the feeds. What a book warns of (a remote image left as a link) comes back to
the main process as problems of the build.
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
from .cache import ArticleCache

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


def _articles(job: BookJob, cache: ArticleCache) -> list[Article]:
    stored = cache.load_many(job.keys)
    missing = [article.id for article, key in zip(job.plan.articles, job.keys, strict=True) if key not in stored]
    if missing:
        raise OutputError(f"the build cache lost the article {missing[0]}; run the build again")
    return [stored[key] for key in job.keys]


def _write(shared: _Shared, job: BookJob) -> list[Problem]:
    from ..exporters.epub.book import to_epub  # ebooklib: only when a book is written

    plan, options = job.plan, shared.options
    problems: list[Problem] = []
    book = to_epub(
        _articles(job, shared.cache),
        shared.config,
        title=plan.title,
        category=plan.category,
        period=plan.period,
        volume=plan.volume,
        vertical=options.vertical,
        cover=options.cover,
        fetch_images=options.fetch_images,
        warn=problems.append,
    )
    write_atomic(job.target, book, durable=False)
    return problems


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
    are added to ``problems``, in the order of ``jobs``; ``progress`` is told the ``books`` phase when the block
    ends (the books still to wait for)."""
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
    cache.close()  # SQLite connections must not cross a fork; each process opens its own
    pool = start_workers(_write, shared, workers)
    try:
        futures = [pool.submit(run_in_worker, job) for job in jobs]
        yield
        progress.start("books", len(jobs))
        for future in futures:
            problems.extend(future.result())
            progress.advance()
        progress.finish()
    finally:
        pool.shutdown(cancel_futures=True)
