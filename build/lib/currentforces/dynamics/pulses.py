"""Current pulses j(t)/j0 and their Fourier transforms j(w) = int j(t) e^{i w t} dt.

Time in hbar/hartree, frequency in hartree; the current in units of its plateau value j0, so
that the velocities of the impurity come out in units of the drift velocity j0/n.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_positive

__all__ = ["FunctionPulse", "Pulse", "RectangularPulse", "SmoothPulse"]


class Pulse:
    """A current pulse j(t)/j0 with its Fourier transform j(w) = int j(t) e^{i w t} dt.

    Subclasses give ``duration`` (hbar/hartree), ``__call__(t)`` (vectorized) and
    ``spectrum(omega)`` (None if the synthesis is to transform the pulse numerically).
    """

    duration: float

    def __call__(self, t: ArrayLike) -> np.ndarray:
        """j(t)/j0 at times ``t`` (hbar/hartree)."""
        raise NotImplementedError

    def spectrum(self, omega: ArrayLike) -> np.ndarray | None:
        """j(omega) = int j(t) e^{i omega t} dt (hbar/hartree), or None if not analytic."""
        raise NotImplementedError


@dataclass(frozen=True)
class RectangularPulse(Pulse):
    """The rectangular pulse of Eq. (16): j(t) = j0 [H(T - t) - H(-t)], on for 0 <= t < T.

    j(w) = (e^{i w T} - 1)/(i w).

    Parameters
    ----------
    T : float
        Duration (hbar/hartree).

    Examples
    --------
    >>> p = RectangularPulse(100.0)
    >>> p([-1.0, 0.0, 99.0, 100.0]).tolist(), complex(p.spectrum(0.0)).real
    ([0.0, 1.0, 1.0, 0.0], 100.0)
    """

    T: float

    def __post_init__(self):
        object.__setattr__(self, "T", require_positive("T", self.T))

    @property
    def duration(self) -> float:
        """Duration T of the pulse (hbar/hartree)."""
        return self.T

    def __call__(self, t: ArrayLike) -> np.ndarray:
        """j(t)/j0: 1 for 0 <= t < T, else 0."""
        t = np.asarray(t, dtype=float)
        return ((t >= 0) & (t < self.T)).astype(float)

    def spectrum(self, omega: ArrayLike) -> np.ndarray:
        """j(omega) = (e^{i omega T} - 1)/(i omega), T at omega = 0 (hbar/hartree)."""
        w = np.asarray(omega, dtype=float)
        out = np.full(w.shape, self.T, dtype=complex)
        nz = w != 0
        out[nz] = np.expm1(1j * w[nz] * self.T) / (1j * w[nz])
        return out


@dataclass(frozen=True)
class SmoothPulse(Pulse):
    """A pulse of duration T with sin^2 ramps of length ``rise`` at both ends.

    A pulse of total duration T with sin^2 ramps of length ``rise`` at both ends:
    j = sin^2(pi t/(2 rise)) for 0 < t < rise, 1 up to T - rise, then the mirror image.
    Integrating by parts, j(w) = (i/w) int j'(t) e^{i w t} dt, and with j' = (a/2) sin(a t)
    on the rising ramp (a = pi/rise),
    j(w) = (i/w) (a^2/2) (1 + e^{i w rise}) (1 - e^{i w (T - rise)}) / (a^2 - w^2);
    the removable points w = 0 (j(0) = T - rise) and w = a are handled as limits.

    Examples
    --------
    >>> p = SmoothPulse(1000.0, 100.0)
    >>> complex(p.spectrum(0.0)).real  # int j dt = T - rise
    900.0
    >>> p([50.0, 500.0]).round(12).tolist()  # half-way up the ramp, then on
    [0.5, 1.0]
    """

    T: float
    rise: float

    def __post_init__(self):
        object.__setattr__(self, "T", require_positive("T", self.T))
        object.__setattr__(self, "rise", require_positive("rise", self.rise))
        if 2 * self.rise > self.T:
            raise ValueError(f"rise must be at most T/2, got rise={self.rise!r}, T={self.T!r}")

    @property
    def duration(self) -> float:
        """Duration T of the pulse (hbar/hartree)."""
        return self.T

    def __call__(self, t: ArrayLike) -> np.ndarray:
        """j(t)/j0 with the sin^2 ramps."""
        t = np.asarray(t, dtype=float)
        up = np.clip(t / self.rise, 0.0, 1.0)
        down = np.clip((self.T - t) / self.rise, 0.0, 1.0)
        return np.sin(0.5 * np.pi * np.minimum(up, down)) ** 2 * ((t > 0) & (t < self.T))

    def spectrum(self, omega: ArrayLike) -> np.ndarray:
        """j(omega) in closed form (class docstring), T - rise at omega = 0 (hbar/hartree)."""
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
    """Any pulse given as a function of time, transformed numerically.

    Any pulse given as a function of time, ``func(t) -> j(t)/j0`` (vectorized), that vanishes
    for t < 0 and t > ``duration``. Its spectrum is computed by :func:`synthesize` with the
    trapezoid rule on a time grid fine enough for the whole frequency window (spectrally
    accurate for a smooth pulse; give jumps to :class:`RectangularPulse` instead).

    Examples
    --------
    >>> import numpy as np
    >>> p = FunctionPulse(lambda t: np.sin(np.pi * t / 1000.0) ** 2, 1000.0)
    >>> p([500.0, 2000.0]).tolist()
    [1.0, 0.0]
    """

    func: Callable
    duration: float

    def __post_init__(self):
        object.__setattr__(self, "duration", require_positive("duration", self.duration))
        if not callable(self.func):
            raise TypeError(f"func must be a callable j(t), got {self.func!r}")

    def __call__(self, t: ArrayLike) -> np.ndarray:
        """j(t)/j0 from ``func`` inside [0, duration], 0 outside; non-finite values raise."""
        t = np.asarray(t, dtype=float)
        inside = (t >= 0) & (t <= self.duration)
        values = np.zeros(t.shape)
        values[inside] = np.asarray(self.func(t[inside]), dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError("the pulse function returned non-finite values")
        return values

    def spectrum(self, omega: ArrayLike) -> None:
        """None: :func:`currentforces.synthesize` transforms the pulse numerically."""
        return None
