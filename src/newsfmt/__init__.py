"""newsfmt: front-matter posts (Jekyll, Hugo) to RSS, Atom, JSON Feed, EPUB 3 and plain text.

>>> import newsfmt
>>> article = newsfmt.parse_post("---\\ntitle: Hello\\ndate: 2021-12-31 07:55:46 +0800\\n---\\nHi *there*.\\n")
>>> article.title, article.date.isoformat()
('Hello', '2021-12-31T07:55:46+08:00')
"""

from __future__ import annotations

from .cleaning import CleanResult, clean_html
from .errors import (
    ConfigError,
    DecodeError,
    ExportError,
    FrontMatterError,
    MetadataError,
    MissingExtraError,
    NewsfmtError,
    OutputError,
    PostError,
    RenderError,
)
from .exporters.books import BookPlan, plan_books
from .exporters.epub import to_epub, write_epub
from .model import Article, Author, FeedSettings, Problem, Site, SiteConfig
from .readers import load_config, load_post, load_site, parse_post

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Author",
    "BookPlan",
    "CleanResult",
    "ConfigError",
    "DecodeError",
    "ExportError",
    "FeedSettings",
    "FrontMatterError",
    "MetadataError",
    "MissingExtraError",
    "NewsfmtError",
    "OutputError",
    "PostError",
    "Problem",
    "RenderError",
    "Site",
    "SiteConfig",
    "__version__",
    "clean_html",
    "load_config",
    "load_post",
    "load_site",
    "parse_post",
    "plan_books",
    "to_epub",
    "write_epub",
]
