"""Package attributes imported on first use, so that ``import newsfmt`` (and the CLI) start fast.

A build that finds nothing changed needs neither lxml's cleaning rules nor feedgen nor ebooklib; importing
them all up front cost about 0.3 s per command.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose public names live in submodules.

    ``exports`` maps each name to the module (relative to ``package``) that defines it. A name is imported
    on first access and then kept in ``namespace``, so the lookup happens once. Submodules are attributes
    too (``newsfmt.readers.site`` after ``import newsfmt``), as they were when everything was imported.
    """

    def get_attribute(name: str) -> Any:
        module = exports.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module, package), name)
        elif not name.startswith("_") and _find_spec(f"{package}.{name}") is not None:
            value = importlib.import_module(f"{package}.{name}")  # a subpackage, as an eager import made it
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def names() -> list[str]:
        return sorted({*namespace, *exports})

    return get_attribute, names


def _find_spec(name: str) -> object:
    import importlib.util  # only when a name is looked up that no export has: not at every start

    return importlib.util.find_spec(name)
