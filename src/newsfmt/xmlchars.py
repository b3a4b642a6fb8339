"""The characters XML 1.0 forbids, removed: one rule for the model, the cleaner and every exporter.

XML 1.0 allows tab, line feed, carriage return and everything from U+0020 on, except the surrogates and
U+FFFE/U+FFFF; the other C0 controls make a document unreadable. DEL and the C1 controls are allowed (and
epubcheck and feed validators accept them), so they stay. Standard library only: anything may import this.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["has_invalid_xml_chars", "strip_invalid_xml_chars", "strip_invalid_xml_chars_deep"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_invalid_xml_chars(text: str) -> str:
    """Remove the characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF).

    >>> strip_invalid_xml_chars("a\\x00b\\x1fc\\td\\ud800e\\x7f")
    'abc\\tde\\x7f'
    """
    return _INVALID_XML.sub("", text)


def has_invalid_xml_chars(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 forbids (what :func:`strip_invalid_xml_chars` removes)."""
    return _INVALID_XML.search(text) is not None


def strip_invalid_xml_chars_deep(value: Any) -> Any:
    """``value`` (front matter, a config) with :func:`strip_invalid_xml_chars` applied to every string in it, keys
    included, however deep: a control character or U+FFFE in a title, a category or a site's name must not make a
    feed or a book unwritable, nor hide a scheme (``java\\x01script:``) from the URL check.

    >>> strip_invalid_xml_chars_deep({"t\\x01": ["a\\x02", 1, {"b": "c\\ufffe"}]})
    {'t': ['a', 1, {'b': 'c'}]}
    """
    if isinstance(value, str):
        return strip_invalid_xml_chars(value)
    if isinstance(value, dict):
        return {strip_invalid_xml_chars_deep(key): strip_invalid_xml_chars_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_invalid_xml_chars_deep(item) for item in value]
    return value
