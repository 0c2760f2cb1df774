"""The parameters a reader may pass to a chapter (papermill ``parameters`` cell).

The box itself (:data:`SPECS`, :func:`validate_parameters`, :func:`describe`) lives in
:mod:`currentforces.core.parameter_box`, where the studies use it too; this module adds
:func:`preflight`, which refuses, before a chapter executes, parameters for which the physics has
no answer.
"""

from __future__ import annotations

from ..core.parameter_box import (  # noqa: F401 - the box, re-exported for the run script
    ANY_TYPE,
    BRANCH,
    SPECS,
    Spec,
    describe,
    validate_parameters,
)


def preflight(chapter: str, params: dict) -> None:
    """Refuse, before anything runs, parameters for which the physics has no answer.

    For the chapters that solve the dynamics: the kernels must share an equilibrium branch
    (:func:`currentforces.impurity.statics.common_equilibria`) and the frequency window must lie below
    the plasma frequency; for the equilibrium chapter the kernel must have a stable equilibrium
    in the searched range. Raises ValueError with the physical reason.
    """
    import currentforces as cf

    p = params
    if chapter in ("dynamics", "appendix_e"):
        impurity = cf.hydrogen_pair(p["nucleus1"], p["nucleus2"], p["Z1"], p["Z2"])
        kernels = (p["kernel"], p.get("reference_kernel", p["kernel"]), "mcp07_static")
        config = cf.PulseScenario(
            cf.ElectronGas(p["rs"]),
            impurity,
            cf.RectangularPulse(p["T"]),
            kernels,
            p["correlation"],
            p.get("fgk_real", "published"),
            dt=p.get("dt"),
            omega_max=p.get("omega_max"),
            branch=p.get("branch", "lowest"),
        )
        config.equilibria()
    elif chapter == "equilibrium":
        pair = cf.StaticPair(
            cf.make_kernel(p["kernel"], p["rs"], p["correlation"]), d_max=max(20.0, p["d_max"])
        )
        pair.equilibrium(p["d_min"], p["d_max"])
