"""Appendix D: the angular identities (D1)-(D3) by quadrature, and the vector equations (14)-(15)
solved in 3D against the scalar parallel/perpendicular problems (D7)-(D10)."""

import math

import numpy as np
import pytest
from scipy.special import spherical_jn

from currentforces.core.quadrature import sphere_rule, static_n_mu
from currentforces.dynamics.equations_of_motion import ImpurityDynamics, angular_factor
from currentforces.dynamics.vector_equations import (
    VectorEquations,
    decoupling_check,
    direction_at,
    identity_d1,
    identity_d2,
    identity_d3,
    solve_vector,
)
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.impurity.nuclei import proton_deuteron

OMEGAS = (1e-4, 1.4e-3, 1e-2)  # hartree; 1.4e-3 is next to the vibration omega_0
ANGLES = ((0.0, 0.0), (math.pi / 2, 0.0), (0.7, 1.1))  # (theta, phi) of the current
RULE = sphere_rule(64, 8)
D_AXIS = np.array([0.0, 0.0, 5.1])


@pytest.fixture(scope="module", params=["mcp07", "rpa"])
def equations(request):
    dyn = ImpurityDynamics(make_kernel(request.param, 2.0), proton_deuteron())
    return VectorEquations(dyn, rule=RULE)


def _rel(lhs, rhs, scale):
    return np.max(np.abs(lhs - rhs)) / scale


def test_sphere_rule_nodes_and_weights():
    units, weights = sphere_rule(12, 7)
    assert units.shape == (84, 3) and weights.shape == (84,)
    assert np.allclose(np.linalg.norm(units, axis=1), 1.0, atol=1e-15)
    assert weights.sum() == pytest.approx(4 * math.pi, rel=1e-14)
    # second moments: int u u^T dOmega = 4 pi/3 I
    second = np.einsum("n,ni,nj->ij", weights, units, units)
    assert np.allclose(second, 4 * math.pi / 3 * np.eye(3), atol=1e-14)


@pytest.mark.parametrize("n", [64, 200, 377])
def test_static_n_mu_resolves_the_plane_wave(n):
    # the number of nodes static_n_mu prescribes integrates mu^2 e^{i x mu} to round-off
    x = {64: 40.0, 200: 300.0, 377: 600.0}[n]
    units, weights = sphere_rule(static_n_mu(x), 1)
    mu = units[:, 2]
    num = weights @ (mu**2 * np.exp(1j * x * mu)) / (2 * math.pi)
    exact = 2 * (spherical_jn(0, x) - 2 * spherical_jn(1, x) / x)
    assert abs(num - exact) < 1e-13


@pytest.mark.parametrize("q", [0.05, 0.9, 2.5, 7.7])
def test_identity_d1(q):
    rng = np.random.default_rng(1)
    for _ in range(3):
        b = rng.normal(size=3)
        lhs, rhs = identity_d1(q, b, sphere_rule(4, 4))
        assert _rel(lhs, rhs, q**2 * np.linalg.norm(b)) < 1e-13


@pytest.mark.parametrize("q", [0.05, 0.9, 2.5, 7.7])
@pytest.mark.parametrize("d", [1.0, 5.1, 8.0])
@pytest.mark.parametrize("sign", [1, -1])
def test_identities_d2_d3_along_z(q, d, sign):
    d_vec = np.array([0.0, 0.0, d])
    rule = sphere_rule(96, 8)
    scale = 4 * math.pi * q**2
    lhs, rhs = identity_d2(q, d_vec, np.array([0.0, 0.0, 1.7]), rule, sign)
    assert _rel(lhs.real, rhs, scale) < 1e-10
    assert np.max(np.abs(lhs.imag)) / scale < 1e-12  # only cos(d.q) survives
    # the closed form is 4 pi q^2 A_par(qd) b_par
    assert rhs[2] == pytest.approx(scale * 1.7 * angular_factor(q * d, "parallel"), rel=1e-9)
    for b_perp in ([0.8, 0.0, 0.0], [0.3, -1.2, 0.0]):
        lhs, rhs = identity_d3(q, d_vec, np.array(b_perp), rule, sign)
        assert _rel(lhs.real, rhs, scale) < 1e-10
        assert np.max(np.abs(lhs.imag)) / scale < 1e-12
        b_norm = np.linalg.norm(b_perp)
        expected = scale * b_norm * angular_factor(q * d, "perpendicular")
        assert np.linalg.norm(rhs) == pytest.approx(abs(expected), rel=1e-9)


def test_identities_for_an_oblique_axis():
    # d not along the rule's pole: the product rule then needs n_phi ~ 2 n_mu
    d_vec = np.array([1.0, 2.0, 2.0]) * 5.1 / 3.0
    d_hat = d_vec / np.linalg.norm(d_vec)
    b_perp = np.cross(d_hat, [1.0, 0.0, 0.0])
    rule = sphere_rule(64, 128)
    for q in (0.3, 2.0, 4.0):
        scale = 4 * math.pi * q**2
        lhs, rhs = identity_d2(q, d_vec, 0.6 * d_hat, rule)
        assert _rel(lhs, rhs, scale) < 1e-10
        lhs, rhs = identity_d3(q, d_vec, b_perp, rule)
        assert _rel(lhs, rhs, scale) < 1e-10


@pytest.mark.parametrize("omega", OMEGAS)
def test_vector_solution_matches_scalar_problems(equations, omega):
    for theta, phi in ANGLES:
        assert decoupling_check(equations, omega, theta, phi) < 1e-8
    # (D8')/(D10') agree with (D8)/(D10) at the equilibrium separation
    assert decoupling_check(equations, omega, 0.7, 1.1, primed=True) < 1e-8


@pytest.mark.parametrize("omega", OMEGAS)
def test_parallel_and_perpendicular_blocks_do_not_couple(equations, omega):
    assert equations.block_coupling(omega) < 1e-13
    R = equations.response_matrix(omega)
    # isotropy in the plane perpendicular to d
    assert R[0, 0] == pytest.approx(R[1, 1], rel=1e-12)
    assert R[3, 0] == pytest.approx(R[4, 1], rel=1e-12)


def test_exponent_sign_does_not_matter(equations):
    _, minus, plus = equations.friction_tensors(1.4e-3)
    assert np.max(np.abs(minus - plus)) < 1e-12 * np.max(np.abs(minus))
    S = equations.static_tensor
    assert np.max(np.abs(S.imag)) < 1e-13 * np.max(np.abs(S.real))


def test_sphere_rule_is_converged(equations):
    # same static tensor: compare the Delta integrals
    coarse = VectorEquations(
        equations.dyn, rule=sphere_rule(40, 4), static_tensor=equations.static_tensor
    )
    R_fine, R_coarse = equations.response_matrix(1e-2), coarse.response_matrix(1e-2)
    assert np.max(np.abs(R_fine - R_coarse)) < 1e-11 * np.max(np.abs(R_fine))


def test_check_is_sensitive_to_the_static_tensor(equations):
    # a 1e-9 relative error in S is visible: the agreement above is not a loose tolerance
    spoiled = VectorEquations(
        equations.dyn, rule=RULE, static_tensor=equations.static_tensor * (1 + 1e-9)
    )
    assert decoupling_check(spoiled, 1e-4, math.pi / 2) > 1e-8


def test_solution_is_linear_in_the_direction(equations):
    vc, vr = solve_vector(equations, 1e-3, [0.0, 0.0, 2.0])
    vc1, vr1 = solve_vector(equations, 1e-3, direction_at(0.0))
    assert np.allclose(vc, vc1, rtol=1e-14) and np.allclose(vr, vr1, rtol=1e-14)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda eq: solve_vector(eq, 1e-3, [0.0, 0.0, 0.0]), "direction"),
        (lambda eq: solve_vector(eq, 1e-3, [1.0, 0.0]), "direction"),
        (lambda eq: solve_vector(eq, 0.0, [0.0, 0.0, 1.0]), "omega"),
        (lambda eq: solve_vector(eq, -1e-3, [0.0, 0.0, 1.0]), "omega"),
        (lambda eq: decoupling_check(eq, float("nan"), 0.3), "omega"),
        (lambda eq: sphere_rule(0, 4), "n_mu"),
        (lambda eq: sphere_rule(8, 2.5), "n_phi"),
        (lambda eq: identity_d2(1.0, D_AXIS, [1.0, 0.0, 0.0], RULE), "b_par"),
        (lambda eq: identity_d3(1.0, D_AXIS, [0.0, 0.0, 1.0], RULE), "b_perp"),
        (lambda eq: identity_d3(1.0, [0.0, 0.0, 0.0], [1.0, 0.0, 0.0], RULE), "d_vec"),
        (lambda eq: identity_d1(-1.0, [1.0, 0.0, 0.0], RULE), "q"),
        (lambda eq: VectorEquations(eq.dyn, static_tensor=np.eye(2)), "static_tensor"),
    ],
)
def test_bad_input_names_the_parameter(equations, call, name):
    with pytest.raises(ValueError, match=name):
        call(equations)
