"""The paper's numerical experiment: an impurity in the HEG under a current pulse (Figs. 2-5).

A :class:`PulseScenario` is a frozen configuration: the gas, the impurity, the pulse, the
kernels and the numerical settings, all checked when it is built. :meth:`PulseScenario.run`
solves the equations of motion for every kernel and both geometries and returns a frozen
:class:`ScenarioResult`. Velocities are in units of the drift velocity j0/n, times in
hbar/hartree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
import scipy.constants as sc

from .gas import ElectronGas
from .impurity import Impurity, proton_deuteron
from .kernels import make_kernel
from .motion import ElectronicTable, ImpurityDynamics
from .pulses import Pulse, RectangularPulse
from .quadrature import positive_int
from .registry import CORRELATIONS, DIRECT_FIELD_SIGNS, FGK_REAL_FORMS, GEOMETRIES, KERNELS
from .synthesis import SynthesisGrid, TimeTrace, synthesis_grid, synthesize
from .traces import trace_difference
from .validation import require_choice, require_finite, require_positive

__all__ = [
    "ATOMIC_TIME_FS",
    "PulseScenario",
    "ScenarioResult",
    "convergence",
    "paper_scenario",
    "reference_traces",
]

ATOMIC_TIME_FS: float = sc.physical_constants["atomic unit of time"][0] * 1e15
"""hbar/hartree in femtoseconds (CODATA via ``scipy.constants``)."""

DEFAULT_PULSE_DURATION: float = 80000.0
"""The pulse duration T (hbar/hartree) of the book's Figs. 2-5 (the paper does not state T)."""


@dataclass(frozen=True)
class PulseScenario:
    """The configuration of one pulse experiment (frozen; checked when built).

    Parameters
    ----------
    gas : ElectronGas or float
        The electron gas, or its density parameter rs (bohr).
    impurity : Impurity
        The two nuclei.
    pulse : Pulse
        The current pulse j(t)/j0.
    kernels : tuple of str
        Kernels to run (:data:`currentforces.registry.KERNELS`), duplicates removed.
    correlation, fgk_real, direct_field : str
        See :func:`currentforces.make_kernel` and :class:`currentforces.ImpurityDynamics`.
    t_min, t_max : float, optional
        Window of the returned traces (hbar/hartree); default [-0.1 T, 2.2 T].
    dt : float
        Time step of the traces (hbar/hartree).
    omega_max : float
        Upper end of the frequency synthesis (hartree), below the plasma frequency.
    n_table : int
        Chebyshev nodes of the table of the electronic integrals.
    decay_times : float
        The synthesis period exceeds the window by this many times the slowest decay time.

    Examples
    --------
    >>> sc = paper_scenario(T=2000.0, kernels=("rpa",))
    >>> result = sc.run()
    >>> tr = result.trace("rpa", "parallel")
    >>> bool(abs(tr.vc[tr.t < -100]).max() < 1e-3)  # causal: nothing moves before the pulse
    True
    """

    gas: ElectronGas
    impurity: Impurity
    pulse: Pulse
    kernels: tuple[str, ...] = ("mcp07", "rpa")
    correlation: str = "pz81"
    fgk_real: str = "published"
    t_min: float | None = None
    t_max: float | None = None
    dt: float = 20.0
    omega_max: float = 0.3
    n_table: int = 24
    decay_times: float = 30.0
    direct_field: str = "consistent"

    def __post_init__(self):
        gas = self.gas if isinstance(self.gas, ElectronGas) else ElectronGas(self.gas)
        object.__setattr__(self, "gas", gas)
        if not isinstance(self.impurity, Impurity):
            raise TypeError(f"impurity must be an Impurity, got {self.impurity!r}")
        if not isinstance(self.pulse, Pulse):
            raise TypeError(f"pulse must be a Pulse, got {self.pulse!r}")
        names = (self.kernels,) if isinstance(self.kernels, str) else tuple(self.kernels)
        if not names:
            raise ValueError("kernels must name at least one kernel")
        kernels = tuple(dict.fromkeys(require_choice("kernel", k, KERNELS) for k in names))
        object.__setattr__(self, "kernels", kernels)
        for name, allowed in (
            ("correlation", CORRELATIONS),
            ("fgk_real", FGK_REAL_FORMS),
            ("direct_field", DIRECT_FIELD_SIGNS),
        ):
            object.__setattr__(self, name, require_choice(name, getattr(self, name), allowed))
        for name in ("dt", "omega_max", "decay_times"):
            object.__setattr__(self, name, require_positive(name, getattr(self, name)))
        object.__setattr__(self, "n_table", positive_int("n_table", self.n_table))
        if self.omega_max >= gas.omega_p:
            # above omega_p the RPA response has the undamped plasmon pole on the real axis
            raise ValueError(
                f"omega_max must be below the plasma frequency {gas.omega_p:.4f} hartree "
                f"at rs={gas.rs:g}, got {self.omega_max!r} (the default is 0.3 hartree; "
                "pass a smaller omega_max)"
            )
        T = self.pulse.duration
        t_min = -0.1 * T if self.t_min is None else require_finite("t_min", self.t_min)
        t_max = 2.2 * T if self.t_max is None else require_finite("t_max", self.t_max)
        if t_max <= t_min:
            raise ValueError(f"t_max must exceed t_min, got t_min={t_min!r}, t_max={t_max!r}")
        object.__setattr__(self, "t_min", t_min)
        object.__setattr__(self, "t_max", t_max)

    @property
    def T(self) -> float:
        """Duration of the pulse (hbar/hartree)."""
        return self.pulse.duration

    def with_(self, **changes) -> PulseScenario:
        """A copy with some fields changed (checked again)."""
        return replace(self, **changes)

    def dynamics(self, kernel: str, **numerics) -> ImpurityDynamics:
        """The equations of motion for one kernel of this scenario (``numerics``: the q rule)."""
        k = make_kernel(kernel, self.gas, self.correlation, self.fgk_real)
        return ImpurityDynamics(k, self.impurity, direct_field=self.direct_field, **numerics)

    def run(self) -> ScenarioResult:
        """Solve for every kernel and both geometries; return the frozen result."""
        dynamics, traces = {}, {}
        for name in self.kernels:
            dyn = self.dynamics(name)
            table = ElectronicTable(dyn, self.omega_max, self.n_table)
            grid = synthesis_grid(
                dyn, table, self.t_max - min(self.t_min, 0.0), self.dt, self.decay_times
            )
            dynamics[name] = dyn
            for geometry in GEOMETRIES:
                traces[name, geometry] = _clip(
                    synthesize(dyn, geometry, self.pulse, grid, table), self.t_min, self.t_max
                )
        return ScenarioResult(self, MappingProxyType(dynamics), MappingProxyType(traces))


def _clip(tr: TimeTrace, t_min: float, t_max: float) -> TimeTrace:
    keep = (tr.t >= t_min) & (tr.t <= t_max)
    return TimeTrace(tr.t[keep], tr.vc[keep], tr.vr[keep], tr.current[keep], tr.geometry, tr.kernel)


@dataclass(frozen=True)
class ScenarioResult:
    """The result of :meth:`PulseScenario.run` (frozen).

    Attributes
    ----------
    scenario : PulseScenario
        The configuration that produced it.
    dynamics : Mapping[str, ImpurityDynamics]
        The equations of motion of each kernel (separation, Markovian constants, ...).
    traces : Mapping[tuple[str, str], TimeTrace]
        The traces by (kernel, geometry).
    """

    scenario: PulseScenario
    dynamics: Mapping[str, ImpurityDynamics]
    traces: Mapping[tuple[str, str], TimeTrace]

    @property
    def kernels(self) -> tuple[str, ...]:
        """The kernels run."""
        return self.scenario.kernels

    def trace(self, kernel: str, geometry: str) -> TimeTrace:
        """The trace of one kernel in one geometry."""
        return self.traces[kernel, geometry]

    def oblique(self, kernel: str, theta: float) -> dict[str, np.ndarray]:
        """Velocity components for a current at angle ``theta`` (rad) to the impurity axis.

        By the decoupling of Appendix D the motion is the parallel solution times cos(theta)
        along the axis plus the perpendicular one times sin(theta) across it. Returns the time
        and the four components ``vc_par``, ``vc_perp``, ``vr_par``, ``vr_perp`` (j0/n).
        """
        theta = require_finite("theta", theta)
        par, perp = self.traces[kernel, "parallel"], self.traces[kernel, "perpendicular"]
        c, s = math.cos(theta), math.sin(theta)
        return {
            "t": par.t,
            "vc_par": c * par.vc,
            "vc_perp": s * perp.vc,
            "vr_par": c * par.vr,
            "vr_perp": s * perp.vr,
        }


def paper_scenario(
    T: float = DEFAULT_PULSE_DURATION,
    rs: float = 2.0,
    kernels: tuple[str, ...] = ("mcp07", "rpa"),
    **kw,
) -> PulseScenario:
    """Proton + deuteron (CODATA masses) at ``rs`` under the rectangular pulse (16).

    Parameters
    ----------
    T : float
        Pulse duration (hbar/hartree).
    rs : float
        Density parameter (bohr).
    kernels : tuple of str
        Kernels to run.
    **kw
        Further fields of :class:`PulseScenario`.
    """
    return PulseScenario(
        ElectronGas(rs), proton_deuteron(), RectangularPulse(T), tuple(kernels), **kw
    )


def reference_traces(
    scenario: PulseScenario,
    omega_max: float = 0.45,
    dt: float = 10.0,
    n_table: int = 40,
    q_max_over_kf: float = 12.0,
    refine: int = 2,
    decay_times: float = 60.0,
    span: float = 2.4,
) -> dict[tuple[str, str], TimeTrace]:
    """Traces of ``scenario`` on refined numerics: the reference of the convergence check.

    A larger frequency window, a finer time step, more Chebyshev nodes, a twice refined q rule
    to a larger q_max and a longer synthesis period (``span`` times T plus ``decay_times``
    decay times). Returns the traces by (kernel, geometry) on the reference time grid.
    """
    out = {}
    T = scenario.T
    for name in scenario.kernels:
        dyn = scenario.dynamics(name, q_max_over_kf=q_max_over_kf, refine=refine)
        table = ElectronicTable(dyn, omega_max, n_table)
        grid: SynthesisGrid = synthesis_grid(dyn, table, span * T, dt, decay_times)
        for geometry in GEOMETRIES:
            out[name, geometry] = synthesize(dyn, geometry, scenario.pulse, grid, table)
    return out


def convergence(result: ScenarioResult, reference, edge: float = 200.0) -> dict:
    """Differences between the traces of a result and reference traces.

    Differences between the traces of ``result`` and ``reference`` (see
    :func:`currentforces.traces.trace_difference`), by (kernel, geometry); the switching times
    0 and T are the edges excluded in the ``_far`` entries.
    """
    T = result.scenario.T
    return {
        key: trace_difference(result.traces[key], ref, edges=(0.0, T), exclude=edge)
        for key, ref in reference.items()
    }
