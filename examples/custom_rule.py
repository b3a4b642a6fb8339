"""Clean a site with one more boilerplate rule, keeping the built-in ones.

python examples/custom_rule.py examples/site
"""

from __future__ import annotations

import sys

import newsfmt

RULES = newsfmt.CleaningRules.defaults().extended(
    remove_selectors=["div.share", "p.editor"],  # elements removed with what they hold
    remove_patterns=[r"本文头信息.*"],  # paragraphs whose whole text matches
)


def main(root: str) -> None:
    before = newsfmt.load_site(root)
    after = newsfmt.load_site(root, rules=RULES)
    pairs = zip(before.articles, after.articles, strict=True)
    removed = sum(len(a.text) - len(b.text) for a, b in pairs)
    print(f"{len(after.articles)} articles, {removed} characters of boilerplate removed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/site")
