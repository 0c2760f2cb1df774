"""Composite Gauss-Legendre rules on the wave-vector axis, built for the integrands of the book.

The static integrands of Eqs. (10)-(11) are smooth except at q = 2 kF, where chi_s(q, 0) has a
logarithmic singularity in its derivative (the Kohn anomaly), and they oscillate like sin(q d).
A rule is therefore split at 2 kF, its panels are graded geometrically towards 2 kF, and above
2 kF the panels are short enough to resolve the oscillation at the largest d of interest.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .validation import require_positive


@lru_cache(maxsize=32)
def _legendre(n: int):
    return np.polynomial.legendre.leggauss(n)


def composite_gauss_legendre(breaks, n_per_panel: int):
    """Nodes and weights of an ``n_per_panel``-point Gauss-Legendre rule on each panel."""
    breaks = np.asarray(breaks, dtype=float)
    if breaks.ndim != 1 or breaks.size < 2 or np.any(np.diff(breaks) <= 0):
        raise ValueError("breaks must be a strictly increasing 1D array of at least two points")
    x, w = _legendre(int(n_per_panel))
    a, b = breaks[:-1, None], breaks[1:, None]
    nodes = 0.5 * (b - a) * x + 0.5 * (a + b)
    weights = 0.5 * (b - a) * w
    return nodes.ravel(), weights.ravel()


@dataclass(frozen=True)
class QGrid:
    """A quadrature rule on (0, q_max] (bohr^-1): ``sum(weights * f(nodes)) ~ int f dq``."""

    nodes: np.ndarray
    weights: np.ndarray
    q_max: float
    d_max: float  # largest separation (bohr) whose sin(q d) the panels resolve
    description: str

    def integrate(self, values, axis: int = 0):
        """Apply the rule along ``axis`` of ``values`` sampled at ``nodes``."""
        return np.tensordot(self.weights, values, axes=([0], [axis]))


def q_grid(
    kF: float,
    d_max: float = 20.0,
    q_max_over_kf: float = 120.0,
    n_per_panel: int = 8,
    refine: int = 1,
) -> QGrid:
    """The rule used for Eqs. (10)-(11) and the dynamics' q integrals.

    Panels: geometric grading towards 2 kF from both sides (ratio 0.5, 12 levels per side times
    ``refine``), no panel wider than pi / d_max / refine (half a period of sin(q d_max)). ``refine`` > 1
    refines everything, which is how convergence is demonstrated.
    """
    kF = require_positive("kF", kF)
    d_max = require_positive("d_max", d_max)
    q_max = require_positive("q_max_over_kf", q_max_over_kf) * kF
    refine = int(refine)
    if refine < 1:
        raise ValueError(f"refine must be a positive integer, got {refine!r}")
    k2 = 2.0 * kF
    if q_max <= 2.0 * k2:
        raise ValueError(f"q_max_over_kf must exceed 4, got {q_max_over_kf!r}")
    levels = 12 * refine
    ratio = 0.5 ** (1.0 / refine)
    grade = kF * ratio ** np.arange(levels)  # distances from 2kF: kF, kF/2, ...
    coarse = np.concatenate([[0.0], k2 - grade, [k2], k2 + grade[::-1], [q_max]])
    width = np.pi / d_max / refine
    pieces = [
        np.linspace(a, b, int(np.ceil((b - a) / width)) + 1)[:-1]
        for a, b in itertools.pairwise(coarse)
    ]
    breaks = np.concatenate(pieces + [[q_max]])
    nodes, weights = composite_gauss_legendre(breaks, n_per_panel)
    desc = (
        f"{breaks.size - 1} panels x {n_per_panel} Gauss-Legendre nodes on (0, {q_max:.4g}] bohr^-1,"
        f" graded to 2kF, refine={refine}"
    )
    return QGrid(nodes, weights, q_max, d_max, desc)
