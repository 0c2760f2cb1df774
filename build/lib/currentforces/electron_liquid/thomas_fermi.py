"""The Thomas-Fermi response of the HEG and the closed forms it gives in Eqs. (10)-(11).

With chi_TF(q) = -k_TF^2 q^2 / (4 pi (q^2 + k_TF^2)), k_TF^2 = 4 kF / pi, Eq. (11) must give the
Yukawa potential Z1 Z2 exp(-k_TF d)/d exactly: a test of the prefactor 8 of Eqs. (10)-(11).
"""

from __future__ import annotations

import math

import numpy as np

from ..core.inputs import require_positive

__all__ = ["thomas_fermi_chi", "yukawa_energy", "yukawa_force"]


def thomas_fermi_chi(q, kF: float) -> np.ndarray:
    """Thomas-Fermi static response chi_TF(q) (bohr^-3 hartree^-1) for q in bohr^-1.

    chi_TF = -k_TF^2 q^2 / (4 pi (q^2 + k_TF^2)), k_TF^2 = 4 kF / pi.
    """
    k2 = 4.0 * require_positive("kF", kF) / math.pi
    q = np.asarray(q, dtype=float)
    return -k2 * q**2 / (4.0 * math.pi * (q**2 + k2))


def yukawa_energy(d, kF: float, Z1: float = 1.0, Z2: float = 1.0) -> np.ndarray:
    """Z1 Z2 exp(-k_TF d)/d (hartree) at separations ``d`` (bohr)."""
    k_tf = math.sqrt(4.0 * require_positive("kF", kF) / math.pi)
    d = np.asarray(d, dtype=float)
    return Z1 * Z2 * np.exp(-k_tf * d) / d


def yukawa_force(d, kF: float, Z1: float = 1.0, Z2: float = 1.0) -> np.ndarray:
    """-d/dd of :func:`yukawa_energy`: Z1 Z2 exp(-k d)(1 + k d)/d^2 (hartree/bohr)."""
    k_tf = math.sqrt(4.0 * require_positive("kF", kF) / math.pi)
    d = np.asarray(d, dtype=float)
    return Z1 * Z2 * np.exp(-k_tf * d) * (1.0 + k_tf * d) / d**2
