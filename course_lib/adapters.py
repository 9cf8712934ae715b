"""Zero-initialized branches and adapters: LoRA (and rsLoRA), LayerScale, adaLN-Zero, ControlNet, zero-gamma.

Each block below starts as its **base** (the frozen layer, or the identity on the residual stream) because
one factor of its new path starts at zero, and still learns because the gradient of that zero factor is
not zero. Every class has the same small interface, so one training loop fits all of them:

* ``forward(x)`` (``forward(x, c)`` for the conditioned blocks) returns the output and keeps what the
  backward pass needs; ``backward(grad_out)`` fills the gradients of the trainable parameters and
  returns ``dL/dx``;
* ``names`` (the trainable parameters, in order), ``named_parameters()`` (name -> the live array, so an
  in-place update trains the block), ``parameters()`` and ``gradients()`` (lists in ``names`` order, the
  interface of :func:`course_lib.training.train`), ``base(x)`` (what the block computes with every new
  path removed).

Weights use PyTorch's layout ``(fan_out, fan_in)`` and a layer computes ``x @ W.T``.

References: Hu et al. 2021 (*LoRA*, §4.1: ``B = 0``, ``A`` random, ``Delta W x`` scaled by ``alpha / r``);
Kalajdzievski 2023 (*A Rank Stabilization Scaling Factor for Fine-Tuning with LoRA*: ``alpha / sqrt(r)``);
Touvron et al. 2021 (*Going deeper with Image Transformers*, CaiT, §2: LayerScale, a per-channel
``diag(lambda)`` initialised to a small ``eps``); Peebles & Xie 2023 (*Scalable Diffusion Models with
Transformers*, DiT, §3.2: adaLN-Zero); Zhang, Rao & Agrawala 2023 (*Adding Conditional Control to
Text-to-Image Diffusion Models*, ControlNet, §3.1: zero convolutions); Goyal et al. 2017 (*Accurate, Large
Minibatch SGD*: the last BatchNorm's gamma of each residual block initialised to 0).
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_int, as_real, as_rng
from .norm import batch_norm, batch_norm_backward, layer_norm, layer_norm_backward


def lora_scale(alpha, r, *, rslora: bool = False) -> float:
    """The factor ``s`` of a LoRA update ``Delta W = s B A``: ``alpha / r`` (Hu et al.) or ``alpha / sqrt(r)`` (rsLoRA).

    >>> lora_scale(16, 4), lora_scale(16, 4, rslora=True)
    (4.0, 8.0)
    """
    alpha = as_real(alpha, "alpha", positive=True)
    r = as_int(r, "r", minimum=1)
    return alpha / math.sqrt(r) if rslora else alpha / r


def _matrix(value, name: str, shape=None) -> np.ndarray:
    array = np.array(value, dtype=float, copy=True)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (fan_out, fan_in), got shape {array.shape}")
    if shape is not None and array.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _batch(x, width: int, name: str = "x") -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != width:
        raise ValueError(f"{name} must have shape (batch, {width}), got {x.shape}")
    return x


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z):
    return (z > 0).astype(float)  # relu'(0) = 0, as torch's backward


class _Block:
    """Shared bookkeeping: named trainable parameters and their gradients."""

    names: tuple[str, ...] = ()

    def named_parameters(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in self.names}

    def parameters(self) -> list[np.ndarray]:
        return [getattr(self, name) for name in self.names]

    def gradients(self) -> list[np.ndarray]:
        if not getattr(self, "_grads", None):
            raise RuntimeError("call forward and backward before gradients()")
        return [self._grads[name] for name in self.names]

    def named_gradients(self) -> dict[str, np.ndarray]:
        return dict(zip(self.names, self.gradients()))

    def _check_grad(self, grad_out) -> np.ndarray:
        if getattr(self, "_out", None) is None:
            raise RuntimeError("call forward before backward")
        g = np.asarray(grad_out, dtype=float)
        if g.shape != self._out.shape:
            raise ValueError(f"grad_out must have the output's shape {self._out.shape}, got {g.shape}")
        return g


class LoRALinear(_Block):
    """A frozen linear layer plus a low-rank update: ``y = x W^T + s (x A^T) B^T`` with ``s = lora_scale(alpha, r)``.

    ``W`` (shape ``(d_out, d_in)``) is frozen; ``A`` (``(r, d_in)``) and ``B`` (``(d_out, r)``) train. As in
    Hu et al. (2021, §4.1) and the ``peft`` library, ``B = 0`` and ``A`` is random, so the layer starts as
    ``W``: by default ``A ~ U(-1/sqrt(d_in), 1/sqrt(d_in))`` (peft's ``kaiming_uniform_(a=sqrt(5))``,
    ``Var(A) = 1/(3 d_in)``), or ``N(0, a_std^2)`` when ``a_std`` is given. ``alpha`` defaults to ``r``.

    Gradients, with ``G = dL/dy`` and ``u = x A^T``: ``dL/dB = s G^T u``, ``dL/dA = s (G B)^T x``; at
    ``B = 0`` the second is zero, so the first step moves ``B`` only.
    """

    names = ("A", "B")

    def __init__(self, weight, r, alpha=None, *, rslora: bool = False, a_std=None, rng=None):
        self.W = _matrix(weight, "weight")
        self.r = as_int(r, "r", minimum=1)
        self.alpha = float(self.r) if alpha is None else as_real(alpha, "alpha", positive=True)
        self.rslora = bool(rslora)
        self.scale = lora_scale(self.alpha, self.r, rslora=self.rslora)
        d_out, d_in = self.W.shape
        rng = as_rng(rng)
        if a_std is None:
            bound = 1.0 / math.sqrt(d_in)
            self.A = rng.uniform(-bound, bound, (self.r, d_in))
        else:
            self.A = rng.normal(0.0, as_real(a_std, "a_std", positive=True), (self.r, d_in))
        self.B = np.zeros((d_out, self.r))
        self._out = None
        self._grads = {}

    def base(self, x) -> np.ndarray:
        """The frozen layer alone, ``x W^T``."""
        return _batch(x, self.W.shape[1]) @ self.W.T

    def forward(self, x) -> np.ndarray:
        self._x = _batch(x, self.W.shape[1])
        self._u = self._x @ self.A.T
        self._out = self._x @ self.W.T + self.scale * self._u @ self.B.T
        return self._out

    def backward(self, grad_out) -> np.ndarray:
        g = self._check_grad(grad_out)
        gb = g @ self.B                                           # (batch, r)
        self._grads = {"A": self.scale * gb.T @ self._x, "B": self.scale * g.T @ self._u}
        return g @ self.W + self.scale * gb @ self.A

    def delta(self) -> np.ndarray:
        """The update ``s B A`` (shape of ``W``)."""
        return self.scale * self.B @ self.A

    def merged(self) -> np.ndarray:
        """``W + s B A``: one plain weight that computes the same as the adapted layer (no inference cost)."""
        return self.W + self.delta()


class LayerScaleBlock(_Block):
    """A residual block ``y = x + gamma * F(x)`` with ``F(x) = relu(x W1^T) W2^T`` and a per-channel ``gamma``.

    ``gamma`` starts at ``init_scale`` (CaiT's LayerScale uses a small ``eps``: 0.1 up to depth 18, 1e-5 at
    24, 1e-6 beyond; ReZero's scalar starts at 0). ``W1`` is He normal, ``W2`` LeCun normal.
    """

    names = ("gamma", "W1", "W2")

    def __init__(self, width, hidden, *, init_scale=1e-5, rng=None):
        width, hidden = as_int(width, "width", minimum=1), as_int(hidden, "hidden", minimum=1)
        rng = as_rng(rng)
        self.W1 = rng.normal(0.0, math.sqrt(2.0 / width), (hidden, width))
        self.W2 = rng.normal(0.0, math.sqrt(1.0 / hidden), (width, hidden))
        self.gamma = np.full(width, as_real(init_scale, "init_scale"))
        self._out = None
        self._grads = {}

    def base(self, x) -> np.ndarray:
        """The identity."""
        return _batch(x, self.W1.shape[1]).copy()

    def forward(self, x) -> np.ndarray:
        self._x = _batch(x, self.W1.shape[1])
        self._z = self._x @ self.W1.T
        self._h = _relu(self._z)
        self._f = self._h @ self.W2.T
        self._out = self._x + self.gamma * self._f
        return self._out

    def backward(self, grad_out) -> np.ndarray:
        g = self._check_grad(grad_out)
        gf = g * self.gamma
        dz = (gf @ self.W2) * _relu_grad(self._z)
        self._grads = {"gamma": np.sum(g * self._f, axis=0), "W2": gf.T @ self._h, "W1": dz.T @ self._x}
        return g + dz @ self.W1


class AdaLNZeroBlock(_Block):
    """DiT's block with adaptive layer norm: ``y = x + alpha * F(LN(x) * (1 + gamma) + beta)``.

    ``(beta, gamma, alpha) = c M^T`` split in three (``M`` of shape ``(3 width, d_cond)``; DiT's modulation
    MLP ends in such a linear layer, with a bias, omitted here), ``LN`` without affine parameters and
    ``F(u) = relu(u W1^T) W2^T``. adaLN-Zero (Peebles & Xie 2023, §3.2) starts ``M`` at zero, so
    ``alpha = 0`` and the block is the identity; ``dL/dalpha = dL/dy * F`` is not zero, so ``M`` moves at
    the first step. Here ``M`` starts random unless ``zero_modulation``.
    """

    names = ("M", "W1", "W2")

    def __init__(self, width, hidden, d_cond, *, zero_modulation: bool = True, rng=None):
        width, hidden = as_int(width, "width", minimum=1), as_int(hidden, "hidden", minimum=1)
        d_cond = as_int(d_cond, "d_cond", minimum=1)
        rng = as_rng(rng)
        self.W1 = rng.normal(0.0, math.sqrt(2.0 / width), (hidden, width))
        self.W2 = rng.normal(0.0, math.sqrt(1.0 / hidden), (width, hidden))
        self.M = np.zeros((3 * width, d_cond)) if zero_modulation else rng.normal(
            0.0, math.sqrt(1.0 / d_cond), (3 * width, d_cond))
        self._ones = np.ones(width)
        self._zeros = np.zeros(width)
        self._out = None
        self._grads = {}

    def base(self, x, c=None) -> np.ndarray:
        """The identity (``c`` is ignored)."""
        return _batch(x, self.W1.shape[1]).copy()

    def forward(self, x, c) -> np.ndarray:
        width = self.W1.shape[1]
        self._x = _batch(x, width)
        self._c = _batch(c, self.M.shape[1], "c")
        if self._c.shape[0] != self._x.shape[0]:
            raise ValueError(f"c must have one row per row of x ({self._x.shape[0]}), got {self._c.shape[0]}")
        mod = self._c @ self.M.T
        self._beta, self._gamma, self._alpha = mod[:, :width], mod[:, width:2 * width], mod[:, 2 * width:]
        self._n = layer_norm(self._x, self._ones, self._zeros)
        self._u = self._n * (1.0 + self._gamma) + self._beta
        self._z = self._u @ self.W1.T
        self._h = _relu(self._z)
        self._f = self._h @ self.W2.T
        self._out = self._x + self._alpha * self._f
        return self._out

    def backward(self, grad_out) -> np.ndarray:
        g = self._check_grad(grad_out)
        d_alpha = g * self._f
        gf = g * self._alpha
        dz = (gf @ self.W2) * _relu_grad(self._z)
        du = dz @ self.W1
        d_beta, d_gamma = du, du * self._n
        d_mod = np.concatenate([d_beta, d_gamma, d_alpha], axis=1)
        self._grads = {"M": d_mod.T @ self._c, "W2": gf.T @ self._h, "W1": dz.T @ self._u}
        dn = du * (1.0 + self._gamma)
        dx_norm, _, _ = layer_norm_backward(dn, self._x, self._ones)
        return g + dx_norm


class ControlNetBlock(_Block):
    """A frozen layer ``F0(x) = relu(x W0^T)`` plus a trainable copy between two zero convolutions (1x1 here).

    ``y = F0(x) + relu((x + c Z1^T) Wc^T) Z2^T`` (Zhang et al. 2023, §3.1, eq. 2): ``Wc`` starts as a copy of
    ``W0``; ``Z1`` (shape ``(width, d_cond)``) and ``Z2`` (``(hidden, hidden)``) start at zero, so ``y = F0(x)``.
    ``dL/dZ2 = G^T relu(...)`` is not zero (the copy's output is not), so ``Z2`` moves at the first step,
    then ``Wc`` and ``Z1``.
    """

    names = ("Z1", "Wc", "Z2")

    def __init__(self, base_weight, d_cond, *, rng=None):
        self.W0 = _matrix(base_weight, "base_weight")
        hidden, width = self.W0.shape
        d_cond = as_int(d_cond, "d_cond", minimum=1)
        as_rng(rng)  # accepted for a uniform interface; the zero convolutions need no draw
        self.Wc = self.W0.copy()
        self.Z1 = np.zeros((width, d_cond))
        self.Z2 = np.zeros((hidden, hidden))
        self._out = None
        self._grads = {}

    def base(self, x, c=None) -> np.ndarray:
        """The frozen layer alone, ``relu(x W0^T)`` (``c`` is ignored)."""
        return _relu(_batch(x, self.W0.shape[1]) @ self.W0.T)

    def forward(self, x, c) -> np.ndarray:
        self._x = _batch(x, self.W0.shape[1])
        self._c = _batch(c, self.Z1.shape[1], "c")
        if self._c.shape[0] != self._x.shape[0]:
            raise ValueError(f"c must have one row per row of x ({self._x.shape[0]}), got {self._c.shape[0]}")
        self._v = self._x + self._c @ self.Z1.T
        self._z = self._v @ self.Wc.T
        self._h = _relu(self._z)
        self._out = self.base(self._x) + self._h @ self.Z2.T
        return self._out

    def backward(self, grad_out) -> np.ndarray:
        g = self._check_grad(grad_out)
        dz = (g @ self.Z2) * _relu_grad(self._z)
        dv = dz @ self.Wc
        self._grads = {"Z2": g.T @ self._h, "Wc": dz.T @ self._v, "Z1": dv.T @ self._c}
        base_z = self._x @ self.W0.T
        return (g * _relu_grad(base_z)) @ self.W0 + dv


class ZeroGammaResidualBlock(_Block):
    """``y = x + BN(relu(BN(x W1^T)) W2^T)`` whose last BatchNorm's gamma starts at ``gamma_init`` (Goyal et al.: 0).

    The first BatchNorm has ``gamma = 1, beta = 0`` (trainable ``gamma1``); the last has ``gamma2`` and
    ``beta2 = 0`` (``beta2`` trainable too). With ``gamma2 = 0`` the branch outputs ``beta2 = 0``: the block is
    the identity, and ``dL/dgamma2 = sum over the batch of dL/dy * x_hat`` is not zero.
    """

    names = ("W1", "gamma1", "W2", "gamma2", "beta2")

    def __init__(self, width, hidden, *, gamma_init=0.0, rng=None):
        width, hidden = as_int(width, "width", minimum=1), as_int(hidden, "hidden", minimum=1)
        rng = as_rng(rng)
        self.W1 = rng.normal(0.0, math.sqrt(2.0 / width), (hidden, width))
        self.W2 = rng.normal(0.0, math.sqrt(2.0 / hidden), (width, hidden))
        self.gamma1 = np.ones(hidden)
        self.gamma2 = np.full(width, as_real(gamma_init, "gamma_init"))
        self.beta2 = np.zeros(width)
        self._out = None
        self._grads = {}

    def base(self, x) -> np.ndarray:
        """The identity."""
        return _batch(x, self.W1.shape[1]).copy()

    def forward(self, x) -> np.ndarray:
        self._x = _batch(x, self.W1.shape[1])
        self._a = self._x @ self.W1.T
        self._n1 = batch_norm(self._a, self.gamma1, np.zeros_like(self.gamma1))
        self._h = _relu(self._n1)
        self._b = self._h @ self.W2.T
        self._f = batch_norm(self._b, self.gamma2, self.beta2)
        self._out = self._x + self._f
        return self._out

    def backward(self, grad_out) -> np.ndarray:
        g = self._check_grad(grad_out)
        db, dgamma2, dbeta2 = batch_norm_backward(g, self._b, self.gamma2)
        dh = db @ self.W2
        dn1 = dh * _relu_grad(self._n1)
        da, dgamma1, _ = batch_norm_backward(dn1, self._a, self.gamma1)
        self._grads = {"W1": da.T @ self._x, "gamma1": dgamma1, "W2": db.T @ self._h, "gamma2": dgamma2,
                       "beta2": dbeta2}
        return g + da @ self.W1


def sgd_steps(block, x, target, *, steps: int = 1, lr: float = 0.1, c=None):
    """``steps`` plain SGD steps on ``L = mean over the batch of 0.5 ||block(x) - target||^2``.

    Returns ``(losses, moved)``: the loss before each step and after the last (``steps + 1`` values), and
    per parameter name the step (1-based) at which it first changed, or ``None``.
    """
    steps = as_int(steps, "steps", minimum=1)
    lr = as_real(lr, "lr", positive=True)
    target = np.asarray(target, dtype=float)
    start = {name: p.copy() for name, p in block.named_parameters().items()}
    moved = dict.fromkeys(block.names)
    losses = []
    for step in range(steps + 1):
        out = block.forward(x) if c is None else block.forward(x, c)
        if out.shape != target.shape:
            raise ValueError(f"target must have the output's shape {out.shape}, got {target.shape}")
        diff = out - target
        losses.append(float(0.5 * np.sum(diff**2) / out.shape[0]))
        if step == steps:
            break
        block.backward(diff / out.shape[0])
        for p, grad in zip(block.parameters(), block.gradients()):
            p -= lr * grad
        for name, p in block.named_parameters().items():
            if moved[name] is None and not np.array_equal(p, start[name]):
                moved[name] = step + 1
    return losses, moved
