"""One cleaning step shared by every output: safe HTML, boilerplate removed, links absolute, text, summary."""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from lxml import html as lxml_html

__all__ = ["CleanResult", "clean_html"]


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What :func:`clean_html` gives back."""

    html: str
    """Clean, safe HTML fragment (well-formed XML once wrapped in a ``div``)."""
    text: str
    """Plain text of the fragment."""
    summary: str
    """First sentences of the text, for posts that give no summary."""
    source_url: str | None = None
    """A lone trailing URL that named the original article, when one was removed."""
    source_name: str | None = None
    """The publication named by a source line, when one was removed."""


def clean_html(html: str, *, base_url: str | None = None) -> CleanResult:
    """Sanitise an HTML fragment and extract its text (first version; the full rules come with issue 3)."""
    safe = nh3.clean(html)
    text = ""
    if safe.strip():
        text = " ".join(lxml_html.fragment_fromstring(safe, create_parent="div").text_content().split())
    return CleanResult(html=safe, text=text, summary=text[:120])
