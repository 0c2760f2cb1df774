"""Statics of two point charges in the HEG: Eqs. (10), (11) and (1).

Statics of two point charges in the HEG in the weak electron-impurity interaction
approximation: the force F(d) of Eq. (10), the energy U(d) of Eq. (11) and the equilibrium
separation of Eq. (1).

    F(d) = (Z1 Z2 / d^2) [ 8 int_0^inf dq chi(q,0) (sin qd - qd cos qd) / q^3 + 1 ]   (10)
    U(d) = (Z1 Z2 / d)   [ 8 int_0^inf dq chi(q,0) sin(qd) / q^3 + 1 ]                (11)

F > 0 is repulsive. Units: d in bohr, F in hartree/bohr, U in hartree, curvature in
hartree/bohr^2. The q integrals use a :class:`~currentforces.quadrature.QGrid`; the tail beyond
q_max is below 32 n / q_max^4 in the brackets (chi(q,0) ~ -4n/q^2 at large q).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from .kernels import XCKernel, make_kernel
from .quadrature import QGrid, q_grid
from .response import _chi_static
from .validation import require_finite_array, require_positive

__all__ = ["Equilibrium", "StaticPair", "equilibrium_convergence", "rs_for_separation"]


class StaticPair:
    """Two point charges Z1, Z2 in the HEG described by ``kernel`` (Eqs. 10-11).

    chi(q, 0) is evaluated once on the quadrature nodes; F, U and their derivatives are then
    matrix products over any array of separations d.

    Parameters
    ----------
    kernel : XCKernel
        The exchange-correlation kernel of chi(q, 0) (it carries the gas).
    Z1, Z2 : float
        Nuclear charges (e), > 0.
    grid : QGrid, optional
        The q rule; default ``q_grid(kF, d_max)``.
    d_max : float
        Largest separation (bohr) the default rule resolves.
    chi_q0 : callable, optional
        Replaces chi(q, 0) of Eq. (17) by another static response (used to test Eqs. 10-11
        with the Thomas-Fermi response); ``kernel`` then only supplies kF.

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> pair = StaticPair(make_kernel("mcp07", 2.0))
    >>> round(pair.equilibrium(near=5.0).d, 4)
    5.0993
    """

    def __init__(
        self,
        kernel: XCKernel,
        Z1: float = 1.0,
        Z2: float = 1.0,
        grid: QGrid | None = None,
        d_max: float = 20.0,
        chi_q0: Callable[[np.ndarray], np.ndarray] | None = None,
    ):
        if not isinstance(kernel, XCKernel):
            raise TypeError(f"kernel must be an XCKernel (see make_kernel), got {kernel!r}")
        self.kernel = kernel
        self.Z1 = require_positive("Z1", Z1)
        self.Z2 = require_positive("Z2", Z2)
        self.grid = grid if grid is not None else q_grid(kernel.gas.kF, d_max=d_max)
        q = self.grid.nodes
        chi = _chi_static(q, kernel) if chi_q0 is None else np.asarray(chi_q0(q), dtype=float)
        self.chi_nodes = chi
        self._w_chi_q3 = self.grid.weights * chi / q**3

    def _force_bracket(self, d: np.ndarray) -> np.ndarray:
        x = np.multiply.outer(self.grid.nodes, d)
        return 1.0 + 8.0 * np.tensordot(self._w_chi_q3, np.sin(x) - x * np.cos(x), axes=1)

    def force_bracket(self, d: ArrayLike) -> np.ndarray:
        """The bracket of Eq. (10): 1 + 8 int chi (sin qd - qd cos qd)/q^3 dq (dimensionless)."""
        return self._force_bracket(require_finite_array("d", d, positive=True))

    def energy_bracket(self, d: ArrayLike) -> np.ndarray:
        """The bracket of Eq. (11): 1 + 8 int chi sin(qd)/q^3 dq (dimensionless)."""
        x = np.multiply.outer(self.grid.nodes, require_finite_array("d", d, positive=True))
        return 1.0 + 8.0 * np.tensordot(self._w_chi_q3, np.sin(x), axes=1)

    def force(self, d: ArrayLike) -> np.ndarray:
        """F(d) of Eq. (10) (hartree/bohr), positive when repulsive."""
        d = require_finite_array("d", d, positive=True)
        return self.Z1 * self.Z2 / d**2 * self._force_bracket(d)

    def energy(self, d: ArrayLike) -> np.ndarray:
        """U(d) of Eq. (11) (hartree), zero at infinite separation."""
        d = require_finite_array("d", d, positive=True)
        return self.Z1 * self.Z2 / d * self.energy_bracket(d)

    def force_derivative(self, d: ArrayLike) -> np.ndarray:
        """dF/dd (hartree/bohr^2), differentiating Eq. (10) under the integral.

        dF/dd (hartree/bohr^2), differentiating Eq. (10) under the integral:
        d/dd (sin qd - qd cos qd) = q^2 d sin qd.
        """
        d = require_finite_array("d", d, positive=True)
        x = np.multiply.outer(self.grid.nodes, d)
        g_prime = 8.0 * d * np.tensordot(self._w_chi_q3 * self.grid.nodes**2, np.sin(x), axes=1)
        return self.Z1 * self.Z2 * (g_prime / d**2 - 2.0 * self._force_bracket(d) / d**3)

    def equilibria(
        self, d_min: float = 1.0, d_max: float = 20.0, step: float = 0.05, xtol: float = 1e-12
    ) -> np.ndarray:
        """All stable equilibrium separations in [d_min, d_max] (bohr).

        All separations in [d_min, d_max] where F changes sign from + to - (stable), refined
        with Brent's method to ``xtol`` bohr. Returns an array (possibly empty).
        """
        d_min = require_positive("d_min", d_min)
        d_max = require_positive("d_max", d_max)
        if d_min >= d_max:
            raise ValueError(f"d_min must be smaller than d_max, got {d_min!r} >= {d_max!r}")
        if d_max > self.grid.d_max * (1 + 1e-12):
            raise ValueError(
                f"d_max={d_max!r} bohr exceeds the separation the q grid resolves "
                f"({self.grid.d_max:g} bohr); build the grid with a larger d_max"
            )
        d = np.linspace(d_min, d_max, int(np.ceil((d_max - d_min) / step)) + 1)
        g = self._force_bracket(d)

        def bracket(s: float) -> float:
            return float(self._force_bracket(np.array(s)))

        roots = [
            brentq(bracket, d[i], d[i + 1], xtol=xtol)
            for i in np.nonzero((g[:-1] > 0) & (g[1:] <= 0))[0]
        ]
        return np.array(roots)

    def equilibrium(
        self, d_min: float = 1.0, d_max: float = 20.0, near: float | None = None
    ) -> Equilibrium:
        """A stable equilibrium in [d_min, d_max] (Eq. 1 with Eqs. 9-10).

        By default the one of lowest energy U (the bound ground state); with ``near`` (bohr) the
        stable zero closest to it, which follows one Friedel minimum across kernels or
        densities. Raises ValueError naming the range if F has no + to - zero there.
        """
        roots = self.equilibria(d_min, d_max)
        if roots.size == 0:
            raise ValueError(
                f"no stable equilibrium separation (F changing from + to -) for d in "
                f"[{d_min}, {d_max}] bohr with kernel {self.kernel.name!r} at "
                f"rs={self.kernel.gas.rs}"
            )
        energies = self.energy(roots)
        if near is None:
            i = int(np.argmin(energies))
        else:
            i = int(np.argmin(np.abs(roots - require_positive("near", near))))
        d_eq = float(roots[i])
        curvature = -float(self.force_derivative(d_eq))
        return Equilibrium(d_eq, float(energies[i]), curvature, roots, energies)


@dataclass(frozen=True)
class Equilibrium:
    """A stable equilibrium of the pair and the other stable zeros in range.

    The stable equilibrium: separation (bohr), energy U(d_eq) (hartree), curvature
    U''(d_eq) = -F'(d_eq) (hartree/bohr^2), and all stable zeros found in the range.
    """

    d: float
    energy: float
    curvature: float
    all_stable: np.ndarray
    all_energies: np.ndarray


def equilibrium_convergence(
    kernel: XCKernel,
    settings=(
        (60.0, 8, 1),
        (120.0, 8, 1),
        (240.0, 8, 1),
        (120.0, 12, 1),
        (120.0, 8, 2),
        (240.0, 12, 2),
    ),
    d_min: float = 1.0,
    d_max: float = 20.0,
):
    """The equilibrium separation on a sequence of q rules (convergence).

    Lowest-energy equilibrium separation for a sequence of q grids, given as (q_max/kF, nodes per panel,
    refine). Returns a list of dicts with the settings, the node count and d_eq (bohr).
    """
    rows = []
    for q_max, n_per_panel, refine in settings:
        grid = q_grid(kernel.gas.kF, d_max, q_max, n_per_panel, refine)
        eq = StaticPair(kernel, grid=grid).equilibrium(d_min, d_max)
        rows.append(
            {
                "q_max_over_kf": q_max,
                "n_per_panel": n_per_panel,
                "refine": refine,
                "n_nodes": grid.nodes.size,
                "d_eq": eq.d,
            }
        )
    return rows


def rs_for_separation(
    d_target: float,
    kernel_name: str,
    correlation: str = "pz81",
    rs_bracket: tuple[float, float] = (1.8, 2.3),
) -> float:
    """The density parameter rs at which the equilibrium lies at ``d_target``.

    The density parameter rs at which the stable equilibrium nearest ``d_target`` lies at
    ``d_target`` (bohr), by Brent's method over rs. Used to express a disagreement in d as an
    equivalent change of density.
    """
    d_target = require_positive("d_target", d_target)

    def mismatch(rs):
        pair = StaticPair(make_kernel(kernel_name, rs, correlation))
        return pair.equilibrium(1.0, 20.0, near=d_target).d - d_target

    lo, hi = rs_bracket
    if mismatch(lo) * mismatch(hi) > 0:
        raise ValueError(
            f"d_target={d_target!r} bohr is not reached for rs in [{lo}, {hi}] "
            f"with kernel {kernel_name!r}"
        )
    return brentq(mismatch, lo, hi, xtol=1e-10)
