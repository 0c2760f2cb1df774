"""The simple metals, hydrogen isotope pairs and charge pairs of the sweeps beyond the paper.

Free-electron density parameters rs (bohr) of the simple metals (Ashcroft and Mermin, Solid State
Physics, Table 1.1) and the cases of the "metals" chapter, shared by the chapter and the
scorecard so that both read the same cached rows of :func:`currentforces.studies.engine.run_sweep`.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CHARGE_PAIRS",
    "ISOTOPE_PAIRS",
    "KERNEL_VARIANTS",
    "METALS",
    "dynamics_cases",
    "kernel_cases",
    "sweep_densities",
]

METALS: dict[str, float] = {"Al": 2.07, "Mg": 2.66, "Li": 3.25, "Na": 3.93, "K": 4.86, "Cs": 5.62}
"""Free-electron rs of simple metals (bohr)."""

ISOTOPE_PAIRS: dict[str, tuple[str, str]] = {
    "H2": ("proton", "proton"),
    "HD": ("proton", "deuteron"),
    "HT": ("proton", "triton"),
    "D2": ("deuteron", "deuteron"),
    "DT": ("deuteron", "triton"),
    "T2": ("triton", "triton"),
}
"""The hydrogen isotope pairs (CODATA masses)."""

CHARGE_PAIRS: tuple[tuple[float, float], ...] = (
    (1.0, 1.0),
    (1.0, 1.5),
    (1.0, 2.0),
    (2.0, 1.0),
    (2.0, 2.0),
    (1.0, 3.0),
)
"""Charges (Z1, Z2) with the masses of a proton and a deuteron (a model)."""


def sweep_densities(rs_min: float = 1.0, rs_max: float = 6.0, n: int = 51) -> list[float]:
    """n equally spaced densities from rs_min to rs_max (bohr).

    Examples
    --------
    >>> sweep_densities(1.0, 6.0, 3)
    [1.0, 3.5, 6.0]
    """
    return [float(x) for x in np.linspace(rs_min, rs_max, n)]


def dynamics_cases(
    rs_values, T: float = 80000.0, correlation: str = "pz81"
) -> dict[str, list[dict]]:
    """The cases of the "dynamics" study: the densities, the metals, the isotopes, the charges."""
    base = {"T": float(T), "correlation": correlation}
    lo, hi = min(rs_values), max(rs_values)
    return {
        "densities": [{"rs": x, **base} for x in rs_values],
        "metals": [{"rs": x, **base} for x in METALS.values() if lo <= x <= hi],
        "isotopes": [
            {"rs": 2.0, "nucleus1": a, "nucleus2": b, **base} for a, b in ISOTOPE_PAIRS.values()
        ],
        "charges": [{"rs": 2.0, "Z1": z1, "Z2": z2, **base} for z1, z2 in CHARGE_PAIRS],
    }


KERNEL_VARIANTS: tuple[tuple[str, str, str], ...] = (
    ("MCP07 (published Re f_GK)", "mcp07", "published"),
    ("MCP07 (Kramers-Kronig Re f_GK)", "mcp07", "kk"),
    ("rMCP07", "rmcp07", "published"),
    ("ALDA", "alda", "published"),
    ("static MCP07", "mcp07_static", "published"),
    ("RPA", "rpa", "published"),
)
"""(label, kernel, fgk_real) of the kernel-sensitivity study."""


def kernel_cases(rs_values=(2.0, 4.0), T: float = 80000.0, correlation: str = "pz81") -> list[dict]:
    """The cases of the "kernel" study: every kernel variant at each density.

    Examples
    --------
    >>> [(c["kernel"], c["fgk_real"]) for c in kernel_cases((2.0,))][:2]
    [('mcp07', 'published'), ('mcp07', 'kk')]
    """
    return [
        {"rs": float(rs), "kernel": k, "fgk_real": f, "T": float(T), "correlation": correlation}
        for rs in rs_values
        for _, k, f in KERNEL_VARIANTS
    ]
