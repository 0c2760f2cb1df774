"""The interacting response of Eq. (17) against sum rules, limits and Kramers-Kronig."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.electron_liquid.correlation import correlation_energy
from currentforces.electron_liquid.gas import ElectronGas
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.electron_liquid.response import chi_domega_at_zero, chi_interacting, chi_static

GAS = ElectronGas(2.0)
KF, N, WP = GAS.kF, GAS.n, GAS.omega_p
KERNELS = [make_kernel(k, 2.0) for k in ("rpa", "alda", "mcp07_static", "mcp07")]


@pytest.mark.parametrize("kernel", KERNELS + [make_kernel("mcp07", 2.0, fgk_real="kk")])
def test_imaginary_part_is_retarded(kernel):
    q = np.linspace(0.05, 3.0, 40)[:, None] * KF
    w = np.linspace(1e-3, 3.0, 120)[None, :]
    assert np.all(chi_interacting(q, w, kernel).imag <= 0)


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("w", [0.2, 0.45, 1.0, 2.0])
def test_long_wavelength_screening(kernel, w):
    # 1 + (4 pi/q^2) chi(q -> 0, w) -> w^2/(w^2 - wp^2)
    q = 1e-4
    eps_inv = 1 + 4 * math.pi / q**2 * chi_interacting(q, w, kernel)
    assert eps_inv.real == pytest.approx(w**2 / (w**2 - WP**2), rel=1e-5)


@pytest.mark.parametrize("name", ["rpa", "alda", "mcp07"])
def test_compressibility_sum_rule(name):
    # -(1/chi + 4 pi/q^2) at q -> 0 = d^2(n e(n))/dn^2, e = 3 kF^2/10 + eps_xc
    kernel = make_kernel(name, 2.0)

    def n_e(n):
        kf = (3 * math.pi**2 * n) ** (1 / 3)
        rs = (3 / (4 * math.pi * n)) ** (1 / 3)
        e = 0.3 * kf**2
        if name != "rpa":
            e += -3 * kf / (4 * math.pi) + correlation_energy(rs, "pz81")[0]
        return n * e

    h = 1e-5 * N
    expected = (n_e(N + h) - 2 * n_e(N) + n_e(N - h)) / h**2
    q = 1e-3
    lhs = -(1 / chi_static(q, kernel) + 4 * math.pi / q**2)
    assert lhs == pytest.approx(expected, rel=2e-5)


@pytest.mark.parametrize(
    "kernel", [make_kernel("rpa", 2.0), make_kernel("mcp07", 2.0, fgk_real="kk")]
)
def test_f_sum_rule_interacting(kernel):
    q = 1.5 * KF  # plasmon Landau-damped: all weight in the continuum for RPA
    top = q * KF + q**2 / 2

    def f(w):
        return w * float(chi_interacting(q, w, kernel).imag)

    val, _ = quad(f, 0, top, points=[abs(q * KF - q**2 / 2)], limit=400)
    if kernel.is_dynamic:
        tail, _ = quad(f, top, np.inf, limit=400)
        val += tail
    assert val == pytest.approx(-math.pi * N * q**2 / 2, rel=1e-6)


def _kk_residual(kernel, q, w):
    top = q * KF + q**2 / 2

    def f(x):
        return x * float(chi_interacting(q, x, kernel).imag) / (x + w)

    pv, _ = quad(f, 0, 4 * top, weight="cauchy", wvar=w, limit=400)
    tail, _ = quad(
        lambda x: x * float(chi_interacting(q, x, kernel).imag) / (x * x - w * w),
        4 * top,
        np.inf,
        limit=400,
    )
    return (2 / math.pi) * (pv + tail) - float(chi_interacting(q, w, kernel).real)


def test_kramers_kronig_rpa_and_kk_variant_consistent():
    q, w = 1.5 * KF, 0.8
    scale = abs(chi_interacting(q, w, make_kernel("rpa", 2.0)))
    assert abs(_kk_residual(make_kernel("rpa", 2.0), q, w)) < 1e-7 * scale
    assert abs(_kk_residual(make_kernel("mcp07", 2.0, fgk_real="kk"), q, w)) < 1e-6 * scale


def test_published_fgk_breaks_kramers_kronig_measurably():
    q, w = 0.5 * KF, 0.9
    scale = abs(chi_interacting(q, w, make_kernel("mcp07", 2.0)))
    assert abs(_kk_residual(make_kernel("mcp07", 2.0), q, w)) > 1e-4 * scale


@pytest.mark.parametrize("kernel", KERNELS)
def test_domega_at_zero_matches_finite_difference(kernel):
    q = np.array([0.3, 1.0, 1.9, 2.5]) * KF
    w = 1e-7
    fd = (chi_interacting(q, w, kernel) - chi_interacting(q, 0.0, kernel)) / w
    np.testing.assert_allclose(chi_domega_at_zero(q, kernel), fd, rtol=1e-5, atol=1e-8)
    assert np.all(chi_domega_at_zero(q, kernel).real == 0)


def test_static_matches_zero_frequency():
    q = np.linspace(0.01, 5, 50) * KF
    for kernel in KERNELS:
        np.testing.assert_allclose(
            chi_static(q, kernel), chi_interacting(q, 0.0, kernel).real, rtol=1e-12
        )
