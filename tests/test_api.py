"""The public API: one version, every exported name documented and listed on the API page,
frozen configurations and results, one registry of choices, inputs checked at the boundary."""

import dataclasses
import importlib
import importlib.metadata
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import currentforces as cf
from currentforces.book import parameters
from currentforces.core import inputs as validation
from currentforces.core import registry
from currentforces.electron_liquid.kernels import KERNEL_CLASSES

API_PAGE = Path(__file__).resolve().parents[1] / "book" / "api.md"


def test_version_has_one_source():
    assert cf.__version__ == importlib.metadata.version("currentforces")
    assert re.fullmatch(r"\d+\.\d+\.\d+", cf.__version__)


def test_every_public_name_exists_is_documented_and_on_the_api_page():
    page = API_PAGE.read_text()
    for name in cf.__all__:
        obj = getattr(cf, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
            assert f"currentforces.{name}" in page, f"{name} is not on the API page"


def test_no_module_is_named_after_an_appendix():
    names = [m.name for m in pkgutil.walk_packages(cf.__path__, "currentforces.")]
    assert not [
        n
        for n in names
        if re.search(r"appendix|ledger\b", n.split(".")[-1])
        and not n.startswith("currentforces.book.")
    ]


def test_one_registry_of_choices():
    assert tuple(KERNEL_CLASSES) == registry.KERNELS
    assert parameters.SPECS["kernel"].choices is registry.KERNELS
    assert parameters.SPECS["correlation"].choices is registry.CORRELATIONS
    assert {cf.make_kernel(k, 2.0).name for k in registry.KERNELS} == set(registry.KERNELS)


def test_configuration_and_result_are_frozen():
    config = cf.paper_scenario(T=2000.0, kernels=("rpa",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.dt = 10.0
    result = config.run()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.scenario = config
    with pytest.raises(TypeError):
        result.traces["rpa", "parallel"] = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.trace("rpa", "parallel").vc = None
    assert config.with_(dt=5.0).dt == 5.0 and config.dt is None  # derived when it runs
    assert result.dt == 10.0  # T/200 for T = 2000
    at_rs4 = config.with_(gas=4.0)  # the derived settings follow the gas
    assert at_rs4.omega_max == pytest.approx(0.5 * at_rs4.gas.omega_p)


@pytest.mark.parametrize(
    "changes,match",
    [
        ({"omega_max": 0.3, "gas": 4.0}, "omega_max must be below the plasma frequency"),
        ({"dt": 25.0}, "dt must be below 2 pi/omega_max"),
        ({"branch": "highest"}, "branch"),
        ({"d_min": 5.0, "d_max": 4.0}, "d_min"),
        ({"kernels": ("mcp08",)}, "kernel"),
        ({"dt": -1.0}, "dt"),
        ({"n_table": 0}, "n_table"),
        ({"t_min": 10.0, "t_max": 5.0}, "t_max"),
        ({"direct_field": "other"}, "direct_field"),
    ],
)
def test_bad_configuration_is_refused_when_built(changes, match):
    with pytest.raises(ValueError, match=match):
        cf.paper_scenario(T=2000.0).with_(**changes)


def test_a_scenario_run_checks_its_inputs_at_the_boundary_only(monkeypatch):
    """Inputs are checked once at the public boundary: one run of the paper's scenario makes a
    bounded number of validation calls (1801 before the redesign, 149 after)."""
    calls = {"n": 0}
    names = [n for n in dir(validation) if n.startswith("require_")]
    originals = {n: getattr(validation, n) for n in names}

    def counting(fn):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            return fn(*args, **kwargs)

        return wrapper

    for info in pkgutil.walk_packages(cf.__path__, "currentforces."):
        importlib.import_module(info.name)
    for mod_name, mod in list(sys.modules.items()):
        if mod_name.startswith("currentforces"):
            for n in names:
                if getattr(mod, n, None) is originals[n]:
                    monkeypatch.setattr(mod, n, counting(originals[n]))
    cf.paper_scenario(80000.0).run()
    assert 0 < calls["n"] < 300


def test_evidence_cache_shares_a_check_between_pages(tmp_path, monkeypatch):
    """With CURRENTFORCES_EVIDENCE_CACHE set (book builds), a check called by a chapter and by
    the ledger with the same arguments, written differently, is computed once."""
    k = cf.make_kernel("mcp07", 2.0)
    monkeypatch.setenv("CURRENTFORCES_EVIDENCE_CACHE", str(tmp_path))
    first = cf.checks.thomas_fermi_yukawa(k)
    second = cf.checks.thomas_fermi_yukawa(k, 1.0, Z2=1.0)
    assert len(list(tmp_path.iterdir())) == 1
    assert second.value == first.value and second.status == first.status
    assert second["force"] == first["force"]
    other = cf.checks.thomas_fermi_yukawa(k, 2.0)
    assert len(list(tmp_path.iterdir())) == 2 and other.passed
    monkeypatch.delenv("CURRENTFORCES_EVIDENCE_CACHE")
    cf.checks.thomas_fermi_yukawa(k)  # without the variable nothing is written
    assert len(list(tmp_path.iterdir())) == 2


def test_pairs_with_their_own_response_never_share_a_cache_entry():
    k = cf.make_kernel("rpa", 2.0)
    a = cf.StaticPair(k, chi_q0=lambda q: -(q**0))
    b = cf.StaticPair(k, chi_q0=lambda q: -(q**0))
    assert repr(a) != repr(b)
    assert repr(cf.StaticPair(k)) == repr(cf.StaticPair(k, 1.0, 1.0))


def test_the_papers_reference_list_has_its_17_entries():
    """references.bib: the paper's 17 references, and every other entry marked 'beyond'."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "references.bib").read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("%"))
    entries = re.split(r"\n(?=@)", text[text.index("@") :])
    papers = [e for e in entries if "keywords" not in e or "beyond" not in e]
    assert len(papers) == 17, [e.split(",")[0] for e in papers]


def test_importing_the_package_does_not_import_numba():
    # numba is for the nonlinear screening's kernels (currentforces.impurity.numerov) only
    import subprocess

    code = "import sys, currentforces; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
