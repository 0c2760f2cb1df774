"""The screening cloud of a point charge in the HEG.

The screening cloud of a point charge in the HEG: Eq. (9), (B5) and the field of a displaced
nucleus (the last term of Eq. 5).

- n0(r) of a point charge Z, its gradient as the q-space integral int chi grad' V0 (B5), the
  number of electrons N(R) within radius R (perfect screening, and Eq. (10) as Gauss's law
  F = Z2 (Z1 - N(d)) / d^2);
- the field at its unshifted position of a displaced nucleus's cloud, in q-space,
  -(8 Z/3) int chi(q, w) dq per unit displacement, and by Gauss's law.

Units: r, R, s in bohr, densities in bohr^-3 (electron number), fields in hartree/bohr per unit
charge.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import sici

from ..core.inputs import require_finite_array, require_positive
from ..core.quadrature import (
    QGrid,
    composite_gauss_legendre,
    continuum_edges,
    gauss_legendre,
    q_grid,
)
from ..electron_liquid.kernels import XCKernel
from ..electron_liquid.response import _chi, _chi_static

__all__ = [
    "chi_on_grid",
    "cusp_slope",
    "displacement_field_limit",
    "displacement_field_gauss",
    "displacement_field_qspace",
    "enclosed_electrons",
    "enclosed_electrons_radial",
    "screening_density",
    "screening_density_gradient",
    "screening_grid",
]


def _charge(Z) -> float:
    return require_positive("Z", Z)


def screening_grid(
    kernel: XCKernel,
    omega: float = 0.0,
    r_max: float = 40.0,
    q_max_over_kf: float = 400.0,
    n_per_panel: int = 8,
    refine: int = 1,
) -> QGrid:
    """A q rule for the radial transforms of the screening cloud.

    A q rule for the radial transforms below: cut at 2 kF (and at the particle-hole
    continuum's edges for omega > 0), resolving sin(q r) up to r = ``r_max`` bohr.
    """
    omega = require_positive("omega", omega, allow_zero=True)
    kF = kernel.gas.kF
    cuts = continuum_edges(kF, omega) if omega > 0 else None
    return q_grid(kF, r_max, q_max_over_kf, n_per_panel, refine, cuts)


def chi_on_grid(grid: QGrid, kernel: XCKernel, omega: float = 0.0) -> np.ndarray:
    """chi(q, omega) on the nodes of ``grid`` (real for omega = 0, else complex)."""
    omega = require_positive("omega", omega, allow_zero=True)
    if omega == 0:
        return _chi_static(grid.nodes, kernel)
    return _chi(grid.nodes, np.asarray(omega), kernel)


def _sinc_transform(q: np.ndarray, values: np.ndarray, r: np.ndarray) -> np.ndarray:
    """sum_q values_q sin(q r)/(q r) for every r >= 0 (values_q at r = 0).

    Written as (1/r) sum_q (values_q/q) sin(q r): one sine per (q, r) pair, about five times
    faster than numpy's sinc on the large matrices of the radial transforms.
    """
    flat = r.ravel()
    out = np.empty(flat.shape, dtype=np.result_type(values, float))
    positive = flat > 0
    out[~positive] = values.sum()
    if np.any(positive):
        x = flat[positive]
        out[positive] = ((values / q) @ np.sin(np.multiply.outer(q, x))) / x
    return out.reshape(r.shape)


def _tail_j1(r: np.ndarray, q_max: float) -> np.ndarray:
    """The tail of the j1 transform beyond q_max, in closed form.

    int_{q_max}^inf j1(q r)/q dq = int_a^inf j1(x)/x dx, a = q_max r > 0:
    sin a/(2 a^2) - cos a/(2 a) + (pi/2 - Si(a))/2.
    """
    a = q_max * r
    si, _ = sici(a)
    return np.sin(a) / (2 * a**2) - np.cos(a) / (2 * a) + 0.5 * (np.pi / 2 - si)


def _tail_sinc(r: np.ndarray, q_max: float) -> np.ndarray:
    """int_{q_max}^inf sin(q r)/(q^3 r) dq = r int_a^inf sin x/x^3 dx, a = q_max r (1/(2 q_max^2) at r = 0)."""
    a = q_max * r
    safe = np.where(a > 0, a, 1.0)
    si, _ = sici(safe)
    val = r * (np.sin(safe) / (2 * safe**2) + np.cos(safe) / (2 * safe) - 0.5 * (np.pi / 2 - si))
    return np.where(a > 0, val, 1.0 / (2.0 * q_max**2))


def screening_density(
    r: ArrayLike,
    kernel: XCKernel,
    Z: float = 1.0,
    omega: float = 0.0,
    grid: QGrid | None = None,
) -> np.ndarray:
    """Induced electron number density around a point charge, Eq. (9) (bohr^-3).

    Induced electron number density around a point charge Z at the origin, Eq. (9) (bohr^-3):

        n(r) = int d^3q/(2 pi)^3 e^{iq.r} chi(q, w) (-4 pi Z/q^2) = -(2 Z/pi) int dq chi j0(q r),

    for omega = 0 the n0 of Eq. (9); for omega > 0 the amplitude of the density that a potential
    -Z/r oscillating at omega would induce. The tail beyond the rule's q_max is added with
    chi ~ -4 n/q^2.

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> k = make_kernel("mcp07", 2.0)
    >>> bool(float(screening_density(0.0, k)) > k.gas.n)  # electrons pile up at the nucleus
    True
    """
    r = require_finite_array("r", r)
    if np.any(r < 0):
        raise ValueError("r must contain only values >= 0")
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, omega)
    chi = chi_on_grid(grid, kernel, omega)
    body = _sinc_transform(grid.nodes, grid.weights * chi, r)
    tail = -4.0 * kernel.gas.n * _tail_sinc(r, grid.q_max)
    return -(2.0 * Z / np.pi) * (body + tail)


def screening_density_gradient(r, kernel: XCKernel, Z: float = 1.0, grid=None):
    """Radial component of the static sum rule (B5) in q-space (bohr^-4).

    Radial component of int chi(r - r', 0) grad' V0(r') dr' for V0 = -Z/r (bohr^-4), evaluated
    in q-space: grad' -> i q, int dOmega e^{iq.r} i q^ = -4 pi j1(q r) r^, so

        [chi * grad V0]_r = (2 Z/pi) int dq q chi(q, 0) j1(q r).

    By (B5) it must equal dn0/dr of :func:`screening_density`.
    """
    r = require_finite_array("r", r, positive=True)
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, 0.0)
    chi = chi_on_grid(grid, kernel, 0.0)
    x = np.multiply.outer(grid.nodes, r)
    j1 = (np.sin(x) / x - np.cos(x)) / x
    body = np.tensordot(grid.weights * grid.nodes * chi, j1, axes=1)
    return (2.0 * Z / np.pi) * (body - 4.0 * kernel.gas.n * _tail_j1(r, grid.q_max))


def enclosed_electrons(
    R: ArrayLike,
    kernel: XCKernel,
    Z: float = 1.0,
    omega: float = 0.0,
    grid: QGrid | None = None,
) -> np.ndarray:
    """N(R) = int_{abs(r)<R} n(r) d^3r in closed form: -8 Z int dq chi (sin qR - qR cos qR)/q^3.

    For omega = 0 this is Z minus Z times the bracket of Eq. (10) (Z = Z1): Eq. (10) is Gauss's
    law, F = Z2 (Z1 - N(d))/d^2. Perfect screening: N(R) -> Z as R -> infinity.

    Examples
    --------
    >>> from currentforces import make_kernel
    >>> round(float(enclosed_electrons(40.0, make_kernel("mcp07", 2.0))), 2)  # perfect screening
    1.0
    """
    R = require_finite_array("R", R, positive=True)
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, omega)
    chi = chi_on_grid(grid, kernel, omega)
    x = np.multiply.outer(grid.nodes, R)
    return (
        -8.0
        * Z
        * np.tensordot(grid.weights * chi / grid.nodes**3, np.sin(x) - x * np.cos(x), axes=1)
    )


def enclosed_electrons_radial(
    R,
    kernel: XCKernel,
    Z: float = 1.0,
    omega: float = 0.0,
    grid=None,
    panel: float = 0.5,
    n_per_panel: int = 12,
):
    """N(R) by radial quadrature of the density, the second method.

    N(R) by radial quadrature of 4 pi r^2 n(r) (composite Gauss-Legendre in r with panels of
    at most ``panel`` bohr, broken at every R) with n(r) from :func:`screening_density`: the
    second method for :func:`enclosed_electrons`. ``R`` is an array of radii (bohr).
    """
    R = np.atleast_1d(require_finite_array("R", R, positive=True))
    panel = require_positive("panel", panel)
    fine = np.arange(0.0, R.max(), panel)
    breaks = np.unique(np.concatenate([fine, R, [0.0]]))
    r, w = composite_gauss_legendre(breaks, n_per_panel)
    n_r = screening_density(r, kernel, Z, omega, grid)
    per_panel = (w * 4.0 * np.pi * r**2 * n_r).reshape(-1, int(n_per_panel)).sum(axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(per_panel)])
    return cumulative[np.searchsorted(breaks, R)]


def displacement_field_qspace(kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None):
    """The field of a displaced nucleus's cloud at its unshifted position (q-space).

    E / dR of the last term of Eq. (5) at the unshifted position of one nucleus (hartree/bohr^2,
    complex), for a displacement dR oscillating at omega:

        E = grad int abs(r - r'')^-1 chi(r'', r', w) (dR . grad') Z/abs(r') dr' dr''
          = int d^3q/(2 pi)^3 (i q)(4 pi/q^2) chi(q, w) (4 pi Z/q^2)(i q . dR)
          = -(2 Z/pi) int dq chi(q, w) int dOmega q^ (q^ . dR) = -(8 Z/3) dR int dq chi(q, w),

    with int dOmega q^_i q^_j = (4 pi/3) delta_ij: the angular factor 1/3. The tail beyond q_max (chi ~ -4 n/q^2) is
    added.
    """
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, omega)
    chi = chi_on_grid(grid, kernel, omega)
    integral = grid.weights @ chi - 4.0 * kernel.gas.n / grid.q_max
    return -(8.0 * Z / 3.0) * integral


def displacement_field_gauss(
    s, kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None, n_radial: int = 48
):
    """The field of a finitely displaced cloud at the origin, by Gauss's law.

    E / s for the finite displacement s (bohr): the difference of the fields of the induced
    clouds for the nucleus at s and at 0, both at the origin (hartree/bohr^2, complex).

    The cloud of a nucleus at 0 is spherical and exerts no field at 0; that of the nucleus at
    s is the same cloud shifted, and by Gauss's law its field at the origin (distance s from its
    centre) is s^ N(s)/s^2 (electrons: E = +grad int n/abs(r - r'')). N(s) is integrated radially
    from n(r) (Gauss-Legendre, ``n_radial`` nodes). Tends to :func:`displacement_field_qspace`
    as s -> 0, with the slope :func:`cusp_slope`.
    """
    s = np.atleast_1d(require_finite_array("s", s, positive=True))
    out = np.empty(s.shape, dtype=complex)
    x, w = gauss_legendre(n_radial)
    for i, si in enumerate(s):
        r = 0.5 * si * (x + 1.0)
        n_r = screening_density(r, kernel, Z, omega, grid)
        N = (0.5 * si * w * 4.0 * np.pi * r**2) @ n_r
        out[i] = N / si**3
    return out


def displacement_field_limit(
    kernel: XCKernel,
    Z: float = 1.0,
    omega: float = 0.0,
    s: ArrayLike = (0.04, 0.03, 0.02, 0.01),
    grid: QGrid | None = None,
) -> tuple[complex, float]:
    """The field of :func:`displacement_field_gauss` extrapolated to s -> 0.

    A quadratic in s is fitted by least squares through the values at the displacements ``s``
    (bohr), separately for the real and imaginary parts.

    Returns
    -------
    tuple
        The limit (hartree/bohr^2, complex; to be compared with
        :func:`displacement_field_qspace`) and the slope of the real part (hartree/bohr^3; to be
        compared with :func:`cusp_slope`).
    """
    s = require_finite_array("s", s, positive=True)
    e_s = displacement_field_gauss(s, kernel, Z, omega, grid)
    fit_re = np.polyfit(s, e_s.real, 2)
    fit_im = np.polyfit(s, e_s.imag, 2)
    return complex(fit_re[2], fit_im[2]), float(fit_re[1])


def cusp_slope(kernel: XCKernel, Z: float = 1.0) -> float:
    """d(E/s)/ds at s = 0 for :func:`displacement_field_gauss`: -2 pi Z n (hartree/bohr^3).

    chi(q, w) ~ -4 n/q^2 at large q for every w gives the linear-response cusp
    n(r) = n(0) - 2 Z n r + O(r^2), so N(s)/s^3 = (4 pi/3) n(0) - 2 pi Z n s + O(s^2).
    """
    return -2.0 * np.pi * _charge(Z) * kernel.gas.n
