"""The registry of studies: a study is a function of keyword parameters returning one row.

A study is registered with the :func:`study` decorator in its own module, with the units of its
parameters and of its outputs::

    @study("friction", "friction coefficient of one nucleus in linear response",
           parameters={"rs": "bohr", "kernel": "", "Z": "e", "correlation": ""},
           outputs={"Q": "hbar/bohr^2"})
    def friction_row(rs: float, kernel: str = "mcp07", Z: float = 1.0, correlation="pz81"):
        ...
        return {"Q": q}

Every parameter of the function must be declared (a unit, or "" for a label), and the row must
hold exactly the declared outputs; ``currentforces studies`` lists them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["STUDIES", "Study", "study"]


@dataclass(frozen=True)
class Study:
    """A registered study: its function, and the units of its parameters and outputs."""

    name: str
    function: Callable[..., dict]
    parameters: Mapping[str, str]
    outputs: Mapping[str, str]
    description: str = ""
    defaults: Mapping[str, object] = field(default_factory=dict)

    @property
    def units(self) -> dict[str, str]:
        """The unit of every column (parameters, then outputs)."""
        return {**self.parameters, **self.outputs}

    def describe(self) -> str:
        """Several lines: the description, the parameters with defaults and units, the outputs."""

        def unit(u):
            return f" ({u})" if u else ""

        params = ", ".join(
            f"{p}{unit(u)}" + (f" = {self.defaults[p]!r}" if p in self.defaults else " (required)")
            for p, u in self.parameters.items()
        )
        outputs = ", ".join(f"{o}{unit(u)}" for o, u in self.outputs.items())
        return f"{self.name}: {self.description}\n  parameters: {params}\n  outputs: {outputs}"


STUDIES: dict[str, Study] = {}
"""The registered studies by name (filled by the study modules of this package)."""


def study(name: str, description: str, parameters: Mapping[str, str], outputs: Mapping[str, str]):
    """Register the decorated function as the study ``name`` (see the module docstring)."""

    def register(function: Callable[..., dict]) -> Callable[..., dict]:
        signature = inspect.signature(function)
        declared, actual = set(parameters), set(signature.parameters)
        if declared != actual:
            raise TypeError(
                f"study {name!r}: declared parameters {sorted(declared)} differ from the "
                f"function's {sorted(actual)}"
            )
        if name in STUDIES and STUDIES[name].function is not function:
            raise ValueError(f"a study named {name!r} is registered already")
        defaults = {
            p: v.default
            for p, v in signature.parameters.items()
            if v.default is not inspect.Parameter.empty
        }
        STUDIES[name] = Study(
            name, function, dict(parameters), dict(outputs), description, defaults
        )
        return function

    return register
