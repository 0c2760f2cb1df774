"""The interacting density response of the HEG, Eq. (17) of the paper.

The interacting density response of the HEG, Eq. (17) of the paper:

    1/chi(q, omega) = 1/chi_s(q, omega) - 4 pi/q^2 - f_xc(q, omega),

i.e. chi = chi_s / (1 - (4 pi/q^2 + f_xc) chi_s). Units: q in bohr^-1, omega in hartree,
chi in bohr^-3 hartree^-1. Retarded: Im chi <= 0 for omega > 0.

The public functions check their arguments once; the underscored ones, used in the inner loops
of the dynamics, do not.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_finite_array
from . import lindhard as _ks
from .kernels import XCKernel

__all__ = ["chi_difference_quotient", "chi_domega_at_zero", "chi_interacting", "chi_static"]


def _chi(q: np.ndarray, omega: np.ndarray, kernel: XCKernel) -> np.ndarray:
    chi_s = _ks._complex(q, omega, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel._dynamic(q, omega)
    return chi_s / (1.0 - v * chi_s)


def _chi_static(q: np.ndarray, kernel: XCKernel) -> np.ndarray:
    chi_s = _ks._real(q, 0.0, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel._static(q)
    return chi_s / (1.0 - v * chi_s)


def _dchi_domega0(q: np.ndarray, kernel: XCKernel) -> np.ndarray:
    chi_s = _ks._real(q, 0.0, kernel.gas.kF)
    v = 4.0 * np.pi / q**2 + kernel._static(q)
    dchi_s = 1j * _ks._dimag_domega0(q, kernel.gas.kF)
    return (dchi_s + chi_s**2 * kernel._domega(q)) / (1.0 - v * chi_s) ** 2


def _difference_quotient(q: np.ndarray, omega: float, kernel: XCKernel) -> np.ndarray:
    return _difference_quotients(q, np.full(q.shape, float(omega)), kernel)


def _difference_quotients(q: np.ndarray, omega: np.ndarray, kernel: XCKernel) -> np.ndarray:
    """[chi(q, w) - chi(q, 0)]/w elementwise over equal-shape ``q`` and ``omega``."""
    out = np.empty(q.shape, dtype=complex)
    zero = omega == 0
    if np.any(zero):
        out[zero] = _dchi_domega0(q[zero], kernel)
    nz = ~zero
    if np.any(nz):
        qn, wn = q[nz], np.abs(omega[nz])
        ratio = (_chi(qn, wn, kernel) - _chi_static(qn, kernel)) / wn
        out[nz] = np.where(omega[nz] < 0, -np.conj(ratio), ratio)
    return out


def chi_interacting(q: ArrayLike, omega: ArrayLike, kernel: XCKernel) -> np.ndarray:
    """The interacting response chi(q, omega) of Eq. (17), complex and retarded.

    Parameters
    ----------
    q : array_like
        Wave vectors (bohr^-1), > 0.
    omega : array_like
        Frequencies (hartree), broadcast against ``q``.
    kernel : XCKernel
        The exchange-correlation kernel (it carries the gas).

    Returns
    -------
    numpy.ndarray
        chi (bohr^-3 hartree^-1).

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("rpa", 2.0)
    >>> bool(complex(chi_interacting(1.0, 0.3, k)).imag < 0)
    True
    """
    q = require_finite_array("q", q, positive=True)
    return _chi(q, require_finite_array("omega", omega), kernel)


def chi_static(q: ArrayLike, kernel: XCKernel) -> np.ndarray:
    """chi(q, 0) of Eq. (17) (real, bohr^-3 hartree^-1): the chi^h(q, 0) of Eqs. (9)-(11).

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("rpa", 2.0)
    >>> q = 1e-4  # perfect screening: -4 pi chi(q, 0)/q^2 -> 1
    >>> round(float(-4 * 3.141592653589793 * chi_static(q, k) / q**2), 6)
    1.0
    """
    return _chi_static(require_finite_array("q", q, positive=True), kernel)


def chi_domega_at_zero(q: ArrayLike, kernel: XCKernel) -> np.ndarray:
    """d chi / d omega at omega = 0 (purely imaginary, bohr^-3 hartree^-2), the limit of (E1).

    Differentiating Eq. (17): chi' = (chi_s' + chi_s^2 f_xc') / (1 - v chi_s)^2 with
    v = 4 pi/q^2 + f_xc(q, 0), chi_s' = i d Im chi_s/d omega, f_xc' = d f_xc/d omega at 0.

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("rpa", 2.0)
    >>> d = complex(chi_domega_at_zero(1.0, k))
    >>> d.real == 0.0 and d.imag < 0  # purely imaginary, dissipative
    True
    """
    return _dchi_domega0(require_finite_array("q", q, positive=True), kernel)


def chi_difference_quotient(q: ArrayLike, omega: float, kernel: XCKernel) -> np.ndarray:
    """[chi(q, omega) - chi(q, 0)] / omega, with its limit d chi/d omega at omega = 0.

    The quotient of every electronic integral of Eqs. (14)-(15) and (D7)-(D10). For a real
    response in time it obeys D(q, -omega) = -conj D(q, omega).

    Parameters
    ----------
    q : array_like
        Wave vectors (bohr^-1), > 0.
    omega : float
        One frequency (hartree), any sign; 0 gives the limit (E1).
    kernel : XCKernel
        The exchange-correlation kernel.

    Returns
    -------
    numpy.ndarray
        Complex (bohr^-3 hartree^-2).

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("mcp07", 2.0)
    >>> q = [0.5, 1.0, 2.5]
    >>> bool(np.allclose(chi_difference_quotient(q, 1e-6, k), chi_domega_at_zero(q, k)))
    True
    """
    q = require_finite_array("q", q, positive=True)
    return _difference_quotient(q, float(require_finite_array("omega", omega)), kernel)
