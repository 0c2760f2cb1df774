"""The friction of a nucleus with its nonlinear screening cloud, Q = Q_KS + Q_dyn, and the
dynamics with it: against linear response (weak-Z limit), closed forms and identities."""

import numpy as np
import pytest
from scipy.integrate import quad

import currentforces as cf
from currentforces.dynamics.equations_of_motion import ImpurityDynamics
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.electron_liquid.lindhard import lindhard_static
from currentforces.evidence.viscous_friction import (
    nonlinear_friction_convergence,
    weak_coupling_limit,
)
from currentforces.impurity.friction import friction_coefficient, friction_parts
from currentforces.impurity.nonlinear_friction import _dissipation, nonlinear_friction
from currentforces.impurity.nuclei import proton_deuteron


@pytest.mark.parametrize("name", ["mcp07", "rmcp07"])
@pytest.mark.parametrize("rs", [1.0, 3.0, 6.0])
def test_long_wavelength_slope_is_the_kernels_own_slope_at_small_q(name, rs):
    # the vectorized closed form against the kernel's d f/d w at q -> 0 (through f(q, 0)/f0)
    k = make_kernel(name, rs)
    slope = float(k.long_wavelength_slope(rs))
    assert slope < 0  # retarded: Im f_xc < 0 for w > 0
    assert slope == pytest.approx(complex(k.domega_at_zero(1e-4 * k.gas.kF)).imag, rel=1e-6)


def test_static_kernels_have_no_slope_and_no_dynamic_friction():
    for name in ("rpa", "alda", "mcp07_static"):
        assert float(make_kernel(name, 2.0).long_wavelength_slope(2.0)) == 0.0
        for form in cf.FRICTION_FORMS:
            f = nonlinear_friction(1.0, 2.0, name, form)
            assert f.dynamic == 0.0 and f.total == f.kohn_sham
    # the LDA ground state for every kernel with xc, Hartree only for RPA
    lda = cf.screen_nucleus(1.0, 2.0).friction_coefficient
    assert nonlinear_friction(1.0, 2.0, "alda").kohn_sham == lda
    assert nonlinear_friction(1.0, 2.0, "rpa").kohn_sham != pytest.approx(lda, rel=1e-2)


def test_linear_parts_add_up_and_the_kohn_sham_part_is_lindhards_formula():
    for rs in (2.0, 5.0):
        k, a = make_kernel("mcp07", rs), make_kernel("alda", rs)
        parts = friction_parts(k)
        assert parts["total"] == pytest.approx(friction_coefficient(k), rel=1e-12)
        assert parts["dynamic"] > 0
        # Kohn-Sham part with ALDA screening: (4/3 pi) int_0^2kF dq/(q eps^2), eps with f0
        f0, kF = float(a.static(1.0)), a.gas.kF

        def integrand(q, kF=kF, f0=f0):
            eps = 1 - float(lindhard_static(q, kF)) * (4 * np.pi / q**2 + f0)
            return 1 / (q * eps**2)

        closed = 4 / (3 * np.pi) * quad(integrand, 0, 2 * kF, limit=200)[0]
        assert friction_parts(k, static_kernel=a)["kohn_sham"] == pytest.approx(closed, rel=1e-7)


def test_weak_coupling_limit_of_every_form_is_linear_response():
    ev = weak_coupling_limit(2.0)
    assert ev.passed, ev.text
    assert ev.value < 1e-3
    assert {row["part"] for row in ev.details["rows"]} == {"Q_KS"} | {
        f"Q_dyn ({form})" for form in cf.FRICTION_FORMS
    }


def test_dissipation_bracket_against_cartesian_finite_differences():
    # u = a(r) (v.n) n + b(r) v with v = z: (1/2) sum_ij (d_i u_j + d_j u_i - 2/3 delta div u)^2
    # differentiated numerically in Cartesian coordinates and integrated over the sphere
    def a(r):
        return np.sin(r) * np.exp(-r)

    def b(r):
        return 1 / (1 + r**2)

    def velocity(x):
        r = np.linalg.norm(x)
        n = x / r
        return a(r) * n[2] * n + b(r) * np.array([0.0, 0.0, 1.0])

    def density(x, h=1e-5):
        grad = np.empty((3, 3))
        for j in range(3):
            e = np.zeros(3)
            e[j] = h
            grad[:, j] = (velocity(x + e) - velocity(x - e)) / (2 * h)
        s = grad + grad.T - 2 / 3 * np.trace(grad) * np.eye(3)
        return 0.5 * np.sum(s**2)

    mu, wmu = np.polynomial.legendre.leggauss(24)
    phi = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    for r in (0.3, 1.1, 2.7):
        total = sum(
            w
            * (2 * np.pi / 8)
            * density(
                r * np.array([np.sqrt(1 - m * m) * np.cos(p), np.sqrt(1 - m * m) * np.sin(p), m])
            )
            for m, w in zip(mu, wmu, strict=True)
            for p in phi
        )
        h = 1e-6
        da, db = (a(r + h) - a(r - h)) / (2 * h), (b(r + h) - b(r - h)) / (2 * h)
        closed = _dissipation(r, a(r), da, b(r), db) / r**2
        assert closed == pytest.approx(total, rel=1e-6)


def test_convergence_of_every_form_under_finer_grids():
    ev = nonlinear_friction_convergence(1.0, 2.0)
    assert ev.passed, ev.text
    assert ev.value < 1e-3


def test_bad_form_and_kernel_are_refused_before_solving():
    with pytest.raises(ValueError, match="form"):
        nonlinear_friction(1.0, 2.0, form="tensor")
    with pytest.raises(ValueError, match="kernel"):
        nonlinear_friction(1.0, 2.0, kernel="gk")
    with pytest.raises(ValueError, match="Z"):
        nonlinear_friction(9.0, 2.0)


def test_single_friction_replaces_exactly_the_single_nucleus_part():
    k = make_kernel("mcp07", 2.0)
    linear = ImpurityDynamics(k, proton_deuteron())
    gamma = -linear.integrals_at_zero()[0].imag / 3  # the unit-charge friction on its q rule
    same = ImpurityDynamics(k, proton_deuteron(), d=linear.d, single_friction=(gamma, gamma))
    w = np.array([0.0, 1e-4, 3e-3])
    for g in ("parallel", "perpendicular"):
        for x, y in zip(linear.transfer(w, g), same.transfer(w, g), strict=True):
            assert np.allclose(x, y, rtol=1e-12, atol=1e-15)
    q1, q2 = 0.3, 0.4
    other = ImpurityDynamics(k, proton_deuteron(), d=linear.d, single_friction=(q1, q2))
    parts, lin = other.cm_friction_parts(), linear.cm_friction_parts()
    Mc = proton_deuteron().Mc
    assert parts["single"] == pytest.approx((q1 + q2) / Mc, rel=1e-12)
    assert parts["interference"] == pytest.approx(lin["interference"], rel=1e-9)
    # Appendix E's kappa: the self term (M1 Q2/M2 + M2 Q1/M1)/(2 Mc) of (E11)/(E13) changes alone
    imp = proton_deuteron()
    shift = (imp.M1 * (q2 - gamma) / imp.M2 + imp.M2 * (q1 - gamma) / imp.M1) / (2 * imp.Mc)
    for key in ("kappa_par", "kappa_perp"):
        change = other.markov_constants()[key] - linear.markov_constants()[key]
        assert change == pytest.approx(shift, rel=1e-9)
    with pytest.raises(ValueError, match="single_friction"):
        ImpurityDynamics(k, proton_deuteron(), d=linear.d, single_friction=(0.1,))


def test_scenario_with_nonlinear_friction_uses_each_kernels_cloud():
    sc = cf.paper_scenario(T=2000.0, kernels=("mcp07", "rpa")).with_(friction="nonlocal")
    q_mcp = sc.single_friction("mcp07")
    assert q_mcp[0] == pytest.approx(nonlinear_friction(1.0, 2.0, "mcp07", "nonlocal").total)
    assert sc.single_friction("rpa")[0] == nonlinear_friction(1.0, 2.0, "rpa").total
    assert cf.paper_scenario(T=2000.0).single_friction("mcp07") is None
    with pytest.raises(ValueError, match="friction"):
        cf.paper_scenario(T=2000.0).with_(friction="quadratic")


@pytest.mark.parametrize(
    "rs,kohn_sham,dynamic",
    # an independent script (own Lindhard function, PZ81 f0 and f_inf, QUADPACK to q = infinity,
    # cross-checked by Gauss-Legendre to 1e-11): the linear limits the nonlinear forms must reach
    [(2.0, 0.227967, 0.0370514), (4.0, 0.168118, 0.0448105)],
)
def test_local_linear_limit_against_an_independent_computation(rs, kohn_sham, dynamic):
    k, a = make_kernel("mcp07", rs), make_kernel("alda", rs)
    parts = friction_parts(k, static_kernel=a, local=True)
    assert parts["kohn_sham"] == pytest.approx(kohn_sham, rel=1e-5)
    assert parts["dynamic"] == pytest.approx(dynamic, rel=2e-5)
