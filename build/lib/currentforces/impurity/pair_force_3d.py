"""The force between two screened charges as a three-dimensional q-space integral, Eq. (C5).

(C5) as printed:  F_alpha = -(4 pi)^2 Z1 Z2/(2 pi)^3 int i q/q^4 chi(q,0) exp(-i s d.q) d^3q
                            - grad_d Z1 Z2/d,                 with s = +1,
where d = R_alpha - R_beta (the Coulomb term then pushes alpha away from beta). Carrying out the
r and r' integrals of (C4) gives exp(+i d.q), i.e. s = -1. :func:`force_c5_direct` evaluates the
3D integral for either sign, on a product rule (the radial q rule times
:func:`currentforces.core.quadrature.sphere_rule`), without using the angular identity that turns it
into Eq. (10).
"""

from __future__ import annotations

import math

import numpy as np

from ..core.inputs import require_positive
from ..core.quadrature import QGrid, sphere_rule

__all__ = ["force_c5_direct"]


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

    Parameters
    ----------
    d : float
        Separation (bohr).
    chi_nodes : numpy.ndarray
        chi(q, 0) on ``grid.nodes`` (bohr^-3 hartree^-1).
    grid : QGrid
        The radial q rule.
    Z1, Z2 : float
        Nuclear charges (e).
    exponent_sign : {+1, -1}
        +1 is (C5) as printed, exp(-i d.q); -1 is exp(+i d.q).
    n_mu, n_phi : int
        Nodes of the sphere rule in cos(theta) and phi.

    Returns
    -------
    numpy.ndarray
        The (x, y, z) components, complex: the imaginary part measures the quadrature's error,
        the exact result is real.
    """
    d = require_positive("d", d)
    if exponent_sign not in (1, -1):
        raise ValueError(f"exponent_sign must be +1 or -1, got {exponent_sign!r}")
    units, w_sphere = sphere_rule(n_mu, n_phi)
    phase = np.exp(-1j * exponent_sign * d * np.multiply.outer(grid.nodes, units[:, 2]))
    # d^3q = q^2 dq dOmega; integrand i q_vec / q^4 chi e^{...}
    radial = grid.weights * chi_nodes / grid.nodes
    integral = 1j * ((radial @ phase) * w_sphere) @ units
    prefactor = -((4.0 * math.pi) ** 2) * Z1 * Z2 / (2.0 * math.pi) ** 3
    coulomb = np.array([0.0, 0.0, Z1 * Z2 / d**2])
    return prefactor * integral + coulomb
