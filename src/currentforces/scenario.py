"""The paper's numerical experiment: a proton-deuteron impurity in the HEG under a rectangular
current pulse (Figs. 2-5), for several kernels and both geometries, plus the measurements
behind the paper's claims.

Velocities are in units of the drift velocity j0/n, times in hbar/hartree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.constants as sc

from .dynamics import GEOMETRIES, ElectronicTable, Impurity, ImpurityDynamics, proton_deuteron
from .kernels import make_kernel
from .synthesis import Pulse, RectangularPulse, TimeTrace, synthesis_grid, synthesize
from .validation import require_positive

# hbar/hartree in femtoseconds, CODATA via scipy.constants
ATOMIC_TIME_FS = sc.physical_constants["atomic unit of time"][0] * 1e15


@dataclass
class PulseScenario:
    """Traces for every (kernel, geometry) on one time grid in [t_min, t_max]."""

    rs: float
    impurity: Impurity
    pulse: Pulse
    kernels: tuple = ("mcp07", "rpa")
    correlation: str = "pz81"
    fgk_real: str = "published"
    t_min: float | None = None
    t_max: float | None = None
    dt: float = 20.0
    omega_max: float = 0.3
    n_table: int = 24
    decay_times: float = 30.0
    direct_field: str = "consistent"
    dynamics: dict = field(default_factory=dict)
    traces: dict = field(default_factory=dict)

    def run(self) -> PulseScenario:
        T = self.pulse.duration
        t_min = -0.1 * T if self.t_min is None else self.t_min
        t_max = 2.2 * T if self.t_max is None else self.t_max
        if t_max <= t_min:
            raise ValueError(f"t_max must exceed t_min, got {t_min!r}, {t_max!r}")
        for name in self.kernels:
            kernel = make_kernel(name, self.rs, self.correlation, self.fgk_real)
            dyn = ImpurityDynamics(kernel, self.impurity, direct_field=self.direct_field)
            table = ElectronicTable(dyn, self.omega_max, self.n_table)
            grid = synthesis_grid(dyn, table, t_max - min(t_min, 0.0), self.dt, self.decay_times)
            self.dynamics[name] = dyn
            for geometry in GEOMETRIES:
                tr = synthesize(dyn, geometry, self.pulse, grid, table)
                keep = (tr.t >= t_min) & (tr.t <= t_max)
                self.traces[name, geometry] = TimeTrace(
                    tr.t[keep], tr.vc[keep], tr.vr[keep], tr.current[keep], geometry, name
                )
        return self


def paper_scenario(T: float = 80000.0, rs: float = 2.0, kernels=("mcp07", "rpa"), **kw):
    """Proton + deuteron (CODATA masses) at rs = 2 under the rectangular pulse (16)."""
    return PulseScenario(
        rs, proton_deuteron(), RectangularPulse(require_positive("T", T)), tuple(kernels), **kw
    )


# -- measurements ---------------------------------------------------------------------------


def _window(tr: TimeTrace, a: float, b: float):
    m = (tr.t >= a) & (tr.t <= b)
    if not np.any(m):
        raise ValueError(f"no samples of the trace in [{a}, {b}]")
    return m


def stabilized_velocity(tr: TimeTrace, T: float, fraction: float = 0.05) -> float:
    """Mean centre-of-mass velocity over the last ``fraction`` of the pulse (units of j0/n)."""
    return float(np.mean(tr.vc[_window(tr, (1 - fraction) * T, T - tr.t[1] + tr.t[0])]))


def time_to_reach(tr: TimeTrace, level: float) -> float:
    """First time at which Vc reaches ``level`` (units of j0/n); nan if never."""
    idx = np.nonzero((tr.t > 0) & (tr.vc >= level))[0]
    return float(tr.t[idx[0]]) if idx.size else float("nan")


def mean_slope(tr: TimeTrace, a: float, b: float, component: str = "vc") -> float:
    """Least-squares slope of a velocity component over [a, b] (per hbar/hartree)."""
    m = _window(tr, a, b)
    return float(np.polyfit(tr.t[m], getattr(tr, component)[m], 1)[0])


def peak(tr: TimeTrace, a: float, b: float, component: str = "vr") -> float:
    """max |component| over [a, b]."""
    return float(np.max(np.abs(getattr(tr, component)[_window(tr, a, b)])))


def reduction(
    tr_a: TimeTrace, tr_b: TimeTrace, a: float, b: float, component="vr", significant: float = 0.1
):
    """1 - |V_a|/|V_b| over [a, b] where |V_b| exceeds ``significant`` times its peak there:
    returns (largest reduction, time of it, reduction at b)."""
    m = _window(tr_b, a, b)
    va, vb = np.abs(getattr(tr_a, component)[m]), np.abs(getattr(tr_b, component)[m])
    ok = vb > significant * vb.max()
    if not np.any(ok):  # e.g. equal nuclei: no relative motion at all
        return float("nan"), float("nan"), float("nan")
    red = 1.0 - va[ok] / vb[ok]
    i = int(np.argmax(red))
    return float(red[i]), float(tr_b.t[m][ok][i]), float(red[-1])


def trace_difference(tr: TimeTrace, ref: TimeTrace, edges=(), exclude: float = 200.0):
    """max |tr - ref| / max |ref| for Vc and Vr on the common time points, (a) everywhere and
    (b) farther than ``exclude`` (hbar/hartree) from the switching times ``edges``, where the
    traces depend on frequencies above the synthesis window. Returns a dict."""
    common, i_tr, i_ref = np.intersect1d(np.round(tr.t, 6), np.round(ref.t, 6), return_indices=True)
    if common.size == 0:
        raise ValueError("the traces share no time points")
    far = np.ones(common.size, dtype=bool)
    for e in edges:
        far &= np.abs(common - e) > exclude
    out = {}
    for comp in ("vc", "vr"):
        a, b = getattr(tr, comp)[i_tr], getattr(ref, comp)[i_ref]
        scale = np.max(np.abs(b)) or 1.0  # a vanishing reference (equal nuclei): absolute
        out[comp] = float(np.max(np.abs(a - b)) / scale)
        out[comp + "_far"] = float(np.max(np.abs(a - b)[far]) / scale)
    return out


def crossing_time(
    tr_a: TimeTrace, tr_b: TimeTrace, level: float, a: float, b: float, component: str = "vr"
) -> float:
    """First time in [a, b] at which 1 - |V_a|/|V_b| reaches ``level``; nan if it does not."""
    m = _window(tr_b, a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        red = 1.0 - np.abs(getattr(tr_a, component)[m]) / np.abs(getattr(tr_b, component)[m])
    idx = np.nonzero(red >= level)[0]
    return float(tr_b.t[m][idx[0]]) if idx.size else float("nan")


def measure_claims(
    sc: PulseScenario,
    T: float,
    main: str = "mcp07",
    reference: str = "rpa",
    static: str = "mcp07_static",
    level: float = 0.95,
    window: tuple = (200.0, 1200.0),
    target: float = 0.7,
) -> dict:
    """The numbers behind the paper's claims from a scenario run with the ``main``,
    ``reference`` and ``static`` kernels (velocities in j0/n, times and rates per hbar/hartree,
    gains and reductions in %): the drift at the end of the pulse, the time to reach ``level``
    of it, the slopes just after switch-on and switch-off over ``window``, the vibration and
    rotation peaks, and the largest reduction of the rotation in phase II (and when it passes
    ``target``)."""
    m_par, r_par = sc.traces[main, "parallel"], sc.traces[reference, "parallel"]
    m_perp, r_perp = sc.traces[main, "perpendicular"], sc.traces[reference, "perpendicular"]
    s_par, s_perp = sc.traces[static, "parallel"], sc.traces[static, "perpendicular"]
    dt = float(m_par.t[1] - m_par.t[0])
    a, b = window
    c = {
        "vc_T_main": stabilized_velocity(m_par, T),
        "vc_T_ref": stabilized_velocity(r_par, T),
        "vc_T_main_perp": stabilized_velocity(m_perp, T),
        "h0": float(sc.dynamics[main].transfer(np.array([0.0]), "parallel")[0][0].real),
        "t95_main": time_to_reach(m_par, level),
        "t95_ref": time_to_reach(r_par, level),
        "acc_main": mean_slope(m_par, a, b),
        "acc_ref": mean_slope(r_par, a, b),
        "acc_static": mean_slope(s_par, a, b),
        "dec_main": -mean_slope(m_par, T + a, T + b),
        "dec_ref": -mean_slope(r_par, T + a, T + b),
        "dec_static": -mean_slope(s_par, T + a, T + b),
        "vib_on": peak(m_par, 0, 0.1 * T),
        "vib_mid": peak(m_par, 0.9 * T, T - dt),
        "vib_off": peak(m_par, T, 1.1 * T),
        "rot_peak": peak(m_perp, 0, T),
        "rot_end": abs(float(m_perp.vr[m_perp.t < T][-1])),
        "rot_peak_ref": peak(r_perp, 0, T),
    }
    c["acc_gain_rpa"] = 100 * (c["acc_main"] / c["acc_ref"] - 1)
    c["acc_gain_visc"] = 100 * (c["acc_main"] / c["acc_static"] - 1)
    c["dec_gain_rpa"] = 100 * (c["dec_main"] / c["dec_ref"] - 1)
    c["dec_gain_visc"] = 100 * (c["dec_main"] / c["dec_static"] - 1)
    red_rpa, t_red_rpa, _ = reduction(m_perp, r_perp, 0.0, T - dt)
    red_visc, t_red_visc, _ = reduction(m_perp, s_perp, 0.0, T - dt)
    c.update(
        red_rpa=100 * red_rpa,
        t_red_rpa=t_red_rpa,
        red_visc=100 * red_visc,
        t_red_visc=t_red_visc,
        t70_rpa=crossing_time(m_perp, r_perp, target, 0.0, T - dt),
    )
    return c
