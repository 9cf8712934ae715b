"""course_lib: the small NumPy library behind the weight-initialization course.

Modules: ``init`` (initializers that agree with ``torch.nn.init``), ``fans``, ``gain``,
``activations``, ``schemes``, ``nets`` (tiny networks that record per-layer values), ``stats``
(per-layer statistics and the variance recursions), ``spectra`` (Jacobian singular values),
``lowrank`` (the explorer's exact low-rank sampling of weights), ``lsuv`` (layer-sequential
unit-variance init), ``conv``, ``recurrent``, ``attention`` (the layers of notebook 06), ``norm``
(BatchNorm, LayerNorm, residual stacks), ``diagnosis`` (per-layer reports and broken networks),
``plots``, ``widgets`` (imported lazily), ``grading`` (helpers for the notebooks' tests).

Weights use PyTorch's layout ``(fan_out, fan_in, *kernel)`` and a layer computes ``x @ W.T``.
"""

from . import (
    activations,
    attention,
    conv,
    diagnosis,
    fans,
    gain,
    init,
    lsuv,
    nets,
    norm,
    recurrent,
    schemes,
    spectra,
    stats,
)
from .fans import fan_in_and_fan_out
from .gain import calculate_gain
from .init import (
    constant,
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    lecun_uniform,
    normal,
    ones,
    orthogonal,
    trunc_normal,
    uniform,
    variance_scaling,
    xavier_normal,
    xavier_uniform,
    zeros,
)
from .nets import MLP

__version__ = "0.1.0"
