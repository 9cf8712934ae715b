# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 10 · Width and depth transfer: the standard parametrization, muP and the coordinate check
#
# *Weight-initialization course, notebook 10 of 10. Estimated time: 75 to 90 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. say what a *parametrization* is (per layer: an initial std, a forward multiplier and a learning rate, each
#    a function of the width) and why the standard one (SP) moves the best learning rate when a model is widened;
# 2. work out, from the size of one optimizer step, how much each layer's output changes as the width grows,
#    for SGD and for Adam, and predict the exponents a coordinate check measures;
# 3. set out muP's per-layer rules (input, hidden, output; the $1/d$ attention scale) and move a multiplier
#    between the weight and the forward pass without changing the training;
# 4. run a coordinate check with `course_lib.coord_check` and read a mis-parametrized layer off its curves;
# 5. scale residual branches by $1/\sqrt{L}$ and say where the best learning rate goes as depth grows, and why
#    Adam's rules differ from SGD's.
#
# **Prerequisites.** Notebooks 02 and 04 (variance propagation, He initialization), 07 (the effective learning
# rate under normalization) and 09 (the output head and the initial loss); Adam's update rule.
#
# **How to work.** Run the cells from top to bottom (Run All works on the untouched notebook: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are three exercises (10 points): a
# prediction, a derivation and a diagnosis. Each has a test cell you can run: its visible checks catch a wrong
# type or shape, and hidden tests decide the grade. The exercises are independent of each other.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import coord_check, data, grading, losses, mup, optim, plots, training

plots.use_style()
np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. The question: does a tuned learning rate survive widening?
#
# Tuning a large model's learning rate by sweeping it at full size is expensive. The cheap way is to tune a
# small model and *transfer*: widen it and keep the learning rate. Whether that works depends on the
# **parametrization**: for every weight matrix $W$ of shape `(fan_out, fan_in)` (PyTorch's layout; a layer computes
# $z = c\,h W^\top + b$), how its initial std, a constant forward multiplier $c$ and its learning rate depend on
# the width $n$.
#
# The **standard parametrization (SP)** is what the earlier notebooks did: every layer starts at a fan-in std
# ($\sqrt{2/\text{fan\_in}}$ before a ReLU, notebook 04), $c = 1$, and one global learning rate $\eta$.
# Yang et al. (2022, *Tensor Programs V*, arXiv 2203.03466) show in their Figure 1 Transformers of widths
# 128 to 8192 trained with Adam: under SP the minimum of the training loss over the learning rate sits at a
# different learning rate for each width, and a wider model is not always better; under their **maximal-update
# parametrization (muP)** the minima line up across widths and the wider model is better at every learning
# rate. Their claim is that muP makes the best learning rate (and other hyperparameters) stable in width, so
# that a small model's tuning transfers (they call it muTransfer).
#
# This notebook tries it in miniature, on real data: scikit-learn's digits (1,797 images of 8x8 pixels, no
# download; `course_lib.data.load_digits`), a ReLU MLP `[64, n, n, 10]`, and widths $n = 16$ to $128$.

# %%
digits = data.load_digits(rng=0)
x_train, y_train = digits.x_train, digits.y_train
print(f"train {x_train.shape}, test {digits.x_test.shape}, {digits.n_classes} classes, ln 10 = {math.log(10):.3f}")

# %% [markdown]
# The sweep: for each width and each learning rate $\eta \in \{2^{-10}, \dots, 2^{-3}\}$, Adam for 40 steps
# on minibatches of 64 (the same batches and, per width, the same initialization for every $\eta$), then the
# training loss on the whole training set. `mup.mlp` builds SP or muP (the rules are section 4's table; the
# base width, where muP and SP coincide, is 16); `mup.lr_sweep` trains all learning rates of one width at
# once as stacked arrays.

# %%
# NBVAL_CHECK_OUTPUT
sweep_widths = [16, 32, 64, 128]
sweep_lrs = 2.0 ** np.arange(-10, -2)
sweeps = {}
for name in ("sp", "mup"):
    def build(width, rng, name=name):
        return mup.mlp([64, width, width, 10], parametrization=name, optimizer="adam", base_width=16, rng=rng)
    sweeps[name] = mup.lr_sweep(build, sweep_widths, sweep_lrs, x_train, y_train, steps=40, batch_size=64, rng=0)
best_log2_lr = {name: np.log2(mup.best_lrs(loss, sweep_lrs)).astype(int) for name, loss in sweeps.items()}
print("log2 lr:        ", "  ".join(f"{int(v):5d}" for v in np.log2(sweep_lrs)))
for name, loss in sweeps.items():
    for width, row in zip(sweep_widths, loss):
        print(f"{name:4s} width {width:3d}:", "  ".join(f"{v:5.2f}" for v in row))
for name, best in best_log2_lr.items():
    print(f"{name:4s} best log2 lr per width {sweep_widths}: {best.tolist()}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, (name, loss) in zip(axes, sweeps.items()):
    for k, (width, row) in enumerate(zip(sweep_widths, loss)):
        ax.plot(np.log2(sweep_lrs), np.where(np.isfinite(row), row, np.nan), marker=plots.MARKERS[k],
                label=f"width {width}")
    ax.set(yscale="log", xlabel="log2 learning rate (Adam)", title=f"{name.upper()}: training loss after 40 steps")
    ax.legend(fontsize=8)
axes[0].set_ylabel("training loss (digits)")
plt.show()

# %% [markdown]
# Within this finite run (40 Adam steps, one seed, four widths), the cell's last two lines are the result:
# under SP the best learning rate moves from $2^{-5}$ at width 16 to $2^{-7}$ at width 128, two powers of 2 for
# an 8-fold widening, and at the smallest learning rates the wider SP model is the better one while at $2^{-3}$
# the widest one diverges; under muP the best learning rate is $2^{-5}$ at every width. That is the paper's Figure 1
# in miniature (which is about Transformers far wider than these). At width 16 the two rows are identical: the
# base model is where muP and SP agree. What follows explains the drift and the rules that stop it.
#
# ## 2. Why the best learning rate drifts: the size of one step
#
# Take one layer $z = c\,h W^\top$ with input $h \in \mathbb{R}^{\text{fan\_in}}$, and look at how much its output
# moves after one update $\Delta W$ of its *own* weights: $\Delta z = c\,h\,\Delta W^\top$. The gradient of a
# weight is an outer product, $\partial L/\partial W = c\,\delta^\top h$ with $\delta = \partial L/\partial z$
# (for a batch of one), so the update is **aligned** with the very input it is applied to. That is why
# $\Delta z$ is a sum of fan_in terms *of one sign*, and grows like fan_in (a law of large numbers), not like
# $\sqrt{\text{fan\_in}}$ (the central-limit scaling of a random matrix at initialization):
#
# * **SGD** with learning rate $\eta_W$: $\Delta W = -\eta_W c\,\delta^\top h$, so
#   $$\Delta z = -\eta_W c^2\,\lVert h\rVert^2\,\delta,\qquad \lVert h\rVert^2 = \text{fan\_in}\cdot E[h_j^2].$$
#   The change is proportional to $\delta$, the gradient arriving at that layer, whose size depends on the
#   layers *above* (through the backward pass: multiplying by $W^\top$, for a $W$ of std $\sigma$ with $k$ rows,
#   scales a vector's coordinates by about $\sigma\sqrt{k}$).
# * **Adam**: at its first step the bias-corrected update is exactly $\Delta W = -\eta_W\,\mathrm{sign}(\partial L/\partial W)$
#   (since $\hat m/\sqrt{\hat v} = g/|g|$; $\epsilon$ aside), whatever the gradient's size, and after that it stays
#   about $\eta_W$ per entry. For a batch of one the signs are $\mathrm{sign}(\delta_i)\,\mathrm{sign}(h_j)$, so
#   $$\Delta z_i = -\eta_W\,c\,\mathrm{sign}(\delta_i)\sum_j |h_j| = -\eta_W\,c\,\text{fan\_in}\,E|h_j|\,\mathrm{sign}(\delta_i).$$
#   The gradient's size has dropped out: only the width of the input counts.
#
# The layer's output also changes because its *input* changed, $c\,\Delta h\,W^\top$, which carries the change of
# the layers below up the network. Usually that is a sum of random signs, but not at the output layer: the update
# that moved its input $h$ was driven by $\delta$'s that came back through this very $W$, and $W$ has only 10 rows,
# so $\Delta h$ is correlated with each row and the sum over fan_in $= n$ coordinates is again of one sign, of
# order $n\,\sigma\,|\Delta h_j|$, i.e. $\sqrt n\,|\Delta h_j|$ for SP's $\sigma = 1/\sqrt n$. (A hidden matrix has $n$ rows,
# each one only $1/\sqrt n$ of the signal that moved its input, and the sum stays of order $|\Delta h_j|$.)
# A parametrization is stable in width when every layer's total change is of
# order one in $n$ (Yang et al. call the one where every layer moves by order one, the most it can without
# blowing up, the maximal-update parametrization). The next cell checks the Adam formula on one layer.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(1)
fan_in, fan_out, lr = 512, 256, 1e-3
layer_w = rng.normal(0.0, math.sqrt(2.0 / fan_in), (fan_out, fan_in))
h_in = np.maximum(rng.standard_normal((1, fan_in)), 0.0)          # one ReLU input (a batch of one)
delta = rng.standard_normal((1, fan_out))                          # some dL/dz arriving from above
adam = optim.Adam([layer_w], lr)
update = adam.step([delta.T @ h_in])[0]
dz = h_in @ update.T
active = h_in[0] > 0                                               # inputs that are not zero
deviation = np.max(np.abs(update[:, active] + lr * np.sign(delta.T @ h_in)[:, active])) / lr
print(f"Adam's first update against -lr * sign(g), where g != 0: largest gap {deviation:.1e} x lr (eps's share)")
print(f"|dz_i| / (lr * fan_in * mean|h|): {np.mean(np.abs(dz)) / (lr * fan_in * np.mean(np.abs(h_in))):.4f}")

# %% [markdown]
# ### Exercise 1 (predict, 3 points)
#
# The coordinate check of section 3 trains `[64, n, n, 10]` ReLU MLPs of widths $n = 64, \dots, 1024$ for a few
# steps at one learning rate, and fits, for each of the three layers (input `64 -> n`, hidden `n -> n`, output
# `n -> 10`), the exponent $s$ in $\mathrm{rms}(h_l(t) - h_l(0)) \propto n^{s}$. Predict $s$ for each layer
# in three set-ups: `"sp_adam"` (SP, Adam), `"mup_adam"` (muP, Adam: section 4's rules, base width 64) and
# `"sp_sgd"` (SP, plain SGD). Predict the exponents of the wide limit (multiples of $\tfrac12$), from
# section 2 (its two formulas and the paragraph after them); finite widths bend them a little, as the next cells show.
#
# Under SP with SGD you need the size of $\delta$ at each layer: the output layer's $\delta$ is the loss gradient
# of 10 logits, of order one; a layer's $\delta$ is the one above multiplied by the weight matrix *above* it
# transposed (std $\sigma$, one term of random sign per row of that matrix: $\sigma\sqrt{10}$ per coordinate through the
# head, $\sigma\sqrt{n}$ through a hidden matrix) and by $\mathrm{relu}'$. Under SP with Adam, remember that the output
# layer also inherits its input's change, amplified as the end of section 2 says.
#
# Write `predicted_exponents()` returning a dict with the three keys, each a tuple of three numbers
# (input, hidden, output).

# %% kind="answer" grade_id="n10_exponents_answer"
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    ### BEGIN SOLUTION
    # Adam, SP: the input layer has fan_in 64 fixed (s = 0); the hidden layer sums n aligned terms (s = 1); the
    # output's own update gives n too, but its input's change (order n) is correlated with the head's 10 rows
    # (the hidden update came through them): W_out dh sums n terms of one sign of size n^(-1/2) * n: s = 3/2.
    # muP divides the hidden learning rate and the output's multiplier by m = n / base: all s = 0.
    # SGD, SP: the output's delta is O(1): dz ~ ||h||^2 = n. The hidden delta is W_out^T delta, W_out of std
    # 1/sqrt(n): n^(-1/2) per coordinate, times ||h||^2 = n: n^(1/2). The input delta is W_hidden^T times
    # that, std sqrt(2/n) over n terms: still n^(-1/2), times ||x||^2 = 64: n^(-1/2).
    return {"sp_adam": (0.0, 1.0, 1.5), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (-0.5, 0.5, 1.0)}
    ### END SOLUTION


# %% kind="test" grade_id="n10_exponents_test" points=3
"""predicted_exponents() returns {"sp_adam", "mup_adam", "sp_sgd"} -> three numbers each (hidden: the theory)."""
from course_lib import grading

_pred = grading.call_quietly(predicted_exponents)
assert isinstance(_pred, dict), f"predicted_exponents() should return a dict, got {type(_pred).__name__}"
assert set(_pred) == {"sp_adam", "mup_adam", "sp_sgd"}, f"the keys should be sp_adam, mup_adam, sp_sgd; got {sorted(map(str, _pred))}"
for _key, _value in _pred.items():
    assert isinstance(_value, (tuple, list)) and len(_value) == 3, f"{_key} should map to (input, hidden, output)"
    for _s in _value:
        grading.check_number(_s, f"an exponent of {_key}", low=-3.0, high=3.0)
print("visible checks passed")

### BEGIN HIDDEN TESTS
with grading.forbidding("course_lib.coord_check", "course_lib.mup", "course_lib.training", "course_lib.optim",
                        who="predicted_exponents", advice="predict the exponents from section 2, do not measure them"):
    _pred = grading.call_quietly(predicted_exponents)
_theory = {"sp_adam": (0.0, 1.0, 1.5), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (-0.5, 0.5, 1.0)}
_why = {
    ("sp_adam", 0): "Adam's update is about lr per entry; how many entries does the input layer sum over, and does that grow with n?",
    ("sp_adam", 1): "Adam's update of a hidden matrix is aligned with its input: n terms of one sign add up.",
    ("sp_adam", 2): ("the output's own update sums n aligned terms, and its input's change (of order n) is "
                     "aligned with the head's rows, which adds sqrt(n) more: SP has no multiplier to stop either."),
    ("mup_adam", 0): "muP leaves the input layer as SP has it, and Adam's input update does not depend on n.",
    ("mup_adam", 1): "muP divides the hidden learning rate by m = n / base: n aligned terms times lr / m.",
    ("mup_adam", 2): "muP's output multiplier 1/m cancels the n aligned terms.",
    ("sp_sgd", 0): "SGD's change is lr ||x||^2 delta: ||x||^2 is fixed (64 inputs); how large is delta at layer 1?",
    ("sp_sgd", 1): "SGD's change is lr ||h||^2 delta: ||h||^2 grows like n; delta comes through W_out of std 1/sqrt(n).",
    ("sp_sgd", 2): "SGD's change at the output is lr ||h||^2 times an O(1) loss gradient.",
}
_layers = ("input", "hidden", "output")
for _key, _want in _theory.items():
    for _k, (_s, _w) in enumerate(zip(_pred[_key], _want)):
        _s = grading.as_float(_s, f"predicted_exponents()[{_key!r}][{_k}]")
        # the theory's exponents are multiples of 1/2: 0.2 accepts any rounding and no neighbour (nor the
        # finite-width fits the coordinate-check cell prints, 0.79 for a hidden 1)
        assert abs(_s - _w) <= 0.2, (
            f"predicted_exponents()[{_key!r}]: the {_layers[_k]} layer's exponent is off: {_why[(_key, _k)]}")
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The coordinate check
#
# The check that muP's authors use to validate an implementation (Yang et al. 2022, who call it the coordinate check):
# train several widths a few steps at one learning rate and plot, per layer, the size of a typical coordinate
# against width. `coord_check.mlp_coord_check` does it for `mup.mlp` networks: full batch (64 digits), Adam at
# $\eta = 0.01$ or SGD at $\eta = 0.1$, three steps, two initialization seeds, and records the RMS of every
# layer's output and of its change since step 0; `CoordCheck.slopes(t)` fits the exponent of the change at
# step $t$.

# %%
# NBVAL_CHECK_OUTPUT
x_probe, y_probe = x_train[:64], y_train[:64]
check_widths = [64, 128, 256, 512, 1024]
checks = {
    "sp_adam": coord_check.mlp_coord_check(check_widths, x_probe, y_probe, parametrization="sp", optimizer="adam",
                                           seeds=(0, 1)),
    "mup_adam": coord_check.mlp_coord_check(check_widths, x_probe, y_probe, parametrization="mup",
                                            optimizer="adam", seeds=(0, 1)),
    "sp_sgd": coord_check.mlp_coord_check(check_widths, x_probe, y_probe, parametrization="sp", optimizer="sgd",
                                          seeds=(0, 1)),
}
for name, check in checks.items():
    print(f"{name:8s} exponents (input, hidden, output) at step 1: {np.round(check.slopes(1), 2)}, "
          f"step 3: {np.round(check.slopes(3), 2)}")
ratio = checks["sp_adam"].change_rms[-1, 1, -1] / checks["sp_adam"].change_rms[0, 1, -1]
print(f"sp_adam: the output's change at step 1, width 1024 / width 64: {ratio:.0f}")

# %%
predicted = grading.learner_value(predicted_exponents)
if isinstance(predicted, dict):
    for name, check in checks.items():
        print(f"{name:8s} measured at step 1 {np.round(check.slopes(1), 2)}   your prediction {predicted.get(name)}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True)
for ax, check in zip(axes, checks.values()):
    coord_check.plot_coord_check(check, ax=ax, step=1)
plt.show()

# %% [markdown]
# Under SP with Adam the input layer is flat and the hidden and output layers grow (about $n^{0.8}$ and
# $n^{1.3}$ at step 1 over these widths; the wide-limit exponents are 1 and 3/2: a hidden layer's change at
# finite width still includes the flat part carried up from the input layer, and the output's inherits the
# hidden one's, which has not yet reached its own slope). The cell measures the head's amplification of section 2
# on one small Adam step: its input's change carried through $W_{\text{out}}$, against that change itself.

# %%
# NBVAL_CHECK_OUTPUT
gains = []
for width in (64, 256, 1024):
    net = mup.mlp([64, width, width, 10], parametrization="sp", optimizer="adam", rng=0)
    opt = optim.Adam(net.parameters(), 1e-4, lr_scales=net.lr_scales)   # a small step: the linear regime
    _, grad = losses.softmax_cross_entropy(net.forward(x_probe), y_probe)
    h_before, w_out = net.post[1].copy(), net.weights[-1].copy()
    net.backward(grad)
    opt.step(net.gradients())
    net.forward(x_probe)
    dh = net.post[1] - h_before                                        # the hidden layer's change
    gain = np.sqrt(np.mean((dh @ w_out.T) ** 2)) / np.sqrt(np.mean(dh ** 2))
    gains.append(gain)
    print(f"SP, Adam, width {width:4d}: rms(dh W_out^T) / rms(dh) = {gain:.2f}")
print(f"fitted exponent of that ratio: {np.log2(gains[-1] / gains[0]) / np.log2(1024 / 64):.2f}")

# %% [markdown]
# The ratio grows like $n^{0.47}$ (1.71 to 6.28 from width 64 to 1024), the $\sqrt n$ of section 2's aligned sum.
# At a learning rate that suits width 64, the width-1024 SP network's logits move about
# 35 times more in the first step (the coordinate-check cell's last line): the largest stable learning rate has to shrink with
# width, which is the drift of section 1. Under muP every exponent is within 0.1 of 0. By step 3 the SP
# exponents have fallen (0.55 and 0.93): a layer that moved too far saturates, which is one more reason to read
# a check at its first steps.
# SGD under SP is different again: the input layer *stops learning* as $n^{-1/2}$ while the output grows,
# so no single learning rate suits every layer of a wide SP network.
#
# ## 4. muP's rules, layer by layer
#
# Make every layer's change of order one and keep the initial outputs of order one (or smaller, for the head).
# Widths enter as the ratio $m = n / n_0$ to a base width $n_0$, so that the base model is unchanged and its
# learning rate $\eta$ transfers. With $g$ the activation's gain ($\sqrt2$ for ReLU) and the layer kinds of the
# paper (input: fixed dimension to width; hidden: width to width; output: width to a fixed dimension):
#
# | | SP (every layer) | muP input | muP hidden | muP output |
# |---|---|---|---|---|
# | init std | $g/\sqrt{\text{fan\_in}}$ | $g/\sqrt{\text{fan\_in}}$ | $g/\sqrt{\text{fan\_in}}$ | $1/\sqrt{n_0}$ (width-independent; or 0) |
# | forward multiplier $c$ | 1 | 1 | 1 | $1/m$ |
# | Adam learning rate | $\eta$ | $\eta$ | $\eta/m$ | $\eta$ |
# | SGD learning rate | $\eta$ | $\eta\,m$ | $\eta$ | $\eta\,m$ |
# | biases, attention | $\eta$; logits $q\cdot k/\sqrt d$ | Adam $\eta$, SGD $\eta\,m$ | Adam $\eta$, SGD $\eta\,m$ | $\eta$; logits $q\cdot k/d$ |
#
# This is the paper's Table 8 (the form with multipliers that its `mup` package implements) written relative to
# a base model; `mup.layer_rule` returns it. Each entry follows from section 2. Adam, hidden: the change is
# $\eta_W \cdot n$, so $\eta_W = \eta/m$. Adam, output: the change is $c\,\eta_W\,n$, and $c = 1/m$ makes it order
# one; the initial logits are then $c\cdot\sqrt{n}\,\sigma$, of order $n^{-1/2}$, shrinking with width (a small
# head, as notebook 09 asks). SGD, output: the change is $\eta_W c^2 \lVert h\rVert^2 = \eta_W n/m^2$, so
# $\eta_W = \eta\,m$; SGD, input: $\delta$ at the first layer now has coordinates of order $1/n$ (it comes
# through the output multiplier $1/m$ and the head's weights), so $\eta_W = \eta\,m$.
#
# **Moving a multiplier.** Write $W = a\,V$ with a constant $a$ and let the layer compute $(c\,a)\,h V^\top$: the
# function is the same if $V$ starts at $1/a$ times $W$'s std. Training is the same too if $V$'s learning rate
# is chosen so that $a\,\Delta V = \Delta W$: the gradient is $\partial L/\partial V = a\,\partial L/\partial W$,
# so SGD needs $\eta_V = \eta_W / a^2$, and Adam, whose step ignores the gradient's scale, $\eta_V = \eta_W / a$.
# The paper's Table 3 is the same muP written with no multipliers at all. The next cell checks the identity:
# two networks, one with the output multiplier $1/m$, one with it folded into the weights, trained side by side
# (exactly equal for SGD; for Adam up to its $\epsilon = 10^{-8}$, which does not rescale with the gradient).

# %%
# NBVAL_CHECK_OUTPUT
def folded_twin(net, a, opt_name):
    """A copy of net whose output layer computes (c * a) h V^T with V = W / a, trained at the rescaled rate."""
    twin = mup.ScaledMLP([w.copy() for w in net.weights], [b.copy() for b in net.biases], list(net.multipliers),
                         lr_scales=list(net.lr_scales))
    twin.weights[-1] /= a
    twin.multipliers[-1] *= a
    twin.lr_scales[-2] /= a if opt_name == "adam" else a * a
    return twin


for opt_name, cls, lr in (("adam", optim.Adam, 0.01), ("sgd", optim.SGD, 0.1)):
    net = mup.mlp([64, 256, 256, 10], parametrization="mup", optimizer=opt_name, base_width=64, rng=3)
    twin = folded_twin(net, 4.0, opt_name)         # a = 4: the output multiplier 1/4 becomes 1
    opts = [cls(model.parameters(), lr, lr_scales=model.lr_scales) for model in (net, twin)]
    for _ in range(5):
        for model, opt in zip((net, twin), opts):
            _, grad = losses.softmax_cross_entropy(model.forward(x_probe), y_probe)
            model.backward(grad)
            opt.step(model.gradients())
    gap = np.max(np.abs(net.forward(x_probe) - twin.forward(x_probe)))
    scale = np.sqrt(np.mean(net.forward(x_probe) ** 2))
    print(f"{opt_name}: after 5 steps the two networks' logits agree within 1e-4 of their rms: {gap < 1e-4 * scale}")

# %% [markdown]
# ### Exercise 2 (derive, 3 points)
#
# Write muP **without multipliers** (every $c = 1$), in the paper's Table 3 style: fold each multiplier of the
# table above into its weights. Write `folded_rule(kind, optimizer, width, base_width)` for a layer of kind
# `"input"`, `"hidden"` or `"output"` in a `[d_in, n, ..., n, n_classes]` MLP of hidden width `width`
# ($n$) and base width `base_width` ($n_0$), optimizer `"adam"` or `"sgd"`. Return a tuple
# `(std_factor, lr_scale)`:
#
# * `std_factor`: the layer's initial std divided by SP's $g/\sqrt{\text{fan\_in}}$ for that layer (with
#   $g = 1$ for the output layer, as in the table);
# * `lr_scale`: the layer's weight learning rate divided by $\eta$.
#
# The hidden test evaluates your formulas at widths and base widths you do not see.

# %% kind="answer" grade_id="n10_folded_rule_answer"
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    ### BEGIN SOLUTION
    m = width / base_width
    if kind == "input":
        return 1.0, (1.0 if optimizer == "adam" else m)
    if kind == "hidden":
        return 1.0, (1.0 / m if optimizer == "adam" else 1.0)
    # output: std 1/sqrt(n0) = sqrt(m) x SP's 1/sqrt(n); folding the multiplier 1/m in is W = a V with a = m:
    # std / a -> 1/sqrt(m), Adam's rate eta / a -> eta / m, SGD's eta * m / a^2 -> eta / m
    return 1.0 / math.sqrt(m), 1.0 / m
    ### END SOLUTION


# %% kind="test" grade_id="n10_folded_rule_test" points=3
"""folded_rule(kind, optimizer, width, base_width) returns two positive numbers (hidden: the formulas)."""
from course_lib import grading

for _kind in ("input", "hidden", "output"):
    for _opt in ("adam", "sgd"):
        _out = grading.call_quietly(folded_rule, _kind, _opt, 256, 64)
        assert isinstance(_out, tuple) and len(_out) == 2, f"folded_rule should return a tuple of two numbers, got {_out!r}"
        grading.check_number(_out[0], f"std_factor of {_kind}/{_opt}", positive=True)
        grading.check_number(_out[1], f"lr_scale of {_kind}/{_opt}", positive=True)
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

_hints = {
    ("output", 0): "the table's output std is 1/sqrt(n0), i.e. sqrt(m) x SP's; folding c = 1/m in divides it by m.",
    ("output", "adam"): "Adam's step ignores the gradient's scale: folding 1/m in (W = m V) divides the rate by m once.",
    ("output", "sgd"): "SGD's gradient scales with the factor too: the rate is divided by m**2 (the table's eta*m).",
    ("input", "sgd"): "muP's SGD rate for the input layer grows with m (its delta shrinks like 1/n).",
    ("hidden", "adam"): "Adam's hidden update adds n aligned terms: its rate must fall like 1/m.",
    ("hidden", "sgd"): "SGD's hidden rate in muP does not depend on the width.",
    ("input", "adam"): "Adam's input update sums over the fixed input dimension: its rate does not depend on m.",
}
with grading.forbidding("course_lib.mup", "course_lib.coord_check", who="folded_rule",
                        advice="derive the formulas with math only"):
    for _width, _base in ((96, 24), (1000, 125), (48, 300), (777, 7)):
        _m = _width / _base
        _want = {("input", "adam"): (1.0, 1.0), ("input", "sgd"): (1.0, _m), ("hidden", "adam"): (1.0, 1.0 / _m),
                 ("hidden", "sgd"): (1.0, 1.0), ("output", "adam"): (1.0 / math.sqrt(_m), 1.0 / _m),
                 ("output", "sgd"): (1.0 / math.sqrt(_m), 1.0 / _m)}
        for (_kind, _opt), (_std, _lr) in _want.items():
            _out = grading.call_quietly(folded_rule, _kind, _opt, _width, _base)
            assert isinstance(_out, tuple) and len(_out) == 2, "folded_rule should return a tuple of two numbers"
            _s, _l = grading.as_float(_out[0], "std_factor"), grading.as_float(_out[1], "lr_scale")
            assert abs(_s / _std - 1) < 1e-6, (
                f"folded_rule({_kind!r}, {_opt!r}, width={_width}, base_width={_base}): the std factor is "
                f"{_s / _std:.3g}x the expected one. {_hints[(_kind, 0)] if _kind == 'output' else 'muP keeps SP std here.'}")
            assert abs(_l / _lr - 1) < 1e-6, (
                f"folded_rule({_kind!r}, {_opt!r}, width={_width}, base_width={_base}): the learning-rate "
                f"scale is {_l / _lr:.3g}x the expected one. {_hints[(_kind, _opt)]}")
### END HIDDEN TESTS

# %%
rule = grading.learner_value(folded_rule, "output", "adam", 256, 64)
if rule is not None:
    print(f"your folded output rule at width 256, base 64 (Adam): std factor {rule[0]}, lr scale {rule[1]}")

# %% [markdown]
# ## 5. Attention: $1/d$ instead of $1/\sqrt{d}$
#
# An attention logit is $q\cdot k\,/\sqrt{d}$ for head size $d$ (Vaswani et al. 2017): at initialization $q$
# and $k$ are independent, the $d$ products have random signs, and the sum grows like $\sqrt d$. After training,
# $q$ and $k$ are *correlated* (that is what attention learns), the sum grows like $d$, and
# $q\cdot k/\sqrt d$ grows like $\sqrt d$. muP therefore scales by $1/d$ (Yang et al. 2022; relative
# to a base head size, $\sqrt{d_0}/d$, `mup.attention_scale`). The cell takes $k = q$ + noise, a
# stand-in for a trained query-key pair with correlation $1/\sqrt2$, against independent ones.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(5)
print(f"{'d':>5s} {'indep. q.k/sqrt(d)':>19s} {'correlated q.k/sqrt(d)':>23s} {'correlated, muP 1/d (base 16)':>30s}")
for d in (16, 64, 256, 1024):
    q = rng.standard_normal((4000, d))
    k_indep, k_corr = rng.standard_normal((4000, d)), q + rng.standard_normal((4000, d))
    logits_indep = np.sum(q * k_indep, axis=1) * mup.attention_scale(d, parametrization="sp")
    logits_corr = np.sum(q * k_corr, axis=1)
    print(f"{d:5d} {np.sqrt(np.mean(logits_indep ** 2)):19.2f} "
          f"{np.sqrt(np.mean((logits_corr * mup.attention_scale(d, parametrization='sp')) ** 2)):23.2f} "
          f"{np.sqrt(np.mean((logits_corr * mup.attention_scale(d, base_d_head=16)) ** 2)):30.2f}")

# %% [markdown]
# Independent: the RMS logit stays at 1. Correlated: with $1/\sqrt d$ it doubles each time $d$ grows fourfold
# (the softmax saturates in a wide head), and with $1/d$ it stays put.
#
# ## 6. The coordinate check, width by width
#
# The widget shows the three checks of section 3: each layer's change at steps 1 to 3, for the width the slider
# picks (no training happens when it moves: the checks are computed above). Under SP the curves climb as the
# slider goes right; under muP they stay where they are.

# %%
# NBVAL_IGNORE_OUTPUT
width_widget = coord_check.coord_check_widget(checks)

# %% [markdown]
# ## 7. Reading a coordinate check
#
# A muP implementation with one mistake shows it in the check: the first layer (from the input up) whose
# change grows or shrinks with width is the culprit, and the layers above it inherit the drift (a layer
# downstream of a growing one grows too, more weakly). Three mistakes seen in real code: the hidden layers keep SP's
# Adam learning rate (forgotten $1/m$), the input layer gets the hidden rule $\eta/m$ (every matrix treated alike), and the
# output layer loses its multiplier $1/m$. `mup.mlp(..., broken=(...))` plants them. Four checks of muP with
# Adam, one of them healthy, under names that say nothing:

# %%
# NBVAL_CHECK_OUTPUT
gallery_plan = {"north": ("output",), "south": None, "east": ("input",), "west": ("hidden",)}
gallery = {name: coord_check.mlp_coord_check([64, 128, 256, 512], x_probe, y_probe, parametrization="mup",
                                             optimizer="adam", broken=bug, seeds=(2,))
           for name, bug in gallery_plan.items()}
for name, check in gallery.items():
    print(f"{name:6s} layers {check.layers}: exponents at step 1 {np.round(check.slopes(1), 2)}, "
          f"step 3 {np.round(check.slopes(3), 2)}")

# %%
fig, axes = plt.subplots(1, 4, figsize=(15, 3.6), sharey=True)
for ax, (name, check) in zip(axes, gallery.items()):
    coord_check.plot_coord_check(check, ax=ax, step=1)
    ax.set_title(f"{name}: coordinate check, step 1")
plt.show()

# %% [markdown]
# ### Exercise 3 (diagnose, 4 points)
#
# Read the gallery first. A healthy muP network is not perfectly flat at these widths: its output layer's change
# still holds a part of order $n^{-1/2}$ (the head's initial weights times the change below, damped by the
# multiplier $1/m$), so its exponent sits a little *below* 0. A planted
# mistake moves an exponent by about 1: the hidden mistake makes the hidden layers *grow*, the output mistake the
# output, and the input mistake makes the input layer *shrink*. Step 1 is the cleanest: later steps of a layer
# that moved too far saturate (section 3).
#
# Write `diagnose(check)`. `check` is `CoordCheck.as_dict()` of a muP network trained with Adam: a dict with
# `"widths"` (array of 4 or 5 widths), `"layers"` (the layer names from the input up: `"input"`, one or more
# `"hidden ..."`, `"output"`), `"steps"` (1 or 2), and `"activation_rms"` and `"change_rms"`, arrays indexed
# `[width, step, layer]` (step 0 is the initialization, whose change is 0). The network has **at most one** of the
# three mistakes above (a hidden mistake affects every hidden layer). Return `"input"`, `"hidden"` or `"output"`
# for the layer kind that is mis-parametrized, or `"none"` for a healthy network.
#
# The hidden test grades eight checks it builds with other seeds, learning rates, depths and data than the
# gallery's; `course_lib.coord_check` and `course_lib.mup` are not available while your function runs.

# %% kind="answer" grade_id="n10_diagnose_answer"
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    ### BEGIN SOLUTION
    widths = np.log2(np.asarray(check["widths"], dtype=float))
    change = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])   # step 1: before any saturation
    centred = widths - widths.mean()
    slopes = centred @ (change - change.mean(axis=0)) / (centred @ centred)
    if slopes[0] < -0.45:                         # the input layer stops learning as the width grows
        return "input"
    for name, slope in zip(check["layers"], slopes):
        if slope > 0.45:                          # the first layer from the input that grows
            return "hidden" if name.startswith("hidden") else name
    return "none"
    ### END SOLUTION


# %% kind="test" grade_id="n10_diagnose_test" points=4
"""diagnose(check) returns one of "input", "hidden", "output", "none" (hidden: eight hidden checks)."""
import numpy as np

from course_lib import coord_check, grading

_rng = np.random.default_rng(grading.seed(3))
_check = coord_check.mlp_coord_check([64, 128, 256], _rng.standard_normal((32, 20)), np.arange(32) % 4, seeds=(0,))
_got = grading.call_quietly(diagnose, _check.as_dict())
grading.check_choice(_got, ["input", "hidden", "output", "none"], "diagnose(check)")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import numpy as np

from course_lib import coord_check as _cc


def _hidden_checks(base):
    """Eight checks: each mistake twice and two healthy ones, 2 or 3 hidden layers, Adam at lr 0.003 to 0.01.

    Why a correct diagnosis fails with probability < 1e-6 (measured over fresh seeds by tools/flake_rate and a
    separate run of 80 such checks, two init seeds each): at step 1 a healthy hidden layer's exponent stayed
    within 0.21 of 0 (sd 0.05) and a healthy output's between -0.35 and +0.1 (sd 0.08); a planted hidden or
    output layer's was above 0.72 (sd 0.02 to 0.05), a planted input layer's below -0.83 (sd 0.01). The
    solution's thresholds +0.45 (growth) and -0.45 (input shrinks) sit 6 or more sd from every group."""
    _rng = np.random.default_rng(grading.seed(base))
    _x = _rng.standard_normal((48, 40))
    _y = _rng.integers(0, 7, 48)
    _y[:7] = np.arange(7)
    _plan = [("hidden",), ("input",), ("output",), None, ("output",), ("hidden",), None, ("input",)]
    _out = []
    for _i, _bug in enumerate(_plan):
        _check = _cc.mlp_coord_check([64, 128, 256, 512], _x, _y, parametrization="mup", optimizer="adam",
                                     lr=(0.003, 0.006, 0.01)[_i % 3], steps=1 + _i % 2, hidden_layers=2 + _i % 2,
                                     broken=_bug, seeds=tuple(int(_s) for _s in _rng.integers(0, 2**31, 2)))
        _s = _check.slopes(1)
        _first = 0 if _bug == ("input",) else (len(_s) - 1 if _bug == ("output",) else (1 if _bug else len(_s)))
        if _first < len(_s):                      # the planted layer must stay beyond the 0.45 threshold
            grading.record_margin("planted layer's exponent vs 0.45", 0.45 / max(abs(_s[_first]), 1e-9), 1.0)
        if _first:                                # the healthy layers below it must stay inside (-0.45, 0.45)
            grading.record_margin("healthy layers' largest |exponent| vs 0.45", max(abs(_s[:_first])), 0.45)
        _out.append((_check.as_dict(), "none" if _bug is None else _bug[0]))
    return _out


_teach = {
    "none": "this network is healthy: no layer's change grows or shrinks with width",
    "input": "look at the input layer first: does its change depend on the width?",
    "hidden": "the input layer is fine here; what do the hidden layers' changes do as the width grows?",
    "output": "the layers below the output are flat here; the output's change is what grows",
}
for _n, (_check, _want) in enumerate(_hidden_checks(1010)):
    with grading.forbidding("course_lib.coord_check", "course_lib.mup", who="diagnose",
                            advice="read the check's numbers"):
        _got = grading.call_quietly(diagnose, _check)
    assert _got == _want, f"hidden check {_n + 1} ({len(_check['layers'])} layers): diagnose says {_got!r}; {_teach[_want]}."
### END HIDDEN TESTS

# %%
if grading.learner_value(diagnose, gallery["south"].as_dict()) is not None:
    for name, check in gallery.items():
        print(f"{name:6s} your diagnosis: {grading.learner_value(diagnose, check.as_dict())}")

# %% [markdown]
# ## 8. Depth: residual branches and $1/\sqrt{L}$
#
# A residual network adds $L$ branches to a stream, $h_{l} = h_{l-1} + a\,f_l(h_{l-1})$. With He weights inside
# a branch $f_l(h) = \mathrm{relu}(h) W_l^\top$, the branch has the stream's second moment
# ($E[f^2] = n\cdot\tfrac{2}{n}\cdot\tfrac12 E[h^2]$ for a symmetric $h$), so at initialization
# $E[h_l^2] = (1 + a^2)\,E[h_{l-1}^2]$: with $a = 1$ the stream doubles its second moment per block,
# $2^{L}$ after $L$ blocks; with $a = 1/\sqrt{L}$ it grows by $(1 + 1/L)^L \le e$. Yang et al. (2023,
# *Tensor Programs VI*, arXiv 2310.02244) and Bordelon et al. (2023, arXiv 2309.16620) show that the branch
# multiplier $1/\sqrt{L}$, together with muP in width, lets the learning rate transfer across depth in their
# experiments: Bordelon et al. with convolutional ResNets and Vision Transformers on CIFAR-10 and ImageNet; Yang et
# al. ("Depth-muP") for resnets whose blocks have one layer, while for deeper blocks (as in Transformers) they
# find fundamental limitations of every infinite-depth limit of this kind, shown on a Megatron Transformer too. The training side
# follows section 2: each branch's change is multiplied by $a$ once in the forward pass, and under SGD once
# more through its gradient, so $L$ branches add up to $L a^2 \eta = \eta$ (SGD's rate needs no depth factor), while
# Adam's steps ignore the gradient's $a$ and add up to $L a \eta = \sqrt{L}\,\eta$ (so Yang et al.'s Depth-muP for
# Adam also divides the blocks' learning rate by $\sqrt L$; the cells below keep one global rate).

# %%
# NBVAL_CHECK_OUTPUT
for blocks in (1, 4, 16, 64):
    stream = {}
    for label in ("1", "1/sqrt(L)"):
        net = mup.residual_mlp(64, 128, 10, blocks, branch_multiplier=label, rng=0)
        net.forward(x_train[:256])
        stream[label] = np.sqrt(np.mean(net.post[-2] ** 2)) / np.sqrt(np.mean(net.post[0] ** 2))
    print(f"L = {blocks:2d}: rms of the stream after the last block / after the embedding: a = 1: "
          f"{stream['1']:.3g} (theory 2^(L/2) = {2 ** (blocks / 2):.3g}); a = 1/sqrt(L): {stream['1/sqrt(L)']:.3g} "
          f"(theory {math.sqrt((1 + 1 / blocks) ** blocks):.3g})")

# %% [markdown]
# The theory holds for the stream at initialization, within 25% for one network each ($2^{L/2}$ with $a = 1$,
# $(1 + 1/L)^{L/2} \to \sqrt e = 1.65$ with $a = 1/\sqrt L$; the identity $E[\mathrm{relu}(h)^2] = \tfrac12 E[h^2]$
# needs a symmetric $h$, which the stream after a few blocks is only roughly). The learning rate: residual MLPs of width 64 with $L = 1, 4, 16$ blocks,
# one global Adam learning rate, 40 steps on minibatches of 64, `course_lib.training.train`.

# %%
# NBVAL_CHECK_OUTPUT
depth_lrs = 2.0 ** np.arange(-10, -3)
depth_losses = {}
for label in ("1", "1/sqrt(L)"):
    for blocks in (1, 4, 16):
        row = []
        for lr in depth_lrs:
            net = mup.residual_mlp(64, 64, 10, blocks, branch_multiplier=label, rng=0)
            history = training.train(net, optim.Adam(net.parameters(), lr), x_train, y_train, steps=40,
                                     batch_size=64, rng=0, record_every=1000)
            row.append(np.inf if history.diverged else training.evaluate(net, x_train, y_train)[0])
        depth_losses[(label, blocks)] = np.array(row)
        best = np.log2(depth_lrs[int(np.argmin(row))])
        print(f"a = {label:9s} L = {blocks:2d}: best log2 lr {best:4.0f}, loss there {min(row):.3f}; "
              f"losses {np.round(row, 2)}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, label in zip(axes, ("1", "1/sqrt(L)")):
    for k, blocks in enumerate((1, 4, 16)):
        row = depth_losses[(label, blocks)]
        ax.plot(np.log2(depth_lrs), np.where(np.isfinite(row), row, np.nan), marker=plots.MARKERS[k],
                label=f"L = {blocks}")
    ax.set(yscale="log", xlabel="log2 learning rate (Adam)", title=f"branch multiplier a = {label}")
    ax.legend(fontsize=8)
axes[0].set_ylabel("training loss after 40 steps")
plt.show()

# %% [markdown]
# Within these 40 steps: with $a = 1/\sqrt{L}$ the best learning rate is $2^{-7}$ at every depth and the deeper
# networks are at least as good at it; with $a = 1$ the 16-block network starts from a stream $2^8$ times too
# large and never gets close (its best loss is more than ten times the others'). Adam's rule above predicts that,
# with one global rate, the best one falls by $\sqrt{16} = 4$ (two powers of 2) from $L = 1$ to 16; this run does
# not show it (at $L = 16$ the loss at $2^{-9}$ is about twice that at $2^{-7}$): 40 steps of width-64 networks
# are far from the wide-then-deep limit the rule is derived in, and the miniature neither confirms nor refutes it.
#
# ## 9. SGD and Adam, and the angular learning rate
#
# Every rule above came from one fact: SGD's step is proportional to the gradient, Adam's is not. Scale a loss (or
# a layer's gradient, through a multiplier) by $k$: SGD's update scales by $k$, Adam's does not move. So the
# same multiplier needs different learning-rate corrections (squared for SGD, once for Adam: section 4), and
# muP's SGD and Adam columns differ. Notebook 07 (section 4) met the same fact under normalization: a
# scale-invariant weight turns at SGD's angular rate $\eta/\lVert W\rVert^2$ but at Adam's $\approx\eta/\lVert W\rVert$.
# Width enters there too: a hidden matrix of std $\sqrt{2/n}$ has $\lVert W\rVert_F = \sqrt{2n}$ and Adam's step
# has $\lVert\Delta W\rVert_F \approx \eta\,n$, so the angle turned per step grows like $\sqrt n$ under SP; muP's
# $\eta/m$ makes it shrink like $1/\sqrt n$, while the layer's *output* change stays of order one (the update is
# aligned with the inputs, section 2). The cell measures both on one step of a hidden layer.

# %%
# NBVAL_CHECK_OUTPUT
for grad_scale in (1.0, 100.0):
    sizes = {}
    for cls in (optim.SGD, optim.Adam):
        w0 = np.random.default_rng(6).normal(0.0, 0.1, (32, 16))
        g = grad_scale * np.random.default_rng(7).standard_normal((32, 16))
        sizes[cls.__name__] = np.sqrt(np.mean(cls([w0], 1e-3).step([g])[0] ** 2))
    print(f"gradient x {grad_scale:5.0f}: rms update SGD {sizes['SGD']:.2g}, Adam {sizes['Adam']:.2g}")
for name in ("sp", "mup"):
    angles, changes = [], []
    for width in (64, 256, 1024):
        net = mup.mlp([64, width, width, 10], parametrization=name, optimizer="adam", base_width=64, rng=8)
        opt = optim.Adam(net.parameters(), 0.01, lr_scales=net.lr_scales)
        logits = net.forward(x_probe)
        before = net.post[1].copy()
        _, grad = losses.softmax_cross_entropy(logits, y_probe)
        net.backward(grad)
        update = opt.step(net.gradients())[2]                          # the hidden matrix's update
        w_new = net.weights[1]
        angles.append(np.linalg.norm(update) / np.linalg.norm(w_new - update))
        net.forward(x_probe)
        changes.append(np.sqrt(np.mean((net.post[1] - before) ** 2)))
    print(f"{name:4s} hidden layer, widths 64/256/1024: angle of one Adam step {np.round(angles, 3)}, "
          f"rms change of its output {np.round(changes, 2)}")

# %% [markdown]
# A hundredfold gradient leaves Adam's step where it was and multiplies SGD's by 100. Under SP the angle of one
# Adam step of the hidden matrix doubles with each fourfold widening and its output's change grows faster
# still (0.25 to 2.17 from width 64 to 1024); under muP the angle halves while the output's change stays flat. So "the relative update $\lVert\Delta W\rVert/\lVert W\rVert$" is not what a width rule should hold fixed: muP's
# updates are small in the Frobenius norm and large where it matters, along the inputs the layer sees.
#
# ## 10. Summary
#
# * A parametrization fixes, per layer and as a function of width, the initial std, a forward multiplier and the
#   learning rate. SP (fan-in init, one global rate) moves the best learning rate with width: in our digits sweep
#   (40 Adam steps) from $2^{-5}$ at width 16 to $2^{-7}$ at width 128; muP kept it at $2^{-5}$.
# * An update is aligned with the layer's inputs, so a layer's change adds fan_in terms of one sign. SGD's change
#   is $\eta c^2\lVert h\rVert^2\delta$; Adam's is $\eta c\,\text{fan\_in}\,E|h|$, blind to the gradient's size.
# * muP (Table 8 form, relative to a base width, $m = n/n_0$): hidden Adam rate $\eta/m$, output multiplier
#   $1/m$ with a width-independent (or zero) init, SGD input and output rates $\eta m$, attention logits $q\cdot
#   k/d$. A multiplier moves into the weights with the std divided by it and the rate divided by it (Adam) or by
#   its square (SGD): that gives the paper's Table 3.
# * The coordinate check (each layer's change against width after a few steps) is flat under muP; the first
#   layer from the input that drifts is the mis-parametrized one.
# * Depth: branch multiplier $1/\sqrt{L}$ keeps the stream at initialization bounded ($a = 1$ multiplies its
#   RMS by $2^{L/2}$) and, in our sweep, kept the best Adam rate at $2^{-7}$ for 1 to 16 blocks.
# * Adam's rules differ from SGD's because its step ignores the gradient's scale; under normalization its
#   angular rate is $\approx\eta/\lVert W\rVert$ (notebook 07), and muP's hidden rate makes that angle shrink with width
#   while the function's change stays of order one.
#
# ## 11. Active recall: check yourself
#
# 1. Why does a single step of Adam change a hidden layer's output by an amount that grows like the width, when
#    the same matrix's *initial* output does not grow?
# 2. Under SP with SGD, which layer of a wide MLP stops learning, and why?
# 3. A layer computes $\tfrac14\,h W^\top$. You fold the $\tfrac14$ into the weights. What happens to the init std,
#    the Adam rate and the SGD rate of that layer, if the training is to stay the same?
# 4. A coordinate check shows a flat input layer, a hidden layer growing like $n^{0.7}$ and an output growing like
#    $n^{0.5}$. What is wrong?
# 5. Why does muP scale attention logits by $1/d$?
# 6. A 16-block residual MLP with branch multiplier 1 and He weights in its branches: by what factor is the stream's RMS off at initialization?
#
# <details>
# <summary>Answers</summary>
#
# 1. At initialization the signs of $W_{ij}h_j$ are random and the sum grows like $\sqrt{n}\cdot\sigma$, which the
#    fan-in std cancels. The update $\Delta W = -\eta\,\mathrm{sign}(\delta^\top h)$ is aligned with $h$, so $n$ terms
#    of one sign add up: $\eta\,n\,E|h|$.
# 2. The input layer: its $\delta$ comes down through the head (std $1/\sqrt n$), so it is of order $n^{-1/2}$, and
#    its change $\eta\lVert x\rVert^2\delta$ has a fixed $\lVert x\rVert^2$: it shrinks like $n^{-1/2}$, while the
#    output's change grows like $n$.
# 3. Folding in is $W = 4\,V$: $V$'s init std is $W$'s divided by 4, its Adam rate divided by 4 (Adam's step ignores
#    the gradient's scale) and its SGD rate divided by 16 (its gradient is 4 times $W$'s, and a unit of $V$ moves
#    the output 4 times as much as a unit of $W$).
# 4. The hidden layers kept SP's Adam learning rate (the $1/m$ is missing); the output inherits part of the drift.
# 5. After training, queries and keys are correlated, so $q\cdot k$ grows like $d$ (a law of large numbers);
#    $1/\sqrt d$ only cancels the $\sqrt d$ of independent vectors.
# 6. $2^{16/2} = 256$: each block doubles the second moment; with $a = 1/\sqrt{16}$ the growth is at most $e$ in the
#    second moment.
#
# </details>
