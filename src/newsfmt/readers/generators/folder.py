"""A plain folder: every Markdown or HTML file below it is a post, read as Jekyll would read it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from ...model import SiteConfig
from ...vocabulary import Generator
from ..sources import POST_EXTENSIONS, SourceFile, extension_of, has_special_part, walk_files
from .jekyll import JekyllGenerator

__all__ = ["FolderGenerator"]


class FolderGenerator(JekyllGenerator):
    """Any folder: no config file, no dated file names required, Jekyll's rules for everything else."""

    name: ClassVar[Generator] = "folder"
    config_files: ClassVar[tuple[str, ...]] = ()
    source_kinds: ClassVar[tuple[str, ...]] = ("page",)

    def has_layout(self, root: Path) -> bool:
        """Any folder: the last generator tried."""
        return True

    def discover(self, root: Path, config: SiteConfig, *, drafts: bool) -> list[SourceFile]:
        """Every Markdown or HTML file below the folder, without names Jekyll skips."""
        return [
            SourceFile(path, rel, "page")
            for path, rel in walk_files(os.fspath(root))
            if extension_of(rel) in POST_EXTENSIONS and not has_special_part(rel)
        ]
