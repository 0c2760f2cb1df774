"""Input checks shared by every physics function: clear errors that name the parameter."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def require_finite(name: str, value) -> float:
    """Return ``value`` as float if it is a finite real number, else raise."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return x


def require_positive(name: str, value, *, allow_zero: bool = False) -> float:
    """Return ``value`` as float if it is finite and > 0 (>= 0 with ``allow_zero``), else raise."""
    x = require_finite(name, value)
    if x < 0 or (x == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return x


def require_finite_array(name: str, value, *, positive: bool = False) -> np.ndarray:
    """Return ``value`` as a float array if all entries are finite (and > 0 if asked), else raise."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values")
    if positive and np.any(arr <= 0):
        raise ValueError(f"{name} must contain only values > 0, got minimum {arr.min()!r}")
    return arr


def require_choice(name: str, value, allowed: Iterable[str]) -> str:
    """Return ``value`` lower-cased if it is one of ``allowed``, else raise naming the choices."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(allowed)}")
    return value.lower()
