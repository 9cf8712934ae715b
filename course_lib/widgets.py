"""Interactive widgets for the course, built only on :mod:`course_lib.stats`, :mod:`course_lib.lowrank` and
:mod:`course_lib.plots`.

``ipywidgets`` is imported when a widget is built, not when ``course_lib`` is. A widget cell also
executes in a kernel with no browser attached (nbval, nbgrader's autograder): the widget is built,
drawn once, and displayed as text.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from . import lowrank, plots, stats
from ._validation import as_int, as_real
from .activations import ACTIVATIONS, get_activation
from .schemes import SCHEMES, get_scheme

# Monte Carlo budget for one redraw: batch * width**2 * depth multiply-adds (about 35 ms here).
MC_BUDGET = 2e8
# Uniform weights have no exact low-rank sampler: they are drawn in full up to this many numbers per
# network (width**2 * depth; uniform draws cost about 3 ns each here) and replaced by the Gaussian
# surrogate beyond it, where width >= 320. Its error is O(1 / width) per layer (the fourth cumulant of
# z = W h; the second moments are exact), and at width 320, depth 100 the mean of log(simulated / theory)
# over 60 networks agreed with fully drawn uniform weights within its Monte Carlo error (tanh, selu, relu).
DENSE_UNIFORM_LIMIT = 1e7

# How each course scheme's weights are distributed (the explorer's choice of sampler depends on it).
WEIGHT_LAWS = {
    "normal(0, 1)": "gaussian", "normal(0, 0.01)": "gaussian", "xavier_normal": "gaussian",
    "kaiming_normal": "gaussian", "lecun_normal": "gaussian", "orthogonal": "orthogonal",
    "xavier_uniform": "uniform", "kaiming_uniform": "uniform", "pytorch_default": "uniform",
}

SURROGATE_NOTE = "markers: uniform weights approximated by Gaussian ones (same variance)"
# What the widget says about the markers for each sampler.
SAMPLING_NOTES = {
    "dense": "weights drawn in full",
    "low-rank": "exact in distribution: only the weights' action on the batch is sampled",
    "gaussian surrogate": ("APPROXIMATION: uniform weights replaced by Gaussian weights of the same variance "
                           "(error O(1/width))"),
}


def monte_carlo_batch(width: int, depth: int, budget: float = MC_BUDGET) -> int:
    """The batch size that keeps one simulated forward+backward pass within ``budget`` multiply-adds."""
    return int(np.clip(budget / (width * width * depth), 8, 512))


def sampling_plan(scheme, width: int, depth: int, batch: int) -> str:
    """How :func:`explore` samples the network: ``"dense"``, ``"low-rank"`` or ``"gaussian surrogate"``.

    Gaussian and Haar-orthogonal weights are sampled exactly by :mod:`course_lib.lowrank` (cost
    ``O(width * batch**2)`` per layer) when ``2 * batch <= width``, and drawn in full otherwise (then
    ``width**3 * depth < 4e8``: at most about 130 ms for the orthogonal QRs). Uniform weights are drawn in full up to
    ``DENSE_UNIFORM_LIMIT`` numbers and otherwise replaced by the labelled Gaussian surrogate. Schemes
    outside :data:`WEIGHT_LAWS` are always drawn in full.
    """
    scheme_obj = get_scheme(scheme)
    law = WEIGHT_LAWS.get(scheme_obj.name) if SCHEMES.get(scheme_obj.name) is scheme_obj else None
    if law in ("gaussian", "orthogonal"):
        return "low-rank" if 2 * batch <= width else "dense"
    if law == "uniform" and width * width * depth > DENSE_UNIFORM_LIMIT:
        return "gaussian surrogate"
    return "dense"


class WeightCache:
    """Weights drawn once per (scheme, width, seed) and extended layer by layer as depth grows.

    Moving the depth, activation or input-std sliders then costs only matrix products. :func:`explore`
    uses it when its :func:`sampling_plan` draws the weights in full.
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


def _layer_actions(scheme_obj, plan: str, width: int, depth: int, batch: int, seed: int, cache):
    """One object per layer with ``forward``/``backward`` (see :func:`course_lib.lowrank.run_stack`)."""
    if plan == "dense":
        weights = (cache if cache is not None else WeightCache(max_entries=1)).get(scheme_obj, width, seed, depth)
        return [lowrank.DenseAction(w) for w in weights[:depth]]
    variance = scheme_obj.variance((width, width))
    if WEIGHT_LAWS[scheme_obj.name] == "orthogonal":
        action, scale = lowrank.OrthogonalAction, np.sqrt(width * variance)  # W = gain * O, Var(W_ij) = gain^2 / n
    else:
        action, scale = lowrank.GaussianAction, np.sqrt(variance)
    # one stream per layer: a deeper stack keeps the first layers' draws
    return [action(width, scale, np.random.default_rng([seed, width, batch, 3, layer]))
            for layer in range(1, depth + 1)]


def explore(scheme="kaiming_normal", activation="relu", depth=20, width=256, input_std=1.0, seed=0,
            cache: WeightCache | None = _CACHE):
    """The explorer's computation without a widget: a :class:`~course_lib.stats.StackReport`.

    One random square network of ``depth`` layers (``scheme``, zero biases) is run forward on
    ``monte_carlo_batch(width, depth)`` inputs ``N(0, input_std^2)`` and backward from ``dL/dh_L ~ N(0, 1)``.
    :func:`sampling_plan` picks how the weights are sampled; ``report.sampling`` says which (a Gaussian
    surrogate for uniform weights is an approximation and says so). The result depends only on the
    arguments, not on ``cache``: with a cache, fully drawn weights for (scheme, width, seed) are drawn
    once and reused (the low-rank sampler has nothing to cache).
    """
    scheme_obj = get_scheme(scheme)
    act = get_activation(activation)
    depth = as_int(depth, "depth", minimum=1)
    width = as_int(width, "width", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    input_std = as_real(input_std, "input_std", non_negative=True)
    batch = monte_carlo_batch(width, depth)
    plan = sampling_plan(scheme_obj, width, depth, batch)
    x = input_std * np.random.default_rng([seed, width, 1]).standard_normal((batch, width))
    grad_output = np.random.default_rng([seed, width, 2]).standard_normal((batch, width))
    actions = _layer_actions(scheme_obj, plan, width, depth, batch, seed, cache)
    pre, grads = lowrank.run_stack(actions, act, x, grad_output)
    return stats.stack_report(scheme_obj, act, input_std, pre, grads, sampling=plan)


def caption(report) -> str:
    """Which curves are theory and which are Monte Carlo, and how the Monte Carlo sampled the weights."""
    note = SAMPLING_NOTES.get(report.sampling, report.sampling)
    return (f"dashed: mean-field theory; markers: Monte Carlo simulation of one random network on "
            f"{report.batch} inputs ({note})")


def draw_explorer(report, axes=None):
    """Forward and backward panels of a report; returns the two axes."""
    if axes is None:
        with plt.rc_context(plots.STYLE):
            _, axes = plt.subplots(1, 2, figsize=(9.5, 3.4))
    plots.plot_stack_report(report, axes[0])
    plots.plot_stack_report(report, axes[1], gradients=True)
    axes[0].set_title(f"forward: {report.verdict}")
    axes[1].set_title("backward")
    if report.sampling == "gaussian surrogate":
        axes[0].set_title(f"forward: {report.verdict}\n{SURROGATE_NOTE}")
    return axes


class ExplorerFigure:
    """One figure kept across updates: each redraw moves the lines' data instead of building new axes."""

    def __init__(self):
        import matplotlib.ticker as ticker
        from matplotlib.figure import Figure

        # Drawn about 10 times a second while a slider moves: a fixed layout, plain-text labels and no
        # minor log ticks, fixed title and axis-label positions and a legend outside the axes (matplotlib
        # would otherwise measure every tick label on each draw to place them) keep one PNG near 40 ms
        # (mathtext and constrained layout cost 3x that).
        with plt.rc_context(plots.STYLE):
            self.figure = Figure(figsize=(9.5, 3.6), layout="none")
            self.figure.subplots_adjust(left=0.1, right=0.98, bottom=0.14, top=0.78, wspace=0.32)
            self.axes = self.figure.subplots(1, 2)
            self.lines = []
            for ax, ylabel in zip(self.axes, ("std of z_l (pre-activation)", "std of dL/dh_(l-1) (gradient)")):
                sim, = ax.plot([], [], marker="o", markersize=4, color=plots.PALETTE[0],
                               label="simulation (Monte Carlo)")
                theory, = ax.plot([], [], linestyle="--", color=plots.PALETTE[1], label="theory (mean field)")
                ax.set_yscale("log")
                ax.yaxis.set_minor_locator(ticker.NullLocator())
                ax.yaxis.set_major_formatter(ticker.LogFormatter())
                ax.set_xlabel("layer")
                ax.set_ylabel(ylabel)
                ax.xaxis.set_label_coords(0.5, -0.11)
                ax.yaxis.set_label_coords(-0.2, 0.5)  # clears 6-character tick labels such as 1e+150
                self.lines.append((sim, theory))
            self.figure.legend(handles=list(self.lines[0]), loc="upper right", ncols=2, frameon=False,
                               bbox_to_anchor=(0.99, 1.0))
            self._title = self.figure.text(0.01, 0.975, "", ha="left", va="top", fontsize=10)
            self._note = self.figure.text(0.01, 0.905, "", ha="left", va="top", fontsize=9, color="#a00000")

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
        self.axes[0].set_title(f"forward: {report.verdict}", y=1.0)
        self.axes[1].set_title("backward", y=1.0)
        self._title.set_text(f"{report.scheme} + {report.activation}, width {report.width}")
        self._note.set_text(SURROGATE_NOTE if report.sampling == "gaussian surrogate" else "")

    def png(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=72, pil_kwargs={"compress_level": 1})  # 5 ms less than 6
        return buffer.getvalue()


def init_explorer(scheme="kaiming_normal", activation="relu", depth=20, width=256, input_std=1.0, seed=0):
    """Scheme x activation x depth x width x input std -> per-layer std, theory and simulation, verdict.

    Dashed lines are the mean-field theory (:func:`course_lib.stats.forward_variance`); markers a
    Monte Carlo run (:func:`explore`) whose batch is sized so one redraw stays fast. The caption says how
    many samples and how the weights were sampled, and flags the one approximation (uniform weights at
    large width * width * depth, see :func:`sampling_plan`) in the caption and in the figure.
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
            f"<i>{caption(report)}</i>"
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
