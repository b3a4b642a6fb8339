"""The build's feeds from pieces: each article's entries rendered once, kept in the cache, joined into every feed.

Workers render the entries of every post they read when the feeds carry all posts; otherwise only the entries a
feed chooses are rendered, here, from the full articles in the cache, and stored for the next feed and build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..exporters.feeds.documents import FeedDocument
from ..model import Article, SiteConfig
from ..site_files import SiteFiles
from ..vocabulary import FeedContent, FeedFormat
from .cache import ArticleCache, Piece

__all__ = ["FeedPieces"]


@dataclass(frozen=True, slots=True)
class FeedPieces:
    """Where a build's feeds find their entries."""

    cache: ArticleCache
    keys: dict[str, str]
    """Content key of each published article, by id."""
    full: Callable[[Sequence[Article]], list[Article]]
    """The full articles (with their bodies) of articles the index holds without them."""
    config: SiteConfig
    files: SiteFiles = field(init=False)
    """The site's files that enclosures name, each looked up once a build."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", SiteFiles(self.config))

    def feed(self, document: FeedDocument, *, content: FeedContent) -> bytes:
        """One feed document, as the format's writer makes it of the document's articles with ``limit=0``."""
        from ..exporters.feeds.pieces import feed_from_pieces

        plan, chosen = document.plan, document.articles
        pieces = self._entries(document.fmt, chosen, content)
        return feed_from_pieces(
            document.fmt,
            chosen,
            [pieces[article.id] for article in chosen],
            self.config,
            feed_url=document.self_url,
            category=plan.category,
            tag=plan.tag,
            author=plan.author,
            archive=document.archive,
        )

    def _entries(self, fmt: FeedFormat, chosen: Sequence[Article], content: FeedContent) -> dict[str, bytes]:
        """The entries of ``chosen`` in ``fmt``, by article id: from the cache, the missing ones rendered now."""
        from ..exporters.feeds.pieces import entry_pieces, piece_kind

        stored = self.cache.load_pieces((self.keys[a.id] for a in chosen), piece_kind(fmt, content))
        entries = {a.id: stored[self.keys[a.id]] for a in chosen if self.keys[a.id] in stored}
        missing = [a for a in chosen if a.id not in entries]
        if not missing:
            return entries
        made: list[Piece] = []
        for light, full in zip(missing, self.full(missing), strict=True):
            rendered = entry_pieces(full, self.config, content, self.files)
            entries[light.id] = rendered[fmt]
            made += [(self.keys[light.id], piece_kind(other, content), data) for other, data in rendered.items()]
        self.cache.store_encoded((), made)  # the feeds of the other formats, and the next build, find them
        return entries
