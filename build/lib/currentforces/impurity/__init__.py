"""The nuclei in the liquid, at rest: the impurity, its screening, forces and friction.

- :mod:`.nuclei`: :class:`Impurity` (charges, CODATA masses);
- :mod:`.statics`: the force and energy of two charges, Eqs. (10)-(11), and the equilibria;
- :mod:`.pair_force_3d`: (C4)-(C5) as a 3D integral, a check of Eq. (10);
- :mod:`.screening`: the linear screening cloud of Eq. (9);
- :mod:`.friction`: the friction coefficient of one nucleus in linear response;
- :mod:`.nonlinear_screening`: the self-consistent Kohn-Sham LDA screening of one nucleus.
"""

from .friction import friction_coefficient
from .nuclei import Impurity, hydrogen_pair
from .statics import Equilibrium, StaticPair

__all__ = ["Equilibrium", "Impurity", "StaticPair", "friction_coefficient", "hydrogen_pair"]
