"""Nesting that the HTML5 parser would not read back as written.

Unwrapping an unknown element can put, say, a ``div`` straight inside a ``p``; parsing that output again
would close the ``p`` first, so cleaning twice would not equal cleaning once. The parser itself decides
which parent a new child closes (:func:`.html5_probe.keeps_child`, asked once per pair of names).
"""

from __future__ import annotations

from lxml import etree

from .html5_probe import keeps_child

__all__ = ["has_unstable_nesting"]


def has_unstable_nesting(body: etree._Element) -> bool:
    """Whether some element sits in a parent that re-parsing would close before it."""
    for parent in body.iter():
        if len(parent) == 0 or parent is body:
            continue
        parent_tag = str(parent.tag)
        for child in parent:
            if isinstance(child.tag, str) and not keeps_child(parent_tag, child.tag):
                return True
    return False
