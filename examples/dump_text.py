"""Print every article of a site as plain text, wrapped at 60 columns (CJK characters count two).

python examples/dump_text.py examples/site
"""

from __future__ import annotations

import sys

import newsfmt


def main(root: str) -> None:
    for article in newsfmt.load_site(root).articles:
        print(newsfmt.to_text(article, width=60, links="references"))
        print("\n" + "=" * 60 + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/site")
