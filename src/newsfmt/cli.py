"""The ``newsfmt`` command: flags to options, a library call, files written, an exit code.

No logic lives here that the library lacks. Errors of the library (:class:`NewsfmtError`) become
one line on stderr and exit code 1; usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import NewsfmtError, OutputError
from .exporters import to_atom, to_json_feed, to_rss
from .readers import load_site

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


_FEED_WRITERS: dict[str, Callable[..., bytes]] = {"rss": to_rss, "atom": to_atom, "json": to_json_feed}


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.replace(path)
    except OSError as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


@cli.command("feed")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(_FEED_WRITERS)), default="rss", show_default=True)
@click.option("--category", help="Only posts of this category.")
@click.option("--tag", help="Only posts with this tag.")
@click.option("--limit", type=click.IntRange(min=0), help="Entries at most; 0 = all [default: feed.posts_limit or 50].")
@click.option("--summary-only", is_flag=True, help="Summaries instead of full content (also: feed.excerpt_only).")
@click.option("--title", help="Feed title [default: the site title].")
@click.option("--feed-url", help="The feed's own URL, for its self link [default: where `build` writes it].")
@click.option("--strict", is_flag=True, help="Stop at the first bad post and write nothing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file [default: stdout].")
@reports_errors
def feed_command(
    site: Path,
    fmt: str,
    category: str | None,
    tag: str | None,
    limit: int | None,
    summary_only: bool,
    title: str | None,
    feed_url: str | None,
    strict: bool,
    output: Path | None,
) -> None:
    """Write one feed (RSS, Atom or JSON Feed) of SITE, newest posts first."""
    loaded = load_site(site, strict=strict)
    for problem in loaded.problems:
        click.echo(str(problem), err=True)
    data = _FEED_WRITERS[fmt](
        loaded.articles,
        loaded.config,
        title=title,
        feed_url=feed_url,
        limit=limit,
        content="summary" if summary_only else None,
        category=category,
        tag=tag,
    )
    skipped = sum(problem.severity == "error" for problem in loaded.problems)
    if skipped:
        click.echo(f"newsfmt: skipped {skipped} of {len(loaded.articles) + skipped} posts", err=True)
    if output is None:
        click.echo(data, nl=False)
    else:
        _write_atomically(output, data)
