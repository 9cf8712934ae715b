"""Plot helpers with one shared, colour-blind-safe style.

Every function takes ``ax=None`` (a new figure when missing) and returns the axes. Colours are the
Okabe-Ito palette (Okabe & Ito, 2008), safe for the common colour-vision deficiencies; lines also
differ by marker and dash so a plot reads in greyscale.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

# Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

STYLE = {
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "figure.constrained_layout.use": True,
    "image.cmap": "viridis",
}


def use_style() -> None:
    """Apply the course's matplotlib style (call once at the top of a notebook).

    In IPython it also gives every figure shown alternative text describing it (:mod:`course_lib.figure_alt`),
    which screen readers, nbgrader's feedback and the web book read.
    """
    mpl.rcParams.update(STYLE)
    from .figure_alt import install

    install()


def _axes(ax, figsize=None):
    if ax is not None:
        return ax
    with mpl.rc_context(STYLE):
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_layer_values(series: dict, ax=None, *, theory: dict | None = None, ylabel: str = "std of $z_l$",
                      title: str = "Per-layer scale", log: bool = True, start: int = 1):
    """One line per entry of ``series`` (label -> per-layer values, layer ``start, start+1, ...``).

    ``theory`` (label -> values) adds dashed lines of the same colour for the predictions.
    """
    ax = _axes(ax)
    theory = theory or {}
    for index, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        layers = np.arange(start, start + values.size)
        color = PALETTE[index % len(PALETTE)]
        ax.plot(layers, values, marker=MARKERS[index % len(MARKERS)], markersize=4, color=color,
                label=f"{label} (simulation)" if label in theory else label)
        if label in theory:
            predicted = np.asarray(theory[label], dtype=float)
            ax.plot(np.arange(start, start + predicted.size), predicted, linestyle="--", color=color,
                    label=f"{label} (theory)")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if len(series) + len(theory) > 1:
        ax.legend()
    return ax


def plot_histograms(arrays, labels, ax=None, *, bins: int = 60, value_range=None,
                    title: str = "Distribution per layer", xlabel: str = "value"):
    """Overlaid step histograms (densities) of several arrays, e.g. one per layer."""
    ax = _axes(ax)
    if value_range is None:
        low = min(float(np.min(a)) for a in arrays)
        high = max(float(np.max(a)) for a in arrays)
        value_range = (low, high) if high > low else (low - 1, high + 1)
    for index, (values, label) in enumerate(zip(arrays, labels)):
        ax.hist(np.ravel(values), bins=bins, range=value_range, density=True, histtype="step", linewidth=1.5,
                color=PALETTE[index % len(PALETTE)], label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.set_title(title)
    if len(labels) > 1:
        ax.legend()
    return ax


def plot_stack_report(report, ax=None, *, gradients: bool = False):
    """Simulated (markers) and predicted (dashed) per-layer std from :func:`course_lib.stats.simulate_stack`."""
    ax = _axes(ax)
    if gradients:
        series = {"dL/dh": report.grad_simulated}
        theory = {"dL/dh": report.grad_theory}
        ylabel = r"std of $\partial L / \partial h_{l-1}$"
    else:
        series = {"z": report.simulated}
        theory = {"z": report.theory}
        ylabel = "std of $z_l$"
    plot_layer_values(series, ax, theory=theory, ylabel=ylabel,
                      title=f"{report.scheme} + {report.activation}, width {report.width}: {report.verdict}")
    return ax
