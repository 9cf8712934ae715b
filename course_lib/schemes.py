"""Named initialization schemes for experiments: how to draw a weight and its entry variance.

Each :class:`Scheme` pairs a sampler ``draw(shape, rng)`` with the exact variance of one entry,
``variance(shape)``, so that a simulation and the theory recursions of :mod:`course_lib.stats`
always use the same scheme. ``SCHEMES`` holds the ones the course compares.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import init
from .fans import fan_in_and_fan_out


@dataclass(frozen=True)
class Scheme:
    """An initialization: ``draw(shape, rng) -> array`` and ``variance(shape) -> Var(W_ij)``."""

    name: str
    draw: Callable[[tuple, np.random.Generator], np.ndarray]
    variance: Callable[[tuple], float]
    formula: str

    def __call__(self, shape, rng=None):
        return self.draw(tuple(shape), rng)


def _fans(shape):
    return fan_in_and_fan_out(shape)


def constant_std(std: float, name: str | None = None) -> Scheme:
    """``N(0, std**2)`` whatever the fans: what many tutorials use (``std = 1`` or ``0.01``)."""
    return Scheme(
        name or f"normal(0, {std:g}^2)",
        lambda shape, rng: init.normal(shape, 0.0, std, rng=rng),
        lambda shape: std**2,
        f"Var(W) = {std**2:g}",
    )


def _orthogonal_variance(shape):
    rows = shape[0]
    cols = math.prod(shape[1:])
    return 1.0 / max(rows, cols)


SCHEMES: dict[str, Scheme] = {
    "normal(0, 1)": constant_std(1.0, "normal(0, 1)"),
    "normal(0, 0.01)": constant_std(0.01, "normal(0, 0.01)"),
    "xavier_uniform": Scheme(
        "xavier_uniform", lambda s, rng: init.xavier_uniform(s, rng=rng),
        lambda s: 2.0 / sum(_fans(s)), "U(-a, a), a = sqrt(6 / (fan_in + fan_out))"),
    "xavier_normal": Scheme(
        "xavier_normal", lambda s, rng: init.xavier_normal(s, rng=rng),
        lambda s: 2.0 / sum(_fans(s)), "Var(W) = 2 / (fan_in + fan_out)"),
    "kaiming_normal": Scheme(
        "kaiming_normal", lambda s, rng: init.kaiming_normal(s, nonlinearity="relu", rng=rng),
        lambda s: 2.0 / _fans(s)[0], "Var(W) = 2 / fan_in"),
    "kaiming_uniform": Scheme(
        "kaiming_uniform", lambda s, rng: init.kaiming_uniform(s, nonlinearity="relu", rng=rng),
        lambda s: 2.0 / _fans(s)[0], "U(-a, a), a = sqrt(6 / fan_in)"),
    "lecun_normal": Scheme(
        "lecun_normal", lambda s, rng: init.lecun_normal(s, rng=rng),
        lambda s: 1.0 / _fans(s)[0], "Var(W) = 1 / fan_in"),
    "orthogonal": Scheme(
        "orthogonal", lambda s, rng: init.orthogonal(s, rng=rng),
        _orthogonal_variance, "W^T W = I (or W W^T = I)"),
    "pytorch_default": Scheme(
        "pytorch_default", lambda s, rng: init.kaiming_uniform(s, a=math.sqrt(5), rng=rng),
        lambda s: 1.0 / (3.0 * _fans(s)[0]), "kaiming_uniform(a=sqrt(5)): Var(W) = 1 / (3 fan_in)"),
}


def get_scheme(scheme) -> Scheme:
    """A :class:`Scheme` from its name in ``SCHEMES`` or the object itself."""
    if isinstance(scheme, Scheme):
        return scheme
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a name among {list(SCHEMES)} or a Scheme, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {list(SCHEMES)}, got {scheme!r}")
    return SCHEMES[scheme]
