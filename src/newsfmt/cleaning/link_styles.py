"""How links are written in plain text: a name shared by the renderer, the build options and the CLI."""

from __future__ import annotations

from typing import Literal

__all__ = ["LINK_STYLES", "LinkStyle"]

LinkStyle = Literal["inline", "references", "none"]
"""``inline`` (text (url)), ``references`` (text [1] … [1] url at the end) or ``none`` (text only)."""
LINK_STYLES: tuple[LinkStyle, ...] = ("inline", "references", "none")
