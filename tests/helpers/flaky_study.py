"""A study for the fault tests: fails for chosen inputs (registered when imported)."""

from currentforces import study


@study(
    "flaky",
    "a test study: Q = rs^2, raising for rs = 3",
    parameters={"rs": "bohr"},
    outputs={"Q": "1"},
)
def flaky_row(rs: float) -> dict:
    """rs^2, or a ValueError at rs = 3."""
    if rs == 3.0:
        raise ValueError("rs = 3 is broken on purpose")
    return {"Q": rs**2}
