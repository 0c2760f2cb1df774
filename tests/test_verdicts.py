"""Every status is computed and every verdict sentence follows it: a perturbed number changes
the status, the rendered row and the sentence (the statuses are never literals)."""

import ast
import math
from pathlib import Path

import pytest

from currentforces import Evidence
from currentforces.book.ledger import Row, approximation_evidence, e13_evidence
from currentforces.book.narrative import DynamicsRun, dynamics_discussion, sign_sentence
from currentforces.evidence.claims import (
    claim_charge_independence,
    claims_of_the_dynamics,
    grade_rotation_claim,
    phase_two_reached,
)

ROOT = Path(__file__).resolve().parents[1]
STATUSES = {"passed", "failed", "discrepancy", "reproduced", "partly reproduced", "not reproduced"}


def test_no_status_literal_reaches_an_evidence():
    """No call Evidence(...) anywhere passes a status string; no Row gets a claim/check status
    literal (the ledger's fixed rows are "definition" and "derivation step")."""
    offenders = []
    for path in list((ROOT / "src").rglob("*.py")) + list((ROOT / "scripts").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("Evidence", "cls", "Row"):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    for sub in ast.walk(arg):
                        if isinstance(sub, ast.Constant) and sub.value in STATUSES:
                            offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_constructors_decide_the_status():
    assert Evidence.bound(0.5, 1.0, "x").status == "passed"
    assert Evidence.bound(2.0, 1.0, "x").status == "failed"
    assert Evidence.bound(math.nan, 1.0, "x").status == "failed"
    assert Evidence.bound(0.5, 1.0, "x", discrepancy=True).status == "discrepancy"
    assert Evidence.bound(2.0, 1.0, "x", discrepancy=True).status == "failed"
    ev = Evidence.all_hold({"a": True, "b": False}, 1.0, "x")
    assert ev.status == "failed" and ev["failed_conditions"] == ["b"]
    assert Evidence.all_hold({"a": True}, math.nan, "x").failed
    assert (
        Evidence.measured(3.0, "x").status == "measured" and not Evidence.measured(3.0, "x").failed
    )
    assert Evidence.graded(1.0, "x", "r", full=True).status == "reproduced"
    assert Evidence.graded(1.0, "x", "r", full=False, partial=True).status == "partly reproduced"
    assert Evidence.graded(math.nan, "x", "r", full=True, partial=True).status == "not reproduced"


def test_charge_independence_can_fail():
    assert claim_charge_independence(5.0993, 5.0993, 1.0, 3.0).status == "reproduced"
    assert claim_charge_independence(5.0993 + 1e-6, 5.0993, 1.0, 3.0).status == "not reproduced"


def test_charge_pairs_have_their_own_cached_roots():
    from currentforces import StaticPair, make_kernel

    k = make_kernel("mcp07", 2.0)
    a, b = StaticPair(k, 1.0, 1.0).equilibria(), StaticPair(k, 1.0, 3.0).equilibria()
    assert a is not b and a.tolist() == pytest.approx(b.tolist(), abs=1e-9)


@pytest.mark.parametrize(
    "reduction,gain_rpa,gain_visc,status",
    [
        (78.0, 44.0, 6.3, "partly reproduced"),  # the paper's point
        (78.0, 44.0, 30.0, "reproduced"),
        (60.0, 44.0, 30.0, "not reproduced"),
        (78.0, 44.0, -1.0, "not reproduced"),
        (math.nan, 44.0, 30.0, "not reproduced"),
    ],
)
def test_the_70_percent_claim_is_graded(reduction, gain_rpa, gain_visc, status):
    assert grade_rotation_claim(reduction, gain_rpa, gain_visc).status == status


def test_e13_row_passed_discrepancy_or_failed():
    def fits(rate, kappa, mode):
        return Evidence.measured(
            0.0,
            "fits",
            {
                "markov": {"kappa_perp": kappa},
                "fit5": {"rate_slow": rate, "rate_fast": 2 * rate},
                "modes_perp": (mode, 2 * mode),
                "kappa_perp_dev": rate / kappa - 1,
            },
        )

    assert e13_evidence(fits(5.11e-5, 5.11e-5, 6.2e-5)).status == "passed"
    assert e13_evidence(fits(6.2e-5, 5.11e-5, 6.2e-5)).status == "discrepancy"
    assert e13_evidence(fits(8.0e-5, 5.11e-5, 6.2e-5)).status == "failed"


def test_approximation_rows_are_graded():
    assert approximation_evidence(0.03, "x").status == "reproduced"
    assert approximation_evidence(-0.2, "x").status == "partly reproduced"
    assert approximation_evidence(0.5, "x").status == "not reproduced"


# -- the dynamics sentences ---------------------------------------------------------------------
PAPER = {
    "T": 80000.0, "vc_T_main": 0.9984, "vc_T_ref": 0.9876, "h0": 1.0, "t95_main": 36100.0, "t95_ref": 53200.0,
    "acc_main": 7.8e-5, "acc_ref": 5.4e-5, "acc_static": 7.4e-5, "dec_main": 7.8e-5,
    "dec_ref": 5.3e-5, "dec_static": 7.4e-5, "vib_on": 0.0389, "vib_mid": 0.00098,
    "vib_off": 0.0387, "rot_peak": 0.2536, "rot_end": 0.0070, "acc_gain_rpa": 44.5,
    "acc_gain_visc": 5.5, "dec_gain_rpa": 45.9, "dec_gain_visc": 5.6, "red_rpa": 77.6,
    "t_red_rpa": 79980.0, "red_visc": 20.2, "t_red_visc": 62720.0, "t70_rpa": 65540.0,
    "rot_rate_main": 6.2e-5, "rot_rate_ref": 4.3e-5, "rot_rate_static": 5.84e-5,
    "rot_rate_gain_rpa": 44.0, "rot_rate_gain_visc": 6.3,
}  # fmt: skip


def _run(**kw):
    base = dict(
        kernel="mcp07", reference="rpa",
        rates={"mcp07": 8.3e-5, "rpa": 5.6e-5, "mcp07_static": 7.9e-5}, T=80000.0,
        equal_nuclei=False, paper_point=True, window=(200.0, 1200.0),
    )  # fmt: skip
    return DynamicsRun(**{**base, **kw})


def test_paper_point_sentences():
    out = dynamics_discussion(PAPER, _run())
    assert "Confirmed: phase II is reached." in out["text"]
    assert "overstates it" in out["box"] and "partly reproduced" in out["box"]
    assert "reduced by up to 78 %" in out["summary"]


def test_phase_two_not_reached_changes_every_sentence():
    c = {**PAPER, "vc_T_main": 0.116, "vc_T_ref": 0.062, "t95_main": math.nan,
         "t95_ref": math.nan, "t70_rpa": math.nan}  # fmt: skip
    assert not phase_two_reached(c)
    out = dynamics_discussion(c, _run(T=2000.0, paper_point=False))
    text = out["text"] + out["box"] + out["summary"] + "\n".join(out["summary_lines"])
    assert "Phase II is not reached here" in out["text"] and "Confirmed" not in out["text"]
    assert "no phase II" in out["box"] and "up to 78" not in text and "reduced by up to" not in text
    assert "never" not in text and "0.0 times" not in text
    assert "not reached during the pulse by either kernel" in out["text"]
    assert claims_of_the_dynamics(c)["three phases"].status == "partly reproduced"


def test_70_percent_not_reached_is_said():
    c = {**PAPER, "red_rpa": 60.0, "t70_rpa": math.nan}
    out = dynamics_discussion(c, _run())
    assert "is not reached by this pulse" in out["box"]
    assert "does not reach 70 % before the pulse ends" in out["box"]


def test_kernel_words_follow_the_kernel():
    assert (
        "static kernel: none of this is viscosity"
        in dynamics_discussion(PAPER, _run(kernel="alda", paper_point=False))["text"]
    )
    rm = dynamics_discussion(PAPER, _run(kernel="rmcp07", paper_point=False))["text"]
    assert "rMCP07 against static MCP07" in rm and "static kernel" not in rm


def test_identical_nuclei_have_no_rotation_sentences():
    out = dynamics_discussion({**PAPER, "vib_on": 0.0, "vib_mid": 0.0, "vib_off": 0.0},
                              _run(equal_nuclei=True, paper_point=False))  # fmt: skip
    assert (
        "Figs. 4 and 5 are zero" in out["text"] and "identical nuclei do not rotate" in out["box"]
    )


def test_sign_sentence_follows_the_numbers():
    small = {
        "by_geometry": {
            "parallel": {"vc": 1e-3, "vr": 2e-3},
            "perpendicular": {"vc": 1e-3, "vr": 1e-4},
        }
    }
    big = {
        "by_geometry": {
            "parallel": {"vc": 0.1, "vr": 1.1},
            "perpendicular": {"vc": 0.16, "vr": 0.65},
        }
    }
    assert "small next to the electron wind" in sign_sentence(small, False)
    assert "Fig. 4" in sign_sentence(small, False)
    assert "not small: up to 1.1" in sign_sentence(big, False)
    equal = {
        "by_geometry": {
            "parallel": {"vc": 5e-4, "vr": 0.0},
            "perpendicular": {"vc": 6e-4, "vr": 0.0},
        }
    }
    assert "Fig. 4" not in sign_sentence(equal, True) and "Fig. 3" in sign_sentence(equal, True)


def test_scorecard_row_follows_a_perturbed_number():
    from currentforces.evidence.claims import claims_of_the_dynamics as claims

    assert claims(PAPER)["drift velocity"].status == "reproduced"
    assert claims({**PAPER, "vc_T_main": 0.95})["drift velocity"].status == "not reproduced"
    ev = claims({**PAPER, "red_rpa": 50.0})["up to 70 %"]
    row = Row("up to 70 %", "", "dynamics", ev.status, ev.text, ev.rule)
    assert row.status == "not reproduced" and "50 %" in row.evidence


def test_e14_words_follow_the_signs(monkeypatch):
    import numpy as np

    from currentforces import ImpurityDynamics, make_kernel, proton_deuteron
    from currentforces.evidence import checks

    dyn = ImpurityDynamics(make_kernel("mcp07", 2.0), proton_deuteron())
    good = checks.e14_signs(dyn, n_q=400)
    assert good.passed and "RPA: < 0 for $q < 2k_F$, = 0 beyond" in good.text
    real = checks.im_dchi_domega

    def spoiled(q, kernel):  # RPA made positive somewhere below 2 kF and non-zero beyond it
        out = real(q, kernel)
        return np.abs(out) + 1e-3 if kernel.name == "rpa" else out

    monkeypatch.setattr(checks, "im_dchi_domega", spoiled)
    bad = checks.e14_signs(dyn, n_q=400)
    assert not bad.passed
    assert "RPA: not everywhere < 0 for $q < 2k_F$, not everywhere 0 beyond" in bad.text
