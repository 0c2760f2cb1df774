"""Exact constraints on a density response chi(q, omega), evaluated numerically with QUADPACK.

- f-sum rule: int_0^inf omega Im chi(q, omega) d omega = -pi n q^2 / 2 (chi_s, and any chi whose
  kernel is real at high frequency and Kramers-Kronig consistent);
- Kramers-Kronig: Re chi(q, omega) = (2/pi) P int_0^inf w Im chi(q, w)/(w^2 - omega^2) dw.

``chi`` is any callable chi(q, omega) -> complex (scalar arguments).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.integrate import quad

from ..core.inputs import require_positive


def _im(chi, q):
    return lambda w: float(np.imag(chi(q, w)))


def f_sum_residual(chi: Callable, q: float, n: float, kF: float) -> float:
    """Relative residual of the f-sum rule at wave vector q (bohr^-1): computed / exact - 1.

    The integral is split at the edges of the particle-hole continuum, abs(q kF - q^2/2) and
    q kF + q^2/2 (hartree), where Im chi_s has kinks, and continued to infinity (QAGI).
    """
    q, n, kF = require_positive("q", q), require_positive("n", n), require_positive("kF", kF)
    im = _im(chi, q)
    low, top = abs(q * kF - q * q / 2), q * kF + q * q / 2
    inner, _ = quad(lambda w: w * im(w), 0.0, top, points=[low], limit=500, epsabs=0, epsrel=1e-11)
    tail, _ = quad(lambda w: w * im(w), top, np.inf, limit=500, epsabs=0, epsrel=1e-11)
    return (inner + tail) / (-math.pi * n * q * q / 2) - 1.0


def kramers_kronig_residual(chi: Callable, q: float, omega: float, kF: float) -> float:
    """(Re chi from Kramers-Kronig - Re chi) / abs(chi) at (q, omega), omega > 0 (hartree).

    The principal value uses QUADPACK's Cauchy weight on [0, 4 (q kF + q^2/2)]; the rest of the
    half-line is a regular integral (QAGI).
    """
    q, omega, kF = (
        require_positive("q", q),
        require_positive("omega", omega),
        require_positive("kF", kF),
    )
    im = _im(chi, q)
    cut = max(4.0 * (q * kF + q * q / 2), 2.0 * omega)
    pv, _ = quad(
        lambda w: w * im(w) / (w + omega), 0.0, cut, weight="cauchy", wvar=omega, limit=500
    )
    tail, _ = quad(lambda w: w * im(w) / (w * w - omega * omega), cut, np.inf, limit=500)
    value = complex(chi(q, omega))
    return ((2.0 / math.pi) * (pv + tail) - value.real) / abs(value)
