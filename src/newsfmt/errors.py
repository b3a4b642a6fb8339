"""The exceptions newsfmt raises, one tree under :class:`NewsfmtError`.

::

    NewsfmtError                 anything newsfmt raises on purpose
    ├── ConfigError              a site config or an option that cannot be used
    ├── PostError                a post that cannot become an Article (has path and line)
    │   ├── DecodeError          bytes that are not text
    │   ├── FrontMatterError     missing, broken or pathological front matter
    │   └── MetadataError        a front-matter field with a value newsfmt cannot use
    ├── RenderError              Liquid or Markdown that cannot be rendered
    ├── ExportError              a feed, book or text that cannot be produced
    │   └── MissingExtraError    an optional dependency is not installed
    └── OutputError              a file that cannot be written, or a path outside OUT

Third-party exceptions are translated at the edge with ``raise ... from exc``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigError",
    "DecodeError",
    "ExportError",
    "FrontMatterError",
    "MetadataError",
    "MissingExtraError",
    "NewsfmtError",
    "OutputError",
    "PostError",
    "RenderError",
]


class NewsfmtError(Exception):
    """Base of every error newsfmt raises on purpose.

    ``path`` and ``line`` (1-based) name where the problem is, when known;
    ``str()`` reads ``path:line: message`` like a compiler diagnostic.
    """

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


def format_location(path: Path | None, line: int | None, message: str) -> str:
    """Render ``path:line: message``, leaving out what is unknown."""
    if path is None:
        return message
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"


class ConfigError(NewsfmtError):
    """A site config file or an option that newsfmt cannot use."""


class PostError(NewsfmtError):
    """A post file that cannot become an :class:`~newsfmt.Article`."""


class DecodeError(PostError):
    """A post whose bytes are not text (binary, or undecodable)."""


class FrontMatterError(PostError):
    """A post whose front matter is missing, malformed, not a mapping, or too costly to load."""


class MetadataError(PostError):
    """A front-matter field whose value cannot be used (an unparsable date, say)."""


class RenderError(NewsfmtError):
    """A body whose Liquid or Markdown cannot be rendered."""


class ExportError(NewsfmtError):
    """A feed, a book or a text that cannot be produced from the given articles."""


class MissingExtraError(ExportError):
    """An optional dependency is missing; the message names the extra to install."""


class OutputError(NewsfmtError):
    """An output that cannot be written, or whose path would leave the output folder."""
