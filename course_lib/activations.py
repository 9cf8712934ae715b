"""Activation functions and their derivatives, keyed by PyTorch's functional names.

Each entry is an :class:`Activation` with ``f(z)`` and ``df(z) = f'(z)``, both vectorized.
SELU's constants are those of Klambauer et al. (2017); GELU is the exact ``z * Phi(z)``
(PyTorch's default, not the tanh approximation).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
LEAKY_RELU_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """A nonlinearity: ``f`` and its derivative ``df``; ``gain_name`` is its ``calculate_gain`` key and
    ``param`` the parameter ``calculate_gain`` takes with it (leaky ReLU's negative slope)."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    gain_name: str
    param: float | None = None

    def __call__(self, z):
        return self.f(z)


def _sigmoid(z):
    # exp of a negative number only: no overflow warning for large |z|
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _erf(x):
    from scipy.special import erf  # scipy only when GELU is used

    return erf(x)


def _gelu(z):
    return 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0)))


def _gelu_derivative(z):
    cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return cdf + z * pdf


def _selu(z):
    return SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _selu_derivative(z):
    return SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def leaky_relu(negative_slope: float = LEAKY_RELU_SLOPE) -> Activation:
    """``leaky_relu(z) = z if z > 0 else negative_slope * z``."""
    slope = float(negative_slope)
    return Activation(
        f"leaky_relu({slope:g})",
        lambda z: np.where(z > 0, z, slope * z),
        lambda z: np.where(z > 0, 1.0, slope),
        "leaky_relu",
        slope,
    )


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation("linear", lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(z, dtype=float),
                         "linear"),
    "tanh": Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, "tanh"),
    "sigmoid": Activation("sigmoid", _sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)), "sigmoid"),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (np.asarray(z) > 0).astype(float), "relu"),
    "leaky_relu": leaky_relu(),
    "selu": Activation("selu", _selu, _selu_derivative, "selu"),
    "gelu": Activation("gelu", _gelu, _gelu_derivative, "linear"),
}


def get_activation(activation) -> Activation:
    """An :class:`Activation` from its name (``"relu"``, ...) or the object itself."""
    if isinstance(activation, Activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a name among {sorted(ACTIVATIONS)} or an Activation, "
                        f"got {type(activation).__name__}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    return ACTIVATIONS[activation]
