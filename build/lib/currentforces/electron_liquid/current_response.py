"""The current response of free electrons and its relation (B3) to the density response.

(B3) in the homogeneous limit: chi(q, w) = (q^2/w^2) [chi_jj(q, w) + n], with chi_jj the
longitudinal paramagnetic current response; the free-electron chi_jj is computed here from its
own occupied-state integral (closed form), independently of the Lindhard function.

Units: q in bohr^-1, omega in hartree, responses in bohr^-3 hartree^-1.
"""

from __future__ import annotations

import numpy as np

from ..core.inputs import require_finite_array, require_positive

__all__ = ["density_from_current_response", "free_current_response"]


def _pv_poly_over_linear(coeffs, a: np.ndarray, q: np.ndarray, kF: float) -> np.ndarray:
    """Principal value of a polynomial over a linear function on [-kF, kF].

    P int_{-kF}^{kF} P(x)/(a - q x) dx for the polynomial P (coefficients in increasing
    powers), by division: P(x) = S(x)(a - q x) + P(a/q).
    """
    x0 = a / q
    deg = len(coeffs) - 1
    # synthetic division of P(x) by (x - x0): P(x) = (x - x0) T(x) + P(x0); a - q x = -q (x - x0)
    t = [np.zeros_like(a) for _ in range(deg)]
    acc = np.full_like(a, coeffs[deg])
    for k in range(deg - 1, -1, -1):
        t[k] = acc
        acc = coeffs[k] + x0 * acc
    p_x0 = acc
    integral_t = np.zeros_like(a)
    for k, tk in enumerate(t):
        if k % 2 == 0:  # odd powers integrate to zero on the symmetric interval
            integral_t += tk * 2.0 * kF ** (k + 1) / (k + 1)
    log = np.log(np.abs((a + q * kF) / (a - q * kF)))
    return -integral_t / q + p_x0 * log / q


def free_current_response(q, omega, kF: float):
    """Longitudinal paramagnetic current-current response of free electrons.

    Longitudinal paramagnetic current-current response of free electrons, chi_jj(q, w)
    (complex, retarded; bohr^-3 hartree^-1 in units where j is a number current per bohr^2):

        chi_jj = (1/4 pi^2) int_{-kF}^{kF} dx (kF^2 - x^2) [ (x + q/2)^2/(w - q x - q^2/2 + i0)
                                                             - (x - q/2)^2/(w - q x + q^2/2 + i0) ],

    the occupied-state sum with k_par = x and the transverse momenta integrated. The principal
    values are done in closed form (polynomial division and a logarithm), the delta functions
    give Im chi_jj = (w/q)^2 Im chi_s. Independent of :func:`currentforces.electron_liquid.lindhard.lindhard`.
    Intended for w > 0 and q not much smaller than w/kF * 1e-3 (cancellation).
    """
    kF = require_positive("kF", kF)
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    q, omega = np.broadcast_arrays(q, omega)
    q = q.astype(float)
    omega = omega.astype(float)
    k2 = kF**2

    # (kF^2 - x^2)(x + s)^2 = -x^4 - 2 s x^3 + (k2 - s^2) x^2 + 2 s k2 x + k2 s^2
    def poly(s):
        return [k2 * s**2, 2 * s * k2, k2 - s**2, -2 * s, -1.0]

    re = _pv_poly_over_linear(poly(0.5 * q), omega - 0.5 * q**2, q, kF) - _pv_poly_over_linear(
        poly(-0.5 * q), omega + 0.5 * q**2, q, kF
    )
    x1 = (omega - 0.5 * q**2) / q
    x2 = (omega + 0.5 * q**2) / q
    w1 = np.where(np.abs(x1) < kF, k2 - x1**2, 0.0)
    w2 = np.where(np.abs(x2) < kF, k2 - x2**2, 0.0)
    im = -np.pi * (omega / q) ** 2 * (w1 - w2) / q  # the delta functions, before 1/(4 pi^2)
    return (re + 1j * im) / (4.0 * np.pi**2)


def density_from_current_response(q, omega, chi_jj, n: float):
    """(B3) in the homogeneous limit: chi(q, w) = (q^2/w^2) [chi_jj(q, w) + n].

    From (B3), chi = -(c/w^2) grad_i chi^_ij grad'_j, with both gradients acting to the right
    (grad' on the function of r' that follows, as in (B2) -> (B4)): in q-space (i q)(i q) = -q^2,
    so chi = (c q^2/w^2) chi^_L, and c chi^_L = chi_jj + n (paramagnetic plus diamagnetic
    current of electrons in a vector potential).
    """
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega, positive=True)
    n = require_positive("n", n)
    return q**2 / omega**2 * (np.asarray(chi_jj) + n)
