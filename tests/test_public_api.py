"""The public API is flat, explicit and sorted."""

from __future__ import annotations

import newsfmt


def test_all_is_sorted_and_complete() -> None:
    assert list(newsfmt.__all__) == sorted(newsfmt.__all__)
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
