"""What each part of a site config shapes: the articles read from the posts, or only the outputs made of them.

A post's content key (:func:`post_key`) holds a fingerprint of the config, so that a cached article is never
stale. That fingerprint leaves out the settings that only shape outputs (:data:`OUTPUT_ONLY_FIELDS`,
:data:`OUTPUT_ONLY_OPTIONS`, :data:`OUTPUT_ONLY_KEYS`: the site's title and description, jekyll-feed's and
newsfmt's feed, book and build settings), so that editing them reads no post again; the outputs that use them
(feeds, books) put :func:`output_fingerprint` in their digests instead, and are written again.

A post whose file holds Liquid or a Hugo shortcode (``{{`` or ``{%``) may show any config value
(``{{ site.description }}``, ``{{< param description >}}``, an include that does): its key holds the fingerprint
of the whole config, and is marked (:data:`SITE_KEY_PREFIX`) so that a build after such an edit reads it again.
Everything not named here counts as shaping articles: a setting that is not known to be output-only is on the
safe side.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .. import __version__
from ..model import SiteConfig
from .cache import CACHE_FORMAT, content_key
from .stable import shaping_environment, stable_digest

__all__ = [
    "OUTPUT_ONLY_FIELDS",
    "OUTPUT_ONLY_KEYS",
    "OUTPUT_ONLY_OPTIONS",
    "SITE_KEY_PREFIX",
    "Fingerprints",
    "article_fingerprint",
    "output_fingerprint",
    "post_key",
    "reads_site_config",
]

OUTPUT_ONLY_FIELDS = ("title", "description", "feed")
"""Fields of :class:`~newsfmt.model.SiteConfig` that no reader uses: feeds and books show them."""
OUTPUT_ONLY_OPTIONS = ("build", "feeds", "category_titles")
"""Fields of :class:`~newsfmt.options.SiteOptions` (``newsfmt:``) that only say which outputs are made and how."""
OUTPUT_ONLY_KEYS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("description",),
    ("feed",),
    ("params", "description"),
    ("newsfmt", "build"),
    ("newsfmt", "categories"),
    ("newsfmt", "feeds"),
)
"""Keys of the config file (paths into its mapping, exactly as spelled) that only the fields above are read from:
they are left out of the config mapping (:attr:`~newsfmt.model.SiteConfig.data`) the article fingerprint holds.
Hugo's ``params.description`` is the site description there."""

SITE_KEY_PREFIX = "site:"
"""Starts the content key of a post that may show any config value (see :func:`reads_site_config`)."""


_WIDE_MARKUP = re.compile(rb"\{(?:\x00|\x00\x00\x00)[{%]")
"""``{{`` or ``{%`` in UTF-16 or UTF-32, either byte order (which a post may be written in, with its BOM)."""


def reads_site_config(data: bytes) -> bool:
    """Whether a post's file may show config values: it holds Liquid or a Hugo shortcode, which see the whole
    config (``site``, Hugo's ``params``, and includes that may use either)."""
    return b"{{" in data or b"{%" in data or (b"\x00" in data and _WIDE_MARKUP.search(data) is not None)


def _split(data: Mapping[str, Any], path: tuple[str, ...]) -> tuple[dict[str, Any], Any]:
    """``data`` without the key at ``path``, and the value taken out (None if none). Every mapping on the way is
    a plain dict copy whether the key was there or not, and one left empty is dropped, so that adding an
    output-only key (``newsfmt: {feeds: …}`` to a config without ``newsfmt``) leaves the rest as it was."""
    head, rest = path[0], path[1:]
    inner = data.get(head)
    if rest and isinstance(inner, Mapping):
        kept, taken = _split(inner, rest)
        if kept:
            return {**data, head: kept}, taken
        return {key: value for key, value in data.items() if key != head}, taken  # as if it had never been
    if rest or head not in data:
        return dict(data), None
    return {key: value for key, value in data.items() if key != head}, inner


def _fingerprints(config: SiteConfig) -> tuple[str, str]:
    """The article fingerprint, and the whole config's (the article one and every output-only setting)."""
    data: Mapping[str, Any] = config.data
    taken = []
    for path in OUTPUT_ONLY_KEYS:
        data, value = _split(data, path)
        taken.append(value)
    shaping = [
        data if f.name == "data" else getattr(config, f.name)
        for f in fields(config)
        if f.name not in OUTPUT_ONLY_FIELDS and f.name != "options"
    ]
    # The build's own options are left out of both: they change which outputs are made, not how a post reads.
    articles = stable_digest(CACHE_FORMAT, __version__, shaping, config.options.cleaning)
    return articles, stable_digest(articles, [getattr(config, name) for name in OUTPUT_ONLY_FIELDS], taken)


def article_fingerprint(config: SiteConfig) -> str:
    """A digest of everything in a site config that can change how a post reads, less the output-only settings."""
    return _fingerprints(config)[0]


def output_fingerprint(config: SiteConfig) -> str:
    """A digest of the output-only settings (the fields and options named above): feeds and books that show
    them hold it in their digests. (The build options come from the build, which digests those it uses.)"""
    options = config.options
    shown = [getattr(config, name) for name in OUTPUT_ONLY_FIELDS]
    shown += [getattr(options, name) for name in OUTPUT_ONLY_OPTIONS if name != "build"]
    return stable_digest(shown, shaping_environment())


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """The config's fingerprints for one build."""

    articles: str
    """:func:`article_fingerprint`: the key of every post that shows no config value."""
    site: str
    """The whole config's (the article fingerprint and every output-only setting): the key of one that may."""

    @classmethod
    def of(cls, config: SiteConfig) -> Fingerprints:
        """Both fingerprints of ``config``."""
        return cls(*_fingerprints(config))

    @property
    def stored(self) -> str:
        """As the build index keeps them."""
        return f"{self.articles} {self.site}"

    def same_articles(self, stored: str) -> bool:
        """Whether an index stored with ``stored`` read its posts with the same article fingerprint."""
        return stored.split(" ", 1)[0] == self.articles

    def same_site(self, stored: str) -> bool:
        """Whether an index stored with ``stored`` read its posts with this very config."""
        return stored == self.stored


def post_key(rel_path: str, data: bytes, fingerprints: Fingerprints) -> str:
    """The content key of a post: :func:`~newsfmt.builder.cache.content_key` with the article fingerprint, or with
    the whole config's (and marked) when the post may show config values."""
    if reads_site_config(data):
        return SITE_KEY_PREFIX + content_key(rel_path, data, fingerprints.site)
    return content_key(rel_path, data, fingerprints.articles)
