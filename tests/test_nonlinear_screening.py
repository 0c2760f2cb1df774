"""Nonlinear (self-consistent Kohn-Sham LDA) screening of one nucleus, against independent results."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.special import spherical_jn, spherical_yn

import currentforces.impurity.nonlinear_screening as ns
from currentforces import ElectronGas, alda_kernel, correlation_energy
from currentforces.electron_liquid.correlation import _PARAMETRIZATIONS
from currentforces.electron_liquid.lda import xc_potential
from currentforces.evidence.weak_coupling import (
    binding_onset,
    friedel_sum_rule,
    literature_friction,
    pstar_friction_coefficient,
    weak_coupling_limit,
)
from currentforces.impurity.nonlinear_screening import (
    ScreeningSettings,
    screen_nucleus,
    screening_sweep,
)


@pytest.mark.parametrize("correlation", ["pz81", "pw92"])
def test_xc_potential_derivative_is_the_alda_kernel(correlation):
    # d v_xc/dn (finite difference of the potential) against f0 in closed form (second derivatives)
    gas = ElectronGas(3.0)
    h = 1e-4 * gas.n
    slope = (xc_potential(gas.n + h, correlation) - xc_potential(gas.n - h, correlation)) / (2 * h)
    assert float(slope) == pytest.approx(alda_kernel(gas, correlation), rel=1e-7)


def test_correlation_accepts_arrays_with_the_scalar_values():
    rs = np.array([0.3, 1.0, 2.0, 5.0])
    for name in ("pz81", "pw92"):
        arrays = _PARAMETRIZATIONS[name](rs)
        for i, x in enumerate(rs):
            assert np.allclose(
                [a[i] for a in arrays], correlation_energy(float(x), name), rtol=1e-14
            )


def _grid(Z=1.0, rs=2.0, **settings):
    return ns._make_grid(Z, ElectronGas(rs), ScreeningSettings(**settings))


def test_bare_coulomb_bound_states_are_hydrogenic():
    # V = -Z/r (no screening) inside R = 59 bohr: E_n = -Z^2/(2 n^2), 2s and 2p degenerate
    grid = _grid(radius_wavelengths=9.0)
    states = ns._bound_states(grid, 1.0, np.zeros_like(grid.r))
    energies = {ell: sorted(e for li, e in states if li == ell) for ell in range(3)}
    # all lie well inside the radius where the potential is switched off (R - 3 lambda_F/4)
    assert energies[0][:3] == pytest.approx([-0.5, -0.125, -1 / 18], abs=1e-9)
    assert energies[1][:2] == pytest.approx([-0.125, -1 / 18], abs=1e-9)
    assert energies[2][0] == pytest.approx(-1 / 18, abs=1e-9)


def test_warm_started_bound_state_search_against_the_full_scan():
    # hydrogenic levels again: from nearby guesses the warm search refines the same states; a
    # guess that has left its bracket falls back to the full scan; a level far from every guess
    # is not seen (which is why the self-consistency checks its result with the full scan)
    grid = _grid(radius_wavelengths=9.0)
    v = np.zeros_like(grid.r)
    full = ns._bound_states(grid, 1.0, v)
    near = [(li, e * (1 + 2e-4)) for li, e in full]
    warm = ns._bound_states(grid, 1.0, v, near=near)
    assert [li for li, _ in warm] == [li for li, _ in full]
    assert [e for _, e in warm] == pytest.approx([e for _, e in full], rel=1e-9)
    moved = ns._bound_states(grid, 1.0, v, near=[(0, -0.7)])
    assert [li for li, _ in moved] == [li for li, _ in full]
    assert [e for _, e in moved] == pytest.approx([e for _, e in full], rel=1e-12)
    blind = ns._bound_states(grid, 1.0, v, near=[(li, e) for li, e in full if e > -0.1])
    assert min(e for _, e in blind) > -0.2 and len(blind) < len(full)


def test_the_self_consistency_ends_with_the_full_scan(monkeypatch):
    # a warm search that never finds a level: the check with the full scan at convergence puts
    # the 1s level of a proton at rs = 4 back, with the self-consistency of the full search
    reference = ns._solve(1.0, 4.0, "pz81", ScreeningSettings())
    full_scan = ns._bound_states

    def blind(grid, Z, v_scr, *args, near=None, **kwargs):
        return [] if near is not None else full_scan(grid, Z, v_scr, *args, **kwargs)

    monkeypatch.setattr(ns, "_bound_states", blind)
    checked = ns._solve(1.0, 4.0, "pz81", ScreeningSettings())
    assert [b.l for b in checked.bound_states] == [b.l for b in reference.bound_states] == [0]
    assert checked.converged and checked.iterations > reference.iterations
    assert checked.friction_coefficient == pytest.approx(reference.friction_coefficient, rel=1e-6)


def test_yukawa_phase_shifts_against_an_independent_ode_solver():
    # -Z e^{-k r}/r with solve_ivp (adaptive Runge-Kutta from r = 1e-6) and the same matching
    gas, Z, kt = ElectronGas(2.0), 1.0, 1.3
    grid = _grid()
    waves = ns._make_waves(grid, gas, 3, 8)
    y = Z * -np.expm1(-kt * grid.r)
    v = np.empty_like(y)
    v[1:] = y[1:] / grid.r[1:]
    v[0] = v[1]
    delta, _ = ns._scattering(grid, Z, v, waves)
    ours = delta.reshape(4, -1)[:, -1]

    # the same switched-off potential near R, so that the matching is to free waves in both
    cut = np.interp

    def phase(ell, k):
        def rhs(x, u):
            pot = -Z * np.exp(-kt * x) / x * cut(x, grid.r, grid.cutoff)
            return [u[1], (ell * (ell + 1) / x**2 + 2 * (pot - k * k / 2)) * u[0]]

        x0 = 1e-6
        sol = solve_ivp(
            rhs,
            [x0, grid.r[-1]],
            [x0 ** (ell + 1), (ell + 1) * x0**ell],
            rtol=1e-11,
            atol=1e-40,
            dense_output=True,
            method="DOP853",
        )
        r1, r2 = grid.r[-1], grid.r[-ns._MATCH_OFFSET]
        K = (sol.sol(r1)[0] / r1) / (sol.sol(r2)[0] / r2)
        t = (K * spherical_jn(ell, k * r2) - spherical_jn(ell, k * r1)) / (
            K * spherical_yn(ell, k * r2) - spherical_yn(ell, k * r1)
        )
        return np.arctan(t)

    reference = np.array([phase(ell, gas.kF) for ell in range(4)])
    assert np.allclose(ours, reference, atol=2e-6)


def test_friedel_sum_rule_for_a_proton():
    for rs in (2.0, 5.0):
        ev = friedel_sum_rule(1.0, rs)
        assert ev.passed, ev.text
        # the two radii give residuals of opposite sign (the finite-sphere oscillation)
        a, b = ev["residuals"]
        assert a * b < 0


def test_levinson_counts_match_the_bound_states_found():
    for rs in (1.5, 4.0):
        s = screen_nucleus(1.0, rs)
        counts = [sum(b.l == ell for b in s.bound_states) for ell in range(3)]
        assert tuple(counts) == s.levinson_counts
    assert screen_nucleus(1.0, 4.0).levinson_counts == (1, 0, 0)  # a proton binds one 1s state


def test_weak_coupling_limit_is_linear_response_with_alda_screening():
    ev = weak_coupling_limit(2.0)
    assert ev.passed, ev.text


def test_friction_against_published_lda_values():
    ev = literature_friction()
    assert ev.passed, ev.text
    # PSTAR: S proportional to v between 1 and 10 keV (the table is a velocity-proportional fit)
    q = pstar_friction_coefficient()
    assert np.ptp(q) / q.mean() < 1e-3


def test_enclosed_charge_and_superposition_force():
    s = screen_nucleus(1.0, 2.0)
    assert float(s.enclosed_electrons(s.r[-1])) == pytest.approx(1.0, abs=2e-3)  # screening
    d = s.superposition_equilibria()[0]
    assert abs(float(s.superposition_force(d))) < 1e-3
    assert float(s.superposition_force(0.8 * d)) > 0  # repulsive inside


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"Z": 0.0, "rs": 2.0}, "Z must be > 0"),
        ({"Z": 5.0, "rs": 2.0}, "Z must be <= 4"),
        ({"Z": 1.0, "rs": 0.2}, "rs must lie in"),
        ({"Z": 1.0, "rs": 2.0, "correlation": "lda"}, "unknown correlation"),
        ({"Z": 1.0, "rs": 2.0, "settings": ScreeningSettings(l_max=1)}, "l_max must be >= 2"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        screen_nucleus(**kwargs)


def test_sweep_refuses_mismatched_lengths_before_running():
    with pytest.raises(ValueError, match="equal lengths"):
        screening_sweep([1.0, 1.0], [2.0])
    with pytest.raises(ValueError, match="rs must lie in"):
        screening_sweep([1.0, 1.0], [2.0, 20.0])
    with pytest.raises(ValueError, match="radius"):
        screen_nucleus(1.0, 2.0).enclosed_electrons(1e3)


def test_a_proton_binds_from_rs_1_9_as_almbladh_et_al_found():
    # Almbladh, von Barth, Popovic and Stott, PRB 14, 2250 (1976): bound state for rs > 1.9 (LDA)
    onset = binding_onset(1.0)
    assert 1.85 < onset.value < 1.95, onset.text


@pytest.mark.parametrize("rs", [2.0, 5.0])
@pytest.mark.parametrize("name", ["alda", "mcp07"])
def test_first_linear_equilibrium_is_the_first_zero_of_a_search_over_the_whole_range(rs, name):
    # the windowed search against StaticPair.equilibria over [1, 40] bohr on one q rule
    from currentforces import StaticPair, make_kernel
    from currentforces.core.quadrature import q_grid
    from currentforces.evidence.weak_coupling import linear_first_equilibrium

    kernel = make_kernel(name, rs)
    whole = StaticPair(kernel, 1.0, 1.0, grid=q_grid(kernel.gas.kF, d_max=40.0)).equilibria(
        1.0, 40.0
    )
    assert linear_first_equilibrium(kernel, 1.0, 40.0) == pytest.approx(whole[0], abs=1e-9)
    assert np.isnan(linear_first_equilibrium(kernel, 1.0, 0.9 * whole[0]))


def test_sweep_runs_tasks_alongside_and_names_a_failing_one():
    done = []
    screening_sweep([0.5], [2.0], alongside=[lambda: done.append(1)], max_workers=1)
    assert done == [1]

    def broken():
        raise ValueError("no")

    with pytest.raises(RuntimeError, match="'broken', run alongside the screenings, failed"):
        screening_sweep([0.5], [2.0], alongside=[broken], max_workers=1)
