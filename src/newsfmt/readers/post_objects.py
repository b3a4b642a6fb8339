"""python-frontmatter's ``Post`` in and out, so that pipelines built on that library plug in.

A ``frontmatter.Post`` is a mapping of front matter (``post.metadata``) and a body (``post.content``): what a post
file holds, read. :func:`article_from_post` reads one as :func:`~newsfmt.parse_post` reads a file;
:func:`article_to_post` gives an Article back as a Post whose front matter keeps its id, permalink, dates and terms,
so that reading it again gives the same article.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import MissingExtraError, PostError
from ..model import Article, SiteConfig, json_ready
from .post import parse_post

__all__ = ["article_from_post", "article_to_post"]

_EXTRA = "python-frontmatter is not installed: pip install 'newsfmt[frontmatter]'"


def article_from_post(post: Any, *, path: Path | str | None = None, config: SiteConfig | None = None) -> Article:
    """An Article from a python-frontmatter ``Post`` (anything with a ``metadata`` mapping and a ``content``
    string), read as :func:`~newsfmt.parse_post` reads a post file of the site ``config``.

    ``path`` is the file the post came from, or would: its name gives the date and slug when the front matter has
    none (``2021-12-08-hello.md``), and its extension how the body is rendered (``.md`` Markdown, ``.html`` as it
    is). Without one, the body is read as Markdown. Raises :class:`~newsfmt.PostError` as :func:`parse_post` does.

    >>> import frontmatter
    >>> from datetime import datetime
    >>> post = frontmatter.Post("Hi *there*.", title="Hello", date=datetime(2021, 12, 8, 10, 46))
    >>> article = article_from_post(post, path="_posts/2021-12-08-hello.md")
    >>> article.title, article.date.isoformat(), article.body_html
    ('Hello', '2021-12-08T10:46:00+00:00', '<p>Hi <em>there</em>.</p>\\n')
    """
    metadata, content = getattr(post, "metadata", None), getattr(post, "content", None)
    if not hasattr(metadata, "items") or not isinstance(content, str):
        raise PostError(
            f"expected a frontmatter.Post (metadata and content), not {type(post).__name__}",
            path=Path(path) if path is not None else None,
        )
    header = yaml.safe_dump(_yaml_ready(metadata), allow_unicode=True, sort_keys=False)
    return parse_post(f"---\n{header}---\n{content}", config=config, path=path if path is not None else "post.md")


def _yaml_ready(metadata: Any) -> dict[str, Any]:
    """Front matter YAML can write: dates and timestamps as they are (YAML has types for them), anything else
    YAML's safe writer refuses (a path, a set, an object) as :func:`~newsfmt.model.json_ready` gives it."""
    return {str(key): value if isinstance(value, date) else json_ready(value) for key, value in metadata.items()}


def article_to_post(article: Article) -> Any:
    """A python-frontmatter ``Post`` of an Article: its clean HTML body as ``content``, and front matter that
    reads back into the same article (:func:`article_from_post` with a ``.html`` path).

    The front matter holds ``id``, ``title``, ``date`` and ``updated`` (timezone-aware), ``categories``, ``tags``,
    ``author`` (one or a list; a name, or a mapping with ``email`` and ``url``), ``summary``, ``slug``,
    ``permalink``, ``lang``, ``image`` when set, then the article's other front matter (``extra``). Raises
    :class:`~newsfmt.MissingExtraError` when python-frontmatter is not installed (the ``frontmatter`` extra).

    >>> from newsfmt.readers.post import parse_post
    >>> post = article_to_post(parse_post("---\\ntitle: Hi\\ntags: [a]\\n---\\nx", path="2021-12-08-hi.md"))
    >>> post["title"], post["tags"], post["date"].isoformat(), post.content
    ('Hi', ['a'], '2021-12-08T00:00:00+00:00', '<p>x</p>\\n')
    """
    try:
        import frontmatter
    except ImportError as exc:
        raise MissingExtraError(_EXTRA) from exc
    metadata: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        **({"updated": article.updated} if article.updated else {}),
        "categories": list(article.categories),
        "tags": list(article.tags),
        **_authors(article),
        "summary": article.summary,
        "slug": article.slug,
        "permalink": article.permalink,
        "lang": article.lang,
        **({"image": article.image} if article.image else {}),
    }
    for key, value in article.extra.items():
        metadata.setdefault(key, value)
    post = frontmatter.Post(article.body_html)
    post.metadata.update(metadata)  # not as keywords: a front matter key may be named "handler"
    return post


def _authors(article: Article) -> dict[str, Any]:
    """``author``: a name where that is all there is, else a mapping of ``name``, ``email`` and ``url``."""
    authors = [
        author.name if not (author.email or author.url) else {k: v for k, v in json_ready(author).items() if v}
        for author in article.authors
    ]
    if not authors:
        return {}
    return {"author": authors[0] if len(authors) == 1 else authors}
