"""Argument checks shared by every module of course_lib.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind,
wrong value) with a message that names the argument and says what was expected.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

RngLike = None | int | np.random.Generator


def as_shape(shape, name: str = "shape") -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative Python ints (an int means a 1-D shape)."""
    if isinstance(shape, (bool, np.bool_)):
        raise TypeError(f"{name} must be a tuple of non-negative ints, got {shape!r}")
    if isinstance(shape, np.ndarray) and shape.ndim == 0:
        if shape.dtype.kind not in "iu":
            raise TypeError(f"{name} must be a tuple of non-negative ints, got a 0-d array of {shape.dtype}")
        shape = int(shape)
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    if not isinstance(shape, (Sequence, np.ndarray)) or isinstance(shape, (str, bytes)):
        raise TypeError(f"{name} must be a tuple of non-negative ints, got {type(shape).__name__} {shape!r}")
    dims = []
    for dim in shape:
        if isinstance(dim, (bool, np.bool_)) or not isinstance(dim, numbers.Integral):
            raise TypeError(f"{name} must contain only ints, got {dim!r} in {tuple(shape)!r}")
        if dim < 0:
            raise ValueError(f"{name} must contain non-negative ints, got {tuple(shape)!r}")
        dims.append(int(dim))
    return tuple(dims)


def as_rng(rng, name: str = "rng") -> np.random.Generator:
    """``None`` -> fresh Generator, ``int`` -> ``default_rng(int)``, a Generator -> itself."""
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"{name} must be a non-negative int seed, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}"
    )


def as_float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """A NumPy floating dtype (float16, float32 or float64)."""
    try:
        resolved = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{name} must be a NumPy floating dtype such as np.float64, got {dtype!r}") from error
    if resolved.kind != "f":
        raise TypeError(f"{name} must be a NumPy floating dtype such as np.float64, got {resolved}")
    return resolved


def as_real(value, name: str, *, positive: bool = False, non_negative: bool = False,
            allow_inf: bool = False) -> float:
    """A real number as a Python float: finite unless ``allow_inf`` (NaN is always refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if np.isnan(value) or (not allow_inf and not np.isfinite(value)):
        raise ValueError(f"{name} must be {'a number' if allow_inf else 'finite'}, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if non_negative and value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return value


def as_int(value, name: str, *, minimum: int | None = None) -> int:
    """An integer (not a bool) as a Python int, at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def one_of(value, name: str, choices) -> str:
    """``value`` must be a string among ``choices``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}, got {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value
