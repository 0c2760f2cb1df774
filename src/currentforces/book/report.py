"""Formatting of computed checks for the chapters' printed (nbval-compared) output, and the
verdict line of each check a chapter shows.

A residual at the level of rounding noise differs between machines; printing it as a bound keeps
the compared text stable while a real regression (a residual above the bound) still shows.

A chapter passes each check it shows through :func:`check`, which prints its verdict line. A
failed check prints a line starting with :data:`FAILURE_MARKER`; ``make run`` (scripts/run_chapter.py) finds those lines in the executed
notebook, puts a warning at the top of the run's page and exits non-zero.
"""

from __future__ import annotations

import re

import math

from ..evidence.record import Evidence

FAILURE_MARKER = "CHECK FAILED:"
"""The start of the printed line of a failed check (read by ``make run``)."""



def residual(value: float, floor: float = 1e-8) -> str:
    """``'< 1e-08'`` if abs(value) < floor, else ``value`` in two significant figures."""
    if not math.isfinite(value):
        return str(value)
    return f"< {floor:.0e}" if abs(value) < floor else f"{value:.1e}"


def residual_math(value: float, floor: float = 1e-8) -> str:
    r""":func:`residual` as inline math for prose: ``$< 10^{-8}$`` or ``$2.4\times10^{-5}$``.

    Examples
    --------
    >>> residual_math(3e-13), residual_math(2.4e-5)
    ('$< 10^{-8}$', '$2.4\\times10^{-5}$')
    """
    if not math.isfinite(value):
        return str(value)

    def power(x: float, digits: int) -> str:
        mantissa, exponent = f"{x:.{digits}e}".split("e")
        head = "" if mantissa in ("1", "1.0") else mantissa + r"\times"
        return f"{head}10^{{{int(exponent)}}}"

    return f"$< {power(floor, 0)}$" if abs(value) < floor else f"${power(value, 1)}$"


def separations_as_math(note: str) -> str:
    """A plain-text note about equilibria (:func:`currentforces.impurity.statics.common_equilibria`)
    as Markdown for prose: the separation d set as math.

    >>> separations_as_math("branch 0 of MCP07 (lowest energy), d = 5.0993 bohr")
    'branch 0 of MCP07 (lowest energy), $d$ = 5.0993 bohr'
    """
    return re.sub(r"\bd = ", "$d$ = ", note)


_NUMBER_HYPHEN = re.compile(r"(?<=[0-9eE])-(?=[0-9])")
_UNIT_SPACE = re.compile(r"(?<=[0-9]) (?=%|bohr\b|a\.u\.)")


def unbreakable_numbers(text: str) -> str:
    """Text whose numbers a browser cannot break: the hyphen of an exponent or a range becomes
    a non-breaking hyphen (U+2011), the space before a unit a no-break space; math is left alone.

    Examples
    --------
    >>> unbreakable_numbers("slopes +7.79e-05, 56-79 % ($x^{-1}$)")
    'slopes +7.79e\u201105, 56\u201179\xa0% ($x^{-1}$)'
    """
    parts = re.split(r"(\$[^$]*\$)", text)
    return "".join(
        p if p.startswith("$") else _UNIT_SPACE.sub("\u00a0", _NUMBER_HYPHEN.sub("\u2011", p))
        for p in parts
    )


def markdown_grid(rows, headers) -> str:
    """A plain MyST table: one row per tuple of strings, under ``headers``.

    Numbers in the cells are made unbreakable (:func:`unbreakable_numbers`).
    """
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += [
        "| " + " | ".join(unbreakable_numbers(str(cell)) for cell in row) + " |" for row in rows
    ]
    return "\n".join(lines)


def plateau(x, y, within: float = 0.01) -> tuple[float, float, float]:
    """The largest finite ``y`` and the range of ``x`` where ``y`` stays within ``within``
    (relative) of it: (y_max, x_from, x_to). A maximum on a plateau is quoted as that range.

    >>> plateau([1, 2, 3, 4], [1.0, 2.0, 1.995, 0.5])
    (2.0, 2.0, 3.0)
    """
    import numpy as np

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(y)
    top = float(np.max(y[ok]))
    near = ok & (y >= top - within * abs(top))
    return top, float(x[near].min()), float(x[near].max())


def where(x_from: float, x_to: float, name: str = "$r_s$", fmt: str = ".2g") -> str:
    """'at $r_s$ = 3.8' or 'for $r_s$ from 3.3 to 4.2'."""
    if x_from == x_to:
        return f"at {name} = {x_from:{fmt}}"
    return f"for {name} from {x_from:{fmt}} to {x_to:{fmt}}"


def check(name: str, evidence: Evidence, quiet: bool = False) -> Evidence:
    """Record the outcome of a check a chapter shows; print its verdict line unless ``quiet``.

    A failed check (or a claim not reproduced that the chapter treats as a check) prints
    ``CHECK FAILED: <name>: <rule>`` even when ``quiet``, so that no run hides it.
    """
    if evidence.failed:
        failing = evidence.details.get("failed_conditions")
        criterion = "; ".join(failing) if failing else evidence.rule
        print(f"{FAILURE_MARKER} {name}: the criterion ({criterion}) does not hold")
    elif not quiet:
        print(f"{name}: {evidence.status} ({evidence.rule})")
    return evidence


def verdict_line(evidence: Evidence) -> str:
    """'passed' or 'FAILED' (any other status as it is), for a printed table."""
    return "FAILED" if evidence.failed else evidence.status
