"""A griffe extension for the API reference: newsfmt's docstrings are reStructuredText, the site is Markdown.

The docstrings are written for Sphinx and ``pydoc`` alike: roles (``:func:`~newsfmt.load_site```), inline
literals in double backquotes, doctest examples and ``::`` literal blocks. mkdocstrings' ``sphinx`` style reads
their field lists but hands the prose to Markdown as it is, which shows the roles raw and runs doctest lines into one
paragraph. This extension rewrites each docstring once, when griffe has loaded the package:

- a role becomes inline code, linked to its page when the API reference documents the target (``docs/api.md``);
- a doctest block (``>>>`` lines and their output) and a ``::`` literal block become fenced code blocks.

Double-backquoted literals need nothing: Markdown reads them as code already.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`(?P<tilde>~?)(?P<target>[^`<>]+?)(?:\s*<(?P<link>[^`>]+)>)?`")
_DOCUMENTED = re.compile(r"^::: (newsfmt(?:\.\w+)+)", re.MULTILINE)


def _documented() -> set[str]:
    """The objects the API reference renders (its ``::: newsfmt.name`` lines), and the errors of
    ``newsfmt.errors`` by their short name, as the package exports them (``newsfmt.ExportError``)."""
    import newsfmt.errors

    api = Path(__file__).with_name("api.md")
    documented = set(_DOCUMENTED.findall(api.read_text(encoding="utf-8")))
    if "newsfmt.errors" in documented:
        documented |= {f"newsfmt.{name}" for name in newsfmt.errors.__all__}
    return documented


def _role(match: re.Match[str], documented: set[str]) -> str:
    target = (match["link"] or match["target"]).strip().lstrip(".").rstrip("()")
    shown = match["target"].strip().lstrip(".")
    if match["tilde"]:
        shown = shown.rsplit(".", 1)[-1]
    name = shown + "()" if match.group(0).startswith((":func:", ":meth:")) else shown
    full = target if target.startswith("newsfmt.") else f"newsfmt.{target.rsplit('.', 1)[-1]}"
    if full in documented:
        if full.rsplit(".", 1)[-1].endswith("Error") or full.endswith(".NewsfmtError"):
            full = "newsfmt.errors." + full.rsplit(".", 1)[-1]  # rendered on the page of newsfmt.errors
        return f"[`{name}`][{full}]"
    return f"`{name}`"


def _fenced_blocks(text: str) -> str:
    """Doctest blocks and ``::`` literal blocks as fenced code blocks."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(">>>"):
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index][len(indent) :])
                index += 1
            out += [f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"]
            continue
        if stripped.endswith("::") and index + 1 < len(lines) and not lines[index + 1].strip():
            out.append(line[:-1] if stripped != "::" else "")
            index += 1
            block = []
            while index < len(lines) and (not lines[index].strip() or lines[index].startswith(indent + " ")):
                block.append(lines[index])
                index += 1
            while block and not block[-1].strip():
                block.pop()
            depth = min(len(b) - len(b.lstrip()) for b in block if b.strip()) if block else 0
            out += ["", f"{indent}```", *(indent + b[depth:] for b in block), f"{indent}```", ""]
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def to_markdown(text: str, documented: set[str]) -> str:
    """One reStructuredText docstring as Markdown."""
    parts = re.split(r"(```.*?```)", _fenced_blocks(text), flags=re.DOTALL)
    return "".join(part if part.startswith("```") else _ROLE.sub(lambda m: _role(m, documented), part) for part in parts)


class ReSTDocstrings(griffe.Extension):
    """Rewrite every docstring of the package to Markdown once it is loaded."""

    def __init__(self) -> None:
        super().__init__()
        self._documented = _documented()

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        seen: set[int] = set()
        self._convert(pkg, seen)

    def _convert(self, obj: griffe.Object, seen: set[int]) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value, self._documented)
        for member in obj.members.values():
            if not member.is_alias:
                self._convert(member, seen)  # type: ignore[arg-type]
