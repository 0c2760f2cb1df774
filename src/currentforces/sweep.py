"""Sweeps: a study mapped over a grid of parameters, cached on disk, run in parallel.

A *study* is a module-level function of keyword parameters that returns one row of numbers
(a dict). :data:`STUDIES` registers each study with the units of its parameters and results.
:func:`run_sweep` maps a study over a list of cases:

- every case is keyed by the study, its parameters, the package version and a digest of the
  package's source, and its row is kept as JSON in a cache folder (default
  ``$CURRENTFORCES_SWEEP_CACHE`` or ``~/.cache/currentforces/sweeps``), so that a repeated sweep
  or a chapter rebuild reads the rows instead of computing them;
- the cases not in the cache run through a standard executor: a ``dask.distributed`` client if
  one is passed (``client.map`` / ``client.gather``), otherwise a local process pool
  (``concurrent.futures.ProcessPoolExecutor``), or in this process for ``max_workers=1``;
- a progress bar (tqdm) is shown on a terminal;
- the result is tidy, one row per case (parameters and results), and writes a CSV whose header
  gives each column's unit.

The command ``currentforces sweep`` (:mod:`currentforces.cli`) exposes the same function.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path

__all__ = ["STUDIES", "Study", "SweepResult", "grid", "run_sweep"]


@dataclass(frozen=True)
class Study:
    """A function of keyword parameters returning one row, with the units of every column."""

    name: str
    function: Callable[..., dict]
    units: Mapping[str, str]
    description: str = ""


def _friction_row(
    rs: float, kernel: str = "mcp07", Z: float = 1.0, correlation: str = "pz81"
) -> dict:
    from .friction import friction_coefficient
    from .kernels import make_kernel

    return {"Q": friction_coefficient(make_kernel(kernel, rs, correlation), Z)}


_KERNELS = ("mcp07", "rpa", "mcp07_static")


def _dynamics_row(
    rs: float,
    nucleus1: str = "proton",
    nucleus2: str = "deuteron",
    Z1: float = 1.0,
    Z2: float = 1.0,
    T: float = 80000.0,
    correlation: str = "pz81",
) -> dict:
    from .claims import measure_claims
    from .gas import ElectronGas
    from .impurity import hydrogen_pair
    from .pulses import RectangularPulse
    from .scenario import PulseScenario

    config = PulseScenario(
        ElectronGas(rs),
        hydrogen_pair(nucleus1, nucleus2, Z1, Z2),
        RectangularPulse(T),
        _KERNELS,
        correlation,
    )
    result = config.run()
    claims = measure_claims(result)
    equilibria, _ = config.equilibria()
    row = {"branch": float(equilibria["mcp07"].index)}
    for name in _KERNELS:
        dyn = result.dynamics[name]
        constants = dyn.markov_constants()
        row[f"d_eq_{name}"] = float(dyn.d)
        row[f"omega0_par_{name}"] = constants["omega0_par"]
        row[f"kappa_par_{name}"] = constants["kappa_par"]
        row[f"kappa_perp_{name}"] = constants["kappa_perp"]
    row.update(
        {
            "t95_mcp07": claims["t95_main"],
            "t95_rpa": claims["t95_ref"],
            "acc_gain_rpa": claims["acc_gain_rpa"],
            "acc_gain_visc": claims["acc_gain_visc"],
            "rot_reduction_rpa": claims["red_rpa"],
            "rot_reduction_visc": claims["red_visc"],
            "rot_rate_gain_rpa": claims["rot_rate_gain_rpa"],
            "rot_rate_gain_visc": claims["rot_rate_gain_visc"],
        }
    )
    return {k: float(v) for k, v in row.items()}


def _kernel_row(
    rs: float = 2.0,
    kernel: str = "mcp07",
    fgk_real: str = "published",
    T: float = 80000.0,
    correlation: str = "pz81",
) -> dict:
    """The paper's conclusions for a proton and a deuteron with one kernel in place of MCP07.

    Comparisons of a kernel with itself are nan (RPA against RPA, static MCP07 against itself),
    and so is the viscous part of a static kernel.
    """
    from .claims import measure_claims
    from .friction import friction_coefficient
    from .gas import ElectronGas
    from .impurity import proton_deuteron
    from .kernels import make_kernel
    from .pulses import RectangularPulse
    from .scenario import PulseScenario

    config = PulseScenario(
        ElectronGas(rs),
        proton_deuteron(),
        RectangularPulse(T),
        (kernel, "rpa", "mcp07_static"),
        correlation,
        fgk_real,
    )
    result = config.run()
    claims = measure_claims(result, main=kernel, reference="rpa", static="mcp07_static")
    k = make_kernel(kernel, rs, correlation, fgk_real)
    q = friction_coefficient(k)
    nan = float("nan")
    versus_rpa = kernel != "rpa"
    viscous = k.is_dynamic
    return {
        "Q": q,
        "Q_viscous": q - friction_coefficient(make_kernel("mcp07_static", rs, correlation))
        if viscous
        else nan,
        "d_eq": float(result.dynamics[kernel].d),
        "t95": float(claims["t95_main"]),
        "acc_gain_rpa": float(claims["acc_gain_rpa"]) if versus_rpa else nan,
        "acc_gain_visc": float(claims["acc_gain_visc"]) if viscous else nan,
        "rot_reduction_rpa": float(claims["red_rpa"]) if versus_rpa else nan,
        "rot_reduction_visc": float(claims["red_visc"]) if viscous else nan,
        "rot_rate_gain_rpa": float(claims["rot_rate_gain_rpa"]) if versus_rpa else nan,
        "rot_rate_gain_visc": float(claims["rot_rate_gain_visc"]) if viscous else nan,
    }


_ENERGY = "hartree"
STUDIES: dict[str, Study] = {
    "friction": Study(
        "friction",
        _friction_row,
        {
            "rs": "bohr",
            "kernel": "",
            "Z": "e",
            "correlation": "",
            "Q": "hbar/bohr^2",
        },
        "friction coefficient of one nucleus in linear response",
    ),
    "dynamics": Study(
        "dynamics",
        _dynamics_row,
        {
            "rs": "bohr",
            "nucleus1": "",
            "nucleus2": "",
            "Z1": "e",
            "Z2": "e",
            "T": "hbar/hartree",
            "correlation": "",
            "branch": "",
            **{f"d_eq_{k}": "bohr" for k in _KERNELS},
            **{f"omega0_par_{k}": _ENERGY for k in _KERNELS},
            **{f"kappa_par_{k}": _ENERGY for k in _KERNELS},
            **{f"kappa_perp_{k}": _ENERGY for k in _KERNELS},
            "t95_mcp07": "hbar/hartree",
            "t95_rpa": "hbar/hartree",
            "acc_gain_rpa": "%",
            "acc_gain_visc": "%",
            "rot_reduction_rpa": "%",
            "rot_reduction_visc": "%",
            "rot_rate_gain_rpa": "%",
            "rot_rate_gain_visc": "%",
        },
        "a rectangular pulse on a pair of nuclei with MCP07, RPA and static MCP07 (nan: a measure "
        "not made, e.g. t95 when the drift is not reached within T, or the rotation of equal nuclei)",
    ),
    "kernel": Study(
        "kernel",
        _kernel_row,
        {
            "rs": "bohr",
            "kernel": "",
            "fgk_real": "",
            "T": "hbar/hartree",
            "correlation": "",
            "Q": "hbar/bohr^2",
            "Q_viscous": "hbar/bohr^2",
            "d_eq": "bohr",
            "t95": "hbar/hartree",
            "acc_gain_rpa": "%",
            "acc_gain_visc": "%",
            "rot_reduction_rpa": "%",
            "rot_reduction_visc": "%",
            "rot_rate_gain_rpa": "%",
            "rot_rate_gain_visc": "%",
        },
        "the paper's conclusions (proton and deuteron) with one kernel against RPA and static MCP07 "
        "(nan: a kernel compared with itself, the viscous part of a static kernel, or a measure not made)",
    ),
}
"""The registered studies by name."""


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


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """A digest of the package's Python source: a code change invalidates the cache."""
    from . import __version__

    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _key(study: str, params: Mapping) -> str:
    text = json.dumps([study, sorted(params.items()), _source_digest()], default=repr)
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
        columns = self.columns or tuple(self.rows[0])
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([f"{c} ({self.units[c]})" if self.units.get(c) else c for c in columns])
            for row in self.rows:
                writer.writerow([row[c] for c in columns])
        return path


def _one_thread_per_worker() -> None:
    """Pool initializer: one BLAS/OpenMP thread per worker process.

    The workers already run in parallel; a multi-threaded BLAS in each of them oversubscribes
    the cores (measured: a 2-process pool was then no faster than one process).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl is optional: without it the pool still works
        return
    threadpool_limits(1)


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
        A name of :data:`STUDIES`.
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

    Examples
    --------
    >>> r = run_sweep("friction", grid(rs=[2.0], kernel=["rpa"]), cache=False, max_workers=1)
    >>> round(r.rows[0]["Q"], 4)
    0.1583
    """
    if study not in STUDIES:
        raise ValueError(f"unknown study {study!r}; allowed: {', '.join(STUDIES)}")
    cases = [dict(c) for c in cases]
    if not cases:
        raise ValueError("cases must hold at least one parameter dict")
    spec = STUDIES[study]
    cases = [_complete(spec, c) for c in cases]
    _validate(cases)
    folder = None if cache is False else Path(cache) if cache else default_cache()
    rows: list[dict | None] = [None] * len(cases)
    keys = [_key(study, c) for c in cases]
    if folder is not None:
        for i, key in enumerate(keys):
            path = folder / study / f"{key}.json"
            if path.is_file():
                rows[i] = json.loads(path.read_text())
    todo = [i for i, r in enumerate(rows) if r is None]
    cached = len(cases) - len(todo)
    show = sys.stderr.isatty() if progress is None else progress
    for i, row in zip(
        todo, _execute([(study, cases[i]) for i in todo], client, max_workers, show), strict=True
    ):
        rows[i] = row
        if folder is not None:
            path = folder / study / f"{keys[i]}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(row))
            tmp.replace(path)  # a half-written entry is never read
    tidy = tuple({**c, **r} for c, r in zip(cases, rows, strict=True))
    columns = tuple(dict.fromkeys(k for row in tidy for k in row))
    return SweepResult(study, tidy, dict(spec.units), cached, len(todo), columns)


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


def _validate(cases: list[dict]) -> None:
    """The parameter box of the book for the parameters it knows (clear errors before running)."""
    from .book.parameters import validate_parameters

    for c in cases:
        validate_parameters(c)


def _execute(tasks: list, client, max_workers, show: bool) -> Iterable[dict]:
    if not tasks:
        return []
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="sweep", file=sys.stderr)
    try:
        if client is not None:
            from distributed import as_completed

            futures = client.map(_call, tasks, pure=False)
            index = {f.key: i for i, f in enumerate(futures)}
            out: list = [None] * len(tasks)
            for future in as_completed(futures):
                out[index[future.key]] = future.result()
                if bar is not None:
                    bar.update()
            return out
        if max_workers == 1 or len(tasks) == 1:
            out = []
            for t in tasks:
                out.append(_call(t))
                if bar is not None:
                    bar.update()
            return out
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            max_workers=max_workers, initializer=_one_thread_per_worker
        ) as pool:
            chunk = max(1, math.ceil(len(tasks) / (4 * (max_workers or os.cpu_count() or 1))))
            out = []
            for row in pool.map(_call, tasks, chunksize=chunk):
                out.append(row)
                if bar is not None:
                    bar.update()
            return out
    finally:
        if bar is not None:
            bar.close()
