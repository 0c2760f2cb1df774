"""The evidence a check or a measured claim returns: one value, its criterion, a status, a text.

Every check of the book is a package function returning an :class:`Evidence`; a chapter shows
and glues it, and the equation ledger and the scorecard iterate over the same functions, so that
no number of the book has two implementations.

A status is never written by hand: it is computed by one of the constructors from the numbers
and the stated criterion (``rule``), so that a changed number changes the status, and every
sentence that interprets the evidence picks its words from the status (:meth:`Evidence.says`).

- :meth:`Evidence.bound`: a residual against a tolerance ("passed" or "failed"; a check that
  confirms the paper as printed is wrong says "discrepancy" instead of "passed");
- :meth:`Evidence.all_hold`: several named conditions ("passed" if every one holds);
- :meth:`Evidence.graded`: a claim of the paper ("reproduced", "partly reproduced",
  "not reproduced");
- :meth:`Evidence.measured`: a number with no criterion ("measured", neither passed nor failed).

A value that is not finite never passes and never reproduces anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["CHECK_STATUSES", "CLAIM_STATUSES", "NEUTRAL_STATUS", "Evidence"]

CHECK_STATUSES: tuple[str, ...] = ("passed", "discrepancy", "failed")
"""Statuses of a check: it passed; it confirms that the paper as printed is wrong; it failed."""

CLAIM_STATUSES: tuple[str, ...] = ("reproduced", "partly reproduced", "not reproduced")
"""Statuses of a claim of the paper, measured."""

NEUTRAL_STATUS: str = "measured"
"""Status of a number with no criterion: neither a pass nor a failure."""

_FAILING = ("failed", "not reproduced")


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Evidence:
    """What a check found. Build it with a constructor below, never with a status by hand.

    Attributes
    ----------
    value : float
        The measured number (a residual, a relative difference or a quantity).
    tolerance : float or None
        The bound the value was compared with, if any.
    status : str
        One of :data:`CHECK_STATUSES`, :data:`CLAIM_STATUSES` or :data:`NEUTRAL_STATUS`.
    text : str
        One sentence for a reader, with the numbers (Markdown; inline TeX math allowed).
    details : Mapping
        Everything else the check computed (per-case values, arrays for a figure).
    rule : str
        The criterion that decided the status, in words (plain text).

    Examples
    --------
    >>> e = Evidence.bound(3e-12, 1e-10, "F = -dU/dd to 3e-12")
    >>> e.status, e.passed, e.rule
    ('passed', True, '|value| < 1e-10')
    >>> Evidence.bound(float("nan"), 1e-10, "a nan").status
    'failed'
    >>> Evidence.graded(0.4, "40 %", "at least 0.5 reproduces", full=0.4 >= 0.5, partial=0.4 > 0).status
    'partly reproduced'
    """

    value: float
    tolerance: float | None
    status: str
    text: str
    details: Mapping[str, Any] = field(default_factory=dict)
    rule: str = ""

    def __post_init__(self):
        if self.status not in CHECK_STATUSES + CLAIM_STATUSES + (NEUTRAL_STATUS,):
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    def __reduce__(self):
        # the details are a read-only view, which pickle cannot store: rebuild from a dict
        return (
            Evidence,
            (self.value, self.tolerance, self.status, self.text, dict(self.details), self.rule),
        )

    # -- the constructors: each computes the status --------------------------------------------
    @classmethod
    def bound(
        cls,
        value: float,
        tolerance: float,
        text: str,
        details: Mapping[str, Any] | None = None,
        discrepancy: bool = False,
        rule: str | None = None,
    ) -> Evidence:
        """``value`` against ``tolerance``: "passed" if ``abs(value) < tolerance``, else "failed".

        With ``discrepancy=True`` the check confirms that the paper as printed is wrong (the
        corrected equation holds within ``tolerance``): its pass is "discrepancy".
        """
        ok = _finite(value) and abs(float(value)) < tolerance
        status = ("discrepancy" if discrepancy else "passed") if ok else "failed"
        rule = rule or f"|value| < {tolerance:g}"
        return cls(value, tolerance, status, text, details or {}, rule)

    @classmethod
    def all_hold(
        cls,
        conditions: Mapping[str, bool],
        value: float,
        text: str,
        details: Mapping[str, Any] | None = None,
        tolerance: float | None = None,
    ) -> Evidence:
        """Several named conditions: "passed" if every one holds (and ``value`` is finite).

        ``conditions`` maps a criterion in words to whether it holds; the names of those that
        fail are in ``details['failed_conditions']``.
        """
        failing = [name for name, ok in conditions.items() if not bool(ok)]
        if not _finite(value):
            failing.append("a finite value")
        details = {**(details or {}), "failed_conditions": failing}
        status = "failed" if failing else "passed"
        return cls(value, tolerance, status, text, details, "; ".join(conditions))

    @classmethod
    def graded(
        cls,
        value: float,
        text: str,
        rule: str,
        full: bool,
        partial: bool = False,
        tolerance: float | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Evidence:
        """A claim of the paper, graded.

        "reproduced" if ``full``, else "partly reproduced" if ``partial``, else
        "not reproduced". ``rule`` states the criterion behind both.
        """
        if not _finite(value):
            full = partial = False
        status = "reproduced" if full else ("partly reproduced" if partial else "not reproduced")
        return cls(value, tolerance, status, text, details or {}, rule)

    @classmethod
    def measured(
        cls, value: float, text: str, details: Mapping[str, Any] | None = None
    ) -> Evidence:
        """A number reported with no criterion: status "measured"."""
        return cls(value, None, NEUTRAL_STATUS, text, details or {}, "none (a measurement)")

    # -- reading ---------------------------------------------------------------------------------
    @property
    def passed(self) -> bool:
        """True unless the check failed or the claim is not reproduced.

        A confirmed discrepancy is a passed check; a measurement has nothing to fail.
        """
        return self.status not in _FAILING

    @property
    def failed(self) -> bool:
        """True if a check failed or a claim is not reproduced."""
        return self.status in _FAILING

    def says(
        self, yes: str, no: str, partly: str | None = None, measured: str | None = None
    ) -> str:
        """The words for this status, so that a sentence follows the evidence.

        ``yes`` if it passed or reproduced (or is a confirmed discrepancy), ``partly`` for a
        partly reproduced claim (default ``yes``), ``measured`` for a measurement (default
        ``yes``), ``no`` otherwise.

        >>> Evidence.bound(2.0, 1.0, "x").says("holds", "does not hold")
        'does not hold'
        """
        if self.status == "partly reproduced":
            return yes if partly is None else partly
        if self.status == NEUTRAL_STATUS:
            return yes if measured is None else measured
        return no if self.failed else yes

    def __getitem__(self, key: str) -> Any:
        """Shorthand for ``details[key]``."""
        return self.details[key]
