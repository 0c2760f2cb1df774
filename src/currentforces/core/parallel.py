"""The one execution engine: a function mapped over tasks, locally or on a dask cluster.

:func:`run_tasks` yields one :class:`Outcome` per task *as it completes*, so that a caller can
keep each result at once (the sweep engine writes it to its cache). A task that raises is an
outcome too (its exception and traceback text), never a lost batch. Ctrl-C (KeyboardInterrupt)
cancels what has not started, stops the local worker processes at once (or cancels the dask
futures) and is re-raised, so that the caller can report what it kept.

- local: a ``concurrent.futures.ProcessPoolExecutor`` whose workers ignore SIGINT and run one
  BLAS thread each (the workers already use the cores), or this process for one worker/task;
- dask: ``client.map`` and ``distributed.as_completed``; the scheduler re-runs the tasks of a
  worker that dies. :func:`check_workers` first compares the workers' package version, source
  digest and numpy/scipy/python versions with this process's.
"""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Outcome", "check_workers", "environment", "run_tasks", "quiet_worker"]


@dataclass
class Outcome:
    """What became of one task: its index, and either its value or its error."""

    index: int
    value: Any = None
    error: BaseException | None = None
    traceback: str = ""

    @property
    def ok(self) -> bool:
        """True if the task returned."""
        return self.error is None

    def summary(self) -> str:
        """The exception in one line: type and message."""
        return f"{type(self.error).__name__}: {self.error}" if self.error else ""


def quiet_worker() -> None:
    """Initializer of a local worker process.

    It ignores SIGINT (the parent handles Ctrl-C and stops the workers) and uses one BLAS/OpenMP
    thread (the workers share the cores).
    """
    from threadpoolctl import threadpool_limits  # a declared dependency

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(1)


def _remote_traceback(exc: BaseException) -> str:
    cause = exc.__cause__
    text = str(cause) if cause is not None and "Traceback" in str(cause) else ""
    return text or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def run_tasks(
    function: Callable,
    tasks: Sequence,
    *,
    client=None,
    max_workers: int | None = None,
) -> Iterator[Outcome]:
    """Yield an :class:`Outcome` for ``function(task)`` of every task, in completion order.

    ``client`` (a ``dask.distributed.Client``) runs them on a cluster; otherwise a local process
    pool of ``max_workers`` processes (default: the CPU count), or this process when
    ``max_workers == 1`` or there is one task. KeyboardInterrupt stops the work and is re-raised.
    """
    if not tasks:
        return
    if client is not None:
        yield from _on_dask(function, tasks, client)
    elif max_workers == 1 or len(tasks) == 1:
        for i, task in enumerate(tasks):
            try:
                value = function(task)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # noqa: BLE001 - a failing task is an outcome
                yield Outcome(i, error=exc, traceback=traceback.format_exc())
            else:
                yield Outcome(i, value)
    else:
        yield from _on_local_pool(function, tasks, max_workers)


def _on_local_pool(function, tasks, max_workers) -> Iterator[Outcome]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=quiet_worker)
    futures = {pool.submit(function, task): i for i, task in enumerate(tasks)}
    pending = set(futures)
    try:
        while pending:
            # a short timeout keeps the main thread responsive to Ctrl-C
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                i = futures[future]
                exc = future.exception()
                if exc is None:
                    yield Outcome(i, future.result())
                else:
                    yield Outcome(i, error=exc, traceback=_remote_traceback(exc))
    except BaseException:
        # Ctrl-C, or the caller stopped early: stop the workers now, not after their tasks
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _on_dask(function, tasks, client) -> Iterator[Outcome]:
    from distributed import as_completed

    futures = client.map(function, list(tasks), pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    try:
        for future in as_completed(futures):
            i = index[future.key]
            if future.status == "finished":
                yield Outcome(i, future.result())
            else:
                exc = future.exception()
                tb = future.traceback()
                text = "".join(traceback.format_tb(tb)) if tb is not None else ""
                yield Outcome(i, error=exc, traceback=f"{text}{type(exc).__name__}: {exc}")
    except BaseException:
        client.cancel(futures)
        raise


def environment() -> dict[str, str]:
    """The package version and source digest, and numpy/scipy/python versions."""
    import numpy
    import scipy

    from .. import __version__
    from .diskcache import source_digest

    return {
        "currentforces": __version__,
        "source": source_digest(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
    }


def check_workers(client) -> None:
    """Refuse a cluster whose workers compute with other code than this process.

    Raises RuntimeError naming the first worker whose :func:`environment` differs (or a cluster
    with no worker).
    """
    ours = environment()
    theirs = client.run(environment)
    if not theirs:
        raise RuntimeError("the dask cluster has no worker")
    for worker, env in theirs.items():
        diff = {k: (env.get(k), v) for k, v in ours.items() if env.get(k) != v}
        if diff:
            detail = ", ".join(f"{k} {a!r} (here {b!r})" for k, (a, b) in diff.items())
            raise RuntimeError(
                f"worker {worker} runs other code than this process: {detail}; install the same "
                "currentforces on every worker"
            )
