"""The revised MCP07 kernel (rMCP07, Kaplan et al. 2022): limits, Kramers-Kronig, and the
authors' own imaginary-frequency implementation (PyPI package akck-lff) as a cross-check."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

import currentforces.electron_liquid.correlation as correlation
import currentforces.electron_liquid.kernels as kn
from currentforces import ElectronGas, make_kernel
from currentforces.electron_liquid.kernels import (
    gk_h_kramers_kronig,
    gki_h_revised,
    mcp07_parameters,
)


@pytest.mark.parametrize("rs", [1.0, 2.0, 5.0])
def test_limits(rs):
    k = make_kernel("rmcp07", rs)
    p = mcp07_parameters(rs)
    q = np.array([1e-4, 0.5, 1.0, 3.0]) * k.gas.kF
    # omega = 0: the static MCP07 kernel
    assert np.allclose(k(q, 0.0).real, make_kernel("mcp07_static", rs).static(q), rtol=1e-13)
    # q -> 0: the revised Gross-Kohn-Iwamoto kernel at the frequency itself (p(0) = 1)
    w = 0.37 * k.gas.omega_p
    assert complex(k(q[:1], w)[0]) == pytest.approx(
        complex(kn._gross_kohn(np.array(w), p, "revised")), rel=1e-6
    )
    # omega -> infinity: f_inf (the third frequency moment) at q -> 0
    assert complex(k(q[:1], 1e9)[0]).real == pytest.approx(p.f_inf, rel=1e-5)
    # retarded: Im f < 0 for omega > 0, f(-omega) = conj f(omega)
    assert np.all(k(q, w).imag < 0)
    assert np.allclose(k(q, -w), np.conj(k(q, w)))


def test_revised_real_part_is_the_kramers_kronig_partner_of_g():
    # h_rev is a fit to the Kramers-Kronig partner of g: the package computes that partner
    # numerically (gk_h_kramers_kronig); a mistyped coefficient would differ by far more than 1 %
    x = np.linspace(0.0, 30.0, 301)
    h0 = 1.0 / kn.GAMMA_GK
    assert gki_h_revised(0.0) == pytest.approx(h0, rel=1e-15)
    assert np.max(np.abs(gki_h_revised(x) - gk_h_kramers_kronig(x))) < 1e-2 * h0


def _continued(k, q, u):
    """f(q, iu) from the real axis: f_inf(q) + (2/pi) int_0^inf w Im f(q, w) / (w^2 + u^2) dw."""
    f_inf = complex(k(np.array([q]), 1e12)[0]).real

    def integrand(w):
        return w * complex(k(np.array([q]), w)[0]).imag / (w * w + u * u)

    body = quad(integrand, 0.0, np.inf, limit=400, epsabs=0, epsrel=1e-10)[0]
    return f_inf + 2.0 / math.pi * body


akck = pytest.importorskip("AKCK_LFF.rMCP07")


def _dv(rs):
    gas = ElectronGas(rs)
    return {"rs": rs, "kF": gas.kF, "n": gas.n, "rsh": math.sqrt(rs)}


def _rounded_gradient_coefficient(rs):
    # the gradient coefficient C_xc with the rounded constants of AKCK_LFF/mcp07_static.py
    return -0.00238 + 0.00423 * (1 + 3.138 * rs + 0.3 * rs**2) / (1 + 3 * rs + 0.5334 * rs**2)


def test_static_mcp07_against_akck_lff(monkeypatch):
    from AKCK_LFF.mcp07_static import mcp07_static as theirs

    for rs in (1.0, 2.0, 4.0):
        q = np.array([0.3, 1.0, 2.0, 3.0]) * ElectronGas(rs).kF
        ours = make_kernel("mcp07_static", rs, "pw92").static(q)
        ref = theirs(q, _dv(rs), param="PW92")
        # they round the gradient coefficient C_xc to 3 figures: a few 1e-4 (relative)
        assert 1e-6 < np.max(np.abs(ours / ref - 1)) < 1e-3
    # with their C_xc and their PW92 constant A = (1 - ln 2)/pi^2 (ours: 0.031091, as published)
    # in our kernel the two agree to rounding
    monkeypatch.setattr(kn, "gradient_coefficient", _rounded_gradient_coefficient)
    monkeypatch.setattr(correlation, "_PW_A", (1 - math.log(2)) / math.pi**2)
    kn._mcp07_parameters.cache_clear()
    try:
        for rs in (1.0, 2.0, 4.0):
            q = np.array([0.3, 1.0, 2.0, 3.0]) * ElectronGas(rs).kF
            ours = make_kernel("mcp07_static", rs, "pw92").static(q)
            assert np.allclose(ours, theirs(q, _dv(rs), param="PW92"), rtol=1e-10)
    finally:
        kn._mcp07_parameters.cache_clear()


def test_rmcp07_on_the_imaginary_axis_against_akck_lff(monkeypatch):
    # ours is built on the real axis (h_rev + i g); theirs is the authors' separate fit on the
    # imaginary axis. Continued to iu by the spectral integral, the two agree to the accuracy of
    # the fits (with the same C_xc, so that only the frequency dependence is compared)
    monkeypatch.setattr(kn, "gradient_coefficient", _rounded_gradient_coefficient)
    kn._mcp07_parameters.cache_clear()
    try:
        for rs in (2.0, 4.0):
            k = make_kernel("rmcp07", rs, "pw92")
            for q_over_kf in (0.1, 0.5, 1.0):
                q = q_over_kf * k.gas.kF
                for u_over_wp in (0.1, 0.5, 2.0):
                    u = u_over_wp * k.gas.omega_p
                    ours = _continued(k, q, u)
                    G = akck.g_rMCP07(np.array([q]), u, _dv(rs))[0]
                    ref = -4.0 * math.pi * G / q**2
                    # the real-axis fit alone is off the exact Kramers-Kronig partner of g by up to
                    # 3.3e-3 of h(0) (previous test); the imaginary-axis fit is a second fit
                    assert ours == pytest.approx(ref, rel=5e-3), (rs, q_over_kf, u_over_wp)
    finally:
        kn._mcp07_parameters.cache_clear()
