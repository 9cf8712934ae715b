"""Interactive widgets for the course, built only on :mod:`course_lib.stats`, :mod:`course_lib.lowrank`,
:mod:`course_lib.plots` and :mod:`course_lib.svgchart`.

``ipywidgets`` is imported when a widget is built, not when ``course_lib`` is. A widget cell also
executes in a kernel with no browser attached (nbval, nbgrader's autograder): the widget is built,
drawn once, and displayed as text. The explorer's figure is an SVG that the browser draws
(:meth:`ExplorerFigure.svg`, about a millisecond to write), so a slider move costs little more than its
simulation; :meth:`ExplorerFigure.png` renders the same panels with matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from . import lowrank, plots, stats, svgchart
from ._validation import as_int, as_real
from .activations import ACTIVATIONS, get_activation, leaky_relu
from .fans import fan_in_and_fan_out
from .gain import calculate_gain
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


@dataclass(frozen=True)
class Recommendation:
    """The initialization an activation calls for: its family, rule and paper, and the gain that sets it.

    ``Var(W) = gain^2 / fan_in`` when ``fan == "fan_in"`` and ``gain^2 * 2 / (fan_in + fan_out)`` when
    ``fan == "average"``; ``gain`` is None when there is no closed form (GELU).
    """

    activation: str
    family: str
    rule: str
    source: str
    gain: float | None
    fan: str = "fan_in"

    def variance(self, shape) -> float | None:
        """The recommended ``Var(W_ij)`` for a weight of ``shape`` (PyTorch layout ``(fan_out, fan_in)``)."""
        if self.gain is None:
            return None
        fan_in, fan_out = fan_in_and_fan_out(shape)
        return self.gain**2 / (fan_in if self.fan == "fan_in" else (fan_in + fan_out) / 2)


def recommended_init(activation) -> Recommendation:
    """The scheme ``activation`` calls for, with the gains of :func:`course_lib.gain.calculate_gain`.

    ReLU and leaky ReLU: He/Kaiming, ``Var(W) = gain^2 / fan_in`` (He et al., 2015). tanh: Xavier/Glorot
    with PyTorch's gain 5/3, ``Var(W) = (5/3)^2 * 2 / (fan_in + fan_out)`` (Glorot & Bengio, 2010); sigmoid
    and linear: Xavier/Glorot with gain 1. SELU: LeCun normal, ``Var(W) = 1 / fan_in``, the variance its
    self-normalizing fixed point assumes (Klambauer et al., 2017; ``calculate_gain("selu") = 3/4`` is a
    PyTorch convention, not that). GELU: no closed-form gain (calibrate one with LSUV, notebook 05).
    """
    act = get_activation(activation)
    if act.name == "selu":
        return Recommendation(act.name, "LeCun normal", "Var(W) = 1 / fan_in", "Klambauer et al. 2017", 1.0)
    if act.name == "gelu":
        return Recommendation(act.name, "no closed-form scheme", "no gain in torch's table: measure one with LSUV",
                              "Mishkin & Matas 2016", None)
    if act.gain_name in ("relu", "leaky_relu"):
        gain = calculate_gain(act.gain_name, act.param)
        rule = ("Var(W) = 2 / fan_in" if act.gain_name == "relu"
                else f"Var(W) = 2 / ((1 + {act.param:g}^2) fan_in)")
        return Recommendation(act.name, "He/Kaiming", rule, "He et al. 2015", gain)
    gain = calculate_gain(act.gain_name, act.param)
    if act.gain_name == "tanh":
        return Recommendation(act.name, "Xavier/Glorot with gain 5/3", "Var(W) = (5/3)^2 * 2 / (fan_in + fan_out)",
                              "Glorot & Bengio 2010; 5/3 is PyTorch's convention, and notebook 03 shows that the gain "
                              "a tanh stack can afford depends on its depth", gain, "average")
    return Recommendation(act.name, "Xavier/Glorot", "Var(W) = 2 / (fan_in + fan_out)", "Glorot & Bengio 2010",
                          gain, "average")


# A scheme matches the recommendation when its Var(W) is within this relative distance of it (leaky ReLU's
# gain sqrt(2 / (1 + 0.01^2)) and ReLU's sqrt(2) differ by 0.005 %; no two different rules are this close).
MATCH_TOLERANCE = 0.01


@dataclass(frozen=True)
class Advice:
    """What :func:`scheme_advice` says: ``matches`` is True, False, or None when nothing is derived for the
    activation; ``ratio`` is the chosen ``Var(W)`` over the recommended one (None then too)."""

    recommendation: Recommendation
    scheme: str
    matches: bool | None
    ratio: float | None
    text: str
    short: str


def scheme_advice(scheme, activation, width: int) -> Advice:
    """Which scheme ``activation`` calls for (:func:`recommended_init`) and whether ``scheme`` matches it on a
    square ``width x width`` layer: its ``Var(W)`` within :data:`MATCH_TOLERANCE` of the recommended one."""
    scheme_obj = get_scheme(scheme)
    rec = recommended_init(activation)
    width = as_int(width, "width", minimum=1)
    shape = (width, width)
    calls = f"{rec.activation} calls for {rec.family}"
    if rec.gain is None:
        return Advice(rec, scheme_obj.name, None, None,
                      f"{rec.activation} has no closed-form gain ({rec.rule}, {rec.source}; notebook 05): no "
                      f"listed scheme is derived for it.",
                      f"{rec.activation}: no closed-form scheme (LSUV measures one)")
    target = rec.variance(shape)
    ratio = scheme_obj.variance(shape) / target
    if abs(ratio - 1) <= MATCH_TOLERANCE:
        return Advice(rec, scheme_obj.name, True, ratio,
                      f"{calls} ({rec.rule}, {rec.source}): {scheme_obj.name} matches it.",
                      f"{calls}: \u2713 {scheme_obj.name} matches")
    others = [name for name, other in SCHEMES.items() if abs(other.variance(shape) / target - 1) <= MATCH_TOLERANCE]
    if others:
        names = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} and {others[-1]}"
        hint = f"{names} {'match' if len(others) > 1 else 'matches'} it"
    else:  # tanh: Xavier's fan rule with a gain no listed scheme has
        gain = "5/3" if rec.activation == "tanh" else f"{rec.gain:.4g}"
        hint = "no listed scheme does"
        if rec.fan == "average":
            hint += f" (course_lib.init.xavier_normal(shape, gain={gain}) would)"
    return Advice(rec, scheme_obj.name, False, ratio,
                  f"{calls} ({rec.rule}, {rec.source}): {scheme_obj.name} does not match, its Var(W) is "
                  f"{ratio:.3g}x that; {hint}.",
                  f"{calls}: \u2717 {scheme_obj.name} does not (Var(W) {ratio:.3g}x that)")


def backward_verdict(report) -> str:
    """:func:`course_lib.stats.verdict` of the gradient's scale at the input over that at the last layer."""
    first, last = float(report.grad_simulated[0]), float(report.grad_simulated[-1])
    if first == 0:
        return "vanishing"
    with np.errstate(divide="ignore", invalid="ignore"):
        return stats.verdict(first / last if last else np.inf)


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
    axes[1].set_title(f"backward: {backward_verdict(report)}")
    if report.sampling == "gaussian surrogate":
        axes[0].set_title(f"forward: {report.verdict}\n{SURROGATE_NOTE}")
    return axes


# The explorer figure's rows, in pixels from the top of a 760 x 350 picture (the SVG's size; the matplotlib
# version is the same at 80 dpi): title, advice (which scheme the activation calls for), the surrogate note,
# the legend, then the panels' titles and plot areas. Each row has room of its own: nothing can overlap.
FIGURE_SIZE = (760, 350)
ROWS = {"title": 19, "advice": 38, "note": 55, "legend": 75}
PANELS = ((84, 110, 362, 294), (464, 110, 742, 294))  # (left, top, right, bottom) of each plot area
MATCH_COLORS = {True: "#00603f", False: "#a00000", None: "#000000"}  # text colours; the mark says it too
YLABELS = ("std of z_l (pre-activation)", "std of dL/dh_(l-1) (gradient)")
LEGEND = ("simulation (Monte Carlo)", "theory (mean field)")


def _report_activation(name: str):
    """The :class:`~course_lib.activations.Activation` a report names (``"leaky_relu(0.2)"`` included)."""
    for act in ACTIVATIONS.values():
        if act.name == name:
            return act
    if name.startswith("leaky_relu(") and name.endswith(")"):
        return leaky_relu(float(name[len("leaky_relu("):-1]))
    return get_activation(name)  # names the argument when it is none of these


def _header(report) -> tuple[str, Advice | None]:
    """The figure's title and advice (None for a scheme or activation outside the course's tables)."""
    title = f"{report.scheme} + {report.activation}, width {report.width}, depth {report.depth}"
    try:
        return title, scheme_advice(report.scheme, _report_activation(report.activation), report.width)
    except ValueError:
        return title, None


class ExplorerFigure:
    """The explorer's figure, kept across updates: :meth:`update` takes a :class:`~course_lib.stats.StackReport`,
    :meth:`svg` writes it for the browser to draw (what the widget shows, about a millisecond) and
    :meth:`png` renders the same rows and panels with matplotlib (whose lines :meth:`update` moves to the new
    data rather than building new axes). See :data:`ROWS` and :data:`PANELS` for the layout.
    """

    def __init__(self):
        import matplotlib.ticker as ticker
        from matplotlib.figure import Figure

        width, height = FIGURE_SIZE
        self.report = None
        with plt.rc_context(plots.STYLE):
            # a fixed layout, plain-text labels and no minor log ticks: matplotlib then measures no text to
            # place the rest (constrained layout and mathtext cost 3x the draw)
            self.figure = Figure(figsize=(width / 80, height / 80), dpi=80, layout="none")
            (left, top, right, bottom), (left2, *_rest) = PANELS
            self.figure.subplots_adjust(left=left / width, right=PANELS[1][2] / width, top=1 - top / height,
                                        bottom=1 - bottom / height, wspace=(left2 - right) / (right - left))
            self.axes = self.figure.subplots(1, 2)
            self.lines = []
            for ax, ylabel in zip(self.axes, YLABELS):
                sim, = ax.plot([], [], marker="o", markersize=4, color=plots.PALETTE[0], label=LEGEND[0])
                theory, = ax.plot([], [], linestyle="--", color=plots.PALETTE[1], label=LEGEND[1])
                ax.set_yscale("log")
                ax.yaxis.set_minor_locator(ticker.NullLocator())
                ax.yaxis.set_major_formatter(ticker.LogFormatter())
                ax.set_xlabel("layer")
                ax.set_ylabel(ylabel)
                ax.xaxis.set_label_coords(0.5, -0.13)
                ax.yaxis.set_label_coords(-0.2, 0.5)  # clears 6-character tick labels such as 1e+150
                self.lines.append((sim, theory))
            self.figure.legend(handles=list(self.lines[0]), loc="center", ncols=2, frameon=False,
                               bbox_to_anchor=(0.5, 1 - ROWS["legend"] / height))
            text = {"ha": "left", "va": "baseline", "transform": self.figure.transFigure}
            self._title = self.figure.text(10 / width, 1 - ROWS["title"] / height, "", fontsize=11, **text)
            self._advice = self.figure.text(10 / width, 1 - ROWS["advice"] / height, "", fontsize=9.5, **text)
            self._note = self.figure.text(10 / width, 1 - ROWS["note"] / height, "", fontsize=9, color="#a00000",
                                          **text)

    def update(self, report) -> None:
        self.report = report
        layers = np.arange(1, report.depth + 1)
        panels = ((report.simulated, report.theory), (report.grad_simulated, report.grad_theory))
        for ax, (sim, theory), (sim_values, theory_values) in zip(self.axes, self.lines, panels):
            sim.set_data(layers, sim_values)
            theory.set_data(layers, theory_values)
            ax.set_xlim(0.5, report.depth + 0.5)
            ax.set_ylim(*svgchart.log_limits(sim_values, theory_values))
        self.axes[0].set_title(f"forward: {report.verdict}", y=1.0)
        self.axes[1].set_title(f"backward: {backward_verdict(report)}", y=1.0)
        title, advice = _header(report)
        self._title.set_text(title)
        self._advice.set_text(advice.short if advice else "")
        self._advice.set_color(MATCH_COLORS[advice.matches if advice else None])
        self._note.set_text(SURROGATE_NOTE if report.sampling == "gaussian surrogate" else "")

    def png(self) -> bytes:
        """The figure rendered by matplotlib (about 50 ms)."""
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=72, pil_kwargs={"compress_level": 1})  # 5 ms less than 6
        return buffer.getvalue()

    def canvas(self) -> svgchart.SvgCanvas:
        """The last report drawn as an :class:`~course_lib.svgchart.SvgCanvas` (its text boxes included)."""
        report = self.report
        if report is None:
            raise RuntimeError("call update(report) before drawing the figure")
        canvas = svgchart.SvgCanvas(*FIGURE_SIZE)
        title, advice = _header(report)
        canvas.text(10, ROWS["title"], title, size=13)
        if advice is not None:
            canvas.text(10, ROWS["advice"], advice.short, size=11.5, fill=MATCH_COLORS[advice.matches])
        if report.sampling == "gaussian surrogate":
            canvas.text(10, ROWS["note"], SURROGATE_NOTE, size=10.5, fill="#a00000")
        self._legend(canvas, ROWS["legend"])
        panels = ((f"forward: {report.verdict}", report.simulated, report.theory),
                  (f"backward: {backward_verdict(report)}", report.grad_simulated, report.grad_theory))
        for index, (frame, ylabel, (panel_title, simulated, theory)) in enumerate(zip(PANELS, YLABELS, panels)):
            series = [(simulated, plots.PALETTE[0], False, True), (theory, plots.PALETTE[1], True, False)]
            svgchart.log_panel(canvas, frame, series, title=panel_title, xlabel="layer", ylabel=ylabel,
                               name=f"panel{index}")
        return canvas

    @staticmethod
    def _legend(canvas, y: float, size: float = 10.5) -> None:
        sample, gap, between = 24, 6, 28
        widths = [svgchart.text_width(label, size) for label in LEGEND]
        x = (FIGURE_SIZE[0] - sum(widths) - 2 * (sample + gap) - between) / 2
        middle = y - 0.3 * size
        for (label, width), color, dashed in zip(zip(LEGEND, widths), plots.PALETTE[:2], (False, True)):
            canvas.line(x, middle, x + sample, middle, stroke=color, width=1.5, dash="5,3" if dashed else None)
            if not dashed:
                canvas.markers([x + sample / 2], [middle], fill=color)
            canvas.text(x + sample + gap, y, label, size=size)
            x += sample + gap + width + between

    def svg(self) -> bytes:
        """The last report as SVG (``ipywidgets.Image(format="svg+xml")`` shows it)."""
        return self.canvas().svg()


def init_explorer(scheme="kaiming_normal", activation="relu", depth=20, width=256, input_std=1.0, seed=0):
    """Scheme x activation x depth x width x input std -> per-layer std, theory and simulation, verdict.

    Dashed lines are the mean-field theory (:func:`course_lib.stats.forward_variance`); markers a
    Monte Carlo run (:func:`explore`) whose batch is sized so one redraw stays fast. The caption says how
    many samples and how the weights were sampled, and flags the one approximation (uniform weights at
    large width * width * depth, see :func:`sampling_plan`) in the caption and in the figure. Below the
    caption, which scheme the activation calls for and whether the chosen one matches it (:func:`scheme_advice`).
    """
    import html

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
    image = w.Image(format="svg+xml")  # the browser draws the figure (ExplorerFigure.svg)
    figure = ExplorerFigure()

    def redraw(_change=None):
        values = {name: control.value for name, control in controls.items()}
        report = explore(**values)
        advice = scheme_advice(report.scheme, values["activation"], report.width)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = report.simulated[-1] / report.simulated[0]
        mark = {True: "\u2713 ", False: "\u2717 ", None: ""}[advice.matches]
        verdict.value = (
            f"<b>verdict: {report.verdict}</b> &nbsp; std(z_L) / std(z_1) = {ratio:.3g} &nbsp; "
            f"<i>{caption(report)}</i><br><span style='color: {MATCH_COLORS[advice.matches]}'>{mark}"
            f"{html.escape(advice.text)}</span>"
        )
        figure.update(report)
        image.value = figure.svg()

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
