"""Single-precision random fills for course_lib.init: vectorized Box-Muller normals and truncated normals.

NumPy's float32 ziggurat (``Generator.standard_normal(dtype=float32)``) costs about as much per value as
its float64 one (about 9 ns here, a branch and two table lookups per value), 2.5x torch's float32 fill,
which is Box-Muller over a buffer of float32 uniforms. This module does the same with NumPy's SIMD
float32 ``log``/``sqrt``/``cos``/``sin``: for ``n`` values it draws ``m = ceil(n / 2)`` pairs of uniforms
in one call, ``u = rng.random(2 m, dtype=float32)``, and sets, for ``i < m``,

    r_i = std * sqrt(-2 log(1 - u_i)),   t_i = 2 pi u_{m+i},
    z_i = mean + r_i cos(t_i),           z_{m+i} = mean + r_i sin(t_i)

(the first ``n`` of the ``2 m`` values, in C order). ``1 - u`` lies in ``[2**-24, 1]``, so every value is
finite and ``|z - mean| <= 5.77 std``: the tails beyond 5.77 standard deviations (probability 8e-9) are
never drawn, as in torch. The values depend only on the generator's state and the number of values, and
the generator ends where ``rng.random(2 m, dtype=float32)`` leaves it: same seed, same array, on any
machine and whatever the number of threads (nothing here is threaded).
"""

from __future__ import annotations

import math

import numpy as np

_TWO_PI = np.float32(2.0 * math.pi)


def normal_float32(size: int, mean: float, std: float, rng: np.random.Generator) -> np.ndarray:
    """``size`` float32 draws of ``N(mean, std**2)`` by Box-Muller (module docstring), as a flat array."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError(f"size must be a non-negative int, got {size!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    pairs = (size + 1) // 2
    values = rng.random(2 * pairs, dtype=np.float32)
    radius, angle = values[:pairs], values[pairs:]
    np.subtract(np.float32(1.0), radius, out=radius)
    np.log(radius, out=radius)
    radius *= np.float32(-2.0)
    np.sqrt(radius, out=radius)
    if std != 1.0:
        radius *= np.float32(std)
    angle *= _TWO_PI
    cosine = np.cos(angle)
    np.sin(angle, out=angle)
    angle *= radius
    np.multiply(radius, cosine, out=radius)
    if mean != 0.0:
        values += np.float32(mean)
    return values[:size]


def truncated_normal_float32(size: int, mean: float, std: float, a: float, b: float,
                             rng: np.random.Generator) -> np.ndarray | None:
    """``size`` float32 draws of ``N(mean, std**2)`` conditioned on ``a <= x <= b``, or None when [a, b] is narrow.

    Rejection from :func:`normal_float32`: the float32 values outside ``[a, b]`` (compared in float64, so
    every value returned lies in [a, b]) are redrawn, in index order, until none is left. Used only when
    the interval holds more than 30 % of the normal's mass (at most 1 / 0.3 proposals per value on
    average); otherwise returns None and the caller takes the float64 tail samplers.
    """
    alpha, beta = (a - mean) / std, (b - mean) / std
    mass = 0.5 * (math.erf(beta / math.sqrt(2)) - math.erf(alpha / math.sqrt(2)))
    if not mass > 0.3:
        return None
    low, high = np.float64(a), np.float64(b)
    values = normal_float32(size, mean, std, rng)
    todo = np.flatnonzero((values < low) | (values > high))
    while todo.size:
        proposal = normal_float32(todo.size, mean, std, rng)
        values[todo] = proposal
        todo = todo[(proposal < low) | (proposal > high)]
    return values
