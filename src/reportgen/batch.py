"""One function over many agency files: in this process (`jobs` 1) or in worker processes, results
handed back in order as they finish, with at most a few tasks in flight, so memory does not grow with
the number of files.

Ctrl-C stops cleanly: while a result is being handled (its files written), the first one is noted
and the batch stops after it (so a report is never left half-written); while an item is worked on in
this process, it interrupts at once, as nothing is written then. `KeyboardInterrupt` reaches the
caller, who has seen every result finished before it. Workers ignore Ctrl-C (the terminal sends it
to them too) and are ended by the parent; on SIGTERM a worker unwinds (SystemExit), so LibreOffice
runs and temporary folders are cleaned up by their own `finally` blocks. A second Ctrl-C interrupts
at once.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")
Result = TypeVar("Result")

IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to keep it busy, few enough to bound memory
POLL_SECONDS = 0.1  # how often the parent looks up from waiting to see whether Ctrl-C was pressed


def release_memory() -> None:
    """Hand freed memory back to the system (glibc keeps it otherwise, and a long batch of large
    documents passing through the parent would grow its resident size file by file); elsewhere a no-op."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (musl): nothing to trim
        return None


_malloc_trim = _find_malloc_trim()


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _StopRequest:
    """The first Ctrl-C asks to stop after the current result; the second interrupts at once."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: object = None  # the handler before ours (None: not the main thread, not ours)

    def __call__(self, signum: int, frame: object) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def _stop_on_ctrl_c() -> Iterator[_StopRequest]:
    stop = _StopRequest()
    try:
        previous = signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread: Ctrl-C is not ours to handle
        yield stop
        return
    stop.previous = previous
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _interruptible(stop: _StopRequest) -> Iterator[None]:
    """While an item is worked on in this process, Ctrl-C interrupts at once (nothing is written
    then: a LibreOffice run of minutes is not waited for); the stop request is back for the result."""
    if stop.previous is None:
        yield
        return
    signal.signal(signal.SIGINT, stop.previous)  # type: ignore[arg-type]
    try:
        yield
    finally:
        if not stop.requested:
            signal.signal(signal.SIGINT, stop)


def _worker_start(initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if initializer is not None:
        initializer()


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _context() -> BaseContext:
    """fork where there is one: a worker starts with the parent's templates already compiled."""
    import multiprocessing  # only when there are workers: not for one file

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _each(work: Callable[[Item], Result], chunk: Sequence[Item]) -> list[Result]:
    return [work(item) for item in chunk]


def run_chunked(work: Callable[[Item], Result], items: Sequence[Item], *, jobs: int, chunk: int) -> Iterator[Result]:
    """As `run`, sending `chunk` items to a worker at a time (for many small tasks)."""
    chunks = [items[start:start + chunk] for start in range(0, len(items), chunk)]
    for results in run(functools.partial(_each, work), chunks, jobs=jobs):
        yield from results


def run(work: Callable[[Item], Result], items: Sequence[Item], *, jobs: int,
        initializer: Callable[[], None] | None = None) -> Iterator[Result]:
    """`work(item)` for every item, in order. `work` and `initializer` must be picklable (module-level
    functions or partials of them) when `jobs` > 1."""
    with _stop_on_ctrl_c() as stop:
        if jobs <= 1 or len(items) <= 1:
            if initializer is not None:
                initializer()
            for item in items:
                with _interruptible(stop):
                    result = work(item)
                yield result
                if stop.requested:
                    raise KeyboardInterrupt
            return
        yield from _in_workers(work, items, min(jobs, len(items)), initializer, stop)


def _in_workers(work: Callable[[Item], Result], items: Sequence[Item], jobs: int,
                initializer: Callable[[], None] | None, stop: _StopRequest) -> Iterator[Result]:
    pool = _context().Pool(jobs, initializer=_worker_start, initargs=(initializer,))
    finished = False
    try:
        pending: deque = deque()
        upcoming = iter(items)
        for item in upcoming:
            pending.append(pool.apply_async(work, (item,)))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            task = pending.popleft()
            while not task.ready():
                if stop.requested:
                    raise KeyboardInterrupt
                task.wait(POLL_SECONDS)
            result = task.get()
            next_item = next(upcoming, None)
            if next_item is not None:
                pending.append(pool.apply_async(work, (next_item,)))
            yield result
            if stop.requested:
                raise KeyboardInterrupt
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()
