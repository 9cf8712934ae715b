"""Scaled dot-product attention and residual stacks in NumPy, for studying transformer initialization.

Attention (Vaswani et al. 2017, *Attention is all you need*): ``softmax(Q K^T / sqrt(d_k)) V``. With
query and key entries i.i.d. of mean 0 and variance 1, ``q . k`` has variance ``d_k``, so the scale
``1/sqrt(d_k)`` keeps the logits at unit variance whatever the head size.

Residual stack: ``x_{l+1} = x_l + alpha * f_l(x_l)`` (He et al. 2016). If each branch preserves the
second moment and is uncorrelated with its input at init, ``Var(x_{l+1}) = (1 + alpha^2) Var(x_l)``;
with a pre-normalized branch ``f_l(LN(x_l))`` (GPT-2, Radford et al. 2019) the increments add instead:
``Var(x_L) = Var(x_0) + L alpha^2``. GPT-2 scales the output projections by ``1/sqrt(2 L)`` (two branches
per block); ReZero (Bachlechner et al. 2020) and SkipInit (De and Smith 2020) start from ``alpha = 0``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import as_int, as_real, as_rng
from .norm import layer_norm


def _array(value, name, min_ndim=2):
    if not isinstance(value, np.ndarray) or value.ndim < min_ndim:
        raise ValueError(f"{name} must be a numpy array with at least {min_ndim} dimensions (..., tokens, d), "
                         f"got {getattr(value, 'shape', type(value).__name__)}")
    return value


def attention_logits(q, k, scale=True) -> np.ndarray:
    """``q @ k^T * s`` over the last two axes: ``q`` ``(..., T_q, d_k)``, ``k`` ``(..., T_k, d_k)``.

    ``scale=True`` gives ``s = 1/sqrt(d_k)``, ``False`` gives ``s = 1``, a number is used as ``s``.
    Returns ``(..., T_q, T_k)``.
    """
    q, k = _array(q, "q"), _array(k, "k")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must have the same last dimension d_k, got {q.shape} and {k.shape}")
    if scale is True:
        s = 1.0 / np.sqrt(q.shape[-1])
    elif scale is False:
        s = 1.0
    else:
        s = as_real(scale, "scale")
    return (q @ np.swapaxes(k, -1, -2)) * s


def softmax(logits, axis: int = -1) -> np.ndarray:
    """``exp(a - max a) / sum exp(a - max a)`` along ``axis`` (subtracting the max avoids overflow)."""
    a = np.asarray(logits, dtype=np.float64)
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def entropy(weights, axis: int = -1) -> np.ndarray:
    """``-sum p log p`` (nats) along ``axis``; a weight of exactly 0 contributes 0. Uniform over n keys: log n."""
    p = np.asarray(weights, dtype=np.float64)
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=axis)


def attention(q, k, v, scale=True) -> tuple[np.ndarray, np.ndarray]:
    """``(softmax(attention_logits(q, k, scale)) @ v, weights)``; ``v`` is ``(..., T_k, d_v)``."""
    weights = softmax(attention_logits(q, k, scale))
    v = _array(v, "v")
    if v.shape[-2] != k.shape[-2]:
        raise ValueError(f"v must have as many tokens as k, got {v.shape} and {k.shape}")
    return weights @ v, weights


def mlp_branch(width: int, *, hidden_factor: int = 4, out_scale: float = 1.0, rng=None) -> Callable:
    """A random two-layer ReLU branch ``f(x) = out_scale * relu(x @ W1.T) @ W2.T`` that preserves E[x^2].

    ``W1``: ``(hidden, width)`` with variance ``2 / width`` (He), ``W2``: ``(width, hidden)`` with variance
    ``1 / hidden``; so ``E[f(x)^2] = out_scale^2 E[x^2]`` at init, and ``E[x f(x)] = 0``.
    """
    width = as_int(width, "width", minimum=1)
    hidden = width * as_int(hidden_factor, "hidden_factor", minimum=1)
    out_scale = as_real(out_scale, "out_scale")
    rng = as_rng(rng)
    W1 = rng.normal(0.0, np.sqrt(2.0 / width), (hidden, width))
    W2 = rng.normal(0.0, np.sqrt(1.0 / hidden), (width, hidden)) * out_scale
    return lambda x: np.maximum(x @ W1.T, 0.0) @ W2.T


def residual_stack(x, branches, *, alpha: float = 1.0, pre_norm: bool = False) -> np.ndarray:
    """Run ``x_{l+1} = x_l + alpha * f_l(x_l)`` (or ``f_l(layer_norm(x_l))`` if ``pre_norm``).

    ``x``: ``(N, d)``; ``branches``: callables ``(N, d) -> (N, d)``. Returns the residual-stream variance
    ``mean(x_l ** 2)`` for ``l = 0 ... len(branches)``, an array of ``len(branches) + 1`` values.
    """
    x = _array(x, "x")
    alpha = as_real(alpha, "alpha")
    branches = list(branches)
    if not all(callable(f) for f in branches):
        raise TypeError("branches must be a sequence of callables (N, d) -> (N, d)")
    variances = [float(np.mean(x * x))]
    ones, zeros = np.ones(x.shape[-1]), np.zeros(x.shape[-1])  # LayerNorm with its initial gain and bias
    for f in branches:
        out = f(layer_norm(x, ones, zeros) if pre_norm else x)
        if np.shape(out) != x.shape:
            raise ValueError(f"every branch must return the shape of its input {x.shape}, got {np.shape(out)}")
        x = x + alpha * out
        variances.append(float(np.mean(x * x)))
    return np.array(variances)
