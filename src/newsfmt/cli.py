"""The ``newsfmt`` command: flags to options, a library call, files written, an exit code.

No logic lives here that the library lacks. Errors of the library (:class:`NewsfmtError`) become
one line on stderr and exit code 1; usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from . import __version__
from .errors import NewsfmtError

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
