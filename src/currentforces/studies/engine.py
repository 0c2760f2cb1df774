"""Sweeps: a registered study mapped over a list of cases, cached on disk, fault-tolerant.

:func:`run_sweep` maps a study (:mod:`currentforces.studies.registry`) over a list of cases:

- **cache.** Each case is keyed (:func:`case_key`) by the study, its parameters with the
  defaults filled in and numbers normalized (``rs=2`` and ``rs=2.0`` are one case), the package
  version and a digest of its source, and the numpy, scipy and Python versions. Its row is kept
  as JSON in a cache folder (default ``$CURRENTFORCES_SWEEP_CACHE`` or
  ``~/.cache/currentforces/sweeps``) **as soon as it is computed**, written atomically
  (:func:`currentforces.core.diskcache.write_atomic`); a damaged entry is a miss, logged with
  its path.
- **execution.** The uncached cases run through :func:`currentforces.core.parallel.run_tasks`:
  a local process pool, this process (``max_workers=1``), or a ``dask.distributed`` client,
  whose workers are first checked to run the same code (:func:`check_workers`).
- **faults.** A case that raises does not stop the others: when all have run,
  :class:`SweepFailed` is raised with the finished rows and each failure's parameters and
  traceback. Ctrl-C stops at once and raises :class:`SweepInterrupted` (a KeyboardInterrupt)
  saying how many rows are kept; running the same sweep again resumes from the cache.
- **result.** Tidy rows, one per case (parameters and outputs), written as CSV with the unit
  of each column in its header.

The command ``currentforces sweep`` (:mod:`currentforces.cli`) exposes the same function.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path

from ..core.diskcache import MISS, read_entry, write_atomic
from ..core.parallel import check_workers, environment, run_tasks
from ..core.parameter_box import validate_parameters
from .registry import STUDIES, Study

__all__ = [
    "Failure",
    "SweepFailed",
    "SweepInterrupted",
    "SweepResult",
    "case_key",
    "default_cache",
    "grid",
    "run_sweep",
    "run_sweeps",
]


def grid(**axes) -> list[dict]:
    """Every combination of the values of the axes, as a list of parameter dicts.

    Examples
    --------
    >>> grid(rs=[2.0, 3.0], kernel=["rpa"])
    [{'rs': 2.0, 'kernel': 'rpa'}, {'rs': 3.0, 'kernel': 'rpa'}]
    """
    names = list(axes)
    values = [
        list(v) if isinstance(v, Iterable) and not isinstance(v, str) else [v]
        for v in axes.values()
    ]
    return [dict(zip(names, combo, strict=True)) for combo in product(*values)]


def _normalized(value):
    """Numbers as floats (2, 2.0 and numpy's 2.0 are one value); anything else as it is."""
    import numpy as np

    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return value
    return float(value)


def case_key(study: str, params: Mapping) -> str:
    """The cache key of one case.

    A SHA-256 of the study, its normalized parameters, the package version and source digest,
    and the numpy/scipy/Python versions.
    """
    normalized = sorted((k, _normalized(v)) for k, v in params.items())
    text = json.dumps([study, normalized, environment()], default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def default_cache() -> Path:
    """$CURRENTFORCES_SWEEP_CACHE, else ~/.cache/currentforces/sweeps."""
    folder = os.environ.get("CURRENTFORCES_SWEEP_CACHE")
    return Path(folder) if folder else Path.home() / ".cache" / "currentforces" / "sweeps"


@dataclass(frozen=True)
class SweepResult:
    """Tidy rows of a sweep (parameters and results), with the units of every column."""

    study: str
    rows: tuple[dict, ...]
    units: Mapping[str, str]
    cached: int = 0  # rows read from the cache
    computed: int = 0  # rows computed in this call
    columns: tuple[str, ...] = field(default=())

    def column(self, name: str) -> list:
        """One column, in case order."""
        return [row[name] for row in self.rows]

    def to_csv(self, path) -> Path:
        """Write the rows as CSV; each header is ``name (unit)`` (no unit for labels)."""
        path = Path(path)
        columns = self.columns or (tuple(self.rows[0]) if self.rows else ())
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([f"{c} ({self.units[c]})" if self.units.get(c) else c for c in columns])
            for row in self.rows:
                writer.writerow([row[c] for c in columns])
        return path


@dataclass(frozen=True)
class Failure:
    """A case that raised: its parameters, the exception in one line and its traceback."""

    params: Mapping
    summary: str
    traceback: str


class SweepFailed(RuntimeError):
    """Some cases raised.

    ``result`` holds the rows of the others (kept in the cache too), ``failures`` the failed
    cases.
    """

    def __init__(self, result: SweepResult, failures: list[Failure]):
        self.result, self.failures = result, failures
        first = failures[0]
        super().__init__(
            f"{len(failures)} of {len(failures) + len(result.rows)} cases of study "
            f"{result.study!r} failed; the first, {dict(first.params)}: {first.summary}"
        )


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep: ``kept`` of ``total`` rows are in the cache ``folder``."""

    def __init__(self, kept: int, total: int, folder: Path | None):
        self.kept, self.total, self.folder = kept, total, folder
        super().__init__(f"interrupted: {kept} of {total} rows kept")


def _call(args):
    study, params = args
    return STUDIES[study].function(**params)


def run_sweep(
    study: str,
    cases: list[dict],
    *,
    cache: str | Path | None | bool = None,
    client=None,
    max_workers: int | None = None,
    progress: bool | None = None,
) -> SweepResult:
    """Map a registered study over ``cases`` (a list of parameter dicts, see :func:`grid`).

    Parameters
    ----------
    study : str
        A name of :data:`currentforces.studies.STUDIES`.
    cases : list of dict
        The parameters of each case (keyword arguments of the study).
    cache : path, None or False
        The cache folder (default :func:`default_cache`); ``False`` computes everything and
        stores nothing.
    client : dask.distributed.Client, optional
        Run the uncached cases on this cluster instead of a local process pool.
    max_workers : int, optional
        Processes of the local pool (default: the CPU count); 1 computes in this process.
    progress : bool, optional
        Show a progress bar (default: when standard error is a terminal).

    Returns
    -------
    SweepResult

    Raises
    ------
    ValueError
        A bad study or case, before anything runs.
    SweepFailed
        Some cases raised (the others are in its ``result`` and in the cache).
    SweepInterrupted
        Ctrl-C (the rows finished so far are in the cache).

    Examples
    --------
    >>> r = run_sweep("friction", grid(rs=[2.0], kernel=["rpa"]), cache=False, max_workers=1)
    >>> round(r.rows[0]["Q"], 4)
    0.1583
    """
    return run_sweeps(
        {study: cases}, cache=cache, client=client, max_workers=max_workers, progress=progress
    )[study]


def run_sweeps(
    plan: Mapping[str, list[dict]],
    *,
    cache: str | Path | None | bool = None,
    client=None,
    max_workers: int | None = None,
    progress: bool | None = None,
) -> dict[str, SweepResult]:
    """Several sweeps in one pool: ``plan`` maps study names to their cases.

    The uncached cases of every study are submitted together, in the order of ``plan``, so
    that the short tasks of one study keep the workers busy while the long ones of another
    finish; each study's result is what :func:`run_sweep` would return for it (the same cache
    entries). Every case of every study is checked before anything runs.

    Raises
    ------
    ValueError
        A bad study or case, before anything runs.
    SweepFailed
        Some cases raised: the first study with failures, its other rows in ``result`` (every
        finished row of every study is in the cache).
    SweepInterrupted
        Ctrl-C (the rows finished so far, of all the studies, are in the cache).

    Examples
    --------
    >>> out = run_sweeps({"dynamics": grid(rs=[4.0]), "friction": grid(rs=[2.0], kernel=["rpa"])},
    ...                  cache=False, max_workers=1)
    >>> [(name, len(result.rows)) for name, result in out.items()], round(out["friction"].rows[0]["Q"], 4)
    ([('dynamics', 1), ('friction', 1)], 0.1583)
    """
    if not plan:
        raise ValueError("plan must name at least one study")
    folder = None if cache is False else Path(cache) if cache else default_cache()
    checked = {}
    for study, cases in plan.items():
        if study not in STUDIES:
            raise ValueError(f"unknown study {study!r}; allowed: {', '.join(STUDIES)}")
        cases = [dict(c) for c in cases]
        if not cases:
            raise ValueError(f"cases of study {study!r} must hold at least one parameter dict")
        cases = [_complete(STUDIES[study], c) for c in cases]
        for c in cases:
            validate_parameters(c)
        checked[study] = cases
    if client is not None:
        check_workers(client)
    # one entry per case of every study: (study, index in its cases)
    slots = [(study, i) for study, cases in checked.items() for i in range(len(cases))]
    keys = {study: [case_key(study, c) for c in cases] for study, cases in checked.items()}
    rows: dict[str, list[dict | None]] = {s: [None] * len(c) for s, c in checked.items()}
    if folder is not None:
        for study, i in slots:
            entry = read_entry(folder / study / f"{keys[study][i]}.json", json.loads)
            if entry is not MISS and isinstance(entry, dict):
                rows[study][i] = entry
    todo = [(study, i) for study, i in slots if rows[study][i] is None]
    cached = {s: sum(r is not None for r in rows[s]) for s in checked}
    # a case listed twice (e.g. a density of a grid and the same point of another group) runs once
    first: dict[tuple[str, str], tuple[str, int]] = {}
    twins: dict[tuple[str, int], tuple[str, int]] = {}
    for study, i in todo:
        twins[study, i] = first.setdefault((study, keys[study][i]), (study, i))
    todo = [slot for slot in todo if twins[slot] == slot]
    show = sys.stderr.isatty() if progress is None else progress
    failed: dict[tuple[str, int], Failure] = {}
    bar = _bar(len(todo), show)
    try:
        tasks = [(study, checked[study][i]) for study, i in todo]
        for outcome in run_tasks(_call, tasks, client=client, max_workers=max_workers):
            study, i = todo[outcome.index]
            if outcome.ok:
                rows[study][i] = outcome.value
                if folder is not None:
                    entry = json.dumps(outcome.value).encode()
                    write_atomic(folder / study / f"{keys[study][i]}.json", entry)
            else:
                failed[study, i] = Failure(checked[study][i], outcome.summary(), outcome.traceback)
            if bar is not None:
                bar.update()
    except KeyboardInterrupt:
        kept = sum(r is not None for study_rows in rows.values() for r in study_rows)
        raise SweepInterrupted(kept, len(slots), folder) from None
    finally:
        if bar is not None:
            bar.close()
    # each twin shares its original's row, or its failure
    failures: dict[str, list[Failure]] = {s: [] for s in checked}
    for (study, i), original in sorted(twins.items()):
        if original in failed:
            failures[study].append(replace(failed[original], params=checked[study][i]))
        elif (study, i) != original:
            rows[study][i] = rows[original[0]][original[1]]
    results = {}
    for study, cases in checked.items():
        spec = STUDIES[study]
        done = [i for i, r in enumerate(rows[study]) if r is not None]
        tidy = tuple({**cases[i], **rows[study][i]} for i in done)
        columns = tuple(dict.fromkeys(k for row in tidy for k in row)) or tuple(spec.units)
        computed = len(done) - cached[study]
        results[study] = SweepResult(study, tidy, spec.units, cached[study], computed, columns)
    for study in checked:
        if failures[study]:
            raise SweepFailed(results[study], failures[study])
    return results


def _bar(total: int, show: bool):
    if not (show and total):
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="sweep", file=sys.stderr)


def _complete(spec: Study, case: dict) -> dict:
    """The case with the study's defaults filled in (so that {} and the defaults are one case)."""
    import inspect

    signature = inspect.signature(spec.function)
    unknown = set(case) - set(signature.parameters)
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {sorted(unknown)} of study {spec.name!r}; "
            f"allowed: {', '.join(signature.parameters)}"
        )
    try:
        bound = signature.bind(**case)
    except TypeError as exc:
        raise ValueError(f"study {spec.name!r}: {exc}") from None
    bound.apply_defaults()
    return dict(bound.arguments)
