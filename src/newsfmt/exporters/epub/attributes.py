"""The attributes an element keeps in a book: the ones the allow-list allows on it, each value checked as the
cleaner checks it, link targets cleaned for a book, and ``lang`` doubled as ``xml:lang``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from .content_model import ALLOWED_ATTRS
from .context import ConversionContext
from .urls import clean_url

__all__ = ["AttributeItems", "is_language_tag", "set_attributes"]

AttributeItems = Sequence[tuple[Any, Any]]
"""An element's attributes as ``items()`` gives them: (name, value) pairs, in document order."""
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LINK_ATTRIBUTES = frozenset({"href", "cite"})


def is_language_tag(value: str) -> bool:
    """Whether ``value`` has the shape of a BCP 47 language tag.

    >>> is_language_tag("zh-Hans-CN"), is_language_tag("中文")
    (True, False)
    """
    return bool(_LANG.match(value))


def set_attributes(items: AttributeItems, element: etree._Element, tag: str, context: ConversionContext) -> None:
    """Set on ``element`` (a ``tag`` in the book) the allowed ones of the attributes ``items`` (a source element's),
    checked and cleaned."""
    allowed = ALLOWED_ATTRS[tag]
    for name, raw in items:
        name = str(name).lower()
        check = allowed.get(name)
        value = None if check is None else check(str(raw))
        if value is not None and name in _LINK_ATTRIBUTES:
            value = clean_url(value, context.absolute)
        if value is None:
            continue
        element.set(name, value)
        if name == "lang":
            element.set(_XML_LANG, value)
