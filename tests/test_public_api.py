"""The public API is flat, explicit and sorted."""

from __future__ import annotations

import newsfmt


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions and the rest.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert list(newsfmt.__all__) == sorted(newsfmt.__all__, key=_isort_key)
    assert len(set(newsfmt.__all__)) == len(newsfmt.__all__)
    for name in newsfmt.__all__:
        assert hasattr(newsfmt, name), name


def test_public_functions_have_docstrings() -> None:
    for name in newsfmt.__all__:
        obj = getattr(newsfmt, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_errors_form_one_tree() -> None:
    for name in newsfmt.__all__:
        obj = getattr(newsfmt, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, newsfmt.NewsfmtError), name


def test_import_is_lazy_and_submodules_stay_reachable() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, newsfmt\n"
        "heavy = [m for m in ('lxml.etree', 'feedgen.feed', 'ebooklib.epub', 'yaml') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert newsfmt.readers.site.discover and newsfmt.exporters.feeds.rss_atom.to_rss\n"
        "assert newsfmt.builder.build_site is newsfmt.build_site\n"
        "assert newsfmt.to_rss is newsfmt.exporters.feeds.rss_atom.to_rss\n"
        "assert not hasattr(newsfmt, 'no_such_name') and not hasattr(newsfmt.exporters, 'no_such_module')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
