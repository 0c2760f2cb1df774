"""The screened uniform field and the Drude relation of the HEG (Eqs. 4, 12 and A12).

- (A12) and the first term of Eqs. (4)-(5): the long-wavelength inverse dielectric function
  1 + (4 pi/q^2) chi(q, omega) -> omega^2/(omega^2 - omega_p^2), with its O(q^2) coefficient
  omega_p^2 [(3/5) kF^2 + n f_xc(0, omega)] / (omega^2 - omega_p^2)^2.
- (12): the induced number current of the HEG per unit external field, -i omega chi / q^2
  (continuity), and the proper conductivity, both as q -> 0.
- The high-frequency (third-moment) expansion of chi and the perfect-screening coefficient.

Hartree atomic units: q in bohr^-1, omega in hartree, chi in bohr^-3 hartree^-1. Electrons have
charge -1; every current here is an electron *number* current unless said otherwise.
"""

from __future__ import annotations

import numpy as np

from ..core.inputs import require_finite_array, require_positive
from .kernels import XCKernel
from .response import chi_interacting

__all__ = [
    "drude_current_factor",
    "high_frequency_coefficient",
    "inverse_dielectric",
    "number_current_per_field",
    "perfect_screening_coefficient",
    "proper_conductivity",
    "q2_extrapolation",
    "screened_field_factor",
    "screened_field_q2_coefficient",
]


def inverse_dielectric(q, omega, kernel: XCKernel):
    """The inverse dielectric function 1/epsilon(q, omega) = 1 + (4 pi/q^2) chi.

    1/epsilon(q, omega) = 1 + (4 pi/q^2) chi(q, omega) (dimensionless, complex): the total
    longitudinal field per unit external field, E(q, w) = E_ext(q, w)/epsilon (Poisson).
    """
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    return 1.0 + 4.0 * np.pi / q**2 * chi_interacting(q, omega, kernel)


def screened_field_factor(omega, omega_p: float):
    """omega^2/(omega^2 - omega_p^2) of (A12) and the first term of Eqs. (4)-(5)."""
    omega = require_finite_array("omega", omega, positive=True)
    omega_p = require_positive("omega_p", omega_p)
    if np.any(np.isclose(omega, omega_p, rtol=1e-12, atol=0)):
        raise ValueError(f"omega must differ from the plasma frequency {omega_p!r}")
    return omega**2 / (omega**2 - omega_p**2)


def screened_field_q2_coefficient(omega, kernel: XCKernel, q_small: float = 1e-8):
    """c2 in 1/epsilon(q, w) = w^2/(w^2 - w_p^2) + c2 q^2 + O(q^4) (bohr^2, complex).

    Expanding Eq. (17) with chi_s = (n q^2/w^2)[1 + (3/5) kF^2 q^2/w^2 + O(q^4)] at fixed w
    (outside the particle-hole continuum) gives c2 = w_p^2 [(3/5) kF^2 + n f_xc(0, w)] /
    (w^2 - w_p^2)^2: the RPA plasmon dispersion term plus the long-wavelength kernel (f_GK(w)
    for MCP07, evaluated at q = ``q_small``).
    """
    omega = require_finite_array("omega", omega, positive=True)
    gas = kernel.gas
    wp2 = gas.omega_p**2
    f0w = kernel(np.full(omega.shape, q_small), omega)
    return wp2 * (0.6 * gas.kF**2 + gas.n * f0w) / (omega**2 - wp2) ** 2


def q2_extrapolation(q, values, degree: int = 3):
    """Extrapolation to q = 0 by a least-squares polynomial in q^2.

    Least-squares polynomial in q^2 of ``degree`` through ``values`` (complex, shape q.shape);
    returns (value at q = 0, coefficient of q^2). The q -> 0 limits of the chapter.
    """
    q = require_finite_array("q", q, positive=True)
    values = np.asarray(values, dtype=complex)
    if values.shape != q.shape:
        raise ValueError("values must have the shape of q")
    if int(degree) < 1 or q.size <= degree:
        raise ValueError(
            f"degree must be >= 1 and smaller than the number of q points, got {degree!r}"
        )
    x = q**2 / np.max(q**2)
    A = np.vander(x, int(degree) + 1, increasing=True)
    coef, *_ = np.linalg.lstsq(A.astype(complex), values, rcond=None)
    return coef[0], coef[1] / np.max(q**2)


def number_current_per_field(q, omega, kernel: XCKernel):
    """Longitudinal induced electron number current per unit external field (bohr^-2 ...

    in a.u.: j/E_ext), -i w chi(q, w)/q^2.

    The external potential energy of an electron in E_ext e^{iqx} is -i E_ext/q (charge -1), the
    induced density chi times it, and continuity (-i w dn + i q j = 0) gives j = (w/q) dn.
    """
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    return -1j * omega * chi_interacting(q, omega, kernel) / q**2


def proper_conductivity(q, omega, kernel: XCKernel):
    """Number current per unit *total* (screened) field, j/E = (-i w chi/q^2)/(1 + 4 pi chi/q^2).

    For q -> 0 it must be the free-electron (Drude) value n/(i w) = -i n/w: electrons of charge
    -1 and mass 1 obey -i w v = -E. (The electric current density is minus this: sigma = i n/w.)
    """
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    return number_current_per_field(q, omega, kernel) / inverse_dielectric(q, omega, kernel)


def drude_current_factor(omega, omega_p: float, current: str = "number"):
    """The current of the HEG per unit uniform external field, Eq. (12).

    j/E_ext of the HEG for a uniform field: Eq. (12) as printed for ``current='charge'``,
    +i w w_p^2/(4 pi (w^2 - w_p^2)); for ``current='number'`` (the electron number current) the
    opposite sign. Both follow from sigma * w^2/(w^2 - w_p^2) with sigma = +-i n/w.
    """
    if current not in ("number", "charge"):
        raise ValueError(f"current must be 'number' or 'charge', got {current!r}")
    omega = require_finite_array("omega", omega, positive=True)
    omega_p = require_positive("omega_p", omega_p)
    sign = 1.0 if current == "charge" else -1.0
    return sign * 1j * omega * omega_p**2 / (4.0 * np.pi * (omega**2 - omega_p**2))


def high_frequency_coefficient(q, omega, kernel: XCKernel):
    """The expected high-frequency coefficient of the paramagnetic current response.

    The expected lim w^2 [(w^2/q^2) chi(q, w) - n] (bohr^-3 hartree^2, complex):
    n [w_p^2 + (3/5) kF^2 q^2 + q^4/4 + n q^2 f_xc(q, w)], from the third-moment expansion
    chi_s = n q^2/w^2 + n q^2 [(3/5) kF^2 q^2 + q^4/4]/w^4 + O(w^-6) in Eq. (17).
    The paramagnetic current response (w^2/q^2) chi - n of (B3) thus vanishes as 1/w^2 (f-sum).
    """
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    gas = kernel.gas
    f = kernel(q, omega)
    return gas.n * (gas.omega_p**2 + 0.6 * gas.kF**2 * q**2 + 0.25 * q**4 + gas.n * q**2 * f)


def perfect_screening_coefficient(kernel: XCKernel) -> float:
    """The coefficient a of perfect screening, -4 pi chi(q, 0)/q^2 = 1 + a q^2.

    a in -4 pi chi(q, 0)/q^2 = 1 + a q^2 + O(q^4) (bohr^2): a = (1/chi_s(0) - f_xc(0, 0))/(4 pi)
    = -(pi^2/kF + f0)/(4 pi) = -1/k_s^2 (k_s the screening wave vector; k_TF for RPA).
    """
    gas = kernel.gas
    f0 = float(kernel.static(np.array([1e-8]))[0])
    return (-(np.pi**2) / gas.kF - f0) / (4.0 * np.pi)
