"""The Kohn-Sham response of the HEG: the retarded Lindhard function chi_s(q, omega) of Eq. (17).

Units: q in bohr^-1, omega in hartree, chi_s in bohr^-3 hartree^-1. Retarded means
omega -> omega + i0+, so Im chi_s <= 0 for omega > 0. The real part is the closed form of
Giuliani & Vignale (Ref. 17), the imaginary part its piecewise closed form; no complex logarithm
is evaluated, which avoids the branch pitfall that yields the advanced function.
"""

from __future__ import annotations

from math import comb

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_finite_array, require_positive


def _log_ratio(nu: np.ndarray) -> np.ndarray:
    """(1 - nu^2) ln abs((1 + nu)/(1 - nu)), continuous (-> 0) at abs(nu) = 1, accurate for large abs(nu)."""
    nu = np.asarray(nu, dtype=float)
    out = np.zeros_like(nu)
    inside = np.abs(nu) < 1.0
    outside = np.abs(nu) > 1.0
    out[inside] = (1.0 - nu[inside] ** 2) * 2.0 * np.arctanh(nu[inside])
    out[outside] = (1.0 - nu[outside] ** 2) * 2.0 * np.arctanh(1.0 / nu[outside])
    return out


_SERIES_MIN_NU = 6.0
_SERIES_TERMS = 12


def _bracket_series(z: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The bracket of Re chi_s for min abs(nu_pm) > 6, as a series in 1/nu free of cancellation.

    (1 - nu^2) 2 artanh(1/nu) = -2 nu + sum_k c_k nu^(1-2k), c_k = 4/((2k-1)(2k+1)); the -2 nu
    terms cancel the 1/2 exactly, and nu_+^-m + nu_-^-m = P_m / (nu_+ nu_-)^m with
    P_m = 2 sum_(j even) C(m, j) z^(m-j) u^j, a sum of positive terms.
    """
    prod = z**2 - u**2
    total = np.zeros_like(z)
    top = 2 * _SERIES_TERMS
    z_pow = [z**n for n in range(top)]  # each power once (the same values as z ** n inline)
    u_pow = [u**n for n in range(0, top, 2)]
    for k in range(1, _SERIES_TERMS + 1):
        m = 2 * k - 1
        p_m = sum(2.0 * comb(m, j) * z_pow[m - j] * u_pow[j // 2] for j in range(0, m + 1, 2))
        total += 4.0 / ((2 * k - 1) * (2 * k + 1)) * p_m / prod**m
    return total / (8.0 * z)


def _real(q: np.ndarray, omega: np.ndarray, kF: float) -> np.ndarray:
    """Re chi_s without input checks (q > 0 and finite values assumed)."""
    q, omega = np.broadcast_arrays(q, omega)
    z = q / (2.0 * kF)
    u = np.abs(omega) / (q * kF)
    far = np.minimum(np.abs(z - u), z + u) > _SERIES_MIN_NU
    near = ~far
    bracket = np.empty(q.shape)
    bracket[near] = 0.5 + (_log_ratio(z[near] - u[near]) + _log_ratio(z[near] + u[near])) / (
        8.0 * z[near]
    )
    bracket[far] = _bracket_series(z[far], u[far])
    return -(kF / np.pi**2) * bracket


def _imag(q: np.ndarray, omega: np.ndarray, kF: float) -> np.ndarray:
    """Im chi_s without input checks."""
    q, omega = np.broadcast_arrays(q, omega)
    w = np.abs(omega)
    low = q * kF - 0.5 * q**2
    high = q * kF + 0.5 * q**2
    out = np.zeros(q.shape)
    region1 = (q < 2.0 * kF) & (w <= low)
    region2 = (w >= np.abs(low)) & (w <= high) & ~region1
    out[region1] = -w[region1] / (2.0 * np.pi * q[region1])
    out[region2] = -(kF**2 - (0.5 * q[region2] - w[region2] / q[region2]) ** 2) / (
        4.0 * np.pi * q[region2]
    )
    return np.sign(omega) * out


def _complex(q: np.ndarray, omega: np.ndarray, kF: float) -> np.ndarray:
    """Retarded chi_s without input checks."""
    return _real(q, omega, kF) + 1j * _imag(q, omega, kF)


def _dimag_domega0(q: np.ndarray, kF: float) -> np.ndarray:
    """d Im chi_s / d omega at omega = 0 without input checks."""
    return np.where(q < 2.0 * kF, -1.0 / (2.0 * np.pi * q), 0.0)


def _checked(q, omega, kF):
    kF = require_positive("kF", kF)
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega)
    return q, omega, kF


def lindhard_real(q: ArrayLike, omega: ArrayLike, kF: float) -> np.ndarray:
    """Re chi_s(q, omega) (bohr^-3 hartree^-1); even in omega.

    Where both abs(nu_pm) are large (omega >> q kF, or q >> kF) the closed form loses digits to
    cancellation; there a convergent series in 1/nu is used instead (relative error < 1e-15).

    Parameters
    ----------
    q : array_like
        Wave vectors (bohr^-1), > 0.
    omega : array_like
        Frequencies (hartree), broadcast against ``q``.
    kF : float
        Fermi wave vector (bohr^-1).
    """
    return _real(*_checked(q, omega, kF))


def lindhard_imag(q: ArrayLike, omega: ArrayLike, kF: float) -> np.ndarray:
    """Im chi_s(q, omega) of the retarded function (bohr^-3 hartree^-1).

    Odd in omega and <= 0 for omega > 0: the piecewise closed form of the particle-hole
    continuum. Arguments as :func:`lindhard_real`.
    """
    return _imag(*_checked(q, omega, kF))


def lindhard(q: ArrayLike, omega: ArrayLike, kF: float) -> np.ndarray:
    """The retarded Lindhard function chi_s(q, omega), the Kohn-Sham response of Eq. (17).

    Parameters
    ----------
    q : array_like
        Wave vectors (bohr^-1), > 0.
    omega : array_like
        Real frequencies (hartree), broadcast against ``q``; retarded means omega + i0.
    kF : float
        Fermi wave vector (bohr^-1).

    Returns
    -------
    numpy.ndarray
        Complex chi_s (bohr^-3 hartree^-1), spin-summed; Im chi_s <= 0 for omega > 0.

    Examples
    --------
    >>> from currentforces import ElectronGas
    >>> kF = ElectronGas(2.0).kF
    >>> x = complex(lindhard(kF, 0.0, kF)).real * 3.141592653589793**2 / kF
    >>> round(x, 8)  # at q = kF: -(1/2 + (3/8) ln 3)
    -0.91197961
    """
    return _complex(*_checked(q, omega, kF))


def lindhard_static(q: ArrayLike, kF: float) -> np.ndarray:
    """chi_s(q, 0) = -(kF/pi^2)[1/2 + (1 - z^2)/(4z) ln abs((1+z)/(1-z))], z = q/2kF."""
    return lindhard_real(q, 0.0, kF)


def lindhard_dimag_domega0(q: ArrayLike, kF: float) -> np.ndarray:
    """d Im chi_s / d omega at omega = 0: -1/(2 pi q) for q < 2kF, 0 beyond (bohr^-3 hartree^-2).

    d Re chi_s / d omega vanishes at omega = 0 (Re chi_s is even).
    """
    kF = require_positive("kF", kF)
    return _dimag_domega0(require_finite_array("q", q, positive=True), kF)


def lindhard_real_quadrature(q: float, omega: float, kF: float) -> float:
    """Re chi_s(q, omega) from its integral over occupied states (a second method).

    Re chi_s(q, omega) from its integral over occupied states (a second, slow method):

        (1/(2 pi^2 q)) int_0^kF k [ ln abs((w - q^2/2 + kq)/(w - q^2/2 - kq))
                                  + ln abs((w + q^2/2 - kq)/(w + q^2/2 + kq)) ] dk,

    with QUADPACK told where the integrable logarithmic singularities lie. Scalars only.
    """
    from scipy.integrate import quad

    q, kF = require_positive("q", q), require_positive("kF", kF)
    omega = float(require_finite_array("omega", omega))
    a, b = omega - q * q / 2, omega + q * q / 2

    def integrand(k):
        # the tiny offsets keep the log finite on a singular node; their effect is < 1e-290
        return k * (
            np.log(abs((a + k * q) / (a - k * q + 1e-300)) + 1e-300)
            + np.log(abs((b - k * q) / (b + k * q + 1e-300)) + 1e-300)
        )

    singular = sorted(p for p in (abs(a) / q, abs(b) / q) if 0 < p < kF)
    val, _ = quad(integrand, 0, kF, points=singular or None, limit=200)
    return val / (2 * np.pi**2 * q)
