"""``python -m newsfmt`` and the ``newsfmt`` command: :func:`newsfmt.cli.main`, but for the plainest
``newsfmt build SITE -o OUT`` (``-q``/``-v`` aside) that finds nothing changed, which is answered before the command
line parser is imported (click alone costs a build with nothing to do a third of its time)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .builder.unchanged import Shortcut

__all__ = ["main"]


def main() -> None:
    """Entry point of the console script."""
    looked = _answered_early(sys.argv[1:])
    if looked is not True:
        from .cli import main as run_command

        run_command(looked or None)


def _answered_early(args: list[str]) -> Shortcut | bool:
    """True when ``args`` are a plain build that the last build's note answers (see
    :mod:`newsfmt.builder.unchanged`): its summary is then told as the command tells it. Otherwise the look taken
    at a plain build's site (the command uses it, rather than look again), or False: anything else (another flag,
    a spelling this reader does not know) goes to the command, and so does a problem to show."""
    asked = _plain_build(args)
    if asked is None:
        return False
    site, out, quiet = asked
    if not site.is_dir():
        return False
    from .builder.unchanged import Shortcut

    looked = Shortcut.prepare(site, out, {})
    report = looked.report()
    if report is None or report.problems:  # problems are shown as the command shows them (colours, --quiet)
        return looked
    if not quiet:
        sys.stderr.write(f"newsfmt: {report.summary()} in {report.seconds:.1f} s\n")
        sys.stderr.flush()
    return True


def _plain_build(args: list[str]) -> tuple[Path, Path, bool] | None:
    """SITE, OUT and ``--quiet`` of ``build SITE -o OUT`` with at most ``-q`` or ``-v`` (in any order, ``-o`` also
    as ``--output`` or ``--output=OUT``); None for anything else."""
    if args[:1] != ["build"]:
        return None
    positional: list[str] = []
    outputs: list[str] = []
    seen: set[str] = set()
    rest = iter(args[1:])
    for arg in rest:
        if arg in ("-o", "--output"):
            outputs.append(next(rest, "-"))
        elif arg.startswith("--output="):
            outputs.append(arg.removeprefix("--output="))
        elif arg in ("-q", "--quiet", "-v", "--verbose"):
            seen.add(arg.lstrip("-")[0])
        else:
            positional.append(arg)
    if len(positional) != 1 or len(outputs) != 1 or len(seen) > 1:
        return None
    if any(not value or value.startswith("-") for value in (*positional, *outputs)):
        return None
    return Path(positional[0]), Path(outputs[0]), seen == {"q"}


if __name__ == "__main__":
    main()
