"""The equation ledger and the reproduction scorecard: rows of fixed text (data) whose evidence
comes from the same check and claim functions the chapters call.

Each ledger row names the equation, what is done with it, the chapter where it is done, the
evidence and a status:

- ``verified``: a numerical check passed (the evidence gives the residual or the numbers);
- ``definition``: the equation defines a quantity or states an approximation; nothing to check;
- ``derivation step``: an intermediate manipulation that the homogeneous gas cannot test by
  itself; the reason is given, and the result it leads to is checked in its own row;
- ``discrepancy``: the check shows that the equation as printed is wrong (evidence given);
- ``FAILED``: a check that should pass did not. Nothing is hidden: a failing check shows here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..evidence import checks
from ..evidence.claims import (    claim_charge_independence,
    claim_equilibrium_distance,
    claims_of_appendix_e,
    claims_of_the_dynamics,
    measure_claims,
)
from ..evidence.record import Evidence
from .report import unbreakable_numbers
from ..electron_liquid.gas import ElectronGas
from ..electron_liquid.kernels import make_kernel
from ..dynamics.equations_of_motion import ImpurityDynamics
from ..core.quadrature import sphere_rule
from ..dynamics.scenario import DEFAULT_PULSE_DURATION, ScenarioResult, paper_scenario
from ..impurity.statics import StaticPair
from ..dynamics.vector_equations import VectorEquations

LEDGER_STATUSES = ("verified", "definition", "derivation step", "discrepancy", "FAILED")
SCORECARD_STATUSES = ("reproduced", "partly reproduced", "not reproduced")
_LEDGER_STATUS = {"passed": "verified", "discrepancy": "discrepancy", "failed": "FAILED"}


@dataclass(frozen=True)
class Row:
    """One row of the ledger or the scorecard."""

    label: str
    what: str
    where: str
    status: str
    evidence: str
    rule: str = ""


class Context:
    """The objects the rows need at the paper's point, built once: rs = 2, proton +
    deuteron, the rectangular pulse of the dynamics chapter, MCP07 against RPA and static
    MCP07, and every check evaluated at most once."""

    T = DEFAULT_PULSE_DURATION

    def __init__(self, rs: float = 2.0):
        self.rs = rs
        self.gas = ElectronGas(rs)
        self.mcp07 = make_kernel("mcp07", self.gas)
        self.rpa = make_kernel("rpa", self.gas)

    @cached_property
    def pair(self) -> StaticPair:
        return StaticPair(self.mcp07)

    @cached_property
    def eq(self):
        return self.pair.equilibrium()

    @cached_property
    def result(self) -> ScenarioResult:
        return paper_scenario(self.T, self.rs, kernels=("mcp07", "rpa", "mcp07_static")).run()

    @cached_property
    def dyn(self) -> ImpurityDynamics:
        return self.result.dynamics["mcp07"]

    @cached_property
    def vector(self) -> VectorEquations:
        return VectorEquations(self.dyn, rule=sphere_rule(96, 8))

    @cached_property
    def ev(self) -> _Lazy:
        """Every check of the ledger, each evaluated once, when first asked for (the scorecard
        needs only a few of them)."""
        kernels = (self.rpa, self.mcp07)
        return _Lazy(
            {
                "field": lambda: checks.screened_field_limit(kernels),
                "drude": lambda: checks.drude_relation(kernels),
                "c5": lambda: checks.force_c5(self.mcp07),
                "yukawa": lambda: checks.thomas_fermi_yukawa(self.mcp07),
                "dU": lambda: checks.energy_force_consistency(self.pair),
                "c6": lambda: checks.energy_from_force_integral(self.pair),
                "sums": lambda: checks.sum_rules(self.gas),
                "b3": lambda: checks.current_response_b3(self.gas),
                "b5": lambda: checks.static_sum_rule_b5(self.mcp07),
                "identities": lambda: checks.angular_identities(
                    self.dyn.d, self.gas.kF, sphere_rule(96, 8)
                ),
                "decoupling": lambda: checks.decoupling(self.vector),
                "sign": lambda: checks.direct_field_sign_effect(self.result, "mcp07"),
                "causality": lambda: checks.causality(self.result),
                "restoring": lambda: checks.restoring_terms(self.dyn),
                "markov": lambda: checks.markov_vs_full(self.result, "mcp07"),
                "fits": lambda: checks.appendix_e_fits(self.result, "mcp07"),
                "e14": lambda: checks.e14_signs(self.dyn),
            }
        )


class _Lazy(dict):
    """A mapping whose values are computed by their thunks on first access."""

    def __init__(self, thunks: dict):
        super().__init__()
        self._thunks = thunks

    def __missing__(self, key):
        value = self[key] = self._thunks[key]()
        return value


def _checked(label, what, where, ev: Evidence, text: str | None = None) -> Row:
    return Row(label, what, where, _LEDGER_STATUS[ev.status], text or ev.text, ev.rule)


# Rows whose status does not come from a check: (label, what, chapter, status, evidence).
_FIXED = {
    "(2)": ("monochromatic external field", "dynamics", "definition", "-"),
    "(3)": (
        "induced current from the tensorial response",
        "appendix_b",
        "definition",
        "the tensorial $\\hat\\chi_{ij}$ of an inhomogeneous system is not available; its "
        "homogeneous limit enters through (B3)",
    ),
    "(5)": (
        "Eq. (4) with the scalar $\\chi$",
        "appendix_b",
        "derivation step",
        "follows from (4) by (B3) and (B5), checked in Appendix B",
    ),
    "(6)": ("bare potential of the nuclei", "equilibrium", "definition", "-"),
    "(7)": (
        "linearized force on each nucleus",
        "dynamics",
        "definition",
        "enters the checked equations of motion (14)-(15)",
    ),
    "(8)": ("Newton's equations", "dynamics", "definition", "-"),
    "(9)": (
        "weak electron-impurity interaction: linear $n_0$",
        "equilibrium",
        "definition",
        "an approximation; used as stated",
    ),
    "(13)": ("centre-of-mass and relative coordinates", "dynamics", "definition", "-"),
}
_B_REASONS = {
    1: "relation for the tensorial response of the inhomogeneous system",
    2: "rearrangement of (4) with (B1)",
    4: "rearrangement with (B3)",
    6: "(B4) with (B5): Eq. (5)",
}


def ledger_rows(ctx: Context | None = None) -> list[Row]:
    """Every numbered equation of the paper with its status (module docstring)."""
    ctx = ctx or Context()
    ev = ctx.ev
    rows: list[Row] = []
    add = rows.append

    def fixed(label):
        add(Row(label, *_FIXED[label]))

    # (1): the force vanishes at d_eq (relative to the bare Coulomb force there), and the sign
    # of its electron term as printed is the opposite of -grad E, which (C5) confirms
    c5 = ev["c5"]
    f_eq = abs(float(ctx.pair.force(ctx.eq.d))) / (ctx.pair.Z1 * ctx.pair.Z2 / ctx.eq.d**2)
    add(
        _checked(
            "(1)",
            "equilibrium: forces on the nuclei vanish",
            "equilibrium",
            Evidence.bound(
                max(f_eq, c5["flip"]),
                checks.C5_TOLERANCE,
                f"$F(d_{{eq}})$ = {f_eq:.0e} of the bare Coulomb force at $d_{{eq}}$ = "
                f"{ctx.eq.d:.4f} bohr; as printed, the electron term has the sign opposite to "
                f"$-\\nabla E$ (to {c5['flip']:.0e}), which (C1) corrects (Appendix C)",
                discrepancy=True,
                rule=f"F(d_eq) and the sign flip of (C5) below {checks.C5_TOLERANCE:g}, relative",
            ),
        )
    )
    fixed("(2)")
    fixed("(3)")
    add(_checked("(4)", "field of the redistributed electrons", "appendix_a", ev["field"]))
    fixed("(5)")
    fixed("(6)")
    fixed("(7)")
    fixed("(8)")
    fixed("(9)")
    yk = ev["yukawa"]
    add(
        _checked(
            "(10)",
            "force between two charges",
            "equilibrium",
            Evidence.all_hold(
                {
                    f"3D integral against Eq. (10) below {checks.C5_TOLERANCE:g}": c5["rel_plus"]
                    < checks.C5_TOLERANCE,
                    "Thomas-Fermi chi gives the Yukawa potential": yk.passed,
                },
                c5["rel_plus"],
                f"3D integral (C4)-(C5) against the angular form: {c5['rel_plus']:.0e}; "
                f"{yk.text}; $d_{{eq}}$ = {ctx.eq.d:.5f} bohr (paper 5.17)",
            ),
        )
    )
    add(_checked("(11)", "potential energy of two charges", "appendix_c", ev["dU"]))
    add(_checked("(12)", "Drude relation between current and field", "appendix_a", ev["drude"]))
    fixed("(13)")
    sign_note = "; direct-field sign: see the note above the table"
    dec = ev["decoupling"]
    add(
        _checked(
            "(14)",
            "equation of motion of the centre of mass",
            "appendix_d",
            dec,
            dec.text + sign_note,
        )
    )
    add(
        _checked(
            "(15)",
            "equation of motion of the relative coordinate",
            "appendix_d",
            dec,
            dec.text + sign_note,
        )
    )
    add(_checked("(16)", "rectangular current pulse", "dynamics", ev["causality"]))
    add(
        _checked("(17)", "interacting response from $\\chi_s$ and $f_{xc}$", "response", ev["sums"])
    )
    for i in range(1, 12):
        add(
            Row(
                f"(A{i})",
                "Maxwell's equations and their rearrangement",
                "appendix_a",
                "definition" if i <= 2 else "derivation step",
                "-"
                if i <= 2
                else "operator identity on fields, $c \\to \\infty$ limit; its result (A12) is "
                "checked",
            )
        )
    add(_checked("(A12)", "the field in the long-wavelength limit", "appendix_a", ev["field"]))
    for i in range(1, 7):
        if i in _B_REASONS:
            add(
                Row(
                    f"(B{i})",
                    _B_REASONS[i],
                    "appendix_b",
                    "derivation step",
                    "needs the response of the system with the nuclei; see Appendix B",
                )
            )
        elif i == 3:
            add(_checked("(B3)", "current against density response", "appendix_b", ev["b3"]))
        else:
            add(_checked("(B5)", "static sum rule", "appendix_b", ev["b5"]))
    for i in range(1, 5):
        add(
            Row(
                f"(C{i})",
                "force of Eq. (1) with $n_0$ of Eq. (9)",
                "appendix_c",
                "derivation step",
                "the 3D integral of (C4)-(C5) is evaluated directly in the (C5) row",
            )
        )
    add(_checked("(C5)", "force as a $q$-space integral", "appendix_c", c5))
    add(_checked("(C6)", "$U$ as the integral of $F$", "appendix_c", ev["c6"]))
    for i in (1, 2, 3):
        add(_checked(f"(D{i})", "angular identity", "appendix_d", ev["identities"]))
    for i in (4, 5, 6):
        add(
            Row(
                f"(D{i})",
                "decomposition along and across $\\mathbf d$",
                "appendix_d",
                "definition",
                "-",
            )
        )
    for label in ("(D7)", "(D8)", "(D9)", "(D10)"):
        add(_checked(label, "scalar equations of motion", "appendix_d", dec, dec.text + sign_note))
    rest = ev["restoring"]
    add(
        _checked(
            "(D8')",
            "(D8) at the equilibrium separation",
            "appendix_e",
            Evidence.bound(
                rest["d8"],
                checks.RESTORING_TOLERANCE,
                f"elastic terms of (D8) and (D8') agree to {rest['d8']:.0e}",
            ),
        )
    )
    add(
        _checked(
            "(D10')",
            "(D10) at the equilibrium separation",
            "appendix_e",
            Evidence.bound(
                rest["perp"],
                checks.RESTORING_TOLERANCE,
                f"the perpendicular restoring terms cancel to {rest['perp']:.0e} of "
                "$\\omega_{0\\parallel}^2$",
            ),
        )
    )
    add(_checked("(E1)", "Markovian substitution", "appendix_e", ev["markov"]))
    for i in range(2, 6):
        add(
            Row(
                f"(E{i})",
                "Markovian equations of motion",
                "appendix_e",
                "derivation step",
                "integrated as the coupled Markovian system in the (E1) row",
            )
        )
    add(
        Row(
            "(E6)",
            "stabilization: $\\delta V_c = \\bar\\delta j/\\bar n$",
            "appendix_e",
            "definition",
            "an assumption; it holds only at the end of phase II (see (E13))",
        )
    )
    fits = ev["fits"]
    mk, f4, f5, modes = fits["markov"], fits["fit4"], fits["fit5"], fits["modes_perp"]
    for i in (7, 8, 9):
        add(
            _checked(
                f"(E{i})",
                "damped oscillator for the relative motion",
                "appendix_e",
                fits,
                f"Fig. 4 fitted: $\\omega$ = {f4['omega']:.4e}, $\\kappa$ = "
                f"{f4['kappa']:.3e} hartree",
            )
        )
    add(
        _checked(
            "(E10)",
            "vibration frequency",
            "appendix_e",
            Evidence.all_hold(
                {
                    f"fitted omega within {checks.FIT_OMEGA_TOLERANCE:g} of (E10)": abs(
                        fits["omega_dev"]
                    )
                    < checks.FIT_OMEGA_TOLERANCE,
                    "(E10) = (U''/mu)^(1/2) to 1e-8": rest["curvature"] < 1e-8,
                },
                fits["omega_dev"],
                f"{mk['omega0_par']:.4e} hartree $= (U''/\\mu)^{{1/2}}$; fitted {f4['omega']:.4e}",
            ),
        )
    )
    add(
        _checked(
            "(E11)",
            "damping of the vibration",
            "appendix_e",
            Evidence.bound(
                fits["kappa_dev"],
                checks.FIT_KAPPA_TOLERANCE,
                f"{mk['kappa_par']:.4e} hartree; fitted {f4['kappa']:.4e}",
            ),
        )
    )
    add(
        _checked(
            "(E12)",
            "no restoring force across the axis",
            "appendix_e",
            Evidence.bound(
                rest["perp"],
                checks.RESTORING_TOLERANCE,
                f"$\\omega_{{0\\perp}}^2/\\omega_{{0\\parallel}}^2$ = {rest['perp']:.0e}",
            ),
        )
    )
    add(_checked("(E13)", "damping of the rotation", "appendix_e", e13_evidence(fits)))
    add(
        _checked(
            "(E14)", "Im $\\partial\\chi/\\partial\\omega < 0$ for all $q$", "appendix_e", ev["e14"]
        )
    )
    return rows


MODE_TOLERANCE = 1e-3
"""(E13): the fitted slow rate of Fig. 5 against the slow coupled Markovian mode, relative."""


def e13_evidence(fits: Evidence) -> Evidence:
    """(E13) against Fig. 5: "passed" if the fitted slow rate is kappa_perp within
    :data:`currentforces.evidence.checks.FIT_RATE_TOLERANCE`; otherwise "discrepancy" if it is the slow
    mode of the coupled Markovian equations within :data:`MODE_TOLERANCE` (so (E13), which drops
    the coupling to the centre of mass, is what is wrong), and "failed" if it is neither."""
    mk, f5, modes = fits["markov"], fits["fit5"], fits["modes_perp"]
    text = (
        f"$\\kappa_\\perp$ = {mk['kappa_perp']:.3e} hartree; Fig. 5 decays at "
        f"{f5['rate_slow']:.3e} and {f5['rate_fast']:.3e} (the coupled Markovian modes "
        f"{modes[0]:.3e}, {modes[1]:.3e})"
    )
    dev = fits["kappa_perp_dev"]
    if abs(dev) <= checks.FIT_RATE_TOLERANCE:
        return Evidence.bound(dev, checks.FIT_RATE_TOLERANCE, text)
    return Evidence.bound(
        f5["rate_slow"] / modes[0] - 1,
        MODE_TOLERANCE,
        text + ": (E6) drops the coupling to the centre of mass",
        discrepancy=True,
        rule=f"kappa_perp off by more than {checks.FIT_RATE_TOLERANCE:g}, and the fit equals "
        f"the slow coupled mode within {MODE_TOLERANCE:g}",
    )


def ledger_counts(rows: list[Row]) -> dict[str, int]:
    """Number of rows per status."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


# the scorecard: (label, the paper's claim, chapter); evidence from currentforces.evidence.claims
_CLAIMS = (
    ("equilibrium distance", "$d$ = 5.17 bohr at $r_s$ = 2 (MCP07), Fig. 1", "equilibrium"),
    ("charge independence", "equilibrium independent of $Z_1$, $Z_2$", "equilibrium"),
    ("three phases", "acceleration, stabilization, deceleration (Figs. 2-3)", "dynamics"),
    ("drift velocity", "c.m. velocity stabilizes at $j_0/\\bar n$", "dynamics"),
    ("viscous acceleration", "viscosity increases the acceleration in phase I", "dynamics"),
    ("viscous deceleration", "faster deceleration in phase III", "dynamics"),
    ("damped vibrations", "vibrations after each kick die out (Fig. 4)", "dynamics"),
    ("rotation falls off", "the rotation decays in phase II (Fig. 5)", "dynamics"),
    ("up to 70 %", "viscosity decreases the rotation in phase II by up to 70 %", "dynamics"),
    ("kappa > 0", "damping rates positive, (E14)", "appendix_e"),
    ("omega_0 for rotation = 0", "no restoring force across the axis, (E12)", "appendix_e"),
    ("underdamped vibration", "$\\omega_0^2 \\ge \\kappa^2$ in Fig. 4", "appendix_e"),
    ("decoupling", "parallel and perpendicular motions independent (App. D)", "appendix_d"),
    ("Appendix E describes Fig. 4", "frequency and damping of the vibration", "appendix_e"),
    (
        "Appendix E describes Fig. 5",
        "$\\kappa_\\perp$ gives the attenuation of the rotation",
        "appendix_e",
    ),
)


def scorecard_rows(ctx: Context | None = None) -> list[Row]:
    """Each claim of the paper with our number and a status (reproduced / partly / not)."""
    ctx = ctx or Context()
    d_z = StaticPair(ctx.mcp07, 1.0, 3.0).equilibrium().d
    dec = ctx.ev["decoupling"]
    evidence = {
        "equilibrium distance": claim_equilibrium_distance(ctx.eq),
        "charge independence": claim_charge_independence(d_z, ctx.eq.d, 1.0, 3.0),
        **claims_of_the_dynamics(measure_claims(ctx.result)),
        **claims_of_appendix_e(ctx.dyn.markov_constants(), ctx.ev["fits"]),
        "decoupling": Evidence.graded(
            dec.value,
            f"vector form against the scalar equations: {dec.value:.0e}",
            dec.rule,
            full=dec.passed,
            tolerance=dec.tolerance,
        ),
    }
    return [
        Row(label, what, where, evidence[label].status, evidence[label].text, evidence[label].rule)
        for label, what, where in _CLAIMS
    ]


_BEYOND = (
    (
        "friction of a proton",
        "the friction terms of (D7) from linear screening (Eq. 9), proton at $r_s$ = 2",
        "nonlinear_screening",
    ),
    (
        "friction across metals",
        "the same for $r_s$ from 1.5 to 6 (Al 2.07 ... Cs 5.6)",
        "nonlinear_screening",
    ),
    (
        "equilibrium distance",
        "Eq. (10) with the linear screening cloud, two protons at $r_s$ = 2",
        "nonlinear_screening",
    ),
    (
        "viscous friction",
        "the viscous (dynamic MCP07) friction of linear screening, proton at $r_s$ = 2, and the "
        "viscous parts of Figs. 2-5's measures",
        "viscous_friction",
    ),
)

BEYOND_LIMITS = (0.05, 0.25)
"""A beyond-the-paper row tests the weak-coupling approximation: it holds within 5 %
("reproduced"), within 25 % ("partly reproduced"), or not."""


def approximation_evidence(deviation: float, text: str) -> Evidence:
    """A test of the weak-coupling approximation by the relative ``deviation`` of the nonlinear
    from the linear result: graded by :data:`BEYOND_LIMITS`."""
    return Evidence.graded(
        deviation,
        text,
        f"|deviation| <= {BEYOND_LIMITS[0]:.0%} reproduced, <= {BEYOND_LIMITS[1]:.0%} partly",
        full=abs(deviation) <= BEYOND_LIMITS[0],
        partial=abs(deviation) <= BEYOND_LIMITS[1],
    )


_BEYOND_CLAIMS = (
    (
        "70 % across metals",
        "viscosity reduces the rotation by up to 70 % ($r_s$ = 2); here $r_s$ = 1-6",
        "metals",
    ),
    (
        "70 % across isotopes",
        "the same for HD, HT and DT at $r_s$ = 2",
        "metals",
    ),
    (
        "70 % across kernels",
        "the same with MCP07 (both Re $f_{GK}$) and rMCP07, $r_s$ = 2 and 4",
        "metals",
    ),
)


def beyond_claim_rows() -> list[Row]:
    """The paper's viscous claim swept over the metals, the isotopes and the kernels.

    At each point the rule of the scorecard's "up to 70 %" row
    (:func:`currentforces.evidence.claims.claims_of_the_dynamics`); the row takes the worst status of
    its points. The reductions are those reached by the end of the sweep's pulse
    (T = 80000 hbar/hartree); the phase-II decay-rate gains do not depend on it.
    """
    import numpy as np

    from ..evidence.claims import grade_rotation_claim
    from ..studies.metals import dynamics_cases, kernel_cases, sweep_densities
    from ..studies.engine import run_sweep

    groups = dynamics_cases(sweep_densities())
    studies = (
        ("dynamics", groups["densities"]),
        ("dynamics", groups["isotopes"]),
        ("kernel", [c for c in kernel_cases() if c["kernel"] in ("mcp07", "rmcp07")]),
    )
    order = ("not reproduced", "partly reproduced", "reproduced")
    out = []
    for (label, what, where), (study, group) in zip(_BEYOND_CLAIMS, studies, strict=True):
        rows = run_sweep(study, group, progress=False).rows
        col = {
            key: np.array([r[key] for r in rows], dtype=float)
            for key in ("rot_reduction_rpa", "rot_rate_gain_rpa", "rot_rate_gain_visc")
        }
        # equal nuclei drive no rotation: their comparisons are nan and not made
        made = np.all([np.isfinite(v) for v in col.values()], axis=0)
        graded = [
            grade_rotation_claim(a, b, c)
            for a, b, c in zip(*(v[made] for v in col.values()), strict=True)
        ]
        worst = min(graded, key=lambda e: order.index(e.status))
        T = {float(r["T"]) for r in group} if "T" in group[0] else {80000.0}
        text = (
            f"against RPA up to {_span(col['rot_reduction_rpa'], '.0f', '-')} % by the end of a "
            f"pulse of {max(T):.0f} $\\hbar$/hartree; phase-II decay rate of the rotation "
            f"{_span(col['rot_rate_gain_rpa'], '+.0f')} % against RPA; against static MCP07 (the "
            f"viscosity alone) {_span(col['rot_rate_gain_visc'], '+.1f')} %"
        )
        out.append(Row(label, what, where, worst.status, text, worst.rule + " (at every point)"))
    return out


def _span(values, spec: str, between: str = " to ") -> str:
    """The range of the finite ``values`` as printed ("64-78", "+44 to +52"), one number if
    both ends print alike.

    >>> _span([44.2, 43.9], "+.0f"), _span([64.0, 78.3], ".0f", "-")
    ('+44', '64-78')
    """
    import numpy as np

    lo, hi = (format(f(values), spec) for f in (np.nanmin, np.nanmax))
    return lo if lo == hi else f"{lo}{between}{hi}"


def beyond_rows() -> list[Row]:
    """The conclusions of the chapters beyond the paper, each a test of an approximation."""
    from ..evidence.weak_coupling import (        friedel_sum_rule,
        literature_friction,
        proton_friction,
        weak_coupling_limit,
    )

    from ..evidence.viscous_friction import friction_rows
    from ..studies.engine import grid, run_sweep

    rows = proton_friction()["rows"]
    at2 = next(row for row in rows if row["rs"] == 2.0)
    visc = friction_rows([1.0], [2.0])[0]
    dyn = {
        r["friction"]: r
        for r in run_sweep(
            "dynamics",
            grid(rs=[2.0], T=[80000.0], correlation=["pz81"], friction=["linear", "nonlocal"]),
            progress=False,
        ).rows
    }
    lin, nl = dyn["linear"], dyn["nonlocal"]
    checks = (friedel_sum_rule(), weak_coupling_limit(), literature_friction())
    checked = "checks passed" if all(e.passed for e in checks) else "a check FAILED"
    worst = max(rows, key=lambda row: abs(row["ratio_alda"] - 1))
    texts = {
        "friction of a proton": (
            at2["ratio_alda"] - 1,
            f"nonlinear (Kohn-Sham LDA) $Q$ = {at2['Q_nonlinear']:.4f} a.u. against "
            f"{at2['Q_alda']:.4f} (linear, static ALDA): factor {at2['ratio_alda']:.3f} "
            f"({at2['ratio_mcp07']:.3f} against the paper's dynamic MCP07); "
            f"Friedel sum, $Z \\to 0$ limit and Gerrits et al. (2020): {checked}",
        ),
        "friction across metals": (
            worst["ratio_alda"] - 1,
            "nonlinear/linear (both static LDA) from "
            f"{rows[0]['ratio_alda']:.2f} at $r_s$ = {rows[0]['rs']:g} to {rows[-1]['ratio_alda']:.2f} at "
            f"$r_s$ = {rows[-1]['rs']:g}, the ends of the sweep",
        ),
        "viscous friction": (
            visc["Q_dyn_nonlocal"] / visc["paper_dynamic"] - 1,
            f"MCP07's viscosity on the nonlinear cloud: $Q_{{\\rm dyn}}$ = {visc['Q_dyn_nonlocal']:.4f} a.u. "
            f"against {visc['paper_dynamic']:.4f} (linear), {100 * visc['share_nonlocal']:.0f} % of $Q$ against "
            f"{100 * visc['share_paper']:.0f} %; with it, at $T$ = 80000 $\\hbar$/hartree, the viscous part of "
            f"the acceleration gain {lin['acc_gain_visc']:.1f} $\\to$ {nl['acc_gain_visc']:.1f} % and of the "
            f"rotation reduction {lin['rot_reduction_visc']:.0f} $\\to$ {nl['rot_reduction_visc']:.0f} %",
        ),
        "equilibrium distance": (
            at2["d_nonlinear"] / at2["d_mcp07"] - 1,
            f"superposition of nonlinear clouds: {at2['d_nonlinear']:.2f} bohr against "
            f"{at2['d_mcp07']:.2f} (an estimate; see the chapter for its limits)",
        ),
    }
    out = []
    for label, what, where in _BEYOND:
        ev = approximation_evidence(*texts[label])
        out.append(Row(label, what, where, ev.status, ev.text, ev.rule))
    return out


BADGES = {
    "verified": "success",
    "definition": "info",
    "derivation step": "secondary",
    "discrepancy": "warning",
    "FAILED": "danger",
    "reproduced": "success",
    "partly reproduced": "warning",
    "not reproduced": "danger",
}
"""sphinx-design badge colour of each status."""

WHERE = {
    "response": "Response",
    "equilibrium": "Equilibrium",
    "dynamics": "Dynamics",
    "appendix_a": "App. A",
    "appendix_b": "App. B",
    "appendix_c": "App. C",
    "appendix_d": "App. D",
    "appendix_e": "App. E",
    "nonlinear_screening": "Nonlinear",
    "viscous_friction": "Viscous friction",
    "metals": "Metals",
}
"""Short names of the chapters for the 'where' column."""


def badge(status: str) -> str:
    """A coloured sphinx-design badge for a status (MyST role)."""
    return f"{{bdg-{BADGES.get(status, 'secondary')}}}`{status}`"


def counts_line(rows: list[Row], order: tuple[str, ...]) -> str:
    """The counts of the statuses as a line of badges, e.g. 'verified 22 · definition 13'."""
    counts = ledger_counts(rows)
    return " ".join(
        f"{{bdg-{BADGES[s]}}}`{s}: {counts.get(s, 0)}`" for s in order if counts.get(s, 0)
    )


LABELS = {
    "kappa > 0": r"$\kappa > 0$",
    "omega_0 for rotation = 0": r"$\omega_{0\perp} = 0$",
}
"""How a row label that names a symbol is shown (the label itself stays the claim's key)."""


def markdown_table(
    rows: list[Row], headers=("", "statement", "where", "status", "evidence"), link=True
) -> str:
    """A MyST table of the rows: short {doc} links, statuses as coloured badges."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for r in rows:
        short = WHERE.get(r.where, r.where)
        where = f"{{doc}}`{short} <{r.where}>`" if link else short
        cells = [
            LABELS.get(r.label, r.label),
            r.what,
            where,
            badge(r.status),
            unbreakable_numbers(r.evidence.replace("|", "/")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


LEDGER_GROUPS = (
    ("Main text, Eqs. (1)-(17)", ""),
    ("Appendix A, (A1)-(A12)", "A"),
    ("Appendix B, (B1)-(B6)", "B"),
    ("Appendix C, (C1)-(C6)", "C"),
    ("Appendix D, (D1)-(D10')", "D"),
    ("Appendix E, (E1)-(E14)", "E"),
)


def ledger_markdown(rows: list[Row]) -> str:
    """The ledger as one collapsible table per section of the paper, counts in each title."""
    parts = []
    for title, letter in LEDGER_GROUPS:
        group = [r for r in rows if (r.label[1] == letter if letter else r.label[1].isdigit())]
        counts = ledger_counts(group)
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        parts.append(
            f":::{{dropdown}} {title}: {summary}\n:open:\n\n{markdown_table(group)}\n:::\n"
        )
    return "\n".join(parts)


def headline_numbers(ctx: Context | None = None) -> dict[str, str]:
    """The numbers the README quotes, formatted once (tests/test_readme.py holds the README to
    them): the equilibrium, Appendix E's constants, the gains against RPA and static MCP07 and the
    effect of the direct-field sign, at the paper's point."""
    ctx = ctx or Context()
    c = measure_claims(ctx.result)
    mk = ctx.dyn.markov_constants()
    sign = ctx.ev["sign"]
    return {
        "d_eq": f"{ctx.eq.d:.4f} bohr",
        "omega0": f"{mk['omega0_par']:.3e} hartree",
        "kappa": f"{mk['kappa_par']:.2e}, {mk['kappa_perp']:.2e} hartree",
        "acceleration": f"{c['acc_gain_rpa']:+.0f} %; against static MCP07 (the viscosity alone) "
        f"{c['acc_gain_visc']:+.1f} %",
        "rotation_rate": f"{c['rot_rate_gain_rpa']:+.0f} %; against static MCP07 (the viscosity alone) "
        f"{c['rot_rate_gain_visc']:+.1f} %",
        "rotation_T": f"up to {c['red_rpa']:.0f} % (viscosity alone: {c['red_visc']:.0f} %)",
        "T": f"{ctx.T:.0f}",
        "sign": f"{sign.value:.1e}",
    }
