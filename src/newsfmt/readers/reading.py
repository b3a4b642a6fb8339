"""One source file read into a post, as far as it can be without the other posts; then the posts that link others.

:func:`read_source_file` is the one way a file becomes a post, for :func:`~newsfmt.load_site`,
:func:`~newsfmt.load_newest` and the build alike: the file's bytes, its head, whether it is held back, its body
rendered and cleaned (unless it links to other posts, or the :class:`Reader` asks for heads only) and every
problem met. A body that links to other posts (``post_url``, ``link``) needs every permalink of the site:
:func:`render_linked` renders it once they are all known.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from stat import S_ISLNK
from typing import Any

from ..errors import NewsfmtError, PostError
from ..model import Article, SiteConfig, _PicklesByFields
from ..vocabulary import Bodies
from .decoding import decode_post
from .generators import generator_of
from .liquid import LinkResolver
from .post import _MAX_POST_BYTES, PostHead, read_head, render_article
from .sources import SourceFile, leads_inside

__all__ = [
    "Publication",
    "Reader",
    "Selection",
    "SourceRead",
    "head_of",
    "links_between",
    "links_to_posts",
    "read_file",
    "read_source",
    "read_source_file",
    "render_linked",
]


def read_file(source: SourceFile) -> tuple[os.stat_result, bytes]:
    """A source's stat and bytes; none of the bytes of a file too large to be a post (:func:`head_of` refuses it
    by its size). A symbolic link is read only when it leads to a file inside the site, as in Jekyll's safe mode
    (a post linked to ``/etc/passwd`` must not be published). Raises OSError."""
    stat = os.lstat(source.location)  # one call either way: a link is rare, and then it is followed below
    if S_ISLNK(stat.st_mode):
        if not stays_in_site(source):
            raise OSError(errno.EPERM, _LEAVES_SITE)
        stat = os.stat(source.location)
    if stat.st_size > _MAX_POST_BYTES:
        return stat, b""
    with open(source.location, "rb") as stream:
        return stat, stream.read()


_LEAVES_SITE = "a symbolic link leading outside the site folder; not read (as in Jekyll's safe mode)"


def stays_in_site(source: SourceFile) -> bool:
    """Whether a source, its links followed, is a file inside the site folder it was found in."""
    location, rel_path = source.location, source.rel_path
    root = location[: -len(rel_path)] if rel_path and location.endswith(rel_path) else os.path.dirname(location)
    return os.path.isfile(location) and leads_inside(location, root or ".")


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
    except (ValueError, TypeError, OverflowError) as exc:  # a value no field check foresaw: one problem, not a stop
        raise PostError(f"cannot read the front matter: {exc}", path=path) from exc
    return head, [decoded.warning] if decoded.warning else []


def read_source(source: SourceFile, config: SiteConfig, authors: Mapping[str, Any]) -> tuple[PostHead, list[str]]:
    """Read one file's head; raise :class:`PostError` (with the file's path) when it is not a post."""
    try:
        stat, data = read_file(source)
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}", path=source.path) from exc
    return head_of(source, data, stat.st_size, stat.st_mtime, config, authors)


_LINK_TAG = re.compile(r"\{%-?\s*link\b")


_HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\b")


def links_to_posts(body: str) -> bool:
    """Whether a body links to other posts (``post_url``, ``link``, spaced or not; Hugo's
    ``ref`` and ``relref``): it can be rendered only once
    every permalink of the site is known. (A body with an ``include`` counts too: the included file may link.)"""
    if "post_url" in body or "include" in body:
        return True
    return _LINK_TAG.search(body) is not None or _HUGO_REF.search(body) is not None


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


def links_between(posts: Iterable[tuple[str, str]]) -> LinkResolver:
    """A resolver for ``post_url`` and ``link`` from ``(path relative to the site, permalink)`` pairs."""
    return _Links(posts)


@dataclass(frozen=True, slots=True)
class Publication(_PicklesByFields):
    """What a post's front matter and place say about publishing it; a :class:`Selection` decides."""

    published: bool
    """False for ``published: false``."""
    draft: bool
    """A Jekyll draft or a Hugo ``draft: true`` page."""
    date: datetime
    """The date as Jekyll reads it (Hugo: the publish date), which says whether the post is in the future."""
    expires: datetime | None = None
    """When it stops being published (Hugo's ``expiryDate``), if ever."""


_END_OF_TIME = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which posts are published: not ``published: false``, not drafts, not dated after ``now``, as Jekyll
    decides, unless the flags let those in."""

    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    now: datetime = _END_OF_TIME
    expired: bool = False
    """Whether pages past their ``expiryDate`` are published (Hugo's ``buildExpired``)."""

    @classmethod
    def of_site(
        cls,
        config: SiteConfig,
        *,
        drafts: bool = False,
        future: bool = False,
        unpublished: bool = False,
        now: datetime = _END_OF_TIME,
        expired: bool = False,
    ) -> Selection:
        """The selection the flags ask for, with what the site's config turns on (Jekyll's ``show_drafts``,
        ``future`` and ``unpublished``; Hugo's ``buildDrafts``, ``buildFuture`` and ``buildExpired``): a flag adds
        to the config, as the generators' command lines do."""
        by_config = generator_of(config).config_selection(config)
        return cls(
            drafts or by_config.drafts,
            future or by_config.future,
            unpublished or by_config.unpublished,
            now,
            expired or by_config.expired,
        )

    def publishes(self, publication: Publication | None) -> bool:
        """Whether a post is published (a file that is no post is not)."""
        return (
            publication is not None
            and (self.unpublished or publication.published)
            and (self.drafts or not publication.draft)
            and (self.future or publication.draft or publication.date <= self.now)
            and (self.expired or publication.expires is None or publication.expires > self.now)
        )

    def holds_back(self, publication: Publication | None) -> bool:
        """Whether a post is read but not published (unpublished, a draft, or future)."""
        return publication is not None and not self.publishes(publication)


@dataclass(frozen=True, slots=True)
class Reader:
    """What reading a source file needs besides the file: sent once to each worker process."""

    config: SiteConfig
    authors: Mapping[str, Any]
    """``_data/authors.yml``, for post authors' details."""
    selection: Selection
    bodies: Bodies = "published"
    """Which bodies :func:`read_source_file` renders (see :data:`~newsfmt.vocabulary.Bodies`)."""
    key: Callable[[str, bytes], str] | None = None
    """Gives a read its content key, from the file's path in the site and its bytes (a cache's key)."""
    plain_text: bool = True
    """Whether each article's plain text is made; a feed needs it only for a post without a summary (see
    :func:`~newsfmt.clean_html`)."""


@dataclass(frozen=True, slots=True)
class SourceRead:
    """One source file, read as far as it can be without the other posts."""

    rel_path: str
    location: str
    """The file's path, as :attr:`SourceFile.location <newsfmt.readers.sources.SourceFile.location>` gives it."""
    signature: tuple[int, int] = (0, 0)
    """``(mtime_ns, size)`` of the file when it was read; ``(0, 0)`` when it could not be."""
    key: str = ""
    """The content key the :class:`Reader` gave, if it gives one."""
    permalink: str = ""
    publication: Publication | None = None
    """None for a file that is not a post."""
    article: Article | None = None
    """The post's article, rendered and cleaned; or as its head alone gives it (``body_html``, ``text`` and
    ``summary`` empty, ``url`` None) when the reader renders no body."""
    notes: tuple[str, ...] = ()
    """Decoding warnings."""
    warnings: tuple[tuple[int | None, str], ...] = ()
    """Front-matter warnings and, once rendered, the body's: ``(line, message)``."""
    error: NewsfmtError | None = None
    """Why the file is not a post, or why its body could not be rendered."""
    linked: PostHead | None = None
    """The head of a body that links to other posts, to render with :func:`render_linked`."""

    @property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.location)


def read_source_file(reader: Reader, source: SourceFile) -> SourceRead:
    """Read one source file as far as it can be without the other posts.

    Never raises for a bad file: the read's :attr:`~SourceRead.error` says what is wrong. (The reader comes
    first, as :func:`~newsfmt.parallel.map_in_chunks` passes it.)"""
    location = source.location
    try:
        stat, data = read_file(source)
    except OSError as exc:
        error = PostError(f"cannot read: {exc.strerror or exc}", path=source.path)
        return SourceRead(source.rel_path, location, error=error)
    signature = (stat.st_mtime_ns, stat.st_size)
    key = reader.key(source.rel_path, data) if reader.key else ""
    try:
        head, decoding_notes = head_of(source, data, stat.st_size, stat.st_mtime, reader.config, reader.authors)
    except NewsfmtError as exc:
        return SourceRead(source.rel_path, location, signature, key, error=exc)
    notes = tuple(decoding_notes)
    publication = Publication(head.published, head.draft, head.publish or head.date.jekyll, head.expires)
    if reader.bodies == "none" or (reader.bodies == "published" and not reader.selection.publishes(publication)):
        headline = _headline(head, reader.config) if reader.bodies == "none" else None
        warnings = tuple(head.warnings)
        return SourceRead(
            head.rel_path, location, signature, key, head.permalink, publication, headline, notes, warnings
        )
    read = SourceRead(head.rel_path, location, signature, key, head.permalink, publication, notes=notes, linked=head)
    if links_to_posts(head.body):
        return read
    return _rendered(read, head, reader.config, None, plain_text=reader.plain_text)


def _headline(head: PostHead, config: SiteConfig) -> Article:
    """An article as its head alone gives it."""
    return Article(
        id=head.id,
        title=head.title,
        date=head.date.shown,
        updated=None,
        categories=head.categories,
        tags=head.tags,
        authors=head.authors,
        summary="",
        body_html="",
        text="",
        url=None,
        permalink=head.permalink,
        slug=head.slug,
        lang=config.lang,
    )


def _rendered(
    read: SourceRead, head: PostHead, config: SiteConfig, resolve: LinkResolver | None, *, plain_text: bool = True
) -> SourceRead:
    try:
        article = render_article(head, config=config, resolve=resolve, plain_text=plain_text)
    except NewsfmtError as exc:
        return replace(read, linked=None, error=exc)
    # Made anew rather than with dataclasses.replace, three times dearer, on the path of every post read.
    return SourceRead(
        read.rel_path,
        read.location,
        read.signature,
        read.key,
        read.permalink,
        read.publication,
        article,
        read.notes,
        tuple(head.warnings),
        read.error,
    )


def render_linked(
    reads: Sequence[SourceRead], config: SiteConfig, resolve: LinkResolver, *, plain_text: bool = True
) -> list[SourceRead]:
    """The reads with the bodies that link to other posts rendered, now that ``resolve`` knows every permalink
    (see :func:`links_between`); the other reads as they are. ``plain_text`` as :attr:`Reader.plain_text`."""
    return [
        _rendered(read, read.linked, config, resolve, plain_text=plain_text) if read.linked else read for read in reads
    ]
