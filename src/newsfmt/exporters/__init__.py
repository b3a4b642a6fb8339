"""Exporters: articles to feeds, books and text. Each third-party library lives in one module here."""
