"""Build every output of a site, as ``newsfmt build`` does, from Python.

python examples/build_site.py examples/site out
"""

from __future__ import annotations

import sys

from newsfmt.builder import BuildOptions, build_site


def main(root: str, out: str) -> None:
    report = build_site(root, out, options=BuildOptions(tag_feeds=True))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())


if __name__ == "__main__":
    main(*sys.argv[1:3])
