"""One post: text to :class:`~newsfmt.Article`, in two steps.

:func:`read_head` reads everything a site needs to know about a post before any body is rendered
(dates, URL, categories …), so that Liquid's ``post_url`` can link to any other post;
:func:`render_article` then renders the body (Liquid, then Markdown) and cleans it.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from ..cleaning.links import checked_url, has_scheme
from ..cleaning.rules import DEFAULT_RULES, CleaningRules
from ..errors import DecodeError, MetadataError, PostError
from ..model import Article, Author, FrozenMapping, SiteConfig
from ..xmlchars import has_invalid_xml_chars, strip_invalid_xml_chars, strip_invalid_xml_chars_deep
from .dates import ReadDate, parse_date_string, read_date
from .decoding import decode_post
from .frontmatter import SplitPost, split_post
from .generators import PostFacts, SiteGenerator, generator_of, reader_of
from .liquid import LinkResolver, has_liquid, render_liquid
from .liquid_includes import IncludeFiles
from .markup import render_body
from .metadata import as_authors, as_bool, as_text, decode_references

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
    lang: str = ""
    """The language its place in the site gives (a Hugo language's content folder), if any."""
    publish: datetime | None = None
    """When it is published, when its generator dates that apart from ``date`` (Hugo's ``publishDate``)."""
    expires: datetime | None = None
    """When it stops being published (Hugo's ``expiryDate``), if ever."""
    updated: datetime | None = None
    """When it was last changed, when its generator decides that (Hugo's ``lastmod`` rules)."""
    warnings: list[tuple[int | None, str]] = field(default_factory=list)


def _key_line(header: str, key: str, first_line: int) -> int | None:
    match = re.search(rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*[:=]", header, re.M | re.I)
    if match is None:
        return None
    return first_line + header.count("\n", 0, match.start())


class _FileName(NamedTuple):
    """What a post's file name says."""

    name: str
    date: str | None
    """``YYYY-MM-DD`` of a dated name (``2021-12-31-slug.md``)."""
    slug: str
    extension: str


class _Described(NamedTuple):
    """What a post's front matter (and place) says besides its date and URL."""

    slug: str
    title: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    published: bool
    draft: bool


def _text_field(metadata: Mapping[str, Any], key: str) -> str:
    """A front-matter value that must be text (a number or a date is written as text); raise
    :class:`MetadataError` naming the field for a list or a mapping."""
    value = metadata.get(key)
    if type(value) is str:  # nearly every value: no coercion to try
        return value
    try:
        return as_text(value)
    except ValueError as exc:
        raise MetadataError(f"{key}: {exc}") from exc


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
    (a plain folder of posts): it names the generator whose rules read the post.
    """
    generator = reader_of(kind)
    split = split_post(text)
    warnings: list[tuple[int | None, str]] = [(1, split.warning)] if split.warning else []
    own = generator.front_matter(_xml_safe_metadata(split))
    metadata = generator.with_defaults(own, rel_path=rel_path, kind=kind, config=config)

    def line_of(key: str) -> int | None:
        return _key_line(split.header, key, split.header_line) if split.header else None

    name = path.name if path is not None else (PurePosixPath(rel_path).name if rel_path else "post.md")
    file_name = _read_file_name(name, path, kind, generator)
    if split.format == "none":
        warnings.append((1, "no front matter: title and date come from the file name"))
    try:
        page_dates = generator.page_dates(metadata, base_name=_base_name(file_name), mtime=mtime, config=config)
    except ValueError as exc:
        key = str(exc).partition(":")[0]
        raise MetadataError(str(exc), path=path, line=line_of(key)) from exc
    if page_dates is not None and page_dates.slug and not metadata.get("slug"):
        metadata = {**metadata, "slug": page_dates.slug}
    date_key = next((k for k in generator.date_keys if metadata.get(k) not in (None, "")), None)
    try:
        date = (
            page_dates.date
            if page_dates is not None
            else _read_post_date(
                metadata, date_key, file_name, config, mtime if generator.is_draft_source(kind) else None
            )
        )
    except ValueError as exc:
        raise MetadataError(f"{date_key or 'date'}: {exc}", path=path, line=line_of(date_key or "date")) from exc
    if date is None:
        raise MetadataError(
            "no date: add 'date: YYYY-MM-DD HH:MM:SS +0800' or name the file YYYY-MM-DD-slug.md",
            path=path,
            line=line_of("date"),
        )
    if date.warning is not None:
        warnings.append((line_of(date_key or "date"), f"{date_key or 'date'}: {date.warning}"))
    try:
        described = _describe(metadata, file_name, generator, kind, path_categories, authors_data)
    except ValueError as exc:
        raise MetadataError(str(exc), path=path) from exc
    authors = described.authors or ((config.author,) if config.author is not None else ())
    facts = PostFacts(metadata, date, described.categories, described.slug, name, file_name.extension, rel_path, path)
    try:
        permalink = generator.permalink(facts, config)
    except ValueError as exc:
        raise MetadataError(f"permalink: {exc}", path=path, line=line_of("permalink")) from exc
    explicit_id = _text_field(metadata, "id").strip()
    categories, tags = (
        _capped(described.categories, "categories", warnings),
        _capped(described.tags, "tags", warnings),
    )

    return PostHead(
        path=path,
        rel_path=rel_path or name,
        extension=file_name.extension,
        metadata=metadata,
        body=split.body,
        body_line=split.body_line,
        title=described.title,
        slug=described.slug,
        date=date,
        categories=categories,
        tags=tags,
        authors=authors,
        permalink=permalink,
        id=explicit_id or generator.post_id(permalink, described.slug),
        published=described.published and generator.unlisted(metadata, name) is None,
        draft=described.draft,
        lang=generator.language(facts, config) or "",
        publish=page_dates.publish if page_dates is not None else None,
        expires=page_dates.expiry if page_dates is not None else None,
        updated=page_dates.lastmod if page_dates is not None and page_dates.lastmod != date.shown else None,
        warnings=warnings,
    )


def _xml_safe_metadata(split: SplitPost) -> dict[str, Any]:
    """The front matter without the characters XML forbids. A header whose text holds none of them and no
    backslash (the escapes of YAML, TOML and JSON strings) cannot give a value holding one: the walk through every
    value is skipped for it, as for nearly every post."""
    if "\\" not in split.header and not has_invalid_xml_chars(split.header):
        return split.metadata
    result: dict[str, Any] = strip_invalid_xml_chars_deep(split.metadata)
    return result


_MAX_TERMS = 64
"""Categories (and tags) a post keeps: each one is a feed folder and a book, so a post listing thousands would make
a build write thousands of files (the URL still follows all of them, as Jekyll's does)."""


def _capped(terms: tuple[str, ...], field_name: str, warnings: list[tuple[int | None, str]]) -> tuple[str, ...]:
    if len(terms) <= _MAX_TERMS:
        return terms
    warnings.append((None, f"{field_name}: {len(terms)} given; only the first {_MAX_TERMS} are kept"))
    return terms[:_MAX_TERMS]


def _read_file_name(name: str, path: Path | None, kind: str, generator: SiteGenerator) -> _FileName:
    """A post's file name read for its date, slug and extension; raise :class:`PostError` for a file that
    cannot be a post by its name."""
    dated = _DATED_NAME.match(name)
    if dated:
        name_date, name_slug, extension = dated.groups()
        name_slug = name_slug.rstrip(".")  # as Jekyll: a slug never ends with a period
    else:
        undated = _UNDATED_NAME.match(name)
        assert undated is not None
        name_date, extension = None, undated.group(2) or ""
        name_slug = generator.undated_slug(undated.group(1), path)
    if extension.lower() in _DATA_EXTENSIONS:
        raise PostError(f"a {extension} file is data, not a post (Jekyll does not publish it)", path=path)
    problem = generator.file_name_problem(kind, dated=dated is not None)
    if problem is not None:
        raise MetadataError(problem, path=path)
    return _FileName(name, name_date, name_slug, extension)


def _base_name(file_name: _FileName) -> str:
    """The file name without its extension (a bundle's folder name), its date included."""
    return f"{file_name.date}-{file_name.slug}" if file_name.date is not None else file_name.slug


def _read_post_date(
    metadata: Mapping[str, Any],
    date_key: str | None,
    file_name: _FileName,
    config: SiteConfig,
    draft_mtime: datetime | None,
) -> ReadDate | None:
    """The date from the front matter's ``date_key``, else the file name, else (a draft) the file's modification
    time; None when there is none. Raise ValueError for a date that cannot be read."""
    tz = config.tzinfo
    if date_key is not None:
        return read_date(metadata[date_key], tz, naive_local=config.naive_dates == "local", ruby_strings=True)
    if file_name.date is not None:
        local, _ = parse_date_string(file_name.date, tz)
        return ReadDate(local, local, "file name: midnight, site time zone")
    if draft_mtime is not None:
        local = draft_mtime.astimezone(tz)
        return ReadDate(local, local, "draft without date: file modification time")
    return None


def _describe(
    metadata: Mapping[str, Any],
    file_name: _FileName,
    generator: SiteGenerator,
    kind: str,
    path_categories: tuple[str, ...],
    authors_data: Mapping[str, Any] | None,
) -> _Described:
    """Slug, title, terms, authors and flags of a post; raise ValueError for a value that cannot be used."""
    slug = _text_field(metadata, "slug").strip() or file_name.slug
    if "title" in metadata:
        title = decode_references(_text_field(metadata, "title")).strip()
    else:  # a file name that is not UTF-8 holds lone surrogates: no output could write them
        title = strip_invalid_xml_chars(generator.default_title(file_name.slug))
    categories, tags = generator.terms(metadata, path_categories)
    return _Described(
        slug=slug,
        title=title,
        categories=categories,
        tags=tags,
        authors=as_authors(metadata.get("authors") or metadata.get("author"), authors_data),
        published=_published(metadata.get("published")),
        draft=generator.is_draft_source(kind)
        or (as_bool(metadata["draft"]) if metadata.get("draft") is not None else False),
    )


def _published(value: Any) -> bool:
    """The ``published`` flag; a date there is Hugo's publish date (and a true value in Ruby): published."""
    return True if value is None or isinstance(value, date) else as_bool(value)


def _lead_image(value: Any, config: SiteConfig) -> str | None:
    """The front matter's ``image`` (a URL, or a mapping with its ``path``): absolute on the site, or None when
    :func:`~newsfmt.cleaning.links.checked_url` refuses it."""
    if isinstance(value, Mapping):
        value = value.get("path") or value.get("url")
    url = checked_url(value, image=True) if isinstance(value, str) else None
    if url is None or has_scheme(url):
        return url
    return config.absolute_url(url)


def cleaning_rules(config: SiteConfig) -> CleaningRules:
    """The site's cleaning rules (its ``newsfmt: cleaning:`` options), else the defaults."""
    return config.options.cleaning or DEFAULT_RULES


def render_article(
    head: PostHead,
    *,
    config: SiteConfig,
    resolve: LinkResolver | None = None,
    plain_text: bool = True,
) -> Article:
    """Render and clean a post's body and build its Article; warnings are added to ``head.warnings``.

    ``plain_text=False`` leaves ``Article.text`` empty where the article has a summary (see
    :func:`~newsfmt.clean_html`): a feed needs no more.

    Raises :class:`PostError` (with the post's path and body line) for a body that cannot be rendered,
    including one nested too deeply for the renderer's recursion.
    """
    try:
        return _render_article(head, config=config, resolve=resolve, plain_text=plain_text)
    except RecursionError as exc:
        raise PostError("body is nested too deeply to render", path=head.path, line=head.body_line) from exc


def _render_article(
    head: PostHead, *, config: SiteConfig, resolve: LinkResolver | None, plain_text: bool = True
) -> Article:
    metadata = head.metadata
    body = head.body
    generator = generator_of(config)
    if generator.renders_liquid and has_liquid(body):
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
        site_vars = {
            **config.data,
            "data": config.site_data,
            "url": config.url,
            "baseurl": config.baseurl,
            "title": config.title,
        }
        includes = IncludeFiles(os.fspath(config.root), posixpath.dirname(head.rel_path)) if config.root else None
        result = render_liquid(
            body,
            site=site_vars,
            page=page,
            resolve=resolve or (lambda kind, arg: None),
            baseurl=config.baseurl,
            includes=includes,
        )
        body = result.text
        head.warnings.extend((head.body_line, warning) for warning in result.warnings)
    elif shortcodes := generator.render_shortcodes(body, metadata, config, resolve or (lambda kind, arg: None)):
        body = shortcodes[0]
        head.warnings.extend((head.body_line, warning) for warning in shortcodes[1])
    rendered = render_body(body, head.extension, kramdown_tables=generator.kramdown_tables)
    url = config.absolute_url(head.permalink) if config.url else None
    lang = _text_field(metadata, "lang").strip() or head.lang or config.lang
    from ..cleaning.clean import clean_html  # lxml and the cleaner: only once a body is rendered

    cleaned = clean_html(
        rendered,
        base_url=url or (config.home_url if config.url else None),
        rules=cleaning_rules(config),
        lang=lang,
        plain_text=plain_text,
    )
    head.warnings.extend((head.body_line, warning) for warning in cleaned.warnings)
    summary = ""
    for key in _SUMMARY_KEYS:
        if metadata.get(key) not in (None, ""):
            summary = " ".join(as_text(metadata[key]).split()) if isinstance(metadata[key], str) else ""
            if summary:
                break
    updated = head.updated
    for key in () if updated is not None else _UPDATED_KEYS:
        if metadata.get(key) not in (None, ""):
            try:
                updated = read_date(metadata[key], config.tzinfo, naive_local=config.naive_dates == "local").shown
            except ValueError as exc:
                head.warnings.append((None, f"{key}: {exc}; ignored"))
            break
    if not summary:
        summary = generator.summary(head.body, cleaned.html, config, _text_renderer(head, config)) or ""
    image = _lead_image(metadata.get("image"), config)
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


def _text_renderer(head: PostHead, config: SiteConfig) -> Callable[[str], str]:
    """Renders a part of the post's body to its cleaned plain text."""

    def render(part: str) -> str:
        from ..cleaning.clean import clean_html

        rendered = render_body(part, head.extension, kramdown_tables=generator_of(config).kramdown_tables)
        return clean_html(rendered, rules=cleaning_rules(config)).text

    return render


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
