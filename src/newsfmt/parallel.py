"""Running one function over many items in worker processes, in order, chunk by chunk."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["available_cores", "map_batches", "map_in_chunks", "run_in_worker", "start_workers"]

Context = TypeVar("Context")
Item = TypeVar("Item")
Result = TypeVar("Result")

_MIN_ITEMS = 200
"""Below this many items, starting processes costs more than it saves."""
_CHUNK = 64

_task: tuple[Callable[[Any, Any], Any], Any] | None = None


def available_cores() -> int:
    """The cores this process may use (not all the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1
"""Linux prctl(2) option: a signal the kernel sends this process when the thread that started it ends."""


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the process that started it dies, even by SIGKILL (Linux only):
    a killed build must not leave workers writing into OUT behind its back. ``parent`` is the process that
    started it, or 0 for the one that forked it (a fork server, which ends when the build does)."""
    import ctypes
    import signal

    parent = parent or os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _start_worker(function: Callable[[Any, Any], Any], context: Any, parent: int) -> None:
    global _task
    import signal

    # Ctrl-C reaches the terminal's whole process group: the caller alone decides what it means (it cancels the
    # work left and cleans up); a worker stopped mid-task would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _task = (function, context)


def _run_chunk(items: Sequence[Any]) -> list[Any]:
    assert _task is not None
    function, context = _task
    return [function(context, item) for item in items]


def _run_batch(items: Sequence[Any]) -> list[Any]:
    assert _task is not None
    function, context = _task
    result: list[Any] = function(context, items)
    return result


def _each(task: tuple[Callable[[Any, Any], Any], Any], items: Sequence[Any]) -> list[Any]:
    function, context = task
    return [function(context, item) for item in items]


def run_in_worker(item: Any) -> Any:
    """``function(context, item)`` in a process of :func:`start_workers`; give it to the pool's ``submit``."""
    return _run_chunk((item,))[0]


def start_workers(
    function: Callable[[Context, Item], Any], context: Context, jobs: int, *, fresh: Sequence[str] = ()
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes that each hold ``function`` and ``context`` (sent once), for work that goes on
    while the caller does something else: ``pool.submit(run_in_worker, item)``. The caller shuts it down; on
    Linux the workers also die with the caller when it is killed.

    With ``fresh`` (modules to import first, ``function``'s among them), the workers are not forks of the caller
    but of a small server process that imported only those (where the platform has one), and ``context`` is
    pickled to them: for a caller that holds much memory by then, which each fork would otherwise count (and
    copy as the objects are touched)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing costs 40 ms to import: only when used

    parent, start = os.getpid(), None
    if fresh and "forkserver" in multiprocessing.get_all_start_methods():
        start = multiprocessing.get_context("forkserver")
        start.set_forkserver_preload(list(fresh))
        parent = 0  # the fork server's child: it dies with the server, which ends with the caller
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=start, initializer=_start_worker, initargs=(function, context, parent)
    )


def map_in_chunks(
    function: Callable[[Context, Item], Result],
    context: Context,
    items: Sequence[Item],
    *,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    each_chunk: Callable[[list[Result]], list[Result]] | None = None,
) -> list[Result]:
    """``[function(context, item) for item in items]``, in ``jobs`` worker processes when there are many items.

    ``function`` must be a module-level function; ``context`` is sent once to each worker. ``each_chunk``,
    when given, sees each chunk's results in the calling process as they arrive (in order) and returns what
    to keep of them. An exception raised for an item stops the run and is raised here.
    """
    return map_batches(_each, (function, context), items, jobs=jobs, progress=progress, each_chunk=each_chunk)


def map_batches(
    function: Callable[[Context, Sequence[Item]], list[Result]],
    context: Context,
    items: Sequence[Item],
    *,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    each_chunk: Callable[[list[Result]], list[Result]] | None = None,
) -> list[Result]:
    """:func:`map_in_chunks` for a ``function`` that takes a whole chunk of items and returns one result per item,
    in order: for work that costs less done for many items at once."""
    results: list[Result] = []

    def keep(done: list[Result]) -> None:
        results.extend(each_chunk(done) if each_chunk else done)
        if progress:
            progress(len(done))

    if jobs < 2 or len(items) < _MIN_ITEMS:
        for start in range(0, len(items), _CHUNK):
            keep(function(context, items[start : start + _CHUNK]))
        return results
    chunks = [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]
    pool = start_workers(function, context, jobs)
    try:
        for done in pool.map(_run_batch, chunks):
            keep(done)
    except BaseException:  # an error, or Ctrl-C: the chunks not started are not wanted any more
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
