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
    """Save ``fig`` as ``<run dir>/<name>.png`` and every plotted curve and colour map in it as
    ``<run dir>/<name>.data.csv`` (long format: panel, series, x, y, z) when in a run; return
    the PNG path or None."""
    folder = run_dir()
    if folder is None:
        return None
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=150, bbox_inches="tight")
    figure_data_csv(fig, folder / f"{name}.data.csv")
    return path


def figure_data_csv(fig, path) -> Path:
    """Write the data of every line and colour mesh of ``fig`` to ``path`` (CSV)."""
    import csv

    from matplotlib.collections import QuadMesh

    path = Path(path)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["panel", "series", "x", "y", "z"])
        for i, ax in enumerate(fig.axes):
            for j, line in enumerate(ax.get_lines()):
                label = line.get_label()
                series = label if label and not label.startswith("_") else f"line{j}"
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                    out.writerow([i, series, repr(float(x)), repr(float(y)), ""])
            for k, coll in enumerate(ax.collections):
                if isinstance(coll, QuadMesh):
                    coords = coll.get_coordinates()
                    xc = 0.25 * (
                        coords[:-1, :-1] + coords[1:, :-1] + coords[:-1, 1:] + coords[1:, 1:]
                    )
                    z = np.asarray(coll.get_array()).reshape(xc.shape[:2])
                    for (x, y), v in zip(xc.reshape(-1, 2), z.ravel(), strict=True):
                        out.writerow(
                            [i, f"mesh{k}", repr(float(x)), repr(float(y)), repr(float(v))]
                        )
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
