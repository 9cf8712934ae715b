"""Standard parametrization (SP) and the maximal-update parametrization (muP) of an MLP, per layer.

A parametrization says, for every weight matrix ``W`` of shape ``(fan_out, fan_in)`` (PyTorch's layout; a
layer computes ``z = multiplier * (h @ W.T) + b``), three things as functions of the width: the initial
std of ``W``, a constant forward multiplier, and the factor ``lr_scale`` by which the optimizer's base
learning rate ``eta`` is multiplied for ``W`` (``course_lib.optim``'s ``lr_scales``). Widths enter only
through the ratios to a *base* model, ``m = fan_in / base_fan_in`` (and ``m_out = fan_out / base_fan_out``),
so that at the base width muP and SP are the same network and a learning rate tuned there transfers.

The layer kinds of Yang et al. 2022 ("Tensor Programs V", arXiv 2203.03466): *input* weights map a fixed
dimension to the width (``fan_in`` fixed), *hidden* weights map width to width, *output* weights map the
width to a fixed dimension (``fan_out`` fixed). With ``g`` the activation's gain (``sqrt(2)`` for ReLU)::

                  SP (all layers)      muP input            muP hidden            muP output
    init std      g / sqrt(fan_in)     g / sqrt(fan_in)     g / sqrt(fan_in)      1 / sqrt(base_fan_in)
    multiplier    1                    1                    1                     1 / m
    Adam lr       eta                  eta                  eta / m               eta
    SGD lr        eta                  eta * m_out          eta                   eta * m
    biases        eta                  Adam eta, SGD eta * m_out (hidden biases too); the output bias eta

This is the paper's Table 8 (the "multiplier" form its ``mup`` package implements) written relative to a
base model. Folding a factor ``a`` into a weight (the layer computes ``(c * a) * h @ V.T`` with ``V = W / a``)
changes neither the function nor the training if ``V`` starts at ``W``'s std divided by ``a`` and its Adam
learning rate is divided by ``a``, its SGD learning rate by ``a**2``. With ``a = m`` on the output layer
(``c * a = 1``) it gives the paper's Table 3, the same muP with no multipliers.

Depth: a residual block ``h <- h + a * (relu(h) @ W.T + b)`` with a branch multiplier ``a = 1 / sqrt(L)``
for ``L`` blocks (Yang et al. 2023, "Tensor Programs VI", arXiv 2310.02244; Bordelon et al. 2023, arXiv
2309.16620) keeps the sum of the branches of order one as ``L`` grows; :func:`residual_mlp` builds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import as_int, as_real, as_rng, one_of

PARAMETRIZATIONS = ("sp", "mup")
LAYER_KINDS = ("input", "hidden", "output")
OPTIMIZERS = ("adam", "sgd")


@dataclass(frozen=True)
class LayerRule:
    """How one layer is initialized, multiplied and trained: see the module docstring's table."""

    init_std: float
    multiplier: float
    lr_scale: float
    bias_lr_scale: float


def _ratio(value, base, name: str) -> float:
    value = as_real(value, name, positive=True)
    base = value if base is None else as_real(base, f"base_{name}", positive=True)
    return value / base


def layer_rule(kind, fan_in, fan_out, *, parametrization="mup", optimizer="adam", base_fan_in=None,
               base_fan_out=None, gain=1.0) -> LayerRule:
    """The :class:`LayerRule` of a ``(fan_out, fan_in)`` layer of ``kind`` ("input", "hidden", "output").

    ``base_fan_in`` / ``base_fan_out`` default to the layer's own fans (then muP equals SP). ``gain``
    multiplies the fan-in init std of input and hidden layers (``sqrt(2)`` before a ReLU, He et al. 2015)
    and of SP's output layer. Yang et al. 2022, Table 8, relative to the base model (module docstring).
    """
    kind = one_of(kind, "kind", LAYER_KINDS)
    parametrization = one_of(parametrization, "parametrization", PARAMETRIZATIONS)
    optimizer = one_of(optimizer, "optimizer", OPTIMIZERS)
    fan_in = as_int(fan_in, "fan_in", minimum=1)
    fan_out = as_int(fan_out, "fan_out", minimum=1)
    gain = as_real(gain, "gain", positive=True)
    m_in = _ratio(fan_in, base_fan_in, "fan_in")
    m_out = _ratio(fan_out, base_fan_out, "fan_out")
    std = gain / math.sqrt(fan_in)
    if parametrization == "sp":
        return LayerRule(std, 1.0, 1.0, 1.0)
    sgd = optimizer == "sgd"
    if kind == "input":
        return LayerRule(std, 1.0, m_out if sgd else 1.0, m_out if sgd else 1.0)
    if kind == "hidden":
        return LayerRule(std, 1.0, 1.0 if sgd else 1.0 / m_in, m_out if sgd else 1.0)
    return LayerRule(gain / math.sqrt(fan_in / m_in), 1.0 / m_in, m_in if sgd else 1.0, 1.0)


def attention_scale(d_head, *, parametrization="mup", base_d_head=None) -> float:
    """The factor on the attention logits ``q . k``: ``1/sqrt(d)`` (SP, Vaswani et al. 2017) or muP's ``1/d``.

    muP's is the paper's ``1/d``, or relative to a base head size ``sqrt(base_d) / d`` (SP's at ``d = base_d``):
    after training ``q`` and ``k`` are correlated, so ``q . k`` grows like ``d`` (a law of large numbers),
    not like ``sqrt(d)`` (Yang et al. 2022, muP's attention rule).
    """
    parametrization = one_of(parametrization, "parametrization", PARAMETRIZATIONS)
    d = as_int(d_head, "d_head", minimum=1)
    if parametrization == "sp":
        return 1.0 / math.sqrt(d)
    base = 1 if base_d_head is None else as_int(base_d_head, "base_d_head", minimum=1)
    return math.sqrt(base) / d


class ScaledMLP:
    """A ReLU MLP whose layers carry forward multipliers (``z_l = c_l * h_{l-1} @ W_l.T + b_l``), optionally residual.

    Plain: ``h_l = relu(z_l)`` for every layer but the last, whose ``z`` are the logits. Residual
    (``residual=True``): the first layer embeds, ``h_1 = z_1``; each middle layer is a block
    ``h_l = h_{l-1} + a * (c_l * relu(h_{l-1}) @ W_l.T + b_l)`` with the branch multiplier ``a``; the last
    layer reads out. Follows the training protocol of ``course_lib.training``: ``forward``, ``backward``,
    ``parameters()`` (``[W_1, b_1, ...]``, live arrays), ``gradients()``, ``post`` (every layer's output),
    and ``lr_scales`` (one per parameter, for ``course_lib.optim``).
    """

    def __init__(self, weights, biases, multipliers, *, lr_scales=None, residual=False, branch_multiplier=1.0,
                 kinds=None):
        if not isinstance(weights, (list, tuple)) or len(weights) < 2:
            raise ValueError("weights must be a list of at least two (fan_out, fan_in) arrays")
        self.weights = [np.array(w, dtype=np.float64) for w in weights]
        for index, w in enumerate(self.weights):
            if w.ndim != 2:
                raise ValueError(f"weights[{index}] must be 2-D (fan_out, fan_in), got shape {w.shape}")
            if index and w.shape[1] != self.weights[index - 1].shape[0]:
                raise ValueError(f"weights[{index}] has fan_in {w.shape[1]}, but the layer before has fan_out "
                                 f"{self.weights[index - 1].shape[0]}")
        if len(biases) != len(self.weights) or len(multipliers) != len(self.weights):
            raise ValueError("biases and multipliers must hold one entry per layer")
        self.biases = [np.array(b, dtype=np.float64).reshape(w.shape[0]) for b, w in zip(biases, self.weights)]
        self.multipliers = [as_real(c, f"multipliers[{i}]", positive=True) for i, c in enumerate(multipliers)]
        self.residual = bool(residual)
        self.branch_multiplier = as_real(branch_multiplier, "branch_multiplier", positive=True)
        if self.residual:
            for index, w in enumerate(self.weights[1:-1], start=1):
                if w.shape[0] != w.shape[1]:
                    raise ValueError(f"residual blocks need square weights, weights[{index}] is {w.shape}")
        n_params = 2 * len(self.weights)
        self.lr_scales = [1.0] * n_params if lr_scales is None else [float(s) for s in lr_scales]
        if len(self.lr_scales) != n_params:
            raise ValueError(f"lr_scales must hold one float per parameter ({n_params}), got {len(self.lr_scales)}")
        self.kinds = list(kinds) if kinds is not None else (
            ["input"] + ["hidden"] * (len(self.weights) - 2) + ["output"])
        self.post: list[np.ndarray] = []
        self._inputs: list[np.ndarray] = []
        self._grads: list[np.ndarray] | None = None

    @property
    def widths(self) -> list[int]:
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def forward(self, x) -> np.ndarray:
        """The logits for a batch ``x`` of shape ``(batch, fan_in)``; fills ``post``."""
        h = np.asarray(x, dtype=np.float64)
        if h.ndim != 2 or h.shape[1] != self.weights[0].shape[1]:
            raise ValueError(f"x must have shape (batch, {self.weights[0].shape[1]}), got {h.shape}")
        self._inputs, self.post = [], []
        last = len(self.weights) - 1
        for index, (w, b, c) in enumerate(zip(self.weights, self.biases, self.multipliers)):
            block = self.residual and 0 < index < last
            u = np.maximum(h, 0.0) if block else h
            self._inputs.append(u)
            z = c * (u @ w.T) + b
            if block:
                h = h + self.branch_multiplier * z
            elif index == last or (self.residual and index == 0):
                h = z
            else:
                h = np.maximum(z, 0.0)
            self.post.append(h)
        return h

    def backward(self, grad_logits) -> np.ndarray:
        """Fill the gradients from ``dL/dlogits``; return ``dL/dx``."""
        g = np.asarray(grad_logits, dtype=np.float64)
        if not self.post or g.shape != self.post[-1].shape:
            raise ValueError("grad_logits must have the shape of the last forward pass's logits")
        grads = [None] * (2 * len(self.weights))
        last = len(self.weights) - 1
        for index in range(last, -1, -1):
            w, c, u = self.weights[index], self.multipliers[index], self._inputs[index]
            block = self.residual and 0 < index < last
            if block:
                gz = self.branch_multiplier * g
            elif index == last or (self.residual and index == 0):
                gz = g
            else:
                gz = g * (self.post[index] > 0)
            grads[2 * index] = c * (gz.T @ u)
            grads[2 * index + 1] = gz.sum(axis=0)
            gu = c * (gz @ w)
            g = g + gu * (u > 0) if block else gu
        self._grads = grads
        return g

    def parameters(self) -> list[np.ndarray]:
        """``[W_1, b_1, W_2, b_2, ...]``, the live arrays (an optimizer updates them in place)."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def gradients(self) -> list[np.ndarray]:
        """``[dW_1, db_1, ...]`` of the last :meth:`backward`."""
        if self._grads is None:
            raise RuntimeError("no gradients yet: call forward and backward first")
        return list(self._grads)


def _check_setup(parametrization, optimizer, broken):
    parametrization = one_of(parametrization, "parametrization", PARAMETRIZATIONS)
    optimizer = one_of(optimizer, "optimizer", OPTIMIZERS)
    broken = () if broken is None else tuple(broken)
    for kind in broken:
        one_of(kind, "broken", BUGS)
    return parametrization, optimizer, broken


# Mistakes a muP implementation makes, by layer kind (used by :func:`mlp`'s ``broken``): the hidden layers
# keep SP's Adam learning rate; the input layer gets the hidden rule eta / m; the output loses its 1 / m.
BUGS = ("input", "hidden", "output")


def _apply_bug(rule: LayerRule, kind: str, m: float, optimizer: str) -> LayerRule:
    if kind == "hidden":
        return LayerRule(rule.init_std, rule.multiplier, 1.0 if optimizer == "adam" else m, rule.bias_lr_scale)
    if kind == "input":
        return LayerRule(rule.init_std, rule.multiplier, rule.lr_scale / m, rule.bias_lr_scale)
    return LayerRule(rule.init_std, 1.0, rule.lr_scale, rule.bias_lr_scale)


def mlp(widths, *, parametrization="mup", optimizer="adam", base_width=None, rng=None, zero_readout=False,
        broken=None) -> ScaledMLP:
    """A ReLU MLP ``widths = [d_in, n_1, ..., n_k, n_classes]`` under SP or muP (see :func:`layer_rule`).

    ``base_width`` (default: the model's own hidden width, then muP is SP) is the hidden width of the base
    model; the input and output dimensions are the same in both. ``zero_readout`` starts the output weights
    at 0 (an option of muP's ``MuReadout``). ``broken`` lists layer kinds implemented with a common mistake
    (:data:`BUGS`: "hidden" keeps SP's learning rate, "input" gets the hidden rule ``eta / m``, "output"
    loses its ``1 / m`` multiplier), for the coordinate-check exercises. Biases start at 0.
    """
    parametrization, optimizer, broken = _check_setup(parametrization, optimizer, broken)
    widths = [as_int(n, f"widths[{i}]", minimum=1) for i, n in enumerate(widths)]
    if len(widths) < 3:
        raise ValueError(f"widths must list d_in, at least one hidden width and n_classes, got {widths}")
    rng = as_rng(rng)
    base = None if base_width is None else as_int(base_width, "base_width", minimum=1)
    weights, biases, multipliers, scales = [], [], [], []
    last = len(widths) - 2
    for index, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        kind = "input" if index == 0 else "output" if index == last else "hidden"
        base_in = n_in if kind == "input" or base is None else base
        base_out = n_out if kind == "output" or base is None else base
        rule = layer_rule(kind, n_in, n_out, parametrization=parametrization, optimizer=optimizer,
                          base_fan_in=base_in, base_fan_out=base_out, gain=1.0 if kind == "output" else math.sqrt(2))
        if kind in broken:
            rule = _apply_bug(rule, kind, (n_out / base_out) if kind == "input" else n_in / base_in, optimizer)
        std = 0.0 if (zero_readout and kind == "output") else rule.init_std
        weights.append(std * rng.standard_normal((n_out, n_in)))
        biases.append(np.zeros(n_out))
        multipliers.append(rule.multiplier)
        scales += [rule.lr_scale, rule.bias_lr_scale]
    return ScaledMLP(weights, biases, multipliers, lr_scales=scales)


def residual_mlp(d_in, width, n_classes, blocks, *, branch_multiplier="1/sqrt(L)", rng=None) -> ScaledMLP:
    """Embedding, ``blocks`` residual blocks ``h + a * W relu(h)``, a readout; He init inside the blocks.

    ``branch_multiplier`` is a number, or ``"1/sqrt(L)"`` (depth-muP's ``a = 1/sqrt(blocks)``: Yang et al.
    2023, Bordelon et al. 2023) or ``"1"``. Embedding std ``1/sqrt(d_in)``, readout std ``1/sqrt(width)``.
    """
    d_in = as_int(d_in, "d_in", minimum=1)
    width = as_int(width, "width", minimum=1)
    n_classes = as_int(n_classes, "n_classes", minimum=1)
    blocks = as_int(blocks, "blocks", minimum=1)
    if isinstance(branch_multiplier, str):
        a = {"1/sqrt(L)": 1.0 / math.sqrt(blocks), "1": 1.0}.get(branch_multiplier)
        if a is None:
            raise ValueError("branch_multiplier must be a positive number, '1/sqrt(L)' or '1', "
                             f"got {branch_multiplier!r}")
    else:
        a = as_real(branch_multiplier, "branch_multiplier", positive=True)
    rng = as_rng(rng)
    weights = [rng.standard_normal((width, d_in)) / math.sqrt(d_in)]
    weights += [rng.standard_normal((width, width)) * math.sqrt(2.0 / width) for _ in range(blocks)]
    weights.append(rng.standard_normal((n_classes, width)) / math.sqrt(width))
    biases = [np.zeros(w.shape[0]) for w in weights]
    return ScaledMLP(weights, biases, [1.0] * len(weights), residual=True, branch_multiplier=a)


def _stacked_forward(model, weights, biases, x):
    """Forward pass of K stacked copies of a plain ``model`` (weights (K, out, in)); returns logits and caches."""
    h = np.broadcast_to(x, (weights[0].shape[0], *x.shape))
    cache = []
    last = len(weights) - 1
    for index, (w, b, c) in enumerate(zip(weights, biases, model.multipliers)):
        cache.append(h)
        z = c * np.matmul(h, w.transpose(0, 2, 1)) + b[:, None, :]
        h = z if index == last else np.maximum(z, 0.0)
    return h, cache


def lr_sweep(build, widths, lrs, x, y, *, steps, optimizer="adam", batch_size=None, rng=0,
             betas=(0.9, 0.999), eps=1e-8):
    """Final training loss (on all of ``x``) of ``build(width, rng)`` trained at every ``lr``: shape (widths, lrs).

    ``build(width, rng) -> ScaledMLP`` (plain, not residual); every learning rate starts from the same
    initialization and sees the same minibatches (``rng`` seeds both). The copies for all learning rates are
    trained at once as stacked arrays (one batched matmul per layer instead of one per run), with the update
    rules of ``course_lib.optim`` (torch's Adam, or plain SGD) and the model's ``lr_scales``. A run whose
    loss becomes non-finite or exceeds 10 times its initial loss (``course_lib.training``'s rule) gets ``inf``.
    """
    from .losses import as_labels

    optimizer = one_of(optimizer, "optimizer", OPTIMIZERS)
    steps = as_int(steps, "steps", minimum=1)
    seed = as_int(rng, "rng", minimum=0)
    x = np.asarray(x, dtype=np.float64)
    y = as_labels(y, batch=x.shape[0], name="y")
    lrs = np.array([as_real(lr, f"lrs[{i}]", positive=True) for i, lr in enumerate(lrs)])
    n = x.shape[0]
    if batch_size is not None:
        batch_size = as_int(batch_size, "batch_size", minimum=1)
        if batch_size > n:
            raise ValueError(f"batch_size must lie in [1, {n}], got {batch_size}")
    out = np.full((len(widths), lrs.size), np.inf)
    k = lrs.size
    for i, width in enumerate(widths):
        model = build(width, np.random.default_rng(seed))
        if model.residual:
            raise ValueError("lr_sweep trains plain ScaledMLPs only")
        params = [np.repeat(p[None], k, axis=0) for p in model.parameters()]
        rates = [lrs.reshape((k,) + (1,) * p.ndim) * s for p, s in zip(model.parameters(), model.lr_scales)]
        m1 = [np.zeros_like(p) for p in params]
        m2 = [np.zeros_like(p) for p in params]
        order_rng = np.random.default_rng(seed)
        order, cursor = None, n
        alive = np.ones(k, dtype=bool)
        initial = None
        with np.errstate(all="ignore"):
            for t in range(1, steps + 1):
                if batch_size is None:
                    xb, yb = x, y
                else:
                    if cursor + batch_size > n:
                        order, cursor = order_rng.permutation(n), 0
                    index = order[cursor:cursor + batch_size]
                    cursor += batch_size
                    xb, yb = x[index], y[index]
                weights, biases = params[0::2], params[1::2]
                logits, cache = _stacked_forward(model, weights, biases, xb)
                shifted = logits - logits.max(axis=2, keepdims=True)
                logp = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
                rows = np.arange(yb.size)
                loss = -logp[:, rows, yb].mean(axis=1)
                if initial is None:
                    initial = loss.copy()
                alive &= np.isfinite(loss) & (loss <= 10 * initial)
                g = np.exp(logp)
                g[:, rows, yb] -= 1.0
                g /= yb.size
                grads = [None] * len(params)
                for layer in range(len(weights) - 1, -1, -1):
                    if layer < len(weights) - 1:
                        g = g * (cache[layer + 1] > 0)
                    c = model.multipliers[layer]
                    grads[2 * layer] = c * np.matmul(g.transpose(0, 2, 1), cache[layer])
                    grads[2 * layer + 1] = g.sum(axis=1)
                    if layer:
                        g = c * np.matmul(g, weights[layer])
                for j, (p, gp, lr) in enumerate(zip(params, grads, rates)):
                    if optimizer == "sgd":
                        p -= lr * gp
                        continue
                    m1[j] = betas[0] * m1[j] + (1 - betas[0]) * gp
                    m2[j] = betas[1] * m2[j] + (1 - betas[1]) * gp * gp
                    denom = np.sqrt(m2[j]) / math.sqrt(1 - betas[1] ** t) + eps
                    p -= (lr / (1 - betas[0] ** t)) * m1[j] / denom
            logits, _ = _stacked_forward(model, params[0::2], params[1::2], x)
            shifted = logits - logits.max(axis=2, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
            final = -logp[:, np.arange(n), y].mean(axis=1)
        alive &= np.isfinite(final) & (final <= 10 * initial)
        out[i] = np.where(alive, final, np.inf)
    return out


def best_lrs(losses, lrs) -> np.ndarray:
    """The learning rate of the lowest loss in each row of ``losses`` (shape (widths, lrs))."""
    losses = np.asarray(losses, dtype=float)
    lrs = np.asarray(lrs, dtype=float)
    if losses.ndim != 2 or losses.shape[1] != lrs.size:
        raise ValueError(f"losses must have shape (widths, {lrs.size}), got {losses.shape}")
    return lrs[np.argmin(np.where(np.isfinite(losses), losses, np.inf), axis=1)]
