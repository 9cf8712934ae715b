# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 03 · Xavier/Glorot initialization: the fan-in/fan-out compromise
#
# *Weight-initialization course, notebook 3 of 8. Estimated time: 75 to 90 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. derive $\operatorname{Var}(W) = 2/(\text{fan\_in} + \text{fan\_out})$ from the forward and the backward
#    variance conditions of a linear(ized) network, and say in which sense it is a compromise: its two ratios
#    average to 1 in each layer, but across layers they multiply, and no choice keeps both passes exact end to end
#    when the first and last widths differ;
# 2. turn that variance into the two usual forms, a normal with standard deviation
#    $\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$ and a uniform with bound $\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$,
#    and implement the uniform one from scratch, for dense and convolutional weights;
# 3. reproduce, small, the experiment of Glorot & Bengio (2010) and compare our numbers with the paper's claims;
# 4. measure saturation of tanh and sigmoid layers, and say where our measurements differ from the paper and why;
# 5. explain what tanh's "gain 5/3" is: a framework convention that sits in a window of reasonable values, not a
#    law, what it costs in the backward pass, and choose a gain for a given depth.
#
# **Prerequisites.** Notebook 02 (the variance of a sum of products; the forward and backward variance
# recursions); backpropagation through a dense layer; NumPy.
#
# **How to work.** Run the cells from top to bottom (Run All works on the untouched notebook: the test cells of
# unanswered exercises report what is missing and the run goes on). There are four exercises (12 points): one
# prediction, one derivation, one implementation and one choice. Each has a test cell you can run: its visible
# checks catch the common slips, and hidden tests decide the grade.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import grading, init, plots, stats, widgets
from course_lib.activations import get_activation
from course_lib.fans import fan_in_and_fan_out
from course_lib.nets import MLP
from course_lib.schemes import Scheme

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Two wishes, one number
#
# A dense layer computes $z = x W^\top$ (in NumPy `z = x @ W.T`). Throughout the course weights use **PyTorch's
# layout** `W.shape == (fan_out, fan_in)`: row $i$ holds the weights *into* output unit $i$, column $j$ the
# weights *out of* input unit $j$. So $\text{fan\_in} = n_{\text{in}}$ is the number of terms in each forward sum
# $z_i = \sum_j W_{ij} x_j$, and $\text{fan\_out} = n_{\text{out}}$ the number of terms in each backward sum
# $\partial L/\partial x_j = \sum_i W_{ij}\,\partial L/\partial z_i$.
#
# Notebook 02 showed that each sum multiplies a variance by its number of terms times $\operatorname{Var}(W)$.
# We would like *both* signals to keep their size: the activations on the way up and the gradients on the way
# down. For a square layer one choice does both. For a layer with $n_{\text{in}} \neq n_{\text{out}}$ it cannot,
# and Glorot & Bengio's answer (*Understanding the difficulty of training deep feedforward neural networks*,
# AISTATS 2010) is a compromise. This notebook derives it, implements it, checks it, and then looks at what the
# paper measured with it in deep tanh and sigmoid networks.
#
# ## 2. The derivation
#
# Take layer $l$ with weights $W_l$ of shape $(n_l, n_{l-1})$, i.i.d. zero-mean entries of variance
# $\operatorname{Var}(W_l)$, independent of its input $h_{l-1}$, and
#
# $$z_l = h_{l-1} W_l^\top,\qquad h_l = \phi(z_l).$$
#
# **Forward.** Each $z_{l,i} = \sum_{j=1}^{n_{l-1}} W_{l,ij}\,h_{l-1,j}$ is a sum of $n_{l-1}$ uncorrelated
# zero-mean terms, so
#
# $$\operatorname{Var}(z_l) = n_{l-1}\operatorname{Var}(W_l)\,\mathbb E[h_{l-1}^2].$$
#
# Glorot & Bengio linearize: for a symmetric activation with $\phi'(0) = 1$ (tanh, softsign) and small
# pre-activations, $\phi(z) \approx z$, so $\mathbb E[h_{l-1}^2] \approx \operatorname{Var}(z_{l-1})$. The
# activations keep their variance from layer to layer when
#
# $$n_{l-1}\operatorname{Var}(W_l) = 1 \qquad\text{(forward condition, "fan\_in")}.$$
#
# **Backward.** With $g_l = \partial L/\partial h_l$ and $\delta_l = g_l \odot \phi'(z_l) \approx g_l$ in the same
# linear regime, $g_{l-1} = \delta_l W_l$, i.e. $g_{l-1,j} = \sum_{i=1}^{n_l} \delta_{l,i} W_{l,ij}$: a sum of $n_l$
# terms. So $\operatorname{Var}(g_{l-1}) = n_l\operatorname{Var}(W_l)\operatorname{Var}(g_l)$, and the gradients keep
# their variance when
#
# $$n_{l}\operatorname{Var}(W_l) = 1 \qquad\text{(backward condition, "fan\_out")}.$$
#
# **The compromise.** Both hold only if $n_{l-1} = n_l$. Glorot & Bengio take the variance that is the reciprocal
# of the *average* fan:
#
# $$\boxed{\operatorname{Var}(W_l) = \frac{2}{n_{l-1} + n_l} = \frac{2}{\text{fan\_in} + \text{fan\_out}}}$$
#
# For one layer this gives a forward ratio
# $r_f = n_{\text{in}}\operatorname{Var}(W) = 2n_{\text{in}}/(n_{\text{in}}+n_{\text{out}})$ and a backward ratio
# $r_b = n_{\text{out}}\operatorname{Var}(W) = 2n_{\text{out}}/(n_{\text{in}}+n_{\text{out}})$: one is above 1 and
# the other below 1, unless the layer is square. Neither wish is granted. In what sense is this a balance?
#
# * **Additively, exactly.** $\tfrac12(r_f + r_b) = 1$: the *arithmetic* mean of the two ratios is 1, because
#   Glorot's variance is the reciprocal of the arithmetic mean of the fans. The two ratios are off by the same
#   *amount* in opposite directions ($1 \pm (n_{\text{in}} - n_{\text{out}})/(n_{\text{in}} + n_{\text{out}})$).
# * **What it does not say.** A network is a stack of layers, and what a stack does with two such factors per
#   layer is not settled by their average. Exercise 1 asks you to predict it for a small stack.
#
# The check: one linear layer with $n_{\text{in}} = 256$ inputs and $n_{\text{out}} = 1024$ outputs, standard-normal
# inputs and standard-normal output gradients, under the three scalings. The cell prints the theory and the
# simulated ratios $\operatorname{Var}(z)/\operatorname{Var}(x)$ and
# $\operatorname{Var}(\partial L/\partial x)/\operatorname{Var}(\partial L/\partial z)$.

# %%
# NBVAL_CHECK_OUTPUT
N_IN, N_OUT, BATCH = 256, 1024, 1000
scalings = {
    "fan_in   Var(W) = 1/n_in": 1 / N_IN,
    "fan_out  Var(W) = 1/n_out": 1 / N_OUT,
    "Glorot   Var(W) = 2/(n_in+n_out)": 2 / (N_IN + N_OUT),
}
rng = np.random.default_rng(0)
x = rng.standard_normal((BATCH, N_IN))          # inputs, Var = 1
grad_z = rng.standard_normal((BATCH, N_OUT))    # dL/dz arriving from above, Var = 1
print(f"layer: n_in = {N_IN}, n_out = {N_OUT}, W of shape (n_out, n_in) = ({N_OUT}, {N_IN})")
print(f"{'scaling':34s} {'forward theory':>14s} {'simulated':>10s} {'backward theory':>16s} {'simulated':>10s}")
for name, variance in scalings.items():
    W = init.normal((N_OUT, N_IN), 0.0, math.sqrt(variance), rng=rng)
    z = x @ W.T                                 # forward
    grad_x = grad_z @ W                         # backward: dL/dx = dL/dz W
    print(f"{name:34s} {N_IN * variance:14.3g} {z.var() / x.var():10.3g} "
          f"{N_OUT * variance:16.3g} {grad_x.var() / grad_z.var():10.3g}")

# %% [markdown]
# The simulation agrees with the theory to the printed digits (up to sampling noise of a percent or so).
# fan_in scaling keeps the forward ratio at 1 and multiplies the gradient variance by $n_{\text{out}}/n_{\text{in}}$;
# fan_out scaling does the reverse; Glorot's scaling is off in both directions, by the factors
# $2n/(n_{\text{in}}+n_{\text{out}})$. With constant width there is nothing to compromise on, and Glorot's variance
# is $1/n$, exact in both directions.
#
# ### 2.1 Up and down again
#
# Now stack two linear layers, widths $256 \to 1024 \to 256$ (an "expand then project" block, as in a
# transformer's MLP), input $x$, output $z_2$, and gradients entering at the top as
# $\partial L/\partial z_2$. The second layer has $n_{\text{in}} = 1024$ and $n_{\text{out}} = 256$.

# %% [markdown]
# ### Exercise 1 (predict, 3 points)
#
# Before running the next cell, predict four variance ratios of this linear $256 \to 1024 \to 256$ network (zero-mean
# i.i.d. weights, no biases, no activation function; "Glorot" means $\operatorname{Var}(W_l) = 2/(n_{l-1} + n_l)$ in
# both layers, "fan_in" means $\operatorname{Var}(W_l) = 1/n_{l-1}$):
#
# * `"glorot_forward"`: $\operatorname{Var}(z_2)/\operatorname{Var}(x)$ under Glorot;
# * `"glorot_backward"`: $\operatorname{Var}(\partial L/\partial x)/\operatorname{Var}(\partial L/\partial z_2)$ under
#   Glorot;
# * `"fan_in_backward"`: the same backward ratio under fan_in;
# * `"fan_in_backward_hidden"`: $\operatorname{Var}(\partial L/\partial h_1)/\operatorname{Var}(\partial L/\partial z_2)$
#   under fan_in, where $h_1$ is the 1024-unit hidden layer (the gradient halfway down).
#
# `predicted_ratios()` returns a dict with these four keys and a positive number for each. The hidden test accepts
# values within 5% of the theory of section 2. The simulation after the test cell then shows your numbers beside
# the measured ones.

# %% kind="answer" grade_id="n03_round_trip_answer"
def predicted_ratios():
    """Predicted variance ratios of the linear 256 -> 1024 -> 256 network under Glorot and fan_in scaling."""
    ### BEGIN SOLUTION
    r_up, r_down = 2 * 256 / 1280, 2 * 1024 / 1280          # Glorot: 0.4 and 1.6, in either order
    return {
        "glorot_forward": r_up * r_down,                     # 0.64: the factors multiply
        "glorot_backward": r_down * r_up,                    # 0.64
        "fan_in_backward": (256 / 1024) * (1024 / 256),      # n_out / n_in per layer: 1 end to end
        "fan_in_backward_hidden": 256 / 1024,                # the top layer alone: 0.25
    }
    ### END SOLUTION


# %% kind="test" grade_id="n03_round_trip_test" points=3
"""predicted_ratios() returns a dict with the four keys, each a positive number (the hidden test checks the values)."""
from course_lib import grading

_keys = ("glorot_forward", "glorot_backward", "fan_in_backward", "fan_in_backward_hidden")
_got = grading.call_quietly(predicted_ratios)
assert isinstance(_got, dict), f"predicted_ratios() should return a dict, got {type(_got).__name__}"
assert set(_got) == set(_keys), f"predicted_ratios() should have exactly the keys {_keys}, got {sorted(_got)}"
for _key in _keys:
    grading.check_number(_got[_key], f"predicted_ratios()[{_key!r}]", positive=True)
print("visible checks passed")

### BEGIN HIDDEN TESTS
# Theory of section 2 for widths 256 -> 1024 -> 256: per layer the forward factor is n_in Var(W), the backward
# factor n_out Var(W), and the factors of successive layers multiply. No randomness: a 5% tolerance separates
# the right values from every usual slip below (the nearest is 0.64 against 0.4 or 1.0).
_widths = (256, 1024, 256)
_pairs = list(zip(_widths, _widths[1:]))
_glorot = [2 / (a + b) for a, b in _pairs]
_fan_in = [1 / a for a, _ in _pairs]
_theory = {
    "glorot_forward": (_pairs[0][0] * _glorot[0]) * (_pairs[1][0] * _glorot[1]),
    "glorot_backward": (_pairs[0][1] * _glorot[0]) * (_pairs[1][1] * _glorot[1]),
    "fan_in_backward": (_pairs[0][1] * _fan_in[0]) * (_pairs[1][1] * _fan_in[1]),
    "fan_in_backward_hidden": _pairs[1][1] * _fan_in[1],
}
_hints = {
    "glorot_forward": [(1 / 0.64, "Glorot's ratios average to 1 in each layer, but across layers they multiply: "
                                  "0.4 then 1.6."),
                       (0.4 / 0.64, "That is the first layer alone; the second layer multiplies it again."),
                       (1.6 / 0.64, "That is one layer alone; the factors of both layers multiply."),
                       (2.0 / 0.64, "Did you add the two layers' factors? Variances multiply."),
                       (0.8 / 0.64, "This looks like a ratio of standard deviations: the exercise asks for "
                                    "variances.")],
    "glorot_backward": [(1 / 0.64, "Glorot's ratios average to 1 in each layer, but across layers they multiply."),
                        (0.4 / 0.64, "That is the top layer alone (n_out = 256): the gradient then crosses the "
                                     "first layer too."),
                        (1.6 / 0.64, "That is one layer alone; the factors of both layers multiply.")],
    "fan_in_backward": [(4.0, "Backward, each layer multiplies by n_out Var(W) = n_out / n_in: 256/1024 at the "
                              "top, then 1024/256."),
                        (0.25, "That is the top layer alone; the first layer's factor 1024/256 follows."),
                        (0.64, "That is Glorot's value, not fan_in's."),
                        (1 / 16, "Did you take n_in / n_out instead of n_out / n_in in one layer?")],
    "fan_in_backward_hidden": [(4.0, "The top layer has n_in = 1024 and n_out = 256: its backward factor is "
                                     "n_out / n_in."),
                               (16.0, "Is the hidden layer's gradient the one below the top layer (1024 units)?"),
                               (1.6, "That is Glorot's factor for one layer.")],
}
with grading.forbidding("course_lib", "course_lib.stats", "course_lib.nets", who="predicted_ratios",
                        advice="predict the four numbers from the theory of section 2 with plain arithmetic"):
    _answer = grading.call_quietly(predicted_ratios)
for _key, _value in _theory.items():
    _ratio = grading.as_float(_answer[_key], _key) / _value
    if abs(_ratio - 1) > 0.05:
        raise AssertionError(f"predicted_ratios()[{_key!r}] is {_ratio:.3g}x the theory of section 2."
                             + grading.ratio_hint(_ratio, _hints[_key], tolerance=0.01))
### END HIDDEN TESTS

# %% [markdown]
# The simulation: both networks, 2000 standard-normal inputs and top gradients, the variances measured layer by
# layer, your predictions beside them.

# %%
# NBVAL_CHECK_OUTPUT
def linear_round_trip(widths, variance_of, seed):
    """Measured variance ratios of a linear stack: forward Var(z_l)/Var(x) for l = 1..L, and backward
    Var(dL/dh_l)/Var(dL/dz_L) for l = L-1, ..., 0 (from just below the top down to the input)."""
    rng = np.random.default_rng(seed)
    weights = [init.normal((b, a), 0.0, math.sqrt(variance_of(a, b)), rng=rng) for a, b in zip(widths, widths[1:])]
    h = rng.standard_normal((2000, widths[0]))
    x_var, forward = h.var(), []
    for W in weights:
        h = h @ W.T
        forward.append(h.var() / x_var)
    top = rng.standard_normal((2000, widths[-1]))
    grad, backward = top, []
    for W in reversed(weights):
        grad = grad @ W
        backward.append(grad.var() / top.var())
    return forward, backward


UP_DOWN = (256, 1024, 256)
for name, variance_of, seed in [("Glorot", lambda a, b: 2 / (a + b), 7), ("fan_in", lambda a, b: 1 / a, 8)]:
    forward, backward = linear_round_trip(UP_DOWN, variance_of, seed)
    print(f"{name:6s}: forward  Var(z_1)/Var(x) = {forward[0]:.2f}, Var(z_2)/Var(x) = {forward[1]:.2f}")
    print(f"{'':6s}  backward Var(dL/dh_1)/Var(dL/dz_2) = {backward[0]:.2f}, "
          f"Var(dL/dx)/Var(dL/dz_2) = {backward[1]:.2f}")
    if name == "Glorot":
        measured = {"glorot_forward": forward[1], "glorot_backward": backward[1]}
    else:
        measured.update({"fan_in_backward": backward[1], "fan_in_backward_hidden": backward[0]})

# %%
prediction = grading.learner_value(predicted_ratios)
if isinstance(prediction, dict):
    for key, value in measured.items():
        print(f"{key:23s} measured {value:6.2f}   your prediction {prediction.get(key, float('nan')):6.2f}")

# %% [markdown]
# Glorot's per-layer errors do not cancel: $0.4 \times 1.6 = 0.64$ in both directions. fan_in, which makes no
# compromise at all, brings the gradient back to its full size at the bottom ($\tfrac14 \times 4 = 1$), although it
# is a quarter of it in the hidden layer. Which is better depends on what you want: Glorot is off by at most a factor
# $2.5$ anywhere in either pass ($0.4$ at the hidden layer, $0.64$ at the ends); fan_in is exact everywhere in the
# forward pass and at the bottom of the backward pass, but off by a factor 4 at the hidden layer.
#
# So which mean balances what? Glorot's variance is the reciprocal of the *arithmetic* mean of the fans, and it
# balances the two ratios *additively*: $\tfrac12(r_f + r_b) = 1$ in every layer.
# **Multiplicatively it does not.** Across layers variances *multiply*, and the product of the round trip's
# end-to-end forward and backward ratios is the product over the layers of
# $$r_f\, r_b = \frac{4\,n_{\text{in}} n_{\text{out}}}{(n_{\text{in}} + n_{\text{out}})^2}
# = \left(\frac{\sqrt{n_{\text{in}} n_{\text{out}}}}{(n_{\text{in}} + n_{\text{out}})/2}\right)^2 \le 1,$$
# the squared ratio of the geometric to the arithmetic mean of the fans, with equality only for a square
# layer. For $n_{\text{in}} = 256$, $n_{\text{out}} = 1024$: $r_f = 0.4$, $r_b = 1.6$, $r_f r_b = 0.64$. The
# variance that balances the *product* ($r_f r_b = 1$, i.e. the geometric mean of $r_f$ and $r_b$ equal to 1) is
# $1/\sqrt{n_{\text{in}} n_{\text{out}}}$, the reciprocal of the geometric mean of the fans (not one of the usual
# modes); section 2.2 shows that no per-layer choice can keep both passes exact end to end anyway.
#
# ### 2.2 What no initialization can do
#
# Take any linear stack of widths $n_0, n_1, \dots, n_L$, and call $F$ its end-to-end forward variance ratio and $B$
# its end-to-end backward one. Exercise 2 asks for both under the three usual scalings; the cell after it draws a
# conclusion that holds for every choice of variances.

# %% [markdown]
# ### Exercise 2 (derive, 3 points)
#
# Write `end_to_end_ratios(widths, mode)`: for a linear, bias-free stack with layer widths `widths`
# $= (n_0, n_1, \dots, n_L)$ (a list or tuple of at least two positive ints) and zero-mean i.i.d. weights of variance
#
# * $1/n_{l-1}$ if `mode == "fan_in"`, $1/n_l$ if `mode == "fan_out"`, $2/(n_{l-1} + n_l)$ if `mode == "glorot"`,
#
# return the tuple `(F, B)` of the two end-to-end variance ratios
# $F = \operatorname{Var}(z_L)/\operatorname{Var}(x)$ and
# $B = \operatorname{Var}(\partial L/\partial x)/\operatorname{Var}(\partial L/\partial z_L)$ predicted by the
# theory of section 2 (exact values, not a simulation). Use plain Python or NumPy: the hidden tests make
# `course_lib` unavailable while they call your function, and grade it on widths you have not seen.

# %% kind="answer" grade_id="n03_end_to_end_answer"
def end_to_end_ratios(widths, mode):
    """(Var(z_L)/Var(x), Var(dL/dx)/Var(dL/dz_L)) of a linear stack under fan_in, fan_out or Glorot scaling."""
    ### BEGIN SOLUTION
    forward = backward = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        variance = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        forward *= n_in * variance
        backward *= n_out * variance
    return forward, backward
    ### END SOLUTION


# %% kind="test" grade_id="n03_end_to_end_test" points=3
"""end_to_end_ratios returns two positive numbers; a square stack is exact in both directions under every mode."""
from course_lib import grading

for _mode in ("fan_in", "fan_out", "glorot"):
    _got = grading.call_quietly(end_to_end_ratios, [64, 64, 64], _mode)
    assert isinstance(_got, (tuple, list)) and len(_got) == 2, (
        f"end_to_end_ratios([64, 64, 64], {_mode!r}) should return a pair (F, B), got {_got!r}")
    for _value, _name in zip(_got, ("F", "B")):
        _number = grading.check_number(_value, f"{_name} of end_to_end_ratios([64, 64, 64], {_mode!r})", positive=True)
        assert abs(_number - 1) < 1e-9, f"a square stack keeps both variances exactly: {_name} should be 1"
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _theory(widths, mode):
    f = b = 1.0
    for a, c in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / a, "fan_out": 1 / c, "glorot": 2 / (a + c)}[mode]
        f, b = f * a * v, b * c * v
    return f, b


def _hints(widths, mode, which):
    """(ratio answer / theory, message) for the usual slips."""
    f, b = _theory(widths, mode)
    mine, other = (f, b) if which == "F" else (b, f)
    hints = [(other / mine, "F and B are swapped: forward sums have fan_in terms, backward sums fan_out terms."),
             (1 / mine, "The per-layer factors multiply: they do not average to 1 end to end."),
             (mine ** -0.5, "These look like standard-deviation ratios: F and B are ratios of variances.")]
    k = 0 if which == "F" else 1
    hints += [(_theory(list(widths[-2:]), mode)[k] / mine, "Only the last layer is counted."),
              (_theory(list(widths[:2]), mode)[k] / mine, "Only the first layer is counted."),
              (_theory([widths[0], widths[-1]], mode)[k] / mine,
               "The stack is treated as one layer n_0 -> n_L: multiply the factors of every layer instead.")]
    if mode == "glorot":
        hints.append((0.5 ** (len(widths) - 1), "Glorot's variance is 2 / (n_in + n_out): is the 2 missing?"))
    return hints


import numpy as _np

_rng = _np.random.default_rng(grading.seed(303))
_cases = [[784, 256, 10], [3, 1000, 7], [100, 400], [512, 2048, 2048, 512], [10, 20, 40, 80, 160, 320]]
_cases += [[int(n) for n in _rng.integers(5, 3000, size=int(_rng.integers(3, 8)))] for _ in range(4)]
with grading.forbidding("course_lib", "course_lib.stats", "course_lib.nets", "course_lib.init", "course_lib.fans",
                        "course_lib.schemes", who="end_to_end_ratios",
                        advice="derive F and B as products over the layers and write them in plain Python"):
    for _widths in _cases:
        for _mode in ("fan_in", "fan_out", "glorot"):
            _got = grading.call_quietly(end_to_end_ratios, list(_widths), _mode)
            assert isinstance(_got, (tuple, list)) and len(_got) == 2, (
                f"end_to_end_ratios({_widths}, {_mode!r}) should return a pair (F, B)")
            _expected = _theory(_widths, _mode)
            for _value, _exp, _name in zip(_got, _expected, ("F", "B")):
                grading.check_close(_value, _exp, f"{_name} of end_to_end_ratios({_widths}, {_mode!r})", rtol=1e-6,
                                    hints=_hints(_widths, _mode, _name))
    _got = grading.call_quietly(end_to_end_ratios, (40, 90, 25), "glorot")
    assert isinstance(_got, (tuple, list)) and len(_got) == 2, "a tuple of widths should work like a list"
### END HIDDEN TESTS

# %% [markdown]
# Whatever the per-layer variances, each layer's $r_f/r_b$ is $n_{l-1}/n_l$, so the ratio $F/B$ telescopes to
# $n_0/n_L$: the same for every mode. If the network is narrower at the top than at the bottom ($n_L < n_0$, a
# classifier), **no** choice of variances keeps both $F = 1$ and $B = 1$. The most even split,
# $F = \sqrt{n_0/n_L}$ and $B = \sqrt{n_L/n_0}$, is what the geometric-mean variance $1/\sqrt{n_{l-1}n_l}$ gives
# (each of its layers has $r_f r_b = 1$). The cell shows it by simulation for a classifier-shaped stack
# $784 \to 256 \to 10$ (measurements of random matrices, not the exact values the exercise asks for).

# %%
# NBVAL_CHECK_OUTPUT
CLASSIFIER = (784, 256, 10)
modes = {"fan_in": lambda a, b: 1 / a, "fan_out": lambda a, b: 1 / b, "glorot": lambda a, b: 2 / (a + b),
         "geometric": lambda a, b: 1 / math.sqrt(a * b)}
print(f"widths {CLASSIFIER}: n_0 / n_L = {CLASSIFIER[0] / CLASSIFIER[-1]:.1f}, sqrt(n_0 / n_L) = "
      f"{math.sqrt(CLASSIFIER[0] / CLASSIFIER[-1]):.2f}")
for seed, (name, variance_of) in enumerate(modes.items()):
    forward, backward = linear_round_trip(CLASSIFIER, variance_of, seed=20 + seed)
    F, B = forward[-1], backward[-1]
    print(f"{name:9s}  F = {F:7.3g}   B = {B:7.3g}   F / B = {F / B:5.3g}   F * B = {F * B:6.3g}")

# %% [markdown]
# ## 3. Two forms: normal and uniform
#
# Only the variance entered the derivation, so any zero-mean distribution with that variance will do. Two are
# used in practice.
#
# * **Normal:** $W_{ij} \sim \mathcal N(0, \sigma^2)$ with $\sigma = \sqrt{2/(\text{fan\_in}+\text{fan\_out})}$.
# * **Uniform:** $W_{ij} \sim U(-a, a)$. Its variance is
#   $\int_{-a}^{a} \frac{w^2}{2a}\,dw = \frac{a^2}{3}$, so matching
#   $\frac{a^2}{3} = \frac{2}{\text{fan\_in}+\text{fan\_out}}$ gives the bound $a = \sqrt{6/(\text{fan\_in}+\text{fan\_out})}$: equation (16) of the paper, the form it proposed
#   (and called the *normalized initialization*). The bound is $\sqrt 3$ times the standard deviation.
#
# A **gain** multiplies the standard deviation (and the bound):
# $\sigma = \text{gain}\cdot\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$, so the variance gets $\text{gain}^2$. This is PyTorch's `xavier_uniform_(w, gain)` / `xavier_normal_(w, gain)`;
# section 6 asks which gain to use with tanh.
#
# **Convolutions.** A weight of shape `(out_channels, in_channels, k, k)` gives each output value a sum over
# `in_channels * k * k` inputs, and each input value reaches `out_channels * k * k` outputs (stride 1, away
# from the borders). So the fans are the channel counts times the **receptive field** $k \cdot k$ (the product
# of all kernel sizes), which is what `course_lib.fans.fan_in_and_fan_out` (and PyTorch) compute.
#
# The cell checks the two forms with `course_lib.init` on a non-square dense weight and on a convolution weight.
# The kurtosis $\mathbb E[w^4]/\mathbb E[w^2]^2$ tells the shapes apart: $9/5$ for a uniform, $3$ for a normal.
# It also shows why the choice hardly matters for the next layer: a pre-activation $z = xW^\top$ sums
# $\text{fan\_in}$ terms, so by the central limit theorem it is close to normal either way.

# %%
# NBVAL_CHECK_OUTPUT
def kurtosis(values):
    values = np.ravel(values)
    return float(np.mean(values**4) / np.mean(values**2) ** 2)


for shape in [(1024, 256), (64, 32, 3, 3)]:
    fan_in, fan_out = fan_in_and_fan_out(shape)
    std = math.sqrt(2 / (fan_in + fan_out))
    bound = math.sqrt(6 / (fan_in + fan_out))
    W_u = init.xavier_uniform(shape, rng=1)
    W_n = init.xavier_normal(shape, rng=2)
    print(f"shape {shape}: fan_in {fan_in}, fan_out {fan_out}; target std {std:.4f}, uniform bound {bound:.4f}")
    print(f"  uniform: std {W_u.std():.4f}, max |w| {np.abs(W_u).max():.4f}, kurtosis {kurtosis(W_u):.2f}")
    print(f"  normal:  std {W_n.std():.4f}, max |w| {np.abs(W_n).max():.4f}, kurtosis {kurtosis(W_n):.2f}")

x = np.random.default_rng(3).standard_normal((2000, 256))
for name, W in [("uniform", init.xavier_uniform((1024, 256), rng=1)),
                ("normal", init.xavier_normal((1024, 256), rng=2))]:
    print(f"pre-activations z = x @ W.T with {name} weights: kurtosis {kurtosis(x @ W.T):.2f}")

# %% [markdown]
# Both forms hit the target standard deviation; the uniform never exceeds its bound, the normal does (its
# largest entry is several standard deviations out). The weights' kurtosis is about 1.8 and 3; the
# pre-activations' is about 3 in both cases.
#
# **What the frameworks call "Xavier".** The name does not always mean the formula above:
#
# * PyTorch's `torch.nn.init.xavier_uniform_` and `xavier_normal_` are exactly the formulas above (gain 1 by
#   default), but `nn.Linear` and `nn.Conv2d` do **not** use them by default: their `reset_parameters` calls
#   `kaiming_uniform_(w, a=math.sqrt(5))`, which is $U(-1/\sqrt{\text{fan\_in}}, 1/\sqrt{\text{fan\_in}})$, the
#   paper's "standard" heuristic (its equation 1). The next cell prints both methods (`Linear.reset_parameters`, and
#   `_ConvNd.reset_parameters`, which `Conv2d` inherits), and the line of
#   `calculate_gain` that section 6 discusses, from the installed PyTorch's source files (if there is one); the cell
#   after it checks the bound with `course_lib`.
# * Keras's `Dense` layer defaults to `kernel_initializer="glorot_uniform"` (Keras 3, `keras/src/layers/core/dense.py`,
#   `Dense.__init__`), i.e. the uniform form above. Keras is not installed here, so this is cited, not
#   shown.
# * Caffe's `XavierFiller` (BVLC Caffe 1.0, `include/caffe/filler.hpp`) draws $U(-\sqrt{3/n}, \sqrt{3/n})$ with
#   $n = \text{fan\_in}$ because `variance_norm` defaults to `FAN_IN` (`src/caffe/proto/caffe.proto`); only
#   `variance_norm: AVERAGE` gives Glorot's $n = (\text{fan\_in}+\text{fan\_out})/2$. The default is
#   $\operatorname{Var}(W) = 1/\text{fan\_in}$, LeCun's scaling, under Glorot's name. Also cited, not shown.

# %%
# NBVAL_IGNORE_OUTPUT
import importlib.metadata
import importlib.util
from pathlib import Path

torch_spec = importlib.util.find_spec("torch")       # reads the installed files; does not import torch
if torch_spec is None:
    print("PyTorch is not installed here: see torch/nn/modules/linear.py (Linear.reset_parameters) and "
          "torch/nn/init.py (calculate_gain)")
else:
    torch_dir = Path(torch_spec.origin).parent
    print(f"torch {importlib.metadata.version('torch')}, {torch_dir}")
    for file, start, stop in [("nn/modules/linear.py", "    def reset_parameters", "\n\n"),
                              ("nn/modules/conv.py", "    def reset_parameters", "\n\n"),
                              ("nn/init.py", '    elif nonlinearity == "tanh"', "\n    elif")]:
        try:
            snippet = (torch_dir / file).read_text().split(start, 1)[1]
            print(f"--- torch/{file}\n{start}{snippet[:snippet.index(stop)]}")
        except (OSError, IndexError, ValueError):
            print(f"--- torch/{file}: not found in this version of torch")

# %%
# NBVAL_CHECK_OUTPUT
fan_in = 300
W_default = init.kaiming_uniform((200, fan_in), a=math.sqrt(5), rng=4)   # PyTorch's nn.Linear default
print(f"PyTorch default for a ({200}, {fan_in}) weight: max |w| * sqrt(fan_in) = "
      f"{np.abs(W_default).max() * math.sqrt(fan_in):.3f}, fan_in * Var(W) = {fan_in * W_default.var():.3f}")

# %% [markdown]
# The largest entry sits at the bound $1/\sqrt{\text{fan\_in}}$ and $\text{fan\_in}\cdot\operatorname{Var}(W)$ is
# about $1/3$: the variance of $U(-1/\sqrt n, 1/\sqrt n)$ is $\frac{1}{3n}$. Section 4 shows what that factor
# $1/3$ does to a deep tanh network.

# %% [markdown]
# ### Exercise 3 (implement, 3 points)
#
# Write Glorot's uniform initializer `xavier_uniform(shape, gain=1.0, rng=None)` with **NumPy only** (no
# `course_lib`, no `torch`: the point is to write it; the hidden tests make the library unavailable while they call
# your function). Its fans are the part worth writing carefully.
#
# * `shape` is a tuple of at least two ints in PyTorch's layout `(fan_out, fan_in, *kernel)`: `(n_out, n_in)`
#   for a dense layer, `(out_channels, in_channels, k, k)` for a 2-D convolution, `(out_channels, in_channels, k)`
#   for a 1-D one. Work out `fan_in` and `fan_out` from the shape as section 3 describes.
# * Return a NumPy array of floats of exactly `shape`, with i.i.d. entries $U(-a, a)$,
#   $a = \text{gain}\cdot\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$.
# * `rng` is a `numpy.random.Generator`; draw every random number from it (so the same seed gives the same
#   array). If `rng` is `None`, use a fresh `np.random.default_rng()`.

# %% kind="answer" grade_id="n03_xavier_uniform_answer"
def xavier_uniform(shape, gain=1.0, rng=None):
    """Glorot & Bengio (2010): U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)); shape (fan_out, fan_in, *kernel)."""
    ### BEGIN SOLUTION
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(int(s) for s in shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=shape)
    ### END SOLUTION


# %% kind="test" grade_id="n03_xavier_uniform_test" points=3
"""xavier_uniform: an array of the shape asked for, inside the bound a = sqrt(6/200) = 0.1732 for (60, 140), seeded."""
import numpy as np

from course_lib import grading

_W = grading.call_quietly(xavier_uniform, (60, 140), rng=np.random.default_rng(grading.seed(0)))
_W = grading.check_array(_W, "xavier_uniform((60, 140))", (60, 140))
assert np.abs(_W).max() <= 0.17321, "xavier_uniform((60, 140)) has entries outside the bound a = 0.1732"
assert np.abs(_W).max() > 0.16, "the largest |entry| of 8400 draws from U(-0.1732, 0.1732) should be close to 0.1732"
_again = grading.call_quietly(xavier_uniform, (60, 140), rng=np.random.default_rng(grading.seed(0)))
assert np.array_equal(_W, _again), "the same seed gave two different arrays: draw every random number from rng"
_conv = grading.call_quietly(xavier_uniform, (16, 8, 3, 3), 2.0, rng=np.random.default_rng(grading.seed(1)))
grading.check_array(_conv, "xavier_uniform((16, 8, 3, 3), 2.0)", (16, 8, 3, 3))
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math


def _bound(shape, gain):
    receptive_field = math.prod(shape[2:])
    return gain * math.sqrt(6.0 / ((shape[0] + shape[1]) * receptive_field))


def _draw(shape, gain, seed):
    W = grading.call_quietly(xavier_uniform, shape, gain, rng=np.random.default_rng(grading.seed(seed)))
    return grading.check_array(W, f"xavier_uniform{shape}", shape)


def _hints(shape, gain):
    """(ratio observed / expected, message) for the usual slips."""
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    hints = [(1 / math.sqrt(3), "Is the standard deviation used as the bound? U(-a, a) has variance a**2 / 3."),
             (1 / math.sqrt(2), "sqrt(3) instead of sqrt(6) in the bound?"),
             (math.sqrt((fan_in + fan_out) / (2 * fan_in)), "Only fan_in is used (that is LeCun's scaling)."),
             (math.sqrt((fan_in + fan_out) / (2 * fan_out)), "Only fan_out is used.")]
    if receptive_field > 1:
        hints.append((math.sqrt(receptive_field),
                      "The receptive field (product of the kernel sizes) is missing from the fans."))
    if gain != 1:
        hints += [(1 / gain, "The gain is ignored."), (gain, "The gain is applied twice."),
                  (1 / math.sqrt(gain), "The gain multiplies the variance instead of the bound.")]
    return hints


def _check_max(W, shape, gain):
    """Every |entry| <= a, and the largest one close to a (thousands of draws: it is, for a correct answer)."""
    ratio = float(np.abs(W).max()) / _bound(shape, gain)
    grading.record_margin(f"largest |entry| of xavier_uniform{shape}: 1 - max / a", max(0.0, 1 - ratio), 0.05)
    if ratio > 1 + 1e-6 or ratio < 0.95:
        hint = grading.ratio_hint(ratio, _hints(shape, gain)) or " Are the entries uniform on (-a, a)?"
        raise AssertionError(f"the largest |entry| of xavier_uniform{shape} with gain={gain:.4g} is {ratio:.3g}x "
                             f"the bound a; it should be just below a.{hint}")


def _library_unavailable(what):
    """While active, every function of course_lib's init, fans and gain modules and of torch.nn.init raises
    (aliases imported by name included), so an answer that delegates fails."""
    return grading.forbidding("course_lib", "course_lib.init", "course_lib.fans", "course_lib.gain",
                              "torch.nn.init", who=what,
                              advice="write it with NumPy only (rng.uniform or rng.random), without course_lib or torch")


_KS_HINT = ("The entries should be uniform on (-a, a): not normal, not clipped or truncated, nothing outside "
            "the bound, and one bound for all entries.")
with _library_unavailable("xavier_uniform"):
    _shape = (60, 140)                   # 60 outputs, 140 inputs: PyTorch's layout (fan_out, fan_in)
    _W = _draw(_shape, 1.0, 0)
    _check_max(_W, _shape, 1.0)
    # 8400 values: check_std fails a correct answer only beyond 6 standard errors (probability < 1e-8)
    grading.check_std(_W, _bound(_shape, 1.0) / math.sqrt(3), "xavier_uniform(60, 140)", kurtosis=1.8,
                      hints=_hints(_shape, 1.0))
    _conv = (16, 8, 3, 3)                # Conv2d(8, 16, kernel_size=3): fan_in = 8*9, fan_out = 16*9
    _check_max(_draw(_conv, 2.0, 1), _conv, 2.0)
    _first, _again = _draw((5, 9), 1.0, 11), _draw((5, 9), 1.0, 11)
    assert np.array_equal(_first, _again), "the same seed gave two different arrays: draw every number from rng"
    assert not np.array_equal(_first, _draw((5, 9), 1.0, 12)), (
        "two different seeds gave the same array: use the rng you are given")
    _free = grading.check_array(grading.call_quietly(xavier_uniform, (7, 4)), "xavier_uniform((7, 4)) with rng=None",
                                (7, 4))
    assert np.abs(_free).max() <= _bound((7, 4), 1.0) * (1 + 1e-6), (
        "xavier_uniform((7, 4)) with rng=None has entries outside the bound")
    # 200_000 values per shape from independently seeded calls. For a correct answer check_std's mean and
    # spread tests fail beyond z = 6 (2e-9 each) and the Kolmogorov-Smirnov test at alpha = 1e-7: over the two
    # shapes, a correct answer fails with probability below 3e-7.
    for _shape, _gain, _seed in [((37, 91), 1.0, 101), ((24, 10, 3, 3), 5 / 3, 202)]:
        _kwargs = {} if _gain == 1.0 else {"gain": _gain}
        _values = grading.draw_many(xavier_uniform, _shape, n_min=200_000, seed=grading.seed(_seed), **_kwargs)
        _a = _bound(_shape, _gain)
        _name = f"xavier_uniform{_shape}" + (f" with gain={_gain:.4g}" if _gain != 1.0 else "")
        grading.check_std(_values, _a / math.sqrt(3), _name, kurtosis=1.8, hints=_hints(_shape, _gain))
        grading.check_distribution(_values, grading.uniform_cdf(_a), _name, hint=_KS_HINT)
    _check_max(_draw((80, 3, 5), 0.5, 7), (80, 3, 5), 0.5)        # a Conv1d weight: one kernel dimension
### END HIDDEN TESTS


# %% [markdown]
# ## 4. The experiment of Glorot & Bengio (2010), small
#
# The paper trained networks of one to five hidden layers of 1000 units (tanh, sigmoid or softsign, softmax
# output) and, before training, looked at per-layer histograms of three things: the activations $h_l$, the
# *back-propagated gradients* $\partial L/\partial z_l$ (the gradient on each layer's biases), and the *weight
# gradients* $\partial L/\partial W_l$. It compared the "standard" heuristic of its equation (1),
# $W \sim U(-1/\sqrt n, 1/\sqrt n)$ with $n = \text{fan\_in}$, which gives $n\operatorname{Var}(W) = 1/3$ (its
# equation 15), with the normalized initialization. Its claims for tanh at initialization:
#
# 1. with the standard init the activation histograms get narrower layer by layer ("0-peak increases for higher
#    layers", its Figure 6), while with the normalized init they stay similar;
# 2. with the standard init the back-propagated gradients get smaller as they travel down towards the input
#    (its Figure 7, after Bradley 2009); with the normalized init the paper reports no such decrease;
# 3. the weight gradients have roughly the same spread in every layer, with either init (Figure 8, explained by
#    its equation 14);
# 4. the average singular value of the layer-to-layer Jacobian $\partial h_{l+1}/\partial h_l$ is about 0.8 with
#    the normalized init and about 0.5 with the standard one (section 4.2.2).
#
# Our version is smaller: 5 tanh layers of 256 units, 256 inputs, a batch of 1000 "pixel-like" inputs drawn
# uniformly in $[0, 1)$ (the paper's inputs were grey-level images), and, at the top, a standard-normal gradient
# $\partial L/\partial h_5$ in place of a softmax layer and real labels. No training.

# %%
# NBVAL_CHECK_OUTPUT
N_PIXELS, WIDTH, DEPTH, BATCH = 256, 256, 5, 1000


def standard_init(shape, rng):
    """The paper's "standard" heuristic, its equation (1): U(-1/sqrt(n), 1/sqrt(n)) with n = fan_in."""
    bound = 1 / math.sqrt(shape[1])
    return init.uniform(shape, -bound, bound, rng=rng)


def normalized_init(shape, rng):
    """The paper's normalized initialization, its equation (16): Glorot uniform, gain 1."""
    return init.xavier_uniform(shape, rng=rng)


def paper_network(scheme, activation, seed=0, backward=True):
    """5 hidden layers of 256 units, zero biases; one forward (and one backward) pass on pixel-like inputs."""
    rng = np.random.default_rng(seed)
    net = MLP.initialized([N_PIXELS] + [WIDTH] * DEPTH, scheme, activation, rng=rng)
    net.forward(rng.random((BATCH, N_PIXELS)))
    if backward:
        net.backward(rng.standard_normal((BATCH, WIDTH)), parameter_grads=True)
    return net


def mean_singular_value(net, layer, examples=2):
    """Average singular value of the Jacobian J = d h_{layer+1} / d h_layer = diag(tanh'(z)) W, over a few inputs.

    The singular values of J are the square roots of the eigenvalues of J J^T.
    """
    W, h = net.weights[layer], net.post[layer]
    means = []
    for b in range(examples):
        J = (1 - h[b] ** 2)[:, None] * W
        means.append(np.sqrt(np.clip(np.linalg.eigvalsh(J @ J.T), 0.0, None)).mean())
    return float(np.mean(means))


nets = {"standard": paper_network(standard_init, "tanh"), "normalized": paper_network(normalized_init, "tanh")}
print("tanh network, 5 hidden layers of 256 units; std per layer (standard init | normalized init)")
print(f"{'layer':>5} | {'activations h_l':^19} | {'back-prop. dL/dz_l':^19} | {'weight grad dL/dW_l':^19}")
for layer in range(DEPTH):
    row = [f"{layer + 1:5d}"]
    for record in ("post", "grad_pre", "grad_weights"):
        row.append(" ".join(f"{getattr(net, record)[layer].std():9.3g}" for net in nets.values()))
    print(" | ".join(row))
for name, net in nets.items():
    act = [net.post[layer].std() for layer in range(DEPTH)]
    back = [net.grad_pre[layer].std() for layer in range(DEPTH)]
    weight = [net.grad_weights[layer].std() for layer in range(DEPTH)]
    singular = [mean_singular_value(net, layer) for layer in range(1, DEPTH)]
    print(f"{name:>10}: activations layer 5 / layer 1 = {act[-1] / act[0]:.3g}; back-prop. gradient "
          f"layer 1 / layer 5 = {back[0] / back[-1]:.3g}")
    print(f"{'':>10}  weight gradients max / min over the layers = {max(weight) / min(weight):.3g}")
    print(f"{'':>10}  mean of tanh'(z_l)^2, layers 1 ... 5: "
          + ", ".join(f"{np.mean((1 - h**2) ** 2):.2f}" for h in net.post))
    print(f"{'':>10}  mean singular value of the Jacobians, layers 1->2 ... 4->5: "
          + ", ".join(f"{s:.2f}" for s in singular))
print("paper (section 4.2.2): mean singular value about 0.8 (normalized) and about 0.5 (standard)")

# %% [markdown]
# How the printed numbers line up with the four claims:
#
# 1. **Activations.** With the standard init the spread of $h_l$ shrinks by a factor 0.53 to 0.58 per layer (printed
#    in the next cell): that is $\sqrt{1/3} \approx 0.577$, what $n\operatorname{Var}(W) = 1/3$ predicts for the
#    standard deviation in the linear regime, which the layers enter more and more as their activations shrink. The
#    distributions pile up at 0, as in the paper's Figure 6. With the normalized init the spread shrinks much less,
#    **but it does not stay similar** as the paper's histograms do: over the four layers from 1 to 5 it loses 39%
#    of its spread (ratio 0.61).
#    Here we differ from the paper; the cell after next looks for the cause.
# 2. **Back-propagated gradients.** With the standard init $\partial L/\partial z_l$ shrinks by a large factor
#    from layer 5 down to layer 1: each layer multiplies its variance by about $n\operatorname{Var}(W) = 1/3$
#    times $\mathbb E[\tanh'(z_l)^2] \le 1$. With the normalized init the decrease is much smaller **but not
#    zero**: here too we differ from the paper, which reports no decrease. The derivation assumed the linear regime,
#    $\tanh'(z) \approx 1$. Our inputs put the first layers' pre-activations at a scale where the printed
#    $\mathbb E[\tanh'(z_l)^2]$ is well below 1, and with $n\operatorname{Var}(W) = 1$ that factor alone sets how much
#    the gradient's variance shrinks per layer.
# 3. **Weight gradients** have nearly the same spread in every layer for both inits (max / min close to 1),
#    as the paper says: $\partial L/\partial W_l = \delta_l^\top h_{l-1}$, and a shrinking $\delta_l$ meets a
#    growing $h_{l-1}$ (equation 14 of the paper makes this exact in the linear regime).
# 4. **Jacobians.** Our average singular values are close to 0.5 for the standard init and between 0.7 and 0.8
#    for the normalized one, near the paper's values (the paper gives one number per init, not per layer).

# %%
# NBVAL_CHECK_OUTPUT
for name, net in nets.items():
    act = [net.post[layer].std() for layer in range(DEPTH)]
    per_layer = ", ".join(f"{b / a:.3f}" for a, b in zip(act, act[1:]))
    print(f"{name:>10}: std(h_(l+1)) / std(h_l), l = 1 ... 4: {per_layer}; "
          f"spread lost from layer 1 to layer 5: {1 - act[-1] / act[0]:.0%}")
print(f"sqrt(1/3) = {math.sqrt(1 / 3):.3f}")

# %% [markdown]
# **What drives the deviation: the inputs' second moment.** Our inputs are $U[0, 1)$, so
# $\mathbb E[x^2] = 1/3$ and the first layer's pre-activations have variance $n\operatorname{Var}(W)\,\mathbb E[x^2]$
# (mean $\tfrac12$ included). A gain-1 tanh stack then leaks variance at every layer, fast while $q$ is of order 1
# and slowly once it is small (section 6 derives $q_l \approx 1/(2l)$). So the loss depends on where the inputs put
# layer 1. The cell reruns the normalized network with the same draws, centred ($x - \tfrac12$, so
# $\mathbb E[x^2] = 1/12$), halved without centring ($x/2$: mean $\tfrac14$, the same $\mathbb E[x^2] = 1/12$),
# standardized ($(x - \tfrac12)\sqrt{12}$, mean 0 and variance 1, the usual preprocessing) and centred and small
# ($0.3(x - \tfrac12)$). It prints the spread ratio from layer 1 to layer 5 and $\mathbb E[\tanh'(z_1)^2]$.

# %%
# NBVAL_CHECK_OUTPUT
def normalized_tanh_net(transform, seed=0):
    """The normalized network of the cell above (same seeds), on transformed pixel-like inputs."""
    rng = np.random.default_rng(seed)
    net = MLP.initialized([N_PIXELS] + [WIDTH] * DEPTH, normalized_init, "tanh", rng=rng)
    net.forward(transform(rng.random((BATCH, N_PIXELS))))
    return net


input_versions = {"U[0, 1) as above": lambda u: u, "centred, u - 1/2": lambda u: u - 0.5,
                  "not centred, u / 2": lambda u: u / 2, "standardized": lambda u: (u - 0.5) * math.sqrt(12),
                  "centred, small": lambda u: (u - 0.5) * 0.3}
for name, transform in input_versions.items():
    net = normalized_tanh_net(transform)
    act = [h.std() for h in net.post]
    print(f"{name:18s}: E[x^2] = {np.mean(transform(np.random.default_rng(0).random((BATCH, N_PIXELS))) ** 2):.3f}; "
          f"std(h_5) / std(h_1) = {act[-1] / act[0]:.2f}; E[tanh'(z_1)^2] = {np.mean((1 - net.post[0] ** 2) ** 2):.2f}")

# %% [markdown]
# Centring alone (which also shrinks $\mathbb E[x^2]$ fourfold) keeps 80% of the spread instead of 61%: the
# practitioner's fix of centring the inputs does bring the network closer to the paper's picture. But the
# cause is the *scale* at which layer 1 meets the tanh, not the mean as such: halving the raw pixels without
# centring them gives the same $\mathbb E[x^2]$ and nearly the same ratio (0.78 against 0.80), and standardized
# inputs, centred but of variance 1, lose about half the spread (0.51), more than the raw pixels. Only inputs small
# enough for the linear regime make the normalized init's promise hold over five layers (0.97 for the small centred
# inputs). The paper's own inputs differ from ours (our narrower layers are not the cause: the mean-field recursion
# behind these ratios does not depend on the width), and it reports histograms, not these ratios, so the similarity
# its figures show may be looser than our numbers.
#
# The histograms, as in the paper's Figures 6 and 7:

# %%
fig, axes = plt.subplots(2, 2, figsize=(11, 6))
labels = [f"layer {layer + 1}" for layer in range(DEPTH)]
grad_range = 3 * max(net.grad_pre[-1].std() for net in nets.values())
for column, (name, net) in enumerate(nets.items()):
    plots.plot_histograms(net.post, labels, axes[0, column], value_range=(-1, 1), bins=80,
                          title=f"tanh activations $h_l$, {name} init", xlabel="activation value")
    plots.plot_histograms(net.grad_pre, labels, axes[1, column], value_range=(-grad_range, grad_range), bins=80,
                          title=rf"back-propagated gradients $\partial L/\partial z_l$, {name} init",
                          xlabel="gradient value")
plt.show()

# %% [markdown]
# Top left: the peak at 0 grows from layer 1 to layer 5. Bottom left: the peak at 0 is highest for *layer 1*,
# the layer farthest from where the gradient enters. On the right both families of curves stay much closer
# together.

# %% [markdown]
# ## 5. Saturation
#
# A unit is **saturated** when its activation sits on a flat part of the nonlinearity, where the derivative is
# nearly zero and almost no gradient passes. We count, over a batch and all units of a layer, the fraction of
# activations within a margin $m = 0.01$ of the asymptotes:
#
# * tanh (asymptotes $\pm 1$): $|h| > 1 - m = 0.99$, where $\tanh'(z) = 1 - h^2 < 0.02$;
# * sigmoid (asymptotes 0 and 1): $|h - \tfrac12| > \tfrac12 - m = 0.49$, where $\sigma'(z) = h(1-h) < 0.0099$.
#
# **Sigmoid.** The paper's sigmoid finding (its section 3.1 and Figure 2) is about *training*: the top hidden
# layer is driven to its lower saturation value 0 very early and only slowly escapes; the authors attribute
# it to the sigmoid's mean of $\tfrac12$ (the output layer first learns to ignore the top layer's activations, and
# for a sigmoid pushing $h$ to 0 means saturating). What can we measure at initialization? The cell runs the same
# 5-layer network with sigmoid units under the two inits of the paper, and two larger ones: Glorot times 4 (the rule
# of the Theano deep-learning tutorials' `mlp.py`, which credits the paper for it; the paper itself states no such
# factor; it is $1/\sigma'(0)$, since $\sigma'(0) = 1/4$) and weights $\mathcal N(0, 1)$ (no scaling at all). It prints the mean, the std and the saturated fraction of every layer.

# %%
# NBVAL_CHECK_OUTPUT
def saturated(h, activation, margin=0.01):
    """Fraction of activations within `margin` of the asymptotes of tanh (+-1) or sigmoid (0 and 1)."""
    centre = 0.0 if activation == "tanh" else 0.5
    half_range = 1.0 if activation == "tanh" else 0.5
    return float(np.mean(np.abs(h - centre) > half_range - margin))


sigmoid_inits = {
    "standard U(+-1/sqrt(n))": standard_init,
    "Glorot (normalized)": normalized_init,
    "Glorot x 4": lambda shape, rng: init.xavier_uniform(shape, gain=4.0, rng=rng),
    "N(0, 1)": lambda shape, rng: init.normal(shape, 0.0, 1.0, rng=rng),
}
print("sigmoid network, 5 hidden layers of 256 units, at initialization")
print(f"{'init':24s} | {'mean of h_l, layers 1-5':^29s} | {'std of h_l':^29s} | {'saturated fraction':^34s}")
for name, scheme in sigmoid_inits.items():
    net = paper_network(scheme, "sigmoid", backward=False)
    means = " ".join(f"{h.mean():5.3f}" for h in net.post)
    spreads = " ".join(f"{h.std():5.3f}" for h in net.post)
    fractions = " ".join(f"{saturated(h, 'sigmoid'):6.3g}" for h in net.post)
    print(f"{name:24s} | {means} | {spreads} | {fractions}")

# %% [markdown]
# At initialization nothing saturates under either of the paper's inits: every layer's mean is close to $\tfrac12$
# and the spread is small, so the units sit in the sigmoid's almost-linear middle. The reason is the mean:
# $\mathbb E[h^2] = \operatorname{Var}(h) + \tfrac14$, and the $\tfrac14$ alone gives every pre-activation a
# variance of about $n\operatorname{Var}(W)/4$, which is far below the scale at which a sigmoid saturates. Only much larger weights
# saturate sigmoid units at initialization (last two rows), and then the saturation is the same in every layer,
# not concentrated in the top one.
#
# So **here our measurements differ from the paper**, and the reason is clear: the paper's top-layer saturation
# appears *during training*, which we do not run, on a real task with a softmax output and 1000-unit layers
# (ours have 256). What we can confirm at initialization is the ingredient the paper blames: a sigmoid layer's
# output is not centred (mean about $\tfrac12$ in every row above), unlike tanh's.
#
# **Tanh, as a function of the weight scale.** Take a deeper tanh stack (10 layers of 256, standard-normal
# inputs) with $\operatorname{Var}(W) = \text{gain}^2/n$ (Glorot's variance for a square layer, times a gain). The
# cell prints the saturated fraction at layers 1, 5 and 10 and, for layer 10, the mean-field prediction: if
# $z \sim \mathcal N(0, q_{10})$, the fraction is
# $P(|z| > \operatorname{artanh} 0.99) = \operatorname{erfc}\big(\operatorname{artanh}(0.99)/\sqrt{2q_{10}}\big)$,
# with $q_{10}$ from `course_lib.stats.forward_variance`.

# %%
# NBVAL_CHECK_OUTPUT
TANH_WIDTH, TANH_DEPTH, TANH_BATCH = 256, 10, 500
threshold = math.atanh(0.99)
print(f"tanh stack, {TANH_DEPTH} layers of {TANH_WIDTH}, Var(W) = gain^2 / n; saturated fraction |h| > 0.99")
print(f"{'gain':>6} | {'layer 1':>8} {'layer 5':>8} {'layer 10':>8} | {'theory, layer 10':>16}")
for gain in (0.5, 1.0, 5 / 3, 2.0, 3.0, 4.0, 6.0):
    rng = np.random.default_rng(5)
    net = MLP.initialized([TANH_WIDTH] * (TANH_DEPTH + 1),
                          lambda shape, rng, g=gain: init.normal(shape, 0.0, g / math.sqrt(shape[1]), rng=rng),
                          "tanh", rng=rng)
    net.forward(rng.standard_normal((TANH_BATCH, TANH_WIDTH)))
    q = stats.forward_variance([TANH_WIDTH] * (TANH_DEPTH + 1), gain**2 / TANH_WIDTH, "tanh")
    theory = math.erfc(threshold / math.sqrt(2 * q[-1]))
    print(f"{gain:6.3g} | " + " ".join(f"{saturated(net.post[layer], 'tanh'):8.3g}" for layer in (0, 4, 9))
          + f" | {theory:16.3g}")

# %% [markdown]
# Saturation is a steep function of the weight scale. With gain 0.5 no unit is saturated; with gain 1 only a few
# units of layer 1 (whose inputs have unit variance) and none deeper, because the variance decays. At gain 5/3 a
# sizeable fraction of layer 1 is saturated (its pre-activations have variance $\text{gain}^2 = 25/9$), then a
# small fraction that settles after a few layers; from gain 3 on, a large share of all units is saturated in
# every layer. The mean-field prediction for layer 10 matches the simulation to the precision that
# a batch of 500 allows.

# %% [markdown]
# ## 6. Tanh's gain 5/3: a convention, measured
#
# PyTorch's `torch.nn.init.calculate_gain("tanh")` returns $5/3$, "the recommended gain value" for tanh in its
# documentation's words, to be used as in `xavier_uniform_(w, gain=nn.init.calculate_gain("tanh"))`. The
# documentation gives a table of gains, no derivation. Glorot & Bengio used no gain at all: their derivation linearizes tanh ($\tanh'(0) = 1$), which
# suggests gain 1. Which one keeps a deep tanh stack healthy?
#
# **Why gain 1 is not quite enough.** In a square layer with $\operatorname{Var}(W) = \text{gain}^2/n$, the
# mean-field recursion of notebook 02 reads
#
# $$q_{l+1} = \text{gain}^2\, \mathbb E\big[\tanh(z)^2\big],\qquad z \sim \mathcal N(0, q_l).$$
#
# Since $|\tanh z| < |z|$ for $z \neq 0$, $\mathbb E[\tanh(z)^2] < \mathbb E[z^2] = q_l$: with gain 1 the variance
# decreases at every layer. Near 0, $\tanh^2 z = z^2 - \tfrac23 z^4 + O(z^6)$ and $\mathbb E[z^4] = 3q^2$, so
# $q_{l+1} \approx q_l - 2q_l^2$, which decays like $q_l \approx 1/(2l)$: slowly, like a power of the depth,
# not exponentially. With a gain above 1 the recursion has a fixed point $q^* > 0$, and the deeper layers settle
# there instead of decaying. The backward pass multiplies the gradient's variance per layer by
# $\chi = \text{gain}^2\,\mathbb E[\tanh'(z)^2]$ at that fixed point.
#
# The cell checks $\mathbb E[\tanh(z)^2] / q < 1$ and the $1/(2l)$ law, then runs the recursion
# (`stats.forward_variance` and `stats.backward_variance`) for several gains. At layer 50 it prints the std of $h$,
# the saturated fraction and the per-layer backward factor $\chi$; at depths 10 and 50 ($L$) the forward ratio
# $\operatorname{std}(z_L)/\operatorname{std}(z_1)$ and the gradient ratio
# $\operatorname{std}(\partial L/\partial h_0)/\operatorname{std}(\partial L/\partial h_L)$. The gain labelled $g_1$
# solves $g^2\,\mathbb E[\tanh(z)^2] = 1$ for $z \sim \mathcal N(0, 1)$: it is the gain whose fixed point is exactly
# $q^* = 1$.

# %%
# NBVAL_CHECK_OUTPUT
for q in (0.01, 0.1, 1.0, 4.0):
    print(f"q = {q:5g}: E[tanh(z)^2] / q = {float(stats.second_moment('tanh', q)) / q:.3f}")
q_gain_1 = stats.forward_variance([256] * 201, 1 / 256, "tanh")
print("gain 1, 2 l q_l at l = 10, 50, 200:",
      ", ".join(f"{2 * layer * q_gain_1[layer - 1]:.3f}" for layer in (10, 50, 200)))

n = 256
g_unit = 1 / math.sqrt(float(stats.second_moment("tanh", 1.0)))
gains = {"0.9": 0.9, "1": 1.0, "1.1": 1.1, "1.3": 1.3, "g_1": g_unit, "5/3": 5 / 3, "2": 2.0, "3": 3.0}
print("\nmean-field theory, tanh layers of n units, Var(W) = gain^2 / n, input and top gradient of variance 1")
print(f"{'gain':>13} | {'at layer 50:':^25} | {'forward std ratio':^27} | {'gradient std ratio':^27}")
print(f"{'':>13} | {'std h':>6} {'saturated':>9} {'chi':>6} | {'depth 10':>8} {'depth 50':>18} | "
      f"{'depth 10':>8} {'depth 50':>18}")
for label, gain in gains.items():
    ratios = {}
    for depth in (10, 50):
        widths = [n] * (depth + 1)
        q = stats.forward_variance(widths, gain**2 / n, "tanh")
        back = stats.backward_variance(widths, gain**2 / n, "tanh", 1.0, forward_q=q)
        ratios[depth] = (math.sqrt(q[-1] / q[0]), math.sqrt(back[0]))   # z_L / z_1 and dL/dh_0 / dL/dh_L
    chi = gain**2 * float(stats.derivative_second_moment("tanh", q[-1]))
    std_h = math.sqrt(float(stats.second_moment("tanh", q[-1])))
    (f10, b10), (f50, b50) = ratios[10], ratios[50]
    print(f"{label:>5} ({gain:.3f}) | {std_h:6.3f} {math.erfc(threshold / math.sqrt(2 * q[-1])):9.2g} {chi:6.3f} | "
          f"{f10:8.3g} {f50:8.3g} {stats.verdict(f50):>9} | {b10:8.3g} {b50:8.3g} {stats.verdict(b50):>9}")

# %% [markdown]
# Read the output from top to bottom (the verdicts use the course's rule: a ratio below 1/4 is "vanishing", above
# 4 "exploding"):
#
# * $\mathbb E[\tanh(z)^2]/q$ is below 1 for every $q$, close to 1 only for small $q$: the variance leaks at every
#   layer, a lot while $q$ is of order 1 and little once it is small.
# * **Gain 0.9**: both passes decay exponentially. **Gain 1**: the forward std falls by a factor of about 10 over 50
#   layers, the slow power-law decay $q_l \approx 1/(2l)$. The gradients shrink by a similar factor, mostly in the
#   first layers, where $q$ is still of order 1 and $\mathbb E[\tanh'(z)^2]$ is well below 1; deeper, $\chi$ is close to 1.
# * **Gains above 1** stop the forward decay: the std of $h_{50}$ settles at a value that grows with the gain, and so
#   does the saturated fraction. For 5/3 the std of $h$ at depth is about 0.65 (printed); $g_1$ gives $q^* = 1$
#   exactly, a little below 5/3, so "5/3 restores unit variance" is only roughly true.
# * **The price** is in the backward pass: for a gain above 1 the fixed point has $\chi > 1$, and the gradients grow
#   by that factor per layer on their way down. With 5/3 the growth is moderate at depth 10 and large at depth 50
#   (printed). Zero-bias tanh stacks with gain above 1 are in what the mean-field literature calls the chaotic phase
#   (notebook 05 returns to this).
#
# So no gain makes both passes exact, and "the right gain" depends on the depth. At depth 10 the gains from 1.1
# to 2 keep both ratios within the course's factor 4 (gain 1 just misses it: forward ratio 0.241); at depth 50
# only gains slightly
# above 1 (1.1 and 1.3 in the table) do, and 5/3 keeps the forward signal at the cost of growing gradients. 5/3 is a convention that favours the forward
# pass; neither the docstring nor the code of `torch/nn/init.py` derives it, and the documentation does not claim it
# is derived. These are statements
# about an untrained, bias-free stack with Gaussian-like inputs; biases, normalization layers and training all
# change the picture. Exercise 4 turns "depends on the depth" into a rule; after it, a simulation checks the
# mean-field numbers on real random networks.

# %% [markdown]
# ### Exercise 4 (choose, 3 points)
#
# The table above says that the right gain depends on the depth. Make it a rule. For each depth $L$ in
# `GAIN_DEPTHS` below, choose from `GAIN_MENU` the **largest** gain that keeps *both* mean-field ratios of the
# table, the forward $\operatorname{std}(z_L)/\operatorname{std}(z_1)$ and the gradient
# $\operatorname{std}(\partial L/\partial h_0)/\operatorname{std}(\partial L/\partial h_L)$, within the course's
# factor 4 (between 1/4 and 4), in the same set-up (square tanh layers of 256 units, $\operatorname{Var}(W) =
# \text{gain}^2/n$, no biases, input and top gradient of variance 1). A larger gain keeps more of the forward signal
# and saturates more units, so "largest" asks for the strongest forward pass the gradients can afford.
#
# `chosen_gains()` returns a dict `{depth: gain}` with one entry per depth of `GAIN_DEPTHS`, each gain taken from
# `GAIN_MENU`. You may explore with `stats.forward_variance` and `stats.backward_variance` as the table's cell does
# (only the choices are graded). The hidden test checks what each choice does: both ratios within the factor 4
# at that depth, and the next larger gain of the menu breaking it.

# %%
GAIN_MENU = (1.0, 1.1, 1.3, 1.5, 5 / 3, 2.0, 3.0)
GAIN_DEPTHS = (3, 5, 8, 15, 25, 40, 75, 150)

# %% kind="answer" grade_id="n03_tanh_gain_choice_answer"
def chosen_gains():
    """For each depth of GAIN_DEPTHS, the largest gain of GAIN_MENU keeping both mean-field ratios within 4x."""
    ### BEGIN SOLUTION
    return {3: 3.0, 5: 2.0, 8: 2.0, 15: 5 / 3, 25: 1.5, 40: 1.3, 75: 1.1, 150: 1.1}
    ### END SOLUTION


# %% kind="test" grade_id="n03_tanh_gain_choice_test" points=3
"""chosen_gains() maps each depth 3, 5, 8, 15, 25, 40, 75, 150 to a gain of the menu (the hidden test checks them)."""
from course_lib import grading

_menu = (1.0, 1.1, 1.3, 1.5, 5 / 3, 2.0, 3.0)
_got = grading.call_quietly(chosen_gains)
assert isinstance(_got, dict), f"chosen_gains() should return a dict, got {type(_got).__name__}"
assert sorted(_got) == [3, 5, 8, 15, 25, 40, 75, 150], f"the keys should be the depths, got {sorted(_got)}"
for _depth, _gain in _got.items():
    _value = grading.check_number(_gain, f"chosen_gains()[{_depth}]", positive=True)
    assert min(abs(_value - _g) for _g in _menu) < 1e-6, f"chosen_gains()[{_depth}] = {_value:.4g} is not in GAIN_MENU"
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

from course_lib import stats as _stats

# Deterministic: the mean-field recursion of the table's cell (Gauss-Hermite quadrature, no sampling) decides
# what each chosen gain does; the nearest ratio to a factor-4 edge among the graded cases is 3.55 (depth 25,
# gain 1.5) or 4.25 (depth 5, gain 3), far from the threshold at the recursion's precision.


def _ratios(depth, gain, n=256):
    widths = [n] * (depth + 1)
    q = _stats.forward_variance(widths, gain**2 / n, "tanh")
    back = _stats.backward_variance(widths, gain**2 / n, "tanh", 1.0, forward_q=q)
    return math.sqrt(q[-1] / q[0]), math.sqrt(back[0])


def _within(ratios):
    return all(0.25 <= r <= 4.0 for r in ratios)


_answer = grading.call_quietly(chosen_gains)
for _depth in (3, 5, 8, 15, 25, 40, 75, 150):
    _gain = grading.as_float(_answer[_depth], f"chosen_gains()[{_depth}]")
    _index = min(range(len(_menu)), key=lambda i: abs(_menu[i] - _gain))
    _forward, _backward = _ratios(_depth, _menu[_index])
    if not _within((_forward, _backward)):
        _which = ("the gradients grow by more than 4x on their way down" if _backward > 4 else
                  "the gradients shrink by more than 4x" if _backward < 0.25 else
                  "the forward signal shrinks by more than 4x")
        raise AssertionError(f"at depth {_depth}, gain {_gain:.4g} breaks the factor 4: {_which}. Run the "
                             "recursion for this depth and take a gain that keeps both ratios between 1/4 and 4.")
    if _index + 1 < len(_menu) and _within(_ratios(_depth, _menu[_index + 1])):
        raise AssertionError(f"at depth {_depth}, gain {_gain:.4g} keeps both ratios within 4x, but so does the next "
                             "larger gain of the menu: the exercise asks for the largest one (the strongest forward "
                             "pass the gradients can afford).")
### END HIDDEN TESTS

# %% [markdown]
# Your choices beside the depth: the cell prints, for each depth, your gain and the two mean-field ratios it gives.

# %%
choice = grading.learner_value(chosen_gains)
if isinstance(choice, dict):
    for depth in GAIN_DEPTHS:
        gain = choice.get(depth)
        if gain is None:
            print(f"depth {depth:3d}: no gain chosen")
            continue
        widths = [n] * (depth + 1)
        q = stats.forward_variance(widths, gain**2 / n, "tanh")
        back = stats.backward_variance(widths, gain**2 / n, "tanh", 1.0, forward_q=q)
        print(f"depth {depth:3d}: gain {gain:.3g}, forward ratio {math.sqrt(q[-1] / q[0]):.2f}, "
              f"gradient ratio {math.sqrt(back[0]):.3g}")

# %% [markdown]
# The simulation below checks the mean-field numbers on real random networks (30 layers of 256 units, markers)
# against the recursion (dashed).


# %%
# NBVAL_CHECK_OUTPUT
def gain_scheme(gain):
    return Scheme(f"xavier_normal, gain {gain:.3g}",
                  lambda shape, rng: init.xavier_normal(shape, gain=gain, rng=rng),
                  lambda shape: gain**2 * 2 / sum(fan_in_and_fan_out(shape)), f"gain {gain:.3g}")


reports = {label: stats.simulate_stack(gain_scheme(gain), "tanh", depth=30, width=256, batch=200, rng=6)
           for label, gain in [("gain 1", 1.0), ("gain 5/3", 5 / 3), ("gain 3", 3.0)]}
print(f"{'':9} | {'std z_l, simulated (theory)':^59} | {'std dL/dh_(l-1), simulated (theory)':^59}")
print(f"{'':9} | " + " ".join(f"{'layer ' + str(i):^19}" for i in (1, 10, 30)) + " | "
      + " ".join(f"{'layer ' + str(i):^19}" for i in (1, 10, 30)))
for label, report in reports.items():
    z = " ".join(f"{report.simulated[i]:8.3g} ({report.theory[i]:8.3g})" for i in (0, 9, 29))
    g = " ".join(f"{report.grad_simulated[i]:8.3g} ({report.grad_theory[i]:8.3g})" for i in (0, 9, 29))
    print(f"{label:9} | {z} | {g}")

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
plots.plot_layer_values({k: r.simulated for k, r in reports.items()}, axes[0],
                        theory={k: r.theory for k, r in reports.items()},
                        title="forward: std of pre-activations, tanh, 30 layers")
plots.plot_layer_values({k: r.grad_simulated for k, r in reports.items()}, axes[1],
                        theory={k: r.grad_theory for k, r in reports.items()},
                        ylabel=r"std of $\partial L/\partial h_{l-1}$",
                        title="backward: std of gradients (enter at layer 30)")
plt.show()

# %% [markdown]
# The simulation follows the recursion, within 20% at worst (finite width, finite batch): with gain 1 the
# forward std decays slowly and the gradients shrink towards layer 1; with 5/3 the forward std is flat after a
# few layers and the gradients grow steadily towards layer 1; with gain 3 both effects are stronger and
# (section 5) more than a quarter of the units are saturated.
#
# Explore it yourself: the widget below runs the same kind of stack (its `xavier_normal` has gain 1) for any depth,
# width and input scale, with the recursion dashed. Try `tanh` against `relu` and `linear`, and deep stacks
# (depth 100) against shallow ones.

# %%
# NBVAL_IGNORE_OUTPUT
explorer = widgets.init_explorer(scheme="xavier_normal", activation="tanh", depth=30, width=256)

# %% [markdown]
# ## 7. Summary
#
# * The forward pass keeps the activations' variance when $\text{fan\_in}\cdot\operatorname{Var}(W) = 1$; the backward
#   pass keeps the gradients' variance when $\text{fan\_out}\cdot\operatorname{Var}(W) = 1$. Glorot & Bengio's
#   compromise $\operatorname{Var}(W) = 2/(\text{fan\_in}+\text{fan\_out})$ misses both by the factors
#   $r_f = 2n_{\text{in}}/(n_{\text{in}}+n_{\text{out}})$ and $r_b = 2n_{\text{out}}/(n_{\text{in}}+n_{\text{out}})$.
#   Their *arithmetic* mean is 1 (the variance is the reciprocal of the arithmetic mean of the fans), but across
#   layers the factors multiply and $r_f r_b = 4n_{\text{in}}n_{\text{out}}/(n_{\text{in}}+n_{\text{out}})^2 \le 1$:
#   a $256 \to 1024 \to 256$ stack keeps only $0.4 \times 1.6 = 0.64$ of its variance in both directions. The geometric
#   mean of the fans would balance the product. End to end, $F/B = n_0/n_L$ for every choice of variances.
# * Normal form: $\sigma = \text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$. Uniform form: bound
#   $a = \text{gain}\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$, since $U(-a, a)$ has variance $a^2/3$. For
#   convolutions both fans include the receptive field.
# * In a deep tanh network at initialization the paper's "standard" $U(\pm 1/\sqrt n)$, i.e.
#   $n\operatorname{Var}(W) = 1/3$, shrinks the activations by about $\sqrt{1/3}$ per layer and the back-propagated
#   gradients likewise; the normalized init keeps them much more even but, on our $U[0,1)$ inputs, still loses 39%
#   of the activations' spread over four layers (tanh's nonlinearity at the inputs' scale; centring the inputs
#   reduces the loss to 20%, standardizing them to variance 1 raises it to 49%). The weight gradients are similar
#   across layers in both cases. Our Jacobian singular values
#   (about 0.5 and 0.7 to 0.8) are near the paper's.
# * Sigmoid units do not saturate at initialization under either init: the paper's top-layer saturation happens
#   during training. What is visible at initialization is the mean of $\tfrac12$, which tanh does not have.
# * Tanh with gain 1 loses variance slowly ($q_l \approx 1/(2l)$), and its gradients shrink too; gains above 1
#   stabilise the forward pass at a fixed point and make the gradients grow by $\chi > 1$ per layer once the
#   activations sit there (just above 1, $\chi \approx 1$ and the first layers' losses still win: gain 1.1 ends at
#   0.479 at depth 50). 5/3 is a
#   convention that favours the forward pass, not a derived law: at depth 10 it does as well as the other gains
#   between 1.1 and 2; at depth 50 its gradients grow by a large factor. The largest gain that keeps both passes
#   within a factor 4 falls as the depth grows (Exercise 4).
#
# ## 8. Active recall
#
# 1. Which sum has fan_in terms and which has fan_out terms, for `W` of shape `(fan_out, fan_in)`?
# 2. A layer has 100 inputs and 400 outputs. With Glorot's init, by which factors do the forward and the backward
#    variances change through this layer?
# 3. Why is the uniform bound $\sqrt 3$ times the standard deviation?
# 4. What are fan_in and fan_out of a `Conv2d(16, 32, kernel_size=5)` weight of shape `(32, 16, 5, 5)`?
# 5. What did Glorot & Bengio's "standard" initialization do to the back-propagated gradients of a deep tanh
#    network, and why does it not show in the weight gradients?
# 6. Why does a sigmoid layer not saturate at initialization even though its output has mean $\tfrac12$?
# 7. With gain 1, does the variance of a deep tanh stack decay exponentially? What changes with gain 5/3, and what
#    does it cost?
# 8. A classifier has widths $784 \to 256 \to 10$. Can any per-layer choice of weight variances keep both the forward
#    and the backward variance ratio at 1 from end to end?
#
# <details>
# <summary>Answers</summary>
#
# 1. The forward sum $z_i = \sum_j W_{ij} x_j$ runs over a row: fan_in terms. The backward sum
#    $\partial L/\partial x_j = \sum_i W_{ij}\,\partial L/\partial z_i$ runs over a column: fan_out terms.
# 2. $\operatorname{Var}(W) = 2/500$: forward factor $100 \cdot 2/500 = 0.4$, backward factor $400\cdot 2/500 = 1.6$.
#    Their arithmetic mean is 1, their product $0.64$: followed by a $400 \to 100$ layer, the network would keep
#    only $0.64$ of the variance in both directions, since factors of successive layers multiply.
# 3. $U(-a, a)$ has variance $a^2/3$; setting it to $\sigma^2$ gives $a = \sqrt 3\,\sigma$, so
#    $\sqrt{3\cdot 2/(\text{fan\_in}+\text{fan\_out})} = \sqrt{6/(\text{fan\_in}+\text{fan\_out})}$.
# 4. The receptive field is $5\cdot 5 = 25$: fan_in $= 16\cdot 25 = 400$, fan_out $= 32\cdot 25 = 800$.
# 5. It multiplied their variance by about $n\operatorname{Var}(W) = 1/3$ (times $\mathbb E[\tanh'^2] \le 1$) per
#    layer, so they shrank towards the input. The weight gradient $\delta_l^\top h_{l-1}$ pairs a small $\delta_l$
#    (low layer) with a large $h_{l-1}$ (low layer: activations not yet shrunk), and the two trends cancel.
# 6. The mean contributes $\tfrac14$ to $\mathbb E[h^2]$, but with $n\operatorname{Var}(W) \le 1$ the
#    pre-activations then have a variance of order $\tfrac14$, far from the values $|z| > \ln 99$ where $\sigma(z)$ is
#    within 0.01 of 0 or 1.
# 7. No: $q_{l+1} \approx q_l - 2q_l^2$ gives $q_l \approx 1/(2l)$, a slow power-law decay. With gain 5/3 the recursion
#    has a fixed point ($\operatorname{std}(h) \approx 0.65$), so the forward signal stays; the cost is $\chi > 1$: the
#    backward gradients grow by a constant factor per layer.
# 8. No: $F/B = \prod_l n_{l-1}/n_l = n_0/n_L = 78.4$ whatever the variances. The most even split is
#    $F = \sqrt{78.4} \approx 8.9$, $B = 1/8.9$, which the geometric-mean variance $1/\sqrt{n_{l-1}n_l}$ gives.
#
# </details>
