"""Correlation energy per electron of the HEG, eps_c(rs), and its rs-derivatives (hartree).

Two parametrizations of Ceperley-Alder data, selectable by name:
- ``"pz81"``: Perdew & Zunger, PRB 23, 5048 (1981) (the default, as in public MCP07 codes);
- ``"pw92"``: Perdew & Wang, PRB 45, 13244 (1992).
Both return (eps_c, d eps_c/d rs, d^2 eps_c/d rs^2) in closed form.
"""

from __future__ import annotations

import numpy as np

from ..core.inputs import require_choice, require_positive
from ..core.registry import CORRELATIONS

__all__ = ["CORRELATIONS", "correlation_energy"]

# PZ81, unpolarized
_PZ_GAMMA, _PZ_BETA1, _PZ_BETA2 = -0.1423, 1.0529, 0.3334
_PZ_A, _PZ_B, _PZ_C, _PZ_D = 0.0311, -0.048, 0.0020, -0.0116
# PW92, unpolarized
_PW_A, _PW_ALPHA1 = 0.031091, 0.21370
_PW_B = (7.5957, 3.5876, 1.6382, 0.49294)


def _pz81(rs):
    rs = np.asarray(rs, dtype=float)
    x = np.sqrt(rs)
    den = 1.0 + _PZ_BETA1 * x + _PZ_BETA2 * rs
    d1 = _PZ_BETA1 / (2.0 * x) + _PZ_BETA2
    d2 = -_PZ_BETA1 / (4.0 * rs * x)
    high = (
        _PZ_GAMMA / den,
        -_PZ_GAMMA * d1 / den**2,
        -_PZ_GAMMA * d2 / den**2 + 2.0 * _PZ_GAMMA * d1**2 / den**3,
    )
    ln = np.log(rs)
    low = (
        _PZ_A * ln + _PZ_B + _PZ_C * rs * ln + _PZ_D * rs,
        _PZ_A / rs + _PZ_C * (ln + 1.0) + _PZ_D,
        -_PZ_A / rs**2 + _PZ_C / rs,
    )
    return _values(tuple(np.where(rs >= 1.0, h, lo) for h, lo in zip(high, low, strict=True)))


def _pw92(rs):
    rs = np.asarray(rs, dtype=float)
    b1, b2, b3, b4 = _PW_B
    x = np.sqrt(rs)
    q = 2.0 * _PW_A * (b1 * x + b2 * rs + b3 * rs * x + b4 * rs**2)
    q1 = 2.0 * _PW_A * (b1 / (2.0 * x) + b2 + 1.5 * b3 * x + 2.0 * b4 * rs)
    q2 = 2.0 * _PW_A * (-b1 / (4.0 * rs * x) + 0.75 * b3 / x + 2.0 * b4)
    log_term = np.log1p(1.0 / q)
    dlog = -q1 / (q * (1.0 + q))
    d2log = -q2 / (q * (1.0 + q)) + q1**2 * (1.0 + 2.0 * q) / (q * (1.0 + q)) ** 2
    pre = -2.0 * _PW_A * (1.0 + _PW_ALPHA1 * rs)
    eps = pre * log_term
    deps = -2.0 * _PW_A * _PW_ALPHA1 * log_term + pre * dlog
    d2eps = -4.0 * _PW_A * _PW_ALPHA1 * dlog + pre * d2log
    return _values((eps, deps, d2eps))


def _values(arrays):
    """Floats for a scalar rs (the public functions return floats), arrays otherwise."""
    if np.ndim(arrays[0]) == 0:
        return tuple(float(a) for a in arrays)
    return arrays


_PARAMETRIZATIONS = {"pz81": _pz81, "pw92": _pw92}


def correlation_energy(rs: float, parametrization: str = "pz81") -> tuple[float, float, float]:
    """Correlation energy per electron of the HEG and its first two rs-derivatives.

    Parameters
    ----------
    rs : float
        Density parameter (bohr), > 0.
    parametrization : {"pz81", "pw92"}
        Perdew-Zunger 1981 or Perdew-Wang 1992.

    Returns
    -------
    tuple of float
        (eps_c in hartree, d eps_c/d rs in hartree/bohr, d^2 eps_c/d rs^2 in hartree/bohr^2).

    Examples
    --------
    >>> eps, d1, d2 = correlation_energy(2.0, "pz81")
    >>> round(eps, 6)
    -0.045091
    """
    rs = require_positive("rs", rs)
    name = require_choice("correlation parametrization", parametrization, CORRELATIONS)
    return _PARAMETRIZATIONS[name](rs)
