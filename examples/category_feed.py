"""Write the Atom feed of one category, newest 10 articles, summaries only.

python examples/category_feed.py examples/site 城市 city.atom.xml
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsfmt


def main(root: str, category: str, out: str) -> None:
    site = newsfmt.load_newest(root, 10, category=category)  # reads every header, cleans only these 10 bodies
    data = newsfmt.to_atom(site.articles, site.config, category=category, limit=10, content="summary")
    Path(out).write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
