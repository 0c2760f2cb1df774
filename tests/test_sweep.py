"""The sweep engine: cache, executors (local pool, dask.distributed), tidy CSV, clear errors."""

import csv

import pytest

import currentforces.studies.engine as sw
from currentforces import friction_coefficient, make_kernel
from currentforces.cli import main, parse_param
from currentforces.studies.engine import grid, run_sweep, run_sweeps

CASES = grid(rs=[1.5, 3.0], kernel=["rpa", "mcp07"])


def _direct(case):
    return friction_coefficient(make_kernel(case["kernel"], case["rs"]), 1.0)


def test_grid_and_defaults_fill_the_rows():
    assert len(CASES) == 4
    r = run_sweep("friction", CASES[:1], cache=False, max_workers=1)
    assert r.rows[0] == {
        "rs": 1.5,
        "kernel": "rpa",
        "Z": 1.0,
        "correlation": "pz81",
        "Q": _direct(CASES[0]),
    }


def test_local_pool_and_cache(tmp_path):
    first = run_sweep("friction", CASES, cache=tmp_path, max_workers=2)
    assert (first.cached, first.computed) == (0, 4)
    assert [row["Q"] for row in first.rows] == [_direct(c) for c in CASES]
    again = run_sweep("friction", CASES, cache=tmp_path, max_workers=2)
    assert (again.cached, again.computed) == (4, 0) and again.rows == first.rows
    # explicit defaults are the same case as omitted ones
    same = run_sweep("friction", [dict(CASES[0], Z=1.0)], cache=tmp_path)
    assert same.cached == 1


def test_several_studies_in_one_pool_are_the_separate_sweeps(tmp_path):
    one = grid(rs=[4.0])
    both = run_sweeps({"dynamics": one, "friction": CASES}, cache=tmp_path, max_workers=2)
    assert list(both) == ["dynamics", "friction"]
    assert (both["friction"].cached, both["friction"].computed) == (0, 4)
    # the same cache entries as run_sweep's: read back, not computed again
    alone = run_sweep("friction", CASES, cache=tmp_path, max_workers=1)
    assert (alone.cached, alone.rows) == (4, both["friction"].rows)
    assert [row["Q"] for row in alone.rows] == [_direct(c) for c in CASES]
    assert run_sweep("dynamics", one, cache=tmp_path).cached == 1


@pytest.mark.parametrize(
    "plan, message",
    [
        ({}, "at least one study"),
        ({"friction": CASES, "nope": [{"rs": 2.0}]}, "unknown study"),
        ({"friction": CASES, "dynamics": [{"rs": 9.0}]}, "rs .* must be a number in"),
    ],
)
def test_several_studies_refuse_bad_input_before_running(plan, message, monkeypatch):
    monkeypatch.setattr(sw, "run_tasks", lambda *a, **k: pytest.fail("ran before checking"))
    with pytest.raises(ValueError, match=message):
        run_sweeps(plan, cache=False, max_workers=1)


def test_a_case_listed_twice_runs_once(monkeypatch):
    submitted = []
    real = sw.run_tasks

    def counting(function, tasks, **options):
        submitted.extend(tasks)
        yield from real(function, tasks, **options)

    monkeypatch.setattr(sw, "run_tasks", counting)
    cases = [CASES[0], CASES[1], dict(CASES[0], Z=1.0)]  # the third is the first, defaults given
    r = run_sweep("friction", cases, cache=False, max_workers=1)
    assert len(submitted) == 2
    assert [row["Q"] for row in r.rows] == [_direct(c) for c in cases]


def test_a_code_change_invalidates_the_cache(tmp_path, monkeypatch):
    run_sweep("friction", CASES[:1], cache=tmp_path, max_workers=1)
    monkeypatch.setattr(sw, "environment", lambda: {"source": "changed"})
    assert run_sweep("friction", CASES[:1], cache=tmp_path, max_workers=1).computed == 1


def test_dask_local_cluster_gives_the_same_rows():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        r = run_sweep("friction", CASES, cache=False, client=client)
    assert [row["Q"] for row in r.rows] == pytest.approx([_direct(c) for c in CASES], rel=1e-12)


def test_csv_has_units_in_the_header(tmp_path):
    r = run_sweep("friction", CASES[:2], cache=False, max_workers=1)
    path = r.to_csv(tmp_path / "f.csv")
    header, *rows = list(csv.reader(path.open()))
    assert header == ["rs (bohr)", "kernel", "Z (e)", "correlation", "Q (hbar/bohr^2)"]
    assert len(rows) == 2


@pytest.mark.parametrize(
    "study, cases, message",
    [
        ("nope", [{"rs": 2.0}], "unknown study"),
        ("friction", [], "at least one"),
        ("friction", [{"rs": 2.0, "foo": 1}], "unknown parameter"),
        ("friction", [{"rs": 9.0}], "rs .* must be a number in"),
        ("friction", [{"rs": 2.0, "kernel": "lda"}], "kernel"),
    ],
)
def test_bad_input_is_refused_before_running(study, cases, message):
    with pytest.raises(ValueError, match=message):
        run_sweep(study, cases, cache=False, max_workers=1)


def test_command_line(tmp_path, capsys):
    assert parse_param("rs=1:2:3") == ("rs", [1.0, 1.5, 2.0])
    assert parse_param("kernel=mcp07,rpa") == ("kernel", ["mcp07", "rpa"])
    out = tmp_path / "s.csv"
    assert (
        main(
            [
                "sweep",
                "friction",
                "-p",
                "rs=2,3",
                "-p",
                "kernel=rpa",
                "-o",
                str(out),
                "--no-cache",
                "-j",
                "1",
            ]
        )
        == 0
    )
    assert "2 cases" in capsys.readouterr().out and out.is_file()
    assert main(["sweep", "friction", "-p", "rs=0.1", "--no-cache"]) == 2
    assert "rs" in capsys.readouterr().err


def test_single_nucleus_friction_is_the_z_squared_part_of_gamma_c():
    # (D7): a_c = (Z1^2 + Z2^2)/3 P + 2 Z1 Z2 Q_g; the first part against friction.py's own q rule
    from currentforces import ImpurityDynamics, hydrogen_pair

    for kernel, rs, (z1, z2) in (("rpa", 3.0, (1.0, 2.0)), ("mcp07", 2.0, (1.0, 1.0))):
        K = make_kernel(kernel, rs)
        imp = hydrogen_pair("proton", "deuteron", z1, z2)
        parts = ImpurityDynamics(K, imp).cm_friction_parts()
        single = (z1**2 + z2**2) * friction_coefficient(K) / imp.Mc
        assert parts["single"] == pytest.approx(single, rel=1e-8)
        assert parts["total"] == pytest.approx(parts["single"] + parts["interference"], rel=1e-14)


def test_dynamics_study_rows():
    from currentforces import StaticPair

    r = run_sweep(
        "dynamics",
        [{"rs": 2.0, "Z1": 1.0, "Z2": 2.0}, {"rs": 2.0}],
        cache=False,
        max_workers=1,
    )
    a, b = r.rows
    # the separation depends on the density alone (Eq. 10 scales with Z1 Z2)
    assert a["d_eq_mcp07"] == pytest.approx(b["d_eq_mcp07"], abs=1e-9)
    assert b["d_eq_mcp07"] == pytest.approx(
        StaticPair(make_kernel("mcp07", 2.0)).equilibrium().d, abs=1e-6
    )
    # more charge, more friction: the drift is reached sooner
    assert a["t95_mcp07"] < b["t95_mcp07"]
