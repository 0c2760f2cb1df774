"""Frequency-domain equations of motion of the impurity, Eqs. (D7)-(D10) (and (D8'), (D10')).

The current is written per unit drift velocity: with j/n = 1 the solutions (dVc, dVr) are the
centre-of-mass and relative velocities in units of the drift velocity j0/n (the normalization of
Figs. 2-5). Frequencies in hartree, times in hbar/hartree, masses in electron masses, d in bohr.

For a geometry g (``"parallel"`` or ``"perpendicular"`` to the impurity axis) the angular
integrations (D1)-(D3) leave the factors

    A_par(x)  = [2x cos x + (x^2 - 2) sin x] / x^3 = j0(x) - 2 j1(x)/x,
    A_perp(x) = (sin x - x cos x) / x^3 = j1(x)/x,           x = q d,

and, with Delta(q, w) = chi(q, w) - chi(q, 0), the electronic integrals

    P(w) = 8 int dq Delta / w,     Q_g(w) = 8 int dq Delta A_g / w,

finite at w = 0 (8 int dq d chi/d w|_0 [...]; the limit (E1)). Eqs. (D7)-(D10) are then a
2x2 complex linear system for (Vc, Vr) at every frequency (see
:meth:`ImpurityDynamics.coefficients` for the term-by-term correspondence).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.constants as sc
from scipy.interpolate import BarycentricInterpolator
from scipy.special import spherical_jn

from .kernels import XCKernel, make_kernel
from .quadrature import QGrid, continuum_edges, q_grid
from .response import chi_domega_at_zero, chi_interacting, chi_static
from .statics import StaticPair
from .validation import require_choice, require_finite_array, require_positive

GEOMETRIES = ("parallel", "perpendicular")
# Sign of the direct (screened-field) terms of (14)-(15)/(D7)-(D10) relative to the wind terms.
# As printed, -4 pi (Z1+Z2) w/w_p^2 j, with j of Eq. (12): the *electric* current. The wind
# bracket [j/n - Vc] needs j to be the electron *number* current (the nuclei drift with the
# electrons), for which the screened field E = 4 pi i w j/w_p^2 gives +4 pi (Z1+Z2) w/w_p^2 j:
# the nuclei (charge +Z) are pushed against the electron flow. "consistent" uses that sign.
DIRECT_FIELD_SIGNS = {"consistent": +1.0, "as_printed": -1.0}
# the elastic term -(1/w)(1/M1 + 1/M2) (Vr . grad_d) grad_d Z1 Z2/d of Eq. (15): (3 dd - 1)/d^3
_COULOMB_CURVATURE = {"parallel": -2.0, "perpendicular": 1.0}


@dataclass(frozen=True)
class Impurity:
    """Two nuclei: charges Z1, Z2 (e) and masses M1, M2 (electron masses)."""

    Z1: float
    Z2: float
    M1: float
    M2: float

    def __post_init__(self):
        for name in ("Z1", "Z2", "M1", "M2"):
            object.__setattr__(self, name, require_positive(name, getattr(self, name)))

    @property
    def Mc(self) -> float:
        """Total mass M1 + M2."""
        return self.M1 + self.M2

    @property
    def inverse_reduced_mass(self) -> float:
        """1/M1 + 1/M2."""
        return 1.0 / self.M1 + 1.0 / self.M2


NUCLEI = ("proton", "deuteron", "triton")


def codata_mass(name: str) -> float:
    """Mass of a hydrogen nucleus ('proton', 'deuteron', 'triton') in electron masses, CODATA
    via scipy.constants."""
    key = require_choice("nucleus", name, NUCLEI)
    return sc.physical_constants[f"{key}-electron mass ratio"][0]


def proton_deuteron() -> Impurity:
    """The paper's impurity: a proton (nucleus 1) and a deuteron (nucleus 2)."""
    return hydrogen_pair("proton", "deuteron")


def hydrogen_pair(nucleus1: str, nucleus2: str, Z1: float = 1.0, Z2: float = 1.0) -> Impurity:
    """Two hydrogen nuclei by name (CODATA masses); the charges may be overridden."""
    return Impurity(Z1, Z2, codata_mass(nucleus1), codata_mass(nucleus2))


def angular_factor(x, geometry: str):
    """A_g(x) of (D2)/(D3) divided by 4 pi q^2 b: A_par = j0 - 2 j1/x, A_perp = j1/x; both -> 1/3
    at x -> 0, matching (D1). Computed with scipy's spherical Bessel functions (no cancellation
    at small x)."""
    geometry = require_choice("geometry", geometry, GEOMETRIES)
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-3
    xs = np.where(small, 1.0, x)
    j1_over_x = spherical_jn(1, xs) / xs
    if geometry == "parallel":
        out = spherical_jn(0, xs) - 2.0 * j1_over_x
        series = 1.0 / 3.0 - x**2 / 10.0 + x**4 / 168.0
    else:
        out = j1_over_x
        series = 1.0 / 3.0 - x**2 / 30.0 + x**4 / 840.0
    return np.where(small, series, out)


@lru_cache(maxsize=16)
def reference_separation(rs: float, correlation: str = "pz81") -> float:
    """The MCP07 equilibrium separation (lowest energy) at ``rs`` (bohr): every kernel's
    dynamics is run at its own stable zero of F nearest to this one."""
    return StaticPair(make_kernel("mcp07", rs, correlation)).equilibrium().d


class ImpurityDynamics:
    """Eqs. (D7)-(D10) for one kernel, impurity and separation.

    ``d`` defaults to the kernel's stable equilibrium nearest :func:`reference_separation`.
    The q integrals of the dynamics use, at each frequency, a composite Gauss-Legendre rule up
    to ``q_max_over_kf`` kF cut and graded at the edges of the particle-hole continuum
    (Delta(q, w) is tiny beyond 2 kF + w/kF: only MCP07's viscous tail and O(w^2) real parts
    remain); the static elastic terms use the statics rule of Eq. (10).
    """

    def __init__(
        self,
        kernel: XCKernel,
        impurity: Impurity,
        d: float | None = None,
        q_max_over_kf: float = 8.0,
        n_per_panel: int = 8,
        refine: int = 1,
        direct_field: str = "consistent",
    ):
        """``direct_field``: ``"consistent"`` (default) or ``"as_printed"``, the sign of the
        direct-field terms (see ``DIRECT_FIELD_SIGNS``; Appendix A of the book)."""
        self.direct_field = require_choice("direct_field", direct_field, DIRECT_FIELD_SIGNS)
        self._direct_sign = DIRECT_FIELD_SIGNS[self.direct_field]
        self.kernel = kernel
        self.impurity = impurity
        self.gas = kernel.gas
        pair = StaticPair(kernel, impurity.Z1, impurity.Z2)
        if d is None:
            ref = reference_separation(self.gas.rs, kernel.correlation)
            self.equilibrium = pair.equilibrium(near=ref)
            d = self.equilibrium.d
        else:
            self.equilibrium = None
        self.d = require_positive("d", d)
        self.force_at_d = float(pair.force(self.d))
        self._grid_args = (q_max_over_kf, n_per_panel, refine)
        # static elastic integrals on the (long) statics rule
        sq, sw = pair.grid.nodes, pair.grid.weights
        chi0_s = pair.chi_nodes
        self.static_integrals = {
            g: 8.0 * sw @ (chi0_s * angular_factor(sq * self.d, g)) for g in GEOMETRIES
        }
        self.static_sinc = 8.0 * sw @ (chi0_s * np.sinc(sq * self.d / np.pi))

    # -- electronic integrals ----------------------------------------------------------------
    def q_rule(self, omega: float) -> QGrid:
        """The q rule at frequency ``omega``: cut at 2 kF and where the particle-hole
        continuum's edges cross ``omega`` (:func:`~currentforces.quadrature.continuum_edges`)."""
        q_max, n_per_panel, refine = self._grid_args
        kF = self.gas.kF
        return q_grid(kF, self.d, q_max, n_per_panel, refine, continuum_edges(kF, omega))

    def electronic_integrals(self, omega):
        """P(w) and Q_g(w) (dict by geometry), complex arrays over ``omega`` (hartree).

        Real-time response: P(-w) = -conj P(w), likewise Q."""
        omega = np.atleast_1d(require_finite_array("omega", omega))
        P = np.empty(omega.shape, dtype=complex)
        Q = {g: np.empty(omega.shape, dtype=complex) for g in GEOMETRIES}
        for i, w in enumerate(omega):
            rule = self.q_rule(w)
            q = rule.nodes
            if w == 0:
                ratio = chi_domega_at_zero(q, self.kernel)
            else:
                ratio = (
                    chi_interacting(q, abs(w), self.kernel) - chi_static(q, self.kernel)
                ) / abs(w)
            if w < 0:
                ratio = -np.conj(ratio)
            P[i] = 8.0 * rule.weights @ ratio
            for g in GEOMETRIES:
                Q[g][i] = 8.0 * (rule.weights * angular_factor(q * self.d, g)) @ ratio
        return P, Q

    def elastic(self, geometry: str, primed: bool = False) -> float:
        """K_g = (1/M1 + 1/M2) Z1 Z2 [S_g + c_g/d^3] of (D8)/(D10) (hartree^2); with
        ``primed`` the parallel form of (D8'), (1/M1 + 1/M2) Z1 Z2 8 int chi sin(qd)/(qd) dq,
        and 0 for (D10'). At the equilibrium separation both forms agree; K_par = -omega_0^2."""
        geometry = require_choice("geometry", geometry, GEOMETRIES)
        imp = self.impurity
        pre = imp.inverse_reduced_mass * imp.Z1 * imp.Z2
        if primed:
            return pre * self.static_sinc if geometry == "parallel" else 0.0
        return pre * (self.static_integrals[geometry] + _COULOMB_CURVATURE[geometry] / self.d**3)

    # -- the 2x2 system -----------------------------------------------------------------------
    def friction_terms(self, P, Q, geometry: str):
        """a_c, b_c, a_r, b_r of (D7)-(D10) from the electronic integrals:

        (D7)/(D9):  -w Mc Vc = -/+4 pi (Z1+Z2) w/w_p^2 j + a_c (j/n - Vc) - b_c Vr
        (D8)/(D10): -w Vr    = -/+4 pi w/w_p^2 (Z2/M2 - Z1/M1) j + a_r (j/n - Vc) - b_r Vr + (K/w) Vr

        (upper sign as printed, lower sign consistent with the wind bracket; see __init__)
        """
        Qg = Q[require_choice("geometry", geometry, GEOMETRIES)]
        imp = self.impurity
        Z1, Z2, M1, M2, Mc = imp.Z1, imp.Z2, imp.M1, imp.M2, imp.Mc
        a_c = (Z1**2 + Z2**2) / 3.0 * P + 2.0 * Z1 * Z2 * Qg
        b_c = ((M1 * Z2**2 - M2 * Z1**2) / 3.0 * P + (M1 - M2) * Z1 * Z2 * Qg) / Mc
        a_r = (Z2**2 / M2 - Z1**2 / M1) / 3.0 * P + (1.0 / M2 - 1.0 / M1) * Z1 * Z2 * Qg
        b_r = ((M1 * Z2**2 / M2 + M2 * Z1**2 / M1) / 3.0 * P - 2.0 * Z1 * Z2 * Qg) / Mc
        return a_c, b_c, a_r, b_r

    def coefficients(self, omega, geometry: str, integrals=None, primed: bool = True):
        """Matrix entries (a11, a12, a21, a22) and right-hand sides (b1, b2) of the 2x2 system
        for (Vc, Vr) at j/n = 1, the second row multiplied by w (so that w = 0 is regular)."""
        geometry = require_choice("geometry", geometry, GEOMETRIES)
        omega = np.atleast_1d(require_finite_array("omega", omega))
        P, Q = integrals if integrals is not None else self.electronic_integrals(omega)
        a_c, b_c, a_r, b_r = self.friction_terms(P, Q, geometry)
        imp = self.impurity
        K = self.elastic(geometry, primed=primed)
        # j = n (j/n = 1) and n/w_p^2 = 1/(4 pi): as printed the direct terms are
        # -(Z1+Z2) w and -(Z2/M2-Z1/M1) w; the consistent sign flips both
        direct_c = self._direct_sign * (imp.Z1 + imp.Z2) * omega
        direct_r = self._direct_sign * (imp.Z2 / imp.M2 - imp.Z1 / imp.M1) * omega
        a11 = -omega * imp.Mc + a_c
        a12 = b_c
        b1 = direct_c + a_c
        a21 = omega * a_r
        a22 = -(omega**2) + omega * b_r - K
        b2 = omega * (direct_r + a_r)
        return (a11, a12, a21, a22), (b1, b2)

    def transfer(self, omega, geometry: str, integrals=None, primed: bool = True):
        """(Vc, Vr)(w) per unit drift velocity: the solution of (D7)-(D8') or (D9)-(D10').

        At w = 0 with K_g = 0 (perpendicular) the second row vanishes identically; there the
        solution is its w -> 0 limit, Vc = 1, Vr = 0 (the drift, no rotation)."""
        (a11, a12, a21, a22), (b1, b2) = self.coefficients(omega, geometry, integrals, primed)
        det = a11 * a22 - a12 * a21
        with np.errstate(invalid="ignore", divide="ignore"):
            vc = (b1 * a22 - a12 * b2) / det
            vr = (a11 * b2 - a21 * b1) / det
        singular = det == 0
        vc[singular], vr[singular] = 1.0, 0.0
        return vc, vr

    def transfer_infinity(self, geometry: str):
        """High-frequency limit of (Vc, Vr) per unit drift velocity within w << w_p: the
        instantaneous response to the screened field, -/+ ((Z1+Z2)/Mc, Z2/M2 - Z1/M1) for the
        consistent / as-printed sign of the direct terms."""
        require_choice("geometry", geometry, GEOMETRIES)
        imp = self.impurity
        s = -self._direct_sign
        return s * (imp.Z1 + imp.Z2) / imp.Mc, s * (imp.Z2 / imp.M2 - imp.Z1 / imp.M1)

    # -- Appendix E ------------------------------------------------------------------------------
    def markov_constants(self):
        """omega_0 parallel (E10), kappa parallel (E11) and kappa perpendicular (E13) (hartree),
        and omega_0 perpendicular squared (E12, exactly 0 at equilibrium: returned as computed
        from (D10) to show it)."""
        P, Q = self.electronic_integrals(np.array([0.0]))
        imp = self.impurity
        Z1, Z2, M1, M2, Mc = imp.Z1, imp.Z2, imp.M1, imp.M2, imp.Mc
        # P(0) = 8 i int Im dchi/dw dq, Q likewise
        self_term = (M1 * Z2**2 / M2 + M2 * Z1**2 / M1) / 3.0 * P[0].imag
        # P and Q carry the 8 of (D7)-(D10); (E11), (E13) have -(4/Mc) int: a factor -1/(2 Mc)
        k_par = -(self_term - 2.0 * Z1 * Z2 * Q["parallel"][0].imag) / (2.0 * Mc)
        k_perp = -(self_term - 2.0 * Z1 * Z2 * Q["perpendicular"][0].imag) / (2.0 * Mc)
        w0_sq = -self.elastic("parallel", primed=True)
        w0_perp_sq = -self.elastic("perpendicular", primed=False)
        return {
            "omega0_par": math.sqrt(w0_sq) if w0_sq > 0 else float("nan"),
            "omega0_par_sq": w0_sq,
            "omega0_perp_sq": w0_perp_sq,
            "kappa_par": k_par,
            "kappa_perp": k_perp,
        }


class ElectronicTable:
    """P(w), Q_g(w) sampled at Chebyshev points of [0, w_max] and interpolated (barycentric).

    The electronic integrals vary on the scale of the Fermi energy, the nuclear motion on scales
    1e-5 to 1e-2 hartree: a few dozen samples describe them to ~1e-12 over [0, w_max], while
    the synthesis needs them at thousands of frequencies."""

    def __init__(self, dyn: ImpurityDynamics, omega_max: float, n_nodes: int = 24):
        self.omega_max = require_positive("omega_max", omega_max)
        if omega_max >= dyn.gas.omega_p:
            # above omega_p the RPA response has the undamped plasmon pole on the real axis
            raise ValueError(
                f"omega_max must be below the plasma frequency {dyn.gas.omega_p:.4f} hartree, "
                f"got {omega_max!r}"
            )
        k = np.arange(n_nodes)
        nodes = 0.5 * omega_max * (1.0 - np.cos(np.pi * k / (n_nodes - 1)))
        P, Q = dyn.electronic_integrals(nodes)
        self.nodes = nodes
        self._P = BarycentricInterpolator(nodes, P)
        self._Q = {g: BarycentricInterpolator(nodes, Q[g]) for g in GEOMETRIES}

    def __call__(self, omega):
        omega = np.asarray(omega, dtype=float)
        if np.any(omega < 0) or np.any(omega > self.omega_max * (1 + 1e-12)):
            raise ValueError(f"omega must lie in [0, {self.omega_max}] hartree")
        return self._P(omega), {g: self._Q[g](omega) for g in GEOMETRIES}
