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
  :mod:`currentforces.evidence.weak_coupling`; its friction with the viscosity of the electron
  liquid, :func:`nonlinear_friction` (Q = Q_KS + Q_dyn, :class:`NonlinearFriction`),
  :func:`friction_parts`, :func:`local_viscosity`, and the evidence in
  :mod:`currentforces.evidence.viscous_friction`;
- the evidence of the book: :class:`Evidence`, :mod:`currentforces.evidence.checks`,
  :mod:`currentforces.evidence.claims`, :func:`measure_claims`;
- studies over grids of parameters: :func:`run_sweep` (several at once: :func:`run_sweeps`),
  :func:`grid`, :func:`study`.

The layers, each importing only those before it: :mod:`currentforces.core` (names, inputs,
quadrature, the execution engine, the disk cache), :mod:`currentforces.electron_liquid`,
:mod:`currentforces.impurity.nuclei`, :mod:`currentforces.dynamics`, :mod:`currentforces.evidence`,
:mod:`currentforces.studies`, and the book's plumbing in :mod:`currentforces.book`.

Examples
--------
>>> import currentforces as cf
>>> pair = cf.StaticPair(cf.make_kernel("mcp07", cf.ElectronGas(2.0)))
>>> round(pair.equilibrium(near=5.0).d, 3)
5.099
"""

from __future__ import annotations

from .core.quadrature import QGrid, q_grid
from .core.registry import (
    CORRELATIONS,
    FGK_REAL_FORMS,
    FRICTION_FORMS,
    FRICTION_MODELS,
    GEOMETRIES,
    KERNELS,
    NUCLEI,
)
from .dynamics.equations_of_motion import ElectronicTable, ImpurityDynamics, angular_factor
from .dynamics.markov import markov_modes, markov_ode_trace
from .dynamics.pulses import FunctionPulse, Pulse, RectangularPulse, SmoothPulse
from .dynamics.scenario import ATOMIC_TIME_FS, PulseScenario, ScenarioResult, paper_scenario
from .dynamics.synthesis import SynthesisGrid, TimeTrace, synthesis_grid, synthesize
from .dynamics.vector_equations import VectorEquations
from .electron_liquid.correlation import correlation_energy
from .electron_liquid.gas import ElectronGas
from .electron_liquid.kernels import (
    ALDAKernel,
    MCP07Kernel,
    MCP07StaticKernel,
    RMCP07Kernel,
    RPAKernel,
    XCKernel,
    alda_kernel,
    kernel_label,
    kernel_style,
    make_kernel,
    mcp07_parameters,
)
from .electron_liquid.lda import xc_potential
from .electron_liquid.lindhard import lindhard
from .electron_liquid.response import (
    chi_difference_quotient,
    chi_domega_at_zero,
    chi_interacting,
    chi_static,
)
from .electron_liquid.sum_rules import f_sum_residual, kramers_kronig_residual
from .evidence import checks, claims, viscous_friction, weak_coupling
from .evidence.claims import PAPER_D_EQ, measure_claims
from .evidence.record import Evidence
from .impurity.friction import friction_coefficient, friction_parts, rpa_friction_closed_form
from .impurity.nonlinear_friction import NonlinearFriction, local_viscosity, nonlinear_friction
from .impurity.nonlinear_screening import (
    ScreenedNucleus,
    ScreeningSettings,
    screen_nucleus,
    screening_sweep,
)
from .impurity.nuclei import Impurity, codata_mass, hydrogen_pair, proton_deuteron
from .impurity.screening import enclosed_electrons, screening_density
from .impurity.statics import Equilibrium, StaticPair
from .studies import grid, run_sweep, run_sweeps, study

__version__ = "0.7.0"

# imported on first use (PEP 562): a chapter that does not need them does not pay for scipy's
# integrators and optimizers at start-up
__all__ = [
    "checks",
    "claims",
    "grid",
    "markov_modes",
    "markov_ode_trace",
    "run_sweep",
    "run_sweeps",
    "study",
    "viscous_friction",
    "weak_coupling",
    "ATOMIC_TIME_FS",
    "CORRELATIONS",
    "FGK_REAL_FORMS",
    "FRICTION_FORMS",
    "FRICTION_MODELS",
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
    "NonlinearFriction",
    "MCP07StaticKernel",
    "RMCP07Kernel",
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
    "friction_parts",
    "hydrogen_pair",
    "kramers_kronig_residual",
    "lindhard",
    "local_viscosity",
    "kernel_label",
    "kernel_style",
    "make_kernel",
    "markov_modes",
    "markov_ode_trace",
    "mcp07_parameters",
    "measure_claims",
    "nonlinear_friction",
    "paper_scenario",
    "proton_deuteron",
    "q_grid",
    "rpa_friction_closed_form",
    "screening_density",
    "synthesis_grid",
    "synthesize",
]
