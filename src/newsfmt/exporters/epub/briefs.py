"""The compact layout: a book of briefs shows several articles per page, not one short article per page.

Each article of a book is a content document of its own, and reading systems start every content document on a
new page: a book of one-line briefs reads as a few words on each of hundreds of pages. When every article of a
book is a brief, the articles share pages instead.

The rule: a book of at least :data:`MIN_BRIEFS` articles each of at most :data:`BRIEF_CHARS` characters of text
and without a picture, a table, media or code. Its articles go on pages of at most :data:`BRIEFS_PER_PAGE`, in date
order, each under a smaller title; the table of contents links to each article's place on its page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from ...model import Article

__all__ = [
    "BRIEFS_PER_PAGE",
    "BRIEF_CHARS",
    "MIN_BRIEFS",
    "brief_pages",
    "is_book_of_briefs",
    "is_brief",
    "takes_briefs_layout",
]

T = TypeVar("T")

BRIEF_CHARS = 280
"""At most this many characters of text (whitespace collapsed) make an article a brief: a tweet's length."""
MIN_BRIEFS = 5
"""Fewer articles than this keep a page each: there are few pages to save."""
BRIEFS_PER_PAGE = 25
"""At most this many briefs share a page (a content document), so that no document grows long."""
_BLOCKS = re.compile(r"<(?:img|table|svg|video|audio|figure|pre)\b", re.IGNORECASE)
"""What makes a short article more than a line of text: it deserves its own page."""


def is_brief(article: Article) -> bool:
    """Whether ``article`` is a brief: a short text without a picture, a table, media or code.

    >>> from newsfmt.readers.post import parse_post
    >>> is_brief(parse_post("---\\ntitle: Rates\\n---\\nRates held at 3.1%.", path="2021-12-08-rates.md"))
    True
    >>> is_brief(parse_post("---\\ntitle: Photo\\n---\\n![x](https://example.org/x.png)", path="2021-12-08-p.md"))
    False
    """
    return len(" ".join(article.text.split())) <= BRIEF_CHARS and not _BLOCKS.search(article.body_html)


def is_book_of_briefs(chapters: Sequence[Article]) -> bool:
    """Whether a book of ``chapters`` takes the compact layout: enough articles, and every one a brief."""
    return takes_briefs_layout([is_brief(article) for article in chapters])


def takes_briefs_layout(briefs: Sequence[bool]) -> bool:
    """Whether a book takes the compact layout, given of each of its articles whether it is a brief
    (:func:`is_brief`).

    >>> takes_briefs_layout([True] * MIN_BRIEFS), takes_briefs_layout([True] * (MIN_BRIEFS - 1))
    (True, False)
    """
    return len(briefs) >= MIN_BRIEFS and all(briefs)


def brief_pages(chapters: Sequence[T]) -> list[list[T]]:
    """``chapters`` (articles in book order, or anything standing for them) on pages of at most
    :data:`BRIEFS_PER_PAGE`.

    >>> [len(page) for page in brief_pages(list(range(30)))]
    [25, 5]
    """
    return [list(chapters[start : start + BRIEFS_PER_PAGE]) for start in range(0, len(chapters), BRIEFS_PER_PAGE)]
