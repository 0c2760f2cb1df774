"""Formatting of computed checks for the chapters' printed (nbval-compared) output.

A residual at the level of rounding noise differs between machines; printing it as a bound keeps
the compared text stable while a real regression (a residual above the bound) still shows.
"""

from __future__ import annotations

import math


def residual(value: float, floor: float = 1e-8) -> str:
    """``'< 1e-08'`` if abs(value) < floor, else ``value`` in two significant figures."""
    if not math.isfinite(value):
        return str(value)
    return f"< {floor:.0e}" if abs(value) < floor else f"{value:.1e}"


def markdown_grid(rows, headers) -> str:
    """A plain MyST table: one row per tuple of strings, under ``headers``."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
