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
#    pass), and compute what the other pass then does on a stack whose widths change;
# 4. derive the gain of a leaky ReLU and implement `kaiming_normal` and `kaiming_uniform` with modes, gains and
#    convolution shapes, from scratch in NumPy;
# 5. read what a framework's default really is: PyTorch's `nn.Linear` and `nn.Conv2d` call
#    `kaiming_uniform_(w, a=sqrt(5))`, which is *not* He initialization, and predict what it does to a deep
#    ReLU stack.
#
# **Prerequisites.** Notebook 02 (variance of sums of products; the forward and backward variance
# recursions) and notebook 03 (Glorot's fan-in/fan-out compromise). Expectations written as integrals of a
# density; NumPy.
#
# **How to work.** Run the cells from top to bottom. There are four exercises (12 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. The
# exercises are independent of each other.

# %%
import inspect
import math
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np

from course_lib import init, plots, stats, widgets
from course_lib.activations import leaky_relu
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The question
#
# Notebook 03 chose $\mathrm{Var}(W) = 2/(\text{fan\_in} + \text{fan\_out})$ so that the variance of the
# signal survives a layer, assuming the nonlinearity behaves like the identity near zero (true for tanh, whose
# slope at 0 is 1). A rectified linear unit, $\mathrm{relu}(z) = \max(z, 0)$, does not: it sets half of its
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
# $\tfrac12\cdot 500\cdot 2/1500 = 1/3$). The measured ratios differ from the predictions by the sampling error
# of one random weight matrix, a few percent here.
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
# ### Exercise 1: the gain of a leaky ReLU (2 points)
#
# Write `leaky_relu_gain(a)` returning the gain $g$ for a leaky ReLU with negative slope `a`: the number such
# that weights with $\mathrm{Var}(W) = g^2/\text{fan\_in}$ keep $\mathrm{Var}(z_l)$ constant from layer to
# layer through $\mathrm{leaky}_a$. Derive it from the result above (same steps as section 2).
#
# * `a` is a real number (it may be negative or larger than 1; only $a^2$ matters);
# * return a Python `float` (a NumPy float is accepted).

# %% kind="answer" grade_id="n04_leaky_gain_answer"
def leaky_relu_gain(a):
    """Gain g with Var(W) = g**2 / fan_in preserving Var(z) through leaky_relu with negative slope a."""
    ### BEGIN SOLUTION
    return math.sqrt(2.0 / (1.0 + a * a))
    ### END SOLUTION


# %% kind="test" grade_id="n04_leaky_gain_test" points=2
"""Test leaky_relu_gain: the gain that undoes E[leaky(z)^2] = (1 + a^2)/2 Var(z), for several slopes."""
import math

from course_lib import grading


def _gain(a):
    return grading.as_float(grading.call_quietly(leaky_relu_gain, a), f"leaky_relu_gain({a:.4g})")


def _hints(a):
    """(ratio answer/expected, message) for the usual slips, for slope a."""
    _right = math.sqrt(2 / (1 + a * a))
    _list = [
        (2 / (1 + a * a), "Is the square root missing? The gain multiplies the std: Var(W) = g**2 / fan_in."),
        (math.sqrt((1 + a * a) / 2), "Is the gain inverted? The weights must make up for the factor the "
                                      "activation applies to the second moment, not apply it again."),
        (math.sqrt(2), "Is the slope a ignored? sqrt(2) is the gain of a plain ReLU (a = 0)."),
        (math.sqrt(2) / (1 + a * a), "Is the square root taken of 2 only? Take it of the whole ratio."),
        (math.sqrt(1 / (1 + a * a)), "Is the factor 2 missing? Only half of a symmetric z is positive."),
    ]
    if a > -1:
        _list.append((math.sqrt(2 / (1 + a)), "Does a appear without its square? The negative part keeps "
                                              "a**2 * Var(z) / 2."))
    return [(_value / _right, _message) for _value, _message in _list if abs(_value / _right - 1) > 1e-4]


def _check(a):
    """The answer must match sqrt(2 / (1 + a^2)) to 1e-6; a wrong one is named by its ratio to it."""
    _ratio = _gain(a) / math.sqrt(2.0 / (1.0 + a * a))
    _named = [_m for _r, _m in _hints(a) if abs(_ratio / _r - 1) < 1e-6]
    _digits = ".3g" if abs(_ratio - 1) > 1e-3 else ".7g"
    assert abs(_ratio - 1) <= 1e-6, (
        f"leaky_relu_gain({a:.4g}) is {_ratio:{_digits}}x the expected value. " + " Or: ".join(_named))


_check(0.0)
_check(0.5)
print("visible checks passed")

### BEGIN HIDDEN TESTS
for _a in (0.01, 0.2, 1.0, math.sqrt(5), -0.3, 3.0, 0.1):
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
# **When does the choice matter?** Only through the width ratios. In a multilayer perceptron that narrows from
# many inputs to a few outputs, `fan_in` leaves the gradient at the input small by $n_L/n_0$ (harmless: nothing
# is learned from the input's gradient), while the weight gradients of each layer scale with that layer's
# width. For a convolution both fans carry the receptive field (next paragraph), so a layer that changes the
# number of channels changes the two fans in the same ratio. With a normalization layer after every
# convolution the forward scale is reset anyway, which is one reason to preserve the backward pass instead:
# torchvision's ResNet code, for instance, initializes its convolutions with `mode="fan_out"`.
#
# **Fans of a convolution.** A `Conv2d` weight has shape `(out_channels, in_channels, kh, kw)`; each output
# value sums over `in_channels * kh * kw` inputs, and each input value feeds `out_channels * kh * kw`
# outputs. So, in PyTorch's convention,
# $\text{fan\_in} = \text{shape}[1]\cdot\prod\text{shape}[2{:}]$ and
# $\text{fan\_out} = \text{shape}[0]\cdot\prod\text{shape}[2{:}]$ (the product of the kernel sizes is the
# *receptive field*; it is 1 for a dense layer).

# %% [markdown]
# ### Exercise 2: `kaiming_normal` from scratch (4 points)
#
# Write `kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None)` with the semantics
# of `torch.nn.init.kaiming_normal_`, in NumPy:
#
# * `shape` is a tuple of at least 2 ints in PyTorch's layout `(fan_out, fan_in, *kernel)`; compute the fans
#   as above (receptive field included);
# * `mode` is `"fan_in"` or `"fan_out"` and selects the fan $n$;
# * `nonlinearity` is `"relu"` (gain $\sqrt2$), `"leaky_relu"` (the gain of Exercise 1 with slope `a`) or
#   `"linear"` (gain 1). As in PyTorch, `a` is used **only** for `"leaky_relu"` and ignored otherwise;
# * return a new NumPy array of shape `shape` with i.i.d. entries $\mathcal N(0, g^2/n)$, i.e.
#   $\mathrm{std} = g/\sqrt n$;
# * draw all randomness from `rng`, a `numpy.random.Generator` (if `rng` is `None`, make one with
#   `np.random.default_rng()`), so that the same seed gives the same array.
#
# Use only NumPy and `math`: the tests block `course_lib.init`, `course_lib.fans`, `course_lib.gain` and
# torch while your function runs.

# %% kind="answer" grade_id="n04_kaiming_normal_answer"
def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """He normal init: N(0, gain**2 / fan), fan = fan_in or fan_out of shape (fan_out, fan_in, *kernel)."""
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
    return rng.normal(0.0, gain / math.sqrt(fan), size=shape)
    ### END SOLUTION


# %% kind="test" grade_id="n04_kaiming_normal_test" points=4
"""Test kaiming_normal: N(0, gain^2 / fan) with PyTorch's fans, modes and gains, drawn from rng, NumPy only."""
import math

import numpy as np

from course_lib import grading


def _numpy_only():
    """course_lib's initializers, fans and gains and torch.nn.init raise while active (aliases included)."""
    return grading.forbidding("course_lib", "course_lib.init", "course_lib.fans", "course_lib.gain",
                              "torch.nn.init", who="kaiming_normal", advice="write it with NumPy and math only")


def _call(shape, rng=None, **kwargs):
    with _numpy_only():
        return grading.call_quietly(kaiming_normal, shape, rng=rng, **kwargs)


def _draw(shape, seed, **kwargs):
    """>= 150_000 values from independently seeded calls (grading.draw_many checks type and shape)."""
    with _numpy_only():
        return grading.draw_many(kaiming_normal, shape, n_min=150_000, seed=grading.seed(seed), **kwargs)


def _expected_std(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    _rf = math.prod(shape[2:])
    _fan = shape[1] * _rf if mode == "fan_in" else shape[0] * _rf
    _g = {"relu": math.sqrt(2.0), "linear": 1.0}.get(nonlinearity, math.sqrt(2.0 / (1.0 + a * a)))
    return _g / math.sqrt(_fan)


def _hints(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """(ratio observed/target, message) for the plausible mistakes in this case."""
    _std = _expected_std(shape, a, mode, nonlinearity)
    _rf = math.prod(shape[2:])
    _fan_in, _fan_out = shape[1] * _rf, shape[0] * _rf
    _fan = _fan_in if mode == "fan_in" else _fan_out
    _other = _fan_out if mode == "fan_in" else _fan_in
    _g = _std * math.sqrt(_fan)
    _hints_list = [
        (math.sqrt(_fan / _other), f"Is the mode ignored, or are fan_in and fan_out swapped? mode={mode!r} here, "
                                   "and in PyTorch's layout shape[0] is fan_out, shape[1] is fan_in."),
        (math.sqrt(_rf), "For a convolution, both fans include the receptive field prod(shape[2:])."),
        (math.sqrt(_fan / ((_fan_in + _fan_out) / 2)), "That is Glorot's fan_avg scale, not fan_in or fan_out."),
        (1 / _g, "Is the gain missing? std = gain / sqrt(fan); for ReLU that is the factor 2 in the variance."),
        (_g, "Is the gain applied twice (gain**2 in the std)? std = gain / sqrt(fan)."),
        (_std, "Is the variance passed where NumPy expects the standard deviation?"),
        (1 / math.sqrt(_std), "Is sqrt(std) used as the standard deviation?"),
    ]
    if nonlinearity == "leaky_relu":
        _hints_list.append((math.sqrt(2) / _g, "The slope a changes the gain of leaky_relu: is a ignored?"))
    else:
        _hints_list.append((math.sqrt(2 / (1 + a * a)) / _g,
                            f"With nonlinearity={nonlinearity!r}, a is ignored (as in PyTorch)."))
    return [(_r, _m) for _r, _m in _hints_list if abs(_r - 1) > 0.03]


def _check_case(shape, seed, **kwargs):
    """check_std on >= 150_000 values: it fails a right answer with probability < 4e-9."""
    _values = _draw(shape, seed, **kwargs)
    _std = _expected_std(shape, **kwargs)
    grading.check_std(_values, _std, f"kaiming_normal{shape} with {kwargs or 'the defaults'}",
                      hints=_hints(shape, **kwargs))
    return _values / _std


# visible: a dense (300, 500) weight, both modes (fan_out = 300, fan_in = 500)
_W = grading.check_array(_call((300, 500), rng=np.random.default_rng(grading.seed(0))), "kaiming_normal((300, 500))",
                         (300, 500))
grading.check_std(_W, math.sqrt(2 / 500), "kaiming_normal((300, 500))", hints=_hints((300, 500)))
_W_out = grading.check_array(_call((300, 500), rng=np.random.default_rng(grading.seed(1)), mode="fan_out"),
                             "kaiming_normal((300, 500), mode='fan_out')", (300, 500))
grading.check_std(_W_out, math.sqrt(2 / 300), "kaiming_normal((300, 500), mode='fan_out')",
                  hints=_hints((300, 500), mode="fan_out"))
assert np.array_equal(_W, _call((300, 500), rng=np.random.default_rng(grading.seed(0)))), (
    "the same seed gave two different arrays: draw every number from rng")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_A = _call((9, 4), rng=np.random.default_rng(grading.seed(7)), a=0.2)
assert np.array_equal(_A, _call((9, 4), rng=np.random.default_rng(grading.seed(7)), a=0.2)), (
    "the same seed gave two different arrays: draw every number from rng")
assert not np.array_equal(_A, _call((9, 4), rng=np.random.default_rng(grading.seed(8)), a=0.2)), (
    "two different seeds gave the same array: use the rng you are given")
# Five cases, each >= 150_000 values: check_std's mean and spread tests fail a right answer with probability
# 2e-9 each (z = 6), the Kolmogorov-Smirnov test with 1e-7: in all below 1e-6.
_standardized = np.concatenate([
    _check_case((40, 70), 11, a=0.2),
    _check_case((32, 16, 3, 3), 12, a=0.3, mode="fan_out", nonlinearity="relu"),
    _check_case((24, 8, 5), 13),
    _check_case((90, 30), 14, a=0.5, mode="fan_out", nonlinearity="linear"),
    _check_case((6, 20, 2, 2), 15, a=3.0, mode="fan_in", nonlinearity="leaky_relu"),
])
grading.check_distribution(_standardized, grading.normal_cdf(1.0), "kaiming_normal",
                           hint="The entries should be normal (not uniform, truncated or clipped).")
### END HIDDEN TESTS

# %% [markdown]
# ## 6. The 30-layer experiment of He et al., in miniature
#
# He et al. (2015, Figure 3) trained a 30-layer ReLU network (27 convolutional and 3 fully connected layers)
# on ImageNet from both initializations. Their claim: with He initialization the network converges; with
# Xavier initialization it **stalls**: the training error does not go down, and the gradients they monitored
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


deep_nets, curves = {}, {}
print(f"predicting the mean of y scores 0.5 Var(y) = {0.5 * y.var():.3g}")
for name, scheme in (("Xavier", "xavier_normal"), ("He", "kaiming_normal")):
    net = MLP.initialized(DEEP, scheme, "relu", output_activation="linear", rng=1)
    output = net.forward(X)
    net.mse_loss(X, y)
    grad_rms = [math.sqrt(np.mean(g**2)) for g in net.grad_weights]
    print(f"{name:6s} at step 0: std of the output {output.std():.2g}; RMS of dL/dW in layer 1 "
          f"{grad_rms[0]:.2g}, in layer 30 {grad_rms[-1]:.2g}")
    deep_nets[name], curves[name] = net, train_deep(net, 300)
print("step | loss Xavier | loss He")
for step in (0, 20, 50, 100, 200, 300):
    print(f"{step:4d} | {curves['Xavier'][step]:11.3g} | {curves['He'][step]:7.3g}")

# %% [markdown]
# Our numbers agree with the paper's claim. The Xavier network's output starts tiny and its weight gradients
# are orders of magnitude below He's (first printed lines): the factor $2^{-1/2}$ per layer of section 3, in
# both passes. Its loss sits at the level of predicting the mean for all 300 steps. The He network starts
# with a larger loss (its output is of order one, and random) but then learns.
#
# Where ours differs from the paper: a tiny network, 300 steps, a regression task instead of ImageNet, no
# momentum or weight decay. And "stalls" describes a training budget, not a law. The cell continues the
# Xavier network for 700 more steps (new minibatches), and the plot puts both curves together.

# %%
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
# The printed losses (and the dashed curve) show what happens after step 300 for this seed: read whether, and
# when, the Xavier network leaves its plateau. A plateau whose length depends on the seed and the learning rate
# is what "stalls" looks like in practice, and a deeper network should make it longer, since every extra layer
# shrinks the gradients by another $2^{-1/2}$. He initialization removes the plateau instead of waiting it out.
#
# ## 7. What a framework's default really is
#
# "PyTorch initializes `nn.Linear` and `nn.Conv2d` with Kaiming (He) initialization" is a sentence found in
# many tutorials. The source of `nn.Linear.reset_parameters` reads
#
# ```python
# init.kaiming_uniform_(self.weight, a=math.sqrt(5))
# ```
#
# and the convolutions call the same. The name says Kaiming, but `a` is the **negative slope of a leaky ReLU**,
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
# $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$: one sixth of He's variance and one third of LeCun's. (That is
# deliberate: before `reset_parameters` was rewritten in terms of `kaiming_uniform_`, it drew
# $U(\pm 1/\sqrt{\text{fan\_in}})$ directly, and `a=sqrt(5)` keeps that distribution; see the comment in the
# source and PyTorch issues #1667, #15314 and #57109.) Check by sampling, first with `course_lib`:

# %%
# NBVAL_CHECK_OUTPUT
W = init.kaiming_uniform((300, 500), a=math.sqrt(5), rng=0)          # shape (fan_out, fan_in)
print(f"course_lib kaiming_uniform((300, 500), a=sqrt(5)): Var(W) * fan_in = {W.var() * 500:.3f}, "
      f"max|W| * sqrt(fan_in) = {np.abs(W).max() * math.sqrt(500):.4f}")

# %% [markdown]
# and with PyTorch itself, if it is installed (the course does not need it; this cell is skipped without it).
# `nn.Linear(in_features, out_features)` stores its weight with shape `(out_features, in_features)`, PyTorch's
# layout. The cell prints the lines of `reset_parameters` that call `init`, then the statistics of a sampled
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
    source = inspect.getsource(torch.nn.Linear.reset_parameters)
    print(f"torch {torch.__version__}, nn.Linear.reset_parameters:")
    print("\n".join(line for line in source.splitlines() if "init." in line))
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
# an initializer explicitly. The default is fine for a shallow network; it is not He initialization.
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
# ### Exercise 3: `kaiming_uniform` from scratch (3 points)
#
# Write `kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None)`, the uniform form
# of Exercise 2 (as `torch.nn.init.kaiming_uniform_`):
#
# * same `shape`, fans, `mode`, `nonlinearity`, `a` and `rng` rules as Exercise 2;
# * return a new NumPy array of shape `shape` with i.i.d. entries $U(-b, b)$, where the bound $b$ gives the
#   variance $g^2/n$ (so that `kaiming_uniform(shape, a=math.sqrt(5))` is PyTorch's default).
#
# Use only NumPy and `math` (the tests block `course_lib` and torch while your function runs).

# %% kind="answer" grade_id="n04_kaiming_uniform_answer"
def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """He uniform init: U(-b, b) with Var(W) = gain**2 / fan, fan = fan_in or fan_out of (fan_out, fan_in, *k)."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    shape = tuple(int(s) for s in shape)
    receptive_field = math.prod(shape[2:])
    fan = (shape[1] if mode == "fan_in" else shape[0]) * receptive_field
    gain = {"relu": math.sqrt(2.0), "linear": 1.0}.get(nonlinearity, math.sqrt(2.0 / (1.0 + a * a)))
    bound = gain * math.sqrt(3.0 / fan)
    return rng.uniform(-bound, bound, size=shape)
    ### END SOLUTION


# %% kind="test" grade_id="n04_kaiming_uniform_test" points=3
"""Test kaiming_uniform: U(-b, b), b = gain * sqrt(3 / fan), PyTorch's fans, modes and gains, NumPy only."""
import math

import numpy as np

from course_lib import grading


def _numpy_only():
    """course_lib's initializers, fans and gains and torch.nn.init raise while active (aliases included)."""
    return grading.forbidding("course_lib", "course_lib.init", "course_lib.fans", "course_lib.gain",
                              "torch.nn.init", who="kaiming_uniform", advice="write it with NumPy and math only")


def _call(shape, rng=None, **kwargs):
    with _numpy_only():
        return grading.call_quietly(kaiming_uniform, shape, rng=rng, **kwargs)


def _draw(shape, seed, **kwargs):
    """>= 150_000 values from independently seeded calls (grading.draw_many checks type and shape)."""
    with _numpy_only():
        return grading.draw_many(kaiming_uniform, shape, n_min=150_000, seed=grading.seed(seed), **kwargs)


def _expected_bound(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    _rf = math.prod(shape[2:])
    _fan = shape[1] * _rf if mode == "fan_in" else shape[0] * _rf
    _g = {"relu": math.sqrt(2.0), "linear": 1.0}.get(nonlinearity, math.sqrt(2.0 / (1.0 + a * a)))
    return _g * math.sqrt(3.0 / _fan)


def _hints(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """(ratio observed/target std, message) for the plausible mistakes in this case."""
    _bound = _expected_bound(shape, a, mode, nonlinearity)
    _rf = math.prod(shape[2:])
    _fan_in, _fan_out = shape[1] * _rf, shape[0] * _rf
    _fan = _fan_in if mode == "fan_in" else _fan_out
    _other = _fan_out if mode == "fan_in" else _fan_in
    _g = _bound / math.sqrt(3.0 / _fan)
    _hints_list = [
        (math.sqrt(2.0), "Is the bound sqrt(6 / fan) multiplied by the gain as well? sqrt(6) = sqrt(3) * sqrt(2) "
                         "already holds the ReLU gain: b = gain * sqrt(3 / fan)."),
        (1 / math.sqrt(3.0), "Is the std gain / sqrt(fan) used as the bound? U(-b, b) has std b / sqrt(3)."),
        (math.sqrt(_fan / _other), f"Is the mode ignored, or are fan_in and fan_out swapped? mode={mode!r} here, "
                                   "and in PyTorch's layout shape[0] is fan_out, shape[1] is fan_in."),
        (math.sqrt(_rf), "For a convolution, both fans include the receptive field prod(shape[2:])."),
        (math.sqrt(_fan / ((_fan_in + _fan_out) / 2)), "That is Glorot's fan_avg scale, not fan_in or fan_out."),
        (1 / _g, "Is the gain missing? b = gain * sqrt(3 / fan)."),
        (_g, "Is the gain applied twice (gain**2 in the bound)?"),
        (1 / math.sqrt(2.0), "U(-b, b) has std b / sqrt(3): is the interval half as wide as it should be?"),
    ]
    if nonlinearity == "leaky_relu":
        _hints_list.append((math.sqrt(2) / _g, "The slope a changes the gain of leaky_relu: is a ignored?"))
    else:
        _hints_list.append((math.sqrt(2 / (1 + a * a)) / _g,
                            f"With nonlinearity={nonlinearity!r}, a is ignored (as in PyTorch)."))
    return [(_r, _m) for _r, _m in _hints_list if abs(_r - 1) > 0.03]


def _check_values(values, shape, name, **kwargs):
    """Range, then spread (check_std with a uniform's kurtosis 1.8: a right answer fails with prob < 4e-9)."""
    _bound = _expected_bound(shape, **kwargs)
    if np.max(np.abs(values)) > _bound * (1 + 1e-6):
        _ratio = np.max(np.abs(values)) / _bound
        _hint = grading.ratio_hint(_ratio, _hints(shape, **kwargs)) or (
            " U(-b, b) never leaves [-b, b]: is another distribution (a normal?) or a wider interval used?")
        raise AssertionError(f"{name} has values up to {_ratio:.3g}x the bound b = gain * sqrt(3 / fan) it should "
                             f"stay within.{_hint}")
    grading.check_std(values, _bound / math.sqrt(3), name, kurtosis=1.8, hints=_hints(shape, **kwargs))
    return values / _bound


def _check_case(shape, seed, **kwargs):
    _values = _draw(shape, seed, **kwargs)
    return _check_values(_values, shape, f"kaiming_uniform{shape} with {kwargs or 'the defaults'}", **kwargs)


# visible: a dense (200, 600) weight with the defaults (b = sqrt(6 / 600)), and PyTorch's default a = sqrt(5)
_W = grading.check_array(_call((200, 600), rng=np.random.default_rng(grading.seed(0))), "kaiming_uniform((200, 600))",
                         (200, 600))
_check_values(_W, (200, 600), "kaiming_uniform((200, 600))")
_W5 = grading.check_array(_call((300, 500), rng=np.random.default_rng(grading.seed(1)), a=math.sqrt(5)),
                          "kaiming_uniform((300, 500), a=sqrt(5))", (300, 500))
_check_values(_W5, (300, 500), "kaiming_uniform((300, 500), a=sqrt(5))", a=math.sqrt(5))
assert np.array_equal(_W, _call((200, 600), rng=np.random.default_rng(grading.seed(0)))), (
    "the same seed gave two different arrays: draw every number from rng")
print("visible checks passed")

### BEGIN HIDDEN TESTS
_A = _call((5, 12), rng=np.random.default_rng(grading.seed(7)), mode="fan_out")
assert np.array_equal(_A, _call((5, 12), rng=np.random.default_rng(grading.seed(7)), mode="fan_out")), (
    "the same seed gave two different arrays: draw every number from rng")
assert not np.array_equal(_A, _call((5, 12), rng=np.random.default_rng(grading.seed(8)), mode="fan_out")), (
    "two different seeds gave the same array: use the rng you are given")
# Five cases of >= 150_000 values: check_std fails a right answer with probability 2e-9 per test (mean and
# spread, z = 6), the Kolmogorov-Smirnov test with 1e-7: in all below 1e-6.
_standardized = np.concatenate([
    _check_case((64, 3, 7, 7), 21, mode="fan_in", nonlinearity="relu"),
    _check_case((50, 120), 22, a=0.1, mode="fan_out"),
    _check_case((10, 40, 3), 23, a=math.sqrt(5), mode="fan_out"),
    _check_case((35, 80), 24, a=0.7, nonlinearity="linear"),
    _check_case((12, 6, 2, 2, 2), 25, a=-0.4),
])
grading.check_distribution(_standardized, grading.uniform_cdf(1.0), "kaiming_uniform",
                           hint="The entries should be uniform on [-b, b] (not normal, clipped or shifted).")
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Predicting the final scale of a mismatched stack
#
# Sections 3 and 7 are two cases of one recursion. For a stack with widths $n_0, \dots, n_L$, weights of
# variance $v_l$ and a leaky ReLU of slope $a$ after every layer,
#
# $$E[z_1^2] = n_0 v_1 E[x^2], \qquad E[h_l^2] = \frac{1 + a^2}{2}\,E[z_l^2], \qquad
#   E[z_{l+1}^2] = n_l\,v_{l+1}\,E[h_l^2].$$
#
# Any scheme of the form $v_l = \text{scale}/\text{fan}$ fits: Xavier is scale 1 with
# $\text{fan} = (n_{l-1} + n_l)/2$, He is scale 2 with fan_in, PyTorch's default scale $1/3$ with fan_in.
#
# ### Exercise 4: the final standard deviation (3 points)
#
# Write `predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0)` returning the predicted
# $\mathrm{std}(z_L)/\mathrm{std}(x)$ for this stack:
#
# * `widths` is a list (or tuple) of ints $[n_0, n_1, \dots, n_L]$, $L \ge 1$; layer $l$ has a weight of shape
#   $(n_l, n_{l-1})$ with i.i.d. zero-mean entries of variance `scale / fan`, where `fan` is $n_{l-1}$ for
#   `mode="fan_in"`, $n_l$ for `"fan_out"` and $(n_{l-1} + n_l)/2$ for `"fan_avg"`; biases are zero;
# * $z_l = h_{l-1}W_l^\top$, $h_l = \mathrm{leaky}(z_l)$ with slope `negative_slope` (0: ReLU, 1: linear),
#   and $h_0 = x$ has i.i.d. zero-mean entries; $z_L$ is the last layer's pre-activation (before its
#   activation);
# * return a `float`, computed with the recursion above (no simulation).

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
"""Test predict_final_std against an independent recursion, on non-square stacks, every mode and slope."""
import math

from course_lib import grading


def _predict(widths, scale, mode, slope):
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
    return math.sqrt(_moment if last_activation else _q)


def _hints(widths, scale, mode, slope):
    _right = _recursion(widths, scale, mode, slope)
    _other = {"fan_in": "fan_out", "fan_out": "fan_in", "fan_avg": "fan_in"}[mode]
    _geometric = [math.sqrt(_a * _b) for _a, _b in zip(widths[:-1], widths[1:])]
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
        _candidates.append((_recursion(widths, scale, "fan_in", slope) * math.prod(
            math.sqrt(_a / _g) for _a, _g in zip(widths[:-1], _geometric)), "fan_avg is the arithmetic mean."))
    return [(_value / _right, _message) for _value, _message in _candidates if abs(_value / _right - 1) > 1e-4]


def _check(widths, scale, mode, slope, expected):
    """The answer must match the recursion to 1e-9; a wrong one is named by its ratio, never by the value."""
    _name = f"predict_final_std({list(widths)}, {scale:.4g}, {mode!r}, {slope})"
    _ratio = _predict(widths, scale, mode, slope) / expected
    _named = [_m for _r, _m in _hints(list(widths), scale, mode, slope) if abs(_ratio / _r - 1) < 1e-6]
    _digits = ".3g" if abs(_ratio - 1) > 1e-3 else ".7g"
    assert abs(_ratio - 1) <= 1e-9, f"{_name} is {_ratio:{_digits}}x the expected value. " + " Or: ".join(_named)


# visible: a square Xavier + ReLU stack, L = 5 layers: std(z_5) / std(x) = 2^(-(5-1)/2) (section 3)
_check([256] * 6, 1.0, "fan_avg", 0.0, 2.0 ** -2)
# visible: He with fan_in keeps E[z^2] from layer 1 on, and Var(z_1) = 2 E[x^2] (x is not a ReLU output)
_check([100, 400, 25], 2.0, "fan_in", 0.0, math.sqrt(2))
assert _predict([100, 400, 25], 2.0, "fan_out", 0.0) != _predict([100, 400, 25], 2.0, "fan_in", 0.0), (
    "fan_in and fan_out give the same answer on a stack whose widths change: use the mode argument")
print("visible checks passed")

### BEGIN HIDDEN TESTS
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
# * A leaky ReLU of slope $a$ keeps $(1 + a^2)/2$ of the second moment; the gain undoes that factor.
# * Xavier weights in a square ReLU stack halve the second moment per layer: the RMS falls like $2^{-L/2}$.
#   In a 30-layer network this leaves the output and the gradients tiny, and training sits on a plateau
#   (the "stall" of He et al.'s Figure 3); He initialization trains at once.
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
#    $E[h_l^2]$ along the stack, and to the squared gradient at the input relative to the output?
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
#    $n_L/n_0 = 10/784$ times that at the output (the backward factors telescope).
# 5. $g = \sqrt{2/(1 + 0.2^2)} = \sqrt{2/1.04}$: a leaky ReLU keeps $(1 + a^2)/2$ of the second moment of a
#    symmetric input, so $\mathrm{Var}(W) = 2/((1 + a^2)\,\text{fan\_in})$ restores it.
# 6. $U(-1/\sqrt{300}, 1/\sqrt{300})$, so $\mathrm{Var}(W) = 1/(3\cdot300) = 1/900$; He's would be
#    $2/300$, six times larger.
# 7. Nothing: `a` is the negative slope used only when `nonlinearity="leaky_relu"`; with `"relu"` the gain is
#    $\sqrt2$.
#
# </details>
