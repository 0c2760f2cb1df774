"""Electronic friction on a single slow nucleus in the HEG (the stopping of slow ions).

The force Z E (Eq. 5, last term) plus the third term of Eq. (7) on one nucleus displaced by dR
at frequency w is -(8 Z^2/3) int dq [chi(q, w) - chi(q, 0)] dR (the static parts cancel); with
dR = i V/w its imaginary part is the friction force -gamma V. At w -> 0 the coefficient is
-(8 Z^2/3) int_0^inf dq Im d chi/d w|_0, the (Z1^2 + Z2^2)/3 term of (D7).

Units: gamma in hartree/bohr^2 per bohr/(hbar/hartree), i.e. atomic units of mass/time.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad

from ..core.inputs import require_positive
from ..core.quadrature import QGrid, continuum_edges, q_grid
from ..electron_liquid.kernels import XCKernel
from ..electron_liquid.lindhard import _real as _lindhard_real
from ..electron_liquid.response import _difference_quotient

__all__ = ["friction_coefficient", "rpa_friction_closed_form"]


def friction_coefficient(
    kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid: QGrid | None = None
) -> float:
    """Friction coefficient gamma(w) of one nucleus of charge Z (atomic units of mass/time).

    gamma(w) = -(8 Z^2/3) Im int dq [chi(q, w) - chi(q, 0)]/w, with the omega -> 0 limit
    -(8 Z^2/3) int dq Im d chi/d w|_0 (the low-velocity stopping power per unit velocity).

    Parameters
    ----------
    kernel : XCKernel
        The exchange-correlation kernel of chi.
    Z : float
        Nuclear charge (e).
    omega : float
        Frequency (hartree), >= 0.
    grid : QGrid, optional
        The q rule; default: up to 8 kF, cut at the edges of the particle-hole continuum.

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> g = friction_coefficient(make_kernel("rpa", 2.0))
    >>> abs(g / rpa_friction_closed_form(make_kernel("rpa", 2.0).gas.kF) - 1) < 1e-7
    True
    """
    Z = require_positive("Z", Z)
    omega = require_positive("omega", omega, allow_zero=True)
    if grid is None:
        grid = q_grid(kernel.gas.kF, 10.0, 8.0, 8, 1, continuum_edges(kernel.gas.kF, omega))
    ratio = _difference_quotient(grid.nodes, omega, kernel)
    return float(-(8.0 * Z**2 / 3.0) * np.imag(grid.weights @ ratio))


def rpa_friction_closed_form(kF: float, Z: float = 1.0) -> float:
    """The RPA friction coefficient from Lindhard's low-velocity stopping formula.

    gamma = (4 Z^2 / 3 pi) int_0^{2 kF} dq / (q eps(q, 0)^2), eps = 1 - (4 pi/q^2) chi_s(q, 0),
    integrated with QUADPACK (an independent route to :func:`friction_coefficient` for RPA).

    Parameters
    ----------
    kF : float
        Fermi wave vector (bohr^-1).
    Z : float
        Nuclear charge (e).
    """
    kF = require_positive("kF", kF)
    Z = require_positive("Z", Z)

    def integrand(q: float) -> float:
        eps = 1.0 - 4 * np.pi / q**2 * float(_lindhard_real(np.array([q]), 0.0, kF)[0])
        return 1.0 / (q * eps**2)

    return 4 * Z**2 / (3 * np.pi) * quad(integrand, 0.0, 2 * kF, limit=200)[0]
