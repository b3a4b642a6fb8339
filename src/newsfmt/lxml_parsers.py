"""lxml XML parsers made once per thread: a parser keeps state (its error log), so threads must not share one."""

from __future__ import annotations

import threading
from collections.abc import Callable

from lxml import etree

__all__ = ["per_thread_xml_parser"]


def per_thread_xml_parser(**options: bool | str) -> Callable[[], etree.XMLParser]:
    """A function giving this thread's ``etree.XMLParser(**options)``, made on the thread's first call."""
    local = threading.local()

    def parser() -> etree.XMLParser:
        made: etree.XMLParser | None = getattr(local, "parser", None)
        if made is None:
            made = local.parser = etree.XMLParser(**options)  # type: ignore[arg-type]
        return made

    return parser
