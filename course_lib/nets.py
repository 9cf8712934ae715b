"""Tiny vectorized NumPy networks whose forward and backward passes keep per-layer records.

Layer ``l`` (``l = 1..L``) computes ``z_l = h_{l-1} @ W_l.T + b_l`` and ``h_l = phi(z_l)``, with
``W_l`` of shape ``(n_l, n_{l-1})`` (PyTorch's layout) and ``h_0 = x`` of shape ``(batch, n_0)``.
After :meth:`MLP.forward` the lists ``inputs`` (``h_0 .. h_{L-1}``), ``pre`` (``z_l``) and ``post``
(``h_l``) hold every layer's values; after :meth:`MLP.backward` so do ``grad_pre`` (dL/dz_l),
``grad_post`` (dL/dh_l), ``grad_weights`` and ``grad_biases``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_int, as_real, as_rng
from .activations import get_activation
from .schemes import get_scheme


class MLP:
    """A multilayer perceptron ``x -> phi(... phi(x W_1^T + b_1) ...)``.

    ``activation`` is applied after every layer but the last, which uses ``output_activation``
    (by default the same ``activation``: a signal-propagation stack; pass ``"linear"`` for a
    regression network).
    """

    def __init__(self, weights, biases=None, activation="relu", output_activation=None, *, copy: bool = True):
        if not isinstance(weights, (list, tuple)) or not weights:
            raise TypeError("weights must be a non-empty list of 2-D arrays of shape (fan_out, fan_in)")
        # copy=False shares float64 arrays with the caller (read-only uses such as cached experiments);
        # training with sgd_step then updates the caller's arrays in place.
        self.weights = [np.array(w, dtype=float, copy=True if copy else None) for w in weights]
        for index, (w, w_next) in enumerate(zip(self.weights, self.weights[1:])):
            if w.ndim != 2 or w_next.ndim != 2 or w_next.shape[1] != w.shape[0]:
                raise ValueError(
                    f"weights[{index + 1}] must have shape (n, {w.shape[0]}) to follow weights[{index}] of "
                    f"shape {w.shape}; got {w_next.shape}"
                )
        if self.weights[0].ndim != 2:
            raise ValueError(f"weights[0] must be 2-D (fan_out, fan_in), got shape {self.weights[0].shape}")
        if biases is None:
            biases = [np.zeros(w.shape[0]) for w in self.weights]
        if len(biases) != len(self.weights):
            raise ValueError(f"biases must have one vector per layer ({len(self.weights)}), got {len(biases)}")
        self.biases = [np.array(b, dtype=float) for b in biases]
        for index, (b, w) in enumerate(zip(self.biases, self.weights)):
            if b.shape != (w.shape[0],):
                raise ValueError(f"biases[{index}] must have shape ({w.shape[0]},) to match weights[{index}] of "
                                 f"shape {w.shape}, got {b.shape}")
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation if output_activation is not None else activation)
        self.inputs: list[np.ndarray] = []
        self.pre: list[np.ndarray] = []
        self.post: list[np.ndarray] = []
        self.grad_pre: list[np.ndarray] = []
        self.grad_post: list[np.ndarray] = []
        self.grad_weights: list[np.ndarray] = []
        self.grad_biases: list[np.ndarray] = []

    @classmethod
    def initialized(cls, widths, scheme="kaiming_normal", activation="relu", output_activation=None,
                    bias: float = 0.0, rng=None) -> MLP:
        """A network with layer widths ``widths = [n_0, n_1, ..., n_L]`` and weights drawn by ``scheme``.

        ``scheme`` is a name from :data:`course_lib.schemes.SCHEMES`, a :class:`~course_lib.schemes.Scheme`,
        or any callable ``scheme(shape, rng) -> array``. Biases start at the constant ``bias``.
        """
        widths = [as_int(n, "widths[i]", minimum=1) for n in widths]
        if len(widths) < 2:
            raise ValueError(f"widths must list at least an input and an output width, got {widths}")
        draw = scheme if callable(scheme) and not isinstance(scheme, str) else get_scheme(scheme)
        rng = as_rng(rng)
        bias = as_real(bias, "bias")
        weights = [np.asarray(draw((n_out, n_in), rng), dtype=float) for n_in, n_out in zip(widths, widths[1:])]
        biases = [np.full(n_out, bias) for n_out in widths[1:]]
        return cls(weights, biases, activation, output_activation)

    @property
    def depth(self) -> int:
        return len(self.weights)

    @property
    def widths(self) -> list[int]:
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def _phi(self, layer: int):
        return self.output_activation if layer == self.depth - 1 else self.activation

    def forward(self, x) -> np.ndarray:
        """Run the network on a batch ``x`` of shape ``(batch, n_0)``, recording every layer."""
        h = np.asarray(x, dtype=float)
        if h.ndim != 2 or h.shape[1] != self.widths[0]:
            raise ValueError(f"x must have shape (batch, {self.widths[0]}), got {h.shape}")
        self.inputs, self.pre, self.post = [], [], []
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            self.inputs.append(h)
            z = h @ w.T + b
            h = self._phi(layer).f(z)
            self.pre.append(z)
            self.post.append(h)
        return h

    def backward(self, grad_output, parameter_grads: bool = True) -> np.ndarray:
        """Backpropagate ``dL/dh_L`` (shape of the output), recording every layer; returns ``dL/dx``.

        ``parameter_grads=False`` skips ``grad_weights`` and ``grad_biases`` (for signal statistics only).
        """
        if not self.pre:
            raise RuntimeError("call forward(x) before backward(grad_output)")
        g = np.asarray(grad_output, dtype=float)
        if g.shape != self.post[-1].shape:
            raise ValueError(f"grad_output must have the output's shape {self.post[-1].shape}, got {g.shape}")
        depth = self.depth
        self.grad_pre, self.grad_post = [None] * depth, [None] * depth
        self.grad_weights, self.grad_biases = [None] * depth, [None] * depth
        for layer in reversed(range(depth)):
            self.grad_post[layer] = g
            delta = g * self._phi(layer).df(self.pre[layer])
            self.grad_pre[layer] = delta
            if parameter_grads:
                self.grad_weights[layer] = delta.T @ self.inputs[layer]
                self.grad_biases[layer] = delta.sum(axis=0)
            g = delta @ self.weights[layer]
        return g

    def mse_loss(self, x, y) -> float:
        """``L = mean over the batch of 0.5 * ||f(x) - y||^2``; runs forward and backward."""
        out = self.forward(x)
        y = np.asarray(y, dtype=float)
        if y.shape == (out.shape[0],) and out.shape[1] == 1:
            y = y[:, None]
        if y.shape != out.shape:
            hint = " (transposed?)" if y.shape == out.shape[::-1] else ""
            raise ValueError(f"y must have the output's shape {out.shape}, got {y.shape}{hint}")
        diff = out - y
        self.backward(diff / out.shape[0])
        return float(0.5 * np.sum(diff**2) / out.shape[0])

    def sgd_step(self, lr: float) -> None:
        """``W <- W - lr * dL/dW`` and ``b <- b - lr * dL/db`` with the gradients of the last backward."""
        if not self.grad_weights or self.grad_weights[0] is None:
            raise RuntimeError("call backward (or mse_loss) with parameter gradients before sgd_step")
        for w, b, gw, gb in zip(self.weights, self.biases, self.grad_weights, self.grad_biases):
            w -= lr * gw
            b -= lr * gb

    def parameters(self) -> list[np.ndarray]:
        """``[W_1, b_1, W_2, b_2, ...]``: the live arrays, so an optimizer updating them in place trains the net."""
        params = []
        for w, b in zip(self.weights, self.biases):
            params += [w, b]
        return params

    def gradients(self) -> list[np.ndarray]:
        """``[dL/dW_1, dL/db_1, ...]`` of the last :meth:`backward`, in the order of :meth:`parameters`."""
        if not self.grad_weights or any(g is None for g in self.grad_weights):
            raise RuntimeError("call backward(grad_output) with parameter gradients before gradients()")
        grads = []
        for gw, gb in zip(self.grad_weights, self.grad_biases):
            grads += [gw, gb]
        return grads
