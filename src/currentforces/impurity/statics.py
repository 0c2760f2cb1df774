"""Statics of two point charges in the HEG: Eqs. (10), (11) and (1).

Statics of two point charges in the HEG in the weak electron-impurity interaction
approximation: the force F(d) of Eq. (10), the energy U(d) of Eq. (11) and the equilibrium
separation of Eq. (1).

    F(d) = (Z1 Z2 / d^2) [ 8 int_0^inf dq chi(q,0) (sin qd - qd cos qd) / q^3 + 1 ]   (10)
    U(d) = (Z1 Z2 / d)   [ 8 int_0^inf dq chi(q,0) sin(qd) / q^3 + 1 ]                (11)

F > 0 is repulsive. Units: d in bohr, F in hartree/bohr, U in hartree, curvature in
hartree/bohr^2. The q integrals use a :class:`~currentforces.core.quadrature.QGrid`; the tail beyond
q_max is below 32 n / q_max^4 in the brackets (chi(q,0) ~ -4n/q^2 at large q).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.optimize.elementwise import find_root

from ..core.inputs import require_finite_array, require_positive
from ..core.quadrature import QGrid, q_grid
from ..electron_liquid.kernels import XCKernel, make_kernel
from ..electron_liquid.response import _chi_static

__all__ = [
    "Equilibrium",
    "StaticPair",
    "common_equilibria",
    "equilibrium_convergence",
    "rs_for_separation",
    "same_molecule_tolerance",
]


_ROOTS: dict = {}
"""Stable zeros of Eq. (10) by (kernel, Z1, Z2, d_min, d_max, step, xtol), for pairs on the
default rule."""


@lru_cache(maxsize=32)
def _default_rule(kernel: XCKernel, d_max: float) -> tuple[QGrid, np.ndarray]:
    grid = q_grid(kernel.gas.kF, d_max=d_max)
    chi = _chi_static(grid.nodes, kernel)
    chi.flags.writeable = False
    return grid, chi


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
        # the default rule and chi(q, 0) on it depend on the kernel only: shared between pairs
        self._custom_chi = chi_q0 is not None
        self._shared = grid is None and chi_q0 is None
        if self._shared:
            self.grid, self.chi_nodes = _default_rule(kernel, require_positive("d_max", d_max))
        else:
            self.grid = grid if grid is not None else q_grid(kernel.gas.kF, d_max=d_max)
            q = self.grid.nodes
            chi = _chi_static(q, kernel) if chi_q0 is None else chi_q0(q)
            self.chi_nodes = np.asarray(chi, dtype=float)
        self._w_chi_q3 = self.grid.weights * self.chi_nodes / self.grid.nodes**3

    def __repr__(self) -> str:
        if self._custom_chi:
            source = f"a given chi(q, 0) (object {id(self):#x})"
        elif self._shared:
            source = "chi of the kernel"
        else:
            source = f"rule {self.grid.description}"
        return f"StaticPair({self.kernel!r}, Z1={self.Z1!r}, Z2={self.Z2!r}, {source})"

    def _force_bracket(self, d: np.ndarray) -> np.ndarray:
        x = np.multiply.outer(self.grid.nodes, d)
        return 1.0 + 8.0 * np.tensordot(self._w_chi_q3, np.sin(x) - x * np.cos(x), axes=1)

    def _force_bracket_scan(self, d0: float, step: float, n: int) -> np.ndarray:
        """The bracket of Eq. (10) at the n separations d0 + j step, by angle addition.

        With d = D_b + s_r (D_b = d0 + b m step, s_r = r step, m ~ sqrt(n)), sin(q d) =
        sin(q D_b) cos(q s_r) + cos(q D_b) sin(q s_r) and cos(q d) likewise: sines and cosines
        of (nodes x 2 sqrt(n)) arguments instead of (nodes x n), and the sums over q as matrix
        products. Equal to :meth:`force_bracket` to rounding (~1e-15).
        """
        m = max(1, int(np.ceil(np.sqrt(n))))
        blocks = -(-n // m)
        q = self.grid.nodes
        arg_a = np.multiply.outer(q, d0 + step * m * np.arange(blocks))
        arg_b = np.multiply.outer(q, step * np.arange(m))
        sa, ca, sb, cb = np.sin(arg_a), np.cos(arg_a), np.sin(arg_b), np.cos(arg_b)
        w = self._w_chi_q3[:, None]
        wq = (self._w_chi_q3 * q)[:, None]
        sines = (w * sa).T @ cb + (w * ca).T @ sb
        q_cosines = (wq * ca).T @ cb - (wq * sa).T @ sb
        d = d0 + step * np.arange(blocks * m).reshape(blocks, m)
        return (1.0 + 8.0 * (sines - d * q_cosines)).ravel()[:n]

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
        self,
        d_min: float = 1.0,
        d_max: float = 20.0,
        step: float | None = None,
        xtol: float = 1e-12,
    ) -> np.ndarray:
        """All stable equilibrium separations in [d_min, d_max] (bohr).

        All separations in [d_min, d_max] where F changes sign from + to - (stable), refined
        with Newton's method (all brackets at once; Chandrupatla's bracketing method where Newton
        leaves its bracket) to ``xtol`` bohr. Returns an array (possibly empty).
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
        # the bracket of Eq. (10) oscillates with period pi/kF (Friedel): a scan with 16 points per
        # period cannot step over a pair of sign changes
        step = np.pi / (16.0 * self.kernel.gas.kF) if step is None else step
        step = require_positive("step", step)
        key = (self.kernel, self.Z1, self.Z2, d_min, d_max, step, xtol)
        if self._shared and key in _ROOTS:
            return _ROOTS[key]
        n = int(np.ceil((d_max - d_min) / step)) + 1
        d = np.linspace(d_min, d_max, n)
        # the zeros of the force itself, charges included: that they do not depend on Z1, Z2 is
        # a claim of the paper, tested, not assumed
        sign = np.sign(self.Z1 * self.Z2)
        bracket = self._force_bracket_scan(d_min, d[1] - d[0], n)
        g = sign * self.Z1 * self.Z2 / d**2 * bracket
        j = np.nonzero((g[:-1] > 0) & (g[1:] <= 0))[0]
        start = _cubic_zero(bracket, j, d)
        roots = self._refine_roots(d[j], d[j + 1], g[j], g[j + 1], xtol, start=start)
        roots.flags.writeable = False
        if self._shared:
            _ROOTS[key] = roots
        return roots

    def _refine_roots(
        self, lo, hi, g_lo, g_hi, xtol: float, newton_steps: int = 8, start=None
    ) -> np.ndarray:
        """The zeros of F in the brackets [lo, hi] (the scan's sign(Z1 Z2) F: g_lo > 0 >= g_hi).

        Newton's method on the bracket b of Eq. (10) (F = Z1 Z2 b/d^2 has the same zeros), with
        b' under the integral, all brackets at once, from ``start`` (default: the secant of the
        scan); a zero not reached within its bracket in ``newton_steps`` steps is found by
        Chandrupatla's bracketing method (scipy.optimize.elementwise.find_root). Both stop at a
        step below ``xtol`` bohr (plus 4 machine epsilons of d).
        """
        if lo.size == 0:
            return np.empty(0)
        x = lo - g_lo * (hi - lo) / (g_hi - g_lo) if start is None else np.array(start, float)
        done = np.zeros(lo.size, dtype=bool)
        q = self.grid.nodes
        for _ in range(newton_steps):
            active = ~done
            arg = np.multiply.outer(q, x[active])
            s, c = np.sin(arg), np.cos(arg)
            bracket = 1.0 + 8.0 * (self._w_chi_q3 @ (s - arg * c))
            # d(sin qd - qd cos qd)/dd = q^2 d sin qd
            slope = 8.0 * x[active] * ((self._w_chi_q3 * q**2) @ s)
            step = bracket / slope
            x[active] -= step
            done[active] = np.abs(step) <= xtol + 4 * np.finfo(float).eps * np.abs(x[active])
            if np.all(done):
                break
        bad = ~(done & (x > lo) & (x < hi))
        if np.any(bad):
            sign = np.sign(self.Z1 * self.Z2)
            result = find_root(
                lambda y: sign * self.force(y),
                (lo[bad], hi[bad]),
                tolerances={"xatol": xtol, "xrtol": 4 * np.finfo(float).eps},
            )
            if not np.all(result.success):
                raise RuntimeError(f"root refinement failed in the brackets {lo[bad]} bohr")
            x[bad] = result.x
        return x

    def equilibrium(
        self,
        d_min: float = 1.0,
        d_max: float = 20.0,
        near: float | None = None,
        branch: str | int = "lowest",
    ) -> Equilibrium:
        """A stable equilibrium in [d_min, d_max] bohr (Eq. 1 with Eqs. 9-10), chosen explicitly.

        U(d) oscillates (Friedel), so F has several stable zeros (F going from + to -), the
        branches of the molecule, numbered from the shortest separation on. The choice:
        ``near`` (bohr) takes the stable zero closest to it, which follows one Friedel minimum
        across kernels or densities; otherwise ``branch`` is "lowest" (the lowest energy U,
        the bound ground state), the index of a branch, or a separation (a float, as ``near``).
        Raises ValueError naming the range if
        F has no + to - zero there, or an index out of range.
        """
        roots = self.equilibria(d_min, d_max)
        where = (
            f"for d in [{d_min}, {d_max}] bohr with kernel {self.kernel.name!r} at "
            f"rs={self.kernel.gas.rs:g}"
        )
        if roots.size == 0:
            raise ValueError(f"no stable equilibrium separation (F changing from + to -) {where}")
        energies = self.energy(roots)
        if near is None and isinstance(branch, float | np.floating):
            near = branch
        if near is not None:
            i = int(np.argmin(np.abs(roots - require_positive("near", near))))
            choice = f"nearest to {near:.4g} bohr"
        elif branch == "lowest":
            i = int(np.argmin(energies))
            choice = "lowest energy"
        elif isinstance(branch, int | np.integer) and not isinstance(branch, bool):
            if not 0 <= branch < roots.size:
                raise ValueError(
                    f"branch must be an index from 0 to {roots.size - 1} (the stable "
                    f"separations {np.round(roots, 3).tolist()} bohr {where}), got {branch!r}"
                )
            i = int(branch)
            choice = f"branch {i}"
        else:
            raise ValueError(f"branch must be 'lowest' or an integer index, got {branch!r}")
        d_eq = float(roots[i])
        curvature = -float(self.force_derivative(d_eq))
        return Equilibrium(d_eq, float(energies[i]), curvature, roots, energies, i, choice)


@dataclass(frozen=True)
class Equilibrium:
    """A stable equilibrium of the pair and the other stable zeros in range.

    Attributes
    ----------
    d : float
        Separation (bohr).
    energy : float
        U(d) (hartree).
    curvature : float
        U''(d) = -F'(d) (hartree/bohr^2), > 0.
    all_stable, all_energies : numpy.ndarray
        Every stable zero of F in the searched range (bohr) and its energy (hartree): the
        branches, from the shortest separation on.
    index : int
        Which branch was chosen.
    choice : str
        How it was chosen ("lowest energy", "nearest to ... bohr", "branch i").
    """

    d: float
    energy: float
    curvature: float
    all_stable: np.ndarray
    all_energies: np.ndarray
    index: int = 0
    choice: str = ""

    @property
    def is_lowest(self) -> bool:
        """True if this is the branch of lowest energy in the range."""
        return self.index == int(np.argmin(self.all_energies))


def _cubic_zero(values: np.ndarray, j: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Zeros of the cubics through values[j-1 .. j+2] (uniform d) in [d[j], d[j+1]].

    A start for Newton's method (error ~ step^4 instead of the secant's step^2); at the ends of
    the scan, and where the cubic leaves the interval, the secant.
    """
    f0, f1 = values[j], values[j + 1]
    t = f0 / (f0 - f1)  # the secant
    inner = (j >= 1) & (j + 2 < values.size)
    if np.any(inner):
        k = j[inner]
        fm, a, b, fp = values[k - 1], values[k], values[k + 1], values[k + 2]
        u = t[inner]
        for _ in range(4):  # Newton on the Lagrange cubic with nodes t = -1, 0, 1, 2
            p = (
                -fm * u * (u - 1) * (u - 2) / 6
                + a * (u + 1) * (u - 1) * (u - 2) / 2
                - b * (u + 1) * u * (u - 2) / 2
                + fp * (u + 1) * u * (u - 1) / 6
            )
            dp = (
                -fm * (3 * u**2 - 6 * u + 2) / 6
                + a * (3 * u**2 - 4 * u - 1) / 2
                - b * (3 * u**2 - 2 * u - 2) / 2
                + fp * (3 * u**2 - 1) / 6
            )
            u = u - p / dp
        t[inner] = np.where((u >= 0) & (u <= 1), u, t[inner])
    return d[j] + t * (d[j + 1] - d[j])


def same_molecule_tolerance(kF: float) -> float:
    """Largest distance (bohr) between two kernels' equilibria on the same Friedel branch.

    An eighth of the Friedel period pi/kF of U(d) (neighbouring branches lie about pi/kF apart):
    0.41 bohr at rs = 2, where MCP07 and RPA put the paper's molecule 0.27 bohr apart.
    """
    return np.pi / (8.0 * kF)


def common_equilibria(
    pairs: dict[str, StaticPair],
    branch: str | int | float = "lowest",
    d_min: float = 1.0,
    d_max: float = 20.0,
) -> tuple[dict[str, Equilibrium], str]:
    """The equilibria of several kernels on one and the same branch (the same molecule).

    The first pair (the reference kernel) chooses the branch: ``branch`` "lowest" (its lowest
    energy), an int (its branch index) or a float (its stable zero nearest that separation,
    bohr). Every other kernel takes its stable zero nearest the reference one; it must lie
    within :func:`same_molecule_tolerance`, or the kernels do not share that branch. With
    "lowest", if the reference's lowest branch is not shared, the lowest-energy branch that all
    kernels share is taken instead, and the returned note says so.

    Returns
    -------
    tuple
        The equilibria by kernel name, and a sentence saying which branch was taken.

    Raises
    ------
    ValueError
        If the kernels share no branch (or not the one asked for), naming the separations.
    """
    names = list(pairs)
    ref_name, ref = names[0], pairs[names[0]]
    kF = ref.kernel.gas.kF
    tol = same_molecule_tolerance(kF)
    ref_eq = ref.equilibrium(d_min, d_max, branch=branch)

    def matches(d_ref: float) -> dict[str, Equilibrium] | None:
        out = {}
        for name in names:
            eq = pairs[name].equilibrium(d_min, d_max, near=d_ref)
            if abs(eq.d - d_ref) > tol:
                return None
            out[name] = eq
        return out

    found = matches(ref_eq.d)
    label = ref.kernel.label or ref_name
    note = f"branch {ref_eq.index} of {label} ({ref_eq.choice}), d = {ref_eq.d:.4f} bohr"
    if found is None and branch == "lowest":
        order = np.argsort(ref_eq.all_energies)
        for i in order:
            found = matches(float(ref_eq.all_stable[i]))
            if found is not None:
                alt = found[ref_name]
                note = (
                    f"branch {alt.index} of {label}, d = {alt.d:.4f} bohr: the lowest-energy "
                    f"branch that every kernel shares (the lowest of {label}, "
                    f"d = {ref_eq.d:.4f} bohr, has no counterpart)"
                )
                break
    if found is None:
        seps = {n: np.round(p.equilibria(d_min, d_max), 3).tolist() for n, p in pairs.items()}
        raise ValueError(
            f"the kernels share no equilibrium branch near d = {ref_eq.d:.3f} bohr at "
            f"rs={ref.kernel.gas.rs:g} (tolerance {tol:.2f} bohr); stable separations in "
            f"[{d_min}, {d_max}] bohr: {seps}; choose branch= a separation they share"
        )
    return found, note


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
