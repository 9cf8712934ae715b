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
| ``target_std``| the healthy scale for the layer's fans and the activation that follows it:           |
|               | He ``gain / sqrt(fan_in)`` for relu-like, Xavier ``gain * sqrt(2 / (fan_in + fan_out))`` |
|               | for tanh and sigmoid, LeCun ``1 / sqrt(fan_in)`` otherwise (linear, selu, ...)        |

:func:`broken_networks` builds ReLU networks that each carry one initialization bug, for practice.
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

    @property
    def depth(self) -> int:
        return len(self.shapes)

    @property
    def weight_ratio(self) -> np.ndarray:
        """``weight_std / target_std`` per layer: 1 for a healthy layer."""
        return self.weight_std / self.target_std

    def table(self) -> str:
        """A fixed-width text table with values rounded to 3 significant digits."""
        head = (f"{'layer':>5} {'shape (out, in)':>15} {'act':>7} {'std z':>9} {'std h':>9} {'dead':>5} "
                f"{'sat':>5} {'|dL/dW|':>9} {'std W':>9} {'target':>13} {'ratio':>7}")
        lines = [head]
        for i in range(self.depth):
            shape = f"({self.shapes[i][0]}, {self.shapes[i][1]})"
            target = f"{self.target_name[i]} {self.target_std[i]:.3g}"
            lines.append(
                f"{i + 1:>5} {shape:>15} {self.activations[i]:>7} {_g(self.pre_std[i]):>9} "
                f"{_g(self.post_std[i]):>9} {self.dead[i]:>5.2f} {self.saturated[i]:>5.2f} "
                f"{_g(self.grad_norm[i]):>9} {_g(self.weight_std[i]):>9} {target:>13} {_g(self.weight_ratio[i]):>7}"
            )
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


def layer_report(net, x, y=None) -> LayerReport:
    """Run ``net`` forward on ``x`` and backward, and return the per-layer statistics.

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
    plots.plot_layer_values({"std(W) / target": report.weight_ratio}, axes[1], ylabel="ratio",
                            title="weight scale vs He/Xavier/LeCun target")
    axes[1].axhline(1.0, color="grey", linestyle=":", linewidth=1)
    plots.plot_layer_values({"dead units": report.dead, "saturated": report.saturated}, axes[2], log=False,
                            ylabel="fraction", title="dead and saturated")
    axes[2].set_ylim(-0.05, 1.05)
    plots.plot_layer_values({"||dL/dW_l||": report.grad_norm}, axes[3], ylabel="gradient norm",
                            title="weight gradients")
    return axes


# The bugs, keyed by a private code so the names the learner sees say nothing about them.
_BUGS = ("fan_swap", "gain", "variance_as_std", "transposed", "constant", "output")
NETWORK_NAMES = ("amber", "birch", "cedar", "dune", "ember", "fjord")


def broken_networks(rng=None, input_width: int = 32, output_width: int = 10, depth: int = 6) -> dict:
    """Six ReLU MLPs (linear output) with biases ``N(0, 0.1^2)``, each with one initialization bug.

    Healthy hidden layers are He normal, ``N(0, 2 / fan_in)``; the healthy output layer is LeCun normal,
    ``N(0, 1 / fan_in)``. Hidden widths are drawn from (64, 128, 256) with neighbours different, so every
    hidden layer is non-square. One layer of each network carries one of these bugs (which network has
    which, and on which layer, depends on ``rng``):

    - fan_out used for fan_in: ``std = sqrt(2 / fan_out)``;
    - the ReLU gain missing: ``std = 1 / sqrt(fan_in)``;
    - the variance passed as the std: ``std = 2 / fan_in``;
    - a kernel drawn in the transposed layout ``(fan_in, fan_out)`` by an initializer that reads fan_in
      from ``shape[1]`` (He uniform), then loaded with ``reshape(fan_out, fan_in)``;
    - a constant layer: every entry ``sqrt(2 / fan_in)``;
    - a too-large output layer: ``N(0, 1)``.

    Returns ``{name: MLP}`` with the names of :data:`NETWORK_NAMES`.
    """
    rng = as_rng(rng)
    for value, name, low in ((input_width, "input_width", 1), (output_width, "output_width", 1), (depth, "depth", 3)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    order = rng.permutation(len(_BUGS))
    networks = {}
    for name, bug_index in zip(NETWORK_NAMES, order):
        bug = _BUGS[int(bug_index)]
        hidden = [int(rng.choice((64, 128, 256)))]
        while len(hidden) < depth - 1:
            hidden.append(int(rng.choice([n for n in (64, 128, 256) if n != hidden[-1]])))
        widths = [int(input_width), *hidden, int(output_width)]
        weights = []
        for n_in, n_out in zip(widths, widths[1:]):
            std = math.sqrt((1.0 if len(weights) == depth - 1 else 2.0) / n_in)
            weights.append(rng.normal(0.0, std, size=(n_out, n_in)))
        layer = depth - 1 if bug == "output" else int(rng.integers(1, depth - 1))
        n_out, n_in = weights[layer].shape
        if bug == "fan_swap":
            weights[layer] = rng.normal(0.0, math.sqrt(2.0 / n_out), size=(n_out, n_in))
        elif bug == "gain":
            weights[layer] = rng.normal(0.0, math.sqrt(1.0 / n_in), size=(n_out, n_in))
        elif bug == "variance_as_std":
            weights[layer] = rng.normal(0.0, 2.0 / n_in, size=(n_out, n_in))
        elif bug == "transposed":
            bound = math.sqrt(6.0 / n_out)  # He uniform of a (n_in, n_out) array reads fan_in = n_out
            weights[layer] = rng.uniform(-bound, bound, size=(n_in, n_out)).reshape(n_out, n_in)
        elif bug == "constant":
            weights[layer] = np.full((n_out, n_in), math.sqrt(2.0 / n_in))
        else:
            weights[layer] = rng.normal(0.0, 1.0, size=(n_out, n_in))
        biases = [rng.normal(0.0, 0.1, size=n) for n in widths[1:]]
        networks[name] = MLP(weights, biases, "relu", "linear", copy=False)
    return networks
