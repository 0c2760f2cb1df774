"""The package alone: installed (not editable) into a fresh virtual environment with only its
declared dependencies, every module imports and the command line runs, on a terminal too."""

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # fresh venvs, clusters and interrupted sweeps: run once by make test

ROOT = Path(__file__).resolve().parents[1]


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def test_the_package_installs_alone_and_its_cli_runs(tmp_path):
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    pip = [str(py), "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    # a copy of the sources, so that the build leaves nothing in the working tree
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name if source.exists() else _mkdir(source) / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    subprocess.run([*pip, "install", str(source)], check=True, timeout=900)
    code = (
        "import pkgutil, importlib, currentforces as cf\n"
        "for m in pkgutil.walk_packages(cf.__path__, 'currentforces.'):\n"
        "    if not m.name.startswith('currentforces.book'):\n"
        "        importlib.import_module(m.name)\n"
        "print(cf.__version__)"
    )
    version = subprocess.run([str(py), "-c", code], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == __import__("currentforces").__version__
    cli = env_dir / "bin" / "currentforces"
    studies = subprocess.run([str(cli), "studies"], capture_output=True, text=True, check=True)
    assert "dynamics:" in studies.stdout and "parameters:" in studies.stdout
    # on a terminal (the progress bar is drawn): run under `script`, which gives it a pty
    out = tmp_path / "f.csv"
    cmd = f"{cli} sweep friction -p rs=2,3 -p kernel=rpa --no-cache -j 1 -o {out}"
    run = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout and out.read_text().count("\n") == 3
    # without the optional dask extra, --scheduler says what is missing
    miss = subprocess.run([str(cli), "sweep", "friction", "-p", "rs=2", "--scheduler",
                           "tcp://127.0.0.1:1"], capture_output=True, text=True)  # fmt: skip
    assert miss.returncode == 2 and "pip install currentforces[dask]" in miss.stderr, miss.stderr
    assert sys.executable != str(py)


def test_citation_file_names_the_package_version():
    # CITATION.cff is read by GitHub and Zenodo: its version must follow the package's
    import re
    from pathlib import Path

    import currentforces

    text = (Path(__file__).resolve().parents[1] / "CITATION.cff").read_text()
    assert re.search(r"^version: (\S+)$", text, re.M).group(1) == currentforces.__version__
