"""The local-density exchange-correlation potential of the HEG, v_xc(n) = d(n eps_xc)/dn.

Exchange: eps_x = -(3/4)(3 n/pi)^(1/3), v_x = -(3 n/pi)^(1/3). Correlation: v_c = eps_c - (rs/3)
d eps_c/d rs with rs = (3/(4 pi n))^(1/3) and eps_c from :mod:`currentforces.electron_liquid.correlation`
(PZ81 or PW92), so that d v_xc/dn at the density of the gas is the ALDA kernel f0 of
:func:`currentforces.alda_kernel`.

Units: n in bohr^-3, v_xc in hartree.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_choice, require_finite_array
from ..core.registry import CORRELATIONS
from .correlation import _PARAMETRIZATIONS

__all__ = ["xc_potential"]


def xc_potential(n: ArrayLike, correlation: str = "pz81") -> np.ndarray:
    """The LDA exchange-correlation potential v_xc(n) (hartree) of a local density n (bohr^-3).

    Parameters
    ----------
    n : array_like
        Electron number density, > 0.
    correlation : {"pz81", "pw92"}
        Parametrization of the correlation energy.

    Examples
    --------
    >>> from currentforces import ElectronGas
    >>> round(float(xc_potential(ElectronGas(2.0).n)), 6)  # -kF/pi + v_c at rs = 2
    -0.357256
    """
    n = require_finite_array("n", n, positive=True)
    correlation = require_choice("correlation parametrization", correlation, CORRELATIONS)
    return _xc_potential(n, correlation)


def _xc_potential(n: np.ndarray, correlation: str) -> np.ndarray:
    rs = (3.0 / (4.0 * np.pi * n)) ** (1.0 / 3.0)
    eps_c, deps_c, _ = _PARAMETRIZATIONS[correlation](rs)
    return -((3.0 * n / np.pi) ** (1.0 / 3.0)) + eps_c - rs * deps_c / 3.0
