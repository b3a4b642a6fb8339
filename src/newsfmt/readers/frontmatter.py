"""Split a post into front matter and body, and load the front matter safely.

Jekyll's rule is followed: the file must open with a ``---`` line, and the header ends at the next
``---`` or ``...`` line. Hugo's ``+++`` (TOML) and a JSON object header are read too. The usual flat
YAML header is read line by line with PyYAML's own resolver and constructors (:mod:`.flat_yaml`); any
other is loaded with the C safe loader when available, then walked with a node budget so that alias bombs and
pathologically deep documents are refused in bounded time instead of exhausting memory.

python-frontmatter is not used for this step: it silently returns the whole file as body when it
cannot split, does not see a header behind a BOM, strips the body and cannot report line numbers,
which are exactly the cases this module has to report.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import FrontMatterError
from .flat_yaml import load_flat

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
# Tags of the plain values a front matter is made of, built by the safe loader's own constructors.
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))

__all__ = ["SplitPost", "load_document", "load_header", "split_post"]

_HEADS = (
    (re.compile(r"---[ \t]*\n"), re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)"), "yaml"),
    (re.compile(r"\+\+\+[ \t]*\n"), re.compile(r"\n\+\+\+[ \t]*(?:\n|\Z)"), "toml"),
)
"""Per format, its opening line and (after a line break) its closing line: the header is what lies between the
opening line and the first closing line after it."""
_LEADING_BLANK = re.compile(r"\A(?:[ \t]*\n)+")
_MAX_HEADER_CHARS = 1_000_000
_MAX_NODES = 100_000
_MAX_DEPTH = 200
_TEXT_ONLY = frozenset({str})
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), date, datetime})


@dataclass(frozen=True, slots=True)
class SplitPost:
    """A post split in two."""

    metadata: dict[str, Any]
    """Front matter, a mapping with string keys (empty when the file has none)."""
    body: str
    """Everything after the front matter."""
    body_line: int
    """1-based line of the body's first line in the file."""
    format: str
    """``yaml``, ``toml``, ``json`` or ``none``."""
    header: str = ""
    """The front matter's source text."""
    header_line: int = 1
    """1-based line of the header's first line in the file."""
    warning: str | None = None
    """Set when the header was read although Jekyll would not read it."""


def split_post(text: str) -> SplitPost:
    """Split a post's text; raise :class:`FrontMatterError` (with a line) for a broken header.

    >>> split_post("---\\ntitle: Hi\\n---\\nBody\\n").metadata
    {'title': 'Hi'}
    """
    skipped_lines = 0
    warning = None
    blank = _LEADING_BLANK.match(text)
    if blank and text[blank.end() :].startswith(("---", "+++")):
        # Jekyll drops the whole header here; the intent is plain, so read it and say so.
        skipped_lines = blank.group(0).count("\n")
        text = text[blank.end() :]
        warning = "blank line before the front matter: Jekyll ignores this header, newsfmt reads it"
    for opening, closing, fmt in _HEADS:
        opened = opening.match(text)
        if opened is None:
            continue
        # searched from the opening line's own line break: a closing line right after it closes an empty header
        closed = closing.search(text, opened.end() - 1)
        if closed is None:
            continue
        header = text[opened.end() : closed.start() + 1]
        first_line = skipped_lines + 2
        metadata = load_header(header, fmt, first_line)
        body_line = skipped_lines + text.count("\n", 0, closed.end()) + 1
        return SplitPost(metadata, text[closed.end() :], body_line, fmt, header, first_line, warning)
    if text.startswith(("---", "+++")) and text.split("\n", 1)[0].strip() in ("---", "+++"):
        raise FrontMatterError("front matter is not closed: no second '---' line", line=skipped_lines + 1)
    if text.startswith("{"):
        json_split = _split_json(text)
        if json_split is not None:
            return json_split
    return SplitPost({}, text, 1, "none")


def _split_json(text: str) -> SplitPost | None:
    try:
        metadata, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(metadata, dict):
        return None
    body = text[end:]
    body_line = text.count("\n", 0, end) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return SplitPost({str(k): v for k, v in metadata.items()}, body, body_line, "json", text[:end], 1)


def load_header(header: str, fmt: str, first_line: int) -> dict[str, Any]:
    """Load a YAML, TOML or JSON header that must be a mapping; ``first_line`` is its line in the file."""
    data = load_document(header, fmt, first_line)
    if data is None:
        return {}
    if type(data) is dict and {*map(type, data)} <= _TEXT_ONLY:
        return data  # a new mapping, its keys text already: nearly every header
    if not isinstance(data, Mapping):
        kind = type(data).__name__
        raise FrontMatterError(f"front matter must be a mapping of keys to values, not a {kind}", line=first_line)
    return {str(key): value for key, value in data.items()}


def load_document(header: str, fmt: str, first_line: int) -> Any:
    """Load a YAML, TOML or JSON document of any shape, within the same bounds as a header (size, nodes, depth);
    raise :class:`FrontMatterError`."""
    if len(header) > _MAX_HEADER_CHARS:
        raise FrontMatterError(f"front matter is larger than {_MAX_HEADER_CHARS:,} characters", line=first_line)
    try:
        if fmt == "toml":
            data: Any = tomllib.loads(header)
        elif fmt == "json":
            data = json.loads(header)
        else:
            data = _load_yaml(header)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "syntax error"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}", line=first_line) from exc
    except tomllib.TOMLDecodeError as exc:
        line = first_line + getattr(exc, "lineno", 1) - 1
        raise FrontMatterError(
            f"invalid TOML front matter: {exc.msg if hasattr(exc, 'msg') else exc}", line=line
        ) from exc
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"invalid JSON: {exc.msg}", line=first_line + exc.lineno - 1) from exc
    except RecursionError as exc:
        raise FrontMatterError("front matter is nested too deeply", line=first_line) from exc
    except (ValueError, OverflowError, TypeError) as exc:
        # PyYAML's constructors raise these for values like 2021-13-45 or unhashable keys.
        raise FrontMatterError(f"invalid value in front matter: {exc}", line=first_line) from exc
    if data is not None:
        _check_size(data, first_line)
    return data


def _load_yaml(header: str) -> Any:
    """``yaml.load`` with the safe loader: the usual flat header read line by line (:mod:`.flat_yaml`), any other
    parsed by PyYAML, and then constructed without its generic machinery when it is flat after all."""
    flat = load_flat(header)
    if flat is not None:
        return flat
    loader = _SafeLoader(header)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        flat = _construct_flat_mapping(loader, node)
        return flat if flat is not None else loader.construct_document(node)
    finally:
        loader.dispose()


def _construct_flat_mapping(loader: Any, node: Node) -> dict[str, Any] | None:
    """A mapping of string keys to scalars and lists of scalars, as PyYAML builds it; None for any other shape.

    Values are made by the loader's own constructors in the order PyYAML makes them (the mapping's
    scalars first, then the lists' items), so that a bad value fails with the same error; a list
    reached through an alias is the same list object.
    """
    if not isinstance(node, MappingNode) or node.tag != _TAG + "map":
        return None
    constructors = loader.yaml_constructors
    mapping: dict[str, Any] = {}
    lists: dict[int, tuple[list[Any], SequenceNode]] = {}
    for key_node, value_node in node.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == _TAG + "str"):
            return None
        key = constructors[key_node.tag](loader, key_node)
        if isinstance(value_node, ScalarNode) and value_node.tag in _SCALAR_TAGS:
            mapping[key] = constructors[value_node.tag](loader, value_node)
        elif isinstance(value_node, SequenceNode) and value_node.tag == _TAG + "seq" and _all_scalars(value_node):
            mapping[key] = lists.setdefault(id(value_node), ([], value_node))[0]
        else:
            return None
    for items, sequence_node in lists.values():
        items.extend(constructors[item.tag](loader, item) for item in sequence_node.value)
    return mapping


def _all_scalars(node: SequenceNode) -> bool:
    return all(isinstance(item, ScalarNode) and item.tag in _SCALAR_TAGS for item in node.value)


def _check_size(data: Any, line: int) -> None:
    """Walk the loaded value as a tree; refuse alias bombs and absurd depth before anyone else walks it."""
    if _is_flat(data):
        return
    budget = _MAX_NODES
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise FrontMatterError(
                f"front matter expands to more than {_MAX_NODES:,} values (YAML alias bomb?)", line=line
            )
        if depth > _MAX_DEPTH:
            raise FrontMatterError(f"front matter is nested deeper than {_MAX_DEPTH} levels", line=line)
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
            stack.extend((k, depth + 1) for k in value if not isinstance(k, str | int | float | bool | date))
        elif isinstance(value, list | tuple):
            stack.extend((v, depth + 1) for v in value)


def _is_flat(data: Any) -> bool:
    """Whether ``data`` is the usual header, string keys to plain values or lists of them, within the node budget."""
    if type(data) is not dict:
        return False
    nodes = 1 + len(data)
    for key, value in data.items():
        if type(key) is not str:
            return False
        if type(value) is list:
            if not all(type(item) in _PLAIN_TYPES for item in value):
                return False
            nodes += len(value)
        elif type(value) not in _PLAIN_TYPES:
            return False
    return nodes <= _MAX_NODES
