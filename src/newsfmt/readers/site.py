"""Site discovery: a folder to a :class:`~newsfmt.Site`, as Jekyll (or Hugo) would read it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..cleaning.rules import CleaningRules
from ..errors import FrontMatterError, NewsfmtError, PostError
from ..model import Article, Problem, Site, SiteConfig, newest_first
from ..output_names import resolve_term
from ..parallel import map_in_chunks
from ..progress import SILENT, Progress
from ..vocabulary import Bodies
from .config import load_config
from .frontmatter import load_header
from .generators import generator_of
from .post import PostHead
from .reading import (
    Reader,
    Selection,
    SourceRead,
    links_between,
    read_source,
    read_source_file,
    render_linked,
)
from .sources import SourceFile

__all__ = [
    "NO_POSTS",
    "NewestRead",
    "SourceFile",
    "authors_data",
    "discover",
    "load_config",
    "load_newest",
    "load_post_reporting",
    "load_site",
    "read_heads",
    "read_newest",
    "with_rules",
]

NO_POSTS = "no posts found (no _posts/ folder, content/ folder or post files)"
"""What ``newsfmt build`` and ``newsfmt check`` say about a folder without any post."""


def discover(config: SiteConfig, *, drafts: bool = False) -> list[SourceFile]:
    """List the files of a site that are posts (or claim to be), in path order; drafts when asked or when the
    site's config asks (Jekyll's ``show_drafts``)."""
    if config.root is None:
        return []
    generator = generator_of(config)
    found = generator.discover(config.root, config, drafts=drafts or generator.config_selection(config).drafts)
    return sorted(found, key=lambda f: f.rel_path)


def authors_data(config: SiteConfig) -> Mapping[str, Any]:
    """jekyll-feed reads post authors' details from ``_data/authors.yml``."""
    if config.root is None:
        return {}
    path = config.root / "_data" / "authors.yml"
    if not path.is_file():
        return {}
    try:
        return load_header(path.read_text(encoding="utf-8-sig"), "yaml", 1)
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return {}


def read_heads(
    config: SiteConfig, *, strict: bool = False, drafts: bool = False
) -> tuple[list[PostHead], list[Problem]]:
    """Read the heads of every post of a site, and the problems met."""
    authors = authors_data(config)
    heads: list[PostHead] = []
    problems: list[Problem] = []
    for source in discover(config, drafts=drafts):
        try:
            head, notes = read_source(source, config, authors)
        except NewsfmtError as exc:
            if strict:
                raise
            problems.append(Problem(exc.path, exc.line, exc.message))
            continue
        problems.extend(Problem(source.path, None, note, "warning") for note in notes)
        heads.append(head)
    return heads, problems


def _reader(
    config: SiteConfig,
    drafts: bool,
    future: bool,
    unpublished: bool,
    now: datetime | None,
    bodies: Bodies,
    expired: bool = False,
    plain_text: bool = True,
) -> Reader:
    selection = Selection.of_site(
        config, drafts=drafts, future=future, unpublished=unpublished, now=now or datetime.now(UTC), expired=expired
    )
    return Reader(config, authors_data(config), selection, bodies, plain_text=plain_text)


def _selected_reads(
    reader: Reader,
    sources: list[SourceFile],
    select: Callable[[list[Article]], Iterable[str]],
    jobs: int,
) -> list[SourceRead]:
    """Every source's read, with only the bodies of the articles ``select`` chooses rendered."""
    heads: list[SourceRead] = map_in_chunks(read_source_file, replace(reader, bodies="none"), sources, jobs=jobs)
    published = [head for head in heads if reader.selection.publishes(head.publication)]
    wanted = set(select([head.article for head in published if head.article]))
    chosen = [
        source
        for source, head in zip(sources, heads, strict=True)
        if reader.selection.publishes(head.publication) and _id(head) in wanted
    ]
    rendered = {read.rel_path: read for read in map_in_chunks(read_source_file, reader, chosen, jobs=jobs)}
    return _reads_of(heads, rendered)


def _id(read: SourceRead) -> str:
    return read.article.id if read.article else ""


def _reads_of(heads: list[SourceRead], rendered: Mapping[str, SourceRead]) -> list[SourceRead]:
    """Every source's read: the rendered ones as they are, the others from their head alone (without the
    article their head gives, and without warnings a body would add)."""
    return [rendered.get(head.rel_path) or replace(head, article=None) for head in heads]


def _site_of(reader: Reader, sources: list[SourceFile], reads: list[SourceRead], *, strict: bool) -> Site:
    """The site the reads of ``sources`` make: linked bodies rendered, problems told, articles newest first."""
    if any(read.linked for read in reads):
        resolve = links_between((read.rel_path, read.permalink) for read in reads if read.error is None)
        reads = render_linked(reads, reader.config, resolve, plain_text=reader.plain_text)
    articles: list[Article] = []
    problems: list[Problem] = []
    for source, read in zip(sources, reads, strict=True):
        if read.notes or read.error or read.warnings:
            problems.extend(_problems_of(read, source.path, reader.selection, strict=strict))
        if read.article is not None and read.error is None and reader.selection.publishes(read.publication):
            articles.append(read.article)
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return Site(config=reader.config, articles=tuple(newest_first(articles)), problems=tuple(problems))


def _problems_of(read: SourceRead, path: Path, selection: Selection, *, strict: bool) -> list[Problem]:
    """A read's problems: its decoding notes, its error, and the warnings of a published post. ``strict`` raises
    the error or the first warning instead."""
    problems = [Problem(path, None, note, "warning") for note in read.notes]
    if read.error is not None:
        if strict:
            raise read.error
        return [*problems, Problem(read.error.path or path, read.error.line, read.error.message)]
    if not selection.publishes(read.publication):
        return problems  # the warnings of a post that is not published are not told
    for line, message in read.warnings:
        if strict:
            raise PostError(message, path=path, line=line)
        problems.append(Problem(path, line, message, "warning"))
    return problems


def load_site(
    root: Path | str,
    *,
    strict: bool = False,
    drafts: bool = False,
    future: bool = False,
    unpublished: bool = False,
    config: SiteConfig | None = None,
    now: datetime | None = None,
    jobs: int = 1,
    select: Callable[[list[Article]], Iterable[str]] | None = None,
    progress: Progress = SILENT,
    expired: bool = False,
    rules: CleaningRules | None = None,
    plain_text: bool = True,
) -> Site:
    """Read every post of a site into a :class:`~newsfmt.Site` (articles newest first).

    With ``jobs`` above 1, that many worker processes read and clean the posts of a large site; the result
    is the same.

    ``select`` chooses, from front matter alone, which posts to render and clean: it gets every published
    article without its body (``id``, ``title``, ``date``, ``categories``, ``tags``, ``authors``, ``permalink``
    and ``slug`` set; ``body_html``, ``text``, ``summary`` empty, ``url`` None) and returns the ids to load in
    full; the site then holds only those. Reading one year's books of a large archive this way cleans only
    that year's bodies. (For the newest posts of a feed, see :func:`load_newest`.) ``progress`` is told the
    ``reading`` phase (:mod:`newsfmt.progress`; silent by default).

    ``rules`` are the boilerplate rules the bodies are cleaned with, instead of the site's (its ``newsfmt:
    cleaning:`` config, else the defaults). To add a rule and keep the built-in ones, extend them:
    ``rules=CleaningRules.defaults().extended(remove_selectors=["div.share"])``.

    Files that cannot become an Article are reported in ``Site.problems`` and skipped; with
    ``strict=True`` the first one raises instead. Posts with ``published: false``, drafts and
    posts dated after ``now`` are left out unless asked for, as Jekyll does; so are Hugo pages past their
    ``expiryDate`` unless ``expired`` (``hugo --buildExpired``).

    ``plain_text=False`` skips what only plain text needs: ``Article.text`` is then empty for every article
    with a summary (a feed needs no more; see :func:`~newsfmt.clean_html`).

    Raises :class:`~newsfmt.ConfigError` for a site whose config cannot be used.
    """
    config = with_rules(config or load_config(root), rules)
    reader = _reader(config, drafts, future, unpublished, now, "published", expired, plain_text)
    sources = discover(config, drafts=drafts)
    progress.start("reading", len(sources))
    if select is None:
        reads = map_in_chunks(read_source_file, reader, sources, jobs=jobs, progress=progress.advance)
    else:
        reads = _selected_reads(reader, sources, select, jobs)
    progress.finish()
    return _site_of(reader, sources, reads, strict=strict)


def load_newest(
    root: Path | str,
    count: int,
    *,
    category: str | None = None,
    tag: str | None = None,
    drafts: bool = False,
    future: bool = False,
    unpublished: bool = False,
    config: SiteConfig | None = None,
    now: datetime | None = None,
    jobs: int = 1,
    rules: CleaningRules | None = None,
) -> Site:
    """The ``count`` newest articles of a site, of ``category`` and with ``tag`` when given (looked up as
    :func:`~newsfmt.select_articles` does: exactly, else ignoring case and width when that names one term).

    The articles are those :func:`load_site` followed by :func:`~newsfmt.select_articles` would give, but
    only their bodies are rendered and cleaned: every post's front matter is read, to know its date and
    terms, and then the newest bodies one by one (a post whose body fails is reported and the next one
    taken). A feed of the newest 50 posts of a 10,000-post archive thus cleans 50 bodies, not 10,000.
    ``Site.problems`` holds what reading every post's front matter found and what rendering the chosen bodies
    found (a post that is never rendered cannot report a problem of its body, such as a bad ``updated``).
    ``rules`` replace the site's cleaning rules, as in :func:`load_site`.
    """
    config = with_rules(config or load_config(root), rules)
    selection = Selection.of_site(
        config, drafts=drafts, future=future, unpublished=unpublished, now=now or datetime.now(UTC)
    )
    return read_newest(root, count, category=category, tag=tag, selection=selection, config=config, jobs=jobs).site


def with_rules(config: SiteConfig, rules: CleaningRules | None) -> SiteConfig:
    """``config`` with ``rules`` as its cleaning rules (as if its ``newsfmt: cleaning:`` gave them); itself for None."""
    if rules is None:
        return config
    if not isinstance(rules, CleaningRules):
        raise TypeError(f"rules must be CleaningRules, not {type(rules).__name__}")
    return replace(config, options=replace(config.options, cleaning=rules))


@dataclass(frozen=True, slots=True)
class NewestRead:
    """What :func:`read_newest` read: the newest articles, and the front matter of every published post."""

    site: Site
    """The chosen articles, newest first, and the problems met."""
    heads: tuple[Article, ...]
    """Every published article without its body (its terms, date and path: what output names are chosen by)."""


def read_newest(
    root: Path | str,
    count: int,
    *,
    category: str | None = None,
    tag: str | None = None,
    selection: Selection | None = None,
    config: SiteConfig | None = None,
    jobs: int = 1,
    plain_text: bool = True,
) -> NewestRead:
    """:func:`load_newest`, with the front matter of every published post it read (``selection``: which posts
    are published, Jekyll's default when None; ``plain_text`` as for :func:`load_site`)."""
    if count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    config = config or load_config(root)
    selection = selection or Selection.of_site(config, now=datetime.now(UTC))
    reader = Reader(config, authors_data(config), selection, "published", plain_text=plain_text)
    sources = discover(config, drafts=reader.selection.drafts)
    heads: list[SourceRead] = map_in_chunks(read_source_file, replace(reader, bodies="none"), sources, jobs=jobs)
    published = [h.article for h in heads if h.article is not None and reader.selection.publishes(h.publication)]
    category = resolve_term(published, "categories", category)
    tag = resolve_term(published, "tags", tag)
    chosen = [h for h in heads if reader.selection.publishes(h.publication) and _has_terms(h, category, tag)]
    chosen.sort(key=_id)
    chosen.sort(key=lambda head: head.article.date if head.article else datetime.min.replace(tzinfo=UTC), reverse=True)
    resolve = links_between((head.rel_path, head.permalink) for head in heads if head.error is None)
    by_path = {source.rel_path: source for source in sources}
    rendered: dict[str, SourceRead] = {}
    found = 0
    for head in chosen:  # newest first, until count bodies have rendered
        if found == count:
            break
        read = render_linked(
            [read_source_file(reader, by_path[head.rel_path])], config, resolve, plain_text=plain_text
        )[0]
        rendered[head.rel_path] = read
        found += read.article is not None and read.error is None
    site = _site_of(reader, sources, _reads_of(heads, rendered), strict=False)
    return NewestRead(site, tuple(published))


def _has_terms(head: SourceRead, category: str | None, tag: str | None) -> bool:
    """Whether a post has the exact category and tag (already looked up among the site's)."""
    article = head.article
    return (
        article is not None
        and (category is None or category in article.categories)
        and (tag is None or tag in article.tags)
    )


def load_post_reporting(path: Path | str, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    """Read one post file as :func:`~newsfmt.load_post` does, but return the warnings too.

    A file that cannot become an Article gives ``None`` and one error problem.
    """
    file_path = Path(path)
    # A file named by the caller is trusted, links and all: only a site's own links must stay inside it.
    location = os.path.realpath(file_path) if file_path.is_symlink() else os.fspath(file_path)
    source = SourceFile(location, file_path.name, "page")
    reader = Reader(config, {}, Selection(drafts=True, future=True, unpublished=True, expired=True), bodies="all")
    read = render_linked([read_source_file(reader, source)], config, links_between(()))[0]
    if read.error is not None:
        return None, [Problem(read.error.path or file_path, read.error.line, read.error.message)]
    problems = [Problem(file_path, None, note, "warning") for note in read.notes]
    problems.extend(Problem(file_path, line, message, "warning") for line, message in read.warnings)
    return read.article, problems
