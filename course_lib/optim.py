"""SGD (with momentum) and Adam / AdamW on lists of NumPy arrays, step for step as ``torch.optim``.

Both optimizers update the arrays of ``params`` IN PLACE (pass a model's live parameters, e.g.
``MLP.parameters()``) and :meth:`step` returns the updates it applied (``new - old``, copies), so that a
notebook can measure how large an update is compared with its weight. Parameter ``i`` uses the learning
rate ``lr * lr_scales[i]`` (a per-layer learning rate, as the maximal-update parametrization muP needs:
Yang et al. 2022, "Tensor Programs V", Table 3); torch does the same with one parameter group per scale.

SGD (``torch.optim.SGD``, Sutskever et al. 2013 for the momentum form), with ``g_t`` the gradient::

    g <- g_t + weight_decay * p                      (L2 penalty folded into the gradient)
    b <- g                     at t = 1,  b <- momentum * b + (1 - dampening) * g  after  (if momentum > 0)
    g <- b                     (or g + momentum * b with nesterov=True)
    p <- p - lr_i * g

Adam (``torch.optim.Adam``, Kingma & Ba 2015) and AdamW (``torch.optim.AdamW``, Loshchilov & Hutter 2019,
``decoupled=True``)::

    p <- p * (1 - lr_i * weight_decay)               (AdamW: decoupled decay)
    g <- g_t + weight_decay * p                      (Adam: L2 penalty in the gradient)
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g^2
    p <- p - (lr_i / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

Adam's update is about ``lr_i`` per entry whatever the scale of the gradient (``m / sqrt(v)`` is
scale-free), which is why muP's rules for Adam differ from those for SGD.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real


def _as_params(params) -> list[np.ndarray]:
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)):
        raise TypeError(f"params must be a list of float NumPy arrays, got {type(params).__name__}")
    if not params:
        raise ValueError("params must hold at least one array")
    seen = set()
    for index, p in enumerate(params):
        if not isinstance(p, np.ndarray):
            raise TypeError(f"params[{index}] must be a NumPy array (updated in place), got {type(p).__name__}")
        if p.dtype.kind != "f":
            raise TypeError(f"params[{index}] must have a floating dtype (updated in place), got {p.dtype}")
        if not p.flags.writeable:
            raise ValueError(f"params[{index}] must be writeable (it is updated in place)")
        if id(p) in seen:
            raise ValueError(f"params[{index}] is the same array as an earlier entry; list each parameter once")
        seen.add(id(p))
    return list(params)


def _as_lr_scales(lr_scales, n_params: int) -> tuple[float, ...]:
    if lr_scales is None:
        return (1.0,) * n_params
    if isinstance(lr_scales, (str, bytes)) or not hasattr(lr_scales, "__len__"):
        raise TypeError(f"lr_scales must be None or a sequence of positive floats, got {type(lr_scales).__name__}")
    if len(lr_scales) != n_params:
        raise ValueError(f"lr_scales must hold one positive float per parameter ({n_params}), got {len(lr_scales)}")
    return tuple(as_real(s, f"lr_scales[{i}]", positive=True) for i, s in enumerate(lr_scales))


class _Optimizer:
    """Shared bookkeeping: the parameters, ``lr`` (settable), ``lr_scales``, the step count ``t``."""

    def __init__(self, params, lr, lr_scales):
        self.params = _as_params(params)
        self.lr = lr
        self.lr_scales = _as_lr_scales(lr_scales, len(self.params))
        self.t = 0

    @property
    def lr(self) -> float:
        """The base learning rate; parameter ``i`` uses ``lr * lr_scales[i]``. Settable between steps."""
        return self._lr

    @lr.setter
    def lr(self, value) -> None:
        self._lr = as_real(value, "lr", non_negative=True)

    def learning_rates(self) -> list[float]:
        """The learning rate of every parameter, ``lr * lr_scales[i]``."""
        return [self._lr * s for s in self.lr_scales]

    def _check_grads(self, grads) -> list[np.ndarray]:
        if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
            raise TypeError(f"grads must be a list of arrays, one per parameter, got {type(grads).__name__}")
        if len(grads) != len(self.params):
            raise ValueError(f"grads must hold one array per parameter ({len(self.params)}), got {len(grads)}")
        checked = []
        for index, (g, p) in enumerate(zip(grads, self.params)):
            if g is None:
                raise TypeError(f"grads[{index}] is None; run the model's backward pass before step")
            g = np.asarray(g)
            if g.dtype.kind not in "iuf":
                raise TypeError(f"grads[{index}] must be an array of real numbers, got dtype {g.dtype}")
            if g.shape != p.shape:
                raise ValueError(f"grads[{index}] must have the shape of params[{index}] {p.shape}, got {g.shape}")
            checked.append(g.astype(p.dtype, copy=False))
        return checked

    def step(self, grads) -> list[np.ndarray]:
        """Apply one update with ``grads`` (one array per parameter, same shapes); return ``new - old``."""
        grads = self._check_grads(grads)
        self.t += 1
        updates = []
        for index, (p, g, lr) in enumerate(zip(self.params, grads, self.learning_rates())):
            old = p.copy()
            self._update(index, p, g, lr)
            updates.append(p - old)
        return updates

    def _update(self, index: int, p: np.ndarray, g: np.ndarray, lr: float) -> None:  # pragma: no cover
        raise NotImplementedError


class SGD(_Optimizer):
    """Stochastic gradient descent with optional momentum and L2 weight decay, as ``torch.optim.SGD``.

    See the module docstring for the update. ``dampening`` and ``nesterov`` have torch's meaning.
    """

    def __init__(self, params, lr, *, momentum=0.0, weight_decay=0.0, lr_scales=None, dampening=0.0,
                 nesterov=False):
        super().__init__(params, lr, lr_scales)
        self.momentum = as_real(momentum, "momentum", non_negative=True)
        self.weight_decay = as_real(weight_decay, "weight_decay", non_negative=True)
        self.dampening = as_real(dampening, "dampening")
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be a bool, got {nesterov!r}")
        if nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening = 0 (as torch.optim.SGD)")
        self.nesterov = bool(nesterov)
        self.momentum_buffers: list[np.ndarray | None] = [None] * len(self.params)

    def _update(self, index, p, g, lr):
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            buf = self.momentum_buffers[index]
            if buf is None:
                buf = self.momentum_buffers[index] = g.copy()
            else:
                buf *= self.momentum
                buf += (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        p -= lr * g


class Adam(_Optimizer):
    """Adam (Kingma & Ba 2015) as ``torch.optim.Adam``; ``decoupled=True`` is ``torch.optim.AdamW``.

    ``weight_decay`` is an L2 penalty added to the gradient (Adam) or, with ``decoupled=True``, a
    shrinkage ``p <- p (1 - lr_i weight_decay)`` applied before the Adam step (AdamW, Loshchilov & Hutter
    2019). Note torch's AdamW defaults to ``weight_decay=0.01``; here the default is 0 for both.
    """

    def __init__(self, params, lr, *, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False,
                 lr_scales=None):
        super().__init__(params, lr, lr_scales)
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = tuple(as_real(b, f"betas[{i}]", non_negative=True) for i, b in enumerate(betas))
        for i, b in enumerate(self.betas):
            if b >= 1.0:
                raise ValueError(f"betas[{i}] must lie in [0, 1), got {b}")
        self.eps = as_real(eps, "eps", non_negative=True)
        self.weight_decay = as_real(weight_decay, "weight_decay", non_negative=True)
        if not isinstance(decoupled, (bool, np.bool_)):
            raise TypeError(f"decoupled must be a bool, got {decoupled!r}")
        self.decoupled = bool(decoupled)
        self.exp_avg = [np.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [np.zeros_like(p) for p in self.params]

    def _update(self, index, p, g, lr):
        beta1, beta2 = self.betas
        if self.weight_decay:
            if self.decoupled:
                p *= 1.0 - lr * self.weight_decay
            else:
                g = g + self.weight_decay * p
        m, v = self.exp_avg[index], self.exp_avg_sq[index]
        m += (1.0 - beta1) * (g - m)
        v *= beta2
        v += (1.0 - beta2) * g * g
        step_size = lr / (1.0 - beta1**self.t)
        denom = np.sqrt(v) / np.sqrt(1.0 - beta2**self.t) + self.eps
        p -= step_size * (m / denom)
