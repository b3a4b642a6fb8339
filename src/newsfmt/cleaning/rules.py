"""Boilerplate rules as data: what the cleaner removes or extracts, with defaults for Chinese and English news.

A site adds its own rules in its config::

    newsfmt:
      cleaning:
        remove_selectors: ["div.share", "p.editor"]
        remove_patterns: ["^责任编辑：.*$"]

User rules extend the defaults unless ``defaults: false`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from ..errors import ConfigError

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["DEFAULT_RULES", "CleaningRules", "CompiledRules", "Selection", "compile_rules"]


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """The boilerplate rules of :func:`~newsfmt.clean_html`, as plain data (hashable, comparable).

    Patterns are Python regular expressions; a pattern for a block matches its whole text, whitespace
    collapsed (``re.fullmatch``).

    ``CleaningRules(...)`` starts from nothing: the built-in rules are not in it. To add a rule and keep them,
    extend the defaults (:meth:`defaults`, :meth:`extended`):

    >>> rules = CleaningRules.defaults().extended(remove_selectors=["div.share"], remove_patterns=["^Ad:.*$"])
    >>> "div.share" in rules.remove_selectors and set(DEFAULT_RULES.remove_selectors) <= set(rules.remove_selectors)
    True
    """

    remove_selectors: tuple[str, ...] = ()
    """CSS selectors of elements removed with their content (matched before attributes are stripped)."""
    unwrap_selectors: tuple[str, ...] = ()
    """CSS selectors of elements replaced by their content (stock-quote links, say)."""
    remove_patterns: tuple[str, ...] = ()
    """Blocks (``p``, ``div``, ``li``, headings …) whose whole text matches are removed, wherever they are."""
    source_patterns: tuple[str, ...] = ()
    """A trailing block matching one of these (group ``name``) is removed and gives ``source_name``."""
    nav_link_pattern: str = ""
    """A trailing block of links and separators is navigation when every link text matches this."""
    separators: str = ""
    """Characters allowed between the links of a navigation block."""
    byline_patterns: tuple[str, ...] = ()
    """Paragraphs the summary skips as bylines (``re.search`` on the paragraph's start)."""
    label_patterns: tuple[str, ...] = ()
    """Paragraphs the summary skips as labels (whole text)."""
    remove_hidden: bool = True
    """Remove elements hidden with ``display:none``, ``visibility:hidden`` or the ``hidden`` attribute."""
    trailing_navigation: bool = True
    """Remove a trailing block made only of navigation links and separators."""
    trailing_url: bool = True
    """Remove a lone trailing URL and report it as ``source_url``."""
    trailing_url_cjk_only: bool = True
    """Apply ``trailing_url`` only to Chinese, Japanese and Korean posts: in English blogs a bare URL at the
    end is usually content (a gist, the post being discussed)."""
    summary_chars: int = 120
    """Summary length in CJK characters (a word of other scripts counts ``summary_chars / summary_words``)."""
    summary_words: int = 50
    """Summary length in words for text without CJK characters."""

    @classmethod
    def defaults(cls) -> CleaningRules:
        """The built-in rules (:data:`DEFAULT_RULES`): fit Chinese news archives, leave English blog posts alone."""
        return DEFAULT_RULES

    def extended(self, **options: Any) -> CleaningRules:
        """These rules with ``options`` added, named as the fields are and as the ``newsfmt: cleaning:`` config
        takes them: a list option (``remove_selectors=["div.share"]``) is appended to the rules' own, without
        duplicates; any other option (``summary_words=80``) replaces its value.

        Raises :class:`~newsfmt.ConfigError` naming the option for an unknown name, a bad value, a bad CSS
        selector or a bad regular expression.
        """
        return self._merged(options)

    def _merged(self, options: Mapping[str, Any]) -> CleaningRules:
        known = {f.name for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in options.items():
            if key not in known:
                raise ConfigError(f"newsfmt.cleaning.{key}: unknown option (known: {', '.join(sorted(known))})")
            changes[key] = _coerce(key, value, getattr(self, key))
        rules = replace(self, **changes)
        compile_rules(rules)  # report bad patterns and selectors now, not in the middle of a build
        return rules

    @classmethod
    def from_options(cls, options: Mapping[str, Any] | None, *, base: CleaningRules | None = None) -> CleaningRules:
        """Read the ``cleaning`` mapping of a site's ``newsfmt:`` options (``SiteConfig.options``).

        Keys of ``options`` other than ``cleaning`` belong to other stages and are ignored. List options
        extend the defaults (``base``, :data:`DEFAULT_RULES` unless given) unless ``defaults: false``;
        other options replace them. Raises :class:`~newsfmt.ConfigError` naming the option for an unknown
        key or a bad value.

        >>> rules = CleaningRules.from_options({"cleaning": {"remove_selectors": ["div.share"]}})
        >>> "div.share" in rules.remove_selectors
        True
        """
        if base is None:
            base = DEFAULT_RULES
        if options is None:
            return base
        if not isinstance(options, Mapping):
            raise ConfigError(f"newsfmt options must be a mapping, not {type(options).__name__}")
        options = options.get("cleaning")
        if options is None:
            return base
        if not isinstance(options, Mapping):
            raise ConfigError(f"newsfmt.cleaning must be a mapping, not {type(options).__name__}")
        keep_defaults = options.get("defaults", True)
        if not isinstance(keep_defaults, bool):
            raise ConfigError(f"newsfmt.cleaning.defaults must be true or false, not {keep_defaults!r}")
        if not keep_defaults:
            base = CleaningRules(nav_link_pattern=base.nav_link_pattern, separators=base.separators)
        return base._merged({key: value for key, value in options.items() if key != "defaults"})


def _coerce(key: str, value: Any, current: Any) -> Any:
    name = f"newsfmt.cleaning.{key}"
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, not {value!r}")
        return value
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
            raise ConfigError(f"{name} must be a whole number between 1 and 10000, not {value!r}")
        return value
    if isinstance(current, str):
        if not isinstance(value, str):
            raise ConfigError(f"{name} must be a string, not {value!r}")
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError(f"{name} must be a list of non-empty strings, not {value!r}")
    return tuple(dict.fromkeys((*current, *value)))


DEFAULT_RULES = CleaningRules(
    remove_selectors=(
        # Empty stock-quote placeholders and the K-line chart the quote widget inserts (eastmoney.com).
        'span[id^="quote_"]',
        'span[id^="bkquote_"]',
        "a.EmImageRemark",
    ),
    unwrap_selectors=("a.keytip", "a.infokey", "span.em_stock_key_common"),
    remove_patterns=(),
    source_patterns=(
        r"[（(]\s*(?:文章|本文|新闻)?来源\s*[：:]\s*(?P<name>[^（）()]{1,60}?)\s*[）)]",
        r"(?:文章|本文|新闻)来源\s*[：:]\s*(?P<name>\S.{0,40}?)\s*[。.]?",
    ),
    nav_link_pattern=(
        r"(?i)\s*(?:返回|回到|回首页|首页|主页|上一篇|下一篇|上一页|下一页|更多|查看原文|阅读原文)\S{0,20}\s*"
        r"|\s*(?:back to|return to|home|next|previous|prev)\b.{0,40}"
    ),
    separators="｜|/·•-—–>»<«,，、 \u00a0\u3000[]【】()（）",
    byline_patterns=(
        r"^.{0,30}(?:记者|通讯员|特约撰稿|撰文|编辑|作者)\s*[/／:：|｜\s]",
        r"^.{0,12}(?:记者|通讯员)\S{0,24}$",
        r"^(?:本报|本台|新华社|中新社|央视网)\S{0,20}(?:讯|电)",
        r"^[Bb][Yy]\s+[A-Z][\w.'\- ]{0,60}$",
        r"^(?:文|图|撰文|摄影)\s*[/／|｜]",
    ),
    label_patterns=(
        r"【[^】]{1,20}】",
        r"\[[^\]]{1,20}\]",
        r".{1,12}[：:]",
    ),
)
"""The default rules: fit Chinese news archives and leave ordinary English blog posts alone."""


@dataclass(frozen=True, slots=True)
class Selection:
    """CSS selectors compiled to one XPath, with the element names their matches need: the XPath walks the whole
    tree once per selector, lxml finds out in C, far faster, that a tree holds none of those elements."""

    xpath: etree.XPath
    names: tuple[str, ...] | None
    """One of these elements is the first step of every match (None: not known, the XPath always runs)."""

    def __call__(self, body: etree._Element, *, look_first: bool = False) -> list[etree._Element]:
        """The elements of ``body`` the selectors match, in document order.

        ``look_first``: see first whether ``body`` holds any element of ``names``, which pays off on a large body
        (a small one costs more to look at than to search).
        """
        if look_first and self.names is not None and next(body.iter(*self.names), None) is None:
            return []
        return cast(list["etree._Element"], self.xpath(body))


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """:class:`CleaningRules` turned into compiled XPath and regular expressions (cached per rules value)."""

    remove: Selection | None
    """All ``remove_selectors`` (None when there are none)."""
    unwrap: Selection | None
    """All ``unwrap_selectors`` (None when there are none)."""
    remove_patterns: tuple[re.Pattern[str], ...]
    """Compiled ``remove_patterns``."""
    source_patterns: tuple[re.Pattern[str], ...]
    """Compiled ``source_patterns``."""
    nav_link: re.Pattern[str] | None
    """Compiled ``nav_link_pattern`` (None when empty)."""
    separators: frozenset[str]
    """The ``separators`` characters."""
    byline: tuple[re.Pattern[str], ...]
    """Compiled ``byline_patterns``."""
    label: tuple[re.Pattern[str], ...]
    """Compiled ``label_patterns``."""
    rules: CleaningRules
    """The rules these were compiled from (for their switches and numbers)."""


_FIRST_STEP = re.compile(r"descendant::([A-Za-z][A-Za-z0-9_-]*)(?:[\[/]|$)")
"""The element name of an XPath's first step, as cssselect writes it for a selector that names its element."""


def _xpath(selectors: tuple[str, ...], option: str) -> Selection | None:
    if not selectors:
        return None
    from cssselect import GenericTranslator, SelectorError  # with lxml: only once rules are compiled
    from lxml import etree

    translator = GenericTranslator()
    parts: list[str] = []
    for selector in selectors:
        try:
            parts.append(translator.css_to_xpath(selector, prefix="descendant::"))
        except SelectorError as exc:
            raise ConfigError(f"newsfmt.cleaning.{option}: bad CSS selector {selector!r}: {exc}") from exc
    return Selection(etree.XPath(" | ".join(parts)), _first_names(parts))


def _first_names(paths: list[str]) -> tuple[str, ...] | None:
    """The element names the XPath ``paths`` start with (a group of selectors is a union, ``a | b``); None when
    one starts otherwise (``*``, a prefix). Splitting a string literal that holds " | " can only add a name or
    give None: never a name too few."""
    names: dict[str, None] = {}
    for branch in " | ".join(paths).split(" | "):
        first = _FIRST_STEP.match(branch)
        if first is None:
            return None
        names[first.group(1)] = None
    return tuple(names)


def _regexes(patterns: tuple[str, ...], option: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ConfigError(f"newsfmt.cleaning.{option}: bad regular expression {pattern!r}: {exc}") from exc
    return tuple(compiled)


@lru_cache(maxsize=64)
def compile_rules(rules: CleaningRules) -> CompiledRules:
    """Compile the selectors and patterns of ``rules`` once; raises ConfigError for a bad one."""
    for pattern in rules.source_patterns:
        if "(?P<name>" not in pattern:
            raise ConfigError(f"newsfmt.cleaning.source_patterns: {pattern!r} needs a group (?P<name>...)")
    nav = _regexes((rules.nav_link_pattern,), "nav_link_pattern")[0] if rules.nav_link_pattern else None
    return CompiledRules(
        remove=_xpath(rules.remove_selectors, "remove_selectors"),
        unwrap=_xpath(rules.unwrap_selectors, "unwrap_selectors"),
        remove_patterns=_regexes(rules.remove_patterns, "remove_patterns"),
        source_patterns=_regexes(rules.source_patterns, "source_patterns"),
        nav_link=nav,
        separators=frozenset(rules.separators),
        byline=_regexes(rules.byline_patterns, "byline_patterns"),
        label=_regexes(rules.label_patterns, "label_patterns"),
        rules=rules,
    )
