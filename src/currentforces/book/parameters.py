"""Validation of the parameters a reader may pass to a chapter (papermill ``parameters`` cell).

``validate_parameters`` is called by ``scripts/run_chapter.py`` before anything is executed or
written, so that a bad value fails with a message naming it. Inside a chapter the objects built
from the parameters (the gas, the kernel, the impurity, the scenario) check them again.
"""

from __future__ import annotations

from ..registry import (
    CORRELATIONS,
    DIRECT_FIELD_SIGNS,
    FGK_REAL_FORMS,
    GEOMETRIES,
    KERNELS,
    NUCLEI,
)
from ..validation import require_choice, require_positive

_POSITIVE = {
    "rs": "electron-gas density parameter (bohr)",
    "Z1": "charge of nucleus 1 (e)",
    "Z2": "charge of nucleus 2 (e)",
    "M1": "mass of nucleus 1 (electron masses)",
    "M2": "mass of nucleus 2 (electron masses)",
    "T": "pulse duration (hbar/hartree)",
    "d_min": "smallest separation searched (bohr)",
    "d_max": "largest separation searched (bohr)",
    "q_max_over_kf": "largest wave vector of a plot, in units of kF",
    "dt": "time step of the traces (hbar/hartree)",
    "omega_max": "upper end of the Fourier synthesis (hartree)",
    "omega_max_over_wp": "largest frequency of a plot, in units of omega_p",
}
_POSITIVE_INT = ("n_nodes", "n_q", "n_omega", "n_panels")
_CHOICES = {
    "kernel": KERNELS,
    "correlation": CORRELATIONS,
    "fgk_real": FGK_REAL_FORMS,
    "current_direction": GEOMETRIES,
    "nucleus1": NUCLEI,
    "nucleus2": NUCLEI,
    "reference_kernel": KERNELS,
    "direct_field": tuple(DIRECT_FIELD_SIGNS),
}


def validate_parameters(params: dict) -> dict:
    """Check every known chapter parameter in ``params``; return a cleaned copy.

    Raises ``ValueError`` naming the first offending parameter, its value and what is allowed.
    Names this module does not know are passed through unchanged (the run script separately
    checks that every name exists in the chapter's parameters cell).
    """
    clean = dict(params)
    for name, value in params.items():
        if name in _POSITIVE:
            clean[name] = require_positive(name, value)
        elif name in _POSITIVE_INT:
            if isinstance(value, bool) or int(value) != value or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
            clean[name] = int(value)
        elif name in _CHOICES:
            clean[name] = require_choice(name, value, _CHOICES[name])
    if "current_angle_deg" in clean:
        angle = clean["current_angle_deg"]
        if isinstance(angle, bool) or not isinstance(angle, int | float) or not 0 <= angle <= 180:
            raise ValueError(f"current_angle_deg must be a number in [0, 180], got {angle!r}")
        clean["current_angle_deg"] = float(angle)
    if "d_min" in clean and "d_max" in clean and clean["d_min"] >= clean["d_max"]:
        raise ValueError(
            f"d_min must be smaller than d_max, got d_min={clean['d_min']!r}, "
            f"d_max={clean['d_max']!r}"
        )
    return clean
