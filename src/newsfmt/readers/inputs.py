"""What a command is pointed at: a site folder, or one post file read with the config of the site it sits in."""

from __future__ import annotations

from pathlib import Path

from ..errors import PostError
from ..model import Site, SiteConfig
from ..parallel import available_cores
from ..progress import SILENT, Progress
from ..vocabulary import NaiveDates
from .config import load_config
from .generators import CONFIG_FILES

__all__ = ["load_path", "site_root_of"]

_LEVELS_UP = 6
"""How far above a post file its site config is looked for (``site/_posts/2021/12/x.md`` is three)."""


def site_root_of(path: Path) -> Path | None:
    """The site folder a post file belongs to (the nearest parent with a site config), if any."""
    for parent in list(path.resolve().parents)[:_LEVELS_UP]:
        if any((parent / name).is_file() for name in CONFIG_FILES):
            return parent
    return None


def load_path(
    path: Path | str,
    *,
    strict: bool = False,
    drafts: bool = False,
    future: bool = False,
    expired: bool = False,
    naive_dates: NaiveDates | None = None,
    jobs: int | None = None,
    config: SiteConfig | None = None,
    progress: Progress = SILENT,
    plain_text: bool = True,
) -> Site:
    """A site folder (:func:`~newsfmt.load_site`) or a single post file as a :class:`~newsfmt.Site`.

    A post file is read with the config of the site folder it sits in, when one is found above it. ``naive_dates``
    overrides the site's ``newsfmt: naive_dates`` option; ``config``, when given, is used instead of reading one
    (and ``naive_dates`` is then ignored). ``jobs`` defaults to every core. With ``strict``, the
    first problem raises a :class:`~newsfmt.NewsfmtError` instead of being reported in ``Site.problems``.
    ``progress`` is told the ``reading`` of a site folder (:mod:`newsfmt.progress`).
    ``plain_text=False`` skips the plain text of a site's articles where a summary makes it unneeded (see
    :func:`~newsfmt.load_site`).
    """
    from .site import load_post_reporting, load_site

    path = Path(path)
    overrides = {"naive_dates": naive_dates} if naive_dates else None
    if path.is_dir():
        config = config or load_config(path, overrides=overrides)
        workers = jobs or available_cores()
        return load_site(
            path,
            strict=strict,
            drafts=drafts,
            future=future,
            expired=expired,
            config=config,
            jobs=workers,
            progress=progress,
            plain_text=plain_text,
        )
    root = site_root_of(path)
    if config is None:
        config = load_config(root, overrides=overrides) if root else SiteConfig(naive_dates=naive_dates or "utc")
    article, problems = load_post_reporting(path, config)
    if strict and problems:
        first = problems[0]
        raise PostError(first.message, path=first.path, line=first.line)
    return Site(config, (article,) if article else (), tuple(problems))
