"""Layer-sequential unit-variance initialization (LSUV); Mishkin & Matas (2016).

Mishkin, D. and Matas, J. *All you need is a good init*. ICLR 2016 (arXiv:1511.06422).

1. Pre-initialize every weight with an orthogonal matrix (Saxe et al., 2014).
2. From the first layer to the last: push a batch through the network, measure the variance of the
   layer's output ``B_l`` and rescale ``W_l <- W_l / sqrt(Var(B_l))``; repeat until
   ``|Var(B_l) - 1| < tol`` or ``max_iter`` rescalings.

The layer's output is, by default, its pre-activation ``z_l = h_{l-1} @ W_l.T`` (the output of the
dense or convolution layer itself; weights in PyTorch's layout ``(fan_out, fan_in)``). ``z_l`` is
linear in ``W_l`` and the inputs ``h_{l-1}`` are fixed once the earlier layers are done, so
``Var(c z) = c**2 Var(z)`` and one rescaling reaches ``Var(z_l) = 1`` up to rounding. With
``measure="post"`` the variance of ``h_l = phi(z_l)`` is measured instead (as when the layer and
its activation are one module, e.g. a Keras ``Dense(activation=...)`` or Caffe's in-place ReLU):
for a non-homogeneous ``phi`` (tanh, SELU, GELU, ...) the variance is not quadratic in the scale
and the loop needs several rounds; for a bounded ``phi`` (tanh, sigmoid) ``Var(h_l) = 1`` may be
out of reach, and the layer is reported as not converged.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validation import as_int, as_real, as_rng, one_of
from .activations import Activation, get_activation
from .init import orthogonal

__all__ = ["lsuv", "LSUVResult", "LayerInfo", "MEASURES"]

MEASURES = ("pre", "post")


@dataclass(frozen=True)
class LayerInfo:
    """What LSUV did to one layer (``layer`` counts from 1).

    ``scale`` is the product of the factors applied: ``W_final = scale * W_start``.
    """

    layer: int
    iterations: int
    initial_variance: float
    final_variance: float
    scale: float
    converged: bool


class LSUVResult(NamedTuple):
    """``weights`` (new arrays, one per layer) and ``info`` (one :class:`LayerInfo` per layer).

    Unpacks as ``weights, info = lsuv(...)``.
    """

    weights: list
    info: list

    def table(self) -> str:
        """A text table: layer, variance before and after, rescalings, total scale, converged."""
        lines = [f"{'layer':>5} {'var before':>11} {'var after':>10} {'iterations':>10} {'scale':>9} {'converged':>9}"]
        for item in self.info:
            lines.append(f"{item.layer:>5} {item.initial_variance:>11.4g} {item.final_variance:>10.4g} "
                         f"{item.iterations:>10d} {item.scale:>9.4g} {'yes' if item.converged else 'no':>9}")
        return "\n".join(lines)


def _is_shape(item) -> bool:
    return (isinstance(item, (tuple, list)) and len(item) > 0
            and all(isinstance(d, numbers.Integral) and not isinstance(d, (bool, np.bool_)) for d in item))


def _activation(activation) -> Callable[[np.ndarray], np.ndarray]:
    if isinstance(activation, (str, Activation)):
        return get_activation(activation).f
    if callable(activation):
        return activation
    raise TypeError(f"activation must be a name such as 'tanh', an Activation or a function, "
                    f"got {type(activation).__name__}")


def _weights(layers, rng):
    if not isinstance(layers, (list, tuple)) or not layers:
        raise TypeError("layers must be a non-empty list of weight shapes (fan_out, fan_in) or of 2-D weight "
                        f"arrays, got {type(layers).__name__}")
    weights = []
    for index, item in enumerate(layers):
        if _is_shape(item):
            if len(item) != 2 or min(item) < 1:
                raise ValueError(f"layers[{index}] must be a shape (fan_out, fan_in) of two positive ints, "
                                 f"got {tuple(item)}")
            w = orthogonal(tuple(int(d) for d in item), rng=rng)
        else:
            try:
                w = np.array(item, dtype=float)
            except (TypeError, ValueError) as error:
                raise TypeError(f"layers[{index}] must be a weight array or a shape (fan_out, fan_in)") from error
            if w.ndim != 2 or w.size == 0:
                raise ValueError(f"layers[{index}] must be a 2-D weight array (fan_out, fan_in), got shape {w.shape}")
            if not np.all(np.isfinite(w)):
                raise ValueError(f"layers[{index}] must be finite")
        if weights and w.shape[1] != weights[-1].shape[0]:
            raise ValueError(f"layers[{index}] must have fan_in {weights[-1].shape[0]} to follow layers[{index - 1}] "
                             f"of shape {weights[-1].shape}; got shape {w.shape}")
        weights.append(w)
    return weights


def lsuv(layers, batch, tol: float = 0.05, max_iter: int = 10, activation="tanh", rng=None, *,
         measure: str = "pre") -> LSUVResult:
    """Layer-sequential unit-variance init (Mishkin & Matas, 2016): ``W_l <- W_l / sqrt(Var(B_l))``.

    Parameters
    ----------
    layers : list
        One entry per dense layer, in order. A shape ``(fan_out, fan_in)`` asks for the orthogonal
        pre-initialization of the paper (:func:`course_lib.init.orthogonal`, drawn with ``rng``); a
        2-D array is used as the starting weight (copied, never modified). Both kinds can be mixed.
    batch : array of shape (B, fan_in of the first layer)
        The data the variances are measured on (the paper uses one mini-batch).
    tol, max_iter :
        Stop rescaling a layer when ``|Var(B_l) - 1| < tol`` or after ``max_iter`` rescalings.
    activation :
        ``phi`` after every layer: a name of :mod:`course_lib.activations` (``"tanh"``, ``"relu"``,
        ``"selu"``, ``"gelu"``, ...), an :class:`~course_lib.activations.Activation` or a function.
    rng :
        ``None``, an int seed or a ``numpy.random.Generator``, for the orthogonal pre-initialization.
    measure : ``"pre"`` (default) or ``"post"``
        ``B_l = z_l = h_{l-1} @ W_l.T`` (the layer's own output) or ``B_l = phi(z_l)``.

    Returns
    -------
    LSUVResult
        ``(weights, info)``: the new weights and, per layer, a :class:`LayerInfo` (rescalings done,
        variance before and after, total scale, whether ``|Var - 1| < tol`` was reached).
        ``Var`` is ``np.var`` of the whole ``(B, fan_out)`` output, as the paper's ``Var(B_L)``.

    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal((256, 32))
    >>> weights, info = lsuv([(64, 32), (64, 64), (10, 64)], 3 * x, activation="tanh", rng=1)
    >>> [round(item.final_variance, 6) for item in info]
    [1.0, 1.0, 1.0]
    """
    tol = as_real(tol, "tol", positive=True)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    measure = one_of(measure, "measure", MEASURES)
    phi = _activation(activation)
    rng = as_rng(rng)
    weights = _weights(layers, rng)
    try:
        h = np.array(batch, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("batch must be a 2-D array of real numbers (batch, fan_in)") from error
    if h.ndim != 2 or h.shape[1] != weights[0].shape[1] or h.shape[0] < 2:
        raise ValueError(f"batch must have shape (B, {weights[0].shape[1]}) with B >= 2, got {h.shape}")
    if not np.all(np.isfinite(h)):
        raise ValueError("batch must be finite")

    def output(w):
        z = h @ w.T
        return z, (z if measure == "pre" else np.asarray(phi(z), dtype=float))

    info = []
    with np.errstate(over="ignore", invalid="ignore"):
        for layer, w in enumerate(weights):
            z, out = output(w)
            variance = initial = float(np.var(out))
            iterations, scale = 0, 1.0
            while abs(variance - 1.0) >= tol and iterations < max_iter:
                if not (np.isfinite(variance) and variance > 0):
                    break  # a dead (constant) or overflowing output cannot be rescaled
                factor = 1.0 / np.sqrt(variance)
                w = w * factor
                scale *= factor
                iterations += 1
                z, out = output(w)
                variance = float(np.var(out))
            weights[layer] = w
            info.append(LayerInfo(layer + 1, iterations, initial, variance, float(scale),
                                  bool(abs(variance - 1.0) < tol)))
            h = np.asarray(phi(z), dtype=float)
    return LSUVResult(weights, info)
