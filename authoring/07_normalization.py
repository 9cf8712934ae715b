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
# 1. write LayerNorm (forward pass, with $\gamma$, $\beta$ and $\epsilon$) and say over which axes BatchNorm and
#    LayerNorm normalize;
# 2. prove, and check by simulation, that a normalization makes the layer's output invariant to the scale of the
#    weights before it, while the gradient scales like $1/c$ and is orthogonal to the weight;
# 3. derive the effective learning rate $\eta/\lVert W\rVert^2$ of a scale-invariant weight under SGD, work out
#    how it changes for momentum, Adam, sign and LARS-type updates, and show with small training runs that the
#    initial weight scale still decides early training;
# 4. initialize a residual block as the identity with a zero $\gamma$ (Goyal et al., 2017), measure it, and choose
#    for other residual designs (Fixup, ReZero, LayerScale, Post-LN) which parameter, if any, can be zeroed;
# 5. predict, then measure, per-layer gradient norms of Pre-LN and Post-LN residual stacks at initialization,
#    and compare them with the claims of Xiong et al. (2020).
#
# **Prerequisites.** Notebooks 02 and 04 (variance propagation, He initialization), and the residual streams of
# notebook 06; the chain rule for a backward pass written by hand in NumPy.
#
# **Estimated time.** 60 to 80 minutes of work; the whole notebook executes in under half a minute.
#
# **How to work.** Run the cells from top to bottom (Run All works before you answer anything: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are four exercises (13 points): one
# *implement* (LayerNorm), one *derive* (the learning rate that undoes a weight scale, for ten optimizers), one
# *choose* (which parameter to zero so that a residual block starts as the identity) and one *predict* (Pre-LN
# and Post-LN gradients). Each has a test cell you can run: its visible checks catch the common slips, and hidden
# tests decide the grade. An answer may use the imports of the first code cell and its own code, nothing else
# from the notebook: the grader runs each exercise with the first cell only.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import grading, norm, plots
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
# *biased* one (divide by $m$), and $\epsilon$ (PyTorch's default $10^{-5}$) sits inside the square root. (In
# torch 2.13.0, `torch/nn/modules/normalization.py` and `torch/nn/modules/batchnorm.py`: the constructors
# default to `eps=1e-5`, `reset_parameters` calls `init.ones_` on the weight $\gamma$ and `init.zeros_` on the
# bias $\beta$, and the docstrings state the biased estimator; only BatchNorm's *running* variance, used in
# evaluation mode, is the unbiased one.)
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
# ### Exercise 1 (implement, 3 points)
#
# Write `layer_norm(x, gamma, beta, eps=1e-5)`:
#
# * `x` is a NumPy array of shape `(..., d)` (any number of leading axes); `gamma` and `beta` have shape `(d,)`;
# * normalize every vector `x[..., :]` over its **last axis**: subtract its mean, divide by
#   $\sqrt{\sigma^2 + \epsilon}$ with the biased variance $\sigma^2$, then multiply by `gamma` and add `beta`;
# * return a new float64 array of the shape of `x`; do not modify `x`.
#
# Use NumPy only (the tests block `course_lib.norm` and torch while your function runs). Writing it once makes
# the axes and the place of $\epsilon$ yours; the rest of the notebook uses `course_lib.norm.layer_norm`.

# %% kind="answer" grade_id="n07_layer_norm_answer"
def layer_norm(x, gamma, beta, eps=1e-5):
    """LayerNorm over the last axis of x, with gamma, beta of shape (d,) and eps inside the square root."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
    ### END SOLUTION


# %% kind="test" grade_id="n07_layer_norm_test" points=3
"""layer_norm: a float array of x's shape, x left unchanged, every row with mean 0 (hidden tests check values)."""
import numpy as np

from course_lib import grading

_x = np.random.default_rng(grading.seed(70)).normal(2.0, 3.0, size=(6, 10))     # 6 examples, 10 features
_x_before = _x.copy()
with grading.forbidding("course_lib.norm", "torch.nn.functional", who="layer_norm", advice="write it with NumPy only"):
    _y = grading.call_quietly(layer_norm, _x, np.ones(10), np.zeros(10))
_y = grading.check_array(_y, "layer_norm(x, ones, zeros) for x of shape (6, 10)", (6, 10))
assert np.array_equal(_x, _x_before), "layer_norm modified its input x: compute on a copy"
assert np.allclose(_y.mean(axis=-1), 0.0, atol=1e-9), "each example (row) should have mean 0: normalize over the last axis"
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _reference(x, gamma, beta, eps):
    _m = x.mean(axis=-1, keepdims=True)
    _v = ((x - _m) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - _m) / np.sqrt(_v + eps) + beta


def _call(x, gamma, beta, eps=None):
    _x = np.array(x)
    _args = (_x, np.array(gamma), np.array(beta)) + (() if eps is None else (eps,))
    with grading.forbidding("course_lib.norm", "course_lib.nets", "torch.nn.functional", who="layer_norm",
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


_rng = np.random.default_rng(grading.seed(71))
_x = _rng.normal(2.0, 3.0, size=(6, 10))          # 6 examples, 10 features: axis 0 and axis -1 differ
_check(_x, _rng.normal(size=10), _rng.normal(size=10))
_check(_rng.normal(-1.0, 0.5, size=(3, 4, 7)), _rng.normal(size=7), _rng.normal(size=7), 1e-5)   # 3-D input
_check(_rng.normal(0.0, 0.2, size=(9, 12)), _rng.normal(size=12), _rng.normal(size=12), 0.1)     # eps matters
_check(_rng.normal(size=(1, 5)), np.ones(5), np.zeros(5), 1e-3)
_check(_rng.normal(size=(8,)), _rng.normal(size=8), _rng.normal(size=8), 1e-5)                   # one vector
_check(np.full((4, 6), 2.5), _rng.normal(size=6), np.arange(6.0), 1e-5)   # a constant row gives y = beta
# each example separately: scaling and shifting one row leaves every row's output unchanged (eps = 0)
_x = _rng.normal(size=(5, 9))
_scales = np.array([[0.1], [1.0], [10.0], [2.0], [0.5]])
assert np.allclose(_call(_x * _scales + 3.0, np.ones(9), np.zeros(9), 0.0),
                   _call(_x, np.ones(9), np.zeros(9), 0.0), atol=1e-9), (
    "scaling or shifting one example should not change its normalized output")
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
# It prints two output errors: the change $y(cW) - y(W)$, both computed with $\epsilon$, and the distance of
# $y(cW)$ from the exact output $y_0(W)$ that $\epsilon = 0$ gives.

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
    _, y_exact, _ = normalized_layer(W, x, r, kind, eps=0.0)
    print(f"{kind.capitalize()}Norm:   c | max |y(cW) - y(W)| | max |y(cW) - y0(W)| | c ||grad(cW)|| / ||grad(W)|| "
          "| <W, grad> / (||W|| ||grad||)")
    for c in (0.1, 1.0, 10.0):
        _, y_c, g_c = normalized_layer(c * W, x, r, kind)
        cosine = np.sum(c * W * g_c) / (np.linalg.norm(c * W) * np.linalg.norm(g_c))
        print(f"{c:15.1f} | {small(np.abs(y_c - y_ref).max()):>18s} | {small(np.abs(y_c - y_exact).max()):>19s} | "
              f"{c * np.linalg.norm(g_c) / np.linalg.norm(g_ref):29.4f} | {small(abs(cosine), 1e-12):>12s}")
row_scales = np.linspace(0.5, 5.0, 30)[:, None]                # a different factor for every unit
for kind in ("layer", "batch"):
    _, y_rows, _ = normalized_layer(row_scales * W, x, r, kind)
    _, y_one, g_one = normalized_layer(W, x, r, kind)
    row_cosines = np.sum(W * g_one, axis=1) / (np.linalg.norm(W, axis=1) * np.linalg.norm(g_one, axis=1))
    print(f"{kind.capitalize()}Norm, every row of W scaled by its own factor: max |change of y| = "
          f"{small(np.abs(y_rows - y_one).max())}; row by row, max |cos(W_i, grad_i)| = "
          f"{small(np.abs(row_cosines).max())}")

# %% [markdown]
# Read the table: $c$ times the gradient norm is the same for every $c$ to three decimals. The traces of
# $\epsilon$ are in the other columns. $\epsilon$ is compared with the variance $c^2\sigma^2$, so its error is
# of order $\epsilon/(c^2\sigma^2)$: the distance to the exact output $y_0(W)$ and the cosine between $W$ and
# its gradient shrink a hundredfold for every tenfold $c$, as printed. The first column does not: at $c = 10$ it
# is only a hundredfold below its value at $c = 0.1$ (tenfold per tenfold), because $y(10\,W)$ is close to the
# exact output and what remains of $y(10\,W) - y(W)$ is $y(W)$'s *own* $\epsilon$ error, which does not depend on
# $c$. $\epsilon$ is the only place where the scale leaks back in (with $\epsilon = 0$ all of these vanish to
# rounding; `tests/test_norm.py` checks it). The last lines show the difference between the two normalizations:
# per-row scaling leaves BatchNorm's output unchanged up to $\epsilon$ (the printed change is of the same
# order as the $\epsilon$ errors above) and changes LayerNorm's by order one; and only BatchNorm's gradient is
# orthogonal to each row separately (LayerNorm's is orthogonal to $W$ as a whole, the last column of the table).
#
# ## 4. The effective learning rate
#
# Plain SGD updates $W \leftarrow W - \eta\,\nabla L(W)$. Write $W = \lVert W\rVert\,\hat W$. Only the direction
# $\hat W$ matters to the loss, and by the scaling law the gradient at $W$ is $\nabla L(\hat W)/\lVert W\rVert$.
# The step is orthogonal to $W$, so to first order it turns the direction by
#
# $$\Delta\hat W = -\frac{\eta}{\lVert W\rVert}\,\nabla L(W) = -\frac{\eta}{\lVert W\rVert^2}\,\nabla L(\hat W):
#   \qquad \boxed{\;\eta_{\text{eff}} = \frac{\eta}{\lVert W\rVert^2}\quad\text{(SGD)}\;}$$
#
# a step of learning rate $\eta/\lVert W\rVert^2$ on the unit sphere. This is *SGD's* angular rate: it comes from
# the step being proportional to the gradient, and section 4.1 shows that other optimizers have other laws.
# Initializing $W$ ten times larger divides SGD's effective learning rate by 100. And because the step is
# orthogonal to $W$, Pythagoras gives $\lVert W_{t+1}\rVert^2 = \lVert W_t\rVert^2 + \eta^2\lVert\nabla L\rVert^2$
# (exactly when $\epsilon = 0$): the norm can only grow under plain SGD, which lowers the effective learning rate
# as training goes on (weight decay pulls the other way; van Laarhoven, 2017, *L2 Regularization versus Batch and
# Weight Normalization*).
#
# **Experiment.** A two-layer regression network $x \mapsto \mathrm{relu}(\mathrm{LN}(x W_1^\top))\,W_2^\top$ on
# a fixed data set of 256 points, trained with full-batch SGD and the same $\eta = 0.1$ for every parameter. Only
# the initial scale of $W_1$ changes: He's scale times $c = 0.1, 1, 10$. The fourth run checks the law: $c = 10$,
# but $W_1$ gets the learning rate $100\,\eta$; the fifth starts at $c = 0.1$ with half the learning rate for
# $W_1$. The cell also counts the steps at which the loss went *up*, and
# prints the angle by which the first step turned $W_1$.

# %%
# NBVAL_CHECK_OUTPUT
def train_normalized(c, steps=200, lr=0.1, lr_w1=None, eps=1e-5, seed=0, optimizer="sgd", adam_eps=1e-8):
    """Full-batch training of relu(LN(x W1^T)) W2^T; W1 by SGD or Adam, the rest by SGD.

    Returns the per-step losses, ||W1|| before every step, and the angle (radians) each step turned W1."""
    rng = np.random.default_rng(seed)
    n, d, k = 256, 16, 32
    x = rng.standard_normal((n, d))
    v = rng.standard_normal((d, 4)) / 4
    y = np.sin(x @ v).sum(axis=1, keepdims=True)                # a smooth target
    W1 = c * rng.standard_normal((k, d)) * math.sqrt(2 / d)     # (fan_out, fan_in) = (32, 16)
    W2 = rng.standard_normal((1, k)) / math.sqrt(k)
    g, b = np.ones(k), np.zeros(k)
    lr_w1 = lr if lr_w1 is None else lr_w1
    m, s = np.zeros_like(W1), np.zeros_like(W1)                # Adam's moments (beta1 = 0.9, beta2 = 0.999)
    losses, norms, angles = [], [], []
    for t in range(1, steps + 2):
        z = x @ W1.T
        u = norm.layer_norm(z, g, b, eps)
        hidden = np.maximum(u, 0.0)
        diff = hidden @ W2.T - y
        losses.append(0.5 * float(np.mean(diff**2)))
        norms.append(float(np.linalg.norm(W1)))
        grad_out = diff / n
        grad_w2 = grad_out.T @ hidden
        grad_z, grad_g, grad_b = norm.layer_norm_backward((grad_out @ W2) * (u > 0), z, g, eps)
        grad_w1 = grad_z.T @ x
        if optimizer == "sgd":
            step = grad_w1
        else:
            m, s = 0.9 * m + 0.1 * grad_w1, 0.999 * s + 0.001 * grad_w1**2
            step = (m / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + adam_eps)
        new_w1 = W1 - lr_w1 * step
        cosine = np.sum(new_w1 * W1) / (np.linalg.norm(new_w1) * np.linalg.norm(W1))
        angles.append(math.acos(min(1.0, cosine)))
        W1 = new_w1
        W2 -= lr * grad_w2
        g -= lr * grad_g
        b -= lr * grad_b
    return np.array(losses), np.array(norms), np.array(angles)


runs = {f"c = {c:g}": train_normalized(c) for c in (0.1, 1.0, 10.0)}
runs["c = 10, lr(W1) x 100"] = train_normalized(10.0, lr_w1=0.1 * 100)
runs["c = 0.1, lr(W1) / 2"] = train_normalized(0.1, lr_w1=0.1 / 2)
checkpoints = (0, 10, 50, 200)
print(f"{'initial scale of W1':22s} | " + " | ".join(f"loss @ {t:3d}" for t in checkpoints)
      + " | ||W1|| at 0 -> 1 -> 200 | first turn | loss rose at")
for name, (losses, norms, angles) in runs.items():
    rises = np.flatnonzero(np.diff(losses[:201]) > 0)
    rose = f"{rises.size} steps" + (f", first at step {rises[0] + 1}" if rises.size else "")
    print(f"{name:22s} | " + " | ".join(f"{losses[t]:10.3g}" for t in checkpoints)
          + f" | {norms[0]:.3g} -> {norms[1]:.3g} -> {norms[200]:.3g} | {angles[0]:10.2g} | {rose}")
turns = {c: runs[f"c = {c:g}"][2][0] for c in (0.1, 1.0, 10.0)}
exact_turns = {c: train_normalized(c, steps=1, eps=0.0)[2][0] for c in (0.1, 1.0)}
print(f"first turn theta, c = 1 over c = 10: {turns[1.0] / turns[10.0]:.4g}, c = 0.1 over c = 1: "
      f"{turns[0.1] / turns[1.0]:.4g}; tan(theta), c = 0.1 over c = 1: "
      f"{math.tan(turns[0.1]) / math.tan(turns[1.0]):.4g} "
      f"({math.tan(exact_turns[0.1]) / math.tan(exact_turns[1.0]):.6g} with eps = 0); "
      f"1 / cos(theta) at c = 0.1: {1 / math.cos(turns[0.1]):.3g}")
exact_1 = train_normalized(1.0, eps=0.0)[0]                    # eps = 0: the invariance is exact
exact_10 = train_normalized(10.0, lr_w1=0.1 * 100, eps=0.0)[0]
same = np.allclose(exact_10, exact_1, rtol=1e-9)
print(f"with eps = 0, c = 10 and 100x the learning rate for W1 repeats the c = 1 losses (rtol 1e-9): {same}")

# %% [markdown]
# Every run starts at the same loss (scale invariance). After that the initial scale decides, within these 200
# steps: the cell prints a lower loss at every checkpoint for the smaller $W_1$, whose effective learning rate is
# largest, and the largest $W_1$ learns slowest. The first turn of $W_1$ is $10^{-2}$ times smaller at $c = 10$
# than at $c = 1$, the $1/c^2$ law. At $c = 0.1$ it is only the printed 92.65 times larger, not 100, because the law
# is exact for the *tangent* of the turn, not for the angle: the step is orthogonal to $W$, so
# $\tan\theta = \eta\,\lVert\nabla L(W)\rVert/\lVert W\rVert$, which scales exactly like $1/c^2$ (the printed
# tangent ratio is 100 once $\epsilon = 0$), and at half a radian the angle is 7 % below its tangent. The same
# right triangle gives the norm after the step: $\lVert W_1\rVert = \lVert W_0\rVert/\cos\theta$.
#
# The $c = 0.1$ run is also the one whose effective learning rate is *too large*: its loss is not monotone. It
# rose at the number of steps printed, in bumps from the printed step on that the plot below shows, while the
# other runs never rose. Halving its learning rate for $W_1$ (the last row) removes every rise and ends lower at
# step 200. Its first step also shows the norm growth derived above: $\lVert W_1\rVert$ jumps by about 12 % in one
# step (the printed $1/\cos\theta$), which brakes its effective learning rate, and creeps up after that (for
# $c \geq 1$ the growth is too small to see at three digits). The row `c = 10, lr(W1) x 100` and the last line
# check the law: scaling $W_1$ by 10 and its learning rate by $10^2$ reproduces the $c = 1$ losses at the printed
# precision, and step by step to rounding once $\epsilon = 0$ removes the one term that breaks the symmetry.

# %%
fig, ax = plt.subplots()
for index, (name, (losses, _, _)) in enumerate(runs.items()):
    ax.plot(losses, color=plots.PALETTE[index], linestyle=["-", "-", "-", ":", "--"][index], linewidth=2, label=name)
ax.set(yscale="log", xlabel="SGD step", ylabel="training loss",
       title="Same network, same learning rate, three initial scales of $W_1$")
ax.legend()
plt.show()

# %% [markdown]
# ### 4.1 Other optimizers
#
# SGD's $c^2$ comes from its step being proportional to the gradient. Optimizers that rescale the gradient follow
# other laws. Below, $g_t = \nabla L(W_t)$ is the gradient of one scale-invariant weight $W$ (a weight followed by
# a LayerNorm, with $\epsilon = 0$), all operations on arrays are entrywise, $\lVert\cdot\rVert$ is the Frobenius
# norm, the optimizer states start at zero, and every denominator has its $\epsilon$ set to 0:
#
# | name | update |
# |---|---|
# | `"sgd"` | $W \leftarrow W - \eta\,g$ |
# | `"momentum"` | $v \leftarrow \mu v + g$, $\ W \leftarrow W - \eta\,v$ (PyTorch's heavy ball with its default `dampening=0`, `torch/optim/sgd.py` in torch 2.13.0; $\mu = 0.9$) |
# | `"nesterov"` | $v \leftarrow \mu v + g$, $\ W \leftarrow W - \eta\,(g + \mu v)$ (the same file's `nesterov=True`) |
# | `"sign"` | $W \leftarrow W - \eta\,\mathrm{sign}(g)$ (signSGD) |
# | `"normalized"` | $W \leftarrow W - \eta\,g / \lVert g\rVert$ |
# | `"adagrad"` | $s \leftarrow s + g^2$, $\ W \leftarrow W - \eta\,g/\sqrt{s}$ |
# | `"rmsprop"` | $s \leftarrow \rho s + (1 - \rho) g^2$, $\ W \leftarrow W - \eta\,g/\sqrt{s}$ ($\rho = 0.99$) |
# | `"adam"` | $m \leftarrow \beta_1 m + (1 - \beta_1) g$, $s \leftarrow \beta_2 s + (1 - \beta_2) g^2$, $\ W \leftarrow W - \eta\,\hat m/\sqrt{\hat s}$ with $\hat m = m/(1 - \beta_1^t)$, $\hat s = s/(1 - \beta_2^t)$ |
# | `"lars"` | $W \leftarrow W - \eta\,\dfrac{\lVert W\rVert}{\lVert g\rVert}\,g$ (the layer-wise trust ratio of LARS, You et al., 2017) |
# | `"sgd_weight_decay"` | $W \leftarrow W - \eta\,(g + \lambda W)$ with a fixed $\lambda = 10^{-2}$ (L2 regularization) |
#
# ### Exercise 2 (derive, 4 points)
#
# A run starts from $W_0$ with learning rate $\eta$. A second run starts from $c\,W_0$ ($c > 0$) with the same
# optimizer, the same data and the same hyper-parameters except its learning rate $\eta'$. Write
# `matching_lr(optimizer, lr, c)` that returns the $\eta'$ for which the second run is the first one scaled,
# $W'_t = c\,W_t$ at every step $t$ (so it computes the same losses), for every optimizer name of the table. If
# no learning rate does it for $c \neq 1$, return `None`.
#
# Derive each case from the update rule: how does the step change when $W \to cW$ and, by section 3,
# $g \to g/c$? The hidden tests run every optimizer from $W_0$ and from $c\,W_0$ with your $\eta'$, at values of
# $c$ and $\eta$ you do not see, and compare the trajectories. The SGD case is the experiment you just saw.

# %% kind="answer" grade_id="n07_matching_lr_answer"
def matching_lr(optimizer, lr, c):
    """The learning rate that makes a run from c * W0 follow the run from W0 (W'_t = c W_t), or None."""
    ### BEGIN SOLUTION
    exponents = {"sgd": 2, "momentum": 2, "nesterov": 2, "sign": 1, "normalized": 1, "adagrad": 1,
                 "rmsprop": 1, "adam": 1, "lars": 0, "sgd_weight_decay": None}
    if optimizer not in exponents:
        raise ValueError(f"unknown optimizer {optimizer!r}")
    if exponents[optimizer] is None:
        return None
    return lr * c ** exponents[optimizer]
    ### END SOLUTION


# %% kind="test" grade_id="n07_matching_lr_test" points=4
"""matching_lr: a positive number (or None) for every optimizer of the table, and lr itself when c = 1."""
from course_lib import grading

_names = ("sgd", "momentum", "nesterov", "sign", "normalized", "adagrad", "rmsprop", "adam", "lars",
          "sgd_weight_decay")
for _name in _names:
    with grading.forbidding("course_lib.norm", who="matching_lr", advice="derive it from the update rule"):
        _value, _one = (grading.call_quietly(matching_lr, _name, 0.1, _c) for _c in (2.0, 1.0))
    if _value is not None:
        grading.check_number(_value, f"matching_lr({_name!r}, 0.1, 2.0)", positive=True)
        assert abs(grading.check_number(_one, f"matching_lr({_name!r}, 0.1, 1.0)") - 0.1) < 1e-12, (
            f"matching_lr({_name!r}, 0.1, c=1.0) should be 0.1: with c = 1 both runs are the same run")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

import numpy as np

from course_lib import norm as _norm

# A scale-invariant problem: L(W) = 0.5 mean((relu(LN(x W^T)) a - y)^2), LayerNorm with eps = 0, W of shape
# (6, 10). Every optimizer runs 6 steps from W0 and from c W0 (each step turns W by 0.009 to 0.18 rad). Nothing
# is random: the right learning rate makes the runs agree to rounding (about 1e-15); the gap is compared with
# 1e-7, and a learning rate with the wrong power of c leaves a gap above 1e-2 at every c tested.
_rng = np.random.default_rng(grading.seed(72))
_X = _rng.standard_normal((40, 10))
_A = _rng.standard_normal(6)
_Y = np.sin(_X @ _rng.standard_normal(10))
_W0 = _rng.standard_normal((6, 10))
_EXPONENTS = {"sgd": 2, "momentum": 2, "nesterov": 2, "sign": 1, "normalized": 1, "adagrad": 1, "rmsprop": 1,
              "adam": 1, "lars": 0, "sgd_weight_decay": None}
_BASE_LR = {"sgd": 5.0, "momentum": 1.0, "nesterov": 1.0, "sign": 0.02, "normalized": 0.3, "adagrad": 0.1,
            "rmsprop": 0.02, "adam": 0.02, "lars": 0.05, "sgd_weight_decay": 5.0}


def _grad(W):
    _z = _X @ W.T
    _u = _norm.layer_norm(_z, np.ones(6), np.zeros(6), 0.0)
    _diff = np.maximum(_u, 0.0) @ _A - _Y
    _grad_u = np.outer(_diff / _X.shape[0], _A) * (_u > 0)
    return _norm.layer_norm_backward(_grad_u, _z, np.ones(6), 0.0)[0].T @ _X


def _run(name, W, lr, steps=6):
    W, _v, _s, _m, _out = W.copy(), 0.0, 0.0, 0.0, []
    for _t in range(1, steps + 1):
        _g = _grad(W)
        if name in ("sgd", "momentum", "nesterov"):
            _v = (0.9 * _v + _g) if name != "sgd" else _g
            _step = _g + 0.9 * _v if name == "nesterov" else _v
        elif name == "sign":
            _step = np.sign(_g)
        elif name == "normalized":
            _step = _g / np.linalg.norm(_g)
        elif name in ("adagrad", "rmsprop"):
            _s = _s + _g**2 if name == "adagrad" else 0.99 * _s + 0.01 * _g**2
            _step = _g / np.sqrt(_s)
        elif name == "adam":
            _m, _s = 0.9 * _m + 0.1 * _g, 0.999 * _s + 0.001 * _g**2
            _step = (_m / (1 - 0.9**_t)) / np.sqrt(_s / (1 - 0.999**_t))
        elif name == "lars":
            _step = np.linalg.norm(W) / np.linalg.norm(_g) * _g
        else:
            _step = _g + 1e-2 * W
        W = W - lr * _step
        _out.append(W)
    return np.array(_out)


def _check(name, lr, c):
    with grading.forbidding("course_lib.norm", who="matching_lr", advice="derive it from the update rule"):
        _value = grading.call_quietly(matching_lr, name, lr, c)
    _label = f"matching_lr({name!r}, lr={lr:g}, c={c:g})"
    if _EXPONENTS[name] is None:
        assert _value is None, (
            f"{_label}: for {name!r} no learning rate makes the run from c W0 follow the run from W0: the "
            "gradient term and the decay term scale differently with c. Return None.")
        return
    assert _value is not None, (f"{_label} returned None, but one learning rate does make the run from c W0 "
                                "follow the run from W0: how does one step change when W -> c W and g -> g / c?")
    _value = grading.check_number(_value, _label, positive=True)
    _reference, _scaled = _run(name, _W0, lr), _run(name, c * _W0, _value) / c
    _error = np.max(np.abs(_scaled - _reference)) / np.max(np.abs(_reference))
    if _error > 1e-7:
        _power = math.log(_value / lr) / math.log(c)
        raise AssertionError(
            f"{_label}: the run from c W0 does not follow c times the run from W0 (relative gap {_error:.1e} after "
            f"6 steps). Your learning rate behaves like lr * c^{_power:.3g}. For {name!r}, how does the step "
            "change when W -> c W and g -> g / c? (Is it lr * c^p with one p for every optimizer?)")


for _name in _EXPONENTS:
    for _c in (0.3, 2.5, 10.0):
        _check(_name, _BASE_LR[_name] * (0.5 if _c > 3 else 1.0), _c)
### END HIDDEN TESTS

# %% [markdown]
# **What your answer does.** The cell trains the network of the experiment again, now with Adam on $W_1$
# ($\eta = 0.01$; the other parameters keep SGD), from the same three scales, and prints the first turn of $W_1$
# beside SGD's. Then it runs Adam from $c = 10$ with *your* `matching_lr("adam", 0.01, 10.0)` for $W_1$ (with
# $\epsilon = 0$ in the LayerNorm and in Adam) and compares with the $c = 1$ run.

# %%
# NBVAL_CHECK_OUTPUT
adam_runs = {c: train_normalized(c, lr_w1=0.01, optimizer="adam") for c in (0.1, 1.0, 10.0)}
print(f"{'c':>5s} | {'||W1||':>6s} | SGD first turn | Adam first turn | Adam: 0.01 sqrt(512) / ||W1|| | Adam loss @ 50, 200")
for c, (losses, norms, angles) in adam_runs.items():
    print(f"{c:5g} | {norms[0]:6.3g} | {runs[f'c = {c:g}'][2][0]:14.3g} | {angles[0]:15.3g} | "
          f"{0.01 * math.sqrt(512) / norms[0]:29.3g} | {losses[50]:.3g}, {losses[200]:.3g}")
your_lr = grading.learner_value(matching_lr, "adam", 0.01, 10.0)
if your_lr is not None:
    print(f"your matching_lr('adam', 0.01, 10.0) = {your_lr:.4g}")
    exact_adam_1 = train_normalized(1.0, lr_w1=0.01, optimizer="adam", eps=0.0, adam_eps=0.0)[0]
    exact_adam_10 = train_normalized(10.0, lr_w1=your_lr, optimizer="adam", eps=0.0, adam_eps=0.0)[0]
    print("with it, the c = 10 run repeats the c = 1 losses (rtol 1e-9):",
          bool(np.allclose(exact_adam_10, exact_adam_1, rtol=1e-9)))

# %% [markdown]
# SGD's first turn falls a hundredfold from $c = 1$ to $c = 10$, Adam's only tenfold: **Adam's angular rate is
# about $\eta/\lVert W\rVert$, not $\eta/\lVert W\rVert^2$.** The reason is in its update: dividing $\hat m$ by
# $\sqrt{\hat s}$ removes the gradient's scale, so every entry moves by about $\eta$ whatever $c$ is (at the first
# step $\eta\,\mathrm{sign}(g)$, up to Adam's $\epsilon$), the step has norm about $\eta\sqrt{n}$ for $n = 512$ entries, and it
# turns $W$ by about $\eta\sqrt n/\lVert W\rVert$, the column printed beside it. A large initial scale still
# slows Adam down (compare the losses), but its angular rate falls like $1/c$ rather than $1/c^2$. Weight decay
# changes the picture again: the norm then settles where growth and decay balance, at an angular rate that no
# longer depends on the initial scale (derived for SGD by Wan et al., 2021, *Spherical Motion Dynamics*); this
# notebook does not simulate that long-run regime.
#
# ## 5. Zero-$\gamma$: a residual block that starts as the identity
#
# A residual block computes $x_{l+1} = x_l + F(x_l)$. If the branch $F$ ends in a normalization,
# $F(x) = \gamma \odot \mathrm{Norm}(\,\cdot\,) + \beta$, then $\gamma = 0$ and $\beta = 0$ make $F \equiv 0$: every
# block, and the whole network, is the identity at initialization, whatever the depth. Goyal et al. (2017,
# *Accurate, Large Minibatch SGD*) initialize the last BatchNorm $\gamma$ of each ResNet block to
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
rms_free = zero_gamma_report[False][0]
print("gamma = 1: RMS / sqrt(1 + l) over l = 1..16 lies in "
      f"[{min(rms_free[1:] / np.sqrt(1 + np.arange(1, 17))):.2f}, {max(rms_free[1:] / np.sqrt(1 + np.arange(1, 17))):.2f}]")

# %% [markdown]
# With $\gamma = 1$ the RMS follows $\sqrt{1 + l}$ to within the printed range (one random stack: the branches
# are only uncorrelated with the stream on average); with $\gamma = 0$ the output equals the input exactly, the
# weights' gradients are exactly zero and $\gamma$'s is not.
#
# Zero-$\gamma$ is one member of a family. Fixup (Zhang, Dauphin & Ma, 2019) initializes the last layer of each
# residual branch to zero; ReZero (Bachlechner et al., 2020) multiplies each branch by a scalar $\alpha$ that
# starts at 0; LayerScale (Touvron et al., 2021, *Going deeper with image transformers*) multiplies it by a
# per-channel vector $\lambda$ that starts small (between 0.1 and $10^{-6}$, smaller for deeper networks). Which
# parameter can be zeroed depends on what follows it in the branch: a wrong choice can fail to make the block the
# identity, or make it the identity in a way that training cannot leave.
#
# ### Exercise 3 (choose, 3 points)
#
# Seven residual designs, for a stream `x` of shape `(batch, d)`; every weight starts at its usual scale (`W1`
# He, `W2` LeCun), every LayerNorm ($\epsilon = 10^{-5}$) at $\gamma = 1$, $\beta = 0$, and `alpha`, `lambda` at 1:
#
# | design | block |
# |---|---|
# | `"norm_last"` | $x + \mathrm{LN}(\mathrm{relu}(x W_1^\top) W_2^\top;\ \gamma, \beta)$ |
# | `"plain"` | $x + \mathrm{relu}(x W_1^\top) W_2^\top$ |
# | `"pre_norm"` | $x + \mathrm{relu}(\mathrm{LN}(x;\ \gamma, \beta) W_1^\top) W_2^\top$ |
# | `"rezero"` | $x + \alpha\,\mathrm{relu}(x W_1^\top) W_2^\top$, $\alpha$ a scalar |
# | `"layerscale"` | $x + \lambda \odot \mathrm{relu}(x W_1^\top) W_2^\top$, $\lambda$ of shape `(d,)` |
# | `"norm_last_no_affine"` | $x + \mathrm{LN}(\mathrm{relu}(x W_1^\top) W_2^\top)$ with no $\gamma$, $\beta$ (PyTorch's `elementwise_affine=False`) |
# | `"post_norm"` | $\mathrm{LN}(x + \mathrm{relu}(x W_1^\top) W_2^\top;\ \gamma, \beta)$ |
#
# For each design choose **one** parameter to set to zero at initialization, among `"W1"`, `"W2"`, `"gamma"`,
# `"alpha"`, `"lambda"` (those the design has), so that (a) the block is exactly the identity at initialization,
# for any input, and (b) it can still learn: at the first step some parameter other than $\beta$ gets a nonzero
# gradient, and no gradient is blown up (none is more than 5 times the largest gradient the same block gets with
# nothing zeroed; ReLU's derivative at 0 is 0, as in PyTorch, whose `threshold_backward` in
# `torch/_decomp/decompositions.py`, torch 2.13.0, returns 0 where the input is `<= 0`). Answer `"none"` if no
# single parameter does both.
# Write `identity_choices()` that returns a `dict` from every design name to your choice. The hidden tests build
# each block, zero your parameter and check (a) and (b).

# %% kind="answer" grade_id="n07_identity_choices_answer"
def identity_choices():
    """For every design of the table: the parameter to zero so the block starts as the identity and learns."""
    ### BEGIN SOLUTION
    return {
        "norm_last": "gamma",             # W2 = 0 puts the LN at 0 / sqrt(eps): a gradient 1/sqrt(eps) too large
        "plain": "W2",                    # Fixup; W1 = 0 gives relu'(0) = 0: every gradient stays 0
        "pre_norm": "W2",                 # gamma = 0 feeds zeros into W1: dead like W1 = 0
        "rezero": "alpha",                # W2 works too
        "layerscale": "lambda",           # W2 works too
        "norm_last_no_affine": "none",    # W1 = 0: dead; W2 = 0: the 1/sqrt(eps) blow-up
        "post_norm": "none",              # the final LN(x) is not x: no zero gives the identity
    }
    ### END SOLUTION


# %% kind="test" grade_id="n07_identity_choices_test" points=3
"""identity_choices(): a dict with one choice for each of the seven designs, each a parameter the design has."""
from course_lib import grading

_options = {"norm_last": ("W1", "W2", "gamma"), "plain": ("W1", "W2"), "pre_norm": ("gamma", "W1", "W2"),
            "rezero": ("W1", "W2", "alpha"), "layerscale": ("W1", "W2", "lambda"),
            "norm_last_no_affine": ("W1", "W2"), "post_norm": ("W1", "W2", "gamma")}
with grading.forbidding("course_lib.norm", who="identity_choices", advice="choose from the block's formula"):
    _choices = grading.call_quietly(identity_choices)
assert isinstance(_choices, dict), f"identity_choices() should return a dict, got {type(_choices).__name__}"
for _design, _names in _options.items():
    assert _design in _choices, f"identity_choices() has no entry for the design {_design!r}"
    grading.check_choice(_choices[_design], _names + ("none",), f"identity_choices()[{_design!r}]")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

import numpy as np

from course_lib import norm as _norm

# Deterministic checks: identity is exact (|y - x| <= 1e-12) and a dead block has gradients exactly 0. The
# blow-up test compares the largest gradient entry with the largest one of the same block with nothing zeroed:
# over 300 seeds of these shapes, the accepted choices gave at most 0.42 times it, a zero W2 before a LayerNorm
# (0 / sqrt(eps)) at least 37 times; the threshold 5 sits between with a margin of 7 either way.
_VALID = {"norm_last": {"gamma"}, "plain": {"W2"}, "pre_norm": {"W2"}, "rezero": {"alpha", "W2"},
          "layerscale": {"lambda", "W2"}, "norm_last_no_affine": {"none"}, "post_norm": {"none"}}


def _init(design, d, k, rng):
    _p = {"W1": rng.standard_normal((k, d)) * math.sqrt(2 / d), "W2": rng.standard_normal((d, k)) / math.sqrt(k)}
    if design in ("norm_last", "pre_norm", "post_norm"):
        _p["gamma"], _p["beta"] = np.ones(d), np.zeros(d)
    if design == "rezero":
        _p["alpha"] = np.ones(1)
    if design == "layerscale":
        _p["lambda"] = np.ones(d)
    return _p


def _run(design, p, x, target):
    """The block's output and the gradients of L = 0.5 * mean over the batch of ||y - target||^2."""
    _d = x.shape[1]
    _one, _zero = np.ones(_d), np.zeros(_d)
    _u = _norm.layer_norm(x, p["gamma"], p["beta"]) if design == "pre_norm" else x
    _a = _u @ p["W1"].T
    _h = np.maximum(_a, 0.0)
    _f = _h @ p["W2"].T
    if design == "norm_last":
        _o = _norm.layer_norm(_f, p["gamma"], p["beta"])
    elif design == "norm_last_no_affine":
        _o = _norm.layer_norm(_f, _one, _zero)
    elif design == "rezero":
        _o = p["alpha"][0] * _f
    elif design == "layerscale":
        _o = p["lambda"] * _f
    else:
        _o = _f
    _s = x + _o
    _y = _norm.layer_norm(_s, p["gamma"], p["beta"]) if design == "post_norm" else _s
    _g = (_y - target) / x.shape[0]
    _grads = {}
    if design == "post_norm":
        _g, _grads["gamma"], _ = _norm.layer_norm_backward(_g, _s, p["gamma"])
    if design == "norm_last":
        _gf, _grads["gamma"], _ = _norm.layer_norm_backward(_g, _f, p["gamma"])
    elif design == "norm_last_no_affine":
        _gf = _norm.layer_norm_backward(_g, _f, _one)[0]
    elif design == "rezero":
        _grads["alpha"], _gf = np.array([np.sum(_g * _f)]), p["alpha"][0] * _g
    elif design == "layerscale":
        _grads["lambda"], _gf = np.sum(_g * _f, axis=0), p["lambda"] * _g
    else:
        _gf = _g
    _grads["W2"] = _gf.T @ _h
    _ga = (_gf @ p["W2"]) * (_a > 0)
    _grads["W1"] = _ga.T @ _u
    if design == "pre_norm":
        _grads["gamma"] = _norm.layer_norm_backward(_ga @ p["W1"], x, p["gamma"])[1]
    return _y, _grads


def _check(design, choice, seed):
    _rng = np.random.default_rng(grading.seed(seed))
    _d, _k = 24, 40
    _x = _rng.normal(0.5, 1.5, size=(64, _d))         # not normalized: LN(x) differs from x
    _target = _x + _rng.standard_normal((64, _d))
    _p = _init(design, _d, _k, _rng)
    _, _reference = _run(design, _p, _x, _target)
    _largest = max(np.abs(_v).max() for _v in _reference.values())
    if choice == "none":
        assert _VALID[design] == {"none"}, (
            f"identity_choices()[{design!r}] is 'none', but one parameter of this block, set to zero, makes it the "
            "identity and leaves it able to learn: what does each parameter multiply?")
        return
    _p[choice] = np.zeros_like(_p[choice])
    _y, _grads = _run(design, _p, _x, _target)
    assert np.abs(_y - _x).max() <= 1e-12, (
        f"identity_choices()[{design!r}] = {choice!r}: with {choice} = 0 the block is not the identity at "
        "initialization (try an input that is not normalized). What does the block compute then?")
    _moving = max(np.abs(_v).max() for _v in _grads.values())
    assert _moving > 0, (
        f"identity_choices()[{design!r}] = {choice!r}: the block is the identity, but every gradient is exactly "
        "zero, so it stays the identity forever. Which parameters see a nonzero signal when this one is 0?")
    assert _moving <= 5 * _largest, (
        f"identity_choices()[{design!r}] = {choice!r}: the block is the identity, but its first gradient is "
        f"{_moving / _largest:.0f} times the largest one of the block with nothing zeroed. What does a LayerNorm "
        "do with an input that is exactly 0?")
    assert choice in _VALID[design]


with grading.forbidding("course_lib.norm", who="identity_choices", advice="choose from the block's formula"):
    _choices = grading.call_quietly(identity_choices)
for _number, _design in enumerate(_options):
    _check(_design, _choices[_design], seed=74 + _number)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Pre-LN versus Post-LN
#
# Where the LayerNorm sits in a residual block changes the gradients at initialization. With a branch
# $F(u) = \mathrm{relu}(u\,W_1^\top)\,W_2^\top$ (He and LeCun scales, as in section 5):
#
# * **Post-LN** (the original Transformer): $x_{l+1} = \mathrm{LN}(x_l + F(x_l))$;
# * **Pre-LN**: $x_{l+1} = x_l + F(\mathrm{LN}(x_l))$, with one more LN on the output.
#
# Xiong et al. (2020, *On Layer Normalization in the Transformer Architecture*) analysed exactly these two
# placements at initialization, for Transformers; their results come after your prediction. The stack of
# `course_lib.norm.ResidualStack` has both placements (width 64, hidden width 256, MSE loss on a random target,
# a batch of 128, averaged over 4 seeds). Before you measure, predict.
#
# ### Exercise 4 (predict, 3 points)
#
# Write `depth_predictions()` that returns a `dict` with three numbers, your predictions for this stack at
# initialization (no code of the stack is needed; reason from what each placement does to the stream):
#
# * `"pre_last_ratio"`: the gradient norm of the **last** block's weights,
#   $\sqrt{\lVert\partial L/\partial W_1\rVert^2 + \lVert\partial L/\partial W_2\rVert^2}$, in a **48**-block
#   **Pre-LN** stack divided by the same in a **6**-block Pre-LN stack;
# * `"post_last_ratio"`: the same ratio (48 blocks over 6) for **Post-LN**;
# * `"pre_stream_rms"`: the root mean square of the stream $x_{48}$ of the 48-block Pre-LN stack, just before the
#   final LayerNorm (the input $x_0$ has RMS 1).
#
# Hints: a branch whose input has unit variance outputs about unit variance (He, then LeCun); what does a Pre-LN
# block add to the stream, and what does the final LN's backward pass do with a large stream? The 3 points need
# all three predictions; the tolerances separate the reasoned answer from the usual slips, and a failed test says
# which predictions are off. The cell after the test shows your numbers beside the measurement.

# %% kind="answer" grade_id="n07_depth_predictions_answer"
def depth_predictions():
    """Predictions for the Pre-LN / Post-LN stacks of section 6 (no simulation: reason it out)."""
    ### BEGIN SOLUTION
    # Pre-LN: every block adds a branch of unit variance, so Var(x_L) = 1 + L; the final LN divides the
    # gradient that reaches the stream (and so the last block) by RMS(x_L) = sqrt(1 + L).
    # Post-LN: every block's output is normalized, so nothing depends on L at the last block.
    return {"pre_last_ratio": math.sqrt((1 + 6) / (1 + 48)), "post_last_ratio": 1.0,
            "pre_stream_rms": math.sqrt(1 + 48)}
    ### END SOLUTION


# %% kind="test" grade_id="n07_depth_predictions_test" points=3
"""depth_predictions() returns a dict of three positive numbers (the hidden tests compare them with the theory)."""
from course_lib import grading

with grading.forbidding("course_lib.norm", "course_lib.nets", who="depth_predictions", advice="predict, do not simulate"):
    _p = grading.call_quietly(depth_predictions)
assert isinstance(_p, dict), f"depth_predictions() should return a dict, got {type(_p).__name__}"
_values = {_key: grading.check_number(_p.get(_key), f"depth_predictions()[{_key!r}]", positive=True)
           for _key in ("pre_last_ratio", "post_last_ratio", "pre_stream_rms")}
print("visible checks passed")

### BEGIN HIDDEN TESTS
# Nothing random: each prediction is compared with an interval around the theory that the stack confirms.
# * pre_last_ratio: the final LN divides the last block's gradient by RMS(x_L) ~ sqrt(1 + L), so sqrt(7 / 49) =
#   0.378 (sqrt(6 / 48) = 0.354 is the same reasoning); the stack measures 0.375. Accepted: [0.30, 0.46]. Rejected
#   slips: 1 (no depth effect), 6/48 or 7/49 (variances, not RMS), 2.65 to 2.83 (upside down).
# * post_last_ratio: every Post-LN block's output is normalized, so the last block sees the same statistics at any
#   depth: 1 (the stack measures 0.97). Accepted: [0.8, 1.25]. Rejected: 0.35 to 0.38 (Pre-LN's law), 0.125.
# * pre_stream_rms: Var(x_l) = 1 + l (each block adds a branch of unit variance, uncorrelated with the stream), so
#   RMS(x_48) = 7; the stack measures 7.07. Accepted: [6.0, 8.0]. Rejected: 1 (as if normalized), 48 or 49, 4.9.
_problems = []
_v = _values["pre_last_ratio"]
if not 0.30 <= _v <= 0.46:
    _problems.append('"pre_last_ratio" is not what the Pre-LN stack gives.' + grading.ratio_hint(_v, [
        (1.0, "Does the Pre-LN stream's size not depend on the depth? Each block adds a branch to it."),
        (0.125, "Is that a ratio of variances? The final LN divides by the RMS of the stream."),
        (0.143, "Is that a ratio of variances? The final LN divides by the RMS of the stream."),
        (2.83, "Is it upside down? Which stack has the larger stream, and what does the final LN's backward pass "
               "do with it?"),
        (2.65, "Is it upside down? Which stack has the larger stream, and what does the final LN's backward pass "
               "do with it?")], tolerance=0.1)
        + " How large is the stream that reaches the final LayerNorm after 6 and after 48 blocks?")
_v = _values["post_last_ratio"]
if not 0.8 <= _v <= 1.25:
    _problems.append('"post_last_ratio" is not what the Post-LN stack gives.'
                     + (" Is that Pre-LN's law? In Post-LN the stream is normalized after every block."
                        if 0.3 <= _v <= 0.46 else "")
                     + " What is the size of the stream entering the last Post-LN block, for any depth?")
_v = _values["pre_stream_rms"]
if not 6.0 <= _v <= 8.0:
    _problems.append('"pre_stream_rms" is not what the Pre-LN stack gives.'
                     + (" Is that the variance? The RMS is its square root." if 40 <= _v <= 60 else "")
                     + (" Is the stream normalized? In Pre-LN only the branch input is." if _v <= 1.5 else "")
                     + " What does each block add to the stream's variance?")
assert not _problems, f"{3 - len(_problems)} of the 3 predictions are right. " + " ".join(_problems)
### END HIDDEN TESTS

# %% [markdown]
# The measurement: first the last block as a function of $L$, with the Pre-LN stream's RMS before the final LN;
# then every block of a 24-block stack. The last lines put your predictions beside the measured values.

# %%
# NBVAL_CHECK_OUTPUT
def gradient_norms(placement, depth, seeds=4):
    """Per-block gradient norms at initialization and the RMS of the last stream x_L, averaged over seeds."""
    total, rms = np.zeros(depth), 0.0
    for seed in range(seeds):
        rng = np.random.default_rng(100 + seed)
        stack = ResidualStack(depth, 64, 256, placement, rng=rng)
        stack.mse_loss(rng.standard_normal((128, 64)), rng.standard_normal((128, 64)))
        total += stack.grad_norms
        rms += stack.rms[-1]
    return total / seeds, rms / seeds


print("last block's gradient norm, as a function of the depth L")
print(f"{'L':>4s} | {'Post-LN':>8s} | {'Pre-LN':>8s} | Post / Pre | Pre-LN: RMS of x_L before the final LN | "
      "Pre-LN x RMS")
last, stream_rms = {}, {}
for depth in (6, 12, 24, 48):
    post, _ = gradient_norms("post", depth)
    pre, stream_rms[depth] = gradient_norms("pre", depth)
    last[depth] = {"post": post[-1], "pre": pre[-1]}
    print(f"{depth:4d} | {last[depth]['post']:8.3g} | {last[depth]['pre']:8.3g} | "
          f"{last[depth]['post'] / last[depth]['pre']:10.3g} | {stream_rms[depth]:37.3g} | "
          f"{last[depth]['pre'] * stream_rms[depth]:.3g}")
profiles = {"Post-LN": gradient_norms("post", 24)[0], "Pre-LN": gradient_norms("pre", 24)[0]}
print("\nL = 24, gradient norm at blocks 1, 6, 12, 18, 24")
for name, values in profiles.items():
    print(f"{name:8s}: " + "  ".join(f"{values[block - 1]:.3g}" for block in (1, 6, 12, 18, 24))
          + f"   (last / first = {values[-1] / values[0]:.2g})")
measured = {"pre_last_ratio": last[48]["pre"] / last[6]["pre"], "post_last_ratio": last[48]["post"] / last[6]["post"],
            "pre_stream_rms": stream_rms[48]}
print("\nmeasured: " + ", ".join(f"{key} = {value:.3g}" for key, value in measured.items()))
yours = grading.learner_value(depth_predictions)
if isinstance(yours, dict):
    shown = {key: yours.get(key) for key in measured}
    print("yours:    " + ", ".join(f"{key} = {value:.3g}" if isinstance(value, (int, float)) else f"{key} = {value!r}"
                                   for key, value in shown.items()))

# %%
ax = plots.plot_layer_values(profiles, ylabel=r"$\sqrt{\|\partial L/\partial W_1\|^2 + \|\partial L/\partial W_2\|^2}$",
                             title="Gradient norms per block at initialization, 24 blocks, width 64", log=True)
ax.set_xlabel("block")
plt.show()

# %% [markdown]
# **What the numbers say.** In Pre-LN each block adds a branch of about unit variance to a stream that is never
# normalized, so $\mathrm{Var}(x_L) \approx 1 + L$ (the RMS column of the first table follows $\sqrt{1 + L}$: evaluate it at the printed depths),
# and the final LayerNorm's backward pass divides the gradient that reaches the stream, and so the last block, by
# that RMS. In Post-LN every block's output is normalized, so the last block sees the same statistics at every
# depth.
#
# **Why Post-LN is flat across the blocks here.** In a Post-LN block the backward pass goes through two factors: the LayerNorm,
# which divides the gradient by the RMS of $x_l + F(x_l)$ (about $\sqrt 2$, since the branch adds unit variance
# to a unit-variance stream), and $(I + J_F)^\top$, the residual sum's Jacobian, which enlarges a random
# gradient by about $\sqrt{1 + \lVert J_F\rVert^2/d}$ (about $\sqrt 2$ for He and LeCun scales). The cell
# measures both on one block of the stack's shape.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(5)
d, k, n = 64, 256, 128
x_l = norm.layer_norm(rng.standard_normal((n, d)), np.ones(d), np.zeros(d))     # a normalized stream
W1, W2 = rng.standard_normal((k, d)) * math.sqrt(2 / d), rng.standard_normal((d, k)) / math.sqrt(k)
a = x_l @ W1.T
s = x_l + np.maximum(a, 0.0) @ W2.T                                               # x_l + F(x_l)
g_out = rng.standard_normal((n, d))                                               # a gradient arriving at x_{l+1}
g_s = norm.layer_norm_backward(g_out, s, np.ones(d))[0]                           # through the LayerNorm
g_in = g_s + ((g_s @ W2) * (a > 0)) @ W1                                          # through (I + J_F)^T
print(f"RMS of x_l + F(x_l): {np.sqrt(np.mean(s**2)):.3g}")
print(f"gradient norm factors: LayerNorm {np.linalg.norm(g_s) / np.linalg.norm(g_out):.3g}, "
      f"(I + J_F)^T {np.linalg.norm(g_in) / np.linalg.norm(g_s):.3g}, "
      f"both {np.linalg.norm(g_in) / np.linalg.norm(g_out):.3g}")

# %% [markdown]
# **The paper's claim beside our numbers.** Xiong et al. (2020, Theorem 1) bound, for Transformers at
# initialization, the gradient of the last layer's weights (the second FFN matrix of the last block): with high
# probability it is at most of order $d\sqrt{\ln d}$ for Post-LN, whatever the depth, and at most of order
# $d\sqrt{\ln d/L}$ for Pre-LN with $L$ layers. Their Figure 3 shows, on Transformers, Post-LN's gradient norm
# growing with the layer index, largest near the output, while Pre-LN's stays about the same in every layer. That
# is their explanation of why Post-LN needs a learning-rate warm-up, and they train Pre-LN without one.
#
# * *Last layer versus depth* (their theorem): consistent with it. The Pre-LN column falls with $L$ as the stream's
#   RMS grows (their product, the last column, stays within a few per cent of constant); the Post-LN column stays about the same for every $L$, so the ratio
#   Post/Pre grows with depth: at $L = 48$ Post-LN's last block gets the printed multiple of Pre-LN's gradient.
# * *Profile over the layers* (their Figure 3): **not** reproduced by this stack. Our Post-LN profile is
#   roughly flat, and our Pre-LN gradients are *largest near the input* (the printed ratio last/first is below
#   one). In Pre-LN, $\partial L/\partial x_l = (I + J_l)^\top\,\partial L/\partial x_{l+1}$: the identity path passes
#   the gradient on undivided and every block adds its branch term, so the stream's gradient, and with it the
#   weight gradients, grow toward the input. In Post-LN the two
#   factors of the last cell nearly cancel, so the gradient keeps its size from block to block. The paper's
#   networks are Transformers (attention sub-layers, a language-model loss) and this stack is not: which of those
#   differences produces their rising Post-LN profile is not tested here. A claim proved for one architecture is
#   a hypothesis for another: measure.
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
print("  * the effective learning rate (SGD: lr / ||W||^2): loss after 50 steps, c = 0.1 / 1 / 10: "
      + " / ".join(f"{v:.3g}" for v in losses_at.values()))
print("    with Adam on W1 (angular rate about lr / ||W||): "
      + " / ".join(f"{adam_runs[c][0][50]:.3g}" for c in (0.1, 1.0, 10.0)))
rms_zero = zero_gamma_report[True][0]
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
#   fast it learns: within 200 steps, the run from a ten times smaller $W_1$ learned much faster (and oscillated:
#   its effective learning rate was too large), the ten times larger one much slower, with the same $\eta$.
# * The law depends on the optimizer: Adam's angular rate is about $\eta/\lVert W\rVert$, so a scale $c$ slows it by
#   $c$, not $c^2$ (Exercise 2 worked out the other optimizers).
# * Zero-$\gamma$ in the last norm of each residual branch makes the network the identity at initialization
#   (Goyal et al., 2017); the gradient reaches $\gamma$ and the branches switch on during training. Without it,
#   the stream's RMS grows like $\sqrt{1 + l}$.
# * Pre-LN keeps the stream unnormalized and divides its last layers' gradients by the stream's RMS; Post-LN
#   does not (Xiong et al., 2020), as our stack shows for $L = 6$ to $48$. The per-layer profile depends on the architecture:
#   claims transfer between architectures only after a measurement.
#
# ## 9. Active recall: check yourself
#
# 1. For `x` of shape `(batch, features)`, over which axis does BatchNorm normalize, and over which LayerNorm?
# 2. Why is $\langle W, \nabla_W L\rangle = 0$ for a weight followed by a LayerNorm?
# 3. You initialize a weight before a BatchNorm 3 times larger than before. What happens to the initial loss,
#    to the gradient and to SGD's effective learning rate? And to Adam's?
# 4. Which scalings of $W$ leave a LayerNorm's output unchanged, and which a BatchNorm's?
# 5. Why does the norm of a scale-invariant weight grow under plain SGD?
# 6. With zero-$\gamma$, the branch weights get zero gradient at the first step. Why does the network still
#    learn?
# 7. In a Pre-LN stack of 35 blocks, by about what factor is the last block's gradient smaller than in a stack of
#    8 blocks?
#
# <details>
# <summary>Answers</summary>
#
# 1. BatchNorm over axis 0 (the batch, for each feature), LayerNorm over the last axis (the features, for each
#    example).
# 2. $L(cW) = L(W)$ for all $c > 0$; differentiating with respect to $c$ at $c = 1$ gives
#    $\langle W, \nabla_W L\rangle = 0$.
# 3. The initial loss is unchanged (up to $\epsilon$), the gradient is divided by 3, and SGD's effective learning
#    rate $\eta/\lVert W\rVert^2$ by 9; Adam's angular rate, about $\eta/\lVert W\rVert$, only by 3.
# 4. LayerNorm: a common factor $c > 0$ for the whole matrix. BatchNorm: any positive factor per row (per unit),
#    in particular a common one.
# 5. The step $-\eta\nabla L$ is orthogonal to $W$, so
#    $\lVert W - \eta\nabla L\rVert^2 = \lVert W\rVert^2 + \eta^2\lVert\nabla L\rVert^2$.
# 6. $\partial L/\partial\gamma = \sum \partial L/\partial y\odot\mathrm{Norm}(\cdot)$ is not zero, so $\gamma$
#    moves at the first step; after that the branch is on and its weights get gradients.
# 7. About $\sqrt{36/9} = 2$: the stream's RMS grows like $\sqrt{1 + L}$ and the final LN divides the gradient
#    by it (the first table of section 6).
#
# </details>
