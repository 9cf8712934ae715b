"""course_lib: the small NumPy library behind the weight-initialization course.

Modules: ``init`` (initializers that agree with ``torch.nn.init``), ``fans``, ``gain``,
``activations``, ``schemes``, ``nets`` (tiny networks that record per-layer values), ``stats``
(per-layer statistics and the variance recursions), ``spectra`` (Jacobian singular values),
``lowrank`` (the explorer's exact low-rank sampling of weights), ``lsuv`` (layer-sequential
unit-variance init), ``conv``, ``recurrent``, ``attention`` (the layers of notebook 06), ``norm``
(BatchNorm, LayerNorm, residual stacks), ``diagnosis`` (per-layer reports and broken networks),
``plots``, ``widgets`` (imported lazily), ``grading`` (helpers for the notebooks' tests),
``losses`` (softmax cross-entropy and its gradient), ``optim`` (SGD and Adam/AdamW as ``torch.optim``,
with per-parameter learning-rate scales), ``data`` (scikit-learn's digits, split and standardized;
scikit-learn imported lazily), ``training`` (a trainer that records per-layer statistics),
``embeddings`` (embedding tables, scaled lookup, tied head, positional encodings), ``adapters``
(LoRA/rsLoRA, LayerScale, adaLN-Zero, zero-gamma and ControlNet blocks with their backward passes),
``mup`` (SP and muP per-layer rules, multiplier MLPs and residual MLPs, the learning-rate sweep),
``coord_check`` (the coordinate check, its plot and width widget; imported explicitly, like ``plots``),
``svgchart`` (the explorer's SVG line charts, with their text boxes checked for overlaps),
``figure_alt`` (alternative text for every figure a notebook shows; ``plots.use_style`` installs it).

Weights use PyTorch's layout ``(fan_out, fan_in, *kernel)`` and a layer computes ``x @ W.T``.
"""

from . import (
    activations,
    adapters,
    attention,
    conv,
    data,
    diagnosis,
    embeddings,
    fans,
    gain,
    init,
    losses,
    lsuv,
    mup,
    nets,
    norm,
    optim,
    recurrent,
    schemes,
    spectra,
    stats,
    training,
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
