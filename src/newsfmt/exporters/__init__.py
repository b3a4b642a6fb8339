"""Exporters: articles to feeds, books and text. Each returns bytes or str (callers write), and each
third-party library (feedgen, ebooklib) is imported in one module here only."""

from __future__ import annotations

from ..lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, globals(), {})  # the exporter modules, imported on first use
