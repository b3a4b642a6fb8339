"""Site discovery: a folder to a :class:`~newsfmt.Site`, as Jekyll (or Hugo) would read it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import FrontMatterError, NewsfmtError, PostError
from ..model import Article, Author, Problem, Site, SiteConfig, has_term, newest_first
from ..parallel import map_in_chunks
from .config import load_config
from .decoding import decode_post
from .frontmatter import load_header
from .generators import generator_of
from .post import _MAX_POST_BYTES, PostHead, read_head, render_article
from .sources import SourceFile

__all__ = [
    "NO_POSTS",
    "SourceFile",
    "authors_data",
    "discover",
    "head_of",
    "is_published",
    "links_between",
    "links_to_posts",
    "load_config",
    "load_newest",
    "load_post_reporting",
    "load_site",
    "read_file",
    "read_heads",
]

NO_POSTS = "no posts found (no _posts/ folder, content/ folder or post files)"
"""What ``newsfmt build`` and ``newsfmt check`` say about a folder without any post."""


def discover(config: SiteConfig, *, drafts: bool = False) -> list[SourceFile]:
    """List the files of a site that are posts (or claim to be), in path order."""
    if config.root is None:
        return []
    found = generator_of(config).discover(config.root, config, drafts=drafts)
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


def read_file(source: SourceFile) -> tuple[os.stat_result, bytes]:
    """A source's stat and bytes; none of the bytes of a file too large to be a post (:func:`head_of` refuses it
    by its size). Raises OSError."""
    stat = os.stat(source.location)
    if stat.st_size > _MAX_POST_BYTES:
        return stat, b""
    with open(source.location, "rb") as stream:
        return stat, stream.read()


def read_source(source: SourceFile, config: SiteConfig, authors: Mapping[str, Any]) -> tuple[PostHead, list[str]]:
    """Read one file's head; raise :class:`PostError` (with the file's path) when it is not a post."""
    try:
        stat, data = read_file(source)
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}", path=source.path) from exc
    return head_of(source, data, stat.st_size, stat.st_mtime, config, authors)


def head_of(
    source: SourceFile, data: bytes, size: int, mtime: float, config: SiteConfig, authors: Mapping[str, Any]
) -> tuple[PostHead, list[str]]:
    """A source file's head from its bytes, and the decoding warnings; raise :class:`PostError` with its path."""
    path = source.path
    try:
        if size > _MAX_POST_BYTES:
            raise PostError(f"larger than {_MAX_POST_BYTES // 2**20} MB; not a post")
        decoded = decode_post(data)
        head = read_head(
            decoded.text,
            config=config,
            path=path,
            rel_path=source.rel_path,
            kind=source.kind,
            path_categories=source.path_categories,
            authors_data=authors,
            mtime=datetime.fromtimestamp(mtime, UTC),
        )
    except PostError as exc:
        raise type(exc)(exc.message, path=path, line=exc.line) from exc
    except RecursionError as exc:
        raise PostError("front matter is nested too deeply", path=path) from exc
    return head, [decoded.warning] if decoded.warning else []


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


def links_to_posts(body: str) -> bool:
    """Whether a body links to other posts (``post_url``, ``link``): it can be rendered only once every
    permalink of the site is known."""
    return "post_url" in body or "{% link" in body or "{%- link" in body


def is_published(head: PostHead, *, drafts: bool, future: bool, unpublished: bool, now: datetime) -> bool:
    """Whether a post is published, as Jekyll decides: not ``published: false``, not a draft and not dated after
    ``now``, unless the flags let those in."""
    return (
        (unpublished or head.published)
        and (drafts or not head.draft)
        and (future or head.draft or head.date.jekyll <= now)
    )


@dataclass(frozen=True, slots=True)
class _Selection:
    """Which posts :func:`load_site` publishes; sent once to each worker process."""

    config: SiteConfig
    authors: Mapping[str, Any]
    drafts: bool
    future: bool
    unpublished: bool
    now: datetime

    def publishes(self, head: PostHead) -> bool:
        return is_published(head, drafts=self.drafts, future=self.future, unpublished=self.unpublished, now=self.now)


@dataclass(frozen=True, slots=True)
class _PostRead:
    """One source file, read (in a worker process) as far as it can be without the other posts."""

    rel_path: str
    permalink: str = ""
    article: Article | None = None
    notes: tuple[str, ...] = ()
    """Decoding warnings (reported for every file)."""
    warnings: tuple[tuple[int | None, str], ...] = ()
    """Front-matter and rendering warnings of a published post."""
    deferred: PostHead | None = None
    """A published post that links to others: rendered once every permalink is known."""
    error: NewsfmtError | None = None


def _rendered(
    head: PostHead, notes: tuple[str, ...], config: SiteConfig, resolve: Callable[[str, str], str | None] | None
) -> _PostRead:
    try:
        article = render_article(head, config=config, resolve=resolve)
    except NewsfmtError as exc:
        return _PostRead(head.rel_path, head.permalink, notes=notes, error=exc)
    return _PostRead(head.rel_path, head.permalink, article, notes, tuple(head.warnings))


def _read_post(selection: _Selection, source: SourceFile) -> _PostRead:
    try:
        head, decoding_notes = read_source(source, selection.config, selection.authors)
    except NewsfmtError as exc:
        return _PostRead(source.rel_path, error=exc)
    notes = tuple(decoding_notes)
    if not selection.publishes(head):
        return _PostRead(head.rel_path, head.permalink, notes=notes)
    if links_to_posts(head.body):
        return _PostRead(head.rel_path, head.permalink, notes=notes, deferred=head)
    return _rendered(head, notes, selection.config, resolve=None)


class _Links:
    """Resolves ``{% post_url %}`` and ``{% link %}`` against every post of the site."""

    def __init__(self, posts: Iterable[tuple[str, str]]) -> None:
        self.by_name: dict[str, str] = {}
        self.by_path: dict[str, str] = {}
        for rel_path, permalink in posts:
            inside = rel_path.split("_posts/", 1)[-1]
            for name in (PurePosixPath(rel_path).stem, str(PurePosixPath(inside).with_suffix(""))):
                self.by_name.setdefault(name, permalink)
            self.by_path[rel_path] = permalink

    def __call__(self, kind: str, argument: str) -> str | None:
        argument = argument.strip().strip("'\"")
        if kind == "post_url":
            return self.by_name.get(argument)
        return self.by_path.get(argument.lstrip("/"))


def links_between(posts: Iterable[tuple[str, str]]) -> Callable[[str, str], str | None]:
    """A resolver for ``post_url`` and ``link`` from ``(path relative to the site, permalink)`` pairs."""
    return _Links(posts)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """What a post's front matter alone tells, enough to choose which bodies to render (a worker sends it back
    without the body)."""

    rel_path: str
    permalink: str = ""
    date: datetime | None = None
    id: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    published: bool = False
    title: str = ""
    slug: str = ""
    authors: tuple[Author, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[tuple[int | None, str], ...] = ()
    error: NewsfmtError | None = None


def _candidate(selection: _Selection, source: SourceFile) -> _Candidate:
    try:
        head, notes = read_source(source, selection.config, selection.authors)
    except NewsfmtError as exc:
        return _Candidate(source.rel_path, error=exc)
    return _Candidate(
        head.rel_path,
        permalink=head.permalink,
        date=head.date.shown,
        id=head.id,
        categories=head.categories,
        tags=head.tags,
        published=selection.publishes(head),
        title=head.title,
        slug=head.slug,
        authors=head.authors,
        notes=tuple(notes),
        warnings=tuple(head.warnings),
    )


def _headline(candidate: _Candidate, config: SiteConfig) -> Article:
    """An article as its front matter alone gives it: what ``load_site(select=...)`` shows the selector."""
    assert candidate.date is not None
    return Article(
        id=candidate.id,
        title=candidate.title,
        date=candidate.date,
        updated=None,
        categories=candidate.categories,
        tags=candidate.tags,
        authors=candidate.authors,
        summary="",
        body_html="",
        text="",
        url=None,
        permalink=candidate.permalink,
        slug=candidate.slug,
        lang=config.lang,
    )


def _selected_reads(
    selection: _Selection,
    sources: list[SourceFile],
    select: Callable[[list[Article]], Iterable[str]],
    jobs: int,
) -> list[_PostRead]:
    """Every source's read, with only the bodies of the articles ``select`` chooses rendered."""
    heads: list[_Candidate] = map_in_chunks(_candidate, selection, sources, jobs=jobs)
    published = [head for head in heads if head.published and head.error is None]
    wanted = set(select([_headline(head, selection.config) for head in published]))
    chosen = [source for source, head in zip(sources, heads, strict=True) if head.published and head.id in wanted]
    rendered = {read.rel_path: read for read in map_in_chunks(_read_post, selection, chosen, jobs=jobs)}
    return _reads_of(heads, rendered)


def _reads_of(heads: list[_Candidate], rendered: Mapping[str, _PostRead]) -> list[_PostRead]:
    """Every source's read: the rendered ones as they are, the others from their front matter alone."""
    return [rendered.get(head.rel_path) or _unrendered(head) for head in heads]


def _unrendered(head: _Candidate) -> _PostRead:
    if head.error is not None:
        return _PostRead(head.rel_path, error=head.error)
    # Front-matter warnings are still told; those of a body cannot be without rendering it.
    return _PostRead(head.rel_path, head.permalink, notes=head.notes, warnings=head.warnings if head.published else ())


def _site_of(config: SiteConfig, sources: list[SourceFile], reads: list[_PostRead], *, strict: bool) -> Site:
    """The site the reads of ``sources`` make: deferred bodies rendered, problems told, articles newest first."""
    if any(read.deferred for read in reads):
        resolve = links_between((read.rel_path, read.permalink) for read in reads if read.error is None)
        reads = [_rendered(read.deferred, read.notes, config, resolve) if read.deferred else read for read in reads]
    articles: list[Article] = []
    problems: list[Problem] = []
    for source, read in zip(sources, reads, strict=True):
        problems.extend(Problem(source.path, None, note, "warning") for note in read.notes)
        if read.error is not None:
            if strict:
                raise read.error
            problems.append(Problem(read.error.path or source.path, read.error.line, read.error.message))
            continue
        for line, message in read.warnings:
            if strict:
                raise PostError(message, path=source.path, line=line)
            problems.append(Problem(source.path, line, message, "warning"))
        if read.article is not None:
            articles.append(read.article)
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return Site(config=config, articles=tuple(newest_first(articles)), problems=tuple(problems))


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
) -> Site:
    """Read every post of a site into a :class:`~newsfmt.Site` (articles newest first).

    With ``jobs`` above 1, that many worker processes read and clean the posts of a large site; the result
    is the same.

    ``select`` chooses, from front matter alone, which posts to render and clean: it gets every published
    article without its body (``id``, ``title``, ``date``, ``categories``, ``tags``, ``authors``, ``permalink``
    and ``slug`` set; ``body_html``, ``text``, ``summary`` empty, ``url`` None) and returns the ids to load in
    full; the site then holds only those. Reading one year's books of a large archive this way cleans only
    that year's bodies. (For the newest posts of a feed, see :func:`load_newest`.)

    Files that cannot become an Article are reported in ``Site.problems`` and skipped; with
    ``strict=True`` the first one raises instead. Posts with ``published: false``, drafts and
    posts dated after ``now`` are left out unless asked for, as Jekyll does.

    Raises :class:`~newsfmt.ConfigError` for a site whose config cannot be used.
    """
    config = config or load_config(root)
    selection = _Selection(config, authors_data(config), drafts, future, unpublished, now or datetime.now(UTC))
    sources = discover(config, drafts=drafts)
    if select is None:
        reads = map_in_chunks(_read_post, selection, sources, jobs=jobs)
    else:
        reads = _selected_reads(selection, sources, select, jobs)
    return _site_of(config, sources, reads, strict=strict)


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
) -> Site:
    """The ``count`` newest articles of a site, of ``category`` and with ``tag`` (case-insensitive) when given.

    The articles are those :func:`load_site` followed by :func:`~newsfmt.select_articles` would give, but
    only their bodies are rendered and cleaned: every post's front matter is read, to know its date and
    terms, and then the newest bodies one by one (a post whose body fails is reported and the next one
    taken). A feed of the newest 50 posts of a 10,000-post archive thus cleans 50 bodies, not 10,000.
    ``Site.problems`` holds what reading every post's front matter found and what rendering the chosen bodies
    found (a post that is never rendered cannot report a problem of its body, such as a bad ``updated``).
    """
    if count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    config = config or load_config(root)
    selection = _Selection(config, authors_data(config), drafts, future, unpublished, now or datetime.now(UTC))
    sources = discover(config, drafts=drafts)
    heads: list[_Candidate] = map_in_chunks(_candidate, selection, sources, jobs=jobs)
    chosen = [h for h in heads if h.published and has_term(h.categories, category) and has_term(h.tags, tag)]
    chosen.sort(key=lambda head: head.id)
    chosen.sort(key=lambda head: head.date or datetime.min.replace(tzinfo=UTC), reverse=True)
    resolve = links_between((head.rel_path, head.permalink) for head in heads if head.error is None)
    by_path = {source.rel_path: source for source in sources}
    rendered: dict[str, _PostRead] = {}
    found = 0
    for head in chosen:  # newest first, until count bodies have rendered
        if found == count:
            break
        read = _read_post(selection, by_path[head.rel_path])
        if read.deferred is not None:
            read = _rendered(read.deferred, read.notes, config, resolve)
        rendered[head.rel_path] = read
        found += read.article is not None
    return _site_of(config, sources, _reads_of(heads, rendered), strict=False)


def load_post_reporting(path: Path | str, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    """Read one post file as :func:`~newsfmt.load_post` does, but return the warnings too.

    A file that cannot become an Article gives ``None`` and one error problem.
    """
    file_path = Path(path)
    source = SourceFile(os.fspath(file_path), file_path.name, "page")
    try:
        head, notes = read_source(source, config, {})
        article = render_article(head, config=config)
    except NewsfmtError as exc:
        return None, [Problem(exc.path or file_path, exc.line, exc.message)]
    problems = [Problem(file_path, None, note, "warning") for note in notes]
    problems.extend(Problem(file_path, line, message, "warning") for line, message in head.warnings)
    return article, problems
