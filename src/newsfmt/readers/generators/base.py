"""What a site generator decides, as one object: :class:`SiteGenerator`, and the facts its hooks receive."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypedDict

from ...model import Author, FeedSettings, SiteConfig
from ...vocabulary import Generator, NaiveDates
from ..dates import ReadDate
from ..sources import SourceFile

__all__ = ["ConfigFields", "PageDates", "PostFacts", "Publishing", "SiteGenerator", "Terms"]

Terms = tuple[tuple[str, ...], tuple[str, ...]]
"""A post's categories and tags."""

_POST_FOLDERS = frozenset({"_posts", "_drafts"})


class ConfigFields(TypedDict):
    """The :class:`~newsfmt.SiteConfig` fields a generator reads from its config file."""

    title: str
    description: str
    url: str
    baseurl: str
    lang: str
    timezone: str
    author: Author | None
    permalink: str
    feed: FeedSettings


class Publishing(NamedTuple):
    """Which posts a site's config publishes besides the dated, published ones (the command line may add more)."""

    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    expired: bool = False


@dataclass(frozen=True, slots=True)
class PageDates:
    """A post's dates when its generator takes more than one (Hugo): each None when not set, but ``date``."""

    date: ReadDate
    publish: datetime | None
    """When it is published: a later one makes it a future post."""
    lastmod: datetime | None
    expiry: datetime | None
    """When it stops being published."""
    slug: str
    """A slug its file name gave with its date (empty when none)."""


@dataclass(frozen=True, slots=True)
class PostFacts:
    """What a post's permalink may be made of."""

    metadata: Mapping[str, Any]
    """Front matter, with its keys as the generator reads them."""
    date: ReadDate
    categories: tuple[str, ...]
    slug: str
    """The front matter's ``slug``, else the file name's."""
    name: str
    """The file name (``2021-12-31-slug.md``)."""
    extension: str
    """The file name's extension, as written (``.md``)."""
    rel_path: str | None
    """The path its discovery gives (Jekyll: from the site folder; Hugo: below ``content/``), when known."""
    path: Path | None = None
    """The file, when read from one."""


class SiteGenerator(ABC):
    """One site generator's rules: how a site of its layout is found, configured and read, post by post.

    The hooks that read a post are called by :func:`newsfmt.readers.post.read_head` with the ``kind`` of the
    :class:`~newsfmt.readers.sources.SourceFile`: a generator reads the kinds it lists in :attr:`source_kinds`.
    """

    name: ClassVar[Generator]
    """The value of :attr:`SiteConfig.generator <newsfmt.SiteConfig.generator>` for its sites."""
    config_files: ClassVar[tuple[str, ...]] = ()
    """Config file names, the first found wins."""
    source_kinds: ClassVar[tuple[str, ...]]
    """The :attr:`SourceFile.kind <newsfmt.readers.sources.SourceFile.kind>` values whose posts it reads."""
    date_keys: ClassVar[tuple[str, ...]] = ("date",)
    """Front-matter keys that give a post's date, the first one set wins."""
    renders_liquid: ClassVar[bool] = True
    """Whether Liquid in its sites' bodies is rendered."""
    kramdown_tables: ClassVar[bool] = False
    """Whether a ``|`` in a code span of a Markdown table row stays in its cell (kramdown) or splits it (GFM)."""
    fixed_naive_dates: ClassVar[NaiveDates | None] = None
    """How it always reads offset-less timestamps, whatever the ``naive_dates`` option says (None: as it says)."""

    # Finding the site

    def config_file(self, root: Path) -> Path | None:
        """The config file it would read in ``root``, when ``root`` is one of its sites by that file."""
        for name in self.config_files:
            if (root / name).is_file():
                return root / name
        return None

    @abstractmethod
    def has_layout(self, root: Path) -> bool:
        """Whether ``root``'s folders alone (no config file) make it one of its sites."""

    # The config

    def read_config_data(self, root: Path, source: Path, read: Callable[[Path], Mapping[str, Any]]) -> dict[str, Any]:
        """The site's config mapping, given the file :meth:`config_file` found; ``read`` loads one file."""
        return dict(read(source))

    @abstractmethod
    def read_config(self, data: Mapping[str, Any]) -> ConfigFields:
        """The site's fields from its config mapping (empty without a file); raise ValueError for a bad value."""

    def site_data(self, root: Path) -> Mapping[str, Any]:
        """The site's data files, as ``site.data`` in Liquid (none here)."""
        return {}

    def include_stamp(self, root: Path) -> tuple[tuple[str, int, int], ...]:
        """The files Liquid may include, by path, size and modification time (none here)."""
        return ()

    # Discovery

    def holds_posts(self, folder: str) -> bool:
        """Whether posts are read from ``folder`` (relative to the site root, POSIX), so that no output may go in it.

        A ``_posts`` or ``_drafts`` folder counts in every layout.
        """
        return any(part in _POST_FOLDERS for part in folder.split("/"))

    def config_selection(self, config: SiteConfig) -> Publishing:
        """Drafts, future and unpublished posts the site's config asks to publish (none here)."""
        return Publishing()

    @abstractmethod
    def discover(self, root: Path, config: SiteConfig, *, drafts: bool) -> list[SourceFile]:
        """The files of the site at ``root`` that are posts (or claim to be), in any order."""

    # One post

    def front_matter(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """The front matter with its keys as the generator reads them."""
        return metadata

    def with_defaults(
        self, metadata: dict[str, Any], *, rel_path: str | None, kind: str, config: SiteConfig
    ) -> dict[str, Any]:
        """The front matter with the site's defaults for the file at ``rel_path`` filled in (none here)."""
        return metadata

    def summary(self, body: str, html: str, config: SiteConfig, render_text: Callable[[str], str]) -> str | None:
        """A post's summary when its front matter gives none, from its body as written, its cleaned HTML, and
        ``render_text`` (a part of the body to its plain text); None: the cleaner's first sentences."""
        return None

    def render_shortcodes(
        self, body: str, metadata: Mapping[str, Any], config: SiteConfig, resolve: Callable[[str, str], str | None]
    ) -> tuple[str, list[str]] | None:
        """A body with its generator's shortcodes rendered, and the warnings; None when it has none (here)."""
        return None

    def unlisted(self, metadata: Mapping[str, Any], name: str) -> str | None:
        """Why a post its generator lists nowhere is left out like an unpublished one (none here)."""
        return None

    def undated_slug(self, stem: str, path: Path | None) -> str:
        """The slug of a file whose name holds no date, from the name without its extension."""
        return stem

    def file_name_problem(self, kind: str, *, dated: bool) -> str | None:
        """Why a file of this ``kind`` cannot be a post by its name (``dated``: ``YYYY-MM-DD-slug.ext``), if so."""
        return None

    def is_draft_source(self, kind: str) -> bool:
        """Whether every file of this ``kind`` is a draft (dated by its modification time when undated)."""
        return False

    def page_dates(
        self, metadata: Mapping[str, Any], *, base_name: str, mtime: datetime | None, config: SiteConfig
    ) -> PageDates | None:
        """A post's dates from its front matter, file base name and modification time, when the generator takes
        them its own way; None: its ``date_keys``, then its file name's date. Raise ValueError for a bad date."""
        return None

    @abstractmethod
    def default_title(self, slug: str) -> str:
        """The title of a post whose front matter has none, from its file name's slug."""

    @abstractmethod
    def terms(self, metadata: Mapping[str, Any], path_categories: tuple[str, ...]) -> Terms:
        """A post's ``(categories, tags)``; ``path_categories`` are those its place in the site gives."""

    def language(self, post: PostFacts, config: SiteConfig) -> str | None:
        """The language of a post whose front matter names none, when its place in the site gives one."""
        return None

    @abstractmethod
    def permalink(self, post: PostFacts, config: SiteConfig) -> str:
        """A post's site-relative URL; raise ValueError for a template that cannot be used."""

    @abstractmethod
    def post_id(self, permalink: str, slug: str) -> str:
        """A post's id when its front matter gives none."""
