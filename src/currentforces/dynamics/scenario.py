"""The paper's numerical experiment: an impurity in the HEG under a current pulse (Figs. 2-5).

A :class:`PulseScenario` is a frozen configuration: the gas, the impurity, the pulse, the
kernels and the numerical settings, all checked when it is built. :meth:`PulseScenario.run`
solves the equations of motion for every kernel and both geometries and returns a frozen
:class:`ScenarioResult`. Velocities are in units of the drift velocity j0/n, times in
hbar/hartree.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import scipy.constants as sc

from ..core.inputs import require_choice, require_finite, require_positive
from ..core.quadrature import positive_int
from ..core.registry import (
    CORRELATIONS,
    DIRECT_FIELD_SIGNS,
    FGK_REAL_FORMS,
    FRICTION_MODELS,
    GEOMETRIES,
    KERNELS,
)
from ..electron_liquid.gas import ElectronGas
from ..electron_liquid.kernels import make_kernel
from ..impurity.nuclei import Impurity, proton_deuteron
from ..impurity.statics import Equilibrium, StaticPair, common_equilibria
from .equations_of_motion import ElectronicTable, ImpurityDynamics
from .pulses import Pulse, RectangularPulse
from .synthesis import (
    ALIASING_TOLERANCE,
    TimeTrace,
    synthesis_grid,
    synthesize_geometries,
)
from .traces import trace_difference

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


OMEGA_MAX_OVER_WP: float = 0.5
"""Default upper end of the frequency synthesis in units of the plasma frequency: half way to
the plasmon (the RPA response has an undamped pole above omega_p), far above the nuclear
motion (omega_0 and the friction rates are 1e-5 to 1e-2 of omega_p)."""

POINTS_PER_PULSE: int = 200
"""The default time step resolves the pulse with at least this many points."""


def nice_step(limit: float) -> float:
    """The largest of 1, 2, 2.5 and 5 times a power of ten that does not exceed ``limit``.

    Examples
    --------
    >>> nice_step(20.4), nice_step(0.56), nice_step(57.0)
    (20.0, 0.5, 50.0)
    """
    limit = require_positive("limit", limit)
    power = 10.0 ** math.floor(math.log10(limit))
    return max(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power <= limit * (1 + 1e-12))


MAX_POINTS: int = 200_000
"""The default time step keeps a trace below about this many points."""


def default_time_step(omega_max: float, T: float, window: float = 0.0) -> float:
    """The default time step (hbar/hartree).

    A nice number below 0.98 (2 pi/omega_max), which the one-sided FFT synthesis requires, and
    T/200, which resolves the pulse, unless that would put more than MAX_POINTS points in the
    ``window`` of the traces (a short pulse followed by a long deceleration).
    """
    return nice_step(
        min(0.98 * 2.0 * math.pi / omega_max, max(T / POINTS_PER_PULSE, window / MAX_POINTS))
    )


@dataclass(frozen=True)
class PulseScenario:
    """The configuration of one pulse experiment (frozen; checked when built).

    The numerical settings default to values derived from the physical scales: the frequency
    window from the plasma frequency, the time step from the window and the pulse, the
    synthesis period from the slowest decay rate of the motion (see :func:`synthesis_grid`).

    Parameters
    ----------
    gas : ElectronGas or float
        The electron gas, or its density parameter rs (bohr).
    impurity : Impurity
        The two nuclei.
    pulse : Pulse
        The current pulse j(t)/j0.
    kernels : tuple of str
        Kernels to run (:data:`currentforces.core.registry.KERNELS`), duplicates removed; the first
        one chooses the equilibrium branch.
    correlation, fgk_real, direct_field : str
        See :func:`currentforces.make_kernel` and :class:`currentforces.ImpurityDynamics`.
    t_min, t_max : float, optional
        Window of the returned traces (hbar/hartree); default from -0.1 T to the larger of
        2.2 T and T plus three centre-of-mass friction times (fixed when the scenario runs).
    dt : float, optional
        Time step of the traces (hbar/hartree); default :func:`default_time_step`, fixed when
        the scenario runs (``ScenarioResult.dt``).
    omega_max : float, optional
        Upper end of the frequency synthesis (hartree), below the plasma frequency; default
        ``OMEGA_MAX_OVER_WP`` omega_p.
    n_table : int
        Chebyshev nodes of the table of the electronic integrals.
    decay_times : float, optional
        The synthesis period exceeds the window by this many slowest decay times; default
        ln(1/ALIASING_TOLERANCE).
    branch : "lowest", int or float
        The equilibrium branch (see :func:`currentforces.impurity.statics.common_equilibria`): the
        lowest-energy one shared by all kernels, a branch index of the first kernel, or the
        first kernel's stable separation nearest a given d (bohr).
    d_min, d_max : float
        Range of separations searched for equilibria (bohr).
    friction : {"linear", "scalar", "current", "nonlocal"}
        The friction of each nucleus on its own: the paper's linear response ("linear"), or the
        nonlinear Q_KS + Q_dyn of its self-consistent screening cloud with Q_dyn in one of the
        forms of :data:`currentforces.core.registry.FRICTION_FORMS` (:func:`currentforces.nonlinear_friction`, with each
        kernel's viscosity; RPA: Hartree-only screening, no Q_dyn). The interference part of
        the friction, the restoring forces and the separations stay linear
        (:class:`currentforces.ImpurityDynamics`, ``single_friction``).

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
    dt: float | None = None
    omega_max: float | None = None
    n_table: int = 24
    decay_times: float | None = None
    direct_field: str = "consistent"
    branch: str | int | float = "lowest"
    d_min: float = 1.0
    d_max: float = 20.0
    friction: str = "linear"
    _derived: frozenset = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self):
        derived = frozenset(
            n for n in ("t_max", "dt", "omega_max", "decay_times") if getattr(self, n) is None
        )
        object.__setattr__(self, "_derived", derived)
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
            ("friction", FRICTION_MODELS),
        ):
            object.__setattr__(self, name, require_choice(name, getattr(self, name), allowed))
        T = self.pulse.duration
        if self.omega_max is None:
            object.__setattr__(self, "omega_max", OMEGA_MAX_OVER_WP * gas.omega_p)
        omega_max = require_positive("omega_max", self.omega_max)
        if omega_max >= gas.omega_p:
            # above omega_p the RPA response has the undamped plasmon pole on the real axis
            raise ValueError(
                f"omega_max must be below the plasma frequency {gas.omega_p:.4f} hartree "
                f"at rs={gas.rs:g}, got {omega_max!r}"
            )
        object.__setattr__(self, "omega_max", omega_max)
        if self.dt is not None:
            dt = require_positive("dt", self.dt)
            if omega_max >= 2.0 * math.pi / dt:
                raise ValueError(
                    f"dt must be below 2 pi/omega_max = {2 * math.pi / omega_max:.4g} "
                    f"hbar/hartree (the synthesis resolves frequencies up to omega_max), got {dt!r}"
                )
            object.__setattr__(self, "dt", dt)
        if self.decay_times is not None:
            object.__setattr__(
                self, "decay_times", require_positive("decay_times", self.decay_times)
            )
        object.__setattr__(self, "n_table", positive_int("n_table", self.n_table))
        t_min = -0.1 * T if self.t_min is None else require_finite("t_min", self.t_min)
        if self.t_max is not None:
            t_max = require_finite("t_max", self.t_max)
            if t_max <= t_min:
                raise ValueError(f"t_max must exceed t_min, got t_min={t_min!r}, t_max={t_max!r}")
            object.__setattr__(self, "t_max", t_max)
        object.__setattr__(self, "t_min", t_min)
        branch = self.branch
        if isinstance(branch, bool) or not (
            branch == "lowest" or isinstance(branch, int | float | np.integer | np.floating)
        ):
            raise ValueError(
                f"branch must be 'lowest', a branch index or a separation in bohr, got {branch!r}"
            )
        d_min = require_positive("d_min", self.d_min)
        d_max = require_positive("d_max", self.d_max)
        if d_min >= d_max:
            raise ValueError(f"d_min must be smaller than d_max, got {d_min!r} >= {d_max!r}")

    @property
    def T(self) -> float:
        """Duration of the pulse (hbar/hartree)."""
        return self.pulse.duration

    def with_(self, **changes) -> PulseScenario:
        """A copy with some fields changed (checked again).

        Settings that were derived from the physical scales (not given) are derived again for
        the copy.
        """
        kept = {n: None for n in self._derived if n not in changes}
        return replace(self, **kept, **changes)

    def equilibria(self) -> tuple[dict[str, Equilibrium], str]:
        """The kernels' equilibria on the chosen branch, and a sentence saying which.

        Raises ValueError (before any dynamics is solved) if the kernels share no branch.
        """
        pairs = {
            k: StaticPair(
                make_kernel(k, self.gas, self.correlation, self.fgk_real),
                self.impurity.Z1,
                self.impurity.Z2,
                d_max=max(20.0, self.d_max),
            )
            for k in self.kernels
        }
        return common_equilibria(pairs, self.branch, self.d_min, self.d_max)

    def dynamics(self, kernel: str, equilibrium=None, **numerics) -> ImpurityDynamics:
        """The equations of motion for one kernel of this scenario (``numerics``: the q rule).

        ``equilibrium`` (an :class:`Equilibrium` or a separation) defaults to the kernel's
        equilibrium on the scenario's branch.
        """
        if equilibrium is None:
            equilibrium = self.equilibria()[0][kernel]
        k = make_kernel(kernel, self.gas, self.correlation, self.fgk_real)
        return ImpurityDynamics(
            k,
            self.impurity,
            d=equilibrium,
            direct_field=self.direct_field,
            single_friction=self.single_friction(kernel),
            **numerics,
        )

    def single_friction(self, kernel: str) -> tuple[float, float] | None:
        """The nonlinear friction (a.u.) of each nucleus alone with ``kernel``, None if linear."""
        if self.friction == "linear":
            return None
        from ..impurity.nonlinear_friction import friction_total

        return tuple(
            friction_total(float(Z), float(self.gas.rs), kernel, self.friction, self.correlation)
            for Z in (self.impurity.Z1, self.impurity.Z2)
        )

    def run(self) -> ScenarioResult:
        """Solve for every kernel and both geometries; return the frozen result."""
        equilibria, note = self.equilibria()
        dynamics = {name: self.dynamics(name, equilibria[name]) for name in self.kernels}
        T = self.T
        t_max = self.t_max
        if t_max is None:
            slowest = min(dyn.cm_friction_rate(g) for dyn in dynamics.values() for g in GEOMETRIES)
            t_max = max(2.2 * T, T + 3.0 / slowest)
        dt = self.dt
        if dt is None:
            dt = default_time_step(self.omega_max, T, t_max - self.t_min)
        traces = {}
        for dyn in dynamics.values():
            traces.update(
                _traces(dyn, self, self.omega_max, self.n_table, t_max, dt, self.decay_times)
            )
        return ScenarioResult(
            self, MappingProxyType(dynamics), MappingProxyType(traces), note, t_max, dt
        )


_KEPT_TRACES: OrderedDict = OrderedDict()
_KEPT_TRACES_MAX = 12
"""The traces of the last few kernels this process computed, by everything that fixes them
(:func:`_traces`): runs that share a kernel, a separation, a pulse and the numerics, such as the
RPA and static MCP07 references of every row of the kernel study, compute it once."""


def _traces(dyn, scenario, omega_max, n_table, t_max, dt, decay_times) -> dict:
    """Both geometries of one kernel on [t_min, t_max]: table, synthesis grid, FFT, window.

    The result (read-only arrays) is kept in :data:`_KEPT_TRACES`.
    """
    t_min = scenario.t_min
    key = (
        dyn.kernel,
        dyn.impurity,
        dyn.d,
        dyn.direct_field,
        dyn.single_friction,
        dyn._grid_args,
        scenario.pulse,
        t_min,
        t_max,
        dt,
        omega_max,
        n_table,
        decay_times,
    )
    if key in _KEPT_TRACES:
        _KEPT_TRACES.move_to_end(key)
        return dict(_KEPT_TRACES[key])
    table = ElectronicTable(dyn, omega_max, n_table)
    grid = synthesis_grid(
        dyn, table, t_max - t_min, dt, decay_times, t_start=t_min, drive_end=scenario.pulse.duration
    )
    out = {
        (dyn.kernel.name, geometry): _clip(tr, t_min, t_max)
        for geometry, tr in synthesize_geometries(dyn, scenario.pulse, grid, table).items()
    }
    for tr in out.values():
        for array in (tr.t, tr.vc, tr.vr, tr.current, tr.vc_error, tr.vr_error):
            array.flags.writeable = False
    _KEPT_TRACES[key] = out
    if len(_KEPT_TRACES) > _KEPT_TRACES_MAX:
        _KEPT_TRACES.popitem(last=False)
    return dict(out)


def _clip(tr: TimeTrace, t_min: float, t_max: float) -> TimeTrace:
    keep = (tr.t >= t_min - 1e-9) & (tr.t <= t_max + 1e-9)
    return TimeTrace(
        tr.t[keep],
        tr.vc[keep],
        tr.vr[keep],
        tr.current[keep],
        tr.geometry,
        tr.kernel,
        tr.vc_error[keep],
        tr.vr_error[keep],
    )


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
        The traces by (kernel, geometry), each with its error estimate.
    branch_note : str
        Which equilibrium branch the kernels share (:func:`common_equilibria`).
    t_max : float
        End of the traces (hbar/hartree).
    dt : float
        Their time step (hbar/hartree).
    """

    scenario: PulseScenario
    dynamics: Mapping[str, ImpurityDynamics]
    traces: Mapping[tuple[str, str], TimeTrace]
    branch_note: str = ""
    t_max: float = math.inf
    dt: float = math.nan

    @property
    def edge(self) -> float:
        """Time after a switching within which the traces ring (hbar/hartree).

        There they depend on frequencies above the synthesis window: 60/omega_max (196 at
        rs = 2).
        """
        return 60.0 / self.scenario.omega_max

    def error(self, exclude: float | None = None) -> dict[tuple[str, str], dict[str, float]]:
        """Each trace's own error estimate relative to its maximum, away from the switching.

        Farther than ``exclude`` (hbar/hartree; default :attr:`edge`) from the switching times
        0 and T (see :meth:`TimeTrace.error`).
        """
        T = self.scenario.T
        exclude = self.edge if exclude is None else exclude
        return {key: tr.error((0.0, T), exclude) for key, tr in self.traces.items()}

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


REFERENCE_OMEGA_OVER_WP: float = 0.75
"""Frequency window of the convergence reference, in units of the plasma frequency."""


def reference_traces(
    result: ScenarioResult,
    kernels: tuple[str, ...] | None = None,
    omega_max: float | None = None,
    dt: float | None = None,
    n_table: int = 40,
    q_max_over_kf: float = 12.0,
    refine: int = 2,
    decay_times: float | None = None,
) -> dict[tuple[str, str], TimeTrace]:
    """Traces of ``result``'s scenario on refined numerics: the reference of convergence checks.

    At the same equilibria: a larger frequency window (default REFERENCE_OMEGA_OVER_WP omega_p),
    a time step at most half the scenario's, more Chebyshev nodes, a twice refined q rule to a
    larger q_max and twice the decay times in the synthesis period. Returns the traces by
    (kernel, geometry) on the reference time grid over the same window.
    """
    sc = result.scenario
    gas = sc.gas
    omega_max = REFERENCE_OMEGA_OVER_WP * gas.omega_p if omega_max is None else omega_max
    if dt is None:
        dt = nice_step(min(0.98 * 2.0 * math.pi / omega_max, 0.5 * result.dt))
    if decay_times is None:
        decay_times = 2.0 * math.log(1.0 / ALIASING_TOLERANCE)
    out = {}
    for name in kernels or sc.kernels:
        base = result.dynamics[name]
        eq = base.equilibrium if base.equilibrium is not None else base.d
        dyn = sc.dynamics(name, eq, q_max_over_kf=q_max_over_kf, refine=refine)
        out.update(_traces(dyn, sc, omega_max, n_table, result.t_max, dt, decay_times))
    return out


def convergence(result: ScenarioResult, reference, edge: float | None = None) -> dict:
    """Differences between the traces of a result and reference traces.

    Differences between the traces of ``result`` and ``reference`` (see
    :func:`currentforces.dynamics.traces.trace_difference`), by (kernel, geometry); the switching times
    0 and T are the edges excluded in the ``_far`` entries.
    """
    T = result.scenario.T
    edge = result.edge if edge is None else edge
    return {
        key: trace_difference(result.traces[key], ref, edges=(0.0, T), exclude=edge)
        for key, ref in reference.items()
    }
