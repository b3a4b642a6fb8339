"""The ``newsfmt`` command: flags to options, a library call, files written, an exit code.

No logic lives here that the library lacks. Errors of the library (:class:`NewsfmtError`) become
one line on stderr and exit code 1; usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .atomic import write_atomic
from .cleaning.render import LINK_STYLES, LinkStyle
from .errors import NewsfmtError
from .exporters.text import text_paths, to_text
from .model import Article, SiteConfig
from .readers import load_config, load_post, load_site
from .readers.config import JEKYLL_CONFIGS

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a NewsfmtError raised by a command into one line on stderr and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsfmtError as exc:
            click.echo(f"newsfmt: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsfmt")
def cli() -> None:
    """Turn front-matter post archives into feeds, EPUB books and plain text."""


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="newsfmt")


@cli.command("text")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--width", type=click.IntRange(min=10), help="Wrap lines at this display width (CJK counts 2).")
@click.option(
    "--links", type=click.Choice(LINK_STYLES), default="inline", show_default=True, help="How links are written."
)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), help="Folder to write to.")
@reports_errors
def text_command(paths: tuple[Path, ...], width: int | None, links: LinkStyle, out: Path | None) -> None:
    """Write posts as plain text: one post to stdout, or posts and sites into OUT/<category>/<year>/."""
    articles: list[Article] = []
    for path in paths:
        if path.is_dir():
            site = load_site(path)
            for problem in site.problems:
                click.echo(str(problem), err=True)
            articles.extend(site.articles)
        else:
            articles.append(load_post(path, _site_config_of(path)))
    if out is None:
        if len(paths) != 1 or paths[0].is_dir():
            raise click.UsageError("-o DIR is needed for a site or several posts")
        click.echo(to_text(articles[0], width=width, links=links))
        return
    for article, relative in zip(articles, text_paths(articles), strict=True):
        write_atomic(out.joinpath(*relative.parts), (to_text(article, width=width, links=links) + "\n").encode())
    click.echo(f"newsfmt: wrote {len(articles)} text files to {out}", err=True)


_SITE_CONFIGS = (*JEKYLL_CONFIGS, "hugo.toml", "hugo.yaml", "config.toml")


def _site_config_of(post: Path) -> SiteConfig | None:
    """The config of the site a post file lives in (its url and timezone matter), if it is in one."""
    for folder in list(post.resolve().parents)[:4]:
        if any((folder / name).is_file() for name in _SITE_CONFIGS):
            return load_config(folder)
    return None
