"""Element ids in a book: valid XML names, unique in their page, and fragment links that point at one of them."""

from __future__ import annotations

import re

from lxml import etree

from .content_model import XHTML_PREFIX
from .context import ConversionContext

__all__ = ["collect_ids", "fix_fragment_links", "unique_id"]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def collect_ids(source: etree._Element, context: ConversionContext) -> None:
    """Give every id of ``source`` a valid, unique form in ``context.ids`` (before any element is written)."""
    for element in source.iter():
        if not isinstance(element.tag, str):
            continue
        original = element.get("id")
        if original is None or original in context.ids:
            continue
        candidate = original.strip()
        if not _ID.match(candidate):
            candidate = "x" + re.sub(r"[^A-Za-z0-9_.\-]", "-", candidate)
        context.ids[original] = unique_id(candidate, context)


def unique_id(base: str, context: ConversionContext) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first that no element of the page has yet (now taken)."""
    candidate, number = base, 1
    while candidate in context.used_ids:
        number += 1
        candidate = f"{base}-{number}"
    context.used_ids.add(candidate)
    return candidate


def fix_fragment_links(root: etree._Element, context: ConversionContext) -> None:
    """Point fragment links (``#id``) at their target's new id, or drop their ``href`` where nothing is there."""
    links = [link for link in root.iter(XHTML_PREFIX + "a") if link.get("href", "").startswith("#")]
    if not links:
        return
    present = {str(element.get("id")) for element in root.iter() if element.get("id") is not None}
    for link in links:
        href = str(link.get("href"))
        target = context.ids.get(href[1:], href[1:])
        if target in present:
            link.set("href", "#" + target)
        else:
            del link.attrib["href"]
