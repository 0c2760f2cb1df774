"""The impurity: two nuclei of given charges and masses (hydrogen isotopes with CODATA masses).

Charges in units of e, masses in electron masses.
"""

from __future__ import annotations

from dataclasses import dataclass

import scipy.constants as sc

from ..core.inputs import require_choice, require_positive
from ..core.registry import NUCLEI

__all__ = ["Impurity", "codata_mass", "hydrogen_pair", "proton_deuteron"]


@dataclass(frozen=True)
class Impurity:
    """Two nuclei: charges Z1, Z2 (e) and masses M1, M2 (electron masses).

    Examples
    --------
    >>> imp = Impurity(1.0, 1.0, 2.0, 2.0)
    >>> imp.Mc, imp.inverse_reduced_mass
    (4.0, 1.0)
    """

    Z1: float
    Z2: float
    M1: float
    M2: float

    def __post_init__(self):
        for name in ("Z1", "Z2", "M1", "M2"):
            object.__setattr__(self, name, require_positive(name, getattr(self, name)))

    @property
    def Mc(self) -> float:
        """Total mass M1 + M2 (electron masses)."""
        return self.M1 + self.M2

    @property
    def inverse_reduced_mass(self) -> float:
        """1/M1 + 1/M2 (per electron mass)."""
        return 1.0 / self.M1 + 1.0 / self.M2

    @property
    def equal_nuclei(self) -> bool:
        """True if both nuclei have the same charge and mass (no relative motion is driven)."""
        return self.Z1 == self.Z2 and self.M1 == self.M2


def codata_mass(name: str) -> float:
    """Mass of a hydrogen nucleus in electron masses (CODATA, via ``scipy.constants``).

    Parameters
    ----------
    name : {"proton", "deuteron", "triton"}

    Examples
    --------
    >>> round(codata_mass("proton"), 3)
    1836.153
    """
    key = require_choice("nucleus", name, NUCLEI)
    return sc.physical_constants[f"{key}-electron mass ratio"][0]


def hydrogen_pair(nucleus1: str, nucleus2: str, Z1: float = 1.0, Z2: float = 1.0) -> Impurity:
    """Two hydrogen nuclei by name (CODATA masses); the charges may be overridden.

    Examples
    --------
    >>> hydrogen_pair("deuteron", "triton").M2 > hydrogen_pair("deuteron", "triton").M1
    True
    """
    return Impurity(Z1, Z2, codata_mass(nucleus1), codata_mass(nucleus2))


def proton_deuteron() -> Impurity:
    """The paper's impurity: a proton (nucleus 1) and a deuteron (nucleus 2)."""
    return hydrogen_pair("proton", "deuteron")
