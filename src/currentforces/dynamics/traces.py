"""Measurements on time traces: windows, plateaus, slopes, peaks, reductions, differences.

Velocities in units of the drift velocity j0/n, times in hbar/hartree.
"""

from __future__ import annotations

import numpy as np

from .synthesis import TimeTrace

__all__ = [
    "causality_violation",
    "crossing_time",
    "mean_slope",
    "peak",
    "reduction",
    "stabilized_velocity",
    "time_to_reach",
    "trace_difference",
    "window",
]


def window(tr: TimeTrace, a: float, b: float) -> np.ndarray:
    """Mask of the samples of ``tr`` in [a, b]; raises if there are none."""
    m = (tr.t >= a) & (tr.t <= b)
    if not np.any(m):
        raise ValueError(f"no samples of the trace in [{a}, {b}]")
    return m


def stabilized_velocity(tr: TimeTrace, T: float, fraction: float = 0.05) -> float:
    """Mean centre-of-mass velocity over the last ``fraction`` of the pulse (units of j0/n)."""
    return float(np.mean(tr.vc[window(tr, (1 - fraction) * T, T - tr.t[1] + tr.t[0])]))


def time_to_reach(tr: TimeTrace, level: float) -> float:
    """First time at which Vc reaches ``level`` (units of j0/n); nan if never."""
    idx = np.nonzero((tr.t > 0) & (tr.vc >= level))[0]
    return float(tr.t[idx[0]]) if idx.size else float("nan")


def mean_slope(tr: TimeTrace, a: float, b: float, component: str = "vc") -> float:
    """Least-squares slope of a velocity component over [a, b] (per hbar/hartree)."""
    m = window(tr, a, b)
    return float(np.polyfit(tr.t[m], getattr(tr, component)[m], 1)[0])


def peak(tr: TimeTrace, a: float, b: float, component: str = "vr") -> float:
    """max abs(component) over [a, b]."""
    return float(np.max(np.abs(getattr(tr, component)[window(tr, a, b)])))


def reduction_series(
    tr_a: TimeTrace, tr_b: TimeTrace, a: float, b: float, component="vr", significant: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """The relative reduction of one trace against another, sample by sample.

    (t, 1 - abs(V_a)/abs(V_b)) over [a, b] where abs(V_b) exceeds ``significant`` times its
    peak there; empty arrays if it never does (equal nuclei: no relative motion).
    """
    m = window(tr_b, a, b)
    va, vb = np.abs(getattr(tr_a, component)[m]), np.abs(getattr(tr_b, component)[m])
    ok = vb > significant * vb.max()
    return tr_b.t[m][ok], 1.0 - va[ok] / vb[ok]


def reduction(
    tr_a: TimeTrace, tr_b: TimeTrace, a: float, b: float, component="vr", significant: float = 0.1
):
    """The largest relative reduction of one trace against another in a window.

    Over :func:`reduction_series`: returns (largest reduction, time of it, reduction at b), nan
    where the reference trace is never significant.
    """
    t, red = reduction_series(tr_a, tr_b, a, b, component, significant)
    if not red.size:
        return float("nan"), float("nan"), float("nan")
    i = int(np.argmax(red))
    return float(red[i]), float(t[i]), float(red[-1])


def trace_difference(tr: TimeTrace, ref: TimeTrace, edges=(), exclude: float = 200.0):
    """Relative differences between two traces, everywhere and away from edges.

    max abs(tr - ref) / max abs(ref) for Vc and Vr on the common time points, (a) everywhere and
    (b) farther than ``exclude`` (hbar/hartree) from the switching times ``edges``, where the
    traces depend on frequencies above the synthesis window. Returns a dict.
    """
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
    tr_a: TimeTrace,
    tr_b: TimeTrace,
    level: float,
    a: float,
    b: float,
    component: str = "vr",
    significant: float = 0.1,
) -> float:
    """First time in [a, b] at which 1 - abs(V_a)/abs(V_b) reaches ``level``; nan if it does not.

    Over :func:`reduction_series`, the same stretch of the traces as :func:`reduction`.
    """
    t, red = reduction_series(tr_a, tr_b, a, b, component, significant)
    idx = np.nonzero(red >= level)[0]
    return float(t[idx[0]]) if idx.size else float("nan")


def causality_violation(traces, before: float) -> float:
    """Largest abs(V(t < -before)) / max abs(V) over the traces and both components.

    Every velocity must vanish before the pulse starts at t = 0 (the response functions are
    retarded); what remains is the ringing of the frequency cut-off.
    """
    return max(
        float(np.max(np.abs(getattr(tr, c)[tr.t < -before])))
        / max(float(np.max(np.abs(getattr(tr, c)))), 1e-300)
        for tr in traces
        for c in ("vc", "vr")
    )
