"""Run a batch's cases in parallel: a local process pool, or a Dask cluster with ``scheduler``.

Results come back as cases finish (for the progress bar) and are handed on in input order,
so the JSON Lines output is the same whichever worker finished first. Whatever escapes a
case (a full disk, a killed worker) becomes that case's error record; the others go on.
"""

from __future__ import annotations

import importlib
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from formkit.batch.discover import CaseJob
from formkit.batch.steps import Options, run_case
from formkit.errors import EXIT_USAGE, FormkitError
from formkit.redact import redact_text

OnResult = Callable[[int, dict[str, Any]], None]


class SchedulerError(FormkitError):
    """The Dask scheduler cannot be used (not installed, unreachable): exit 2."""


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def run_one(job: CaseJob, options: Options) -> dict[str, Any]:
    """``run_case`` that never raises, plus the worker's peak memory so far."""
    try:
        record = run_case(job, options)
    except Exception as exc:  # the case's own steps catch their failures; this is the machinery
        record = failed(job, f"{type(exc).__name__}: {exc}")
    record["worker"] = {"pid": os.getpid(), "peak_rss_mb": _peak_rss_mb()}
    return record


def failed(job: CaseJob, message: str) -> dict[str, Any]:
    """The record of a case whose run failed outside its steps."""
    return {"case": job.case, "key": job.key, "outdir": job.outdir, "status": "error", "exit_code": EXIT_USAGE,
            "skipped": False, "seconds": 0.0, "findings": {"errors": 0, "warnings": 0, "infos": 0}, "steps": {},
            "outputs": {}, "message": redact_text(f"not run: {message}")}


class _InOrder:
    """Hands records on in input order as soon as all earlier ones are in."""

    def __init__(self, on_result: OnResult, on_done: Callable[[dict[str, Any]], None] | None) -> None:
        self.on_result = on_result
        self.on_done = on_done
        self.pending: dict[int, dict[str, Any]] = {}
        self.next = 0

    def add(self, index: int, record: dict[str, Any]) -> None:
        if self.on_done is not None:
            self.on_done(record)
        self.pending[index] = record
        while self.next in self.pending:
            self.on_result(self.next, self.pending.pop(self.next))
            self.next += 1


def run_batch(jobs: Sequence[CaseJob], options: Options, *, workers: int, scheduler: str | None = None,
              on_result: OnResult, on_done: Callable[[dict[str, Any]], None] | None = None) -> float:
    """Run every job; ``on_result(index, record)`` in input order, ``on_done(record)`` as each
    finishes. Returns the wall time in seconds."""
    start = time.perf_counter()
    order = _InOrder(on_result, on_done)
    if scheduler:
        _run_dask(jobs, options, scheduler, order)
    elif workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            order.add(index, run_one(job, options))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            futures: dict[Future[dict[str, Any]], int] = {
                pool.submit(run_one, job, options): index for index, job in enumerate(jobs)}
            for future in as_completed(futures):
                index = futures[future]
                try:
                    record = future.result()
                except Exception as exc:  # e.g. the worker process died
                    record = failed(jobs[index], f"worker failed ({type(exc).__name__}: {exc})")
                order.add(index, record)
    return time.perf_counter() - start


def _run_dask(jobs: Sequence[CaseJob], options: Options, scheduler: str, order: _InOrder) -> None:
    try:
        distributed: Any = importlib.import_module("distributed")  # the optional extra, untyped
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'formkit[dask]'") from None
    try:
        client = distributed.Client(scheduler)  # waits distributed.comm.timeouts.connect (Dask's config) at most
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = client.map(run_one, list(jobs), [options] * len(jobs), pure=False)
        index_of = {future.key: index for index, future in enumerate(futures)}
        for future in distributed.as_completed(futures):
            index = index_of[future.key]
            try:
                record = future.result()
            except Exception as exc:
                record = failed(jobs[index], f"Dask worker failed ({type(exc).__name__}: {exc})")
            order.add(index, record)
    finally:
        client.close()
