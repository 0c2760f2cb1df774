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
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_choice, require_finite_array, require_positive
from ..core.quadrature import QGrid, _continuum_edges, _q_grid
from ..core.registry import DIRECT_FIELD_SIGNS, GEOMETRIES
from ..electron_liquid.gas import ElectronGas
from ..electron_liquid.kernels import XCKernel, make_kernel
from ..electron_liquid.response import _difference_quotients
from ..impurity.nuclei import Impurity
from ..impurity.statics import Equilibrium, StaticPair

__all__ = [
    "ElectronicTable",
    "ImpurityDynamics",
    "angular_factor",
    "reference_separation",
]

# the elastic term -(1/w)(1/M1 + 1/M2) (Vr . grad_d) grad_d Z1 Z2/d of Eq. (15): (3 dd - 1)/d^3
_COULOMB_CURVATURE = {"parallel": -2.0, "perpendicular": 1.0}


def angular_factor(x: ArrayLike, geometry: str) -> np.ndarray:
    """The angular factor A_g(x) of (D2)/(D3), divided by 4 pi q^2 b (dimensionless).

    A_par = j0 - 2 j1/x, A_perp = j1/x, x = q d; both -> 1/3 at x -> 0, matching (D1).
    Closed forms in sin x and cos x, the Taylor series where they would cancel (abs(x) < 0.5).

    Examples
    --------
    >>> round(float(angular_factor(1e-6, "parallel")), 12)
    0.333333333333
    """
    geometry = require_choice("geometry", geometry, GEOMETRIES)
    return _angular_factor(np.asarray(x, dtype=float), geometry)


def _angular_factor(x: np.ndarray, geometry: str) -> np.ndarray:
    return _angular_factors(x, (geometry,))[geometry]


# Taylor coefficients of the angular factors, A(x) = sum_k c_k x^(2k), k = 0 .. 6:
# A_par = j0 - 2 j1/x: (-1)^k (2k+2)(2k+1)/(2k+3)!;  A_perp = j1/x: (-1)^k (2k+2)/(2k+3)!
_SERIES = {
    "parallel": [
        (-1) ** k * (2 * k + 2) * (2 * k + 1) / math.factorial(2 * k + 3) for k in range(7)
    ],
    "perpendicular": [(-1) ** k * (2 * k + 2) / math.factorial(2 * k + 3) for k in range(7)],
}
_SERIES_BELOW = 0.5  # the series' next term is < 1e-16 there; above, the closed forms lose < 1e-14


def _angular_factors(x: np.ndarray, geometries=GEOMETRIES) -> dict[str, np.ndarray]:
    """The angular factors of ``geometries`` at x, sharing sin x and cos x.

    j0 = sin x/x and j1/x = (sin x - x cos x)/x^3 for abs(x) >= 0.5, the Taylor series (to
    x^12) below, where the closed forms cancel; both agree with scipy's spherical Bessel
    functions to 1e-15 (tests/test_dynamics.py).
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SERIES_BELOW
    xs = np.where(small, 1.0, x)
    sin, cos = np.sin(xs), np.cos(xs)
    j0 = sin / xs
    j1_over_x = (j0 - cos) / xs**2
    x2 = x * x
    out = {}
    for geometry in geometries:
        value = j0 - 2.0 * j1_over_x if geometry == "parallel" else j1_over_x
        if np.any(small):
            series = np.zeros_like(x2)
            for c in reversed(_SERIES[geometry]):
                series = series * x2 + c
            value = np.where(small, series, value)
        out[geometry] = value
    return out


@lru_cache(maxsize=16)
def reference_separation(gas: ElectronGas, correlation: str = "pz81") -> float:
    """The MCP07 equilibrium separation of lowest energy in the gas (bohr).

    Every kernel's dynamics is run at its own stable zero of F nearest to this one.
    """
    return StaticPair(make_kernel("mcp07", gas, correlation)).equilibrium().d


class ImpurityDynamics:
    """The frequency-domain equations of motion (D7)-(D10) for one kernel, impurity and d.

    The q integrals of the dynamics use, at each frequency, a composite Gauss-Legendre rule up
    to ``q_max_over_kf`` kF cut and graded at the edges of the particle-hole continuum
    (Delta(q, w) is tiny beyond 2 kF + w/kF: only MCP07's viscous tail and O(w^2) real parts
    remain); the static elastic terms use the statics rule of Eq. (10).

    Parameters
    ----------
    kernel : XCKernel
        The exchange-correlation kernel (it carries the gas).
    impurity : Impurity
        Charges and masses of the two nuclei.
    d : float or Equilibrium, optional
        Separation (bohr), or an equilibrium of the pair (see
        :func:`currentforces.impurity.statics.common_equilibria`); default: the kernel's stable
        equilibrium nearest :func:`reference_separation`.
    q_max_over_kf, n_per_panel, refine
        The q rule of the electronic integrals.
    direct_field : {"consistent", "as_printed"}
        Sign of the direct-field terms (:data:`currentforces.core.registry.DIRECT_FIELD_SIGNS`).
    single_friction : (float, float), optional
        Friction coefficients (a.u.) of nucleus 1 and nucleus 2 each on its own, replacing the
        single-nucleus parts Z_i^2 gamma of every friction term of (D7)-(D10) (e.g. the
        nonlinear Q_KS + Q_dyn of :func:`currentforces.nonlinear_friction`). Each is taken
        frequency independent (its omega -> 0 value, Markovian); the interference terms, the
        restoring forces and the separation stay those of linear response. Default: linear.

    Examples
    --------
    >>> from currentforces import make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("mcp07", 2.0), proton_deuteron())
    >>> round(dyn.d, 4)
    5.0993
    >>> vc, vr = dyn.transfer([0.0], "parallel")  # at w = 0 the impurity drifts with the gas
    >>> round(abs(complex(vc[0])), 6)
    1.0
    """

    def __init__(
        self,
        kernel: XCKernel,
        impurity: Impurity,
        d: float | Equilibrium | None = None,
        q_max_over_kf: float = 8.0,
        n_per_panel: int = 8,
        refine: int = 1,
        direct_field: str = "consistent",
        single_friction: tuple[float, float] | None = None,
    ):
        if not isinstance(kernel, XCKernel):
            raise TypeError(f"kernel must be an XCKernel (see make_kernel), got {kernel!r}")
        if not isinstance(impurity, Impurity):
            raise TypeError(f"impurity must be an Impurity, got {impurity!r}")
        self.direct_field = require_choice("direct_field", direct_field, DIRECT_FIELD_SIGNS)
        self._direct_sign = DIRECT_FIELD_SIGNS[self.direct_field]
        self.kernel = kernel
        self.impurity = impurity
        if single_friction is not None:
            single_friction = tuple(
                require_positive(f"single_friction[{i}]", q, allow_zero=True)
                for i, q in enumerate(single_friction)
            )
            if len(single_friction) != 2:
                raise ValueError(
                    f"single_friction must give two coefficients (nucleus 1, nucleus 2), "
                    f"got {len(single_friction)}"
                )
        self.single_friction = single_friction
        self.gas = kernel.gas
        pair = StaticPair(kernel, impurity.Z1, impurity.Z2)
        self.equilibrium: Equilibrium | None
        if d is None:
            ref = reference_separation(self.gas, kernel.correlation)
            self.equilibrium = pair.equilibrium(near=ref)
            d = self.equilibrium.d
        elif isinstance(d, Equilibrium):
            self.equilibrium, d = d, d.d
        else:
            self.equilibrium = None
        self.d = require_positive("d", d)
        self.force_at_d = float(pair.force(self.d))
        self._grid_args = (
            require_positive("q_max_over_kf", q_max_over_kf),
            int(n_per_panel),
            int(refine),
        )
        # static elastic integrals on the (long) statics rule
        sq, sw = pair.grid.nodes, pair.grid.weights
        chi0_s = pair.chi_nodes
        self.static_integrals = {
            g: 8.0 * sw @ (chi0_s * factor) for g, factor in _angular_factors(sq * self.d).items()
        }
        self.static_sinc = 8.0 * sw @ (chi0_s * np.sinc(sq * self.d / np.pi))

    # -- electronic integrals ----------------------------------------------------------------
    def q_rule(self, omega: float) -> QGrid:
        """The q rule of the electronic integrals at frequency ``omega``.

        The q rule at frequency ``omega``: cut at 2 kF and where the particle-hole
        continuum's edges cross ``omega`` (:func:`~currentforces.core.quadrature.continuum_edges`).
        """
        q_max, n_per_panel, refine = self._grid_args
        kF = self.gas.kF
        return _q_grid(kF, self.d, q_max * kF, n_per_panel, refine, _continuum_edges(kF, omega))

    def electronic_integrals(self, omega: ArrayLike) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """P(w) and Q_g(w) (dict by geometry), complex arrays over ``omega`` (hartree).

        Real-time response: P(-w) = -conj P(w), likewise Q.
        """
        omega = np.atleast_1d(require_finite_array("omega", omega))
        # every frequency's q rule is cut at its own continuum edges; the rules are
        # concatenated so that the response is evaluated in one vectorized call
        rules = [self.q_rule(w) for w in omega.ravel()]
        sizes = np.array([r.nodes.size for r in rules])
        q = np.concatenate([r.nodes for r in rules])
        weights = np.concatenate([r.weights for r in rules])
        ratio = _difference_quotients(q, np.repeat(omega.ravel(), sizes), self.kernel)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        weighted = weights * ratio
        P = 8.0 * np.add.reduceat(weighted, starts).reshape(omega.shape)
        Q = {
            g: 8.0 * np.add.reduceat(weighted * factor, starts).reshape(omega.shape)
            for g, factor in _angular_factors(q * self.d).items()
        }
        return P, Q

    def elastic(self, geometry: str, primed: bool = False) -> float:
        """The elastic term K_g of (D8)/(D10) or (D8')/(D10') (hartree^2).

        K_g = (1/M1 + 1/M2) Z1 Z2 [S_g + c_g/d^3] of (D8)/(D10) (hartree^2); with
        ``primed`` the parallel form of (D8'), (1/M1 + 1/M2) Z1 Z2 8 int chi sin(qd)/(qd) dq,
        and 0 for (D10'). At the equilibrium separation both forms agree; K_par = -omega_0^2.
        """
        geometry = require_choice("geometry", geometry, GEOMETRIES)
        imp = self.impurity
        pre = imp.inverse_reduced_mass * imp.Z1 * imp.Z2
        if primed:
            return pre * self.static_sinc if geometry == "parallel" else 0.0
        return pre * (self.static_integrals[geometry] + _COULOMB_CURVATURE[geometry] / self.d**3)

    # -- the 2x2 system -----------------------------------------------------------------------
    def friction_terms(
        self, P: np.ndarray | complex, Q: dict, geometry: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The friction coefficients a_c, b_c, a_r, b_r of (D7)-(D10).

        a_c, b_c, a_r, b_r of (D7)-(D10) from the electronic integrals:

        (D7)/(D9):  -w Mc Vc = -/+4 pi (Z1+Z2) w/w_p^2 j + a_c (j/n - Vc) - b_c Vr
        (D8)/(D10): -w Vr    = -/+4 pi w/w_p^2 (Z2/M2 - Z1/M1) j + a_r (j/n - Vc) - b_r Vr + (K/w) Vr

        (upper sign as printed, lower sign consistent with the wind bracket; see __init__)
        """
        Qg = Q[require_choice("geometry", geometry, GEOMETRIES)]
        imp = self.impurity
        Z1, Z2, M1, M2, Mc = imp.Z1, imp.Z2, imp.M1, imp.M2, imp.Mc
        W1, W2 = self._single_terms(P)
        a_c = (W1 + W2) / 3.0 + 2.0 * Z1 * Z2 * Qg
        b_c = ((M1 * W2 - M2 * W1) / 3.0 + (M1 - M2) * Z1 * Z2 * Qg) / Mc
        a_r = (W2 / M2 - W1 / M1) / 3.0 + (1.0 / M2 - 1.0 / M1) * Z1 * Z2 * Qg
        b_r = ((M1 * W2 / M2 + M2 * W1 / M1) / 3.0 - 2.0 * Z1 * Z2 * Qg) / Mc
        return a_c, b_c, a_r, b_r

    def _single_terms(self, P):
        """Z_i^2 P of each nucleus, or with ``single_friction`` Z_i^2 P - 3i (Q_i - Z_i^2 gamma).

        gamma = -Im P(0)/3 is the linear friction of a unit charge on this q rule, so that the
        friction of nucleus i alone, -Im(W_i)/3 at omega = 0, is Q_i; the frequency dependence
        of P (real part, O(omega) changes) is kept.
        """
        Z1, Z2 = self.impurity.Z1, self.impurity.Z2
        W1, W2 = Z1**2 * P, Z2**2 * P
        if self.single_friction is not None:
            gamma = -self.integrals_at_zero()[0].imag / 3.0
            Q1, Q2 = self.single_friction
            W1 = W1 - 3j * (Q1 - Z1**2 * gamma)
            W2 = W2 - 3j * (Q2 - Z2**2 * gamma)
        return W1, W2

    def coefficients(
        self,
        omega: ArrayLike,
        geometry: str,
        integrals: tuple | None = None,
        primed: bool = True,
    ) -> tuple[tuple, tuple]:
        """Matrix entries and right-hand sides of the 2x2 system at each frequency.

        Matrix entries (a11, a12, a21, a22) and right-hand sides (b1, b2) of the 2x2 system
        for (Vc, Vr) at j/n = 1, the second row multiplied by w (so that w = 0 is regular).
        """
        geometry = require_choice("geometry", geometry, GEOMETRIES)
        omega = np.atleast_1d(require_finite_array("omega", omega))
        P, Q = integrals if integrals is not None else self.electronic_integrals(omega)
        a_c, b_c, a_r, b_r = self.friction_terms(P, Q, geometry)
        imp = self.impurity
        K = self.elastic(geometry, primed=primed)
        direct_c, direct_r = self._direct_terms(omega)
        a11 = -omega * imp.Mc + a_c
        a12 = b_c
        b1 = direct_c + a_c
        a21 = omega * a_r
        a22 = -(omega**2) + omega * b_r - K
        b2 = direct_r + omega * a_r
        return (a11, a12, a21, a22), (b1, b2)

    def _direct_terms(self, omega: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The direct-field parts of the right-hand sides (b1, b2) of :meth:`coefficients`.

        j = n (j/n = 1) and n/w_p^2 = 1/(4 pi): as printed the direct terms are -(Z1+Z2) w and
        -(Z2/M2 - Z1/M1) w (the second row is multiplied by w); the consistent sign flips both.
        """
        imp = self.impurity
        direct_c = self._direct_sign * (imp.Z1 + imp.Z2) * omega
        direct_r = omega * self._direct_sign * (imp.Z2 / imp.M2 - imp.Z1 / imp.M1) * omega
        return direct_c, direct_r

    @staticmethod
    def _solve(a: tuple, b: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cramer's rule for the 2x2 systems at every frequency: (x1, x2, det).

        x1 and x2 are nan or inf where det = 0.
        """
        a11, a12, a21, a22 = a
        b1, b2 = b
        det = a11 * a22 - a12 * a21
        with np.errstate(invalid="ignore", divide="ignore"):
            return (b1 * a22 - a12 * b2) / det, (a11 * b2 - a21 * b1) / det, det

    def transfer(
        self,
        omega: ArrayLike,
        geometry: str,
        integrals: tuple | None = None,
        primed: bool = True,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(Vc, Vr)(w) per unit drift velocity: the solution of (D7)-(D8') or (D9)-(D10').

        At w = 0 with K_g = 0 (perpendicular) the second row vanishes identically; there the
        solution is its w -> 0 limit, Vc = 1, Vr = 0 (the drift, no rotation).
        """
        a, b = self.coefficients(omega, geometry, integrals, primed)
        vc, vr, det = self._solve(a, b)
        singular = det == 0
        vc[singular], vr[singular] = 1.0, 0.0
        return vc, vr

    def transfer_infinity(self, geometry: str) -> tuple[float, float]:
        """The instantaneous response to the screened field, the limit w -> infinity.

        High-frequency limit of (Vc, Vr) per unit drift velocity within w << w_p: the
        instantaneous response to the screened field, -/+ ((Z1+Z2)/Mc, Z2/M2 - Z1/M1) for the
        consistent / as-printed sign of the direct terms.
        """
        require_choice("geometry", geometry, GEOMETRIES)
        imp = self.impurity
        s = -self._direct_sign
        return s * (imp.Z1 + imp.Z2) / imp.Mc, s * (imp.Z2 / imp.M2 - imp.Z1 / imp.M1)

    def direct_field_change(self, omega: ArrayLike, geometry: str) -> tuple[np.ndarray, np.ndarray]:
        """Relative change of abs(Vc) and abs(Vr) when the sign of the direct-field terms flips.

        The solution is linear in the right-hand side, (Vc, Vr) = V_direct + V_wind; flipping
        the direct terms changes it by 2 V_direct, so the change is abs(2 V_direct / V) for each
        component (dimensionless arrays over ``omega`` > 0, hartree).
        """
        omega = np.atleast_1d(require_finite_array("omega", omega, positive=True))
        a, b = self.coefficients(omega, geometry)
        vc, vr, _ = self._solve(a, b)
        vc_d, vr_d, _ = self._solve(a, self._direct_terms(omega))
        return np.abs(2 * vc_d / vc), np.abs(2 * vr_d / vr)

    # -- the Markovian limit, Appendix E ---------------------------------------------------------
    def integrals_at_zero(self) -> tuple[complex, dict[str, complex]]:
        """P(0) and Q_g(0), the electronic integrals in the limit (E1) (computed once)."""
        if not hasattr(self, "_zero"):
            P, Q = self.electronic_integrals(np.array([0.0]))
            self._zero = (complex(P[0]), {g: complex(Q[g][0]) for g in GEOMETRIES})
        return self._zero

    def cm_friction_rate(self, geometry: str = "parallel") -> float:
        """Friction rate Gamma_c of the centre of mass (hartree): -Im a_c(0) / Mc.

        The rate at which the impurity approaches the drift velocity in phase I; a_c is the
        coefficient of [j/n - Vc] in (D7)/(D9) at w -> 0 (the single-nucleus friction
        (Z1^2 + Z2^2)/3 P plus the interference term 2 Z1 Z2 Q_g).
        """
        P, Q = self.integrals_at_zero()
        a_c = self.friction_terms(P, Q, geometry)[0]
        return float(-a_c.imag / self.impurity.Mc)

    def single_nucleus_friction(self) -> tuple[float, float]:
        """The friction coefficient of each nucleus on its own, (Q1, Q2) in atomic units.

        -Im W_i(0)/3 (see ``_single_terms``): Z_i^2 gamma in linear response, or the given
        ``single_friction``.
        """
        W1, W2 = self._single_terms(self.integrals_at_zero()[0])
        return float(-W1.imag / 3.0), float(-W2.imag / 3.0)

    def cm_friction_parts(self, geometry: str = "parallel") -> dict[str, float]:
        """Gamma_c split into its single-nucleus and interference parts (hartree).

        a_c = (Z1^2 + Z2^2)/3 P + 2 Z1 Z2 Q_g at w -> 0: the first part is
        (Z1^2 + Z2^2) gamma / Mc with gamma the friction coefficient of one unit charge
        (:func:`currentforces.friction_coefficient`); the second couples the two nuclei.

        Examples
        --------
        >>> from currentforces import make_kernel, proton_deuteron
        >>> parts = ImpurityDynamics(make_kernel("mcp07", 2.0), proton_deuteron()).cm_friction_parts()
        >>> f"{parts['single']:.4e} {parts['interference']:+.2e}"
        '8.2793e-05 +1.73e-07'
        """
        P, Q = self.integrals_at_zero()
        zero = {g: 0.0 * v for g, v in Q.items()}
        single = -self.friction_terms(P, zero, geometry)[0].imag / self.impurity.Mc
        total = self.cm_friction_rate(geometry)
        return {"single": float(single), "interference": float(total - single), "total": total}

    def markov_constants(self) -> dict[str, float]:
        """The constants of Appendix E (hartree; squares in hartree^2).

        omega_0 parallel (E10), kappa parallel (E11) and kappa perpendicular (E13), and
        omega_0 perpendicular squared (E12, exactly 0 at equilibrium: returned as computed from
        (D10) to show it).
        """
        P0, Q0 = self.integrals_at_zero()
        P, Q = np.array([P0]), {g: np.array([v]) for g, v in Q0.items()}
        imp = self.impurity
        Z1, Z2, M1, M2, Mc = imp.Z1, imp.Z2, imp.M1, imp.M2, imp.Mc
        W1, W2 = self._single_terms(P[0])
        # P(0) = 8 i int Im dchi/dw dq, Q likewise
        self_term = (M1 * W2 / M2 + M2 * W1 / M1).imag / 3.0
        # P and Q carry the 8 of (D7)-(D10); (E11), (E13) have -(4/Mc) int: a factor -1/(2 Mc)
        k_par = -(self_term - 2.0 * Z1 * Z2 * Q["parallel"][0].imag) / (2.0 * Mc)
        k_perp = -(self_term - 2.0 * Z1 * Z2 * Q["perpendicular"][0].imag) / (2.0 * Mc)
        w0_sq = -self.elastic("parallel", primed=True)
        w0_perp_sq = -self.elastic("perpendicular", primed=False)
        return {
            "omega0_par": math.sqrt(w0_sq) if w0_sq > 0 else float("nan"),
            "omega0_par_sq": float(w0_sq),
            "omega0_perp_sq": float(w0_perp_sq),
            "kappa_par": float(k_par),
            "kappa_perp": float(k_perp),
        }


class ElectronicTable:
    """P(w), Q_g(w) sampled at Chebyshev points of [0, w_max] and interpolated (barycentric).

    The electronic integrals vary on the scale of the Fermi energy, the nuclear motion on scales
    1e-5 to 1e-2 hartree: a few dozen samples describe them over [0, w_max], while the synthesis
    needs them at thousands of frequencies. Measured with the default 24 nodes and
    w_max = omega_p/2: relative errors of 1e-8 (P) to 1e-7 (Q_g) up to rs = 4, the largest near
    w = 0; where w_max exceeds the Fermi energy (rs above about 4.7) P and Q_g are not analytic
    at w = E_F (the lower edge of the particle-hole continuum turns over at q = kF) and the
    error there grows to 5e-4 (P) and 3e-3 (Q_par) at rs = 6. In the traces this is 1e-6 of
    their size, far below their truncation error (tests/test_dynamics.py).
    """

    def __init__(self, dyn: ImpurityDynamics, omega_max: float, n_nodes: int = 24):
        """Sample the integrals of ``dyn`` at ``n_nodes`` Chebyshev points of [0, omega_max]."""
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
        # rows: P, Q_parallel, Q_perpendicular at the nodes
        self._values = np.stack([P] + [Q[g] for g in GEOMETRIES])
        # barycentric weights of Chebyshev-Lobatto points: (-1)^k, halved at the ends
        self._weights = (-1.0) ** k
        self._weights[[0, -1]] *= 0.5

    def __call__(self, omega: ArrayLike) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """P(omega) and Q_g(omega) interpolated, for ``omega`` in [0, omega_max] (hartree)."""
        omega = np.asarray(omega, dtype=float)
        if np.any(omega < 0) or np.any(omega > self.omega_max * (1 + 1e-12)):
            raise ValueError(f"omega must lie in [0, {self.omega_max}] hartree")
        x = omega.ravel()
        # real and imaginary parts as six real rows, with the weights folded in, and the weights
        # alone as a seventh: numerators and denominator of the barycentric formula in one real
        # matrix product per chunk (chunks that stay in the processor's cache)
        ones = np.ones((1, self.nodes.size))
        weighted = np.concatenate([self._values.real, self._values.imag, ones]) * self._weights
        out = np.empty((6, x.size))
        for start in range(0, x.size, 2048):
            xs = x[start : start + 2048]
            with np.errstate(divide="ignore"):
                c = 1.0 / (xs[:, None] - self.nodes[None, :])
            hit = np.nonzero(np.isinf(c).any(axis=1))[0]  # at a node: its value
            c[hit] = (xs[hit, None] == self.nodes[None, :]) / self._weights
            sums = weighted @ c.T
            out[:, start : start + 2048] = sums[:6] / sums[6]
        out = (out[:3] + 1j * out[3:]).reshape((3, *omega.shape))
        return out[0], {g: out[1 + i] for i, g in enumerate(GEOMETRIES)}
