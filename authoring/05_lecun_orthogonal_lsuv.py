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
#    SELU's constants $\alpha$ and $\lambda$ make $(\text{mean}, \text{variance}) = (0, 1)$ a fixed point of a layer, and why that fixed point needs LeCun's variance and *not* PyTorch's
#    `calculate_gain("selu") = 3/4`;
# 2. implement an orthogonal initializer that is uniformly (Haar) distributed, including the sign fix after QR,
#    wide and tall shapes and convolution shapes, and test it statistically;
# 3. compute the input-output Jacobian of a deep stack and compare the singular-value spectra of Gaussian and
#    orthogonal stacks (dynamical isometry);
# 4. implement LSUV, the data-driven initialization that rescales layer after layer until each layer's output has
#    unit variance, and use it for an activation (GELU) for which no closed-form gain is at hand.
#
# **Prerequisites.** Notebooks 02 (variance propagation) and 03/04 (Glorot, He and the gain of an activation);
# Gaussian integrals ($\Phi$, $\varphi$, completing the square); QR and singular value decompositions at the level
# of `numpy.linalg`.
#
# **Estimated time.** 90 to 110 minutes of work; the whole notebook executes in a few seconds.
#
# **How to work.** Run the cells from top to bottom. There are three exercises (12 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade. An answer may use
# the imports of the first code cell and its own code, nothing else from the notebook: the grader runs each
# exercise with the first cell only.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from course_lib import init, plots, spectra
from course_lib.activations import SELU_ALPHA, SELU_SCALE, get_activation
from course_lib.gain import calculate_gain
from course_lib.lsuv import lsuv
from course_lib.stats import second_moment
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
# instead of the average fan. PyTorch has no `lecun_normal_`; for SELU networks its documentation recommends
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
# $\operatorname{Var}(w) = 1/n = 1/\text{fan\_in}$: **LeCun's rule**. (For one random unit $\omega$ is not 0; summed
# over the many units of a layer the deviations average out, which is why the simulations below look at the
# statistics of a whole layer.)
#
# Klambauer et al. go further: with the Banach fixed-point theorem they show that $g$ is a contraction on a domain
# around $(0, 1)$, so the fixed point is *attracting*. Section 3.3 checks this by simulation. First, an exercise
# that turns section 3.1 into code.

# %% [markdown]
# ### Exercise 1: SELU's moment map (3 points)
#
# Write `selu_moments(mu, nu, omega=0.0, tau=1.0)` that returns the pair `(mean, variance)` of
# $\operatorname{selu}(z)$ for $z \sim \mathcal N(\mu\omega,\ \nu\tau)$, that is Klambauer et al.'s
# $g(\mu, \nu) = (\tilde\mu, \tilde\nu)$.
#
# * `mu`, `omega` are real numbers, `nu > 0` and `tau > 0`; note that `nu * tau` is a **variance**.
# * Use SELU's constants `SELU_ALPHA` ($\alpha$) and `SELU_SCALE` ($\lambda$), imported in the first cell. The
#   helpers `Phi` and `phi` of section 3.1 are not available to the grader: define what you need inside your
#   function (`0.5 * math.erfc(-t / math.sqrt(2))` is $\Phi(t)$).
# * Return a tuple of two floats; `variance` is $E[\operatorname{selu}(z)^2] - E[\operatorname{selu}(z)]^2$, not the
#   second moment.
# * The result must be accurate to about $10^{-7}$: use the closed forms of section 3.1 (`math.erfc` gives $\Phi$),
#   or numerical integration split at $z = 0$ (e.g. `scipy.integrate.quad` on each side). Monte Carlo is not
#   accurate enough, and Gauss-Hermite quadrature converges slowly because SELU has a kink at 0.
#
# The tests compare with an independent numerical integration for $|\mu\omega| \le 2$ and
# $\tfrac14 \le \nu\tau \le 4$, and with exact limits far from 0.

# %% kind="answer" grade_id="n05_selu_moments_answer"
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau): Klambauer et al.'s moment map g(mu, nu)."""
    ### BEGIN SOLUTION
    m, s = mu * omega, math.sqrt(nu * tau)

    def cdf(t):
        return 0.5 * math.erfc(-t / math.sqrt(2))

    density = math.exp(-0.5 * (m / s) ** 2) / math.sqrt(2 * math.pi)
    p_neg = cdf(-m / s)
    z_pos = m * cdf(m / s) + s * density
    z2_pos = (m * m + s * s) * cdf(m / s) + m * s * density
    e1_neg = math.exp(m + s * s / 2) * cdf(-(m + s * s) / s)
    e2_neg = math.exp(2 * m + 2 * s * s) * cdf(-(m + 2 * s * s) / s)
    mean = SELU_SCALE * (z_pos + SELU_ALPHA * (e1_neg - p_neg))
    second = SELU_SCALE**2 * (z2_pos + SELU_ALPHA**2 * (e2_neg - 2 * e1_neg + p_neg))
    return float(mean), float(second - mean**2)
    ### END SOLUTION


# %% kind="test" grade_id="n05_selu_moments_test" points=3
"""Test selu_moments: the fixed point (0, 1), exact limits far from 0, then an independent integration."""
import math

import numpy as np

from course_lib import grading
from course_lib.activations import SELU_ALPHA as _ALPHA
from course_lib.activations import SELU_SCALE as _SCALE


def _moments(*args):
    value = grading.call_quietly(selu_moments, *args)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise AssertionError(f"selu_moments should return a tuple (mean, variance), got {type(value).__name__}")
    return grading.as_float(value[0], "the mean"), grading.as_float(value[1], "the variance")


def _close(got, expected, what, case, advice=""):
    assert abs(got - expected) <= 1e-6 * max(1.0, abs(expected)), (
        f"the {what} is wrong for {case}.{' ' + advice if advice else ''}")


# The fixed point: z ~ N(0, 1) gives mean 0 and variance 1 (section 3.2), whatever mu when omega = 0.
for _args in [(0.0, 1.0, 0.0, 1.0), (0.7, 1.0, 0.0, 1.0), (0.0, 1.0)]:
    _mean, _var = _moments(*_args)
    _close(_mean, 0.0, "mean", f"selu_moments{_args} (the fixed point)",
           "At m = 0, s = 1 the mean is lambda * (1/sqrt(2 pi) + alpha * (e^(1/2) Phi(-1) - 1/2)) = 0.")
    _close(_var, 1.0, "variance", f"selu_moments{_args} (the fixed point)",
           "Is it the variance E[selu^2] - mean^2, with lambda**2 and alpha**2?")
# Far on the positive side z ~ N(6, 0.25): selu is lambda * z, so mean = 6 lambda and variance = 0.25 lambda^2.
_mean, _var = _moments(3.0, 0.25, 2.0, 1.0)
_close(_mean, 6.0 * _SCALE, "mean", "z ~ N(mu*omega, nu*tau) = N(6, 0.25), where selu(z) = lambda z",
       "Is the mean of z mu * omega, and is lambda there?")
_close(_var, 0.25 * _SCALE**2, "variance", "z ~ N(6, 0.25), where selu(z) = lambda z",
       "nu * tau is the variance of z (not its standard deviation), and Var(lambda z) = lambda**2 Var(z).")
print("visible checks passed")

### BEGIN HIDDEN TESTS
from scipy import integrate


def _reference(mu, nu, omega=0.0, tau=1.0):
    """Adaptive quadrature of selu(z) and selu(z)^2 against the N(m, s^2) density, split at 0."""
    m, s = mu * omega, math.sqrt(nu * tau)

    def density(z):
        return math.exp(-0.5 * ((z - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))

    def selu(z):
        return _SCALE * z if z > 0 else _SCALE * _ALPHA * math.expm1(z)

    def expectation(fn):
        low, high = min(m - 15 * s, -1e-300), max(m + 15 * s, 1e-300)
        options = {"epsabs": 1e-14, "epsrel": 1e-12, "limit": 200}
        left = integrate.quad(lambda z: fn(z) * density(z), low, 0.0, **options)[0] if low < 0 else 0.0
        right = integrate.quad(lambda z: fn(z) * density(z), 0.0, high, **options)[0] if high > 0 else 0.0
        return left + right

    mean = expectation(selu)
    return mean, expectation(lambda z: selu(z) ** 2) - mean**2


# Far on the negative side z ~ N(-10, 0.04): selu = lambda alpha (e^z - 1) and E[e^z] = e^(m + s^2/2).
_mean, _var = _moments(-4.0, 0.04, 2.5, 1.0)
_close(_mean, _SCALE * _ALPHA * (math.exp(-10 + 0.02) - 1), "mean", "z ~ N(-10, 0.04), where selu(z) = "
       "lambda alpha (e^z - 1)", "Check the negative branch: lambda * alpha * (E[e^z 1(z<=0)] - P(z<=0)).")
for _args in [(0.3, 1.4, 0.5, 1.2), (-0.5, 0.6, 1.0, 0.8), (1.0, 2.0, -0.4, 1.5), (2.0, 0.5, 1.0, 0.5),
              (0.8, 2.5, 1.5, 1.6), (0.4, 0.5), (-1.2, 1.0, 1.5, 1.0)]:
    _expected = _reference(*_args)
    _got = _moments(*_args)
    _close(_got[0], _expected[0], "mean", f"selu_moments{_args}",
           "The mean of z is mu * omega and its variance nu * tau; check each building block of section 3.1.")
    _close(_got[1], _expected[1], "variance", f"selu_moments{_args}",
           "The variance is E[selu(z)^2] - E[selu(z)]^2; check E[e^(2z) 1(z<=0)] = e^(2m + 2s^2) "
           "Phi(-(m + 2 s^2) / s) and the factors lambda**2, alpha**2. Is the result accurate to 1e-7?")
### END HIDDEN TESTS

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
# from it and drift towards it over the layers, from above and from below: the fixed point attracts, as
# Klambauer et al. prove. No normalization layer was needed; the weights' scale and the activation's constants
# do the work.
#
# ### 3.4 `calculate_gain("selu") = 3/4` is not what self-normalization needs
#
# PyTorch's `calculate_gain("selu")` returns $3/4$, so `kaiming_normal_(w, nonlinearity="selu")` draws
# $\operatorname{Var}(W) = (3/4)^2/\text{fan\_in}$, not $1/\text{fan\_in}$. PyTorch's own documentation warns about
# it: for self-normalizing networks use `nonlinearity="linear"` (variance $1/N$, which the stable fixed point
# needs); the SELU gain deliberately gives up the normalizing effect for more stable gradient flow in
# rectangular layers. What does the network do then? With zero-mean weights the layer-wide second moment
# $q_l = E[z_l^2]$ of the pre-activations follows
#
# $$q_{l+1} = \text{fan\_in}\cdot\operatorname{Var}(W)\cdot E[\operatorname{selu}(z)^2], \quad z \sim \mathcal N(0, q_l),$$
#
# which has the fixed point $q = 1$ when $\text{fan\_in}\operatorname{Var}(W) = 1$ (because
# $E[\operatorname{selu}(z)^2] = \tilde\nu + \tilde\mu^2 = 1$ there) and another one when the factor is $9/16$.
# The cell prints the gains, then runs the standardized input through a stack drawn with the SELU gain (the same
# random numbers as the LeCun stack, times 3/4) and puts the recursion's prediction (by quadrature) beside the
# simulation.

# %%
# NBVAL_CHECK_OUTPUT
print(f"calculate_gain('selu') = {calculate_gain('selu')}, calculate_gain('linear') = {calculate_gain('linear')}")
selu_gain_stack = [init.kaiming_normal((WIDTH, WIDTH), nonlinearity="selu", rng=rng)
                   for rng in np.random.default_rng(3).spawn(DEPTH)]
print(f"fan_in * Var(W): LeCun {WIDTH * np.var(lecun_stack[0]):.3f}, SELU gain {WIDTH * np.var(selu_gain_stack[0]):.3f}")


def predicted_moments(factor, layers, input_second_moment=1.0):
    """{l: (mean, variance) of h_l = selu(z_l)}, z_l ~ N(0, q_l), q_1 = factor E[x^2], q_l = factor E[h_{l-1}^2]."""
    out, q = {}, factor * input_second_moment
    for layer in range(1, max(layers) + 1):
        if layer in layers:
            mean = float(stats.norm.expect(selu, scale=math.sqrt(q)))
            out[layer] = (mean, float(second_moment("selu", q)) - mean**2)
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
print(f"fixed point of the recursion with the SELU gain: mean {long_run[0]:+.3f}, variance {long_run[1]:.3f}")

# %% [markdown]
# With the SELU gain the variance does not settle at 1: it decays layer after layer towards the other fixed point
# of the recursion (last printed line), and the mean is negative there. The simulation follows the prediction.
# This is not a bug in PyTorch, which documents the choice, but it is a trap: `nonlinearity="selu"` reads as "the
# right thing for SELU", and for self-normalization it is not. Use LeCun normal, i.e.
# `kaiming_normal_(w, nonlinearity="linear")` in PyTorch.

# %% [markdown]
# ## 4. Orthogonal initialization
#
# ### 4.1 Exact isometry
#
# A square matrix $Q$ is orthogonal when $Q^\top Q = I$; then $\lVert Qx \rVert = \lVert x \rVert$ for every $x$,
# and a product of orthogonal matrices is orthogonal. A deep *linear* stack of orthogonal matrices therefore
# preserves the norm of every input exactly, at any depth, whereas Gaussian matrices with
# $\operatorname{Var}(W) = 1/n$ preserve $E\lVert Wx\rVert^2 = \lVert x\rVert^2$ only on average over the draw.
# Saxe, McClelland and Ganguli (2014) showed that this exactness makes the learning time of deep linear networks
# independent of depth.
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
# `Orthogonal` initializer, whose code was copied into the reference LSUV implementation for Keras and elsewhere)
# instead of $UV^\top$.

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
# orthogonal factor of the polar decomposition $A = (UV^\top)(V\Sigma V^\top)$, is Haar like the fixed QR. Does the
# bias matter for training? Mostly not, the singular values are all 1 either way; but a sampler that claims to be
# uniform should be, and the bias is invisible until you test for it.
#
# ### 4.3 Wide, tall and convolution shapes
#
# QR factors a tall (or square) matrix into orthonormal *columns*. For a wide weight (`rows < cols`) the recipe is:
# draw the Gaussian matrix transposed, `(cols, rows)`, factor it, fix the signs, and transpose $Q$ back, which gives
# orthonormal rows. A convolution weight is drawn as the matrix `(shape[0], prod(shape[1:]))` and reshaped. The
# cell runs a naive version that many tutorials print, `np.linalg.qr(rng.standard_normal(shape))[0]`, on a wide
# and a tall shape, then `course_lib.init.orthogonal` (PyTorch's algorithm) on the same shapes and on a convolution
# shape.

# %%
def naive_orthogonal(shape, rng):
    """What many tutorials write: the Q factor of a Gaussian matrix of the requested shape."""
    q, _ = np.linalg.qr(rng.standard_normal(shape))
    return q


def orthonormality_error(w):
    """max |G - I| for G = W W^T (wide) or W^T W (tall), W flattened to (shape[0], -1)."""
    m = w.reshape(w.shape[0], -1)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    return np.abs(gram - np.eye(len(gram))).max()


naive_rng = np.random.default_rng(10)
for shape in ((3, 5), (5, 3)):
    w = naive_orthogonal(shape, naive_rng)
    signs = np.mean([naive_orthogonal(shape, naive_rng)[0, 0] > 0 for _ in range(1000)])
    print(f"naive {shape}: returns shape {w.shape}; W[0,0] > 0 in {signs:.2f} of 1000 draws")
for shape in ((3, 5), (5, 3), (16, 8, 3, 3)):
    w = init.orthogonal(shape, rng=11)
    signs = np.mean([init.orthogonal(shape, rng=rng)[0, 0] > 0 for rng in np.random.default_rng(12).spawn(1000)])
    print(f"init.orthogonal {shape}: shape {w.shape}; orthonormal: {orthonormality_error(w) < 1e-12}; "
          f"W[0,0] > 0 in {signs:.2f} of 1000 draws")

# %% [markdown]
# The naive version fails both ways. On the wide shape it returns a **square** $3\times3$ matrix, not the
# $3\times5$ weight that was asked for (a framework would reject it, or worse, broadcast it). On the tall shape the
# shape is right and the columns are orthonormal, but the signs are biased as in section 4.2. PyTorch's
# `orthogonal_`, Keras's `Orthogonal` and `course_lib.init.orthogonal` transpose for wide shapes and apply the sign
# fix; the convolution weight $(16, 8, 3, 3)$ has orthonormal rows as the $16 \times 72$ matrix it flattens to.

# %% [markdown]
# ### Exercise 2: an orthogonal initializer (5 points)
#
# Write `orthogonal(shape, gain=1.0, rng=None)` that returns a NumPy array of shape `shape` drawn from the Haar
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


# %% kind="test" grade_id="n05_orthogonal_test" points=5
"""Test orthogonal: shapes (wide, tall, conv), orthonormal rows or columns, gain, rng, and the Haar distribution."""
import math

import numpy as np

import course_lib.init
from course_lib import grading




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
print("visible checks passed")

### BEGIN HIDDEN TESTS
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
# For the stack $z_l = h_{l-1}W_l^\top$, $h_l = \phi(z_l)$, the chain rule gives the Jacobian of the output with
# respect to the input, at one input point:
#
# $$J = \frac{\partial h_L}{\partial x} = D_L W_L\, D_{L-1} W_{L-1} \cdots D_1 W_1, \qquad
# D_l = \operatorname{diag}\big(\phi'(z_l)\big).$$
#
# A perturbation $dx$ of the input becomes $J\,dx$, and backpropagation multiplies the output gradient by
# $J^\top$. The singular values $s_1 \ge \dots \ge s_n$ of $J$ are the gains along $J$'s principal directions.
# Notebooks 02 to 04 arranged that the **mean** of $s^2$ stays near 1 (that is what "variance preserved" means for
# the backward pass: $E\lVert J^\top g\rVert^2 = \lVert g \rVert^2$ on average). **Dynamical isometry**
# (Saxe et al., 2014; Pennington, Schoenholz and Ganguli, 2017) asks for more: *all* singular values near 1, so
# that no direction of the gradient explodes or vanishes, measured by the condition number $s_1/s_n$.
#
# What the papers claim, to be compared with the numbers below:
#
# * **Linear, orthogonal**: $J$ is a product of orthogonal matrices, so every singular value is exactly 1 at any
#   depth (Saxe et al.).
# * **Linear, Gaussian** with $\operatorname{Var}(W) = 1/n$: the mean of $s^2$ is 1 in expectation at every depth,
#   but the spectrum spreads with depth: the largest singular values grow and the smallest collapse
#   (Pennington et al.).
# * **tanh, orthogonal, near the critical point** ($\sigma_w = 1$, no bias, small pre-activations, where $D_l$ is
#   close to $I$): the spectrum stays concentrated much deeper than with Gaussian weights at the same scale, whose
#   spread grows with depth as in the linear case. Far from that point (large pre-activations, saturated units)
#   orthogonal weights do not help as much. ReLU cannot be isometric: $D_l$ zeroes about half of the directions.
#
# `course_lib.spectra` accumulates the product layer by layer (vectorized over a batch of input points) and takes
# `np.linalg.svd(J, compute_uv=False)`. The cell uses the two stacks of section 4.1 (width 64), 4 input points,
# and prints the condition number (the median over the 4 points) at depths 1, 4, 16 and 64. Condition numbers
# above $10^8$ print as `>1e8`: there the smallest singular values are too close to rounding error to be worth
# printing.

# %%
# NBVAL_CHECK_OUTPUT
small_x = 0.1 * points                        # small pre-activations: tanh near its linear regime
unit_x = points / np.std(points)
configs = {
    "linear, Gaussian": (gaussian_stack, "linear", small_x),
    "linear, orthogonal": (orthogonal_stack, "linear", small_x),
    "tanh, Gaussian, input std 0.1": (gaussian_stack, "tanh", small_x),
    "tanh, orthogonal, input std 0.1": (orthogonal_stack, "tanh", small_x),
    "tanh, orthogonal, input std 1": (orthogonal_stack, "tanh", unit_x),
    "relu, orthogonal x sqrt(2)": ([math.sqrt(2) * w for w in orthogonal_stack], "relu", unit_x),
}
spectra_by_config = {name: spectra.singular_values_by_depth(stack, x, DEPTHS, activation=act)
                     for name, (stack, act, x) in configs.items()}


def shown(condition):
    return ">1e8" if condition > 1e8 else f"{condition:.3g}"


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
          f"share of s in [1/2, 2] {summary.within_2x:.0%}")

# %% [markdown]
# The plot shows the whole spectra: histograms of $\log_{10} s$ (all singular values of the 4 points pooled) at the
# four depths, for the four main stacks. Values below $10^{-8}$ are piled into the leftmost bin.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 6.4), sharex=True)
for ax, name in zip(axes.ravel(), list(configs)[:4]):
    logs = [np.clip(np.log10(spectra_by_config[name][d]).ravel(), -8, 1) for d in DEPTHS]
    plots.plot_histograms(logs, [f"depth {d}" for d in DEPTHS], ax=ax, bins=46, value_range=(-8.1, 1.1),
                          title=name, xlabel=r"$\log_{10}$ singular value of $J$")
plt.show()

# %% [markdown]
# Reading the table and the plot against the claims:
#
# * **Linear, orthogonal**: condition number 1 at every depth and every singular value equal to 1 up to rounding
#   (the `True` line): exact isometry, as Saxe et al. state.
# * **Linear, Gaussian**: the mean of $s^2$ is 1 *in expectation over the draw*, as the variance argument of
#   notebook 02 promises; for one draw it fluctuates more and more with depth (the cell prints it for our draw).
#   The largest singular value grows and the share of singular values within a factor 2 of 1 shrinks with depth;
#   the smallest ones collapse towards 0 (the histogram's left pile). Even one square Gaussian layer is
#   poorly conditioned, since a square random matrix has a smallest singular value of order $1/n$ relative to the
#   largest.
# * **tanh near the critical point**: with orthogonal weights the spectrum stays within a narrow band (condition
#   numbers of order 1 in the table), while the Gaussian stack at the same scale is as badly conditioned as the
#   linear Gaussian one: Pennington et al.'s "resurrecting the sigmoid" result. With unit-variance inputs some tanh
#   units saturate, $D_l$ has small entries, and the condition number grows with depth even with orthogonal weights:
#   orthogonality helps only near the critical point.
# * **ReLU**: with orthogonal weights and He's gain the Jacobian is singular from the first layer on, since every
#   inactive unit zeroes a direction.

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
# The order matters: layer $l$ is measured on the outputs of layers $1, \dots, l-1$ *after* their rescaling. Take
# the layer's output to be its pre-activation $z_l = h_{l-1}W_l^\top$ (the output of the dense or convolution layer
# itself). Then $z_l$ is linear in $W_l$ and $\operatorname{Var}(c\,z_l) = c^2\operatorname{Var}(z_l)$, so **one**
# rescaling gives variance 1 exactly: the loop matters only when the measured output is not linear in the scale,
# e.g. after the activation (when layer and activation are one module, as in Keras's `Dense(activation=...)`),
# behind a normalization layer, or with maxout, which the paper also treats.
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

# %% [markdown]
# With the orthogonal pre-initialization alone the first layer inherits the data's large variance, and the
# variance then changes from layer to layer: an orthogonal matrix preserves the second moment, GELU does not, and we
# know no gain that would compensate. LSUV on $z_l$ gives 1 in one rescaling per layer,
# as the linearity argument predicts. LSUV on the GELU outputs needs more than one round per layer in this run
# (GELU is not homogeneous: $\operatorname{gelu}(cz) \ne c\operatorname{gelu}(z)$) and stops within the tolerance.
# No formula for GELU's gain was needed in either case. (With `measure="post"` a bounded activation such as tanh
# cannot reach variance 1 at all: `lsuv` then reports the layer as not converged.)

# %% [markdown]
# ### Exercise 3: layer-sequential rescaling (4 points)
#
# Write `lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10)`, the core of LSUV for already pre-initialized
# weights.
#
# * `weights` is a list of 2-D arrays, `weights[l]` of shape `(n_{l+1}, n_l)` (PyTorch's layout); `x` is a batch
#   of shape `(B, n_0)`; `phi` is a function applied entrywise, e.g. `np.tanh`.
# * The network computes `z_1 = x @ W_1.T`, `h_1 = phi(z_1)`, `z_2 = h_1 @ W_2.T`, ... (no biases).
# * For each layer in order, first to last: while `abs(np.var(z_l) - 1) >= tol` and fewer than `max_iter`
#   rescalings were done, divide `W_l` by `np.sqrt(np.var(z_l))` and recompute `z_l`. Layer `l + 1` then sees
#   `h_l = phi(z_l)` computed with the rescaled `W_l`. The variance is over all entries of `z_l` (all units, all
#   inputs): `np.var(z_l)`.
# * Return a new list of new arrays; do not modify the arrays you were given. Each returned `W_l` is the given one
#   times a positive number.
# * Write it yourself: `course_lib.lsuv` is switched off in the tests.

# %% kind="answer" grade_id="n05_lsuv_answer"
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) = Var(h_{l-1} @ W_l.T) is within tol of 1."""
    ### BEGIN SOLUTION
    h = np.asarray(x, dtype=float)
    out = []
    for w in weights:
        w = np.array(w, dtype=float)
        z = h @ w.T
        rounds = 0
        while abs(np.var(z) - 1) >= tol and rounds < max_iter:
            w = w / np.sqrt(np.var(z))
            z = h @ w.T
            rounds += 1
        out.append(w)
        h = phi(z)
    return out
    ### END SOLUTION


# %% kind="test" grade_id="n05_lsuv_test" points=4
"""Test lsuv_rescale: every layer's z_l gets variance 1 within tol, layer after layer, one positive factor each."""

import numpy as np

import course_lib.lsuv
from course_lib import grading




def _relu(z):
    return np.maximum(z, 0.0)


def _check_lsuv(weights, x, phi, case, **kwargs):
    """Run lsuv_rescale on copies and check the result layer by layer."""
    given = [w.copy() for w in weights]
    with grading.forbidding("course_lib.lsuv", who="lsuv_rescale", advice="write the layer-by-layer loop yourself"):
        out = grading.call_quietly(lsuv_rescale, list(given), x.copy(), phi, **kwargs)
    if any(not np.array_equal(g, w) for g, w in zip(given, weights)):
        raise AssertionError("lsuv_rescale changed the arrays it was given: return new arrays (W = W / s makes a "
                             "new one, W /= s overwrites the caller's)")
    if not isinstance(out, (list, tuple)) or len(out) != len(weights):
        raise AssertionError(f"lsuv_rescale should return a list of {len(weights)} arrays, one per layer")
    tol = kwargs.get("tol", 0.05)
    h = x
    for layer, (w, w0) in enumerate(zip(out, weights), start=1):
        w = grading.check_array(w, f"layer {layer}'s weight", w0.shape)
        factor = float(np.sum(w * w0) / np.sum(w0 * w0))
        if not (factor > 0 and np.allclose(w, factor * w0, rtol=1e-9, atol=1e-12 * factor * np.abs(w0).max())):
            raise AssertionError(f"{case}: layer {layer}'s weight is not the given W_{layer} times one positive number: "
                                 "LSUV divides the whole matrix by sqrt(Var(z_l)), one factor per layer (not per row)")
        z = h @ w.T
        variance = float(np.var(z))
        if not abs(variance - 1) < tol:
            where = ("Layer 1's output is z_1 = x @ W_1.T, before the activation: measure np.var(z_1) and divide W_1 "
                     "by its square root." if layer == 1 else
                     f"The layers before are right. Layer {layer}'s input is phi(z_{layer - 1}) computed with the "
                     f"already rescaled W_{layer - 1}; measure np.var(z_{layer}) (before the activation) on it.")
            raise AssertionError(f"{case}: Var(z_{layer}) = {variance:.3g} on the batch, not within tol = {tol} of 1. "
                                 f"{where}")
        h = phi(z)


_rng = np.random.default_rng(grading.seed(0))
_x = 3.0 * _rng.standard_normal((200, 6))
_weights = [_rng.standard_normal((8, 6)), _rng.standard_normal((5, 8))]
_check_lsuv(_weights, _x, np.tanh, "tanh, layers (8, 6) and (5, 8)", tol=0.05)
_check_lsuv(_weights, _x, _relu, "relu, layers (8, 6) and (5, 8)", tol=0.05)
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(77))
_x = 0.5 + 2.5 * _rng.standard_normal((400, 24))
_shapes = [(48, 24), (32, 48), (40, 32), (16, 40)]
_gaussian = [_rng.standard_normal(s) for s in _shapes]
_tiny = [0.01 * _rng.standard_normal(s) for s in _shapes]
for _name, _phi in (("tanh", np.tanh), ("relu", _relu)):
    _check_lsuv(_gaussian, _x, _phi, f"{_name}, 4 layers, N(0, 1) weights", tol=0.02, max_iter=10)
    _check_lsuv(_tiny, _x, _phi, f"{_name}, 4 layers, N(0, 0.01^2) weights", tol=0.05)
    _check_lsuv(_gaussian[:1], _x, _phi, f"{_name}, a single layer", tol=0.01)
_check_lsuv(_gaussian, _x, np.tanh, "tanh, default tol and max_iter")
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
#   variance. A deep SELU stack keeps standardized statistics and pulls others back to them.
#   `calculate_gain("selu") = 3/4` breaks this on purpose: the variance settles at another, much smaller, fixed point.
# * **Orthogonal**: QR of a Gaussian matrix is Haar only after the sign fix (column $j$ of $Q$ times
#   $\operatorname{sign} R_{jj}$); NumPy's QR gives $R$ diagonal entries of both signs and a $Q$ with
#   $Q_{00} \le 0$ and a fixed determinant. Wide shapes need the transpose, convolution shapes the flattening;
#   $UV^\top$ from an SVD is an alternative, $U$ alone is not Haar.
# * **Dynamical isometry**: the singular values of $J = D_L W_L \cdots D_1 W_1$ describe what a deep stack does to
#   every direction. Orthogonal linear stacks are exact isometries; Gaussian ones keep the mean of $s^2$ but spread
#   the spectrum with depth; tanh with orthogonal weights near the critical point stays well conditioned; ReLU
#   cannot.
# * **LSUV**: pre-initialize orthogonally, then rescale each layer, in order, by $1/\sqrt{\operatorname{Var}}$ of
#   its output on a batch. On pre-activations one rescaling is exact; the loop matters for outputs that are not
#   linear in the scale. It needs no formula for the activation's gain.
#
# ## 9. Active recall: check yourself
#
# 1. Which two equations determine SELU's $\alpha$ and $\lambda$, and why does $\lambda$ not appear in the first one?
# 2. A colleague initializes a SELU network with `kaiming_normal_(w, nonlinearity="selu")`. What happens to the
#    layer variance with depth, and what should they write instead?
# 3. Why is the $Q$ of `np.linalg.qr` applied to a Gaussian matrix not Haar-distributed? Give one statistic that
#    shows it.
# 4. For a weight of shape `(64, 3, 5, 5)`, which matrix should be orthonormal, and is it its rows or its columns?
# 5. A Gaussian linear stack with $\operatorname{Var}(W) = 1/n$ "preserves the variance". Why is its Jacobian
#    nevertheless badly conditioned at depth 64?
# 6. In LSUV, why does one rescaling per layer suffice when the variance is measured before the activation, and
#    why must the layers be processed first to last?
#
# <details>
# <summary>Answers</summary>
#
# 1. Mean 0 and variance 1 of $\operatorname{selu}(z)$ for $z \sim \mathcal N(0, 1)$:
#    $\frac{1}{\sqrt{2\pi}} + \alpha(e^{1/2}\Phi(-1) - \frac12) = 0$ and
#    $\lambda^2(\frac12 + \alpha^2(e^2\Phi(-2) - 2e^{1/2}\Phi(-1) + \frac12)) = 1$. The mean is $\lambda$ times an
#    expression, and "equal to 0" does not depend on that factor.
# 2. The weights get $\operatorname{Var}(W) = (3/4)^2/\text{fan\_in}$, and the variance decays towards the much
#    smaller fixed point of section 3.4 (with a negative mean) instead of staying at 1. Use
#    `kaiming_normal_(w, nonlinearity="linear")`, i.e. LeCun normal.
# 3. Householder QR chooses the signs of $R$'s diagonal for numerical stability, not positive, so $Q$ is the Haar
#    factor times a sign pattern that depends on the matrix. Statistics: $Q_{00} \le 0$ always; $\det Q = (-1)^{n-1}$
#    always; the angle of a $2\times2$ draw's first column is confined to the left half-plane.
# 4. The matrix `W.reshape(64, 75)`: it is wide (64 < 75), so its rows are orthonormal.
# 5. Variance preservation is a statement about the mean of $s^2$ (the average squared gain). The spectrum of a
#    product of Gaussian matrices spreads with depth: some directions are amplified, many are almost annihilated,
#    so the ratio $s_{\max}/s_{\min}$ explodes even though the mean of $s^2$ stays of order 1.
# 6. $z_l = h_{l-1}W_l^\top$ is linear in $W_l$ and its input $h_{l-1}$ is fixed, so dividing $W_l$ by
#    $\sqrt{\operatorname{Var}(z_l)}$ gives variance exactly 1. Layer $l$'s input depends on all earlier weights, so
#    it can only be measured once those are final.
#
# </details>
