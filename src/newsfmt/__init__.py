"""newsfmt: front-matter posts (Jekyll, Hugo) to RSS, Atom, JSON Feed, EPUB 3 and plain text.

>>> import newsfmt
>>> config = newsfmt.SiteConfig(timezone="Asia/Shanghai")
>>> post = "---\\ntitle: 你好\\ndate: 2021-12-08 10:46:18\\n---\\nHi *there*.\\n"
>>> article = newsfmt.parse_post(post, config=config, path="2021-12-08-hello.md")
>>> article.title, article.date.isoformat(), article.permalink
('你好', '2021-12-08T18:46:18+08:00', '/2021/12/08/hello.html')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from .lazy import lazy_exports

if TYPE_CHECKING:
    from .builder.report import BuildReport
    from .builder.runner import build_site
    from .cleaning.clean import CleanResult, clean_html
    from .cleaning.rules import DEFAULT_RULES, CleaningRules
    from .exporters.epub.book import to_epub, write_epub
    from .exporters.epub.fetching import FetchRules
    from .exporters.epub.plan import BookPlan, plan_books
    from .exporters.feeds.json_feed import to_json_feed
    from .exporters.feeds.rss_atom import to_atom, to_feedgen, to_rss
    from .exporters.feeds.selection import FeedPlan, plan_feeds, select_articles
    from .exporters.text import to_text
    from .model import Article, Author, FeedSettings, Problem, Site, SiteConfig
    from .options import BuildOptions, SiteOptions
    from .paths import slugify
    from .readers.config import load_config
    from .readers.post import load_post, parse_post
    from .readers.post_objects import article_from_post, article_to_post
    from .readers.site import load_newest, load_site

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RULES",
    "Article",
    "Author",
    "BookPlan",
    "BuildOptions",
    "BuildReport",
    "CleanResult",
    "CleaningRules",
    "ConfigError",
    "DecodeError",
    "ExportError",
    "FeedPlan",
    "FeedSettings",
    "FetchRules",
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
    "SiteOptions",
    "__version__",
    "article_from_post",
    "article_to_post",
    "build_site",
    "clean_html",
    "load_config",
    "load_newest",
    "load_post",
    "load_site",
    "parse_post",
    "plan_books",
    "plan_feeds",
    "select_articles",
    "slugify",
    "to_atom",
    "to_epub",
    "to_feedgen",
    "to_json_feed",
    "to_rss",
    "to_text",
    "write_epub",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "BuildOptions": ".options",
        "SiteOptions": ".options",
        "BuildReport": ".builder.report",
        "build_site": ".builder.runner",
        "CleanResult": ".cleaning.clean",
        "clean_html": ".cleaning.clean",
        "DEFAULT_RULES": ".cleaning.rules",
        "CleaningRules": ".cleaning.rules",
        "BookPlan": ".exporters.epub.plan",
        "plan_books": ".exporters.epub.plan",
        "to_epub": ".exporters.epub.book",
        "write_epub": ".exporters.epub.book",
        "FetchRules": ".exporters.epub.fetching",
        "to_atom": ".exporters.feeds.rss_atom",
        "to_rss": ".exporters.feeds.rss_atom",
        "to_feedgen": ".exporters.feeds.rss_atom",
        "to_json_feed": ".exporters.feeds.json_feed",
        "FeedPlan": ".exporters.feeds.selection",
        "plan_feeds": ".exporters.feeds.selection",
        "select_articles": ".exporters.feeds.selection",
        "to_text": ".exporters.text",
        "Article": ".model",
        "Author": ".model",
        "FeedSettings": ".model",
        "Problem": ".model",
        "Site": ".model",
        "SiteConfig": ".model",
        "load_config": ".readers.config",
        "load_post": ".readers.post",
        "parse_post": ".readers.post",
        "article_from_post": ".readers.post_objects",
        "article_to_post": ".readers.post_objects",
        "slugify": ".paths",
        "load_newest": ".readers.site",
        "load_site": ".readers.site",
    },
)
