"""Make one EPUB book of a category's year.

python examples/make_book.py examples/site city 2025 city-2025.epub
"""

from __future__ import annotations

import sys

import newsfmt


def main(root: str, category: str, year: str, out: str) -> None:
    site = newsfmt.load_site(root)
    for plan in newsfmt.plan_books(site.articles, site.config, categories=[category], year=int(year)):
        options = {"category": plan.category, "period": plan.period}
        newsfmt.write_epub(plan.articles, site.config, out, title=plan.title, **options)
        print(f"wrote {out}: {plan.title}, {len(plan.articles)} articles")
        return
    raise SystemExit(f"no articles in {category} for {year}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
