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

from .dynamics import GEOMETRIES, ElectronicTable, ImpurityDynamics
from .validation import require_choice, require_positive


class Pulse:
    """A current pulse j(t)/j0 with its Fourier transform j(w) = int j(t) e^{i w t} dt."""

    duration: float

    def __call__(self, t):
        raise NotImplementedError

    def spectrum(self, omega):
        raise NotImplementedError


@dataclass(frozen=True)
class RectangularPulse(Pulse):
    """Eq. (16): j(t) = j0 [H(T - t) - H(-t)]: on for 0 <= t < T. j(w) = (e^{i w T} - 1)/(i w)."""

    T: float

    def __post_init__(self):
        object.__setattr__(self, "T", require_positive("T", self.T))

    @property
    def duration(self) -> float:
        return self.T

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        return ((t >= 0) & (t < self.T)).astype(float)

    def spectrum(self, omega):
        w = np.asarray(omega, dtype=float)
        out = np.full(w.shape, self.T, dtype=complex)
        nz = w != 0
        out[nz] = np.expm1(1j * w[nz] * self.T) / (1j * w[nz])
        return out


@dataclass(frozen=True)
class SmoothPulse(Pulse):
    """A pulse of total duration T with sin^2 ramps of length ``rise`` at both ends:
    j = sin^2(pi t/(2 rise)) for 0 < t < rise, 1 up to T - rise, then the mirror image.
    Integrating by parts, j(w) = (i/w) int j'(t) e^{i w t} dt, and with j' = (a/2) sin(a t)
    on the rising ramp (a = pi/rise),
    j(w) = (i/w) (a^2/2) (1 + e^{i w rise}) (1 - e^{i w (T - rise)}) / (a^2 - w^2);
    the removable points w = 0 (j(0) = T - rise) and w = a are handled as limits."""

    T: float
    rise: float

    def __post_init__(self):
        object.__setattr__(self, "T", require_positive("T", self.T))
        object.__setattr__(self, "rise", require_positive("rise", self.rise))
        if 2 * self.rise > self.T:
            raise ValueError(f"rise must be at most T/2, got rise={self.rise!r}, T={self.T!r}")

    @property
    def duration(self) -> float:
        return self.T

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        up = np.clip(t / self.rise, 0.0, 1.0)
        down = np.clip((self.T - t) / self.rise, 0.0, 1.0)
        return np.sin(0.5 * np.pi * np.minimum(up, down)) ** 2 * ((t > 0) & (t < self.T))

    def spectrum(self, omega):
        w = np.asarray(omega, dtype=float)
        tau, a = self.rise, np.pi / self.rise
        out = np.empty(w.shape, dtype=complex)
        zero = w == 0
        out[zero] = self.T - self.rise  # integral of j
        ww = w[~zero]
        near = np.abs(ww - a) < 1e-7 * a
        ws = np.where(near, 2.0 * a, ww)  # placeholder, replaced by the limit below
        ramp = 0.5 * a * a * (1 + np.exp(1j * ws * tau)) / (a**2 - ws**2)
        # at w = a: int_0^tau (a/2) sin(a t) e^{i a t} dt = i pi/4
        ramp = np.where(near, 0.25j * np.pi, ramp)
        ws = np.where(near, ww, ws)
        jprime = ramp * (1 - np.exp(1j * ws * (self.T - tau)))
        out[~zero] = 1j / ws * jprime
        return out


@dataclass(frozen=True)
class FunctionPulse(Pulse):
    """Any pulse given as a function of time, ``func(t) -> j(t)/j0`` (vectorized), that vanishes
    for t < 0 and t > ``duration``. Its spectrum is computed by :func:`synthesize` with the
    trapezoid rule on a time grid fine enough for the whole frequency window (spectrally
    accurate for a smooth pulse; give jumps to :class:`RectangularPulse` instead)."""

    func: Callable
    duration: float

    def __post_init__(self):
        object.__setattr__(self, "duration", require_positive("duration", self.duration))
        if not callable(self.func):
            raise TypeError(f"func must be a callable j(t), got {self.func!r}")

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        inside = (t >= 0) & (t <= self.duration)
        values = np.zeros(t.shape)
        values[inside] = np.asarray(self.func(t[inside]), dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError("the pulse function returned non-finite values")
        return values

    def spectrum(self, omega):
        return None


def numerical_spectrum(pulse: Pulse, grid: SynthesisGrid) -> np.ndarray:
    """j(w_k) = int j(t) e^{i w_k t} dt on the frequencies of ``grid`` by the trapezoid rule on
    t = n h, h = dt/m with m such that pi/h > 2 omega_max (no aliasing in the window), summed
    by one FFT of length m n_fft whose frequency step equals the grid's."""
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


@dataclass
class TimeTrace:
    """Velocities (units of j0/n) on a uniform time grid (hbar/hartree) for one geometry."""

    t: np.ndarray
    vc: np.ndarray
    vr: np.ndarray
    current: np.ndarray
    geometry: str
    kernel: str


@dataclass(frozen=True)
class SynthesisGrid:
    """Uniform frequency grid w_k = k dw (k = 0 .. floor(omega_max/dw)) whose FFT times are
    t_n = n dt exactly: the period 2 pi/dw equals n_fft dt."""

    dt: float
    n_fft: int
    omega_max: float

    @property
    def period(self) -> float:
        return self.n_fft * self.dt

    @property
    def domega(self) -> float:
        return 2.0 * math.pi / self.period

    @property
    def omega(self) -> np.ndarray:
        n = math.floor(self.omega_max / self.domega * (1 + 1e-12)) + 1
        return self.domega * np.arange(n)

    @property
    def times(self) -> np.ndarray:
        """t_n = n dt for n = -n_fft/2 .. n_fft/2 - 1 (hbar/hartree)."""
        return self.dt * (np.arange(self.n_fft) - self.n_fft // 2)


def slowest_rate(dyn: ImpurityDynamics, table: ElectronicTable) -> float:
    """A lower bound-like estimate of the slowest decay rate (hartree) of the coupled motion:
    the smallest of the c.m. friction rates and the Markovian kappas (Appendix E)."""
    P, Q = table(np.array([0.0]))
    imp = dyn.impurity
    rates = []
    for g in GEOMETRIES:
        a_c = (imp.Z1**2 + imp.Z2**2) / 3.0 * P[0] + 2.0 * imp.Z1 * imp.Z2 * Q[g][0]
        rates.append(-a_c.imag / imp.Mc)
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
    """Grid with time step ``dt`` whose period exceeds ``t_span`` plus ``decay_times`` decay
    times of the slowest mode, and frequencies up to ``omega_max`` (default: the table's)."""
    t_span = require_positive("t_span", t_span)
    dt = require_positive("dt", dt)
    omega_max = table.omega_max if omega_max is None else require_positive("omega_max", omega_max)
    if omega_max >= 2.0 * math.pi / dt:
        # the one-sided sum over w_k < 2 pi/dt maps onto one FFT of the time grid
        raise ValueError(f"omega_max={omega_max!r} must be below 2 pi/dt = {2 * math.pi / dt!r}")
    period = t_span + decay_times / slowest_rate(dyn, table)
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
    integrals directly at every frequency, the slow reference path)."""
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
