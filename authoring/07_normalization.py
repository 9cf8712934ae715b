# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 07 · Normalization: what it removes, and what initialization still decides
#
# *Weight-initialization course, notebook 7 of 8. Estimated time: 60 to 80 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. write BatchNorm and LayerNorm (forward pass, with $\gamma$, $\beta$ and $\epsilon$) and say over which axes
#    each one normalizes;
# 2. prove, and check by simulation, that a normalization makes the layer's output invariant to the scale of the
#    weights before it, while the gradient scales like $1/c$ and is orthogonal to the weight;
# 3. derive the effective learning rate $\eta/\lVert W\rVert^2$ of a scale-invariant weight, and show with a small
#    training run that the initial weight scale still decides early training;
# 4. initialize a residual block as the identity with a zero $\gamma$ (Goyal et al., 2017), and measure it;
# 5. measure per-layer gradient norms of Pre-LN and Post-LN residual stacks at initialization and compare them
#    with the claims of Xiong et al. (2020).
#
# **Prerequisites.** Notebooks 02 and 04 (variance propagation, He initialization), and the residual streams of
# notebook 06; the chain rule for a backward pass written by hand in NumPy.
#
# **Estimated time.** 60 to 80 minutes of work; the whole notebook executes in a few seconds.
#
# **How to work.** Run the cells from top to bottom. There are three exercises (11 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. An answer may
# use the imports of the first code cell and its own code, nothing else from the notebook: the grader runs each
# exercise with the first cell only.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import norm, plots
from course_lib.norm import ResidualStack

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The question
#
# Notebooks 02 to 06 chose the scale of the weights so that signals keep their size through depth. Modern
# networks add **normalization layers** that rescale the signal explicitly, at every step of training, whatever
# the weights are. A tempting conclusion is that initialization then no longer matters. This notebook finds
# out, exactly, which part of the initialization a normalization layer makes irrelevant (the scale of the
# weights right before it, in the forward pass) and which parts it leaves in charge: the effective learning
# rate, the behaviour of residual streams, and where the normalization sits.
#
# ## 2. BatchNorm and LayerNorm
#
# Both compute, over a set of axes $A$ with $m$ elements,
#
# $$\mu = \frac1m\sum_{A} x, \qquad \sigma^2 = \frac1m\sum_{A}(x - \mu)^2, \qquad
#   y = \gamma\,\frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta .$$
#
# * **BatchNorm** (Ioffe & Szegedy, 2015) normalizes every *feature* over the batch: for `x` of shape
#   `(batch, features)`, $A$ is axis 0.
# * **LayerNorm** (Ba, Kiros & Hinton, 2016) normalizes every *example* over its features: $A$ is the last axis.
#
# $\gamma$ and $\beta$ (shape `(features,)`) are learned; PyTorch starts them at 1 and 0. The variance is the
# *biased* one (divide by $m$), and $\epsilon$ (PyTorch's default $10^{-5}$) sits inside the square root.
# `course_lib.norm` implements both with their backward passes; the cell checks the statistics of the outputs
# and the backward pass of LayerNorm against central finite differences.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
x = rng.normal(3.0, 2.0, size=(64, 5))             # a batch of 64 examples, 5 features
ones, zeros = np.ones(5), np.zeros(5)
y_bn = norm.batch_norm(x, ones, zeros)
y_ln = norm.layer_norm(x, ones, zeros)
print("BatchNorm: per-feature mean", np.round(y_bn.mean(axis=0), 6) + 0.0, " std", np.round(y_bn.std(axis=0), 4))
print("LayerNorm: per-example mean, max |.| =", f"{np.abs(y_ln.mean(axis=1)).max():.0e}",
      "  per-example std, max |std - 1| =", f"{np.abs(y_ln.std(axis=1) - 1).max():.1e}")

gamma, beta, r = rng.normal(size=5), rng.normal(size=5), rng.normal(size=(64, 5))   # loss L = sum(r * y)
grad_x, grad_gamma, grad_beta = norm.layer_norm_backward(r, x, gamma)
h, numeric = 1e-6, np.zeros_like(x)
for index in np.ndindex(x.shape):
    step = np.zeros_like(x)
    step[index] = h
    numeric[index] = (np.sum(r * norm.layer_norm(x + step, gamma, beta))
                      - np.sum(r * norm.layer_norm(x - step, gamma, beta))) / (2 * h)
print("LayerNorm backward vs finite differences: relative error below 1e-6:",
      bool(np.abs(grad_x - numeric).max() < 1e-6 * np.abs(numeric).max()))

# %% [markdown]
# The per-example standard deviation of the LayerNorm output misses 1 by the small amount printed: that is
# $\epsilon$, which matters most for the examples whose five features happen to lie close together (a small
# per-example variance, against which $\epsilon$ is no longer negligible).
#
# ### Exercise 1: `layer_norm` (4 points)
#
# Write `layer_norm(x, gamma, beta, eps=1e-5)`:
#
# * `x` is a NumPy array of shape `(..., d)` (any number of leading axes); `gamma` and `beta` have shape `(d,)`;
# * normalize every vector `x[..., :]` over its **last axis**: subtract its mean, divide by
#   $\sqrt{\sigma^2 + \epsilon}$ with the biased variance $\sigma^2$, then multiply by `gamma` and add `beta`;
# * return a new float64 array of the shape of `x`; do not modify `x`.
#
# Use NumPy only (the tests block `course_lib` while your function runs).

# %% kind="answer" grade_id="n07_layer_norm_answer"
def layer_norm(x, gamma, beta, eps=1e-5):
    """LayerNorm over the last axis: gamma * (x - mean) / sqrt(var + eps) + beta (biased variance)."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
    ### END SOLUTION


# %% kind="test" grade_id="n07_layer_norm_test" points=4
"""Test layer_norm: values against a reference, the last axis, eps inside the root, invariances, NumPy only."""
import numpy as np

from course_lib import grading


def _reference(x, gamma, beta, eps):
    _m = x.mean(axis=-1, keepdims=True)
    _v = ((x - _m) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - _m) / np.sqrt(_v + eps) + beta


def _call(x, gamma, beta, eps=None):
    _x = np.array(x)
    _args = (_x, np.array(gamma), np.array(beta)) + (() if eps is None else (eps,))
    with grading.forbidding("course_lib", "course_lib.norm", "torch.nn.functional", who="layer_norm",
                            advice="write it with NumPy only"):
        _y = grading.call_quietly(layer_norm, *_args)
    _y = grading.check_array(_y, f"layer_norm of an input of shape {x.shape}", x.shape)
    assert np.array_equal(_x, x), "layer_norm modified its input x: compute on a copy"
    return _y


def _check(x, gamma, beta, eps=None):
    _eps = 1e-5 if eps is None else eps
    _y = _call(x, gamma, beta, eps)
    _expected = _reference(x, gamma, beta, _eps)
    _error = np.max(np.abs(_y - _expected)) / max(1.0, np.max(np.abs(_expected)))
    if _error > 1e-9:
        _hints = [
            (_reference(x, gamma, beta, 0.0), "Is eps ignored? It goes inside the square root."),
            (gamma * (x - x.mean(-1, keepdims=True)) / (x.std(-1, keepdims=True) + _eps) + beta,
             "eps goes inside the square root: sqrt(var + eps), not std + eps."),
            (beta * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + _eps) + gamma,
             "Are gamma and beta swapped? y = gamma * x_hat + beta."),
            (gamma * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True, ddof=1) + _eps) + beta,
             "LayerNorm uses the biased variance (divide by d, not d - 1)."),
            (gamma * x / np.sqrt((x**2).mean(-1, keepdims=True) + _eps) + beta,
             "Is the mean subtracted? That is RMSNorm, not LayerNorm."),
        ]
        _named = [_m for _h, _m in _hints if np.max(np.abs(_y - _h)) < 1e-9 * max(1.0, np.max(np.abs(_h)))]
        raise AssertionError(f"layer_norm gives wrong values for an input of shape {x.shape} (largest relative "
                             f"error {_error:.2g}). " + (_named[0] if _named else
                                                         "Does it normalize each example over the last axis?"))
    return _y


_rng = np.random.default_rng(grading.seed(70))
_x = _rng.normal(2.0, 3.0, size=(6, 10))          # 6 examples, 10 features: axis 0 and axis -1 differ
_g, _b = _rng.normal(size=10), _rng.normal(size=10)
_y = _check(_x, _g, _b)
# visible: each row of the output, with gamma = 1 and beta = 0, has mean 0
_y0 = _call(_x, np.ones(10), np.zeros(10))
assert np.allclose(_y0.mean(axis=-1), 0.0, atol=1e-9), "each example (row) should have mean 0: normalize over the last axis"
# visible: invariance to the scale and shift of each example (eps = 0 makes it exact)
assert np.allclose(_call(3.0 * _x + 5.0, _g, _b, 0.0), _call(_x, _g, _b, 0.0), atol=1e-9), (
    "layer_norm(3 x + 5) should equal layer_norm(x) when eps = 0")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(71))
_check(_rng.normal(-1.0, 0.5, size=(3, 4, 7)), _rng.normal(size=7), _rng.normal(size=7), 1e-5)   # 3-D input
_check(_rng.normal(0.0, 0.2, size=(9, 12)), _rng.normal(size=12), _rng.normal(size=12), 0.1)     # eps matters
_check(_rng.normal(size=(1, 5)), np.ones(5), np.zeros(5), 1e-3)
_check(_rng.normal(size=(8,)), _rng.normal(size=8), _rng.normal(size=8), 1e-5)                   # one vector
_constant = np.full((4, 6), 2.5)                  # a constant row normalizes to 0, so y = beta
_y = _check(_constant, _rng.normal(size=6), np.arange(6.0), 1e-5)
# each example separately: scaling one row leaves every row's output unchanged
_x = _rng.normal(size=(5, 9))
_scales = np.array([[0.1], [1.0], [10.0], [2.0], [0.5]])
assert np.allclose(_call(_x * _scales, np.ones(9), np.zeros(9), 0.0), _call(_x, np.ones(9), np.zeros(9), 0.0),
                   atol=1e-9), "scaling one example should not change its normalized output"
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Scale invariance: the forward pass forgets $\lVert W\rVert$, the gradient does not
#
# Let a linear layer $z = x\,W^\top$ be followed by a normalization. Throughout the course weights use
# **PyTorch's layout** `W.shape == (fan_out, fan_in)` and a layer computes `z = x @ W.T`. Multiply $W$ by a
# constant $c > 0$: then $z \mapsto c\,z$, $\mu \mapsto c\,\mu$, $\sigma \mapsto c\,\sigma$, and with
# $\epsilon = 0$
#
# $$\mathrm{Norm}(c\,z) = \mathrm{Norm}(z) \quad\Longrightarrow\quad L(c\,W) = L(W).$$
#
# Differentiate both sides with respect to $W$: $c\,\nabla L(cW) = \nabla L(W)$, so
#
# $$\boxed{\;\nabla_W L\,\big|_{cW} = \frac1c\,\nabla_W L\,\big|_{W}\;}$$
#
# and differentiating $L(cW)$ with respect to $c$ at $c = 1$ gives $\langle W, \nabla_W L\rangle = 0$: **the
# gradient is orthogonal to the weight**. Which scalings count depends on the axes: LayerNorm normalizes over
# the features, so only a common factor $c$ for the whole matrix leaves it invariant; BatchNorm normalizes
# every unit separately, so each *row* of $W$ may be scaled by its own $c_i$ (and each row's gradient is
# orthogonal to that row). The cell checks all of it for $c = 0.1, 1, 10$ with PyTorch's $\epsilon = 10^{-5}$.

# %%
# NBVAL_CHECK_OUTPUT
def normalized_layer(W, x, r, kind="layer", eps=1e-5):
    """Loss L = sum(r * Norm(x @ W.T)) with gamma = 1, beta = 0; returns (L, output, dL/dW)."""
    forward, backward = {"layer": (norm.layer_norm, norm.layer_norm_backward),
                         "batch": (norm.batch_norm, norm.batch_norm_backward)}[kind]
    z = x @ W.T
    ones, zeros = np.ones(W.shape[0]), np.zeros(W.shape[0])
    y = forward(z, ones, zeros, eps)
    grad_z = backward(r, z, ones, eps)[0]
    return float(np.sum(r * y)), y, grad_z.T @ x


def small(value, floor=1e-9):
    return f"{value:.2g}" if value > floor else f"< {floor:.0e}"


rng = np.random.default_rng(1)
x = rng.standard_normal((128, 20))
W = rng.standard_normal((30, 20)) * math.sqrt(2 / 20)       # shape (fan_out, fan_in) = (30, 20)
r = rng.standard_normal((128, 30))
for kind in ("layer", "batch"):
    _, y_ref, g_ref = normalized_layer(W, x, r, kind)
    print(f"{kind.capitalize()}Norm:   c | max |y(cW) - y(W)| | c ||grad(cW)|| / ||grad(W)|| | <W, grad> / (||W|| ||grad||)")
    for c in (0.1, 1.0, 10.0):
        _, y_c, g_c = normalized_layer(c * W, x, r, kind)
        cosine = np.sum(c * W * g_c) / (np.linalg.norm(c * W) * np.linalg.norm(g_c))
        print(f"{c:15.1f} | {small(np.abs(y_c - y_ref).max()):>18s} | "
              f"{c * np.linalg.norm(g_c) / np.linalg.norm(g_ref):29.4f} | {small(abs(cosine)):>12s}")
row_scales = np.linspace(0.5, 5.0, 30)[:, None]                # a different factor for every unit
for kind in ("layer", "batch"):
    _, y_rows, _ = normalized_layer(row_scales * W, x, r, kind)
    _, y_one, _ = normalized_layer(W, x, r, kind)
    print(f"{kind.capitalize()}Norm, every row of W scaled by its own factor: max |change of y| = "
          f"{small(np.abs(y_rows - y_one).max())}")

# %% [markdown]
# Read the table: $c$ times the gradient norm is the same for every $c$ to three decimals, and the output and the
# cosine between $W$ and its gradient are zero up to small numbers that shrink a hundredfold for every tenfold
# $c$. Those are $\epsilon$'s traces: it is compared with the variance $c^2\sigma^2$, and it is the only place
# where the scale leaks back in (with $\epsilon = 0$ all of them vanish to rounding; `tests/test_norm.py` checks it). The last lines show
# the difference between the two normalizations: per-row scaling leaves BatchNorm's output unchanged and
# changes LayerNorm's.
#
# ## 4. The effective learning rate
#
# Plain SGD updates $W \leftarrow W - \eta\,\nabla L(W)$. Write $W = \lVert W\rVert\,\hat W$. Only the direction
# $\hat W$ matters to the loss, and by the scaling law the gradient at $W$ is $\nabla L(\hat W)/\lVert W\rVert$.
# The step is orthogonal to $W$, so to first order it turns the direction by
#
# $$\Delta\hat W = -\frac{\eta}{\lVert W\rVert}\,\nabla L(W) = -\frac{\eta}{\lVert W\rVert^2}\,\nabla L(\hat W):
#   \qquad \boxed{\;\eta_{\text{eff}} = \frac{\eta}{\lVert W\rVert^2}\;}$$
#
# a step of learning rate $\eta/\lVert W\rVert^2$ on the unit sphere. Initializing $W$ ten times larger divides
# the effective learning rate by 100. And because the step is orthogonal to $W$, Pythagoras gives
# $\lVert W_{t+1}\rVert^2 = \lVert W_t\rVert^2 + \eta^2\lVert\nabla L\rVert^2$: the norm can only grow under
# plain SGD, which lowers the effective learning rate as training goes on (weight decay pulls the other way;
# van Laarhoven, 2017).
#
# **Experiment.** A two-layer regression network $x \mapsto \mathrm{relu}(\mathrm{LN}(x W_1^\top))\,W_2^\top$ on
# a fixed data set of 256 points, trained with full-batch SGD and the same $\eta = 0.1$ for every parameter. Only
# the initial scale of $W_1$ changes: He's scale times $c = 0.1, 1, 10$. The last run checks the law: $c = 10$,
# but $W_1$ gets the learning rate $100\,\eta$.

# %%
# NBVAL_CHECK_OUTPUT
def train_normalized(c, steps=200, lr=0.1, lr_w1=None, eps=1e-5, seed=0):
    """Full-batch SGD on relu(LN(x W1^T)) W2^T; returns per-step losses and ||W1||."""
    rng = np.random.default_rng(seed)
    n, d, k = 256, 16, 32
    x = rng.standard_normal((n, d))
    v = rng.standard_normal((d, 4)) / 4
    y = np.sin(x @ v).sum(axis=1, keepdims=True)                # a smooth target
    W1 = c * rng.standard_normal((k, d)) * math.sqrt(2 / d)     # (fan_out, fan_in) = (32, 16)
    W2 = rng.standard_normal((1, k)) / math.sqrt(k)
    g, b = np.ones(k), np.zeros(k)
    lr_w1 = lr if lr_w1 is None else lr_w1
    losses, norms = [], []
    for _ in range(steps + 1):
        z = x @ W1.T
        u = norm.layer_norm(z, g, b, eps)
        hidden = np.maximum(u, 0.0)
        diff = hidden @ W2.T - y
        losses.append(0.5 * float(np.mean(diff**2)))
        norms.append(float(np.linalg.norm(W1)))
        grad_out = diff / n
        grad_w2 = grad_out.T @ hidden
        grad_z, grad_g, grad_b = norm.layer_norm_backward((grad_out @ W2) * (u > 0), z, g, eps)
        W1 -= lr_w1 * (grad_z.T @ x)
        W2 -= lr * grad_w2
        g -= lr * grad_g
        b -= lr * grad_b
    return np.array(losses), np.array(norms)


runs = {f"c = {c:g}": train_normalized(c) for c in (0.1, 1.0, 10.0)}
runs["c = 10, lr(W1) x 100"] = train_normalized(10.0, lr_w1=0.1 * 100)
checkpoints = (0, 10, 50, 200)
print(f"{'initial scale of W1':22s} | " + " | ".join(f"loss @ {t:3d}" for t in checkpoints)
      + " | ||W1|| at 0 -> 200")
for name, (losses, norms) in runs.items():
    print(f"{name:22s} | " + " | ".join(f"{losses[t]:10.3g}" for t in checkpoints)
          + f" | {norms[0]:.3g} -> {norms[-1]:.3g}")
exact_1 = train_normalized(1.0, eps=0.0)[0]                    # eps = 0: the invariance is exact
exact_10 = train_normalized(10.0, lr_w1=0.1 * 100, eps=0.0)[0]
same = np.allclose(exact_10, exact_1, rtol=1e-9)
print(f"with eps = 0, c = 10 and 100x the learning rate for W1 repeats the c = 1 losses (rtol 1e-9): {same}")

# %% [markdown]
# Every run starts at the same loss (scale invariance). After that the initial scale decides: the cell prints a
# lower loss at every checkpoint for the smaller $W_1$, whose effective learning rate is largest, and the
# largest $W_1$ learns slowest. The $c = 0.1$ run also shows the norm growth derived above: its $\lVert W_1\rVert$
# grows during training, which brakes its effective learning rate (for $c \geq 1$ the growth is too small to see
# at three digits). The last two lines check the law: scaling $W_1$ by 10 and its learning rate by $10^2$
# reproduces the $c = 1$ losses at the printed precision, and step by step to rounding once $\epsilon = 0$
# removes the one term that breaks the symmetry.

# %%
fig, ax = plt.subplots()
for index, (name, (losses, _)) in enumerate(runs.items()):
    ax.plot(losses, color=plots.PALETTE[index], linestyle=["-", "-", "-", ":"][index], linewidth=2, label=name)
ax.set(yscale="log", xlabel="SGD step", ylabel="training loss",
       title="Same network, same learning rate, three initial scales of $W_1$")
ax.legend()
plt.show()

# %% [markdown]
# ### Exercise 2: the effective learning rate (3 points)
#
# Write `effective_lr(lr, weight)`: `weight` is a NumPy array of any shape, a weight followed by a LayerNorm
# (so the loss is invariant to scaling the *whole* array), and `lr` is the SGD learning rate (a positive
# float). Return, as a Python or NumPy float, the learning rate with which SGD turns the weight's direction,
# $\eta/\lVert W\rVert^2$, where $\lVert W\rVert$ is the Frobenius norm (the square root of the sum of the
# squares of all entries).

# %% kind="answer" grade_id="n07_effective_lr_answer"
def effective_lr(lr, weight):
    """Effective learning rate of a scale-invariant weight: lr / ||weight||_F**2."""
    ### BEGIN SOLUTION
    weight = np.asarray(weight, dtype=np.float64)
    return float(lr / np.sum(weight**2))
    ### END SOLUTION


# %% kind="test" grade_id="n07_effective_lr_test" points=3
"""Test effective_lr: lr / ||W||_F^2 on non-square and 4-D weights, and its 1/c^2 scaling law."""
import numpy as np

from course_lib import grading


def _value(lr, weight):
    _w = np.array(weight)
    _out = grading.call_quietly(effective_lr, lr, _w)
    return grading.as_float(_out, f"effective_lr({lr}, weight of shape {weight.shape})")


def _check(lr, weight):
    _expected = lr / float(np.sum(np.asarray(weight, dtype=np.float64) ** 2))
    _fro = float(np.sqrt(np.sum(weight**2)))
    _hints = [
        (_fro, "Is the norm squared? The effective rate is lr / ||W||^2."),
        (_fro**4, "Is lr multiplied by ||W||^2 instead of divided?"),
        (weight.size, "Is the mean of the squares used? ||W||^2 is their sum."),
        (lr, "Is lr squared? The rate is lr / ||W||^2."),
        (_fro**2 / np.linalg.norm(weight.reshape(weight.shape[0], -1), 2) ** 2,
         "Is that the spectral norm? Use the Frobenius norm (all entries)."),
    ]
    grading.check_close(_value(lr, weight), _expected, f"effective_lr({lr}, W of shape {weight.shape})",
                        rtol=1e-9, hints=_hints)


_rng = np.random.default_rng(grading.seed(72))
_W = _rng.standard_normal((12, 30)) * 0.3
_check(0.1, _W)
# visible: scaling W by 10 divides the effective learning rate by 100
assert abs(_value(0.1, 10 * _W) * 100 / _value(0.1, _W) - 1) < 1e-9, (
    "effective_lr(lr, 10 W) should be effective_lr(lr, W) / 100")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(73))
_check(0.5, _rng.standard_normal((7, 3)) * 2.0)
_check(1e-3, _rng.standard_normal((16, 8, 3, 3)) * 0.05)          # a convolution weight
_check(2.0, _rng.uniform(-1, 1, size=(40, 5)))
_check(0.03, np.full((3, 5), -0.7))
for _c in (0.1, 3.0):
    _W = _rng.standard_normal((6, 11))
    assert abs(_value(0.2, _c * _W) * _c**2 / _value(0.2, _W) - 1) < 1e-9, "effective_lr should scale like 1/c^2"
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Zero-$\gamma$: a residual block that starts as the identity
#
# A residual block computes $x_{l+1} = x_l + F(x_l)$. If the branch $F$ ends in a normalization,
# $F(x) = \gamma \odot \mathrm{Norm}(\,\cdot\,) + \beta$, then $\gamma = 0$ and $\beta = 0$ make $F \equiv 0$: every
# block, and the whole network, is the identity at initialization, whatever the depth. Goyal et al. (2017,
# *Accurate, Large Minibatch SGD*, section 5.1) initialize the last BatchNorm $\gamma$ of each ResNet block to
# zero for this reason. It is not a dead start: the gradient reaches $\gamma$, since
# $\partial L/\partial\gamma = \sum \partial L/\partial y \odot \mathrm{Norm}(\cdot) \neq 0$, while the branch's
# weights get zero gradient at the first step and start learning once $\gamma$ has moved.
#
# Why it matters for initialization: with $\gamma = 1$, each block adds a normalized branch of unit variance, so
# $\mathrm{Var}(x_l)$ grows like $1 + l$ and the stream's RMS like $\sqrt{1 + l}$, a drift that no choice of the
# branch's weight scale can remove (the normalization fixes the branch's output scale). The cell measures a
# 16-block stack of the form $x_{l+1} = x_l + \mathrm{LN}(\mathrm{relu}(x_l W_1^\top)\,W_2^\top)$ both ways.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(2)
x0 = rng.standard_normal((256, 64))
target = rng.standard_normal((256, 64))
zero_gamma_report = {}
for zero_gamma in (False, True):
    stack = ResidualStack(16, 64, 128, "none", branch_norm=True, zero_gamma=zero_gamma, rng=3)
    loss = stack.mse_loss(x0, target)
    rms = stack.rms
    identity_error = np.abs(stack.stream[-1] - x0).max()
    grad_w = np.linalg.norm(stack.grad_W1[0]) + np.linalg.norm(stack.grad_W2[0])
    grad_gamma = np.linalg.norm(stack.grad_branch_gamma[0])
    zero_gamma_report[zero_gamma] = (rms, identity_error)
    print(f"zero_gamma={zero_gamma!s:5s}: RMS of x_l at l = 0, 4, 16: {rms[0]:.3g}, {rms[4]:.3g}, {rms[16]:.3g} "
          f"(sqrt(1 + l): 1, {math.sqrt(5):.3g}, {math.sqrt(17):.3g}); max |x_16 - x_0| = {identity_error:.3g}")
    print(f"    block 1 gradients: ||dL/dW1|| + ||dL/dW2|| = {grad_w:.3g}, ||dL/dgamma|| = {grad_gamma:.3g}")

# %% [markdown]
# With $\gamma = 1$ the RMS stays close to $\sqrt{1 + l}$ (the cell prints both); with $\gamma = 0$ the output equals the
# input exactly, the weights' gradients are exactly zero and $\gamma$'s is not.
#
# ### Exercise 3: a residual block that is the identity at initialization (4 points)
#
# The block is
#
# $$y = x + \mathrm{LN}\big(\mathrm{relu}(x\,W_1^\top)\,W_2^\top;\ \gamma, \beta\big),$$
#
# with the LayerNorm of section 2 over the last axis ($\epsilon = 10^{-5}$). Write
# `init_residual_block(d, hidden, rng, zero_gamma=True)` that returns a `dict` of NumPy float arrays:
#
# * `"W1"`: shape `(hidden, d)` (PyTorch's layout `(fan_out, fan_in)`), i.i.d. $\mathcal N(0, 2/d)$ (He, a ReLU
#   follows);
# * `"W2"`: shape `(d, hidden)`, i.i.d. $\mathcal N(0, 1/\text{hidden})$ (LeCun), independent of `W1`;
# * `"gamma"`: shape `(d,)`, zeros if `zero_gamma` else ones; `"beta"`: shape `(d,)`, zeros.
#
# Draw everything from the `numpy.random.Generator` `rng` (the same seed must give the same block).

# %% kind="answer" grade_id="n07_residual_block_answer"
def init_residual_block(d, hidden, rng, zero_gamma=True):
    """Parameters W1 (hidden, d) ~ N(0, 2/d), W2 (d, hidden) ~ N(0, 1/hidden), gamma (0 or 1), beta = 0."""
    ### BEGIN SOLUTION
    return {
        "W1": rng.normal(0.0, math.sqrt(2.0 / d), size=(hidden, d)),
        "W2": rng.normal(0.0, math.sqrt(1.0 / hidden), size=(d, hidden)),
        "gamma": np.zeros(d) if zero_gamma else np.ones(d),
        "beta": np.zeros(d),
    }
    ### END SOLUTION


# %% kind="test" grade_id="n07_residual_block_test" points=4
"""Test init_residual_block: shapes, identity at init with zero_gamma, He / LeCun scales, the rng is used."""
import math

import numpy as np

from course_lib import grading


def _params(d, hidden, seed, zero_gamma=True):
    _p = grading.call_quietly(init_residual_block, d, hidden, np.random.default_rng(grading.seed(seed)),
                              zero_gamma=zero_gamma)
    assert isinstance(_p, dict), f"init_residual_block should return a dict, got {type(_p).__name__}"
    _shapes = {"W1": (hidden, d), "W2": (d, hidden), "gamma": (d,), "beta": (d,)}
    _missing = sorted(set(_shapes) - set(_p))
    assert not _missing, f"the dict is missing the keys {_missing}"
    return {_k: grading.check_array(_p[_k], f"params[{_k!r}]", _s) for _k, _s in _shapes.items()}


def _block(p, x):
    _f = np.maximum(x @ p["W1"].T, 0.0) @ p["W2"].T
    _m = _f.mean(axis=-1, keepdims=True)
    _v = ((_f - _m) ** 2).mean(axis=-1, keepdims=True)
    return x + p["gamma"] * (_f - _m) / np.sqrt(_v + 1e-5) + p["beta"]


def _check_block(d, hidden, seed):
    _x = np.random.default_rng(grading.seed(seed + 1)).standard_normal((32, d))
    _p = _params(d, hidden, seed, zero_gamma=True)
    assert np.allclose(_block(_p, _x), _x, rtol=0, atol=1e-12), (
        "with zero_gamma=True the block should return its input exactly: gamma and beta must both be 0")
    _p = _params(d, hidden, seed, zero_gamma=False)
    assert np.array_equal(_p["gamma"], np.ones(d)), "with zero_gamma=False gamma should be ones (PyTorch's default)"
    assert np.array_equal(_p["beta"], np.zeros(d)), "beta should be zeros"
    assert np.abs(_block(_p, _x) - _x).max() > 0.1, "with zero_gamma=False the branch should not vanish"


def _check_scales(d, hidden, seed):
    """W1 and W2 each hold >= 100_000 normal values: check_std (z = 6) fails a right answer w.p. < 1e-8.

    Returns the entries of W1 and W2, each divided by its target std, for one test of their shape."""
    _p = _params(d, hidden, seed, zero_gamma=True)
    assert _p["W1"].size >= 100_000 and _p["W2"].size >= 100_000
    assert np.any(_p["W2"] != 0), "W2 should be random (LeCun): the zero gamma alone makes the block the identity"
    grading.check_std(_p["W1"], math.sqrt(2.0 / d), "W1", hints=[
        (1 / math.sqrt(3.0), "Is the std used as the bound of a uniform? U(-b, b) has std b / sqrt(3)."),
        (math.sqrt(d / hidden), "Is fan_out (hidden) used for W1? He's scale uses fan_in = d."),
        (1 / math.sqrt(2.0), "Is the ReLU factor 2 missing from W1's variance?"),
        (math.sqrt(d / 2.0) * 2.0 / d, "Is the variance 2/d used as the standard deviation?")])
    grading.check_std(_p["W2"], math.sqrt(1.0 / hidden), "W2", hints=[
        (math.sqrt(2.0), "W2 is not followed by a ReLU: LeCun's 1/hidden, without the factor 2."),
        (math.sqrt(hidden / d), "Is fan_out (d) used for W2? Its fan_in is hidden.")])
    _corr = np.corrcoef(_p["W1"].T.ravel(), _p["W2"].ravel())[0, 1]
    grading.record_margin("correlation of W1.T and W2", abs(_corr), 6 / math.sqrt(_p["W2"].size))
    assert abs(_corr) < 6 / math.sqrt(_p["W2"].size), "W2 should be drawn independently of W1"
    assert np.all(_p["gamma"] == 0) and np.all(_p["beta"] == 0)
    return np.concatenate([_p["W1"].ravel() / math.sqrt(2.0 / d), _p["W2"].ravel() * math.sqrt(hidden)])


# visible: a 48-wide block with 80 hidden units
_check_block(48, 80, seed=74)
_a, _b = _params(48, 80, 75), _params(48, 80, 75)
assert np.array_equal(_a["W1"], _b["W1"]) and np.array_equal(_a["W2"], _b["W2"]), (
    "the same seeded rng should give the same weights: draw from rng, not from np.random")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_check_block(20, 7, seed=76)
# The exercise asks for normal weights: one Kolmogorov-Smirnov test of all 508_000 standardized entries
# (a correct answer fails it with probability 1e-7; with the four check_std and two correlation tests,
# below 1.2e-7 in all). It catches a distribution at KS distance sqrt(ln(2 / alpha) / (2 n)) = 0.004 from the
# normal half of the time, one at 0.008 almost surely; a uniform of the right std is at 0.057.
_standardized = np.concatenate([_check_scales(300, 500, seed=77), _check_scales(400, 260, seed=78)])
grading.check_distribution(_standardized, grading.normal_cdf(1.0), "W1 and W2 (each divided by its target std)",
                           hint="The entries should be normal, N(0, 2/d) and N(0, 1/hidden): not uniform, truncated "
                                "or clipped.")
_c, _e = _params(30, 50, 79), _params(30, 50, 80)
assert not np.array_equal(_c["W1"], _e["W1"]), "different rngs should give different weights"
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Pre-LN versus Post-LN
#
# Where the LayerNorm sits in a residual block changes the gradients at initialization. With a branch
# $F(u) = \mathrm{relu}(u\,W_1^\top)\,W_2^\top$ (He and LeCun scales, as in Exercise 3):
#
# * **Post-LN** (the original Transformer): $x_{l+1} = \mathrm{LN}(x_l + F(x_l))$;
# * **Pre-LN**: $x_{l+1} = x_l + F(\mathrm{LN}(x_l))$, with one more LN on the output.
#
# Xiong et al. (2020, *On Layer Normalization in the Transformer Architecture*) prove, for Transformers at
# initialization, that the gradient of the last layer's weights is of order $d\sqrt{\ln d}$ for Post-LN, and of
# order $d\sqrt{\ln d/L}$ for Pre-LN with $L$ layers; and they show empirically (their Figure 3) that Post-LN's
# gradient norm grows with the layer index, largest near the output, while Pre-LN's stays about the same in
# every layer. That is why Post-LN needs a learning-rate warm-up and Pre-LN trains without one.
#
# The reason for the $1/\sqrt L$: in Pre-LN the stream is never normalized, so its variance grows like
# $1 + l$ (each block adds a branch of about unit variance), and the final LN divides the gradient by the
# stream's RMS, about $\sqrt{L}$. The cell measures the gradient norms of every block's weights,
# $\sqrt{\lVert\partial L/\partial W_1\rVert^2 + \lVert\partial L/\partial W_2\rVert^2}$, on our NumPy stack (width
# 64, MSE loss on a random target, averaged over 4 seeds), first the last block as a function of $L$, then every
# block of a 24-block stack.

# %%
# NBVAL_CHECK_OUTPUT
def gradient_norms(placement, depth, seeds=4):
    """Per-block gradient norms at initialization, averaged over `seeds` independent stacks and batches."""
    total = np.zeros(depth)
    for seed in range(seeds):
        rng = np.random.default_rng(100 + seed)
        stack = ResidualStack(depth, 64, 256, placement, rng=rng)
        stack.mse_loss(rng.standard_normal((128, 64)), rng.standard_normal((128, 64)))
        total += stack.grad_norms
    return total / seeds


print("last block's gradient norm, as a function of the depth L")
print(f"{'L':>4s} | {'Post-LN':>8s} | {'Pre-LN':>8s} | Pre-LN * sqrt(L / 6) | Post / Pre")
last = {}
for depth in (6, 12, 24, 48):
    last[depth] = {p: gradient_norms(p, depth)[-1] for p in ("post", "pre")}
    print(f"{depth:4d} | {last[depth]['post']:8.3g} | {last[depth]['pre']:8.3g} | "
          f"{last[depth]['pre'] * math.sqrt(depth / 6):20.3g} | {last[depth]['post'] / last[depth]['pre']:.3g}")
profiles = {"Post-LN": gradient_norms("post", 24), "Pre-LN": gradient_norms("pre", 24)}
print("\nL = 24, gradient norm at blocks 1, 6, 12, 18, 24")
for name, values in profiles.items():
    print(f"{name:8s}: " + "  ".join(f"{values[block - 1]:.3g}" for block in (1, 6, 12, 18, 24))
          + f"   (last / first = {values[-1] / values[0]:.2g})")

# %%
ax = plots.plot_layer_values(profiles, ylabel=r"$\sqrt{\|\partial L/\partial W_1\|^2 + \|\partial L/\partial W_2\|^2}$",
                             title="Gradient norms per block at initialization, 24 blocks, width 64", log=True)
ax.set_xlabel("block")
plt.show()

# %% [markdown]
# **The paper's claim beside our numbers.**
#
# * *Last layer versus depth* (Xiong et al.'s theorem): confirmed. The Pre-LN column falls with $L$, and
#   multiplied by $\sqrt{L/6}$ it stays roughly constant, the $1/\sqrt L$ law; the Post-LN column stays about the
#   same for every $L$, so the ratio Post/Pre grows with depth. Post-LN's last layers get the large gradients, and a
#   learning rate that suits Pre-LN is too large for them.
# * *Profile over the layers* (their Figure 3): **not** reproduced by this stack. Our Post-LN profile is
#   roughly flat, and our Pre-LN gradients are *largest near the input* (the printed ratio last/first is below
#   one). The reason is structural: in Pre-LN, $\partial L/\partial x_l = \partial L/\partial x_{l+1}\,(I + J_l)$
#   adds a branch term at every block, so the stream's gradient grows toward the input; and in our Post-LN the
#   MLP branch has a Jacobian about as large as the identity, which roughly compensates the shrinking factor of
#   each LN. The paper's Transformers have attention branches, whose Jacobian at initialization is much smaller, so
#   there the LN shrinkage wins and Post-LN gradients decay toward the input. A claim proved for one
#   architecture is a hypothesis for another: measure.
#
# ## 7. What normalization removes, and what initialization still decides
#
# The cell collects the numbers measured above.

# %%
losses_at = {name: runs[name][0][50] for name in ("c = 0.1", "c = 1", "c = 10")}
print("Removed by normalization:")
print(f"  * the weight scale before a norm, in the forward pass: the three runs start at the same loss "
      f"{runs['c = 1'][0][0]:.3g}")
print("Still decided by initialization:")
print("  * the effective learning rate lr / ||W||^2: loss after 50 steps, c = 0.1 / 1 / 10: "
      + " / ".join(f"{v:.3g}" for v in losses_at.values()))
rms_free, rms_zero = zero_gamma_report[False][0], zero_gamma_report[True][0]
print(f"  * the residual stream's growth: RMS of x_16 = {rms_free[-1]:.3g} with gamma = 1, "
      f"{rms_zero[-1]:.3g} with zero-gamma (input {rms_free[0]:.3g})")
print(f"  * the gradient balance between layers: last-block gradient, Post-LN / Pre-LN at L = 48: "
      f"{last[48]['post'] / last[48]['pre']:.3g}")

# %% [markdown]
# ## 8. Summary
#
# * BatchNorm normalizes each feature over the batch, LayerNorm each example over its features, both with the
#   biased variance and $\epsilon$ inside the root, followed by $\gamma\,\hat x + \beta$.
# * A normalization after a weight makes the loss invariant to the weight's scale: $L(cW) = L(W)$ (for
#   LayerNorm the whole matrix, for BatchNorm each row). Hence $\nabla L(cW) = \nabla L(W)/c$ and
#   $\langle W, \nabla L\rangle = 0$. $\epsilon$ is the only place the scale leaks back in.
# * SGD then turns the weight's direction with the effective learning rate $\eta/\lVert W\rVert^2$, and the
#   norm grows step by step. So the initial scale no longer changes the network's output but still sets how
#   fast it learns: the run from a ten times smaller $W_1$ learned much faster, the ten times larger one much
#   slower, with the same $\eta$.
# * Zero-$\gamma$ in the last norm of each residual branch makes the network the identity at initialization
#   (Goyal et al., 2017); the gradient reaches $\gamma$ and the branches switch on during training. Without it,
#   the stream's RMS grows like $\sqrt{1 + l}$.
# * Pre-LN keeps the stream unnormalized and divides its last layers' gradients by about $\sqrt L$; Post-LN
#   does not (Xiong et al., 2020), confirmed on our stack. The per-layer profile depends on the branch: claims
#   transfer between architectures only after a measurement.
#
# ## 9. Active recall: check yourself
#
# 1. For `x` of shape `(batch, features)`, over which axis does BatchNorm normalize, and over which LayerNorm?
# 2. Why is $\langle W, \nabla_W L\rangle = 0$ for a weight followed by a LayerNorm?
# 3. You initialize a weight before a BatchNorm 3 times larger than before. What happens to the initial loss,
#    to the gradient and to the effective learning rate?
# 4. Which scalings of $W$ leave a LayerNorm's output unchanged, and which a BatchNorm's?
# 5. Why does the norm of a scale-invariant weight grow under plain SGD?
# 6. With zero-$\gamma$, the branch weights get zero gradient at the first step. Why does the network still
#    learn?
# 7. In a Pre-LN stack of 32 blocks, by about what factor is the last block's gradient smaller than in a stack of
#    8 blocks?
#
# <details>
# <summary>Answers</summary>
#
# 1. BatchNorm over axis 0 (the batch, for each feature), LayerNorm over the last axis (the features, for each
#    example).
# 2. $L(cW) = L(W)$ for all $c > 0$; differentiating with respect to $c$ at $c = 1$ gives
#    $\langle W, \nabla_W L\rangle = 0$.
# 3. The initial loss is unchanged (up to $\epsilon$), the gradient is divided by 3, and the effective learning
#    rate $\eta/\lVert W\rVert^2$ by 9.
# 4. LayerNorm: a common factor $c > 0$ for the whole matrix. BatchNorm: any positive factor per row (per unit),
#    in particular a common one.
# 5. The step $-\eta\nabla L$ is orthogonal to $W$, so
#    $\lVert W - \eta\nabla L\rVert^2 = \lVert W\rVert^2 + \eta^2\lVert\nabla L\rVert^2$.
# 6. $\partial L/\partial\gamma = \sum \partial L/\partial y\odot\mathrm{Norm}(\cdot)$ is not zero, so $\gamma$
#    moves at the first step; after that the branch is on and its weights get gradients.
# 7. About $\sqrt{32/8} = 2$: the stream's RMS grows like $\sqrt{1 + l}$ and the final LN divides the gradient
#    by it.
#
# </details>
