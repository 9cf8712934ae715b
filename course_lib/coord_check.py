"""The coordinate check: how large each layer's activations and their change are after a few steps, against width.

muP's diagnostic (Yang et al. 2022, "Tensor Programs V", their "coordinate check"): train models of several
widths for a few steps with the same learning rate and record, per layer ``l`` and step ``t``, the size of a
typical coordinate of its output ``h_l``. In a parametrization whose training has a width limit every
curve is flat in the width; a curve that grows like ``width**s`` (``s > 0``) blows up in the wide limit, one
that shrinks stops learning. We record the root mean square of ``h_l(t)`` and of the change
``h_l(t) - h_l(0)``; :meth:`CoordCheck.slopes` fits the exponent ``s`` of the change, layer by layer.
The ``mup`` package's check records the mean absolute coordinate of each module's output instead: the same
scaling, a constant factor apart for a Gaussian-like coordinate.

``ipywidgets`` is imported only inside :func:`coord_check_widget`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np

from . import mup, plots
from ._validation import as_int, as_real, one_of


@dataclass(frozen=True)
class CoordCheck:
    """What :func:`coord_check` measured. Arrays are indexed ``[width, step, layer]`` (step 0: the init)."""

    widths: np.ndarray
    layers: tuple
    activation_rms: np.ndarray
    change_rms: np.ndarray
    label: str = ""

    @property
    def steps(self) -> int:
        return self.change_rms.shape[1] - 1

    def slopes(self, step=None) -> np.ndarray:
        """Least-squares slope of ``log2 rms(h_l(t) - h_l(0))`` against ``log2 width``, per layer (t = last step)."""
        t = self.steps if step is None else as_int(step, "step", minimum=1)
        if t > self.steps:
            raise ValueError(f"step must be at most {self.steps}, got {t}")
        logw = np.log2(self.widths.astype(float))
        logc = np.log2(self.change_rms[:, t, :])
        centred = logw - logw.mean()
        return centred @ (logc - logc.mean(axis=0)) / (centred @ centred)

    def as_dict(self) -> dict:
        """Plain Python/NumPy data (copies): widths, layers, activation_rms, change_rms, steps."""
        return {"widths": self.widths.copy(), "layers": list(self.layers), "activation_rms": self.activation_rms.copy(),
                "change_rms": self.change_rms.copy(), "steps": self.steps}


def coord_check(build, widths, x, y, *, lr, steps=3, optimizer="adam", seeds=(0,), label="") -> CoordCheck:
    """Train ``build(width, rng)`` for ``steps`` full-batch steps on ``(x, y)`` at ``lr`` for every width.

    ``build`` returns a model of ``course_lib.training``'s protocol with ``post`` and ``lr_scales`` (a
    :class:`course_lib.mup.ScaledMLP`); the optimizer is ``course_lib.optim``'s Adam or SGD on its
    ``lr_scales``. The RMS of every layer's output on ``x`` is recorded before training and after each
    step, averaged over ``seeds`` (the init seeds).
    """
    from . import losses, optim

    widths = np.array([as_int(w, f"widths[{i}]", minimum=1) for i, w in enumerate(widths)])
    if widths.size < 2:
        raise ValueError(f"widths must hold at least two widths, got {widths.tolist()}")
    lr = as_real(lr, "lr", positive=True)
    steps = as_int(steps, "steps", minimum=1)
    optimizer = one_of(optimizer, "optimizer", mup.OPTIMIZERS)
    seeds = [as_int(s, "seeds[i]", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    x = np.asarray(x, dtype=np.float64)
    act, change, names = None, None, None
    for i, width in enumerate(widths):
        for seed in seeds:
            model = build(int(width), np.random.default_rng(seed))
            cls = optim.Adam if optimizer == "adam" else optim.SGD
            opt = cls(model.parameters(), lr, lr_scales=model.lr_scales)
            with np.errstate(all="ignore"):
                model.forward(x)
                start = [h.copy() for h in model.post]
                if act is None:
                    names = tuple(getattr(model, "kinds", None) or [f"layer {k + 1}" for k in range(len(start))])
                    names = tuple(f"{n} {k}" if names.count(n) > 1 else n for k, n in enumerate(names, 1))
                    act = np.zeros((widths.size, steps + 1, len(start)))
                    change = np.zeros_like(act)
                act[i, 0] += [math.sqrt(np.mean(h * h)) for h in start]
                for t in range(1, steps + 1):
                    _, grad = losses.softmax_cross_entropy(model.forward(x), y)
                    model.backward(grad)
                    opt.step(model.gradients())
                    model.forward(x)
                    act[i, t] += [math.sqrt(np.mean(h * h)) for h in model.post]
                    change[i, t] += [math.sqrt(np.mean((h - h0) ** 2)) for h, h0 in zip(model.post, start)]
    return CoordCheck(widths, names, act / len(seeds), change / len(seeds), str(label))


def mlp_coord_check(widths, x, y, *, parametrization="mup", optimizer="adam", lr=None, steps=3, base_width=None,
                    hidden_layers=2, broken=None, seeds=(0,)) -> CoordCheck:
    """:func:`coord_check` of :func:`course_lib.mup.mlp` ``[d_in, w, ..., w, n_classes]`` (``hidden_layers`` w's).

    ``lr`` defaults to 0.01 for Adam and 0.1 for SGD; ``base_width`` to the first width. ``broken`` plants
    the mistakes of :data:`course_lib.mup.BUGS`.
    """
    widths = list(widths)
    hidden_layers = as_int(hidden_layers, "hidden_layers", minimum=1)
    base = widths[0] if base_width is None else base_width
    d_in, n_classes = np.shape(x)[1], int(np.max(y)) + 1
    if lr is None:
        lr = 0.01 if optimizer == "adam" else 0.1

    def build(width, rng):
        return mup.mlp([d_in, *[width] * hidden_layers, n_classes], parametrization=parametrization,
                       optimizer=optimizer, base_width=base, rng=rng, broken=broken)

    label = f"{parametrization} {optimizer}" + (f", broken {', '.join(broken)}" if broken else "")
    return coord_check(build, widths, x, y, lr=lr, steps=steps, optimizer=optimizer, seeds=seeds, label=label)


def plot_coord_check(check: CoordCheck, ax=None, *, step=None, quantity="change"):
    """Each layer's ``rms(h_l(t) - h_l(0))`` (or ``rms(h_l(t))``) against width, log-log; returns the axes."""
    quantity = one_of(quantity, "quantity", ("change", "activation"))
    t = check.steps if step is None else as_int(step, "step", minimum=0)
    values = check.change_rms if quantity == "change" else check.activation_rms
    ax = plots._axes(ax, figsize=(5.2, 3.8))
    for k, name in enumerate(check.layers):
        ax.plot(check.widths, values[:, t, k], marker=plots.MARKERS[k % len(plots.MARKERS)],
                color=plots.PALETTE[k % len(plots.PALETTE)], label=name)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    what = "rms of $h_l(t) - h_l(0)$" if quantity == "change" else "rms of $h_l(t)$"
    ax.set(xlabel="width", ylabel=what, title=f"coordinate check{': ' + check.label if check.label else ''}, step {t}")
    ax.legend(fontsize=8)
    return ax


class CoordCheckFigure:
    """A reusable figure for the widget: the change of every layer against the step, at one width, per check.

    The axes, ticks and labels are drawn once and kept as a background; a redraw pastes it back, draws only
    the lines (matplotlib's blitting) and encodes the PNG, so moving the slider costs milliseconds.
    """

    def __init__(self, checks: dict):
        self.checks = dict(checks)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with mpl.rc_context(plots.STYLE):             # an Agg figure of its own, outside pyplot
            self.fig = Figure(figsize=(4.2 * len(self.checks), 3.4))
            FigureCanvasAgg(self.fig)
            axes = self.fig.subplots(1, len(self.checks), sharey=True, squeeze=False)
        self.axes = list(axes[0])
        low = min(float(c.change_rms[:, 1:].min()) for c in self.checks.values())
        high = max(float(c.change_rms[:, 1:].max()) for c in self.checks.values())
        self.lines = []
        for ax, (name, check) in zip(self.axes, self.checks.items()):
            steps = np.arange(1, check.steps + 1)
            lines = [ax.plot(steps, check.change_rms[0, 1:, k], marker=plots.MARKERS[k % len(plots.MARKERS)],
                             color=plots.PALETTE[k % len(plots.PALETTE)], label=layer, animated=True)[0]
                     for k, layer in enumerate(check.layers)]
            self.lines.append(lines)
            ax.set(yscale="log", xlabel="step t", title=f"{name}: each layer's change", ylim=(low / 2, high * 2),
                   xticks=steps)
            ax.legend(fontsize=7, loc="upper left")
        self.axes[0].set_ylabel("rms of $h_l(t) - h_l(0)$")
        self.fig.canvas.draw()                     # constrained layout runs once; then the layout is frozen
        self.fig.set_layout_engine("none")
        self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.width_index = 0

    def update(self, width_index: int) -> None:
        self.width_index = int(width_index)
        for lines, check in zip(self.lines, self.checks.values()):
            for k, line in enumerate(lines):
                line.set_ydata(check.change_rms[self.width_index, 1:, k])

    def width(self) -> int:
        """The width shown now."""
        return int(next(iter(self.checks.values())).widths[self.width_index])

    def png(self) -> bytes:
        from PIL import Image

        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for ax, lines in zip(self.axes, self.lines):
            for line in lines:
                ax.draw_artist(line)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def coord_check_widget(checks: dict, width=None):
    """A width slider over precomputed :class:`CoordCheck` results (same widths): each layer's change per step.

    Moving the slider only redraws (no training), so a redraw takes tens of milliseconds. In a kernel with
    no browser the widget is built, drawn once and shown as text.
    """
    import ipywidgets as w
    from IPython.display import display

    checks = dict(checks)
    if not checks:
        raise ValueError("checks must hold at least one CoordCheck")
    widths = [int(v) for v in next(iter(checks.values())).widths]
    for name, check in checks.items():
        if [int(v) for v in check.widths] != widths:
            raise ValueError(f"checks[{name!r}] has other widths than the first check")
    figure = CoordCheckFigure(checks)
    slider = w.SelectionSlider(options=widths, value=widths[0] if width is None else width, description="width")
    label = w.HTML()
    image = w.Image(format="png")

    def redraw(_change=None):
        figure.update(widths.index(slider.value))
        label.value = f"<b>width {figure.width()}</b>: rms of each layer's change h_l(t) - h_l(0) at steps 1 to 3"
        image.value = figure.png()

    slider.observe(redraw, names="value")
    redraw()

    class CoordCheckWidget(w.VBox):
        def __repr__(self):
            return "<coordinate check: width slider; run the cell in JupyterLab to move it>"

    box = CoordCheckWidget([slider, label, image])
    box.redraw = redraw
    box.slider = slider
    display(box)
    return box


def redraw_latency(checks: dict, repeats: int = 30) -> float:
    """Median wall time in ms of one widget redraw (figure update and PNG), cycling through the widths."""
    import time

    repeats = as_int(repeats, "repeats", minimum=1)
    figure = CoordCheckFigure(checks)
    n = len(next(iter(figure.checks.values())).widths)
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        figure.update(k % n)
        figure.png()
        times.append(1000 * (time.perf_counter() - start))
    return float(np.median(times))
