"""The interpreting sentences of the dynamics chapter, decided by the numbers of the run.

Every sentence that says whether something is reached, confirmed, small or viscous is chosen
here from the measured numbers (:func:`currentforces.evidence.claims.measure_claims`) and the evidence
of :func:`currentforces.evidence.claims.claims_of_the_dynamics`, so that the chapter, its re-runs and
the tests read the same words for the same numbers. Markdown with inline TeX.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..electron_liquid.kernels import KERNEL_CLASSES, kernel_label
from ..evidence.claims import (
    PHASE_TWO_BY,    PAPER_ROTATION_REDUCTION,
    claims_of_the_dynamics,
    phase_two_reached,
)

__all__ = ["DynamicsRun", "dynamics_discussion", "sign_sentence", "times", "when_reached"]

SMALL_CHANGE = 0.05
"""A change of a trace below this fraction of its maximum is called small."""


@dataclass(frozen=True)
class DynamicsRun:
    """What the sentences need to know about a run besides its measured numbers."""

    kernel: str
    reference: str
    rates: dict  # centre-of-mass friction rate Gamma_c of the two kernels compared (hartree)
    T: float
    equal_nuclei: bool
    paper_point: bool
    window: tuple[float, float]
    level: float = 0.95

    @property
    def same(self) -> bool:
        """The kernel is compared with itself."""
        return self.kernel == self.reference

    @property
    def kernel_is_dynamic(self) -> bool:
        """Whether the kernel depends on frequency (its class says)."""
        return KERNEL_CLASSES[self.kernel].is_dynamic

    @property
    def viscous(self) -> bool:
        """Whether dynamic against static MCP07 isolates this kernel's viscosity.

        Only for a kernel whose static limit is static MCP07 (MCP07, rMCP07).
        """
        return KERNEL_CLASSES[self.kernel].static_limit == "mcp07_static"


def times(x: float) -> str:
    """A number of friction times in two significant digits (never '0.0')."""
    return f"{x:.2g}"


def when_reached(t: float, who: str) -> str:
    """'reached at $t$ = 36100 ħ/hartree (MCP07)' or 'not reached during the pulse (RPA)'."""
    if math.isfinite(t):
        return f"reached at $t$ = {t:.0f} $\\hbar$/hartree ({who})"
    return f"not reached during the pulse ({who})"


def dynamics_discussion(c: dict, run: DynamicsRun) -> dict[str, str]:
    """The discussion of the claims for this run.

    Returns the paragraphs ``text``, the 70 % box ``box``, the ``summary`` paragraph and
    ``summary_lines`` (plain text for the command line).
    """
    K, R = kernel_label(run.kernel), kernel_label(run.reference)
    verdict = claims_of_the_dynamics(c)
    reached = phase_two_reached(c)
    slow = min(run.rates, key=run.rates.get)
    t_gamma = run.T * run.rates[slow]
    not_reached = (
        "Phase II is not reached here: the book counts it as reached when both kernels reach "
        f"95 % of the drift within the first {PHASE_TWO_BY:.0%} of the pulse, and this pulse is "
        f"{times(t_gamma)} times the slowest friction time "
        f"$1/\\Gamma_c$ = {1 / run.rates[slow]:.0f} $\\hbar$/hartree ({kernel_label(slow)})."
    )
    text = [
        "**Three phases.** The paper describes (I) an acceleration under the electron wind after "
        "the current is switched on, (II) a stabilization at the drift velocity, where friction "
        "and wind balance, and (III) a deceleration by friction alone after the pulse. Here, over "
        f"the last 5 % of the pulse $\\delta V_c$ = {c['vc_T_main']:.4f} $j_0/\\bar n$ ({K}) "
        f"and {c['vc_T_ref']:.4f} ({R}), the exact zero-frequency limit being $H(0)$ = "
        f"{c['h0']:.4f}; {100 * run.level:.0f} % of the drift is "
        + (
            "not reached during the pulse by either kernel. "
            if not (math.isfinite(c["t95_main"]) or math.isfinite(c["t95_ref"]))
            else f"{when_reached(c['t95_main'], K)} and {when_reached(c['t95_ref'], R)}. "
        )
        + (
            verdict["three phases"].says(
                "Confirmed: phase II is reached.",
                "The three phases are not all seen: the centre of mass does not both accelerate "
                "and decelerate.",
                partly=not_reached,
            )
            if reached or verdict["three phases"].failed
            else not_reached
        )
    ]
    if run.same:
        text.append(
            f"**Kernels compared.** The kernel and the reference kernel are both {K}: the "
            "comparisons of acceleration, deceleration and rotation between kernels are void "
            "for this run."
        )
    else:
        if run.viscous:
            part = (
                f" The frequency dependence of $f_{{xc}}$ alone (the viscosity proper: {K} against "
                f"static MCP07, its static limit) changes them by {c['acc_gain_visc']:+.1f} % and "
                f"{c['dec_gain_visc']:+.1f} %"
                + (
                    "; the rest of the difference from RPA is the static exchange-correlation "
                    "correction."
                    if run.reference == "rpa"
                    and 0 < c["acc_gain_visc"] < c["acc_gain_rpa"]
                    and 0 < c["dec_gain_visc"] < c["dec_gain_rpa"]
                    else "."
                )
            )
        elif run.kernel_is_dynamic:
            part = (
                f" {K} depends on frequency, but its static limit is not static MCP07, so the "
                "comparison with static MCP07 does not isolate its viscosity."
            )
        else:
            part = f" {K} is a static kernel: none of this is viscosity."
        slopes = (c["acc_main"], c["acc_ref"], c["acc_static"], c["dec_main"], c["dec_ref"])
        if all(x > 0 for x in slopes):
            text.append(
                f"**Acceleration and deceleration, {K} against {R}.** The slope of $\\delta V_c$ "
                f"just after switch-on (fitted over {run.window[0]:.0f}-{run.window[1]:.0f} "
                f"$\\hbar$/hartree) is {c['acc_gain_rpa']:+.0f} % with {K} relative to {R}, and "
                f"just after switch-off the deceleration is {c['dec_gain_rpa']:+.0f} %." + part
            )
        else:
            text.append(
                f"**Acceleration and deceleration, {K} against {R}.** Not compared: in this run "
                "the centre of mass does not both accelerate after switch-on and decelerate after "
                "switch-off in the fitting windows, so the ratios of the slopes mean nothing."
            )
    if run.equal_nuclei:
        text.append(
            "**Vibration and rotation.** The two nuclei are identical: the current drives no "
            "relative motion, and Figs. 4 and 5 are zero."
        )
    else:
        text.append(
            f"**Vibrations after each kick** ({{numref}}`fig-4`): the largest $|\\delta V_r|$ is "
            f"{c['vib_on']:.4f} in the first tenth of the pulse, {c['vib_mid']:.5f} in its last "
            f"tenth, and {c['vib_off']:.4f} in the first tenth after switch-off. "
            + verdict["damped vibrations"].says(
                "The vibration dies out within the pulse and is kicked again at switch-off.",
                "The vibration has not died out by the end of this pulse.",
            )
        )
        text.append(
            f"**Rotation** ({{numref}}`fig-5`): $|\\delta V_r|$ reaches {c['rot_peak']:.4f} during "
            f"the pulse and is {c['rot_end']:.4f} at its end. "
            + verdict["rotation falls off"].says(
                "It falls below a tenth of its largest value"
                + (": the rotation decays in phase II." if reached else " by the end of the pulse."),
                "It has not fallen below a tenth of its largest value by the end of this pulse.",
            )
        )
    box, lines = _rotation_box(c, run, reached, slow, t_gamma, verdict["up to 70 %"])
    three = verdict["three phases"]
    if three.status == "reproduced":
        summary = "The frequency-domain equations of motion give the three phases of the paper."
    elif three.status == "partly reproduced":
        summary = (
            "The frequency-domain equations of motion give phases I and III of the paper; this "
            f"pulse ends before phase II ({times(t_gamma)} friction times)."
        )
    else:
        summary = (
            "For this pulse the centre of mass does not show the paper's three phases (it does "
            "not both accelerate and decelerate measurably)."
        )
    if reached and not (run.same or run.equal_nuclei):
        summary += (
            f" Against {R} the rotation decays {c['rot_rate_gain_rpa']:+.0f} % faster in phase II"
            + (
                f"; with {K} it decays {c['rot_rate_gain_visc']:+.1f} % faster than with static "
                "MCP07 (the viscosity alone)"
                if run.viscous
                else ""
            )
            + f"; by the end of this pulse its velocity is reduced by up to {c['red_rpa']:.0f} % "
            "(the paper, at $r_s = 2$ for a proton-deuteron pair, MCP07 against RPA: up to 70 %)."
        )
    summary += " {doc}`appendix_e` compares the traces with the Markovian limit of Appendix E."
    return {"text": "\n\n".join(text), "box": box, "summary": summary, "summary_lines": lines}


def _rotation_box(c, run: DynamicsRun, reached, slow, t_gamma, claim):
    K, R = kernel_label(run.kernel), kernel_label(run.reference)
    target = 100 * PAPER_ROTATION_REDUCTION
    lines = []
    if run.equal_nuclei or run.same:
        box = (
            "The paper's \"up to 70 %\" compares the rotation of a proton-deuteron impurity at "
            "$r_s = 2$ under MCP07 and RPA; this run has no such comparison "
            + ("(identical nuclei do not rotate)." if run.equal_nuclei else "(one kernel).")
        )
        return box, lines
    if not reached:
        box = (
            "The paper's \"up to 70 %\" concerns phase II; this pulse ends before the centre of "
            "mass has stabilized at the drift velocity with both kernels ($T\\Gamma_c$ = "
            f"{times(t_gamma)} for {kernel_label(slow)}), so there is no phase II to compare. Once the centre of mass has "
            "stabilized, a longer pulse would see the rotation decay at the slow rate of the coupled "
            f"Markovian equations, {c['rot_rate_gain_rpa']:+.0f} % faster with {K} than with {R}"
            + (
                f"; with {K} it is {c['rot_rate_gain_visc']:+.1f} % faster than with static MCP07 "
                "(the viscosity alone)"
                if run.viscous
                else ""
            )
            + ". This is a property of the impurity, not measured on this pulse."
        )
        lines.append(
            f"  no phase II: T Gamma_c = {times(t_gamma)} for {slow} and Vc(T) = "
            f"{c['vc_T_main']:.3f}; the phase-II comparisons are not made"
        )
        return box, lines
    reach70 = (
        f"passes {target:.0f} % at $t$ = {c['t70_rpa']:.0f} $\\hbar$/hartree"
        if math.isfinite(c["t70_rpa"])
        else f"does not reach {target:.0f} % before the pulse ends"
    )
    rates = (
        f"The rotation decays in phase II at a rate {c['rot_rate_gain_rpa']:+.0f} % higher with "
        f"{K} than with {R}"
        + (
            f", and {c['rot_rate_gain_visc']:+.1f} % higher than with static MCP07 (the viscosity "
            "alone)"
            if run.viscous
            else ""
        )
        + ": these rates do not depend on the pulse. Because the two decays have different "
        "rates, the reduction of the velocity grows through phase II, and how large it gets "
        "depends on how long the pulse lasts ({numref}`fig-rotation-vs-T`). For this pulse: "
        f"{K} against {R} up to {c['red_rpa']:.0f} % (it {reach70}), counted while the "
        f"{R} rotation exceeds a tenth of its largest value"
        + (f"; viscosity alone up to {c['red_visc']:.0f} %." if run.viscous else ".")
    )
    if run.paper_point:
        share = claim["viscous_share"]  # of the faster decay: see claims.viscous_share
        verdict = claim.says(
            "The paper's \"up to 70 %\" (MCP07 against RPA) is reached, and the viscosity "
            "gives most of it.",
            "The paper's \"up to 70 %\" is not reached by this pulse.",
            partly=(
                "The paper's \"up to 70 %\" (MCP07 against RPA) is reached by a pulse of this "
                "length, but attributing it to viscosity, as the paper does, overstates it: the "
                f"frequency dependence of $f_{{xc}}$ gives only {100 * share:.0f} % of the "
                "faster decay; the rest comes from the static exchange-correlation kernel."
            ),
        )
        box = f"{rates} {verdict} (Scorecard status: {claim.status}.)"
    else:
        box = (
            "The paper's \"up to 70 %\" is for a proton-deuteron impurity at $r_s = 2$, MCP07 "
            f"against RPA. {rates}"
        )
    lines.append(
        f"  rotation: phase-II decay rate {c['rot_rate_gain_rpa']:+.0f} % against {run.reference}"
        + (
            f" ({c['rot_rate_gain_visc']:+.1f} % against static MCP07, the viscosity alone)"
            if run.viscous
            else ""
        )
        + f"; velocity reduced by up to {c['red_rpa']:.0f} % by the end of this pulse"
    )
    return box, lines


def sign_sentence(sign, equal_nuclei: bool) -> str:
    """The interpretation of :func:`currentforces.evidence.checks.direct_field_sign_effect`."""
    by = sign["by_geometry"]
    parts = {
        (g, comp): v[comp]
        for g, v in by.items()
        for comp in ("vc", "vr")
        if not (equal_nuclei and comp == "vr") and math.isfinite(v[comp])
    }
    g, comp = max(parts, key=parts.get)
    fig = {("parallel", "vc"): 2, ("perpendicular", "vc"): 3, ("parallel", "vr"): 4}.get(
        (g, comp), 5
    )
    largest = parts[g, comp]
    size = (
        "small next to the electron wind"
        if largest < SMALL_CHANGE
        else f"not small: up to {largest:.2g} of the trace's maximum"
    )
    return (
        f"Its frequency-dependent share of the drive is {size}; the largest change is in the "
        f"{'centre-of-mass' if comp == 'vc' else 'relative'} velocity of Fig. {fig} "
        f"({g} current)."
    )
