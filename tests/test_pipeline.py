"""Tests of the book's pipeline: the chapter runner, the table of contents, nbval references."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
import pytest

from chapters import BOOK, notebook_chapters, reference_for, toc_files  # via conftest.py

ROOT = Path(__file__).resolve().parents[1]

RUN = ROOT / "scripts" / "run_chapter.py"
CHAPTER = ROOT / "book" / "equilibrium.md"


def run_chapter(*args, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUN), *map(str, args), "--out", str(out)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def assert_rejected(result: subprocess.CompletedProcess, out: Path, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir()), "a rejected run wrote output"


# ---------------------------------------------------------------- parameter checks (fast)
def test_unknown_parameter_is_rejected_listing_allowed_names(tmp_path):
    out = tmp_path / "runs"
    result = run_chapter(CHAPTER, "no_such_parameter=1", out=out)
    assert_rejected(result, out, "no_such_parameter", "allowed:", "rs", "kernel")


@pytest.mark.parametrize(
    ("assignment", "name"),
    [("rs=-1", "rs"), ("rs=0", "rs"), ("kernel=foo", "kernel"), ("rs=abc", "rs")],
)
def test_bad_value_is_rejected_naming_the_parameter(tmp_path, assignment, name):
    out = tmp_path / "runs"
    result = run_chapter(CHAPTER, assignment, out=out)
    assert_rejected(result, out, name)


def test_malformed_assignment_is_rejected(tmp_path):
    out = tmp_path / "runs"
    result = run_chapter(CHAPTER, "rs", out=out)
    assert_rejected(result, out, "name=value")


def test_list_shows_parameters_with_ranges(tmp_path):
    result = run_chapter(ROOT / "book" / "dynamics.md", "--list", out=tmp_path / "runs")
    assert result.returncode == 0, result.stderr
    assert "rs" in result.stdout and "[1, 6]" in result.stdout and "T " in result.stdout
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize(
    "params,match",
    [("rs=0.5", "rs .* must be a number in \\[1, 6\\]"), ("T=10", "T .* \\[100, 1e\\+06\\]")],
)
def test_outside_the_box_is_refused_before_running(tmp_path, params, match):
    out = tmp_path / "runs"
    result = run_chapter(ROOT / "book" / "dynamics.md", params, out=out)
    assert result.returncode == 2
    assert re.search(match, result.stderr), result.stderr
    assert not out.exists()


def test_missing_chapter_is_rejected(tmp_path):
    out = tmp_path / "runs"
    result = run_chapter(ROOT / "book" / "no_such_chapter.md", out=out)
    assert_rejected(result, out, "no_such_chapter.md")


# ---------------------------------------------------------------- execution (small notebooks)
TOY = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Toy chapter

```{code-cell} ipython3
:tags: [parameters]

rs = 2.0
label = "a"
fail = False
```

```{code-cell} ipython3
import os
from pathlib import Path

assert isinstance(rs, float)
if fail:
    raise RuntimeError("deliberate failure")
run_dir = os.environ.get("CURRENTFORCES_RUN_DIR")
if run_dir:
    Path(run_dir, "result.csv").write_text(f"rs,label\\n{rs},{label}\\n")
print(f"rs = {rs:.3f}")
from myst_nb import glue
glue("twice", 2 * rs, display=False)
```

Twice rs is {glue:text}`twice:.2f`.

```{code-cell} ipython3
:tags: [remove-cell, run-summary]

print(f"summary: label {label}")
```
"""


@pytest.fixture
def toy(tmp_path) -> Path:
    path = tmp_path / "toy.md"
    path.write_text(textwrap.dedent(TOY))
    return path


@pytest.mark.slow
def test_successful_run_writes_notebook_and_run_dir_files(tmp_path, toy):
    out = tmp_path / "runs"
    result = run_chapter(toy, "rs=3", "label=b", out=out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["toy_rs-3_label-b"]
    run = out / "toy_rs-3_label-b"
    assert sorted(p.name for p in run.iterdir()) == ["result.csv", "toy.html", "toy.ipynb"]
    assert (run / "result.csv").read_text() == "rs,label\n3.0,b\n"
    page = (run / "toy.html").read_text()
    assert "Twice rs is 6.00." in page and "{glue" not in page  # glue rendered
    assert "summary: label b" in result.stdout  # the run-summary cell is printed
    nb = jupytext.read(run / "toy.ipynb")
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "rs = 3.0" in injected[0].source

    # --name; re-running a name is refused unless --force, which replaces the previous run
    result = run_chapter(toy, "label=c", "--name", "mine", out=out)
    assert result.returncode == 0, result.stderr
    result = run_chapter(toy, "label=d", "--name", "mine", out=out)
    assert result.returncode == 2 and "FORCE=1" in result.stderr
    assert (out / "mine" / "result.csv").read_text() == "rs,label\n2.0,c\n"
    result = run_chapter(toy, "label=d", "--name", "mine", "--force", out=out)
    assert result.returncode == 0, result.stderr
    assert (out / "mine" / "result.csv").read_text() == "rs,label\n2.0,d\n"
    assert sorted(p.name for p in out.iterdir()) == ["mine", "toy_rs-3_label-b"]


@pytest.mark.slow
def test_failed_execution_leaves_nothing_behind(tmp_path, toy):
    out = tmp_path / "runs"
    result = run_chapter(toy, "fail=True", out=out)
    assert result.returncode == 2
    assert "deliberate failure" in result.stderr
    assert not out.exists()

    out.mkdir()
    (out / "earlier").mkdir()
    result = run_chapter(toy, "fail=True", "--name", "earlier", out=out)
    assert result.returncode == 2
    assert [p.name for p in out.iterdir()] == ["earlier"]  # no temporary directory left


def test_type_of_default_is_enforced(tmp_path, toy):
    out = tmp_path / "runs"
    assert_rejected(run_chapter(toy, "fail=1", out=out), out, "fail")
    assert_rejected(run_chapter(toy, "label=3", out=out), out, "label")


# ---------------------------------------------------------------- book structure
def test_every_toc_entry_exists():
    files = toc_files()
    assert files[0] == "book/intro"
    for entry in files:
        candidates = [ROOT / entry] + [ROOT / f"{entry}{s}" for s in (".md", ".ipynb")]
        assert any(p.is_file() for p in candidates), f"_toc.yml lists missing {entry}"


def test_every_notebook_chapter_is_in_the_toc():
    listed = {entry.removesuffix(".md") for entry in toc_files()}
    for chapter in notebook_chapters():
        rel = chapter.relative_to(ROOT).with_suffix("").as_posix()
        assert rel in listed, f"{rel} is not in _toc.yml"


def test_there_are_notebook_chapters():
    assert notebook_chapters(), "no MyST notebook chapters under book/"


@pytest.mark.parametrize(
    "chapter", notebook_chapters(), ids=lambda p: p.relative_to(BOOK).as_posix()
)
def test_notebook_chapter_has_one_parameters_cell_and_a_reference(chapter):
    nb = jupytext.read(chapter)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{chapter.name}: {len(tagged)} cells tagged 'parameters'"
    assert tagged[0].cell_type == "code"
    assert reference_for(chapter).is_file(), (
        f"{chapter.name} has no nbval reference; run `make nbval-refs`"
    )
