"""The attributes an element keeps in a book: only the allowed ones, each checked (numbers in range, known
keywords, language tags, clean URLs, unique ids)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from .content_model import ELEMENT_ATTRS, GLOBAL_ATTRS
from .context import ConversionContext
from .ids import unique_id
from .urls import clean_url

__all__ = ["AttributeItems", "is_language_tag", "set_attributes"]

AttributeItems = Sequence[tuple[Any, Any]]
"""An element's attributes as ``items()`` gives them: (name, value) pairs, in document order."""
_ALLOWED_ATTRS = {tag: GLOBAL_ATTRS | names for tag, names in ELEMENT_ATTRS.items()}
_INTEGER_ATTRS = {
    "width": (0, 100000),
    "height": (0, 100000),
    "colspan": (1, 1000),
    "rowspan": (0, 65534),
    "start": (-(10**9), 10**9),
    "value": (-(10**9), 10**9),
}
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def is_language_tag(value: str) -> bool:
    """Whether ``value`` has the shape of a BCP 47 language tag.

    >>> is_language_tag("zh-Hans-CN"), is_language_tag("中文")
    (True, False)
    """
    return bool(_LANG.match(value))


def set_attributes(items: AttributeItems, element: etree._Element, tag: str, context: ConversionContext) -> None:
    """Set on ``element`` the allowed ones of the attributes ``items`` (a source element's), checked and cleaned."""
    allowed = _ALLOWED_ATTRS.get(tag, GLOBAL_ATTRS)
    for name, raw in items:
        name = str(name).lower()
        value = str(raw)
        if name not in allowed:
            continue
        if name == "id":
            new_id = context.ids[value]
            if new_id in context.emitted_ids:  # a repeated id: the first element keeps it
                new_id = unique_id(new_id, context)
            context.emitted_ids.add(new_id)
            element.set("id", new_id)
        elif name == "lang":
            if _LANG.match(value):
                element.set("lang", value)
                element.set("{http://www.w3.org/XML/1998/namespace}lang", value)
        elif name == "dir":
            if value.lower() in ("ltr", "rtl", "auto"):
                element.set("dir", value.lower())
        elif name in _INTEGER_ATTRS:
            low, high = _INTEGER_ATTRS[name]
            try:
                number = int(value.strip())
            except ValueError:
                continue
            if low <= number <= high:
                element.set(name, str(number))
        elif name == "reversed":
            element.set("reversed", "reversed")
        elif name == "scope":
            if value.lower() in ("row", "col", "rowgroup", "colgroup"):
                element.set("scope", value.lower())
        elif name in ("href", "cite"):
            url = clean_url(value, context.absolute)
            if url is not None:
                element.set(name, url)
        else:
            element.set(name, value)
