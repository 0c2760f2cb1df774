"""The parameter box: the invariants of the dynamics at its corners and at a fixed-seed random
sample of its interior (rs 1-6, hydrogen nuclei with charges 0.5-3, pulses of 1e2-1e6
hbar/hartree, every kernel and correlation, both forms of Re f_GK), and two chapters run
through ``make run`` far from the paper's point.

Invariants that hold everywhere: causality (no motion before the pulse beyond the trace's own
error estimate), the centre of mass reaching the drift velocity for pulses long against the
friction time, agreement with refined numerics within the trace's own error estimate,
(D8) = (D8') and omega_0perp = 0 at the equilibrium, and the f-sum rule.
"""

import itertools
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import currentforces as cf
from currentforces.registry import CORRELATIONS, FGK_REAL_FORMS, KERNELS, NUCLEI
from currentforces.scenario import convergence, reference_traces

ROOT = Path(__file__).resolve().parents[1]


def _corner_cases():
    nuclei = itertools.cycle([("proton", "triton"), ("deuteron", "triton"), ("proton", "deuteron")])
    pairs = itertools.cycle([("mcp07", "rpa"), ("alda", "mcp07_static"), ("mcp07", "alda")])
    for rs, T, Z in itertools.product((1.0, 6.0), (1e2, 1e6), ((0.5, 0.5), (3.0, 3.0))):
        yield dict(
            rs=rs,
            T=T,
            Z=Z,
            nuclei=next(nuclei),
            kernels=next(pairs),
            correlation="pz81",
            fgk_real="published",
        )


def _interior_cases(n=6, seed=7):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield dict(
            rs=float(np.round(rng.uniform(1.0, 6.0), 3)),
            T=float(np.round(10 ** rng.uniform(2.0, 6.0), -1)),
            Z=tuple(float(np.round(z, 2)) for z in rng.uniform(0.5, 3.0, 2)),
            nuclei=tuple(str(x) for x in rng.choice(NUCLEI, 2)),
            kernels=tuple(str(x) for x in rng.choice(KERNELS, 2, replace=False)),
            correlation=str(rng.choice(CORRELATIONS)),
            fgk_real=str(rng.choice(FGK_REAL_FORMS)),
        )


CASES = list(_corner_cases()) + list(_interior_cases())
REFINED = {1, 3, 5, 9, 11}  # cases also compared with refined numerics (a few seconds each)


def _id(case):
    return (
        f"rs{case['rs']:g}-T{case['T']:.0e}-Z{case['Z'][0]:g},{case['Z'][1]:g}-"
        f"{'-'.join(case['kernels'])}"
    )


def _config(case):
    return cf.PulseScenario(
        cf.ElectronGas(case["rs"]),
        cf.hydrogen_pair(*case["nuclei"], *case["Z"]),
        cf.RectangularPulse(case["T"]),
        case["kernels"],
        case["correlation"],
        case["fgk_real"],
    )


@pytest.mark.parametrize("i", range(len(CASES)), ids=[_id(c) for c in CASES])
def test_invariants_across_the_box(i):
    case = CASES[i]
    start = time.perf_counter()
    result = _config(case).run()
    T = case["T"]
    for key, tr in result.traces.items():
        scale = {c: float(np.max(np.abs(getattr(tr, c)))) or 1.0 for c in ("vc", "vr")}
        before = tr.t < -result.dt
        for c in ("vc", "vr"):
            # causality, within the trace's own error estimate
            v, err = getattr(tr, c)[before], getattr(tr, c + "_error")[before]
            assert np.max(np.abs(v)) <= np.max(err) + 1e-9 * scale[c], (key, c)
        assert all(np.isfinite(x).all() for x in (tr.vc, tr.vr, tr.vc_error, tr.vr_error))
    own = result.error()
    for key, dyn in result.dynamics.items():
        # the equilibrium: (D8) = (D8') and no restoring force across the axis
        assert cf.checks.restoring_terms(dyn).value < 1e-8, key
        rate = dyn.cm_friction_rate("parallel")
        if rate * T > 10:  # long pulse: the centre of mass drifts with the electrons
            vc = cf.traces.stabilized_velocity(result.traces[key, "parallel"], T, 0.01)
            assert abs(vc - 1.0) < 0.01, (key, vc)
    if i in REFINED:
        conv = convergence(result, reference_traces(result))
        for key, v in conv.items():
            for c in ("vc", "vr"):
                assert v[c + "_far"] <= own[key][c] + 1e-7, (key, c, v[c + "_far"], own[key][c])
    print(
        f"{_id(case)}: {time.perf_counter() - start:.2f} s, error estimate "
        f"{max(max(e.values()) for e in own.values()):.1e}"
    )


@pytest.mark.parametrize("rs", [1.0, 3.5, 6.0])
def test_f_sum_rule_across_the_box(rs):
    ev = cf.checks.sum_rules(cf.ElectronGas(rs))
    assert ev.passed, ev.text


@pytest.mark.parametrize(
    "chapter,params",
    [
        ("book/dynamics.md", ["rs=6", "nucleus1='deuteron'", "nucleus2='triton'", "T=2e4"]),
        ("book/appendix_e.md", ["rs=4", "T=100"]),
        ("book/nonlinear_screening.md", ["Z=2", "rs=5", "correlation='pw92'", "n_rs=4"]),
    ],
)
def test_chapters_run_far_from_the_paper(tmp_path, chapter, params):
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "run_chapter.py"),
        str(ROOT / chapter),
        *params,
        "--out",
        str(tmp_path),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    run = next(tmp_path.iterdir())
    stem = Path(chapter).stem
    assert (run / f"{stem}.html").is_file() and (run / f"{stem}.ipynb").is_file()
    assert "wrote" in result.stdout
    assert "nan" not in result.stdout.lower(), result.stdout
