"""Where a chapter re-run with ``make run`` writes its figures and data.

``scripts/run_chapter.py`` sets ``CURRENTFORCES_RUN_DIR`` for the run; during ``make book`` and
``make test`` it is unset and these helpers write nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def run_dir() -> Path | None:
    """The run's output folder, or None when the chapter is not run through ``make run``."""
    value = os.environ.get("CURRENTFORCES_RUN_DIR")
    return Path(value) if value else None


def save_figure(fig, name: str) -> Path | None:
    """Save ``fig`` as ``<run dir>/<name>.png`` when in a run; return the path or None."""
    folder = run_dir()
    if folder is None:
        return None
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


def save_csv(name: str, **columns) -> Path | None:
    """Save equal-length 1D ``columns`` (name -> array) as ``<run dir>/<name>.csv`` in a run."""
    folder = run_dir()
    if folder is None:
        return None
    arrays = [np.asarray(v, dtype=float).ravel() for v in columns.values()]
    if len({a.size for a in arrays}) != 1:
        raise ValueError(f"columns of {name!r} must have equal lengths")
    path = folder / f"{name}.csv"
    np.savetxt(path, np.column_stack(arrays), delimiter=",", header=",".join(columns), comments="")
    return path
