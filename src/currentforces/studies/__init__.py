"""Studies: functions of a few physical parameters returning one row, mapped over grids.

:mod:`.registry` holds the :func:`study` decorator and :data:`STUDIES`; each study lives in its
own module (:mod:`.one_nucleus`, :mod:`.pulse_dynamics`); :mod:`.engine` runs a study (or several, in one pool) over a list
of cases, cached and fault-tolerant; :mod:`.metals` holds the cases of the metals chapter.
"""

from . import one_nucleus, pulse_dynamics  # noqa: F401 - registers the studies
from .engine import (
    Failure,
    SweepFailed,
    SweepInterrupted,
    SweepResult,
    case_key,
    default_cache,
    grid,
    run_sweep,
    run_sweeps,
)
from .registry import STUDIES, Study, study

__all__ = [
    "STUDIES",
    "Failure",
    "Study",
    "SweepFailed",
    "SweepInterrupted",
    "SweepResult",
    "case_key",
    "default_cache",
    "grid",
    "run_sweep",
    "run_sweeps",
    "study",
]
