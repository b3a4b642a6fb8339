"""Dependencies point one way: model <- readers, cleaning <- exporters <- builder <- cli, and nothing imports cli.

Every import counts, at the top of a module, inside a function (the lazy ones) or under ``TYPE_CHECKING``: a
lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

SRC = REPO / "src"
PACKAGE = "newsfmt"

# What each layer must never import (a module "newsfmt.x" or anything below it).
FORBIDDEN = {
    "newsfmt.model": ("newsfmt.readers", "newsfmt.cleaning", "newsfmt.exporters", "newsfmt.builder", "newsfmt.cli"),
    "newsfmt.vocabulary": ("newsfmt",),  # standard library only
    "newsfmt.languages": ("newsfmt",),  # standard library only
    "newsfmt.cleaning": ("newsfmt.readers", "newsfmt.exporters", "newsfmt.builder", "newsfmt.cli"),
    "newsfmt.exporters": ("newsfmt.readers", "newsfmt.builder", "newsfmt.cli"),
    "newsfmt.readers": ("newsfmt.exporters", "newsfmt.builder", "newsfmt.cli"),
    "newsfmt.builder": ("newsfmt.cli",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The absolute names of the newsfmt modules (and names) that ``path`` imports."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return {name for name in found if name == PACKAGE or name.startswith(PACKAGE + ".")}


def _modules() -> list[Path]:
    return sorted((SRC / PACKAGE).rglob("*.py"))


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_relative_imports_resolve() -> None:
    assert "newsfmt.output_names.resolve_term" in _imports(SRC / "newsfmt" / "exporters" / "feeds" / "selection.py")
    assert "newsfmt.cli.main" in _imports(SRC / "newsfmt" / "__main__.py")


@pytest.mark.parametrize("path", _modules(), ids=lambda path: _module_name(path))
def test_dependencies_point_one_way(path: Path) -> None:
    module = _module_name(path)
    imported = _imports(path)
    for layer, forbidden in FORBIDDEN.items():
        if not _within(module, layer):
            continue
        wrong = sorted(name for name in imported if any(_within(name, bad) for bad in forbidden))
        assert not wrong, f"{module} imports {wrong}"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: _module_name(path))
def test_nothing_imports_the_cli(path: Path) -> None:
    if path.name == "__main__.py":
        return  # ``python -m newsfmt`` is the command line
    assert not [name for name in _imports(path) if _within(name, "newsfmt.cli")]
