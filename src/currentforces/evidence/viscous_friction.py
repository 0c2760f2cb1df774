"""Does the paper's viscous friction survive nonlinear screening? The evidence.

:func:`currentforces.nonlinear_friction` gives Q = Q_KS + Q_dyn of one nucleus with its
self-consistent screening cloud; this module checks it and compares it with the paper's linear
response:

- :func:`weak_coupling_limit`: Q_KS/Z^2 and each form's Q_dyn/Z^2, extrapolated to Z -> 0,
  against the parts of the linear-response friction with the matching kernel (ALDA screening,
  the local or the kernel's own slope);
- :func:`nonlinear_friction_convergence`: every part under finer numerics;
- :func:`friction_rows`: the parts against the paper's linear MCP07 friction over rs or Z, in
  one parallel sweep of the ground states;
- :func:`stopping_comparison`: the total for a proton in aluminium against PSTAR;
- :func:`viscous_share_verdict`: does the viscous share survive, grow or shrink.

Friction coefficients in atomic units (hartree/bohr per bohr/(hbar/hartree)).
"""

from __future__ import annotations

import numpy as np

from ..core.diskcache import memo_on_disk
from ..core.registry import FRICTION_FORMS
from ..electron_liquid.kernels import make_kernel
from ..impurity.friction import friction_parts
from ..impurity.nonlinear_friction import friction_total, nonlinear_friction
from ..impurity.nonlinear_screening import screen_nucleus, screening_sweep
from .record import Evidence
from .weak_coupling import (
    CONVERGENCE_TOLERANCE,
    PSTAR_ALUMINIUM,
    convergence_variants,
    pstar_friction_coefficient,
)

__all__ = [
    "WEAK_LIMIT_TOLERANCE",
    "friction_rows",
    "linear_parts",
    "nonlinear_friction_convergence",
    "prepare_dynamics",
    "stopping_comparison",
    "viscous_share_verdict",
    "weak_coupling_limit",
]

WEAK_LIMIT_TOLERANCE = 1e-3
"""Relative difference allowed between the Z -> 0 extrapolation and linear response."""

_WEAK_Z = (0.01, 0.02)


def linear_parts(rs: float, kernel: str = "mcp07", correlation: str = "pz81") -> dict[str, float]:
    """The linear-response friction of a unit charge and its parts, for each comparison (a.u.).

    ``paper_*``: the paper's friction with ``kernel`` (its own static screening and slope);
    ``alda_kohn_sham``: the Kohn-Sham part with ALDA screening (the linearized LDA ground state);
    ``local_dynamic`` and ``nonlocal_dynamic``: the dynamic part with ALDA screening and the
    kernel's q -> 0 slope at every q, or its own q-dependent slope: the Z -> 0 limits of the
    local forms and of the nonlocal form of Q_dyn.
    """
    k = make_kernel(kernel, rs, correlation)
    alda = make_kernel("alda", rs, correlation)
    paper = friction_parts(k)
    return {
        "paper_kohn_sham": paper["kohn_sham"],
        "paper_dynamic": paper["dynamic"],
        "paper_total": paper["total"],
        "alda_kohn_sham": friction_parts(alda)["kohn_sham"],
        "local_dynamic": friction_parts(k, static_kernel=alda, local=True)["dynamic"],
        "nonlocal_dynamic": friction_parts(k, static_kernel=alda)["dynamic"],
    }


@memo_on_disk
def weak_coupling_limit(
    rs: float = 2.0, kernel: str = "mcp07", Z_values=_WEAK_Z, correlation: str = "pz81"
) -> Evidence:
    """Q_KS/Z^2 and Q_dyn/Z^2 of every form, extrapolated linearly to Z = 0, against linear response.

    The limits: Q_KS -> the Kohn-Sham part with ALDA screening; Q_dyn ("scalar", "current") ->
    the dynamic part with the local slope; Q_dyn ("nonlocal") -> with the kernel's own slope.
    Passes if every relative difference is below :data:`WEAK_LIMIT_TOLERANCE`.
    """
    linear = linear_parts(rs, kernel, correlation)
    z = np.asarray(Z_values, dtype=float)
    screening_sweep(list(z), [rs] * len(z), correlation)
    results = {
        form: [nonlinear_friction(Z, rs, kernel, form, correlation) for Z in z]
        for form in FRICTION_FORMS
    }

    def at_zero(values):
        y = np.asarray(values) / z**2
        return float(y[0] - z[0] * (y[1] - y[0]) / (z[1] - z[0]))

    rows = [
        {
            "part": "Q_KS",
            "extrapolated": at_zero([f.kohn_sham for f in results["scalar"]]),
            "linear": linear["alda_kohn_sham"],
        }
    ]
    for form in FRICTION_FORMS:
        reference = linear["nonlocal_dynamic" if form == "nonlocal" else "local_dynamic"]
        rows.append(
            {
                "part": f"Q_dyn ({form})",
                "extrapolated": at_zero([f.dynamic for f in results[form]]),
                "linear": reference,
            }
        )
    for row in rows:
        row["difference"] = row["extrapolated"] / row["linear"] - 1.0
    worst = max(abs(row["difference"]) for row in rows)
    listing = ", ".join(f"{row['part']} ${row['difference']:+.0e}$" for row in rows)
    return Evidence.bound(
        worst,
        WEAK_LIMIT_TOLERANCE,
        rf"as $Z \to 0$ at $r_s = {rs:g}$, relative to linear response: {listing}",
        {"rows": rows, "Z": tuple(z), "rs": rs, "kernel": kernel},
    )


@memo_on_disk
def nonlinear_friction_convergence(
    Z: float = 1.0, rs: float = 2.0, kernel: str = "mcp07", correlation: str = "pz81"
) -> Evidence:
    """Q_KS and Q_dyn of every form under finer numerics, one change at a time.

    The changes of :func:`currentforces.evidence.weak_coupling.convergence_variants` (radial
    points, k points, partial waves, matching radius). Passes if every part changes by less
    than :data:`currentforces.evidence.weak_coupling.CONVERGENCE_TOLERANCE` of the total.
    """
    variants = convergence_variants(rs)
    screening_sweep([Z] * len(variants), [rs] * len(variants), correlation, list(variants.values()))
    rows = {}
    for name, settings in variants.items():
        parts = {"Q_KS": screen_nucleus(Z, rs, correlation, settings).friction_coefficient}
        for form in FRICTION_FORMS:
            parts[f"Q_dyn ({form})"] = nonlinear_friction(
                Z, rs, kernel, form, correlation, settings
            ).dynamic
        rows[name] = parts
    base = rows["default"]
    scale = base["Q_KS"] + max(v for k, v in base.items() if k != "Q_KS")
    worst = max(abs(row[k] - base[k]) / scale for row in rows.values() for k in base)
    return Evidence.bound(
        worst,
        CONVERGENCE_TOLERANCE,
        f"every part changes by at most {worst:.0e} of $Q$ under finer numerics",
        {"rows": rows},
    )


@memo_on_disk
def friction_rows(
    Z_values, rs_values, kernel: str = "mcp07", correlation: str = "pz81"
) -> list[dict]:
    """The nonlinear parts against the paper's linear friction, one row per (Z, rs) pair.

    Each row: ``Z``, ``rs``, ``Q_KS``, ``Q_dyn_<form>`` and ``Q_<form>`` (totals),
    ``share_<form>`` (Q_dyn/Q), the linear parts of :func:`linear_parts` times Z^2, the paper's
    viscous share ``share_paper``, and ``converged`` (the ground state's self-consistency).
    The ground states are solved in one parallel sweep.
    """
    Z_values, rs_values = list(Z_values), list(rs_values)
    screening_sweep(Z_values, rs_values, correlation)
    rows = []
    for Z, rs in zip(Z_values, rs_values, strict=True):
        linear = {k: v * Z**2 for k, v in linear_parts(rs, kernel, correlation).items()}
        row = {"Z": float(Z), "rs": float(rs), **linear}
        forms = {
            form: nonlinear_friction(Z, rs, kernel, form, correlation) for form in FRICTION_FORMS
        }
        # one ground state under every form: its Kohn-Sham friction and its self-consistency
        row["Q_KS"] = forms[FRICTION_FORMS[0]].kohn_sham
        row["converged"] = forms[FRICTION_FORMS[0]].converged
        for form, f in forms.items():
            row[f"Q_dyn_{form}"] = f.dynamic
            row[f"Q_{form}"] = f.total
            row[f"share_{form}"] = f.viscous_share
        row["share_paper"] = linear["paper_dynamic"] / linear["paper_total"]
        row["share_local_linear"] = linear["local_dynamic"] / (
            linear["alda_kohn_sham"] + linear["local_dynamic"]
        )
        row["share_nonlocal_linear"] = linear["nonlocal_dynamic"] / (
            linear["alda_kohn_sham"] + linear["nonlocal_dynamic"]
        )
        rows.append(row)
    return rows


def prepare_dynamics(
    rs_values,
    Z_values=(1.0,),
    kernels=("mcp07", "rpa", "mcp07_static"),
    forms=FRICTION_FORMS,
    correlation: str = "pz81",
) -> int:
    """Solve, in parallel, every ground state the dynamics with nonlinear friction needs.

    The LDA and the Hartree-only (RPA) screenings of each charge at each rs, then the totals of
    :func:`currentforces.impurity.nonlinear_friction.friction_total` for each kernel and form,
    which the sweep's worker processes then read from the disk cache. Returns the number of
    totals.
    """
    pairs = [(float(Z), float(rs)) for Z in Z_values for rs in rs_values]
    zs, rss = [p[0] for p in pairs], [p[1] for p in pairs]
    screening_sweep(zs, rss, correlation)
    if "rpa" in kernels:
        screening_sweep(zs, rss, correlation, exchange_correlation=False)
    count = 0
    for Z, rs in pairs:
        for kernel in kernels:
            for form in forms:
                friction_total(Z, rs, kernel, form, correlation)
                count += 1
    return count


def stopping_comparison(kernel: str = "mcp07", correlation: str = "pz81") -> dict:
    """A proton in aluminium (rs = 2.07): every total against PSTAR's S/v at 1-10 keV (a.u.).

    PSTAR's stopping of 1-10 keV protons is a measured quantity of the real metal (band
    structure, core electrons), not of jellium; it is reported beside, not tested.
    """
    rs = PSTAR_ALUMINIUM["rs"]
    row = friction_rows([1.0], [rs], kernel, correlation)[0]
    return {
        "rs": rs,
        "pstar": tuple(float(x) for x in pstar_friction_coefficient()),
        "Q_KS": row["Q_KS"],
        **{f"Q_{form}": row[f"Q_{form}"] for form in FRICTION_FORMS},
        "paper_total": row["paper_total"],
    }


def viscous_share_verdict(nonlinear: float, linear: float, tolerance: float = 0.1) -> str:
    """'grows', 'shrinks' or 'stays' for a nonlinear viscous share against the linear one.

    'stays' if the ratio lies within ``tolerance`` of 1.

    Examples
    --------
    >>> viscous_share_verdict(0.13, 0.059), viscous_share_verdict(0.05, 0.059)
    ('grows', 'shrinks')
    """
    ratio = nonlinear / linear
    if abs(ratio - 1.0) <= tolerance:
        return "stays"
    return "grows" if ratio > 1.0 else "shrinks"
