"""The screened field, the Drude relation, the current response, the screening cloud and the
friction of one nucleus (Appendices A and B): each against an independent closed form, limit,
sum rule or second method."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.electron_liquid.current_response import (
    density_from_current_response,
    free_current_response,
)
from currentforces.electron_liquid.dielectric import (
    drude_current_factor,
    high_frequency_coefficient,
    inverse_dielectric,
    number_current_per_field,
    perfect_screening_coefficient,
    proper_conductivity,
    q2_extrapolation,
    screened_field_factor,
    screened_field_q2_coefficient,
)
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.electron_liquid.lindhard import lindhard
from currentforces.electron_liquid.response import chi_static
from currentforces.electron_liquid.thomas_fermi import thomas_fermi_chi
from currentforces.impurity.friction import (
    friction_coefficient,
    rpa_friction_closed_form,
)
from currentforces.impurity.screening import (
    cusp_slope,
    displacement_field_gauss,
    displacement_field_limit,
    displacement_field_qspace,
    enclosed_electrons,
    enclosed_electrons_radial,
    screening_density,
    screening_density_gradient,
    screening_grid,
)
from currentforces.impurity.statics import StaticPair

RPA = make_kernel("rpa", 2.0)
MCP07 = make_kernel("mcp07", 2.0)
GAS = MCP07.gas
KF, N, WP = GAS.kF, GAS.n, GAS.omega_p


def small_q(omega, n=8):
    """q from 0.005 to 0.05 times omega/kF: deep in the long-wavelength regime at fixed omega."""
    return omega / KF * np.linspace(0.005, 0.05, n)


@pytest.mark.parametrize("kernel", [RPA, MCP07], ids=["rpa", "mcp07"])
@pytest.mark.parametrize("ratio", [0.4, 2.0])
def test_a12_screened_field_limit_and_q2_coefficient(kernel, ratio):
    w = ratio * WP
    q = small_q(w)
    limit, c2 = q2_extrapolation(q, inverse_dielectric(q, w, kernel))
    assert abs(limit - screened_field_factor(w, WP)) < 1e-11
    assert abs(c2 - screened_field_q2_coefficient(w, kernel)) < 1e-6 * abs(c2)


def test_screened_field_factor_closed_form_and_errors():
    assert screened_field_factor(2.0, 1.0) == pytest.approx(4.0 / 3.0, rel=1e-15)
    with pytest.raises(ValueError, match="omega"):
        screened_field_factor(1.0, 1.0)
    with pytest.raises(ValueError, match="omega"):
        inverse_dielectric(0.1, -1.0, RPA)
    with pytest.raises(ValueError, match="degree"):
        q2_extrapolation(np.array([0.1, 0.2]), np.array([1.0, 2.0]), degree=3)


def test_q2_extrapolation_recovers_a_polynomial():
    q = np.linspace(0.01, 0.1, 7)
    vals = 2.0 - 3.0 * q**2 + 5.0 * q**4
    limit, slope = q2_extrapolation(q, vals, degree=2)
    assert limit == pytest.approx(2.0, abs=1e-12)
    assert slope == pytest.approx(-3.0, abs=1e-9)


@pytest.mark.parametrize("kernel", [RPA, MCP07], ids=["rpa", "mcp07"])
def test_drude_relation_sign(kernel):
    """Our chi gives the number current -(12); the Drude conductivity n/(i w) of the number
    current; and (12) as printed is the charge current."""
    for ratio in (0.3, 3.0):
        w = ratio * WP
        q = small_q(w)
        j, _ = q2_extrapolation(q, number_current_per_field(q, w, kernel))
        sigma, _ = q2_extrapolation(q, proper_conductivity(q, w, kernel))
        assert abs(sigma - N / (1j * w)) < 1e-10 * N / w
        assert abs(j - drude_current_factor(w, WP, "number")) < 1e-10 * abs(j)
        assert abs(j + drude_current_factor(w, WP, "charge")) < 1e-10 * abs(j)
        # (A12): E = E_ext - (4 pi/(i w)) j_ind, with E = E_ext w^2/(w^2 - w_p^2)
        assert abs(1 - 4 * np.pi / (1j * w) * j - screened_field_factor(w, WP)) < 1e-9
    with pytest.raises(ValueError, match="current"):
        drude_current_factor(1.0, WP, "electric")


def test_free_current_response_against_quadrature():
    """The closed-form principal values against QUADPACK's Cauchy weight, and the imaginary part
    against a finite-eta evaluation of the occupied-state integral."""
    for q, w in ((0.7, 0.4), (0.2, 0.05), (2.5, 3.0)):
        val = free_current_response(q, w, KF)
        parts = []
        for s, a in ((0.5 * q, w - 0.5 * q * q), (-0.5 * q, w + 0.5 * q * q)):

            def f(x, s=s):
                return (KF**2 - x**2) * (x + s) ** 2

            parts.append(-quad(f, -KF, KF, weight="cauchy", wvar=a / q)[0] / q)
        assert val.real == pytest.approx((parts[0] - parts[1]) / (4 * np.pi**2), rel=1e-10)
        eta = 1e-6  # the Lorentzian -> -pi delta; the error is O(eta)
        im = 0.0
        for s, a, sign in ((0.5 * q, w - 0.5 * q * q, 1), (-0.5 * q, w + 0.5 * q * q, -1)):

            def g(x, s=s, a=a, q=q, eta=eta):
                return (KF**2 - x**2) * (x + s) ** 2 * (-eta) / ((a - q * x) ** 2 + eta**2)

            x0, width = a / q, 50 * eta / q
            pts = [p for p in (x0 - width, x0, x0 + width) if -KF < p < KF] or None
            im += sign * quad(g, -KF, KF, points=pts, limit=1000, epsabs=1e-14)[0]
        assert val.imag == pytest.approx(im / (4 * np.pi**2), rel=1e-4)


def test_b3_free_electrons_reproduce_lindhard():
    q, w = np.meshgrid(KF * np.linspace(0.05, 3.0, 40), np.linspace(0.01, 3.0, 45))
    chi = density_from_current_response(q, w, free_current_response(q, w, KF), N)
    ref = lindhard(q, w, KF)
    assert np.max(np.abs(chi - ref)) < 1e-10 * np.max(np.abs(ref))
    # gauge invariance: the static longitudinal paramagnetic response is -n
    assert free_current_response(0.5, 1e-6, KF).real == pytest.approx(-N, rel=1e-6)


@pytest.mark.parametrize("kernel", [RPA, MCP07], ids=["rpa", "mcp07"])
def test_b3_high_frequency_paramagnetic_response(kernel):
    """(w^2/q^2) chi - n vanishes as 1/w^2 with the third-moment coefficient."""
    from currentforces.electron_liquid.response import chi_interacting

    q = 0.8 * KF
    errs = []
    for w in (20.0, 40.0):
        para = w**2 / q**2 * chi_interacting(q, w, kernel) - N
        expected = high_frequency_coefficient(q, w, kernel)
        errs.append(abs(w**2 * para - expected) / abs(expected))
    assert errs[1] < 0.3 * errs[0] and errs[1] < 1e-2


SMALL = screening_grid(MCP07, 0.0, r_max=20.0, q_max_over_kf=200.0)


def test_b5_gradient_of_n0_two_ways():
    r = np.linspace(0.3, 15.0, 25)
    h = 1e-4
    fd = (
        screening_density(r + h, MCP07, grid=SMALL) - screening_density(r - h, MCP07, grid=SMALL)
    ) / (2 * h)
    qs = screening_density_gradient(r, MCP07, grid=SMALL)
    assert np.max(np.abs(fd - qs)) < 1e-7 * np.max(np.abs(qs))


def test_thomas_fermi_screening_cloud_closed_form():
    """chi_TF gives n0(r) = Z kTF^2 exp(-kTF r)/(4 pi r): density, gradient and N(R)."""
    ktf = GAS.k_tf
    grid = screening_grid(MCP07, 0.0, r_max=10.0, q_max_over_kf=3000.0)
    chi = thomas_fermi_chi(grid.nodes, KF)
    r = np.array([0.5, 1.0, 2.0, 4.0])
    n_num = (
        -(2.0 / np.pi) * (grid.weights * chi) @ np.sinc(np.multiply.outer(grid.nodes, r) / np.pi)
    )
    n_exact = ktf**2 * np.exp(-ktf * r) / (4 * np.pi * r)
    assert np.max(np.abs(n_num - n_exact)) < 1e-3 * n_exact.max()  # q cut at 3000 kF
    R = 3.0
    N_exact = 1.0 - (1.0 + ktf * R) * np.exp(-ktf * R)
    x = grid.nodes * R
    N_num = -8.0 * (grid.weights * chi / grid.nodes**3) @ (np.sin(x) - x * np.cos(x))
    assert N_num == pytest.approx(N_exact, rel=1e-6)


@pytest.mark.parametrize("kernel", [RPA, MCP07], ids=["rpa", "mcp07"])
def test_perfect_screening_limit_and_compressibility(kernel):
    q = KF * np.linspace(0.005, 0.05, 8)
    limit, a = q2_extrapolation(q, -4 * np.pi * chi_static(q, kernel) / q**2)
    assert abs(limit - 1.0) < 1e-12
    assert a.real == pytest.approx(perfect_screening_coefficient(kernel), rel=1e-7)
    if kernel.name == "rpa":
        assert perfect_screening_coefficient(kernel) == pytest.approx(-1.0 / GAS.k_tf**2, rel=1e-14)


def test_enclosed_electrons_two_methods_and_gauss_law_of_eq10():
    R = np.array([1.0, 3.0, 5.17, 12.0])
    closed = enclosed_electrons(R, MCP07, Z=1.5, grid=SMALL)
    radial = enclosed_electrons_radial(R, MCP07, Z=1.5, grid=SMALL)
    assert np.max(np.abs(closed - radial)) < 1e-9
    pair = StaticPair(MCP07, 1.5, 0.7)
    d = np.array([3.0, 5.0, 8.0])
    gauss = 0.7 * (1.5 - enclosed_electrons(d, MCP07, Z=1.5, grid=SMALL)) / d**2
    assert np.max(np.abs(pair.force(d) - gauss)) < 1e-8


@pytest.mark.parametrize("omega", [0.0, 0.2])
def test_eq5_displacement_field_two_ways(omega):
    grid = screening_grid(MCP07, omega, r_max=5.0, q_max_over_kf=300.0)
    qspace = displacement_field_qspace(MCP07, Z=2.0, omega=omega, grid=grid)
    s = np.array([0.04, 0.03, 0.02, 0.01])
    gauss = displacement_field_gauss(s, MCP07, Z=2.0, omega=omega, grid=grid)
    coef = np.polyfit(s, gauss.real, 2)
    assert coef[2] == pytest.approx(qspace.real, rel=1e-6)
    assert coef[1] == pytest.approx(cusp_slope(MCP07, 2.0), rel=1e-2)
    if omega > 0:
        coef_im = np.polyfit(s, gauss.imag, 2)
        assert coef_im[2] == pytest.approx(qspace.imag, rel=1e-5)


def test_friction_coefficient_limit_and_dynamics_module():
    from currentforces.dynamics.equations_of_motion import ImpurityDynamics
    from currentforces.impurity.nuclei import proton_deuteron

    g0 = friction_coefficient(MCP07, Z=1.0)
    assert g0 > 0
    g_small = friction_coefficient(MCP07, Z=1.0, omega=1e-4)
    assert g_small == pytest.approx(g0, rel=1e-5)
    dyn = ImpurityDynamics(MCP07, proton_deuteron(), d=5.0)
    P, _ = dyn.electronic_integrals(np.array([0.0]))
    assert g0 == pytest.approx(-P[0].imag / 3.0, rel=1e-9)
    # RPA closed form: (4 Z^2/(3 pi)) int_0^{2kF} dq / (q eps(q, 0)^2)
    from currentforces.electron_liquid.lindhard import lindhard_static

    def integrand(q):
        e = 1.0 - 4 * np.pi / q**2 * float(lindhard_static(np.array([q]), KF)[0])
        return 1.0 / (q * e**2)

    closed = 4.0 / (3.0 * np.pi) * quad(integrand, 0.0, 2 * KF, limit=200)[0]
    assert friction_coefficient(RPA, Z=1.0) == pytest.approx(closed, rel=1e-6)
    assert rpa_friction_closed_form(KF) == pytest.approx(closed, rel=1e-10)


def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match="Z"):
        displacement_field_qspace(MCP07, Z=-1.0)
    with pytest.raises(ValueError, match="r"):
        screening_density(np.array([-1.0, 1.0]), MCP07, grid=SMALL)
    with pytest.raises(ValueError, match="omega"):
        friction_coefficient(MCP07, omega=-0.1)
    with pytest.raises(ValueError, match="s"):
        displacement_field_gauss(np.array([0.0]), MCP07, grid=SMALL)
    with pytest.raises(ValueError, match="n"):
        density_from_current_response(1.0, 1.0, 0.0, n=0.0)
    assert math.isfinite(cusp_slope(MCP07))


def test_displacement_field_limit_matches_qspace_and_cusp():
    grid = screening_grid(MCP07, 0.05, r_max=5.0, q_max_over_kf=300.0)
    limit, slope = displacement_field_limit(MCP07, 1.0, 0.05, grid=grid)
    qspace = complex(displacement_field_qspace(MCP07, 1.0, 0.05, grid=grid))
    assert abs(limit - qspace) / abs(qspace) < 1e-5
    assert slope == pytest.approx(cusp_slope(MCP07, 1.0), rel=1e-2)
    with pytest.raises(ValueError, match="s"):
        displacement_field_limit(MCP07, s=[0.01, -0.02, 0.03])
