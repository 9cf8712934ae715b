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
# 1. run a debugging workflow on a network that will not train: one forward and one backward pass, then per
#    layer the activation std, the share of dead ReLUs, the share of saturated units, the gradient norms and
#    the weight std against the He/Xavier/LeCun target for the layer's fans;
# 2. read a bug off those numbers: *which* layer, and *by what factor* it is off, and tell a scale bug
#    (rescale it) from a symmetry bug (redraw it);
# 3. write the diagnostics yourself (`dead_fraction`, `weight_scale_ratios`) and an automatic
#    `fix_network` that repairs the broken layer and leaves the healthy ones alone;
# 4. fact-check numerical claims about initialization by simulation instead of trusting a write-up.
#
# **Prerequisites.** Notebooks 02 to 05: the forward and backward variance recursions, Glorot (Xavier), He
# (Kaiming) and LeCun initialization, and the fact that a constant layer never breaks symmetry (notebook 01).
#
# **How to work.** Run the cells from top to bottom. There are three exercises (11 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. The
# exercises are independent of each other.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import diagnosis, init, plots, stats, widgets
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. Why per-layer statistics
#
# A network that "does not train" shows one symptom, a flat loss curve, for many causes. At initialization
# most of those causes are visible **before** any training step, layer by layer, because every healthy
# initialization keeps a few quantities of order one along the depth (notebooks 02 to 05):
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
# The healthy target for a layer's weight std, for its fans and the activation that follows it, is
#
# $$\sigma_\text{He} = \frac{\sqrt2}{\sqrt{\text{fan\_in}}}\ \text{(ReLU)},\qquad
#   \sigma_\text{Xavier} = g\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}\ \text{(tanh, sigmoid)},\qquad
#   \sigma_\text{LeCun} = \frac{1}{\sqrt{\text{fan\_in}}}\ \text{(linear output)}.$$
#
# Because every term of $\mathrm{Var}(z_l)$ is a product, a layer whose weight std is $r$ times its target
# multiplies the std of every later pre-activation by $r$ (in a ReLU network, positive scaling passes
# through: $\mathrm{relu}(r z) = r\,\mathrm{relu}(z)$). So the ratio $\mathrm{std}(W_l)/\sigma_\text{target}$ is
# the first column to read. `course_lib.diagnosis.layer_report` computes all of it; here on a healthy He
# network whose widths change (so fan_in and fan_out differ), with small random biases.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
widths = [32, 128, 64, 256, 128, 10]
weights = [init.kaiming_normal((n_out, n_in), nonlinearity="relu", rng=rng) for n_in, n_out in zip(widths, widths[1:-1])]
weights.append(init.lecun_normal((widths[-1], widths[-2]), rng=rng))          # linear output layer
biases = [rng.normal(0.0, 0.1, size=n) for n in widths[1:]]
healthy = MLP(weights, biases, activation="relu", output_activation="linear")
x = rng.standard_normal((256, widths[0]))
y = rng.standard_normal((256, widths[-1]))
healthy_report = diagnosis.layer_report(healthy, x, y)
diagnosis.print_report(healthy_report)
print(f"\nsqrt(2) = {math.sqrt(2):.3g}: the predicted std of every hidden z_l under He with E[x^2] = 1")

# %% [markdown]
# Read it column by column. `std z` stays near $\sqrt2$ (the last line of the cell prints it) in every hidden
# layer: He's recursion, checked. The last layer (LeCun, linear) gives $\mathrm{Var}(z_L) = E[h_{L-1}^2]$,
# half of that. `ratio` is the weight std over its target: about 1 everywhere, within the sampling error of
# one matrix. `dead` is small but not zero in the deeper layers: the inputs of a deep ReLU layer are all
# non-negative and strongly correlated across samples, so an occasional unit is negative on the whole batch.
# `|dL/dW|` varies with the layer's size; notebook 02's backward recursion says what to compare (below).
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
          f"|dL/dW_1| = {report.grad_norm[0]:.3g}")

# %% [markdown]
# With $\mathrm{N}(0, 1)$ weights $\mathrm{Var}(z) \approx \text{fan\_in}\cdot E[h^2]$ is in the tens: most tanh
# outputs sit at $\pm 1$ (the cell prints the shares), and the gradient norm of the first layer is far larger
# than with Xavier's scale, because the linear output layer, fed by $\pm 1$ values through $\mathrm{N}(0, 1)$
# weights, is huge and so is the loss gradient. With Xavier's scale the shares are small.
#
# ## 2. A gallery of broken networks
#
# `diagnosis.broken_networks(rng)` returns six ReLU networks (linear output, widths drawn from 64, 128 and
# 256 so that the hidden layers are not square). Each carries **one** initialization bug somewhere, from
# this list of mistakes seen in real code: fan_out used for fan_in; the ReLU gain missing; the variance
# passed where the std is expected; a kernel drawn in the transposed layout and loaded with a
# reshape; a constant layer; a too-large output layer. Which network has which, and on which layer, is not
# stored anywhere in the object: find it from the statistics. The cell prints, for every network, its loss
# at initialization and the per-layer weight ratio and activation std.

# %%
# NBVAL_CHECK_OUTPUT
broken = diagnosis.broken_networks(np.random.default_rng(2024))
x_probe = np.random.default_rng(7).standard_normal((256, 32))
y_probe = np.random.default_rng(8).standard_normal((256, 10))
reports = {name: diagnosis.layer_report(net, x_probe, y_probe) for name, net in broken.items()}
for name, report in reports.items():
    print(f"{name:6s} loss {report.loss:9.3g} | std(W)/target: {np.round(report.weight_ratio, 2)}"
          f" | std z: {np.round(report.pre_std, 2)}")

# %% [markdown]
# Each row has one ratio far from 1. For a scale bug the `std z` column jumps at that layer by about that
# factor and stays off from then on (the products of section 1). The row whose ratio is 0 is different: its
# weights are constant, its units all compute the same value (up to their biases), and the scale after it is
# not simply multiplied. The full table of one network, and of another:

# %%
# NBVAL_CHECK_OUTPUT
for name in list(reports)[:2]:
    print(name)
    diagnosis.print_report(reports[name])
    print()

# %% [markdown]
# The pattern of each bug, as a factor of the target (fan_in $= n_{l-1}$, fan_out $= n_l$):
#
# | bug | `std(W) / target` | what else shows |
# |---|---|---|
# | fan_out for fan_in | $\sqrt{\text{fan\_in}/\text{fan\_out}}$ ($\ne 1$ on a non-square layer) | std z jumps by that factor |
# | gain missing | $1/\sqrt2$ | std z drops by $1/\sqrt2$ and stays there |
# | variance as std | $\sqrt{2/\text{fan\_in}}$ (tiny) | std z collapses; biases dominate; dead units rise |
# | transposed kernel | $\sqrt{\text{fan\_in}/\text{fan\_out}}$, uniform values | like the fan swap |
# | constant layer | 0 | all units of the layer equal up to their bias; dead units next layer |
# | too-large output | $\sqrt{\text{fan\_in}}$ | huge loss and gradients |
#
# Every one but the constant layer is a **scale** bug: multiplying the layer by $\sigma_\text{target}/\mathrm{std}(W)$
# repairs it, and keeps whatever the values were. A constant layer has no scale to fix: its rows are equal, so
# its units get equal gradients and stay equal (notebook 01). It must be **redrawn** at random.
#
# The plot shows the report of the network with the worst ratio before and after rescaling its worst layer.

# %%
worst_name = max(reports, key=lambda n: np.max(np.abs(np.log(np.maximum(reports[n].weight_ratio, 1e-12)))))
worst_layer = int(np.argmax(np.abs(np.log(np.maximum(reports[worst_name].weight_ratio, 1e-12)))))
net = broken[worst_name]
repaired = [w.copy() for w in net.weights]
w_bad = repaired[worst_layer]
target = reports[worst_name].target_std[worst_layer]
repaired[worst_layer] = (w_bad * (target / w_bad.std()) if w_bad.std() > 1e-8 * target
                         else np.random.default_rng(3).normal(0.0, target, size=w_bad.shape))
after = diagnosis.layer_report(MLP(repaired, net.biases, "relu", "linear"), x_probe, y_probe)
fig, axes = plt.subplots(2, 4, figsize=(13, 5.6))
diagnosis.plot_report(reports[worst_name], axes[0])
diagnosis.plot_report(after, axes[1])
axes[0, 0].set_title(f"{worst_name}, as built: activations")
axes[1, 0].set_title(f"{worst_name}, layer {worst_layer + 1} repaired: activations")
plt.show()
print(f"{worst_name}: layer {worst_layer + 1} repaired; loss {reports[worst_name].loss:.3g} -> {after.loss:.3g}")

# %% [markdown]
# ### The backward pass, normalized
#
# The raw `|dL/dW|` column depends on the layer's size. Notebook 02's backward recursion with He weights
# ($\mathrm{Var}(W_l) = 2/n_{l-1}$) gives $E[g_{l-1}^2] = (n_l/n_{l-1})\,E[g_l^2]$: the product
# $n_{l-1}E[g_{l-1}^2]$ is the same at every hidden layer. So $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$ should be flat
# over the hidden layers of a healthy network, and a broken layer shows as a step. The cell prints it divided
# by its geometric mean. Being normalized, the profile stays flat when a bug scales every gradient alike (a
# too-large output layer): that bug shows in the loss and the raw gradient norms instead.

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
# ### Exercise 1: the share of dead units (3 points)
#
# Write `dead_fraction(pre)`:
#
# * `pre` is a NumPy array of shape `(batch, units)`: the pre-activations $z$ of one ReLU layer on a batch;
# * a unit (a column) is **dead on the batch** when $z \le 0$ on **every** row (at $z = 0$ a ReLU outputs 0
#   and passes no gradient, so $z = 0$ counts as inactive);
# * return the share of dead units, a float in $[0, 1]$.

# %% kind="answer" grade_id="n08_dead_fraction_answer"
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    ### BEGIN SOLUTION
    return float(np.mean(np.all(pre <= 0, axis=0)))
    ### END SOLUTION


# %% [markdown]
# On the healthy network and on the broken ones:

# %%
print(f"healthy, last hidden layer: {dead_fraction(healthy.pre[-2]):.3g}")

# %% kind="test" grade_id="n08_dead_fraction_test" points=3
"""Test dead_fraction: share of units (columns) that are <= 0 on every sample (row)."""
import numpy as np

from course_lib import grading


def _expected(pre):
    _dead = 0
    for _j in range(pre.shape[1]):
        _dead += int(all(pre[_i, _j] <= 0 for _i in range(pre.shape[0])))
    return _dead / pre.shape[1]


def _check(pre, label):
    _value = grading.as_float(grading.call_quietly(dead_fraction, pre.copy()), f"dead_fraction({label})")
    _want = _expected(pre)
    assert abs(_value - _want) <= 1e-12, (
        f"dead_fraction({label}) is wrong. A unit is a column of pre (shape (batch, units)); it is dead when "
        "it is <= 0 on every row (z = 0 counts as inactive); return the share of such columns.")


# visible: 3 samples x 5 units; columns 0 and 3 are dead (column 3 only through a 0)
_check(np.array([[-1.0, 2.0, -0.5, 0.0, 0.3],
                 [-2.0, -1.0, 0.5, -1.0, -0.3],
                 [-0.1, -3.0, -0.5, -2.0, 0.1]]), "a 3 x 5 example")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(808))
_cases = [
    (_rng.standard_normal((40, 7)) - 1.5, "shifted normal 40 x 7"),
    (np.minimum(_rng.standard_normal((6, 50)), 0.0) + (_rng.random((6, 50)) < 0.05), "mostly zeros 6 x 50"),
    (np.zeros((9, 4)), "all zeros"),
    (np.abs(_rng.standard_normal((5, 11))) + 0.1, "all positive"),
    ((_rng.standard_normal((128, 33)) + _rng.normal(-2.5, 1.0, size=33)), "per-unit shifts 128 x 33"),
    (_rng.standard_normal((1, 12)), "one sample"),
]
for _pre, _label in _cases:
    _check(_pre, _label)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: weight scale against the target (3 points)
#
# Write `weight_scale_ratios(weights)`, the first column to read in a diagnosis:
#
# * `weights` is a list of $L$ arrays of shape `(fan_out, fan_in)`, the layers of a ReLU network whose **last**
#   layer is linear;
# * return a NumPy array of shape `(L,)`: entry $l$ is $\mathrm{std}(W_l)/\sigma_l$ with the population std
#   (`W.std()`) and the target $\sigma_l = \sqrt{2/\text{fan\_in}}$ (He) for every layer but the last,
#   $\sigma_L = \sqrt{1/\text{fan\_in}}$ (LeCun) for the last.

# %% kind="answer" grade_id="n08_weight_ratios_answer"
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    ### BEGIN SOLUTION
    ratios = []
    for index, w in enumerate(weights):
        fan_in = w.shape[1]
        target = math.sqrt((1.0 if index == len(weights) - 1 else 2.0) / fan_in)
        ratios.append(w.std() / target)
    return np.array(ratios)
    ### END SOLUTION


# %%
print(np.round(weight_scale_ratios(broken[worst_name].weights), 2))

# %% kind="test" grade_id="n08_weight_ratios_test" points=3
"""Test weight_scale_ratios: std(W) / (He target, LeCun for the last layer), PyTorch layout."""
import math

import numpy as np

from course_lib import grading


def _expected(weights):
    _out = []
    for _l, _w in enumerate(weights):
        _gain2 = 1.0 if _l == len(weights) - 1 else 2.0
        _out.append(float(np.sqrt(np.mean((_w - _w.mean()) ** 2))) / math.sqrt(_gain2 / _w.shape[1]))
    return np.array(_out)


def _hints(weights, layer):
    """(ratio answer/expected, message) for one layer."""
    _fan_out, _fan_in = weights[layer].shape
    _last = layer == len(weights) - 1
    _list = [
        (math.sqrt(_fan_in / _fan_out), "Is fan_out used for fan_in? In PyTorch's layout W.shape = (fan_out, fan_in)."),
        (math.sqrt(2.0) if not _last else 1 / math.sqrt(2.0),
         "Is the gain right? sqrt(2) for the ReLU layers, 1 for the linear last layer."),
    ]
    return _list


def _check(weights, label):
    _value = grading.check_array(grading.call_quietly(weight_scale_ratios, [w.copy() for w in weights]),
                                 f"weight_scale_ratios({label})", (len(weights),))
    _want = _expected(weights)
    for _l in range(len(weights)):
        # 4e-3 accepts a sample std (ddof=1): every layer here has >= 160 entries, 1 / (2 * 160) < 4e-3
        if abs(_value[_l] - _want[_l]) > 4e-3 * _want[_l] + 1e-9:
            _ratio = _value[_l] / _want[_l] if _want[_l] > 1e-9 else float("inf")
            _hint = " (That layer's entries are all equal.)" if _want[_l] <= 1e-9 else ""
            if _want[_l] > 1e-9:
                _hint = grading.ratio_hint(_ratio, _hints(weights, _l))
                if not _hint and abs(_value[_l] / _want[_l] ** 2 - 1) < 1e-3:
                    _hint = " Is it the variance ratio? Return the ratio of standard deviations."
                if not _hint and abs(_value[_l] * _want[_l] - 1) < 1e-3:
                    _hint = " Is the ratio inverted? std(W) / target."
            raise AssertionError(f"weight_scale_ratios({label}): entry {_l} is {_ratio:.3g}x the expected "
                                 f"value.{_hint}")


_rng = np.random.default_rng(grading.seed(81))
# visible: a 3-layer network 20 -> 64 -> 32 -> 5 with He, LeCun weights (all ratios near 1)
_check([_rng.normal(0, math.sqrt(2 / 20), (64, 20)), _rng.normal(0, math.sqrt(2 / 64), (32, 64)),
        _rng.normal(0, math.sqrt(1 / 32), (5, 32))], "a healthy 20-64-32-5 network")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(8081))
_check([_rng.uniform(-1, 1, (128, 48)), _rng.normal(0.05, 0.1, (256, 128)), np.full((96, 256), 0.3),
        _rng.normal(0, 0.02, (12, 96))], "mixed scales 48-128-256-96-12")
_check([_rng.normal(0, 1.0, (300, 100)), _rng.normal(0, 1.0, (7, 300))], "two layers 100-300-7")
_check([_rng.normal(0.2, 0.5, (40, 400)), _rng.normal(0, 0.3, (80, 40)), _rng.normal(0, 0.3, (40, 80)),
        _rng.normal(0, 0.3, (4, 40))], "400-40-80-40-4")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 3: repair a broken network (5 points)
#
# Write `fix_network(net, rng)` for the networks of `diagnosis.broken_networks` (ReLU hidden layers, linear
# last layer, any widths and depth) and for healthy networks of the same kind:
#
# * return a **list** of NumPy arrays, one per layer, with the shapes of `net.weights` (the biases stay as
#   they are);
# * a **healthy** layer, one whose weight std is within 10% of its target (section 1: He for hidden layers,
#   LeCun for the last) and whose entries are not all equal, must come back **unchanged**: in practice it may
#   hold values you must keep;
# * a broken layer must come back with zero-mean weights whose std is its target, with distinct rows;
#   redraw with `rng` (a `numpy.random.Generator`) when you must redraw.
#
# The grade comes from the repaired networks' statistics, never from the code's text: per-layer weight std
# within 15% of its target and zero mean; the healthy layers untouched; on a fresh batch, every std of $z_l$
# within a factor 4 of its prediction, at most 30% dead units per layer, and the normalized backward profile
# of the section above within $[0.4, 2.5]$.

# %% kind="answer" grade_id="n08_fix_network_answer"
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    ### BEGIN SOLUTION
    fixed = []
    for index, w in enumerate(net.weights):
        fan_in = w.shape[1]
        target = math.sqrt((1.0 if index == len(net.weights) - 1 else 2.0) / fan_in)
        std = w.std()
        if std < 1e-6 * target:                      # constant: no scale to fix, break the symmetry
            fixed.append(rng.normal(0.0, target, size=w.shape))
        elif abs(std / target - 1) > 0.1:            # a scale bug: keep the values, fix the scale
            fixed.append(w * (target / std))
        else:
            fixed.append(w.copy())
    return fixed
    ### END SOLUTION


# %%
# NBVAL_CHECK_OUTPUT
for name, net in broken.items():
    fixed_report = diagnosis.layer_report(MLP(fix_network(net, np.random.default_rng(5)), net.biases, "relu",
                                              "linear"), x_probe, y_probe)
    print(f"{name:6s} loss {reports[name].loss:9.3g} -> {fixed_report.loss:6.3g} | "
          f"std(W)/target after: {np.round(fixed_report.weight_ratio, 2)}")

# %% kind="test" grade_id="n08_fix_network_test" points=5
"""Test fix_network: the repaired networks' statistics (weight scale, activations, dead units, gradients)."""
import math

import numpy as np

from course_lib import diagnosis, grading
from course_lib.nets import MLP


def _targets(weights):
    return [math.sqrt((1.0 if _l == len(weights) - 1 else 2.0) / _w.shape[1]) for _l, _w in enumerate(weights)]


def _check_net(net, label, seed):
    """Weight checks are exact up to sampling: a redrawn layer has >= 640 entries, so its std is within
    15% of the target except with probability < 1e-7 (5.3 standard errors), its mean within 6 errors
    except with probability < 2e-9. The network checks have a margin of >= 1.6x over 600 healthy draws."""
    _orig = [_w.copy() for _w in net.weights]
    _biases = [_b.copy() for _b in net.biases]
    _copy = MLP([_w.copy() for _w in _orig], [_b.copy() for _b in _biases], "relu", "linear")
    _out = grading.call_quietly(fix_network, _copy, np.random.default_rng(grading.seed(seed)))
    assert isinstance(_out, (list, tuple)) and len(_out) == len(_orig), (
        f"fix_network({label}) should return a list with one array per layer ({len(_orig)})")
    _new = [grading.check_array(_w, f"fix_network({label})[{_l}]", _orig[_l].shape) for _l, _w in enumerate(_out)]
    _t = _targets(_orig)
    for _l, (_w0, _w1) in enumerate(zip(_orig, _new)):
        _healthy = _w0.std() > 1e-6 * _t[_l] and abs(_w0.std() / _t[_l] - 1) <= 0.1
        if _healthy:
            assert np.array_equal(_w0, _w1), (
                f"fix_network({label}) changed layer {_l + 1}, which was healthy (std within 10% of its target): "
                "leave healthy layers exactly as they are")
        _ratio = _w1.std() / _t[_l]
        _was = _w0.std() / _t[_l]
        _hint = ""
        if _was > 0 and abs(_ratio / _was**2 - 1) < 0.05 and abs(_was - 1) > 0.1:
            _hint = " Rescaled by the square of the factor?"
        elif _l == len(_orig) - 1 and abs(_ratio / math.sqrt(2) - 1) < 0.05:
            _hint = " The last layer is linear: its target is LeCun's 1/sqrt(fan_in), not He's."
        if not np.array_equal(_w0, _w1):  # an untouched layer is within 10% (|log| < 0.096) by the rule above
            grading.record_margin("|log(std / target)| of a changed layer", abs(math.log(max(_ratio, 1e-300))), 0.15)
        assert abs(math.log(max(_ratio, 1e-300))) <= 0.15, (
            f"fix_network({label}): layer {_l + 1} has a weight std {_ratio:.3g}x its target.{_hint}")
        grading.record_margin("|mean| of a layer's weights, in standard errors",
                              abs(_w1.mean()) * math.sqrt(_w1.size) / _t[_l], 6)
        assert abs(_w1.mean()) <= 6 * _t[_l] / math.sqrt(_w1.size), (
            f"fix_network({label}): layer {_l + 1} does not have zero-mean weights (is a constant still in it?)")
        assert np.ptp(_w1, axis=0).max() > 0, f"fix_network({label}): layer {_l + 1} has identical rows"
    _rng = np.random.default_rng(grading.seed(seed + 1))
    _x = _rng.standard_normal((512, _orig[0].shape[1]))
    _y = _rng.standard_normal((512, _orig[-1].shape[0]))
    _report = diagnosis.layer_report(MLP(_new, _biases, "relu", "linear"), _x, _y)
    _predicted = np.r_[np.full(len(_new) - 1, math.sqrt(2.0)), 1.0]
    _q = _report.pre_std / _predicted
    grading.record_margin("|log(std of z / prediction)|", np.max(np.abs(np.log(_q))), math.log(4))
    grading.record_margin("largest dead fraction", _report.dead.max(), 0.3)
    assert np.all((_q > 0.25) & (_q < 4)), (
        f"fix_network({label}): the std of z per layer is {np.round(_q, 2)} times its prediction")
    assert _report.dead.max() <= 0.3, f"fix_network({label}): a layer still has {_report.dead.max():.0%} dead units"
    _c = _report.grad_rms[:-1] * np.sqrt([_s[0] for _s in _report.shapes[:-1]])
    _c = _c / np.exp(np.mean(np.log(_c)))
    grading.record_margin("|log| of the normalized backward profile", np.max(np.abs(np.log(_c))), math.log(2.5))
    assert np.all((_c > 0.4) & (_c < 2.5)), (
        f"fix_network({label}): the normalized backward profile is {np.round(_c, 2)}, not flat")


for _name, _net in diagnosis.broken_networks(np.random.default_rng(grading.seed(11))).items():
    _check_net(_net, f"broken network {_name!r} (seed 11)", 100)
print("visible checks passed")

### BEGIN HIDDEN TESTS
for _seed in (8801, 8802):
    for _name, _net in diagnosis.broken_networks(np.random.default_rng(grading.seed(_seed))).items():
        _check_net(_net, f"broken network {_name!r}", _seed)
# output_width >= 10 keeps every layer an answer may redraw at >= 640 entries (see _check_net); with 3 outputs a
# correct answer that redraws a broken 3 x 64 output layer failed the 15% rule with probability about 2e-3
for _name, _net in diagnosis.broken_networks(np.random.default_rng(grading.seed(8803)), input_width=48,
                                             output_width=12, depth=5).items():
    _check_net(_net, f"broken network {_name!r} (depth 5)", 8803)
_rng = np.random.default_rng(grading.seed(8804))
_widths = [20, 256, 64, 128, 6]
_w = [_rng.normal(0, math.sqrt(2 / _a), (_b, _a)) for _a, _b in zip(_widths[:-2], _widths[1:-1])]
_w.append(_rng.normal(0, math.sqrt(1 / _widths[-2]), (_widths[-1], _widths[-2])))
_check_net(MLP(_w, [np.zeros(_n) for _n in _widths[1:]], "relu", "linear"), "a healthy network", 8804)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Fact-checking claims by simulation
#
# Write-ups about initialization often state numbers. Each claim below is quoted the way popular posts and
# interactive "simulators" state it; the cell measures it with the course's tools and prints the measured
# value beside the claimed one. The measurement is what counts.
#
# **Claim A.** "In a 12-layer ReLU network, He initialization keeps the final activation std at 2.4, while
# Xavier gives 0.85." The theory (section 1) says: under He the std of $z_l$ stays at $\sqrt{2E[x^2]}$, and
# under Xavier on square layers each ReLU layer halves the second moment, so
# $\mathrm{std}(z_{12}) = \sqrt{E[x^2]}\,2^{-11/2}$. `widgets.explore` (the computation behind the explorer
# widget) runs the simulation on a square stack of width 256 with standard-normal inputs.

# %%
# NBVAL_CHECK_OUTPUT
claims = {"kaiming_normal": 2.4, "xavier_normal": 0.85}
for scheme, claimed in claims.items():
    report = widgets.explore(scheme, "relu", depth=12, width=256, input_std=1.0, seed=0, cache=None)
    measured, predicted = report.simulated[-1], report.theory[-1]
    verdict = "holds" if abs(measured / claimed - 1) < 0.2 else "does not hold"
    print(f"{scheme:15s} std(z_12): claimed {claimed:<5} measured {measured:.3g}  theory {predicted:.3g}  -> {verdict}")

# %% [markdown]
# Neither number holds for standard-normal inputs: He's stays near $\sqrt2$ and Xavier's falls by orders of
# magnitude, as the theory column (printed by the cell) says. (A fixed "final std" cannot hold in general
# anyway: it scales with the input std.)
#
# **Claim B.** "PyTorch's default `nn.Linear` initialization is He (Kaiming)." Notebook 04 read the code:
# `kaiming_uniform_(w, a=sqrt(5))`, so the bound is $\sqrt{6/((1 + 5)\,\text{fan\_in})} = 1/\sqrt{\text{fan\_in}}$ and
# $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$. The cell measures the std of such weights against He's and
# pushes a 12-layer ReLU stack through them.

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
# ## 4. Summary
#
# * Diagnose at initialization, before training: one forward and one backward pass give per layer the std of
#   $z_l$ and $h_l$, the share of dead ReLUs, the share of saturated tanh/sigmoid units, gradient norms, and the
#   weight std against its He/Xavier/LeCun target.
# * A layer whose weights are $r$ times their target multiplies every later activation std by $r$: the
#   `std(W)/target` column names the layer and the factor; the `std z` column shows the jump.
# * Scale bugs (fan swap, missing gain, variance as std, a transposed kernel's fans, a too-large output layer)
#   are repaired by rescaling the one layer; a constant layer must be redrawn at random, because its units
#   receive identical gradients forever.
# * Compare gradients after normalizing by the layer sizes: $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$ is flat in a
#   healthy He network.
# * Numbers in write-ups are claims: measure them. The He-vs-Xavier "2.4 vs 0.85" and "PyTorch's default is He"
#   do not survive a simulation; "Xavier shrinks ReLU activations by $\sqrt2$ per layer" does.
#
# ## 5. Active recall: check yourself
#
# 1. A hidden layer of shape `(256, 64)` was drawn with std $\sqrt{2/256}$. What does `std(W)/target` read, and
#    what happens to the std of every later $z$?
# 2. Why can rescaling not repair a constant layer?
# 3. What makes a ReLU unit dead on a batch, and why do deep healthy layers still show a few?
# 4. Which quantity of the backward pass is flat across the hidden layers of a healthy He network whose widths
#    change?
# 5. How would you test the claim "LeCun initialization is right for ReLU networks"?
#
# <details>
# <summary>Answers</summary>
#
# 1. $\sqrt{64/256} = 1/2$: the fan swap; every later $z$ has half the std it should.
# 2. Its rows are equal, so all its units compute the same value and get the same gradient; a multiple of a
#    constant matrix is still constant. Symmetry is broken only by random values.
# 3. $z \le 0$ on every sample. Deep ReLU layers get non-negative, strongly correlated inputs, so a unit whose
#    weights point away from their common direction is negative on the whole batch.
# 4. $n_l\,E[(\partial L/\partial z_l)^2]$, i.e. $\mathrm{rms}(\partial L/\partial z_l)\sqrt{n_l}$.
# 5. Simulate a deep square ReLU stack with LeCun weights (`widgets.explore("lecun_normal", "relu", ...)`): the
#    std falls by $1/\sqrt2$ per layer, as with a missing gain. The claim does not hold.
#
# </details>
