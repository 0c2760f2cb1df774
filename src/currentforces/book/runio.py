"""Where a chapter re-run with ``make run`` writes its figures and data.

``scripts/run_chapter.py`` sets ``CURRENTFORCES_RUN_DIR`` for the run; during ``make book`` and
``make test`` it is unset and these helpers write nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np


def run_dir() -> Path | None:
    """The run's output folder, or None when the chapter is not run through ``make run``."""
    value = os.environ.get("CURRENTFORCES_RUN_DIR")
    return Path(value) if value else None


def save_figure(fig, name: str) -> Path | None:
    """Save ``fig`` as ``<run dir>/<name>.png`` and the data of its curves as ``<name>.csv``.

    Only in a run of ``make run``; returns the PNG path, or None outside a run. The CSV holds
    every plotted curve and colour map once (long format: panel, series, x, y, z), with the
    axis labels (quantities and units) of each panel in its header.
    """
    return _save_run_files(fig, name, _png(fig))


COLUMN_PX = 660
"""Width of the book's text column at a 1280 px window (CSS px), where a figure lands."""

MIN_TEXT_PX = 14.0
"""Smallest text of a figure on the page (CSS px): the size of the captions' text."""


def _texts(fig):
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _png_width(png: bytes) -> int:
    """Width in pixels from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big")


def shown_text_px(fig, png_width_px: int, dpi: int, column_px: float = COLUMN_PX) -> float:
    """CSS px per point of text of a figure rendered ``png_width_px`` wide at ``dpi``.

    The book shows a figure at 100 CSS px per inch of its rendered width (:func:`figure_image`),
    shrunk to the column if wider: a point of text is (100/72) min(1, column/(100 w)) px.
    """
    width_in = png_width_px / dpi
    return (100.0 / 72.0) * min(1.0, column_px / (100.0 * width_in))


def readable_text(fig, px_per_pt: float, min_px: float = MIN_TEXT_PX) -> bool:
    """Set every text of ``fig`` smaller than ``min_px`` on the page to ``min_px``; redo the layout.

    Returns True if a text was changed.
    """
    floor_pt = min_px / px_per_pt
    changed = False
    for t in _texts(fig):
        if t.get_fontsize() < floor_pt - 1e-9:
            t.set_fontsize(floor_pt)
            changed = True
    if changed:
        _relayout(fig)
    return changed


def legends_off_the_data(fig) -> int:
    """Move every legend that covers a plotted point to below its axes; the number moved.

    A legend placed by matplotlib ("best") can still sit on the curves when none of its
    positions is free; below the axes (under the axis label) it covers nothing.
    """
    import numpy as np

    moved = 0
    legends = [(ax, ax.get_legend()) for ax in fig.axes if ax.get_legend() is not None]
    if not legends:
        return 0
    renderer = fig.canvas.get_renderer()
    for ax, legend in legends:
        box = legend.get_window_extent(renderer)
        covered = False
        for line in ax.get_lines():
            xy = np.column_stack(line.get_data()).astype(float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if xy.size == 0:
                continue
            px = ax.transData.transform(xy)
            if np.any(
                (px[:, 0] > box.x0) & (px[:, 0] < box.x1) & (px[:, 1] > box.y0) & (px[:, 1] < box.y1)
            ):
                covered = True
                break
        if covered:
            handles, labels = ax.get_legend_handles_labels()
            size = legend.get_texts()[0].get_fontsize() if legend.get_texts() else None
            # as many columns as fit under the axes (a wider legend defeats the layout)
            width = ax.get_window_extent(renderer).width
            for ncol in range(min(3, len(labels)), 0, -1):
                below = ax.legend(
                    handles,
                    labels,
                    loc="upper center",
                    bbox_to_anchor=(0.5, -0.2),
                    ncol=ncol,
                    frameon=False,
                    fontsize=size,
                )
                if below.get_window_extent(renderer).width <= 1.1 * width:
                    break
            moved += 1
    if moved:
        _relayout(fig)
    return moved


def _relayout(fig) -> None:
    """tight_layout again after texts or legends changed, unless the figure has its own engine.

    A figure laid out once by ``fig.tight_layout()`` carries matplotlib's placeholder engine,
    which does nothing at draw time: it is laid out again too.
    """
    import warnings

    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.tight_layout()


def figure_image(fig, name: str, dpi: int = 150):
    """Render ``fig`` once to PNG, save it (and its data) in a run, and return it for display.

    The returned ``IPython.display.Image`` is what a chapter shows or glues: one rendering
    serves the book and the files of ``make run``, shown at 100 CSS px per inch of the rendered
    width. Every text is made at least :data:`MIN_TEXT_PX` on the page at a 1280 px window
    (:func:`readable_text`; the column is :data:`COLUMN_PX` wide), a legend that covers the
    curves goes under its axes (:func:`legends_off_the_data`); the PNG records the smallest
    text size (``min-text-pt``, with ``dpi``) for the browser test. The figure is closed.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image

    # the tight bounding box of the saved figure is at most a few per cent wider than the
    # figure (labels and legends outside the axes): sized for 5 % more, the figure is
    # rendered once; the browser test checks the size it is shown at
    px_per_pt = shown_text_px(fig, int(1.05 * fig.get_figwidth() * dpi), dpi)
    readable_text(fig, px_per_pt)
    legends_off_the_data(fig)
    smallest_pt = min((t.get_fontsize() for t in _texts(fig)), default=0.0)
    png = _png(fig, dpi, {"min-text-pt": f"{smallest_pt:.3f}", "dpi": str(dpi)})
    _save_run_files(fig, name, png)
    plt.close(fig)
    return Image(data=png, format="png", width=int(round(_png_width(png) * 100 / dpi)))


def _png(fig, dpi: int = 150, metadata: dict | None = None) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def _save_run_files(fig, name: str, png: bytes) -> Path | None:
    """In a run: ``<name>.png`` and ``<name>.csv`` in the run's folder; the PNG path."""
    folder = run_dir()
    if folder is None:
        return None
    path = folder / f"{name}.png"
    path.write_bytes(png)
    figure_data_csv(fig, folder / f"{name}.csv")
    return path


def _plain(label: str) -> str:
    """An axis label without TeX markup: $\\delta V_c$ -> delta V_c."""
    text = re.sub(r"\\(mathrm|text|operatorname)\{([^}]*)\}", r"\2", label)
    text = text.replace("\\,", " ").replace("\\", "").replace("$", "")
    return re.sub(r"[{}]", "", text).strip()


def figure_data_csv(fig, path) -> Path:
    """Write the data of every line and colour mesh of ``fig`` to ``path`` (CSV).

    The header lines (starting with #) give, for each panel, the quantities and units of x and
    y (and of z for a colour map) from the axis labels.
    """
    from matplotlib.collections import QuadMesh

    path = Path(path)
    with path.open("w", newline="") as handle:
        for i, ax in enumerate(fig.axes):
            title = f" ({_plain(ax.get_title())})" if ax.get_title() else ""
            handle.write(
                f"# panel {i}{title}: x = {_plain(ax.get_xlabel()) or 'x'}; "
                f"y = {_plain(ax.get_ylabel()) or 'y'}\n"
            )
        handle.write("panel,series,x,y,z\n")
        for i, ax in enumerate(fig.axes):
            for j, line in enumerate(ax.get_lines()):
                label = line.get_label()
                series = label if label and not label.startswith("_") else f"line{j}"
                series = '"' + series.replace('"', "'") + '"' if "," in series else series
                xy = np.column_stack(
                    [np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)]
                )
                # written directly: a label may hold '%', which savetxt's format cannot carry
                handle.writelines(f"{i},{series},{x:.17g},{y:.17g},\n" for x, y in xy)
            for k, coll in enumerate(ax.collections):
                if isinstance(coll, QuadMesh):
                    coords = coll.get_coordinates()
                    xc = 0.25 * (
                        coords[:-1, :-1] + coords[1:, :-1] + coords[:-1, 1:] + coords[1:, 1:]
                    )
                    z = np.asarray(coll.get_array()).reshape(xc.shape[:2])
                    xyz = np.column_stack([xc.reshape(-1, 2), z.ravel()])
                    np.savetxt(handle, xyz, fmt=f"{i},mesh{k},%.17g,%.17g,%.17g", newline="\n")
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
