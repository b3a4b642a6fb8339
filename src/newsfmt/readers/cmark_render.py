"""CommonMark to HTML through cmark-gfm without leaking each document's syntax tree.

cmarkgfm's ``markdown_to_html_with_extensions`` never frees the tree the parser hands back, nor the HTML string
it renders: about 10 KB of C memory a news post, which grew each reading worker of a 100,000-post build past
400 MB and would grow a long ``newsfmt watch`` for ever. Its binding exposes no ``cmark_node_free``, so this
module makes the same calls and then frees both through the library's own exported functions (found with
:mod:`ctypes` in the binding's shared object, which the process has already loaded). Where they cannot be found
(another build of the binding), it renders through cmarkgfm's function, as before.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence

import cmarkgfm.cmark as cmark
from cmarkgfm import _cmark

__all__ = ["markdown_to_html"]


class _Allocator(ctypes.Structure):
    """cmark's ``cmark_mem``: the allocator that made the tree and the rendered string."""

    _fields_ = [
        ("calloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)),
        ("realloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


class _Freeing:
    """cmark's own ``cmark_node_free`` and its default allocator's ``free``."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self.node_free = library.cmark_node_free
        self.node_free.argtypes = [ctypes.c_void_p]
        self.node_free.restype = None
        default_allocator = library.cmark_get_default_mem_allocator
        default_allocator.argtypes = []
        default_allocator.restype = ctypes.POINTER(_Allocator)
        self.free = default_allocator().contents.free


def _freeing() -> _Freeing | None:
    try:
        return _Freeing(ctypes.CDLL(_cmark.__file__))
    except (OSError, AttributeError, TypeError):  # pragma: no cover - a binding without these symbols
        return None


_FREEING = _freeing()


def _address(pointer: object) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def markdown_to_html(text: str, options: int, extensions: Sequence[str]) -> str:
    """What ``cmarkgfm.markdown_to_html_with_extensions(text, options, extensions)`` gives, with the memory it
    took given back."""
    freeing = _FREEING
    if freeing is None:  # pragma: no cover - see the module's docstring
        rendered: str = cmark.markdown_to_html_with_extensions(text, options=options, extensions=list(extensions))
        return rendered
    cmark.core_extensions_ensure_registered()
    found = [cmark.find_syntax_extension(name) for name in extensions]
    if any(extension is None for extension in found):
        raise ValueError(f"unknown cmark-gfm extension among {list(extensions)}")
    parser = cmark.parser_new(options=options)
    try:
        for extension in found:
            cmark.parser_attach_syntax_extension(parser, extension)
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        try:
            raw = _cmark.lib.cmark_render_html(root, options, cmark.parser_get_syntax_extensions(parser))
            try:
                html: bytes = _cmark.ffi.string(raw)
                return html.decode("utf-8")
            finally:
                freeing.free(_address(raw))
        finally:
            freeing.node_free(_address(root))
    finally:
        cmark.parser_free(parser)
