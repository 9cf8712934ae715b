# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 08 · Capstone: diagnosing initialization bugs from per-layer statistics
#
# *Weight-initialization course, notebook 8 of 8. Estimated time: 60 to 80 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. run a debugging workflow on a network before it trains: one forward and one backward pass, then per
#    layer the activation std, the share of dead ReLUs, the share of saturated units, the gradient norms and
#    the weight mean and std against the He/Xavier target for the layer's fans, plus the initial loss against
#    the trivial predictor's;
# 2. predict the initial loss a head gives, and say why a healthy linear head starts small or at zero;
# 3. derive the signature `std(W) / target` that each common initialization bug leaves, and tell the bugs
#    apart, including the ones no statistic here can separate;
# 4. read a bug off those numbers, *which* layer and *which* kind, with a `diagnose(report)` that is graded
#    on networks you never see, and say what each bug really costs in training;
# 5. fact-check numerical claims about initialization by simulation instead of trusting a write-up.
#
# **Prerequisites.** Notebooks 02 to 05: the forward and backward variance recursions, Glorot (Xavier), He
# (Kaiming) and LeCun initialization, and symmetry breaking (notebook 01).
#
# **How to work.** Run the cells from top to bottom (Run All works: an unanswered exercise's test cell
# reports what is missing and the rest runs on). There are three exercises (10 points): a prediction, a
# derivation and the diagnosis itself. Each has a test cell you can run: its visible checks catch a wrong
# type or shape, and hidden tests decide the grade. The exercises are independent of each other.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import diagnosis, grading, init, plots, widgets
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. Why per-layer statistics
#
# A network that "does not train" shows one symptom, a flat or exploding loss curve, for many causes. At
# initialization most of those causes are visible **before** any training step, layer by layer, because every
# healthy initialization keeps a few quantities of order one along the depth (notebooks 02 to 05):
#
# * the pre-activation scale: for a ReLU layer with i.i.d. zero-mean weights,
#   $\mathrm{Var}(z_l) = n_{l-1}\,\mathrm{Var}(W_l)\,E[h_{l-1}^2]$ and $E[h_l^2] = \tfrac12\mathrm{Var}(z_l)$, so
#   $\mathrm{Var}(W_l) = 2/n_{l-1}$ (He) keeps $\mathrm{Var}(z_l)$ constant;
# * the backward scale: $E[g_{l-1}^2] = \tfrac12\,n_l\,\mathrm{Var}(W_l)\,E[g_l^2]$ for $g_l = \partial L/\partial h_l$;
# * the share of units that do anything: a ReLU unit whose $z$ is $\le 0$ on every sample of a batch is
#   **dead** on that batch (its output and its gradient are zero); a tanh unit with $|h| > 0.99$ is
#   **saturated** ($1 - h^2 < 0.02$, so almost no gradient passes).
#
# Weights use PyTorch's layout throughout: `W.shape == (fan_out, fan_in)` and a layer computes `z = h @ W.T + b`.
# The healthy target for a hidden layer's weight std, for its fans and the activation that follows it, is
#
# $$\sigma_\text{He} = \frac{\sqrt2}{\sqrt{\text{fan\_in}}}\ \text{(ReLU)},\qquad
#   \sigma_\text{Xavier} = g\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}\ \text{(tanh, sigmoid)}.$$
#
# The last layer of these networks is a linear **head**. Section 2 shows why a healthy head is *small*, and the
# report's target for it is $\sigma_\text{head} = 0.01/\sqrt{\text{fan\_in}}$ (LeCun's scale times 0.01).
#
# Because every term of $\mathrm{Var}(z_l)$ is a product, a layer whose weight std is $r$ times its target
# multiplies the std of every later pre-activation by $r$, up to the biases' share (in a ReLU network, positive scaling passes
# through: $\mathrm{relu}(r z) = r\,\mathrm{relu}(z)$). So the ratio $\mathrm{std}(W_l)/\sigma_\text{target}$ is
# the first column to read, with the weights' mean beside it. `course_lib.diagnosis.layer_report` computes
# all of it; here on a healthy He network whose widths change (so fan_in and fan_out differ), with small
# random biases $\mathrm{N}(0, 0.1^2)$ and a small head.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
widths = [32, 128, 64, 256, 128, 10]
weights = [init.kaiming_normal((n_out, n_in), nonlinearity="relu", rng=rng) for n_in, n_out in zip(widths, widths[1:-1])]
weights.append(0.01 * init.lecun_normal((widths[-1], widths[-2]), rng=rng))    # a small linear head
biases = [rng.normal(0.0, 0.1, size=n) for n in widths[1:]]
healthy = MLP(weights, biases, activation="relu", output_activation="linear")
x = rng.standard_normal((256, widths[0]))
y = rng.standard_normal((256, widths[-1]))
healthy_report = diagnosis.layer_report(healthy, x, y)
diagnosis.print_report(healthy_report)
print(f"\nsqrt(2) = {math.sqrt(2):.3g}: the predicted std of every hidden z_l under He with E[x^2] = 1")

# %% [markdown]
# Read it column by column. `std z` stays near $\sqrt2$ (the last line of the cell prints it) in every hidden
# layer, within the spread of one random network (1.40 to 1.56 here): He's recursion, checked. `mean W` is 0
# and `ratio` (the weight std over its target) about 1 everywhere, within the sampling error of one matrix.
# `dead` is small but not zero in the deeper layers: the inputs of a deep ReLU layer are all non-negative and
# strongly correlated across samples, so an occasional unit is negative on the whole batch. `|dL/dW|` varies
# with the layer's size; section 3 says what to compare. The last line is the **initial loss**
# $L = \frac1B\sum_b \tfrac12\lVert f(x_b) - y_b\rVert^2$ beside the loss of the trivial predictor $f = 0$: with a
# small head they are almost equal.
#
# A saturating activation needs the `sat` column. The same widths with tanh and $\mathrm{N}(0, 1)$ weights
# (a common tutorial default) against tanh with Xavier's scale and torch's gain $5/3$:

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(1)
for name, draw in [("normal(0, 1)", lambda shape: rng.standard_normal(shape)),
                   ("xavier, gain 5/3", lambda shape: init.xavier_normal(shape, gain=5 / 3, rng=rng))]:
    tanh_net = MLP([draw((n_out, n_in)) for n_in, n_out in zip(widths, widths[1:])], activation="tanh",
                   output_activation="linear")
    report = diagnosis.layer_report(tanh_net, x, y)
    print(f"{name:17s} saturated share per hidden layer: {np.round(report.saturated[:-1], 2)}   "
          f"|dL/dW_1| = {report.grad_norm[0]:.3g}   rms dL/dz: head {report.grad_rms[-1]:.2g}, layer 1 {report.grad_rms[0]:.2g}")

# %% [markdown]
# With $\mathrm{N}(0, 1)$ weights $\mathrm{Var}(z) \approx \text{fan\_in}\cdot E[h^2]$ is in the tens to hundreds
# (fan_in 32 to 256): most tanh outputs sit at $\pm 1$ (the cell prints the shares), and the gradient norm of
# the first layer is about 120 times the Xavier one. Only part of that is the loss gradient (the linear head, fed
# by $\pm 1$ values through $\mathrm{N}(0, 1)$ weights, is large: `rms dL/dz` at the head is about 6 times
# Xavier's); the rest is the backward pass, which multiplies the gradient's variance by
# $n_l\,\mathrm{Var}(W)\,E[\tanh'^2]$ per layer, far above 1 with unit weights even when most units are
# saturated (`rms dL/dz` grows from the head to layer 1 instead of staying level). With Xavier's scale the
# shares are small.
#
# ## 2. The head and the initial loss
#
# What should the last layer look like? Take targets $y$ independent of the network at initialization, with
# $E[y] = 0$ (here $y \sim \mathrm{N}(0, I)$, $n_\text{out} = 10$ outputs), and a head $W_L$ with i.i.d.
# zero-mean entries of variance $\sigma^2$ and zero bias. The cross term $E[f\cdot y]$ vanishes, so
#
# $$E[L] = \tfrac12\,E\lVert y\rVert^2 + \tfrac12\,E\lVert f\rVert^2,\qquad
#   E[f_k^2] = \text{fan\_in}\,\sigma^2\,E[h_{L-1}^2].$$
#
# Every head adds $\tfrac12 E\lVert f\rVert^2 \ge 0$ to the loss of the **trivial predictor** $f = 0$,
# $\tfrac12 E\lVert y\rVert^2$. A head whose outputs start at the targets' scale doubles the loss before any
# step, and the first steps of training are spent shrinking the outputs. Karpathy's "A Recipe for Training
# Neural Networks" (2019) makes "verify loss @ init" a first check, and the head's scale is what sets it:
# his makemore lectures scale the last layer's weights by 0.01 and zero its bias; muP (Yang et al. 2021,
# *Tensor Programs V*) recommends a zero-initialized readout, which its `mup` package offers as an option
# (`MuReadout(readout_zero_init=True)` in `mup/layer.py`; off by default); DiT
# (Peebles & Xie 2023) zero-initializes every block's modulation (adaLN-Zero) and, in its released code, the
# final linear layer. A zero head is not a symmetry bug: its gradient $\sum_b \delta_{k,b}\,h_b^\top$ has rows that differ
# (each output $k$ has its own targets) and columns that differ (the layer before it is random), so after the
# first step the hidden units receive different backward signals (nothing below the head moves at that first
# step, since $\partial L/\partial h_{L-1} = W_L^\top\delta = 0$).
#
# ### Exercise 1 (predict, 2 points)
#
# The section-1 widths `[32, 128, 64, 256, 128, 10]`: four He normal ReLU layers, **zero biases**, inputs
# $x \sim \mathrm{N}(0, I_{32})$ and targets $y \sim \mathrm{N}(0, I_{10})$ independent of everything. Predict the
# **expected** initial loss $E[L]$ (over the draw of the network, the head, $x$ and $y$) for four heads
# drawn i.i.d. with zero bias:
#
# * `"zero"`: all entries 0; `"small"`: $\mathrm{N}(0, (0.01/\sqrt{128})^2)$;
# * `"lecun"`: $\mathrm{N}(0, 1/128)$ (LeCun, the old "healthy" head of many tutorials);
# * `"normal"`: $\mathrm{N}(0, 1)$.
#
# Write `predicted_initial_losses()` returning a dict with these four keys and your numbers (work them out
# on paper from the recursion of section 1; $E[h_{L-1}^2]$ is the one quantity you need). The next cell
# reveals them by simulation.

# %% kind="answer" grade_id="n08_initial_loss_answer"
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    ### BEGIN SOLUTION
    n_out, fan_in = 10, 128
    mean_square_h = 1.0            # He keeps E[h^2] = E[x^2] = 1 at every hidden layer (zero biases)
    variances = {"zero": 0.0, "small": (0.01 / math.sqrt(fan_in)) ** 2, "lecun": 1.0 / fan_in, "normal": 1.0}
    return {name: 0.5 * n_out * (1.0 + fan_in * var * mean_square_h) for name, var in variances.items()}
    ### END SOLUTION


# %% kind="test" grade_id="n08_initial_loss_test" points=2
"""predicted_initial_losses() returns a dict of four non-negative numbers (the hidden test compares them with the theory)."""
from course_lib import grading

_pred = grading.call_quietly(predicted_initial_losses)
assert isinstance(_pred, dict), f"predicted_initial_losses() should return a dict, got {type(_pred).__name__}"
assert set(_pred) == {"zero", "small", "lecun", "normal"}, (
    f"the keys should be 'zero', 'small', 'lecun', 'normal'; got {sorted(map(str, _pred))}")
for _key in ("zero", "small", "lecun", "normal"):
    grading.check_number(_pred[_key], f"predicted_initial_losses()[{_key!r}]", low=0.0)
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

_n_out, _fan_in = 10, 128
_var = {"zero": 0.0, "small": (0.01 / math.sqrt(_fan_in)) ** 2, "lecun": 1.0 / _fan_in, "normal": 1.0}
_theory = {_k: 0.5 * _n_out * (1.0 + _fan_in * _v) for _k, _v in _var.items()}
with grading.forbidding("course_lib.diagnosis", "course_lib.nets", "course_lib.init", "course_lib.stats",
                        "course_lib.widgets", who="predicted_initial_losses",
                        advice="predict the numbers from the theory, do not simulate them with course_lib"):
    _pred = grading.call_quietly(predicted_initial_losses)
for _key in ("zero", "small", "lecun", "normal"):
    _value = grading.as_float(_pred[_key], f"predicted_initial_losses()[{_key!r}]")
    _ratio = _value / _theory[_key]
    _hints = [(2.0, "Is the factor 1/2 of the loss missing?"),
              (0.5 * _n_out * _fan_in * _var[_key] / _theory[_key] if _var[_key] else -1.0,
               "The targets add 0.5 E||y||^2 too: the trivial predictor's loss is not 0."),
              ((1 + (1 - 1 / math.pi) * _fan_in * _var[_key]) / (1 + _fan_in * _var[_key]),
               "Is it Var(h) where E[h^2] is needed? The head multiplies h itself, mean included."),
              ((1 + 2 * _fan_in * _var[_key]) / (1 + _fan_in * _var[_key]),
               "Var(z) = 2 under He, but the head sees h = relu(z), with E[h^2] = Var(z) / 2."),
              (1.0 / _n_out, "L sums over the 10 outputs before averaging over the batch.")]
    # 10% separates the theory from every slip above on at least one key (the closest, Var(h) for E[h^2],
    # gives 0.84 on 'lecun' and 0.68 on 'normal'); a simulation of one network lands 15% off (its E[h^2] is 1.15)
    assert 0.9 <= _ratio <= 1.1, (
        f"predicted_initial_losses()[{_key!r}] is {_ratio:.3g}x the expected loss."
        f"{grading.ratio_hint(_ratio, [_h for _h in _hints if _h[0] > 0 and abs(_h[0] - 1) > 0.05], 0.06)}")
### END HIDDEN TESTS

# %% [markdown]
# The simulation: 1000 draws of the whole set-up (a fresh network, head, batch of 64 inputs and targets each
# time), the mean initial loss per head with its standard error, and your prediction beside it.

# %%
# NBVAL_CHECK_OUTPUT
def initial_losses(head_stds, draws=1000, batch=64, seed=11):
    """Mean and standard error over `draws` fresh networks of the exercise of the initial loss per head."""
    rng = np.random.default_rng(seed)
    losses = {name: [] for name in head_stds}
    for _ in range(draws):
        h = rng.standard_normal((batch, widths[0]))
        for n_in, n_out in zip(widths[:-2], widths[1:-1]):
            h = np.maximum(h @ rng.normal(0.0, math.sqrt(2.0 / n_in), (n_out, n_in)).T, 0.0)
        targets = rng.standard_normal((batch, widths[-1]))
        head = rng.standard_normal((widths[-1], widths[-2]))
        for name, std in head_stds.items():
            losses[name].append(0.5 * np.mean(np.sum((h @ (std * head).T - targets) ** 2, axis=1)))
    return {name: (np.mean(v), np.std(v) / math.sqrt(draws)) for name, v in losses.items()}


head_stds = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "lecun": 1 / math.sqrt(128), "normal": 1.0}
simulated_losses = initial_losses(head_stds)
for name, (mean, error) in simulated_losses.items():
    print(f"{name:7s} E[L] = {mean:7.4g} +- {error:.2g}")

# %%
prediction = grading.learner_value(predicted_initial_losses)
if isinstance(prediction, dict):
    for name, (mean, _error) in simulated_losses.items():
        print(f"{name:7s} simulated {mean:7.4g}   your prediction {prediction.get(name)}")

# %% [markdown]
# A zero or small head starts at the trivial predictor's loss; LeCun's head doubles it, and an $\mathrm{N}(0,1)$
# head multiplies it by about $\text{fan\_in}$. One network is not the expectation: the section-1 network's
# $E[h_{L-1}^2]$ is not exactly 1, and the loss of one LeCun head fluctuates by tens of percent from head to
# head (only 10 rows are drawn; the next cell's last line shows by how much). The cell below puts a small head and a LeCun head into that network.

# %%
# NBVAL_CHECK_OUTPUT
h_last = healthy.post[-2]
print(f"section-1 network: E[h_4^2] = {np.mean(h_last ** 2):.3g} (1 in expectation); "
      f"trivial loss {healthy_report.trivial_loss:.3g}")
for name, scale in (("small head (0.01 x LeCun)", 0.01), ("LeCun head", 1.0)):
    head = scale * init.lecun_normal((10, 128), rng=np.random.default_rng(12))
    net = MLP([*healthy.weights[:-1], head], healthy.biases, "relu", "linear")
    print(f"{name:26s} initial loss {diagnosis.layer_report(net, x, y).loss:.3g}")
head_losses = [0.5 * np.mean(np.sum((h_last @ init.lecun_normal((10, 128), rng=np.random.default_rng(s)).T
                                     + healthy.biases[-1] - y) ** 2, axis=1)) for s in range(100, 300)]
print(f"200 other LeCun heads on this network: initial loss {np.mean(head_losses):.3g} on average, "
      f"std {np.std(head_losses):.2g}, from {np.min(head_losses):.3g} to {np.max(head_losses):.3g}")

# %% [markdown]
# The LeCun head, the "healthy" output layer of many tutorials (and of this notebook's first version), raises
# this network's initial loss from the trivial 5.19 to 8.43 for this draw (the small head: 5.25), and to about
# 11 on average over heads, $5.19 + \tfrac12\cdot 10\cdot 1.15$ (the last line: with only 10 rows drawn, one head
# lands anywhere from about 8 to 22). So the report's target for a linear head is the small one, and a LeCun head reads `ratio` 100.
#
# ## 3. A gallery of broken networks
#
# `diagnosis.broken_networks(rng)` returns six ReLU networks (small linear head, biases $\mathrm{N}(0, 0.1^2)$,
# hidden widths drawn from 64, 128 and 256 so that no hidden layer is square). Each carries **one**
# initialization bug on one layer, from this list of mistakes seen in real code:
#
# | kind | what the code drew for $W$ (shape `(fan_out, fan_in)`) | what else shows |
# |---|---|---|
# | `fan` | He with the wrong fan: $\mathrm{N}(0, 2/\text{fan\_out})$ | `std z` steps by the ratio at that layer (up or down) and stays off |
# | `gain` | a fan_in scale with the wrong gain: $\mathrm{N}(0, 1/\text{fan\_in})$, or `nn.Linear`'s default $\mathrm{U}(\pm 1/\sqrt{\text{fan\_in}})$ | `std z` drops and stays low |
# | `variance` | the variance passed where the std is expected: std $= 2/\text{fan\_in}$ | `std z` collapses; the biases (std 0.1) are a quarter of the variance left |
# | `constant` | every entry $\sqrt{2/\text{fan\_in}}$ | `std W` is 0, `mean W` is not; the layer's units differ only by their bias |
# | `rand` | `rand` where `randn` was meant: $\mathrm{U}[0, 1)$ entries | `mean W` about 0.5: every unit adds up its inputs |
# | `head` | the head drawn $\mathrm{N}(0, 1)$ | the initial loss far above the trivial one |
#
# Which network has which, and on which layer, is not stored anywhere in the objects: find it from the
# statistics. The cell prints, for every network, its initial loss (beside the trivial predictor's on this
# batch) and per layer the weight ratio, the weight mean and the activation std.

# %%
# NBVAL_CHECK_OUTPUT
broken = diagnosis.broken_networks(np.random.default_rng(2024))
x_probe = np.random.default_rng(7).standard_normal((256, 32))
y_probe = np.random.default_rng(8).standard_normal((256, 10))
reports = {name: diagnosis.layer_report(net, x_probe, y_probe) for name, net in broken.items()}
print(f"trivial loss on this batch: {reports['amber'].trivial_loss:.3g}")
for name, report in reports.items():
    print(f"{name:6s} loss {report.loss:6.3g} | std(W)/target {np.round(report.weight_ratio, 2)}")
    print(f"{'':6s} {'':11s} | mean W        {np.round(report.weight_mean, 2) + 0.0} | std z {np.round(report.pre_std, 2)}")

# %% [markdown]
# Five of the six losses are within 3% of the trivial 5.22: with a small head, the loss at initialization
# barely shows a bug *below* the head: the small head adds $\tfrac12\cdot 10\cdot 10^{-4}E[h_{L-1}^2]$, so the
# hidden activations must grow about 17-fold before the loss rises 3% (the `rand` network's `std z` of about 3
# instead of 1.4 moves its loss by under 1% here). The per-layer columns do. The full table of one network:

# %%
# NBVAL_CHECK_OUTPUT
diagnosis.print_report(reports["ember"])

# %% [markdown]
# ### Signatures
#
# Each scale bug leaves a fixed signature in the `ratio` column: the bug's std over He's target
# $\sqrt{2/\text{fan\_in}}$, a function of the layer's fans only. Working them out is the first step of the
# diagnosis: it says which bugs a ratio can come from.
#
# ### Exercise 2 (derive, 2 points)
#
# Write `bug_ratios(fan_in, fan_out)` for a **hidden** ReLU layer of shape `(fan_out, fan_in)`. Return a dict
# with the exact value of $\mathrm{std}(W)/\sqrt{2/\text{fan\_in}}$ (population std, the expected value over
# the draw) for four bugs of the table:
#
# * `"fan"`: $W \sim \mathrm{N}(0, 2/\text{fan\_out})$;
# * `"no_gain"`: $W \sim \mathrm{N}(0, 1/\text{fan\_in})$;
# * `"variance"`: $W \sim \mathrm{N}(0, s^2)$ with $s = 2/\text{fan\_in}$;
# * `"rand"`: $W \sim \mathrm{U}[0, 1)$ (its std, not its root mean square).
#
# The hidden test evaluates your formulas at fans you do not see (an estimate from random draws is not exact
# enough).

# %% kind="answer" grade_id="n08_bug_ratios_answer"
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    ### BEGIN SOLUTION
    he = math.sqrt(2.0 / fan_in)
    return {
        "fan": math.sqrt(2.0 / fan_out) / he,
        "no_gain": math.sqrt(1.0 / fan_in) / he,
        "variance": (2.0 / fan_in) / he,
        "rand": math.sqrt(1.0 / 12.0) / he,
    }
    ### END SOLUTION


# %% kind="test" grade_id="n08_bug_ratios_test" points=2
"""bug_ratios(fan_in, fan_out) returns a dict of four positive numbers (the hidden test checks the formulas)."""
from course_lib import grading

_out = grading.call_quietly(bug_ratios, 64, 256)
assert isinstance(_out, dict), f"bug_ratios(64, 256) should return a dict, got {type(_out).__name__}"
assert set(_out) == {"fan", "no_gain", "variance", "rand"}, (
    f"the keys should be 'fan', 'no_gain', 'variance', 'rand'; got {sorted(map(str, _out))}")
for _key in ("fan", "no_gain", "variance", "rand"):
    grading.check_number(_out[_key], f"bug_ratios(64, 256)[{_key!r}]", positive=True)
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

_advice = "derive the closed form with math only"
for _fan_in, _fan_out in ((300, 48), (48, 300), (96, 1000), (7, 5), (1024, 1024)):
    with grading.forbidding("course_lib.diagnosis", "course_lib.init", "course_lib.nets", "course_lib.stats",
                            who="bug_ratios", advice=_advice):
        _out = grading.call_quietly(bug_ratios, _fan_in, _fan_out)
    assert isinstance(_out, dict) and set(_out) == {"fan", "no_gain", "variance", "rand"}, (
        f"bug_ratios({_fan_in}, {_fan_out}) should return a dict with the four keys")
    _he = math.sqrt(2.0 / _fan_in)
    _want = {"fan": math.sqrt(2.0 / _fan_out) / _he, "no_gain": math.sqrt(1.0 / _fan_in) / _he,
             "variance": (2.0 / _fan_in) / _he, "rand": math.sqrt(1.0 / 12.0) / _he}
    _slips = {
        "fan": [(_fan_in / _fan_out, "Is it the variance ratio? Return the ratio of standard deviations."),
                (math.sqrt(_fan_out / _fan_in), "Which fan is where? The bug's std uses fan_out, the target fan_in.")],
        "no_gain": [(0.5, "Is it the variance ratio? Return the ratio of standard deviations."),
                    (math.sqrt(2.0), "Is the ratio inverted? std(W) / target.")],
        "variance": [(2.0 / _fan_in, "Is it the variance ratio? Return the ratio of standard deviations."),
                     (1.0, "The bug's std is 2 / fan_in itself (the variance was passed as the std).")],
        "rand": [(math.sqrt(1.0 / 3.0) / _he, "U[0, 1) has std sqrt(1/12); sqrt(1/3) is its root mean square."),
                 ((1.0 / 12.0) / _he, "U[0, 1) has variance 1/12, so its std is sqrt(1/12)."),
                 (_want["rand"] ** 2, "Is it the variance ratio? Return the ratio of standard deviations.")],
    }
    for _key, _w in _want.items():
        _hints = [(_v / _w, _m) for _v, _m in _slips[_key] if abs(_v / _w - 1) > 1e-3]
        grading.check_close(_out[_key], _w, f"bug_ratios({_fan_in}, {_fan_out})[{_key!r}]", rtol=1e-6, hints=_hints)
### END HIDDEN TESTS

# %% [markdown]
# The next cell draws each bug on a `(64, 256)` layer (fan_in 256, fan_out 64), measures the ratio, and shows
# your formulas beside it.

# %%
# NBVAL_CHECK_OUTPUT
fan_in, fan_out = 256, 64
rng = np.random.default_rng(13)
he_target = math.sqrt(2 / fan_in)
drawn = {"fan": rng.normal(0, math.sqrt(2 / fan_out), (fan_out, fan_in)),
         "no_gain": rng.normal(0, math.sqrt(1 / fan_in), (fan_out, fan_in)),
         "variance": rng.normal(0, 2 / fan_in, (fan_out, fan_in)),
         "rand": rng.random((fan_out, fan_in))}
measured_ratios = {name: w.std() / he_target for name, w in drawn.items()}
print("measured std(W)/target:", {name: round(float(r), 3) for name, r in measured_ratios.items()})

# %%
derived = grading.learner_value(bug_ratios, fan_in, fan_out)
if isinstance(derived, dict):
    print("your formulas:         ", {name: derived.get(name) for name in measured_ratios})

# %% [markdown]
# ### Two bugs no statistic here separates, and a "bug" that is a choice
#
# * **A transposed kernel** is a kernel drawn in the layout `(fan_in, fan_out)` by an initializer that reads
#   fan_in from `shape[1]`, then loaded with `reshape(fan_out, fan_in)`. The initializer read `fan_out` as its
#   fan_in: the std is $\sqrt{2/\text{fan\_out}}$, exactly the `fan` bug, and the reshape keeps the entries
#   i.i.d. The two give the same ratio $\sqrt{\text{fan\_in}/\text{fan\_out}}$, and the same network statistics.
#   What can differ is only the *shape* of the distribution, if the two code paths use different initializers
#   (He uniform vs He normal: kurtosis 1.8 vs 3); that tells which initializer ran, not whether a transpose
#   happened. The diagnosis calls both `fan`.
# * **A fan swap where `fan_out = 2 fan_in`** gives $\sqrt{1/2}$, exactly the missing ReLU gain. No per-layer
#   statistic tells these two apart; the networks of the exercise below avoid that case.
# * **`fan_out` is a legitimate mode.** He et al. (2015, §2.2) show that preserving the backward variance
#   ($\mathrm{Var}(W) = 2/\text{fan\_out}$) is as good as preserving the forward one: with either, the other
#   pass is scaled by a ratio of the first and last widths, not by a factor that grows with depth.
#   torchvision's ResNet initializes its convolutions with `kaiming_normal_(mode="fan_out")`
#   (`torchvision/models/resnet.py` of pytorch/vision, read at commit 054e54c; torchvision is not installed
#   here). It is a bug only as a *mix*: one layer in fan_out mode in a fan_in
#   network changes the forward scale by $\sqrt{\text{fan\_in}/\text{fan\_out}}$ at that layer, once.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(14)
swap = rng.normal(0, math.sqrt(2 / fan_out), (fan_out, fan_in))
bound = math.sqrt(6 / fan_out)          # He uniform of a (fan_in, fan_out) array reads fan_in = fan_out
transposed = rng.uniform(-bound, bound, (fan_in, fan_out)).reshape(fan_out, fan_in)
for name, w in (("fan swap (He normal)", swap), ("transposed kernel (He uniform)", transposed)):
    kurtosis = np.mean(w ** 4) / np.mean(w ** 2) ** 2
    print(f"{name:31s} std(W)/target {w.std() / he_target:.3f}   kurtosis {kurtosis:.2f}")

# %% [markdown]
# ### The backward pass, normalized
#
# The raw `|dL/dW|` column depends on the layer's size. Notebook 02's backward recursion with He weights
# ($\mathrm{Var}(W_l) = 2/n_{l-1}$) gives $E[g_{l-1}^2] = (n_l/n_{l-1})\,E[g_l^2]$: the product
# $n_{l-1}E[g_{l-1}^2]$ is the same at every hidden layer. So $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$ should be flat
# over the hidden layers of a healthy network, and a broken layer shows as a step. The cell prints it divided
# by its geometric mean. Being normalized, the profile stays flat when a bug scales every gradient alike (a
# too-large head): that bug shows in the loss and the raw gradient norms instead.

# %%
# NBVAL_CHECK_OUTPUT
def backward_profile(report):
    """rms(dL/dz_l) * sqrt(n_l) over the hidden layers, divided by its geometric mean."""
    c = report.grad_rms[:-1] * np.sqrt([shape[0] for shape in report.shapes[:-1]])
    return c / np.exp(np.mean(np.log(c)))


print(f"{'healthy':9s} {np.round(backward_profile(healthy_report), 2)}")
for name, report in reports.items():
    print(f"{name:9s} {np.round(backward_profile(report), 2)}")

# %% [markdown]
# ### What each bug costs
#
# A ratio far from 1 is a symptom, not yet a cost. The cell trains the healthy section-1 network and the six
# broken ones with plain SGD at one learning rate, 0.02 (one that trains the healthy network), to fit 64
# random targets (the first 64 rows of the probe batch), and prints the loss at steps 0, 20, 60 and 200.

# %%
# NBVAL_CHECK_OUTPUT
def train(net, steps=200, lr=0.02, record=(0, 20, 60, 200), batch=64):
    """Loss of SGD on the first `batch` rows of (x_probe, y_probe): the curve and its values at `record`."""
    net = MLP([w.copy() for w in net.weights], [b.copy() for b in net.biases], "relu", "linear")
    curve = []
    with np.errstate(all="ignore"):
        for _step in range(steps + 1):
            curve.append(net.mse_loss(x_probe[:batch], y_probe[:batch]))
            if not math.isfinite(curve[-1]):
                break
            net.sgd_step(lr)
    shown = ["diverged" if step >= len(curve) or not math.isfinite(curve[step]) else f"{curve[step]:.2g}"
             for step in record]
    return np.array(curve), shown


curves = {}
for name, net in {"healthy": healthy, **broken}.items():
    curves[name], shown = train(net)
    print(f"{name:8s} loss at steps 0, 20, 60, 200: {shown}")

# %% [markdown]
# Where does the slowest one that trains, `cedar`, end? The same run, 1000 steps:

# %%
# NBVAL_CHECK_OUTPUT
print("cedar loss at steps 200, 400, 600, 1000:", train(broken["cedar"], steps=1000, record=(200, 400, 600, 1000))[1])

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for name, curve in curves.items():
    finite = curve[np.isfinite(curve)]
    ax.plot(np.arange(finite.size), finite, label=name, linestyle="-" if name == "healthy" else "--")
ax.set(yscale="log", xlabel="SGD step (learning rate 0.02)", ylabel="loss on the probe batch",
       title="the healthy network and the six broken ones; a curve that stops has diverged")
ax.set_ylim(1e-3, 1e4)
ax.legend(ncol=2, fontsize=8)
plt.show()

# %% [markdown]
# Within these runs at this learning rate (200 steps, and 1000 for `cedar`; the cells' numbers):
#
# * **`fan`, `gain` and `variance` do not stop training.** One layer off by a constant factor (here 1.98 and
#   0.41) rescales everything after it once; the next layers are healthy, so nothing compounds, and the loss
#   falls by two orders of magnitude as the healthy network's does, one slower and one faster (0.21 and 0.021
#   at step 200 against the healthy 0.074). What they change is the relative size of the layers' gradients
#   (the backward profile steps at the bug), so one learning rate no longer suits every layer equally; within
#   this run that costs speed, not success. (A *whole network* with the wrong gain is another matter: the
#   factor then multiplies over the depth, section 5.) The `variance` bug (ratio 0.13: the signal after it is
#   about 7 times too small, `std z` 1.43 to 0.20, and the backward profile steps by the same factor) starts
#   slowly, 3.9 at step 60 against the healthy 1.1, and narrows the gap by step 200 (0.2 against 0.074).
# * **`rand` stalls** (1.4 at step 200, 19 times the healthy loss, then 1.1 from step 400 to step 1000 in
#   the longer run) and **`constant` and `head` diverge** before step 20 at this learning rate. A constant
#   or `rand` layer has all its weights positive: behind a ReLU layer, whose outputs are non-negative, each of
#   its units adds up fan_in terms of one sign, so $z$ grows like fan_in for `rand` (mean 0.5) and like
#   $\sqrt{\text{fan\_in}}$ for the constant layer (entries $\sqrt{2/\text{fan\_in}}$), where a healthy layer's
#   stays of order 1, and all its units see nearly the same sum (birch's `std z` jumps to 2.12; cedar's `rand` layer is the first one, whose inputs
#   are zero-mean, and its `std z` is 3.27). The $\mathrm{N}(0,1)$ head makes the loss about 40 times the
#   trivial one, with gradients to match. A smaller learning rate might train some of them (this cell does not
#   try); fixing the one layer costs nothing.
#
# Is a constant layer a *symmetry* bug, as in notebook 01? Only in part. Its rows are equal, but the layer
# after it is random, so $\partial L/\partial W_l = \sum_b \delta_{l,b} h_{l-1,b}^\top$ has different rows
# $\delta_{l,j} = (W_{l+1}^\top \delta_{l+1})_j\,\mathrm{relu}'(z_{l,j})$ (with $\delta_l = \partial L/\partial z_l$): one step already makes the rows differ.
# Notebook 01's "equal forever" needs equal rows *and* equal columns after them. The cell measures the spread
# of the constant layer's gradient rows relative to their size.

# %%
# NBVAL_CHECK_OUTPUT
net, layer = diagnosis.planted_network("constant", np.random.default_rng(15))
net.mse_loss(x_probe, y_probe)
grad = net.grad_weights[layer]
spread = np.std(grad, axis=0).mean() / np.abs(grad).mean()
print(f"constant layer {layer + 1}: rows of W identical: {bool(np.ptp(net.weights[layer], axis=0).max() == 0)}; "
      f"rows of dL/dW: spread / size = {spread:.2f} (0 would mean equal rows)")

# %% [markdown]
# ## 4. The diagnosis
#
# ### Exercise 3 (diagnose, 6 points)
#
# Write `diagnose(report)`. `report` is a dict, `layer_report(net, x, y).as_dict()` for a ReLU network with a
# linear head, inputs $x \sim \mathrm{N}(0, I)$ and targets $y \sim \mathrm{N}(0, I)$ (a batch of 256). Its keys are
# the report's columns, one entry per layer: `"shapes"` (`(fan_out, fan_in)` per layer), `"pre_std"`,
# `"post_std"`, `"dead"`, `"saturated"`, `"grad_norm"`, `"grad_rms"`, `"weight_std"`, `"weight_mean"`,
# `"target_std"`, `"target_name"`, `"weight_ratio"`, `"activations"`, and the numbers `"loss"` and
# `"trivial_loss"`.
#
# The network has **at most one** bug, of one of the six kinds of section 3's table, `"fan"`, `"gain"` (either
# gain variant), `"variance"`, `"constant"`, `"rand"` or `"head"`, or none. Return a tuple `(layer, kind)`:
# `layer` the **1-based** number of the broken layer (as the report's table counts) and `kind` one of those
# strings, or `(None, "healthy")` for a healthy network.
#
# * Healthy hidden layers are He normal: their ratio is 1 within the sampling error of one matrix (a few %).
# * A healthy head is small: std up to $0.01/\sqrt{\text{fan\_in}}$, **zero included** (section 2).
# * The hidden networks have 4 to 7 layers, and the bug's ratio is always at least 20% away from every other
#   bug's ratio at that layer (section 3's ambiguous cases are left out).
#
# `course_lib.diagnosis` is not available while your function runs: read the report's numbers. The hidden
# test grades the layer and the kind on 14 hidden networks; its messages say which network failed and how.

# %% kind="answer" grade_id="n08_diagnose_answer"
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ### BEGIN SOLUTION
    ratio = np.asarray(report["weight_ratio"], dtype=float)
    std = np.asarray(report["weight_std"], dtype=float)
    mean = np.asarray(report["weight_mean"], dtype=float)
    target = np.asarray(report["target_std"], dtype=float)
    last = len(ratio) - 1
    if ratio[last] > 3:                                   # a small or zero head is healthy
        return last + 1, "head"
    for layer in range(last):
        fan_out, fan_in = report["shapes"][layer]
        if std[layer] < 1e-6 * target[layer]:
            return layer + 1, "constant"
        if abs(mean[layer]) > 0.5 * std[layer]:          # healthy: |mean| / std about 1 / sqrt(size)
            return layer + 1, "rand"
        r = ratio[layer]
        if abs(math.log(r)) < math.log(1.1):
            continue
        if abs(math.log(r / math.sqrt(fan_in / fan_out))) < 0.08:
            return layer + 1, "fan"
        if abs(math.log(r / math.sqrt(2.0 / fan_in))) < 0.08:
            return layer + 1, "variance"
        return layer + 1, "gain"
    return None, "healthy"
    ### END SOLUTION


# %% kind="test" grade_id="n08_diagnose_test" points=6
"""diagnose(report) returns (layer, kind): layer None or 1..depth, kind one of seven strings. Hidden: both, on hidden networks."""
import numpy as np

from course_lib import diagnosis, grading

_rep = diagnosis.layer_report(diagnosis.broken_networks(np.random.default_rng(grading.seed(5)))["amber"],
                              np.random.default_rng(grading.seed(6)).standard_normal((256, 32)),
                              np.random.default_rng(grading.seed(7)).standard_normal((256, 10))).as_dict()
_got = grading.call_quietly(diagnose, _rep)
assert isinstance(_got, tuple) and len(_got) == 2, f"diagnose(report) should return a tuple (layer, kind), got {_got!r}"
assert _got[0] is None or (isinstance(_got[0], (int, np.integer)) and not isinstance(_got[0], bool)
                           and 1 <= _got[0] <= len(_rep["shapes"])), f"layer should be None or 1..depth, got {_got[0]!r}"
grading.check_choice(_got[1], ["fan", "gain", "variance", "constant", "rand", "head", "healthy"], "kind")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math


def _hidden_cases(base):
    """14 networks: each bug kind twice, and two healthy ones (one with a zero head); depths 4 to 7.

    Why a correct diagnosis fails with probability < 1e-6: the planted ratio is >= 20% (0.18 in log) away
    from every other bug's and from 1 by construction; the smallest hidden layer has 2048 entries, so a
    healthy layer's log std ratio has standard error 0.016 and a 10% deviation is 6 errors (2e-9 per layer,
    < 1e-7 over the 70 layers here); a planted layer's ratio (>= 4096 entries in these 14 networks,
    2048 at the least) is within 0.08 of its signature except at 7 errors (5 at 2048 entries, 3e-7); a healthy layer's |mean| / std is about 1/sqrt(2048) = 0.022."""
    _rng = np.random.default_rng(grading.seed(base))
    _kinds = [*diagnosis.BUG_KINDS, *diagnosis.BUG_KINDS, "healthy", "healthy"]
    _out = []
    for _i, _kind in enumerate(_kinds):
        _net, _layer = diagnosis.planted_network(_kind, _rng, depth=4 + _i % 4, zero_head=(_i % 3 == 0))
        _x = _rng.standard_normal((256, 32))
        _report = diagnosis.layer_report(_net, _x, _rng.standard_normal((256, 10)))
        _healthy = [abs(math.log(_r)) for _l, _r in enumerate(_report.weight_ratio[:-1]) if _l != _layer]
        grading.record_margin("|log ratio| of a healthy hidden layer", max(_healthy), math.log(1.1))
        _out.append((_report.as_dict(), None if _layer is None else _layer + 1, _kind, len(_net.weights)))
    return _out


_teach = {
    "fan": "a fan bug's ratio equals sqrt(fan_in / fan_out) of its layer; does it here?",
    "gain": "a gain bug's ratio is 1/sqrt(2) or 1/sqrt(6) at any fans, with mean W 0; is it here?",
    "variance": "a variance bug's ratio equals sqrt(2 / fan_in) of its layer; does it here?",
    "constant": "a constant layer has std W = 0; has this one?",
    "rand": "a rand layer has mean W near 0.5 and std W > 0; has this one?",
    "head": "the head bug is a head far larger than 0.01 / sqrt(fan_in); is this one?",
    "healthy": "a network with a broken layer is not healthy",
}
for _n, (_report, _layer, _kind, _depth) in enumerate(_hidden_cases(8808)):
    with grading.forbidding("course_lib.diagnosis", "course_lib.stats", "course_lib.nets", who="diagnose",
                            advice="read the report's numbers"):
        _got = grading.call_quietly(diagnose, _report)
    assert isinstance(_got, tuple) and len(_got) == 2, f"diagnose should return a tuple (layer, kind), got {_got!r}"
    if _got[0] != _layer:
        _where = ("the network is healthy" if _layer is None else
                  "a network has one bug: name its layer" if _got[0] is None else "that layer looks healthy")
        raise AssertionError(
            f"hidden network {_n + 1} ({_depth} layers): diagnose says layer {_got[0]!r}, but {_where}. Read "
            "std(W)/target and mean W layer by layer; a healthy head is small or zero, and layers count from 1.")
    assert _got[1] == _kind, (
        f"hidden network {_n + 1} ({_depth} layers): the layer is right but the kind {_got[1]!r} is not: "
        f"{_teach.get(_got[1], 'the kind must be one of the seven strings')}.")
### END HIDDEN TESTS

# %% [markdown]
# Your diagnosis of the six networks of the gallery (the section-3 table and the signatures tell whether it is
# right):

# %%
if grading.learner_value(diagnose, reports["amber"].as_dict()) is not None:
    for name, report in reports.items():
        print(f"{name:6s}", grading.learner_value(diagnose, report.as_dict()))

# %% [markdown]
# ## 5. Fact-checking claims by simulation
#
# Write-ups about initialization state numbers. The course's folder of popular write-ups holds an interactive
# "weight initialization simulator" page (scheme, activation, depth, width and input std in, per-layer std
# out) whose worked example says, in our words: in a 12-layer ReLU network of width 256 with input std 1,
# Xavier normal ends with a final activation std of about 0.85 and He with about 2.4; with only 4 layers,
# Xavier gives about 1.2 and He about 1.8; and Xavier over 20 layers with input std 2 collapses to about 0.12.
# The page defines Xavier as $\mathrm{Var}(W) = 1/n$ (on its square layers, the same as Glorot's
# $2/(\text{fan\_in} + \text{fan\_out})$). Elsewhere the same page puts He's final std for a 12-layer ReLU
# network near 1, and its own dialogue says that Xavier with ReLU halves the variance at every layer,
# about 1/60 in std after twelve: the page contradicts its worked example.
#
# **Claim A**, the worked example. Section 1's theory: under He, $\mathrm{std}(z_l) = \sqrt{2}\,\mathrm{std}(x)$
# at every layer, and after the ReLU $\mathrm{std}(h_l) = \mathrm{std}(z_l)\sqrt{(1 - 1/\pi)/2}$; under
# Xavier ($1/n$) each ReLU layer halves the second moment, $\mathrm{std}(z_L) = \mathrm{std}(x)\,2^{-(L-1)/2}$.
# The cell simulates each set-up (square layers of width 256, zero biases, 1024 inputs) and prints the std of
# the last layer's pre-activations $z_L$ and post-activations $h_L$ (either could be the page's "activation").

# %%
# NBVAL_CHECK_OUTPUT
def final_stds(scheme, depth, input_std, width=256, seed=0):
    """std of z_L and of h_L = relu(z_L) for a square ReLU stack (scheme 'he' or 'xavier', zero biases)."""
    rng = np.random.default_rng(seed)
    h = input_std * rng.standard_normal((1024, width))
    var_w = {"he": 2.0 / width, "xavier": 1.0 / width}[scheme]
    for _ in range(depth):
        z = h @ rng.normal(0.0, math.sqrt(var_w), (width, width)).T
        h = np.maximum(z, 0.0)
    return z.std(), h.std()


claims_a = [("xavier", 12, 1.0, 0.85), ("he", 12, 1.0, 2.4), ("xavier", 4, 1.0, 1.2), ("he", 4, 1.0, 1.8),
            ("xavier", 20, 2.0, 0.12)]
print(f"{'scheme':7s} {'depth':>5s} {'std x':>5s} {'claimed':>8s} {'std z_L':>8s} {'std h_L':>8s} {'theory z_L':>10s}")
for scheme, depth, input_std, claimed in claims_a:
    z_std, h_std = final_stds(scheme, depth, input_std)
    theory = input_std * (math.sqrt(2) if scheme == "he" else 2 ** (-(depth - 1) / 2))
    print(f"{scheme:7s} {depth:5d} {input_std:5.1f} {claimed:8.3g} {z_std:8.3g} {h_std:8.3g} {theory:10.3g}")

# %% [markdown]
# None of the five numbers holds, for $z_L$ or for $h_L$. He keeps $z$ near $\sqrt2$ at any depth (1.33 and
# 1.56 here: one random network each) and $h$ near $\sqrt{1 - 1/\pi} = 0.82$; Xavier falls by $2^{-1/2}$ per
# layer, to 0.024 at depth 12 (theory 0.022), as the page's own dialogue says. The page's "Xavier 0.85" is
# close to *He's* std of $h$, not to anything Xavier gives. (The page's "input std must stay below 0.7 in 50+ layers" cannot hold either:
# every std here is proportional to the input's.)
#
# **Claim B.** Several of the write-ups say that PyTorch's `nn.Linear` already starts from Kaiming uniform
# weights, and one adds that this default is tuned for ReLU. Notebook 04 read the code: `kaiming_uniform_(w, a=sqrt(5))`, so the bound is
# $\sqrt{6/((1 + 5)\,\text{fan\_in})} = 1/\sqrt{\text{fan\_in}}$ and $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$: Kaiming
# uniform by name, not by scale. The cell measures the std of such weights against He's and pushes a 12-layer
# ReLU stack through them.

# %%
# NBVAL_CHECK_OUTPUT
fan_in = 400
w_default = init.kaiming_uniform((300, fan_in), a=math.sqrt(5), rng=np.random.default_rng(9))
w_he = init.kaiming_normal((300, fan_in), nonlinearity="relu", rng=np.random.default_rng(9))
print(f"std(W) * sqrt(fan_in): torch default {w_default.std() * math.sqrt(fan_in):.3g}, "
      f"He {w_he.std() * math.sqrt(fan_in):.3g}, exact 1/sqrt(3) = {1 / math.sqrt(3):.3g} and sqrt(2) = {math.sqrt(2):.3g}")
report = widgets.explore("pytorch_default", "relu", depth=12, width=256, input_std=1.0, seed=0, cache=None)
print(f"12 ReLU layers with the default: std(z_12) / std(z_1) = {report.simulated[-1] / report.simulated[0]:.3g} "
      f"(theory (1/6)^(11/2) = {(1 / 6) ** 5.5:.3g}) -> the claim does not hold")

# %% [markdown]
# **Claim C.** "With Xavier initialization a ReLU network's activations shrink by a factor $\sqrt2$ per layer."
# On square layers this one holds (notebook 04); the cell checks the per-layer factor over 12 layers.

# %%
# NBVAL_CHECK_OUTPUT
report = widgets.explore("xavier_normal", "relu", depth=12, width=256, input_std=1.0, seed=0, cache=None)
per_layer = (report.simulated[-1] / report.simulated[0]) ** (1 / 11)
print(f"measured factor per layer {per_layer:.3g}, claimed 1/sqrt(2) = {1 / math.sqrt(2):.3g} -> "
      f"{'holds' if abs(per_layer * math.sqrt(2) - 1) < 0.05 else 'does not hold'}")

# %% [markdown]
# Try the claims yourself with the explorer (scheme, activation, depth, width and input std); in a notebook
# viewer without a kernel it shows as text.

# %%
# NBVAL_IGNORE_OUTPUT
explorer = widgets.init_explorer(scheme="xavier_normal", activation="relu", depth=12, width=256)

# %% [markdown]
# ## 6. Summary
#
# * Diagnose at initialization, before training: one forward and one backward pass give per layer the std of
#   $z_l$ and $h_l$, the share of dead ReLUs, the share of saturated tanh/sigmoid units, gradient norms, and the
#   weight mean and std against the He/Xavier target; and the initial loss against the trivial predictor's.
# * A healthy linear head is small (0.01 times LeCun's scale) or zero: the initial loss then starts at the
#   trivial predictor's, $\tfrac12E\lVert y\rVert^2$; a LeCun head doubles it and an $\mathrm{N}(0,1)$ head
#   multiplies it by about fan_in (here, with $E[h^2] = E[y^2] = 1$). With a small head the loss barely shows bugs
#   below the head: read the layers.
# * A layer whose weights are $r$ times their target multiplies every later activation std by $r$. The ratio's
#   value is a signature: $\sqrt{\text{fan\_in}/\text{fan\_out}}$ for a fan swap *and* for a transposed kernel
#   (no statistic here separates them), a constant for a wrong gain, $\sqrt{2/\text{fan\_in}}$ for the variance
#   passed as the std, 0 for a constant layer; `mean W` flags a `rand` layer.
# * Not every bug stops training: within 200 SGD steps at one learning rate, one layer with a wrong fan or gain
#   trains about as well as the healthy network (one slower, one faster) and the variance bug starts slowly and
#   narrows the gap; a `rand` layer stalls (near 1.1 from step 400 to 1000), a constant layer and an $\mathrm{N}(0,1)$ head diverge. `fan_out` is a legitimate He mode (torchvision's ResNet); a constant layer
#   followed by random layers gets different gradient rows at the first step.
# * Compare gradients after normalizing by the layer sizes: $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$ is flat in a
#   healthy He network.
# * Numbers in write-ups are claims: measure them. The simulator's "He 2.4, Xavier 0.85" at depth 12 and
#   "PyTorch's default is He" do not survive a simulation; "Xavier shrinks ReLU activations by $\sqrt2$ per
#   layer" does.
#
# ## 7. Active recall: check yourself
#
# 1. A hidden layer of shape `(256, 64)` was drawn with std $\sqrt{2/256}$. What does `std(W)/target` read, and
#    what happens to the std of every later $z$? Could it be something other than a fan swap?
# 2. Why does an $\mathrm{N}(0,1)$ head on a layer of 128 ReLU units start at a loss about 130 times the
#    trivial one, and what does a zero head start at?
# 3. A layer reads ratio 1.16 and mean W 0.5. Which bug is it, and why is the ratio alone misleading?
# 4. Which quantity of the backward pass is flat across the hidden layers of a healthy He network whose widths
#    change?
# 5. How would you test the claim "LeCun initialization is right for ReLU networks"?
#
# <details>
# <summary>Answers</summary>
#
# 1. $\sqrt{64/256} = 1/2$: a fan swap, or a kernel drawn transposed and reshaped (the same signature); every
#    later $z$ has half the std it should. A missing gain would read $1/\sqrt2$, not $1/2$.
# 2. $E[L] = \tfrac12 n_\text{out}(E[y^2] + \text{fan\_in}\,\sigma^2E[h^2]) = 5\,(1 + 128)$ against the trivial
#    $5$; a zero head starts exactly at the trivial loss, and only the head moves at the first step.
# 3. `rand` ($\mathrm{U}[0,1)$ weights): its std $\sqrt{1/12}$ happens to be near He's target for a small fan_in
#    ($\sqrt{\text{fan\_in}/24} = 1.16$ at fan_in 32), but the mean 0.5 makes every unit add up its inputs:
#    behind a ReLU layer $z$ then grows like fan_in; at a learning rate that trains the healthy network it
#    stalled near 1.1 (from step 400 to step 1000).
# 4. $n_l\,E[(\partial L/\partial z_l)^2]$, i.e. $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$.
# 5. Simulate a deep square ReLU stack with LeCun weights (`widgets.explore("lecun_normal", "relu", ...)`): the
#    std falls by $1/\sqrt2$ per layer, as with a missing gain. The claim does not hold.
#
# </details>
