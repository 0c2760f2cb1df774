"""Figures of the book that are drawn from computed data (one function per figure type)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..dynamics.scenario import ATOMIC_TIME_FS, ScenarioResult
from ..electron_liquid.kernels import kernel_label, kernel_style

_YLABEL = {
    "vc": r"$\delta V_c\,/\,(j_0/\bar n)$",
    "vr": r"$\delta V_r\,/\,(j_0/\bar n)$",
}


def velocity_figure(
    scenario: ScenarioResult, geometry: str, component: str, kernels=None, title: str = ""
):
    """One of Figs. 2-5: a velocity component versus time for each kernel (MCP07 solid, RPA
    dashed, static MCP07 dotted) with the current pulse as a short-dashed rectangle scaled to
    the panel; time in hbar/hartree below, femtoseconds above."""
    kernels = scenario.kernels if kernels is None else kernels
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    top = 0.0
    for name in kernels:
        tr = scenario.traces[name, geometry]
        ls, color = kernel_style(name)
        y = getattr(tr, component)
        ax.plot(tr.t, y, ls, color=color, lw=1.3, label=kernel_label(name))
        top = max(top, float(np.max(np.abs(y))))
    tr = scenario.traces[kernels[0], geometry]
    ax.plot(
        tr.t, top * tr.current, linestyle=(0, (2, 2)), color="0.45", lw=1.0, label="pulse (scaled)"
    )
    ax.axhline(0.0, color="0.8", lw=0.6)
    ax.set_xlabel(r"time $t$ ($\hbar$/hartree)")
    ax.set_ylabel(_YLABEL[component])
    ax.set_xlim(tr.t[0], tr.t[-1])
    secax = ax.secondary_xaxis(
        "top", functions=(lambda t: t * ATOMIC_TIME_FS, lambda f: f / ATOMIC_TIME_FS)
    )
    secax.set_xlabel("time (fs)")
    ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
