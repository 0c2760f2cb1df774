"""HEG parameters and the Lindhard function against closed forms, limits and sum rules."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from currentforces.electron_liquid.gas import ElectronGas
from currentforces.electron_liquid.lindhard import (
    lindhard,
    lindhard_dimag_domega0,
    lindhard_imag,
    lindhard_real,
    lindhard_static,
)

GAS = ElectronGas(2.0)
KF = GAS.kF


def test_heg_values_at_rs2_match_physics_notes():
    assert GAS.n == pytest.approx(0.02984155, rel=1e-7)
    assert GAS.kF == pytest.approx(0.95957915, rel=1e-7)
    assert GAS.omega_p == pytest.approx(0.61237244, rel=1e-7)


def test_heg_identities():
    for rs in (0.5, 1.0, 4.0):
        g = ElectronGas(rs)
        assert g.kF**3 == pytest.approx(3 * math.pi**2 * g.n, rel=1e-12)
        assert g.omega_p**2 == pytest.approx(4 * math.pi * g.n, rel=1e-12)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), "two"])
def test_bad_rs_names_parameter(bad):
    with pytest.raises(ValueError, match="rs"):
        ElectronGas(bad)


def test_static_long_wavelength_limit_is_density_of_states():
    assert lindhard_static(1e-6, KF) == pytest.approx(-KF / math.pi**2, rel=1e-9)


def test_static_large_q_asymptote():
    q = 200 * KF
    assert lindhard_static(q, KF) == pytest.approx(-4 * GAS.n / q**2, rel=1e-4)


def test_static_value_at_2kf_is_half_dos():
    # at z = 1 the log term vanishes: chi_s = -(kF/pi^2)/2
    assert lindhard_static(2 * KF, KF) == pytest.approx(-KF / (2 * math.pi**2), rel=1e-12)


def test_high_frequency_limit():
    q, w = 0.3 * KF, 50.0
    assert lindhard_real(q, w, KF) == pytest.approx(GAS.n * q**2 / w**2, rel=1e-3)


def test_imaginary_part_is_retarded_and_odd():
    q = np.linspace(0.05, 3.0, 60)[:, None] * KF
    w = np.linspace(0.0, 5.0, 80)[None, :]
    im = lindhard_imag(q, w, KF)
    assert np.all(im <= 0)
    assert np.any(im < 0)
    np.testing.assert_array_equal(lindhard_imag(q, -w, KF), -im)
    np.testing.assert_allclose(lindhard_real(q, -w, KF), lindhard_real(q, w, KF))


def test_imaginary_part_continuous_at_region_boundaries():
    for q in (0.3 * KF, 1.2 * KF, 1.9 * KF):
        for w0 in (q * KF - q**2 / 2, q * KF + q**2 / 2):
            a, b = lindhard_imag(q, w0 * (1 - 1e-9), KF), lindhard_imag(q, w0 * (1 + 1e-9), KF)
            assert a == pytest.approx(b, abs=1e-7)


@pytest.mark.parametrize("qk", [0.2, 1.0, 1.7, 2.5])
def test_f_sum_rule(qk):
    q = qk * KF
    top = q * KF + q**2 / 2
    val, _ = quad(lambda w: w * lindhard_imag(q, w, KF), 0, top, points=[abs(q * KF - q**2 / 2)])
    assert val == pytest.approx(-math.pi * GAS.n * q**2 / 2, rel=1e-9)


@pytest.mark.parametrize("qk,wk", [(0.5, 0.1), (0.5, 0.6), (1.5, 0.4), (2.5, 3.0)])
def test_kramers_kronig_real_from_imaginary(qk, wk):
    # Re chi(w) = (2/pi) P int_0^inf w' Im chi(w') / (w'^2 - w^2) dw'
    q, w = qk * KF, wk
    top = q * KF + q**2 / 2

    def f(x):
        return x * lindhard_imag(q, x, KF) / (x + w)

    pv, _ = quad(f, 0, top, weight="cauchy", wvar=w, limit=400)
    assert (2 / math.pi) * pv == pytest.approx(float(lindhard_real(q, w, KF)), rel=1e-7)


def test_small_omega_slope_of_imaginary_part():
    for q in (0.3 * KF, 1.5 * KF, 2.5 * KF):
        w = 1e-7
        slope = lindhard_imag(q, w, KF) / w
        assert slope == pytest.approx(float(lindhard_dimag_domega0(q, KF)), rel=1e-6, abs=1e-12)


def test_complex_form_with_positive_broadening_agrees():
    # independent evaluation: the compact complex-log form at omega + i eta, eta > 0
    q = np.array([0.4, 1.1, 1.8]) * KF
    w, eta = 0.3, 1e-9
    z = q / (2 * KF)
    nu_m = z - (w + 1j * eta) / (q * KF)
    nu_p = z + (w + 1j * eta) / (q * KF)

    def term(nu):
        return (1 - nu**2) * (np.log(nu + 1) - np.log(nu - 1))

    ref = -(KF / math.pi**2) * (0.5 + (term(nu_m) + term(nu_p)) / (8 * z))
    # the principal-branch complex log gives the advanced function for nu_- < 1: conjugate
    # where needed is exactly the pitfall; compare moduli of Im and the real parts
    np.testing.assert_allclose(lindhard(q, w, KF).real, ref.real, rtol=1e-6)
    np.testing.assert_allclose(np.abs(lindhard(q, w, KF).imag), np.abs(ref.imag), rtol=1e-6)


def test_lindhard_rejects_bad_input():
    with pytest.raises(ValueError, match="q"):
        lindhard(np.array([0.0, 1.0]), 0.1, KF)
    with pytest.raises(ValueError, match="omega"):
        lindhard(1.0, float("nan"), KF)
    with pytest.raises(ValueError, match="kF"):
        lindhard(1.0, 0.1, -1.0)


def test_series_branch_continuous_with_closed_form():
    # the real part switches to a 1/nu series where min |nu_pm| > 6: compare across the switch
    import currentforces.electron_liquid.lindhard as lh

    q = np.array([0.3, 1.0, 14.0]) * KF
    for qq in q:
        z = qq / (2 * KF)
        for u in (z + 5.99, z + 6.01) if z < 6 else (0.0,):
            w = u * qq * KF
            closed = -(KF / math.pi**2) * (
                0.5 + (lh._log_ratio(np.array(z - u)) + lh._log_ratio(np.array(z + u))) / (8 * z)
            )
            assert lindhard_real(qq, w, KF) == pytest.approx(float(closed), rel=1e-9)


@pytest.mark.parametrize(
    "qk,w", [(0.3, 0.05), (0.3, 0.6), (1.0, 0.0), (1.0, 0.4), (1.9, 1.0), (2.5, 0.2), (3.0, 6.0)]
)
def test_real_part_against_occupied_state_integral(qk, w):
    from currentforces.electron_liquid.lindhard import lindhard_real_quadrature

    q = qk * KF
    assert float(lindhard_real(q, w, KF)) == pytest.approx(
        lindhard_real_quadrature(q, w, KF), rel=1e-9, abs=1e-13
    )
