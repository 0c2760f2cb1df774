"""Numerical companion to 'Viscous current-induced forces' (Nazarov, Todorov, Gross).

Hartree atomic units throughout: lengths in bohr, energies in hartree, time in hbar/hartree,
masses in electron masses.
"""

from .parameters import validate_parameters

__all__ = ["validate_parameters"]
