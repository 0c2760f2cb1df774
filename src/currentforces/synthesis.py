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
multiples of the period 2 pi/dw, which :func:`synthesize` makes longer than the pulse plus 30
decay times of the slowest mode. The electronic integrals come from a Chebyshev table
(:class:`ElectronicTable`), exact to ~1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.fft import next_fast_len

from .motion import ElectronicTable, ImpurityDynamics
from .pulses import Pulse
from .registry import GEOMETRIES
from .validation import require_choice, require_positive

__all__ = ["SynthesisGrid", "TimeTrace", "slowest_rate", "synthesis_grid", "synthesize"]


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


@dataclass(frozen=True)
class SynthesisGrid:
    """Uniform frequency grid w_k = k dw (k = 0 ..

    floor(omega_max/dw)) whose FFT times are t_n = n dt exactly: the period 2 pi/dw equals n_fft dt.
    """

    dt: float
    n_fft: int
    omega_max: float

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
    def times(self) -> np.ndarray:
        """t_n = n dt for n = -n_fft/2 .. n_fft/2 - 1 (hbar/hartree)."""
        return self.dt * (np.arange(self.n_fft) - self.n_fft // 2)


def slowest_rate(dyn: ImpurityDynamics) -> float:
    """An estimate of the slowest decay rate (hartree) of the coupled motion.

    The smallest of the centre-of-mass friction rates and the Markovian kappas (Appendix E).
    """
    rates = [dyn.cm_friction_rate(g) for g in GEOMETRIES]
    m = dyn.markov_constants()
    rates += [m["kappa_par"], m["kappa_perp"]]
    return float(min(r for r in rates if r > 0))


def synthesis_grid(
    dyn: ImpurityDynamics,
    table: ElectronicTable,
    t_span: float,
    dt: float = 20.0,
    decay_times: float = 30.0,
    omega_max: float | None = None,
) -> SynthesisGrid:
    """The synthesis grid: time step, period and frequency window.

    Grid with time step ``dt`` whose period exceeds ``t_span`` plus ``decay_times`` decay
    times of the slowest mode, and frequencies up to ``omega_max`` (default: the table's).
    """
    t_span = require_positive("t_span", t_span)
    dt = require_positive("dt", dt)
    omega_max = table.omega_max if omega_max is None else require_positive("omega_max", omega_max)
    if omega_max >= 2.0 * math.pi / dt:
        # the one-sided sum over w_k < 2 pi/dt maps onto one FFT of the time grid
        raise ValueError(f"omega_max={omega_max!r} must be below 2 pi/dt = {2 * math.pi / dt!r}")
    period = t_span + decay_times / slowest_rate(dyn)
    n_fft = next_fast_len(math.ceil(period / dt))
    return SynthesisGrid(dt, n_fft, omega_max)


def synthesize(
    dyn: ImpurityDynamics,
    geometry: str,
    pulse: Pulse,
    grid: SynthesisGrid,
    table: ElectronicTable | Callable | None = None,
) -> TimeTrace:
    """V_c(t), V_r(t) for ``pulse`` on the FFT time grid t_n = n dt, n = -N/2 .. N/2 - 1.

    ``table`` supplies P(w), Q_g(w) (an :class:`ElectronicTable`; ``None`` evaluates the q
    integrals directly at every frequency, the slow reference path).

    Examples
    --------
    >>> from currentforces import ElectronicTable, ImpurityDynamics, RectangularPulse
    >>> from currentforces import make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron())
    >>> table = ElectronicTable(dyn, 0.3)
    >>> grid = synthesis_grid(dyn, table, t_span=4000.0)
    >>> tr = synthesize(dyn, "parallel", RectangularPulse(2000.0), grid, table)
    >>> bool(abs(tr.vc[tr.t < -100]).max() < 1e-3)  # causal
    True
    """
    geometry = require_choice("geometry", geometry, GEOMETRIES)
    omega = grid.omega
    integrals = table(omega) if table is not None else dyn.electronic_integrals(omega)
    vc_w, vr_w = dyn.transfer(omega, geometry, integrals)
    hc_inf, hr_inf = dyn.transfer_infinity(geometry)
    spec = pulse.spectrum(omega)
    if spec is None:
        spec = numerical_spectrum(pulse, grid)
    weights = np.full(omega.size, grid.domega / math.pi)
    weights[0] *= 0.5  # trapezoid end point at w = 0

    def to_time(x):
        buf = np.zeros(grid.n_fft, dtype=complex)
        buf[: omega.size] = weights * x
        return np.fft.fftshift(np.fft.fft(buf).real)

    t = grid.times
    j_t = pulse(t)
    vc = hc_inf * j_t + to_time((vc_w - hc_inf) * spec)
    vr = hr_inf * j_t + to_time((vr_w - hr_inf) * spec)
    return TimeTrace(t, vc, vr, j_t, geometry, dyn.kernel.name)
