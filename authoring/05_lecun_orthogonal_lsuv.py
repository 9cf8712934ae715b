# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 05 · LeCun and SELU, orthogonal matrices, dynamical isometry, LSUV
#
# *Weight-initialization course, notebook 5 of 8. Estimated time: 90 to 110 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. state LeCun's rule $\operatorname{Var}(W) = 1/\text{fan\_in}$ and derive, from the moments of a Gaussian, why
#    SELU's constants $\alpha$ and $\lambda$ make $(\text{mean}, \text{variance}) = (0, 1)$ a fixed point of a layer,
#    and where the variance settles instead when the weights are scaled by another gain (PyTorch's
#    `calculate_gain("selu") = 3/4` among them);
# 2. implement an orthogonal initializer that is uniformly (Haar) distributed, including the sign fix after QR,
#    wide and tall shapes and convolution shapes, and test it statistically;
# 3. compute the input-output Jacobian of a deep stack, and predict how the spread of its squared singular values
#    grows with depth for Gaussian and orthogonal weights, linear and (leaky) ReLU layers (dynamical isometry);
# 4. implement LSUV measured after the nonlinearity, where its loop, its tolerance and its iteration limit all
#    matter, and use it for an activation (GELU) for which no closed-form gain is at hand.
#
# **Prerequisites.** Notebooks 02 (variance propagation) and 03/04 (Glorot, He and the gain of an activation);
# Gaussian integrals ($\Phi$, $\varphi$, completing the square); QR and singular value decompositions at the level
# of `numpy.linalg`.
#
# **Estimated time.** 90 to 110 minutes of work; the whole notebook executes in about ten seconds.
#
# **How to work.** Run the cells from top to bottom (Run All works before you answer anything: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are four exercises (12 points): one
# derivation, one prediction and two implementations. Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. An answer may use
# the imports of the first code cell and its own code, nothing else from the notebook: the grader runs each
# exercise with the first cell only.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from course_lib import grading, init, plots, spectra
from course_lib.activations import SELU_ALPHA, SELU_SCALE, get_activation, leaky_relu
from course_lib.gain import calculate_gain
from course_lib.lsuv import lsuv
from course_lib.stats import derivative_second_moment, second_moment
from course_lib.widgets import init_explorer

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Three refinements of "keep the variance at 1"
#
# Notebooks 02 to 04 chose the *scale* of random weights so that the variance of a signal is preserved from layer
# to layer **on average** over the random draw. This notebook refines that idea in three directions.
#
# * **Let the network do it (SELU).** With LeCun's scale and the SELU activation, a layer maps the mean and
#   variance of its inputs *towards* $(0, 1)$: statistics that start off are pulled back, layer after layer.
# * **Preserve every direction, not just the average (orthogonal).** A Gaussian matrix preserves the squared norm
#   of a vector on average, but stretches some directions and squashes others; an orthogonal matrix preserves all
#   of them exactly. Over many layers the difference decides whether the input-output Jacobian stays well
#   conditioned (*dynamical isometry*).
# * **Measure instead of derive (LSUV).** When the activation (or the architecture) has no convenient formula,
#   push one batch of data through the network and rescale each layer until its output has unit variance.
#
# Throughout, weights use **PyTorch's layout** `W.shape == (fan_out, fan_in)` and a dense layer computes
# `z = x @ W.T`: row `i` of `W` holds the incoming weights of unit `i`. A convolution weight
# `(out_channels, in_channels, *kernel)` has `fan_in = in_channels * prod(kernel)`.
#
# ## 2. LeCun's rule
#
# For $z_i = \sum_{j=1}^{n} W_{ij} x_j$ with independent zero-mean weights of variance $v$, independent of the
# inputs, $E[z_i^2] = \sum_j E[W_{ij}^2]\,E[x_j^2] = n\,v\,E[x^2]$ with $n = \text{fan\_in}$. LeCun et al. (1998)
# chose $v = 1/\text{fan\_in}$, so that a layer preserves the second moment of its inputs:
#
# $$\operatorname{Var}(W) = \frac{1}{\text{fan\_in}}, \qquad E[z^2] = E[x^2].$$
#
# It is He's rule without the factor 2 (there is no ReLU halving the second moment), and Glorot's with $\text{fan\_in}$
# instead of the average fan. PyTorch has no `lecun_normal_` (torch 2.13, `torch/nn/init.py`); for SELU networks
# its documentation (the warning in `torch.nn.SELU`'s docstring, `torch/nn/modules/activation.py`) recommends
# `kaiming_normal_(w, nonlinearity="linear")`, which is the same distribution (gain 1). The cell checks both
# statements on a non-square layer (500 inputs, 300 outputs), with inputs whose second moment is 4.

# %%
rng = np.random.default_rng(0)
x = 2.0 * rng.standard_normal((2000, 500))                 # E[x^2] = 4
W = init.lecun_normal((300, 500), rng=1)                   # (fan_out, fan_in)
z = x @ W.T
print(f"E[z^2] / E[x^2] = {np.mean(z**2) / np.mean(x**2):.2f}")
print(f"500 * Var(W)    = {500 * W.var():.2f}")
same = np.array_equal(W, init.kaiming_normal((300, 500), nonlinearity="linear", rng=1))
print("lecun_normal == kaiming_normal(nonlinearity='linear') with the same seed:", same)

# %% [markdown]
# LeCun's rule by itself only fixes the scale of a *linear* map. What it does with a nonlinearity depends on the
# nonlinearity; with SELU it does something remarkable.
#
# ## 3. SELU and its self-normalizing fixed point
#
# Klambauer et al. (2017) define
#
# $$\operatorname{selu}(z) = \lambda \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}$$
#
# and ask: if the inputs $x_j$ of a unit have mean $\mu$ and variance $\nu$, what are the mean $\tilde\mu$ and the
# variance $\tilde\nu$ of its output $\operatorname{selu}(z)$, $z = \sum_j w_j x_j$? Write $\omega = \sum_j w_j$ and
# $\tau = \sum_j w_j^2$. For many independent inputs the central limit theorem makes $z$ approximately Gaussian
# with $E[z] = \mu\omega$ and $\operatorname{Var}(z) = \nu\tau$, so the layer acts on the pair $(\mu, \nu)$ by the
# **moment map**
#
# $$g(\mu, \nu) = (\tilde\mu, \tilde\nu), \qquad \tilde\mu = E[\operatorname{selu}(z)], \quad
# \tilde\nu = E[\operatorname{selu}(z)^2] - \tilde\mu^2, \qquad z \sim \mathcal N(\mu\omega,\ \nu\tau).$$
#
# ### 3.1 Gaussian building blocks
#
# Let $z \sim \mathcal N(m, s^2)$, $\Phi$ the standard normal CDF and $\varphi$ its density. Every expectation above
# splits at $z = 0$ into pieces of two kinds. The positive side uses truncated moments of the Gaussian:
#
# $$P(z > 0) = \Phi\!\left(\tfrac{m}{s}\right), \qquad
# E[z\,\mathbf 1_{z>0}] = m\,\Phi\!\left(\tfrac{m}{s}\right) + s\,\varphi\!\left(\tfrac{m}{s}\right), \qquad
# E[z^2\,\mathbf 1_{z>0}] = (m^2 + s^2)\,\Phi\!\left(\tfrac{m}{s}\right) + m\,s\,\varphi\!\left(\tfrac{m}{s}\right).$$
#
# The negative side needs $E[e^{kz}\mathbf 1_{z \le 0}]$ for $k = 1, 2$. Completing the square,
# $kz - \frac{(z-m)^2}{2s^2} = km + \frac{k^2s^2}{2} - \frac{(z - m - ks^2)^2}{2s^2}$, so the integrand is
# $e^{km + k^2s^2/2}$ times the density of $\mathcal N(m + ks^2, s^2)$, whose mass below 0 is
# $\Phi(-(m + ks^2)/s)$:
#
# $$E[e^{kz}\,\mathbf 1_{z \le 0}] = e^{km + k^2 s^2/2}\;\Phi\!\left(-\frac{m + k s^2}{s}\right).$$
#
# Then, with $P_- = P(z \le 0) = \Phi(-m/s)$,
#
# $$E[\operatorname{selu}(z)] = \lambda\Big(E[z\mathbf 1_{z>0}] + \alpha\big(E[e^{z}\mathbf 1_{z\le 0}] - P_-\big)\Big),
# \qquad
# E[\operatorname{selu}(z)^2] = \lambda^2\Big(E[z^2\mathbf 1_{z>0}] + \alpha^2\big(E[e^{2z}\mathbf 1_{z\le 0}]
# - 2E[e^{z}\mathbf 1_{z\le 0}] + P_-\big)\Big).$$
#
# The cell checks the five building blocks against a Monte Carlo estimate with a million draws (agreement to
# about three decimals is what a million draws can show).

# %%
def Phi(t):
    """Standard normal CDF."""
    return 0.5 * math.erfc(-t / math.sqrt(2))


def phi(t):
    """Standard normal density."""
    return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


m, s = 0.4, 1.3
zs = np.random.default_rng(2).normal(m, s, 1_000_000)
positive, negative = zs > 0, zs <= 0
blocks = {
    "P(z > 0)": (Phi(m / s), positive.mean()),
    "E[z 1(z>0)]": (m * Phi(m / s) + s * phi(m / s), np.mean(zs * positive)),
    "E[z^2 1(z>0)]": ((m**2 + s**2) * Phi(m / s) + m * s * phi(m / s), np.mean(zs**2 * positive)),
    "E[e^z 1(z<=0)]": (math.exp(m + s**2 / 2) * Phi(-(m + s**2) / s), np.mean(np.exp(zs) * negative)),
    "E[e^2z 1(z<=0)]": (math.exp(2 * m + 2 * s**2) * Phi(-(m + 2 * s**2) / s), np.mean(np.exp(2 * zs) * negative)),
}
print(f"{'z ~ N(0.4, 1.3^2)':18s} {'formula':>9s} {'Monte Carlo':>12s}")
for name, (formula, monte_carlo) in blocks.items():
    print(f"{name:18s} {formula:9.4f} {monte_carlo:12.4f}")

# %% [markdown]
# ### 3.2 The fixed point $(0, 1)$ and where $\alpha$ and $\lambda$ come from
#
# Klambauer et al. want $(\mu, \nu) = (0, 1)$ to be a fixed point: if the inputs are standardized, so are the
# outputs. For normalized weights, $\omega = 0$ and $\tau = 1$, the pre-activation is $z \sim \mathcal N(0, 1)$ and
# the building blocks at $m = 0$, $s = 1$ are $P_- = \tfrac12$, $E[z\mathbf 1_{z>0}] = \varphi(0) = 1/\sqrt{2\pi}$,
# $E[z^2\mathbf 1_{z>0}] = \tfrac12$, $E[e^{z}\mathbf 1_{z\le0}] = e^{1/2}\Phi(-1)$ and
# $E[e^{2z}\mathbf 1_{z\le0}] = e^{2}\Phi(-2)$. The two conditions are
#
# $$\tilde\mu = 0:\quad \frac{1}{\sqrt{2\pi}} + \alpha\Big(e^{1/2}\Phi(-1) - \tfrac12\Big) = 0
# \quad\Longrightarrow\quad \alpha = \frac{1/\sqrt{2\pi}}{\tfrac12 - e^{1/2}\Phi(-1)},$$
#
# $$\tilde\nu = 1:\quad \lambda^2\Big(\tfrac12 + \alpha^2\big(e^{2}\Phi(-2) - 2e^{1/2}\Phi(-1) + \tfrac12\big)\Big) = 1
# \quad\Longrightarrow\quad \lambda = \Big(\tfrac12 + \alpha^2\big(e^{2}\Phi(-2) - 2e^{1/2}\Phi(-1) + \tfrac12\big)\Big)^{-1/2}.$$
#
# ($\lambda$ cancels from the first condition, so it fixes $\alpha$ alone.) The cell evaluates both formulas and
# compares them with the constants that PyTorch and `course_lib` use.

# %%
alpha = (1 / math.sqrt(2 * math.pi)) / (0.5 - math.exp(0.5) * Phi(-1))
lam = (0.5 + alpha**2 * (math.exp(2) * Phi(-2) - 2 * math.exp(0.5) * Phi(-1) + 0.5)) ** -0.5
print(f"alpha from the fixed point: {alpha:.10f}   SELU_ALPHA = {SELU_ALPHA:.10f}")
print(f"lambda from the fixed point: {lam:.10f}   SELU_SCALE = {SELU_SCALE:.10f}")
print("both agree to 1e-12:", abs(alpha - SELU_ALPHA) < 1e-12 and abs(lam - SELU_SCALE) < 1e-12)

# %% [markdown]
# SELU's "magic numbers" are nothing but the solution of these two equations.
#
# **What the fixed point asks of the weights.** The derivation assumed $\omega = \sum_j w_j = 0$ and
# $\tau = \sum_j w_j^2 = 1$ for every unit. A random initialization can only meet these on average:
# $E[\omega] = n\,E[w] = 0$ needs zero-mean weights, and $E[\tau] = n\operatorname{Var}(w) = 1$ needs
# $\operatorname{Var}(w) = 1/n = 1/\text{fan\_in}$: **LeCun's rule**. For one random unit, though, $\omega$ is not 0:
# it is itself random, with mean 0 and variance $n\operatorname{Var}(w) = 1$. Over the units of a layer the
# deviations of $\omega$ average out in the **mean** of $z$ (its layer-wide mean is $\mu\,E[\omega] = 0$), but not in
# its **variance**: unit $i$ is centred at $\mu\omega_i$, and these centres scatter with variance
# $\mu^2\,n\operatorname{Var}(w) = \mu^2$. Over the whole layer, $z$ is a mixture of $\mathcal N(\mu\omega_i, \nu)$ with
# Gaussian $\omega_i$, which is again Gaussian:
#
# $$z_{\text{layer}} \sim \mathcal N\big(0,\ \nu + \mu^2\big) = \mathcal N\big(0,\ E[x^2]\big).$$
#
# So an input mean does not vanish at a LeCun layer: it turns into variance. Klambauer et al.'s map $g$ with
# $\omega = 0$ describes a unit whose weights happen to sum to zero, not the layer average; section 3.3 shows the
# difference on a real stack.
#
# Klambauer et al. go further: with the Banach fixed-point theorem they show that $g$ is a contraction on a domain
# around $(0, 1)$ (for $\omega$, $\tau$ near $0$, $1$), so the fixed point is *attracting*. Section 3.3 checks this by
# simulation.

# %% [markdown]
# ### 3.3 A deep SELU stack keeps, and finds, mean 0 and variance 1
#
# The derivation is a mean-field argument: Gaussian pre-activations, $\omega = 0$ and $\tau = 1$ exactly. The cell
# tests it on a real stack: 32 SELU layers of width 128 with LeCun-normal weights, applied to a batch of 256
# inputs, for three kinds of input: standardized, shifted and wide (mean 1, standard deviation 2), and small
# (standard deviation 0.2). It prints the mean and the variance of each layer's output over the whole layer
# (all units and all inputs). The same 32 weight matrices serve all three inputs.

# %%
# NBVAL_CHECK_OUTPUT
selu = get_activation("selu").f
WIDTH, DEPTH, SHOW = 128, 32, (1, 2, 4, 8, 16, 32)
lecun_stack = [init.lecun_normal((WIDTH, WIDTH), rng=rng) for rng in np.random.default_rng(3).spawn(DEPTH)]


def layer_moments(weights, x, activation=selu):
    """Mean and variance of every layer's output h_l = activation(h_{l-1} @ W_l.T), over the whole layer."""
    h, out = x, []
    for w in weights:
        h = activation(h @ w.T)
        out.append((float(h.mean()), float(h.var())))
    return out


base = np.random.default_rng(4).standard_normal((256, WIDTH))
inputs = {"standardized": base, "mean 1, std 2": 1.0 + 2.0 * base, "std 0.2": 0.2 * base}
print("layer:" + 16 * " " + "".join(f"{layer:>13d}" for layer in SHOW))
for name, x in inputs.items():
    moments = layer_moments(lecun_stack, x)
    cells = "".join(f"  ({moments[layer - 1][0]:+.2f}, {moments[layer - 1][1]:.2f})" for layer in SHOW)
    print(f"{name:21s} {cells}")

# %% [markdown]
# Each entry is (mean, variance) of one layer's output. The standardized input stays close to $(0, 1)$ at every
# depth (the remaining wobble is the finite width and the finite batch). The two non-standard inputs start far
# from it and drift towards it over the layers, from above and from below, and are within 0.05 of $(0, 1)$ by
# layer 32 in this run. Klambauer et al.'s Theorem 1 proves attraction only on a small domain around the fixed
# point ($|\mu| \le 0.1$, $0.8 \le \nu \le 1.5$, with $|\omega| \le 0.1$, $0.95 \le \tau \le 1.1$); both inputs start
# outside it, so the run shows more than that theorem does (their Theorems 2 and 3 only bound the variance from
# above and below), and only for 32 layers of this draw. No normalization layer was needed; the weights' scale and
# the activation's constants do the work.
#
# **What the first layer really does to a shifted input.** The entry of layer 1 for the input with mean 1 and
# variance 4 is *not* $g(1, 4)$ with $\omega = 0$ (that would be SELU of $\mathcal N(0, 4)$): the input mean has become
# variance, as section 3.2 says, and the layer-wide pre-activation is $\mathcal N(0, 4 + 1)$. The cell measures
# $\omega_i$ over the 128 units of layer 1 and the layer-wide moments of $z_1$, and puts both candidates (computed by
# quadrature) beside the simulated entry.

# %%
# NBVAL_CHECK_OUTPUT
def selu_mean_var(mean, variance):
    """(mean, variance) of selu(z) for z ~ N(mean, variance), by quadrature (scipy.stats.norm.expect)."""
    first = stats.norm.expect(selu, loc=mean, scale=math.sqrt(variance))
    second = stats.norm.expect(lambda t: selu(t) ** 2, loc=mean, scale=math.sqrt(variance))
    return float(first), float(second - first**2)


omega = lecun_stack[0].sum(axis=1)                       # one omega per unit (row of W_1)
z_1 = inputs["mean 1, std 2"] @ lecun_stack[0].T
simulated_1 = layer_moments(lecun_stack[:1], inputs["mean 1, std 2"])[0]
print(f"omega_i over the 128 units of layer 1: mean {omega.mean():+.2f}, variance {omega.var():.2f}")
print(f"layer-wide z_1 for the input (mean 1, var 4): mean {z_1.mean():+.2f}, variance {z_1.var():.2f}")
print("layer 1 output, simulated:                     ({:+.2f}, {:.2f})".format(*simulated_1))
print("SELU of N(0, {:.2f}), the measured z_1:          ({:+.2f}, {:.2f})".format(z_1.var(), *selu_mean_var(0.0, z_1.var())))
print("SELU of N(0, 5), the wide-layer average:       ({:+.2f}, {:.2f})".format(*selu_mean_var(0.0, 5.0)))
print("g(1, 4) at omega = 0, tau = 1 = SELU(N(0, 4)): ({:+.2f}, {:.2f})".format(*selu_mean_var(0.0, 4.0)))

# %% [markdown]
# The simulated entry is within a few hundredths of SELU of a Gaussian with the measured layer-wide variance, and
# close to SELU of $\mathcal N(0, 5)$; it is far from $g(1, 4)$. The small gap to $\mathcal N(0, 5)$ is finite width: the 128 values $\omega_i$ of this draw
# have variance 0.88 rather than 1, so $z_1$ has variance 4.91 rather than 5. A LeCun layer maps inputs with mean
# $\mu$ and variance $\nu$ to pre-activations of layer-wide variance $\nu + \mu^2$, and SELU then pulls *those*
# statistics towards $(0, 1)$.
#
# ### 3.4 `calculate_gain("selu") = 3/4` is not what self-normalization needs
#
# PyTorch's `calculate_gain("selu")` returns $3/4$, so `kaiming_normal_(w, nonlinearity="selu")` draws
# $\operatorname{Var}(W) = (3/4)^2/\text{fan\_in}$, not $1/\text{fan\_in}$ (torch 2.13, `torch/nn/init.py`, where a
# source comment calls 3/4 a value "found empirically"). PyTorch's own documentation, the warning in
# `calculate_gain`'s docstring, warns about it: for self-normalizing networks use `nonlinearity="linear"` (variance
# $1/N$, which the stable fixed point
# needs); the SELU gain deliberately gives up the normalizing effect for more stable gradient flow in
# rectangular layers. What does the network do then? With zero-mean weights the layer-wide second moment
# $q_l = E[z_l^2]$ of the pre-activations follows
#
# $$q_{l+1} = \text{fan\_in}\cdot\operatorname{Var}(W)\cdot E[\operatorname{selu}(z)^2], \quad z \sim \mathcal N(0, q_l),$$
#
# which has the fixed point $q = 1$ when $\text{fan\_in}\operatorname{Var}(W) = 1$ (because
# $E[\operatorname{selu}(z)^2] = \tilde\nu + \tilde\mu^2 = 1$ there). Write $\text{fan\_in}\operatorname{Var}(W) = g^2$ for a
# gain $g$. For $g \ne 1$ the point $q = 1$ is no longer fixed; where does the variance go instead?

# %% [markdown]
# ### Exercise 1 (derive, 3 points)
#
# Write `selu_fixed_point(gain)` that returns the **nonzero fixed point** $q^*$ of the recursion
#
# $$q_{l+1} = g^2\,E[\operatorname{selu}(z)^2], \qquad z \sim \mathcal N(0, q_l),$$
#
# for a gain $g$ = `gain` between $0.75$ and $1.3$: the number $q^* > 0$ with $q^* = g^2 E[\operatorname{selu}(z)^2]$ for
# $z \sim \mathcal N(0, q^*)$. It is the layer-wide second moment of the pre-activations that a deep SELU stack with
# $\operatorname{Var}(W) = g^2/\text{fan\_in}$ settles at.
#
# * Derive $E[\operatorname{selu}(z)^2]$ for $z \sim \mathcal N(0, q)$ from the building blocks of section 3.1 (with
#   $m = 0$, $s = \sqrt q$), or integrate numerically (e.g. `scipy.integrate.quad`, split at 0); then find the fixed
#   point (iterate the map from $q = 1$ until it stops moving, or solve with `scipy.optimize.brentq`). For $g$ in
#   this range the map has exactly one fixed point $q^* > 0$ and iterating from 1 converges to it, slowly near the
#   ends of the range.
# * $q = 0$ is a fixed point too: it is not the one asked for.
# * Accuracy: about $10^{-5}$ relative. Return a float.
# * `SELU_ALPHA` and `SELU_SCALE` are imported in the first cell. `course_lib.stats` (whose `second_moment` is this
#   expectation) is switched off in the tests.
#
# The hidden tests evaluate your function at gains you do not see.

# %% kind="answer" grade_id="n05_selu_fixed_point_answer"
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    ### BEGIN SOLUTION
    def second_moment_of_selu(q):
        s = math.sqrt(q)

        def cdf(t):
            return 0.5 * math.erfc(-t / math.sqrt(2))

        positive = q / 2                                             # E[z^2 1(z>0)] at m = 0
        e1 = math.exp(q / 2) * cdf(-s)                               # E[e^z 1(z<=0)]
        e2 = math.exp(2 * q) * cdf(-2 * s)                           # E[e^(2z) 1(z<=0)]
        return SELU_SCALE**2 * (positive + SELU_ALPHA**2 * (e2 - 2 * e1 + 0.5))

    q = 1.0
    for _ in range(100_000):
        new = gain**2 * second_moment_of_selu(q)
        if abs(new - q) <= 1e-13 * q:
            break
        q = new
    return float(new)
    ### END SOLUTION


# %% kind="test" grade_id="n05_selu_fixed_point_test" points=3
"""selu_fixed_point(gain) returns one positive float, 1 at gain 1 (section 3.4); hidden gains decide the grade."""
from course_lib import grading

with grading.forbidding("course_lib.stats", who="selu_fixed_point", advice="derive E[selu(z)^2] yourself"):
    _q = grading.call_quietly(selu_fixed_point, 1.0)
    _q_small = grading.call_quietly(selu_fixed_point, 0.9)
grading.check_number(_q_small, "selu_fixed_point(0.9)", positive=True)
assert abs(grading.as_float(_q, "selu_fixed_point(1.0)") - 1) < 1e-5, (
    "at gain 1 the fixed point is q* = 1 (SELU's constants make E[selu(z)^2] = 1 for z ~ N(0, 1))")
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

from scipy import integrate, optimize

from course_lib.activations import SELU_ALPHA as _ALPHA
from course_lib.activations import SELU_SCALE as _SCALE


def _second_moment(q):
    """E[selu(z)^2], z ~ N(0, q), by adaptive quadrature split at 0 (independent of the closed form)."""
    s = math.sqrt(q)

    def density(z):
        return math.exp(-0.5 * (z / s) ** 2) / (s * math.sqrt(2 * math.pi))

    options = {"epsabs": 1e-14, "epsrel": 1e-12, "limit": 200}
    left = integrate.quad(lambda z: (_SCALE * _ALPHA * math.expm1(z)) ** 2 * density(z), -40 * s, 0, **options)[0]
    right = integrate.quad(lambda z: (_SCALE * z) ** 2 * density(z), 0, 40 * s, **options)[0]
    return left + right


def _fixed_point(gain):
    # q* solves log(gain^2 m(q)) = log q; m(q)/q runs from about 2.1 (q -> 0) down to lambda^2 / 2 (q -> inf),
    # so for 0.75 <= gain <= 1.3 the root is bracketed by [1e-4, 1e4].
    return optimize.brentq(lambda q: math.log(gain**2 * _second_moment(q)) - math.log(q), 1e-4, 1e4, xtol=1e-14,
                           rtol=1e-13)


def _hint(got, gain):
    checks = [(gain**2 * _second_moment(1.0), "That is one step of the map from q = 1, not its fixed point: iterate."),
              (_fixed_point(math.sqrt(gain)), "Is the gain squared? Var(W) = gain**2 / fan_in."),
              (0.0, "q = 0 is the trivial fixed point; the one asked for is positive.")]
    for value, advice in checks:
        if abs(got - value) <= 1e-4 * max(1.0, abs(value)):
            return " " + advice
    return (" Check E[selu(z)^2] for z ~ N(0, q): the second moment (not the variance), lambda**2 and alpha**2, "
            "E[e^(2z) 1(z<=0)] = e^(2q) Phi(-2 sqrt(q)); and iterate until q stops moving.")


for _gain in (0.8, 0.87, 0.95, 1.06, 1.18, 1.27):
    with grading.forbidding("course_lib.stats", who="selu_fixed_point", advice="derive E[selu(z)^2] yourself"):
        _got = grading.as_float(grading.call_quietly(selu_fixed_point, _gain), f"selu_fixed_point({_gain})")
    _want = _fixed_point(_gain)
    assert abs(_got - _want) <= 1e-5 * _want, (
        f"selu_fixed_point({_gain}) is {_got / _want:.4g} times the fixed point of q -> gain^2 E[selu(z)^2]."
        + _hint(_got, _gain))
### END HIDDEN TESTS

# %% [markdown]
# With PyTorch's SELU gain, $g^2 = 9/16$. The cell prints the gains, then runs the standardized input through a stack
# drawn with the SELU gain (the same random numbers as the LeCun stack, times 3/4) and puts the recursion's
# prediction (by quadrature, `course_lib.stats.second_moment`) beside the simulation; its last line shows your
# `selu_fixed_point(0.75)` beside where the recursion's $q_l$ is after 300 layers.

# %%
# NBVAL_CHECK_OUTPUT
print(f"calculate_gain('selu') = {calculate_gain('selu')}, calculate_gain('linear') = {calculate_gain('linear')}")
selu_gain_stack = [init.kaiming_normal((WIDTH, WIDTH), nonlinearity="selu", rng=rng)
                   for rng in np.random.default_rng(3).spawn(DEPTH)]
print(f"fan_in * Var(W): LeCun {WIDTH * np.var(lecun_stack[0]):.3f}, SELU gain {WIDTH * np.var(selu_gain_stack[0]):.3f}")


def predicted_moments(factor, layers, input_second_moment=1.0):
    """{l: (mean, variance, q_l)} of h_l = selu(z_l), z_l ~ N(0, q_l), q_1 = factor E[x^2], q_l = factor E[h_{l-1}^2]."""
    out, q = {}, factor * input_second_moment
    for layer in range(1, max(layers) + 1):
        if layer in layers:
            mean = float(stats.norm.expect(selu, scale=math.sqrt(q)))
            out[layer] = (mean, float(second_moment("selu", q)) - mean**2, q)
        q = factor * float(second_moment("selu", q))
    return out


simulated = layer_moments(selu_gain_stack, base)
predicted = predicted_moments(calculate_gain("selu") ** 2, SHOW)
print("layer:" + 16 * " " + "".join(f"{layer:>13d}" for layer in SHOW))
print(f"{'SELU gain, simulated':21s} " + "".join(f"  ({simulated[layer - 1][0]:+.2f}, {simulated[layer - 1][1]:.2f})"
                                                  for layer in SHOW))
print(f"{'SELU gain, predicted':21s} " + "".join(f"  ({predicted[layer][0]:+.2f}, {predicted[layer][1]:.2f})"
                                                  for layer in SHOW))
long_run = predicted_moments(calculate_gain("selu") ** 2, [300])[300]
print(f"after 300 layers the recursion has q = {long_run[2]:.4f}; h then has mean {long_run[0]:+.3f}, "
      f"variance {long_run[1]:.3f}")

# %%
yours = grading.learner_value(selu_fixed_point, 0.75)
if yours is not None:
    print(f"your selu_fixed_point(0.75) = {yours:.4f}")

# %% [markdown]
# With the SELU gain the variance does not settle at 1: it decays layer after layer towards the other fixed point
# of the recursion (the last printed line of the table cell: $q^* \approx 0.023$), and the mean of
# $h$ is negative there. The simulation follows the prediction to within 0.02 in mean and variance at every printed
# depth. This is not a bug in PyTorch, which documents the
# choice, but it is a trap: `nonlinearity="selu"` reads as "the right thing for SELU", and for self-normalization it
# is not. A long blog post on initialization lists "SELU: gain 3/4" in its table of He-style gains, as if it
# preserved the variance like $\sqrt 2$ does for ReLU; the table above shows what that gain does to a 32-layer SELU
# stack. Use LeCun normal, i.e. `kaiming_normal_(w, nonlinearity="linear")` in PyTorch.

# %% [markdown]
# ## 4. Orthogonal initialization
#
# ### 4.1 Exact isometry
#
# A square matrix $Q$ is orthogonal when $Q^\top Q = I$; then $\lVert Qx \rVert = \lVert x \rVert$ for every $x$,
# and a product of orthogonal matrices is orthogonal. A deep *linear* stack of orthogonal matrices therefore
# preserves the norm of every input exactly, at any depth, whereas Gaussian matrices with
# $\operatorname{Var}(W) = 1/n$ preserve $E\lVert Wx\rVert^2 = \lVert x\rVert^2$ only on average over the draw.
# Saxe, McClelland and Ganguli (2014) showed that deep linear networks started from random orthogonal weights can
# learn in a time that does not grow with depth, whereas scaled Gaussian starts slow down as depth grows.
#
# For a non-square weight of shape `(rows, cols)` (rows = fan_out) "orthogonal" means **semi-orthogonal**:
# orthonormal rows, $WW^\top = I$, when the matrix is wide (`rows <= cols`); orthonormal columns, $W^\top W = I$,
# when it is tall. Only one of the two is possible: five vectors cannot be orthonormal in $\mathbb R^3$. A tall
# $W$ still preserves every norm ($\lVert Wx\rVert^2 = x^\top W^\top W x = \lVert x\rVert^2$); a wide one is a
# projection and preserves the norms of the vectors in its row space. Every entry has variance
# $1/\max(\text{rows}, \text{cols})$ on average, which is LeCun's $1/\text{fan\_in}$ for square and wide matrices.
# A convolution weight `(out, in, *kernel)` is treated as the matrix `W.reshape(out, -1)`.
#
# The cell draws two stacks of 64 square layers of width 64 (used again in section 5), pushes 4 input vectors
# through them, and prints $\lVert h_L\rVert / \lVert x \rVert$ at a few depths.

# %%
N, LAYERS, DEPTHS = 64, 64, (1, 4, 16, 64)
layer_rngs = np.random.default_rng(5).spawn(LAYERS)
orthogonal_stack = [init.orthogonal((N, N), rng=rng) for rng in layer_rngs]
gaussian_stack = [init.lecun_normal((N, N), rng=rng) for rng in np.random.default_rng(6).spawn(LAYERS)]
points = np.random.default_rng(7).standard_normal((4, N))


def norm_ratios(weights, x):
    """||h_L|| / ||x|| for each row of x after every layer of a linear stack."""
    h, out = x, []
    for w in weights:
        h = h @ w.T
        out.append(np.linalg.norm(h, axis=1) / np.linalg.norm(x, axis=1))
    return out


for name, stack in (("orthogonal", orthogonal_stack), ("Gaussian 1/n", gaussian_stack)):
    ratios = norm_ratios(stack, points)
    print(f"{name:13s}" + "".join(f"  depth {d:2d}: {np.array2string(ratios[d - 1], precision=3)}" for d in DEPTHS))

# %% [markdown]
# The orthogonal stack prints 1 for every input at every depth; the Gaussian stack's ratios wander away from 1,
# differently for each input. Section 5 makes "differently for each input" precise with singular values.
#
# ### 4.2 Uniformly random orthogonal matrices: QR and the sign fix
#
# "A random orthogonal matrix" should mean one drawn from the **Haar measure**, the unique distribution on the
# orthogonal group that is invariant under rotations: $UQ$ and $QU$ have the same distribution as $Q$ for every
# fixed orthogonal $U$. A standard Gaussian matrix $A$ has that invariance ($UA$ is again standard Gaussian),
# and the Gram-Schmidt process turns it into $A = QR$ with $R$ upper triangular and **positive** diagonal.
# This factorization is unique and commutes with rotations ($UA = (UQ)R$), so this $Q$ is Haar-distributed.
#
# Library QR routines do not promise a positive diagonal. The cell asks what `numpy.linalg.qr` actually does
# (LAPACK's Householder QR): for 2000 Gaussian matrices of each size it prints the fraction of positive
# diagonal entries of $R$, of draws with $Q_{00} > 0$, and of draws with $\det Q > 0$. For a Haar matrix the
# last two would be one half.

# %%
# NBVAL_CHECK_OUTPUT
gaussians = {n: np.random.default_rng(8).standard_normal((2000, n, n)) for n in (2, 3, 4)}
for n, a in gaussians.items():
    q, r = np.linalg.qr(a)                                  # QR of each of the 2000 matrices
    diag_r = np.diagonal(r, axis1=1, axis2=2)
    print(f"n = {n}: diag(R) > 0 in {np.mean(diag_r > 0):.2f} of entries;  Q[0,0] > 0 in "
          f"{np.mean(q[:, 0, 0] > 0):.2f} of draws;  det(Q) > 0 in {np.mean(np.linalg.det(q) > 0):.2f} of draws")

# %% [markdown]
# So NumPy's $R$ has diagonal entries of both signs (about half positive), and its $Q$ is **not** Haar:
# $Q_{00}$ is never positive and $\det Q$ is fixed, $(-1)^{n-1}$. The reason is Householder's algorithm: the first
# reflection maps the first column $a$ to $-\operatorname{sign}(a_0)\lVert a\rVert e_0$ (the sign chosen for numerical
# stability), so $Q_{00} = a_0 / R_{00} = -|a_0|/\lVert a \rVert \le 0$; and $Q$ is a product of $n-1$
# reflections (the last column needs none), each of determinant $-1$.
#
# The **sign fix** (Mezzadri, 2007) restores the Gram-Schmidt factorization: with $D = \operatorname{diag}(\operatorname{sign}(R_{jj}))$,
# $A = (QD)(DR)$ and $DR$ has a positive diagonal, so $QD$, i.e. $Q$ with column $j$ multiplied by
# $\operatorname{sign}(R_{jj})$, is Haar-distributed. In NumPy: `q * np.sign(np.diag(r))`.
#
# The cell shows the bias on $2 \times 2$ matrices. A $2\times2$ orthogonal matrix is a rotation or a reflection, and
# the angle $\theta$ of its first column, $(\cos\theta, \sin\theta)$, is uniform on $(-\pi, \pi]$ under the Haar
# measure. The cell draws 20,000 matrices each way, runs a Kolmogorov-Smirnov test of $\theta$ against
# $\text{Uniform}(-\pi, \pi)$, and also tries a popular alternative: the $U$ factor of an SVD alone (as in Lasagne's
# `Orthogonal` initializer for square shapes, `lasagne/init.py`, whose code was copied, with a comment saying so,
# into `lsuv_init.py` of the LSUV authors' Keras implementation, `ducha-aiki/LSUV-keras`) instead of $UV^\top$.

# %%
a = np.random.default_rng(9).standard_normal((20_000, 2, 2))
q, r = np.linalg.qr(a)
fixed = q * np.sign(np.diagonal(r, axis1=1, axis2=2))[:, None, :]   # column j times sign(R_jj)
u, _, vt = np.linalg.svd(a)
candidates = {"QR, no sign fix": q, "QR with sign fix": fixed, "SVD, U alone": u, "SVD, U @ Vt": u @ vt}
uniform_cdf = stats.uniform(-np.pi, 2 * np.pi).cdf
fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.4))
for index, (name, matrices) in enumerate(candidates.items()):
    theta = np.arctan2(matrices[:, 1, 0], matrices[:, 0, 0])
    p_value = stats.kstest(theta, uniform_cdf).pvalue
    print(f"{name:17s} KS test against Uniform(-pi, pi): p = {p_value:.2g}")
    if index < 2:
        axes[index].hist(theta, bins=48, range=(-np.pi, np.pi), density=True, color=plots.PALETTE[index])
        axes[index].axhline(1 / (2 * np.pi), color="black", linestyle="--", label="Haar (uniform)")
        axes[index].set(title=name, xlabel=r"angle $\theta$ of the first column", ylabel="density")
        axes[index].legend(loc="lower center")
plt.show()

# %% [markdown]
# Without the fix every first column points into the left half-plane ($\cos\theta = Q_{00} \le 0$): half of the
# orthogonal group is never drawn, and the Kolmogorov-Smirnov $p$-value is zero to machine precision. With the fix
# the histogram is flat. $U$ alone is biased too (its signs follow LAPACK's conventions), while $UV^\top$, the
# orthogonal factor of the polar decomposition $A = (UV^\top)(V\Sigma V^\top)$, is Haar like the fixed QR. The bias
# does not touch the singular values (all 1 either way), so nothing in section 5 depends on it, and this notebook
# does not measure whether it matters for training; but a sampler that claims to be uniform should be, and the bias
# is invisible until you test for it.
#
# ### 4.3 Wide, tall and convolution shapes
#
# QR factors a tall (or square) matrix into orthonormal *columns*. For a wide weight (`rows < cols`) the recipe is:
# draw the Gaussian matrix transposed, `(cols, rows)`, factor it, fix the signs, and transpose $Q$ back, which gives
# orthonormal rows. A convolution weight is drawn as the matrix `(shape[0], prod(shape[1:]))` and reshaped. The
# cell runs the naive one-liner, `np.linalg.qr(rng.standard_normal(shape))[0]`, on a wide
# and a tall shape; then the first `orthogonal_init` of a long blog post on initialization, paraphrased (it factors
# the Gaussian matrix of the *requested* shape, transposes $Q$ when the shape is wide, applies the sign fix and
# crops to the shape); then `course_lib.init.orthogonal` (PyTorch's algorithm) on the same shapes and on a
# convolution shape.

# %%
def naive_orthogonal(shape, rng):
    """The naive one-liner: the Q factor of a Gaussian matrix of the requested shape."""
    q, _ = np.linalg.qr(rng.standard_normal(shape))
    return q


def blog_first_version(shape, rng):
    """The blog post's first orthogonal_init, paraphrased: QR of the requested shape, transpose if wide, crop."""
    rows, cols = shape
    q, r = np.linalg.qr(rng.standard_normal(shape))
    if rows < cols:
        q = q.T
    return (q * np.sign(np.diag(r)))[:rows, :cols]


def orthonormality_error(w):
    """max |G - I| for G = W W^T (wide) or W^T W (tall), W flattened to (shape[0], -1)."""
    m = w.reshape(w.shape[0], -1)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    return np.abs(gram - np.eye(len(gram))).max()


naive_rng = np.random.default_rng(10)
for name, candidate in (("naive", naive_orthogonal), ("blog, first version", blog_first_version)):
    for shape in ((3, 5), (5, 3)):
        w = candidate(shape, naive_rng)
        signs = np.mean([candidate(shape, naive_rng)[0, 0] > 0 for _ in range(1000)])
        print(f"{name} {shape}: returns shape {w.shape}; W[0,0] > 0 in {signs:.2f} of 1000 draws")
for shape in ((3, 5), (5, 3), (16, 8, 3, 3)):
    w = init.orthogonal(shape, rng=11)
    signs = np.mean([init.orthogonal(shape, rng=rng)[0, 0] > 0 for rng in np.random.default_rng(12).spawn(1000)])
    print(f"init.orthogonal {shape}: shape {w.shape}; orthonormal: {orthonormality_error(w) < 1e-12}; "
          f"W[0,0] > 0 in {signs:.2f} of 1000 draws")

# %% [markdown]
# The naive version fails both ways. On the wide shape it returns a **square** $3\times3$ matrix, not the
# $3\times5$ weight that was asked for (a framework would reject it, or worse, broadcast it). On the tall shape the
# shape is right and the columns are orthonormal, but the signs are biased as in section 4.2. The blog post's first
# version fixes the signs but keeps the wrong shape for wide weights: transposing the square $Q$ of a wide matrix
# gives another square matrix, and cropping it to `(3, 5)` cannot add columns. (The same post's later version
# draws the transposed matrix first, which is right.) PyTorch's `orthogonal_` (torch 2.13, `torch/nn/init.py`),
# Keras's `Orthogonal` (Keras 3, `keras/src/initializers/random_initializers.py`, which flattens all axes but the
# last, Keras's output axis) and `course_lib.init.orthogonal` transpose for wide shapes and apply the sign fix; the
# convolution weight
# $(16, 8, 3, 3)$ has orthonormal rows as the $16 \times 72$ matrix it flattens to.

# %% [markdown]
# ### Exercise 2 (implement, 3 points)
#
# An orthogonal initializer. Write `orthogonal(shape, gain=1.0, rng=None)` that returns a NumPy array of shape `shape` drawn from the Haar
# measure, times `gain`.
#
# * `shape` is a tuple of at least two ints, `(rows, *rest)` in PyTorch's layout; with
#   `cols = prod(shape[1:])` the result `W` seen as the matrix `W.reshape(rows, cols)` has orthonormal **rows**
#   times `gain` when `rows <= cols` (`W2 @ W2.T == gain**2 * I`), orthonormal **columns** times `gain` otherwise
#   (`W2.T @ W2 == gain**2 * I`).
# * It must be uniformly (Haar) distributed: use QR with the sign fix, or any other correct method
#   ($UV^\top$ from an SVD, Gram-Schmidt, ...).
# * `rng` is a `numpy.random.Generator`: draw every random number from it (the same seed gives the same matrix).
#   You may start with `rng = np.random.default_rng(rng)`, which returns a Generator unchanged and makes one for
#   `None`.
# * Use NumPy, not `course_lib.init.orthogonal` (the tests switch it off).
#
# The hidden tests also check the distribution: the angle of the first column of $2\times2$ draws against
# $\text{Uniform}(-\pi,\pi)$ (Kolmogorov-Smirnov), and the sign balance of determinants and diagonal entries.

# %% kind="answer" grade_id="n05_orthogonal_answer"
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`; trailing dims flattened."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    if rows < cols:
        a = a.T
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)
    ### END SOLUTION


# %% kind="test" grade_id="n05_orthogonal_test" points=3
"""orthogonal: shapes, orthonormal columns (tall) or rows (wide) times gain; hidden tests check the Haar distribution."""
import numpy as np

from course_lib import grading

with grading.forbidding("course_lib", "course_lib.init", "torch.nn.init", who="orthogonal", advice="use NumPy"):
    _tall = grading.call_quietly(orthogonal, (5, 3), gain=2.0, rng=np.random.default_rng(grading.seed(1)))
    _wide = grading.call_quietly(orthogonal, (3, 5), rng=np.random.default_rng(grading.seed(2)))
_tall = grading.check_array(_tall, "orthogonal((5, 3), gain=2.0)", (5, 3))
_wide = grading.check_array(_wide, "orthogonal((3, 5))", (3, 5))
assert np.allclose(_tall.T @ _tall, 4 * np.eye(3), atol=1e-5), "a tall W: W.T @ W = gain^2 I (orthonormal columns)"
assert np.allclose(_wide @ _wide.T, np.eye(3), atol=1e-5), "a wide W has orthonormal rows: QR of the transpose"
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

import course_lib.init


def _switched_off():
    """course_lib.init (orthogonal included, however imported) and torch.nn.init raise while active."""
    return grading.forbidding("course_lib", "course_lib.init", "torch.nn.init", who="orthogonal",
                              advice="write the QR (or SVD) yourself with NumPy")


def _draw(shape, gain=1.0, seed=0):
    with _switched_off():
        value = grading.call_quietly(orthogonal, shape, gain=gain, rng=np.random.default_rng(grading.seed(seed)))
    return grading.check_array(value, f"orthogonal({shape}, gain={gain})", shape)


def _check_orthonormal(shape, gain=1.0, seed=0):
    w = _draw(shape, gain, seed)
    rows, cols = shape[0], math.prod(shape[1:])
    m = w.reshape(rows, cols)
    gram, which = (m @ m.T, "rows") if rows <= cols else (m.T @ m, "columns")
    target = gain**2
    if np.allclose(gram, target * np.eye(len(gram)), rtol=0, atol=1e-5 * target):
        return w
    mean_diag = float(np.mean(np.diag(gram)))
    flat = " (flattened to W.reshape(shape[0], -1))" if len(shape) > 2 else ""
    if mean_diag > 0 and np.allclose(gram, mean_diag * np.eye(len(gram)), rtol=0, atol=1e-5 * mean_diag):
        ratio = math.sqrt(mean_diag / target)
        hint = grading.ratio_hint(ratio, [(1 / gain, "Is the gain missing?"), (gain, "Is the gain applied twice?")])
        raise AssertionError(f"for shape {shape} the {which}{flat} are orthogonal, but their norms are {ratio:.3g}x "
                             f"gain = {gain}.{hint}")
    orientation = ("a wide shape (rows < cols) needs orthonormal rows: factor the transposed Gaussian matrix, "
                   "then transpose Q back" if rows < cols else "a tall or square shape needs orthonormal columns")
    raise AssertionError(f"for shape {shape} the {which} of W{flat} are not orthonormal (times gain): "
                         f"{orientation}; check also how the trailing dimensions are flattened (C order).")



_check_orthonormal((5, 3), seed=1)
_check_orthonormal((3, 5), seed=2)
_check_orthonormal((4, 6), gain=2.0, seed=3)
# Haar: the first entry of a 2x2 draw is positive half of the time. With 1000 draws a correct answer lands
# outside 1/2 +- 6 * sqrt(1/4 / 1000) with probability 2e-9.
_rng = np.random.default_rng(grading.seed(4))
with _switched_off():
    _first = grading.call_quietly(lambda: [orthogonal((2, 2), rng=_rng)[0, 0] for _ in range(1000)])
_share = float(np.mean(np.array(_first) > 0))
grading.record_margin("share of positive W[0, 0] in 2x2 draws", abs(_share - 0.5), 6 * math.sqrt(0.25 / 1000))
assert abs(_share - 0.5) <= 6 * math.sqrt(0.25 / 1000), (
    f"W[0, 0] is positive in {_share:.0%} of 1000 draws of shape (2, 2); for a uniformly (Haar) distributed "
    "matrix it is positive half of the time. np.linalg.qr's R has diagonal entries of both signs: multiply "
    "column j of Q by sign(R[j, j]). (With an SVD, use U @ Vt, not U alone.)"
)
for _seed, (_shape, _gain) in enumerate([((7, 7), 1.0), ((2, 9), 0.5), ((9, 2), 3.0), ((1, 5), 1.0), ((5, 1), 2.0),
                                         ((8, 4, 3, 3), math.sqrt(2)), ((64, 2, 3, 3), 1.0), ((6, 3, 2), 0.8),
                                         ((12, 20), 1.0)], start=100):
    _check_orthonormal(_shape, _gain, seed=_seed)
# rng: the same seed gives the same matrix, another seed another one
_same = _draw((4, 6), seed=11), _draw((4, 6), seed=11)
assert np.array_equal(*_same), "the same seeded rng gave two different matrices: draw everything from rng"
assert not np.allclose(_same[0], _draw((4, 6), seed=12)), "two different seeds gave the same matrix: use rng"

# Haar, statistically. A correct answer fails each check below with probability under 1e-7: the KS test at
# alpha = 1e-7; the sign counts are Binomial(N, 1/2) and fail only beyond 6 standard deviations (2e-9).
_rng = np.random.default_rng(grading.seed(2026))


def _many(shape, count):
    with _switched_off():
        values = grading.call_quietly(lambda: [orthogonal(shape, rng=_rng) for _ in range(count)])
    values = np.array(values, dtype=float)
    assert values.shape == (count, *shape), f"orthogonal{shape} returned arrays of another shape"
    return values


def _balanced(positive, count, what):
    z_score = (positive - count / 2) / math.sqrt(count / 4)
    grading.record_margin(f"sign balance of {what}", abs(z_score), 6)
    assert abs(z_score) <= 6, (
        f"{what} is positive in {positive / count:.0%} of {count} draws; for a uniformly (Haar) distributed "
        "matrix it is positive half of the time. Multiply column j of Q by sign(R[j, j]) after np.linalg.qr "
        "(or use U @ Vt from an SVD)."
    )


_two = _many((2, 2), 6000)
grading.check_distribution(np.arctan2(_two[:, 1, 0], _two[:, 0, 0]), grading.uniform_cdf(np.pi),
                           "the angle of the first column of 2x2 draws",
                           hint="Under the Haar measure it is Uniform(-pi, pi); without the sign fix NumPy's "
                                "Q[0, 0] is never positive.")
_three = _many((3, 3), 4000)
_balanced(int(np.sum(np.linalg.det(_three) > 0)), 4000, "det(W) of 3x3 draws")
for _shape in ((4, 3), (3, 4)):
    _draws = _many(_shape, 2000)
    for _j in range(3):
        _balanced(int(np.sum(_draws[:, _j, _j] > 0)), 2000, f"W[{_j}, {_j}] of draws of shape {_shape}")
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Dynamical isometry: the singular values of the input-output Jacobian
#
# For the stack $z_l = h_{l-1}W_l^\top + b_l$, $h_l = \phi(z_l)$, the chain rule gives the Jacobian of the output
# with respect to the input, at one input point:
#
# $$J = \frac{\partial h_L}{\partial x} = D_L W_L\, D_{L-1} W_{L-1} \cdots D_1 W_1, \qquad
# D_l = \operatorname{diag}\big(\phi'(z_l)\big).$$
#
# A perturbation $dx$ of the input becomes $J\,dx$, and backpropagation multiplies the output gradient by
# $J^\top$. The singular values $s_1 \ge \dots \ge s_n$ of $J$ are the gains along $J$'s principal directions.
# Notebooks 02 to 04 arranged that the **mean** of $s^2$ stays near 1 (that is what "variance preserved" means for
# the backward pass: $E\lVert J^\top g\rVert^2 = \lVert g \rVert^2$ on average). **Dynamical isometry**
# (Saxe et al., 2014; Pennington, Schoenholz and Ganguli, 2017) asks for more: *all* singular values near 1, so
# that no direction of the gradient explodes or vanishes. Pennington et al. measure it by the **spread** of the
# squared singular values, the variance of the spectrum of $JJ^\top$ relative to its mean,
#
# $$\sigma^2_{JJ^\top} = \frac{\operatorname{Var}(s^2)}{\big(\operatorname{mean}\, s^2\big)^2}
# \quad\text{over the } n \text{ squared singular values (zeros included)},$$
#
# which is 0 for an exact isometry; the condition number $s_1/s_n$ is a cruder summary, infinite as soon as one
# direction is lost.
#
# What the papers claim, to be compared with the numbers below:
#
# * **Linear, orthogonal**: $J$ is a product of orthogonal matrices, so every singular value is exactly 1 at any
#   depth (Saxe et al.).
# * **Linear, Gaussian** with $\operatorname{Var}(W) = 1/n$: the mean of $s^2$ is 1 in expectation at every depth,
#   but the spectrum spreads with depth, $\sigma^2_{JJ^\top}$ growing in proportion to $L$ (Pennington et al.).
# * **ReLU**: every inactive unit zeroes a row of $D_l$, so $J$ has a null space from the first layer on, whatever
#   the weights. Pennington et al.'s claim is about depth: with ReLU, even orthogonal weights give a spread (zeros
#   included) that grows in proportion to $L$, so ReLU networks cannot reach dynamical isometry.
# * **tanh** can: with orthogonal weights at a critical point $(\sigma_w, \sigma_b)$ whose pre-activations have a
#   *small but nonzero* fixed-point variance $q^*$, the spread stays small much deeper than with Gaussian weights.
#
# `course_lib.spectra` accumulates the product layer by layer (vectorized over a batch of input points) and takes
# `np.linalg.svd(J, compute_uv=False)`. The first cell uses the two stacks of section 4.1 (width 64) and 4 input
# points, and prints the condition number (the median over the 4 points) at depths 1, 4, 16 and 64, for linear and
# tanh stacks whose input has standard deviation 0.1, with $\sigma_w = 1$ and no bias. Condition numbers above $10^8$
# print as `>1e8`: there the smallest singular values are too close to rounding error to be worth printing.

# %%
# NBVAL_CHECK_OUTPUT
small_x = 0.1 * points                        # input std about 0.1
configs = {
    "linear, Gaussian": (gaussian_stack, "linear", small_x),
    "linear, orthogonal": (orthogonal_stack, "linear", small_x),
    "tanh, Gaussian, input std 0.1": (gaussian_stack, "tanh", small_x),
    "tanh, orthogonal, input std 0.1": (orthogonal_stack, "tanh", small_x),
}
spectra_by_config = {name: spectra.singular_values_by_depth(stack, x, DEPTHS, activation=act)
                     for name, (stack, act, x) in configs.items()}


def shown(condition):
    return ">1e8" if condition > 1e8 else f"{condition:.3g}"


def spread(singular_values):
    """Var(s^2) / mean(s^2)^2 over all squared singular values given (pooled over the input points)."""
    s2 = np.ravel(singular_values) ** 2
    return float(s2.var() / s2.mean() ** 2)


print("condition number s_max / s_min of dh_L/dx (median over 4 inputs)")
print(f"{'stack':32s}" + "".join(f"{f'depth {d}':>10s}" for d in DEPTHS))
for name, by_depth in spectra_by_config.items():
    conditions = [float(np.median(spectra.condition_number(by_depth[d]))) for d in DEPTHS]
    print(f"{name:32s}" + "".join(f"{shown(c):>10s}" for c in conditions))
linear_orthogonal = spectra_by_config["linear, orthogonal"]
print("linear, orthogonal: every singular value within 1e-12 of 1 at every depth:",
      all(np.abs(linear_orthogonal[d] - 1).max() < 1e-12 for d in DEPTHS))
for d in DEPTHS:
    summary = spectra.summarize(spectra_by_config["linear, Gaussian"][d])
    print(f"linear, Gaussian, depth {d:2d}: mean s^2 {summary.mean_squared:.2f}, largest s {summary.s_max:.2f}, "
          f"share of s in [1/2, 2] {summary.within_2x:.0%}, spread {spread(spectra_by_config['linear, Gaussian'][d]):.1f}")
h = small_x
for depth, w in enumerate(orthogonal_stack, start=1):
    z = h @ w.T
    h = np.tanh(z)
    if depth in DEPTHS:
        print(f"tanh, orthogonal, input std 0.1: std of z at depth {depth:2d} = {z.std():.4f}")

# %% [markdown]
# Reading the table against the claims:
#
# * **Linear, orthogonal**: condition number 1 at every depth and every singular value equal to 1 up to rounding
#   (the `True` line): exact isometry, as Saxe et al. state.
# * **Linear, Gaussian**: the mean of $s^2$ is 1 *in expectation over the draw*; for one draw it fluctuates more and
#   more with depth (the cell prints it for our draw). The largest singular value grows, the share of singular
#   values within a factor 2 of 1 shrinks, and the spread grows with depth (roughly like the depth itself, a law
#   the next exercise makes exact). Even one square Gaussian layer is poorly conditioned, since a square random
#   matrix has a smallest singular value of order $1/n$ relative to the largest.
# * **tanh with input std 0.1, $\sigma_w = 1$ and no bias** is hardly a test of tanh: with $\sigma_w = 1$ and no bias
#   the only fixed point of the pre-activations' variance is $q^* = 0$, and the last lines show their standard
#   deviation sliding slowly down from 0.09 (it decays towards 0 like $1/\sqrt{L}$ at large depth). At that size
#   $\tanh(z) \approx z$ and $D_l \approx I$, so the tanh Gaussian row repeats the linear Gaussian row, and the tanh
#   orthogonal row stays near the linear orthogonal row (its condition number creeps up to about 2 at depth 64 because
#   $\tanh'(z) = 1 - \tanh(z)^2$ dips slightly below 1). This is the linear regime, not evidence about tanh; a real
#   test needs $q^* > 0$, that is a bias and $\sigma_w$ slightly above 1 (section 5.2).
#
# **ReLU: what the condition number hides.** A ReLU stack with orthogonal weights times $\sqrt 2$ (He's gain) has
# $J = D_1 W_1$ at depth 1 with $D_1$ a 0/1 diagonal: every active unit keeps a row of the orthogonal $W_1$ (times
# $\sqrt 2$) and every inactive one deletes it. So the singular values at depth 1 are $\sqrt 2$ (once per active
# unit) and 0 (once per inactive unit), *exactly*: the condition number is infinite (it prints above $10^8$ for
# rounding), yet the nonzero part of the spectrum is perfectly flat. The cell checks this on the width-64 stack
# with unit-variance inputs, and then prints the spread of the **nonzero** squared singular values by depth.

# %%
# NBVAL_CHECK_OUTPUT
unit_x = points / np.std(points)
relu_stack = [math.sqrt(2) * w for w in orthogonal_stack]
relu_spectra = spectra.singular_values_by_depth(relu_stack, unit_x, DEPTHS, activation="relu")
first = unit_x @ relu_stack[0].T
active = int(np.sum(first > 0))
s_1 = relu_spectra[1]
nonzero_1 = s_1[s_1 > 1e-8]
print(f"depth 1: condition number {shown(float(np.median(spectra.condition_number(s_1))))}; "
      f"{active} active units of 256 (4 points x 64), {nonzero_1.size} nonzero singular values, "
      f"max |s - sqrt(2)| over them {np.abs(nonzero_1 - math.sqrt(2)).max():.1e}")


def nonzero(singular_values):
    """The singular values above 1e-8 times the largest (the rest is the null space, up to rounding)."""
    s = np.ravel(singular_values)
    return s[s > 1e-8 * s.max()]


h, active_counts = unit_x, []                     # active units of each layer, per input point
for w in relu_stack:
    h = np.maximum(h @ w.T, 0.0)
    active_counts.append((h > 0).sum(axis=1))
for d in DEPTHS:
    kept = nonzero(relu_spectra[d])
    counts = [int((row > 1e-8 * row.max()).sum()) for row in relu_spectra[d]]
    rank_is_min = counts == [int(c) for c in np.min(active_counts[:d], axis=0)]
    print(f"relu, orthogonal x sqrt(2), depth {d:2d}: {kept.size / relu_spectra[d].size:.0%} of s nonzero, "
          f"spread of the nonzero s^2 {spread(kept):.2f}, with the zeros {spread(relu_spectra[d]):.2f}; "
          f"nonzero count = fewest active units met: {rank_is_min}")

# %% [markdown]
# At depth 1 the nonzero singular values are all $\sqrt 2$ to rounding, and their spread is 0: the infinite
# condition number is only the rank deficiency that *every* ReLU layer has. That does not make one ReLU layer an
# isometry: its lost directions are real, and by Pennington et al.'s measure, zeros included, its spread is already
# 0.83 (1 in the wide limit, where half of the units are active: the values 0 and $\sqrt 2$, half each, give
# $\operatorname{Var}(s^2) = 1$), as much as one square Gaussian layer. With depth the nonzero part spreads too (1.2 at
# depth 4, 6.8 at depth 16 in this run) and the null space grows: $J$'s rank can never exceed the number of active
# units of any layer it passed, and up to depth 16 it equals the fewest met (`True`). (At depth 64 and width 64 some
# nonzero values fall below the cut at $10^{-8}$ times the largest, hence `False` there, so the last figures undercount
# the spread.) The zeros and the growing spread of the rest together are why ReLU cannot be isometric; how fast the
# whole spread grows is the subject of the exercise.
#
# ### 5.1 How fast the spread grows
#
# Pennington et al. (2017) compute the whole spectrum of $JJ^\top$ for wide layers with free probability. One
# consequence is simple enough to use by hand. In the wide limit $JJ^\top$ has the spectrum of a product of
# *free* random matrices, two per layer: $W_l^\top W_l$ and $D_l^2$. Scale each factor to mean 1 (the gain does that:
# $\sigma_w^2 E[\phi'(z)^2] = 1$ at criticality). For free factors $a$, $b$ with mean 1, the variances **add**:
#
# $$\operatorname{Var}(ab) = \operatorname{Var}(a) + \operatorname{Var}(b)$$
#
# (for commuting independent random variables it would be $\operatorname{Var}(a) + \operatorname{Var}(b) +
# \operatorname{Var}(a)\operatorname{Var}(b)$; freeness removes the last term). Two facts about the weight factor:
# for a square Gaussian $W$ with $\operatorname{Var}(W) = 1/n$ the spectrum of $W^\top W$ is Marchenko and Pastur's,
# with mean 1 and variance 1; for an orthogonal $W$ (times its gain) it is a single point, variance 0. The spectrum
# of $\sigma_w^2 D_l^2$ is the distribution of $\sigma_w^2\phi'(z_l)^2$ over the units.

# %% [markdown]
# ### Exercise 3 (predict, 3 points)
#
# Write `predicted_spread(slope, weights, depth)` that returns the spread $\sigma^2_{JJ^\top}$ (as defined above,
# zeros included) in the wide limit for a stack of `depth` square layers with the leaky ReLU
# $\phi(z) = \max(z, \text{slope}\cdot z)$ and He's gain for it, $\sigma_w^2 = 2/(1 + \text{slope}^2)$, no biases,
# zero-mean symmetric pre-activations (half of the units on each side of 0).
#
# * `slope` is in $[0, 1]$: `slope=1` is the linear stack, `slope=0` is ReLU.
# * `weights` is `"orthogonal"` (orthogonal times the gain) or `"gaussian"` (Gaussian with
#   $\operatorname{Var}(W) = \sigma_w^2/n$).
# * `depth` is an int $L \ge 1$. Return a float.
# * Work it out by hand from section 5.1 (the spectrum of $\sigma_w^2 D_l^2$ takes two values); `course_lib.spectra`
#   is switched off in the tests.
#
# The next cell measures the spread on width-256 stacks at depths 1, 4 and 16 and prints your predictions beside
# it; the hidden tests use other slopes and depths.

# %% kind="answer" grade_id="n05_spectrum_spread_answer"
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit, leaky-ReLU stack with He's gain."""
    ### BEGIN SOLUTION
    values = np.array([1.0, slope**2])                 # phi'(z)^2 on either side of 0, each for half the units
    activation_spread = np.mean(values**2) / np.mean(values) ** 2 - 1
    weight_spread = {"orthogonal": 0.0, "gaussian": 1.0}[weights]
    return float(depth * (activation_spread + weight_spread))
    ### END SOLUTION


# %% kind="test" grade_id="n05_spectrum_spread_test" points=3
"""predicted_spread returns non-negative floats, 0 for the linear orthogonal stack; hidden cases decide the grade."""
from course_lib import grading

with grading.forbidding("course_lib.spectra", who="predicted_spread", advice="work the spread out by hand"):
    _linear_orthogonal = grading.call_quietly(predicted_spread, 1.0, "orthogonal", 5)
    _relu_gaussian = grading.call_quietly(predicted_spread, 0.0, "gaussian", 3)
assert abs(grading.check_number(_linear_orthogonal, "predicted_spread(1.0, 'orthogonal', 5)")) < 1e-9, (
    "a linear stack of orthogonal matrices is an exact isometry: every s = 1, so the spread is 0")
grading.check_number(_relu_gaussian, "predicted_spread(0.0, 'gaussian', 3)", positive=True)
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _per_layer(slope, weights):
    # sigma_w^2 phi'^2 is 2/(1+a^2) or 2a^2/(1+a^2), each for half the units: mean 1, variance ((1-a^2)/(1+a^2))^2.
    return ((1 - slope**2) / (1 + slope**2)) ** 2 + (1.0 if weights == "gaussian" else 0.0)


def _spread_hint(got, slope, weights, depth):
    activation = ((1 - slope**2) / (1 + slope**2)) ** 2
    weight = 1.0 if weights == "gaussian" else 0.0
    slips = [
        (depth * activation, "Is the weight factor missing? A square Gaussian W^T W has spread 1 per layer."),
        (depth * weight, "Is the activation factor missing? sigma_w^2 D^2 takes two values, so it spreads too."),
        ((1 + activation) ** depth * (1 + weight) ** depth - 1,
         "That is the rule for commuting independent factors; for free ones the variances add, no product term."),
        ((depth + 1) * (activation + weight), "Is it L layers, or L + 1?"),
        (depth * (((1 - slope) / (1 + slope)) ** 2 + weight), "Is the spectrum that of phi'^2 (not of phi')?"),
        (depth * ((1 - slope**2) ** 2 / 4 + weight), "Scale D^2 by the gain so that its mean is 1 first."),
        (activation + weight, "Does the spread grow with depth?"),
    ]
    for value, advice in slips:
        if abs(got - value) <= 1e-6 * max(1.0, abs(value)):
            return " " + advice
    return " Per layer: the spread of W^T W plus the spread of sigma_w^2 phi'(z)^2; over L layers they add."


for _slope, _weights, _depth in [(0.0, "orthogonal", 7), (0.0, "gaussian", 12), (1.0, "gaussian", 9),
                                 (1.0, "orthogonal", 40), (0.1, "orthogonal", 3), (0.25, "gaussian", 20),
                                 (0.5, "orthogonal", 10), (0.7, "gaussian", 2), (0.35, "orthogonal", 1),
                                 (0.9, "orthogonal", 33)]:
    with grading.forbidding("course_lib.spectra", who="predicted_spread", advice="work the spread out by hand"):
        _got = grading.call_quietly(predicted_spread, _slope, _weights, _depth)
    _got = grading.as_float(_got, f"predicted_spread({_slope}, {_weights!r}, {_depth})")
    _want = _depth * _per_layer(_slope, _weights)
    assert abs(_got - _want) <= 1e-6 * max(1.0, _want), (
        f"predicted_spread({_slope}, {_weights!r}, {_depth}) is not the wide-limit spread."
        + _spread_hint(_got, _slope, _weights, _depth))
### END HIDDEN TESTS

# %% [markdown]
# The cell measures the spread (all squared singular values of 4 input points pooled, zeros included) on stacks
# of width 256, for the linear stack, ReLU and leaky ReLU with slope 0.3, each with orthogonal and Gaussian weights
# (He's gain), at depths 1, 4 and 16. Finite width makes the measured values scatter around the wide limit.

# %%
# NBVAL_CHECK_OUTPUT
WIDE, SPREAD_DEPTHS = 256, (1, 4, 16)
wide_weights = {
    "orthogonal": [init.orthogonal((WIDE, WIDE), rng=rng) for rng in np.random.default_rng(16).spawn(16)],
    "gaussian": [init.lecun_normal((WIDE, WIDE), rng=rng) for rng in np.random.default_rng(17).spawn(16)],
}
wide_x = np.random.default_rng(18).standard_normal((4, WIDE))
spread_cases = [(slope, kind) for slope in (1.0, 0.0, 0.3) for kind in ("orthogonal", "gaussian")]
measured_spread = {}
print(f"{'slope':>5} {'weights':>10}" + "".join(f"{f'depth {d}':>10s}" for d in SPREAD_DEPTHS))
for slope, kind in spread_cases:
    gain = math.sqrt(2 / (1 + slope**2))
    by_depth = spectra.singular_values_by_depth([gain * w for w in wide_weights[kind]], wide_x, SPREAD_DEPTHS,
                                                activation=leaky_relu(slope))
    measured_spread[slope, kind] = [spread(by_depth[d]) for d in SPREAD_DEPTHS]
    print(f"{slope:>5} {kind:>10}" + "".join(f"{value:>10.1f}" for value in measured_spread[slope, kind]))

# %%
answered = grading.learner_value(predicted_spread, 1.0, "orthogonal", 1) is not None
for slope, kind in spread_cases if answered else []:
    yours = [grading.learner_value(predicted_spread, slope, kind, d) for d in SPREAD_DEPTHS]
    if any(value is None for value in yours):
        break
    print(f"slope {slope}, {kind:>10}: measured " + ", ".join(f"{v:.1f}" for v in measured_spread[slope, kind])
          + "   yours " + ", ".join(f"{float(v):.1f}" for v in yours))

# %% [markdown]
# The measured spreads grow in proportion to depth, except for the linear orthogonal stack, which stays at 0; at
# width 256 they agree with the wide-limit law to within 10 % in this run (the largest gaps are at depth 16, where
# finite width matters most). ReLU with orthogonal
# weights spreads as fast as a *linear* Gaussian stack, and a leaky slope of 0.3 slows the growth but does not stop
# it. This is Pennington et al.'s point: for (leaky) ReLU no choice of weights gives dynamical isometry, because the
# activation factor $\sigma_w^2 D_l^2$ has a spread of its own in every layer.
#
# ### 5.2 tanh at a critical point with small $q^*$
#
# For tanh, $\sigma_w^2\tanh'(z)^2$ is close to 1 when the pre-activations are small, so its per-layer spread can be
# made as small as we like, but not by shrinking the signal to 0 (then the network is linear, as above). Pennington et
# al. pick a point on the **critical line**, where a small perturbation neither grows nor shrinks on average,
# $\chi = \sigma_w^2 E[\tanh'(z)^2] = 1$ for $z \sim \mathcal N(0, q^*)$, with a small fixed-point variance
# $q^* = \sigma_w^2 E[\tanh(z)^2] + \sigma_b^2 > 0$. Given $q^*$, the two equations give $\sigma_w$ and then
# $\sigma_b$. The cell does this (quadrature from `course_lib.stats`) for $q^* = 1/64$ and $q^* = 1$, draws stacks of
# width 128 with orthogonal or Gaussian weights times $\sigma_w$ and Gaussian biases of standard deviation
# $\sigma_b$, feeds inputs with second moment $q^*$, and prints spread, share of singular values within a factor 2 of
# 1, and condition number at depths 1, 16 and 64.

# %%
# NBVAL_CHECK_OUTPUT
TANH_WIDTH, TANH_DEPTHS = 128, (1, 16, 64)
tanh_weights = {
    "orthogonal": [init.orthogonal((TANH_WIDTH, TANH_WIDTH), rng=rng) for rng in np.random.default_rng(19).spawn(64)],
    "gaussian": [init.lecun_normal((TANH_WIDTH, TANH_WIDTH), rng=rng) for rng in np.random.default_rng(20).spawn(64)],
}
bias_draws = [rng.standard_normal(TANH_WIDTH) for rng in np.random.default_rng(21).spawn(64)]
tanh_x = np.random.default_rng(22).standard_normal((4, TANH_WIDTH))
tanh_spectra = {}
print(f"{'q*':>6} {'sigma_w':>8} {'sigma_b':>8} {'weights':>10}" + "".join(f"{f'depth {d}':>22s}" for d in TANH_DEPTHS))
print(37 * " " + 3 * f"{'spread  in 2x   cond':>22s}")
for q_star in (1 / 64, 1.0):
    sigma_w = 1 / math.sqrt(float(derivative_second_moment("tanh", q_star)))      # chi = 1
    sigma_b = math.sqrt(q_star - sigma_w**2 * float(second_moment("tanh", q_star)))
    for kind, stack in tanh_weights.items():
        by_depth = spectra.singular_values_by_depth([sigma_w * w for w in stack], math.sqrt(q_star) * tanh_x,
                                                    TANH_DEPTHS, activation="tanh",
                                                    biases=[sigma_b * b for b in bias_draws])
        tanh_spectra[q_star, kind] = by_depth
        cells = "".join(f"{spread(by_depth[d]):>8.2f} {np.mean(np.abs(np.log2(by_depth[d])) <= 1):>5.0%} "
                        f"{shown(float(np.median(spectra.condition_number(by_depth[d])))):>7s}" for d in TANH_DEPTHS)
        print(f"{q_star:>6.3f} {sigma_w:>8.4f} {sigma_b:>8.4f} {kind:>10}" + cells)

# %% [markdown]
# At $q^* = 1/64$ ($\sigma_w$ just above 1, a small bias) the orthogonal tanh stack keeps its spread small (0.13 at
# depth 64) and 99 % of its singular values within a factor 2 of 1 at depth 64 (all of them at depth 16), while the
# Gaussian stack at the same point spreads like the linear Gaussian stack (about $L$). At $q^* = 1$, on the same critical line, the tanh units work in their nonlinear range
# and even the orthogonal stack spreads and loses its conditioning with depth. Judged by the spectrum (spread and the
# share within a factor 2), not only by the condition number, this is Pennington et al.'s result: orthogonal weights
# plus tanh near $q^* \to 0^+$ on the critical line approach dynamical isometry; Gaussian weights at the same point
# do not.
#
# The plot shows the whole spectra: histograms of $\log_{10} s$ (all singular values of the input points pooled)
# for four stacks: linear Gaussian and ReLU orthogonal (width 64, section 5 above; ReLU's zero singular values are
# left out) and tanh at $q^* = 1/64$ with orthogonal and with Gaussian weights (width 128). Values below
# $10^{-8}$ are piled into the leftmost bin.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 6.4), sharex=True)
panels = [("linear, Gaussian (width 64)", spectra_by_config["linear, Gaussian"], DEPTHS),
          ("relu, orthogonal x sqrt(2), nonzero s", {d: nonzero(relu_spectra[d]) for d in DEPTHS}, DEPTHS),
          ("tanh, orthogonal, q* = 1/64", tanh_spectra[1 / 64, "orthogonal"], TANH_DEPTHS),
          ("tanh, Gaussian, q* = 1/64", tanh_spectra[1 / 64, "gaussian"], TANH_DEPTHS)]
for ax, (title, by_depth, depths) in zip(axes.ravel(), panels):
    logs = [np.clip(np.log10(np.maximum(by_depth[d], 1e-300)).ravel(), -8, 1) for d in depths]
    plots.plot_histograms(logs, [f"depth {d}" for d in depths], ax=ax, bins=46, value_range=(-8.1, 1.1),
                          title=title, xlabel=r"$\log_{10}$ singular value of $J$")
plt.show()

# %% [markdown]
# ## 6. LSUV: measure, then rescale
#
# Mishkin and Matas (2016), *All you need is a good init*, replace the derivation by a measurement:
#
# 1. pre-initialize every layer with an orthogonal matrix;
# 2. for $l = 1, \dots, L$ in order: push a batch through the network, compute the variance of layer $l$'s output
#    $B_l$, and set $W_l \leftarrow W_l / \sqrt{\operatorname{Var}(B_l)}$; repeat until
#    $|\operatorname{Var}(B_l) - 1| < \text{tol}$ or $T_{\max}$ rounds.
#
# The order matters: layer $l$ is measured on the outputs of layers $1, \dots, l-1$ *after* their rescaling. If the
# layer's output is taken to be its pre-activation $z_l = h_{l-1}W_l^\top$ (the output of the dense or convolution
# layer itself), then $z_l$ is linear in $W_l$ and $\operatorname{Var}(c\,z_l) = c^2\operatorname{Var}(z_l)$, so **one**
# rescaling gives variance 1 exactly, and the tolerance and $T_{\max}$ never come into play. They matter when the
# measured output is not proportional to the scale: after a non-homogeneous activation (tanh, SELU, GELU), as when
# layer and activation are one module (a Keras `Dense(activation=...)`, whose output the authors' Keras code,
# `lsuv_init.py` of `ducha-aiki/LSUV-keras`, measures). ReLU and leaky ReLU are positively homogeneous,
# $\operatorname{relu}(cz) = c\operatorname{relu}(z)$ for $c > 0$, so without biases one rescaling is exact after them
# too (the cell's last line shows it).
#
# `course_lib.lsuv.lsuv(layers, batch, tol, max_iter, activation, rng, measure=...)` implements both choices
# (`measure="pre"` for $z_l$, `"post"` for $\phi(z_l)$); giving shapes instead of arrays asks for the orthogonal
# pre-initialization. The cell applies it to a GELU network ($\operatorname{gelu}(z) = z\,\Phi(z)$, for which no
# notebook so far derived a gain) of six layers of width 64 on a batch of 256 inputs whose 32 features have very
# different scales (standard deviations log-uniform between 0.1 and 10), and prints per layer: the variance of
# $z_l$ with the orthogonal pre-initialization alone, then after LSUV on $z_l$ (starting from those orthogonal
# arrays), then the variance of $\phi(z_l)$ after LSUV on $\phi(z_l)$ with $\text{tol} = 0.01$ (starting from
# shapes, so with its own orthogonal draw), with the number of rescalings of each.

# %%
# NBVAL_CHECK_OUTPUT
gelu = get_activation("gelu").f
data_rng = np.random.default_rng(13)
feature_std = np.exp(data_rng.uniform(math.log(0.1), math.log(10.0), 32))
batch = data_rng.standard_normal((256, 32)) * feature_std
shapes = [(64, 32)] + [(64, 64)] * 5

plain = [init.orthogonal(shape, rng=rng) for shape, rng in zip(shapes, np.random.default_rng(14).spawn(6))]
h, plain_variances = batch, []
for w in plain:
    z = h @ w.T
    plain_variances.append(float(np.var(z)))
    h = gelu(z)
pre = lsuv(plain, batch, activation="gelu")                                        # arrays: rescaled as given
post = lsuv(shapes, batch, tol=0.01, activation="gelu", rng=15, measure="post")     # shapes: orthogonal pre-init

print(f"{'layer':>5} {'Var(z) orthogonal':>18} {'Var(z) LSUV pre':>16} {'rounds':>6} {'Var(gelu) LSUV post':>20} {'rounds':>6}")
for layer in range(6):
    print(f"{layer + 1:>5} {plain_variances[layer]:>18.3g} {pre.info[layer].final_variance:>16.6f} "
          f"{pre.info[layer].iterations:>6d} {post.info[layer].final_variance:>20.4f} {post.info[layer].iterations:>6d}")
relu_post = lsuv(shapes, batch, tol=0.01, activation="relu", rng=15, measure="post").info
print("LSUV on relu(z_l), rescalings per layer:", [item.iterations for item in relu_post])

# %% [markdown]
# With the orthogonal pre-initialization alone the first layer inherits the data's large variance, and the
# variance then changes from layer to layer: an orthogonal matrix preserves the second moment, GELU does not, and no
# notebook so far derived the gain that would compensate. LSUV on $z_l$ gives 1 in one rescaling per layer, as the
# linearity argument predicts. LSUV on the GELU outputs needs two rounds per layer in this run (GELU is not
# homogeneous: $\operatorname{gelu}(cz) \ne c\operatorname{gelu}(z)$) and stops within the tolerance; on ReLU outputs
# one rescaling per layer suffices, as homogeneity predicts. No formula for GELU's gain was needed in either case.
#
# **A loop without an iteration limit.** A long blog post on initialization gives LSUV's loop with a tolerance but
# no iteration limit: rescale while $|\operatorname{Var}(\text{output}) - 1|$ exceeds the tolerance, with no
# $T_{\max}$. Measured after a tanh, whose output variance is below 1 at every scale, each round *enlarges* the
# weights; the variance creeps towards 1 only as the units saturate into $\pm 1$. The cell runs that loop (capped at
# 100,000 rounds, so that the notebook ends) on one orthogonal tanh layer for three tolerances and prints how many
# rounds it took, the standard deviation of $z$ it ended with, and the share of saturated units, $|\tanh z| > 0.99$.

# %%
# NBVAL_CHECK_OUTPUT
tanh_batch = np.random.default_rng(23).standard_normal((256, 32))
w_start = init.orthogonal((64, 32), rng=24)
for tol in (0.05, 0.01, 0.001):
    w, rounds = w_start, 0
    while abs(np.var(np.tanh(tanh_batch @ w.T)) - 1) >= tol and rounds < 100_000:
        w = w / np.std(np.tanh(tanh_batch @ w.T))
        rounds += 1
    z = tanh_batch @ w.T
    print(f"tol {tol:<6}: {rounds:>5d} rounds, std of z {z.std():7.1f}, saturated units {np.mean(np.abs(np.tanh(z)) > 0.99):.0%}")
capped = lsuv([w_start], tanh_batch, tol=0.05, max_iter=10, activation="tanh", measure="post").info[0]
print(f"course_lib lsuv, max_iter 10: {capped.iterations} rounds, Var(tanh z) {capped.final_variance:.3f}, "
      f"converged: {capped.converged}")

# %% [markdown]
# The unlimited loop does end for tanh, but only by driving the layer into saturation: at $\text{tol} = 0.05$ most
# units are saturated, and a tighter tolerance saturates almost all of them, the opposite of a good start. With a
# sigmoid (output variance at most $1/4$) it would never end. An iteration limit, and a report that the layer did not
# converge, are part of the algorithm. Exercise 4 asks for exactly that loop.

# %% [markdown]
# ### Exercise 4 (implement, 3 points)
#
# Write `lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10)`, the core of LSUV for already pre-initialized
# weights, **measured after the activation**.
#
# * `weights` is a list of 2-D arrays, `weights[l]` of shape `(n_{l+1}, n_l)` (PyTorch's layout); `x` is a batch
#   of shape `(B, n_0)`; `phi` is a function applied entrywise, e.g. `np.tanh`.
# * The network computes `z_1 = x @ W_1.T`, `h_1 = phi(z_1)`, `z_2 = h_1 @ W_2.T`, ... (no biases).
# * For each layer in order, first to last: while `abs(np.var(h_l) - 1) >= tol` and fewer than `max_iter`
#   rescalings were done, divide `W_l` by `np.sqrt(np.var(h_l))` and recompute `z_l` and `h_l = phi(z_l)`. Layer
#   `l + 1` then sees `h_l` computed with the rescaled `W_l`. The variance is over all entries of `h_l` (all units,
#   all inputs): `np.var(h_l)`.
# * Stop after `max_iter` rescalings even if the tolerance is not reached (with `np.tanh` it may never be), and go
#   on to the next layer.
# * Return a new list of new arrays; do not modify the arrays you were given. Each returned `W_l` is the given one
#   times a positive number.
# * Write it yourself: `course_lib.lsuv` is switched off in the tests.

# %% kind="answer" grade_id="n05_lsuv_answer"
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(phi(h_{l-1} @ W_l.T)) is within tol of 1 (at most max_iter times)."""
    ### BEGIN SOLUTION
    h = np.asarray(x, dtype=float)
    out = []
    for w in weights:
        w = np.array(w, dtype=float)
        a = phi(h @ w.T)
        rounds = 0
        while abs(np.var(a) - 1) >= tol and rounds < max_iter:
            w = w / np.sqrt(np.var(a))
            a = phi(h @ w.T)
            rounds += 1
        out.append(w)
        h = a
    return out
    ### END SOLUTION


# %% kind="test" grade_id="n05_lsuv_test" points=3
"""lsuv_rescale on a 2-layer SELU net: new arrays, one positive factor per layer, Var(h_l) within tol of 1."""
import numpy as np

from course_lib import activations as _activations
from course_lib import grading
_selu, _rng = _activations.get_activation("selu").f, np.random.default_rng(grading.seed(0))
_x, _ws = 3.0 * _rng.standard_normal((200, 6)), [_rng.standard_normal((8, 6)), _rng.standard_normal((5, 8))]
with grading.forbidding("course_lib.lsuv", who="lsuv_rescale", advice="write the layer-by-layer loop yourself"):
    _out, _h = grading.call_quietly(lsuv_rescale, [w.copy() for w in _ws], _x.copy(), _selu, tol=0.01), _x
for _l, (_w, _w0) in enumerate(zip(_out, _ws), start=1):
    _ratio = grading.check_array(_w, f"layer {_l}'s weight", _w0.shape) / _w0
    assert np.allclose(_ratio, _ratio.flat[0]) and _ratio.flat[0] > 0, f"W_{_l} is not the given W_{_l} times c > 0"
    _h = _selu(_h @ (_ratio * _w0).T)                       # h_l with the returned W_l: Var(h_l) within tol of 1?
    assert abs(np.var(_h) - 1) < 0.01, f"Var(h_{_l}) = Var(selu(z_{_l})) is not within tol of 1: measure after phi"
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _reference(weights, x, phi, tol, max_iter):
    """The loop as specified; returns the factor applied to each layer and the number of rounds."""
    h, factors, rounds = x, [], []
    for w in weights:
        a, factor, count = phi(h @ w.T), 1.0, 0
        while abs(np.var(a) - 1) >= tol and count < max_iter:
            factor /= np.sqrt(np.var(a))
            a = phi(h @ (factor * w).T)
            count += 1
        factors.append(factor)
        rounds.append(count)
        h = a
    return factors, rounds


def _counting(phi, limit):
    """phi that counts its calls and stops a loop that ignores max_iter (instead of hanging the grader)."""
    calls = [0]

    def counted(z):
        calls[0] += 1
        if calls[0] > limit:
            raise AssertionError("phi was called far more often than max_iter allows: does the loop stop after "
                                 "max_iter rescalings when the tolerance is out of reach (as with tanh)?")
        return phi(z)

    return counted


def _check_lsuv(weights, x, phi, case, **kwargs):
    tol, max_iter = kwargs.get("tol", 0.05), kwargs.get("max_iter", 10)
    given = [w.copy() for w in weights]
    counted = _counting(phi, 20 * len(weights) * (max_iter + 2) + 20)
    with grading.forbidding("course_lib.lsuv", who="lsuv_rescale", advice="write the layer-by-layer loop yourself"):
        out = grading.call_quietly(lsuv_rescale, list(given), x.copy(), counted, **kwargs)
    if any(not np.array_equal(g, w) for g, w in zip(given, weights)):
        raise AssertionError("lsuv_rescale changed the arrays it was given: return new arrays (W = W / s makes a "
                             "new one, W /= s overwrites the caller's)")
    if not isinstance(out, (list, tuple)) or len(out) != len(weights):
        raise AssertionError(f"lsuv_rescale should return a list of {len(weights)} arrays, one per layer")
    factors, rounds = _reference(weights, x, phi, tol, max_iter)
    h = x
    for layer, (w, w0, want, count) in enumerate(zip(out, weights, factors, rounds), start=1):
        w = grading.check_array(w, f"layer {layer}'s weight", w0.shape)
        factor = float(np.sum(w * w0) / np.sum(w0 * w0))
        if not (factor > 0 and np.allclose(w, factor * w0, rtol=1e-9, atol=1e-12 * factor * np.abs(w0).max())):
            raise AssertionError(f"{case}: layer {layer}'s weight is not the given W_{layer} times one positive number: "
                                 "LSUV divides the whole matrix by sqrt(Var(h_l)), one factor per layer (not per row)")
        # a different number of rounds changes the factor by sqrt(Var) with |Var - 1| >= tol (over 0.5 % for the tol
        # used here); np.var with ddof=1 or float32 arithmetic changes it by under 1e-3
        if abs(factor / want - 1) > 1e-3:
            variance = float(np.var(phi(h @ w.T)))
            if abs(variance - 1) >= tol and count < max_iter:
                where = ("Var(h_1) = Var(phi(x @ W_1.T)) is not within tol of 1: measure after the activation, and "
                         "repeat until it is." if layer == 1 else
                         f"The layers before are right. Layer {layer}'s input is h_{layer - 1} computed with the "
                         f"already rescaled W_{layer - 1}; measure Var(phi(z_{layer})) on it and repeat until it is "
                         "within tol of 1.")
            else:
                where = (f"Layer {layer} was rescaled a different number of times than the loop prescribes: stop as "
                         "soon as |Var(h_l) - 1| < tol, and after at most max_iter rescalings.")
            raise AssertionError(f"{case}: {where}")
        h = phi(h @ w.T)


def _relu(z):
    return np.maximum(z, 0.0)


_gelu = _activations.get_activation("gelu").f
_rng = np.random.default_rng(grading.seed(77))
_x = 0.5 + 2.5 * _rng.standard_normal((400, 24))
_shapes = [(48, 24), (32, 48), (40, 32), (16, 40)]
_gaussian = [_rng.standard_normal(s) for s in _shapes]
_tiny = [0.01 * _rng.standard_normal(s) for s in _shapes]
for _name, _phi in (("selu", _selu), ("gelu", _gelu), ("relu", _relu)):
    _check_lsuv(_gaussian, _x, _phi, f"{_name}, 4 layers, N(0, 1) weights", tol=0.01, max_iter=20)
    _check_lsuv(_tiny, _x, _phi, f"{_name}, 4 layers, N(0, 0.01^2) weights", tol=0.05, max_iter=10)
_check_lsuv(_gaussian, _x, _gelu, "gelu, default tol and max_iter")
_check_lsuv(_gaussian[:2], _x, _gelu, "gelu, max_iter = 1", max_iter=1)
_check_lsuv(_tiny, _x, np.tanh, "tanh (Var(tanh) < 1 always), max_iter = 4", tol=0.01, max_iter=4)
_check_lsuv(_gaussian[:1], _x, _selu, "selu, a single layer, loose tol", tol=0.3, max_iter=10)
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Explore
#
# The explorer runs a deep stack and plots the per-layer standard deviation of the pre-activations (forward) and of
# the gradients (backward), simulated (markers) and predicted by the variance recursion (dashed). It starts with
# LeCun normal and SELU from inputs of standard deviation 3. Things to try: move the input std and watch SELU pull
# it back; switch the scheme to `orthogonal` (whose entries have LeCun's variance, so the curves barely change: the
# variance recursion sees only the scale, not the singular values); switch the activation to `tanh` and compare
# `orthogonal` with `xavier_normal` at depth 100.

# %%
# NBVAL_IGNORE_OUTPUT
init_explorer(scheme="lecun_normal", activation="selu", depth=30, width=128, input_std=3.0)

# %% [markdown]
# ## 8. Summary
#
# * **LeCun**: $\operatorname{Var}(W) = 1/\text{fan\_in}$ preserves the second moment of a linear layer. In PyTorch
#   it is `kaiming_normal_(w, nonlinearity="linear")`.
# * **SELU**: its constants $\alpha, \lambda$ are the solution of "mean 0 and variance 1 in, mean 0 and variance 1
#   out" for $z \sim \mathcal N(0, 1)$; the weights must have $\omega = 0$, $\tau = 1$ on average, i.e. LeCun's
#   variance. Over a layer an input mean $\mu$ does not cancel: it reappears as pre-activation variance $\mu^2$. A
#   deep SELU stack keeps standardized statistics and, in our 32-layer run, pulls others back to them. With a gain
#   $g \ne 1$ the layer-wide second moment settles at the fixed point $q^* = g^2E[\operatorname{selu}(z)^2]$ instead
#   (Exercise 1); `calculate_gain("selu") = 3/4` gives $q^* \approx 0.023$.
# * **Orthogonal**: QR of a Gaussian matrix is Haar only after the sign fix (column $j$ of $Q$ times
#   $\operatorname{sign} R_{jj}$); NumPy's QR gives $R$ diagonal entries of both signs and a $Q$ with
#   $Q_{00} \le 0$ and a fixed determinant. Wide shapes need the transposed draw, convolution shapes the flattening;
#   $UV^\top$ from an SVD is an alternative, $U$ alone is not Haar.
# * **Dynamical isometry**: the singular values of $J = D_L W_L \cdots D_1 W_1$ describe what a deep stack does to
#   every direction; their spread $\sigma^2_{JJ^\top}$ is the measure. Orthogonal linear stacks are exact
#   isometries; in the wide limit the spread grows like $L$ times a per-layer term that adds the weights' share (1
#   for square Gaussian, 0 for orthogonal) and the activation's (Exercise 3). ReLU's zero singular values are rank
#   deficiency present at any depth (the condition number is infinite from depth 1 on); those zeros already give a
#   spread of about 1 at depth 1, and the nonzero part spreads with depth even with orthogonal weights, so ReLU
#   cannot be isometric. tanh with orthogonal weights on the critical line at small $q^* > 0$ stays close to an
#   isometry (spread 0.13 at depth 64 for $q^* = 1/64$ in our run); a tanh stack fed tiny inputs with no bias is just
#   a linear stack.
# * **LSUV**: pre-initialize orthogonally, then rescale each layer, in order, by $1/\sqrt{\operatorname{Var}}$ of
#   its output on a batch. On pre-activations (and after ReLU, which is homogeneous) one rescaling is exact; measured
#   after a non-homogeneous activation (GELU, SELU, tanh) the loop takes several rounds, and it needs both a
#   tolerance and an iteration limit (after a tanh, an unlimited loop ends only by
#   saturating the units). It needs no formula for the activation's gain.
#
# ## 9. Active recall: check yourself
#
# 1. Which two equations determine SELU's $\alpha$ and $\lambda$, and why does $\lambda$ not appear in the first one?
# 2. A colleague initializes a SELU network with `kaiming_normal_(w, nonlinearity="selu")`. What happens to the
#    layer variance with depth, and what should they write instead?
# 3. Inputs with mean 1 and variance 4 enter a wide LeCun-normal layer. What is the layer-wide variance of the
#    pre-activations, and why is it not 4?
# 4. Why is the $Q$ of `np.linalg.qr` applied to a Gaussian matrix not Haar-distributed? Give one statistic that
#    shows it.
# 5. For a weight of shape `(64, 3, 5, 5)`, which matrix should be orthonormal, and is it its rows or its columns?
# 6. A one-layer ReLU network with orthogonal weights times $\sqrt 2$ has an infinite condition number. Is it far from
#    isometric? What does grow with depth?
# 7. In LSUV, why does one rescaling per layer suffice when the variance is measured before the activation, and
#    why do the tolerance and the iteration limit matter when it is measured after?
#
# <details>
# <summary>Answers</summary>
#
# 1. Mean 0 and variance 1 of $\operatorname{selu}(z)$ for $z \sim \mathcal N(0, 1)$:
#    $\frac{1}{\sqrt{2\pi}} + \alpha(e^{1/2}\Phi(-1) - \frac12) = 0$ and
#    $\lambda^2(\frac12 + \alpha^2(e^2\Phi(-2) - 2e^{1/2}\Phi(-1) + \frac12)) = 1$. The mean is $\lambda$ times an
#    expression, and "equal to 0" does not depend on that factor.
# 2. The weights get $\operatorname{Var}(W) = (3/4)^2/\text{fan\_in}$, and the layer-wide second moment decays towards
#    the fixed point $q^*$ of $q \mapsto \tfrac{9}{16}E[\operatorname{selu}(z)^2]$ (about 0.023, section 3.4), with a
#    negative mean, instead of staying at 1. Use `kaiming_normal_(w, nonlinearity="linear")`, i.e. LeCun normal.
# 3. About $4 + 1^2 = 5$: unit $i$ is centred at $\mu\omega_i$, and the $\omega_i = \sum_j w_{ij}$ scatter over the units
#    with variance $n\operatorname{Var}(w) = 1$; the mean cancels over the layer, its square becomes variance.
# 4. Householder QR chooses the signs of $R$'s diagonal for numerical stability, not positive, so $Q$ is the Haar
#    factor times a sign pattern that depends on the matrix. Statistics: $Q_{00} \le 0$ always; $\det Q = (-1)^{n-1}$
#    always; the angle of a $2\times2$ draw's first column is confined to the left half-plane.
# 5. The matrix `W.reshape(64, 75)`: it is wide (64 < 75), so its rows are orthonormal.
# 6. Not in the way the condition number suggests: its nonzero singular values are all exactly $\sqrt 2$, and the
#    zeros come from the inactive units, as in any ReLU layer. But those lost directions count: with the zeros
#    included, the spread of $s^2$ is already about 1 (half the values 0, half 2), as much as one square Gaussian
#    layer. What the condition number cannot show is what grows with depth: the spread of the squared singular values
#    (zeros included), in proportion to $L$ even with orthogonal weights, the nonzero part spreading too; that is why
#    ReLU cannot be isometric.
# 7. $z_l = h_{l-1}W_l^\top$ is linear in $W_l$ and its input $h_{l-1}$ is fixed, so dividing $W_l$ by
#    $\sqrt{\operatorname{Var}(z_l)}$ gives variance exactly 1. After a non-homogeneous activation the variance is not
#    quadratic in the scale, so several rounds are needed and the tolerance decides when to stop; after a bounded one
#    (tanh, sigmoid) variance 1 may be out of reach, and only the iteration limit stops the loop before it saturates
#    the layer (or forever). Layers are processed first to last because layer $l$'s input depends on all earlier
#    weights.
#
# </details>
