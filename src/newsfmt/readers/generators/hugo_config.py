"""Hugo's configuration, found and merged as ``hugo`` (0.110+) does for a production build.

The root file (the first of ``hugo.toml|yaml|yml|json``, then ``config.*``), then every file of
``config/_default/``, then of ``config/production/``, each later one merged over the earlier ones, maps key by
key. In a config folder, ``hugo.*`` and ``config.*`` hold top-level keys, another file holds the key it is named
after (``params.toml`` is ``params``), and ``<key>.<language>.*`` that key of that language
(``menus.en.toml`` is ``languages.en.menus``). Keys are read in any capitalisation, as Hugo reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_EXTENSIONS", "ENVIRONMENT", "ROOT_CONFIG_FILES", "config_folders", "read_hugo_config"]

CONFIG_EXTENSIONS = (".toml", ".yaml", ".yml", ".json")
"""The extensions of the files Hugo reads a config from, in the order it prefers them."""
ROOT_CONFIG_FILES = tuple(f"{stem}{ext}" for stem in ("hugo", "config") for ext in CONFIG_EXTENSIONS)
"""The names a root config file may have; the first found is the only one read."""
ENVIRONMENT = "production"
"""The environment whose folder ``hugo`` reads when it builds a site (``hugo server`` reads ``development``)."""
_TOP_LEVEL_STEMS = frozenset({"hugo", "config"})


def config_folders(root: Path) -> list[Path]:
    """The config folders of the site at ``root`` that exist, in the order they are merged."""
    return [folder for name in ("_default", ENVIRONMENT) if (folder := root / "config" / name).is_dir()]


def read_hugo_config(root: Path, read: Callable[[Path], Mapping[str, Any]]) -> dict[str, Any]:
    """The site's merged config, with every mapping key lower-cased; ``read`` loads one file (and raises for a bad
    one)."""
    merged: dict[str, Any] = {}
    first = next((root / name for name in ROOT_CONFIG_FILES if (root / name).is_file()), None)
    if first is not None:
        _merge(merged, read(first))
    for folder in config_folders(root):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix.lower() in CONFIG_EXTENSIONS:
                _merge(merged, _placed(path.stem.lower(), read(path)))
    return merged


def _placed(stem: str, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A config folder's file's mapping, put where its name says."""
    key, _, language = stem.partition(".")
    if key in _TOP_LEVEL_STEMS:
        return data
    if language:
        return {"languages": {language: {key: data}}}
    return {key: data}


def _merge(into: dict[str, Any], data: Mapping[str, Any]) -> None:
    """Merge ``data`` over ``into``: mappings key by key (keys lower-cased), any other value replaced."""
    for raw_key, value in data.items():
        key = str(raw_key).lower()
        if isinstance(value, Mapping):
            existing = into.get(key)
            target: dict[str, Any] = existing if isinstance(existing, dict) else {}
            _merge(target, value)
            into[key] = target
        else:
            into[key] = value
