"""Interactive widgets for the course, built only on :mod:`course_lib.stats` and :mod:`course_lib.plots`.

``ipywidgets`` is imported when a widget is built, not when ``course_lib`` is. A widget cell also
executes in a kernel with no browser attached (nbval, nbgrader's autograder): the widget is built,
drawn once, and displayed as text.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from . import plots, stats
from .activations import ACTIVATIONS
from .schemes import SCHEMES, get_scheme

# Monte Carlo budget for one redraw: batch * width**2 * depth multiply-adds (about 35 ms here).
MC_BUDGET = 2e8


def monte_carlo_batch(width: int, depth: int, budget: float = MC_BUDGET) -> int:
    """The batch size that keeps one simulated forward+backward pass within ``budget`` multiply-adds."""
    return int(np.clip(budget / (width * width * depth), 8, 512))


class WeightCache:
    """Weights drawn once per (scheme, width, seed) and extended layer by layer as depth grows.

    Moving the depth, activation or input-std sliders then costs only matrix products.
    """

    def __init__(self, max_entries: int = 4):
        self.max_entries = max_entries
        self._store: dict[tuple, tuple[np.random.Generator, list]] = {}

    def get(self, scheme: str, width: int, seed: int, depth: int) -> list:
        draw = get_scheme(scheme)
        key = (draw.name, width, seed)
        if key not in self._store:
            if len(self._store) >= self.max_entries:
                self._store.pop(next(iter(self._store)))
            self._store[key] = (np.random.default_rng([seed, width]), [])
        rng, weights = self._store[key]
        while len(weights) < depth:
            weights.append(draw((width, width), rng))
        return weights


_CACHE = WeightCache()


def explore(scheme="kaiming_normal", activation="relu", depth=20, width=256, input_std=1.0, seed=0,
            cache: WeightCache | None = _CACHE):
    """The explorer's computation without a widget: a :class:`~course_lib.stats.StackReport`.

    With a ``cache`` the weights for (scheme, width, seed) are drawn once and reused.
    """
    batch = monte_carlo_batch(width, depth)
    weights = cache.get(scheme, width, seed, depth) if cache is not None else None
    return stats.simulate_stack(scheme, activation, depth, width, input_std, batch=batch,
                                rng=np.random.default_rng([seed, width, depth]), weights=weights)


def draw_explorer(report, axes=None):
    """Forward and backward panels of a report; returns the two axes."""
    if axes is None:
        with plt.rc_context(plots.STYLE):
            _, axes = plt.subplots(1, 2, figsize=(9.5, 3.4))
    plots.plot_stack_report(report, axes[0])
    plots.plot_stack_report(report, axes[1], gradients=True)
    axes[0].set_title(f"forward: {report.verdict}")
    axes[1].set_title("backward")
    return axes


class ExplorerFigure:
    """One figure kept across updates: each redraw moves the lines' data instead of building new axes."""

    def __init__(self):
        import matplotlib.ticker as ticker
        from matplotlib.figure import Figure

        # Drawn about 10 times a second while a slider moves: a fixed layout, plain-text labels and no
        # minor log ticks keep one PNG under about 50 ms (mathtext and constrained layout cost 3x that).
        with plt.rc_context(plots.STYLE):
            self.figure = Figure(figsize=(9.5, 3.4), layout="none")
            self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.84, wspace=0.28)
            self.axes = self.figure.subplots(1, 2)
            self.lines = []
            for ax, ylabel in zip(self.axes, ("std of z_l (pre-activation)", "std of dL/dh_(l-1) (gradient)")):
                sim, = ax.plot([], [], marker="o", markersize=4, color=plots.PALETTE[0], label="simulation")
                theory, = ax.plot([], [], linestyle="--", color=plots.PALETTE[1], label="theory")
                ax.set_yscale("log")
                ax.yaxis.set_minor_locator(ticker.NullLocator())
                ax.yaxis.set_major_formatter(ticker.LogFormatter())
                ax.set_xlabel("layer")
                ax.set_ylabel(ylabel)
                self.lines.append((sim, theory))
            self.axes[0].legend(loc="best")

    def update(self, report) -> None:
        layers = np.arange(1, report.depth + 1)
        panels = ((report.simulated, report.theory), (report.grad_simulated, report.grad_theory))
        for ax, (sim, theory), (sim_values, theory_values) in zip(self.axes, self.lines, panels):
            sim.set_data(layers, sim_values)
            theory.set_data(layers, theory_values)
            finite = np.concatenate([sim_values, theory_values])
            finite = finite[np.isfinite(finite) & (finite > 0)]
            low, high = (finite.min(), finite.max()) if finite.size else (1e-3, 1e3)
            ax.set_xlim(0.5, report.depth + 0.5)
            ax.set_ylim(low / 1.5, high * 1.5)
        self.axes[0].set_title(f"forward: {report.verdict}")
        self.axes[1].set_title("backward")
        self.figure.suptitle(f"{report.scheme} + {report.activation}, width {report.width}", fontsize=10)

    def png(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=72)
        return buffer.getvalue()


def init_explorer(scheme="kaiming_normal", activation="relu", depth=20, width=256, input_std=1.0, seed=0):
    """Scheme x activation x depth x width x input std -> per-layer std, theory and simulation, verdict.

    Dashed lines are the mean-field theory (:func:`course_lib.stats.forward_variance`); markers a
    Monte Carlo run whose batch is sized so one redraw stays fast (the caption says how many samples).
    """
    import ipywidgets as w
    from IPython.display import display

    controls = {
        "scheme": w.Dropdown(options=list(SCHEMES), value=scheme, description="scheme"),
        "activation": w.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
        "depth": w.IntSlider(value=depth, min=1, max=100, description="depth"),
        "width": w.IntSlider(value=width, min=16, max=1024, step=16, description="width"),
        "input_std": w.FloatLogSlider(value=input_std, base=10, min=-1, max=1, description="input std"),
        "seed": w.IntSlider(value=seed, min=0, max=9, description="seed"),
    }
    verdict = w.HTML()
    image = w.Image(format="png")
    figure = ExplorerFigure()

    def redraw(_change=None):
        values = {name: control.value for name, control in controls.items()}
        report = explore(**values)
        ratio = report.simulated[-1] / report.simulated[0]
        verdict.value = (
            f"<b>verdict: {report.verdict}</b> &nbsp; std(z_L) / std(z_1) = {ratio:.3g} &nbsp; "
            f"<i>dashed: theory; markers: simulation of {report.batch} inputs</i>"
        )
        figure.update(report)
        image.value = figure.png()

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    class Explorer(w.VBox):
        def __repr__(self):
            return ("<init explorer: scheme x activation x depth x width x input std; run the cell in "
                    "JupyterLab to move the sliders>")

    box = Explorer([w.HBox([controls["scheme"], controls["activation"]]),
                  w.HBox([controls["depth"], controls["width"]]),
                  w.HBox([controls["input_std"], controls["seed"]]), verdict, image])
    display(box)
    return box
