"""Numerical companion to "Viscous current-induced forces" (Nazarov, Todorov, Gross).

Hartree atomic units throughout: lengths in bohr, energies in hartree, time in hbar/hartree,
masses in electron masses; velocities of the impurity in units of the drift velocity j0/n.

The public API, by physical object:

- the gas and its response: :class:`ElectronGas`, :func:`correlation_energy`,
  :func:`lindhard`, :func:`make_kernel` (RPA, ALDA, static and dynamic MCP07),
  :func:`chi_interacting`, :func:`chi_static`, :func:`chi_domega_at_zero`,
  :func:`chi_difference_quotient`;
- one nucleus: :func:`screening_density`, :func:`enclosed_electrons`,
  :func:`friction_coefficient`;
- two nuclei at rest: :class:`StaticPair` (Eqs. 10-11) and its :class:`Equilibrium`;
- the impurity in motion: :class:`Impurity`, :func:`hydrogen_pair`,
  :class:`ImpurityDynamics` (Eqs. D7-D10), :class:`VectorEquations` (Eqs. 14-15);
- pulses and time traces: :class:`RectangularPulse`, :class:`SmoothPulse`,
  :class:`FunctionPulse`, :func:`synthesize`, :class:`PulseScenario` and its
  :class:`ScenarioResult`;
- the Markovian limit of Appendix E: :func:`markov_ode_trace`, :func:`markov_modes`;
- beyond the paper, one nucleus screened self-consistently (Kohn-Sham LDA, phase shifts):
  :func:`screen_nucleus`, :class:`ScreenedNucleus`, :class:`ScreeningSettings`,
  :func:`screening_sweep`, :func:`xc_potential`, and the comparisons with linear response in
  :mod:`currentforces.weak_coupling`;
- the evidence of the book: :class:`Evidence`, :mod:`currentforces.checks`,
  :func:`measure_claims`.

Examples
--------
>>> import currentforces as cf
>>> pair = cf.StaticPair(cf.make_kernel("mcp07", cf.ElectronGas(2.0)))
>>> round(pair.equilibrium(near=5.0).d, 3)
5.099
"""

from __future__ import annotations

from .claims import PAPER_D_EQ, measure_claims
from .correlation import correlation_energy
from .evidence import Evidence
from .friction import friction_coefficient, rpa_friction_closed_form
from .gas import ElectronGas
from .impurity import Impurity, codata_mass, hydrogen_pair, proton_deuteron
from .kernels import (
    ALDAKernel,
    MCP07Kernel,
    MCP07StaticKernel,
    RPAKernel,
    XCKernel,
    alda_kernel,
    make_kernel,
    mcp07_parameters,
)
from .kohn_sham import lindhard
from .lda import xc_potential
from .motion import ElectronicTable, ImpurityDynamics, angular_factor
from .nonlinear_screening import (
    ScreenedNucleus,
    ScreeningSettings,
    screen_nucleus,
    screening_sweep,
)
from .pulses import FunctionPulse, Pulse, RectangularPulse, SmoothPulse
from .quadrature import QGrid, q_grid
from .registry import CORRELATIONS, FGK_REAL_FORMS, GEOMETRIES, KERNELS, NUCLEI
from .response import chi_difference_quotient, chi_domega_at_zero, chi_interacting, chi_static
from .scenario import ATOMIC_TIME_FS, PulseScenario, ScenarioResult, paper_scenario
from .screening import enclosed_electrons, screening_density
from .statics import Equilibrium, StaticPair
from .sumrules import f_sum_residual, kramers_kronig_residual
from .synthesis import SynthesisGrid, TimeTrace, synthesis_grid, synthesize
from .vector_motion import VectorEquations

__version__ = "0.4.0"

# imported on first use (PEP 562): a chapter that does not need them does not pay for scipy's
# integrators and optimizers at start-up
_LAZY = {
    "checks": ("currentforces.checks", None),
    "markov_modes": ("currentforces.markov", "markov_modes"),
    "markov_ode_trace": ("currentforces.markov", "markov_ode_trace"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = importlib.import_module(module)
        value = value if attr is None else getattr(value, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'currentforces' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ATOMIC_TIME_FS",
    "CORRELATIONS",
    "FGK_REAL_FORMS",
    "GEOMETRIES",
    "KERNELS",
    "NUCLEI",
    "PAPER_D_EQ",
    "ALDAKernel",
    "ElectronGas",
    "ElectronicTable",
    "Equilibrium",
    "Evidence",
    "FunctionPulse",
    "Impurity",
    "ImpurityDynamics",
    "MCP07Kernel",
    "MCP07StaticKernel",
    "Pulse",
    "PulseScenario",
    "QGrid",
    "RPAKernel",
    "RectangularPulse",
    "ScenarioResult",
    "ScreenedNucleus",
    "ScreeningSettings",
    "SmoothPulse",
    "StaticPair",
    "SynthesisGrid",
    "TimeTrace",
    "VectorEquations",
    "XCKernel",
    "__version__",
    "screen_nucleus",
    "screening_sweep",
    "xc_potential",
    "alda_kernel",
    "angular_factor",
    "checks",
    "chi_difference_quotient",
    "chi_domega_at_zero",
    "chi_interacting",
    "chi_static",
    "codata_mass",
    "correlation_energy",
    "enclosed_electrons",
    "f_sum_residual",
    "friction_coefficient",
    "hydrogen_pair",
    "kramers_kronig_residual",
    "lindhard",
    "make_kernel",
    "markov_modes",
    "markov_ode_trace",
    "mcp07_parameters",
    "measure_claims",
    "paper_scenario",
    "proton_deuteron",
    "q_grid",
    "rpa_friction_closed_form",
    "screening_density",
    "synthesis_grid",
    "synthesize",
]
