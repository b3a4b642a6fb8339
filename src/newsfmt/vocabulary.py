"""The closed vocabularies of newsfmt: every fixed set of words an option, a field or a flag accepts.

Each vocabulary is a ``Literal`` type, spelled once, and the tuple of its words derived from it (in the
order shown to people: the default first). The model, the readers, the exporters, the build options and the
command line all import them from here, so a new word is added in one place. Standard library only.

>>> FEED_FORMATS
('rss', 'atom', 'json')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeVar, get_args

__all__ = [
    "ARCHIVE_SPLITS",
    "BLOCK_KINDS",
    "BODIES",
    "BOOK_SPLITS",
    "FEED_CONTENTS",
    "FEED_FORMATS",
    "FEED_LAYOUTS",
    "FEED_SCOPES",
    "GENERATORS",
    "LINK_STYLES",
    "NAIVE_DATES",
    "OUTPUT_KINDS",
    "SEVERITIES",
    "TERM_FIELDS",
    "TOC_GROUPINGS",
    "ArchiveSplit",
    "BlockKind",
    "Bodies",
    "BookSplit",
    "FeedContent",
    "FeedFormat",
    "FeedLayoutName",
    "FeedScope",
    "Generator",
    "LinkStyle",
    "NaiveDates",
    "OutputKind",
    "Severity",
    "TermField",
    "TocGrouping",
    "counted",
    "pick",
    "spell_out",
]

Generator = Literal["jekyll", "hugo", "folder"]
"""The layout of a site folder: a Jekyll site, a Hugo site, or a plain folder of posts."""
GENERATORS: tuple[Generator, ...] = get_args(Generator)

NaiveDates = Literal["utc", "local"]
"""How a timestamp without an offset is read: as UTC (as Jekyll does) or in the site's time zone."""
NAIVE_DATES: tuple[NaiveDates, ...] = get_args(NaiveDates)

Severity = Literal["error", "warning"]
"""``error``: the file was skipped; ``warning``: it was read, but maybe not as meant."""
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

BlockKind = Literal["para", "heading", "item", "quote", "pre", "table", "rule"]
"""What a paragraph-level block of plain text is."""
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

LinkStyle = Literal["inline", "references", "none"]
"""Links in plain text: ``inline`` (text <url>), ``references`` (text[1] … [1] url at the end) or ``none``."""
LINK_STYLES: tuple[LinkStyle, ...] = get_args(LinkStyle)

FeedFormat = Literal["rss", "atom", "json"]
"""RSS 2.0, Atom 1.0 or JSON Feed 1.1."""
FEED_FORMATS: tuple[FeedFormat, ...] = get_args(FeedFormat)

FeedContent = Literal["full", "summary"]
"""What a feed entry carries: the full HTML body or the summary."""
FEED_CONTENTS: tuple[FeedContent, ...] = get_args(FeedContent)

FeedLayoutName = Literal["newsfmt", "jekyll-feed"]
"""Where a site's feeds go: newsfmt's own layout, or jekyll-feed's paths (Atom at ``feed.xml``, RSS at ``rss.xml``)."""
FEED_LAYOUTS: tuple[FeedLayoutName, ...] = get_args(FeedLayoutName)

FeedScope = Literal["site", "category", "tag", "author"]
"""What one feed covers: the whole site, one category, one tag or one author."""
FEED_SCOPES: tuple[FeedScope, ...] = get_args(FeedScope)

ArchiveSplit = Literal["none", "month", "year"]
"""RFC 5005 archive documents of the subscription feeds: none, one per month, or one per year."""
ARCHIVE_SPLITS: tuple[ArchiveSplit, ...] = get_args(ArchiveSplit)

BookSplit = Literal["year", "month", "all"]
"""One book per category and year, per category and month, or per category for all time."""
BOOK_SPLITS: tuple[BookSplit, ...] = get_args(BookSplit)

TocGrouping = Literal["month", "year", "none"]
"""How a book's table of contents groups its chapters."""
TOC_GROUPINGS: tuple[TocGrouping, ...] = get_args(TocGrouping)

OutputKind = Literal["feeds", "epub", "text"]
"""What ``newsfmt build`` writes: feeds, books, plain-text files."""
OUTPUT_KINDS: tuple[OutputKind, ...] = get_args(OutputKind)

Bodies = Literal["published", "all", "none"]
"""Which bodies reading a site renders: of published posts only, of every post (a cache keeps held-back posts
for the day they are published), or none (a post's head is enough to choose which to render)."""
BODIES: tuple[Bodies, ...] = get_args(Bodies)

TermField = Literal["categories", "tags"]
"""The fields of an Article that hold terms, each term a feed (and, for categories, a book and a text folder)."""
TERM_FIELDS: tuple[TermField, ...] = get_args(TermField)


def spell_out(words: Iterable[str]) -> str:
    """A vocabulary as a person lists the choices, for error messages.

    >>> spell_out(BOOK_SPLITS), spell_out(FEED_CONTENTS)
    ('year, month or all', 'full or summary')
    """
    *first, last = words
    return f"{', '.join(first)} or {last}" if first else last


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A number and its noun, singular for one, for messages (English nouns of newsfmt's own messages).

    >>> counted(1, "post"), counted(2, "post"), counted(0, "entry", "entries"), counted(12345, "text")
    ('1 post', '2 posts', '0 entries', '12,345 texts')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


Word = TypeVar("Word", bound=str)


def pick(words: tuple[Word, ...], value: object) -> Word | None:
    """The word of a vocabulary that ``value`` is, typed as the vocabulary; ``None`` when it is none of them.

    >>> pick(FEED_CONTENTS, "summary"), pick(FEED_CONTENTS, "excerpt")
    ('summary', None)
    """
    return next((word for word in words if word == value), None)
