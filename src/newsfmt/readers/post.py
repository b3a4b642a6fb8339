"""One post: text to :class:`~newsfmt.Article`, in two steps.

:func:`read_head` reads everything a site needs to know about a post before any body is rendered
(dates, URL, categories …), so that Liquid's ``post_url`` can link to any other post;
:func:`render_article` then renders the body (Liquid, then Markdown) and cleans it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..cleaning.rules import DEFAULT_RULES, CleaningRules
from ..errors import DecodeError, MetadataError, PostError
from ..model import Article, Author, FrozenMapping, SiteConfig
from .dates import ReadDate, parse_date_string, read_date
from .decoding import decode_post
from .frontmatter import split_post
from .liquid import LinkResolver, has_liquid, render_liquid
from .markup import HTML_EXTENSIONS, MARKDOWN_EXTENSIONS, render_body
from .metadata import as_authors, as_bool, as_terms, as_text, jekyll_categories, jekyll_tags
from .permalinks import collapse_slashes, jekyll_post_id, jekyll_slugify, render_permalink

__all__ = ["PostHead", "load_post", "parse_post", "read_head", "render_article"]

_DATED_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
_UNDATED_NAME = re.compile(r"^(.*?)(\.[^./]+)?$")
_MAX_POST_BYTES = 64 * 1024 * 1024
_DATA_EXTENSIONS = frozenset({".yml", ".yaml", ".json", ".csv", ".tsv", ".toml"})
# Keys whose meaning newsfmt takes over; the rest of the front matter goes to Article.extra.
_CONSUMED = frozenset(
    {
        *("title", "date", "categories", "category", "tags", "tag", "author", "authors", "published", "draft"),
        *("permalink", "slug", "id", "image", "lang", "summary", "description", "excerpt", "url", "publishdate"),
        *("last_modified_at", "updated", "lastmod", "modified"),
    }
)
_HUGO_DATE_KEYS = ("date", "publishdate", "pubdate", "published")
_UPDATED_KEYS = ("last_modified_at", "updated", "lastmod", "modified")
_SUMMARY_KEYS = ("summary", "description", "excerpt")


@dataclass(slots=True)
class PostHead:
    """A post read up to, but not including, its body."""

    path: Path | None
    rel_path: str
    extension: str
    metadata: dict[str, Any]
    body: str
    body_line: int
    title: str
    slug: str
    date: ReadDate
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    permalink: str
    id: str
    published: bool
    draft: bool
    warnings: list[tuple[int | None, str]] = field(default_factory=list)


def _key_line(header: str, key: str, first_line: int) -> int | None:
    match = re.search(rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*[:=]", header, re.M | re.I)
    if match is None:
        return None
    return first_line + header.count("\n", 0, match.start())


def _lower_keys(metadata: Mapping[str, Any]) -> dict[str, Any]:
    lowered: dict[str, Any] = {}
    for key, value in metadata.items():
        lowered.setdefault(key.lower(), value)
    return lowered


def read_head(
    text: str,
    *,
    config: SiteConfig,
    path: Path | None = None,
    rel_path: str | None = None,
    kind: str = "post",
    path_categories: tuple[str, ...] = (),
    authors_data: Mapping[str, Any] | None = None,
    mtime: datetime | None = None,
) -> PostHead:
    """Read a post's front matter and derive its date, slug, URL and id; raise :class:`PostError`.

    ``kind`` is ``post`` (Jekyll ``_posts``), ``draft`` (Jekyll ``_drafts``), ``hugo`` or ``page``
    (a plain folder of posts).
    """
    split = split_post(text)
    warnings: list[tuple[int | None, str]] = []
    if split.warning:
        warnings.append((1, split.warning))
    hugo = kind == "hugo"
    metadata = _lower_keys(split.metadata) if hugo else split.metadata

    def line_of(key: str) -> int | None:
        return _key_line(split.header, key, split.header_line) if split.header else None

    name = path.name if path is not None else (PurePosixPath(rel_path).name if rel_path else "post.md")
    dated = _DATED_NAME.match(name)
    if dated:
        name_date, name_slug, extension = dated.groups()
        name_slug = name_slug.rstrip(".")  # as Jekyll: a slug never ends with a period
    else:
        undated = _UNDATED_NAME.match(name)
        assert undated is not None
        name_date, name_slug, extension = None, undated.group(1), undated.group(2) or ""
        if hugo and name_slug in ("index", "_index") and path is not None:
            name_slug = path.parent.name
    if extension.lower() in _DATA_EXTENSIONS:
        raise PostError(f"a {extension} file is data, not a post (Jekyll does not publish it)", path=path)
    if kind == "post" and not dated:
        raise MetadataError(
            "file name does not start with a date (YYYY-MM-DD-slug.md), so Jekyll does not read it as a post",
            path=path,
        )
    if split.format == "none":
        warnings.append((1, "no front matter: title and date come from the file name"))

    tz = config.tzinfo

    def field_error(key: str, exc: Exception) -> MetadataError:
        return MetadataError(f"{key}: {exc}", path=path, line=line_of(key))

    # Date: front matter first, then the file name, then (drafts) the file's modification time.
    date_keys = _HUGO_DATE_KEYS if hugo else ("date",)
    date_key = next((k for k in date_keys if metadata.get(k) not in (None, "")), None)
    try:
        if date_key is not None:
            date = read_date(metadata[date_key], tz, naive_local=config.naive_dates == "local")
        elif name_date is not None:
            local, _ = parse_date_string(name_date, tz)
            date = ReadDate(local, local, "file name: midnight, site time zone")
        elif kind == "draft" and mtime is not None:
            local = mtime.astimezone(tz)
            date = ReadDate(local, local, "draft without date: file modification time")
        else:
            raise MetadataError(
                "no date: add 'date: YYYY-MM-DD HH:MM:SS +0800' or name the file YYYY-MM-DD-slug.md",
                path=path,
                line=line_of("date"),
            )
    except ValueError as exc:
        raise field_error(date_key or "date", exc) from exc

    try:
        slug = as_text(metadata.get("slug")).strip() or name_slug
        if "title" in metadata:
            title = as_text(metadata["title"]).strip()
        elif hugo:
            title = name_slug.replace("-", " ")
        else:
            title = " ".join(word.capitalize() for word in name_slug.split("-"))
        if hugo:
            categories = as_terms(metadata.get("categories"))
            tags = as_terms(metadata.get("tags"))
        else:
            categories = jekyll_categories(metadata, path_categories)
            tags = jekyll_tags(metadata)
        authors = as_authors(metadata.get("authors") or metadata.get("author"), authors_data)
        published = as_bool(metadata.get("published", True)) if metadata.get("published") is not None else True
        draft = kind == "draft" or (as_bool(metadata["draft"]) if metadata.get("draft") is not None else False)
    except ValueError as exc:
        raise MetadataError(str(exc), path=path) from exc
    if not authors and config.author is not None:
        authors = (config.author,)

    try:
        permalink = _permalink(metadata, config, date, categories, slug, name, extension, hugo, rel_path)
    except ValueError as exc:
        raise field_error("permalink", exc) from exc
    explicit_id = as_text(metadata.get("id")).strip() if metadata.get("id") is not None else ""
    post_id = explicit_id or (permalink.rstrip("/") or "/" if hugo else jekyll_post_id(permalink, slug))

    return PostHead(
        path=path,
        rel_path=rel_path or name,
        extension=extension,
        metadata=metadata,
        body=split.body,
        body_line=split.body_line,
        title=title,
        slug=slug,
        date=date,
        categories=categories,
        tags=tags,
        authors=authors,
        permalink=permalink,
        id=post_id,
        published=published,
        draft=draft,
        warnings=warnings,
    )


def _output_ext(extension: str) -> str:
    lower = extension.lower()
    return ".html" if lower in MARKDOWN_EXTENSIONS or lower in HTML_EXTENSIONS else extension


def _permalink(
    metadata: Mapping[str, Any],
    config: SiteConfig,
    date: ReadDate,
    categories: tuple[str, ...],
    slug: str,
    name: str,
    extension: str,
    hugo: bool,
    rel_path: str | None,
) -> str:
    if hugo:
        return _hugo_permalink(metadata, config, date, slug, rel_path)
    template = as_text(metadata.get("permalink")).strip() or config.permalink
    basename = name[: -len(extension)] if extension else name
    return render_permalink(
        template,
        date=date.jekyll,
        categories=categories,
        slug=slug,
        basename=basename,
        output_ext=_output_ext(extension),
    )


def _hugo_permalink(
    metadata: Mapping[str, Any], config: SiteConfig, date: ReadDate, slug: str, rel_path: str | None
) -> str:
    explicit = as_text(metadata.get("url")).strip()
    if explicit:
        return "/" + explicit.strip("/") + ("/" if explicit.endswith("/") or "." not in explicit else "")
    parts = PurePosixPath(rel_path or slug).parts
    section = parts[0] if len(parts) > 1 else ""
    title_slug = jekyll_slugify(as_text(metadata.get("title")) or slug)
    values = {
        "year": f"{date.shown.year:04d}",
        "month": f"{date.shown.month:02d}",
        "day": f"{date.shown.day:02d}",
        "section": section,
        "slug": jekyll_slugify(slug) or title_slug,
        "title": title_slug,
        "filename": jekyll_slugify(PurePosixPath(rel_path or slug).stem),
    }
    template = config.permalink if config.permalink else "/:section/:slug/"
    url = re.sub(r":([a-z]+)", lambda m: values.get(m.group(1), m.group(0)), template)
    return collapse_slashes("/" + url.lstrip("/"))


def _absolute(url: str, config: SiteConfig) -> str:
    if "://" in url:
        return url
    if url.startswith("//"):
        return "https:" + url
    return config.absolute_url(url)


def cleaning_rules(config: SiteConfig) -> CleaningRules:
    """The site's cleaning rules (its ``newsfmt: cleaning:`` options), else the defaults."""
    return config.options.cleaning or DEFAULT_RULES


def render_article(
    head: PostHead,
    *,
    config: SiteConfig,
    resolve: LinkResolver | None = None,
) -> Article:
    """Render and clean a post's body and build its Article; warnings are added to ``head.warnings``.

    Raises :class:`PostError` (with the post's path and body line) for a body that cannot be rendered,
    including one nested too deeply for the renderer's recursion.
    """
    try:
        return _render_article(head, config=config, resolve=resolve)
    except RecursionError as exc:
        raise PostError("body is nested too deeply to render", path=head.path, line=head.body_line) from exc


def _render_article(head: PostHead, *, config: SiteConfig, resolve: LinkResolver | None) -> Article:
    metadata = head.metadata
    body = head.body
    if config.generator != "hugo" and has_liquid(body):
        page = {
            **metadata,
            "title": head.title,
            "date": head.date.shown,
            "url": head.permalink,
            "id": head.id,
            "slug": head.slug,
            "categories": list(head.categories),
            "tags": list(head.tags),
        }
        site_vars = {**config.data, "url": config.url, "baseurl": config.baseurl, "title": config.title}
        result = render_liquid(
            body, site=site_vars, page=page, resolve=resolve or (lambda kind, arg: None), baseurl=config.baseurl
        )
        body = result.text
        head.warnings.extend((head.body_line, warning) for warning in result.warnings)
    rendered = render_body(body, head.extension)
    url = config.absolute_url(head.permalink) if config.url else None
    lang = as_text(metadata.get("lang")).strip() or config.lang
    from ..cleaning.clean import clean_html  # lxml and the cleaner: only once a body is rendered

    cleaned = clean_html(
        rendered, base_url=url or (config.home_url if config.url else None), rules=cleaning_rules(config), lang=lang
    )
    summary = ""
    for key in _SUMMARY_KEYS:
        if metadata.get(key) not in (None, ""):
            summary = " ".join(as_text(metadata[key]).split()) if isinstance(metadata[key], str) else ""
            if summary:
                break
    updated = None
    for key in _UPDATED_KEYS:
        if metadata.get(key) not in (None, ""):
            try:
                updated = read_date(metadata[key], config.tzinfo, naive_local=config.naive_dates == "local").shown
            except ValueError as exc:
                head.warnings.append((None, f"{key}: {exc}; ignored"))
            break
    image_value = metadata.get("image")
    if isinstance(image_value, Mapping):
        image_value = image_value.get("path") or image_value.get("url")
    image = _absolute(as_text(image_value).strip(), config) if isinstance(image_value, str) and image_value else None
    extra = FrozenMapping({k: v for k, v in metadata.items() if k not in _CONSUMED})
    return Article(
        id=head.id,
        title=head.title,
        date=head.date.shown,
        updated=updated,
        categories=head.categories,
        tags=head.tags,
        authors=head.authors,
        summary=summary or cleaned.summary,
        body_html=cleaned.html,
        text=cleaned.text,
        url=url,
        permalink=head.permalink,
        slug=head.slug,
        lang=lang,
        source_url=cleaned.source_url,
        source_name=cleaned.source_name,
        image=image,
        path=head.path,
        date_rule=head.date.rule,
        extra=extra,
    )


def parse_post(
    text: str | bytes,
    *,
    config: SiteConfig | None = None,
    path: Path | str | None = None,
) -> Article:
    """Parse one post's text (front matter and body) into an Article.

    ``path`` (which need not exist) gives the file name, whose ``YYYY-MM-DD-slug`` supplies a
    date and slug when the front matter has none. Raises a :class:`~newsfmt.PostError` naming the
    problem (and the line, where known).

    >>> parse_post("---\\ntitle: 你好\\ndate: 2021-12-31\\n---\\n正文。", path="2021-12-31-hello.md").slug
    'hello'
    """
    config = config or SiteConfig()
    file_path = Path(path) if path is not None else None
    try:
        if isinstance(text, bytes):
            text = decode_post(text).text
        head = read_head(text, config=config, path=file_path, kind="page")
        return render_article(head, config=config)
    except PostError as exc:
        if exc.path is None and file_path is not None:
            raise type(exc)(exc.message, path=file_path, line=exc.line) from exc
        raise


def load_post(path: Path | str, config: SiteConfig | None = None) -> Article:
    """Read one post file into an Article (see :func:`parse_post`); raise :class:`PostError` on failure."""
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}", path=file_path) from exc
    if len(data) > _MAX_POST_BYTES:
        raise DecodeError(f"larger than {_MAX_POST_BYTES // 2**20} MB; not a post", path=file_path)
    try:
        decoded = decode_post(data)
    except PostError as exc:
        raise type(exc)(exc.message, path=file_path, line=exc.line) from exc
    return parse_post(decoded.text, config=config, path=file_path)
