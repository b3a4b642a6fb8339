"""EPUB 3 books: which books a site makes (:mod:`.plan`), the book itself through ebooklib (:mod:`.book`, the
only ebooklib import), its pages (:mod:`.pages`), the cleaner's HTML turned into EPUB XHTML (:mod:`.xhtml`, by
the rules of :mod:`.content_model`, through :mod:`.fast_path` or :mod:`.general_path`) and the pictures it embeds
(:mod:`.images`; remote ones fetched by the rules of :mod:`.fetching`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lazy import lazy_exports

if TYPE_CHECKING:
    from .book import to_epub, write_epub
    from .plan import BookPlan, plan_books

__all__ = ["BookPlan", "plan_books", "to_epub", "write_epub"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {"to_epub": ".book", "write_epub": ".book", "BookPlan": ".plan", "plan_books": ".plan"},
)
