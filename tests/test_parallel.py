"""Worker pools: fresh workers start from what they import, not from a copy of the caller."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from newsfmt.parallel import run_in_worker, start_workers

_STATE = {"state": "as imported"}


def _probe(context: str, item: int) -> tuple[str, str, int, int]:
    return context, _STATE["state"], item, os.getpid()


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_fresh_workers_are_not_copies_of_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(_STATE, "state", "changed by the caller")
    pool = start_workers(_probe, "context", 2, fresh=[__name__])
    try:
        results = [pool.submit(run_in_worker, item).result() for item in range(4)]
    finally:
        pool.shutdown()
    assert [(context, state, item) for context, state, item, _ in results] == [
        ("context", "as imported", item) for item in range(4)
    ]
    assert os.getpid() not in {pid for *_, pid in results}


def test_forked_workers_see_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(_STATE, "state", "changed by the caller")
    pool = start_workers(_probe, "context", 1)
    try:
        assert pool.submit(run_in_worker, 7).result()[:3] == ("context", "changed by the caller", 7)
    finally:
        pool.shutdown()
