"""Self-consistent (nonlinear) screening of one nucleus in the HEG: Kohn-Sham LDA, phase shifts.

The paper replaces the response of the gas with an impurity by that of the homogeneous gas (its
"weak electrons-impurity interaction approximation") and the density around a nucleus by its
linear response, Eq. (9). This module solves the one-nucleus problem without linearizing, as the
stopping-power literature does (Echenique, Nieminen and Ritchie 1981; Puska and Nieminen 1983):
a nucleus of charge Z at the origin of jellium of density parameter rs, in spin-unpolarized
Kohn-Sham DFT with the local-density approximation (:func:`currentforces.electron_liquid.lda.xc_potential`).

Equations (hartree atomic units; r in bohr, energies in hartree, densities in bohr^-3):

- radial equation u'' = [l(l+1)/r^2 + 2 (V(r) - E)] u with
  V = -Z/r + V_H[dn] + v_xc(n + dn) - v_xc(n) inside the matching radius R and V = 0 beyond;
- scattering states, 0 < k <= kF: u/(A r) -> cos d_l j_l(kr) - sin d_l y_l(kr) at R; the phase
  shift d_l(k) is fixed absolutely by counting nodes (so d_l(0) = pi times the number of bound
  states of that l, Levinson's theorem);
- bound states E < 0, matched to r k_l(kappa r) beyond R, doubly occupied (all lie below the
  Fermi level kF^2/2);
- induced density dn(r) = (1/pi^2) int_0^kF dk k^2 sum_l (2l+1) [R_l(k, r)^2 - j_l(kr)^2]
  + 2 sum_b (2l+1) (u_b/r)^2/(4 pi);
- self-consistency by Anderson mixing of r dn, preconditioned with Kerker's q^2/(q^2 + k_TF^2);
- Friedel sum rule Z = (2/pi) sum_l (2l+1) d_l(kF) (a check, not imposed);
- friction coefficient of the slow nucleus Q = n kF sigma_tr(kF),
  sigma_tr = (4 pi/kF^2) sum_l (l+1) sin^2(d_l - d_{l+1}): the stopping force is -Q v.

Radial grid r = a (e^x - 1), uniform in x, so that it is fine near the nucleus (spacing ~ a h)
and has a fixed number of points per Fermi wavelength at R; Numerov's method on the transformed
function u / sqrt(dr/dx), for which phi'' = [(r + a)^2 (l(l+1)/r^2 + 2 (V - E)) + 1/4] phi.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from scipy.integrate import cumulative_simpson, simpson
from scipy.special import spherical_jn, spherical_kn, spherical_yn

from ..core.inputs import require_choice, require_positive
from ..core.parallel import run_tasks
from ..core.registry import CORRELATIONS
from ..electron_liquid.gas import ElectronGas
from ..electron_liquid.lda import _xc_potential

__all__ = [
    "BoundState",
    "ScreenedNucleus",
    "ScreeningSettings",
    "screen_nucleus",
    "screening_sweep",
    "stable_crossings",
]


@dataclass(frozen=True)
class ScreeningSettings:
    """Numerical settings of :func:`screen_nucleus`, in units of the physical scales.

    Parameters
    ----------
    radius_wavelengths : float
        Matching radius R in Fermi wavelengths 2 pi/kF (the potential is cut there).
    points_per_wavelength : float
        Radial points per Fermi wavelength at R (the grid is finer everywhere inside).
    n_k : int
        Gauss-Legendre points in k on [0, kF].
    l_max : int or None
        Highest partial wave; default: the smallest l whose classical turning point at kF,
        l/kF, lies beyond four screening lengths 4/k_TF, plus 4.
    tolerance : float
        Self-consistency: max_r r abs(dn_out - dn_in) < tolerance Z kF^2 (bohr^-2).
    max_iterations : int
        Iterations of the mixing before giving up.
    """

    radius_wavelengths: float = 5.0
    points_per_wavelength: float = 30.0
    n_k: int = 40
    l_max: int | None = None
    tolerance: float = 1e-8
    max_iterations: int = 200

    def refined(self, factor: float = 1.5) -> ScreeningSettings:
        """Finer grid, more k points, larger radius and two more partial waves (a convergence test).

        Examples
        --------
        >>> ScreeningSettings().refined().radius_wavelengths
        7.5
        """
        return replace(
            self,
            radius_wavelengths=self.radius_wavelengths * factor,
            points_per_wavelength=self.points_per_wavelength * factor,
            n_k=int(round(self.n_k * factor)),
            l_max=None if self.l_max is None else self.l_max + 2,
        )


@dataclass(frozen=True)
class BoundState:
    """A bound Kohn-Sham state: angular momentum, energy (hartree) and its radial function u(r)."""

    l: int  # noqa: E741 - the angular momentum quantum number
    energy: float
    u: np.ndarray = field(repr=False)  # normalized over all space on the grid r


@dataclass(frozen=True)
class ScreenedNucleus:
    """The self-consistent screening of a nucleus of charge Z in jellium (see the module).

    Attributes
    ----------
    r : numpy.ndarray
        Radial grid (bohr), from 0 to the matching radius R.
    delta_n : numpy.ndarray
        Induced electron density dn(r) (bohr^-3).
    v_screened : numpy.ndarray
        V(r) + Z/r: the Hartree and exchange-correlation potential of the induced density (hartree).
    k, phase_shifts : numpy.ndarray
        The k nodes (bohr^-1, the last one kF) and d_l(k) (rad), shape (l_max + 1, len(k)).
    bound_states : tuple of BoundState
        The bound states found (each doubly occupied, 2l + 1 degenerate).
    levinson_counts : tuple of int
        Bound states of each l by Levinson's theorem, round(d_l(k_min)/pi), l = 0, 1, 2.
    iterations, residual : int, float
        Iterations of the mixing and the final max_r r abs(dn_out - dn_in) (bohr^-2).
    tolerance : float
        The self-consistency tolerance used, ``settings.tolerance * Z * kF**2`` (bohr^-2).
    stall_floor : float or None
        None if the residual went below ``tolerance``. Otherwise the floor below which a
        stalled residual was accepted (bohr^-2): only with PZ81 correlation and a density on
        both sides of rs = 1, where the PZ81 potential jumps and no exact fixed point exists.
    exchange_correlation : bool
        False for the Hartree-only screening (no xc potential: the nonlinear counterpart of RPA).
    """

    Z: float
    rs: float
    correlation: str
    settings: ScreeningSettings
    r: np.ndarray = field(repr=False)
    delta_n: np.ndarray = field(repr=False)
    v_screened: np.ndarray = field(repr=False)
    k: np.ndarray = field(repr=False)
    phase_shifts: np.ndarray = field(repr=False)
    bound_states: tuple[BoundState, ...]
    levinson_counts: tuple[int, ...]
    iterations: int
    residual: float
    tolerance: float = math.nan
    stall_floor: float | None = None
    exchange_correlation: bool = True

    @property
    def converged(self) -> bool:
        """True if the self-consistency residual went below the tolerance."""
        return self.residual < self.tolerance

    @property
    def convergence_message(self) -> str:
        """One line on the self-consistency: converged, or stalled below the PZ81 floor."""
        if self.converged:
            return (
                f"converged in {self.iterations} iterations (residual below the tolerance "
                f"{self.tolerance:.1e} bohr^-2)"
            )
        return (
            f"not converged to the tolerance {self.tolerance:.1e} bohr^-2: stalled at "
            f"{self.residual:.1e} after {self.iterations} iterations, accepted below the floor "
            f"{self.stall_floor:.1e} because the density crosses rs = 1, where the PZ81 "
            "correlation potential jumps by 2.8e-5 hartree"
        )

    @property
    def gas(self) -> ElectronGas:
        """The electron gas."""
        return ElectronGas(self.rs)

    @property
    def l_max(self) -> int:
        """Highest partial wave."""
        return self.phase_shifts.shape[0] - 1

    @property
    def phase_shifts_at_fermi(self) -> np.ndarray:
        """d_l(kF), l = 0 .. l_max (rad)."""
        return self.phase_shifts[:, -1]

    @property
    def friedel_sum(self) -> float:
        """(2/pi) sum_l (2l+1) d_l(kF): the displaced electrons, which must equal Z."""
        ell = np.arange(self.l_max + 1)
        return float(2.0 / np.pi * np.sum((2 * ell + 1) * self.phase_shifts_at_fermi))

    @property
    def friedel_residual(self) -> float:
        """Friedel sum minus Z."""
        return self.friedel_sum - self.Z

    @property
    def transport_cross_section(self) -> float:
        """sigma_tr(kF) = (4 pi/kF^2) sum_l (l+1) sin^2(d_l - d_{l+1}) (bohr^2)."""
        d = self.phase_shifts_at_fermi
        ell = np.arange(self.l_max)
        kF = self.gas.kF
        return float(4 * np.pi / kF**2 * np.sum((ell + 1) * np.sin(d[:-1] - d[1:]) ** 2))

    @property
    def friction_coefficient(self) -> float:
        """Q = n kF sigma_tr(kF): the friction (stopping force per velocity) in atomic units."""
        gas = self.gas
        return gas.n * gas.kF * self.transport_cross_section

    @property
    def bound_energy(self) -> float:
        """Energy of the lowest bound state (hartree), nan if none."""
        return min((b.energy for b in self.bound_states), default=float("nan"))

    @cached_property
    def _enclosed_on_grid(self) -> np.ndarray:
        """N(r) on the radial grid, by Simpson's rule on the grid of the solution."""
        grid = _make_grid(self.Z, self.gas, self.settings)
        return grid.cumulative(4 * np.pi * self.r**2 * self.delta_n)

    def enclosed_electrons(self, radius) -> np.ndarray:
        """N(R') = int_{r<R'} dn d^3r, the induced electrons within R' <= R (linear interpolation)."""
        radius = np.asarray(radius, dtype=float)
        if np.any(radius < 0) or np.any(radius > self.r[-1]):
            raise ValueError(
                f"radius must lie in [0, {self.r[-1]:.4g}] bohr (the matching radius), got {radius}"
            )
        return np.interp(radius, self.r, self._enclosed_on_grid)

    def superposition_force(self, d, Z2: float | None = None) -> np.ndarray:
        """Force on a second nucleus Z2 at distance d from this screened one (hartree/bohr).

        Gauss's law for the screened charge, Z2 (Z - N(d))/d^2: the nonlinear counterpart of
        Eq. (10), with nucleus 2 a test charge in the cloud of nucleus 1 (superposition). Positive
        is repulsive.
        """
        Z2 = self.Z if Z2 is None else require_positive("Z2", Z2)
        d = np.asarray(d, dtype=float)
        return Z2 * (self.Z - self.enclosed_electrons(d)) / d**2

    def superposition_equilibria(self, n_points: int = 4000) -> np.ndarray:
        """Stable zeros (bohr) of :meth:`superposition_force` on an equal nucleus, within 0.9 R.

        Where the force changes from repulsive to attractive, refined by Brent's method on N(d).
        The nonlinear counterpart of the zeros of Eq. (10): N(d) = Z with N rising through Z.
        """
        from scipy.optimize import brentq

        d = np.linspace(0.5 / max(self.Z, 1.0), 0.9 * self.r[-1], n_points)
        excess = self.enclosed_electrons(d) - self.Z
        j = np.nonzero((excess[:-1] < 0) & (excess[1:] >= 0))[0]
        # refined on N(d) itself (interpolated on the radial grid), not on the scan's chords
        return np.array(
            [
                brentq(lambda x: float(self.enclosed_electrons(x)) - self.Z, d[i], d[i + 1])
                for i in j
            ]
        )


def stable_crossings(d, enclosed, Z: float) -> np.ndarray:
    """The separations where the enclosed electrons N(d) rise through Z (linear interpolation).

    There the force Z2 (Z - N(d))/d^2 on a second nucleus changes from repulsive to attractive:
    the stable equilibria of Eq. (10) and of its nonlinear counterpart.
    """
    d, excess = np.asarray(d, dtype=float), np.asarray(enclosed, dtype=float) - Z
    j = np.nonzero((excess[:-1] < 0) & (excess[1:] >= 0))[0]
    return d[j] - excess[j] * (d[j + 1] - d[j]) / (excess[j + 1] - excess[j])


def screening_sweep(
    Z_values,
    rs_values,
    correlation: str = "pz81",
    settings: ScreeningSettings | list | tuple | None = None,
    max_workers: int | None = None,
    exchange_correlation: bool = True,
    alongside=(),
) -> list[ScreenedNucleus]:
    """:func:`screen_nucleus` for every pair (Z, rs) of two equal-length sequences, in parallel.

    ``settings`` is one :class:`ScreeningSettings` for all cases or one per case. The cases run
    in a local process pool of ``max_workers`` processes (default: the CPU count; no pool for
    ``max_workers == 1`` or a single case; :func:`currentforces.core.parallel.run_tasks`), and
    every result is kept in this process's cache,
    so that a later :func:`screen_nucleus` with the same arguments returns it at once.

    ``alongside``: other picklable zero-argument callables, run first in the same pool for their
    effect, typically functions whose results are kept on disk
    (:func:`currentforces.core.diskcache.memo_on_disk`) and read back by a later call; their
    return values are discarded, their errors raised.
    """
    Z_values, rs_values = list(Z_values), list(rs_values)
    if len(Z_values) != len(rs_values):
        raise ValueError(
            f"Z_values and rs_values must have equal lengths, got {len(Z_values)} and {len(rs_values)}"
        )
    if settings is None or isinstance(settings, ScreeningSettings):
        settings = [settings or ScreeningSettings()] * len(Z_values)
    settings = list(settings)
    if len(settings) != len(Z_values):
        raise ValueError(
            f"settings must be one ScreeningSettings or one per case ({len(Z_values)}), "
            f"got {len(settings)}"
        )
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    cases = []
    for Z, rs, st in zip(Z_values, rs_values, settings, strict=True):  # fail before any process
        st = st or ScreeningSettings()
        Z, rs = _check_inputs(Z, rs, st)
        cases.append((Z, rs, correlation, st, bool(exchange_correlation)))
    todo = list(alongside) + list(dict.fromkeys(c for c in cases if c not in _RESULTS))
    for outcome in run_tasks(_screen_case, todo, max_workers=max_workers):
        task = todo[outcome.index]
        if not outcome.ok:
            what = (
                f"{getattr(task, '__name__', task)!r}, run alongside the screenings,"
                if callable(task)
                else f"the screening of Z = {task[0]:g} at rs = {task[1]:g} ({task[2]})"
            )
            raise RuntimeError(f"{what} failed: {outcome.summary()}") from outcome.error
        if not callable(task):
            _RESULTS[task] = outcome.value
    return [screen_nucleus(*c) for c in cases]


def _screen_case(case) -> ScreenedNucleus | None:
    if callable(case):
        case()
        return None
    return screen_nucleus(*case)


def _check_inputs(Z, rs, settings: ScreeningSettings) -> tuple[float, float]:
    Z = require_positive("Z", Z)
    if Z > 4:
        raise ValueError(
            f"Z must be <= 4 (light nuclei; deeper shells are not searched), got {Z!r}"
        )
    rs = require_positive("rs", rs)
    if not 0.5 <= rs <= 10:
        raise ValueError(f"rs must lie in [0.5, 10] bohr, got {rs!r}")
    if settings.l_max is not None and settings.l_max < 2:
        raise ValueError(f"settings.l_max must be >= 2, got {settings.l_max!r}")
    return Z, rs


def _grid_scale(Z: float, kF: float) -> float:
    """The length a of r = a (e^x - 1): half the smaller of the Bohr radius/Z and 1/kF."""
    return 0.5 * min(1.0 / Z, 1.0 / kF)


def _default_l_max(gas: ElectronGas) -> int:
    return int(math.ceil(gas.kF * 4.0 / gas.k_tf)) + 4


@dataclass(frozen=True)
class _Grid:
    r: np.ndarray  # r[0] = 0, r[-1] = R
    a: float
    h: float
    cutoff: np.ndarray  # s(r): 1 inside R - 3 lambda_F/4, 0 beyond R - lambda_F/4, cos^2 between

    @property
    def dr_dx(self) -> np.ndarray:
        return self.r + self.a

    def integral(self, f: np.ndarray) -> float:
        """int_0^R f dr."""
        return float(simpson(f * self.dr_dx, dx=self.h))

    def cumulative(self, f: np.ndarray) -> np.ndarray:
        """int_0^r f dr' on the grid."""
        return cumulative_simpson(f * self.dr_dx, dx=self.h, initial=0.0)

    def cumulative_outer(self, f: np.ndarray) -> np.ndarray:
        """int_r^R f dr' on the grid (summed from R inward, so small where f is small)."""
        return cumulative_simpson((f * self.dr_dx)[::-1], dx=self.h, initial=0.0)[::-1]


def _make_grid(Z: float, gas: ElectronGas, s: ScreeningSettings) -> _Grid:
    wavelength = 2 * np.pi / gas.kF
    R = s.radius_wavelengths * wavelength
    a = _grid_scale(Z, gas.kF)
    h_max = wavelength / (s.points_per_wavelength * (R + a))
    n = int(math.ceil(math.log1p(R / a) / h_max))
    n += n % 2  # even number of intervals for Simpson's rule
    h = math.log1p(R / a) / n
    r = a * np.expm1(h * np.arange(n + 1))
    r[-1] = R
    # the potential is switched off smoothly before the two matching radii (within lambda_F/4
    # of R), so that the waves are free where they are matched to Bessel functions
    t = np.clip((r - (R - 0.75 * wavelength)) / (0.5 * wavelength), 0.0, 1.0)
    return _Grid(r, a, h, np.cos(0.5 * np.pi * t) ** 2)


def _potential(grid: _Grid, Z, v_scr) -> np.ndarray:
    """The Kohn-Sham potential s(r) (-Z/r + v_scr) on r > 0, as a column (see ``_Grid.cutoff``)."""
    r = grid.r[1:]
    return (grid.cutoff[1:] * (-Z / r + v_scr[1:]))[:, None]


def _compiled():
    """The compiled Numerov kernels (:mod:`.numerov`), imported when first needed.

    Importing numba costs 0.2 s that a program without nonlinear screening should not pay.
    """
    from . import numerov

    return numerov


def _compiled_args(grid: _Grid, Z, v_scr, ell, energy) -> tuple:
    """r[1:], a, h, the potential and the (l, E) of each column, as the compiled kernels take them."""
    return (
        np.ascontiguousarray(grid.r[1:]),
        float(grid.a),
        float(grid.h),
        np.ascontiguousarray(_potential(grid, Z, v_scr)[:, 0]),
        np.ascontiguousarray(ell, dtype=float),
        np.ascontiguousarray(energy, dtype=float),
    )


def _series(grid: _Grid, Z, v_scr, ell, energy):
    """The start of the regular solutions: phi = r^(l+1) (1 + c1 r + c2 r^2)/sqrt(r + a).

    Numerov is unstable where h^2 g/12 > 1, next to the origin for large l: there the series is
    used instead, up to row ``start`` of r[1:] (where h^2 g/12 < 0.1). Returns (series, start),
    series of shape (max(start) + 1, batch).
    """
    r = grid.r[1:, None]
    ell = np.asarray(ell, dtype=float)[None, :]
    energy = np.broadcast_to(np.asarray(energy, dtype=float), ell.shape[1:])[None, :]
    c1 = -Z / (ell + 1)
    c2 = (Z**2 / (ell + 1) + v_scr[1] - energy) / (2 * ell + 3)
    start = np.ceil(np.sqrt(ell * (ell + 1) / 1.2)).astype(np.int64) + 1
    rs_ = r[: int(start.max()) + 1]
    series = rs_ ** (ell + 1) * (1 + c1 * rs_ + c2 * rs_**2) / np.sqrt(rs_ + grid.a)
    return np.ascontiguousarray(series), start[0]


def _tail(grid: _Grid, ell, kappa):
    """The decaying solutions r k_l(kappa r) at the two outer grid points, as Numerov's phi."""
    ell_i = np.asarray(ell, dtype=int)
    tail = grid.r[-2:, None] * spherical_kn(ell_i[None, :], kappa[None, :] * grid.r[-2:, None])
    tail = tail / tail[-1]
    return np.ascontiguousarray(tail / np.sqrt(grid.r[-2:, None] + grid.a))


def _numerov_out(grid: _Grid, Z, v_scr, ell, energy):
    """Regular solutions outward from r = 0 on the whole grid, shape (len(r), batch).

    Returns (u, psi, nodes): u(r) (u(0) = 0), the Numerov variable psi = (1 - h^2 g/12) phi (for
    the discrete Wronskian) and the number of sign changes of u.
    """
    energy = np.broadcast_to(np.asarray(energy, dtype=float), np.shape(ell))
    return _compiled().outward(
        *_compiled_args(grid, Z, v_scr, ell, energy), *_series(grid, Z, v_scr, ell, energy)
    )


def _numerov_in(grid: _Grid, Z, v_scr, ell, kappa, stop):
    """Solutions decaying beyond R, r k_l(kappa r), integrated inward down to index ``stop``.

    Returns (u, psi) on the whole grid (zeros below ``stop``).
    """
    energy = -0.5 * np.asarray(kappa) ** 2
    return _compiled().inward(
        *_compiled_args(grid, Z, v_scr, ell, energy), _tail(grid, ell, kappa), max(stop - 1, 1)
    )


def _matching_index(grid: _Grid, Z, v_scr, ell, energy):
    """The outer classical turning point of each (l, E) (its grid index), at least index 2."""
    r, _, _, pot, ell, energy = _compiled_args(grid, Z, v_scr, ell, energy)
    return np.clip(_compiled().turning_points(r, pot, ell, energy) + 1, 2, len(grid.r) - 3)


def _mismatch(grid, Z, v_scr, ell, energy):
    """The normalized discrete Wronskian of the outward and inward solutions (zero at eigenvalues)."""
    kappa = np.sqrt(-2.0 * np.asarray(energy))
    m = _matching_index(grid, Z, v_scr, ell, energy).astype(np.int64)
    return _compiled().wronskians(
        *_compiled_args(grid, Z, v_scr, ell, energy),
        *_series(grid, Z, v_scr, ell, energy),
        _tail(grid, ell, kappa),
        m,
    )


def _bound_states(
    grid: _Grid, Z, v_scr, l_bound=2, n_scan=24, rounds=3, n_refine=32, near=None, width=1e-3
):
    """All bound states with l <= l_bound: scan E for sign changes of the Wronskian, then refine.

    The scan is quadratic in sqrt(-E) down to depth/n_scan^2, then geometric down to 1e-12
    depth: a state near threshold (kappa R << 1) must be found for the density to be continuous
    as it binds. Each refinement round narrows every bracket n_refine - 1 times; the last step
    interpolates linearly.

    ``near`` (warm start): the states [(l, E)] of a nearby potential, such as the previous
    iteration of the self-consistency. The scan is then only the shallow (geometric) part and
    the brackets E (1 -+ width) around each of them, refined in two rounds of 16; if a state
    of ``near`` has left its bracket, the full scan is made instead. A state that appears deep
    in the well, away from these brackets, is not seen: the caller checks the result with the
    full scan (as ``_solve`` does at convergence).
    """
    ells, energies = [], []
    for ell in range(l_bound + 1):
        depth = 1.5 * Z**2 / (2 * (ell + 1) ** 2) + 2 * max(0.0, -float(v_scr.min()))
        shallow = -depth * np.geomspace(1e-12, 0.5 / n_scan**2, 12)[::-1]
        if near is None:
            s = np.linspace(0.0, 1.0, n_scan + 1)[1:]
            energies.append(np.concatenate([-depth * s[::-1] ** 2, shallow]))
        else:
            ends = [e * f for li, e in near if li == ell for f in (1 + width, 1 - width)]
            energies.append(np.sort(np.concatenate([ends, shallow])))
        ells.append(np.full(len(energies[-1]), ell))
    f = np.split(
        _mismatch(grid, Z, v_scr, np.concatenate(ells), np.concatenate(energies)),
        np.cumsum([len(e) for e in energies])[:-1],
    )
    brackets = [
        (ell, energies[ell][j], energies[ell][j + 1])
        for ell in range(l_bound + 1)
        for j in np.nonzero(np.sign(f[ell][:-1]) * np.sign(f[ell][1:]) < 0)[0]
    ]
    if near is not None:
        kept = sum(1 for li, e in near for b in brackets if b[0] == li and b[1] <= e <= b[2])
        if kept < len(near):  # a state has moved out of its bracket
            return _bound_states(grid, Z, v_scr, l_bound, n_scan, rounds, n_refine)
        rounds, n_refine = 2, 16
    if not brackets:
        return []
    ell = np.array([b[0] for b in brackets])
    lo = np.array([b[1] for b in brackets])
    hi = np.array([b[2] for b in brackets])
    t = np.linspace(0.0, 1.0, n_refine)
    rows = np.arange(len(ell))
    for _ in range(rounds):
        energy = lo[:, None] + (hi - lo)[:, None] * t[None, :]
        f = _mismatch(grid, Z, v_scr, np.repeat(ell, n_refine), energy.ravel()).reshape(
            energy.shape
        )
        j = np.argmax(np.sign(f[:, :-1]) * np.sign(f[:, 1:]) <= 0, axis=1)
        f_lo, f_hi = f[rows, j], f[rows, j + 1]
        lo, hi = energy[rows, j], energy[rows, j + 1]
    energy = lo - f_lo * (hi - lo) / (f_hi - f_lo)
    return [(int(li), float(e)) for li, e in zip(ell, energy, strict=True)]


_LAGUERRE = np.polynomial.laguerre.laggauss(40)


def _bound_state(grid: _Grid, Z, v_scr, ell, energy) -> BoundState:
    kappa = math.sqrt(-2.0 * energy)
    m = int(_matching_index(grid, Z, v_scr, [ell], [energy])[0])
    u_out, p_out, _ = _numerov_out(grid, Z, v_scr, [ell], [energy])
    u_in, p_in = _numerov_in(grid, Z, v_scr, [ell], np.array([kappa]), m)
    u = np.where(np.arange(len(grid.r)) <= m, u_out[:, 0], u_in[:, 0] * p_out[m, 0] / p_in[m, 0])
    R = grid.r[-1]
    scale = u[-1] / (R * spherical_kn(ell, kappa * R))
    # int_R^inf (scale x k_l(kappa x))^2 dx, with x = R + t/(2 kappa) and Gauss-Laguerre in t
    t, w = _LAGUERRE
    x = R + t / (2 * kappa)
    tail = np.sum(w * np.exp(t) * (scale * x * spherical_kn(ell, kappa * x)) ** 2) / (2 * kappa)
    u = u / math.sqrt(grid.integral(u**2) + tail)
    return BoundState(ell, energy, u)


@dataclass(frozen=True)
class _Waves:
    """The scattering set-up that does not change between iterations."""

    ell: np.ndarray  # (batch,)
    k: np.ndarray  # (batch,)
    weight: np.ndarray  # (batch,) density weight w_k k^2 (2l+1)/pi^2
    free_nodes: np.ndarray  # sign changes of j_l(kr) on (0, R], (batch,)
    theta_mod: np.ndarray  # phase of the free wave at R modulo pi
    jy: tuple  # j_l, y_l at the two matching radii, each (2, batch)
    free_phase: np.ndarray = None  # the phase shift Numerov gives with no potential
    free_density: np.ndarray = None  # sum of the weighted free R_l^2 as Numerov gives them


def _make_waves(grid: _Grid, gas: ElectronGas, l_max: int, n_k: int) -> _Waves:
    """Partial waves l <= l_max at Gauss-Legendre k in [0, kF] and at kF.

    The free waves are integrated on the same grid: their phase shift (zero but for Numerov's
    discretization error) and density are subtracted from the interacting ones, so that the
    discretization error cancels to first order.
    """
    x, w = np.polynomial.legendre.leggauss(n_k)
    k_nodes = np.append(0.5 * gas.kF * (x + 1), gas.kF)
    k_weights = np.append(0.5 * gas.kF * w, 0.0)
    ell = np.repeat(np.arange(l_max + 1), n_k + 1)
    k = np.tile(k_nodes, l_max + 1)
    weight = np.tile(k_weights * k_nodes**2, l_max + 1) * (2 * ell + 1) / np.pi**2
    kr = grid.r[:, None] * k[None, :]
    free_nodes = _nodes(grid.r[:, None] * spherical_jn(ell[None, :], kr))
    radii = grid.r[[-1, -_MATCH_OFFSET]]
    jm = spherical_jn(ell[None, :], radii[:, None] * k[None, :])
    ym = spherical_yn(ell[None, :], radii[:, None] * k[None, :])
    theta_mod = np.mod(np.arctan2(jm[0], -ym[0]), np.pi)
    waves = _Waves(ell, k, weight, free_nodes, theta_mod, (jm, ym))
    phase, density = _scattering(grid, 0.0, np.zeros_like(grid.r), waves)
    return replace(waves, free_phase=phase, free_density=density)


_MATCH_OFFSET = 9  # the second matching radius, in grid points inside R


def _nodes(u: np.ndarray) -> np.ndarray:
    s = np.sign(u[1:])
    return np.sum(s[1:] * s[:-1] < 0, axis=0)


def _scattering(grid: _Grid, Z, v_scr, waves: _Waves):
    """Phase shifts d_l(k) and the density sum of R_l(k, r)^2 (weights included)."""
    u, _, nodes = _numerov_out(grid, Z, v_scr, waves.ell, 0.5 * waves.k**2)
    (jm, ym) = waves.jy
    radii = grid.r[[-1, -_MATCH_OFFSET]]
    q = u[[-1, -_MATCH_OFFSET]] / radii[:, None]  # u/r at the two radii
    ratio = q[0] / q[1]
    delta_mod = np.arctan((ratio * jm[1] - jm[0]) / (ratio * ym[1] - ym[0]))
    psi_mod = np.mod(waves.theta_mod + delta_mod, np.pi)
    delta = (nodes * np.pi + psi_mod) - (waves.free_nodes * np.pi + waves.theta_mod)
    if waves.free_phase is not None:
        delta = delta - waves.free_phase
    bracket = np.cos(delta) * jm - np.sin(delta) * ym
    amplitude = np.sum(q * bracket, axis=0) / np.sum(bracket**2, axis=0)
    # R_l = u/(A r); at r = 0, R_0 = 1/A (u ~ r for l = 0) and R_l = 0 for l > 0
    coefficient = waves.weight / amplitude**2
    density = _compiled().weighted_squares(
        np.ascontiguousarray(u.T), grid.r, coefficient, float(np.sum(coefficient[waves.ell == 0]))
    )
    if waves.free_density is not None:
        density = density - waves.free_density
    return delta, density


def _kerker(grid: _Grid, k0: float):
    """The Kerker preconditioner q^2/(q^2 + k0^2) for spherical residuals of r V(r).

    Applied as 1 - k0^2 (-nabla^2 + k0^2)^{-1}, with the monopole Yukawa Green's function
    sinh(k0 r<) e^{-k0 r>}/(k0 r r'): it damps the long-wavelength (charge-sloshing) part of a
    potential update, whose response to the Hartree potential 4 pi/q^2 is unbounded.
    """
    r = grid.r
    decay = np.exp(-k0 * r)
    grow = np.sinh(k0 * r)
    sinc = np.ones_like(r)
    sinc[1:] = grow[1:] / (k0 * r[1:])

    def apply(fy: np.ndarray) -> np.ndarray:
        f = np.zeros_like(fy)
        f[1:] = fy[1:] / r[1:]
        inner = grid.cumulative(grow * f * r)
        outer = grid.cumulative_outer(decay * f * r)
        smooth = np.empty_like(f)
        smooth[1:] = decay[1:] * inner[1:] / (k0 * r[1:]) + sinc[1:] * outer[1:]
        smooth[0] = outer[0]
        return fy - k0**2 * r * smooth

    return apply


def _anderson(
    fixed_point, x0, precondition, tolerance, max_iterations, floor=None, beta=0.6, history=12
):
    """Preconditioned Anderson mixing for x = fixed_point(x)[0].

    Stops when max abs(x_out - x_in) < ``tolerance``; or, if ``floor(out)`` (a function of the
    output of ``fixed_point``) returns a number, when the best residual so far lies below it and
    has not halved in 2 ``history`` iterations (a map with a jump, such as the PZ81 potential
    where the density crosses rs = 1, has no exact fixed point). Returns
    (x, iterations, residual, output of fixed_point at x, floor applied or None) for the best x.
    """
    x = x0
    xs, fs = [], []
    best = (math.inf, 0, None, None)
    for iteration in range(1, max_iterations + 1):
        out = fixed_point(x)
        f = out[0] - x
        residual = float(np.max(np.abs(f)))
        if residual < 0.5 * best[0]:
            best = (residual, iteration, x, out)
        elif residual < best[0]:
            best = (residual, best[1], x, out)
        if residual < tolerance:
            return x, iteration, residual, out, None
        stall = floor(out) if floor is not None else None
        if stall is not None and best[0] < stall and iteration - best[1] > 2 * history:
            return best[2], iteration, best[0], best[3], stall
        f = precondition(f)
        xs.append(x)
        fs.append(f)
        xs, fs = xs[-history:], fs[-history:]
        if len(fs) > 1:
            dF = np.diff(np.array(fs), axis=0).T
            dX = np.diff(np.array(xs), axis=0).T
            gamma = np.linalg.lstsq(dF, f, rcond=None)[0]
            x = x + beta * f - (dX + beta * dF) @ gamma
        else:
            x = x + beta * f
    raise RuntimeError(
        f"self-consistency not reached in {max_iterations} iterations "
        f"(residual max r |dn_out - dn_in| = {best[0]:.3g} bohr^-2, tolerance {tolerance:.3g})"
    )


def screen_nucleus(
    Z: float,
    rs: float,
    correlation: str = "pz81",
    settings: ScreeningSettings | None = None,
    exchange_correlation: bool = True,
) -> ScreenedNucleus:
    """Self-consistent Kohn-Sham LDA screening of a nucleus of charge Z in jellium.

    Parameters
    ----------
    Z : float
        Nuclear charge (e), 0 < Z <= 4.
    rs : float
        Density parameter of the jellium (bohr), 0.5 <= rs <= 10.
    correlation : {"pz81", "pw92"}
        Parametrization of the LDA correlation energy.
    settings : ScreeningSettings, optional
        Numerical settings (default :class:`ScreeningSettings`).
    exchange_correlation : bool
        With False the Kohn-Sham potential has no xc part (Hartree only): the nonlinear
        counterpart of the RPA screening.

    Returns
    -------
    ScreenedNucleus

    Examples
    --------
    >>> s = screen_nucleus(1.0, 2.0)  # a proton in jellium at rs = 2: about 0.5 s
    >>> round(s.friction_coefficient, 3), [b.l for b in s.bound_states]
    (0.257, [0])
    >>> abs(s.friedel_residual) < 1e-2  # the finite-sphere term, ~ cos(2 kF R)/(kF R)
    True
    """
    settings = settings or ScreeningSettings()
    Z, rs = _check_inputs(Z, rs, settings)
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    return _screen(Z, rs, correlation, settings, bool(exchange_correlation))


_PZ81_FLOOR = 1e-5
"""The PZ81 correlation potential jumps by 2.8e-5 hartree at rs = 1 (its two branches meet
there); where the density crosses that value at a grid point the self-consistency stalls at a
residual ~ 1e-7 - 1e-6 Z kF^2 (bohr^-2), which is accepted below this floor (times Z kF^2).
The floor applies only to PZ81 and only while the density takes values on both sides of
rs = 1; the result reports it (``ScreenedNucleus.stall_floor``)."""

_PZ81_BRANCH_DENSITY = 3.0 / (4.0 * math.pi)
"""The density of rs = 1 (bohr^-3), where the two branches of PZ81 correlation meet."""

_RESULTS: dict[tuple, ScreenedNucleus] = {}
"""Results of this process, by (Z, rs, correlation, settings, exchange_correlation)."""


def _screen(Z, rs, correlation, settings: ScreeningSettings, xc: bool = True) -> ScreenedNucleus:
    key = (Z, rs, correlation, settings, xc)
    if key not in _RESULTS:
        _RESULTS[key] = _solve(Z, rs, correlation, settings, xc)
    return _RESULTS[key]


def _solve(Z, rs, correlation, settings: ScreeningSettings, xc: bool = True) -> ScreenedNucleus:
    gas = ElectronGas(rs)
    grid = _make_grid(Z, gas, settings)
    l_max = settings.l_max if settings.l_max is not None else _default_l_max(gas)
    waves = _make_waves(grid, gas, l_max, settings.n_k)
    vxc0 = float(_xc_potential(np.array(gas.n), correlation))
    r = grid.r

    def potential(dn):
        """r V_scr: the Hartree and xc potential of the induced density, times r."""
        inside = grid.cumulative(4 * np.pi * r**2 * dn)
        outside = grid.cumulative_outer(4 * np.pi * r * dn)
        n_total = np.maximum(gas.n + dn, 1e-12 * gas.n)
        if not xc:
            return inside + r * outside
        return inside + r * outside + r * (_xc_potential(n_total, correlation) - vxc0)

    found = {"states": None}  # the bound states of the last iteration: the next one's warm start

    def fixed_point(x, warm=True):
        # the mixed variable is x = r dn: the map dn -> V -> dn is continuous even where the
        # PZ81 potential jumps (at rs = 1 it is discontinuous by 2.8e-5 hartree)
        dn_in = np.empty_like(x)
        dn_in[1:] = x[1:] / r[1:]
        dn_in[0] = dn_in[1]
        y = potential(dn_in)
        v_scr = np.empty_like(y)
        v_scr[1:] = y[1:] / r[1:]
        v_scr[0] = v_scr[1]
        delta, dn = _scattering(grid, Z, v_scr, waves)
        levels = _bound_states(grid, Z, v_scr, near=found["states"] if warm else None)
        found["states"] = levels
        states = [_bound_state(grid, Z, v_scr, ell, e) for ell, e in levels]
        for b in states:
            with np.errstate(divide="ignore", invalid="ignore"):
                radial = (b.u / r) ** 2
            radial[0] = (b.u[1] / r[1]) ** 2 if b.l == 0 else 0.0
            dn = dn + 2 * (2 * b.l + 1) * radial / (4 * np.pi)
        return r * dn, delta, dn, states, v_scr

    # start from Thomas-Fermi screening: dn = Z k^2 e^{-k r}/(4 pi r), so r dn = Z k^2 e^{-k r}/(4 pi)
    k = gas.k_tf
    x0 = Z * k**2 * np.exp(-k * r) / (4 * np.pi)

    def floor(out):
        """The stall floor, where its cause exists: PZ81 and a density on both sides of rs = 1."""
        if correlation != "pz81" or not xc:
            return None
        n_total = gas.n + out[2]
        crosses = n_total.min() < _PZ81_BRANCH_DENSITY < n_total.max()
        return _PZ81_FLOOR * Z * gas.kF**2 if crosses else None

    tolerance = settings.tolerance * Z * gas.kF**2
    x, iterations, residual, out, stall = _anderson(
        fixed_point, x0, _kerker(grid, k), tolerance, settings.max_iterations, floor=floor
    )
    # the warm-started search sees no state that appears deep in the well: the solution is
    # recomputed with the full scan, and the iteration goes on with it if the residual grew
    out = fixed_point(x, warm=False)
    iterations += 1
    residual_full = float(np.max(np.abs(out[0] - x)))
    if residual_full >= (tolerance if stall is None else stall):
        _, more, residual, out, stall = _anderson(
            lambda y: fixed_point(y, warm=False),
            x,
            _kerker(grid, k),
            tolerance,
            settings.max_iterations,
            floor=floor,
        )
        iterations += more
    else:
        residual = max(residual, residual_full)
    _, delta, dn, states, v_scr = out
    delta = delta.reshape(l_max + 1, settings.n_k + 1)
    levinson = tuple(int(np.rint(delta[ell, 0] / np.pi)) for ell in range(3))
    return ScreenedNucleus(
        Z=Z,
        rs=rs,
        correlation=correlation,
        settings=settings,
        r=r,
        delta_n=dn,
        v_screened=v_scr,
        k=waves.k[: settings.n_k + 1].copy(),
        phase_shifts=delta,
        bound_states=tuple(states),
        levinson_counts=levinson,
        iterations=iterations,
        residual=residual,
        tolerance=tolerance,
        stall_floor=stall,
        exchange_correlation=xc,
    )
