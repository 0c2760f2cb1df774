"""Numerical checks of Appendices A and B (Eqs. 4, 5, 12, A12, B1, B3, B5) in the HEG.

Hartree atomic units: q in bohr^-1, omega in hartree, r, s in bohr, chi in bohr^-3 hartree^-1,
densities in bohr^-3, fields in hartree/bohr per unit charge. Electrons have charge -1; every
density and current here is an electron *number* density / number current unless said otherwise.

Contents
--------
- (A12) and the first term of Eqs. (4)-(5): the long-wavelength inverse dielectric function
  1 + (4 pi/q^2) chi(q, omega) -> omega^2/(omega^2 - omega_p^2), with its O(q^2) coefficient
  omega_p^2 [(3/5) kF^2 + n f_xc(0, omega)] / (omega^2 - omega_p^2)^2.
- (12): the induced number current of the HEG per unit external field, -i omega chi / q^2
  (continuity), and the proper conductivity, both as q -> 0.
- (B3) in the homogeneous limit: chi(q, w) = (q^2/w^2) [chi_jj(q, w) + n], with chi_jj the
  longitudinal paramagnetic current response; the free-electron chi_jj is computed here from its
  own occupied-state integral (closed form), independently of the Lindhard function.
- (B5) and Eq. (9): the screening density n0(r) of a point charge, its gradient as the q-space
  integral int chi grad' V0, the number of electrons N(R) within radius R (perfect screening,
  and Eq. (10) as Gauss's law F = Z2 (Z1 - N(d)) / d^2).
- The last term of Eq. (5) for a test displacement: in q-space, -(8 Z/3) int chi(q, w) dq per
  unit displacement, and by Gauss's law from the displaced screening cloud; the friction
  coefficient it implies at small omega.
"""

from __future__ import annotations

import numpy as np
from scipy.special import sici

from .kernels import XCKernel
from .quadrature import QGrid, composite_gauss_legendre, continuum_edges, q_grid
from .response import chi_domega_at_zero, chi_interacting, chi_static
from .validation import require_finite_array, require_positive

__all__ = [
    "chi_on_grid",
    "cusp_slope",
    "density_from_current_response",
    "displacement_field_gauss",
    "displacement_field_qspace",
    "drude_current_factor",
    "enclosed_electrons",
    "enclosed_electrons_radial",
    "free_current_response",
    "friction_coefficient",
    "high_frequency_coefficient",
    "inverse_dielectric",
    "number_current_per_field",
    "perfect_screening_coefficient",
    "proper_conductivity",
    "q2_extrapolation",
    "screened_field_factor",
    "screened_field_q2_coefficient",
    "screening_density",
    "screening_density_gradient",
    "screening_grid",
]


def _omega_positive(omega) -> np.ndarray:
    return require_finite_array("omega", omega, positive=True)


def _charge(Z) -> float:
    return require_positive("Z", Z)


# --------------------------------------------------------------------------------------------
# (A12), Eq. (4): the screened uniform field
# --------------------------------------------------------------------------------------------
def inverse_dielectric(q, omega, kernel: XCKernel):
    """1/epsilon(q, omega) = 1 + (4 pi/q^2) chi(q, omega) (dimensionless, complex): the total
    longitudinal field per unit external field, E(q, w) = E_ext(q, w)/epsilon (Poisson)."""
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
    return 1.0 + 4.0 * np.pi / q**2 * chi_interacting(q, omega, kernel)


def screened_field_factor(omega, omega_p: float):
    """omega^2/(omega^2 - omega_p^2) of (A12) and the first term of Eqs. (4)-(5)."""
    omega = _omega_positive(omega)
    omega_p = require_positive("omega_p", omega_p)
    if np.any(np.isclose(omega, omega_p, rtol=1e-12, atol=0)):
        raise ValueError(f"omega must differ from the plasma frequency {omega_p!r}")
    return omega**2 / (omega**2 - omega_p**2)


def screened_field_q2_coefficient(omega, kernel: XCKernel, q_small: float = 1e-8):
    """c2 in 1/epsilon(q, w) = w^2/(w^2 - w_p^2) + c2 q^2 + O(q^4) (bohr^2, complex).

    Expanding Eq. (17) with chi_s = (n q^2/w^2)[1 + (3/5) kF^2 q^2/w^2 + O(q^4)] at fixed w
    (outside the particle-hole continuum) gives c2 = w_p^2 [(3/5) kF^2 + n f_xc(0, w)] /
    (w^2 - w_p^2)^2: the RPA plasmon dispersion term plus the long-wavelength kernel (f_GK(w)
    for MCP07, evaluated at q = ``q_small``)."""
    omega = _omega_positive(omega)
    gas = kernel.gas
    wp2 = gas.omega_p**2
    f0w = kernel(np.full(omega.shape, q_small), omega)
    return wp2 * (0.6 * gas.kF**2 + gas.n * f0w) / (omega**2 - wp2) ** 2


def q2_extrapolation(q, values, degree: int = 3):
    """Least-squares polynomial in q^2 of ``degree`` through ``values`` (complex, shape q.shape);
    returns (value at q = 0, coefficient of q^2). The q -> 0 limits of the chapter."""
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


# --------------------------------------------------------------------------------------------
# (12): the Drude relation
# --------------------------------------------------------------------------------------------
def number_current_per_field(q, omega, kernel: XCKernel):
    """Longitudinal induced electron number current per unit external field (bohr^-2 ... in
    a.u.: j/E_ext), -i w chi(q, w)/q^2.

    The external potential energy of an electron in E_ext e^{iqx} is -i E_ext/q (charge -1), the
    induced density chi times it, and continuity (-i w dn + i q j = 0) gives j = (w/q) dn."""
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
    return -1j * omega * chi_interacting(q, omega, kernel) / q**2


def proper_conductivity(q, omega, kernel: XCKernel):
    """Number current per unit *total* (screened) field, j/E = (-i w chi/q^2)/(1 + 4 pi chi/q^2).

    For q -> 0 it must be the free-electron (Drude) value n/(i w) = -i n/w: electrons of charge
    -1 and mass 1 obey -i w v = -E. (The electric current density is minus this: sigma = i n/w.)"""
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
    return number_current_per_field(q, omega, kernel) / inverse_dielectric(q, omega, kernel)


def drude_current_factor(omega, omega_p: float, current: str = "number"):
    """j/E_ext of the HEG for a uniform field: Eq. (12) as printed for ``current='charge'``,
    +i w w_p^2/(4 pi (w^2 - w_p^2)); for ``current='number'`` (the electron number current) the
    opposite sign. Both follow from sigma * w^2/(w^2 - w_p^2) with sigma = +-i n/w."""
    if current not in ("number", "charge"):
        raise ValueError(f"current must be 'number' or 'charge', got {current!r}")
    omega = _omega_positive(omega)
    omega_p = require_positive("omega_p", omega_p)
    sign = 1.0 if current == "charge" else -1.0
    return sign * 1j * omega * omega_p**2 / (4.0 * np.pi * (omega**2 - omega_p**2))


# --------------------------------------------------------------------------------------------
# (B3): density and current responses of the HEG
# --------------------------------------------------------------------------------------------
def _pv_poly_over_linear(coeffs, a: np.ndarray, q: np.ndarray, kF: float) -> np.ndarray:
    """P int_{-kF}^{kF} P(x)/(a - q x) dx for the polynomial P (coefficients in increasing
    powers), by division: P(x) = S(x)(a - q x) + P(a/q)."""
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
    """Longitudinal paramagnetic current-current response of free electrons, chi_jj(q, w)
    (complex, retarded; bohr^-3 hartree^-1 in units where j is a number current per bohr^2):

        chi_jj = (1/4 pi^2) int_{-kF}^{kF} dx (kF^2 - x^2) [ (x + q/2)^2/(w - q x - q^2/2 + i0)
                                                             - (x - q/2)^2/(w - q x + q^2/2 + i0) ],

    the occupied-state sum with k_par = x and the transverse momenta integrated. The principal
    values are done in closed form (polynomial division and a logarithm), the delta functions
    give Im chi_jj = (w/q)^2 Im chi_s. Independent of :func:`currentforces.lindhard.lindhard`.
    Intended for w > 0 and q not much smaller than w/kF * 1e-3 (cancellation)."""
    kF = require_positive("kF", kF)
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
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
    current of electrons in a vector potential)."""
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
    n = require_positive("n", n)
    return q**2 / omega**2 * (np.asarray(chi_jj) + n)


def high_frequency_coefficient(q, omega, kernel: XCKernel):
    """The expected lim w^2 [(w^2/q^2) chi(q, w) - n] (bohr^-3 hartree^2, complex):
    n [w_p^2 + (3/5) kF^2 q^2 + q^4/4 + n q^2 f_xc(q, w)], from the third-moment expansion
    chi_s = n q^2/w^2 + n q^2 [(3/5) kF^2 q^2 + q^4/4]/w^4 + O(w^-6) in Eq. (17).
    The paramagnetic current response (w^2/q^2) chi - n of (B3) thus vanishes as 1/w^2 (f-sum)."""
    q = require_finite_array("q", q, positive=True)
    omega = _omega_positive(omega)
    gas = kernel.gas
    f = kernel(q, omega)
    return gas.n * (gas.omega_p**2 + 0.6 * gas.kF**2 * q**2 + 0.25 * q**4 + gas.n * q**2 * f)


# --------------------------------------------------------------------------------------------
# (B5), Eq. (9): the screening cloud of a point charge
# --------------------------------------------------------------------------------------------
def screening_grid(
    kernel: XCKernel,
    omega: float = 0.0,
    r_max: float = 40.0,
    q_max_over_kf: float = 400.0,
    n_per_panel: int = 8,
    refine: int = 1,
) -> QGrid:
    """A q rule for the radial transforms below: cut at 2 kF (and at the particle-hole
    continuum's edges for omega > 0), resolving sin(q r) up to r = ``r_max`` bohr."""
    omega = require_positive("omega", omega, allow_zero=True)
    kF = kernel.gas.kF
    cuts = continuum_edges(kF, omega) if omega > 0 else None
    return q_grid(kF, r_max, q_max_over_kf, n_per_panel, refine, cuts)


def chi_on_grid(grid: QGrid, kernel: XCKernel, omega: float = 0.0) -> np.ndarray:
    """chi(q, omega) on the nodes of ``grid`` (real for omega = 0, else complex)."""
    omega = require_positive("omega", omega, allow_zero=True)
    if omega == 0:
        return chi_static(grid.nodes, kernel)
    return chi_interacting(grid.nodes, omega, kernel)


def _sinc(x: np.ndarray) -> np.ndarray:
    """sin(x)/x for x >= 0."""
    return np.sinc(x / np.pi)


def _tail_j1(r: np.ndarray, q_max: float) -> np.ndarray:
    """int_{q_max}^inf j1(q r)/q dq = int_a^inf j1(x)/x dx, a = q_max r > 0:
    sin a/(2 a^2) - cos a/(2 a) + (pi/2 - Si(a))/2."""
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


def screening_density(r, kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None):
    """Induced electron number density around a point charge Z at the origin, Eq. (9) (bohr^-3):

        n(r) = int d^3q/(2 pi)^3 e^{iq.r} chi(q, w) (-4 pi Z/q^2) = -(2 Z/pi) int dq chi j0(q r),

    for omega = 0 the n0 of Eq. (9); for omega > 0 the amplitude of the density that a potential
    -Z/r oscillating at omega would induce. The tail beyond the rule's q_max is added with
    chi ~ -4 n/q^2."""
    r = require_finite_array("r", r)
    if np.any(r < 0):
        raise ValueError("r must contain only values >= 0")
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, omega)
    chi = chi_on_grid(grid, kernel, omega)
    body = np.tensordot(grid.weights * chi, _sinc(np.multiply.outer(grid.nodes, r)), axes=1)
    tail = -4.0 * kernel.gas.n * _tail_sinc(r, grid.q_max)
    return -(2.0 * Z / np.pi) * (body + tail)


def screening_density_gradient(r, kernel: XCKernel, Z: float = 1.0, grid=None):
    """Radial component of int chi(r - r', 0) grad' V0(r') dr' for V0 = -Z/r (bohr^-4), evaluated
    in q-space: grad' -> i q, int dOmega e^{iq.r} i q^ = -4 pi j1(q r) r^, so

        [chi * grad V0]_r = (2 Z/pi) int dq q chi(q, 0) j1(q r).

    By (B5) it must equal dn0/dr of :func:`screening_density`."""
    r = require_finite_array("r", r, positive=True)
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, 0.0)
    chi = chi_on_grid(grid, kernel, 0.0)
    x = np.multiply.outer(grid.nodes, r)
    j1 = (np.sin(x) / x - np.cos(x)) / x
    body = np.tensordot(grid.weights * grid.nodes * chi, j1, axes=1)
    return (2.0 * Z / np.pi) * (body - 4.0 * kernel.gas.n * _tail_j1(r, grid.q_max))


def enclosed_electrons(R, kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None):
    """N(R) = int_{|r|<R} n(r) d^3r in closed form: -8 Z int dq chi (sin qR - qR cos qR)/q^3.

    For omega = 0 this is Z minus Z times the bracket of Eq. (10) (Z = Z1): Eq. (10) is Gauss's
    law, F = Z2 (Z1 - N(d))/d^2. Perfect screening: N(R) -> Z as R -> infinity."""
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
    """N(R) by radial quadrature of 4 pi r^2 n(r) (composite Gauss-Legendre in r with panels of
    at most ``panel`` bohr, broken at every R) with n(r) from :func:`screening_density`: the
    second method for :func:`enclosed_electrons`. ``R`` is an array of radii (bohr)."""
    R = np.atleast_1d(require_finite_array("R", R, positive=True))
    panel = require_positive("panel", panel)
    fine = np.arange(0.0, R.max(), panel)
    breaks = np.unique(np.concatenate([fine, R, [0.0]]))
    r, w = composite_gauss_legendre(breaks, n_per_panel)
    n_r = screening_density(r, kernel, Z, omega, grid)
    per_panel = (w * 4.0 * np.pi * r**2 * n_r).reshape(-1, int(n_per_panel)).sum(axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(per_panel)])
    return cumulative[np.searchsorted(breaks, R)]


def perfect_screening_coefficient(kernel: XCKernel) -> float:
    """a in -4 pi chi(q, 0)/q^2 = 1 + a q^2 + O(q^4) (bohr^2): a = (1/chi_s(0) - f_xc(0, 0))/(4 pi)
    = -(pi^2/kF + f0)/(4 pi) = -1/k_s^2 (k_s the screening wave vector; k_TF for RPA)."""
    gas = kernel.gas
    f0 = float(kernel.static(np.array([1e-8]))[0])
    return (-(np.pi**2) / gas.kF - f0) / (4.0 * np.pi)


# --------------------------------------------------------------------------------------------
# Eq. (5), last term: the field of a displaced nucleus at its unshifted position
# --------------------------------------------------------------------------------------------
def displacement_field_qspace(kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None):
    """E / dR of the last term of Eq. (5) at the unshifted position of one nucleus (hartree/bohr^2,
    complex), for a displacement dR oscillating at omega:

        E = grad int |r - r''|^-1 chi(r'', r', w) (dR . grad') Z/|r'| dr' dr''
          = int d^3q/(2 pi)^3 (i q)(4 pi/q^2) chi(q, w) (4 pi Z/q^2)(i q . dR)
          = -(2 Z/pi) int dq chi(q, w) int dOmega q^ (q^ . dR) = -(8 Z/3) dR int dq chi(q, w),

    with int dOmega q^_i q^_j = (4 pi/3) delta_ij: the angular factor 1/3. The tail beyond q_max (chi ~ -4 n/q^2) is
    added."""
    Z = _charge(Z)
    grid = grid if grid is not None else screening_grid(kernel, omega)
    chi = chi_on_grid(grid, kernel, omega)
    integral = grid.weights @ chi - 4.0 * kernel.gas.n / grid.q_max
    return -(8.0 * Z / 3.0) * integral


def displacement_field_gauss(
    s, kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None, n_radial: int = 48
):
    """E / s for the finite displacement s (bohr): the difference of the fields of the induced
    clouds for the nucleus at s and at 0, both at the origin (hartree/bohr^2, complex).

    The cloud of a nucleus at 0 is spherical and exerts no field at 0; that of the nucleus at
    s is the same cloud shifted, and by Gauss's law its field at the origin (distance s from its
    centre) is s^ N(s)/s^2 (electrons: E = +grad int n/|r - r''|). N(s) is integrated radially
    from n(r) (Gauss-Legendre, ``n_radial`` nodes). Tends to :func:`displacement_field_qspace`
    as s -> 0, with the slope :func:`cusp_slope`."""
    s = np.atleast_1d(require_finite_array("s", s, positive=True))
    out = np.empty(s.shape, dtype=complex)
    x, w = np.polynomial.legendre.leggauss(int(n_radial))
    for i, si in enumerate(s):
        r = 0.5 * si * (x + 1.0)
        n_r = screening_density(r, kernel, Z, omega, grid)
        N = (0.5 * si * w * 4.0 * np.pi * r**2) @ n_r
        out[i] = N / si**3
    return out


def cusp_slope(kernel: XCKernel, Z: float = 1.0) -> float:
    """d(E/s)/ds at s = 0 for :func:`displacement_field_gauss`: -2 pi Z n (hartree/bohr^3).

    chi(q, w) ~ -4 n/q^2 at large q for every w gives the linear-response cusp
    n(r) = n(0) - 2 Z n r + O(r^2), so N(s)/s^3 = (4 pi/3) n(0) - 2 pi Z n s + O(s^2)."""
    return -2.0 * np.pi * _charge(Z) * kernel.gas.n


def friction_coefficient(kernel: XCKernel, Z: float = 1.0, omega: float = 0.0, grid=None) -> float:
    """gamma(w) = -(8 Z^2/3) Im int dq [chi(q, w) - chi(q, 0)]/w (hartree/bohr^2 per bohr/(hbar/
    hartree), i.e. a.u. of mass/time), with the omega -> 0 limit -(8 Z^2/3) int dq Im dchi/dw|_0.

    The force Z E(Eq. 5, last term) plus the third term of Eq. (7) on a single nucleus is
    -(8 Z^2/3) int dq [chi(w) - chi(0)] dR (the static parts cancel); with dR = i V/w its
    imaginary part is the friction force -gamma V (the stopping-power friction of slow ions)."""
    Z = _charge(Z)
    omega = require_positive("omega", omega, allow_zero=True)
    if grid is None:
        grid = q_grid(kernel.gas.kF, 10.0, 8.0, 8, 1, continuum_edges(kernel.gas.kF, omega))
    q = grid.nodes
    if omega == 0:
        ratio = chi_domega_at_zero(q, kernel)
    else:
        ratio = (chi_interacting(q, omega, kernel) - chi_static(q, kernel)) / omega
    return float(-(8.0 * Z**2 / 3.0) * np.imag(grid.weights @ ratio))
