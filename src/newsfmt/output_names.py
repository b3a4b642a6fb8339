"""Output names of categories and tags: one per term, never shared, and stable as a site grows.

A term is its exact name (as Jekyll's ``site.categories`` keys are): ``Python`` and ``python``, or the NFC and NFD
spellings of one word, are two categories with two feeds and two books. Their output names
(:func:`~newsfmt.paths.slugify_for_path`) may fold to one (``C++``/``C#``, ``A B``/``a-b``, ``ＡＢＣ``/``ABC``,
case, long names cut at the same byte): then the term first used (earliest post, then source path) keeps the plain
name, so that a subscriber's feed address never changes when a colliding term appears later, and each other term
gets ``<name>-<6 hex digits of the SHA-256 of its exact name>``, a :class:`NameCollision` to warn about.

Looking a term up (``newsfmt feed --category``, :func:`~newsfmt.select_articles`) is lenient: :func:`find_term`.

>>> from datetime import datetime, timezone
>>> day = datetime(2021, 1, 1, tzinfo=timezone.utc)
>>> names = output_names([("C++", (day, "a.md")), ("C#", (day, "b.md"))], "category")
>>> names.of("C++"), names.of("C#")
('c', 'c-040228')
"""

from __future__ import annotations

import difflib
import hashlib
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import ExportError
from .model import Article, Problem, term_key
from .paths import slugify_for_path, with_suffix
from .vocabulary import TermField

__all__ = [
    "NameCollision",
    "OutputNames",
    "SiteNames",
    "closest_terms",
    "collision_problems",
    "find_term",
    "output_names",
    "require_term",
    "resolve_term",
    "site_names",
    "term_names",
]

FirstUse = tuple[datetime, str]
"""When a term was first used: the post's date, then its source path (the earlier sorts first)."""

_HASH_LENGTHS = (6, 8, 10, 12, 16)
"""Hex digits of a suffix: 6, and more only when two suffixed names would still meet (never seen in practice)."""


@dataclass(frozen=True, slots=True)
class NameCollision:
    """A term whose plain output name another term, used earlier, already has."""

    what: str
    """``category``, ``tag`` (the word used in messages)."""
    term: str
    """The term that got a suffixed name."""
    name: str
    """Its output name (``c-040228``)."""
    holder: str
    """The term that keeps the plain name."""
    plain: str
    """The plain name (``c``)."""
    path: Path | None = None
    """The source file that first used ``term``."""

    @property
    def message(self) -> str:
        """What the warning says: both terms and the name each got."""
        return (
            f"{self.what} {self.term!r} is written as {self.name!r}: its name {self.plain!r} folds to the one of "
            f"{self.what} {self.holder!r}, used earlier, which keeps {self.plain!r}"
        )


@dataclass(frozen=True, slots=True)
class OutputNames:
    """The output name of every term of one kind (categories or tags) of a site, and the collisions met."""

    names: Mapping[str, str]
    """Exact term to output name; distinct, also case-insensitively."""
    collisions: tuple[NameCollision, ...] = ()
    """Terms that got a suffixed name, in term order."""

    def of(self, term: str) -> str:
        """The output name of ``term`` (its plain name when it is not one of the site's)."""
        return self.names.get(term) or slugify_for_path(term)


def output_names(
    uses: Iterable[tuple[str, FirstUse]], what: str, *, paths: Mapping[str, Path | None] | None = None
) -> OutputNames:
    """Distinct output names for terms, each given with its first use (repeats keep the earliest).

    ``paths`` (term to the file that first used it) only goes into the collisions, for their warnings.
    """
    first: dict[str, FirstUse] = {}
    for term, use in uses:
        if term not in first or use < first[term]:
            first[term] = use
    groups: dict[str, list[str]] = {}
    for term in sorted(first, key=lambda t: (first[t], t)):
        groups.setdefault(_fold(slugify_for_path(term)), []).append(term)
    names: dict[str, str] = {}
    taken = set(groups)
    collisions: list[NameCollision] = []
    for members in groups.values():
        holder, *others = members
        plain = slugify_for_path(holder)
        names[holder] = plain
        for term in others:
            name = _suffixed(term, slugify_for_path(term), taken)
            names[term] = name
            where = paths.get(term) if paths else None
            collisions.append(NameCollision(what, term, name, holder, slugify_for_path(term), where))
    collisions.sort(key=lambda c: c.term)
    return OutputNames(names, tuple(collisions))


def _fold(name: str) -> str:
    """Names that one file system may hold as one file (case-insensitive ones: macOS, Windows)."""
    return name.casefold()


def _suffixed(term: str, plain: str, taken: set[str]) -> str:
    digest = hashlib.sha256(term.encode("utf-8")).hexdigest()
    for length in _HASH_LENGTHS:
        name = with_suffix(plain, "-" + digest[:length])
        if _fold(name) not in taken:
            break
    taken.add(_fold(name))
    return name


def term_names(
    articles: Iterable[Article], field: TermField, *, fallback: str | None = None, what: str | None = None
) -> OutputNames:
    """The output names of the categories (or tags) of ``articles``; an article without any counts as of
    ``fallback`` when given (a book's category for posts that have none)."""
    first: dict[str, Article] = {}
    get = operator.attrgetter(field)
    for article in articles:
        for term in get(article) or ((fallback,) if fallback else ()):
            known = first.get(term)
            if known is None or article.date < known.date or (article.date == known.date and _earlier(article, known)):
                first[term] = article
    uses = [(term, _first_use(article)) for term, article in first.items()]
    paths = {term: article.path for term, article in first.items()}
    return output_names(uses, what or ("category" if field == "categories" else "tag"), paths=paths)


def _first_use(article: Article) -> FirstUse:
    return (article.date, str(article.path or ""))


def _earlier(article: Article, other: Article) -> bool:
    """Of two articles of one date, whether ``article`` comes first (by source path)."""
    return _first_use(article) < _first_use(other)


def find_term(names: OutputNames, wanted: str, what: str = "category") -> str | None:
    """The term ``wanted`` names among ``names``' terms, or None when it names none.

    An exact name wins; then an output name (``c-040228``); then a term equal by :func:`~newsfmt.model.term_key`
    (``python`` for ``Python``), then one whose output name folds to ``wanted``'s (``hello world`` for
    ``Hello-World``), each only when it names exactly one term. Raises :class:`~newsfmt.ExportError` listing the
    candidates when it names several.
    """
    wanted = wanted.strip()
    if wanted in names.names:
        return wanted
    for term, name in names.names.items():
        if name == wanted:
            return term
    for key in (term_key, _plain_key):
        found = sorted(term for term in names.names if key(term) == key(wanted))
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(repr(term) for term in found)
            raise ExportError(f"{what} {wanted!r} is ambiguous: it may be {listed}; give the exact name")
    return None


def _plain_key(term: str) -> str:
    return _fold(slugify_for_path(term))


_CLOSEST = 3
"""Suggestions an error names at most."""


def closest_terms(names: OutputNames, wanted: str, count: int = _CLOSEST) -> list[str]:
    """The terms among ``names`` spelled most like ``wanted`` (by name or output name, ignoring case; difflib's
    ratio), best first: what an error suggests for a term that names none."""
    keys: dict[str, str] = {}
    for term, name in sorted(names.names.items()):
        keys.setdefault(_fold(term), term)
        keys.setdefault(_fold(name), term)
    near = difflib.get_close_matches(_fold(wanted.strip()), list(keys), n=count * 2, cutoff=0.5)
    return list(dict.fromkeys(keys[key] for key in near))[:count]


def require_term(names: OutputNames, wanted: str, what: str = "category") -> str:
    """The term ``wanted`` names among ``names``' (:func:`find_term`). Raises :class:`~newsfmt.ExportError` when
    it names none, suggesting the closest terms, or when it is ambiguous."""
    found = find_term(names, wanted, what)
    if found is None:
        closest = [repr(term) for term in closest_terms(names, wanted)]
        raise ExportError(unknown_message(f"{what} {wanted!r}", closest, [repr(term) for term in sorted(names.names)]))
    return found


def unknown_message(wanted: str, closest: Sequence[str], every: Sequence[str]) -> str:
    """``no category 'sprots'; the closest: 'sports', 'spots'``: the message for something ``wanted`` (as it
    should read) that is not there, with the closest that are (as they should read), or the first few of ``every``
    when none is close."""
    if closest:
        return f"no {wanted}; the closest: {', '.join(closest)}"
    if not every:
        return f"no {wanted}: the site has none"
    return f"no {wanted}; the site has {', '.join(every[:5])}{', …' if len(every) > 5 else ''}"


@dataclass(frozen=True, slots=True)
class SiteNames:
    """The output names of a site's categories and of its tags."""

    categories: OutputNames
    tags: OutputNames
    authors: OutputNames = field(default_factory=lambda: OutputNames({}))
    """The output names of authors (their feeds' folders), when asked for."""

    @property
    def collisions(self) -> tuple[NameCollision, ...]:
        """Every term that got a suffixed name: categories, then tags."""
        return self.categories.collisions + self.tags.collisions


def site_names(articles: Iterable[Article], *, authors: bool = False) -> SiteNames:
    """The output names of the categories and tags of ``articles`` (all of a site's, for names that hold), and
    of their authors when asked."""
    articles = list(articles)
    return SiteNames(
        term_names(articles, "categories"),
        term_names(articles, "tags"),
        author_names(articles) if authors else OutputNames({}),
    )


def author_names(articles: Iterable[Article]) -> OutputNames:
    """The output names of the authors of ``articles``, by the rule of :func:`term_names`."""
    uses = [(author.name, _first_use(article)) for article in articles for author in article.authors]
    return output_names(uses, "author")


def resolve_term(articles: Sequence[Article], field: TermField, wanted: str | None) -> str | None:
    """The exact term of ``articles`` that ``wanted`` names (``wanted`` itself when it names none, so that the
    feed is empty); None for None. Raises :class:`~newsfmt.ExportError` when it is ambiguous."""
    if wanted is None or any(wanted in getattr(article, field) for article in articles):
        return wanted
    what = "category" if field == "categories" else "tag"
    return find_term(term_names(articles, field), wanted, what) or wanted


def collision_problems(*names: OutputNames) -> list[Problem]:
    """One warning per term that got a suffixed name, naming both terms and the name each got (a collision met
    in several sets of names, such as a category's feeds and books, is told once)."""
    told: dict[str, Problem] = {}
    for collision in (collision for each in names for collision in each.collisions):
        told.setdefault(collision.message, Problem(collision.path, None, collision.message, "warning"))
    return list(told.values())
