"""One feed policy for every writer of feeds: the library (:func:`~newsfmt.to_rss`, :func:`~newsfmt.to_atom`,
:func:`~newsfmt.to_json_feed`), ``newsfmt feed`` and ``newsfmt build`` all ask here where a feed lives, what it is
called, how many entries it carries and whether they hold full content. So the same feed is the same bytes,
whichever way it was made.

>>> from newsfmt.model import SiteConfig
>>> feed_path("atom", category="City News")
'categories/city-news/atom.xml'
>>> feed_title(SiteConfig(title="Daily"), category="City News")
'Daily | City News'
"""

from __future__ import annotations

from collections.abc import Mapping

from ...errors import ExportError
from ...model import SiteConfig
from ...output_names import SiteNames
from ...paths import slugify_for_path
from ...vocabulary import FEED_CONTENTS, FeedContent, FeedFormat, pick, spell_out

__all__ = [
    "DEFAULT_LIMIT",
    "FEED_FILES",
    "feed_folder",
    "feed_path",
    "feed_title",
    "resolve_content",
    "resolve_limit",
    "wants_tag_feeds",
]

DEFAULT_LIMIT = 50
"""Entries per feed when neither the caller nor the site's ``feed.posts_limit`` says otherwise."""

FEED_FILES: Mapping[FeedFormat, str] = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""The file name of each format, in the site's root folder and in every category and tag folder."""


def feed_folder(*, category: str | None = None, tag: str | None = None, names: SiteNames | None = None) -> str:
    """The folder of a feed relative to the output folder: ``""`` (the site), ``categories/<name>`` or
    ``tags/<name>`` (a feed of one category and one tag lives in its category's folder).

    The name is the term's output name among ``names`` (the site's: a term whose name folds to the name of one used
    earlier gets a suffix, :mod:`newsfmt.output_names`), else its plain slug.
    """
    if category:
        return "categories/" + (names.categories.of(category) if names else slugify_for_path(category))
    if tag:
        return "tags/" + (names.tags.of(tag) if names else slugify_for_path(tag))
    return ""


def feed_path(
    fmt: FeedFormat, *, category: str | None = None, tag: str | None = None, names: SiteNames | None = None
) -> str:
    """Where ``newsfmt build`` writes a feed, relative to the output folder; also its default self link."""
    folder = feed_folder(category=category, tag=tag, names=names)
    return f"{folder}/{FEED_FILES[fmt]}" if folder else FEED_FILES[fmt]


def feed_title(config: SiteConfig, *, category: str | None = None, tag: str | None = None) -> str:
    """A feed's default title: the site title (else its URL, else ``Feed``), then ``| category`` and ``| tag``."""
    title = _one_line(config.title) or _one_line(config.url) or "Feed"
    for part in (category, tag):
        if part and _one_line(part):
            title = f"{title} | {_one_line(part)}"
    return title


def resolve_limit(limit: int | None, config: SiteConfig) -> int:
    """The number of entries a feed carries: ``limit``, else the site's ``feed.posts_limit``, else
    :data:`DEFAULT_LIMIT`; 0 means all, wherever it comes from.

    Raises :class:`~newsfmt.ExportError` for a negative limit.
    """
    if limit is None:
        limit = config.feed.posts_limit if config.feed.posts_limit is not None else DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ExportError(f"feed limit must be 0 (all) or more, not {limit!r}")
    return limit


def resolve_content(content: str | None, config: SiteConfig) -> FeedContent:
    """``content`` checked, else summaries when the site sets ``feed.excerpt_only``, else full content.

    Raises :class:`~newsfmt.ExportError` for a value other than ``full`` or ``summary``.
    """
    if content is None:
        return "summary" if config.feed.excerpt_only else "full"
    checked = pick(FEED_CONTENTS, content)
    if checked is None:
        raise ExportError(f"content must be {spell_out(map(repr, FEED_CONTENTS))}, not {content!r}")
    return checked


def wants_tag_feeds(config: SiteConfig, asked: bool | None = None) -> bool:
    """Whether a site gets one feed per tag: as asked, else as its ``feed.tags`` setting says."""
    return config.feed.tags if asked is None else asked


def _one_line(text: str) -> str:
    return " ".join(text.split())
