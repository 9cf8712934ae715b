"""Per-layer statistics of a network and the mean-field recursions that predict them.

Forward (Glorot & Bengio 2010; He et al. 2015), for ``z_l = h_{l-1} @ W_l.T`` with i.i.d. zero-mean
weights of variance ``v_l`` and ``n_{l-1}`` inputs per unit::

    q_l = Var(z_l) = n_{l-1} * v_l * E[h_{l-1}^2] + Var(b),      E[h_l^2] = E[phi(z)^2], z ~ N(0, q_l)

Backward, for the gradient ``g_l = dL/dh_l``::

    E[g_{l-1}^2] = n_l * v_l * E[phi'(z_l)^2] * E[g_l^2]

For ReLU ``E[phi(z)^2] = q / 2`` and ``E[phi'(z)^2] = 1/2`` hold for any symmetric ``z``, so both
recursions are exact in expectation; for smooth activations they assume Gaussian
pre-activations (wide layers) and are computed by composite Gauss-Legendre quadrature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_int, as_real, as_rng
from .activations import get_activation
from .schemes import get_scheme

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(8)


def _gaussian_grid(q: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of a composite 8-point Gauss-Legendre rule for ``E[f(z)], z ~ N(0, q)``.

    Activations change shape at their own scale (about 1, and at 0 for kinks such as SELU's
    derivative) while the density has scale ``sqrt(q)``: panels break at 0, are at most
    ``min(1, sqrt(q)) / 4`` wide within 10 of 0, then grow geometrically out to ``10 sqrt(q)``.
    A single Gauss-Hermite rule in ``z / sqrt(q)`` misses both features when ``q`` is large.
    """
    sigma = float(np.sqrt(q))
    reach = 10.0 * sigma
    step = min(1.0, sigma) / 4
    inner = min(reach, 10.0)
    edges = list(np.arange(0.0, inner, step)) + [inner]
    while edges[-1] < reach:
        edges.append(min(reach, edges[-1] * 1.5))
    edges = np.unique(np.array(edges))
    left, right = edges[:-1], edges[1:]
    half = (right - left)[:, None] / 2
    nodes = (left[:, None] + half * (1 + _GL_NODES)).ravel()
    weights = (half * _GL_WEIGHTS).ravel() * np.exp(-0.5 * nodes**2 / q) / np.sqrt(2 * np.pi * q)
    return np.concatenate([-nodes[::-1], nodes]), np.concatenate([weights[::-1], weights])


def _gaussian_expectation(fn, q):
    """``E[fn(z)]`` for ``z ~ N(0, q)`` (scalar or array ``q``), by the rule of :func:`_gaussian_grid`."""
    q_array = np.asarray(q, dtype=float)
    out = np.empty(q_array.shape)
    for index, value in np.ndenumerate(q_array):
        if value <= 0:
            out[index] = float(fn(np.zeros(1))[0])
            continue
        nodes, weights = _gaussian_grid(float(value))
        with np.errstate(over="ignore", under="ignore"):
            out[index] = float(fn(nodes) @ weights)
    return out if out.ndim else out[()]


def _leaky_slope(activation):
    return activation.param if activation.gain_name == "leaky_relu" else None


def second_moment(activation, q):
    """``E[phi(z)^2]`` for ``z ~ N(0, q)``: exact for linear, relu and leaky relu, quadrature otherwise."""
    act = get_activation(activation)
    q = np.asarray(q, dtype=float)
    if act.name == "linear":
        return q
    if act.name == "relu":
        return q / 2
    slope = _leaky_slope(act)
    if slope is not None:
        return q * (1 + slope**2) / 2
    return _gaussian_expectation(lambda z: act.f(z) ** 2, q)


def derivative_second_moment(activation, q):
    """``E[phi'(z)^2]`` for ``z ~ N(0, q)``."""
    act = get_activation(activation)
    q = np.asarray(q, dtype=float)
    if act.name == "linear":
        return np.ones_like(q)
    if act.name == "relu":
        return np.full_like(q, 0.5)
    slope = _leaky_slope(act)
    if slope is not None:
        return np.full_like(q, (1 + slope**2) / 2)
    return _gaussian_expectation(lambda z: act.df(z) ** 2, q)


def _weight_variances(widths, weight_variance):
    layers = len(widths) - 1
    if callable(weight_variance):
        return [float(weight_variance((n_out, n_in))) for n_in, n_out in zip(widths, widths[1:])]
    if np.ndim(weight_variance) == 0:
        return [as_real(weight_variance, "weight_variance", non_negative=True)] * layers
    variances = [float(v) for v in weight_variance]
    if len(variances) != layers:
        raise ValueError(f"weight_variance must have one value per layer ({layers}), got {len(variances)}")
    return variances


def forward_variance(widths, weight_variance, activation="relu", input_second_moment=1.0,
                     bias_variance=0.0) -> np.ndarray:
    """Predicted ``Var(z_l)`` for ``l = 1..L`` (see the module docstring).

    ``weight_variance`` is a number, one number per layer, or a function of the weight shape
    (such as ``Scheme.variance``). ``input_second_moment`` is ``E[x_i^2]``.
    """
    act = get_activation(activation)
    variances = _weight_variances(widths, weight_variance)
    moment = as_real(input_second_moment, "input_second_moment", non_negative=True)
    bias_variance = as_real(bias_variance, "bias_variance", non_negative=True)
    out = []
    for n_in, v in zip(widths, variances):
        q = n_in * v * moment + bias_variance
        out.append(q)
        moment = float(second_moment(act, q))
    return np.array(out)


def backward_variance(widths, weight_variance, activation="relu", output_grad_second_moment=1.0,
                      forward_q=None) -> np.ndarray:
    """Predicted ``E[(dL/dh_{l-1})^2]`` for ``l = 1..L`` (entry 0 is the gradient at the input).

    ``forward_q`` are the pre-activation variances (from :func:`forward_variance`); they are needed
    for activations whose derivative depends on the scale (tanh, sigmoid, ...).
    """
    act = get_activation(activation)
    variances = _weight_variances(widths, weight_variance)
    if forward_q is None:
        forward_q = forward_variance(widths, variances, act)
    moment = as_real(output_grad_second_moment, "output_grad_second_moment", non_negative=True)
    out = [0.0] * len(variances)
    for layer in reversed(range(len(variances))):
        n_out = widths[layer + 1]
        moment = n_out * variances[layer] * float(derivative_second_moment(act, forward_q[layer])) * moment
        out[layer] = moment
    return np.array(out)


def layer_std(arrays) -> np.ndarray:
    """The standard deviation of every array in a list (one number per layer)."""
    return np.array([float(np.std(a)) for a in arrays])


def layer_rms(arrays) -> np.ndarray:
    """The root mean square ``sqrt(E[a^2])`` of every array in a list."""
    return np.array([float(np.sqrt(np.mean(np.square(a)))) for a in arrays])


def verdict(ratio: float, low: float = 0.25, high: float = 4.0) -> str:
    """``"vanishing"`` if ``ratio < low``, ``"exploding"`` if ``ratio > high``, else ``"stable"``.

    ``ratio`` is the last layer's scale over the first one's (for instance the std of ``z_L``
    over that of ``z_1``).
    """
    ratio = float(ratio)
    if not np.isfinite(ratio):
        return "exploding"
    if ratio < low:
        return "vanishing"
    if ratio > high:
        return "exploding"
    return "stable"


@dataclass(frozen=True)
class StackReport:
    """Per-layer std of the pre-activations ``z_l`` of a deep stack: simulated and predicted."""

    scheme: str
    activation: str
    width: int
    depth: int
    input_std: float
    batch: int
    simulated: np.ndarray
    theory: np.ndarray
    grad_simulated: np.ndarray
    grad_theory: np.ndarray
    # How the simulated network's weights were sampled (the explorer may use a low-rank sampler or a surrogate).
    sampling: str = "dense"

    @property
    def verdict(self) -> str:
        return verdict(self.simulated[-1] / self.simulated[0])

    def table(self, every: int = 1) -> str:
        """A text table: layer, simulated and predicted std of z_l, and of dL/dh_{l-1}."""
        lines = [f"{'layer':>5} {'std z sim':>11} {'std z theory':>13} {'std grad sim':>13} {'std grad theory':>16}"]
        for layer in range(0, self.depth, every):
            lines.append(
                f"{layer + 1:>5} {self.simulated[layer]:>11.4g} {self.theory[layer]:>13.4g} "
                f"{self.grad_simulated[layer]:>13.4g} {self.grad_theory[layer]:>16.4g}"
            )
        return "\n".join(lines)


def simulate_stack(scheme="kaiming_normal", activation="relu", depth: int = 10, width: int = 256,
                   input_std: float = 1.0, batch: int = 256, rng=None, weights=None) -> StackReport:
    """Push a standard-normal batch (times ``input_std``) through a square stack and back.

    Every layer has ``width`` units, weights from ``scheme`` and zero biases; the backward pass
    starts from ``dL/dh_L ~ N(0, 1)``. Returns simulated and predicted per-layer std.
    ``weights`` (optional) are ready-drawn ``(width, width)`` weights of ``scheme``, at least ``depth``
    of them, for callers that cache them (the explorer widget); then ``rng`` draws only the data.
    """
    from .nets import MLP

    scheme_obj = get_scheme(scheme)
    act = get_activation(activation)
    depth = as_int(depth, "depth", minimum=1)
    width = as_int(width, "width", minimum=1)
    batch = as_int(batch, "batch", minimum=2)
    input_std = as_real(input_std, "input_std", non_negative=True)
    rng = as_rng(rng)
    widths = [width] * (depth + 1)
    if weights is None:
        net = MLP.initialized(widths, scheme_obj, act, rng=rng)
    else:
        if len(weights) < depth or any(np.shape(w) != (width, width) for w in weights[:depth]):
            raise ValueError(f"weights must hold at least {depth} arrays of shape ({width}, {width})")
        net = MLP(list(weights[:depth]), None, act, copy=False)
    x = input_std * rng.standard_normal((batch, width))
    with np.errstate(over="ignore", invalid="ignore"):
        net.forward(x)
        grad_input = net.backward(rng.standard_normal((batch, width)), parameter_grads=False)
    # dL/dh_{l-1} for l = 1..L: the gradient at the input, then at each hidden layer's output
    return stack_report(scheme_obj, act, input_std, net.pre, [grad_input, *net.grad_post[:-1]])


def stack_report(scheme, activation, input_std: float, pre, grad_inputs, sampling: str = "dense"
                 ) -> StackReport:
    """A :class:`StackReport` from a simulated square stack: its pre-activations ``[z_1 .. z_L]`` and
    gradients ``[dL/dh_0 .. dL/dh_{L-1}]`` (each ``(batch, width)``), with the theory for ``scheme``.

    The simulation's input is ``input_std`` times standard normal and ``dL/dh_L`` standard normal, as in
    :func:`simulate_stack`; ``sampling`` says how its weights were drawn.
    """
    scheme_obj = get_scheme(scheme)
    act = get_activation(activation)
    input_std = as_real(input_std, "input_std", non_negative=True)
    if not pre or len(pre) != len(grad_inputs):
        raise ValueError(f"pre and grad_inputs must hold one array per layer, got {len(pre)} and {len(grad_inputs)}")
    batch, width = np.shape(pre[0])
    depth = len(pre)
    widths = [width] * (depth + 1)
    q = forward_variance(widths, scheme_obj.variance, act, input_std**2)
    g = backward_variance(widths, scheme_obj.variance, act, 1.0, q)
    with np.errstate(over="ignore", invalid="ignore"):  # an exploding stack's std is inf, not a warning
        simulated, grad_simulated = layer_std(pre), layer_std(grad_inputs)
    return StackReport(scheme_obj.name, act.name, width, depth, input_std, batch,
                       simulated, np.sqrt(q), grad_simulated, np.sqrt(g), sampling)
