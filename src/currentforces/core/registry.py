"""The one registry of the named choices of the package.

Every name a user may pass (a kernel, a correlation parametrization, a form of Re f_GK, a
hydrogen nucleus, a geometry of the current, the sign convention of the direct field) is listed
here once; the modules that implement them import these tuples, and
:func:`currentforces.core.inputs.require_choice` checks a given name against them.
"""

from __future__ import annotations

KERNELS: tuple[str, ...] = ("rpa", "alda", "mcp07_static", "mcp07", "rmcp07")
"""Exchange-correlation kernels of Eq. (17), see :mod:`currentforces.electron_liquid.kernels`."""

CORRELATIONS: tuple[str, ...] = ("pz81", "pw92")
"""Correlation-energy parametrizations, see :mod:`currentforces.electron_liquid.correlation`."""

FGK_REAL_FORMS: tuple[str, ...] = ("published", "kk")
"""Forms of Re f_GK in MCP07: the published closed form or the Kramers-Kronig partner."""

FRICTION_FORMS: tuple[str, ...] = ("scalar", "current", "nonlocal")
"""Forms of the dynamic-xc friction of a screened nucleus: the local scalar kernel of TDDFT, the
viscous dissipation of time-dependent current-DFT, or the bulk gas's nonlocal kernel, see
:mod:`currentforces.impurity.nonlinear_friction`."""

FRICTION_MODELS: tuple[str, ...] = ("linear", *FRICTION_FORMS)
"""The single-nucleus friction of the dynamics: the paper's linear response, or the nonlinear
screening cloud's Q_KS + Q_dyn in one of :data:`FRICTION_FORMS`."""

NUCLEI: tuple[str, ...] = ("proton", "deuteron", "triton")
"""Hydrogen nuclei with CODATA masses, see :mod:`currentforces.impurity.nuclei`."""

GEOMETRIES: tuple[str, ...] = ("parallel", "perpendicular")
"""Direction of the current relative to the impurity axis (Appendix D)."""

DIRECT_FIELD_SIGNS: dict[str, float] = {"consistent": +1.0, "as_printed": -1.0}
"""Sign of the direct (screened-field) terms of (14)-(15) and (D7)-(D10) relative to the wind
terms. As printed the direct term is -4 pi (Z1 + Z2) w j / w_p^2 with j of Eq. (12), the
*electric* current; the wind bracket [j/n - Vc] needs j to be the electron *number* current,
for which the direct term is +4 pi (Z1 + Z2) w j / w_p^2 ("consistent")."""
