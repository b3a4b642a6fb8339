"""Exporters: articles to feeds (RSS, Atom, JSON Feed), books and text. Each returns bytes or str; callers write."""
