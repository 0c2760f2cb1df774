"""Statics, Eqs. (10)-(11) and Appendix C: closed forms, a second quadrature method,
derivative identities and convergence of the equilibrium separation."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.core.quadrature import composite_gauss_legendre, q_grid
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.electron_liquid.response import chi_static
from currentforces.electron_liquid.thomas_fermi import thomas_fermi_chi, yukawa_energy, yukawa_force
from currentforces.impurity.pair_force_3d import force_c5_direct
from currentforces.impurity.statics import StaticPair

MCP07 = make_kernel("mcp07", 2.0)
KF = MCP07.gas.kF
PAIR = StaticPair(MCP07)


def test_composite_rule_integrates_polynomials_and_oscillations():
    x, w = composite_gauss_legendre(np.linspace(0, 3, 7), 8)
    assert w @ x**7 == pytest.approx(3**8 / 8, rel=1e-13)
    assert w @ np.sin(5 * x) == pytest.approx((1 - math.cos(15)) / 5, rel=1e-12)


def test_thomas_fermi_response_gives_yukawa():
    tf = StaticPair(
        MCP07,
        grid=q_grid(KF, d_max=10, q_max_over_kf=3000),
        chi_q0=lambda q: thomas_fermi_chi(q, KF),
    )
    d = np.array([1.0, 2.0, 5.0, 10.0])
    np.testing.assert_allclose(tf.energy(d), yukawa_energy(d, KF), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(tf.force(d), yukawa_force(d, KF), rtol=2e-5, atol=1e-9)


def test_force_is_minus_energy_derivative():
    d = np.array([2.0, 4.0, 5.1, 7.3, 12.0])
    h = 1e-4
    fd = -(PAIR.energy(d + h) - PAIR.energy(d - h)) / (2 * h)
    np.testing.assert_allclose(PAIR.force(d), fd, rtol=1e-6, atol=1e-12)
    fd2 = (PAIR.force(d + h) - PAIR.force(d - h)) / (2 * h)
    np.testing.assert_allclose(PAIR.force_derivative(d), fd2, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("d", [3.0, 5.1, 9.0])
def test_force_bracket_against_scipy_fourier_quadrature(d):
    # second method: QUADPACK with sine/cosine weights (QAWO on [0, 2kF], QAWF beyond)
    def chi_q3(q):
        return float(chi_static(q, MCP07)) / q**3

    def sin_part(a, b):
        return quad(chi_q3, a, b, weight="sin", wvar=d, limit=400)[0]

    def cos_part(a, b):
        return quad(lambda q: q * chi_q3(q), a, b, weight="cos", wvar=d, limit=400)[0]

    k2 = 2 * KF
    s = sin_part(1e-8, k2) + quad(chi_q3, k2, np.inf, weight="sin", wvar=d)[0]
    c = cos_part(1e-8, k2) + quad(lambda q: q * chi_q3(q), k2, np.inf, weight="cos", wvar=d)[0]
    reference = 1 + 8 * (s - d * c)
    assert float(PAIR.force_bracket(d)) == pytest.approx(reference, abs=2e-8)


def test_equilibrium_mcp07_converged_and_a_zero_of_the_force():
    eq = PAIR.equilibrium()
    assert abs(float(PAIR.force(eq.d))) < 1e-12
    assert eq.curvature > 0
    fine = StaticPair(MCP07, grid=q_grid(KF, 20.0, q_max_over_kf=240, n_per_panel=12, refine=2))
    assert fine.equilibrium().d == pytest.approx(eq.d, abs=1e-5)


def test_equilibrium_independent_of_charges():
    d1 = PAIR.equilibrium().d
    d2 = StaticPair(MCP07, Z1=1.0, Z2=3.0).equilibrium().d
    assert d2 == pytest.approx(d1, abs=1e-10)


def test_curvature_matches_energy_second_derivative():
    eq = PAIR.equilibrium()
    h = 1e-3
    u2 = (PAIR.energy(eq.d + h) - 2 * PAIR.energy(eq.d) + PAIR.energy(eq.d - h)) / h**2
    assert eq.curvature == pytest.approx(float(u2), rel=1e-5)


def test_no_equilibrium_in_range_is_a_clear_error():
    with pytest.raises(ValueError, match=r"no stable equilibrium.*\[5.5, 6.5\]"):
        PAIR.equilibrium(5.5, 6.5)


@pytest.mark.parametrize(
    "kw,match",
    [({"d_min": -1.0}, "d_min"), ({"d_min": 8, "d_max": 3}, "d_min"), ({"d_max": 50.0}, "d_max")],
)
def test_bad_search_range(kw, match):
    with pytest.raises(ValueError, match=match):
        PAIR.equilibrium(**kw)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_bad_charge(bad):
    with pytest.raises(ValueError, match="Z1"):
        StaticPair(MCP07, Z1=bad)


def test_bad_separation():
    with pytest.raises(ValueError, match="d"):
        PAIR.force(np.array([1.0, -2.0]))


@pytest.mark.parametrize("d", [3.0, 5.1])
def test_c5_direct_3d_matches_eq10_only_with_plus_exponent(d):
    grid = q_grid(KF, d_max=20.0, q_max_over_kf=20.0)
    pair = StaticPair(MCP07, grid=grid)
    f10 = float(pair.force(d))
    plus = force_c5_direct(d, pair.chi_nodes, grid, exponent_sign=-1)
    printed = force_c5_direct(d, pair.chi_nodes, grid, exponent_sign=+1)
    coulomb = 1 / d**2
    np.testing.assert_allclose(plus.real, [0, 0, f10], atol=1e-12 + 1e-9 * abs(f10))
    assert np.max(np.abs(plus.imag)) < 1e-12
    # as printed, the electronic term has the opposite sign: anti-screening
    assert printed[2].real - coulomb == pytest.approx(-(f10 - coulomb), rel=1e-9)


@pytest.mark.parametrize("rs", [1.0, 2.0, 4.0, 6.0])
@pytest.mark.parametrize("name", ["mcp07", "rpa", "alda"])
def test_scan_by_angle_addition_and_root_refinement_against_direct_evaluation(rs, name):
    # the equilibria's scan (angle addition, matrix products) against the bracket evaluated
    # directly; Newton's refinement against Chandrupatla's bracketing method and against
    # scipy's Brent on the force itself
    from scipy.optimize import brentq

    pair = StaticPair(make_kernel(name, rs), 1.0, 1.0)
    d = np.linspace(1.0, 20.0, 173)
    scan = pair._force_bracket_scan(1.0, d[1] - d[0], d.size)
    assert np.max(np.abs(scan - pair.force_bracket(d))) < 1e-13
    g = pair.force(d)
    j = np.nonzero((g[:-1] > 0) & (g[1:] <= 0))[0]
    assert j.size >= 2
    newton = pair._refine_roots(d[j], d[j + 1], g[j], g[j + 1], 1e-12)
    bracketing = pair._refine_roots(d[j], d[j + 1], g[j], g[j + 1], 1e-12, newton_steps=0)
    brent = [brentq(lambda x: float(pair.force(x)), d[i], d[i + 1], xtol=1e-13) for i in j]
    assert newton == pytest.approx(bracketing, abs=2e-12)
    assert newton == pytest.approx(brent, abs=2e-12)
    assert np.all(np.abs(pair.force(newton)) < 1e-12)
