"""Build every output of a site, as ``newsfmt build`` does, from Python: the site's ``newsfmt: build:`` options
apply, and ``overrides`` change some of them as command-line flags would.

python examples/build_site.py examples/site out
"""

from __future__ import annotations

import sys

import newsfmt


def main(root: str, out: str) -> None:
    report = newsfmt.build_site(root, out, overrides={"tag_feeds": True})
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())


if __name__ == "__main__":
    main(*sys.argv[1:3])
