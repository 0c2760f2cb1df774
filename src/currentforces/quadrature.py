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


def _graded_breaks(a, b, grade_a: bool, grade_b: bool, levels: int, ratio: float, scale: float):
    """Breakpoints of [a, b] graded geometrically towards the ends flagged singular: distances
    min(scale, (b - a)/2) * ratio^k, k = 0 .. levels, from each such end."""
    reach = min(scale, 0.5 * (b - a))
    powers = ratio ** np.arange(levels + 1)
    left = a + reach * powers if grade_a else np.array([])
    right = b - reach * powers if grade_b else np.array([])
    return np.unique(np.concatenate([[a, 0.5 * (a + b)], left, right, [b]]))


def q_grid(
    kF: float,
    d_max: float = 20.0,
    q_max_over_kf: float = 120.0,
    n_per_panel: int = 8,
    refine: int = 1,
    singular_points=None,
) -> QGrid:
    """The rule used for Eqs. (10)-(11) and the dynamics' q integrals.

    The wave-vector axis is cut at the ``singular_points`` (default: 2 kF, the Kohn anomaly of
    chi(q, 0)); between cuts, panels are graded geometrically towards every cut (from a distance
    kF, ratio 0.5, 12 levels per side, both times ``refine``), and no panel is wider than pi / d_max / refine
    (half a period of sin(q d_max)). ``refine`` > 1 refines everything, which is how convergence
    is demonstrated.
    """
    kF = require_positive("kF", kF)
    d_max = require_positive("d_max", d_max)
    q_max = require_positive("q_max_over_kf", q_max_over_kf) * kF
    refine = int(refine)
    if refine < 1:
        raise ValueError(f"refine must be a positive integer, got {refine!r}")
    if q_max <= 4.0 * kF:
        raise ValueError(f"q_max_over_kf must exceed 4, got {q_max_over_kf!r}")
    cuts = np.array([2.0 * kF] if singular_points is None else singular_points, dtype=float)
    cuts = np.unique(cuts[(cuts > 0) & (cuts < q_max)])
    ends = np.concatenate([[0.0], cuts, [q_max]])
    levels = 12 * refine
    ratio = 0.5 ** (1.0 / refine)
    coarse = np.unique(
        np.concatenate(
            [
                _graded_breaks(a, b, i > 0, i < len(ends) - 2, levels, ratio, kF)
                for i, (a, b) in enumerate(itertools.pairwise(ends))
            ]
        )
    )
    width = np.pi / d_max / refine
    pieces = [
        np.linspace(a, b, int(np.ceil((b - a) / width)) + 1)[:-1]
        for a, b in itertools.pairwise(coarse)
    ]
    breaks = np.concatenate([*pieces, [q_max]])
    nodes, weights = composite_gauss_legendre(breaks, n_per_panel)
    desc = (
        f"{breaks.size - 1} panels x {n_per_panel} Gauss-Legendre nodes on (0, {q_max:.4g}] bohr^-1,"
        f" graded to {cuts.size} cut(s), refine={refine}"
    )
    return QGrid(nodes, weights, q_max, d_max, desc)


def continuum_edges(kF: float, omega: float) -> list[float]:
    """Wave vectors (bohr^-1) where the particle-hole continuum's edges cross frequency omega:
    |q kF - q^2/2| = omega and q kF + q^2/2 = omega, plus 2 kF. There Im chi_s(q, omega) has
    kinks and Re chi_s logarithmic slopes, so q rules are cut there."""
    kF = require_positive("kF", kF)
    w = abs(float(omega))
    cuts = [2.0 * kF]
    if w > 0:
        cuts += [np.sqrt(kF**2 + 2 * w) - kF, kF + np.sqrt(kF**2 + 2 * w)]
        if 2 * w < kF**2:
            cuts += [kF - np.sqrt(kF**2 - 2 * w), kF + np.sqrt(kF**2 - 2 * w)]
    return sorted(cuts)
