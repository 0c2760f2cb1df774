"""Equations of motion (D7)-(D10), Fourier synthesis and Appendix E against closed forms,
an independent time-domain ODE solution, symmetry and causality."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.core.registry import GEOMETRIES
from currentforces.dynamics.equations_of_motion import ElectronicTable, ImpurityDynamics
from currentforces.dynamics.markov import (
    ConstantTable,
    fit_damped_oscillation,
    fit_exponential_decays,
    markov_modes,
    markov_ode_trace,
)
from currentforces.dynamics.pulses import FunctionPulse, RectangularPulse, SmoothPulse
from currentforces.dynamics.scenario import paper_scenario
from currentforces.dynamics.synthesis import TimeTrace, _real_synthesis, synthesis_grid, synthesize
from currentforces.dynamics.traces import stabilized_velocity, trace_difference
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.impurity.nuclei import Impurity, codata_mass, proton_deuteron
from currentforces.impurity.statics import StaticPair

T = 80000.0


@pytest.fixture(scope="module")
def dyn():
    return ImpurityDynamics(make_kernel("mcp07", 2.0), proton_deuteron())


@pytest.fixture(scope="module")
def table(dyn):
    return ElectronicTable(dyn, 0.3)


@pytest.fixture(scope="module")
def scenario():
    return paper_scenario(T, kernels=("mcp07",)).run()


def test_codata_masses():
    # CODATA 2018: m_p/m_e = 1836.15267343(11), m_d/m_e = 3670.48296788(13)
    assert codata_mass("proton") == pytest.approx(1836.15267343, abs=1e-6)
    assert codata_mass("deuteron") == pytest.approx(3670.48296788, abs=1e-6)
    with pytest.raises(ValueError, match="nucleus"):
        codata_mass("alpha")


@pytest.mark.parametrize("name", ["M1", "Z2"])
def test_bad_impurity(name):
    kw = {"Z1": 1.0, "Z2": 1.0, "M1": 1836.0, "M2": 3670.0}
    kw[name] = -1.0
    with pytest.raises(ValueError, match=name):
        Impurity(**kw)


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_zero_frequency_limit_is_the_drift(dyn, geometry):
    # H(w) = (1, 0) + O(w / Gamma_c), Gamma_c ~ 8e-5 hartree
    vc, vr = dyn.transfer(np.array([0.0, 1e-12]), geometry)
    np.testing.assert_allclose(vc, 1.0, atol=1e-6)
    np.testing.assert_allclose(vr, 0.0, atol=1e-6)


def test_primed_and_unprimed_elastic_terms(dyn):
    # at equilibrium (D8) = (D8') and the (D10) restoring terms cancel
    k_par = dyn.elastic("parallel", primed=True)
    assert dyn.elastic("parallel") == pytest.approx(k_par, rel=1e-9)
    assert abs(dyn.elastic("perpendicular")) < 1e-9 * abs(k_par)


def test_elastic_terms_off_equilibrium_differ_by_the_static_force():
    # away from d_eq: K - K' = -2 (1/M1 + 1/M2) F(d)/d with F of Eq. (10)
    imp = proton_deuteron()
    kernel = make_kernel("mcp07", 2.0)
    d = 6.0
    off = ImpurityDynamics(kernel, imp, d=d)
    force = float(StaticPair(kernel).force(d))
    diff = off.elastic("parallel") - off.elastic("parallel", primed=True)
    assert diff == pytest.approx(-2 * imp.inverse_reduced_mass * force / d, rel=1e-8)
    # perpendicular: K = (1/M1 + 1/M2) F(d)/d
    assert off.elastic("perpendicular") == pytest.approx(
        imp.inverse_reduced_mass * force / d, rel=1e-8
    )


def test_e10_is_curvature_over_reduced_mass(dyn):
    curvature = dyn.equilibrium.curvature  # -F'(d) from the statics, a different integral
    w0sq = dyn.markov_constants()["omega0_par_sq"]
    assert w0sq == pytest.approx(curvature * dyn.impurity.inverse_reduced_mass, rel=1e-8)


def test_table_interpolates_the_electronic_integrals(dyn, table):
    w = np.array([0.0, 3e-5, 1.4e-3, 0.02, 0.17, 0.29])
    P, Q = dyn.electronic_integrals(w)
    Pt, Qt = table(w)
    np.testing.assert_allclose(Pt, P, rtol=1e-8)
    for g in GEOMETRIES:
        np.testing.assert_allclose(Qt[g], Q[g], rtol=1e-7, atol=1e-10)
    with pytest.raises(ValueError, match="omega"):
        table(np.array([0.5]))


def test_q_rule_converged(dyn):
    w = np.array([1e-4, 1e-2, 0.2])
    fine = ImpurityDynamics(dyn.kernel, dyn.impurity, q_max_over_kf=12.0, refine=2)
    P, _ = dyn.electronic_integrals(w)
    Pf, _ = fine.electronic_integrals(w)
    np.testing.assert_allclose(P, Pf, rtol=1e-5)


def test_omega_max_must_stay_below_plasma_frequency(dyn):
    with pytest.raises(ValueError, match="omega_max"):
        ElectronicTable(dyn, 0.7)


def test_pulse_spectra_against_quadrature():
    for pulse in (RectangularPulse(1000.0), SmoothPulse(1000.0, 200.0)):
        for w in (0.0, 1e-3, 5e-3, math.pi / 200.0, 0.02):
            value = quad(
                lambda t, w=w, p=pulse: p(t) * np.exp(1j * w * t),
                0,
                1000,
                limit=400,
                points=[200, 800],
                complex_func=True,
            )[0]
            assert complex(pulse.spectrum(np.array([w]))[0]) == pytest.approx(value, abs=1e-6)
    with pytest.raises(ValueError, match="T"):
        RectangularPulse(0.0)
    with pytest.raises(ValueError, match="rise"):
        SmoothPulse(100.0, 80.0)


@pytest.mark.parametrize(
    "n, size, n0",
    [(16, 10, 0), (16, 16, 3), (17, 12, -5), (1000, 980, -37), (1001, 300, 5), (8, 8, -1)],
)
def test_real_synthesis_is_the_real_part_of_the_complex_fft(n, size, n0):
    rng = np.random.default_rng(n + size)
    c = rng.normal(size=(3, size)) + 1j * rng.normal(size=(3, size))
    full = np.zeros((3, n), dtype=complex)
    full[:, :size] = c
    # the direct sum, shifted to start at n0: Re sum_k c_k e^{-2 pi i k (n0 + m)/n}
    m = n0 + np.arange(n)
    direct = (c @ np.exp(-2j * np.pi * np.outer(np.arange(size), m) / n)).real
    assert np.abs(_real_synthesis(c, n, n0) - direct).max() < 1e-12 * np.abs(c).sum()
    assert np.allclose(np.roll(np.fft.fft(full, axis=-1).real, -n0, axis=-1), direct)


def test_causality(scenario):
    for tr in scenario.traces.values():
        early = tr.t < -20.0
        for comp in ("vc", "vr"):
            v = getattr(tr, comp)
            assert np.max(np.abs(v[early])) < 1e-4 * np.max(np.abs(v))


def test_centre_of_mass_reaches_the_drift(scenario):
    for g in GEOMETRIES:
        assert stabilized_velocity(scenario.traces["mcp07", g], T) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("direct_field,jump_sign", [("as_printed", 1.0), ("consistent", -1.0)])
def test_equal_nuclei_closed_form(direct_field, jump_sign):
    # M1 = M2, Z1 = Z2: no relative motion; with constant (Markovian) coefficients the centre of
    # mass obeys Mc Vc' = +-2 u' + gamma (u - Vc): Vc = 1 - (1 -+ 2/Mc) exp(-gamma t / Mc), the
    # instantaneous kick of the screened field being along the electric current (as printed)
    # or against the electron flow (consistent)
    m = codata_mass("proton")
    twin = ImpurityDynamics(
        make_kernel("mcp07", 2.0), Impurity(1.0, 1.0, m, m), direct_field=direct_field
    )
    const = ConstantTable(twin)
    pulse = RectangularPulse(30000.0)
    grid = synthesis_grid(twin, ElectronicTable(twin, 0.3), 40000.0)
    for g in GEOMETRIES:
        tr = synthesize(twin, g, pulse, grid, const)
        gamma = -(2 / 3 * const.P0 + 2 * const.Q0[g]).imag
        on = (tr.t > 300) & (tr.t < 29700)
        exact = 1 - (1 - jump_sign * 2 / (2 * m)) * np.exp(-gamma * tr.t[on] / (2 * m))
        assert np.max(np.abs(tr.vc[on] - exact)) < 1e-5
        assert np.max(np.abs(tr.vr)) < 1e-12


def test_direct_field_sign_is_validated():
    with pytest.raises(ValueError, match="direct_field"):
        ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron(), direct_field="flipped")


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_fft_synthesis_matches_time_domain_ode(dyn, table, geometry):
    # the Markovian equations solved two independent ways: FFT synthesis of the frequency-domain
    # transfer with constant coefficients, and solve_ivp in the time domain
    grid = synthesis_grid(dyn, table, 2.2 * T)
    tr = synthesize(dyn, geometry, RectangularPulse(T), grid, ConstantTable(dyn))
    keep = (tr.t > 0) & (tr.t < 2 * T)
    t, vc, vr, _ = markov_ode_trace(dyn, geometry, T, 2 * T, t_eval=tr.t[keep])
    diff = trace_difference(
        TimeTrace(t, vc, vr, tr.current[keep], geometry, "ode"),
        TimeTrace(tr.t[keep], tr.vc[keep], tr.vr[keep], tr.current[keep], geometry, "fft"),
        edges=(0.0, T),
    )
    assert diff["vc_far"] < 1e-5
    assert diff["vr_far"] < 1e-4


def test_fitted_vibration_matches_appendix_e(scenario):
    d = scenario.dynamics["mcp07"]
    mk = d.markov_constants()
    tr = scenario.traces["mcp07", "parallel"]
    m = (tr.t >= 2000) & (tr.t < T)
    fit = fit_damped_oscillation(tr.t[m], tr.vr[m], mk["omega0_par"], mk["kappa_par"], 8e-5)
    assert fit["omega"] == pytest.approx(mk["omega0_par"], rel=2e-3)
    assert fit["kappa"] == pytest.approx(mk["kappa_par"], rel=5e-3)
    osc = markov_modes(d, "parallel")
    osc = osc[np.argmax(np.abs(osc.imag))]
    assert fit["omega"] == pytest.approx(abs(osc.imag), rel=1e-4)


def test_fitted_rotation_decay_matches_coupled_modes(scenario):
    d = scenario.dynamics["mcp07"]
    tr = scenario.traces["mcp07", "perpendicular"]
    m = (tr.t >= 2000) & (tr.t < T)
    fit = fit_exponential_decays(tr.t[m], tr.vr[m], (5e-5, 8e-5))
    rates = np.sort(-markov_modes(d, "perpendicular").real)
    assert fit["rate_slow"] == pytest.approx(rates[0], rel=1e-3)
    assert fit["rate_fast"] == pytest.approx(rates[1], rel=1e-3)
    assert d.markov_constants()["kappa_perp"] > 0


def test_pulse_given_as_a_function_of_time(dyn, table):
    # a smooth pulse given only as j(t): its numerically transformed spectrum must reproduce the
    # traces of the analytic spectrum

    smooth = SmoothPulse(20000.0, 4000.0)
    as_function = FunctionPulse(lambda t: smooth(t), 20000.0)
    grid = synthesis_grid(dyn, table, 40000.0)
    for g in GEOMETRIES:
        a = synthesize(dyn, g, smooth, grid, table)
        b = synthesize(dyn, g, as_function, grid, table)
        for comp in ("vc", "vr"):
            va, vb = getattr(a, comp), getattr(b, comp)
            assert np.max(np.abs(va - vb)) < 1e-6 * np.max(np.abs(va))
    with pytest.raises(TypeError, match="func"):
        FunctionPulse(3.0, 100.0)


def test_a_kernel_shared_by_two_runs_is_computed_once(monkeypatch):
    import currentforces.dynamics.scenario as scenario_module

    monkeypatch.setattr(scenario_module, "_KEPT_TRACES", type(scenario_module._KEPT_TRACES)())
    computed = []
    real = scenario_module.synthesize_geometries

    def counting(dyn, *args, **kwargs):
        computed.append(dyn.kernel.name)
        return real(dyn, *args, **kwargs)

    monkeypatch.setattr(scenario_module, "synthesize_geometries", counting)
    first = paper_scenario(2000.0, kernels=("mcp07", "rpa")).run()
    # RPA again, beside another kernel on the same branch: taken from the first run
    second = paper_scenario(2000.0, kernels=("mcp07", "rpa", "mcp07_static")).run()
    assert computed == ["mcp07", "rpa", "mcp07_static"]
    a, b = first.trace("rpa", "parallel"), second.trace("rpa", "parallel")
    assert a.vc is b.vc and not a.vc.flags.writeable
    # another pulse is another computation
    paper_scenario(2500.0, kernels=("rpa",)).run()
    assert computed[-1] == "rpa" and len(computed) == 4


def test_the_table_error_is_far_below_the_trace_error_beyond_the_fermi_energy():
    # at rs = 6 the window omega_p/2 exceeds E_F, where P and Q_g are not analytic (the lower
    # edge of the particle-hole continuum turns over at q = kF): the Chebyshev table converges
    # only algebraically there (about 3e-3 in Q_par); the traces it gives must still differ from
    # those of the integrals evaluated at every frequency far less than their own error estimate
    from currentforces import PulseScenario

    sc = PulseScenario(6.0, proton_deuteron(), RectangularPulse(2000.0), ("mcp07",))
    dyn = sc.dynamics("mcp07")
    assert sc.omega_max > dyn.gas.kF**2 / 2
    table = ElectronicTable(dyn, sc.omega_max, sc.n_table)
    # a short period (3 decay times) keeps the direct evaluation cheap; both syntheses alias alike
    grid = synthesis_grid(dyn, table, 8000.0, 50.0, decay_times=3.0, t_start=-200.0)
    direct = synthesize(dyn, "parallel", sc.pulse, grid, None)
    tabled = synthesize(dyn, "parallel", sc.pulse, grid, table)
    for comp in ("vc", "vr"):
        exact, approx = getattr(direct, comp), getattr(tabled, comp)
        scale = np.abs(exact).max()
        own = getattr(tabled, comp + "_error")[tabled.t > 200].max()
        assert np.abs(approx - exact).max() / scale < 1e-5
        assert np.abs(approx - exact).max() < 1e-2 * own


def test_angular_factors_against_scipy_spherical_bessel():
    from scipy.special import spherical_jn

    from currentforces.dynamics.equations_of_motion import _angular_factors

    x = np.concatenate([np.geomspace(1e-8, 300.0, 20001), [0.4999999, 0.5, 0.5000001]])
    a = _angular_factors(x)
    perp = spherical_jn(1, x) / x
    assert np.abs(a["perpendicular"] - perp).max() < 1e-14
    assert np.abs(a["parallel"] - (spherical_jn(0, x) - 2.0 * perp)).max() < 1e-14
