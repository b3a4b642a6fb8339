"""The cleaning step: one parse, then sanitising, boilerplate, links, text and summary from the same tree."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from itertools import islice
from typing import cast

from lxml import etree

from ..languages import is_chinese_language, is_cjk_language
from ..xmlchars import strip_invalid_xml_chars
from .boilerplate import drop_empty, drop_matching_blocks, take_trailing
from .html5_probe import VOID_ELEMENTS
from .nesting import has_unstable_nesting
from .parse import parse_fragment_as_written
from .render import Rendered, format_blocks, render_blocks
from .rules import DEFAULT_RULES, CleaningRules, CompiledRules, compile_rules
from .sanitize import sanitize
from .summary import summarize, summarize_start
from .whitespace import has_wide
from .xml_shortcut import only_void_elements_self_closed

__all__ = ["CleanResult", "clean_html", "clean_tree", "image_label", "serialize"]

_MAX_ROUNDS = 4
_LARGE = 100_000
"""Characters of markup from which a body counts as large (a long table): some passes then take another way."""
_SUMMARY_START = 8
"""Top-level elements of a body rendered first when only its summary is needed (a few paragraphs hold it)."""
_EMPTY_ELEMENTS = etree.XPath("descendant::*[not(node())]")
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#\s]")


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What :func:`clean_html` gives back."""

    html: str
    """Clean, safe HTML fragment (well-formed XML once wrapped in a ``div``; no named entities)."""
    text: str
    """Plain text of the fragment, as :func:`~newsfmt.to_text` renders a body (links inline, no wrapping)."""
    summary: str
    """First sentences of the text, for posts that give no summary."""
    source_url: str | None = None
    """A lone trailing URL that named the original article, when one was removed."""
    source_name: str | None = None
    """The publication named by a source line (``（文章来源：X）``), when one was removed."""
    warnings: tuple[str, ...] = ()
    """What the author may want to fix: markup read otherwise than it was written (a ``<title>`` never closed)."""


def image_label(lang: str | None, sample: str) -> str:
    """``图`` for Chinese (by ``lang``, else by the text itself), ``image`` otherwise."""
    if lang:
        return "图" if is_chinese_language(lang) else "image"
    return "图" if has_wide(sample) else "image"  # the first characters are enough to tell


def is_cjk(lang: str | None, html: str) -> bool:
    """Whether a post is Chinese, Japanese or Korean: by ``lang``, or else by its characters.

    The characters decide too because a post read without its site gets the default language (``en``).
    """
    return is_cjk_language(lang) or has_wide(html)


def clean_tree(
    html: str,
    *,
    base_url: str | None = None,
    rules: CleaningRules = DEFAULT_RULES,
    lang: str | None = None,
    warnings: list[str] | None = None,
) -> tuple[etree._Element, str | None, str | None]:
    """Parse and clean ``html``; return the clean ``body`` element, the source URL and the source name.

    What the parser read otherwise than written is added to ``warnings`` when given.
    """
    return _clean_tree(html, base_url, compile_rules(rules), lang, warnings)


def _clean_tree(
    html: str, base_url: str | None, compiled: CompiledRules, lang: str | None, warnings: list[str] | None
) -> tuple[etree._Element, str | None, str | None]:
    if base_url is not None and _ABSOLUTE.match(base_url) is None:
        base_url = None  # a relative base cannot make links absolute; joining twice would change them
    cjk = is_cjk(lang, html)
    source_url = source_name = None
    for round_number in range(_MAX_ROUNDS):
        body, as_written = parse_fragment_as_written(html, warnings if round_number == 0 else None)
        large = len(html) > _LARGE
        # Only a large body's markup is searched for a proof that the allow-list has nothing to do: on an
        # ordinary post the search, and the depth check the walk's count spares, cost more than the walk.
        unwrapped = sanitize(body, compiled, base_url, large=large, markup=html if large else None)
        drop_matching_blocks(body, compiled)
        drop_empty(body, large=large)
        trailing = take_trailing(body, compiled, base_url, cjk=cjk)
        source_url = source_url or trailing.source_url
        source_name = source_name or trailing.source_name
        if (as_written and not unwrapped) or not has_unstable_nesting(body):
            break
        # Rare (malformed input, or a parser that fostered a table's content into an element that cannot hold
        # it): clean the output again until the parser reads it back as written.
        html = serialize(body)
    return body, source_url, source_name


def serialize(body: etree._Element) -> str:
    """The children of a clean ``body`` as an XHTML fragment (characters as themselves, not entities)."""
    body.tail = None
    if len(body) == 0 and not (body.text or "").strip():
        return ""  # nothing but (no-break) spaces
    markup = etree.tostring(body, encoding="unicode", method="xml")
    if "<pre" in markup and _double_line_feed_after_pre(body):
        markup = etree.tostring(body, encoding="unicode", method="xml")
    # Text and attribute values escape "<" and ">" in serialised markup, so each "/>" ends a tag.
    if "/>" in markup and not only_void_elements_self_closed(markup):
        for element in cast(list[etree._Element], _EMPTY_ELEMENTS(body)):
            if element.tag not in VOID_ELEMENTS:
                element.text = ""  # written <p></p>: an HTML parser reads <p/> as an open paragraph
        markup = etree.tostring(body, encoding="unicode", method="xml")
    if markup.endswith("/>"):
        return ""
    fragment = markup[len("<body>") : -len("</body>")]
    return strip_invalid_xml_chars(fragment)


def _double_line_feed_after_pre(body: etree._Element) -> bool:
    """Write a line feed that starts a ``pre`` twice, as an HTML parser drops one right after ``<pre>``; whether
    any was."""
    doubled = False
    for block in body.iter("pre"):
        if block.text and block.text.startswith("\n"):
            block.text = "\n" + block.text
            doubled = True
    return doubled


def clean_html(
    html: str,
    *,
    base_url: str | None = None,
    rules: CleaningRules = DEFAULT_RULES,
    lang: str | None = None,
    plain_text: bool = True,
) -> CleanResult:
    """Clean one post body: safe XHTML, boilerplate removed, links absolute, plus its text and summary.

    ``base_url`` is the post's absolute URL (or the site's): relative links are resolved against it (a
    base that is not absolute is ignored).
    ``lang`` chooses how images read in the text (``[图: …]`` for Chinese); without it the text decides.
    ``plain_text=False`` leaves ``text`` empty when there is a summary: what a feed needs, since it shows a body's
    text only as the title of a post that has neither title nor summary.
    Raises :class:`~newsfmt.PostError` for a body nested too deep to parse; bad rules raise
    :class:`~newsfmt.ConfigError`.

    >>> result = clean_html('<p onclick="x()">株洲\\n日报<script>alert(1)</script></p>'
    ...                     '<p>（文章来源：株洲日报）</p><p><a href="/a">返回首页</a></p>',
    ...                     base_url="https://example.org/2021/post.html")
    >>> result.html, result.text, result.source_name
    ('<p>株洲\\n日报</p>', '株洲日报', '株洲日报')
    """
    if not isinstance(html, str):
        raise TypeError(f"clean_html() needs str, not {type(html).__name__}")
    warnings: list[str] = []
    compiled = compile_rules(rules)
    body, source_url, source_name = _clean_tree(html, base_url, compiled, lang, warnings)
    label = image_label(lang, html[:2000])
    summary = None if plain_text else _summary_of_start(body, label, compiled)
    text = ""
    if summary is None:
        rendered = render_blocks(body, image_label=label)
        summary = summarize(rendered.blocks, compiled)
        text = format_blocks(rendered) if plain_text or not summary else ""
    return CleanResult(
        html=serialize(body),
        text=text,
        summary=summary,
        source_url=source_url,
        source_name=source_name,
        warnings=tuple(warnings),
    )


def _summary_of_start(body: etree._Element, label: str, rules: CompiledRules) -> str | None:
    """The summary of a body, from a copy of its first top-level elements when they hold enough of it; None when
    they do not (the whole body must be rendered then). A feed needs no text: most of the body is never
    rendered."""
    if len(body) <= _SUMMARY_START:
        return None
    start = etree.Element("body")
    start.text = body.text
    start.extend(copy.copy(child) for child in islice(body, _SUMMARY_START))  # lxml copies deep, with the tail
    return summarize_start(render_blocks(start, image_label=label).blocks, rules)


def render(body: etree._Element, lang: str | None, sample: str) -> Rendered:
    """Blocks of a clean body, with image labels in the language of the post."""
    return render_blocks(body, image_label=image_label(lang, sample))
