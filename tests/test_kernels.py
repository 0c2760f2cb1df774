"""Correlation energies and xc kernels against finite differences, limits, literature values
(physics notes, sec. 4) and an independent Kramers-Kronig quadrature."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.electron_liquid.correlation import correlation_energy
from currentforces.electron_liquid.gas import ElectronGas
from currentforces.electron_liquid.kernels import (
    GAMMA_GK,
    alda_kernel,
    gk_g,
    gk_h_kramers_kronig,
    gk_h_published,
    gradient_coefficient,
    gross_kohn,
    make_kernel,
    mcp07_parameters,
    mcp07_static,
)

P2 = mcp07_parameters(2.0, "pz81")


@pytest.mark.parametrize("name", ["pz81", "pw92"])
@pytest.mark.parametrize("rs", [0.7, 1.5, 2.0, 5.0])
def test_correlation_derivatives_match_finite_differences(name, rs):
    h = 1e-4
    e, d1, d2 = correlation_energy(rs, name)
    ep, em = correlation_energy(rs + h, name)[0], correlation_energy(rs - h, name)[0]
    assert d1 == pytest.approx((ep - em) / (2 * h), rel=1e-6)
    assert d2 == pytest.approx((ep - 2 * e + em) / h**2, rel=1e-4)


def test_pz81_and_pw92_fit_the_same_data():
    for rs in (1.0, 2.0, 5.0, 10.0):
        assert correlation_energy(rs, "pz81")[0] == pytest.approx(
            correlation_energy(rs, "pw92")[0], abs=1.5e-3
        )


def test_pw92_literature_value():
    # PW92 (PRB 45, 13244), unpolarized: eps_c(rs = 2) = -0.0448 hartree (to 3 figures)
    assert correlation_energy(2.0, "pw92")[0] == pytest.approx(-0.0448, abs=5e-5)


def test_unknown_parametrization_is_named():
    with pytest.raises(ValueError, match="correlation parametrization"):
        correlation_energy(2.0, "vwn")


def test_sanity_values_from_physics_notes():
    assert P2.f0 == pytest.approx(-3.64896104, rel=1e-8)
    assert P2.f_inf == pytest.approx(-1.00222378, rel=1e-8)
    assert pytest.approx(0.82653404, rel=1e-8) == P2.B
    assert mcp07_static(ElectronGas(2.0).kF, P2) == pytest.approx(-3.374497, rel=1e-6)
    f = gross_kohn(0.5, P2)
    assert f.real == pytest.approx(-2.99484, abs=1e-5)
    assert f.imag == pytest.approx(-1.15631, abs=1e-5)


def test_alda_is_second_density_derivative_of_n_eps_xc():
    def n_eps_xc(n):
        rs = (3 / (4 * math.pi * n)) ** (1 / 3)
        kf = (3 * math.pi**2 * n) ** (1 / 3)
        return n * (-3 * kf / (4 * math.pi) + correlation_energy(rs, "pz81")[0])

    n, h = ElectronGas(2.0).n, 1e-5 * ElectronGas(2.0).n
    fd = (n_eps_xc(n + h) - 2 * n_eps_xc(n) + n_eps_xc(n - h)) / h**2
    assert alda_kernel(2.0) == pytest.approx(fd, rel=1e-5)


def test_static_mcp07_limits():
    kf = ElectronGas(2.0).kF
    assert mcp07_static(1e-4, P2) == pytest.approx(P2.f0, rel=1e-7)
    q = 200 * kf  # exp(-k q^2) underflows: f = -4 pi B/q^2 - 4 pi C/kF^2 (1 + O(q^-4))
    expected = -4 * math.pi * P2.B / q**2 - 4 * math.pi * P2.C / kf**2
    assert mcp07_static(q, P2) == pytest.approx(expected, rel=1e-7)


def test_static_mcp07_gradient_expansion():
    # f = f0 + 2 Cxc q^2 / n^(4/3) + O(q^4)
    n = ElectronGas(2.0).n
    q = np.array([1e-3, 2e-3])
    slope = (mcp07_static(q, P2) - P2.f0) / q**2
    expected = 2 * gradient_coefficient(2.0) / n ** (4 / 3)
    assert slope[0] == pytest.approx(expected, rel=1e-4)


def test_gross_kohn_limits_and_retardation():
    assert gross_kohn(0.0, P2) == pytest.approx(P2.f0, rel=1e-12)
    assert gross_kohn(1e7, P2).real == pytest.approx(P2.f_inf, rel=1e-4)
    w = np.linspace(1e-3, 20, 200)
    for form in ("published", "kk"):
        f = gross_kohn(w, P2, form)
        assert np.all(f.imag < 0)
        np.testing.assert_allclose(gross_kohn(-w, P2, form), np.conj(f), rtol=1e-12)


def test_kk_partner_at_zero_is_one_over_gamma():
    assert gk_h_kramers_kronig(0.0) == pytest.approx(1 / GAMMA_GK, rel=1e-10)
    assert gk_h_published(0.0) == pytest.approx(1 / GAMMA_GK, rel=1e-14)


@pytest.mark.parametrize("x", [0.1, 0.7, 1.0, 1.5, 3.0, 10.0, 80.0])
def test_kk_partner_against_scipy_cauchy_quadrature(x):
    # P int_0^inf t g(t)/(t^2-x^2) dt = (1/2) [P int g/(t-x) + int g/(t+x)]
    def g(t):
        return float(gk_g(t))

    top = 50 * x + 50
    pv, _ = quad(g, 0, top, weight="cauchy", wvar=x, limit=500)
    tail, _ = quad(lambda t: g(t) / (t - x), top, np.inf, limit=500)
    plus, _ = quad(lambda t: g(t) / (t + x), 0, np.inf, limit=500)
    ref = (1 / math.pi) * (pv + tail + plus)
    assert float(gk_h_kramers_kronig(x)) == pytest.approx(ref, rel=1e-7, abs=1e-10)


def test_published_real_part_differs_from_kk_partner():
    # physics notes: tens of percent near x ~ 1-2
    x = np.array([1.0, 1.5])
    rel = np.abs(gk_h_published(x) - gk_h_kramers_kronig(x)) / np.abs(gk_h_kramers_kronig(x))
    assert np.all(rel > 0.1)


def test_kernel_factory_and_viscosity():
    kf = ElectronGas(2.0).kF
    q = np.array([0.1, 1.0, 3.0]) * kf
    assert np.all(make_kernel("rpa", 2.0)(q, 0.3) == 0)
    np.testing.assert_allclose(make_kernel("alda", 2.0)(q, 0.3).real, P2.f0)
    st = make_kernel("mcp07_static", 2.0)
    np.testing.assert_allclose(st(q, 0.3), st.static(q))
    dyn = make_kernel("mcp07", 2.0)
    np.testing.assert_allclose(dyn(q, 0.0).real, st.static(q), rtol=1e-12)
    w = 1e-6
    slope = (dyn(q, w) - dyn(q, 0.0)) / w
    np.testing.assert_allclose(slope, dyn.domega_at_zero(q), rtol=1e-5)
    assert np.all(dyn.domega_at_zero(q).imag < 0)


@pytest.mark.parametrize(
    "kw,match",
    [
        ({"name": "mcp08", "gas": 2.0}, "kernel"),
        ({"name": "mcp07", "gas": -2.0}, "rs"),
        ({"name": "mcp07", "gas": 2.0, "correlation": "lda"}, "correlation"),
        ({"name": "mcp07", "gas": 2.0, "fgk_real": "fitted"}, "fgk_real"),
    ],
)
def test_kernel_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        make_kernel(**kw)
