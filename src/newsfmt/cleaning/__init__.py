"""One cleaning step shared by every output: safe HTML, boilerplate removed, links absolute, text, summary.

Modules, in pipeline order: :mod:`.parse` (one lxml parse), :mod:`.sanitize` (the allow-list),
:mod:`.links` (safe, absolute URLs), :mod:`.boilerplate` with :mod:`.rules` (rules as data),
:mod:`.render` and :mod:`.wrap` (plain text), :mod:`.summary`, :mod:`.whitespace` (characters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .clean import CleanResult, clean_html
    from .rules import DEFAULT_RULES, CleaningRules

__all__ = ["DEFAULT_RULES", "CleanResult", "CleaningRules", "clean_html"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {"CleanResult": ".clean", "clean_html": ".clean", "DEFAULT_RULES": ".rules", "CleaningRules": ".rules"},
)
