"""Fan-in and fan-out of a weight array in PyTorch's layout ``(fan_out, fan_in, *kernel)``.

A layer computes ``y = x @ W.T``: ``W[i, j]`` connects input ``j`` to output ``i``. For a
convolution, the receptive field (the product of the kernel sizes) multiplies both fans.
"""

from __future__ import annotations

import math

from ._validation import as_shape, one_of

FAN_MODES = ("fan_in", "fan_out", "fan_avg")


def fan_in_and_fan_out(shape) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` for a weight of ``shape``, as ``torch.nn.init`` computes them.

    ``fan_in = shape[1] * prod(shape[2:])`` and ``fan_out = shape[0] * prod(shape[2:])``.

    >>> fan_in_and_fan_out((64, 3, 5, 5))   # Conv2d(3, 64, kernel_size=5)
    (75, 1600)
    """
    dims = as_shape(shape)
    if len(dims) < 2:
        raise ValueError(
            f"shape must have at least 2 dimensions to define fan_in and fan_out, got {dims}"
        )
    receptive_field = math.prod(dims[2:])
    return dims[1] * receptive_field, dims[0] * receptive_field


def fan(shape, mode: str = "fan_in") -> float:
    """The fan that ``mode`` selects: ``fan_in``, ``fan_out`` or ``fan_avg = (fan_in + fan_out) / 2``."""
    one_of(mode, "mode", FAN_MODES)
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
