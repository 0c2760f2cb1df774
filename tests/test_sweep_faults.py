"""Sweeps that survive faults: Ctrl-C keeps the finished rows and resumes, a failing case is
reported while the others are kept, a damaged cache entry is recomputed, two sweeps share a
cache, and a real dask cluster (a scheduler and two workers started from the command line)
survives the loss of a worker."""

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import currentforces as cf
from currentforces.studies import SweepFailed, run_sweep, run_sweeps

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).parent))
from helpers import flaky_study  # noqa: E402,F401 - registers the "flaky" study

pytestmark = pytest.mark.slow  # fresh venvs, clusters and interrupted sweeps: run once by make test


def _env(cache: Path) -> dict:
    env = dict(os.environ, CURRENTFORCES_SWEEP_CACHE=str(cache), PYTHONPATH=str(ROOT / "tests"))
    env.pop("OMP_NUM_THREADS", None)
    return env


def _entries(cache: Path, study: str) -> list[Path]:
    return sorted((cache / study).glob("*.json")) if (cache / study).is_dir() else []


def _wait_for(condition, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_ctrl_c_keeps_the_rows_and_the_sweep_resumes(tmp_path):
    cache = tmp_path / "cache"
    cmd = [str(BIN / "currentforces"), "sweep", "dynamics", "-p", "rs=1:6:40", "-j", "2",
           "-o", str(tmp_path / "out.csv")]  # fmt: skip
    proc = subprocess.Popen(cmd, env=_env(cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    _wait_for(lambda: len(_entries(cache, "dynamics")) >= 4, 120, "four rows in the cache")
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    elapsed = time.monotonic() - start
    kept = len(_entries(cache, "dynamics"))
    print(f"SIGINT to exit: {elapsed:.2f} s, {kept} rows kept")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert f"interrupted: {kept} of 40 rows kept" in err and "run the same command" in err, err
    assert elapsed < 3.0, elapsed
    assert not list((cache / "dynamics").glob(".*.tmp"))
    assert not (tmp_path / "out.csv").exists()  # no half-written output
    resumed = subprocess.run(cmd, env=_env(cache), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"40 cases ({kept} from the cache, {40 - kept} computed" in resumed.stdout
    assert len(list(csv.reader((tmp_path / "out.csv").open()))) == 41


def test_resume_reads_what_an_interrupted_sweep_kept(tmp_path, monkeypatch):
    """The in-process twin: a KeyboardInterrupt after two rows; the next call computes the rest."""
    from currentforces.studies import SweepInterrupted, engine

    calls = []
    real = engine.run_tasks

    def interrupted(function, tasks, **kw):
        for outcome in real(function, tasks, **kw):
            calls.append(outcome.index)
            yield outcome
            if len(calls) == 2:
                raise KeyboardInterrupt

    monkeypatch.setattr(engine, "run_tasks", interrupted)
    cases = cf.grid(rs=[1.0, 2.0, 4.0, 5.0])
    with pytest.raises(SweepInterrupted) as info:
        run_sweep("flaky", cases, cache=tmp_path, max_workers=1)
    assert (info.value.kept, info.value.total) == (2, 4)
    monkeypatch.setattr(engine, "run_tasks", real)
    resumed = run_sweep("flaky", cases, cache=tmp_path, max_workers=1)
    assert (resumed.cached, resumed.computed) == (2, 2)
    assert [r["Q"] for r in resumed.rows] == [1.0, 4.0, 16.0, 25.0]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_case_keeps_the_others(tmp_path, workers):
    cases = cf.grid(rs=[1.0, 2.0, 3.0, 4.0])
    with pytest.raises(SweepFailed) as info:
        run_sweep("flaky", cases, cache=tmp_path, max_workers=workers)
    failed = info.value
    assert [dict(f.params) for f in failed.failures] == [{"rs": 3.0}]
    assert "ValueError: rs = 3 is broken on purpose" in failed.failures[0].summary
    assert "flaky_row" in failed.failures[0].traceback
    assert [r["Q"] for r in failed.result.rows] == [1.0, 4.0, 16.0]
    assert len(_entries(tmp_path, "flaky")) == 3


def test_a_failing_study_in_one_pool_keeps_the_other_studies(tmp_path):
    plan = {"flaky": cf.grid(rs=[1.0, 3.0]), "friction": cf.grid(rs=[2.0], kernel=["rpa"])}
    with pytest.raises(SweepFailed) as info:
        run_sweeps(plan, cache=tmp_path, max_workers=2)
    assert info.value.result.study == "flaky"
    assert [dict(f.params) for f in info.value.failures] == [{"rs": 3.0}]
    # the other study's row and the flaky study's good row are kept
    assert len(_entries(tmp_path, "friction")) == 1 and len(_entries(tmp_path, "flaky")) == 1


def test_a_failing_case_listed_twice_fails_twice(tmp_path):
    with pytest.raises(SweepFailed) as info:
        run_sweep("flaky", cf.grid(rs=[3.0, 1.0, 3.0]), cache=tmp_path, max_workers=1)
    assert [dict(f.params) for f in info.value.failures] == [{"rs": 3.0}, {"rs": 3.0}]
    assert [r["Q"] for r in info.value.result.rows] == [1.0]


def test_cli_reports_a_failing_case_and_exits_1(tmp_path):
    code = (
        "import sys; from helpers import flaky_study; from currentforces.cli import main; "
        f"sys.exit(main(['sweep', 'flaky', '-p', 'rs=1,2,3,4', '-j', '1', '-o', r'{tmp_path / 'f.csv'}']))"
    )
    r = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path / "c"), capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert "failed: {'rs': 3.0}: ValueError: rs = 3 is broken on purpose" in r.stderr
    assert "1 of 4 cases failed; the others are written" in r.stderr
    rows = list(csv.reader((tmp_path / "f.csv").open()))
    assert [row[0] for row in rows[1:]] == ["1.0", "2.0", "4.0"]


def test_bad_input_exits_2_before_running(tmp_path):
    r = subprocess.run([str(BIN / "currentforces"), "sweep", "friction", "-p", "rs=9"],
                       env=_env(tmp_path), capture_output=True, text=True, timeout=60)  # fmt: skip
    assert r.returncode == 2 and r.stderr.startswith("error: rs"), r.stderr


def test_a_damaged_entry_is_a_logged_miss(tmp_path, caplog):
    cases = cf.grid(rs=[1.0, 2.0])
    first = run_sweep("flaky", cases, cache=tmp_path, max_workers=1)
    damaged = _entries(tmp_path, "flaky")[0]
    damaged.write_text('{"Q": 1.0')  # a half-written entry, as a crash of an old writer leaves
    with caplog.at_level("WARNING", logger="currentforces"):
        again = run_sweep("flaky", cases, cache=tmp_path, max_workers=1)
    assert (again.cached, again.computed) == (1, 1) and again.rows == first.rows
    assert str(damaged) in caplog.text
    assert json.loads(damaged.read_text())  # rewritten whole


def test_numbers_are_normalized_in_the_key(tmp_path):
    run_sweep("flaky", [{"rs": 2.0}], cache=tmp_path, max_workers=1)
    assert run_sweep("flaky", [{"rs": 2}], cache=tmp_path, max_workers=1).cached == 1
    assert cf.studies.case_key("flaky", {"rs": 2}) == cf.studies.case_key("flaky", {"rs": 2.0})


def test_two_concurrent_sweeps_share_one_cache(tmp_path):
    cache = tmp_path / "cache"
    cmd = [str(BIN / "currentforces"), "sweep", "friction", "-p", "rs=1:6:24", "-p", "kernel=mcp07,rpa",
           "-j", "1"]  # fmt: skip
    procs = [
        subprocess.Popen(
            cmd + ["-o", str(tmp_path / f"{i}.csv")],
            env=_env(cache),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for i in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    a, b = ((tmp_path / f"{i}.csv").read_text() for i in range(2))
    assert a == b
    assert len(_entries(cache, "friction")) == 48
    assert not list((cache / "friction").glob(".*"))  # no temporary file left behind


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_cluster_survives_a_killed_worker(tmp_path):
    pytest.importorskip("distributed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    env = _env(tmp_path / "cache")
    started = []

    def start(args):
        p = subprocess.Popen([dask, *args], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        started.append(p)
        return p

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
        workers = [
            start(
                [
                    "worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ]
            )  # fmt: skip
            for _ in range(2)
        ]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        cases = "rs=1.5:5.5:12"
        cmd = [str(BIN / "currentforces"), "sweep", "dynamics", "-p", cases, "--scheduler", address,
               "-o", str(tmp_path / "cluster.csv")]  # fmt: skip
        sweep = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)  # fmt: skip
        _wait_for(lambda: len(_entries(tmp_path / "cache", "dynamics")) >= 2, 120, "two rows")
        done_before = len(_entries(tmp_path / "cache", "dynamics"))
        os.killpg(workers[0].pid, signal.SIGKILL)  # the worker and its nanny, mid-sweep
        out, err = sweep.communicate(timeout=300)
        print(f"killed a worker after {done_before} of 12 rows; the sweep finished: {out.strip()}")
        assert done_before < 12
        assert sweep.returncode == 0, err
    finally:
        for p in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
    rows = list(csv.DictReader((tmp_path / "cluster.csv").open()))
    assert len(rows) == 12 and len({r["rs (bohr)"] for r in rows}) == 12  # each case once
    local = run_sweep("dynamics", cf.grid(rs=[float(r["rs (bohr)"]) for r in rows]), cache=False)
    for row, ref in zip(rows, local.rows, strict=True):
        assert float(row["d_eq_mcp07 (bohr)"]) == pytest.approx(ref["d_eq_mcp07"], rel=1e-12)
        assert float(row["rot_rate_gain_rpa (%)"]) == pytest.approx(
            ref["rot_rate_gain_rpa"], rel=1e-9
        )


def test_workers_with_other_code_are_refused(monkeypatch):
    from currentforces.core import parallel

    class FakeClient:
        def run(self, fn):
            return {"tcp://w1": dict(parallel.environment(), source="0123456789abcdef")}

    with pytest.raises(RuntimeError, match="tcp://w1 runs other code"):
        parallel.check_workers(FakeClient())
