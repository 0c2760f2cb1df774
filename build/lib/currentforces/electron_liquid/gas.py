"""The homogeneous electron gas (HEG): density, Fermi wave vector and plasma frequency from rs.

Hartree atomic units: lengths in bohr, frequencies in hartree (hbar = 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.inputs import require_positive


@dataclass(frozen=True)
class ElectronGas:
    """A spin-unpolarized homogeneous electron gas of density parameter ``rs``.

    Parameters
    ----------
    rs : float
        Wigner-Seitz radius (bohr), ``n = 3 / (4 pi rs^3)`` (the paper's n-bar).

    Notes
    -----
    ``kF = (9 pi / 4)^(1/3) / rs`` and ``omega_p = sqrt(4 pi n)`` (the plasma frequency below
    Eq. (4) of the paper).

    Examples
    --------
    >>> gas = ElectronGas(2.0)
    >>> round(gas.kF, 8), round(gas.omega_p, 8)
    (0.95957915, 0.61237244)
    """

    rs: float

    def __post_init__(self):
        object.__setattr__(self, "rs", require_positive("rs", self.rs))

    @property
    def n(self) -> float:
        """Electron density (bohr^-3)."""
        return 3.0 / (4.0 * math.pi * self.rs**3)

    @property
    def kF(self) -> float:
        """Fermi wave vector (bohr^-1)."""
        return (9.0 * math.pi / 4.0) ** (1.0 / 3.0) / self.rs

    @property
    def eF(self) -> float:
        """Fermi energy kF^2 / 2 (hartree)."""
        return 0.5 * self.kF**2

    @property
    def omega_p(self) -> float:
        """Plasma frequency sqrt(4 pi n) (hartree)."""
        return math.sqrt(4.0 * math.pi * self.n)

    @property
    def k_tf(self) -> float:
        """Thomas-Fermi screening wave vector sqrt(4 kF / pi) (bohr^-1)."""
        return math.sqrt(4.0 * self.kF / math.pi)
