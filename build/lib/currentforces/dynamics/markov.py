"""Appendix E: the Markovian (omega -> 0) limit of the equations of motion.

The substitution (E1), [chi(q, w) - chi(q, 0)]/w -> d chi/d w at w = 0, makes the electronic
integrals P and Q_g constants; (D7)-(D10) then become ordinary differential equations with
constant coefficients. In units of the drift velocity (u(t) = j(t)/j0, velocities per j0/n):

    Mc dVc/dt = s (Z1 + Z2) du/dt + i a_c (u - Vc) - i b_c Vr
    dVr/dt    = s (Z2/M2 - Z1/M1) du/dt + i a_r (u - Vc) - i b_r Vr + K R,    dR/dt = Vr,

with a_c, b_c, a_r, b_r of :meth:`ImpurityDynamics.coefficients` at w = 0 (purely imaginary,
so the coefficients here are real) and K = -omega_0^2 (parallel) or 0 (perpendicular). In the
s = -1 for the direct-field sign consistent with the wind (the default of
:class:`ImpurityDynamics`), +1 as printed. In the stabilization phase (u = Vc = 1) the relative
motion obeys (E9),
R'' + 2 kappa R' + omega_0^2 R = 0, with omega_0 and kappa of (E10)-(E13).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import cumulative_trapezoid, solve_ivp
from scipy.optimize import curve_fit

from ..core.inputs import require_choice, require_finite_array, require_positive
from ..core.registry import GEOMETRIES
from ..electron_liquid.kernels import XCKernel
from ..electron_liquid.response import chi_domega_at_zero
from .equations_of_motion import ImpurityDynamics, angular_factor
from .synthesis import TimeTrace

__all__ = [
    "ConstantTable",
    "e9_restart",
    "e9_trace",
    "fit_damped_oscillation",
    "fit_exponential_decays",
    "friction_brackets",
    "im_dchi_domega",
    "markov_modes",
    "markov_ode_trace",
    "relative_displacement",
]


def im_dchi_domega(q, kernel: XCKernel) -> np.ndarray:
    """Im d chi/d w at w = 0 (bohr^-3 hartree^-2): the quantity (E14) claims negative."""
    return chi_domega_at_zero(q, kernel).imag


def friction_brackets(q, dyn: ImpurityDynamics, geometry: str):
    """The square brackets of (E11)/(E13): (1/3)(M1 Z2^2/M2 + M2 Z1^2/M1) - 2 Z1 Z2 A_g(q d)."""
    imp = dyn.impurity
    q = require_finite_array("q", q, positive=True)
    self_term = (imp.M1 * imp.Z2**2 / imp.M2 + imp.M2 * imp.Z1**2 / imp.M1) / 3.0
    return self_term - 2.0 * imp.Z1 * imp.Z2 * angular_factor(q * dyn.d, geometry)


class ConstantTable:
    """The Markovian limit (E1) as an electronic table: P(w) = P(0), Q_g(w) = Q_g(0)."""

    def __init__(self, dyn: ImpurityDynamics):
        """Take P(0) and Q_g(0) of ``dyn``."""
        self.P0, self.Q0 = dyn.integrals_at_zero()

    def __call__(self, omega):
        """P(0) and Q_g(0) at every frequency of ``omega`` (the limit (E1))."""
        ones = np.ones(np.shape(omega))
        return self.P0 * ones, {g: self.Q0[g] * ones for g in GEOMETRIES}


def markov_ode_trace(
    dyn: ImpurityDynamics,
    geometry: str,
    T: float,
    t_end: float,
    t_eval: ArrayLike | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Markovian equations of motion integrated in time for the pulse (16).

    The Markovian equations of motion (module docstring) for the rectangular pulse (16),
    integrated with ``solve_ivp`` (DOP853, rtol 1e-10). The du/dt terms are the velocity jumps
    s (Z1+Z2)/Mc and s (Z2/M2 - Z1/M1) at t = 0 (up) and t = T (down). Returns (t, Vc, Vr, R).

    Examples
    --------
    >>> from currentforces import ImpurityDynamics, make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron())
    >>> t, vc, vr, R = markov_ode_trace(dyn, "parallel", T=2e5, t_end=2e5)
    >>> round(float(vc[-1]), 3)  # the drift velocity, reached at the end of a long pulse
    1.0
    """
    geometry = require_choice("geometry", geometry, GEOMETRIES)
    T = require_positive("T", T)
    t_end = require_positive("t_end", t_end)
    table = ConstantTable(dyn)
    terms = dyn.friction_terms(table.P0, table.Q0, geometry)
    ia_c, ib_c, ia_r, ib_r = (float((1j * x).real) for x in terms)
    Mc = dyn.impurity.Mc
    K = dyn.elastic(geometry, primed=True)
    jump_c, jump_r = dyn.transfer_infinity(geometry)

    def rhs(_t, y, u):
        vc, vr, r = y
        return [
            (ia_c * (u - vc) - ib_c * vr) / Mc,
            ia_r * (u - vc) - ib_r * vr + K * r,
            vr,
        ]

    pieces = [(0.0, min(T, t_end), 1.0, +1.0)]
    if t_end > T:
        pieces.append((T, t_end, 0.0, -1.0))
    grid = None if t_eval is None else np.asarray(t_eval, dtype=float)
    y = np.zeros(3)
    ts, ys = [], []
    for i, (start, stop, u, sign) in enumerate(pieces):
        y = y + sign * np.array([jump_c, jump_r, 0.0])
        if grid is None:
            te = np.linspace(start, stop, 2001)
        else:
            last = i == len(pieces) - 1
            te = grid[(grid >= start) & ((grid <= stop) if last else (grid < stop))]
        sol = solve_ivp(
            rhs,
            (start, stop),
            y,
            method="DOP853",
            rtol=1e-10,
            atol=1e-13,
            t_eval=te,
            args=(u,),
            dense_output=True,
        )
        if not sol.success:
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        ts.append(sol.t)
        ys.append(sol.y)
        y = sol.sol(stop)
    t = np.concatenate(ts)
    vc, vr, r = np.concatenate(ys, axis=1)
    return t, vc, vr, r


def e9_trace(omega0: float, kappa: float, r0: float, v0: float, t):
    """Solve the damped oscillator (E9) from given R and R'.

    Solve (E9), R'' + 2 kappa R' + omega0^2 R = 0, from R(t[0]) = r0, R'(t[0]) = v0 with
    ``solve_ivp``; returns (R(t), R'(t)).
    """
    t = require_finite_array("t", t)

    def rhs(_t, y):
        return [y[1], -2.0 * kappa * y[1] - omega0**2 * y[0]]

    sol = solve_ivp(rhs, (t[0], t[-1]), [r0, v0], method="DOP853", rtol=1e-10, atol=1e-14, t_eval=t)
    if not sol.success:
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    return sol.y[0], sol.y[1]


def fit_damped_oscillation(t, v, omega_guess: float, kappa_guess: float, slow_rate_guess: float):
    """Fit a damped oscillation plus a slow exponential to a trace.

    Fit v(t) = A e^{-kappa s} cos(omega s + phi) + B e^{-gamma s} + C, s = t - t[0], by least
    squares. Returns dict with omega, kappa, gamma and their standard errors.
    """
    t = require_finite_array("t", t)
    v = require_finite_array("v", v)
    s = t - t[0]

    def model(s, A, kappa, omega, phi, B, gamma, C):
        return A * np.exp(-kappa * s) * np.cos(omega * s + phi) + B * np.exp(-gamma * s) + C

    amp = 0.5 * (v.max() - v.min())
    p0 = [amp, kappa_guess, omega_guess, 0.0, 0.0, slow_rate_guess, float(np.mean(v))]
    best = None
    for phi in np.linspace(-np.pi, np.pi, 8, endpoint=False):
        p0[3] = phi
        try:
            popt, pcov = curve_fit(model, s, v, p0=p0, maxfev=20000)
        except RuntimeError:
            continue
        res = float(np.sum((model(s, *popt) - v) ** 2))
        if best is None or res < best[0]:
            best = (res, popt, pcov)
    if best is None:
        raise RuntimeError("damped-oscillation fit did not converge")
    _, popt, pcov = best
    err = np.sqrt(np.diag(pcov))
    return {
        "omega": abs(popt[2]),
        "omega_err": err[2],
        "kappa": popt[1],
        "kappa_err": err[1],
        "gamma": popt[5],
        "gamma_err": err[5],
        "rms": float(np.sqrt(best[0] / s.size)),
    }


def fit_exponential_decays(t, v, rate_guesses=(5e-5, 1e-4)):
    """Fit the sum of two exponential decays to a trace.

    Fit v(t) = A e^{-k1 s} + B e^{-k2 s}, s = t - t[0]; returns both rates (k1 <= k2) with
    standard errors and the rms residual. Time is scaled by 1/k1 inside the fit so that all
    parameters are of order one.
    """
    t = require_finite_array("t", t)
    v = require_finite_array("v", v)
    scale = 1.0 / rate_guesses[0]
    x = (t - t[0]) / scale
    vmax = float(np.max(np.abs(v)))

    def model(x, A, k1, B, k2):
        return A * np.exp(-k1 * x) + B * np.exp(-k2 * x)

    best = None
    for sign in (1.0, -1.0):
        p0 = [v[0] / vmax, 1.0, sign, rate_guesses[1] * scale]
        try:
            popt, pcov = curve_fit(model, x, v / vmax, p0=p0, maxfev=20000)
        except RuntimeError:
            continue
        res = float(np.mean((model(x, *popt) - v / vmax) ** 2))
        if best is None or res < best[0]:
            best = (res, popt, pcov)
    if best is None:
        raise RuntimeError("two-exponential fit did not converge")
    res, popt, pcov = best
    err = np.sqrt(np.diag(pcov)) / scale
    rates = sorted([(popt[1] / scale, err[1]), (popt[3] / scale, err[3])])
    return {
        "rate_slow": rates[0][0],
        "rate_slow_err": rates[0][1],
        "rate_fast": rates[1][0],
        "rate_fast_err": rates[1][1],
        "rms": float(np.sqrt(res) * vmax),
    }


def markov_modes(dyn: ImpurityDynamics, geometry: str) -> np.ndarray:
    """Eigenvalues of the Markovian coupled equations: the modes of the free motion.

    Eigenvalues (hartree; decay rate = -Re, frequency = abs(Im)) of the Markovian coupled
    equations (module docstring) for (Vc, Vr, R) with u = 0: the modes of the free motion,
    including the coupling of the relative motion to the centre of mass that (E9) drops.

    Examples
    --------
    >>> from currentforces import ImpurityDynamics, make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron())
    >>> bool(np.all(-markov_modes(dyn, "perpendicular").real > 0))  # every mode decays
    True
    """
    geometry = require_choice("geometry", geometry, GEOMETRIES)
    table = ConstantTable(dyn)
    ia_c, ib_c, ia_r, ib_r = (
        float((1j * x).real) for x in dyn.friction_terms(table.P0, table.Q0, geometry)
    )
    Mc = dyn.impurity.Mc
    K = dyn.elastic(geometry, primed=True)
    matrix = np.array([[-ia_c / Mc, -ib_c / Mc, 0.0], [-ia_r, -ib_r, K], [0.0, 1.0, 0.0]])
    eig = np.linalg.eigvals(matrix)
    return eig[np.abs(eig) > 1e-12 * np.max(np.abs(eig))]


def relative_displacement(trace: TimeTrace, t_end: float) -> tuple[np.ndarray, np.ndarray]:
    """The relative displacement R(t) = int_0^t Vr dt' on the trace's grid in [0, ``t_end``).

    Returns (t, R); R in units of the drift velocity times hbar/hartree (cumulative trapezoid).
    """
    m = (trace.t >= 0) & (trace.t < t_end)
    return trace.t[m], cumulative_trapezoid(trace.vr[m], trace.t[m], initial=0.0)


def e9_restart(trace: TimeTrace, omega0: float, kappa: float, t_end: float, t1: float) -> dict:
    """(E9) restarted at ``t1`` from the full trace's R and Vr, compared with the trace.

    Parameters
    ----------
    trace : TimeTrace
        The full solution (parallel geometry).
    omega0, kappa : float
        (E10), (E11) (hartree).
    t_end : float
        End of the comparison window, the end of the pulse (hbar/hartree).
    t1 : float
        Restart time (hbar/hartree).

    Returns
    -------
    dict
        ``t`` and ``vr`` of the (E9) solution after t1, ``lag`` = 1 - Vc(t1) (how far the
        centre of mass is from the drift, which (E6) assumes reached) and ``deviation``
        = max abs(V_E9 - V_full) / max abs(V_full) after t1.
    """
    t, R = relative_displacement(trace, t_end)
    m = (trace.t >= 0) & (trace.t < t_end)
    vr, vc = trace.vr[m], trace.vc[m]
    i1 = int(np.searchsorted(t, t1))
    _, V9 = e9_trace(omega0, kappa, R[i1], vr[i1], t[i1:])
    dev = float(np.max(np.abs(V9 - vr[i1:])) / np.max(np.abs(vr[i1:])))
    return {"t": t[i1:], "vr": V9, "lag": float(1 - vc[i1]), "deviation": dev}
