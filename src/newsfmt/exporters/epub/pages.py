"""The XHTML pages of a book (one per article, or several briefs per page; the title page, the cover page) and
its generated SVG cover.

Pure lxml; each function returns the bytes of one complete, well-formed content document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from ...cleaning.whitespace import display_width
from ...languages import writes_han_labels
from ...model import Article
from ...xmlchars import strip_invalid_xml_chars
from .attributes import is_language_tag
from .content_model import XHTML_NS, xhtml
from .context import ImageResolver, XhtmlLabels
from .escaping import escape_attribute, escape_text
from .xhtml import fragment_to_xhtml, link_markup

__all__ = [
    "COVER_FRAME",
    "COVER_HEIGHT",
    "COVER_INK",
    "COVER_WIDTH",
    "BookLabels",
    "CoverDesign",
    "CoverLine",
    "article_page",
    "article_title",
    "briefs_page",
    "cover_design",
    "cover_page",
    "cover_svg",
    "format_date",
    "labels_for",
    "title_page",
]

EPUB_NS = "http://www.idpf.org/2007/ops"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = "<!DOCTYPE html>"


@dataclass(frozen=True, slots=True)
class BookLabels:
    """Words a book shows, in its language."""

    contents: str
    cover: str
    title_page: str
    source: str
    articles: str
    untitled: str
    landmarks: str
    xhtml: XhtmlLabels


_ZH = BookLabels("目录", "封面", "扉页", "来源", "篇", "（无题）", "导览", XhtmlLabels(image="图片", media="媒体"))
_EN = BookLabels("Contents", "Cover", "Title page", "Source", "articles", "(untitled)", "Guide", XhtmlLabels())


def labels_for(lang: str) -> BookLabels:
    """Labels for a book in ``lang`` (Chinese or Japanese, else English).

    >>> labels_for("zh-CN").contents, labels_for("en-GB").contents
    ('目录', 'Contents')
    """
    return _ZH if writes_han_labels(lang) else _EN


def format_date(moment: datetime, lang: str) -> str:
    """A publication date and time as readers of ``lang`` write it.

    >>> from datetime import datetime
    >>> format_date(datetime(2021, 12, 31, 7, 55), "zh-CN"), format_date(datetime(2021, 12, 31, 7, 55), "en")
    ('2021年12月31日 07:55', '31 December 2021, 07:55')
    """
    if writes_han_labels(lang):
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour:02d}:{moment.minute:02d}"
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def article_title(article: Article, lang: str) -> str:
    """The title shown for an article: its own, else the start of its summary, else a placeholder."""
    title = " ".join(strip_invalid_xml_chars(article.title).split())
    if title:
        return title
    summary = " ".join(strip_invalid_xml_chars(article.summary or article.text).split())
    if summary:
        return summary[:30] + ("…" if len(summary) > 30 else "")
    return labels_for(lang).untitled


def _document(lang: str, title: str, stylesheet: str) -> tuple[etree._Element, etree._Element]:
    root = etree.Element(xhtml("html"), nsmap={None: XHTML_NS, "epub": EPUB_NS})  # type: ignore[dict-item]
    root.set("lang", lang)
    root.set(_XML_LANG, lang)
    head = etree.SubElement(root, xhtml("head"))
    etree.SubElement(head, xhtml("meta"), charset="utf-8")
    etree.SubElement(head, xhtml("title")).text = title
    etree.SubElement(head, xhtml("link"), rel="stylesheet", type="text/css", href=stylesheet)
    body = etree.SubElement(root, xhtml("body"))
    return root, body


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype=_DOCTYPE))


def _paragraph(parent: etree._Element, text: str, css_class: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, xhtml("p"))
    if css_class:
        element.set("class", css_class)
    element.text = strip_invalid_xml_chars(text)
    return element


def article_page(
    article: Article,
    *,
    lang: str,
    stylesheet: str,
    resolve_image: ImageResolver,
    absolute: ImageResolver | None = None,
) -> bytes:
    """One article as a content document: title, date, authors, source (with its link) and the cleaned body."""
    labels = labels_for(lang)
    cjk = writes_han_labels(lang)
    title = article_title(article, lang)
    section_lang = None
    if article.lang and article.lang != lang and is_language_tag(article.lang):
        section_lang = article.lang
    byline = _byline(article, lang)
    source_label = f"{labels.source}{'：' if cjk else ': '}"
    source_name = article.source_name or article.source_url or ""
    has_source = bool(article.source_name or article.source_url)
    content = fragment_to_xhtml(article.body_html, resolve_image=resolve_image, absolute=absolute, labels=labels.xhtml)
    content.set("class", "body")

    # The page as text around the one serialisation of its body: the bytes lxml would write for the whole page
    # (the other pages, and this one when that cannot be promised, are built as trees and serialised).
    body = bytes(etree.tostring(content, encoding="utf-8"))
    source = link_markup(source_name, article.source_url or None, absolute=absolute) if has_source else ""
    if body.startswith(_XHTML_DIV) and body.count(b"xmlns") == 1 and source is not None:
        lang_value = escape_attribute(lang)
        section_attributes = ""
        if section_lang is not None:
            value = escape_attribute(section_lang)
            section_attributes = f' lang="{value}" xml:lang="{value}"'
        if has_source:
            source = f'<p class="source">{escape_text(strip_invalid_xml_chars(source_label))}{source}</p>'
        title = escape_text(title)
        head = (
            f'{_PAGE_PROLOGUE}<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{lang_value}" '
            f'xml:lang="{lang_value}"><head><meta charset="utf-8"/><title>{title}</title>'
            f'<link rel="stylesheet" type="text/css" href="{escape_attribute(stylesheet)}"/></head><body>'
            f'<section epub:type="chapter"{section_attributes}><h1>{title}</h1>'
            f'<p class="meta">{escape_text(strip_invalid_xml_chars(byline))}</p>{source}<div'
        )
        return b"".join((head.encode(), memoryview(body)[len(_XHTML_DIV) :], b"</section></body></html>"))

    root, page = _document(lang, title, stylesheet)
    _article_section(page, article, content, lang=lang, resolve_image=resolve_image, absolute=absolute)
    return _serialise(root)


def briefs_page(
    briefs: list[tuple[str, Article]],
    *,
    title: str,
    lang: str,
    stylesheet: str,
    resolve_image: ImageResolver,
    absolute: ImageResolver | None = None,
) -> bytes:
    """Several short articles as one content document (the compact layout of a book of briefs): each a section
    with its ``id`` (the first of each pair, for the table of contents to link to), a second-level title, its
    date line and body."""
    root, page = _document(lang, title, stylesheet)
    for anchor, article in briefs:
        content = fragment_to_xhtml(
            article.body_html, resolve_image=resolve_image, absolute=absolute, labels=labels_for(lang).xhtml
        )
        content.set("class", "body")
        section = _article_section(
            page, article, content, lang=lang, resolve_image=resolve_image, absolute=absolute, heading="h2"
        )
        section.set("id", anchor)
        section.set("class", "brief")
    return _serialise(root)


def _article_section(
    page: etree._Element,
    article: Article,
    content: etree._Element,
    *,
    lang: str,
    resolve_image: ImageResolver,
    absolute: ImageResolver | None,
    heading: str = "h1",
) -> etree._Element:
    """Add an article's section to ``page``: its title, date line, source and ``content`` (its body)."""
    labels = labels_for(lang)
    section = etree.SubElement(page, xhtml("section"))
    section.set(f"{{{EPUB_NS}}}type", "chapter")
    if article.lang and article.lang != lang and is_language_tag(article.lang):
        section.set("lang", article.lang)
        section.set(_XML_LANG, article.lang)
    etree.SubElement(section, xhtml(heading)).text = article_title(article, lang)
    _paragraph(section, _byline(article, lang), "meta")
    if article.source_name or article.source_url:
        source_name = article.source_name or article.source_url or ""
        paragraph = _paragraph(section, f"{labels.source}{'：' if writes_han_labels(lang) else ': '}", "source")
        fragment = fragment_to_xhtml(
            f'<a href="{escape_attribute(article.source_url or "")}">{escape_text(source_name)}</a>'
            if article.source_url
            else escape_text(source_name),
            resolve_image=resolve_image,
            absolute=absolute,
        )
        paragraph.text = (paragraph.text or "") + (fragment.text or "")
        paragraph.extend(fragment)
    section.append(content)
    return section


def _byline(article: Article, lang: str) -> str:
    """The date line under an article's title: its date, and its authors' names."""
    byline = format_date(article.date, lang)
    names = [" ".join(author.name.split()) for author in article.authors if author.name.strip()]
    return byline + " · " + ", ".join(names) if names else byline


_XHTML_DIV = f'<div xmlns="{XHTML_NS}"'.encode()
_PAGE_PROLOGUE = f"<?xml version='1.0' encoding='utf-8'?>\n{_DOCTYPE}\n"


def title_page(*, title: str, lines: list[str], lang: str, stylesheet: str) -> bytes:
    """The title page: the book title and a few lines (site, category, period, number of articles)."""
    root, body = _document(lang, title, stylesheet)
    section = etree.SubElement(body, xhtml("section"))
    section.set("class", "titlepage")
    section.set(f"{{{EPUB_NS}}}type", "titlepage")
    etree.SubElement(section, xhtml("h1")).text = strip_invalid_xml_chars(title)
    for line in lines:
        if line.strip():
            _paragraph(section, line)
    return _serialise(root)


def cover_page(*, image_href: str, title: str, lang: str, stylesheet: str) -> bytes:
    """The cover page: the cover image, full page."""
    root, body = _document(lang, labels_for(lang).cover, stylesheet)
    section = etree.SubElement(body, xhtml("section"))
    section.set("class", "cover")
    section.set(f"{{{EPUB_NS}}}type", "cover")
    etree.SubElement(section, xhtml("img"), src=image_href, alt=strip_invalid_xml_chars(title))
    return _serialise(root)


_PALETTE = ("#7a1f1f", "#1f3d7a", "#1f5e3a", "#5a2f6e", "#6e4a1f", "#2f5a6e", "#4a4a4a")


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in _tokens(text):
        if current and display_width(current + word) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: max(1, width // 2 - 1)] + "…"]
    return lines


def _tokens(text: str) -> list[str]:
    """Split into wrap units: a CJK character alone, other text by words (keeping the space before them)."""
    tokens: list[list[str]] = []  # characters, joined at the end: a title can be one 140 KB word
    after_wide = False
    for char in text:
        wide = display_width(char) == 2
        if wide or after_wide or not tokens or char == " ":
            tokens.append([char])
        else:
            tokens[-1].append(char)
        after_wide = wide
    return ["".join(token) for token in tokens]


COVER_WIDTH, COVER_HEIGHT = 600, 800
"""The size of a generated cover, and the units of :class:`CoverDesign`."""
COVER_INK = "#f3e9d2"
"""The colour of a generated cover's frame and text."""
COVER_FRAME = (30, 30, 570, 770, 3)
"""The frame of a generated cover: left, top, right, bottom and line width."""


@dataclass(frozen=True, slots=True)
class CoverLine:
    """One line of text of a generated cover, centred."""

    text: str
    baseline: int
    """The line's baseline, from the top, in units of the 600 × 800 cover."""
    size: int
    """The font size, in the same units."""
    bold: bool


@dataclass(frozen=True, slots=True)
class CoverDesign:
    """A generated cover: its background colour and lines of text, drawn as SVG for the book (:func:`cover_svg`)
    and as PNG for the catalog (:mod:`newsfmt.exporters.artwork`)."""

    colour: str
    lines: tuple[CoverLine, ...]


def cover_design(*, title: str, subtitle: str, footer: str) -> CoverDesign:
    """The layout of a generated cover: the title, a subtitle (category) and a footer (period, site).

    >>> [line.text for line in cover_design(title="Tech", subtitle="Tech", footer="2021").lines]
    ['Tech', 'Tech', '2021']
    """
    colour = _PALETTE[int(hashlib.sha1(subtitle.encode("utf-8"), usedforsecurity=False).hexdigest(), 16) % 7]
    lines: list[CoverLine] = []
    y = 260
    for line in _wrap(_one_line(title), 22, 5):
        lines.append(CoverLine(line, y, 44, bold=True))
        y += 62
    y += 30
    for line in _wrap(_one_line(subtitle), 30, 2):
        lines.append(CoverLine(line, y, 30, bold=False))
        y += 44
    for index, line in enumerate(_wrap(_one_line(footer), 34, 2)):
        lines.append(CoverLine(line, 690 + 40 * index, 26, bold=False))
    return CoverDesign(colour, tuple(lines))


def _one_line(text: str) -> str:
    return " ".join(strip_invalid_xml_chars(text).split())


def cover_svg(*, title: str, subtitle: str, footer: str) -> bytes:
    """A plain generated cover, 600 × 800 SVG, as :func:`cover_design` lays it out.

    >>> b"2021" in cover_svg(title="Tech", subtitle="Tech", footer="2021")
    True
    """
    design = cover_design(title=title, subtitle=subtitle, footer=footer)
    left, top, right, bottom, stroke = COVER_FRAME
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{COVER_WIDTH}" height="{COVER_HEIGHT}" '
        f'viewBox="0 0 {COVER_WIDTH} {COVER_HEIGHT}">',
        f'<rect x="0" y="0" width="{COVER_WIDTH}" height="{COVER_HEIGHT}" fill="{design.colour}"/>',
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" '
        f'stroke="{COVER_INK}" stroke-width="{stroke}"/>',
    ]
    parts.extend(_svg_text(line) for line in design.lines)
    parts.append("</svg>")
    return "\n".join(parts).encode("utf-8")


def _svg_text(line: CoverLine) -> str:
    return (
        f'<text x="{COVER_WIDTH // 2}" y="{line.baseline}" font-family="serif" font-size="{line.size}" '
        f'font-weight="{"bold" if line.bold else "normal"}" fill="{COVER_INK}" text-anchor="middle">'
        f"{escape_text(line.text)}</text>"
    )
