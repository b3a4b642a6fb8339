"""Site generators: one object per generator (Jekyll, Hugo, a plain folder) owning all that differs between them.

A :class:`SiteGenerator` decides how its sites are recognised (:meth:`~SiteGenerator.config_file`,
:meth:`~SiteGenerator.has_layout`), which config keys mean the title, URL, time zone …
(:meth:`~SiteGenerator.read_config`, :attr:`~SiteGenerator.fixed_naive_dates`), which files are posts
(:meth:`~SiteGenerator.discover`), and how a post's keys, date, title, terms, permalink and id are read
(:attr:`~SiteGenerator.date_keys`, :meth:`~SiteGenerator.front_matter`, :meth:`~SiteGenerator.permalink` …).
The readers ask the generator and never test its name: ``load_config`` asks :func:`detect`, site discovery
and body rendering ask :func:`generator_of` (a config's generator), and ``read_head`` asks :func:`reader_of`
(the generator that reads a source file's ``kind``).

Detection tries :data:`DETECTION_ORDER` twice: first for a config file (Jekyll's ``_config.yml`` wins over a
Hugo config, which counts only beside ``content/``), then by the folders alone (``_posts/``, then
``content/``); the folder generator, last, takes any folder.

To add a generator:

1. Add its name to :data:`newsfmt.model.Generator`.
2. Write a module here with a subclass of :class:`SiteGenerator` (or of the generator whose rules it shares,
   as the folder generator shares Jekyll's): set ``name``, ``config_files`` and ``source_kinds`` (the
   ``SourceFile.kind`` values its :meth:`~SiteGenerator.discover` gives, not used by any other generator),
   implement the abstract methods and override the hooks whose defaults do not fit.
3. Put an instance in :data:`DETECTION_ORDER` before the folder generator, after any generator whose sites
   must win over its own.
4. Test it in ``tests/readers/generators/`` and describe it in ``docs/compatibility.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...model import SiteConfig
from ...vocabulary import Generator
from .base import ConfigFields, PostFacts, Publishing, SiteGenerator, Terms
from .folder import FolderGenerator
from .hugo import HugoGenerator
from .jekyll import JekyllGenerator

__all__ = [
    "CONFIG_FILES",
    "DETECTION_ORDER",
    "FOLDER",
    "GENERATORS",
    "HUGO",
    "JEKYLL",
    "ConfigFields",
    "FolderGenerator",
    "HugoGenerator",
    "JekyllGenerator",
    "PostFacts",
    "Publishing",
    "SiteGenerator",
    "Terms",
    "detect",
    "generator_of",
    "reader_of",
]

JEKYLL = JekyllGenerator()
HUGO = HugoGenerator()
FOLDER = FolderGenerator()

DETECTION_ORDER: tuple[SiteGenerator, ...] = (JEKYLL, HUGO, FOLDER)
"""The generators in the order :func:`detect` tries them; the last takes any folder."""
GENERATORS: Mapping[Generator, SiteGenerator] = {generator.name: generator for generator in DETECTION_ORDER}
"""Every generator by its name."""
CONFIG_FILES: tuple[str, ...] = tuple(name for generator in DETECTION_ORDER for name in generator.config_files)
"""Every config file name a site may have."""
_READERS: Mapping[str, SiteGenerator] = {kind: g for g in DETECTION_ORDER for kind in g.source_kinds}


def detect(root: Path) -> tuple[SiteGenerator, Path | None]:
    """The generator of the site in folder ``root``, and the config file to read (None without one)."""
    for generator in DETECTION_ORDER:
        source = generator.config_file(root)
        if source is not None:
            return generator, source
    return next(generator for generator in DETECTION_ORDER if generator.has_layout(root)), None


def generator_of(config: SiteConfig) -> SiteGenerator:
    """The generator of a site's config."""
    return GENERATORS[config.generator]


def reader_of(kind: str) -> SiteGenerator:
    """The generator whose rules read a source file of this ``kind`` (see ``SourceFile.kind``)."""
    try:
        return _READERS[kind]
    except KeyError:
        raise ValueError(f"unknown kind of source file {kind!r}") from None
