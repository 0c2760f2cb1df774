"""The study of one nucleus in the gas: its friction coefficient in linear response."""

from __future__ import annotations

from .registry import study


@study(
    "friction",
    "friction coefficient of one nucleus in linear response",
    parameters={"rs": "bohr", "kernel": "", "Z": "e", "correlation": ""},
    outputs={"Q": "hbar/bohr^2"},
)
def friction_row(
    rs: float, kernel: str = "mcp07", Z: float = 1.0, correlation: str = "pz81"
) -> dict:
    """Q of a nucleus of charge Z (:func:`currentforces.friction_coefficient`)."""
    from ..electron_liquid.kernels import make_kernel
    from ..impurity.friction import friction_coefficient

    return {"Q": friction_coefficient(make_kernel(kernel, rs, correlation), Z)}
