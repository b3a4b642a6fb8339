"""Plain text: one article (or an HTML fragment) as readable text, and where its file goes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

from ..errors import ExportError
from ..model import Article, Problem
from ..output_names import OutputNames, term_names
from ..paths import slugify_for_path
from ..vocabulary import LINK_STYLES, LinkStyle

__all__ = [
    "number_collisions",
    "numbering_problems",
    "text_file",
    "text_location",
    "text_path",
    "text_paths",
    "to_text",
    "with_header",
]


def to_text(
    article_or_html: Article | str,
    *,
    width: int | None = None,
    links: LinkStyle = "inline",
    header: bool = True,
) -> str:
    """Render an Article (title and date line, then its body) or an HTML fragment as plain text.

    Paragraphs are separated by one blank line; headings stand alone; lists read ``- `` or ``1. ``; tables
    become rows aligned by display width; ``<br>`` is a line break; images read ``[图: alt]`` in Chinese and
    ``[image: alt]`` otherwise. Whitespace collapses as in a browser, and a line break between two CJK
    characters disappears. ``links``: ``inline`` (``text <url>``), ``references`` (``text[1]`` and a list at
    the end) or ``none``. ``width`` wraps by display width with kinsoku; ``None`` does not wrap. An HTML
    string is cleaned first (:func:`~newsfmt.clean_html`). Raises :class:`~newsfmt.ExportError` for a bad
    option. The text has no final line break (the files of ``newsfmt build`` and ``newsfmt text -o`` add one:
    :func:`text_file`).

    >>> to_text("<h2>Title</h2><p>株洲\\n日报 <a href='https://example.org/'>link</a></p><ul><li>a</li><li>b</li></ul>")
    'Title\\n\\n株洲日报 link <https://example.org/>\\n\\n- a\\n- b'
    """
    from ..cleaning.clean import clean_tree, render  # the cleaner: imported by what renders text, not by paths
    from ..cleaning.parse import parse_fragment
    from ..cleaning.render import format_blocks

    if links not in LINK_STYLES:
        raise ExportError(f"links must be one of {', '.join(LINK_STYLES)}, not {links!r}")
    if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width < 10):
        raise ExportError(f"width must be a whole number of at least 10 columns, not {width!r}")
    if isinstance(article_or_html, Article):
        html = article_or_html.body_html
        body = parse_fragment(html)  # body_html is clean already: parse, do not clean again
        lang: str | None = article_or_html.lang
    elif isinstance(article_or_html, str):
        html = article_or_html
        body, _, _ = clean_tree(html)
        lang = None
    else:
        raise ExportError(f"to_text() needs an Article or an HTML string, not {type(article_or_html).__name__}")
    text = format_blocks(render(body, lang, html[:2000]), width=width, links=links)
    if header and isinstance(article_or_html, Article):
        return with_header(article_or_html, text)
    return text


def text_file(text: str) -> bytes:
    """What a text file of the build holds: ``text`` (as :func:`to_text` gives it) and one final line break,
    UTF-8; a POSIX text file ends with one, and ``cat``, ``wc -l`` and line-reading tools expect it.

    >>> text_file("Title\\n\\nBody.")
    b'Title\\n\\nBody.\\n'
    """
    return (text + "\n").encode("utf-8")


def with_header(article: Article, text: str) -> str:
    """An article's title and date line above ``text`` (its body as :func:`to_text` renders it)."""
    lines = [line for line in (article.title.strip(), _date_line(article)) if line]
    return "\n".join(lines) + ("\n\n" + text if text else "")


def _date_line(article: Article) -> str:
    return f"{article.date.year:04d}-{article.date:%m-%d %H:%M}"  # four digits, even for Hugo's year 1


def text_path(article: Article, names: OutputNames | None = None) -> PurePosixPath:
    """Where an article's text goes below the output folder: ``<category>/<year>/<date>-<slug>.txt``.

    The first category is used (``uncategorized`` when none), by its output name among ``names`` (the site's
    categories: :func:`~newsfmt.output_names.term_names`), else by its plain slug; every part is made safe by
    :func:`~newsfmt.paths.slugify_for_path`.
    """
    return PurePosixPath(text_location(article, names))


def text_location(article: Article, names: OutputNames | None = None) -> str:
    """:func:`text_path` as a POSIX string (a build makes one per post: pathlib would cost more than the rest)."""
    if article.categories and names is not None:
        category = names.of(article.categories[0])
    else:
        category = slugify_for_path(article.categories[0] if article.categories else "", fallback="uncategorized")
    date = article.date
    slug = slugify_for_path(article.slug, fallback="post")
    return f"{category}/{date.year:04d}/{date.year:04d}-{date.month:02d}-{date.day:02d}-{slug}.txt"


def text_paths(articles: Iterable[Article]) -> list[PurePosixPath]:
    """:func:`text_path` of each article, in order, with ``-2``, ``-3`` … added where two would collide.

    Categories are named among those of ``articles`` (:func:`~newsfmt.output_names.term_names`). Colliding articles
    (one date and slug in one category, or names that differ only in case) are numbered in the order of their
    source files, then ids, whatever order they are given in: ``newsfmt text`` and ``newsfmt build`` give every
    article the same file.
    """
    chosen = list(articles)
    names = term_names(chosen, "categories")
    order = [(str(article.path or ""), article.id) for article in chosen]
    return [PurePosixPath(path) for path in number_collisions([text_location(a, names) for a in chosen], order)]


def number_collisions(paths: Sequence[str], order: Sequence[Any]) -> list[str]:
    """``paths`` with ``-2``, ``-3`` … before the extension of each path that collides, case-insensitively,
    with an earlier one; "earlier" follows ``order`` (one sortable key per path), not the list's order.

    >>> number_collisions(["a/x.txt", "a/X.txt", "a/y.txt"], ["2", "1", "3"])
    ['a/x-2.txt', 'a/X.txt', 'a/y.txt']
    """
    numbered = list(paths)
    taken: set[str] = set()
    for index in sorted(range(len(paths)), key=lambda i: order[i]):
        path = paths[index]
        number = 1
        candidate = path
        while candidate.casefold() in taken:
            number += 1
            stem, dot, suffix = path.rpartition(".")
            candidate = f"{stem}-{number}{dot}{suffix}" if dot else f"{path}-{number}"
        taken.add(candidate.casefold())
        numbered[index] = candidate
    return numbered


def numbering_problems(articles: Sequence[Article], planned: Sequence[str], numbered: Sequence[str]) -> list[Problem]:
    """One warning per article whose text got a number (``numbered`` differs from ``planned``, as
    :func:`number_collisions` gave them), naming the post that keeps the plain name."""
    holders = {path.casefold(): article for article, path in zip(articles, numbered, strict=True)}
    found: list[Problem] = []
    for article, plain, path in zip(articles, planned, numbered, strict=True):
        if path == plain:
            continue
        holder = holders.get(plain.casefold())
        whose = f"the text of {holder.path or holder.id}" if holder is not None else "another post's text"
        message = f"its text is written as {path!r}, since {plain!r} is {whose}"
        found.append(Problem(article.path, None, message, "warning"))
    return found
