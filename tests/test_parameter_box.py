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
from currentforces.core.registry import CORRELATIONS, FGK_REAL_FORMS, KERNELS, NUCLEI
from currentforces.dynamics.scenario import convergence, reference_traces

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


@pytest.mark.slow
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
            vc = cf.dynamics.traces.stabilized_velocity(result.traces[key, "parallel"], T, 0.01)
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


def _page_text(path: Path) -> str:
    """The reader-visible text of a run page: no code, no tags."""
    import html
    import re

    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<details>.*?</details>", "", page, flags=re.S)
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def contradictions(text: str, params: dict) -> list[str]:
    """Contradictions a machine can see on a re-run page (the reader's text and printed output)."""
    found = []
    low = text.lower()
    for bad in ("reached at never", "at never", "never during", " nan", "0.0 times"):
        if bad in low:
            found.append(f"{bad!r} in the text")
    if "phase ii is not reached" in low or "no phase ii" in low:
        for bad in ("reduced by up to", "by the end of this pulse:", "confirmed: phase ii"):
            if bad in low:
                found.append(f"{bad!r} after phase II was said not to be reached")
    identical = params.get("nucleus1") and params.get("nucleus1") == params.get("nucleus2")
    if identical and "relative velocity of fig." in low:
        found.append("a change of the relative velocity named for identical nuclei")
    kernel = str(params.get("kernel", "mcp07")).upper()
    if kernel in ("MCP07", "RMCP07") and f"{kernel.lower()} is a static kernel" in low:
        found.append(f"{kernel} called static")
    if float(params.get("Z", 1.0)) != 1.0 and (
        "gerrits et al. for hydrogen (squares)" in low or "friction of a proton" in low
    ):
        found.append("proton wording for Z != 1")
    if "check failed" in low and "warning: checks failed" not in low:
        found.append("a failed check without the warning at the top")
    return found


def test_contradiction_detector_sees_contradictions():
    assert contradictions("95 % of the drift is reached at never during the pulse", {})
    assert contradictions("Phase II is not reached here. ... reduced by up to 78 %", {})
    assert contradictions(
        "the largest change is in the relative velocity of Fig. 4",
        {"nucleus1": "deuteron", "nucleus2": "deuteron"},
    )
    assert not contradictions("Confirmed: phase II is reached. Reduced by up to 78 %.", {})


FAR = [
    ("book/dynamics.md", ["rs=4", "T=2000"]),  # a short pulse: no phase II
    (
        "book/dynamics.md",
        ["nucleus1='deuteron'", "nucleus2='deuteron'", "T=160000"],
    ),  # long, identical
    ("book/dynamics.md", ["rs=6", "kernel='rmcp07'", "T=40000"]),  # another dynamic kernel
    (
        "book/dynamics.md",
        ["kernel='alda'", "reference_kernel='mcp07_static'", "Z2=3.0", "nucleus2='triton'"],
    ),  # static kernels, Z2 = 3
    ("book/appendix_e.md", ["rs=4", "T=100"]),
    ("book/nonlinear_screening.md", ["Z=2", "rs=5", "correlation='pw92'", "n_rs=4"]),
    ("book/viscous_friction.md", ["Z=2", "rs=4", "kernel='rmcp07'", "n_rs=3"]),
    ("book/metals.md", []),  # its defaults
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "chapter,params", FAR, ids=[f"{c[5:-3]}-{'-'.join(p) or 'defaults'}" for c, p in FAR]
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
    failed = "CHECK FAILED" in result.stdout + result.stderr
    # a run whose checks fail says so and exits 1; otherwise it exits 0
    assert result.returncode == (1 if failed else 0), result.stderr[-2000:]
    run = next(p for p in tmp_path.iterdir() if not p.name.startswith("."))
    stem = Path(chapter).stem
    assert (run / f"{stem}.html").is_file() and (run / f"{stem}.ipynb").is_file()
    assert "wrote" in result.stdout
    assert "nan" not in result.stdout.lower(), result.stdout
    values = dict(p.split("=", 1) for p in params)
    values = {k: v.strip("'") for k, v in values.items()}
    found = contradictions(_page_text(run / f"{stem}.html") + result.stdout, values)
    assert not found, found


@pytest.mark.parametrize("chapter", sorted(p.name for p in (ROOT / "book").glob("*.md")))
def test_every_chapter_accepts_its_own_defaults(chapter):
    """The defaults of each chapter's parameters cell lie inside the parameter box."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_chapter import RunError, default_parameters, read_chapter, validate

    path = ROOT / "book" / chapter
    try:
        _, cell = read_chapter(path)
    except RunError:
        pytest.skip(f"{chapter} has no parameters cell")
    defaults = default_parameters(cell.source, path)
    validate(defaults, defaults, path.stem)
