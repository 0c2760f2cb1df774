"""Sum-rule and Kramers-Kronig checkers on a response with a closed form, plus the run-output
and report helpers."""

import math

import numpy as np
import pytest

from currentforces.book.report import residual
from currentforces.book.runio import save_csv, save_figure
from currentforces.electron_liquid.kernels import make_kernel
from currentforces.electron_liquid.sum_rules import f_sum_residual, kramers_kronig_residual
from currentforces.impurity.statics import StaticPair, rs_for_separation

N, KF = 0.03, 1.0


def damped_oscillator(q, w, omega0=0.7, gamma=0.2):
    # chi = n q^2 / (w^2 - omega0^2 + i gamma w): retarded, analytic in the upper half plane,
    # obeys the f-sum rule exactly and has no other weight
    return N * q * q / (w * w - omega0**2 + 1j * gamma * w)


def test_f_sum_checker_on_damped_oscillator():
    assert abs(f_sum_residual(damped_oscillator, 0.5, N, KF)) < 1e-8


def test_f_sum_checker_detects_missing_weight():
    def half(q, w):
        return 0.5 * damped_oscillator(q, w)

    assert f_sum_residual(half, 0.5, N, KF) == pytest.approx(-0.5, abs=1e-8)


@pytest.mark.parametrize("w", [0.3, 0.7, 1.4])
def test_kk_checker_on_damped_oscillator(w):
    assert abs(kramers_kronig_residual(damped_oscillator, 0.5, w, KF)) < 1e-7


def test_kk_checker_detects_a_non_causal_real_part():
    def shifted(q, w):
        return damped_oscillator(q, w) + 0.01

    assert abs(kramers_kronig_residual(shifted, 0.5, 0.3, KF)) > 1e-3


def test_residual_format():
    assert residual(3e-12) == "< 1e-08"
    assert residual(-2.5e-3) == "-2.5e-03"
    assert residual(math.nan) == "nan"


def test_run_outputs_only_inside_a_run(tmp_path, monkeypatch):
    monkeypatch.delenv("CURRENTFORCES_RUN_DIR", raising=False)
    assert save_csv("x", a=[1, 2]) is None
    monkeypatch.setenv("CURRENTFORCES_RUN_DIR", str(tmp_path))
    path = save_csv("x", a=[1, 2], b=[3, 4])
    assert path.read_text().splitlines() == [
        "a,b",
        "1.000000000000000000e+00,3.000000000000000000e+00",
        "2.000000000000000000e+00,4.000000000000000000e+00",
    ]
    with pytest.raises(ValueError, match="equal lengths"):
        save_csv("y", a=[1, 2], b=[1])
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1])
    assert save_figure(fig, "f").exists()


def test_rs_for_separation_round_trip():
    d2 = StaticPair(make_kernel("mcp07", 2.0)).equilibrium().d
    assert rs_for_separation(d2, "mcp07") == pytest.approx(2.0, abs=1e-7)
    with pytest.raises(ValueError, match="d_target"):
        rs_for_separation(50.0, "mcp07")


def test_damped_oscillator_is_retarded():
    w = np.linspace(0.01, 3, 50)
    assert np.all(damped_oscillator(0.5, w).imag < 0)


def test_figure_data_csv_holds_every_curve(tmp_path):
    import csv

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from currentforces.book.runio import figure_data_csv

    fig, (a, b) = plt.subplots(1, 2)
    a.plot([0, 1, 2], [3, 4, 5], label="up")
    a.plot([0, 1], [1, 0])
    a.set_xlabel(r"time $t$ ($\hbar$/hartree)")
    a.set_ylabel(r"$\delta V_c\,/\,(j_0/\bar n)$")
    b.pcolormesh(np.array([[1.0, 2.0], [3.0, 4.0]]))
    lines = figure_data_csv(fig, tmp_path / "f.csv").read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert header[0] == "# panel 0: x = time t (hbar/hartree); y = delta V_c / (j_0/bar n)"
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    assert rows[0] == ["panel", "series", "x", "y", "z"]
    assert [r[1] for r in rows[1:4]] == ["up"] * 3 and float(rows[3][3]) == 5.0
    assert sum(r[1] == "line1" for r in rows) == 2
    mesh = [r for r in rows if r[1] == "mesh0"]
    assert len(mesh) == 4 and sorted(float(r[4]) for r in mesh) == [1.0, 2.0, 3.0, 4.0]


def test_run_pages_carry_their_own_mathjax(tmp_path):
    # a run folder keeps its math when moved: MathJax is copied into it and loaded relatively
    import sys
    from pathlib import Path

    import nbformat

    from currentforces.book.runpage import render_page

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from run_chapter import copy_mathjax

    source = tmp_path / "vendor"
    fonts = source / "output/chtml/fonts/woff-v2"
    fonts.mkdir(parents=True)
    (source / "tex-mml-chtml.js").write_text("// mathjax")
    (fonts / "MathJax_Main-Regular.woff").write_bytes(b"woff")
    run = tmp_path / "run"
    run.mkdir()
    url = copy_mathjax(source, run)
    assert url == "mathjax/tex-mml-chtml.js"
    assert (run / url).is_file()
    assert (run / "mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff").is_file()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\n\n$x^2$")])
    page = render_page(nb, "T", {}, url)
    assert '<script defer src="mathjax/tex-mml-chtml.js">' in page
    assert "file:" not in page
    assert copy_mathjax(tmp_path / "missing", run) is None


def test_run_pages_fill_text_and_markdown_glue():
    from currentforces.book.runpage import render_markdown

    glue = {
        "x": {"text/plain": "0.12345"},
        "phrase": {"text/markdown": "$d$ = 5.0993 bohr", "text/plain": "<IPython Markdown>"},
    }
    page = render_markdown(
        "a {glue:text}`x:.2f` and {glue:md}`phrase:myst`, then {glue:}`x`.", glue
    )
    assert "0.12" in page and "0.12345" in page
    assert r"\(d\) = 5.0993 bohr" in page and "glue" not in page


def test_figures_are_made_readable_and_keep_legends_off_the_curves():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from currentforces.book.runio import (
        MIN_TEXT_PX,
        legends_off_the_data,
        readable_text,
        shown_text_px,
    )

    x = np.linspace(0, 1, 200)
    fig, ax = plt.subplots(figsize=(10, 4))  # wider than the column: shrunk on the page
    for k in range(4):
        ax.plot(x, np.sin(6 * x + k), label=f"curve {k}")
    ax.set_xlabel("x", fontsize=7)
    ax.legend(loc="upper right", fontsize=6)
    per_pt = shown_text_px(fig, 1500, 150)  # 10 in at 150 dpi, shown 660 px wide
    assert per_pt == pytest.approx(100 / 72 * 660 / 1000)
    assert readable_text(fig, per_pt)
    assert ax.xaxis.label.get_fontsize() * per_pt >= MIN_TEXT_PX - 1e-9
    assert legends_off_the_data(fig) == 1  # four sines cover every corner
    legend = ax.get_legend()
    assert legend.get_texts()[0].get_fontsize() * per_pt >= MIN_TEXT_PX - 1e-9
    assert legends_off_the_data(fig) == 0  # below the axes it covers nothing
    plt.close(fig)


def test_a_legend_moved_under_a_narrow_panel_takes_fewer_columns():
    # long labels under one panel of a 2 x 2 grid: three columns would be wider than the
    # panel and defeat the layout (the y label then overlaps its tick labels)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from currentforces.book.runio import legends_off_the_data, readable_text, shown_text_px

    x = np.linspace(0, 1, 200)
    fig, axes = plt.subplots(2, 2, figsize=(10, 8.5))
    ax = axes[1, 1]
    for k in range(4):
        ax.plot(x, 140 * np.sin(6 * x + k), label=f"rotation decay rate, kernel number {k}")
    ax.set_ylabel("gain (%)")
    ax.legend(fontsize=12)
    fig.tight_layout()  # laid out once: the texts enlarged below need the layout again
    assert readable_text(fig, shown_text_px(fig, 1575, 150))
    assert legends_off_the_data(fig) == 1
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    label = ax.yaxis.label.get_window_extent(renderer)
    assert label.x0 >= axes[1, 0].get_window_extent(renderer).x1  # clear of the left panel
    legend = ax.get_legend()
    assert legend._ncols < 3
    ticks = max(t.get_window_extent(renderer).x1 for t in ax.get_yticklabels() if t.get_text())
    assert (
        label.x1
        <= min(t.get_window_extent(renderer).x0 for t in ax.get_yticklabels() if t.get_text()) + 1
    )
    assert ticks <= ax.get_window_extent(renderer).x0 + 1
    plt.close(fig)
