"""The ledger covers every numbered equation of the paper and the scorecard every claim."""

import re
from pathlib import Path

import pytest

from currentforces.book.ledger import Context, ledger_rows, markdown_table, scorecard_rows

PAPER = (
    Path(__file__).resolve().parents[2] / "shared" / "paper" / "viscous-current-induced-forces.md"
)


@pytest.fixture(scope="module")
def ctx():
    return Context()


def expected_labels():
    labels = [f"({i})" for i in range(1, 18)]
    labels += [f"(A{i})" for i in range(1, 13)] + [f"(B{i})" for i in range(1, 7)]
    labels += [f"(C{i})" for i in range(1, 7)] + [f"(D{i})" for i in range(1, 11)]
    labels += ["(D8')", "(D10')"] + [f"(E{i})" for i in range(1, 15)]
    return labels


def test_every_numbered_equation_has_one_row(ctx):
    labels = [r.label for r in ledger_rows(ctx)]
    assert sorted(labels) == sorted(expected_labels())
    if PAPER.is_file():  # the equation numbers printed in the paper itself
        text = PAPER.read_text()
        printed = set(re.findall(r"\\tag\{([A-E]?\d+'?)\}", text))
        printed |= set(re.findall(r"\(\\text\{([A-E]\d+)\}\)", text))
        printed |= set(re.findall(r"\\quad \((\d+)\)", text))
        assert {f"({p})" for p in printed} <= set(labels)


def test_statuses_are_known_and_evidence_present(ctx):
    allowed = {"verified", "definition", "derivation step", "discrepancy", "FAILED"}
    for r in ledger_rows(ctx):
        assert r.status in allowed
        assert r.evidence
    table = markdown_table(ledger_rows(ctx))
    assert table.count("\n") == len(expected_labels()) + 1


def test_scorecard_statuses(ctx):
    rows = scorecard_rows(ctx)
    assert len(rows) >= 15
    assert {r.status for r in rows} <= {"reproduced", "partly reproduced", "not reproduced"}
    by_label = {r.label: r for r in rows}
    assert by_label["equilibrium distance"].status == "not reproduced"
    assert by_label["drift velocity"].status == "reproduced"
