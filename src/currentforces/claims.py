"""The paper's claims, measured on the traces and the statics, each with a status.

:func:`measure_claims` extracts the numbers behind the claims of Figs. 2-5 from a scenario run;
the ``claim_*`` functions turn numbers into an :class:`~currentforces.evidence.Evidence` with
the status "reproduced", "partly reproduced" or "not reproduced". The dynamics chapter and the
scorecard call the same functions.

Velocities in units of j0/n, times in hbar/hartree, rates in hartree, gains in %.
"""

from __future__ import annotations

import numpy as np

from .checks import FIT_KAPPA_TOLERANCE, RESTORING_TOLERANCE
from .evidence import Evidence
from .scenario import ScenarioResult
from .statics import Equilibrium
from .traces import crossing_time, mean_slope, peak, reduction, stabilized_velocity, time_to_reach

__all__ = [
    "PAPER_D_EQ",
    "PAPER_ROTATION_REDUCTION",
    "claim_charge_independence",
    "claim_equilibrium_distance",
    "claims_of_appendix_e",
    "claims_of_the_dynamics",
    "measure_claims",
]

PAPER_D_EQ: float = 5.17
"""The paper's equilibrium separation (bohr), Fig. 1 (MCP07, rs = 2)."""

PAPER_ROTATION_REDUCTION: float = 0.70
"""The paper's "up to 70 %" reduction of the rotation by viscosity (Fig. 5)."""


def _status(ok: bool) -> str:
    return "reproduced" if ok else "not reproduced"


def _viscous_status(against_rpa: float, viscous: float) -> str:
    """The status of a claimed viscous increase.

    Reproduced if the viscosity itself (dynamic against static MCP07) gives most of the
    MCP07-RPA difference, partly if it has the claimed sign but not the size.
    """
    if viscous > 0 and against_rpa > 0:
        return "reproduced" if viscous >= 0.5 * against_rpa else "partly reproduced"
    return "not reproduced"


def _ratio(a: float, b: float) -> float:
    """a/b, nan where b vanishes (equal nuclei drive no relative motion)."""
    return a / b if b else float("nan")


def measure_claims(
    result: ScenarioResult,
    main: str = "mcp07",
    reference: str = "rpa",
    static: str = "mcp07_static",
    level: float = 0.95,
    window: tuple[float, float] = (200.0, 1200.0),
    target: float = PAPER_ROTATION_REDUCTION,
) -> dict[str, float]:
    """The numbers behind the paper's claims, from one scenario run.

    The numbers behind the paper's claims, from a run with the ``main``, ``reference``
    and ``static`` kernels.

    Returns a dict: the drift at the end of the pulse (``vc_T_*``), the zero-frequency limit
    ``h0``, the time to reach ``level`` of the drift (``t95_*``), the slopes just after switch-on
    and switch-off over ``window`` (``acc_*``, ``dec_*``) and their gains against the reference
    and the static kernel in %, the vibration and rotation peaks, and the largest reduction of
    the rotation in phase II (``red_rpa``, ``red_visc`` in %, and when it passes ``target``).

    Examples
    --------
    >>> from currentforces import paper_scenario
    >>> result = paper_scenario(T=20000.0, kernels=("mcp07", "rpa", "mcp07_static")).run()
    >>> c = measure_claims(result)
    >>> c["acc_gain_rpa"] > 0  # viscosity increases the acceleration in phase I
    True
    """
    T = result.scenario.T
    tr = result.traces
    m_par, r_par = tr[main, "parallel"], tr[reference, "parallel"]
    m_perp, r_perp = tr[main, "perpendicular"], tr[reference, "perpendicular"]
    s_par, s_perp = tr[static, "parallel"], tr[static, "perpendicular"]
    dt = float(m_par.t[1] - m_par.t[0])
    a, b = window
    c = {
        "vc_T_main": stabilized_velocity(m_par, T),
        "vc_T_ref": stabilized_velocity(r_par, T),
        "vc_T_main_perp": stabilized_velocity(m_perp, T),
        "h0": float(result.dynamics[main].transfer(np.array([0.0]), "parallel")[0][0].real),
        "t95_main": time_to_reach(m_par, level),
        "t95_ref": time_to_reach(r_par, level),
        "acc_main": mean_slope(m_par, a, b),
        "acc_ref": mean_slope(r_par, a, b),
        "acc_static": mean_slope(s_par, a, b),
        "dec_main": -mean_slope(m_par, T + a, T + b),
        "dec_ref": -mean_slope(r_par, T + a, T + b),
        "dec_static": -mean_slope(s_par, T + a, T + b),
        "vib_on": peak(m_par, 0, 0.1 * T),
        "vib_mid": peak(m_par, 0.9 * T, T - dt),
        "vib_off": peak(m_par, T, 1.1 * T),
        "rot_peak": peak(m_perp, 0, T),
        "rot_end": abs(float(m_perp.vr[m_perp.t < T][-1])),
        "rot_peak_ref": peak(r_perp, 0, T),
    }
    c["acc_gain_rpa"] = 100 * (c["acc_main"] / c["acc_ref"] - 1)
    c["acc_gain_visc"] = 100 * (c["acc_main"] / c["acc_static"] - 1)
    c["dec_gain_rpa"] = 100 * (c["dec_main"] / c["dec_ref"] - 1)
    c["dec_gain_visc"] = 100 * (c["dec_main"] / c["dec_static"] - 1)
    red_rpa, t_red_rpa, _ = reduction(m_perp, r_perp, 0.0, T - dt)
    red_visc, t_red_visc, _ = reduction(m_perp, s_perp, 0.0, T - dt)
    c.update(
        red_rpa=100 * red_rpa,
        t_red_rpa=t_red_rpa,
        red_visc=100 * red_visc,
        t_red_visc=t_red_visc,
        t70_rpa=crossing_time(m_perp, r_perp, target, 0.0, T - dt),
    )
    return c


def claim_equilibrium_distance(eq: Equilibrium, paper: float = PAPER_D_EQ) -> Evidence:
    """The equilibrium separation against the paper's (bohr): reproduced within 0.01 bohr."""
    diff = eq.d - paper
    text = f"{eq.d:.4f} bohr, converged to 1e-5 ({diff:+.3f} bohr, {100 * diff / paper:+.1f} %)"
    return Evidence(diff, 0.01, _status(abs(diff) <= 0.01), text, {"d": eq.d, "paper": paper})


def claim_charge_independence(d_other: float, d_eq: float, Z2: float) -> Evidence:
    """The equilibrium separation does not depend on the charges.

    The equilibrium does not depend on the charges: d_eq with charge ``Z2`` equal to
    ``d_eq`` to 1e-9 bohr.
    """
    diff = abs(d_other - d_eq)
    text = f"$Z_2$ = {Z2:g} gives {d_other:.6f} bohr"
    return Evidence(diff, 1e-9, _status(diff < 1e-9), text)


def claims_of_the_dynamics(c: dict[str, float]) -> dict[str, Evidence]:
    """The claims of Figs. 2-5 from the numbers of :func:`measure_claims`, by short name."""
    out = {}
    ok = c["acc_main"] > 0 and c["dec_main"] > 0 and c["vc_T_main"] > 0.99
    out["three phases"] = Evidence(
        c["vc_T_main"],
        None,
        _status(ok),
        f"slopes +{c['acc_main']:.2e} (phase I), -{c['dec_main']:.2e} (phase III) per "
        "$\\hbar$/hartree, plateau in phase II",
    )
    out["drift velocity"] = Evidence(
        c["vc_T_main"] - 1,
        0.01,
        _status(abs(c["vc_T_main"] - 1) < 0.01),
        f"$\\delta V_c(T)$ = {c['vc_T_main']:.4f} (MCP07), {c['vc_T_ref']:.4f} (RPA) $j_0/\\bar n$",
    )
    g_rpa, g_visc = c["acc_gain_rpa"], c["acc_gain_visc"]
    out["viscous acceleration"] = Evidence(
        g_visc,
        None,
        _viscous_status(g_rpa, g_visc),
        f"{g_rpa:+.0f} % against RPA, of which {g_visc:+.1f} % from the frequency dependence "
        "of $f_{xc}$ (the viscosity); the rest is the static kernel",
    )
    d_rpa, d_visc = c["dec_gain_rpa"], c["dec_gain_visc"]
    out["viscous deceleration"] = Evidence(
        d_visc,
        None,
        _viscous_status(d_rpa, d_visc),
        f"{d_rpa:+.0f} % against RPA, {d_visc:+.1f} % from viscosity alone",
    )
    ok = c["vib_mid"] < 0.1 * c["vib_on"] and c["vib_off"] > 0.5 * c["vib_on"]
    out["damped vibrations"] = Evidence(
        _ratio(c["vib_mid"], c["vib_on"]),
        0.1,
        _status(ok),
        f"max $\\lvert\\delta V_r\\rvert$ {c['vib_on']:.4f} after switch-on, {c['vib_mid']:.5f} at the end "
        f"of phase II, {c['vib_off']:.4f} after switch-off",
    )
    out["rotation falls off"] = Evidence(
        _ratio(c["rot_end"], c["rot_peak"]),
        0.1,
        _status(c["rot_end"] < 0.1 * c["rot_peak"]),
        f"$\\lvert\\delta V_r\\rvert$ from {c['rot_peak']:.3f} to {c['rot_end']:.4f} $j_0/\\bar n$",
    )
    out["up to 70 %"] = Evidence(
        c["red_rpa"],
        None,
        "partly reproduced",
        f"MCP07 against RPA: up to {c['red_rpa']:.0f} % (passes 70 % at $t$ = "
        f"{c['t70_rpa']:.0f}, depends on $T$); viscosity alone (MCP07 against static MCP07): "
        f"{c['red_visc']:.0f} %",
    )
    return out


def claims_of_appendix_e(mk: dict[str, float], fits: Evidence) -> dict[str, Evidence]:
    """The claims of Appendix E, by short name.

    The claims of Appendix E from the Markovian constants and the fits of
    :func:`currentforces.checks.appendix_e_fits`, by short name.
    """
    out = {}
    ok = mk["kappa_par"] > 0 and mk["kappa_perp"] > 0
    out["kappa > 0"] = Evidence(
        min(mk["kappa_par"], mk["kappa_perp"]),
        None,
        _status(ok),
        f"$\\kappa_\\parallel$ = {mk['kappa_par']:.3e}, $\\kappa_\\perp$ = "
        f"{mk['kappa_perp']:.3e} hartree",
    )
    ratio = abs(mk["omega0_perp_sq"]) / mk["omega0_par_sq"]
    out["omega_0 for rotation = 0"] = Evidence(
        ratio,
        RESTORING_TOLERANCE,
        _status(ratio < RESTORING_TOLERANCE),
        f"$\\omega_{{0\\perp}}^2$ = {mk['omega0_perp_sq']:.0e} hartree$^2$",
    )
    q = mk["omega0_par"] / mk["kappa_par"]
    out["underdamped vibration"] = Evidence(
        q,
        None,
        _status(q > 1),
        f"$\\omega_0/\\kappa$ = {q:.0f}",
    )
    f4, f5 = fits["fit4"], fits["fit5"]
    out["Appendix E describes Fig. 4"] = Evidence(
        fits["kappa_dev"],
        FIT_KAPPA_TOLERANCE,
        _status(abs(fits["kappa_dev"]) < FIT_KAPPA_TOLERANCE),
        f"fitted {f4['omega']:.4e}, {f4['kappa']:.3e} against (E10), (E11) "
        f"{mk['omega0_par']:.4e}, {mk['kappa_par']:.3e} hartree",
    )
    out["Appendix E describes Fig. 5"] = Evidence(
        fits["kappa_perp_dev"],
        0.05,
        _status(abs(fits["kappa_perp_dev"]) <= 0.05),
        f"fitted rates {f5['rate_slow']:.3e}, {f5['rate_fast']:.3e} against $\\kappa_\\perp$ "
        f"{mk['kappa_perp']:.3e} hartree",
    )
    return out
