"""The parameter box: what each parameter of a chapter or a study means and which values are allowed.

``validate_parameters`` is called by ``scripts/run_chapter.py`` before anything is executed or
written, so that a bad value fails with a message naming it, its value and what is allowed;
``preflight`` then refuses, still before execution, parameters for which the physics has no
answer (no equilibrium branch shared by the kernels, for example). Inside a chapter the objects
built from the parameters (the gas, the kernel, the impurity, the scenario) check them again.

The parameter box is the range over which every chapter is tested (``tests/test_parameter_box``):
the simple metals (rs from 1 to 6), hydrogen nuclei of charges 0.5 to 3, pulses from 1e2 to
1e6 hbar/hartree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .inputs import require_choice, require_positive
from .registry import (
    CORRELATIONS,
    DIRECT_FIELD_SIGNS,
    FGK_REAL_FORMS,
    GEOMETRIES,
    KERNELS,
    NUCLEI,
)


@dataclass(frozen=True)
class Spec:
    """What a chapter parameter means and which values are allowed."""

    meaning: str
    low: float | None = None  # closed range [low, high] for numbers
    high: float | None = None
    choices: tuple[str, ...] | None = None
    integer: bool = False
    optional: bool = False  # None means: derived from the physical scales

    def allowed(self) -> str:
        """The allowed values, in words."""
        if self.choices is not None:
            return "one of " + ", ".join(self.choices)
        kind = "an integer" if self.integer else "a number"
        if self.low is not None and self.high is not None:
            text = f"{kind} in [{self.low:g}, {self.high:g}]"
        elif self.low is not None:
            text = f"{kind} >= {self.low:g}"
        else:
            text = f"{kind} > 0"
        return text + (" or None (derived from the physical scales)" if self.optional else "")


SPECS: dict[str, Spec] = {
    "rs": Spec("electron-gas density parameter (bohr)", 1.0, 6.0),
    "Z1": Spec("charge of nucleus 1 (e)", 0.5, 3.0),
    "Z2": Spec("charge of nucleus 2 (e)", 0.5, 3.0),
    "T": Spec("pulse duration (hbar/hartree)", 1e2, 1e6),
    "Z": Spec("charge of the screened nucleus (e)", 0.05, 3.0),
    "rs_sweep_min": Spec("smallest density parameter of a sweep (bohr)", 1.0, 6.0),
    "rs_sweep_max": Spec("largest density parameter of a sweep (bohr)", 1.0, 6.0),
    "n_rs": Spec("number of densities of a sweep", 2, 101, integer=True),
    "d_min": Spec("smallest separation searched (bohr)", 0.5, 60.0),
    "d_max": Spec("largest separation searched (bohr)", 1.0, 60.0),
    "q_max_over_kf": Spec("largest wave vector of the q integrals or a plot, in kF", 1.0, 1e4),
    "dt": Spec("time step of the traces (hbar/hartree)", optional=True),
    "omega_max": Spec("upper end of the Fourier synthesis (hartree)", optional=True),
    "omega_max_over_wp": Spec("largest frequency of a plot, in units of omega_p", 0.01, 10.0),
    "current_angle_deg": Spec("angle of an oblique current to the axis (degrees)", 0.0, 180.0),
    "n_nodes": Spec("number of quadrature nodes", 1, 100000, integer=True),
    "n_mu": Spec("Gauss-Legendre nodes in cos(theta)", 8, 4096, integer=True),
    "n_mu_coarse": Spec("Gauss-Legendre nodes of the coarser rule", 8, 4096, integer=True),
    "n_phi": Spec("trapezoid nodes in phi", 4, 1024, integer=True),
    "n_q": Spec("number of wave vectors", 4, 100000, integer=True),
    "n_omega": Spec("number of frequencies", 2, 100000, integer=True),
    "kernel": Spec("exchange-correlation kernel", choices=KERNELS),
    "reference_kernel": Spec("kernel compared with", choices=KERNELS),
    "correlation": Spec("correlation parametrization", choices=CORRELATIONS),
    "fgk_real": Spec("form of Re f_GK", choices=FGK_REAL_FORMS),
    "current_direction": Spec("direction of the current", choices=GEOMETRIES),
    "nucleus1": Spec("nucleus 1 (CODATA mass)", choices=NUCLEI),
    "nucleus2": Spec("nucleus 2 (CODATA mass)", choices=NUCLEI),
    "direct_field": Spec("sign of the direct-field terms", choices=tuple(DIRECT_FIELD_SIGNS)),
}
BRANCH = Spec("equilibrium branch: 'lowest', a branch index, or a separation (bohr)")
ANY_TYPE = frozenset({"branch"})
"""Parameters whose value may be of another type than their default (checked here instead)."""


def _check_number(name: str, value, spec: Spec):
    if spec.integer:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be {spec.allowed()}, got {value!r}")
        x = value
    else:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be {spec.allowed()}, got {value!r}")
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"{name} must be {spec.allowed()}, got {value!r}")
    if spec.low is None:
        require_positive(name, x)
    elif not spec.low <= x <= spec.high:
        raise ValueError(f"{name} ({spec.meaning}) must be {spec.allowed()}, got {value!r}")
    return x


def validate_parameters(params: dict) -> dict:
    """Check every known chapter parameter in ``params``; return a cleaned copy.

    Raises ``ValueError`` naming the first offending parameter, its value and what is allowed.
    Names this module does not know are passed through unchanged (the run script separately
    checks that every name exists in the chapter's parameters cell).
    """
    clean = dict(params)
    for name, value in params.items():
        spec = SPECS.get(name)
        if name == "branch":
            if value != "lowest" and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise ValueError(f"branch ({BRANCH.meaning}) must be one of those, got {value!r}")
        elif spec is None or value is None and spec.optional:
            continue
        elif spec.choices is not None:
            clean[name] = require_choice(name, value, spec.choices)
        else:
            clean[name] = _check_number(name, value, spec)
    if clean.get("rs_sweep_min", 0) > clean.get("rs_sweep_max", math.inf):
        raise ValueError(
            f"rs_sweep_min must not exceed rs_sweep_max, got rs_sweep_min={clean['rs_sweep_min']!r}, "
            f"rs_sweep_max={clean['rs_sweep_max']!r}"
        )
    if "d_min" in clean and "d_max" in clean and clean["d_min"] >= clean["d_max"]:
        raise ValueError(
            f"d_min must be smaller than d_max, got d_min={clean['d_min']!r}, "
            f"d_max={clean['d_max']!r}"
        )
    return clean


def describe(defaults: dict) -> list[tuple[str, str, str, str]]:
    """(name, default, type, allowed values and meaning) for a chapter's parameters."""
    rows = []
    for name, default in defaults.items():
        spec = BRANCH if name == "branch" else SPECS.get(name)
        allowed = f"{spec.allowed()}: {spec.meaning}" if spec else "(not checked)"
        kind = "any" if default is None else type(default).__name__
        rows.append((name, repr(default), kind, allowed))
    return rows
