"""Time traces of the impurity's velocities for a current pulse, by Fourier synthesis.

With the time convention exp(-i w t) and a real pulse j(t) (in units of j0, so that the
velocities come out in units of the drift velocity j0/n),

    V(t) = H_inf j(t) + (1/pi) Re int_0^Omega [H(w) - H_inf] j(w) e^{-i w t} dw,

where H(w) is the transfer function of (D7)-(D10) (:class:`ImpurityDynamics`), H_inf its
instantaneous high-frequency limit (the screened direct field, added exactly in the time
domain so that the jumps of a rectangular pulse cause no Gibbs ringing) and
j(w) = int j(t) e^{i w t} dt. The integral is the trapezoid rule on a uniform grid w_k = k dw
up to Omega << omega_p, evaluated for all times at once by FFT. For a smooth integrand this
rule's only error is aliasing: the result is the true trace plus its copies shifted by
multiples of the period 2 pi/dw, which :func:`synthesis_grid` makes so long that the copies have
decayed by exp(-23) (:data:`ALIASING_TOLERANCE`). The electronic integrals come from a Chebyshev
table (:class:`ElectronicTable`); its error shows in the traces at 1e-6 of their size or less,
far below their own truncation estimate (tested at rs = 6, the table's worst case).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.fft
from scipy.fft import next_fast_len

from ..core.inputs import require_choice, require_positive
from ..core.registry import GEOMETRIES
from .equations_of_motion import ElectronicTable, ImpurityDynamics
from .pulses import Pulse

__all__ = [
    "SynthesisGrid",
    "TimeTrace",
    "slowest_rate",
    "synthesis_grid",
    "synthesize",
    "synthesize_geometries",
]


def numerical_spectrum(pulse: Pulse, grid: SynthesisGrid) -> np.ndarray:
    """The spectrum of a pulse on the synthesis frequencies, by one FFT.

    j(w_k) = int j(t) e^{i w_k t} dt on the frequencies of ``grid`` by the trapezoid rule on
    t = n h, h = dt/m with m such that pi/h > 2 omega_max (no aliasing in the window), summed
    by one FFT of length m n_fft whose frequency step equals the grid's.
    """
    m = max(1, math.ceil(2.0 * grid.omega_max * grid.dt / math.pi))
    h = grid.dt / m
    n = m * grid.n_fft
    if pulse.duration > 0.5 * n * h:
        raise ValueError(
            f"pulse duration {pulse.duration!r} exceeds half the synthesis period {0.5 * n * h!r}"
        )
    samples = pulse(h * np.arange(n))
    transform = n * h * np.fft.ifft(samples)  # sum_n j_n e^{+2 pi i k n / N} h
    return transform[: grid.omega.size]


@dataclass(frozen=True)
class TimeTrace:
    """Velocities (units of j0/n) on a uniform time grid (hbar/hartree) for one geometry.

    ``vc`` and ``vr`` are the centre-of-mass and relative velocities along the current's
    component of ``geometry``; ``current`` is j(t)/j0 on the same grid.
    """

    t: np.ndarray
    vc: np.ndarray
    vr: np.ndarray
    current: np.ndarray
    geometry: str
    kernel: str
    vc_error: np.ndarray | None = None
    vr_error: np.ndarray | None = None

    def error(self, edges: tuple[float, ...] = (), exclude: float = 0.0) -> dict[str, float]:
        """The trace's own error estimate, relative to its maximum, per component.

        max over the times farther than ``exclude`` (hbar/hartree) from every time in
        ``edges`` (the switching times of the pulse, where the truncation of the frequency
        window shows most). None if the trace carries no estimate.
        """
        far = np.ones(self.t.size, dtype=bool)
        for e in edges:
            far &= np.abs(self.t - e) > exclude
        out = {}
        for comp in ("vc", "vr"):
            err = getattr(self, comp + "_error")
            if err is None:
                return None
            scale = float(np.max(np.abs(getattr(self, comp)))) or 1.0
            out[comp] = float(np.max(err[far])) / scale if np.any(far) else 0.0
        return out


@dataclass(frozen=True)
class SynthesisGrid:
    """Uniform frequency grid w_k = k dw (k = 0 ..

    floor(omega_max/dw)) whose FFT times are t_n = n dt exactly: the period 2 pi/dw equals n_fft dt.
    """

    dt: float
    n_fft: int
    omega_max: float
    t_start: float = 0.0

    @property
    def period(self) -> float:
        """Period of the synthesis, n_fft dt (hbar/hartree)."""
        return self.n_fft * self.dt

    @property
    def domega(self) -> float:
        """Frequency step 2 pi / period (hartree)."""
        return 2.0 * math.pi / self.period

    @property
    def omega(self) -> np.ndarray:
        """The frequencies w_k = k domega up to omega_max (hartree)."""
        n = math.floor(self.omega_max / self.domega * (1 + 1e-12)) + 1
        return self.domega * np.arange(n)

    @property
    def first_index(self) -> int:
        """n0 = floor(t_start/dt): the times are (n0 + m) dt, m = 0 .. n_fft - 1."""
        return math.floor(self.t_start / self.dt + 1e-9)

    @property
    def times(self) -> np.ndarray:
        """One period of times from t_start on, on the multiples of dt (hbar/hartree)."""
        return self.dt * (self.first_index + np.arange(self.n_fft))


def slowest_rate(dyn: ImpurityDynamics) -> float:
    """An estimate of the slowest decay rate (hartree) of the coupled motion.

    The smallest of the centre-of-mass friction rates and the Markovian kappas (Appendix E).
    """
    rates = [dyn.cm_friction_rate(g) for g in GEOMETRIES]
    m = dyn.markov_constants()
    rates += [m["kappa_par"], m["kappa_perp"]]
    return float(min(r for r in rates if r > 0))


ALIASING_TOLERANCE: float = 1e-10
"""Relative size of the periodic copies of a trace that the synthesis period allows."""


def synthesis_grid(
    dyn: ImpurityDynamics,
    table: ElectronicTable,
    t_span: float,
    dt: float = 20.0,
    decay_times: float | None = None,
    omega_max: float | None = None,
    t_start: float | None = None,
    drive_end: float | None = None,
) -> SynthesisGrid:
    """The synthesis grid: time step, period and frequency window.

    The trapezoid rule on the frequency grid w_k = k 2 pi/P makes the trace periodic with
    period P: V(t) is computed as the sum of V(t + n P). The grid starts at ``t_start`` (<= 0,
    before the pulse); on [t_start, t_start + t_span] the copies V(t - P) vanish by causality
    when P >= t_span, and the copies V(t + P), at times after t_start + P, have decayed by
    exp(-decay_times) when t_start + P lies ``decay_times`` decay times of the slowest mode after
    the end of the drive: P = max(t_span, drive_end - t_start + decay_times/rate).

    Parameters
    ----------
    dyn : ImpurityDynamics
        The equations of motion (their slowest decay rate sets the period).
    table : ElectronicTable
        The electronic integrals (their window is the default ``omega_max``).
    t_span : float
        Length of the window of times wanted (hbar/hartree), from ``t_start``.
    dt : float
        Time step (hbar/hartree); ``omega_max`` must lie below 2 pi/dt.
    decay_times : float, optional
        Default ln(1/ALIASING_TOLERANCE) = 23.0.
    omega_max : float, optional
        Upper end of the frequencies (hartree); default the table's.
    t_start : float, optional
        First time of the grid (hbar/hartree); default -t_span/20.
    drive_end : float, optional
        Time after which the current is off (hbar/hartree), so that the motion only decays;
        default the end of the window, t_start + t_span (safe for any drive).
    """
    t_span = require_positive("t_span", t_span)
    dt = require_positive("dt", dt)
    omega_max = table.omega_max if omega_max is None else require_positive("omega_max", omega_max)
    if decay_times is None:
        decay_times = math.log(1.0 / ALIASING_TOLERANCE)
    if omega_max >= 2.0 * math.pi / dt:
        # the one-sided sum over w_k < 2 pi/dt maps onto one FFT of the time grid
        raise ValueError(f"omega_max={omega_max!r} must be below 2 pi/dt = {2 * math.pi / dt!r}")
    t_start = -t_span / 20.0 if t_start is None else float(t_start)
    end = t_start + t_span if drive_end is None else min(float(drive_end), t_start + t_span)
    decay = require_positive("decay_times", decay_times) / slowest_rate(dyn)
    period = max(t_span, end - t_start + decay)
    n_fft = next_fast_len(math.ceil(period / dt) + 1)
    return SynthesisGrid(dt, n_fft, omega_max, t_start)


def synthesize_geometries(
    dyn: ImpurityDynamics,
    pulse: Pulse,
    grid: SynthesisGrid,
    table: ElectronicTable | Callable | None = None,
    geometries: tuple[str, ...] = GEOMETRIES,
) -> dict[str, TimeTrace]:
    """:func:`synthesize` for several geometries, sharing the electronic integrals."""
    omega = grid.omega
    integrals = table(omega) if table is not None else dyn.electronic_integrals(omega)
    spec = pulse.spectrum(omega)
    if spec is None:
        spec = numerical_spectrum(pulse, grid)
    weights = np.full(omega.size, grid.domega / math.pi)
    weights[0] *= 0.5  # trapezoid end point at w = 0
    half = omega <= 0.5 * grid.omega_max
    n0 = grid.first_index

    def to_time(spectra):
        """Re sum_k c_k e^{-2 pi i k n/N} for every row c of ``spectra``, n = n0 .. n0 + N - 1."""
        return _real_synthesis(weights * np.asarray(spectra), grid.n_fft, n0)

    t = grid.times
    j_t = pulse(t)
    geometries = [require_choice("geometry", g, GEOMETRIES) for g in geometries]
    spectra, limits = [], []
    for geometry in geometries:
        vc_w, vr_w = dyn.transfer(omega, geometry, integrals)
        hc_inf, hr_inf = dyn.transfer_infinity(geometry)
        for h_w, h_inf in ((vc_w, hc_inf), (vr_w, hr_inf)):
            x = (h_w - h_inf) * spec
            # the same synthesis with half the frequency window: the difference estimates the
            # truncation error of the full window (an overestimate: the error falls with omega)
            spectra += [x, np.where(half, x, 0.0)]
            limits.append(h_inf)
    times = iter(to_time(spectra))
    traces = {}
    for i, geometry in enumerate(geometries):
        out = {}
        for j, name in enumerate(("vc", "vr")):
            full, half_window = next(times), next(times)
            out[name] = limits[2 * i + j] * j_t + full
            out[name + "_error"] = np.abs(full - half_window)
        traces[geometry] = TimeTrace(
            t,
            out["vc"],
            out["vr"],
            j_t,
            geometry,
            dyn.kernel.name,
            out["vc_error"],
            out["vr_error"],
        )
    return traces


def _real_synthesis(c: np.ndarray, n: int, n0: int) -> np.ndarray:
    """r_m = Re sum_k c_k e^{-2 pi i k (n0 + m)/n}, m = 0 .. n - 1, for each row c (k < n).

    Only the real part is wanted, so the sum is the inverse real FFT of the Hermitian part
    h_k = (conj(c_k) + c_{n-k})/2, k = 0 .. n/2: half the work of a complex FFT of length n
    (r = n irfft(h)); the sum is periodic in n0 + m with period n.
    """
    c = np.asarray(c, dtype=complex)
    rows, size = c.shape
    half = n // 2 + 1
    h = np.zeros((rows, half), dtype=complex)
    head = min(size, half)
    h[:, :head] = np.conj(c[:, :head])
    # c_{n-k} for k = 1 .. half - 1 lies at index n - k < size only for k > n - size
    k = np.arange(max(1, n - size + 1), half)
    if k.size:
        h[:, k] += c[:, n - k]
    h *= 0.5
    h[:, 0] = c[:, 0].real  # c_0 pairs with itself (c_n is c_0)
    return np.roll(scipy.fft.irfft(h, n=n, axis=-1, norm="forward"), -n0, axis=-1)


def synthesize(
    dyn: ImpurityDynamics,
    geometry: str,
    pulse: Pulse,
    grid: SynthesisGrid,
    table: ElectronicTable | Callable | None = None,
) -> TimeTrace:
    """V_c(t), V_r(t) for ``pulse`` on the time grid of ``grid`` (one period from t_start).

    V(t) = H_inf j(t) + (1/pi) Re int_0^Omega [H(w) - H_inf] j(w) e^{-i w t} dw (module
    docstring). ``table`` supplies P(w), Q_g(w) (an :class:`ElectronicTable`; ``None`` evaluates
    the q integrals directly at every frequency, the slow reference path). The trace carries
    an estimate of its truncation error (``vc_error``, ``vr_error``).

    Examples
    --------
    >>> from currentforces import ElectronicTable, ImpurityDynamics, RectangularPulse
    >>> from currentforces import make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron())
    >>> table = ElectronicTable(dyn, 0.3)
    >>> grid = synthesis_grid(dyn, table, t_span=4000.0, t_start=-200.0)
    >>> tr = synthesize(dyn, "parallel", RectangularPulse(2000.0), grid, table)
    >>> bool(abs(tr.vc[tr.t < -100]).max() < 1e-3)  # causal
    True
    """
    return synthesize_geometries(dyn, pulse, grid, table, (geometry,))[
        require_choice("geometry", geometry, GEOMETRIES)
    ]
