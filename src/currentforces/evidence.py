"""The evidence a check or a measured claim returns: one value, its tolerance, a status, a text.

Every check of the book is a package function returning an :class:`Evidence`; a chapter shows
and glues it, and the equation ledger and the scorecard iterate over the same functions, so that
no number of the book has two implementations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["CHECK_STATUSES", "CLAIM_STATUSES", "Evidence"]

CHECK_STATUSES: tuple[str, ...] = ("passed", "discrepancy", "failed")
"""Statuses of a check: it passed; it confirms that the paper as printed is wrong; it failed."""

CLAIM_STATUSES: tuple[str, ...] = ("reproduced", "partly reproduced", "not reproduced")
"""Statuses of a claim of the paper, measured."""


@dataclass(frozen=True)
class Evidence:
    """What a check found.

    Attributes
    ----------
    value : float
        The measured number (a residual, a relative difference or a quantity).
    tolerance : float or None
        The bound the value was compared with, if any.
    status : str
        One of :data:`CHECK_STATUSES` or :data:`CLAIM_STATUSES`.
    text : str
        One sentence for a reader, with the numbers (Markdown; inline TeX math allowed).
    details : Mapping
        Everything else the check computed (per-case values, arrays for a figure).

    Examples
    --------
    >>> e = Evidence.bound(3e-12, 1e-10, "F = -dU/dd to 3e-12")
    >>> e.status, e.passed
    ('passed', True)
    """

    value: float
    tolerance: float | None
    status: str
    text: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.status not in CHECK_STATUSES + CLAIM_STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    def __reduce__(self):
        # the details are a read-only view, which pickle cannot store: rebuild from a dict
        return (Evidence, (self.value, self.tolerance, self.status, self.text, dict(self.details)))

    @property
    def passed(self) -> bool:
        """True unless the check failed (a confirmed discrepancy is a passed check)."""
        return self.status in ("passed", "discrepancy", "reproduced", "partly reproduced")

    @classmethod
    def bound(
        cls,
        value: float,
        tolerance: float,
        text: str,
        details: Mapping[str, Any] | None = None,
        on_pass: str = "passed",
    ) -> Evidence:
        """Evidence that ``value`` lies below ``tolerance``: status ``on_pass`` or "failed"."""
        ok = abs(float(value)) < tolerance
        return cls(value, tolerance, on_pass if ok else "failed", text, details or {})

    def __getitem__(self, key: str) -> Any:
        """Shorthand for ``details[key]``."""
        return self.details[key]
