"""Exporters: articles to feeds, books and text. Each returns bytes or str (callers write), and each
third-party library (feedgen, ebooklib) is imported in one module here only."""
