"""Exchange-correlation kernels f_xc(q, omega) of the HEG entering Eq. (17).

Units: q in bohr^-1, omega in hartree, f_xc in hartree bohr^3.

Kernels (one class each, selected by name in :func:`make_kernel`; the names are
:data:`currentforces.core.registry.KERNELS`):

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
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import gamma as gamma_fn

from ..core.inputs import require_choice, require_finite_array
from ..core.quadrature import gauss_legendre
from ..core.registry import CORRELATIONS, FGK_REAL_FORMS, KERNELS
from .correlation import _PARAMETRIZATIONS
from .gas import ElectronGas

__all__ = [
    "ALDAKernel",
    "MCP07Kernel",
    "MCP07Parameters",
    "MCP07StaticKernel",
    "RMCP07Kernel",
    "RPAKernel",
    "XCKernel",
    "alda_kernel",
    "gross_kohn",
    "kernel_label",
    "kernel_style",
    "make_kernel",
    "mcp07_parameters",
    "mcp07_static",
]

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


def _as_gas(gas) -> ElectronGas:
    """An :class:`ElectronGas` from a gas or a density parameter rs (bohr)."""
    return gas if isinstance(gas, ElectronGas) else ElectronGas(gas)


def _long_wavelength_constants(rs, correlation: str):
    """f0, f_inf (hartree bohr^3) and the Gross-Kohn scale b_gk (hartree^-2) at rs (vectorized).

    f0 = -pi/kF^2 + (rs/9n)(rs eps_c'' - 2 eps_c') (ALDA), f_inf the high-frequency limit of
    f_GK, b_gk = [(gamma/c)(f_inf - f0)]^(4/3); the one implementation behind
    :func:`alda_kernel`, :func:`mcp07_parameters` and :meth:`XCKernel.long_wavelength_slope`.
    """
    rs = np.asarray(rs, dtype=float)
    n = 3.0 / (4.0 * math.pi * rs**3)
    kF = (9.0 * math.pi / 4.0) ** (1.0 / 3.0) / rs
    eps_c, d1, d2 = _PARAMETRIZATIONS[correlation](rs)
    f0 = -math.pi / kF**2 + rs / (9.0 * n) * (rs * d2 - 2.0 * d1)
    f_inf = -0.2 * (3.0 / (math.pi * n**2)) ** (1.0 / 3.0) - (22.0 * eps_c + 26.0 * rs * d1) / (
        15.0 * n
    )
    b_gk = ((GAMMA_GK / C_GK) * (f_inf - f0)) ** (4.0 / 3.0)
    return f0, f_inf, b_gk


def _alda(gas: ElectronGas, correlation: str) -> float:
    return float(_long_wavelength_constants(gas.rs, correlation)[0])


def _gross_kohn_slope_at(rs, correlation: str) -> np.ndarray:
    """Im f_GK'(0) = -c b_gk^(5/4) at rs (bohr^3; vectorized): the viscosity of the GK kernel."""
    return -C_GK * _long_wavelength_constants(rs, correlation)[2] ** 1.25


def alda_kernel(gas: ElectronGas | float, correlation: str = "pz81") -> float:
    """The ALDA kernel f0 = d^2(n eps_xc)/dn^2 of the HEG (hartree bohr^3).

    f0 = -pi/kF^2 + (rs/9n)(rs eps_c'' - 2 eps_c'), primes d/drs.

    Parameters
    ----------
    gas : ElectronGas or float
        The gas, or its density parameter rs (bohr).
    correlation : {"pz81", "pw92"}
        Parametrization of the correlation energy.

    Examples
    --------
    >>> round(alda_kernel(2.0), 8)
    -3.64896104
    """
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    return _alda(_as_gas(gas), correlation)


def gradient_coefficient(rs: float) -> float:
    """C_xc(rs) of the gradient expansion (Rasolt-Geldart beta(rs) for correlation)."""
    beta = 0.066725 * (1.0 + 3.0 * rs * (1.046 + 0.1 * rs)) / (1.0 + 3.0 * rs * (1.0 + 0.1778 * rs))
    return (
        -5.0 / (216.0 * math.pi * (3.0 * math.pi**2) ** (1.0 / 3.0))
        + beta * (math.pi / 3.0) ** (1.0 / 3.0) / 16.0
    )


@lru_cache(maxsize=64)
def _mcp07_parameters(gas: ElectronGas, correlation: str) -> MCP07Parameters:
    rs, n, kF = gas.rs, gas.n, gas.kF
    eps_c, d1, _ = _PARAMETRIZATIONS[correlation](rs)
    f0, f_inf, b_gk = (float(x) for x in _long_wavelength_constants(rs, correlation))
    A = -(kF**2) * f0 / (4.0 * math.pi)
    x = math.sqrt(rs)
    B = (1.0 + 2.15 * x + 0.435 * x**3) / (3.0 + 1.57 * x + 0.409 * x**3)
    C = -(math.pi / (2.0 * kF)) * (eps_c + rs * d1)
    k = A / (B * kF**2)
    E = 2.0 * gradient_coefficient(rs) / (4.0 * math.pi * B * n ** (4.0 / 3.0)) - 0.5 * k**2
    return MCP07Parameters(rs, correlation, n, kF, f0, f_inf, A, B, C, k, E, b_gk)


def mcp07_parameters(gas: ElectronGas | float, correlation: str = "pz81") -> MCP07Parameters:
    """All constants of the MCP07 kernel at one density (cached).

    Parameters
    ----------
    gas : ElectronGas or float
        The gas, or its density parameter rs (bohr).
    correlation : {"pz81", "pw92"}
        Parametrization of the correlation energy.

    Returns
    -------
    MCP07Parameters
        f0 and f_inf (hartree bohr^3), A, B, C (dimensionless), k (bohr^2), E (bohr^4), and the
        Gross-Kohn scale b_gk (hartree^-2).

    Examples
    --------
    >>> p = mcp07_parameters(2.0)
    >>> round(p.f0, 8), round(p.f_inf, 8), round(p.B, 8)
    (-3.64896104, -1.00222378, 0.82653404)
    """
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    return _mcp07_parameters(_as_gas(gas), correlation)


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
    u, w = gauss_legendre(n_nodes)
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


def _gross_kohn(omega: np.ndarray, params: MCP07Parameters, real_part: str) -> np.ndarray:
    """f_inf - c b^(3/4) [h(x) + i g(x)] with h by name: "published", "kk" or "revised" (rMCP07)."""
    x = math.sqrt(params.b_gk) * omega
    scale = C_GK * params.b_gk**0.75
    return params.f_inf - scale * (_GK_REAL_PARTS[real_part](x) + 1j * gk_g(x))


def _gross_kohn_slope(params: MCP07Parameters) -> complex:
    """f_GK'(0) = -i c b^(5/4): h is even and g'(0) = 1 (every real part alike)."""
    return -1j * C_GK * params.b_gk**1.25


def gross_kohn(
    omega: ArrayLike, params: MCP07Parameters, fgk_real: str = "published"
) -> np.ndarray:
    """The Gross-Kohn long-wavelength kernel f_GK(omega) of MCP07 (hartree bohr^3).

    f_GK = f_inf - c b^(3/4) [h(x) + i g(x)], x = sqrt(b) omega. Retarded: Im f_GK < 0 for
    omega > 0, f_GK(-omega) = conj f_GK(omega), f_GK(0) = f0.

    Parameters
    ----------
    omega : array_like
        Frequencies (hartree).
    params : MCP07Parameters
        From :func:`mcp07_parameters`.
    fgk_real : {"published", "kk"}
        Re f_GK as published with MCP07, or the Kramers-Kronig partner of Im f_GK.

    Examples
    --------
    >>> f = complex(gross_kohn(0.5, mcp07_parameters(2.0)))
    >>> round(f.real, 5), round(f.imag, 5)
    (-2.99484, -1.15631)
    """
    fgk_real = require_choice("fgk_real", fgk_real, FGK_REAL_FORMS)
    return _gross_kohn(require_finite_array("omega", omega), params, fgk_real)


def _mcp07_static(q: np.ndarray, params: MCP07Parameters) -> np.ndarray:
    kq2 = params.k * q**2
    # (1 + E q^4) e^{-kq^2} - 1 = expm1(-kq^2) + E q^4 e^{-kq^2}, no cancellation at small q
    bracket = np.expm1(-kq2) + params.E * q**4 * np.exp(-kq2)
    return 4.0 * math.pi * params.B / q**2 * bracket - 4.0 * math.pi * params.C / params.kF**2 / (
        1.0 + 1.0 / kq2**2
    )


def mcp07_static(q: ArrayLike, params: MCP07Parameters) -> np.ndarray:
    """The static MCP07 kernel f(q, 0) (hartree bohr^3).

    f(q, 0) = (4 pi B/q^2)[(1 + E q^4) exp(-k q^2) - 1] - (4 pi C/kF^2) / (1 + 1/(k q^2)^2).

    Parameters
    ----------
    q : array_like
        Wave vectors (bohr^-1), > 0.
    params : MCP07Parameters
        From :func:`mcp07_parameters`.

    Examples
    --------
    >>> p = mcp07_parameters(2.0)
    >>> round(float(mcp07_static(p.kF, p)), 6)
    -3.374497
    """
    return _mcp07_static(require_finite_array("q", q, positive=True), params)


_CLASSES: dict[str, type] = {}
"""Every kernel class by its ``name`` (filled as the classes are defined)."""


@dataclass(frozen=True)
class XCKernel:
    """An exchange-correlation kernel f_xc(q, omega) of the HEG at one density.

    The base class of :class:`RPAKernel`, :class:`ALDAKernel`, :class:`MCP07StaticKernel` and
    :class:`MCP07Kernel`; build one with :func:`make_kernel`. The public methods check their
    arguments; the underscored ones (used by the response functions in inner loops) do not.

    A kernel class declares its ``name`` (the key of :func:`make_kernel`, listed in
    :data:`currentforces.core.registry.KERNELS`), its ``label`` for text and legends, its
    matplotlib ``style`` (line style, colour), whether it depends on frequency (``is_dynamic``)
    and, for a dynamic kernel, the registered kernel that equals it at omega = 0
    (``static_limit``): against that one its viscosity alone is measured.

    Parameters
    ----------
    gas : ElectronGas
        The electron gas.
    correlation : {"pz81", "pw92"}
        Parametrization of the correlation energy (ALDA and MCP07).
    fgk_real : {"published", "kk"}
        Form of Re f_GK (dynamic MCP07 only).

    """

    gas: ElectronGas
    correlation: str = "pz81"
    fgk_real: str = "published"
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    style: ClassVar[tuple[str, str]] = ("-.", "C4")
    is_dynamic: ClassVar[bool] = False
    static_limit: ClassVar[str | None] = None  # the kernel that is this one at omega = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:  # a concrete kernel: known by its name
            _CLASSES[cls.name] = cls

    def __post_init__(self):
        if not isinstance(self.gas, ElectronGas):
            raise TypeError(f"gas must be an ElectronGas, got {self.gas!r}")
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
        """The MCP07 constants at this density (also defines f0 for ALDA)."""
        return _mcp07_parameters(self.gas, self.correlation)

    def static(self, q: ArrayLike) -> np.ndarray:
        """f_xc(q, omega = 0), real (hartree bohr^3), for wave vectors ``q`` > 0 (bohr^-1)."""
        return self._static(require_finite_array("q", q, positive=True))

    def __call__(self, q: ArrayLike, omega: ArrayLike) -> np.ndarray:
        """f_xc(q, omega) broadcast over q (bohr^-1) and omega (hartree); complex."""
        q = require_finite_array("q", q, positive=True)
        return self._dynamic(q, require_finite_array("omega", omega))

    def domega_at_zero(self, q: ArrayLike) -> np.ndarray:
        """d f_xc / d omega at omega = 0 (purely imaginary, bohr^3): the viscosity."""
        return self._domega(require_finite_array("q", q, positive=True))

    @classmethod
    def long_wavelength_slope(cls, rs: ArrayLike, correlation: str = "pz81") -> np.ndarray:
        """Im d f_xc(q -> 0, omega)/d omega at omega = 0 (bohr^3), vectorized over rs (bohr).

        The local (q -> 0) viscosity of the kernel: Im f_xc^L(omega) = omega S + O(omega^2) with
        S = -(4 eta/3 + zeta)/n^2. Zero for a static kernel. Used on the local density of an
        inhomogeneous system by :func:`currentforces.nonlinear_friction`.

        Examples
        --------
        >>> float(make_kernel("alda", 2.0).long_wavelength_slope(2.0))
        0.0
        >>> k = make_kernel("mcp07", 2.0)
        >>> bool(abs(k.long_wavelength_slope(2.0) / complex(k.domega_at_zero(1e-4)).imag - 1) < 1e-6)
        True
        """
        correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
        return cls._long_wavelength_slope(
            require_finite_array("rs", rs, positive=True), correlation
        )

    @classmethod
    def _long_wavelength_slope(cls, rs: np.ndarray, correlation: str) -> np.ndarray:
        return np.zeros_like(rs, dtype=float)

    def _static(self, q: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _dynamic(self, q: np.ndarray, omega: np.ndarray) -> np.ndarray:
        static = self._static(q)
        return np.broadcast_to(static, np.broadcast_shapes(q.shape, omega.shape)).astype(complex)

    def _domega(self, q: np.ndarray) -> np.ndarray:
        return np.zeros(q.shape, dtype=complex)


@dataclass(frozen=True)
class RPAKernel(XCKernel):
    """The random phase approximation, f_xc = 0."""

    name: ClassVar[str] = "rpa"
    label: ClassVar[str] = "RPA"
    style: ClassVar[tuple[str, str]] = ("--", "C3")

    def _static(self, q: np.ndarray) -> np.ndarray:
        return np.zeros_like(q)


@dataclass(frozen=True)
class ALDAKernel(XCKernel):
    """The adiabatic local-density kernel f_xc = f0, the q -> 0, omega -> 0 limit."""

    name: ClassVar[str] = "alda"
    label: ClassVar[str] = "ALDA"
    style: ClassVar[tuple[str, str]] = ("-.", "C1")

    def _static(self, q: np.ndarray) -> np.ndarray:
        return np.full_like(q, self.params.f0)


@dataclass(frozen=True)
class MCP07StaticKernel(XCKernel):
    """The static MCP07 kernel f(q, 0) at every frequency: wave-vector dependence only."""

    name: ClassVar[str] = "mcp07_static"
    label: ClassVar[str] = "static MCP07"
    style: ClassVar[tuple[str, str]] = (":", "C2")

    def _static(self, q: np.ndarray) -> np.ndarray:
        return _mcp07_static(q, self.params)


@dataclass(frozen=True)
class MCP07Kernel(MCP07StaticKernel):
    """The dynamic MCP07 kernel of Ruzsinszky et al. (the paper's Ref. 16).

    f(q, omega) = [1 + exp(-k q^2)(f_GK(omega)/f0 - 1)] f(q, 0); its imaginary part, linear in
    omega at small omega, is the electronic viscosity.

    Examples
    --------
    >>> k = make_kernel("mcp07", 2.0)
    >>> complex(k(k.gas.kF, 0.0)).real == float(k.static(k.gas.kF))
    True
    """

    name: ClassVar[str] = "mcp07"
    label: ClassVar[str] = "MCP07"
    style: ClassVar[tuple[str, str]] = ("-", "C0")
    is_dynamic: ClassVar[bool] = True
    static_limit: ClassVar[str | None] = "mcp07_static"

    def _dynamic(self, q: np.ndarray, omega: np.ndarray) -> np.ndarray:
        p = self.params
        # f_GK depends on omega only, and the callers pass few distinct frequencies for many q
        distinct, where = np.unique(omega, return_inverse=True)
        ratio = (_gross_kohn(distinct, p, self.fgk_real) / p.f0)[where.reshape(omega.shape)]
        return (1.0 + np.exp(-p.k * q**2) * (ratio - 1.0)) * _mcp07_static(q, p)

    def _domega(self, q: np.ndarray) -> np.ndarray:
        p = self.params
        return np.exp(-p.k * q**2) * (_gross_kohn_slope(p) / p.f0) * _mcp07_static(q, p)

    @classmethod
    def _long_wavelength_slope(cls, rs: np.ndarray, correlation: str) -> np.ndarray:
        return _gross_kohn_slope_at(rs, correlation)


RMCP07_FIT: tuple[float, float, float, float] = (3.846991, 0.471351, 4.346063, 0.881313)
"""The constants a, b, c, d of the frequency scaling of rMCP07 (Kaplan et al., PRB 105, 035123
(2022), as in the authors' code AKCK_LFF/rMCP07.py)."""

_GKI_REVISED = (0.174724, 3.224459, 2.221196, 1.891998)


def gki_h_revised(x):
    """The real part h(x) of the revised Gross-Kohn-Iwamoto kernel of rMCP07 (even in x).

    h(x) = (1/gamma)(1 - a x^2)/(1 + b x^2 + c x^4 + d x^6 + (a/gamma)^(16/7) x^8)^(7/16),
    a fit to the Kramers-Kronig partner of g(x) (Kaplan et al. 2022), dimensionless: h(0) =
    1/gamma, and it follows :func:`gk_h_kramers_kronig` to 3.3e-3 of h(0).

    Examples
    --------
    >>> round(float(gki_h_revised(0.0) * GAMMA_GK), 12)
    1.0
    >>> round(float(gki_h_revised(1.0)), 3), round(float(gk_h_kramers_kronig(1.0)), 3)
    (0.249, 0.248)
    """
    x = np.asarray(x, dtype=float)
    a, b, c, d = _GKI_REVISED
    x2 = x * x
    den = 1.0 + x2 * (b + x2 * (c + x2 * (d + x2 * (a / GAMMA_GK) ** (16.0 / 7.0))))
    return (1.0 - a * x2) / (GAMMA_GK * den ** (7.0 / 16.0))


_GK_REAL_PARTS = {
    "published": gk_h_published,
    "kk": gk_h_kramers_kronig,
    "revised": gki_h_revised,
}
"""The real parts h(x) of f_GK by name (MCP07's two forms and rMCP07's revised one)."""


@dataclass(frozen=True)
class RMCP07Kernel(MCP07StaticKernel):
    """The revised MCP07 kernel rMCP07 of Kaplan, Nepal, Ruzsinszky, Ballone and Perdew (2022).

    f(q, omega) = [1 + exp(-(q/k_s)^2)(f_GKI(p(q) omega)/f0 - 1)] f(q, 0), with the static MCP07
    f(q, 0), the revised Gross-Kohn-Iwamoto f_GKI (:func:`gki_h_revised` and the g of MCP07),
    k_s = kF (a + b kF^(3/2))/(1 + kF^2) and the frequency scale
    p(q) = (rs/c)^2 + [1 - (rs/c)^2] exp(-d (q/k_s)^2) (constants :data:`RMCP07_FIT`).
    ``fgk_real`` does not apply (its real part is the revised one).

    Examples
    --------
    >>> k = make_kernel("rmcp07", 2.0)
    >>> complex(k(k.gas.kF, 0.0)).real == float(k.static(k.gas.kF))
    True
    """

    name: ClassVar[str] = "rmcp07"
    label: ClassVar[str] = "rMCP07"
    style: ClassVar[tuple[str, str]] = ("-", "C5")
    is_dynamic: ClassVar[bool] = True
    static_limit: ClassVar[str | None] = "mcp07_static"

    def _scales(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b, c, d = RMCP07_FIT
        kF, rs = self.params.kF, self.params.rs
        ks = kF * (a + b * kF**1.5) / (1.0 + kF**2)
        s = (rs / c) ** 2
        return np.exp(-((q / ks) ** 2)), s + (1.0 - s) * np.exp(-d * (q / ks) ** 2)

    def _dynamic(self, q: np.ndarray, omega: np.ndarray) -> np.ndarray:
        p = self.params
        weight, scale = self._scales(q)
        ratio = _gross_kohn(omega * scale, p, "revised") / p.f0
        return (1.0 + weight * (ratio - 1.0)) * _mcp07_static(q, p)

    def _domega(self, q: np.ndarray) -> np.ndarray:
        # d/dw f_GKI(p w) at 0 = p f_GKI'(0)
        p = self.params
        weight, scale = self._scales(q)
        return weight * scale * (_gross_kohn_slope(p) / p.f0) * _mcp07_static(q, p)

    @classmethod
    def _long_wavelength_slope(cls, rs: np.ndarray, correlation: str) -> np.ndarray:
        # at q -> 0 the weight and the frequency scale p(q) of rMCP07 are 1: MCP07's slope
        return _gross_kohn_slope_at(rs, correlation)


_missing = set(KERNELS) ^ set(_CLASSES)
if _missing:  # pragma: no cover - a kernel class without a registry line, or the reverse
    raise ImportError(f"kernels and registry disagree: {sorted(_missing)}")
KERNEL_CLASSES: dict[str, type[XCKernel]] = {name: _CLASSES[name] for name in KERNELS}
"""The kernel classes in the order of :data:`currentforces.core.registry.KERNELS`."""


def kernel_label(name: str) -> str:
    """The label of a kernel for text and legends, e.g. 'static MCP07'."""
    return KERNEL_CLASSES[require_choice("kernel", name, KERNELS)].label


def kernel_style(name: str) -> tuple[str, str]:
    """The (line style, colour) of a kernel in the book's figures."""
    return KERNEL_CLASSES[require_choice("kernel", name, KERNELS)].style


def make_kernel(
    name: str,
    gas: ElectronGas | float,
    correlation: str = "pz81",
    fgk_real: str = "published",
) -> XCKernel:
    """An exchange-correlation kernel by name.

    Parameters
    ----------
    name : {"rpa", "alda", "mcp07_static", "mcp07", "rmcp07"}
        The kernel (:data:`currentforces.core.registry.KERNELS`).
    gas : ElectronGas or float
        The electron gas, or its density parameter rs (bohr).
    correlation : {"pz81", "pw92"}
        Parametrization of the correlation energy.
    fgk_real : {"published", "kk"}
        Form of Re f_GK of the dynamic MCP07 kernel.

    Returns
    -------
    XCKernel
        f_xc(q, omega) in hartree bohr^3 via ``kernel(q, omega)``, ``kernel.static(q)`` and
        ``kernel.domega_at_zero(q)``.

    Examples
    --------
    >>> k = make_kernel("alda", 2.0)
    >>> round(float(k.static(1.0)), 8)
    -3.64896104
    """
    cls = KERNEL_CLASSES[require_choice("kernel", name, KERNELS)]
    return cls(_as_gas(gas), correlation, fgk_real)
