"""Batch and layer normalization (forward and backward) and a residual stack with Pre-LN or Post-LN.

Normalization of ``x`` over a set of axes ``A`` (Ioffe & Szegedy, 2015; Ba, Kiros & Hinton, 2016)::

    mu = mean_A(x),  var = mean_A((x - mu)**2)   (biased: divide by the count, as PyTorch's layers do)
    x_hat = (x - mu) / sqrt(var + eps),          y = gamma * x_hat + beta

* **batch norm** normalizes every feature over the batch: ``x`` has shape ``(batch, ..., features)``
  and ``A`` is every axis but the last (training-mode statistics, no running averages);
* **layer norm** normalizes every example over its features: ``A`` is the last axis.

``gamma`` and ``beta`` have shape ``(features,)``. The backward pass of either is, along ``A`` with
``m`` elements and ``g = dL/dx_hat = gamma * dL/dy``::

    dL/dx = (g - mean_A(g) - x_hat * mean_A(g * x_hat)) / sqrt(var + eps)

Because ``y`` does not change when ``x`` is multiplied by ``c > 0`` (up to ``eps``), a weight ``W``
followed by a normalization gives ``L(cW) = L(W)``, hence ``dL/dW (cW) = dL/dW (W) / c`` and
``<W, dL/dW> = 0`` (for batch norm row by row, for layer norm over the whole matrix).

:class:`ResidualStack` is a stack of ``depth`` residual blocks on a stream of width ``width``, each
with a two-layer MLP branch ``F(u) = relu(u W1^T) W2^T`` (``W1`` of shape ``(hidden, width)``,
``W2`` of shape ``(width, hidden)``, PyTorch's ``(fan_out, fan_in)`` layout), with the layer norm in
one of three placements:

* ``"pre"``  (Pre-LN):  ``x_{l+1} = x_l + F(LN(x_l))``, and a final ``LN`` on the output;
* ``"post"`` (Post-LN): ``x_{l+1} = LN(x_l + F(x_l))``, the original Transformer's placement;
* ``"none"``:           ``x_{l+1} = x_l + F(x_l)``.

Xiong et al. (2020, *On Layer Normalization in the Transformer Architecture*, Theorem 1) bound the
gradient of the last layer's weights of a Transformer at initialization by ``O(d sqrt(ln d))`` for
Post-LN and by ``O(d sqrt(ln d / L))`` for Pre-LN with ``L`` layers; their Figure 3 shows, on
Transformers, Post-LN's gradient norm growing with the layer index and Pre-LN's about the same in every
layer. This MLP-branch stack follows the depth law (its Pre-LN stream has RMS about ``sqrt(1 + L)``,
and the final layer norm divides the last blocks' gradients by it) but not the per-layer profile: its
Pre-LN gradients are largest near the input and its Post-LN profile is about flat (notebook 07
measures last/first = 0.28 and 0.86 at ``L = 24``).
``branch_norm=True`` ends every branch in a layer norm of its own; ``zero_gamma=True`` sets that
norm's ``gamma`` to zero, so every block starts as the identity (Goyal et al., 2017, *Accurate, Large
Minibatch SGD*, who zero the last batch-norm ``gamma`` of each ResNet block).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_int, as_real, as_rng, one_of

PLACEMENTS = ("pre", "post", "none")


def _check_inputs(x, gamma, beta, eps, min_ndim: int):
    x = np.asarray(x, dtype=float)
    if x.ndim < min_ndim:
        raise ValueError(f"x must have at least {min_ndim} dimensions (the features last), got shape {x.shape}")
    features = x.shape[-1]
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    if gamma.shape != (features,):
        raise ValueError(f"gamma must have shape ({features},) to match x of shape {x.shape}, got {gamma.shape}")
    if beta.shape != (features,):
        raise ValueError(f"beta must have shape ({features},) to match x of shape {x.shape}, got {beta.shape}")
    eps = as_real(eps, "eps", non_negative=True)
    return x, gamma, beta, eps


def _normalize(x, axes, eps):
    mu = x.mean(axis=axes, keepdims=True)
    centred = x - mu
    var = np.mean(centred**2, axis=axes, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    return centred * inv_std, inv_std


def _normalize_backward(grad_y, x, gamma, eps, axes):
    x_hat, inv_std = _normalize(x, axes, eps)
    other = tuple(range(x.ndim - 1))  # gamma and beta are shared over every axis but the features
    grad_gamma = np.sum(grad_y * x_hat, axis=other)
    grad_beta = np.sum(grad_y, axis=other)
    g = grad_y * gamma
    grad_x = inv_std * (g - g.mean(axis=axes, keepdims=True)
                        - x_hat * np.mean(g * x_hat, axis=axes, keepdims=True))
    return grad_x, grad_gamma, grad_beta


def batch_norm(x, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Batch normalization (Ioffe & Szegedy, 2015), training mode: every feature over the batch.

    ``x`` of shape ``(batch, ..., features)``; ``y = gamma * (x - mu_B) / sqrt(var_B + eps) + beta``
    with ``mu_B``, ``var_B`` (biased) taken over every axis but the last.

    >>> y = batch_norm(np.random.default_rng(0).normal(3, 2, (64, 5)), np.ones(5), np.zeros(5))
    >>> bool(np.allclose(y.mean(axis=0), 0) and np.allclose(y.std(axis=0), 1, atol=1e-4))
    True
    """
    x, gamma, beta, eps = _check_inputs(x, gamma, beta, eps, 2)
    x_hat, _ = _normalize(x, tuple(range(x.ndim - 1)), eps)
    return gamma * x_hat + beta


def batch_norm_backward(grad_y, x, gamma, eps: float = 1e-5):
    """``(dL/dx, dL/dgamma, dL/dbeta)`` of :func:`batch_norm` given ``dL/dy`` (same shape as ``x``)."""
    x, gamma, _, eps = _check_inputs(x, gamma, np.zeros_like(np.asarray(gamma, dtype=float)), eps, 2)
    grad_y = _check_grad(grad_y, x)
    return _normalize_backward(grad_y, x, gamma, eps, tuple(range(x.ndim - 1)))


def layer_norm(x, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Layer normalization (Ba, Kiros & Hinton, 2016): every example over its last axis (the features).

    ``y = gamma * (x - mu) / sqrt(var + eps) + beta`` with ``mu``, ``var`` (biased) over the last axis,
    as ``torch.nn.LayerNorm(features, eps)`` computes.

    >>> y = layer_norm(np.array([[1.0, 2.0, 3.0]]), np.ones(3), np.zeros(3), eps=0.0)
    >>> np.round(y, 4).tolist()
    [[-1.2247, 0.0, 1.2247]]
    """
    x, gamma, beta, eps = _check_inputs(x, gamma, beta, eps, 1)
    x_hat, _ = _normalize(x, -1, eps)
    return gamma * x_hat + beta


def layer_norm_backward(grad_y, x, gamma, eps: float = 1e-5):
    """``(dL/dx, dL/dgamma, dL/dbeta)`` of :func:`layer_norm` given ``dL/dy`` (same shape as ``x``)."""
    x, gamma, _, eps = _check_inputs(x, gamma, np.zeros_like(np.asarray(gamma, dtype=float)), eps, 1)
    grad_y = _check_grad(grad_y, x)
    return _normalize_backward(grad_y, x, gamma, eps, -1)


def _check_grad(grad_y, x):
    grad_y = np.asarray(grad_y, dtype=float)
    if grad_y.shape != x.shape:
        raise ValueError(f"grad_y must have the shape of x {x.shape}, got {grad_y.shape}")
    return grad_y


class ResidualStack:
    """``depth`` residual blocks with a two-layer ReLU MLP branch and layer norms in Pre-LN or Post-LN placement.

    Weights are drawn He-normal for ``W1`` (``Var = 2 / width``, the ReLU follows) and LeCun-normal for
    ``W2`` (``Var = 1 / hidden``), both multiplied by ``weight_scale``; so a branch roughly preserves the
    second moment of its input. ``gamma = 1`` and ``beta = 0`` everywhere, except the branch norms' gamma
    with ``zero_gamma=True`` (Goyal et al., 2017). ``final_norm`` (default: only for ``"pre"``, as in
    Xiong et al., 2020) applies one more layer norm to the output.

    After :meth:`forward`, ``stream`` holds ``x_0 .. x_L``; after :meth:`backward`, ``grad_stream`` holds
    ``dL/dx_0 .. dL/dx_L`` and ``grad_W1``, ``grad_W2``, ``grad_gamma``, ``grad_branch_gamma`` every
    block's parameter gradients; :attr:`grad_norms` gives ``sqrt(||dL/dW1||^2 + ||dL/dW2||^2)`` per block.
    """

    def __init__(self, depth: int, width: int, hidden: int | None = None, placement: str = "pre", *,
                 branch_norm: bool = False, zero_gamma: bool = False, final_norm: bool | None = None,
                 weight_scale: float = 1.0, eps: float = 1e-5, rng=None):
        self.depth = as_int(depth, "depth", minimum=1)
        self.width = as_int(width, "width", minimum=1)
        self.hidden = as_int(hidden if hidden is not None else 4 * self.width, "hidden", minimum=1)
        self.placement = one_of(placement, "placement", PLACEMENTS)
        if zero_gamma and not branch_norm:
            raise ValueError("zero_gamma=True needs branch_norm=True: it zeroes the gamma of each branch's last norm")
        self.branch_norm = bool(branch_norm)
        self.final_norm = (self.placement == "pre") if final_norm is None else bool(final_norm)
        self.eps = as_real(eps, "eps", non_negative=True)
        scale = as_real(weight_scale, "weight_scale", positive=True)
        rng = as_rng(rng)
        d, k = self.width, self.hidden
        self.W1 = [scale * rng.standard_normal((k, d)) * np.sqrt(2.0 / d) for _ in range(self.depth)]
        self.W2 = [scale * rng.standard_normal((d, k)) * np.sqrt(1.0 / k) for _ in range(self.depth)]
        self.gamma = [np.ones(d) for _ in range(self.depth)]
        self.beta = [np.zeros(d) for _ in range(self.depth)]
        self.branch_gamma = [np.zeros(d) if zero_gamma else np.ones(d) for _ in range(self.depth)]
        self.branch_beta = [np.zeros(d) for _ in range(self.depth)]
        self.final_gamma, self.final_beta = np.ones(d), np.zeros(d)
        self.stream: list[np.ndarray] = []
        self._cache: list[dict] = []

    def _block(self, layer: int, x):
        cache = {"x": x}
        u = layer_norm(x, self.gamma[layer], self.beta[layer], self.eps) if self.placement == "pre" else x
        a = u @ self.W1[layer].T
        h = np.maximum(a, 0.0)
        f = h @ self.W2[layer].T
        cache.update(u=u, a=a, h=h, f=f)
        if self.branch_norm:
            f = layer_norm(f, self.branch_gamma[layer], self.branch_beta[layer], self.eps)
        s = x + f
        cache["s"] = s
        if self.placement == "post":
            return layer_norm(s, self.gamma[layer], self.beta[layer], self.eps), cache
        return s, cache

    def forward(self, x) -> np.ndarray:
        """Run a batch ``x`` of shape ``(batch, width)``; records the stream ``x_0 .. x_L``; returns the output."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.width:
            raise ValueError(f"x must have shape (batch, {self.width}), got {x.shape}")
        self.stream, self._cache = [x], []
        for layer in range(self.depth):
            x, cache = self._block(layer, x)
            self.stream.append(x)
            self._cache.append(cache)
        if self.final_norm:
            return layer_norm(x, self.final_gamma, self.final_beta, self.eps)
        return x

    def backward(self, grad_output) -> np.ndarray:
        """Backpropagate ``dL/d(output)``; records every block's gradients; returns ``dL/dx_0``."""
        if not self._cache:
            raise RuntimeError("call forward(x) before backward(grad_output)")
        g = np.asarray(grad_output, dtype=float)
        if g.shape != self.stream[-1].shape:
            raise ValueError(f"grad_output must have the output's shape {self.stream[-1].shape}, got {g.shape}")
        depth = self.depth
        self.grad_W1, self.grad_W2 = [None] * depth, [None] * depth
        self.grad_gamma, self.grad_beta = [None] * depth, [None] * depth
        self.grad_branch_gamma, self.grad_branch_beta = [None] * depth, [None] * depth
        self.grad_stream = [None] * (depth + 1)
        if self.final_norm:
            g, self.grad_final_gamma, self.grad_final_beta = layer_norm_backward(
                g, self.stream[-1], self.final_gamma, self.eps)
        self.grad_stream[depth] = g
        for layer in reversed(range(depth)):
            c = self._cache[layer]
            if self.placement == "post":
                g, self.grad_gamma[layer], self.grad_beta[layer] = layer_norm_backward(
                    g, c["s"], self.gamma[layer], self.eps)
            grad_x = g.copy()
            grad_f = g
            if self.branch_norm:
                grad_f, self.grad_branch_gamma[layer], self.grad_branch_beta[layer] = layer_norm_backward(
                    grad_f, c["f"], self.branch_gamma[layer], self.eps)
            self.grad_W2[layer] = grad_f.T @ c["h"]
            grad_a = (grad_f @ self.W2[layer]) * (c["a"] > 0)
            self.grad_W1[layer] = grad_a.T @ c["u"]
            grad_u = grad_a @ self.W1[layer]
            if self.placement == "pre":
                grad_u, self.grad_gamma[layer], self.grad_beta[layer] = layer_norm_backward(
                    grad_u, c["x"], self.gamma[layer], self.eps)
            g = grad_x + grad_u
            self.grad_stream[layer] = g
        return g

    @property
    def grad_norms(self) -> np.ndarray:
        """``sqrt(||dL/dW1||_F^2 + ||dL/dW2||_F^2)`` for blocks ``1..L`` (after :meth:`backward`)."""
        if not getattr(self, "grad_W1", None) or self.grad_W1[0] is None:
            raise RuntimeError("call backward first")
        return np.array([np.sqrt(np.sum(g1**2) + np.sum(g2**2)) for g1, g2 in zip(self.grad_W1, self.grad_W2)])

    @property
    def rms(self) -> np.ndarray:
        """Root mean square of the stream ``x_0 .. x_L`` (after :meth:`forward`)."""
        return np.array([np.sqrt(np.mean(x**2)) for x in self.stream])

    def mse_loss(self, x, y) -> float:
        """``L = mean over the batch of 0.5 * ||output - y||^2``; runs forward and backward."""
        out = self.forward(x)
        y = np.asarray(y, dtype=float)
        if y.shape != out.shape:
            raise ValueError(f"y must have the output's shape {out.shape}, got {y.shape}")
        diff = out - y
        self.backward(diff / out.shape[0])
        return float(0.5 * np.sum(diff**2) / out.shape[0])
