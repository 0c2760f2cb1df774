"""Electronic friction on a single slow nucleus in the HEG (the stopping of slow ions).

The force Z E (Eq. 5, last term) plus the third term of Eq. (7) on one nucleus displaced by dR
at frequency w is -(8 Z^2/3) int dq [chi(q, w) - chi(q, 0)] dR (the static parts cancel); with
dR = i V/w its imaginary part is the friction force -gamma V. At w -> 0 the coefficient is
-(8 Z^2/3) int_0^inf dq Im d chi/d w|_0, the (Z1^2 + Z2^2)/3 term of (D7).

Units: gamma in hartree/bohr^2 per bohr/(hbar/hartree), i.e. atomic units of mass/time.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import quad

from ..core.inputs import require_positive
from ..core.quadrature import QGrid, continuum_edges, q_grid
from ..electron_liquid.kernels import XCKernel
from ..electron_liquid.lindhard import _dimag_domega0
from ..electron_liquid.lindhard import _real as _lindhard_real
from ..electron_liquid.response import _difference_quotient

__all__ = ["friction_coefficient", "friction_parts", "rpa_friction_closed_form"]


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


def friction_parts(
    kernel: XCKernel,
    Z: float = 1.0,
    static_kernel: XCKernel | None = None,
    local: bool = False,
    grid: QGrid | None = None,
) -> dict[str, float]:
    """The linear-response friction split into its Kohn-Sham and dynamic-xc parts (a.u.).

    At omega -> 0, Im chi = [Im chi_s + chi_s^2 Im f_xc]/eps^2 with eps = 1 - chi_s (4 pi/q^2 +
    f_xc(q, 0)) real, so that gamma = -(8 Z^2/3) int dq Im d chi/d omega splits into

    - ``kohn_sham`` = -(8 Z^2/3) int dq (d Im chi_s/d omega)/eps^2: the friction of independent
      electrons in the linearly screened potential (the Born limit of the phase-shift formula);
    - ``dynamic`` = -(8 Z^2/3) int dq chi_s^2 (d Im f_xc/d omega)/eps^2: the viscous part.

    Parameters
    ----------
    kernel : XCKernel
        The kernel whose frequency dependence (d Im f_xc/d omega at omega = 0) enters.
    Z : float
        Nuclear charge (e).
    static_kernel : XCKernel, optional
        The kernel whose static part screens (default ``kernel``): the ALDA kernel is the
        linearization of an LDA ground state.
    local : bool
        If True, the dynamic part uses the q -> 0 slope of ``kernel`` at every q
        (:meth:`XCKernel.long_wavelength_slope`), the homogeneous limit of a local viscosity.
    grid : QGrid, optional
        The q rule (default as :func:`friction_coefficient`).

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("mcp07", 2.0)
    >>> parts = friction_parts(k)
    >>> abs(parts["total"] / friction_coefficient(k) - 1) < 1e-12
    True
    """
    Z = require_positive("Z", Z)
    static_kernel = kernel if static_kernel is None else static_kernel
    if not isinstance(static_kernel, XCKernel) or static_kernel.gas != kernel.gas:
        raise ValueError("static_kernel must be an XCKernel of the same electron gas as kernel")
    kF = kernel.gas.kF
    if grid is None:
        # a local (q-independent) slope leaves a tail chi_s^2 ~ (4 n/q^2)^2: cut at 64 kF it is
        # ~ (8/64)^3 of its share beyond 8 kF (2e-3 of the dynamic part at rs = 2), i.e. < 1e-5
        grid = q_grid(kF, 10.0, 64.0 if local else 8.0, 8, 1, continuum_edges(kF, 0.0))
    q = grid.nodes
    chi_s = _lindhard_real(q, 0.0, kF)
    eps = 1.0 - chi_s * (4.0 * np.pi / q**2 + static_kernel._static(q))
    if local:
        slope = np.full_like(
            q, float(kernel.long_wavelength_slope(kernel.gas.rs, kernel.correlation))
        )
    else:
        slope = np.imag(kernel._domega(q))
    pre = -(8.0 * Z**2 / 3.0)
    ks = pre * float(grid.weights @ (_dimag_domega0(q, kF) / eps**2))
    dyn = pre * float(grid.weights @ (chi_s**2 * slope / eps**2)) + 0.0  # no -0.0 for S = 0
    return {"kohn_sham": ks, "dynamic": dyn, "total": ks + dyn}


def rpa_friction_closed_form(kF: float, Z: float = 1.0) -> float:
    """The RPA friction coefficient from Lindhard's low-velocity stopping formula.

    gamma = (4 Z^2 / 3 pi) int_0^{2 kF} dq / (q eps(q, 0)^2), eps = 1 - (4 pi/q^2) chi_s(q, 0),
    integrated with QUADPACK: an independent route to :func:`friction_coefficient` for RPA, with
    its own (scalar) static Lindhard function chi_s(q, 0) = -(kF/pi^2) [1/2 + (1 - x^2)/(4x)
    ln|(1 + x)/(1 - x)|], x = q/2kF.

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
        x = q / (2.0 * kF)
        shape = (
            0.5 if x == 1.0 else 0.5 + (1.0 - x * x) / (4.0 * x) * math.log(abs((1 + x) / (1 - x)))
        )
        eps = 1.0 + 4.0 * kF * shape / (math.pi * q * q)
        return 1.0 / (q * eps**2)

    return 4 * Z**2 / (3 * np.pi) * quad(integrand, 0.0, 2 * kF, limit=200)[0]
