"""Text and attribute values escaped as libxml2 (so lxml) writes them, for pages written as text around a tree."""

from __future__ import annotations

import re

__all__ = ["escape_attribute", "escape_text"]

_TEXT_SPECIALS = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIALS = re.compile('[&<>"\r\n\t]')


def escape_text(text: str) -> str:
    """``text`` as libxml2 (so lxml) writes character data: the same bytes once encoded.

    >>> escape_text("a < b & c\\r")
    'a &lt; b &amp; c&#13;'
    """
    if not _TEXT_SPECIALS.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    """``text`` as libxml2 (so lxml) writes an attribute value in double quotes.

    >>> escape_attribute('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    if not _ATTRIBUTE_SPECIALS.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
