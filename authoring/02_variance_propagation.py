# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Variance propagation: predicting the scale of every layer
#
# A deep network is a chain of matrix products. Whether its signal explodes, vanishes or keeps its size
# at initialization is decided layer by layer by one number: the variance of a weight times the number
# of inputs (or outputs) of the layer. This notebook derives that number from two facts about variances,
# checks every step by simulation, and ends with the tool the rest of the course leans on: recursions
# that predict the scale of every layer, forward and backward, before anything is run.
#
# **Learning objectives.** After this notebook you can
# 1. compute $\mathrm{Var}(wx)$ for independent $w, x$, and say when
#    "$\mathrm{Var}(XY) = \mathrm{Var}(X)\,\mathrm{Var}(Y)$" fails;
# 2. derive $\mathrm{Var}(z_l) = n_{l-1}\,\mathrm{Var}(W_l)\,\mathbb{E}[h_{l-1}^2]$ and explain why it needs the
#    *second moment* of $h$, not its variance;
# 3. show that ReLU halves the second moment, not the variance, and compute both;
# 4. predict the per-layer standard deviation of pre-activations and of gradients in linear and ReLU stacks of
#    any widths, and say when the forward and the backward conditions disagree;
# 5. turn a target standard deviation into the bound of a uniform distribution, and show that equal variance
#    gives equal per-layer statistics;
# 6. check a prediction by Monte Carlo and tell how large the simulation's own fluctuation is (batch versus width).
#
# **Prerequisites.** Notebook `01_symmetry_breaking` (why weights are random); expectation, variance and
# independence of random variables; NumPy matrix products.
#
# **Estimated time.** 90 minutes (45 to read and run the cells, 45 for the exercises).
#
# **Notation.** Layer $l = 1, \dots, L$ of a stack maps $h_{l-1}$ to $h_l$:
#
# | symbol | meaning |
# |---|---|
# | $x = h_0$ | the input batch, shape `(B, n_0)` |
# | $W_l$ | weights of layer $l$, shape `(n_l, n_{l-1})` = `(fan_out, fan_in)` (PyTorch's layout) |
# | $z_l$ | pre-activations, shape `(B, n_l)` |
# | $h_l = \phi(z_l)$ | activations: $\phi(z) = z$ (*linear* stack) or $\max(z, 0)$ (ReLU stack) |
# | $v_l = \mathrm{Var}(W_l)$ | the variance of one weight entry; entries are i.i.d. with mean 0 |
# | $q_l = \mathrm{Var}(z_l)$ | the variance of one pre-activation entry |
# | $g_l = \partial L / \partial h_l$ | the gradient at the output of layer $l$ |
#
# The layer computes `z_l = h_{l-1} @ W_l.T`, so `fan_in = n_{l-1}` is `W_l.shape[1]` and `fan_out = n_l` is
# `W_l.shape[0]`. This is PyTorch's convention: in torch 2.13.0, `torch/nn/modules/linear.py` allocates
# `Linear.weight` with shape `(out_features, in_features)` and computes $y = x A^T + b$, and
# `_calculate_fan_in_and_fan_out` in `torch/nn/init.py` reads fan_in from `size(1)` and fan_out from `size(0)`.
# Biases are zero throughout (notebook 01 showed why that is fine).

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import course_lib
from course_lib import grading, plots, stats, widgets
from course_lib.nets import MLP
from course_lib.schemes import constant_std

plots.use_style()

# %% [markdown]
# ## 1. Why predict?
#
# Two five-layer linear networks, 100 units wide, differ only in the scale of their weights: entries drawn
# from $N(0, 1)$ or from $N(0, 0.01^2)$. Push the same batch of inputs through both.

# %%
rng = np.random.default_rng(0)
x = rng.standard_normal((1000, 100))  # a batch of 1000 inputs with 100 features
for weight_std in (1.0, 0.01):
    h = x
    for _layer in range(5):
        W = weight_std * rng.standard_normal((100, 100))  # shape (fan_out, fan_in), PyTorch's layout
        h = h @ W.T  # a linear layer: z = h W^T
    print(f"weights N(0, {weight_std:g}^2): std of the 5th layer's output = {h.std():.3g}")

# %% [markdown]
# The two numbers are many orders of magnitude apart, and neither is an accident. By section 8 you will
# predict both from the widths and the weight scale alone, for linear and for ReLU networks, and you will
# know how close a single simulated network should come to the prediction.

# %% [markdown]
# ## 2. The variance of a product
#
# One connection multiplies an input $x$ by a weight $w$. For **independent** $X$ and $Y$,
# $\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]$ and $\mathbb{E}[X^2 Y^2] = \mathbb{E}[X^2]\,\mathbb{E}[Y^2]$, so
#
# $$
# \mathrm{Var}(XY) = \mathbb{E}[X^2]\,\mathbb{E}[Y^2] - \mathbb{E}[X]^2\,\mathbb{E}[Y]^2 .
# $$
#
# Write $\mathbb{E}[X^2] = \mathrm{Var}(X) + \mu_X^2$ (and the same for $Y$) and expand:
#
# $$
# \mathrm{Var}(XY) = \mathrm{Var}(X)\,\mathrm{Var}(Y) + \mathrm{Var}(X)\,\mu_Y^2 + \mathrm{Var}(Y)\,\mu_X^2 .
# $$
#
# The often-quoted "$\mathrm{Var}(XY) = \mathrm{Var}(X)\,\mathrm{Var}(Y)$" is the first term only: it holds when both
# means are zero; with a non-zero mean it misses one or both of the other terms. For a weight, $\mu_w = 0$, and the formula collapses to
#
# $$
# \boxed{\mathrm{Var}(w x) = \mathrm{Var}(w)\,\mathbb{E}[x^2]}
# $$
#
# the **second moment** of $x$, not its variance. The two differ exactly when $x$ has a non-zero mean, which is
# the case for every output of a ReLU. The cell checks all three situations with a million samples each: the
# "theory" columns use the exact means and variances, the first column the samples.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(1)
N = 1_000_000
relu_mean, relu_var = 1 / math.sqrt(2 * math.pi), 0.5 - 1 / (2 * math.pi)  # of relu(z), z ~ N(0, 1)
cases = {
    # name: (samples of X, samples of Y, (Var X, mean X), (Var Y, mean Y))
    "w ~ N(0, 0.5^2), x ~ N(0, 1)": (rng.normal(0, 0.5, N), rng.normal(0, 1, N), (0.25, 0), (1, 0)),
    "w ~ N(0, 0.5^2), x = relu(N(0, 1))": (rng.normal(0, 0.5, N), np.maximum(rng.normal(0, 1, N), 0),
                                           (0.25, 0), (relu_var, relu_mean)),
    "X ~ N(2, 1),     Y ~ N(3, 1)": (rng.normal(2, 1, N), rng.normal(3, 1, N), (1, 2), (1, 3)),
}
print(f"{'case':36} {'Var(XY) simulated':>18} {'full formula':>13} {'Var X * Var Y':>14}")
for name, (a, b, (var_a, mu_a), (var_b, mu_b)) in cases.items():
    full = var_a * var_b + var_a * mu_b**2 + var_b * mu_a**2
    print(f"{name:36} {np.var(a * b):>18.3g} {full:>13.3g} {var_a * var_b:>14.3g}")

# %% [markdown]
# The full formula matches the simulation in all three rows; "Var X · Var Y" matches only the first, where both
# means are zero. In the second row (a zero-mean weight times a ReLU output) the product's variance is
# $\mathrm{Var}(w)\,\mathbb{E}[x^2]$, larger than $\mathrm{Var}(w)\,\mathrm{Var}(x)$.

# %% [markdown]
# ## 3. A sum of many products: one layer
#
# Unit $j$ of layer $l$ adds up $n_{l-1}$ products, $z_j = \sum_{i=1}^{n_{l-1}} W_{ji}\, h_i$, where the weights are
# i.i.d. with mean 0 and variance $v_l$ and independent of $h = h_{l-1}$ (which depends only on the input and on
# the *earlier* layers' weights). Two facts make the variance of the sum easy:
#
# * every term has mean zero: $\mathbb{E}[W_{ji} h_i] = \mathbb{E}[W_{ji}]\,\mathbb{E}[h_i] = 0$;
# * two different terms are uncorrelated, even though $h_i$ and $h_k$ may well be dependent: for $i \ne k$,
#   $\mathbb{E}[W_{ji} h_i\, W_{jk} h_k] = \mathbb{E}[W_{ji}]\,\mathbb{E}[W_{jk}]\,\mathbb{E}[h_i h_k] = 0$.
#
# The variance of a sum of uncorrelated terms is the sum of their variances, and each is
# $v_l\,\mathbb{E}[h_i^2]$ by section 2. With every input unit having the same second moment:
#
# $$
# \boxed{q_l = \mathrm{Var}(z_l) = n_{l-1}\; v_l\; \mathbb{E}\big[h_{l-1}^2\big]} \qquad (1)
# $$
#
# Three details matter: the count is the layer's **fan_in** $n_{l-1}$ (`W.shape[1]` in PyTorch's layout), the
# factor is the **second moment** of the layer's input, and the variance is over the weights *and* the inputs.
# Nothing here assumed Gaussian values or wide layers: (1) is exact.
#
# The check below uses a non-square layer (300 inputs, 64 outputs) fed with non-negative inputs
# $h \sim U(0, 2)$, for which $\mathbb{E}[h^2] = 4/3$ and $\mathrm{Var}(h) = 1/3$. Since (1) averages over the
# weights too, it draws 50 independent weight matrices.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(2)
n_in, n_out, batch, n_matrices, weight_std = 300, 64, 200, 50, 0.05
W = rng.normal(0.0, weight_std, size=(n_matrices, n_out, n_in))  # 50 matrices of shape (fan_out, fan_in)
fan_in, fan_out = course_lib.fan_in_and_fan_out(W[0].shape)
h = rng.uniform(0.0, 2.0, size=(batch, n_in))  # E[h^2] = 4/3, Var(h) = 1/3
z = h @ W.reshape(-1, n_in).T  # z = h W^T for all 50 matrices in one product: shape (batch, 50 * 64)
v = weight_std**2
print(f"fan_in = {fan_in}, fan_out = {fan_out}")
print(f"simulated Var(z) = E[z^2]            : {np.mean(z**2):.4g}")
print(f"fan_in  * Var(W) * E[h^2]   (eq. 1)  : {fan_in * v * 4 / 3:.4g}")
print(f"fan_in  * Var(W) * Var(h)   (wrong)  : {fan_in * v / 3:.4g}")
print(f"fan_out * Var(W) * E[h^2]   (wrong)  : {fan_out * v * 4 / 3:.4g}")

# %% [markdown]
# Equation (1) matches; using the variance of $h$ instead of its second moment, or the fan_out instead of the
# fan_in, does not.

# %% [markdown]
# ## 4. ReLU halves the second moment, not the variance
#
# To use (1) at the next layer we need $\mathbb{E}[h^2] = \mathbb{E}[\mathrm{relu}(z)^2]$. Let $z$ have a density
# symmetric about zero, $f(z) = f(-z)$, and variance $\sigma^2$. Then
#
# $$
# \mathbb{E}\big[\mathrm{relu}(z)^2\big] = \int_0^\infty z^2 f(z)\,dz = \tfrac12 \int_{-\infty}^{\infty} z^2 f(z)\,dz
# = \tfrac12\, \sigma^2 .
# $$
#
# **ReLU halves the second moment**, for every symmetric distribution. Its *variance* is another matter, because
# the output has a positive mean, $\mathbb{E}[\mathrm{relu}(z)] = \int_0^\infty z f(z)\,dz = \tfrac12 \mathbb{E}|z|$.
# For a normal $z$, $\mathbb{E}|z| = \sigma\sqrt{2/\pi}$, so $\mathbb{E}[\mathrm{relu}(z)] = \sigma / \sqrt{2\pi}$ and
#
# $$
# \mathrm{Var}\big(\mathrm{relu}(z)\big) = \frac{\sigma^2}{2} - \frac{\sigma^2}{2\pi}
# = \sigma^2\Big(\frac12 - \frac{1}{2\pi}\Big) \qquad (z \text{ normal}).
# $$
#
# The variance factor even depends on the distribution: for $z \sim U(-a, a)$ ($\sigma^2 = a^2/3$,
# $\mathbb{E}|z| = a/2$) it is $\mathrm{Var}(\mathrm{relu}(z)) = a^2/6 - a^2/16 = \tfrac{5}{16}\sigma^2$.
# The second-moment factor $\tfrac12$ does not.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(3)
N = 2_000_000
samples = {"normal N(0, 3^2)": rng.normal(0.0, 3.0, N), "uniform U(-3, 3)": rng.uniform(-3.0, 3.0, N)}
print(f"{'z':18} {'E[relu(z)^2] / Var(z)':>22} {'Var(relu(z)) / Var(z)':>22}")
for name, z in samples.items():
    r = np.maximum(z, 0.0)
    print(f"{name:18} {np.mean(r**2) / np.var(z):>22.3f} {np.var(r) / np.var(z):>22.3f}")
print(f"theory: 1/2 for any symmetric z;  Var factor 1/2 - 1/(2 pi) = {0.5 - 1 / (2 * math.pi):.3f} (normal),"
      f" 5/16 = {5 / 16:.3f} (uniform)")
print(f"so for a normal z: std(relu(z)) / std(z) = sqrt(1/2 - 1/(2 pi)) = {math.sqrt(0.5 - 1 / (2 * math.pi)):.3f},"
      f" not 1/sqrt(2) = {1 / math.sqrt(2):.3f}")

# %% [markdown]
# So the popular sentence "ReLU halves the variance" is wrong. (A long, popular blog post on initialization states
# it as a formula, the variance after a ReLU being about half the variance before it, and presents the factor 2 of
# He initialization as the compensation for that halving.)
# The cell shows the variance shrinking by the factor $\tfrac12 - \tfrac1{2\pi}$ for a normal input (and by
# $\tfrac5{16}$ for a uniform one), while the *second moment* is halved in both cases.
#
# Which one does the next layer need? Equation (1) says the second moment. The cell below runs a ReLU stack with
# $\mathrm{Var}(W) = 2/\text{fan\_in}$ (He initialization, notebook 04) and compares the simulated standard deviation
# of every $z_l$ with two predictions: the right one, $\mathbb{E}[h_{l-1}^2] = q_{l-1}/2$, and the tempting wrong one,
# $\mathrm{Var}(h_{l-1}) = q_{l-1}(\tfrac12 - \tfrac1{2\pi})$ plugged into (1).

# %%
# NBVAL_CHECK_OUTPUT
width, depth = 512, 8
net = MLP.initialized([width] * (depth + 1), "kaiming_normal", "relu", rng=4)  # Var(W) = 2 / fan_in
net.forward(np.random.default_rng(5).standard_normal((256, width)))
v = 2.0 / width
q_second_moment, q_variance = [width * v * 1.0], [width * v * 1.0]  # layer 1 sees the raw input, E[x^2] = 1
for _layer in range(1, depth):
    q_second_moment.append(width * v * q_second_moment[-1] / 2)
    q_variance.append(width * v * q_variance[-1] * (0.5 - 1 / (2 * math.pi)))
print(f"{'layer':>5} {'simulated':>10} {'with E[h^2]':>12} {'with Var(h)':>12}")
for layer, (z, q1, q2) in enumerate(zip(net.pre, q_second_moment, q_variance), start=1):
    print(f"{layer:>5} {z.std():>10.3f} {math.sqrt(q1):>12.3f} {math.sqrt(q2):>12.3f}")

# %% [markdown]
# The simulation follows the second-moment prediction; the variance-based one decays geometrically and is off
# by a growing factor. This is why He initialization doubles the weight variance: the factor 2 undoes the halving
# of the **second moment**.

# %% [markdown]
# ## 5. The forward recursion
#
# Chain (1) through the stack. The first layer sees the raw input, so $q_1 = n_0\,v_1\,\mathbb{E}[x^2]$. After that,
# $\mathbb{E}[h_{l-1}^2] = \mathbb{E}[\phi(z_{l-1})^2]$, which is $q_{l-1}$ for a linear stack and $q_{l-1}/2$ for ReLU.
# (For ReLU this is exact: $z_{l-1}$ is a sum of terms $W_{ji} h_i$ with symmetric $W_{ji}$, hence symmetric.)
#
# $$
# q_l = n_{l-1}\, v_l\, c\; q_{l-1} \quad (l \ge 2), \qquad
# c = \begin{cases} 1 & \text{linear} \\ \tfrac12 & \text{ReLU} \end{cases}
# $$
#
# and in closed form
#
# $$
# q_L = \mathbb{E}[x^2]\; n_0 v_1 \prod_{l=2}^{L} \big(c\, n_{l-1} v_l\big).
# $$
#
# With a constant width $n$ and weight variance $v$, each layer after the first multiplies the standard deviation by
# $\sqrt{c\,n\,v}$: by $\sqrt{n v}$ in a linear stack and by $\sqrt{n v/2}$ in a ReLU stack.
#
# `course_lib.stats.forward_variance(widths, weight_variance, activation, input_second_moment)` implements the same
# recursion (writing it yourself is Exercise 4). The cell compares it with a simulation on deliberately non-square
# widths. Following section 3, the simulation pools 8 independent networks (the helper `simulate_layers` is reused
# below).

# %%
def simulate_layers(widths, scheme, activation, seeds, batch, input_std=1.0, grad_std=1.0, backward=True):
    """Root mean square of z_l and of dL/dh_{l-1} (l = 1..L), pooled over one network per seed.

    Every network gets its own input batch, i.i.d. N(0, input_std^2); the backward pass starts from
    dL/dh_L with i.i.d. N(0, grad_std^2) entries (skipped, and None returned, if backward=False).
    """
    forward_ms, backward_ms = [], []
    for seed in seeds:
        net = MLP.initialized(widths, scheme, activation, rng=seed)
        net.forward(input_std * np.random.default_rng([seed, 1]).standard_normal((batch, widths[0])))
        forward_ms.append([np.mean(z**2) for z in net.pre])
        if backward:
            top = grad_std * np.random.default_rng([seed, 2]).standard_normal((batch, widths[-1]))
            grad_x = net.backward(top)
            backward_ms.append([np.mean(g**2) for g in [grad_x, *net.grad_post[:-1]]])
    return np.sqrt(np.mean(forward_ms, axis=0)), (np.sqrt(np.mean(backward_ms, axis=0)) if backward else None)


# %%
# NBVAL_CHECK_OUTPUT
widths = [64, 256, 128, 512, 32]  # n_0 .. n_4: non-square on purpose
weight_std, input_std = 0.08, 1.5
simulated_both = {}  # reused by section 6
for activation in ("linear", "relu"):
    library = stats.forward_variance(widths, weight_std**2, activation, input_std**2)
    simulated_both[activation] = simulate_layers(widths, constant_std(weight_std), activation, seeds=range(8),
                                               batch=100, input_std=input_std)
    simulated = simulated_both[activation][0]
    print(f"{activation}:  layer  n_in->n_out  growth sim  forward_variance  simulated")
    for layer in range(len(widths) - 1):
        growth = f"{simulated[layer] / simulated[layer - 1]:>10.3f}" if layer else f"{'':>10}"
        print(f"{layer + 1:>13}  {widths[layer]:>4}->{widths[layer + 1]:<4}  {growth}"
              f"  {math.sqrt(library[layer]):>16.3f}  {simulated[layer]:>9.3f}")

# %% [markdown]
# The recursion and the simulation agree (within 3 %, a fluctuation section 9 explains). Note that the growth from
# layer to layer depends on $n_{l-1}$, the *input* width of each layer: layer 4 has the widest input (512) and grows
# most (the "growth sim" column), even though its own width is the smallest.

# %% [markdown]
# ## 6. The backward recursion
#
# Backpropagation runs the same kind of sums the other way. With $\delta_l = \partial L / \partial z_l
# = g_l \odot \phi'(z_l)$, the gradient reaching the previous layer is `g_{l-1} = delta_l @ W_l`, that is
#
# $$
# g_{l-1,\,i} = \sum_{j=1}^{n_l} W_{ji}\, \delta_{l,\,j} ,
# $$
#
# a sum over the **fan_out** $n_l$ of layer $l$. Treating $W_l$ as independent of $\delta_l$, and $\phi'(z_l)$ as
# independent of $g_l$ (the standard mean-field assumptions of He et al., 2015; not exact, because $z_l$ itself
# depends on $W_l$, but accurate for wide layers, as the cell checks), the argument of section 3 gives
#
# $$
# \boxed{\mathbb{E}\big[g_{l-1}^2\big] = n_l\; v_l\; \mathbb{E}\big[\phi'(z_l)^2\big]\; \mathbb{E}\big[g_l^2\big]}
# $$
#
# For ReLU, $\phi'(z)^2 = \mathbf{1}\{z > 0\}$, and $\mathbb{E}[\phi'(z_l)^2] = P(z_l > 0) = \tfrac12$ for symmetric
# $z_l$; for a linear layer it is 1. So the same constant $c$ appears:
# $\mathbb{E}[g_{l-1}^2] = c\, n_l v_l\, \mathbb{E}[g_l^2]$.
#
# `course_lib.stats.backward_variance` implements it; entry $l-1$ is $\mathbb{E}[g_{l-1}^2]$, so entry 0 is the gradient
# at the input. The simulation starts from $g_L$ with i.i.d. $N(0, 1)$ entries (every layer, the last included,
# applies $\phi$, as in section 5).

# %%
# NBVAL_CHECK_OUTPUT
for activation in ("linear", "relu"):
    library = stats.backward_variance(widths, weight_std**2, activation, 1.0)
    simulated = simulated_both[activation][1]  # the same 8 networks as in section 5
    print(f"{activation}:  gradient  summed over n_l  backward_variance  simulated")
    for layer in range(len(widths) - 1):
        print(f"{'dL/dh_' + str(layer):>17}  {widths[layer + 1]:>15}  {math.sqrt(library[layer]):>17.3f}"
              f"  {simulated[layer]:>9.3f}")

# %% [markdown]
# Theory and simulation agree again, and now each step is governed by $n_l$, the *output* width of the layer the
# gradient passes through.
#
# ### Forward and backward ask for different fans
#
# The forward signal keeps its scale when $c\, n_{l-1} v_l = 1$, the backward signal when $c\, n_l v_l = 1$:
#
# $$
# \text{forward: } v_l = \frac{1}{c\; \text{fan\_in}}, \qquad \text{backward: } v_l = \frac{1}{c\; \text{fan\_out}} .
# $$
#
# They agree only when $n_{l-1} = n_l$. For a ReLU stack with $v_l = 2/n_{l-1}$ (fan_in), the forward pass is flat
# and the backward products telescope: $\mathbb{E}[g_0^2] = \prod_l (n_l / n_{l-1})\,\mathbb{E}[g_L^2]
# = (n_L / n_0)\,\mathbb{E}[g_L^2]$. With $v_l = 2/n_l$ (fan_out) it is the other way round:
# $q_L = (n_1 / n_L)\, q_1$ while the backward pass is flat. The cell shows both on widths that end wider than
# they start.

# %%
# NBVAL_CHECK_OUTPUT
widths_fan = [50, 400, 100, 800, 200]
for mode in ("fan_in", "fan_out"):
    variances = [2.0 / (n_in if mode == "fan_in" else n_out) for n_in, n_out in zip(widths_fan, widths_fan[1:])]

    def scheme(shape, rng, mode=mode):
        return course_lib.kaiming_normal(shape, mode=mode, nonlinearity="relu", rng=rng)

    q = stats.forward_variance(widths_fan, variances, "relu", 1.0)
    g = stats.backward_variance(widths_fan, variances, "relu", 1.0)
    sim_z, sim_g = simulate_layers(widths_fan, scheme, "relu", seeds=range(12), batch=40)
    print(f"Var(W) = 2 / {mode}:  layer  std z_l theory  simulated   std dL/dh_(l-1) theory  simulated")
    for layer in range(len(widths_fan) - 1):
        print(f"{layer + 1:>25}  {math.sqrt(q[layer]):>14.3f}  {sim_z[layer]:>9.3f}"
              f"  {math.sqrt(g[layer]):>22.3f}  {sim_g[layer]:>9.3f}")
print(f"sqrt(n_L / n_0) = {math.sqrt(widths_fan[-1] / widths_fan[0]):.3f},"
      f"  sqrt(n_1 / n_L) = {math.sqrt(widths_fan[1] / widths_fan[-1]):.3f}")

# %% [markdown]
# With fan_in scaling the forward column is flat and the gradient at the input is $\sqrt{n_L/n_0}$ times the one
# at the top; with fan_out scaling the gradient column is flat and the forward scale ends at $\sqrt{n_1/n_L}$ times
# its first value. No single variance makes both flat when widths change. Glorot and Bengio's compromise,
# $v_l = 2 / (n_{l-1} + n_l)$ for a linear or tanh layer, is where notebook `03_xavier_glorot` starts.

# %% [markdown]
# ## 7. Uniform or normal?
#
# Many initializers draw from $U(-a, a)$ instead of a normal. Its density is $1/(2a)$ on $[-a, a]$, its mean is 0, and
#
# $$
# \mathrm{Var}\,U(-a, a) = \int_{-a}^{a} \frac{u^2}{2a}\, du = \frac{1}{2a}\cdot\frac{2a^3}{3} = \frac{a^2}{3} .
# $$
#
# The bound is *not* the standard deviation: $U(-1, 1)$ has standard deviation $1/\sqrt3 \approx 0.577$. Turning a
# target standard deviation into a bound is Exercise 3.

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(8)
for a in (1.0, 1.7):
    u = rng.uniform(-a, a, 1_000_000)
    print(f"a = {a}: simulated Var = {u.var():.4f}, a^2 / 3 = {a**2 / 3:.4f}; simulated std = {u.std():.4f}")

# %% [markdown]
# Why would the choice between the two not matter? Every step of sections 3 to 6 used only three properties of the
# weights: independence, mean zero, and the variance $v_l$ (plus symmetry, for the ReLU factor). Uniform and normal
# weights with the same variance share all three, so they give the **same per-layer statistics** in expectation.
# Their pre-activations even look alike: each $z$ sums hundreds of terms, so it is close to normal either way
# (central limit theorem). The cell compares He-normal and He-uniform (`kaiming_normal` and `kaiming_uniform`, both
# with $\mathrm{Var}(W) = 2/\text{fan\_in}$) in a 6-layer ReLU stack of width 256, pooling 16 networks each (why
# many networks and a small batch rather than one network and a big batch: section 9).

# %%
# NBVAL_CHECK_OUTPUT
depth_u, width_u = 6, 256
widths_u = [width_u] * (depth_u + 1)
theory_u = np.sqrt(stats.forward_variance(widths_u, 2.0 / width_u, "relu", 1.0))
# many networks with a small batch each, rather than one network with a big batch: see section 9
sim_normal, _ = simulate_layers(widths_u, "kaiming_normal", "relu", seeds=range(16), batch=16, backward=False)
sim_uniform, _ = simulate_layers(widths_u, "kaiming_uniform", "relu", seeds=range(16), batch=16, backward=False)
print("layer   normal  uniform   theory")
for layer in range(depth_u):
    print(f"{layer + 1:>5}  {sim_normal[layer]:>7.3f}  {sim_uniform[layer]:>7.3f}  {theory_u[layer]:>7.3f}")

last = {}  # z_L pooled over 6 networks of each kind
for name in ("kaiming_normal", "kaiming_uniform"):
    pooled = []
    for seed in range(6):
        net = MLP.initialized(widths_u, name, "relu", rng=100 + seed)
        net.forward(np.random.default_rng(200 + seed).standard_normal((64, width_u)))
        pooled.append(net.pre[-1])
    last[name] = np.concatenate(pooled)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
plots.plot_layer_values({"normal": sim_normal, "uniform": sim_uniform}, axes[0],
                        theory={"normal": theory_u, "uniform": theory_u}, log=False,
                        title=f"He init, ReLU, width {width_u}: equal variance, equal scale")
axes[0].set_ylim(0, 2 * theory_u.max())
plots.plot_histograms([last["kaiming_normal"], last["kaiming_uniform"]], ["normal weights", "uniform weights"],
                      axes[1], value_range=(-6, 6), title=f"pre-activations of layer {depth_u} (6 networks each)",
                      xlabel=f"$z_{depth_u}$")
plt.show()

# %% [markdown]
# Both columns scatter around the same theory line by a few per cent (the finite-width fluctuation of section 9),
# and the two histograms of the last layer's pre-activations nearly coincide. The choice
# between uniform and normal is a matter of taste (or of tails: a uniform weight is bounded); the variance is what
# counts.

# %% [markdown]
# ## 8. The tables popular write-ups print
#
# A long, popular blog post on initialization traces a five-layer network, 100 units per layer, with two "poor"
# choices of weights and tabulates the expected variance of the activations layer by layer. With $N(0, 1)$ weights
# its table multiplies by 100 at every layer, from 100 at layer 1 to $10^{10}$ at layer 5; with weights of
# *variance* 0.001 it divides by 10 at every layer, from 0.1 down to $10^{-5}$. The rule behind both tables is
# $\mathrm{Var}(h_l) = n\,\mathrm{Var}(W)\,\mathrm{Var}(h_{l-1})$, which the post states for a network without an
# activation: so the tables describe a **linear** stack with inputs of variance 1. The cell rebuilds both tables
# from a simulation (inputs $x \sim N(0, 1)$ of width 100, one network, a batch of 1000), with the post's values
# (the theory of section 5 with $c = 1$) beside them. "growth" is the ratio of a layer's std to the previous layer's.

# %%
# NBVAL_CHECK_OUTPUT
def simulated_stack(weight_var, activation, width=100, depth=5, batch=1000, seed=0):
    """z_1..z_L and h_L of one network with N(0, weight_var) weights: the tables' set-up."""
    net = MLP.initialized([width] * (depth + 1), constant_std(math.sqrt(weight_var)), activation, rng=seed)
    net.forward(np.random.default_rng(seed + 1).standard_normal((batch, width)))
    return net.pre, net.post[-1]


for weight_var in (1.0, 0.001):
    pre, _ = simulated_stack(weight_var, "linear")
    simulated = stats.layer_std(pre)
    theory = np.sqrt(stats.forward_variance([100] * 6, weight_var, "linear", 1.0))
    print(f"linear stack, Var(W) = {weight_var:g}, width 100")
    print(f"{'layer':>7} {'Var z sim':>10} {'the post':>10} {'sim/post':>9} {'growth of std':>14}")
    for layer in range(5):
        growth = f"{simulated[layer] / simulated[layer - 1]:>14.3g}" if layer else ""
        print(f"{layer + 1:>7} {simulated[layer]**2:>10.3g} {theory[layer]**2:>10.3g}"
              f" {simulated[layer]**2 / theory[layer]**2:>9.3f} {growth}")
    print()

# %% [markdown]
# For a linear stack the post's numbers are right, and the simulation agrees within 3 %. (The variance-0.001 table
# reuses the same random draws scaled by $\sqrt{0.001}$; a linear stack is homogeneous, so its sim/post column
# repeats the first table's exactly.) But a network has activations, and the same post says, a few paragraphs on,
# that a ReLU roughly halves the variance, which section 4 showed is not what it does.
#
# ### Exercise 1 (predict, 3 points)
#
# Put a ReLU after every layer of the same stack (same widths, same inputs $x \sim N(0, 1)$, the input itself not
# passed through a ReLU) and predict, **before you run the cell after the test**, four numbers. Write
# `predicted_relu_tables()` returning a dict with these keys and your predictions (expectations, from the theory of
# sections 4 and 5) as positive floats:
#
# * `"growth"`: $\mathrm{std}(z_l) / \mathrm{std}(z_{l-1})$ for $l \ge 2$ with $N(0, 1)$ weights;
# * `"std_z5"`: $\mathrm{std}(z_5)$ with $N(0, 1)$ weights;
# * `"var_z5_small"`: $\mathrm{Var}(z_5)$ with weights of variance 0.001 (as in the post's second table);
# * `"h5_over_z5"`: $\mathrm{std}(h_5) / \mathrm{std}(z_5)$, the std after the last ReLU over the std before it
#   (take $z_5$ normal).
#
# Each is graded against the theory within 1 % (2 % for the last), which separates it from the usual slips; a
# single network's measurement, as the next cell prints, is not the prediction.

# %% kind="answer" grade_id="n02_predict_tables_answer"
def predicted_relu_tables():
    """Predictions for the ReLU version of the post's tables: a dict of four positive floats."""
    ### BEGIN SOLUTION
    n = 100
    c = 0.5  # ReLU halves the second moment
    growth = math.sqrt(c * n * 1.0)  # sqrt(c n v) per layer after the first
    std_z1 = math.sqrt(n * 1.0 * 1.0)  # layer 1 sees the raw input: no halving yet
    var_z1_small = n * 0.001 * 1.0
    return {
        "growth": growth,
        "std_z5": std_z1 * growth**4,
        "var_z5_small": var_z1_small * (c * n * 0.001) ** 4,
        "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi)),  # Var(relu(z)) = (1/2 - 1/(2 pi)) Var(z), z normal
    }
    ### END SOLUTION


# %% kind="test" grade_id="n02_predict_tables_test" points=3
"""predicted_relu_tables() returns a dict of four positive numbers (the hidden test compares them with the theory)."""
from course_lib import grading

_got = grading.call_quietly(predicted_relu_tables)
assert isinstance(_got, dict), f"predicted_relu_tables() should return a dict, got {type(_got).__name__}"
_keys = {"growth", "std_z5", "var_z5_small", "h5_over_z5"}
assert set(_got) == _keys, f"the dict's keys should be {sorted(_keys)}, got {sorted(map(str, _got))}"
for _key in sorted(_keys):
    grading.check_number(_got[_key], f"predicted_relu_tables()[{_key!r}]", positive=True)
print("visible checks passed")
### BEGIN HIDDEN TESTS
import math as _math

_c, _n = 0.5, 100
_expected = {
    "growth": _math.sqrt(_c * _n * 1.0),
    "std_z5": _math.sqrt(_n * 1.0) * _math.sqrt(_c * _n * 1.0) ** 4,
    "var_z5_small": _n * 0.001 * (_c * _n * 0.001) ** 4,
    "h5_over_z5": _math.sqrt(0.5 - 1 / (2 * _math.pi)),
}
# (ratio of a slip's value to the theory, what that slip is); matched within 3 %. The messages never state the value.
_HINTS = {
    "growth": [(_math.sqrt(2), "Is the ReLU factor 1/2 of the second moment missing (that is the linear stack)?"),
               (1 / _math.sqrt(2), "The 1/2 multiplies the second moment, not the std."),
               (_math.sqrt(50), "This looks like a ratio of variances, not of standard deviations."),
               (_math.sqrt(1 - 1 / _math.pi), "Var(relu(z)) is used where E[relu(z)^2] belongs (section 4).")],
    "std_z5": [(4.0, "That is the linear stack: each layer after the first has a ReLU before it."),
               (1 / _math.sqrt(2), "Layer 1 sees the raw input x: no ReLU, no halving before it."),
               (0.1, "std(z_1) itself is not 1: it is sqrt(n_0 Var(W) E[x^2])."),
               (25_000.0, "This looks like a variance, not a standard deviation.")],
    "var_z5_small": [(16.0, "That is the post's linear table: each layer after the first halves the second moment."),
                     (0.5, "Layer 1 sees the raw input x: no ReLU, no halving before it."),
                     (_math.sqrt(1.6e6), "This looks like a standard deviation, not a variance."),
                     ((1 - 1 / _math.pi) ** 4, "Var(relu(z)) is used where E[relu(z)^2] belongs (section 4).")],
    "h5_over_z5": [(1 / _math.sqrt(2) / _math.sqrt(0.5 - 1 / (2 * _math.pi)),
                    "ReLU halves the second moment, not the variance: z_5 has mean 0 but h_5 does not."),
                   (0.5 / _math.sqrt(0.5 - 1 / (2 * _math.pi)),
                    "1/2 is E[h^2] / E[z^2], a ratio of second moments; the ratio of standard deviations is asked."),
                   (_math.sqrt(0.5 - 1 / (2 * _math.pi)), "This looks like a ratio of variances, not of stds."),
                   (0.615 / _math.sqrt(0.5 - 1 / (2 * _math.pi)),
                    "That is one simulated network's value: predict the expectation for a normal z_5.")],
}
with grading.forbidding("course_lib.stats", "course_lib.nets", "course_lib.schemes", "course_lib.activations",
                        who="predicted_relu_tables", advice="predict from the theory of sections 4 and 5 by hand"):
    _got = grading.call_quietly(predicted_relu_tables)
for _key, _value in _expected.items():
    _ratio = grading.as_float(_got[_key], f"predicted_relu_tables()[{_key!r}]") / _value
    _tol = 0.02 if _key == "h5_over_z5" else 0.01
    if abs(_ratio - 1) > _tol:
        raise AssertionError(
            f"predicted_relu_tables()[{_key!r}] is too {'large' if _ratio > 1 else 'small'} (more than "
            f"{_tol:.0%} from the theory)." + grading.ratio_hint(_ratio, _HINTS[_key]))
### END HIDDEN TESTS

# %% [markdown]
# The simulation, with your predictions beside it (one network per weight scale, as in the post's tables; the
# variance-0.001 network reuses the first one's draws, scaled):

# %%
# NBVAL_IGNORE_OUTPUT
prediction = grading.learner_value(predicted_relu_tables)
prediction = prediction if isinstance(prediction, dict) else {}
pre_1, h5_1 = simulated_stack(1.0, "relu")
pre_small, _ = simulated_stack(0.001, "relu")
std_1, std_small = stats.layer_std(pre_1), stats.layer_std(pre_small)
measured = {"growth": std_1[1:] / std_1[:-1], "std_z5": std_1[-1], "var_z5_small": std_small[-1] ** 2,
            "h5_over_z5": h5_1.std() / std_1[-1]}
print(f"{'quantity':>14} {'simulated (one network)':>34} {'your prediction':>16}")
for key, value in measured.items():
    shown = " ".join(f"{v:.3g}" for v in np.atleast_1d(value))
    try:
        yours = f"{float(prediction[key]):.3g}"
    except (KeyError, TypeError, ValueError):
        yours = "-"
    print(f"{key:>14} {shown:>34} {yours:>16}")

# %% [markdown]
# Read it against the theory (your prediction, if it is right):
#
# * a ReLU stack with $N(0, 1)$ weights does not grow by $\sqrt n = 10$ per layer as the linear one does, but by
#   $\sqrt{n/2}$; layer 1 is the exception, because it sees the raw input (no halving yet);
# * with weights of variance 0.001 the scale falls per layer by the factor $\sqrt{c\,n\,v}$ as well, so the ReLU
#   table falls faster than the post's linear one: the per-layer factor is always the weight std times the square
#   root of the fan_in, times $\sqrt c$;
# * the simulated growth factors sit a few per cent above a correct prediction and $\mathrm{std}(z_5)$ more than
#   10 % above it: one network 100 units wide is a random object (section 9 measures how random);
# * tables that print the std of the activations $h_l$ after the ReLU, rather than of $z_l$, show values smaller by
#   the factor of the last row: near $\sqrt{1/2 - 1/(2\pi)} = 0.584$ of section 4, and not $1/\sqrt2$.
#
# "Near" hides a 5 % gap: this network measures 0.615. Is the theory off? The cell checks what the ReLU keeps of
# $z_5$'s second moment (exactly half in expectation, section 4) in this network and in 40 networks like it.

# %%
# NBVAL_CHECK_OUTPUT
kept, ratio, offsets, abs_to_rms = [], [], [], []
for seed in range(40):
    pre, h5 = simulated_stack(1.0, "relu", seed=seed)
    z5 = pre[-1]
    kept.append(np.mean(h5**2) / np.mean(z5**2))  # the fraction of E[z_5^2] that the ReLU keeps
    ratio.append(h5.std() / z5.std())
    offsets.append(np.mean(z5.mean(axis=0) ** 2) / np.mean(z5**2))  # share of E[z_5^2] in per-unit means
    abs_to_rms.append(np.mean(np.abs(z5)) / np.sqrt(np.mean(z5**2)))
print(f"the table's network: E[h_5^2] / E[z_5^2] = {kept[0]:.3f}, std h_5 / std z_5 = {ratio[0]:.3f},"
      f" per-unit means carry {offsets[0]:.0%} of E[z_5^2]")
print(f"40 networks: E[h_5^2] / E[z_5^2] = {np.mean(kept):.3f} +- {np.std(kept):.3f} (mean +- sd),"
      f" std h_5 / std z_5 = {np.mean(ratio):.3f} +- {np.std(ratio):.3f}"
      f" (standard error of the mean {np.std(ratio) / math.sqrt(40):.3f}), per-unit means carry {np.mean(offsets):.0%}")
m = np.mean(abs_to_rms)  # std h / std z = sqrt(1/2 - (E|z| / rms)^2 / 4) for a symmetric z with E[h^2] = E[z^2] / 2
print(f"E|z_5| / rms(z_5) = {m:.3f} +- {np.std(abs_to_rms) / math.sqrt(40):.4f} (mean +- standard error);"
      f" a normal z: sqrt(2 / pi) = {math.sqrt(2 / math.pi):.3f}")
print(f"std h_5 / std z_5 implied: sqrt(1/2 - {m:.3f}^2 / 4) = {math.sqrt(0.5 - m**2 / 4):.3f};"
      f" for a normal z: {math.sqrt(0.5 - 1 / (2 * math.pi)):.3f}")

# %% [markdown]
# Two effects, both about one fixed network rather than the theory:
#
# * **Most of the gap is one network's luck.** $h_4 \ge 0$ has a positive mean, and each row of $W_5$ sums it
#   differently, so each unit of $z_5$ has its own offset over the batch: per-unit means carry 71 % of $z_5$'s
#   second moment in this network and 65 % on average over the 40 (so large a share is typical at depth 5, not
#   luck; what is luck is which units the offsets push up and which down). The ReLU then keeps whole units rather
#   than random halves of a symmetric cloud, and
#   the fraction it keeps is $\tfrac12$ only on average over networks. This one keeps 0.551, and the std ratio
#   moves with it; across 40 networks the ratio scatters by 0.035 around its mean.
# * **About 1 % is not luck.** The pooled entries of $z_5$ are a mixture of normals with different offsets and
#   scales, not one normal, so $\mathbb{E}|z_5|$ is a little smaller relative to the rms than the $\sqrt{2/\pi}$ of a
#   normal: 0.783 against 0.798, about ten standard errors apart. Put into
#   $\mathrm{std}(h)/\mathrm{std}(z) = \sqrt{1/2 - (\mathbb{E}|z|/\mathrm{rms})^2/4}$ it predicts 0.589 rather than
#   0.584. The mean of the ratio over 40 networks, 0.591, agrees, but by itself it is uncertain by 0.005 (its standard
#   error), as large as the effect: the $\mathbb{E}|z_5|$ line is what shows that the 1 % is real. The formula of
#   section 4 assumed a normal $z$.
#
# So a single 100-wide network's 0.615 is consistent with the theory, and a table from one simulated network
# cannot test a factor to better than a few per cent.

# %% [markdown]
# ## 9. Monte Carlo versus theory: how precise is one simulation?
#
# The recursions predict *expectations* over weights and inputs. A simulation measures one network on one batch,
# so its per-layer scale fluctuates around the prediction. Two sources add up:
#
# * **the batch**: a finite number of inputs estimates the mean square over inputs;
# * **the width**: the weights are drawn once, and a finite-width network has its own gain, slightly above or below
#   the average one. A larger batch averages over *inputs*, not over *weights*, so it cannot remove this part.
#
# For a single input ($B = 1$) the width part can be computed. In a square ReLU stack with $v = 2/n$, given
# $h_{l-1}$ the entries of $z_l$ are i.i.d. $N(0, \sigma^2)$ with $\sigma^2 = v\,\|h_{l-1}\|^2$, so
# $\|h_l\|^2 = \sum_j \mathrm{relu}(z_j)^2$ has mean $n\sigma^2/2$ and variance $n(\tfrac32 - \tfrac14)\sigma^4$:
# the ratio $\|h_l\|^2 / \|h_{l-1}\|^2$ has mean 1 and relative variance $5/n$, independently at every layer.
# The input's $\|x\|^2$ and the last layer's $\|z_L\|^2$ add $2/n$ each (chi-square with $n$ degrees of freedom).
# Logarithms turn the product of ratios into a sum, so for the measured $\widehat{q}_L = \|z_L\|^2 / n$
#
# $$
# \mathrm{Var}\big(\log \widehat{q}_L\big) \approx \frac{5(L-1) + 4}{n} = \frac{5L - 1}{n},
# \qquad \text{sd}\big(\log \widehat{\mathrm{std}}(z_L)\big) \approx \tfrac12 \sqrt{\frac{5L - 1}{n}} .
# $$
#
# The relative error of a single network's measured std shrinks like $1/\sqrt{n}$ with width and grows like
# $\sqrt{L}$ with depth: it is set by $L/n$, or in general by $\sum_l 1/n_l$, the quantity Hanin and Rolnick (2018)
# identify as controlling the variance of activation length in deep ReLU nets. The experiment measures the
# spread (standard deviation over 40 independent networks) of
# $\log(\widehat{\mathrm{std}}(z_{10}) / \mathrm{std}_\text{theory})$ for several widths and batch sizes.
# The first $B$ inputs of one batch of 64 serve as the batch of size $B$. (A spread estimated from 40 networks
# is itself uncertain by about $1/\sqrt{2 \cdot 40}$ of its value.)

# %%
# NBVAL_CHECK_OUTPUT
depth_mc, n_nets = 10, 40
width_list = (16, 32, 64, 128)
batch_list = (1, 4, 16, 64)
spread = np.empty((len(width_list), len(batch_list)))
median_ratio = np.empty(len(width_list))  # median over networks of std sim / std theory, largest batch
for i, n in enumerate(width_list):
    logs = np.empty((n_nets, len(batch_list)))
    for seed in range(n_nets):
        rng = np.random.default_rng(1000 + seed)
        h = rng.standard_normal((max(batch_list), n))
        for _layer in range(depth_mc):
            z = h @ rng.normal(0.0, math.sqrt(2.0 / n), size=(n, n)).T  # He init: q_l = 2 at every layer
            h = np.maximum(z, 0.0)
        for j, b in enumerate(batch_list):
            logs[seed, j] = 0.5 * np.log(np.mean(z[:b] ** 2) / 2.0)
    spread[i] = logs.std(axis=0)
    median_ratio[i] = np.exp(np.median(logs[:, -1]))

print(f"spread of log(std sim / std theory) at layer {depth_mc}, over {n_nets} networks")
print("width " + "".join(f"{'B=' + str(b):>8}" for b in batch_list) + "   theory B=1   median ratio B=64")
for i, n in enumerate(width_list):
    row = "".join(f"{s:>8.3f}" for s in spread[i])
    print(f"{n:>5} {row}   {0.5 * math.sqrt((5 * depth_mc - 1) / n):>10.3f}   {median_ratio[i]:>16.3f}")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
for i, n in enumerate(width_list):
    axes[0].plot(batch_list, spread[i], marker=plots.MARKERS[i], color=plots.PALETTE[i], label=f"width {n}")
axes[0].set(xscale="log", yscale="log", xlabel="batch size B", ylabel="spread of log(std sim / theory)",
            title="A bigger batch helps, down to a floor set by width")
axes[0].set_xticks(batch_list, [str(b) for b in batch_list])
axes[0].legend(ncols=2, loc="upper right")
n_grid = np.array(width_list, dtype=float)
axes[1].plot(n_grid, spread[:, 0], marker="o", color=plots.PALETTE[0], label="simulation, B = 1")
axes[1].plot(n_grid, spread[:, -1], marker="s", color=plots.PALETTE[1], label=f"simulation, B = {batch_list[-1]}")
axes[1].plot(n_grid, 0.5 * np.sqrt((5 * depth_mc - 1) / n_grid), linestyle="--", color=plots.PALETTE[0],
             label=r"theory B = 1: $\frac{1}{2}\sqrt{(5L-1)/n}$")
axes[1].set(xscale="log", yscale="log", xlabel="width n", ylabel="spread of log(std sim / theory)",
            title=f"ReLU, He init, depth {depth_mc}: spread versus width")
axes[1].set_xticks(width_list, [str(n) for n in width_list])
axes[1].legend()
for ax in axes:
    ax.minorticks_off()
    ax.set_ylim(0.15, 2.0)
    ax.set_yticks([0.2, 0.3, 0.5, 0.8, 1.2], ["0.2", "0.3", "0.5", "0.8", "1.2"])
plt.show()

# %% [markdown]
# Read the table and the plots:
#
# * at $B = 1$ the spread is close to $\tfrac12\sqrt{(5L-1)/n}$ (the dashed line), within the uncertainty of an
#   estimate from 40 networks (about 11 %). The formula is first order in $5/n$: where $5L/n$ is not small it comes
#   out somewhat low (the check after Exercise 2 shows it with 20 000 networks), so do not read the 40-network
#   column as confirming it to better than about 10 %;
# * a larger batch lowers the spread, but each width's curve flattens at a floor, and the floor falls as the width
#   grows: the part of the error that comes from the weights cannot be averaged away by more inputs;
# * in a deep, narrow ReLU network a single simulation can therefore sit well away from the theory even with a big
#   batch. That is not a failure of the theory, which predicts the average over networks;
# * the last column is the median over networks of std sim / std theory: below 1 at every width, most of all at
#   the narrowest. The measured scale has a long right tail (a few networks far above the prediction balance many a
#   little below it), which is why the pooled estimates of sections 5 to 7, from a handful of networks, tend to
#   come out slightly low.
#
# The practical rule: to check a prediction by simulation, pool several independently drawn networks (as
# `simulate_layers` did in sections 5 to 7), or use wide layers; a bigger batch alone is not enough. Exercise 5's
# test grades your simulation this way.

# %% [markdown]
# ### Exercise 2 (derive, 3 points)
#
# The formula $\tfrac12\sqrt{(5L-1)/n}$ is for a square ReLU stack. Derive it for **any widths**, and for linear
# stacks too. Write `log_std_spread(widths, activation)` returning the predicted standard deviation of
# $\log \widehat{\mathrm{std}}(z_L)$ for one network measured on **one** input ($B = 1$), to first order as above:
#
# * `widths`: `[n_0, n_1, ..., n_L]` with $L \ge 1$; the input $x$ has i.i.d. $N(0, 1)$ entries; layer $l$ has
#   i.i.d. $N(0, v_l)$ weights of shape `(n_l, n_{l-1})` and no bias;
# * `activation`: `"relu"` or `"linear"`, applied after every layer ($h_l = \phi(z_l)$), not to the input;
# * $\widehat{\mathrm{std}}(z_L) = \sqrt{\|z_L\|^2 / n_L}$;
# * returns: one positive float. (Why does the answer not depend on the weight variances $v_l$?)
#
# Follow the argument of this section factor by factor: which factors are chi-square, which are ReLU ratios, and
# with how many degrees of freedom each? The hidden test evaluates your formula on stacks it does not show; the
# cell after the test checks it against a simulation of 20 000 networks.

# %% kind="answer" grade_id="n02_log_spread_answer"
def log_std_spread(widths, activation):
    """Predicted sd of log(std of z_L) for one network and one N(0, I) input (first order): a float > 0."""
    ### BEGIN SOLUTION
    if activation not in ("linear", "relu"):
        raise ValueError(f"activation must be 'linear' or 'relu', got {activation!r}")
    n = [float(w) for w in widths]
    # relative variances of independent factors: ||x||^2 (chi-square, n_0 dof), each hidden layer's
    # ||h_l||^2 / ||h_(l-1)||^2 (5 / n_l after a ReLU, chi-square 2 / n_l without), and ||z_L||^2 (chi-square, n_L)
    per_hidden = 5.0 if activation == "relu" else 2.0
    variance_of_log_q = 2.0 / n[0] + sum(per_hidden / m for m in n[1:-1]) + 2.0 / n[-1]
    return 0.5 * math.sqrt(variance_of_log_q)  # log std = (1/2) log q
    ### END SOLUTION


# %% kind="test" grade_id="n02_log_spread_test" points=3
"""log_std_spread: one positive number that falls as the layers widen (the hidden test checks the formula)."""
from course_lib import grading

_narrow = grading.check_number(grading.call_quietly(log_std_spread, [64, 64, 64, 64], "relu"),
                               "log_std_spread([64, 64, 64, 64], 'relu')", positive=True)
_wide = grading.check_number(grading.call_quietly(log_std_spread, [256, 256, 256, 256], "relu"),
                             "log_std_spread([256, 256, 256, 256], 'relu')", positive=True)
assert _wide < _narrow, "wider layers should give a smaller spread"
_linear = grading.check_number(grading.call_quietly(log_std_spread, [64, 64, 64, 64], "linear"),
                               "log_std_spread([64, 64, 64, 64], 'linear')", positive=True)
assert _linear != _narrow, "the linear and the ReLU stack should not give the same spread here"
print("visible checks passed")
### BEGIN HIDDEN TESTS
import math as _math


def _spread(widths, activation, *, hidden=None, first=2.0, last=2.0, half=True, variance=False, square=False):
    """The first-order spread, or one of its plausible mistakes (to name a wrong answer's mistake)."""
    n = [float(w) for w in widths]
    per_hidden = (5.0 if activation == "relu" else 2.0) if hidden is None else hidden
    if square:
        total = (5 * (len(n) - 1) - 1) / n[0]
    else:
        total = first / n[0] + sum(per_hidden / m for m in n[1:-1]) + last / n[-1]
    out = total if variance else _math.sqrt(total)
    return 0.5 * out if half else out


_MISTAKES = {
    "the square formula (5L - 1) / n is used with n = n_0; the widths differ": dict(square=True),
    "every hidden layer gets 5 / n_l, also without a ReLU (a linear layer's ratio is chi-square: 2 / n_l)": dict(
        hidden=5.0),
    "every hidden layer gets 2 / n_l, also after a ReLU (the ReLU ratio has relative variance 5 / n_l)": dict(
        hidden=2.0),
    "the input's ||x||^2 is missing (it fluctuates too: 2 / n_0)": dict(first=0.0),
    "the last layer's ||z_L||^2 is missing (chi-square with n_L degrees of freedom: 2 / n_L)": dict(last=0.0),
    "the last layer gets 5 / n_L, but z_L is not passed through the ReLU before it is measured": dict(last=5.0),
    "this is the spread of log q (the variance), not of log std = (1/2) log q": dict(half=False),
    "this is a variance of the log, not a standard deviation": dict(variance=True),
}
_CASES = [([50, 200, 25, 100], "relu"), ([50, 200, 25, 100], "linear"), ([30, 90], "relu"),
          ([16, 512, 16], "linear"), ([1000, 10, 1000, 10, 1000], "relu"), ([7, 300, 40, 40, 80, 5], "relu"),
          ([128, 32, 64], "linear"), ([40, 40, 40, 40, 40, 40, 40], "relu")]
with grading.forbidding("course_lib.stats", "course_lib.nets", "course_lib.schemes", "course_lib.activations",
                        who="log_std_spread", advice="derive the formula; a simulation cannot pass this test"):
    _answers = [grading.call_quietly(log_std_spread, list(_w), _a) for _w, _a in _CASES]
for (_widths, _activation), _value in zip(_CASES, _answers):
    _name = f"log_std_spread({_widths}, {_activation!r})"
    _value = grading.check_number(_value, _name, positive=True)
    _right = _spread(_widths, _activation)
    if abs(_value / _right - 1) > 1e-6:
        _named = [_m for _m, _kw in _MISTAKES.items() if abs(_value / _spread(_widths, _activation, **_kw) - 1) < 1e-6]
        raise AssertionError(
            f"{_name} is too {'large' if _value > _right else 'small'}."
            + (f" It matches the formula in which {_named[0]}." if _named else
               " Add the relative variances of independent factors: ||x||^2, each hidden layer's ratio, ||z_L||^2."))
### END HIDDEN TESTS

# %% [markdown]
# The check: 20 000 independent networks on a non-square stack, one input each, and the measured standard deviation
# of $\log \widehat{\mathrm{std}}(z_L)$ (itself uncertain by about $1/\sqrt{2 \cdot 20\,000} = 0.5\,\%$ of its
# value) beside your formula. The formula is a first-order approximation, good when every $5/n_l$ is small; the
# stack below has no layer narrower than 64. To be fast the cell uses the exact fact the derivation starts from:
# for one input and fresh weights, $z_l$ given $h_{l-1}$ has i.i.d. $N(0, v_l \|h_{l-1}\|^2)$ entries, so it draws
# $z_l$ directly instead of drawing $W_l$ (He variances $v_l = 2/n_{l-1}$; any others give the same spread).

# %%
widths_spread = [128, 64, 256, 96, 192]
rng = np.random.default_rng(9)
for activation in ("relu", "linear"):
    h = rng.standard_normal((20_000, widths_spread[0]))  # one input per network, one network per row
    for n_in, n_out in zip(widths_spread, widths_spread[1:]):
        scale = np.sqrt(2.0 / n_in * np.sum(h**2, axis=1, keepdims=True))  # std of z_l given h_(l-1)
        z = scale * rng.standard_normal((h.shape[0], n_out))  # the same law as h @ W_l.T with fresh W_l
        h = np.maximum(z, 0.0) if activation == "relu" else z
    logs = 0.5 * np.log(np.mean(z**2, axis=1))
    yours = grading.learner_value(log_std_spread, widths_spread, activation)
    shown = f"{yours:.3f}" if isinstance(yours, (int, float)) else "-"
    print(f"{activation:>6}, widths {widths_spread}: measured spread {np.std(logs):.3f}, your formula {shown}")

# %% [markdown]
# A correct formula matches the linear stack within the simulation's uncertainty, and comes out a few per cent below
# the ReLU stack's measured spread: a first-order formula drops terms of order $(5/n_l)^2$, and the log of a ReLU
# layer's ratio is skewed. The width dependence, $\sum_l 1/n_l$, is the point: a narrow layer anywhere in the stack
# adds its own share of randomness to every single-network measurement.

# %% [markdown]
# ## 10. Explore
#
# The explorer draws the per-layer std of a stack, forward (left) and backward (right): dashed lines are the theory
# of sections 5 and 6, markers one simulated network. The verdict compares the last layer's std with the first
# one's. Try this, predicting each answer *before* you move the control:
#
# 1. `normal(0, 1)`, `linear`, depth 5, width 128: what factor separates two neighbouring layers? ($\sqrt{128}$?)
# 2. Switch the activation to `relu`. Which factor now, and why is layer 1 unchanged?
# 3. Scheme `normal(0, 0.01)`: how much does each layer shrink, in the linear and the ReLU case?
# 4. `kaiming_normal` with `relu`: both panels flat. Now `xavier_normal` with `relu`: by what factor per layer does
#    the std shrink? (For square layers Xavier gives $v = 1/n$; the ReLU halves the second moment.)
# 5. `kaiming_normal`, `relu`, depth 100: compare width 16 with width 1024, and change the seed a few times. Which
#    width's markers stray from the dashed line, and by how much at the last layer? (Section 9.)
# 6. `linear` or `relu` with input std 0.1 and 10: every layer scales by the same factor (both are positively
#    homogeneous). Switch to `tanh`: why does that stop being true? (Notebook 03.)

# %%
# NBVAL_IGNORE_OUTPUT
explorer = widgets.init_explorer(scheme="normal(0, 1)", activation="linear", depth=5, width=128, input_std=1.0)

# %% [markdown]
# ## 11. Exercises
#
# Exercises 1 and 2 sit in sections 8 and 9; three more follow, 13 points in all. Each answer cell may use the
# imports of the first code cell (`math`, `np`, ...) and nothing defined elsewhere in the notebook: the autograder
# runs each exercise on its own. Run the test cell under each answer: it checks the obvious slips; hidden tests
# decide the grade.
#
# ### Exercise 3 (derive, 1 point)
#
# Write `uniform_bound(std)` returning the bound $a \ge 0$ such that $U(-a, a)$ has standard deviation `std`
# (section 7 gives its variance).
#
# * `std`: a non-negative float;
# * returns: a number (a Python `float` or a NumPy floating scalar), not an array.

# %% kind="answer" grade_id="n02_uniform_bound_answer"
def uniform_bound(std):
    """The bound ``a`` such that ``U(-a, a)`` has standard deviation ``std`` (a float >= 0)."""
    ### BEGIN SOLUTION
    return math.sqrt(3.0) * std
    ### END SOLUTION


# %% kind="test" grade_id="n02_uniform_bound_test" points=1
"""uniform_bound(0.5) is one positive number, and 300 000 draws of U(-a, a) with it have std 0.5."""
import numpy as np

from course_lib import grading

# check_std's threshold (6 standard errors, uniform kurtosis 1.8) makes a correct bound fail with p < 1e-6.
_bound = grading.check_number(grading.call_quietly(uniform_bound, 0.5), "uniform_bound(0.5)", positive=True)
_samples = np.random.default_rng(grading.seed(0)).uniform(-_bound, _bound, size=300_000)
grading.check_std(_samples, 0.5, "U(-a, a) with a = uniform_bound(0.5)", kurtosis=1.8)
print("visible checks passed")
### BEGIN HIDDEN TESTS
import math as _math

_BOUND_HINTS = [
    (_math.sqrt(2), "Var U(-a, a) = a^2 / 3: did you use a^2 / 6 (a bound of sqrt(6) * std)?"),
    (1 / _math.sqrt(3), "the bound is not the std itself: Var U(-a, a) = a^2 / 3."),
    (2.0, "Var U(-a, a) = a^2 / 3; a^2 / 12 is the variance of U(0, a)."),
    (_math.sqrt(2 / 3), "Var U(-a, a) = a^2 / 3, not a^2 / 2."),
    (1 / 3, "the bound must be larger than the std, not smaller: Var U(-a, a) = a^2 / 3."),
]
for _std in (0.0, 1e-3, 0.04, 1.0, 2.5, 7.0):
    with grading.forbidding("course_lib.init", "course_lib.schemes", "course_lib.stats", who="uniform_bound",
                            advice="derive the bound from Var U(-a, a)"):
        _value = grading.call_quietly(uniform_bound, _std)
    _value = grading.as_float(_value, f"uniform_bound({_std})")
    # expected: Var U(-a, a) = a^2 / 3 = std^2
    grading.check_close(_value, _math.sqrt(3.0 * _std**2), f"uniform_bound({_std})", rtol=1e-9, hints=_BOUND_HINTS)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 4 (implement, 3 points)
#
# Predict the forward std of every layer.
#
# Write `predict_forward_std(widths, weight_std, activation="relu", input_std=1.0)` for the stack of section 5:
#
# * `widths`: a list of ints `[n_0, n_1, ..., n_L]` with $L \ge 1$; layer $l$ has weights of shape `(n_l, n_{l-1})`
#   with i.i.d. zero-mean entries of standard deviation `weight_std` (the same in every layer), and no bias;
# * `activation`: `"linear"` or `"relu"`, applied after **every** layer, $h_l = \phi(z_l)$; the input $x$ itself is
#   not passed through $\phi$;
# * `input_std`: the entries of $x$ have mean 0 and standard deviation `input_std`;
# * returns: a NumPy array of floats of shape `(L,)` whose entry `l - 1` is the predicted standard deviation of
#   $z_l$, for $l = 1, \dots, L$.
#
# Use the recursion, not a simulation, and write it yourself: the test blocks `course_lib` while your function
# runs (compare with `stats.forward_variance` afterwards, in a cell of your own).

# %% kind="answer" grade_id="n02_predict_forward_answer"
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    """Predicted std of z_l, l = 1..L, for a stack with i.i.d. N(0, weight_std^2)-like weights.

    widths: [n_0, ..., n_L]; activation: "linear" or "relu" (after every layer, not on the input);
    input_std: std of the zero-mean input entries. Returns a float array of shape (L,).
    """
    ### BEGIN SOLUTION
    if activation not in ("linear", "relu"):
        raise ValueError(f"activation must be 'linear' or 'relu', got {activation!r}")
    moment = input_std**2  # E[h_0^2] = E[x^2]
    stds = []
    for n_in in widths[:-1]:
        q = n_in * weight_std**2 * moment  # Var(z_l) = n_{l-1} Var(W) E[h_{l-1}^2]
        stds.append(math.sqrt(q))
        moment = q / 2 if activation == "relu" else q  # E[phi(z_l)^2]
    return np.array(stds)
    ### END SOLUTION


# %% kind="test" grade_id="n02_predict_forward_test" points=3
"""predict_forward_std: an array of one positive std per layer, reproducible; layer 1 of one stack is checked."""
import numpy as np

from course_lib import grading

_got = grading.check_array(grading.call_quietly(predict_forward_std, [30, 50, 20, 40], 0.2, "linear", 1.0),
                           "predict_forward_std([30, 50, 20, 40], 0.2, 'linear', 1.0)", shape=(3,))
assert np.all(_got > 0), "every predicted std should be positive"
assert abs(_got[0] - 1.0954451) < 1e-6, "std(z_1) of this stack should be 1.0954 (check the fan_in and E[x^2])"
_relu = grading.check_array(grading.call_quietly(predict_forward_std, [30, 50, 20, 40], 0.2, "relu", 1.0),
                            "predict_forward_std([30, 50, 20, 40], 0.2, 'relu', 1.0)", shape=(3,))
assert np.all(_relu[1:] < _got[1:]), "after layer 1 the ReLU stack should be smaller than the linear one"
print("visible checks passed")
### BEGIN HIDDEN TESTS
from course_lib import stats as _stats

_FORBIDDEN = ("course_lib.stats", "course_lib.nets", "course_lib.schemes", "course_lib.activations")


def _forward(widths, s, activation, input_std, *, fan="in", c=None, halve_input=False, shift=False, var=False):
    """The recursion, or one of its plausible mistakes (to name a wrong answer's mistake)."""
    c = (0.5 if activation == "relu" else 1.0) if c is None else c
    moment = input_std**2 * (c if halve_input else 1.0)
    out = []
    for n_in, n_out in zip(widths, widths[1:]):
        q = (n_in if fan == "in" else n_out) * s**2 * moment
        out.append(q)
        moment = c * q
    out = np.array(out)
    if shift:
        out = np.concatenate([[input_std**2], out[:-1]])
    return out if var else np.sqrt(out)


_MISTAKES = {
    "the ReLU factor 1/2 is missing": dict(c=1.0),
    "the fan_out n_l is used instead of the fan_in n_(l-1)": dict(fan="out"),
    "these are variances, not standard deviations": dict(var=True),
    "the ReLU factor is also applied to the input x, which no ReLU touches": dict(halve_input=True),
    "Var(relu(z)) = (1/2 - 1/(2 pi)) Var(z) is used where E[relu(z)^2] = Var(z)/2 belongs": dict(
        c=0.5 - 1 / (2 * math.pi)),
    "the factor 1/2 is applied to the std instead of the variance": dict(c=0.25),
    "the entries are shifted by one layer (entry 0 should be z_1, not the input)": dict(shift=True),
}


def _check_forward(widths, s, activation, input_std):
    name = f"predict_forward_std({widths}, {s}, {activation!r}, {input_std})"
    expected = np.sqrt(_stats.forward_variance(widths, s**2, activation, input_std**2))
    with grading.forbidding(*_FORBIDDEN, who="predict_forward_std",
                            advice="write the recursion yourself (stats.forward_variance is the reference)"):
        value = grading.call_quietly(predict_forward_std, list(widths), s, activation, input_std)
    got = grading.check_array(value, name, shape=(len(widths) - 1,))
    if np.allclose(got, expected, rtol=1e-9, atol=0.0):
        return
    named = [m for m, kw in _MISTAKES.items()
             if np.allclose(got, _forward(widths, s, activation, input_std, **kw), rtol=1e-6, atol=0.0)]
    layer = int(np.argmax(np.abs(got / expected - 1) > 1e-9))
    raise AssertionError(
        f"{name}: entry {layer} (layer {layer + 1}) is {got[layer] / expected[layer]:.3g}x the expected value."
        + (f" Your values match the recursion when {named[0]}." if named else ""))


_check_forward([48, 96, 24, 72, 12], 0.15, "relu", 1.0)
_check_forward([48, 96, 24, 72, 12], 0.15, "linear", 0.6)
_check_forward([200, 50], 0.07, "relu", 3.0)
_check_forward([10, 40, 40, 5, 80, 20, 30], 0.3, "relu", 0.5)
_check_forward([128, 512, 256], 0.02, "linear", 2.0)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5 (implement, 3 points)
#
# Simulate it.
#
# Write `simulate_forward_std(widths, weight_std, activation, input_std, batch, rng)`, the Monte Carlo counterpart
# of Exercise 4, with NumPy only (the test blocks `course_lib` while your function runs):
#
# * draw the input `x` of shape `(batch, n_0)` with i.i.d. $N(0, \texttt{input\_std}^2)$ entries;
# * for $l = 1, \dots, L$ draw `W_l` of shape `(n_l, n_{l-1})` with i.i.d. $N(0, \texttt{weight\_std}^2)$ entries,
#   compute `z_l = h_{l-1} @ W_l.T` and `h_l = phi(z_l)` (`activation` is `"linear"` or `"relu"`; $h_0 = x$);
# * take every random number from `rng` (a `numpy.random.Generator`), so that the same seed gives the same result;
# * return a NumPy float array of shape `(L,)` whose entry `l - 1` is the standard deviation of **all** `batch * n_l`
#   entries of $z_l$ taken together (`np.std(z)` or `np.sqrt(np.mean(z**2))`: both are accepted). That pooled std is
#   what the theory predicts; the std of each unit over the batch, averaged over units, is a different quantity
#   (after a ReLU layer each unit of a fixed network has its own non-zero mean).
#
# Use one matrix product per layer (no Python loop over the batch). The test calls your function with several seeds
# and checks the average of $\log(\text{simulated} / \text{predicted})$ at every layer; its comments explain why a
# correct simulation fails with probability below $10^{-6}$.

# %% kind="answer" grade_id="n02_simulate_forward_answer"
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    """Monte Carlo std of z_l, l = 1..L: one network and one input batch drawn from the Generator rng.

    Returns a float array of shape (L,): entry l - 1 is the std of all entries of z_l together.
    """
    ### BEGIN SOLUTION
    h = input_std * rng.standard_normal((batch, widths[0]))
    stds = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = weight_std * rng.standard_normal((n_out, n_in))  # PyTorch layout (fan_out, fan_in)
        z = h @ W.T
        stds.append(z.std())
        h = np.maximum(z, 0.0) if activation == "relu" else z
    return np.array(stds)
    ### END SOLUTION


# %% kind="test" grade_id="n02_simulate_forward_test" points=3
"""simulate_forward_std: one positive std per layer, the same for the same seed, different for another seed."""
import numpy as np

from course_lib import grading

_args = ([120, 360, 240], 0.1, "relu", 1.0, 64)
_first = grading.check_array(grading.call_quietly(simulate_forward_std, *_args, np.random.default_rng(grading.seed(5))),
                             "simulate_forward_std([120, 360, 240], 0.1, 'relu', 1.0, 64, rng)", shape=(2,))
_again = grading.call_quietly(simulate_forward_std, *_args, np.random.default_rng(grading.seed(5)))
_other = grading.call_quietly(simulate_forward_std, *_args, np.random.default_rng(grading.seed(6)))
assert np.all(_first > 0), "every simulated std should be positive"
assert np.array_equal(_first, np.asarray(_again)), "the same seed gave different results: draw from the rng argument"
assert not np.array_equal(_first, np.asarray(_other)), "two seeds gave identical results: draw from the rng argument"
print("visible checks passed")
### BEGIN HIDDEN TESTS
import math

from course_lib import stats as _stats

# How the statistical check works. For one call, log(simulated std / predicted std) at a layer fluctuates with a
# standard deviation sd_1 that depends on widths, depth and batch (finite width, section 9). For each
# configuration below sd_1 was measured over 4000 seeds of a correct simulation (its distribution is close to
# normal: |skewness| and |excess kurtosis| below 0.2). The test averages K independent calls, so the average has
# sd_1 / sqrt(K) <= 0.013, and it fails when |average| > _TOL = 0.1: more than 7.5 standard deviations, a normal
# tail probability below 1e-13 per layer, so a correct answer fails with probability far below 1e-6.
# The smallest mistake the course targets (averaging per-unit stds after a ReLU) shifts the average by about 0.19.
_TOL = 0.1
# Each hint: (message, function of (activation, predicted stds, input_std) giving the ratios that mistake causes).
_SIM_HINTS = [
    ("the ReLU seems to be missing (the std grows by sqrt(2) per layer too much)",
     lambda a, t, x: [math.sqrt(2) ** k for k in range(len(t))] if a == "relu" else None),
    ("the ReLU seems to be applied to the input x too (every layer is 1/sqrt(2) too small)",
     lambda a, t, x: [1 / math.sqrt(2)] * len(t) if a == "relu" else None),
    ("these look like the std of h_l = relu(z_l), not of z_l",
     lambda a, t, x: [math.sqrt(0.5 - 1 / (2 * math.pi))] * len(t) if a == "relu" else None),
    ("after the first layer the values are too small by sqrt(1 - 1/pi): is it the std of each unit over the "
     "batch, averaged? Pool all entries of z_l",
     lambda a, t, x: [1.0] + [math.sqrt(1 - 1 / math.pi)] * (len(t) - 1) if a == "relu" else None),
    ("the weights' std is too small by sqrt(3): U(-std, std) has std / sqrt(3)",
     lambda a, t, x: [3 ** (-(k + 1) / 2) for k in range(len(t))]),
    ("these look like variances, not standard deviations", lambda a, t, x: list(t)),
    ("entry l - 1 looks like the std of the layer's input h_(l-1), not of its output z_l",
     lambda a, t, x: [x / t[0]] + [(math.sqrt(0.5 - 1 / (2 * math.pi)) if a == "relu" else 1.0) * t[k - 1] / t[k]
                                   for k in range(1, len(t))]),
]


def _check_simulation(widths, s, activation, input_std, batch, seeds):
    name = f"simulate_forward_std({widths}, {s}, {activation!r}, {input_std}, {batch}, rng)"
    theory = np.sqrt(_stats.forward_variance(widths, s**2, activation, input_std**2))
    logs = []
    for seed in seeds:
        with grading.forbidding("course_lib.stats", "course_lib.nets", "course_lib.schemes", "course_lib.activations",
                                "course_lib.init", who="simulate_forward_std",
                                advice="simulate with NumPy only: draw x and every W_l from rng yourself"):
            value = grading.call_quietly(simulate_forward_std, list(widths), s, activation, input_std, batch,
                                         np.random.default_rng(grading.seed(seed)))
        got = grading.check_array(value, name, shape=(len(widths) - 1,))
        assert np.all(got > 0), f"{name} returned a non-positive std"
        logs.append(np.log(got / theory))
    average = np.mean(logs, axis=0)
    grading.record_margin(f"{name}: |mean log-ratio|", np.max(np.abs(average)), _TOL)
    bad = np.flatnonzero(np.abs(average) > _TOL)
    if bad.size:
        patterns = [(message, pattern(activation, theory, input_std)) for message, pattern in _SIM_HINTS]
        named = [message for message, ratios in patterns
                 if ratios is not None and np.all(np.abs(average - np.log(ratios)) < _TOL)]
        raise AssertionError(
            f"{name}: at layer {bad[0] + 1} the simulated std is about {np.exp(average[bad[0]]):.3g}x the "
            f"prediction of the forward recursion (averaged over {len(seeds)} seeds)."
            + (f" Hint: {named[0]}." if named else ""))


# sd_1 of the last layer measured over 4000 seeds: 0.017 (K = 3), 0.035 (K = 8), 0.007 (K = 2), 0.022 (K = 3);
# for linear and ReLU stacks the log-ratio does not depend on weight_std or input_std, which only rescale z.
_check_simulation([120, 360, 240], 0.15, "relu", 1.0, 256, seeds=[11, 12, 13])
_check_simulation([200, 400, 300, 500], 0.07, "relu", 1.3, 256, seeds=range(101, 109))
_check_simulation([300, 150, 450], 0.06, "linear", 0.5, 256, seeds=range(201, 203))
_check_simulation([500, 250, 125], 0.09, "relu", 2.0, 200, seeds=range(301, 304))
### END HIDDEN TESTS

# %% [markdown]
# ## 12. Summary
#
# * For independent $w, x$ with $\mathbb{E}[w] = 0$: $\mathrm{Var}(wx) = \mathrm{Var}(w)\,\mathbb{E}[x^2]$.
#   "$\mathrm{Var}(XY) = \mathrm{Var}(X)\mathrm{Var}(Y)$" needs both means to be zero.
# * A unit sums $n_{l-1}$ uncorrelated products: $q_l = n_{l-1}\, v_l\, \mathbb{E}[h_{l-1}^2]$ (fan_in, second moment),
#   exact for any widths.
# * ReLU halves the **second moment** of a symmetric input; its variance shrinks by $\tfrac12 - \tfrac1{2\pi}$ for a
#   normal input. The recursion needs the second moment.
# * Forward: $q_l = c\, n_{l-1} v_l\, q_{l-1}$; backward: $\mathbb{E}[g_{l-1}^2] = c\, n_l v_l\, \mathbb{E}[g_l^2]$,
#   with $c = 1$ (linear) or $\tfrac12$ (ReLU). Forward wants $v = 1/(c\,\text{fan\_in})$, backward
#   $v = 1/(c\,\text{fan\_out})$; they differ when widths change (notebook 03).
# * $\mathrm{Var}\,U(-a, a) = a^2/3$: the bound is not the standard deviation. Uniform and normal weights of equal
#   variance give the same per-layer statistics in expectation.
# * Per layer after the first, the std grows by $\sqrt{c\, n\, v}$: $\sqrt n$ (linear) or $\sqrt{n/2}$ (ReLU) for
#   $N(0, 1)$ weights,
#   $0.01\sqrt{n}$ or $0.01\sqrt{n/2}$ for $N(0, 0.01^2)$.
# * A popular blog post's variance tables (a factor $n\,\mathrm{Var}(W)$ per layer) are right for a linear stack
#   only; a ReLU stack changes by $\sqrt{n\,\mathrm{Var}(W)/2}$ in std per layer after the first.
# * One simulated network deviates from the theory by a relative amount of order $\sqrt{L/n}$ in a deep ReLU stack
#   (in general it grows with $\sum_l 1/n_l$, Exercise 2); a bigger batch does not remove it, pooling independent
#   networks or wider layers do. Even the ReLU's factor $\sqrt{1/2 - 1/(2\pi)}$ measured on one 100-wide network
#   is off by a few per cent.

# %% [markdown]
# ## 13. Active recall: check yourself
#
# Answer each from memory, then open the answers.
#
# 1. $w \sim N(0, 0.04)$ and $x$ is independent with mean 1 and variance 1. What is $\mathrm{Var}(wx)$, and what does
#    "Var(w) Var(x)" give instead?
# 2. The inputs $h_i$ of a unit are not independent of each other. Why is the variance of $\sum_i W_{ji} h_i$ still a
#    sum of $n$ variances?
# 3. What does a ReLU do to the second moment of a symmetric input, and what to its variance (normal input)? Which one
#    does the next layer's variance depend on?
# 4. Width 400, weights $N(0, 1)$, five layers: by what factor does the std grow per layer in a linear stack, and in a
#    ReLU stack? With weights $N(0, 0.01^2)$?
# 5. In a ReLU stack initialized with $\mathrm{Var}(W_l) = 2/n_{l-1}$, widths $n_0 = 50, \dots, n_L = 200$, how does the
#    gradient at the input compare with the gradient at the top?
# 6. A popular table says the activation variance of a five-layer, 100-wide stack with $N(0, 1)$ weights multiplies by
#    100 per layer. For which network is that right, and what changes with a ReLU after every layer?
# 7. A 50-layer ReLU network of width 32 shows a last-layer std 30 % away from the theory, even with a batch of 10 000.
#    Is the theory wrong? What would you do to check it?
# 8. One ReLU network of width 100 gives $\mathrm{std}(h_5)/\mathrm{std}(z_5) = 0.615$ where section 4 says $0.584$.
#    Name the two reasons, and which one pooling many networks removes.
#
# <details>
# <summary>Answers</summary>
#
# 1. $\mathrm{Var}(w)\,\mathbb{E}[x^2] = 0.04 \cdot (1 + 1) = 0.08$; "Var(w) Var(x)" gives $0.04$, wrong because
#    $\mathbb{E}[x] \neq 0$ (section 2).
# 2. Only uncorrelated *terms* are needed: for $i \ne k$, $\mathbb{E}[W_{ji}h_i W_{jk}h_k] = \mathbb{E}[W_{ji}]\,
#    \mathbb{E}[W_{jk}]\,\mathbb{E}[h_i h_k] = 0$ because the weights are independent, zero-mean and independent of $h$
#    (section 3).
# 3. It halves the second moment exactly; the variance becomes $(\tfrac12 - \tfrac1{2\pi})\,\sigma^2$ for a normal
#    input. The next layer depends on the second moment, $q_{l+1} = n\, v\, \mathbb{E}[h^2]$ (section 4).
# 4. Linear: $\sqrt{400} = 20$; ReLU: $\sqrt{200}$ after the first layer (layer 1 sees the raw input). With std
#    $0.01$: $0.01\sqrt{400} = 0.2$ (linear) and $0.01\sqrt{200}$ (ReLU) per layer, not $0.01$ (sections 5 and 8).
# 5. The products telescope: $\mathbb{E}[g_0^2] = (n_L / n_0)\,\mathbb{E}[g_L^2] = 4\,\mathbb{E}[g_L^2]$, so the input
#    gradient's std is twice the top one's, while the forward pass is flat (section 6).
# 6. For a linear stack (no activation) with unit-variance inputs. With a ReLU after every layer, each layer after the
#    first multiplies the second moment by $n\,\mathrm{Var}(W)/2$, not by $n\,\mathrm{Var}(W)$; the first layer still
#    sees the raw input (section 8).
# 7. No: 30 % is small for such a network. Section 9's formula gives a spread of $\log \mathrm{std}(z_{50})$ of about
#    $\tfrac12\sqrt{249/32} \approx 1.4$ at $B = 1$, a factor of several either way, and a larger batch lowers it only
#    to a floor because it does not average the weights. Pool many independently drawn networks (many: the
#    distribution has a long right tail) or widen the layers, and compare the average (section 9).
# 8. Mostly this network's luck: each unit of $z_5$ has its own offset over the batch, so the ReLU keeps 0.551 of
#    $z_5$'s second moment here instead of the $\tfrac12$ it keeps on average over networks; pooling networks removes
#    that part. About 1 % remains because the pooled $z_5$ of a fixed network is a mixture of normals, not one normal,
#    so the ratio averages 0.591 over 40 networks (section 8).
#
# </details>
