"""Recommended gains for nonlinearities, as ``torch.nn.init.calculate_gain`` returns them.

| nonlinearity                   | gain                               |
|--------------------------------|------------------------------------|
| linear, conv{1,2,3}d, conv_transpose{1,2,3}d | 1                  |
| sigmoid                        | 1                                  |
| tanh                           | 5/3                                |
| relu                           | sqrt(2)                            |
| leaky_relu                     | sqrt(2 / (1 + negative_slope**2))  |
| selu                           | 3/4                                |

The gains of relu and leaky_relu follow from He et al. (2015): they restore the second
moment that the nonlinearity removes. Those of tanh (5/3) and selu (3/4) are PyTorch
conventions, not laws: 5/3 is close to the gain that keeps a deep tanh stack's variance
from collapsing, and 3/4 was chosen in PyTorch (issue #24991) to trade off stability.
"""

from __future__ import annotations

import math
import numbers

LINEAR_LIKE = (
    "linear", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid",
)
NONLINEARITIES = (*LINEAR_LIKE, "tanh", "relu", "leaky_relu", "selu")


def calculate_gain(nonlinearity: str, param=None) -> float:
    """Return the recommended gain for ``nonlinearity`` (see the module's table).

    ``param`` is the negative slope of ``leaky_relu`` (default 0.01) and is ignored otherwise.

    >>> round(calculate_gain("leaky_relu", 0.2), 4)   # sqrt(2 / (1 + 0.2**2))
    1.3868
    """
    if not isinstance(nonlinearity, str):
        raise TypeError(f"nonlinearity must be a string, one of {list(NONLINEARITIES)}, got {nonlinearity!r}")
    if nonlinearity in LINEAR_LIKE:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            negative_slope = float(param)
        else:
            raise ValueError(f"param (the negative slope of leaky_relu) must be a number, got {param!r}")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"nonlinearity must be one of {list(NONLINEARITIES)}, got {nonlinearity!r}")
