"""Appendix C re-derived numerically: Eq. (C5) as a vector integral over all of q-space,
compared with its angular reduction, Eq. (10).

(C5) as printed:  F_alpha = -(4 pi)^2 Z1 Z2/(2 pi)^3 int i q/q^4 chi(q,0) exp(-i s d.q) d^3q
                            - grad_d Z1 Z2/d,                 with s = +1,
where d = R_alpha - R_beta (the Coulomb term then pushes alpha away from beta). Carrying out the
r and r' integrals of (C4) gives exp(+i d.q), i.e. s = -1. :func:`force_c5_direct` evaluates the
3D integral for either sign, on a product rule (Gauss-Legendre in q and cos(theta), the periodic
trapezoid rule in phi), without using the angular identity that turns it into Eq. (10).
"""

from __future__ import annotations

import math

import numpy as np

from .quadrature import QGrid
from .validation import require_positive


def force_c5_direct(
    d: float,
    chi_nodes: np.ndarray,
    grid: QGrid,
    Z1: float = 1.0,
    Z2: float = 1.0,
    exponent_sign: int = +1,
    n_mu: int = 256,
    n_phi: int = 8,
) -> np.ndarray:
    """Force vector (hartree/bohr) on nucleus alpha from Eq. (C5), d along +z.

    ``exponent_sign=+1`` is (C5) as printed, exp(-i d.q); ``-1`` is exp(+i d.q).
    ``chi_nodes`` is chi(q, 0) on ``grid.nodes``. Returns the (x, y, z) components (complex:
    the imaginary part measures the quadrature's error, the exact result is real).
    """
    d = require_positive("d", d)
    if exponent_sign not in (1, -1):
        raise ValueError(f"exponent_sign must be +1 or -1, got {exponent_sign!r}")
    mu, w_mu = np.polynomial.legendre.leggauss(n_mu)
    phi = 2.0 * math.pi * np.arange(n_phi) / n_phi
    w_phi = 2.0 * math.pi / n_phi
    q = grid.nodes[:, None, None]
    m = mu[None, :, None]
    p = phi[None, None, :]
    sin_t = np.sqrt(1.0 - m**2)
    unit = (sin_t * np.cos(p), sin_t * np.sin(p), m * np.ones_like(p))
    phase = np.exp(-1j * exponent_sign * q * d * m)
    # d^3q = q^2 dq dmu dphi; integrand i q_vec / q^4 chi e^{...}
    radial = (grid.weights * chi_nodes / grid.nodes)[:, None, None]
    weight = radial * w_mu[None, :, None] * w_phi
    integral = np.array([np.sum(1j * u * phase * weight) for u in unit])
    prefactor = -((4.0 * math.pi) ** 2) * Z1 * Z2 / (2.0 * math.pi) ** 3
    coulomb = np.array([0.0, 0.0, Z1 * Z2 / d**2])
    return prefactor * integral + coulomb


def thomas_fermi_chi(q, kF: float):
    """Thomas-Fermi static response chi_TF(q) = -k_TF^2 q^2 / (4 pi (q^2 + k_TF^2)),
    k_TF^2 = 4 kF / pi (bohr^-3 hartree^-1). In Eq. (11) it must give Z1 Z2 exp(-k_TF d)/d."""
    k2 = 4.0 * require_positive("kF", kF) / math.pi
    q = np.asarray(q, dtype=float)
    return -k2 * q**2 / (4.0 * math.pi * (q**2 + k2))


def yukawa_energy(d, kF: float, Z1: float = 1.0, Z2: float = 1.0):
    """Z1 Z2 exp(-k_TF d)/d (hartree), the closed form Eq. (11) must reproduce for chi_TF."""
    k_tf = math.sqrt(4.0 * kF / math.pi)
    d = np.asarray(d, dtype=float)
    return Z1 * Z2 * np.exp(-k_tf * d) / d


def yukawa_force(d, kF: float, Z1: float = 1.0, Z2: float = 1.0):
    """-d/dd of :func:`yukawa_energy`: Z1 Z2 exp(-k d)(1 + k d)/d^2 (hartree/bohr)."""
    k_tf = math.sqrt(4.0 * kF / math.pi)
    d = np.asarray(d, dtype=float)
    return Z1 * Z2 * np.exp(-k_tf * d) * (1.0 + k_tf * d) / d**2
