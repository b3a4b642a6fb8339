"""Nesting that libxml2's HTML parser would not read back as written.

Unwrapping an unknown element can put, say, a ``p`` straight inside a ``b``; parsing that output again
would close the ``b`` first, so cleaning twice would not equal cleaning once. libxml2 itself decides
which parent a new child closes, so we ask it once per (parent, child) pair and remember the answer.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["has_unstable_nesting"]

_STABLE: dict[tuple[str, str], bool] = {}


def _probe(parent: str, child: str) -> bool:
    parser = etree.HTMLParser(no_network=True)  # a fresh one: probes are few (cached) and threads stay safe
    document = etree.fromstring(f"<html><body><{parent}><{child}>x</{child}></{parent}></body></html>", parser)
    body = document.find("body") if document is not None else None
    if body is None or len(body) != 1 or body[0].tag != parent:
        return False
    return len(body[0]) >= 1 and body[0][0].tag == child


def has_unstable_nesting(body: etree._Element) -> bool:
    """Whether some element sits in a parent that re-parsing would close before it."""
    stable = _STABLE
    for parent in body.iter():
        if len(parent) == 0 or parent is body:
            continue
        parent_tag = str(parent.tag)
        for child in parent:
            key = (parent_tag, str(child.tag))
            known = stable.get(key)
            if known is None:
                known = stable[key] = _probe(*key)
            if not known:
                return True
    return False
