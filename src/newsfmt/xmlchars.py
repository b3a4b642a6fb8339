"""The characters XML 1.0 forbids, removed: one rule for the model, the cleaner and every exporter.

XML 1.0 allows tab, line feed, carriage return and everything from U+0020 on, except the surrogates and
U+FFFE/U+FFFF; the other C0 controls make a document unreadable. DEL and the C1 controls are allowed (and
epubcheck and feed validators accept them), so they stay. Standard library only: anything may import this.
"""

from __future__ import annotations

import re

__all__ = ["strip_invalid_xml_chars"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_invalid_xml_chars(text: str) -> str:
    """Remove the characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF).

    >>> strip_invalid_xml_chars("a\\x00b\\x1fc\\td\\ud800e\\x7f")
    'abc\\tde\\x7f'
    """
    return _INVALID_XML.sub("", text)
