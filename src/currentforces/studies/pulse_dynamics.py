"""The studies of the paper's dynamics: a rectangular pulse on a pair of nuclei.

- ``dynamics``: the equilibrium, Appendix E's constants, t95 and the viscous measures of Figs.
  2-5 with MCP07 against RPA and static MCP07, for any density, isotopes and charges;
- ``kernel``: the paper's conclusions with one kernel in place of MCP07.
"""

from __future__ import annotations

from .registry import study

_KERNELS = ("mcp07", "rpa", "mcp07_static")
_ENERGY = "hartree"
_MEASURES = {
    "acc_gain_rpa": "%",
    "acc_gain_visc": "%",
    "rot_reduction_rpa": "%",
    "rot_reduction_visc": "%",
    "rot_rate_gain_rpa": "%",
    "rot_rate_gain_visc": "%",
}


def _pulse_run(rs, impurity, kernels, T, correlation, main="mcp07", **options):
    """A rectangular pulse on ``impurity`` at ``rs`` with ``kernels``: result and measures.

    The measures are the paper's, with ``main`` against RPA and static MCP07; ``options`` are
    the scenario's ``fgk_real`` and ``friction``.
    """
    from ..dynamics.pulses import RectangularPulse
    from ..dynamics.scenario import PulseScenario
    from ..electron_liquid.gas import ElectronGas
    from ..evidence.claims import measure_claims

    scenario = PulseScenario(
        ElectronGas(rs), impurity, RectangularPulse(T), kernels, correlation, **options
    )
    result = scenario.run()
    return result, measure_claims(result, main=main, reference="rpa", static="mcp07_static")


@study(
    "dynamics",
    "a rectangular pulse on a pair of nuclei with MCP07, RPA and static MCP07 (nan: a measure "
    "not made, e.g. t95 when the drift is not reached within T, or the rotation of equal nuclei)",
    parameters={
        "rs": "bohr",
        "nucleus1": "",
        "nucleus2": "",
        "Z1": "e",
        "Z2": "e",
        "T": "hbar/hartree",
        "correlation": "",
        "friction": "",
    },
    outputs={
        "branch": "",
        "Q1_mcp07": "hbar/bohr^2",
        "Q1_mcp07_static": "hbar/bohr^2",
        "Q1_rpa": "hbar/bohr^2",
        **{f"d_eq_{k}": "bohr" for k in _KERNELS},
        **{f"omega0_par_{k}": _ENERGY for k in _KERNELS},
        **{f"kappa_par_{k}": _ENERGY for k in _KERNELS},
        **{f"kappa_perp_{k}": _ENERGY for k in _KERNELS},
        "t95_mcp07": "hbar/hartree",
        "t95_rpa": "hbar/hartree",
        **_MEASURES,
    },
)
def dynamics_row(
    rs: float,
    nucleus1: str = "proton",
    nucleus2: str = "deuteron",
    Z1: float = 1.0,
    Z2: float = 1.0,
    T: float = 80000.0,
    correlation: str = "pz81",
    friction: str = "linear",
) -> dict:
    """The dynamics of a pair under a rectangular pulse with MCP07, RPA and static MCP07.

    ``friction``: the single-nucleus friction, linear (the paper's) or the nonlinear screening
    cloud's in one of :data:`currentforces.core.registry.FRICTION_FORMS`
    (:class:`currentforces.PulseScenario`); ``Q1_<kernel>`` is that friction of nucleus 1.
    """
    from ..impurity.nuclei import hydrogen_pair

    result, claims = _pulse_run(
        rs, hydrogen_pair(nucleus1, nucleus2, Z1, Z2), _KERNELS, T, correlation, friction=friction
    )
    # the branch the run used (its equilibria are found once, by run())
    row = {"branch": float(result.dynamics["mcp07"].equilibrium.index)}
    for name in _KERNELS:
        dyn = result.dynamics[name]
        row[f"Q1_{name}"] = dyn.single_nucleus_friction()[0]
        constants = dyn.markov_constants()
        row[f"d_eq_{name}"] = float(dyn.d)
        row[f"omega0_par_{name}"] = constants["omega0_par"]
        row[f"kappa_par_{name}"] = constants["kappa_par"]
        row[f"kappa_perp_{name}"] = constants["kappa_perp"]
    row.update(
        {
            "t95_mcp07": claims["t95_main"],
            "t95_rpa": claims["t95_ref"],
            "acc_gain_rpa": claims["acc_gain_rpa"],
            "acc_gain_visc": claims["acc_gain_visc"],
            "rot_reduction_rpa": claims["red_rpa"],
            "rot_reduction_visc": claims["red_visc"],
            "rot_rate_gain_rpa": claims["rot_rate_gain_rpa"],
            "rot_rate_gain_visc": claims["rot_rate_gain_visc"],
        }
    )
    return {k: float(v) for k, v in row.items()}


@study(
    "kernel",
    "the paper's conclusions (proton and deuteron) with one kernel against RPA and static MCP07 "
    "(nan: a kernel compared with itself, the viscous part of a static kernel, or a measure not "
    "made)",
    parameters={"rs": "bohr", "kernel": "", "fgk_real": "", "T": "hbar/hartree", "correlation": ""},
    outputs={
        "Q": "hbar/bohr^2",
        "Q_viscous": "hbar/bohr^2",
        "d_eq": "bohr",
        "t95": "hbar/hartree",
        **_MEASURES,
    },
)
def kernel_row(
    rs: float = 2.0,
    kernel: str = "mcp07",
    fgk_real: str = "published",
    T: float = 80000.0,
    correlation: str = "pz81",
) -> dict:
    """The paper's conclusions for a proton and a deuteron with one kernel in place of MCP07.

    Comparisons of a kernel with itself are nan (RPA against RPA, static MCP07 against itself),
    and so is the viscous part of a static kernel.
    """
    from ..electron_liquid.kernels import make_kernel
    from ..impurity.friction import friction_coefficient
    from ..impurity.nuclei import proton_deuteron

    result, claims = _pulse_run(
        rs,
        proton_deuteron(),
        # the molecule of the paper's comparison: the branch MCP07, RPA and static MCP07 share
        tuple(dict.fromkeys(("mcp07", kernel, "rpa", "mcp07_static"))),
        T,
        correlation,
        main=kernel,
        fgk_real=fgk_real,
    )
    k = make_kernel(kernel, rs, correlation, fgk_real)
    q = friction_coefficient(k)
    nan = float("nan")
    versus_rpa = kernel != "rpa"
    viscous = k.is_dynamic
    return {
        "Q": q,
        "Q_viscous": q - friction_coefficient(make_kernel("mcp07_static", rs, correlation))
        if viscous
        else nan,
        "d_eq": float(result.dynamics[kernel].d),
        "t95": float(claims["t95_main"]),
        "acc_gain_rpa": float(claims["acc_gain_rpa"]) if versus_rpa else nan,
        "acc_gain_visc": float(claims["acc_gain_visc"]) if viscous else nan,
        "rot_reduction_rpa": float(claims["red_rpa"]) if versus_rpa else nan,
        "rot_reduction_visc": float(claims["red_visc"]) if viscous else nan,
        "rot_rate_gain_rpa": float(claims["rot_rate_gain_rpa"]) if versus_rpa else nan,
        "rot_rate_gain_visc": float(claims["rot_rate_gain_visc"]) if viscous else nan,
    }


_EXPLORER_POINTS = 480
"""Samples of each trace of the explorer (evenly spaced over the traces' window)."""


@study(
    "explorer",
    "the traces of Figs. 2-5 (velocities in units of j0/n, sampled at 480 times) and the measures "
    "for one density, pair of nuclei, kernel and pulse, with RPA and static MCP07 as references",
    parameters={
        "rs": "bohr",
        "nucleus1": "",
        "nucleus2": "",
        "kernel": "",
        "T": "hbar/hartree",
        "correlation": "",
    },
    outputs={
        "t": "hbar/hartree",
        **{
            f"{part}_{geometry}_{who}": "j0/n"
            for part in ("vc", "vr")
            for geometry in ("parallel", "perpendicular")
            for who in ("main", "rpa")
        },
        "t95_main": "hbar/hartree",
        "t95_rpa": "hbar/hartree",
        "acc_gain_rpa": "%",
        "acc_gain_visc": "%",
        "rot_reduction_rpa": "%",
        "rot_reduction_visc": "%",
    },
)
def explorer_row(
    rs: float = 2.0,
    nucleus1: str = "proton",
    nucleus2: str = "deuteron",
    kernel: str = "mcp07",
    T: float = 80000.0,
    correlation: str = "pz81",
) -> dict:
    """Sampled traces of the paper's Figs. 2-5 and the measures, for the offline explorer.

    The traces are lists (one value per sample time ``t``), the measures numbers (nan: not
    measured, e.g. the rotation of identical nuclei).
    """
    import numpy as np

    from ..impurity.nuclei import hydrogen_pair

    kernels = tuple(dict.fromkeys((kernel, "rpa", "mcp07_static")))
    result, claims = _pulse_run(
        rs, hydrogen_pair(nucleus1, nucleus2), kernels, T, correlation, main=kernel
    )
    first = result.trace(kernel, "parallel")
    index = np.unique(np.linspace(0, first.t.size - 1, _EXPLORER_POINTS).round().astype(int))
    row = {"t": [float(f"{x:.6g}") for x in first.t[index]]}
    for geometry in ("parallel", "perpendicular"):
        for who, name in (("main", kernel), ("rpa", "rpa")):
            tr = result.trace(name, geometry)
            row[f"vc_{geometry}_{who}"] = [float(f"{x:.5g}") for x in tr.vc[index]]
            row[f"vr_{geometry}_{who}"] = [float(f"{x:.5g}") for x in tr.vr[index]]
    nan = float("nan")
    row.update(
        {
            "t95_main": float(claims["t95_main"]),
            "t95_rpa": float(claims["t95_ref"]),
            "acc_gain_rpa": float(claims["acc_gain_rpa"]) if kernel != "rpa" else nan,
            "acc_gain_visc": float(claims["acc_gain_visc"]),
            "rot_reduction_rpa": float(claims["red_rpa"]),
            "rot_reduction_visc": float(claims["red_visc"]),
        }
    )
    return row
