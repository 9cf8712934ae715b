"""Per-layer diagnosis of a network at initialization, and a set of networks with hidden init bugs.

:func:`layer_report` runs one forward and one backward pass of a network and collects, for every layer
``l = 1..L`` (``z_l = h_{l-1} @ W_l.T + b_l``, ``h_l = phi(z_l)``, ``W_l`` of shape ``(fan_out, fan_in)``,
PyTorch's layout):

| column        | definition                                                                           |
|---------------|--------------------------------------------------------------------------------------|
| ``pre_std``   | ``std(z_l)`` over the batch and the units                                            |
| ``post_std``  | ``std(h_l)``                                                                         |
| ``dead``      | ReLU-like layers: share of units with ``z_l <= 0`` on *every* sample of the batch     |
| ``saturated`` | tanh: share of entries with ``|h| > 0.99``; sigmoid: share of ``h`` outside (0.01, 0.99) |
| ``grad_norm`` | Frobenius norm ``||dL/dW_l||_F``                                                     |
| ``grad_rms``  | ``sqrt(mean((dL/dz_l)^2))``                                                          |
| ``weight_std``| ``std(W_l)`` (population std, ``ddof=0``)                                            |
| ``weight_mean``| ``mean(W_l)``                                                                       |
| ``target_std``| the healthy scale for the layer's fans and the activation that follows it:           |
|               | He ``gain / sqrt(fan_in)`` for relu-like, Xavier ``gain * sqrt(2 / (fan_in + fan_out))`` |
|               | for tanh and sigmoid, LeCun ``1 / sqrt(fan_in)`` otherwise (linear, selu, ...); a     |
|               | *linear last layer* (a head) gets ``head_scale / sqrt(fan_in)`` (default 0.01)        |

plus ``loss`` and ``trivial_loss`` (the loss of the predictor ``f = 0``). A healthy linear head is
*small*: its outputs start near 0, so the initial loss starts at the trivial predictor's instead of
above it (Karpathy's "verify loss @ init" and makemore's ``0.01`` head; the zero readout of muP, Yang et
al. 2021; DiT's zero-initialized final layer, Peebles & Xie 2023). A zero head is healthy too: the
layer before it is random, so its rows get different gradients.

:func:`planted_network` builds a ReLU network with one initialization bug of a given kind (or none);
:func:`broken_networks` six of them, one per kind, for practice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import plots
from ._validation import as_rng
from .activations import get_activation
from .gain import calculate_gain
from .nets import MLP

RELU_LIKE = ("relu", "leaky_relu")
XAVIER_LIKE = ("tanh", "sigmoid")


def target_std(shape, activation="relu") -> tuple[float, str]:
    """The healthy weight std for a layer of ``shape = (fan_out, fan_in)`` followed by ``activation``.

    - relu, leaky_relu: He et al. (2015), ``std = gain / sqrt(fan_in)`` (``gain = sqrt(2)`` for relu);
    - tanh, sigmoid: Glorot & Bengio (2010), ``std = gain * sqrt(2 / (fan_in + fan_out))`` (torch's gains);
    - anything else (linear, selu, gelu, ...): LeCun et al. (1998), ``std = 1 / sqrt(fan_in)``.

    Returns ``(std, name)`` with ``name`` one of ``"he"``, ``"xavier"``, ``"lecun"``.
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 2 or any(
            not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1 for n in shape):
        raise ValueError(f"shape must be (fan_out, fan_in) with two positive ints, got {shape!r}")
    fan_out, fan_in = int(shape[0]), int(shape[1])
    act = get_activation(activation)
    if act.gain_name in RELU_LIKE:
        gain = calculate_gain(act.gain_name, act.param) if act.gain_name == "leaky_relu" else math.sqrt(2.0)
        return gain / math.sqrt(fan_in), "he"
    if act.gain_name in XAVIER_LIKE:
        return calculate_gain(act.gain_name) * math.sqrt(2.0 / (fan_in + fan_out)), "xavier"
    return 1.0 / math.sqrt(fan_in), "lecun"


@dataclass(frozen=True)
class LayerReport:
    """Per-layer statistics of one forward and backward pass (one entry per layer; see the module docstring)."""

    shapes: list
    activations: list
    pre_std: np.ndarray
    post_std: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray
    grad_norm: np.ndarray
    grad_rms: np.ndarray
    weight_std: np.ndarray
    target_std: np.ndarray
    target_name: list
    loss: float
    weight_mean: np.ndarray = None
    trivial_loss: float = float("nan")

    @property
    def depth(self) -> int:
        return len(self.shapes)

    @property
    def weight_ratio(self) -> np.ndarray:
        """``weight_std / target_std`` per layer: 1 for a healthy layer."""
        return self.weight_std / self.target_std

    def as_dict(self) -> dict:
        """The report as plain data (lists, floats, NumPy arrays), with ``weight_ratio`` included."""
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out = {name: (np.array(value, dtype=float) if isinstance(value, np.ndarray) else value)
               for name, value in out.items()}
        out["shapes"] = [tuple(int(n) for n in shape) for shape in self.shapes]
        out["activations"] = list(self.activations)
        out["target_name"] = list(self.target_name)
        out["loss"] = float(self.loss)
        out["trivial_loss"] = float(self.trivial_loss)
        out["weight_ratio"] = np.array(self.weight_ratio, dtype=float)
        return out

    def table(self) -> str:
        """A fixed-width text table with values rounded to 3 significant digits."""
        head = (f"{'layer':>5} {'shape (out, in)':>15} {'act':>7} {'std z':>9} {'std h':>9} {'dead':>5} "
                f"{'sat':>5} {'|dL/dW|':>9} {'mean W':>9} {'std W':>9} {'target':>13} {'ratio':>7}")
        lines = [head]
        for i in range(self.depth):
            shape = f"({self.shapes[i][0]}, {self.shapes[i][1]})"
            target = f"{self.target_name[i]} {self.target_std[i]:.3g}"
            lines.append(
                f"{i + 1:>5} {shape:>15} {self.activations[i]:>7} {_g(self.pre_std[i]):>9} "
                f"{_g(self.post_std[i]):>9} {self.dead[i]:>5.2f} {self.saturated[i]:>5.2f} "
                f"{_g(self.grad_norm[i]):>9} {_mean(self.weight_mean, i):>9} {_g(self.weight_std[i]):>9} "
                f"{target:>13} {_g(self.weight_ratio[i]):>7}"
            )
        lines.append(f"initial loss {_g(self.loss)} (the trivial predictor f = 0: {_g(self.trivial_loss)})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def _g(value: float) -> str:
    """3 significant digits; tiny values print as 0 so that another BLAS gives the same text."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if abs(value) < 1e-12:
        return "0"
    return f"{value:.3g}"


def _mean(means, i: int) -> str:
    """A weight mean at 2 decimals (a healthy layer's mean is a tiny random number: it prints 0.00)."""
    if means is None:
        return "-"
    text = f"{float(means[i]):.2f}"
    return "0.00" if text == "-0.00" else text


def _activation_of(net, layer: int):
    if hasattr(net, "_phi"):
        return get_activation(net._phi(layer))
    act = net.output_activation if layer == len(net.weights) - 1 else net.activation
    return get_activation(act)


def dead_fraction(pre) -> float:
    """Share of units (columns of ``pre``, shape ``(batch, units)``) with ``z <= 0`` on every sample."""
    pre = np.asarray(pre, dtype=float)
    if pre.ndim != 2:
        raise ValueError(f"pre must have shape (batch, units), got {pre.shape}")
    return float(np.mean(np.all(pre <= 0.0, axis=0)))


def saturated_fraction(post, activation) -> float:
    """Share of outputs ``h`` in the flat tails: ``|h| > 0.99`` for tanh, ``h`` outside (0.01, 0.99) for sigmoid.

    Any other activation returns 0.
    """
    post = np.asarray(post, dtype=float)
    name = get_activation(activation).name
    if name == "tanh":
        return float(np.mean(np.abs(post) > 0.99))
    if name == "sigmoid":
        return float(np.mean((post <= 0.01) | (post >= 0.99)))
    return 0.0


HEAD_SCALE = 0.01


def layer_report(net, x, y=None, head_scale: float = HEAD_SCALE) -> LayerReport:
    """Run ``net`` forward on ``x`` and backward, and return the per-layer statistics.

    A linear last layer is a *head*: its target is ``head_scale / sqrt(fan_in)`` (a small head, see the
    module docstring), not LeCun's ``1 / sqrt(fan_in)``.

    ``net`` is a :class:`course_lib.nets.MLP` or any object with the same interface: ``weights`` (list of
    ``(fan_out, fan_in)`` arrays), ``forward(x)``, ``backward(grad_output)`` and, after them, the records
    ``pre``, ``post``, ``grad_pre`` and ``grad_weights``. The loss is ``L = mean over the batch of
    0.5 * ||f(x) - y||^2`` (``y = 0`` when omitted), so ``dL/dh_L = (f(x) - y) / batch``.
    """
    for attribute in ("weights", "forward", "backward"):
        if not hasattr(net, attribute):
            raise TypeError(f"net must be an MLP-like object with {attribute!r}; got {type(net).__name__}")
    x = np.asarray(x, dtype=float)
    fan_in_0 = np.shape(net.weights[0])[1]
    if x.ndim != 2 or x.shape[1] != fan_in_0 or x.shape[0] < 2:
        raise ValueError(f"x must have shape (batch >= 2, {fan_in_0}), got {x.shape}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(net.forward(x), dtype=float)
        if y is None:
            y = np.zeros_like(out)
        y = np.asarray(y, dtype=float)
        if y.shape == (out.shape[0],) and out.shape[1] == 1:
            y = y[:, None]
        if y.shape != out.shape:
            raise ValueError(f"y must have the output's shape {out.shape}, got {y.shape}")
        diff = out - y
        loss = float(0.5 * np.sum(diff**2) / out.shape[0])
        trivial = float(0.5 * np.sum(y**2) / out.shape[0])
        net.backward(diff / out.shape[0])
    for record in ("pre", "post", "grad_pre", "grad_weights"):
        if len(getattr(net, record, [])) != len(net.weights):
            raise TypeError(f"net.{record} must hold one array per layer after forward and backward")
    shapes, names, targets, target_names = [], [], [], []
    dead, saturated = [], []
    for layer, w in enumerate(net.weights):
        act = _activation_of(net, layer)
        shape = tuple(int(n) for n in np.shape(w))
        std, target_name = target_std(shape, act)
        if layer == len(net.weights) - 1 and target_name == "lecun" and act.name == "linear":
            std, target_name = float(head_scale) / math.sqrt(shape[1]), "head"
        shapes.append(shape)
        names.append(act.name)
        targets.append(std)
        target_names.append(target_name)
        dead.append(dead_fraction(net.pre[layer]) if act.gain_name in RELU_LIKE and act.name != "leaky_relu"
                    else 0.0)
        saturated.append(saturated_fraction(net.post[layer], act))
    with np.errstate(over="ignore", invalid="ignore"):
        return LayerReport(
            shapes=shapes,
            activations=names,
            pre_std=np.array([float(np.std(z)) for z in net.pre]),
            post_std=np.array([float(np.std(h)) for h in net.post]),
            dead=np.array(dead),
            saturated=np.array(saturated),
            grad_norm=np.array([float(np.linalg.norm(g)) for g in net.grad_weights]),
            grad_rms=np.array([float(np.sqrt(np.mean(np.square(g)))) for g in net.grad_pre]),
            weight_std=np.array([float(np.std(w)) for w in net.weights]),
            target_std=np.array(targets),
            target_name=target_names,
            loss=loss,
            weight_mean=np.array([float(np.mean(w)) for w in net.weights]),
            trivial_loss=trivial,
        )


def print_report(report: LayerReport) -> None:
    """Print :meth:`LayerReport.table`."""
    if not isinstance(report, LayerReport):
        raise TypeError(f"report must be a LayerReport (from layer_report), got {type(report).__name__}")
    print(report.table())


def plot_report(report: LayerReport, axes=None, title: str = "Layer report"):
    """Four panels: std of z and h; weight std / target; dead and saturated shares; gradient norms.

    Returns the array of four axes.
    """
    if not isinstance(report, LayerReport):
        raise TypeError(f"report must be a LayerReport (from layer_report), got {type(report).__name__}")
    import matplotlib.pyplot as plt

    if axes is None:
        with plt.rc_context(plots.STYLE):
            fig, axes = plt.subplots(2, 2, figsize=(9.5, 6.0))
        fig.suptitle(title)
    axes = np.asarray(axes).ravel()
    plots.plot_layer_values({"std of z_l": report.pre_std, "std of h_l": report.post_std}, axes[0],
                            ylabel="std", title="activations")
    plots.plot_layer_values({"std(W) / target": np.maximum(report.weight_ratio, 1e-3)}, axes[1], ylabel="ratio",
                            title="weight scale vs He/Xavier/head target")
    axes[1].axhline(1.0, color="grey", linestyle=":", linewidth=1)
    plots.plot_layer_values({"dead units": report.dead, "saturated": report.saturated}, axes[2], log=False,
                            ylabel="fraction", title="dead and saturated")
    axes[2].set_ylim(-0.05, 1.05)
    plots.plot_layer_values({"||dL/dW_l||": report.grad_norm}, axes[3], ylabel="gradient norm",
                            title="weight gradients")
    return axes


BUG_KINDS = ("fan", "gain", "variance", "constant", "rand", "head")
"""The kinds of :func:`planted_network` (``"healthy"`` plants none)."""
NETWORK_NAMES = ("amber", "birch", "cedar", "dune", "ember", "fjord")
HIDDEN_WIDTHS = (64, 128, 256)


def _signatures(fan_in: int, fan_out: int) -> list[float]:
    """std(W) / He target of every scale bug at a layer: fan swap, gain 1 and torch's default, variance."""
    return [math.sqrt(fan_in / fan_out), 1 / math.sqrt(2), 1 / math.sqrt(6), math.sqrt(2 / fan_in), 1.0]


def _distinct(kind: str, fan_in: int, fan_out: int, variant: int) -> bool:
    """Whether ``kind`` at this layer has a ratio at least 20% away from every other bug's (and from 1)."""
    sig = _signatures(fan_in, fan_out)
    own = {"fan": [0], "gain": [1 + variant], "variance": [3]}.get(kind)
    if own is None:
        return True
    mine = sig[own[0]]
    others = [s for i, s in enumerate(sig) if i != own[0]]
    return all(abs(math.log(mine / s)) > math.log(1.2) for s in others)


def planted_network(kind, rng=None, input_width: int = 32, output_width: int = 10, depth: int = 6,
                    zero_head: bool = False):
    """A ReLU MLP (linear head, biases ``N(0, 0.1^2)``) with one initialization bug of ``kind``.

    Healthy layers: hidden He normal ``N(0, 2 / fan_in)``; head ``N(0, (0.01 / sqrt(fan_in))^2)``, or 0 with
    ``zero_head``. Hidden widths are drawn from (64, 128, 256), neighbours different. The bug, on one hidden
    layer chosen at random (the head for ``"head"``):

    - ``"fan"``: He with fan_out for fan_in, ``std = sqrt(2 / fan_out)`` (a kernel drawn in the transposed
      layout and reshaped reads the same fan: same values' scale);
    - ``"gain"``: a fan_in scale with the wrong gain: ``1 / sqrt(fan_in)`` (gain 1) or torch's ``nn.Linear``
      default ``kaiming_uniform_(a=sqrt(5))``, ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``;
    - ``"variance"``: the variance passed as the std, ``std = 2 / fan_in``;
    - ``"constant"``: every entry ``sqrt(2 / fan_in)``;
    - ``"rand"``: ``U[0, 1)`` entries (``rand`` where ``randn`` was meant);
    - ``"head"``: a head drawn ``N(0, 1)``;
    - ``"healthy"``: no bug.

    The layer is chosen so that the bug's ``std(W) / target`` is at least 20% away from every other scale
    bug's at that layer (and from 1): a fan swap where ``fan_out = 2 fan_in`` reads ``1 / sqrt(2)``, exactly
    a missing ReLU gain, and no statistic here tells those two apart. Returns ``(net, layer)`` with the
    0-based index of the planted layer (``None`` for ``"healthy"``).
    """
    if kind not in (*BUG_KINDS, "healthy"):
        raise ValueError(f"kind must be one of {(*BUG_KINDS, 'healthy')}, got {kind!r}")
    rng = as_rng(rng)
    for value, name, low in ((input_width, "input_width", 1), (output_width, "output_width", 1), (depth, "depth", 3)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    variant = int(rng.integers(2))
    for _attempt in range(1000):
        hidden = [int(rng.choice(HIDDEN_WIDTHS))]
        while len(hidden) < depth - 1:
            hidden.append(int(rng.choice([n for n in HIDDEN_WIDTHS if n != hidden[-1]])))
        widths = [int(input_width), *hidden, int(output_width)]
        candidates = [layer for layer in range(depth - 1)
                      if _distinct(kind, widths[layer], widths[layer + 1], variant)]
        if kind in ("head", "healthy") or candidates:
            break
    else:  # pragma: no cover - the widths always allow one
        raise ValueError(f"no layer of these widths shows {kind!r} distinctly")
    weights = [rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_out, n_in)) for n_in, n_out in zip(widths, widths[1:-1])]
    head_std = 0.0 if zero_head else HEAD_SCALE / math.sqrt(widths[-2])
    weights.append(rng.normal(0.0, head_std, size=(widths[-1], widths[-2])) if head_std else
                   np.zeros((widths[-1], widths[-2])))
    layer = None if kind == "healthy" else depth - 1 if kind == "head" else int(rng.choice(candidates))
    if layer is not None:
        n_out, n_in = weights[layer].shape
        if kind == "fan":
            weights[layer] = rng.normal(0.0, math.sqrt(2.0 / n_out), size=(n_out, n_in))
        elif kind == "gain" and variant == 0:
            weights[layer] = rng.normal(0.0, math.sqrt(1.0 / n_in), size=(n_out, n_in))
        elif kind == "gain":
            bound = 1.0 / math.sqrt(n_in)
            weights[layer] = rng.uniform(-bound, bound, size=(n_out, n_in))
        elif kind == "variance":
            weights[layer] = rng.normal(0.0, 2.0 / n_in, size=(n_out, n_in))
        elif kind == "constant":
            weights[layer] = np.full((n_out, n_in), math.sqrt(2.0 / n_in))
        elif kind == "rand":
            weights[layer] = rng.random((n_out, n_in))
        else:
            weights[layer] = rng.normal(0.0, 1.0, size=(n_out, n_in))
    biases = [rng.normal(0.0, 0.1, size=n) for n in widths[1:]]
    return MLP(weights, biases, "relu", "linear", copy=False), layer


def broken_networks(rng=None, input_width: int = 32, output_width: int = 10, depth: int = 6) -> dict:
    """Six networks of :func:`planted_network`, one per kind of :data:`BUG_KINDS` in a random order.

    Returns ``{name: MLP}`` with the names of :data:`NETWORK_NAMES`; which network has which bug, and on
    which layer, is not stored in the objects: it is for the reader to find from the statistics.
    """
    rng = as_rng(rng)
    order = rng.permutation(len(BUG_KINDS))
    return {name: planted_network(BUG_KINDS[int(k)], rng, input_width, output_width, depth)[0]
            for name, k in zip(NETWORK_NAMES, order)}
