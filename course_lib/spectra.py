"""Input-output Jacobians of deep stacks and the spectra of their singular values.

For the stack ``z_l = h_{l-1} @ W_l.T + b_l``, ``h_l = phi_l(z_l)`` (``l = 1..L``, ``h_0 = x``, weights
in PyTorch's layout ``(fan_out, fan_in)``), the Jacobian of the output with respect to the input at
one input point ``x`` is, by the chain rule,

    J(x) = dh_L / dx = D_L W_L D_{L-1} W_{L-1} ... D_1 W_1,      D_l = diag(phi_l'(z_l)),

a matrix of shape ``(n_L, n_0)``. A small input perturbation ``dx`` becomes ``J dx``: the singular
values of ``J`` are the gains along the principal directions, and the backward pass multiplies a
gradient by ``J.T``, with the same singular values. *Dynamical isometry* (Saxe, McClelland & Ganguli,
2014; Pennington, Schoenholz & Ganguli, 2017) means that all of them are close to 1, whatever the
depth, so that no direction is amplified or lost.

* Linear stack of orthogonal (square) matrices: ``J`` is orthogonal, every singular value is exactly 1.
* Linear stack of Gaussian matrices with ``Var(W) = 1 / n``: the mean of ``s**2`` stays 1 but the
  spectrum spreads with depth (the largest squared singular value grows roughly like ``e * L``).
* In the wide limit the spread of the squared singular values, ``Var(s**2) / mean(s**2)**2``, grows
  like ``L`` times a per-layer term: 1 for square Gaussian weights, 0 for orthogonal ones, plus the
  spread of ``sigma_w**2 * phi'(z)**2`` (Pennington, Schoenholz & Ganguli, 2017). For ReLU that term is
  1 whatever the weights, so ReLU cannot be isometric (its zero singular values, one per inactive
  unit, are rank deficiency present at any depth; the nonzero ones are exactly ``sqrt(2)`` at depth 1
  with orthogonal weights times ``sqrt(2)``). ``tanh`` with orthogonal weights on the critical line
  (``sigma_w**2 E[tanh'(z)**2] = 1``) with a small fixed-point variance ``q* > 0`` (a small bias,
  ``sigma_w`` slightly above 1) keeps the spread small much deeper than with Gaussian weights.

The functions accept a :class:`course_lib.nets.MLP` (its biases and its activations, the last layer
using ``output_activation``) or a list of weight arrays with an ``activation`` applied after every
layer, and one input point (shape ``(n_0,)``) or a batch of them (shape ``(B, n_0)``). The product is
accumulated layer by layer with matrix products (no per-unit loops), and singular values come from
``np.linalg.svd(J, compute_uv=False)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_int
from .activations import get_activation
from .nets import MLP

__all__ = [
    "jacobian", "jacobians_by_depth", "singular_values", "singular_values_by_depth",
    "condition_number", "SpectrumSummary", "summarize",
]


def _stack(model, activation, biases):
    """(weights, biases, activations) of an MLP or of a list of weights."""
    if isinstance(model, MLP):
        if activation is not None:
            raise ValueError("activation must be None for an MLP: the network's own activations are used")
        if biases is not None:
            raise ValueError("biases must be None for an MLP: the network's own biases are used")
        activations = [model.activation] * (model.depth - 1) + [model.output_activation]
        return model.weights, model.biases, activations
    if not isinstance(model, (list, tuple)) or not model:
        raise TypeError(
            "model must be a course_lib.nets.MLP or a non-empty list of 2-D weight arrays of shape "
            f"(fan_out, fan_in), got {type(model).__name__}"
        )
    weights = []
    for index, w in enumerate(model):
        try:
            w = np.asarray(w, dtype=float)
        except (TypeError, ValueError) as error:
            raise TypeError(f"model[{index}] must be a 2-D array of real numbers") from error
        if w.ndim != 2:
            raise ValueError(f"model[{index}] must be 2-D (fan_out, fan_in), got shape {w.shape}")
        if index and w.shape[1] != weights[-1].shape[0]:
            raise ValueError(
                f"model[{index}] must have shape (n, {weights[-1].shape[0]}) to follow model[{index - 1}] of "
                f"shape {weights[-1].shape}; got {w.shape}"
            )
        weights.append(w)
    act = get_activation("linear" if activation is None else activation)
    if biases is None:
        biases = [None] * len(weights)
    else:
        if not isinstance(biases, (list, tuple)) or len(biases) != len(weights):
            raise ValueError(f"biases must be None or a list of one vector per layer ({len(weights)})")
        checked = []
        for index, (b, w) in enumerate(zip(biases, weights)):
            b = np.asarray(b, dtype=float)
            if b.shape != (w.shape[0],):
                raise ValueError(f"biases[{index}] must have shape ({w.shape[0]},), got {b.shape}")
            checked.append(b)
        biases = checked
    return weights, biases, [act] * len(weights)


def _points(x, n_in):
    """x as a (B, n_in) float array, and whether it was a single point."""
    try:
        points = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("x must be an array of real numbers") from error
    single = points.ndim == 1
    if single:
        points = points[None, :]
    if points.ndim != 2 or points.shape[1] != n_in:
        raise ValueError(f"x must have shape ({n_in},) or (batch, {n_in}), got {np.shape(x)}")
    if not np.all(np.isfinite(points)):
        raise ValueError("x must be finite")
    return points, single


def _depths(depths, total):
    if depths is None:
        return list(range(1, total + 1))
    if isinstance(depths, (int, np.integer)):
        depths = [depths]
    checked = sorted({as_int(d, "depths[i]", minimum=1) for d in depths})
    if not checked:
        raise ValueError("depths must list at least one depth")
    if checked[-1] > total:
        raise ValueError(f"depths must not exceed the number of layers ({total}), got {checked[-1]}")
    return checked


def jacobians_by_depth(model, x, depths=None, *, activation=None, biases=None) -> dict[int, np.ndarray]:
    """``{d: dh_d / dx}`` for each depth ``d`` in ``depths`` (default: every layer), in one forward pass.

    ``dh_d / dx = D_d W_d ... D_1 W_1`` has shape ``(n_d, n_0)`` for one point ``x`` of shape ``(n_0,)``
    and ``(B, n_d, n_0)`` for a batch of shape ``(B, n_0)``. ``model`` is an MLP or a list of weights;
    for a list, ``activation`` (default ``"linear"``) follows every layer and ``biases`` are optional.
    """
    weights, bias_list, activations = _stack(model, activation, biases)
    wanted = _depths(depths, len(weights))
    h, single = _points(x, weights[0].shape[1])
    out = {}
    product = None
    for layer, (w, b, act) in enumerate(zip(weights, bias_list, activations), start=1):
        z = h @ w.T
        if b is not None:
            z = z + b
        # J_l = D_l W_l J_{l-1}: scale the rows of W_l J_{l-1} by phi'(z_l), one batch entry at a time
        product = np.broadcast_to(w, (h.shape[0], *w.shape)) if product is None else np.matmul(w, product)
        if act.name != "linear":
            product = act.df(z)[:, :, None] * product
        if layer in wanted:
            out[layer] = product[0].copy() if single else np.array(product)
        if layer == wanted[-1]:
            break
        h = act.f(z)
    return out


def jacobian(model, x, *, activation=None, biases=None) -> np.ndarray:
    """The input-output Jacobian ``J = D_L W_L ... D_1 W_1`` at ``x`` (see the module docstring).

    Shape ``(n_L, n_0)`` for one point ``x`` of shape ``(n_0,)``, ``(B, n_L, n_0)`` for a batch.

    >>> import numpy as np
    >>> W = [np.eye(3), 2 * np.eye(3)]
    >>> jacobian(W, np.zeros(3)).diagonal().tolist()
    [2.0, 2.0, 2.0]
    """
    weights, _, _ = _stack(model, activation, biases)
    return jacobians_by_depth(model, x, [len(weights)], activation=activation, biases=biases)[len(weights)]


def singular_values(model, x, *, activation=None, biases=None) -> np.ndarray:
    """Singular values of the input-output Jacobian at ``x``, in decreasing order.

    Shape ``(min(n_L, n_0),)`` for one point, ``(B, min(n_L, n_0))`` for a batch.
    """
    return np.linalg.svd(jacobian(model, x, activation=activation, biases=biases), compute_uv=False)


def singular_values_by_depth(model, x, depths=None, *, activation=None, biases=None) -> dict[int, np.ndarray]:
    """``{d: singular values of dh_d / dx}`` for each depth in ``depths``, from one forward pass."""
    jacobians = jacobians_by_depth(model, x, depths, activation=activation, biases=biases)
    return {d: np.linalg.svd(j, compute_uv=False) for d, j in jacobians.items()}


def condition_number(singular_values) -> float | np.ndarray:
    """``s_max / s_min`` over the last axis (``inf`` when ``s_min == 0``); a float for a 1-D input."""
    s = np.asarray(singular_values, dtype=float)
    if s.ndim == 0 or s.shape[-1] == 0:
        raise ValueError("singular_values must hold at least one value along its last axis")
    if np.any(s < 0) or not np.all(np.isfinite(s)):
        raise ValueError("singular_values must be finite and non-negative")
    low, high = s.min(axis=-1), s.max(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(low > 0, high / np.where(low > 0, low, 1.0), np.inf)
    return float(ratio) if ratio.ndim == 0 else ratio


@dataclass(frozen=True)
class SpectrumSummary:
    """Summary of a set of singular values ``s`` (pooled over points when there are several).

    ``mean_squared`` is ``mean(s**2)``: for a square ``J`` it is ``trace(J J^T) / n``, the average
    squared gain (Pennington et al.'s first moment of the spectrum of ``J J^T``). ``condition`` is
    the median over points of ``s_max / s_min`` for a batch, the condition number for one point.
    ``within_2x`` is the fraction of singular values in ``[1/2, 2]``.
    """

    count: int
    s_min: float
    s_max: float
    mean: float
    mean_squared: float
    condition: float
    within_2x: float

    def __str__(self) -> str:
        return (f"s in [{self.s_min:.3g}, {self.s_max:.3g}], mean {self.mean:.3g}, mean s^2 "
                f"{self.mean_squared:.3g}, condition {self.condition:.3g}, in [1/2, 2]: {self.within_2x:.0%}")


def summarize(singular_values) -> SpectrumSummary:
    """A :class:`SpectrumSummary` of singular values of shape ``(k,)`` (one point) or ``(B, k)``."""
    s = np.asarray(singular_values, dtype=float)
    if s.ndim not in (1, 2):
        raise ValueError(f"singular_values must have shape (k,) or (B, k), got {s.shape}")
    condition = condition_number(s)
    if s.ndim == 2:
        condition = float(np.median(condition))
    flat = s.ravel()
    return SpectrumSummary(
        count=int(flat.size), s_min=float(flat.min()), s_max=float(flat.max()), mean=float(flat.mean()),
        mean_squared=float(np.mean(flat**2)), condition=float(condition),
        within_2x=float(np.mean((flat >= 0.5) & (flat <= 2.0))),
    )
