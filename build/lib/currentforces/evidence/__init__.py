"""The book's evidence: what was checked, with which criterion, and what it found.

- :mod:`.record`: :class:`Evidence`, whose status is computed from a number and a criterion;
- :mod:`.checks`: the numerical checks of the paper's equations;
- :mod:`.claims`: the paper's claims, measured and graded;
- :mod:`.weak_coupling`: the nonlinear screening against linear response.
"""

from .record import Evidence

__all__ = ["Evidence"]
