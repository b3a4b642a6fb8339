"""What a language tag tells about the writing: the one table of Chinese, Japanese and Korean tags.

Only the primary subtag counts (``zh`` in ``zh-Hant-TW``), compared without case; ``_`` separates subtags as
well as ``-`` (``zh_CN``, the POSIX locale spelling, is common in site configs). Stdlib only: the cleaning
step and the exporters both ask these questions.
"""

from __future__ import annotations

__all__ = [
    "CHINESE_LANGUAGES",
    "CJK_LANGUAGES",
    "is_chinese_language",
    "is_cjk_language",
    "primary_subtag",
    "writes_han_labels",
]

CHINESE_LANGUAGES = frozenset({"zh", "cmn", "yue", "wuu", "lzh"})
"""Primary subtags of Chinese: the macrolanguage and the ones sites use on their own (Mandarin, Cantonese,
Wu, Classical Chinese)."""
CJK_LANGUAGES = CHINESE_LANGUAGES | {"ja", "ko"}
"""Primary subtags of the languages written with CJK characters, without spaces between words."""
_HAN_DATE_LANGUAGES = CHINESE_LANGUAGES | {"ja"}


def primary_subtag(lang: str | None) -> str:
    """The language of a tag, lower-cased (``""`` for no tag).

    >>> primary_subtag("zh-Hans-CN"), primary_subtag("ZH_tw"), primary_subtag(None)
    ('zh', 'zh', '')
    """
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


def is_cjk_language(lang: str | None) -> bool:
    """Whether ``lang`` is Chinese, Japanese or Korean.

    >>> is_cjk_language("zh-CN"), is_cjk_language("ko"), is_cjk_language("en"), is_cjk_language(None)
    (True, True, False, False)
    """
    return primary_subtag(lang) in CJK_LANGUAGES


def is_chinese_language(lang: str | None) -> bool:
    """Whether ``lang`` is a Chinese language (images read ``[图: …]`` in its text).

    >>> is_chinese_language("yue-HK"), is_chinese_language("ja"), is_chinese_language("zha")
    (True, False, False)
    """
    return primary_subtag(lang) in CHINESE_LANGUAGES


def writes_han_labels(lang: str | None) -> bool:
    """Whether dates and book labels are written with Han characters (``2021年12月``): Chinese and Japanese.

    Korean writes ``2021년 12월``, so its books keep the English labels.

    >>> writes_han_labels("ja-JP"), writes_han_labels("cmn"), writes_han_labels("ko")
    (True, True, False)
    """
    return primary_subtag(lang) in _HAN_DATE_LANGUAGES
