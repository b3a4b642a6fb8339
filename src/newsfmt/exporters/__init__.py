"""Exporters: Articles to feeds, books and text (values in, bytes or str out; the caller writes files)."""
