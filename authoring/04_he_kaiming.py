# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 04 · He (Kaiming) initialization: ReLU, fan modes, leaky ReLU and framework defaults
#
# *Weight-initialization course, notebook 4 of 8. Estimated time: 80 to 100 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. derive $\mathrm{Var}(W) = 2/\text{fan\_in}$ from $E[\mathrm{relu}(z)^2] = \tfrac12\,\mathrm{Var}(z)$, and say
#    exactly which assumption that identity needs (a *symmetric* $z$, not a Gaussian one);
# 2. predict, and measure, the factor $2^{-L/2}$ by which Glorot (Xavier) weights shrink the signal of an
#    $L$-layer ReLU stack, and see He initialization keep it flat;
# 3. choose between `mode="fan_in"` (preserves the forward pass) and `mode="fan_out"` (preserves the backward
#    pass), and predict what the other pass, and each layer's *weight gradients*, then do on a stack whose
#    widths change;
# 4. derive the gain of a leaky ReLU and implement Kaiming initialization (normal and uniform) with modes,
#    gains and convolution shapes, from scratch in NumPy;
# 5. read what a framework's default really is: PyTorch's `nn.Linear` and `nn.Conv2d` call
#    `kaiming_uniform_(w, a=sqrt(5))`, which is *not* He initialization, and predict what it does to a deep
#    ReLU stack.
#
# **Prerequisites.** Notebook 02 (variance of sums of products; the forward and backward variance
# recursions) and notebook 03 (Glorot's fan-in/fan-out compromise). Expectations written as integrals of a
# density; NumPy.
#
# **How to work.** Run the cells from top to bottom (Run All works on the untouched notebook: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are four exercises (11 points):
# two *derive*, one *predict*, one *implement*. Each has a test cell you can run: its visible checks catch the
# type and shape slips, and hidden tests decide the grade. The exercises are independent of each other.

# %%
import inspect
import math
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np

from course_lib import grading, init, plots, stats, widgets
from course_lib.activations import leaky_relu
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The question
#
# Notebook 03 chose $\mathrm{Var}(W) = 2/(\text{fan\_in} + \text{fan\_out})$, a compromise between keeping the
# variance of the forward and of the backward signal (both kept when the layer is square), assuming the
# nonlinearity behaves like the identity near zero (true for tanh, whose slope at 0 is 1). A rectified linear unit, $\mathrm{relu}(z) = \max(z, 0)$, does not: it sets half of its
# inputs to zero. He, Zhang, Ren and Sun (2015, *Delving Deep into Rectifiers*) worked out what that costs
# and how to pay it back: a factor 2 in the weight variance. This notebook derives that factor, checks every
# step by simulation, reproduces in miniature the experiment in which a 30-layer ReLU network trains from He
# initialization and stalls from Xavier's, and then reads what PyTorch actually does by default, which is
# something else again.
#
# ## 2. ReLU halves the second moment
#
# Let $z$ be a random variable with a **symmetric** density, $p(z) = p(-z)$. Then
#
# $$E[\mathrm{relu}(z)^2] = \int_0^\infty z^2\,p(z)\,dz
#   = \frac12\int_{-\infty}^{\infty} z^2\,p(z)\,dz = \frac12\,E[z^2] = \frac12\,\mathrm{Var}(z),$$
#
# because the integrand $z^2p(z)$ is even and a symmetric $z$ has mean zero. Two remarks matter later:
#
# * Only symmetry is used: no Gaussian assumption, no large width. Zero mean alone is **not** enough.
# * The identity is about the *second moment* $E[\mathrm{relu}(z)^2]$, not the variance of $\mathrm{relu}(z)$:
#   a ReLU output has a positive mean, so its variance is smaller than its second moment. The cell checks
#   the identity by Monte Carlo for several symmetric distributions and one that is zero-mean but skewed.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
N = 1_000_000
samples = {
    "normal N(0, 1)": rng.standard_normal(N),
    "uniform U(-1, 1)": rng.uniform(-1.0, 1.0, N),
    "Laplace": rng.laplace(0.0, 1.0, N),
    "Student t, 5 degrees of freedom": rng.standard_t(5, N),
    "random signs +1 / -1": rng.choice([-1.0, 1.0], N),
    "product of two normals (like w * h)": rng.standard_normal(N) * rng.standard_normal(N),
    "exponential - 1 (mean 0, skewed)": rng.exponential(1.0, N) - 1.0,
}
print(f"{'distribution of z':38s} E[relu(z)^2] / E[z^2]")
for name, z in samples.items():
    print(f"{name:38s} {np.mean(np.maximum(z, 0.0) ** 2) / np.mean(z**2):.3f}")
h = np.maximum(samples["normal N(0, 1)"], 0.0)
print(f"\nfor z ~ N(0, 1): E[relu(z)^2] = {np.mean(h**2):.3f} but Var(relu(z)) = {h.var():.3f} "
      f"(theory 1/2 - 1/(2 pi) = {0.5 - 0.5 / math.pi:.3f})")

# %% [markdown]
# Every symmetric distribution gives one half (up to Monte Carlo error in the third decimal); the skewed one
# does not, although its mean is zero too. The last line shows why the distinction between second moment and
# variance matters: for a normal $z$ the variance of $\mathrm{relu}(z)$ is well below one half.
#
# ### The forward recursion and He's factor 2
#
# A dense layer computes $z = h\,W^\top$ for a batch of row vectors $h$. Throughout the course weights use
# **PyTorch's layout** `W.shape == (fan_out, fan_in)`: row $i$ of `W` holds the incoming weights of unit $i$,
# and a layer is `z = h @ W.T`. Layer $l$ maps $n_{l-1}$ inputs to $n_l$ outputs:
# $z_{l,i} = \sum_{j=1}^{n_{l-1}} W_{l,ij}\,h_{l-1,j}$ and $h_l = \mathrm{relu}(z_l)$, with $h_0 = x$.
#
# If the weights are i.i.d., zero-mean, symmetric and independent of $h_{l-1}$ (they are, at initialization),
#
# $$E[z_{l,i}^2] = \sum_j E[W_{l,ij}^2]\,E[h_{l-1,j}^2] = n_{l-1}\,\mathrm{Var}(W_l)\,E[h_{l-1}^2].$$
#
# Note the *second moment* $E[h^2]$ on the right (the mean of $h$ counts). Given $h_{l-1}$, $z_{l,i}$ is a sum
# of symmetric terms, so $z_l$ is symmetric and the identity above applies at every layer $l \ge 2$:
# $E[h_{l-1}^2] = \tfrac12\mathrm{Var}(z_{l-1})$. Hence
#
# $$\mathrm{Var}(z_l) = \tfrac12\,n_{l-1}\,\mathrm{Var}(W_l)\,\mathrm{Var}(z_{l-1}),$$
#
# and the variance stays constant from layer to layer exactly when
#
# $$\boxed{\;\mathrm{Var}(W_l) = \frac{2}{n_{l-1}} = \frac{2}{\text{fan\_in}}\;}
#   \qquad\text{(He et al., 2015).}$$
#
# Compared with LeCun's $1/\text{fan\_in}$ (the right scale for a linear layer), the factor 2 pays back the
# half of the second moment that the ReLU removes. The first layer is the exception: its input $x$ is not a
# ReLU output, so $\mathrm{Var}(z_1) = 2\,E[x^2]$ under He initialization, a one-off constant that does not
# compound with depth. One layer, checked by simulation, with a non-square weight:

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(1)
z_prev = rng.standard_normal((2000, 500))          # pre-activations of the previous layer, Var = 1
h_prev = np.maximum(z_prev, 0.0)
for name, W in [
    ("He     Var(W) = 2 / fan_in", init.kaiming_normal((1000, 500), nonlinearity="relu", rng=rng)),
    ("Xavier Var(W) = 2 / (fan_in + fan_out)", init.xavier_normal((1000, 500), rng=rng)),
]:
    z = h_prev @ W.T                                # W has shape (fan_out, fan_in) = (1000, 500)
    predicted = 0.5 * 500 * W.var()                 # (1/2) n_{l-1} Var(W) Var(z_prev), with Var(z_prev) = 1
    print(f"{name:40s} Var(z) / Var(z_prev) = {z.var() / z_prev.var():.3f}   "
          f"(1/2 * fan_in * Var(W) = {predicted:.3f})")

# %% [markdown]
# He's weights keep the variance; Xavier's lose a share set by the fans (for this $1000\times500$ layer,
# $\tfrac12\cdot 500\cdot 2/1500 = 1/3$). The measured ratios differ from the predictions by under one percent
# here: the sampling error of a finite batch through one random weight matrix.
#
# ## 3. Xavier with ReLU shrinks the signal by $2^{-L/2}$
#
# In a stack of square layers ($n_l = n$), Xavier's variance is $2/(n + n) = 1/n$, so every ReLU layer
# multiplies the second moment by $\tfrac12\,n\cdot\tfrac1n = \tfrac12$. Starting from $E[z_1^2] = E[x^2]$:
#
# $$E[h_L^2] = 2^{-L}\,E[x^2], \qquad
#   \frac{\sqrt{E[h_L^2]}}{\sqrt{E[x^2]}} = 2^{-L/2} \quad\text{(Xavier)}, \qquad
#   \frac{\sqrt{E[h_L^2]}}{\sqrt{E[x^2]}} = 1 \quad\text{(He)}.$$
#
# Over 30 layers that is $2^{-15}$. The simulation pushes a batch of 64 standard-normal inputs through
# stacks of width 256 and measures the root mean square (RMS) $\sqrt{E[h_l^2]}$ at every layer. One network
# of finite width is itself random (section 3.1 below), so the cell averages $E[h_l^2]$ over 8 independently
# drawn networks per scheme.

# %%
# NBVAL_CHECK_OUTPUT
def rms_per_layer(scheme, width=256, depth=30, batch=64, networks=8, seed=0):
    """sqrt(E[h_l^2]) / sqrt(E[x^2]) for l = 1..depth, one row per network (ReLU after every layer)."""
    rows = []
    for child in np.random.SeedSequence(seed).spawn(networks):
        rng = np.random.default_rng(child)
        net = MLP.initialized([width] * (depth + 1), scheme, "relu", rng=rng)
        x = rng.standard_normal((batch, width))
        net.forward(x)
        rows.append([math.sqrt(np.mean(h**2) / np.mean(x**2)) for h in net.post])
    return np.array(rows)


xavier_rows = rms_per_layer("xavier_normal", seed=1)
he_rows = rms_per_layer("kaiming_normal", seed=2)
xavier_rms = np.sqrt(np.mean(xavier_rows**2, axis=0))       # average the second moments, then the root
he_rms = np.sqrt(np.mean(he_rows**2, axis=0))
depths = np.arange(1, 31)
print("depth L | Xavier: measured  predicted 2^(-L/2)  ratio | He: measured  predicted")
for L in (1, 2, 5, 10, 15, 20, 25, 30):
    predicted = 2.0 ** (-L / 2)
    print(f"{L:7d} | {xavier_rms[L - 1]:16.3g} {predicted:19.3g} {xavier_rms[L - 1] / predicted:6.2f} | "
          f"{he_rms[L - 1]:12.2f} {1:10d}")
print(f"He at L = 30, the 8 networks one by one: {np.round(he_rows[:, -1], 2)}")

# %% [markdown]
# The Xavier column falls like the prediction (the ratio column stays of order one while the signal drops by
# a factor $2^{15}$); the He column stays near 1.
#
# ### 3.1 Why one network wanders, and why the two schemes wander alike
#
# The last printed line shows that a *single* He network at depth 30 can end well above or below 1. The
# recursion holds in expectation over the weights; in a network of finite width $n$ each layer multiplies the
# second moment by a random factor whose relative spread shrinks like $1/\sqrt n$, and those factors compound
# with depth. Averaging over networks recovers the mean. The random factor is also *the same* for both schemes
# when the weights come from the same draw, because ReLU is positively homogeneous,
# $\mathrm{relu}(c\,z) = c\,\mathrm{relu}(z)$ for $c > 0$: in a square stack Xavier's weights are He's divided
# by $\sqrt2$, so one draw gives outputs that differ by exactly $2^{-L/2}$, whatever that draw is. The cell
# checks it on one draw of 30 layers: the printed deviation is a rounding error.

# %%
rng = np.random.default_rng(3)
he_weights = [init.kaiming_normal((256, 256), nonlinearity="relu", rng=rng) for _ in range(30)]
x = rng.standard_normal((64, 256))
out_he = MLP(he_weights, activation="relu").forward(x)
out_xavier = MLP([w / math.sqrt(2) for w in he_weights], activation="relu").forward(x)
print("largest |h_30(Xavier) / (2^-15 h_30(He)) - 1| over the nonzero outputs:",
      f"{np.max(np.abs(out_xavier[out_he > 0] / (2**-15 * out_he[out_he > 0]) - 1)):.1e}")

# %% [markdown]
# The plot shows the averaged RMS per layer against the two predictions (dashed).

# %%
ax = plots.plot_layer_values(
    {"Xavier + ReLU": xavier_rms, "He + ReLU": he_rms},
    theory={"Xavier + ReLU": 2.0 ** (-depths / 2), "He + ReLU": np.ones_like(depths, dtype=float)},
    ylabel=r"$\sqrt{E[h_l^2]}\,/\,\sqrt{E[x^2]}$",
    title="Square ReLU stack, width 256: Xavier shrinks by $2^{-l/2}$, He stays flat",
)
plt.show()

# %% [markdown]
# ## 4. Leaky ReLU
#
# A leaky ReLU keeps a slope $a$ for negative inputs: $\mathrm{leaky}_a(z) = z$ for $z > 0$ and $a z$
# otherwise ($a = 0$ is ReLU, $a = 1$ the identity). For a symmetric $z$ the same split of the integral gives
#
# $$E[\mathrm{leaky}_a(z)^2] = \int_0^\infty z^2 p(z)\,dz + a^2\int_{-\infty}^0 z^2 p(z)\,dz
#   = \frac{1 + a^2}{2}\,\mathrm{Var}(z).$$
#
# The cell checks it by simulation for several slopes, with normal and with uniform $z$.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(4)
z_normal = rng.standard_normal(N)
z_uniform = rng.uniform(-1.0, 1.0, N)
print("slope a | E[leaky(z)^2] / Var(z): normal z  uniform z | (1 + a^2) / 2")
for a in (0.0, 0.01, 0.2, 0.5, 1.0):
    act = leaky_relu(a)
    ratios = [np.mean(act(z) ** 2) / np.var(z) for z in (z_normal, z_uniform)]
    print(f"{a:7.2f} | {ratios[0]:33.3f} {ratios[1]:10.3f} | {(1 + a**2) / 2:13.3f}")

# %% [markdown]
# Frameworks express the weight scale through a **gain** $g$: $\mathrm{Var}(W) = g^2/\text{fan\_in}$, i.e.
# $\mathrm{std}(W) = g/\sqrt{\text{fan\_in}}$. For ReLU, section 2 gave $g = \sqrt2$; for the identity
# (`"linear"`), $g = 1$.
#
# ### Exercise 1 (derive, 1 point)
#
# Write `leaky_relu_gain(a)` returning the gain $g$ for a leaky ReLU with negative slope `a`: the number such
# that weights with $\mathrm{Var}(W) = g^2/\text{fan\_in}$ keep $\mathrm{Var}(z_l)$ constant from layer to
# layer through $\mathrm{leaky}_a$. Derive it from the result above (same steps as section 2).
#
# * `a` is a real number (it may be negative or larger than 1);
# * return a Python `float` (a NumPy float is accepted); use `math` only (the tests block `course_lib`'s gain
#   table and initializers while your function runs).

# %% kind="answer" grade_id="n04_leaky_gain_answer"
def leaky_relu_gain(a):
    """Gain g with Var(W) = g**2 / fan_in preserving Var(z) through leaky_relu with negative slope a."""
    ### BEGIN SOLUTION
    return math.sqrt(2.0 / (1.0 + a * a))
    ### END SOLUTION


# %% kind="test" grade_id="n04_leaky_gain_test" points=1
"""leaky_relu_gain(a) returns one positive number for a few slopes (the hidden tests check its value)."""
from course_lib import grading

for _a in (0.0, 0.5, -0.2):
    grading.check_number(grading.call_quietly(leaky_relu_gain, _a), f"leaky_relu_gain({_a})", positive=True)
grading.check_close(grading.call_quietly(leaky_relu_gain, 1.0), 1.0, "leaky_relu_gain(1.0) (the identity)")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math as _math


def _gain(a):
    with grading.forbidding("course_lib.gain", "course_lib.init", "course_lib.stats", "torch.nn.init",
                            who="leaky_relu_gain", advice="derive the gain and write it with math only"):
        _value = grading.call_quietly(leaky_relu_gain, a)
    return grading.as_float(_value, f"leaky_relu_gain({a:.4g})")


def _hints(a):
    """(ratio answer/expected, message) for the usual slips, for slope a."""
    _right = _math.sqrt(2 / (1 + a * a))
    _list = [
        (2 / (1 + a * a), "Is the square root missing? The gain multiplies the std: Var(W) = g**2 / fan_in."),
        (_math.sqrt((1 + a * a) / 2), "Is the gain inverted? The weights must make up for the factor the "
                                      "activation applies to the second moment, not apply it again."),
        (_math.sqrt(2), "Is the slope a ignored? sqrt(2) is the gain of a plain ReLU (a = 0)."),
        (_math.sqrt(2) / (1 + a * a), "Is the square root taken of 2 only? Take it of the whole ratio."),
        (_math.sqrt(1 / (1 + a * a)), "Is the factor 2 missing? Only half of a symmetric z is positive."),
    ]
    if a > -1:
        _list.append((_math.sqrt(2 / (1 + a)), "Does a appear without its square? The negative part keeps "
                                               "a**2 * Var(z) / 2."))
    return [(_value / _right, _message) for _value, _message in _list if abs(_value / _right - 1) > 1e-4]


def _check(a):
    """The answer must match the derived gain to 1e-6; a wrong one is named by its ratio to it."""
    _ratio = _gain(a) / _math.sqrt(2.0 / (1.0 + a * a))
    _named = [_m for _r, _m in _hints(a) if abs(_ratio / _r - 1) < 1e-6]
    _digits = ".3g" if abs(_ratio - 1) > 1e-3 else ".7g"
    assert abs(_ratio - 1) <= 1e-6, (
        f"leaky_relu_gain({a:.4g}) is {_ratio:{_digits}}x the expected value. " + " Or: ".join(_named))


for _a in (0.0, 0.5, 0.01, 0.2, 1.0, _math.sqrt(5), -0.3, 3.0, 0.1, -1.7):
    _check(_a)
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Fan-in or fan-out: the forward or the backward pass
#
# Backpropagation runs the same layers the other way. With $g_l = \partial L/\partial h_l$ and
# $\delta_l = g_l \odot \mathrm{relu}'(z_l)$, the gradient that reaches the previous layer is
# $g_{l-1} = \delta_l\,W_l$, i.e. $g_{l-1,j} = \sum_{i=1}^{n_l} W_{l,ij}\,\delta_{l,i}$: a sum over the
# layer's **outputs**. With $E[\mathrm{relu}'(z)^2] = P(z > 0) = \tfrac12$ for a symmetric $z$, and treating
# the backward signal as independent of the forward one (the usual mean-field assumption),
#
# $$E[g_{l-1}^2] = \tfrac12\,n_l\,\mathrm{Var}(W_l)\,E[g_l^2],
#   \qquad\text{preserved when}\qquad \mathrm{Var}(W_l) = \frac{2}{n_l} = \frac{2}{\text{fan\_out}}.$$
#
# So `mode="fan_in"` keeps the forward pass exact and `mode="fan_out"` keeps the backward pass exact. When
# every layer is square the two coincide. When the widths change, the *other* pass picks up a factor per
# layer, and the factors telescope:
#
# $$\text{fan\_in mode:}\quad \frac{E[g_0^2]}{E[g_L^2]} = \prod_{l=1}^{L}\frac{n_l}{n_{l-1}} = \frac{n_L}{n_0},
#   \qquad\qquad
#   \text{fan\_out mode:}\quad \frac{E[h_L^2]}{E[x^2]} = \prod_{l=1}^{L}\frac{n_{l-1}}{n_l} = \frac{n_0}{n_L}.$$
#
# He et al. (2015) make the same remark: the mismatch is the ratio of the first and last widths, not a factor
# that grows exponentially with depth, so either mode avoids vanishing and exploding signals. In between,
# each layer's statistics jump with its width. The simulation uses a stack whose widths go up and down.

# %%
# NBVAL_CHECK_OUTPUT
WIDTHS = [64, 128, 512, 256, 1024, 512]


def he_scheme(mode):
    """He normal weights for ReLU in the given mode, as MLP.initialized wants: draw(shape, rng)."""
    return lambda shape, rng: init.kaiming_normal(shape, mode=mode, nonlinearity="relu", rng=rng)


def he_variance(mode):
    """Var(W) = 2 / fan for a weight of shape (fan_out, fan_in)."""
    return lambda shape: 2.0 / (shape[1] if mode == "fan_in" else shape[0])


rng = np.random.default_rng(5)
x = rng.standard_normal((512, WIDTHS[0]))             # E[x^2] = 1
g_out = rng.standard_normal((512, WIDTHS[-1]))        # dL/dh_L, E[g_L^2] = 1
fan_results = {}
for mode in ("fan_in", "fan_out"):
    net = MLP.initialized(WIDTHS, he_scheme(mode), "relu", rng=rng)
    net.forward(x)
    grad_x = net.backward(g_out, parameter_grads=False)
    forward_sim = np.array([np.mean(h**2) for h in net.post])                       # E[h_l^2], l = 1..L
    backward_sim = np.array([np.mean(g**2) for g in [grad_x, *net.grad_post[:-1]]])  # E[g_{l-1}^2]
    q = stats.forward_variance(WIDTHS, he_variance(mode), "relu")
    forward_theory = q / 2
    backward_theory = stats.backward_variance(WIDTHS, he_variance(mode), "relu", 1.0, q)
    fan_results[mode] = (forward_sim, forward_theory, backward_sim, backward_theory)
    print(f"mode = {mode!r}")
    print("  layer  n_(l-1) -> n_l | E[h_l^2] sim (theory) | E[g_(l-1)^2] sim (theory)")
    for layer in range(len(WIDTHS) - 1):
        print(f"  {layer + 1:5d} {WIDTHS[layer]:8d} -> {WIDTHS[layer + 1]:<4d} | "
              f"{forward_sim[layer]:8.3g} {f'({forward_theory[layer]:.3g})':<12s} | "
              f"{backward_sim[layer]:11.3g} {f'({backward_theory[layer]:.3g})':<8s}")
    print(f"  forward  E[h_L^2] / E[x^2]   = {forward_sim[-1]:.3g}   (n_0 / n_L = {WIDTHS[0] / WIDTHS[-1]:.3g})")
    print(f"  backward E[g_0^2] / E[g_L^2] = {backward_sim[0]:.3g}   (n_L / n_0 = {WIDTHS[-1] / WIDTHS[0]:.3g})")

# %% [markdown]
# With `fan_in` every $E[h_l^2]$ stays at 1 and the gradient grows to $n_L/n_0$ at the input; with `fan_out`
# every gradient stays at 1 and the signal ends at $n_0/n_L$. Inside the stack, each pass follows the widths.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
plots.plot_layer_values(
    {"fan_in": fan_results["fan_in"][0], "fan_out": fan_results["fan_out"][0]},
    axes[0], theory={"fan_in": fan_results["fan_in"][1], "fan_out": fan_results["fan_out"][1]},
    ylabel="$E[h_l^2]$", title="forward pass",
)
plots.plot_layer_values(
    {"fan_in": fan_results["fan_in"][2], "fan_out": fan_results["fan_out"][2]},
    axes[1], theory={"fan_in": fan_results["fan_in"][3], "fan_out": fan_results["fan_out"][3]},
    ylabel=r"$E[(\partial L/\partial h_{l-1})^2]$", title="backward pass",
)
axes[1].set_xlabel("layer $l$ (the gradient it passes down, $\\partial L/\\partial h_{l-1}$)")
for ax in axes:
    ax.set_xticks(range(1, len(WIDTHS)))
plt.show()

# %% [markdown]
# ### 5.1 What the weights feel: per-entry weight gradients
#
# SGD does not update $h$ or $g$; it updates the weights. Layer $l$'s weight gradient, summed over a batch of
# $B$ examples $b$, is $\partial L/\partial W_l = \delta_l^\top h_{l-1}$, entry by entry
#
# $$\frac{\partial L}{\partial W_{l,ij}} = \sum_{b=1}^{B} \delta^{(b)}_{l,i}\,h^{(b)}_{l-1,j}.$$
#
# At initialization, with the output gradient $\partial L/\partial z_L$ i.i.d., zero-mean and independent of
# the forward pass (a random target, say) and the same mean-field independence of the backward and forward
# signals as above, the $B$ terms are uncorrelated and
#
# $$E\Big[\Big(\frac{\partial L}{\partial W_{l,ij}}\Big)^2\Big] = B\,E[\delta_l^2]\,E[h_{l-1}^2].$$
#
# Both factors follow from the two recursions of this section; which one moves from layer to layer depends on
# the mode. The step SGD takes on one weight entry is the learning rate times this gradient, so the ratio
# between layers says how much faster one layer's weights move than another's.
#
# ### Exercise 2 (predict, 3 points)
#
# A He-initialized stack has widths $[n_0, n_1, \dots, n_L]$: layer $l$ has a weight of shape $(n_l, n_{l-1})$
# drawn from $\mathcal N(0, 2/\text{fan})$ with `fan` $= n_{l-1}$ for `mode="fan_in"` and $n_l$ for
# `mode="fan_out"` (the gain $\sqrt2$ in **every** layer, the last included, as `MLP.initialized` with
# `he_scheme(mode)` does), zero biases, a ReLU after every layer except the last, which is linear. The input
# $x$ and the output gradient $\partial L/\partial z_L$ are as above.
#
# Write `weight_grad_ratios(widths, mode="fan_in")` returning a list of $L$ floats: for $l = 1, \dots, L$, the
# root mean square of one entry of $\partial L/\partial W_l$ divided by that of the last layer's
# $\partial L/\partial W_L$ (so the last entry is 1). Compute it from the mean-field recursions, without
# simulating (the tests block `course_lib.stats` and `course_lib.nets` while your function runs). The cell after
# the test simulates the stack $784 \to 1024 \to 512 \to 256 \to 10$ (a classifier of 28x28 images) in both
# modes and prints your prediction beside the measurement. Before you write code: in `fan_in` mode, does the
# first layer's weight gradient come out larger or smaller than the last layer's, and by about how much?

# %% kind="answer" grade_id="n04_weight_grad_answer"
def weight_grad_ratios(widths, mode="fan_in"):
    """RMS of one entry of dL/dW_l over that of dL/dW_L, l = 1..L, for a He (gain sqrt 2) ReLU stack in `mode`."""
    ### BEGIN SOLUTION
    widths = [int(n) for n in widths]
    depth = len(widths) - 1
    variances = [2.0 / (n_in if mode == "fan_in" else n_out) for n_in, n_out in zip(widths[:-1], widths[1:])]
    inputs = [1.0]                                   # E[h_{l-1}^2], relative to E[x^2]
    for layer in range(depth - 1):
        inputs.append(0.5 * widths[layer] * variances[layer] * inputs[-1])
    deltas = [1.0] * depth                           # E[delta_l^2], relative to E[(dL/dz_L)^2]
    for layer in range(depth - 1, 0, -1):
        deltas[layer - 1] = 0.5 * widths[layer + 1] * variances[layer] * deltas[layer]
    last = inputs[-1] * deltas[-1]
    return [math.sqrt(inputs[layer] * deltas[layer] / last) for layer in range(depth)]
    ### END SOLUTION


# %% kind="test" grade_id="n04_weight_grad_test" points=3
"""weight_grad_ratios returns L positive numbers ending in 1, for both modes (the hidden tests check them)."""
from course_lib import grading

for _mode in ("fan_in", "fan_out"):
    _ratios = grading.call_quietly(weight_grad_ratios, [30, 60, 20, 5], _mode)
    assert len(_ratios) == 3, f"weight_grad_ratios([30, 60, 20, 5], {_mode!r}) should give 3 numbers (L = 3)"
    for _l, _r in enumerate(_ratios, start=1):
        grading.check_number(_r, f"weight_grad_ratios(..., {_mode!r})[{_l - 1}]", positive=True)
    grading.check_close(_ratios[-1], 1.0, f"the last ratio of weight_grad_ratios(..., {_mode!r})")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math as _math


def _reference(widths, mode, *, power=0.5, relu_last=False, frobenius=False, sum_over="outputs"):
    """The mean-field ratios; the keyword arguments build the usual mistakes for the hints."""
    _depth = len(widths) - 1
    _var = [2.0 / (_a if mode == "fan_in" else _b) for _a, _b in zip(widths[:-1], widths[1:])]
    _h = [1.0]
    for _k in range(_depth - 1):
        _h.append(0.5 * widths[_k] * _var[_k] * _h[-1])
    _d = [1.0] * _depth
    if relu_last:
        _d[-1] = 0.5
    for _k in range(_depth - 1, 0, -1):
        _n = widths[_k + 1] if sum_over == "outputs" else widths[_k]
        _d[_k - 1] = 0.5 * _n * _var[_k] * _d[_k]
    _m = [_h[_k] * _d[_k] * (widths[_k] * widths[_k + 1] if frobenius else 1) for _k in range(_depth)]
    return [(_v / _m[-1]) ** power for _v in _m]


def _hint_list(widths, mode):
    _other = "fan_out" if mode == "fan_in" else "fan_in"
    return [
        (_reference(widths, mode, power=1.0), "Is the square root missing? The ratio is of root mean squares."),
        (_reference(widths, mode, power=-0.5), "Is the ratio inverted? Divide layer l's RMS by the last layer's."),
        (_reference(widths, _other), f"Is the mode ignored or swapped? mode={mode!r} here."),
        (_reference(widths, mode, frobenius=True), "That is the ratio of Frobenius norms (all n_l * n_(l-1) "
                                                   "entries together); the question is about one entry."),
        (_reference(widths, mode, sum_over="inputs"), "Does the backward pass sum over the layer's inputs? "
                                                      "g_(l-1) = delta_l W_l sums over the n_l outputs."),
        ([1.0] * (len(widths) - 1), "Every ratio 1: do E[delta_l^2] and E[h_(l-1)^2] really stay constant in "
                                    "this mode? One of the two passes follows the widths."),
    ]


def _check(widths, mode):
    _name = f"weight_grad_ratios({list(widths)}, {mode!r})"
    with grading.forbidding("course_lib.stats", "course_lib.nets", "course_lib.widgets", who="weight_grad_ratios",
                            advice="compute the ratios from the recursions, with math only"):
        _got = grading.call_quietly(weight_grad_ratios, widths, mode)
    try:
        _got = [grading.as_float(_v, f"{_name}[{_i}]") for _i, _v in enumerate(_got)]
    except TypeError:
        raise AssertionError(f"{_name} should return a list of numbers") from None
    _right = _reference(list(widths), mode)
    assert len(_got) == len(_right), f"{_name} should give {len(_right)} numbers, one per layer"
    for _l, (_g, _r) in enumerate(zip(_got, _right), start=1):
        if abs(_g / _r - 1) > 1e-6:
            _named = [_m for _h, _m in _hint_list(list(widths), mode) if abs(_g / _h[_l - 1] - 1) < 1e-6]
            raise AssertionError(f"{_name}: layer {_l} is {_g / _r:.3g}x the expected ratio. " + " Or: ".join(_named))


for _widths, _mode in [
    ([30, 60, 20, 5], "fan_in"), ([30, 60, 20, 5], "fan_out"),
    ([100, 400, 50, 200, 10], "fan_in"), ([100, 400, 50, 200, 10], "fan_out"),
    ((8, 16, 32, 64, 128, 3), "fan_in"), ((8, 16, 32, 64, 128, 3), "fan_out"),
    ([50, 7], "fan_in"), ([300, 90, 90, 1000, 40], "fan_out"), ([12, 700, 24, 350, 6], "fan_in"),
]:
    _check(_widths, _mode)
### END HIDDEN TESTS

# %% [markdown]
# The simulation: 8 independently drawn networks per mode, a batch of $B = 128$ standard-normal inputs and a
# standard-normal output gradient, per-entry mean squares averaged over the 8 networks (one network of finite
# width wanders, section 3.1). Columns: the per-entry RMS of $\partial L/\partial W_l$, its ratio to the last
# layer's, your prediction, and the ratio of the Frobenius norms $\lVert\partial L/\partial W_l\rVert_F$.

# %%
# NBVAL_CHECK_OUTPUT
GRAD_WIDTHS = [784, 1024, 512, 256, 10]


def weight_grad_rms(widths, mode, networks=8, batch=128, seed=7):
    """Per-entry RMS and Frobenius norm of dL/dW_l, mean squares averaged over `networks` He stacks."""
    per_entry, frobenius = np.zeros(len(widths) - 1), np.zeros(len(widths) - 1)
    for child in np.random.SeedSequence(seed).spawn(networks):
        rng = np.random.default_rng(child)
        net = MLP.initialized(widths, he_scheme(mode), "relu", output_activation="linear", rng=rng)
        net.forward(rng.standard_normal((batch, widths[0])))
        net.backward(rng.standard_normal((batch, widths[-1])))
        per_entry += [np.mean(g**2) / networks for g in net.grad_weights]
        frobenius += [np.sum(g**2) / networks for g in net.grad_weights]
    return np.sqrt(per_entry), np.sqrt(frobenius)


for mode in ("fan_in", "fan_out"):
    rms, frob = weight_grad_rms(GRAD_WIDTHS, mode)
    prediction = grading.learner_value(weight_grad_ratios, GRAD_WIDTHS, mode)
    print(f"mode = {mode!r}")
    print("  layer  n_(l-1) -> n_l | RMS of one entry | ratio to layer 4 | your prediction | Frobenius ratio")
    for layer in range(len(GRAD_WIDTHS) - 1):
        try:
            predicted = f"{float(prediction[layer]):.3f}"
        except (TypeError, ValueError, IndexError):
            predicted = "-"
        print(f"  {layer + 1:5d} {GRAD_WIDTHS[layer]:8d} -> {GRAD_WIDTHS[layer + 1]:<4d} | {rms[layer]:16.3f} | "
              f"{rms[layer] / rms[-1]:16.3f} | {predicted:>15s} | {frob[layer] / frob[-1]:15.2f}")

# %% [markdown]
# **When does the choice matter?** Only through the width ratios, but not only at the input. In `fan_in` mode
# the gradient that reaches the *input* is small by $n_L/n_0$, which is harmless in itself (nothing is learned
# from it). The *weight* gradients are another matter. Per entry, $E[(\partial L/\partial W_l)^2]$ is
# proportional to $n_L/n_l$ in `fan_in` mode: it falls *inversely* with the layer's width. What grows with
# fan-in is only the Frobenius norm, which adds up $n_l\,n_{l-1}$ such entries (last column). On the
# $784 \to 1024 \to 512 \to 256 \to 10$ classifier the per-entry RMS runs about 1.11, 1.57, 2.16 and 10.5 from
# the first layer to the last: with plain SGD every weight of the wide first layer moves about ten times less
# per step than a weight of the output layer (ratio 0.106), at initialization and at one learning rate for all.
# Whether that slows training is not measured here, and the per-entry view is not the whole story: one SGD step
# lowers the loss, to first order, by $\eta\sum_l \lVert\partial L/\partial W_l\rVert_F^2$, and by that
# measure the wide first layers contribute more than the output layer (Frobenius column above 1). In `fan_out`
# mode the per-entry ratios are much more even (here between 0.53 and 0.74), while the forward signal ends at
# $n_0/n_L$ of the input's second moment instead. Neither mode balances everything once the widths change.
#
# For a convolution both fans carry the same receptive field (next paragraph), so
# $\text{fan\_out}/\text{fan\_in} = C_\text{out}/C_\text{in}$, as for a dense layer. torchvision's ResNet
# initializes every `Conv2d` with `nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")` (file
# `torchvision/models/resnet.py`, `ResNet.__init__`, read at pytorch/vision commit `f50e776`; torchvision is not
# installed in the course environment, so no cell here runs it). There every convolution is followed by a
# BatchNorm, and then the mode changes neither pass: a batch normalization gives the same output for $c\,z$ as
# for $z$ (notebook 07), so two stacks whose weights differ only by a scale per layer compute the same function
# of $x$, with the same gradients with respect to $x$ and to every $h_l$. The cell draws the stack above twice
# from the same seed, in both modes, with a batch normalization (no learned scale, $\epsilon = 10^{-5}$) before
# every ReLU. The mode then sets only the weights' norm, and with it their effective learning rate (notebook 07).

# %%
# NBVAL_CHECK_OUTPUT
def batchnorm_relu_stack(mode, seed=8, eps=1e-5):
    """E[h_l^2] and the output of He weights (given mode), each layer's z batch-normalized before its ReLU."""
    rng, second_moments = np.random.default_rng(seed), []
    h = rng.standard_normal((512, WIDTHS[0]))                 # the same inputs in both modes (same seed)
    for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        z = h @ init.kaiming_normal((n_out, n_in), mode=mode, nonlinearity="relu", rng=rng).T
        h = np.maximum((z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + eps), 0.0)
        second_moments.append(np.mean(h**2))
    return np.array(second_moments), h


with_bn = {mode: batchnorm_relu_stack(mode) for mode in ("fan_in", "fan_out")}
for mode, (moments, _) in with_bn.items():
    print(f"with batch normalization, mode = {mode!r}: E[h_l^2] = {np.round(moments, 3)}")
difference = np.abs(with_bn["fan_in"][1] - with_bn["fan_out"][1]).max()
print(f"largest |h_L(fan_in) - h_L(fan_out)| below 1e-3: {bool(difference < 1e-3)}")

# %% [markdown]
# Both modes give $E[h_l^2] = \tfrac12$ at every layer (the normalized $z$ has unit variance) and the same output
# up to the $\epsilon$ term, where the plain stack of the first cell of this section ended at $1$ or at $n_0/n_L$.
#
# ### 5.2 Fans of a convolution
#
# A `Conv2d` weight has shape `(out_channels, in_channels, kh, kw)`; each output value sums over
# `in_channels * kh * kw` inputs, and at stride 1 (away from the borders) each input value feeds
# `out_channels * kh * kw` outputs (at stride $s$ about $1/s^2$ of that). So, in PyTorch's
# convention, $\text{fan\_in} = \text{shape}[1]\cdot\prod\text{shape}[2{:}]$ and
# $\text{fan\_out} = \text{shape}[0]\cdot\prod\text{shape}[2{:}]$ (the product of the kernel sizes is the
# *receptive field*; it is 1 for a dense layer). The weight's shape does not know the stride, so PyTorch's
# fan_out is the stride-1 count.
#
# A uniform distribution $U(-b, b)$ has variance $b^2/3$, so a uniform weight of the same variance as
# $\mathcal N(0, \sigma^2)$ has the bound $b = \sqrt3\,\sigma$.
#
# ### Exercise 3 (implement, 4 points)
#
# Write `kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None)`
# with the semantics of `torch.nn.init.kaiming_normal_` (`distribution="normal"`) and
# `torch.nn.init.kaiming_uniform_` (`distribution="uniform"`), in NumPy:
#
# * `shape` is a tuple of at least 2 ints in PyTorch's layout `(fan_out, fan_in, *kernel)`; compute the fans
#   as above (receptive field included);
# * `mode` is `"fan_in"` or `"fan_out"` and selects the fan $n$;
# * `nonlinearity` is `"relu"` (gain $\sqrt2$), `"leaky_relu"` (the gain of Exercise 1 with slope `a`) or
#   `"linear"` (gain 1). As in PyTorch, `a` is used **only** for `"leaky_relu"` and ignored otherwise;
# * return a new NumPy array of shape `shape` with i.i.d. entries of mean 0 and variance $g^2/n$: normal for
#   `"normal"`, uniform on $[-b, b]$ for `"uniform"` (so that `kaiming(shape, a=math.sqrt(5),
#   distribution="uniform")` is PyTorch's default of section 7);
# * draw all randomness from `rng`, a `numpy.random.Generator` (if `rng` is `None`, make one with
#   `np.random.default_rng()`), so that the same seed gives the same array.
#
# Use only NumPy and `math`: the tests block `course_lib.init`, `course_lib.fans`, `course_lib.gain` and
# torch while your function runs.

# %% kind="answer" grade_id="n04_kaiming_answer"
def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    """He init: mean 0, Var = gain**2 / fan, fan = fan_in or fan_out of shape (fan_out, fan_in, *kernel)."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    shape = tuple(int(s) for s in shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    fan = fan_in if mode == "fan_in" else fan_out
    if nonlinearity == "relu":
        gain = math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        gain = math.sqrt(2.0 / (1.0 + a * a))
    else:
        gain = 1.0
    std = gain / math.sqrt(fan)
    if distribution == "uniform":
        bound = math.sqrt(3.0) * std
        return rng.uniform(-bound, bound, size=shape)
    return rng.normal(0.0, std, size=shape)
    ### END SOLUTION


# %% kind="test" grade_id="n04_kaiming_test" points=4
"""kaiming returns arrays of the asked shape, both distributions, reproducible from rng (hidden: the values)."""
import numpy as np

from course_lib import grading

for _shape, _dist in (((300, 500), "normal"), ((16, 8, 3, 3), "uniform")):
    _W = grading.call_quietly(kaiming, _shape, distribution=_dist, rng=np.random.default_rng(grading.seed(0)))
    _W = grading.check_array(_W, f"kaiming({_shape}, distribution={_dist!r})", _shape)
    _again = grading.call_quietly(kaiming, _shape, distribution=_dist, rng=np.random.default_rng(grading.seed(0)))
    assert np.array_equal(_W, _again), "the same seed gave two different arrays: draw every number from rng"
    assert abs(_W.mean()) < 0.5 * _W.std(), f"kaiming({_shape}) should have mean 0"
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math as _math


def _numpy_only():
    """course_lib's initializers, fans and gains and torch.nn.init raise while active (aliases included)."""
    return grading.forbidding("course_lib", "course_lib.init", "course_lib.fans", "course_lib.gain",
                              "course_lib.schemes", "torch.nn.init", who="kaiming",
                              advice="write it with NumPy and math only")


def _call(shape, rng=None, **kwargs):
    with _numpy_only():
        return grading.call_quietly(kaiming, shape, rng=rng, **kwargs)


def _draw(shape, seed, **kwargs):
    """>= 150_000 values from independently seeded calls (grading.draw_many checks type and shape)."""
    with _numpy_only():
        return grading.draw_many(kaiming, shape, n_min=150_000, seed=grading.seed(seed), **kwargs)


def _expected_std(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal"):
    _rf = _math.prod(shape[2:])
    _fan = shape[1] * _rf if mode == "fan_in" else shape[0] * _rf
    _g = {"relu": _math.sqrt(2.0), "linear": 1.0}.get(nonlinearity, _math.sqrt(2.0 / (1.0 + a * a)))
    return _g / _math.sqrt(_fan)


def _hints(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal"):
    """(ratio observed/target std, message) for the plausible mistakes in this case."""
    _std = _expected_std(shape, a, mode, nonlinearity)
    _rf = _math.prod(shape[2:])
    _fan_in, _fan_out = shape[1] * _rf, shape[0] * _rf
    _fan = _fan_in if mode == "fan_in" else _fan_out
    _other = _fan_out if mode == "fan_in" else _fan_in
    _g = _std * _math.sqrt(_fan)
    _list = [
        (_math.sqrt(_fan / _other), f"Is the mode ignored, or are fan_in and fan_out swapped? mode={mode!r} here, "
                                    "and in PyTorch's layout shape[0] is fan_out, shape[1] is fan_in."),
        (_math.sqrt(_rf), "For a convolution, both fans include the receptive field prod(shape[2:])."),
        (_math.sqrt(_fan / ((_fan_in + _fan_out) / 2)), "That is Glorot's fan_avg scale, not fan_in or fan_out."),
        (1 / _g, "Is the gain missing? std = gain / sqrt(fan); for ReLU that is the factor 2 in the variance."),
        (_g, "Is the gain applied twice (gain**2 in the std)?"),
    ]
    if distribution == "normal":
        _list += [(_std, "Is the variance passed where NumPy expects the standard deviation?"),
                  (1 / _math.sqrt(_std), "Is sqrt(std) used as the standard deviation?")]
    else:
        _list += [(_math.sqrt(2.0), "Is the bound sqrt(6 / fan) multiplied by the gain as well? sqrt(6) = sqrt(3) * "
                                    "sqrt(2) already holds the ReLU gain: b = gain * sqrt(3 / fan)."),
                  (1 / _math.sqrt(3.0), "Is the std gain / sqrt(fan) used as the bound? U(-b, b) has std b / sqrt(3)."),
                  (1 / _math.sqrt(2.0), "Is the interval half as wide as it should be? U(-b, b) has std b / sqrt(3).")]
    if nonlinearity == "leaky_relu":
        _list.append((_math.sqrt(2) / _g, "The slope a changes the gain of leaky_relu: is a ignored?"))
    else:
        _list.append((_math.sqrt(2 / (1 + a * a)) / _g, f"With nonlinearity={nonlinearity!r}, a is ignored (as in PyTorch)."))
    return [(_r, _m) for _r, _m in _list if abs(_r - 1) > 0.03]


def _check_case(shape, seed, **kwargs):
    """Range (uniform), then check_std on >= 150_000 values: a right answer fails with probability < 4e-9."""
    _values = _draw(shape, seed, **kwargs)
    _std = _expected_std(shape, **kwargs)
    _name = f"kaiming{shape} with {kwargs}"
    _uniform = kwargs.get("distribution") == "uniform"
    if _uniform and np.max(np.abs(_values)) > _math.sqrt(3) * _std * (1 + 1e-6):
        _ratio = np.max(np.abs(_values)) / (_math.sqrt(3) * _std)
        _hint = grading.ratio_hint(_ratio, _hints(shape, **kwargs)) or (
            " U(-b, b) never leaves [-b, b]: is another distribution (a normal?) or a wider interval used?")
        raise AssertionError(f"{_name} has values up to {_ratio:.3g}x the bound b = gain * sqrt(3 / fan) it should "
                             f"stay within.{_hint}")
    grading.check_std(_values, _std, _name, kurtosis=1.8 if _uniform else 3.0, hints=_hints(shape, **kwargs))
    return _values / _std


_A = _call((9, 4), rng=np.random.default_rng(grading.seed(7)), a=0.2)
assert np.array_equal(_A, _call((9, 4), rng=np.random.default_rng(grading.seed(7)), a=0.2)), (
    "the same seed gave two different arrays: draw every number from rng")
assert not np.array_equal(_A, _call((9, 4), rng=np.random.default_rng(grading.seed(8)), a=0.2)), (
    "two different seeds gave the same array: use the rng you are given")
_B = _call((5, 12), rng=None, distribution="uniform")
grading.check_array(_B, "kaiming((5, 12), rng=None, distribution='uniform')", (5, 12))
# Ten cases of >= 150_000 values: check_std fails a right answer with probability 2e-9 per case (mean and
# spread, z = 6), each Kolmogorov-Smirnov test with 1e-7: in all below 1e-6.
_normal = np.concatenate([
    _check_case((300, 500), 10),
    _check_case((40, 70), 11, a=0.2),
    _check_case((32, 16, 3, 3), 12, a=0.3, mode="fan_out", nonlinearity="relu"),
    _check_case((24, 8, 5), 13, distribution="normal"),
    _check_case((90, 30), 14, a=0.5, mode="fan_out", nonlinearity="linear"),
    _check_case((6, 20, 2, 2), 15, a=3.0, mode="fan_in", nonlinearity="leaky_relu"),
])
grading.check_distribution(_normal, grading.normal_cdf(1.0), "kaiming(..., 'normal')",
                           hint="The entries should be normal (not uniform, truncated or clipped).")
_uniform = np.concatenate([
    _check_case((64, 3, 7, 7), 21, mode="fan_in", nonlinearity="relu", distribution="uniform"),
    _check_case((50, 120), 22, a=0.1, mode="fan_out", distribution="uniform"),
    _check_case((10, 40, 3), 23, a=_math.sqrt(5), mode="fan_out", distribution="uniform"),
    _check_case((35, 80), 24, a=0.7, nonlinearity="linear", distribution="uniform"),
    _check_case((12, 6, 2, 2, 2), 25, a=-0.4, distribution="uniform"),
])
grading.check_distribution(_uniform, grading.uniform_cdf(_math.sqrt(3.0)), "kaiming(..., 'uniform')",
                           hint="The entries should be uniform on [-b, b] (not normal, clipped or shifted).")
### END HIDDEN TESTS

# %% [markdown]
# ## 6. The 30-layer experiment of He et al., in miniature
#
# He et al. (2015, Figure 3) trained a 30-layer ReLU network (27 convolutional and 3 fully connected layers)
# on ImageNet from both initializations. Their claim: with He initialization the network converges; with
# Xavier initialization it **stalls**: the error does not go down, and the gradients they monitored
# were diminishing.
#
# The miniature: a multilayer perceptron with 30 weight layers (29 ReLU layers of 64 units and a linear output)
# regresses a smooth target of 8 inputs, $y = \tanh(2\,x\cdot u)\cos(x\cdot v)$, from 512 points, with plain
# SGD (batch 64, learning rate 0.01, the same minibatches for both). The loss is `MLP.mse_loss`,
# $\tfrac12$ mean squared error, evaluated on all 512 points; predicting the mean of $y$ scores
# $\tfrac12\mathrm{Var}(y)$.

# %%
# NBVAL_CHECK_OUTPUT
data_rng = np.random.default_rng(0)
X = data_rng.standard_normal((512, 8))
u, v = data_rng.standard_normal((2, 8)) / math.sqrt(8)
y = (np.tanh(2 * X @ u) * np.cos(X @ v))[:, None]
DEEP = [8] + [64] * 29 + [1]        # 30 weight layers


def full_loss(net):
    """The loss of MLP.mse_loss, 0.5 * mean squared error, on all of (X, y); forward pass only."""
    return 0.5 * float(np.mean((net.forward(X) - y) ** 2))


def train_deep(net, steps, lr=0.01, batch=64, seed=2, every=10, start=0):
    """Minibatch SGD on (X, y); returns {step: loss on all of X}, recorded every `every` steps."""
    rng = np.random.default_rng(seed)
    curve = {}
    for step in range(start, start + steps + 1):
        if step % every == 0:
            curve[step] = full_loss(net)
        if step < start + steps:
            rows = rng.choice(len(X), size=batch, replace=False)
            net.mse_loss(X[rows], y[rows])
            net.sgd_step(lr)
    return curve


deep_nets, curves, grad_rms = {}, {}, {}
print(f"predicting the mean of y scores 0.5 Var(y) = {0.5 * y.var():.3g}")
for name, scheme in (("Xavier", "xavier_normal"), ("He", "kaiming_normal")):
    net = MLP.initialized(DEEP, scheme, "relu", output_activation="linear", rng=1)
    output = net.forward(X)
    net.mse_loss(X, y)
    grad_rms[name] = np.array([math.sqrt(np.mean(g**2)) for g in net.grad_weights])
    print(f"{name:6s} at step 0: output mean {output.mean():.2g}, std {output.std():.2g}; RMS of dL/dW in "
          f"layer 1 {grad_rms[name][0]:.2g}, in layer 30 {grad_rms[name][-1]:.2g}")
    deep_nets[name], curves[name] = net, train_deep(net, 300)
grad_ratio = grad_rms["Xavier"] / grad_rms["He"]
print(f"RMS of dL/dW, Xavier / He, over the 30 layers: from {grad_ratio.min():.1g} to {grad_ratio.max():.1g}, "
      f"median {np.median(grad_ratio):.1g}")
print("step | loss Xavier | loss He")
for step in (0, 20, 50, 100, 200, 300):
    print(f"{step:4d} | {curves['Xavier'][step]:11.3g} | {curves['He'][step]:7.3g}")

# %% [markdown]
# Within these 300 steps our numbers agree with the paper's claim. The Xavier network's output starts tiny and its weight gradients
# are between about $10^{-6}$ and $2\times10^{-5}$ times He's (printed): the factor $2^{-1/2}$ per layer of
# section 3 compounds in both passes. (The ratios are not $2^{-29/2} \approx 4\times10^{-5}$: the first and last
# layers are not square, and the loss's gradient depends on each network's output, which differs between the
# two.) Its loss sits at the level of predicting the mean for all 300 steps. The He network starts
# with a larger loss, mostly from a random offset its output gives every input alike (printed mean $-1.6$,
# spread $0.66$), but then learns.
#
# Where ours differs from the paper: a tiny network, 300 steps, a regression task instead of ImageNet, no
# momentum or weight decay. And "stalls" describes a training budget, not a law. The cell continues the
# Xavier network for 700 more steps (new minibatches), and the plot puts both curves together.

# %%
# NBVAL_CHECK_OUTPUT
curves["Xavier, continued"] = train_deep(deep_nets["Xavier"], 700, seed=3, every=50, start=300)
print("Xavier, continued | step: loss")
print("  ".join(f"{step}: {loss:.2g}" for step, loss in curves["Xavier, continued"].items() if step % 100 == 0))

fig, ax = plt.subplots()
ax.axhline(0.5 * y.var(), color="grey", linewidth=1, linestyle=":", label="predicting the mean", zorder=0)
for index, (name, curve) in enumerate(curves.items()):
    ax.plot(list(curve), list(curve.values()), color=plots.PALETTE[[1, 0, 1][index]], linewidth=2,
            linestyle="--" if "continued" in name else "-", label=name)
ax.set(yscale="log", xlabel="SGD step", ylabel="loss on all 512 points",
       title="30-layer ReLU network, width 64: Xavier vs He")
ax.legend()
plt.show()

# %% [markdown]
# For this seed and learning rate the Xavier network starts to leave its plateau between steps 700 and 1000
# (printed: 0.22 at step 700, 0.17 at step 1000), while the He network was at 0.044 by step 300. So within
# 1000 steps Xavier's "stall" is a long delay, not a dead end. This notebook runs one seed, one learning rate
# and one depth: how the length of the plateau depends on them is not measured here, so read it as one run,
# not a law. He initialization removes the plateau instead of waiting it out.
#
# ## 7. What a framework's default really is
#
# Popular write-ups on initialization say that PyTorch's layers start from He initialization, in several ways: a
# wiki page tells its readers that `nn.Linear`'s default already is Kaiming uniform, calibrated for ReLU; a
# short page on PyTorch's defaults calls Kaiming uniform or normal the default family of many `Linear` and
# `Conv2d` modules; a long article says that most frameworks now apply He initialization automatically to
# standard linear and convolutional layers. The source of `nn.Linear.reset_parameters` (torch 2.13.0, `torch/nn/modules/linear.py`)
# reads
#
# ```python
# init.kaiming_uniform_(self.weight, a=math.sqrt(5))
# ```
#
# and `_ConvNd.reset_parameters` (`torch/nn/modules/conv.py`) calls the same; the PyTorch cell below prints
# both from the installed torch. The name says Kaiming, but `a` is the **negative slope of a leaky ReLU**,
# not a gain, and the default `nonlinearity` of `kaiming_uniform_` is `"leaky_relu"`. Follow the formulas:
# the gain is $g^2 = 2/(1 + a^2)$, the uniform bound is $g\sqrt{3/\text{fan\_in}}$ (since
# $\mathrm{Var}\,U(-b, b) = b^2/3$), and the variance is $g^2/\text{fan\_in}$. With exact fractions:

# %%
# NBVAL_CHECK_OUTPUT
a_squared = Fraction(5)                          # a = sqrt(5)
gain_squared = Fraction(2) / (1 + a_squared)
bound_squared_times_fan = 3 * gain_squared       # bound**2 = 3 Var(W) = 3 gain**2 / fan_in
variance_times_fan = gain_squared                # Var(W) = gain**2 / fan_in
he_times_fan = Fraction(2)
print(f"gain**2                 = 2 / (1 + a**2)  = {gain_squared}   (gain = {math.sqrt(gain_squared):.4f})")
print(f"bound**2 * fan_in       = 3 * gain**2     = {bound_squared_times_fan}   -> bound = 1 / sqrt(fan_in)")
print(f"Var(W) * fan_in         = gain**2         = {variance_times_fan}   (He: {he_times_fan}, LeCun: 1)")
print(f"Var(default) / Var(He)  = {variance_times_fan / he_times_fan};  "
      f"std ratio = {math.sqrt(variance_times_fan / he_times_fan):.4f}")
print(f"the same with floats: 2 / (1 + math.sqrt(5)**2) = {2 / (1 + math.sqrt(5) ** 2):.15f}")

# %% [markdown]
# So PyTorch's default is $U(-1/\sqrt{\text{fan\_in}},\,1/\sqrt{\text{fan\_in}})$, with
# $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$: one sixth of He's variance and one third of LeCun's. The source
# says as much in a comment above the call ("Setting a=sqrt(5) in kaiming_uniform is the same as initializing
# with uniform(-1/sqrt(in_features), 1/sqrt(in_features))", printed below) and points to PyTorch issue
# #57109, where a maintainer explains that `kaiming_uniform_` is called for convenience and simplifies to that
# interval; issue #15314 had asked the same question. Check by sampling, first with `course_lib`:

# %%
# NBVAL_CHECK_OUTPUT
W = init.kaiming_uniform((300, 500), a=math.sqrt(5), rng=0)          # shape (fan_out, fan_in)
print(f"course_lib kaiming_uniform((300, 500), a=sqrt(5)): Var(W) * fan_in = {W.var() * 500:.3f}, "
      f"max|W| * sqrt(fan_in) = {np.abs(W).max() * math.sqrt(500):.4f}")

# %% [markdown]
# and with PyTorch itself, if it is installed (the course does not need it; this cell is skipped without it).
# `nn.Linear(in_features, out_features)` stores its weight with shape `(out_features, in_features)`, PyTorch's
# layout. The cell prints the comment and the lines of both `reset_parameters` that call `init`, then the
# statistics of a sampled
# `nn.Linear(500, 300)` and `nn.Conv2d(16, 32, kernel_size=3)` (whose fan_in is $16\cdot3\cdot3$).

# %%
# NBVAL_IGNORE_OUTPUT
try:
    import torch
except ImportError:
    torch = None

if torch is None:
    print("PyTorch is not installed: the comparison with torch.nn was skipped.")
else:
    torch.manual_seed(0)
    for owner in (torch.nn.Linear, torch.nn.modules.conv._ConvNd):
        source = inspect.getsource(owner.reset_parameters)
        print(f"torch {torch.__version__}, {owner.__name__}.reset_parameters:")
        print("\n".join(line for line in source.splitlines()
                        if "init." in line or "sqrt(5)" in line or "uniform(-1" in line or "57109" in line))
    for layer, fan_in in ((torch.nn.Linear(500, 300), 500), (torch.nn.Conv2d(16, 32, kernel_size=3), 16 * 9)):
        w = layer.weight.detach().numpy().astype(np.float64)
        b = layer.bias.detach().numpy().astype(np.float64)
        print(f"{type(layer).__name__} weight {tuple(w.shape)}: Var(W) * fan_in = {w.var() * fan_in:.3f}, "
              f"max|W| * sqrt(fan_in) = {np.abs(w).max() * math.sqrt(fan_in):.4f}; "
              f"bias: max|b| * sqrt(fan_in) = {np.abs(b).max() * math.sqrt(fan_in):.3f}")

# %% [markdown]
# Both agree with the fractions: $\mathrm{Var}(W)\cdot\text{fan\_in}$ near $1/3$, the largest weight just
# under $1/\sqrt{\text{fan\_in}}$. The bias is drawn from the same interval.
#
# ### What the default does to a deep ReLU stack
#
# Per ReLU layer the second moment is multiplied by $\tfrac12\,n\,\mathrm{Var}(W) = \tfrac12\cdot\tfrac13$, so
# the standard deviation by $\sqrt{1/6}$. The cell computes that factor from the fractions above and measures
# it on a 10-layer stack of width 256 without biases (`course_lib`'s `"pytorch_default"` scheme).

# %%
# NBVAL_CHECK_OUTPUT
per_layer_variance = Fraction(1, 2) * variance_times_fan      # (1/2) * n * Var(W), with n * Var(W) = 1/3
per_layer_std = math.sqrt(per_layer_variance)
report = stats.simulate_stack("pytorch_default", "relu", depth=10, width=256, rng=0)
measured = (report.simulated[-1] / report.simulated[0]) ** (1 / 9)   # geometric mean over 9 layer-to-layer steps
print(f"predicted: std(z) multiplied by sqrt({per_layer_variance}) = {per_layer_std:.3f} per layer, "
      f"{per_layer_std**9:.2g} over 9 layers")
print(f"measured:  {measured:.3f} per layer, {report.simulated[-1] / report.simulated[0]:.2g} over 9 layers "
      f"(verdict: {report.verdict})")

# %% [markdown]
# Without biases the signal vanishes geometrically, much faster than with Xavier's $\sqrt{1/2}$ per layer. With
# the default biases, $b \sim U(-1/\sqrt n, 1/\sqrt n)$ of variance $1/(3n)$, the recursion becomes
# $q_l = q_{l-1}/6 + 1/(3n)$, whose fixed point is $q^* = \frac{1/(3n)}{1 - 1/6} = \frac{2}{5n}$: the
# pre-activations no longer vanish, but they become the biases' echo. The cell measures, per layer, the RMS
# of $z_l$ and its *input-dependent* part (the spread across the batch), for a 20-layer stack of width 256.

# %%
# NBVAL_CHECK_OUTPUT
width, depth = 256, 20
rng = np.random.default_rng(6)
default_weights = [init.kaiming_uniform((width, width), a=math.sqrt(5), rng=rng) for _ in range(depth)]
default_biases = [rng.uniform(-1 / math.sqrt(width), 1 / math.sqrt(width), size=width) for _ in range(depth)]
x = rng.standard_normal((256, width))
net = MLP(default_weights, default_biases, activation="relu")
net.forward(x)
print(f"fixed point sqrt(2 / (5 n)) = {math.sqrt(2 / (5 * width)):.3g}")
print("layer | RMS of z_l | input-dependent part | share of E[z^2] that depends on the input")
for layer in (1, 2, 5, 10, 15, 20):
    z = net.pre[layer - 1]
    spread = np.mean(z.var(axis=0))               # variance across the batch, averaged over units
    print(f"{layer:5d} | {math.sqrt(np.mean(z**2)):10.3g} | {math.sqrt(spread):20.3g} | "
          f"{spread / np.mean(z**2):.2g}")

# %% [markdown]
# The RMS settles at the fixed point while the input-dependent part keeps shrinking by about $\sqrt{1/6}$ per
# layer: after 20 layers the network computes nearly the same vector for every input. In practice PyTorch
# models avoid this with residual connections and normalization layers (notebooks 06 and 07), or by calling
# an initializer explicitly. In a network of one or two layers the shrinkage stays a constant factor (0.41 per
# layer, printed above), not a vanishing signal; but it is not He initialization.
#
# ### Explore
#
# The explorer below simulates a square stack of any depth and width. Switch the scheme between
# `xavier_normal`, `kaiming_normal` and `pytorch_default` with activation `relu`, and compare the slopes of the
# forward and backward curves with what sections 3 and 7 predict (dashed lines are the theory).

# %%
# NBVAL_IGNORE_OUTPUT
explorer = widgets.init_explorer(scheme="pytorch_default", activation="relu", depth=20, width=256)

# %% [markdown]
# ## 8. Predicting the final scale of a mismatched stack
#
# Sections 3, 5 and 7 are cases of one forward recursion: every weight of variance $v_l = \text{scale}/\text{fan}$,
# a leaky ReLU of slope $a$ after every layer. Xavier is scale 1 with $\text{fan} = (n_{l-1} + n_l)/2$, He is
# scale 2 with fan_in, PyTorch's default scale $1/3$ with fan_in. The exercise asks you to write that recursion
# down yourself, from sections 2 to 4: how $E[z_1^2]$ follows from $E[x^2]$, $E[h_l^2]$ from $E[z_l^2]$, and
# $E[z_{l+1}^2]$ from $E[h_l^2]$. Mind the first layer: $x$ is not the output of an activation.
#
# ### Exercise 4 (derive, 3 points)
#
# Write `predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0)` returning the predicted
# $\mathrm{std}(z_L)/\mathrm{std}(x)$ for this stack:
#
# * `widths` is a list (or tuple) of ints $[n_0, n_1, \dots, n_L]$, $L \ge 1$; layer $l$ has a weight of shape
#   $(n_l, n_{l-1})$ with i.i.d. zero-mean symmetric entries of variance `scale / fan`, where `fan` is $n_{l-1}$
#   for `mode="fan_in"`, $n_l$ for `"fan_out"` and $(n_{l-1} + n_l)/2$ for `"fan_avg"`; biases are zero;
# * $z_l = h_{l-1}W_l^\top$, $h_l = \mathrm{leaky}(z_l)$ with slope `negative_slope` (0: ReLU, 1: linear),
#   and $h_0 = x$ has i.i.d. zero-mean entries; $z_L$ is the last layer's pre-activation (before its
#   activation);
# * return a `float`, computed from your recursion with `math` only (no simulation: the tests block
#   `course_lib.stats` and `course_lib.nets` while your function runs).

# %% kind="answer" grade_id="n04_predict_std_answer"
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    """Predicted std(z_L) / std(x) of a leaky-ReLU stack with Var(W_l) = scale / fan (mean-field recursion)."""
    ### BEGIN SOLUTION
    factor = (1.0 + negative_slope**2) / 2.0
    second_moment = 1.0                      # E[h_0^2] = E[x^2], taken as 1
    variance = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        fan = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]
        variance = n_in * (scale / fan) * second_moment
        second_moment = factor * variance
    return math.sqrt(variance)
    ### END SOLUTION


# %% kind="test" grade_id="n04_predict_std_test" points=3
"""predict_final_std returns one positive number per stack, and the mode matters (hidden: the values)."""
from course_lib import grading

for _args in (([100, 400, 25], 2.0, "fan_in", 0.0), ([100, 400, 25], 2.0, "fan_out", 0.0),
              ((5, 50), 1.0, "fan_avg", 0.3)):
    grading.check_number(grading.call_quietly(predict_final_std, *_args), f"predict_final_std{_args}", positive=True)
assert grading.call_quietly(predict_final_std, [100, 400, 25], 2.0, "fan_out", 0.0) != grading.call_quietly(
    predict_final_std, [100, 400, 25], 2.0, "fan_in", 0.0), (
    "fan_in and fan_out give the same answer on a stack whose widths change: use the mode argument")
# section 3: five square Xavier + ReLU layers give std(z_5) / std(x) = 2**(-4/2)
grading.check_close(grading.call_quietly(predict_final_std, [256] * 6, 1.0, "fan_avg", 0.0), 0.25,
                    "predict_final_std([256] * 6, 1.0, 'fan_avg', 0.0)")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math as _math


def _predict(widths, scale, mode, slope):
    with grading.forbidding("course_lib.stats", "course_lib.nets", "course_lib.widgets", who="predict_final_std",
                            advice="write the recursion yourself, with math only"):
        _value = grading.call_quietly(predict_final_std, widths, scale, mode, slope)
    return grading.as_float(_value, f"predict_final_std({list(widths)}, {scale:.4g}, {mode!r}, {slope:.4g})")


def _recursion(widths, scale, mode, slope, *, skip_input=True, last_activation=False, count="n_in", power=2):
    """The reference recursion; the keyword arguments build the usual mistakes for the hints."""
    _moment, _q = 1.0, 1.0
    _c = (1 + slope**2) / 2 if power == 2 else (1 + slope) / 2
    if not skip_input:
        _moment = _c
    for _n_in, _n_out in zip(widths[:-1], widths[1:]):
        _fan = {"fan_in": _n_in, "fan_out": _n_out, "fan_avg": (_n_in + _n_out) / 2}[mode]
        _q = (_n_in if count == "n_in" else _n_out) * scale / _fan * _moment
        _moment = _c * _q
    return _math.sqrt(_moment if last_activation else _q)


def _hints(widths, scale, mode, slope):
    _right = _recursion(widths, scale, mode, slope)
    _other = {"fan_in": "fan_out", "fan_out": "fan_in", "fan_avg": "fan_in"}[mode]
    _geometric = [_math.sqrt(_a * _b) for _a, _b in zip(widths[:-1], widths[1:])]
    _candidates = [
        (_recursion(widths, scale, mode, slope, skip_input=False),
         "One activation factor too many: the input x is not the output of an activation."),
        (_recursion(widths, scale, mode, slope, last_activation=True),
         "That is the scale of h_L: z_L is taken before the last activation."),
        (_right**2, "Is the variance returned instead of the standard deviation?"),
        (_recursion(widths, scale, _other, slope), f"Is the mode ignored or swapped? mode={mode!r} here."),
        (_recursion(widths, scale, mode, slope, count="n_out"),
         "Does each layer sum over n_l (its outputs)? The forward pass sums over the n_(l-1) inputs."),
        (_recursion(widths, scale, mode, 0.0), "Is negative_slope ignored?"),
        (_recursion(widths, scale, mode, slope, power=1), "Does the slope appear without its square?"),
        (_recursion(widths, scale**2, mode, slope), "Is scale squared? Var(W) = scale / fan."),
        (_recursion(widths[1:], scale, mode, slope), "Is a layer missing? There are len(widths) - 1 layers."),
    ]
    if mode == "fan_avg":
        _candidates.append((_recursion(widths, scale / 2, mode, slope), "fan_avg is (n_in + n_out) / 2, not the sum."))
        _candidates.append((_recursion(widths, scale, "fan_in", slope) * _math.prod(
            _math.sqrt(_a / _g) for _a, _g in zip(widths[:-1], _geometric)), "fan_avg is the arithmetic mean."))
    return [(_value / _right, _message) for _value, _message in _candidates if abs(_value / _right - 1) > 1e-4]


def _check(widths, scale, mode, slope, expected):
    """The answer must match the recursion to 1e-9; a wrong one is named by its ratio, never by the value."""
    _name = f"predict_final_std({list(widths)}, {scale:.4g}, {mode!r}, {slope})"
    _ratio = _predict(widths, scale, mode, slope) / expected
    _named = [_m for _r, _m in _hints(list(widths), scale, mode, slope) if abs(_ratio / _r - 1) < 1e-6]
    _digits = ".3g" if abs(_ratio - 1) > 1e-3 else ".7g"
    assert abs(_ratio - 1) <= 1e-9, f"{_name} is {_ratio:{_digits}}x the expected value. " + " Or: ".join(_named)


_check([100, 400, 25], 2.0, "fan_in", 0.0, _math.sqrt(2))   # Var(z_1) = 2 E[x^2], then kept
_cases = [
    ([64, 256, 32, 128, 16], 1.0, "fan_avg", 0.0),       # Xavier + ReLU, widths up and down
    ([10, 300, 300, 40], 2.0, "fan_out", 0.0),            # He fan_out: the forward pass picks up n_0 / n_L
    ((50, 20, 80), 2.0 / 1.04, "fan_in", 0.2),            # He for leaky ReLU(0.2), a tuple of widths
    ([30, 90], 1.0 / 3.0, "fan_in", 0.0),                 # one layer of PyTorch's default
    ([8, 64, 64, 64, 4], 1.0, "fan_in", 1.0),              # LeCun, linear
    ([200, 100, 50, 25, 400, 12], 1.0 / 3.0, "fan_avg", 0.01),
    ([7, 70, 700, 70, 7, 700], 2.0, "fan_avg", -0.3),
    ([512] * 31, 1.0, "fan_avg", 0.0),                    # 30 square Xavier layers
]
for _widths, _scale, _mode, _slope in _cases:
    _check(_widths, _scale, _mode, _slope, _recursion(list(_widths), _scale, _mode, _slope))
### END HIDDEN TESTS

# %% [markdown]
# ## 9. Summary
#
# * For a symmetric $z$, $E[\mathrm{relu}(z)^2] = \tfrac12\mathrm{Var}(z)$: symmetry is enough, zero mean is not.
#   The forward recursion uses the *second moment* of $h$, not its variance.
# * Preserving the forward pass through ReLU needs $\mathrm{Var}(W) = 2/\text{fan\_in}$ (He et al., 2015);
#   preserving the backward pass needs $2/\text{fan\_out}$. The other pass then changes by $n_L/n_0$ (or its
#   inverse), a telescoping product, not an exponential.
# * What SGD moves are the weights: under `fan_in`, one entry of $\partial L/\partial W_l$ has
#   $E[(\partial L/\partial W_l)^2] \propto n_L/n_l$, inversely with the layer's width (only the Frobenius norm
#   grows with fan-in). On a $784 \to 1024 \to 512 \to 256 \to 10$ classifier the first layer's entries move
#   about ten times less per SGD step than the output layer's.
# * A leaky ReLU of slope $a$ keeps $(1 + a^2)/2$ of the second moment; the gain undoes that factor.
# * Xavier weights in a square ReLU stack halve the second moment per layer: the RMS falls like $2^{-L/2}$.
#   In a 30-layer network this leaves the output and the gradients tiny, and training sits on a plateau
#   (the "stall" of He et al.'s Figure 3): in our miniature, for 700 steps of one run, while the He network
#   learned from the first steps.
# * Single networks of finite width wander around the prediction by a random factor that grows with
#   depth/width; the recursion describes the average.
# * PyTorch's default for `nn.Linear` and `nn.ConvNd` is `kaiming_uniform_(w, a=sqrt(5))`:
#   $U(\pm 1/\sqrt{\text{fan\_in}})$, $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$, one sixth of He's. In a deep
#   plain ReLU stack it shrinks the signal by $\sqrt{1/6}$ per layer, and with its biases the output forgets
#   the input. Read the code, not the function's name.
#
# ## 10. Active recall: check yourself
#
# 1. Which property of the distribution of $z$ does $E[\mathrm{relu}(z)^2] = \tfrac12\mathrm{Var}(z)$ need, and
#    why does it hold at every layer of a network at initialization?
# 2. Why does the forward recursion contain $E[h^2]$ and not $\mathrm{Var}(h)$?
# 3. By what factor does the RMS of the signal shrink over 20 square ReLU layers with Xavier weights?
# 4. A stack has widths 784, 1024, 1024, 10 and He weights in `fan_in` mode. What happens to
#    $E[h_l^2]$ along the stack, to the squared gradient at the input relative to the output, and to one entry
#    of the first layer's weight gradient relative to one of the last layer's?
# 5. What is the gain for a leaky ReLU of slope 0.2, and how do you derive it?
# 6. What variance does `torch.nn.Linear(300, 100)` give its weights by default, and how does it compare with
#    He's?
# 7. `kaiming_normal_(w, a=0.5, nonlinearity="relu")`: what does `a` do?
#
# <details>
# <summary>Answers</summary>
#
# 1. Symmetry about zero, $p(z) = p(-z)$. Given the previous layer, $z_{l,i} = \sum_j W_{l,ij}h_{l-1,j}$ is a
#    sum of terms that are symmetric because the weights are zero-mean, symmetric and independent of $h$.
# 2. Because $E[z^2] = \sum_j E[W_{ij}^2]\,E[h_j^2]$ for zero-mean weights: the mean of $h$ contributes, and a
#    ReLU output has a positive mean.
# 3. By $2^{-20/2} = 2^{-10}$, about a thousandth.
# 4. $E[h_l^2]$ stays equal to $E[x^2]$ at every layer (forward preserved); the squared gradient at the input is
#    $n_L/n_0 = 10/784$ times that at the output (the backward factors telescope). Per entry,
#    $E[(\partial L/\partial W_l)^2] \propto E[\delta_l^2]\,E[h_{l-1}^2] \propto n_L/n_l$, so the first layer's
#    entries have $10/1024$ of the last layer's mean square, an RMS about a tenth.
# 5. $g = \sqrt{2/(1 + 0.2^2)} = \sqrt{2/1.04}$: a leaky ReLU keeps $(1 + a^2)/2$ of the second moment of a
#    symmetric input, so $\mathrm{Var}(W) = 2/((1 + a^2)\,\text{fan\_in})$ restores it.
# 6. $U(-1/\sqrt{300}, 1/\sqrt{300})$, so $\mathrm{Var}(W) = 1/(3\cdot300) = 1/900$; He's would be
#    $2/300$, six times larger.
# 7. Nothing: `a` is the negative slope used only when `nonlinearity="leaky_relu"`; with `"relu"` the gain is
#    $\sqrt2$.
#
# </details>
