"""Quadrature rules built for the integrands of the book.

Quadrature rules built for the integrands of the book: one Gauss-Legendre cache, composite
rules on the wave-vector axis, the particle-hole continuum's edges, and a product rule on the
unit sphere.

The static integrands of Eqs. (10)-(11) are smooth except at q = 2 kF, where chi_s(q, 0) has a
logarithmic singularity in its derivative (the Kohn anomaly), and they oscillate like sin(q d).
A rule is therefore split at 2 kF, its panels are graded geometrically towards 2 kF, and above
2 kF the panels are short enough to resolve the oscillation at the largest d of interest.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from .inputs import require_positive


@lru_cache(maxsize=64)
def gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the ``n``-point Gauss-Legendre rule on [-1, 1] (cached).

    numpy's Golub-Welsch rule with a Newton polish is about 5x more accurate than
    ``scipy.special.roots_legendre`` for n ~ 400, which the static tensor of the vector
    equations of motion needs.
    """
    n = positive_int("n", n)
    x, w = np.polynomial.legendre.leggauss(n)
    x.flags.writeable = False
    w.flags.writeable = False
    return x, w


def positive_int(name: str, value) -> int:
    """Return ``value`` as int if it is a positive integer, else raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def composite_gauss_legendre(breaks, n_per_panel: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of an ``n_per_panel``-point Gauss-Legendre rule on each panel.

    Parameters
    ----------
    breaks : array_like
        Strictly increasing panel ends.
    n_per_panel : int
        Nodes per panel.

    Returns
    -------
    tuple of numpy.ndarray
        Nodes and weights; ``weights @ f(nodes)`` approximates the integral of f.

    Examples
    --------
    >>> x, w = composite_gauss_legendre([0.0, 1.0, 3.0], 4)
    >>> round(float(w @ x**2), 12)
    9.0
    """
    breaks = np.asarray(breaks, dtype=float)
    if breaks.ndim != 1 or breaks.size < 2 or np.any(np.diff(breaks) <= 0):
        raise ValueError("breaks must be a strictly increasing 1D array of at least two points")
    x, w = gauss_legendre(n_per_panel)
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

    def integrate(self, values: ArrayLike, axis: int = 0) -> np.ndarray:
        """Apply the rule along ``axis`` of ``values`` sampled at ``nodes``."""
        return np.tensordot(self.weights, values, axes=([0], [axis]))


def _graded_breaks(a, b, grade_a: bool, grade_b: bool, levels: int, ratio: float, scale: float):
    """Breakpoints of [a, b] graded geometrically towards its singular ends.

    Breakpoints of [a, b] graded geometrically towards the ends flagged singular: distances
    min(scale, (b - a)/2) * ratio^k, k = 0 .. levels, from each such end.
    """
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
    singular_points: ArrayLike | None = None,
) -> QGrid:
    """The rule used for Eqs. (10)-(11) and the dynamics' q integrals.

    The wave-vector axis is cut at the ``singular_points`` (default: 2 kF, the Kohn anomaly of
    chi(q, 0)); between cuts, panels are graded geometrically towards every cut (from a distance
    kF, ratio 0.5, 12 levels per side, both times ``refine``), and no panel is wider than pi / d_max / refine
    (half a period of sin(q d_max)). ``refine`` > 1 refines everything, which is how convergence
    is demonstrated.

    Parameters
    ----------
    kF : float
        Fermi wave vector (bohr^-1).
    d_max : float
        Largest separation or radius (bohr) whose sin(q d) the panels resolve.
    q_max_over_kf : float
        Upper end of the rule in units of kF, > 4.
    n_per_panel, refine : int
        Gauss-Legendre nodes per panel; refinement level (1 = default rule).
    singular_points : sequence of float, optional
        Where the integrand has kinks (bohr^-1); default [2 kF].

    Examples
    --------
    >>> g = q_grid(1.0, d_max=10.0, q_max_over_kf=20.0)
    >>> round(float(g.integrate(g.nodes**2)), 6)  # int_0^20 q^2 dq
    2666.666667
    """
    kF = require_positive("kF", kF)
    d_max = require_positive("d_max", d_max)
    q_max = require_positive("q_max_over_kf", q_max_over_kf) * kF
    refine = int(refine)
    if refine < 1:
        raise ValueError(f"refine must be a positive integer, got {refine!r}")
    if q_max <= 4.0 * kF:
        raise ValueError(f"q_max_over_kf must exceed 4, got {q_max_over_kf!r}")
    return _q_grid(kF, d_max, q_max, n_per_panel, refine, singular_points)


def _q_grid(kF, d_max, q_max, n_per_panel, refine, singular_points) -> QGrid:
    """:func:`q_grid` without input checks; ``q_max`` in bohr^-1.

    Rules are kept (read-only) by their arguments: the dynamics asks for the same few rules at
    every frequency node and for every kernel.
    """
    cuts = None if singular_points is None else tuple(float(c) for c in singular_points)
    return _q_grid_kept(float(kF), float(d_max), float(q_max), int(n_per_panel), int(refine), cuts)


@lru_cache(maxsize=64)
def _q_grid_kept(kF, d_max, q_max, n_per_panel, refine, singular_points) -> QGrid:
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
    # each coarse interval [a, b] split into m = ceil((b - a)/width) equal panels (vectorized)
    a, b = coarse[:-1], coarse[1:]
    m = np.ceil((b - a) / width).astype(int)
    idx = np.repeat(np.arange(a.size), m)
    k = np.arange(idx.size) - np.repeat(np.cumsum(m) - m, m)
    breaks = np.concatenate([a[idx] + k * ((b - a) / m)[idx], [q_max]])
    nodes, weights = composite_gauss_legendre(breaks, n_per_panel)
    desc = (
        f"{breaks.size - 1} panels x {n_per_panel} Gauss-Legendre nodes on (0, {q_max:.4g}] bohr^-1,"
        f" graded to {cuts.size} cut(s), refine={refine}"
    )
    nodes.flags.writeable = False
    weights.flags.writeable = False
    return QGrid(nodes, weights, q_max, d_max, desc)


def continuum_edges(kF: float, omega: float) -> list[float]:
    """Wave vectors where the edges of the particle-hole continuum cross omega.

    Wave vectors (bohr^-1) where the particle-hole continuum's edges cross frequency omega:
    abs(q kF - q^2/2) = omega and q kF + q^2/2 = omega, plus 2 kF. There Im chi_s(q, omega) has
    kinks and Re chi_s logarithmic slopes, so q rules are cut there.
    """
    return _continuum_edges(require_positive("kF", kF), omega)


def _continuum_edges(kF: float, omega: float) -> list[float]:
    w = abs(float(omega))
    cuts = [2.0 * kF]
    if w > 0:
        cuts += [np.sqrt(kF**2 + 2 * w) - kF, kF + np.sqrt(kF**2 + 2 * w)]
        if 2 * w < kF**2:
            cuts += [kF - np.sqrt(kF**2 - 2 * w), kF + np.sqrt(kF**2 - 2 * w)]
    return sorted(cuts)


def sphere_rule(n_mu: int, n_phi: int) -> tuple[np.ndarray, np.ndarray]:
    """Product rule on the unit sphere.

    ``n_mu`` Gauss-Legendre nodes in mu = cos(theta) times the ``n_phi``-point periodic
    trapezoid rule in phi. Exact for f(mu) g(phi) with f a polynomial of degree < 2 n_mu and g
    a trigonometric polynomial of degree < n_phi; for a plane wave e^{i x mu} along z it
    converges once n_mu > x/2 + O(x^{1/3}) (see :func:`static_n_mu`).

    Returns
    -------
    tuple of numpy.ndarray
        Unit vectors (N, 3) and weights (N,), N = n_mu n_phi, with sum(weights) = 4 pi.

    Examples
    --------
    >>> units, weights = sphere_rule(8, 4)
    >>> round(float(weights.sum() / (4 * math.pi)), 14)
    1.0
    """
    n_mu = positive_int("n_mu", n_mu)
    n_phi = positive_int("n_phi", n_phi)
    mu, w_mu = gauss_legendre(n_mu)
    phi = 2.0 * math.pi * np.arange(n_phi) / n_phi
    sin_t = np.sqrt(1.0 - mu**2)
    units = np.stack(
        [
            np.outer(sin_t, np.cos(phi)).ravel(),
            np.outer(sin_t, np.sin(phi)).ravel(),
            np.repeat(mu, n_phi),
        ],
        axis=1,
    )
    weights = np.repeat(w_mu, n_phi) * (2.0 * math.pi / n_phi)
    return units, weights


def static_n_mu(x_max: float) -> int:
    """Gauss-Legendre nodes in cos(theta) for plane waves up to x = ``x_max`` (= q_max d).

    Integrates mu^k e^{i x mu} (k <= 2) to ~1e-14 for every x <= ``x_max`` with
    ceil(x/2 + 8 x^{1/3}) + 16 nodes (checked against the spherical-Bessel closed forms for x
    up to 600 in the tests).
    """
    x_max = require_positive("x_max", x_max)
    return math.ceil(0.5 * x_max + 8.0 * x_max ** (1.0 / 3.0)) + 16
