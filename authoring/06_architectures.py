# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 06 · Initialization by architecture: convolutions, recurrent networks, transformers
#
# *Weight-initialization course, notebook 6 of 8. Estimated time: 70 to 90 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. compute the true fan-in and fan-out of any weight layout: dense, convolution with a receptive field of
#    any dimension, grouped and depthwise convolution, and transposed convolution, and say where
#    `torch.nn.init`'s fans differ from them;
# 2. predict, and correct, what `torch.nn.init` does to the output variance of a transposed convolution;
# 3. explain why a recurrent matrix applied $T$ times makes gradients vanish or explode, and compare
#    Gaussian, scaled, orthogonal and identity (IRNN) recurrent initializations by spectral radius and by
#    gradient norm over time;
# 4. state what a forget-gate bias of 1 does to an LSTM's memory at initialization;
# 5. justify the $1/\sqrt{d_k}$ attention scale by the softmax's saturation, and choose a depth-aware
#    residual scale (GPT-2's $1/\sqrt{2L}$, zero-initialized branches) from the variance of the residual stream.
#
# **Prerequisites.** Notebooks 02 (variance of sums of products), 04 (fan_in and fan_out, He init) and 05
# (orthogonal init, Jacobian spectra). A convolution, an RNN step and softmax attention, as formulas.
#
# **How to work.** Run the cells from top to bottom. There are three exercises (10 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. The
# exercises are independent of each other.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import attention, conv, init, plots, recurrent, widgets
from course_lib.fans import fan_in_and_fan_out

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Fans of a convolution
#
# Every variance-scaling rule of notebooks 02 to 05 needs one number per layer: how many products an output
# sums (fan-in), or how many outputs one input feeds (fan-out). For a dense layer the weight has PyTorch's
# layout `(fan_out, fan_in)` and the layer computes `x @ W.T`, so the two numbers are the two axes.
#
# A 2-D convolution with weight `(C_out, C_in/groups, k_h, k_w)` computes, for output channel $o$ in group $g$,
#
# $$y_{o,i,j} = \sum_{c=1}^{C_\text{in}/G}\ \sum_{u=1}^{k_h}\sum_{v=1}^{k_w} W_{o,c,u,v}\;x_{gC_\text{in}/G + c,\; i+u,\; j+v}.$$
#
# So one output sums $\text{fan\_in} = (C_\text{in}/G)\,k_h k_w$ products, and (at stride 1, away from the
# border) one input value is multiplied by every weight of the $C_\text{out}/G$ output channels of its group,
# at every kernel position: $\text{fan\_out} = (C_\text{out}/G)\,k_h k_w$. The receptive field
# $\prod_d k_d$ multiplies both fans, whatever the number of spatial dimensions (1-D, 2-D, 3-D).
#
# `torch.nn.init` (and `course_lib.fans.fan_in_and_fan_out`) reads the fans from the shape alone:
# `fan_in = shape[1] * prod(shape[2:])` is right for every `groups`, but `fan_out = shape[0] * prod(shape[2:])`
# ignores `groups`. For a depthwise convolution (`groups = C_in = C_out`) torch's fan_out is $C$ times too
# large. That matters only for `mode="fan_out"` and for Glorot's average; the cell below prints both.

# %%
def true_conv_fans(shape, groups=1):
    """(fan_in, fan_out) that a stride-1 convolution with weight `shape` = (C_out, C_in/groups, *k) really has."""
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] // groups * receptive_field


layouts = [
    ("Conv2d(3, 64, 5)", (64, 3, 5, 5), 1),
    ("Conv2d(32, 64, (1, 7))", (64, 32, 1, 7), 1),
    ("Conv2d(64, 64, 3, groups=4)", (64, 16, 3, 3), 4),
    ("Conv2d(64, 64, 3, groups=64) depthwise", (64, 1, 3, 3), 64),
    ("Conv1d(16, 8, 9)", (8, 16, 9), 1),
    ("Conv3d(4, 8, 3)", (8, 4, 3, 3, 3), 1),
]
print(f"{'layer':40s} {'torch (fan_in, fan_out)':>24s} {'true (fan_in, fan_out)':>24s}")
for label, shape, groups in layouts:
    print(f"{label:40s} {str(fan_in_and_fan_out(shape)):>24s} {str(true_conv_fans(shape, groups)):>24s}")

# %% [markdown]
# **Check by simulation.** `course_lib.conv.conv2d` is a NumPy convolution in PyTorch's layout (tested
# against `torch.nn.functional.conv2d`). With weights of variance $1/\text{fan\_in}$ and unit-variance inputs,
# every output should have unit variance, for any kernel shape and any `groups`: the ratio printed below is
# $\mathrm{Var}(y)/\mathrm{Var}(x)$.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
x = rng.normal(size=(8, 64, 20, 20))
for label, shape, groups in [layouts[2], layouts[3], ("Conv2d(64, 32, (1, 7))", (32, 64, 1, 7), 1)]:
    fan_in = true_conv_fans(shape, groups)[0]
    w = rng.normal(0.0, 1.0 / math.sqrt(fan_in), shape)
    y = conv.conv2d(x, w, groups=groups)
    print(f"{label:40s} fan_in = {fan_in:4d}   Var(y)/Var(x) = {np.var(y) / np.var(x):.2f}")

# %% [markdown]
# ## 2. Transposed convolution: the layout that swaps the fans
#
# A transposed convolution (the "deconvolution" of decoders and GAN generators) is the adjoint of a
# convolution: every input pixel *scatters* $x_{c,i,j}\,W_{c,o,u,v}$ to output pixel $(is+u,\ js+v)$.
# PyTorch stores its weight as `(C_in, C_out/groups, k_h, k_w)`: **input channels first**. An output pixel
# at stride 1 receives one product per input channel of its group and kernel position:
#
# $$\text{fan\_in}_\text{true} = \frac{C_\text{in}}{G}\,k_hk_w = \frac{\texttt{shape[0]}}{G}\prod_d k_d,
# \qquad \text{fan\_out}_\text{true} = \texttt{shape[1]}\prod_d k_d .$$
#
# `torch.nn.init` does not know the layer type and computes `fan_in = shape[1] * k_h * k_w`, which is the
# true **fan-out**. So `kaiming_normal_(w)` on a `ConvTranspose2d` (and its default `kaiming_uniform_(w,
# a=sqrt(5))`) scales by the wrong fan: the output variance is multiplied by
# $\text{fan\_in}_\text{true}/\text{fan\_in}_\text{torch} = C_\text{in}/C_\text{out}$ (for `groups=1`). A
# decoder that halves the channels at every stage doubles the variance at every stage.
#
# With stride $s > 1$ an output pixel receives only about $\prod_d k_d/s$ of the kernel positions per axis,
# so $\text{fan\_in}_\text{true} \approx (C_\text{in}/G)\prod_d (k_d/s_d)$, and exactly that when $s_d$
# divides $k_d$; otherwise different output pixels receive different numbers of products (the origin of
# the checkerboard artifacts of Odena et al. 2016). The cell below initializes with torch's fan and with the
# true one and measures $\mathrm{Var}(y)/\mathrm{Var}(x)$ (padding chosen so every output pixel is interior).

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(1)
x = rng.normal(size=(8, 64, 12, 12))
print(f"{'ConvTranspose2d(64, 32, k, stride)':36s} {'torch fan_in':>12s} {'true fan_in':>12s} "
      f"{'ratio (torch fan)':>18s} {'ratio (true fan)':>17s}")
for k, s in [(3, 1), (4, 2), (5, 1)]:
    shape = (64, 32, k, k)                       # (C_in, C_out/groups, k, k)
    torch_fan_in = fan_in_and_fan_out(shape)[0]  # shape[1] * k * k: the true fan-out
    true_fan_in = shape[0] * (k // s) ** 2       # C_in * (k/s)^2 products reach each output
    ratios = []
    for fan in (torch_fan_in, true_fan_in):
        w = rng.normal(0.0, 1.0 / math.sqrt(fan), shape)
        y = conv.conv_transpose2d(x, w, stride=s, padding=k - s)
        ratios.append(np.var(y) / np.var(x))
    print(f"{f'k={k}, stride={s}':36s} {torch_fan_in:12d} {true_fan_in:12d} {ratios[0]:18.2f} {ratios[1]:17.2f}")

# %% [markdown]
# With the true fan the ratio is about 1; with torch's fan it is about $C_\text{in}/C_\text{out}$ at stride 1
# and $C_\text{in}/(C_\text{out}s^2)$ at stride $s$. **The correction**: compute the fans from the layout
# (exercise 1), or equivalently multiply torch's std by $\sqrt{\text{fan\_in}_\text{torch}/\text{fan\_in}_\text{true}}$.
#
# When the stride does not divide the kernel, the count depends on the output pixel's parity. The next cell
# prints the variance ratio for each of the four (row parity, column parity) classes of a $k=3$, $s=2$ layer.

# %%
rng = np.random.default_rng(2)
x = rng.normal(size=(16, 32, 12, 12))
w = rng.normal(0.0, 1.0 / math.sqrt(32 * 9), (32, 32, 3, 3))  # variance 1 / (C_in k^2)
y = conv.conv_transpose2d(x, w, stride=2, padding=2)
parity = np.array([[np.var(y[:, :, a::2, b::2]) for b in (0, 1)] for a in (0, 1)])
print("Var(y)/Var(x) by (row, column) parity of the output pixel:")
print(np.round(parity / np.var(x), 2))

# %% [markdown]
# Each entry is the fraction of the $k^2 = 9$ kernel positions that reach that class of pixels: $4/9$,
# $2/9$, $2/9$ and $1/9$ in exact arithmetic (2 or 1 taps per axis). No single scale fixes that; a kernel size
# divisible by the stride does.
#
# ## Exercise 1: fans of any layout (4 points)
#
# Write `fans(shape, kind="linear", groups=1)` returning a tuple `(fan_in, fan_out)` of two ints: the number of
# products one output sums, and the number of outputs one input feeds, for a layer at stride 1 (away from
# any border), with weights in PyTorch's layouts:
#
# | `kind` | `shape` | fan_in | fan_out |
# |---|---|---|---|
# | `"linear"` | `(out_features, in_features)` | `in_features` | `out_features` |
# | `"conv"` | `(C_out, C_in / groups, *kernel)`, kernel of any length (1-D, 2-D, 3-D, ...) | ? | ? |
# | `"conv_transpose"` | `(C_in, C_out / groups, *kernel)` | ? | ? |
#
# `groups` divides both channel counts; for `"linear"` it is always 1. Fill in the `?` from sections 1 and 2.
# Use integer arithmetic (`//`), not `/`.

# %% kind="answer" grade_id="n06_fans_answer"
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints for a weight of `shape` in PyTorch's layout for `kind`, at stride 1."""
    ### BEGIN SOLUTION
    receptive_field = math.prod(shape[2:])
    if kind == "linear":
        return int(shape[1]), int(shape[0])
    if kind == "conv":
        return shape[1] * receptive_field, shape[0] // groups * receptive_field
    if kind == "conv_transpose":
        return shape[0] // groups * receptive_field, shape[1] * receptive_field
    raise ValueError(f"kind must be 'linear', 'conv' or 'conv_transpose', got {kind!r}")
    ### END SOLUTION


# %% kind="test" grade_id="n06_fans_test" points=4
"""Test fans: dense, conv with any kernel and groups, transposed conv; compared with the layer's true counts."""
import math

import numpy as np

from course_lib import grading


def _expected(shape, kind, groups):
    _rf = math.prod(shape[2:])
    if kind == "linear":
        return shape[1], shape[0]
    if kind == "conv":
        return shape[1] * _rf, shape[0] // groups * _rf
    return shape[0] // groups * _rf, shape[1] * _rf


def _check(shape, kind, groups=1):
    _got = grading.call_quietly(fans, shape, kind=kind, groups=groups)
    _call = f"fans({shape}, kind={kind!r}, groups={groups})"
    assert isinstance(_got, tuple) and len(_got) == 2, f"{_call} should return a tuple (fan_in, fan_out)"
    for _v in _got:
        assert isinstance(_v, (int, np.integer)) and not isinstance(_v, bool), (
            f"{_call} should return ints, got {type(_v).__name__}: use // rather than /")
    _got = (int(_got[0]), int(_got[1]))
    _want = _expected(shape, kind, groups)
    if _got == _want:
        return
    _rf = math.prod(shape[2:])
    _named = {
        _want[::-1]: "fan_in and fan_out are swapped: which axis of this layout holds the inputs?",
        (shape[1], shape[0]): "the receptive field (the product of the kernel sizes) is missing.",
        (shape[1] * _rf, shape[0] * _rf): "this is torch.nn.init's convention, which ignores groups (and, for a "
                                          "transposed convolution, reads the input channels from the wrong axis).",
        (_want[0], _want[1] * groups): "is groups ignored in fan_out? An input channel feeds only the output "
                                       "channels of its group.",
        (_want[0] * groups, _want[1]): "is groups ignored in fan_in? An output sees only the input channels of "
                                       "its group.",
    }
    _hint = _named.get(_got, "compare with the table in the exercise and sections 1 and 2.")
    raise AssertionError(f"{_call} returned {_got}, which is not right: {_hint}")


_check((30, 20), "linear")
_check((8, 3, 3, 5), "conv")
_check((8, 2, 3, 3), "conv", groups=2)
_check((16, 4, 2, 2), "conv_transpose")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_check((7, 13), "linear")
_check((12, 5, 7), "conv")
_check((6, 2, 3, 3, 2), "conv", groups=3)
_check((32, 1, 3, 3), "conv", groups=32)
_check((64, 3, 1, 11), "conv")
_check((12, 5, 4, 2), "conv_transpose", groups=3)
_check((9, 4, 5), "conv_transpose")
_check((10, 3, 2, 2, 3), "conv_transpose", groups=5)
_check((5, 7, 1, 1), "conv")
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Recurrent networks: one matrix, applied $T$ times
#
# A vanilla RNN computes $h_t = \phi(W_{hh}h_{t-1} + W_{ih}x_t + b)$, with `W_hh` of shape `(hidden, hidden)`
# and `W_ih` of shape `(hidden, input)` (PyTorch's layout; in code `h @ W_hh.T`). Unlike a feed-forward stack,
# every step reuses **the same** $W_{hh}$. Backpropagation through time multiplies the gradient by one
# Jacobian per step:
#
# $$\frac{\partial L}{\partial h_{T-k}} = \frac{\partial L}{\partial h_T}\prod_{t=T-k+1}^{T}
#   \mathrm{diag}\big(\phi'(a_t)\big)\,W_{hh}.$$
#
# For a linear RNN this is $(W_{hh}^\top)^k$ applied to the last gradient: its norm grows or shrinks like
# $\rho(W_{hh})^k$, where $\rho$ is the spectral radius (largest $|\lambda|$), and it is bounded by
# $\sigma_\text{max}(W_{hh})^k$. Since $|\tanh'| \le 1$, $\sigma_\text{max} < 1$ is enough for vanishing
# gradients in a tanh RNN (Pascanu, Mikolov and Bengio 2013). The candidates:
#
# * **Gaussian** $W_{ij}\sim N(0, \sigma^2/H)$: by the circular law the eigenvalues fill a disc of radius
#   $\approx\sigma$, but the largest singular value is $\approx 2\sigma$: not an isometry.
# * **Orthogonal** (Saxe et al. 2014): every eigenvalue and singular value has modulus 1; $(W^\top)^k$ keeps
#   every norm exactly.
# * **Identity with ReLU** (IRNN, Le, Jaitly and Hinton 2015): $h_t = \mathrm{relu}(h_{t-1} + W_{ih}x_t)$ at
#   init; the state is copied forward and the gradient copied back, wherever the unit is active.
#
# The experiment: $H=64$, $T=100$, a batch of 16 sequences of unit-variance inputs, the gradient ratio
# $\lVert\partial L/\partial h_{T-k}\rVert / \lVert\partial L/\partial h_T\rVert$ at $k = 10, 50, 100$
# (`course_lib.recurrent.rnn_bptt`, checked against finite differences in `tests/test_architectures.py`).

# %%
# NBVAL_CHECK_OUTPUT
H, T = 64, 100
rng = np.random.default_rng(3)
xs = rng.normal(size=(T, 16, 8))
W_ih = rng.normal(0.0, 0.5 / math.sqrt(8), (H, 8))
recurrent_inits = {
    "gaussian 0.5/sqrt(H)": lambda r: r.normal(0.0, 0.5 / math.sqrt(H), (H, H)),
    "gaussian 1/sqrt(H)": lambda r: r.normal(0.0, 1.0 / math.sqrt(H), (H, H)),
    "gaussian 1.5/sqrt(H)": lambda r: r.normal(0.0, 1.5 / math.sqrt(H), (H, H)),
    "orthogonal": lambda r: init.orthogonal((H, H), rng=r),
    "identity": lambda r: np.eye(H),
}
runs = [(name, phi) for phi in ("linear", "tanh") for name in recurrent_inits] + [("identity", "relu")]
grad_curves = {}
print(f"{'W_hh':22s} {'phi':6s} {'rho':>5s} {'s_max':>5s} {'k=10':>8s} {'k=50':>8s} {'k=100':>8s}")
for name, phi in runs:
    W_hh = recurrent_inits[name](np.random.default_rng(4))
    result = recurrent.rnn_bptt(W_hh, W_ih, xs, nonlinearity=phi)
    ratio = result.grad_norms / result.grad_norms[0]
    grad_curves[f"{name}, {phi}"] = ratio
    print(f"{name:22s} {phi:6s} {recurrent.spectral_radius(W_hh):5.2f} {np.linalg.norm(W_hh, 2):5.2f} "
          + " ".join(f"{ratio[k]:8.2g}" for k in (10, 50, 100)))

# %% [markdown]
# Read the table row by row. In the linear RNN the orthogonal and identity matrices keep the gradient norm
# exactly (ratio 1); a Gaussian matrix with $\rho\approx 0.5$ loses it geometrically, one with
# $\rho\approx 1.5$ explodes, and even the $1/\sqrt H$ draw, whose $\rho$ is slightly above 1, grows.
# With tanh every variant decays except the large Gaussian one, whose state
# saturates the tanh (a chaotic regime, not a trainable one): an orthogonal $W_{hh}$ is an isometry, but the
# $\tanh'$ factors are below 1 wherever the state is not 0. The IRNN row (identity with ReLU) keeps a much
# larger fraction of the gradient over 100 steps than any tanh row: that is the point of Le et al.'s recipe.
# The plot shows the whole curves.

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for label in ["gaussian 1/sqrt(H), tanh", "orthogonal, tanh", "identity, tanh", "identity, relu",
              "orthogonal, linear", "gaussian 0.5/sqrt(H), linear"]:
    ax.semilogy(np.arange(T + 1), grad_curves[label], label=label)
ax.set(title="Gradient norm back through time (H = 64)", xlabel="steps back k",
       ylabel=r"$\|\partial L/\partial h_{T-k}\| \,/\, \|\partial L/\partial h_T\|$", ylim=(1e-20, 10))
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Compare with a feed-forward stack, where each layer has its **own** random matrix: the products of
# independent Gaussian matrices behave like a random walk of the log-norm, not like $\rho^k$. The explorer
# below (notebooks 02 to 05) is such a stack; set depth to 100 and compare the orthogonal scheme with tanh to
# the tanh rows above.

# %%
# NBVAL_IGNORE_OUTPUT
widgets.init_explorer(scheme="orthogonal", activation="tanh", depth=100, width=64)

# %% [markdown]
# ## 4. The LSTM forget gate: a bias of 1
#
# An LSTM carries a cell state $c_t = f_t\odot c_{t-1} + i_t\odot\tilde c_t$, with the forget gate
# $f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)$. Along the cell path, $\partial c_T/\partial c_{T-k} =
# \prod_{t} \mathrm{diag}(f_t)$: memory and gradient both survive $k$ steps in proportion to the product of
# the forget gates. At init the weights are small (PyTorch: $U(-1/\sqrt H, 1/\sqrt H)$), so $f_t\approx\sigma(b_f)$:
# with $b_f=0$ the product is $\approx 2^{-k}$, with $b_f = 1$ it is $\approx \sigma(1)^k$. Gers, Schmidhuber
# and Cummins (2000) introduced the gate; Jozefowicz, Zaremba and Sutskever (2015) found that a forget bias of
# 1 closes most of the gap between the LSTM and the best architectures they searched. Keras does it by default
# (`unit_forget_bias=True`); PyTorch does not, and it has **two** bias vectors (`bias_ih` and `bias_hh`) that
# are added, so filling the forget slice of both with 1 gives an effective bias of 2.
#
# The cell prints $\sigma(b)^k$ and the measured geometric mean of $\prod_t f_t$ over units and sequences for
# a randomly initialized LSTM (`course_lib.recurrent`) run on unit-variance inputs.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(5)
xs = rng.normal(size=(50, 32, 8))
print(f"{'b_f':>4s} {'sigmoid(b)':>10s} " + " ".join(f"{f'theory k={k}':>13s} {f'measured k={k}':>14s}"
                                                    for k in (10, 50)))
for bias in (0.0, 1.0, 2.0):
    gates = recurrent.lstm_forward(recurrent.lstm_init(8, 64, forget_bias=bias, rng=6), xs)["forget"]
    sig = 1.0 / (1.0 + math.exp(-bias))
    cells = []
    for k in (10, 50):
        measured = math.exp(np.mean(np.log(np.prod(gates[:k], axis=0))))
        cells.append(f"{sig ** k:13.2g} {measured:14.2g}")
    print(f"{bias:4.0f} {sig:10.3f} " + " ".join(cells))

# %% [markdown]
# The measured products follow $\sigma(b_f)^k$ closely (the gate pre-activations are small at init). A bias of 1
# multiplies the memory kept after 10 steps by about $(\sigma(1)/\sigma(0))^{10}$, and the gap grows
# exponentially with $k$. That is the whole effect at init: the network *starts* by remembering, and learns to
# forget, instead of the reverse.
#
# ## 5. Attention: the $1/\sqrt{d_k}$ scale
#
# Scaled dot-product attention (Vaswani et al. 2017) computes $\mathrm{softmax}(QK^\top/\sqrt{d_k})V$. If the
# entries of a query $q$ and a key $k$ are independent with mean 0 and variance 1 (as they roughly are at init
# after a LayerNorm and variance-preserving projections),
#
# $$\mathrm{Var}(q\cdot k) = \sum_{i=1}^{d_k}\mathrm{Var}(q_i k_i) = d_k,$$
#
# so the unscaled logits have standard deviation $\sqrt{d_k}$ and the softmax of many keys puts nearly all its
# weight on the largest one: the attention is *saturated* (near one-hot) before any learning, and the softmax
# gradient $\mathrm{diag}(p) - pp^\top$ is then nearly 0. Dividing by $\sqrt{d_k}$ gives unit-variance logits at
# every head size. The cell prints the mean entropy (in nats; $\log 128$ for uniform weights over 128 keys) and
# the mean largest weight, with and without the scale.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(7)
print(f"uniform over 128 keys: entropy {math.log(128):.3g}, max weight {1 / 128:.3g}")
print(f"{'d_k':>5s} {'entropy scaled':>15s} {'max w scaled':>13s} {'entropy unscaled':>17s} {'max w unscaled':>15s}")
saturation = {True: [], False: []}
head_sizes = (4, 16, 64, 256, 1024)
for d_k in head_sizes:
    q, k = rng.normal(size=(64, d_k)), rng.normal(size=(128, d_k))
    row = []
    for scaled in (True, False):
        weights = attention.softmax(attention.attention_logits(q, k, scale=scaled))
        saturation[scaled].append(attention.entropy(weights).mean())
        row.append(f"{saturation[scaled][-1]:.3g} {weights.max(axis=-1).mean():.3g}")
    print(f"{d_k:5d} {row[0].split()[0]:>15s} {row[0].split()[1]:>13s} {row[1].split()[0]:>17s} "
          f"{row[1].split()[1]:>15s}")

# %% [markdown]
# With the scale the entropy barely depends on $d_k$; without it the entropy falls toward 0 and the largest
# weight toward 1 as $d_k$ grows. (The entropy of the scaled attention is a bit below $\log 128$, since unit-
# variance logits are not all equal.)
#
# ## Exercise 2: measuring softmax saturation (3 points)
#
# Write `softmax_saturation(q, k, scaled=True)`. `q` has shape `(T_q, d_k)`, `k` shape `(T_k, d_k)`. Compute the
# logits `q @ k.T`, divided by `sqrt(d_k)` when `scaled` is true; the softmax of each query's row over the
# `T_k` keys; and return a tuple of two floats: the mean over queries of the entropy $-\sum_j p_j\log p_j$
# (natural log) and the mean over queries of the largest weight. It must work for logits in the thousands: a
# weight that underflows to exactly 0 contributes 0 to the entropy.

# %% kind="answer" grade_id="n06_softmax_saturation_answer"
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight) of softmax(q @ k.T [/ sqrt(d_k)]) over the keys."""
    ### BEGIN SOLUTION
    logits = q @ k.T
    if scaled:
        logits = logits / math.sqrt(q.shape[1])
    logits = logits - logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    weights = weights / weights.sum(axis=1, keepdims=True)
    plogp = np.where(weights > 0, weights * np.log(np.where(weights > 0, weights, 1.0)), 0.0)
    return float(np.mean(-plogp.sum(axis=1))), float(np.mean(weights.max(axis=1)))
    ### END SOLUTION


# %% kind="test" grade_id="n06_softmax_saturation_test" points=3
"""Test softmax_saturation: entropy and max weight of attention rows, with and without 1/sqrt(d_k), large logits."""
import math

import numpy as np

from course_lib import grading


def _reference(q, k, scaled):
    _a = q @ k.T / (math.sqrt(q.shape[1]) if scaled else 1.0)
    _a = _a - _a.max(axis=1, keepdims=True)
    _p = np.exp(_a) / np.exp(_a).sum(axis=1, keepdims=True)
    _logp = _a - np.log(np.exp(_a).sum(axis=1, keepdims=True))
    return float(np.mean(-(_p * _logp).sum(axis=1))), float(np.mean(_p.max(axis=1)))


def _check(q, k, scaled):
    _call = f"softmax_saturation(q {q.shape}, k {k.shape}, scaled={scaled})"
    _got = grading.call_quietly(softmax_saturation, q.copy(), k.copy(), scaled=scaled)
    assert isinstance(_got, tuple) and len(_got) == 2, f"{_call} should return a tuple (entropy, max weight)"
    for _v in _got:
        if isinstance(_v, (float, np.floating)) and not math.isfinite(_v):
            raise AssertionError(f"{_call} returned NaN or inf: does exp overflow for large logits (subtract each "
                                 "row's max first), or does 0 * log(0) give NaN (a zero weight contributes 0)?")
    _h = grading.as_float(_got[0], f"the entropy from {_call}")
    _m = grading.as_float(_got[1], f"the max weight from {_call}")
    _want_h, _want_m = _reference(q, k, scaled)
    _other_h, _other_m = _reference(q, k, not scaled)
    assert 0 < _m <= 1, f"the max weight from {_call} should be in (0, 1]: is it a softmax weight, not a logit?"
    assert _h >= 0, f"the entropy from {_call} is negative: -sum p log p is >= 0 (is the minus sign missing?)"
    if abs(_h - _want_h) > 1e-7 * max(1.0, _want_h) or abs(_m - _want_m) > 1e-9:
        if abs(_h - _other_h) < 1e-7 * max(1.0, _other_h) and abs(_m - _other_m) < 1e-9:
            _hint = "it matches the other value of `scaled`: is the flag ignored or inverted?"
        elif abs(_h * math.log(2) - _want_h) < 1e-7 * max(1.0, _want_h):
            _hint = "the entropy is in bits: use the natural log."
        else:
            _hint = ("check the scale (1/sqrt(d_k), d_k = q.shape[1]), that the softmax runs over the keys "
                     "(each row of q @ k.T), and the means over queries.")
        raise AssertionError(f"{_call} is not right: {_hint}")


_rng = np.random.default_rng(grading.seed(11))
_check(np.zeros((3, 8)), _rng.normal(size=(5, 8)), True)  # equal logits: entropy log 5, max weight 1/5
_check(_rng.normal(size=(4, 16)), _rng.normal(size=(9, 16)), True)
_check(_rng.normal(size=(4, 16)), _rng.normal(size=(9, 16)), False)
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(2024))
_check(np.zeros((6, 3)), _rng.normal(size=(11, 3)), False)
_check(_rng.normal(size=(7, 64)), _rng.normal(size=(30, 64)), True)
_check(_rng.normal(size=(30, 25)), _rng.normal(size=(7, 25)), True)
_check(_rng.normal(size=(5, 100)), _rng.normal(size=(12, 100)), False)
# logits with std 16 * sqrt(512) ~ 360: exp overflows without the max shift, weights underflow to 0
_check(16 * _rng.normal(size=(10, 512)), _rng.normal(size=(40, 512)), False)
_check(16 * _rng.normal(size=(10, 512)), _rng.normal(size=(40, 512)), True)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. The residual stream over depth
#
# A residual network adds branches to a stream: $x_{l+1} = x_l + \alpha f_l(x_l)$. Suppose each branch at
# init preserves the second moment of its input and is uncorrelated with it (true for a random zero-mean
# output projection). Then
#
# $$\mathrm{Var}(x_{l+1}) = \mathrm{Var}(x_l) + \alpha^2\,\mathrm{Var}(f_l(x_l)).$$
#
# * **No normalization** ($f_l$ sees $x_l$): $\mathrm{Var}(f_l(x_l)) = \mathrm{Var}(x_l)$, so over $N$ branches
#   $\mathrm{Var}(x_N) = (1+\alpha^2)^N\,\mathrm{Var}(x_0)$: $2^N$ for $\alpha=1$.
# * **Pre-normalization** (GPT-2: $f_l$ sees $\mathrm{LN}(x_l)$, of unit variance): the increments add,
#   $\mathrm{Var}(x_N) = \mathrm{Var}(x_0) + N\alpha^2$: linear growth.
#
# A transformer block has two branches (attention and MLP), so $N = 2L$. GPT-2 (Radford et al. 2019) scales the
# weights of the output projections by $1/\sqrt{N} = 1/\sqrt{2L}$, i.e. $\alpha^2 = 1/(2L)$: then the pre-norm
# stream ends at $\mathrm{Var}(x_0) + 1$ for every depth, and even the unnormalized one is bounded,
# $(1 + \tfrac{1}{2L})^{2L} < e$. ReZero (Bachlechner et al. 2020) and SkipInit (De and Smith 2020) start from
# $\alpha = 0$ (a learned scalar), so every block is the identity at init. The cell simulates the variance
# with `course_lib.attention.residual_stack` and ReLU MLP branches, and prints the variance relative to the input's.

# %%
# NBVAL_CHECK_OUTPUT
width = 64
rng = np.random.default_rng(8)
x0 = rng.normal(size=(128, width))
schemes = {"alpha = 1": lambda L: 1.0, "alpha = 1/sqrt(2L)": lambda L: 1 / math.sqrt(2 * L),
           "alpha = 0 (ReZero)": lambda L: 0.0}
stream = {}
print("Var(x_N) / Var(x_0) after N = 2L branches")
print(f"{'':6s}{'no norm':^42s}{'pre-norm':^42s}")
print(f"{'':6s}" + 2 * "".join(f"{name:>14s}" for name in ("a=1", "a=1/sqrt(2L)", "a=0")))
for L in (3, 6, 12, 24):
    branches = [attention.mlp_branch(width, rng=np.random.default_rng([L, i])) for i in range(2 * L)]
    row = []
    for pre_norm in (False, True):
        for name, alpha in schemes.items():
            variances = attention.residual_stack(x0, branches, alpha=alpha(L), pre_norm=pre_norm)
            stream[(L, name, pre_norm)] = variances / variances[0]
            row.append(f"{variances[-1] / variances[0]:14.3g}")
    print(f"L={L:<4d}" + "".join(row))
print(f"(1 + 1/(2L))^(2L) for L = 3, 6, 12, 24: {[round((1 + 1 / (2 * L)) ** (2 * L), 3) for L in (3, 6, 12, 24)]}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, pre_norm in zip(axes, (False, True)):
    series = {name: stream[(24, name, pre_norm)] for name in schemes}
    plots.plot_layer_values(series, ax=ax, ylabel=r"$\mathrm{Var}(x_l)$", start=0,
                            title=f"Residual stream, L = 24 blocks, {'pre-norm' if pre_norm else 'no norm'}")
    ax.set_xlabel("branch l (two per block)")
plt.show()

# %% [markdown]
# The simulation follows the two laws: $2^{2L}$ and $1 + 2L$ for $\alpha = 1$, close to $(1+\tfrac{1}{2L})^{2L}$ and $2$ for GPT-2's
# scale, and exactly 1 for $\alpha = 0$ (the branches contribute nothing until $\alpha$ is learned). Why care if
# LayerNorm re-normalizes each branch's *input* anyway? Because in a pre-norm network the stream's variance
# grows with depth, each new branch's contribution is a smaller and smaller fraction of it: deep blocks start
# nearly inert, and the final LayerNorm divides all of them by the same large number.
#
# **Embeddings.** The stream starts from the token embedding. PyTorch's `nn.Embedding` draws $N(0, 1)$;
# GPT-2 uses $N(0, 0.02^2)$ for embeddings and every other weight; the original Transformer shares the
# embedding with the output layer and multiplies it by $\sqrt{d_\text{model}}$ on input. What matters at init is
# the embedding's variance relative to what the branches add: with GPT-2's scale the pre-norm branches add
# $\alpha^2 N\,\mathrm{Var}(f) $ in total, so the fraction of the final stream's variance that is the token
# embedding itself is $\sigma_e^2/(\sigma_e^2 + \alpha^2N\,\mathrm{Var}(f))$. The cell prints it for unit-variance branches.

# %%
for label, sigma_e in [("N(0, 1) (nn.Embedding)", 1.0), ("N(0, 1/d), d = 768", 1 / math.sqrt(768)),
                       ("N(0, 0.02^2) (GPT-2)", 0.02)]:
    print(f"{label:24s} embedding share of Var(x_N) = {sigma_e ** 2 / (sigma_e ** 2 + 1.0):.3g}")

# %% [markdown]
# In GPT-2 itself the branches' weights are also $N(0, 0.02^2)$, so their outputs are small too and the
# shares are not this extreme; the point is that the embedding scale and the branch scale must be chosen
# together.
#
# ## Exercise 3: a depth-aware residual scale (3 points)
#
# Write `residual_scale(num_layers, branches_per_layer=2)` returning (as a float) the factor $c$ by which each
# branch's output projection is multiplied so that, in a pre-norm network where each of the
# $N = \text{num\_layers}\times\text{branches\_per\_layer}$ branches would add unit variance to the stream,
# all of them together add variance 1. (For GPT-2, `branches_per_layer=2`: attention and MLP.)

# %% kind="answer" grade_id="n06_residual_scale_answer"
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch's output so the N = num_layers * branches_per_layer branches add variance 1."""
    ### BEGIN SOLUTION
    return 1.0 / math.sqrt(num_layers * branches_per_layer)
    ### END SOLUTION


# %% kind="test" grade_id="n06_residual_scale_test" points=3
"""Test residual_scale: N branches of variance c^2 each must add variance 1 to the residual stream."""
import math

from course_lib import grading


def _check(num_layers, branches):
    _call = f"residual_scale({num_layers}, branches_per_layer={branches})"
    _c = grading.as_float(grading.call_quietly(residual_scale, num_layers, branches_per_layer=branches), _call)
    _n = num_layers * branches
    _want = 1.0 / math.sqrt(_n)
    _hints = [(_r / _want, _m) for _r, _m in [
        (1.0 / _n, "is this the variance 1/N? The factor multiplies the output, so it scales the std."),
        (1.0 / math.sqrt(num_layers), "is branches_per_layer ignored? Every branch adds to the stream."),
        (1.0 / math.sqrt(2 * num_layers), "is branches_per_layer fixed at 2? Use the argument."),
        (math.sqrt(_n), "is the factor inverted? It must shrink each branch as the network gets deeper."),
        (0.02 / math.sqrt(_n), "0.02 is GPT-2's weight std, not part of the depth factor."),
        (1.0 / num_layers, "is it 1/num_layers? Variances of independent branches add: N c^2 = 1."),
    ] if abs(_r / _want - 1) > 1e-6]
    grading.check_close(_c, _want, _call, rtol=1e-9, hints=_hints)


_check(12, 2)
_check(3, 1)
print("visible checks passed")

### BEGIN HIDDEN TESTS
for _layers, _branches in [(1, 1), (1, 2), (48, 2), (7, 3), (96, 2), (5, 4), (24, 1)]:
    _check(_layers, _branches)
### END HIDDEN TESTS

# %% [markdown]
# ## Summary
#
# * **Fans come from the layout, not the shape.** Dense `(out, in)`; convolution `(C_out, C_in/G, *k)` has
#   fan_in $= (C_\text{in}/G)\prod k$ and fan_out $= (C_\text{out}/G)\prod k$; a transposed convolution
#   `(C_in, C_out/G, *k)` has them the other way round (divided by the stride per axis when it divides the
#   kernel). `torch.nn.init` ignores groups in fan_out and, for transposed convolutions, takes the true fan-out
#   as fan_in: the output variance is multiplied by $C_\text{in}/C_\text{out}$.
# * **RNNs reuse one matrix**, so gradients scale like $\rho(W_{hh})^k$ in the linear case; orthogonal and
#   identity matrices keep norms exactly, Gaussian ones do not, and tanh derivatives still shrink the
#   gradient; identity with ReLU (IRNN) keeps it longest.
# * **LSTM**: a forget bias of 1 makes the memory kept after $k$ steps $\approx\sigma(1)^k$ instead of $2^{-k}$
#   at init (PyTorch's two bias vectors add).
# * **Attention**: $\mathrm{Var}(q\cdot k) = d_k$; the $1/\sqrt{d_k}$ scale keeps the softmax's entropy
#   independent of the head size, without it attention is near one-hot at init.
# * **Residual stream**: $(1+\alpha^2)^N$ without normalization, $1 + N\alpha^2$ with pre-norm; GPT-2's
#   $1/\sqrt{2L}$ bounds both, $\alpha = 0$ (ReZero, SkipInit) makes every block the identity at init.
#
# ## Active recall
#
# 1. What are fan_in and fan_out of a depthwise `Conv2d(32, 32, 3, groups=32)`, and what does `torch.nn.init`
#    compute instead?
# 2. Why is `kaiming_normal_(w, mode="fan_in")` on a `ConvTranspose2d(256, 64, 3)` wrong, and by what factor?
# 3. A Gaussian $W_{hh}$ with spectral radius 1 is not an isometry. Which number of the table in section 3 says so?
# 4. What is the product of forget gates over 20 steps at init for $b_f = 0$ and $b_f = 1$, approximately?
# 5. Why does the softmax's gradient vanish when the attention logits are not scaled?
# 6. In a pre-norm transformer with $L$ blocks and GPT-2's scaling, what is the variance of the residual stream
#    at the top if the embedding has variance 1?
#
# <details><summary>Answers</summary>
#
# 1. True: fan_in $= 1\cdot 9 = 9$, fan_out $= (32/32)\cdot 9 = 9$. Torch: fan_in 9, fan_out $32\cdot 9 = 288$.
# 2. The weight is `(256, 64, 3, 3)`; torch's fan_in is $64\cdot 9$, the true one $256\cdot 9$: the output variance
#    is 4 times too large (at stride 1).
# 3. Its largest singular value is about 2: the column `s_max`. The gradient can grow over a few steps even when
#    $\rho\approx 1$.
# 4. $\sigma(0)^{20} = 2^{-20}$ and $\sigma(1)^{20} = (1 + e^{-1})^{-20}$: the bias keeps $(2\sigma(1))^{20}$ times more.
# 5. The logits have std $\sqrt{d_k}$, so the softmax is nearly one-hot, and its Jacobian
#    $\mathrm{diag}(p) - pp^\top$ is nearly 0 for a one-hot $p$.
# 6. About $1 + 1 = 2$: the $2L$ branches add $2L\cdot\tfrac{1}{2L} = 1$.
#
# </details>
