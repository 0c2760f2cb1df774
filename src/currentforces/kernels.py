"""Exchange-correlation kernels f_xc(q, omega) of the HEG entering Eq. (17).

Units: q in bohr^-1, omega in hartree, f_xc in hartree bohr^3.

Kernels (selected by name in :func:`make_kernel`):

- ``"rpa"``: f_xc = 0.
- ``"alda"``: f_xc = f0 = d^2(n eps_xc)/dn^2, the q -> 0, omega -> 0 limit.
- ``"mcp07_static"``: the static MCP07 kernel f(q, 0) of Ruzsinszky et al., PRB 101, 245135 (2020)
  (the paper's Ref. 16) at every frequency: wave-vector dependence, no viscosity.
- ``"mcp07"``: the dynamic MCP07 kernel
  f(q, omega) = [1 + exp(-k q^2)(f_GK(omega)/f0 - 1)] f(q, 0), with the Gross-Kohn long-wavelength
  kernel f_GK(omega) (Gross & Kohn 1985, Iwamoto & Gross 1987). Its imaginary part, linear in
  omega at small omega, is the electronic viscosity.

The real part of f_GK is either the closed form published with MCP07 (``fgk_real="published"``)
or the Kramers-Kronig partner of its imaginary part (``fgk_real="kk"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gamma as gamma_fn

from .correlation import CORRELATIONS, correlation_energy
from .heg import ElectronGas
from .validation import require_choice, require_finite_array

KERNELS = ("rpa", "alda", "mcp07_static", "mcp07")
FGK_REAL_FORMS = ("published", "kk")

GAMMA_GK = gamma_fn(0.25) ** 2 / math.sqrt(32.0 * math.pi)
C_GK = 23.0 * math.pi / 15.0
_H_COEF = 0.63


@dataclass(frozen=True)
class MCP07Parameters:
    """Density-dependent constants of the MCP07 kernel at one rs (all in atomic units)."""

    rs: float
    correlation: str
    n: float
    kF: float
    f0: float  # ALDA kernel d^2(n eps_xc)/dn^2
    f_inf: float  # high-frequency limit of f_GK
    A: float
    B: float
    C: float
    k: float
    E: float
    b_gk: float  # Gross-Kohn scale: x = sqrt(b_gk) omega


def alda_kernel(rs: float, correlation: str = "pz81") -> float:
    """f0 = d^2(n eps_xc)/dn^2 = -pi/kF^2 + (rs/9n)(rs eps_c'' - 2 eps_c') (hartree bohr^3)."""
    gas = ElectronGas(rs)
    _, d1, d2 = correlation_energy(gas.rs, correlation)
    return -math.pi / gas.kF**2 + gas.rs / (9.0 * gas.n) * (gas.rs * d2 - 2.0 * d1)


def gradient_coefficient(rs: float) -> float:
    """C_xc(rs) of the gradient expansion (Rasolt-Geldart beta(rs) for correlation)."""
    beta = 0.066725 * (1.0 + 3.0 * rs * (1.046 + 0.1 * rs)) / (1.0 + 3.0 * rs * (1.0 + 0.1778 * rs))
    return (
        -5.0 / (216.0 * math.pi * (3.0 * math.pi**2) ** (1.0 / 3.0))
        + beta * (math.pi / 3.0) ** (1.0 / 3.0) / 16.0
    )


@lru_cache(maxsize=64)
def mcp07_parameters(rs: float, correlation: str = "pz81") -> MCP07Parameters:
    """All constants of the MCP07 kernel (see module docstring and the physics notes, sec. 4)."""
    gas = ElectronGas(rs)
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    rs, n, kF = gas.rs, gas.n, gas.kF
    eps_c, d1, _ = correlation_energy(rs, correlation)
    f0 = alda_kernel(rs, correlation)
    A = -(kF**2) * f0 / (4.0 * math.pi)
    x = math.sqrt(rs)
    B = (1.0 + 2.15 * x + 0.435 * x**3) / (3.0 + 1.57 * x + 0.409 * x**3)
    C = -(math.pi / (2.0 * kF)) * (eps_c + rs * d1)
    k = A / (B * kF**2)
    E = 2.0 * gradient_coefficient(rs) / (4.0 * math.pi * B * n ** (4.0 / 3.0)) - 0.5 * k**2
    f_inf = -0.2 * (3.0 / (math.pi * n**2)) ** (1.0 / 3.0) - (22.0 * eps_c + 26.0 * rs * d1) / (
        15.0 * n
    )
    b_gk = ((GAMMA_GK / C_GK) * (f_inf - f0)) ** (4.0 / 3.0)
    return MCP07Parameters(rs, correlation, n, kF, f0, f_inf, A, B, C, k, E, b_gk)


def gk_g(x):
    """g(x) = x / (1 + x^2)^(5/4): the scaled imaginary part of f_GK (odd in x)."""
    x = np.asarray(x, dtype=float)
    return x / (1.0 + x**2) ** 1.25


def gk_h_published(x):
    """h(x) = (1 - 0.63 x^2) / (gamma [1 + (0.63/gamma)^(4/7) x^2]^(7/4)), as published with MCP07."""
    x = np.asarray(x, dtype=float)
    return (1.0 - _H_COEF * x**2) / (
        GAMMA_GK * (1.0 + (_H_COEF / GAMMA_GK) ** (4.0 / 7.0) * x**2) ** 1.75
    )


@lru_cache(maxsize=4)
def _kk_nodes(n_nodes: int):
    u, w = np.polynomial.legendre.leggauss(n_nodes)
    u = 0.5 * (u + 1.0)
    w = 0.5 * w
    s = 0.5 * math.pi * u**2
    t = 1.0 / np.tan(s)  # t = cot(pi u^2 / 2): u -> 0 is t -> infinity, u = 1 is t = 0
    jac = math.pi * u / np.sin(s) ** 2
    return t, w * jac


def gk_h_kramers_kronig(x, n_nodes: int = 600):
    """h_KK(x) = (2/pi) P int_0^inf t g(t) / (t^2 - x^2) dt, the Kramers-Kronig partner of g.

    Evaluated as the regular integral (2/pi) int_0^inf [t g(t) - x g(x)] / (t^2 - x^2) dt (the
    subtracted principal value P int_0^inf dt/(t^2 - x^2) vanishes), on Gauss-Legendre nodes in
    u with t = cot(pi u^2 / 2), which removes the t^(-1/2) tail's endpoint singularity.
    Even in x; h_KK(0) = 1/gamma exactly.
    """
    x = np.abs(np.asarray(x, dtype=float))
    t, wt = _kk_nodes(n_nodes)
    xs = x.reshape(-1, 1)
    num = t * gk_g(t) - xs * gk_g(xs)
    den = t**2 - xs**2
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = num / den
    # a node landing on t = x (measure zero) is replaced by its neighbours' mean via nan handling
    bad = ~np.isfinite(ratio)
    if np.any(bad):
        ratio[bad] = 0.0
    vals = (2.0 / math.pi) * ratio @ wt
    return vals.reshape(x.shape)


def gross_kohn(omega, params: MCP07Parameters, fgk_real: str = "published"):
    """f_GK(omega) = f_inf - c b^(3/4) [h(x) + i g(x)], x = sqrt(b) omega (hartree bohr^3).

    Retarded: Im f_GK < 0 for omega > 0, f_GK(-omega) = conj f_GK(omega), f_GK(0) = f0.
    """
    fgk_real = require_choice("fgk_real", fgk_real, FGK_REAL_FORMS)
    omega = require_finite_array("omega", omega)
    x = math.sqrt(params.b_gk) * omega
    h = gk_h_published(x) if fgk_real == "published" else gk_h_kramers_kronig(x)
    scale = C_GK * params.b_gk**0.75
    return params.f_inf - scale * (h + 1j * gk_g(x))


def mcp07_static(q, params: MCP07Parameters):
    """Static MCP07 kernel f(q, 0) (hartree bohr^3), q in bohr^-1:
    (4 pi B/q^2)[(1 + E q^4) exp(-k q^2) - 1] - (4 pi C/kF^2) / (1 + 1/(k q^2)^2)."""
    q = require_finite_array("q", q, positive=True)
    kq2 = params.k * q**2
    # (1 + E q^4) e^{-kq^2} - 1 = expm1(-kq^2) + E q^4 e^{-kq^2}, no cancellation at small q
    bracket = np.expm1(-kq2) + params.E * q**4 * np.exp(-kq2)
    return 4.0 * math.pi * params.B / q**2 * bracket - 4.0 * math.pi * params.C / params.kF**2 / (
        1.0 + 1.0 / kq2**2
    )


def mcp07_dynamic(q, omega, params: MCP07Parameters, fgk_real: str = "published"):
    """Dynamic MCP07 kernel [1 + exp(-k q^2)(f_GK(omega)/f0 - 1)] f(q, 0) (complex)."""
    q = require_finite_array("q", q, positive=True)
    omega = require_finite_array("omega", omega)
    ratio = gross_kohn(omega, params, fgk_real) / params.f0
    return (1.0 + np.exp(-params.k * q**2) * (ratio - 1.0)) * mcp07_static(q, params)


@dataclass(frozen=True)
class XCKernel:
    """An xc kernel of the HEG at one rs, with the three evaluations the book needs."""

    name: str
    gas: ElectronGas
    correlation: str = "pz81"
    fgk_real: str = "published"

    def __post_init__(self):
        object.__setattr__(self, "name", require_choice("kernel", self.name, KERNELS))
        object.__setattr__(
            self,
            "correlation",
            require_choice("correlation parametrization", self.correlation, CORRELATIONS),
        )
        object.__setattr__(
            self, "fgk_real", require_choice("fgk_real", self.fgk_real, FGK_REAL_FORMS)
        )

    @property
    def params(self) -> MCP07Parameters:
        return mcp07_parameters(self.gas.rs, self.correlation)

    @property
    def is_dynamic(self) -> bool:
        return self.name == "mcp07"

    def static(self, q):
        """f_xc(q, omega = 0), real (hartree bohr^3)."""
        q = require_finite_array("q", q, positive=True)
        if self.name == "rpa":
            return np.zeros_like(q)
        if self.name == "alda":
            return np.full_like(q, self.params.f0)
        return mcp07_static(q, self.params)

    def __call__(self, q, omega):
        """f_xc(q, omega) broadcast over q and omega (complex, hartree bohr^3)."""
        q = require_finite_array("q", q, positive=True)
        omega = require_finite_array("omega", omega)
        if self.is_dynamic:
            return mcp07_dynamic(q, omega, self.params, self.fgk_real)
        static = self.static(q)
        return np.broadcast_to(static, np.broadcast_shapes(q.shape, omega.shape)).astype(complex)

    def domega_at_zero(self, q):
        """d f_xc / d omega at omega = 0 (purely imaginary, hartree^0 bohr^3): the viscosity.

        For MCP07, f_GK'(0) = -i c b^(5/4) (h is even, g'(0) = 1)."""
        q = require_finite_array("q", q, positive=True)
        if not self.is_dynamic:
            return np.zeros(q.shape, dtype=complex)
        p = self.params
        dfgk = -1j * C_GK * p.b_gk**1.25
        return np.exp(-p.k * q**2) * (dfgk / p.f0) * mcp07_static(q, p)


def make_kernel(
    name: str, rs: float, correlation: str = "pz81", fgk_real: str = "published"
) -> XCKernel:
    """Kernel by name (``rpa``, ``alda``, ``mcp07_static``, ``mcp07``) for the HEG at ``rs``."""
    return XCKernel(name, ElectronGas(rs), correlation, fgk_real)
