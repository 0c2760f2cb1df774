"""The friction of a slow nucleus with its self-consistent (nonlinear) screening cloud.

Within time-dependent DFT the friction coefficient Q of an interacting electron gas for a slow
ion (stopping force -Q v) is exactly the Kohn-Sham friction plus a dynamic exchange-correlation
term (Nazarov, Pitarke, Kim and Takada, PRB 71, 121106(R) (2005)):

    Q = Q_KS + Q_dyn,
    Q_KS  = n kF sigma_tr(kF)                          (phase shifts of the ground state),
    Q_dyn = -(1/3) int d^3r d^3r' grad n0(r) . grad' n0(r') d Im f_xc(r, r', w)/d w at w = 0.

Derivation (the book's chapter "Viscous friction of the screening cloud" gives it in full): the
force on the ion is -(1/3) lim (1/w) Im int grad V chi grad' V; the Dyson equation
chi = chi_s + chi_s (v + f_xc) chi and the static identities chi(0) grad V = grad n0 =
chi_s(0) grad V_KS turn it into the two terms above, exactly, to first order in w.

Three forms of Q_dyn are implemented (``form``), two local ones and one of the bulk gas:

- ``"scalar"``: f_xc(r, r', w) = delta(r - r') f_xc^hom(n0(r), q -> 0, w) (the local-density
  approximation to the scalar kernel, as in the 2005 paper):
  Q_dyn = -(1/3) int d^3r (grad n0)^2 S(n0(r)), with S(n) = d Im f_xc^hom/d w at q -> 0, w -> 0
  (:meth:`currentforces.electron_liquid.kernels.XCKernel.long_wavelength_slope`);
- ``"current"``: the time-dependent current-DFT form (Nazarov, Pitarke, Takada, Vignale and
  Chang, Int. J. Mod. Phys. B 22, 3813 (2008)): the dynamic xc is the viscous stress of the
  electron liquid, sigma_ij = eta (d_i u_j + d_j u_i - (2/3) delta_ij div u), with the local
  shear viscosity eta(n0) = -(3/4) n0^2 S(n0) implied by the same kernel (bulk viscosity 0), and
  Q_dyn v^2 = int d^3r (eta/2) sum_ij (d_i u_j + d_j u_i - (2/3) delta_ij div u)^2 is the power
  it dissipates. The velocity field u = j/n0 is that of the current carried by the moving cloud,
  div j = v . grad n0 (continuity for n0(r - v t)); we take its curl-free solution,
  j = (v . grad) grad Phi with lap Phi = n0 - n, i.e. grad Phi = r^ N(r)/(4 pi r^2), N(r) the
  electrons within r. This choice is ours (the stored copies of the 2008 paper do not show its
  equations); it is exact in the weak-coupling limit, where the current of linear response to a
  scalar potential is longitudinal.

For u = a(r) (v . r^) r^ + b(r) v, with j = A (v . r^) r^ + B v, B = N/(4 pi r^3),
A = dn - 3 B, a = A/n0, b = B/n0, the angular integral of the dissipation density is

    int dOmega (1/2) sum_ij (...)^2 = (8 pi/9) [2 a'^2 + 4 a' b' + 5 b'^2 + 2 a (b' - 2 a')/r + 5 a^2/r^2] v^2.

- ``"nonlocal"``: f_xc(r, r', w) = f_xc^hom(abs(r - r'), w) of the homogeneous gas at the bulk
  density, with its full wave-vector dependence (the paper's MCP07 viscosity, damped as
  exp(-k q^2)), acting on the nonlinear density: Q_dyn = -(1/3) int d^3q/(2 pi)^3 q^2
  dn(q)^2 d Im f_xc(q, w)/d w. Not a local approximation; it isolates the effect of the
  nonlinear cloud from that of locality.

All forms vanish for a static kernel. As Z -> 0 the local ones reduce to the dynamic part of the
linear-response friction with the q-independent slope S(n), the nonlocal one to that with the
kernel's own slope, both with ALDA screening (the linearized LDA ground state;
:func:`currentforces.impurity.friction.friction_parts`).

Units: Q in atomic units of mass/time (hartree/bohr per bohr/(hbar/hartree)), n in bohr^-3,
S in bohr^3, eta in hbar/bohr^3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import simpson

from ..core.diskcache import memo_on_disk
from ..core.inputs import require_choice
from ..core.quadrature import q_grid
from ..core.registry import CORRELATIONS, FRICTION_FORMS, KERNELS
from ..electron_liquid.kernels import KERNEL_CLASSES, XCKernel, make_kernel
from .nonlinear_screening import (
    ScreenedNucleus,
    ScreeningSettings,
    _check_inputs,
    _make_grid,
    screen_nucleus,
)

__all__ = [
    "NonlinearFriction",
    "current_dynamic_friction",
    "friction_total",
    "local_viscosity",
    "nonlinear_friction",
    "nonlocal_dynamic_friction",
    "scalar_dynamic_friction",
]


def local_viscosity(kernel: str, rs, correlation: str = "pz81") -> np.ndarray:
    """The shear viscosity eta = -(3/4) n^2 S(n) implied by a kernel's q -> 0 slope (hbar/bohr^3).

    S(n) = d Im f_xc(q -> 0, w)/d w at w = 0 (bulk viscosity taken as 0, as for the GK kernel of
    MCP07, whose Im f_L = -w (4/3) eta/n^2 at small w). Zero for a static kernel.

    Examples
    --------
    >>> eta = float(local_viscosity("mcp07", 2.0))
    >>> n = 3 / (4 * math.pi * 8.0)
    >>> round(eta / n, 4)  # eta/(hbar n) at rs = 2
    0.0624
    """
    kernel = require_choice("kernel", kernel, KERNELS)
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    rs = np.asarray(rs, dtype=float)
    n = 3.0 / (4.0 * math.pi * rs**3)
    return -0.75 * n**2 * KERNEL_CLASSES[kernel].long_wavelength_slope(rs, correlation)


def _local_rs(density: np.ndarray) -> np.ndarray:
    return (3.0 / (4.0 * math.pi * density)) ** (1.0 / 3.0)


def _derivative(grid, f: np.ndarray) -> np.ndarray:
    """df/dr on the grid r = a (e^x - 1): fourth-order differences in the uniform x."""
    h = grid.h
    d = np.empty_like(f)
    d[2:-2] = (f[:-4] - 8.0 * f[1:-3] + 8.0 * f[3:-1] - f[4:]) / (12.0 * h)
    d[:2] = (-3.0 * f[:2] + 4.0 * f[1:3] - f[2:4]) / (2.0 * h)
    d[-2:] = (3.0 * f[-2:] - 4.0 * f[-3:-1] + f[-4:-2]) / (2.0 * h)
    return d / grid.dr_dx


def scalar_dynamic_friction(screened: ScreenedNucleus, slope) -> tuple[float, float]:
    """Q_dyn = -(1/3) int 4 pi r^2 (dn0/dr)^2 S(n0(r)) dr on the solution's grid (a.u.).

    ``slope`` maps the local density parameter rs (array, bohr) to S (bohr^3). Returns the value
    and the Richardson estimate of the quadrature's error (:func:`_integrate`).
    """
    grid = _make_grid(screened.Z, screened.gas, screened.settings)
    n0 = screened.gas.n + screened.delta_n
    gradient = _derivative(grid, screened.delta_n)
    integrand = -4.0 * np.pi * grid.r**2 * gradient**2 * slope(_local_rs(n0)) / 3.0
    return _integrate(grid, integrand)


def current_dynamic_friction(screened: ScreenedNucleus, viscosity) -> tuple[float, float]:
    """Q_dyn of the current-DFT form: the viscous dissipation of the moving cloud (a.u.).

    ``viscosity`` maps the local density parameter rs (array, bohr) to eta (hbar/bohr^3); the
    velocity field is the curl-free one of the module's docstring. Returns the value and the
    Richardson estimate of the quadrature's error.
    """
    grid = _make_grid(screened.Z, screened.gas, screened.settings)
    r, dn = grid.r, screened.delta_n
    n0 = screened.gas.n + dn
    enclosed = grid.cumulative(4.0 * np.pi * r**2 * dn)
    B = np.empty_like(r)
    B[1:] = enclosed[1:] / (4.0 * np.pi * r[1:] ** 3)
    B[0] = dn[0] / 3.0  # N ~ (4 pi/3) dn(0) r^3
    A = dn - 3.0 * B
    a, b = A / n0, B / n0
    integrand = viscosity(_local_rs(n0)) * _dissipation(
        r, a, _derivative(grid, a), b, _derivative(grid, b)
    )
    return _integrate(grid, integrand)


def _dissipation(r, a, da, b, db):
    """r^2 int dOmega (1/2) sum_ij (d_i u_j + d_j u_i - (2/3) delta_ij div u)^2 for v = 1.

    For u = a(r) (v . r^) r^ + b(r) v; written without dividing by r (a = O(r) at the nucleus).
    """
    return (8.0 * np.pi / 9.0) * (
        r**2 * (2 * da**2 + 4 * da * db + 5 * db**2) + 2 * r * a * (db - 2 * da) + 5 * a**2
    )


def nonlocal_dynamic_friction(screened: ScreenedNucleus, kernel: XCKernel) -> tuple[float, float]:
    """Q_dyn = -(1/3) int d^3q/(2 pi)^3 q^2 dn(q)^2 Im f'(q) with the kernel of the bulk gas.

    dn(q) = int 4 pi r^2 j0(q r) dn(r) dr is the nonlinear induced density (cut at R) and
    Im f'(q) = d Im f_xc(q, w)/d w at w = 0 the wave-vector-dependent viscosity of the
    homogeneous gas at the bulk density (MCP07's exp(-k q^2) damping included): the paper's
    viscosity acting on the nonlinear cloud. Returns the value and the change when the q rule
    has 6 instead of 8 points per panel (its error estimate).
    """
    grid = _make_grid(screened.Z, screened.gas, screened.settings)
    r, kF = grid.r, screened.gas.kF
    simpson_weights = np.ones_like(r)
    simpson_weights[1:-1:2], simpson_weights[2:-1:2] = 4.0, 2.0
    radial = simpson_weights * grid.h / 3.0 * grid.dr_dx * 4.0 * np.pi * r**2 * screened.delta_n

    def on(n_per_panel):
        rule = q_grid(kF, float(r[-1]), 16.0, n_per_panel, 1)
        q = rule.nodes
        density = np.sinc(np.outer(q, r) / np.pi) @ radial
        slope = np.imag(kernel._domega(q))
        return float(-(rule.weights @ (q**4 * density**2 * slope)) / (6.0 * np.pi**2))

    value = on(8)
    return value, abs(value - on(6))


def _integrate(grid, integrand: np.ndarray) -> tuple[float, float]:
    """int_0^R integrand dr by Simpson's rule in x, and abs(I_h - I_2h)/15, its error estimate."""
    f = integrand * grid.dr_dx
    fine = float(simpson(f, dx=grid.h))
    coarse = float(simpson(f[::2], dx=2 * grid.h))
    return fine, abs(fine - coarse) / 15.0


@dataclass(frozen=True)
class NonlinearFriction:
    """Q = Q_KS + Q_dyn of one nucleus with its self-consistent screening (see the module).

    Attributes
    ----------
    Z, rs : float
        Nuclear charge (e) and density parameter (bohr).
    kernel, form, correlation : str
        The kernel whose viscosity enters Q_dyn, the form of Q_dyn ("scalar" or "current"),
        and the LDA correlation of the ground state.
    kohn_sham, dynamic : float
        Q_KS (phase shifts) and Q_dyn (a.u.).
    dynamic_quadrature_error : float
        abs(Q_dyn by Simpson's rule on the grid - on every second point) / 15 (a.u.): the
        Richardson estimate of the quadrature's error; the grid convergence as a whole is
        :func:`currentforces.evidence.viscous_friction.nonlinear_friction_convergence`.
    screening : ScreenedNucleus
        The ground state (its ``converged`` and ``convergence_message``).
    """

    Z: float
    rs: float
    kernel: str
    form: str
    correlation: str
    kohn_sham: float
    dynamic: float
    dynamic_quadrature_error: float
    screening: ScreenedNucleus = field(repr=False)

    @property
    def total(self) -> float:
        """Q = Q_KS + Q_dyn (a.u.)."""
        return self.kohn_sham + self.dynamic

    @property
    def viscous_share(self) -> float:
        """Q_dyn/Q: the share of the friction due to the viscosity of the kernel."""
        return self.dynamic / self.total

    @property
    def converged(self) -> bool:
        """True if the ground state's self-consistency reached its tolerance."""
        return self.screening.converged

    @property
    def convergence_message(self) -> str:
        """One line on the ground state's self-consistency."""
        return self.screening.convergence_message


def nonlinear_friction(
    Z: float,
    rs: float,
    kernel: str = "mcp07",
    form: str = "scalar",
    correlation: str = "pz81",
    settings: ScreeningSettings | None = None,
) -> NonlinearFriction:
    """The friction Q = Q_KS + Q_dyn of a slow nucleus with its nonlinear screening cloud.

    The ground state is the self-consistent Kohn-Sham LDA screening of
    :func:`currentforces.screen_nucleus` (Hartree only for ``kernel="rpa"``, the kernel without
    xc); Q_KS is its phase-shift friction and Q_dyn the dynamic-xc term of ``form`` with the
    viscosity of ``kernel`` (zero for a static kernel).

    Parameters
    ----------
    Z : float
        Nuclear charge (e), 0 < Z <= 4.
    rs : float
        Density parameter (bohr), 0.5 <= rs <= 10.
    kernel : {"rpa", "alda", "mcp07_static", "mcp07", "rmcp07"}
        The kernel whose omega -> 0 slope gives the viscosity (MCP07 and rMCP07 share it).
    form : {"scalar", "current", "nonlocal"}
        Q_dyn in the local scalar-kernel form (TDDFT), as the viscous dissipation (TDCDFT), or
        with the bulk gas's wave-vector-dependent kernel (see the module).
    correlation : {"pz81", "pw92"}
        LDA correlation of the ground state and of the kernel.
    settings : ScreeningSettings, optional
        Numerical settings of the ground state.

    Returns
    -------
    NonlinearFriction
        ``.total``, ``.kohn_sham`` and ``.dynamic`` in atomic units.

    Examples
    --------
    >>> f = nonlinear_friction(1.0, 2.0)  # a proton at rs = 2, MCP07 viscosity, scalar form
    >>> round(f.kohn_sham, 3), round(f.dynamic, 3)
    (0.257, 0.067)
    """
    settings = settings or ScreeningSettings()
    Z, rs = _check_inputs(Z, rs, settings)
    kernel = require_choice("kernel", kernel, KERNELS)
    form = require_choice("form", form, FRICTION_FORMS)
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    screened = screen_nucleus(Z, rs, correlation, settings, exchange_correlation=kernel != "rpa")
    if not KERNEL_CLASSES[kernel].is_dynamic:
        dynamic, error = 0.0, 0.0
    else:
        dynamic, error = _dynamic_term(screened, kernel, form, correlation)
    return NonlinearFriction(
        Z=Z,
        rs=rs,
        kernel=kernel,
        form=form,
        correlation=correlation,
        kohn_sham=screened.friction_coefficient,
        dynamic=dynamic,
        dynamic_quadrature_error=error,
        screening=screened,
    )


@memo_on_disk
def friction_total(
    Z: float, rs: float, kernel: str = "mcp07", form: str = "scalar", correlation: str = "pz81"
) -> float:
    """``nonlinear_friction(...).total`` (a.u.), kept on disk while the book is built.

    The dynamics' worker processes (:meth:`currentforces.PulseScenario.single_friction`) read
    the totals a chapter computed first instead of solving the ground states again.
    """
    return nonlinear_friction(float(Z), float(rs), kernel, form, correlation).total


def _dynamic_term(screened, kernel, form, correlation) -> tuple[float, float]:
    if form == "scalar":
        slope = KERNEL_CLASSES[kernel]._long_wavelength_slope
        return scalar_dynamic_friction(screened, lambda x: slope(x, correlation))
    if form == "nonlocal":
        return nonlocal_dynamic_friction(screened, make_kernel(kernel, screened.rs, correlation))
    return current_dynamic_friction(screened, lambda x: local_viscosity(kernel, x, correlation))
