"""The README quotes numbers of the book: each must be the one the package computes now, with
the formatting of :func:`currentforces.book.ledger.headline_numbers` (one number, one rounding)."""

from pathlib import Path

import pytest

from currentforces.book.ledger import Context, headline_numbers

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def numbers():
    return headline_numbers(Context())


@pytest.mark.parametrize(
    "key,template",
    [
        ("d_eq", "| equilibrium separation $d$ (MCP07, Fig. 1) | {} |"),
        ("omega0", "(E10) | {} |"),
        ("kappa", "(E11), (E13) | {} |"),
        ("acceleration", "phase I, MCP07 against RPA | {} |"),
        ("rotation_rate", "(pulse-independent) | {} |"),
        ("rotation_T", "pulse, MCP07 against RPA | {} |"),
        ("sign", "is at most {} of a"),
        ("T", "pulse of\n{} $\\hbar$/hartree"),
    ],
)
def test_readme_quotes_the_computed_number(numbers, key, template):
    assert template.format(numbers[key]) in README, (key, numbers[key])
