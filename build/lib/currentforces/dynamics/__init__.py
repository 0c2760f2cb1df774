"""The impurity in motion under a current pulse: Eqs. (12)-(16) and Appendices D and E.

- :mod:`.equations_of_motion`: :class:`ImpurityDynamics`, the scalar equations (D7)-(D10);
- :mod:`.vector_equations`: the 3D vector form (14)-(15), a check of the decoupling;
- :mod:`.pulses`: current pulses and their spectra;
- :mod:`.synthesis`: frequency-to-time synthesis of the velocities;
- :mod:`.traces`: measures on the time traces;
- :mod:`.markov`: the Markovian limit of Appendix E;
- :mod:`.scenario`: a pulse on an impurity with several kernels, run end to end.
"""

from .equations_of_motion import ImpurityDynamics
from .pulses import RectangularPulse
from .scenario import PulseScenario, ScenarioResult

__all__ = ["ImpurityDynamics", "PulseScenario", "RectangularPulse", "ScenarioResult"]
