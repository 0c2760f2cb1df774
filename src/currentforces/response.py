"""The interacting density response of the HEG, Eq. (17):

    1/chi(q, omega) = 1/chi_s(q, omega) - 4 pi/q^2 - f_xc(q, omega),

i.e. chi = chi_s / (1 - (4 pi/q^2 + f_xc) chi_s). Units: q in bohr^-1, omega in hartree,
chi in bohr^-3 hartree^-1. Retarded: Im chi <= 0 for omega > 0.
"""

from __future__ import annotations

import numpy as np

from .kernels import XCKernel
from .lindhard import lindhard, lindhard_dimag_domega0, lindhard_static
from .validation import require_finite_array


def chi_interacting(q, omega, kernel: XCKernel):
    """chi(q, omega) of Eq. (17) (complex), broadcast over q and omega."""
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega)
    chi_s = lindhard(q, omega, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel(q, omega)
    return chi_s / (1.0 - v * chi_s)


def chi_static(q, kernel: XCKernel):
    """chi(q, 0) of Eq. (17) (real), the chi^h(q, 0) of Eqs. (9)-(11)."""
    q = require_finite_array("q", q, positive=True)
    chi_s = lindhard_static(q, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel.static(q)
    return chi_s / (1.0 - v * chi_s)


def chi_domega_at_zero(q, kernel: XCKernel):
    """d chi / d omega at omega = 0 (purely imaginary), the limit of (E1).

    Differentiating Eq. (17): chi' = (chi_s' + chi_s^2 f_xc') / (1 - v chi_s)^2 with
    v = 4 pi/q^2 + f_xc(q, 0), chi_s' = i d Im chi_s/d omega, f_xc' = d f_xc/d omega at 0.
    """
    q = require_finite_array("q", q, positive=True)
    chi_s = lindhard_static(q, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel.static(q)
    dchi_s = 1j * lindhard_dimag_domega0(q, kernel.gas.kF)
    return (dchi_s + chi_s**2 * kernel.domega_at_zero(q)) / (1.0 - v * chi_s) ** 2
