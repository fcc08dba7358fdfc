"""Check files in worker processes, collecting their reports in file order.

Workers are forked where the platform allows it, so they share the parent's loaded modules, rules
and catalogs (copy-on-write) and start at no cost; elsewhere they are spawned and load their own.
A bounded number of chunks is in flight at once, so the plan is consumed (and memory used) as the
workers progress. A worker that dies (killed, out of memory) breaks the pool at once
(``BrokenProcessPool``): the run then stops with :class:`WorkerDied`, naming the files that were
not checked, instead of waiting for an answer that never comes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from hvcheck.catalog import Catalog
from hvcheck.engine.files import Checker
from hvcheck.engine.options import Options
from hvcheck.engine.stats import Statistics
from hvcheck.results import FileReport

if TYPE_CHECKING:  # the pool is imported when one is started: a short run never needs it
    from concurrent.futures import Future, ProcessPoolExecutor

PlanItem = tuple[str, Options, tuple[str, ...]]
"""A file to check, its options and its extra catalog paths: all a worker process needs."""

PARALLEL_MIN_FILES = 8
"""Below this many files, starting worker processes costs more than it saves."""
FILES_PER_WORKER = 4
"""At least this many files per worker, so each one earns its start-up."""


class WorkerDied(Exception):
    """A worker process ended without answering; ``files`` were not checked."""

    def __init__(self, files: list[str]) -> None:
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        super().__init__(
            f"a worker process died (killed, or out of memory); {count} were not checked: "
            f"{shown} (one of the first was being checked); run again with --jobs 1 to check "
            "them in one process"
        )
        self.files = files


def worker_count(jobs: int | None, files: int) -> int:
    """How many worker processes to use for ``files`` files (1: check them in this process)."""
    if jobs is None or jobs <= 0:
        jobs = available_cpus()
    if jobs <= 1 or files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(jobs, files // FILES_PER_WORKER))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


_WORKER: Checker | None = None
_WORKER_DEFAULT: Catalog | None = None


def _init_worker(
    catalogs: dict[tuple[str, ...], Catalog] | None, want_stats: bool, default: Catalog | None
) -> None:
    import signal

    global _WORKER, _WORKER_DEFAULT
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = Checker(Statistics(enabled=want_stats), dict(catalogs or {}))
    _WORKER_DEFAULT = default


def _check_chunk(items: Sequence[PlanItem]) -> tuple[list[FileReport | str], Statistics]:
    """Check a run of files in a worker; return their reports in order and the time they took."""
    checker = _WORKER
    assert checker is not None, "worker not initialised"
    out: list[FileReport | str] = []
    for path, options, extra in items:
        catalog = _WORKER_DEFAULT if _WORKER_DEFAULT is not None and not extra else None
        out.append(checker.check_file(path, options, catalog or checker.catalog(extra)))
    stats = checker.stats
    checker.stats = Statistics(enabled=stats.enabled)
    return out, stats


def _start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the parent's loaded modules, rules and catalogs with no start-up cost per worker
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "spawn"


def run_parallel(
    plan: Iterable[PlanItem],
    catalogs: dict[tuple[str, ...], Catalog],
    workers: int,
    stats: Statistics,
    default: Catalog | None = None,
) -> Iterator[FileReport | str]:
    """Check the planned files in ``workers`` processes; yield their outcomes in plan order.

    Raises :class:`WorkerDied` when a worker process dies.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = _start_method()
    context = multiprocessing.get_context(method)
    shared = catalogs if method == "fork" else None  # spawned workers load their own
    if default is not None and method != "fork":
        shared = {(): default}
    inherited = default if method == "fork" else None
    if method == "fork":
        gc.freeze()  # what is loaded now stays shared with the workers (copy-on-write), unscanned
    try:
        pool = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(shared, stats.enabled, inherited),
        )
    except OSError:  # no process support here (e.g. no /dev/shm for semaphores): one process
        if method == "fork":
            gc.unfreeze()
        checker = Checker(stats, dict(catalogs))
        for path, options, extra in plan:
            cat = default if default is not None and not extra else checker.catalog(extra)
            yield checker.check_file(path, options, cat)
        return
    stats.workers = workers
    chunk_size = 4
    window = workers * 4
    pending: deque[tuple[Future[tuple[list[FileReport | str], Statistics]], list[str]]] = deque()
    finished = False
    try:
        items = iter(plan)
        exhausted = False
        chunks_sent = 0
        while True:
            while not exhausted and len(pending) < window:
                chunk: list[PlanItem] = []
                for item in items:
                    chunk.append(item)
                    if len(chunk) >= chunk_size:
                        break
                if not chunk:
                    exhausted = True
                    break
                pending.append((pool.submit(_check_chunk, chunk), [p for p, _, _ in chunk]))
                chunks_sent += 1
                if chunks_sent == workers * 2:
                    chunk_size = 16  # small first chunks start every worker early; then fewer trips
            if not pending:
                break
            future, _ = pending[0]
            try:
                outcomes, chunk_stats = future.result()
            except BrokenProcessPool:
                lost = [p for _, paths in pending for p in paths]
                lost += [p for p, _, _ in items]
                raise WorkerDied(lost) from None
            pending.popleft()
            stats.merge(chunk_stats)
            yield from outcomes
        finished = True
    finally:
        if not finished:  # interrupted or broken: stop the workers now, not after their chunks
            _terminate(pool)
        pool.shutdown(wait=finished, cancel_futures=True)
        if method == "fork":
            gc.unfreeze()


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError):  # already gone
            process.terminate()
