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
# `W_l.shape[0]`. Biases are zero throughout (notebook 01 showed why that is fine).

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
rng = np.random.default_rng(3)
N = 2_000_000
samples = {"normal N(0, 3^2)": rng.normal(0.0, 3.0, N), "uniform U(-3, 3)": rng.uniform(-3.0, 3.0, N)}
print(f"{'z':18} {'E[relu(z)^2] / Var(z)':>22} {'Var(relu(z)) / Var(z)':>22}")
for name, z in samples.items():
    r = np.maximum(z, 0.0)
    print(f"{name:18} {np.mean(r**2) / np.var(z):>22.3f} {np.var(r) / np.var(z):>22.3f}")
print(f"theory: 1/2 for any symmetric z;  Var factor 1/2 - 1/(2 pi) = {0.5 - 1 / (2 * math.pi):.3f} (normal),"
      f" 5/16 = {5 / 16:.3f} (uniform)")

# %% [markdown]
# So the popular sentence "ReLU halves the variance" is wrong: the cell shows the variance shrinking by the
# factor $\tfrac12 - \tfrac1{2\pi}$ for a normal input (and by $\tfrac5{16}$ for a uniform one), while the
# *second moment* is halved in both cases.
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
# recursion. The cell compares the closed form, the library and a simulation on deliberately non-square widths.
# Following section 3, the simulation pools 8 independent networks (the helper `simulate_layers` is reused below).

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
for activation, c in (("linear", 1.0), ("relu", 0.5)):
    closed = [widths[0] * weight_std**2 * input_std**2]
    for n_prev in widths[1:-1]:
        closed.append(c * n_prev * weight_std**2 * closed[-1])
    library = stats.forward_variance(widths, weight_std**2, activation, input_std**2)
    simulated_both[activation] = simulate_layers(widths, constant_std(weight_std), activation, seeds=range(8),
                                               batch=100, input_std=input_std)
    simulated = simulated_both[activation][0]
    print(f"{activation}:  layer  n_in->n_out  closed form  forward_variance  simulated")
    for layer in range(len(widths) - 1):
        print(f"{layer + 1:>13}  {widths[layer]:>4}->{widths[layer + 1]:<4}  {math.sqrt(closed[layer]):>11.3f}"
              f"  {math.sqrt(library[layer]):>16.3f}  {simulated[layer]:>9.3f}")

# %% [markdown]
# All three columns agree (the simulation within a few per cent, a fluctuation section 9 explains). Note that the
# growth from layer to layer depends on $n_{l-1}$, the *input* width of each layer: layer 4 has the widest input
# (512) and grows most, even though its own width is the smallest.

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
# So the bound for a target standard deviation $s$ is $a = \sqrt{3}\, s$ (not $s$, and not $\sqrt{6}\,s$: that one
# belongs to Glorot's formula, where it already includes a factor 2).

# %%
rng = np.random.default_rng(8)
a = 1.7
u = rng.uniform(-a, a, 1_000_000)
print(f"a = {a}: simulated Var = {u.var():.4f}, a^2 / 3 = {a**2 / 3:.4f}")
target_std = 0.05
bound = math.sqrt(3) * target_std
print(f"target std {target_std}: bound a = sqrt(3) * std = {bound:.5f};"
      f" std of U(-a, a) samples = {rng.uniform(-bound, bound, 1_000_000).std():.5f}")

# %% [markdown]
# Why would the choice between the two not matter? Every step of sections 3 to 6 used only three properties of the
# weights: independence, mean zero, and the variance $v_l$ (plus symmetry, for the ReLU factor). Uniform and normal
# weights with the same variance share all three, so they give the **same per-layer statistics** in expectation.
# Their pre-activations even look alike: each $z$ sums hundreds of terms, so it is close to normal either way
# (central limit theorem). The cell compares He-normal and He-uniform (`kaiming_uniform`, bound
# $\sqrt{6/\text{fan\_in}} = \sqrt3 \cdot \sqrt{2/\text{fan\_in}}$) in a 6-layer ReLU stack of width 256, pooling
# 16 networks each (why many networks and a small batch rather than one network and a big batch: section 9).

# %%
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
# Blog posts about initialization often print a table like the ones below: inputs $x \sim N(0, 1)$ of width 100,
# five layers of width 100, weights $N(0, 1)$, then the same with $N(0, 0.01^2)$. Here they are with the theory
# beside the simulation (one network, a batch of 1000). "growth" is the ratio of a layer's std to the previous
# layer's; the theory for it is $\sqrt{c\,n\,v}$ from section 5.

# %%
# NBVAL_CHECK_OUTPUT
def popular_table(weight_std, activation, width=100, depth=5, batch=1000, seed=0):
    widths = [width] * (depth + 1)
    net = MLP.initialized(widths, constant_std(weight_std), activation, rng=seed)
    net.forward(np.random.default_rng(seed + 1).standard_normal((batch, width)))
    simulated = stats.layer_std(net.pre)
    theory = np.sqrt(stats.forward_variance(widths, weight_std**2, activation, 1.0))
    print(f"weights N(0, {weight_std:g}^2), {activation}, width {width}")
    print(f"{'layer':>7} {'std z sim':>10} {'theory':>10} {'sim/theory':>11} {'growth sim':>11} {'theory':>7}")
    for layer in range(depth):
        growth = ""
        if layer > 0:
            growth = f"{simulated[layer] / simulated[layer - 1]:>11.3g} {theory[layer] / theory[layer - 1]:>7.3g}"
        print(f"{layer + 1:>7} {simulated[layer]:>10.3g} {theory[layer]:>10.3g}"
              f" {simulated[layer] / theory[layer]:>11.3f} {growth}")
    if activation == "relu":
        print(f"   after ReLU: std h_5 / std z_5 = {net.post[-1].std() / simulated[-1]:.3f}"
              f" (normal z: sqrt(1/2 - 1/(2 pi)) = {math.sqrt(0.5 - 1 / (2 * math.pi)):.3f})")
    print()


for weight_std in (1.0, 0.01):
    for activation in ("linear", "relu"):
        popular_table(weight_std, activation)

# %% [markdown]
# What the tables show, and where a popular claim goes wrong:
#
# * With $N(0,1)$ weights a **linear** stack grows by $\sqrt{n} = 10$ per layer, but a **ReLU** stack by
#   $\sqrt{n/2}$, not by $\sqrt n$: the growth columns print both. The first layer is the exception in the ReLU
#   table, because it sees the raw input (no halving yet): $\mathrm{std}(z_1) = \sqrt{n} = 10$ in both tables.
# * With $N(0, 0.01^2)$ weights the scale does **not** shrink by $0.01$ per layer. It shrinks by
#   $0.01\sqrt{n} = 0.1$ per layer in the linear stack and by $0.01\sqrt{n/2}$ in the ReLU stack: the per-layer
#   factor is always $\sqrt{c\, n\, v}$, weight std times the square root of the fan_in (times $\sqrt c$).
# * Tables that print the std of the activations $h_l$ after the ReLU, rather than of $z_l$, show values smaller
#   by the factor printed in the last line of each ReLU table: near the $\sqrt{1/2 - 1/(2\pi)}$ of section 4, and
#   not $1/\sqrt2$ (ReLU does not halve the variance).
# * The "sim/theory" column drifts further from 1 in the ReLU tables than in the linear ones: a single network
#   100 units wide is a random object, and section 9 measures how random. (The std-0.01 tables reuse the same
#   random draws scaled by 0.01; both stacks are positively homogeneous, so their sim/theory columns repeat those
#   of the std-1 tables exactly.)

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
# * at $B = 1$ the spread follows $\tfrac12\sqrt{(5L-1)/n}$ (the dashed line), within the uncertainty of the estimate;
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
# `simulate_layers` did in sections 5 to 7), or use wide layers; a bigger batch alone is not enough. Exercise 3's
# test grades your simulation this way.

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
# Four graded exercises, 13 points. Each answer cell may use the imports of the first code cell
# (`math`, `np`, ...) and nothing defined elsewhere in the notebook: the autograder runs each exercise on its own.
# Run the test cell under each answer: it checks the obvious slips; hidden tests decide the grade.
#
# ### Exercise 1 (2 points): the uniform bound for a target std
#
# Write `uniform_bound(std)` returning the bound $a \ge 0$ such that $U(-a, a)$ has standard deviation `std`.
#
# * `std`: a non-negative float;
# * returns: a number (a Python `float` or a NumPy floating scalar), not an array.

# %% kind="answer" grade_id="n02_uniform_bound_answer"
def uniform_bound(std):
    """The bound ``a`` such that ``U(-a, a)`` has standard deviation ``std`` (a float >= 0)."""
    ### BEGIN SOLUTION
    return math.sqrt(3.0) * std
    ### END SOLUTION


# %% kind="test" grade_id="n02_uniform_bound_test" points=2
"""uniform_bound: the bound of U(-a, a) for a target standard deviation."""
import math

import numpy as np

from course_lib import grading

_BOUND_HINTS = [
    (math.sqrt(2), "Var U(-a, a) = a^2 / 3: did you use a^2 / 6 (a bound of sqrt(6) * std)?"),
    (1 / math.sqrt(3), "the bound is not the std itself: Var U(-a, a) = a^2 / 3."),
    (2.0, "Var U(-a, a) = a^2 / 3; a^2 / 12 is the variance of U(0, a)."),
    (math.sqrt(2 / 3), "Var U(-a, a) = a^2 / 3, not a^2 / 2."),
    (1 / 3, "the bound must be larger than the std, not smaller: Var U(-a, a) = a^2 / 3."),
]

# Visible check: draw 300_000 values from U(-a, a) with your bound and compare their std with the target.
# check_std's threshold (6 standard errors, uniform kurtosis 1.8) makes a correct bound fail with p < 1e-6.
_bound = grading.as_float(grading.call_quietly(uniform_bound, 0.5), "uniform_bound(0.5)")
assert _bound > 0, f"uniform_bound(0.5) should be positive, got {_bound:.3g}"
_samples = np.random.default_rng(grading.seed(0)).uniform(-_bound, _bound, size=300_000)
grading.check_std(_samples, 0.5, "U(-a, a) with a = uniform_bound(0.5)", kurtosis=1.8, hints=_BOUND_HINTS)
print("uniform_bound: visible checks passed")
### BEGIN HIDDEN TESTS
for _std in (0.0, 1e-3, 0.04, 1.0, 2.5, 7.0):
    _value = grading.as_float(grading.call_quietly(uniform_bound, _std), f"uniform_bound({_std})")
    # expected: Var U(-a, a) = a^2 / 3 = std^2
    grading.check_close(_value, math.sqrt(3.0 * _std**2), f"uniform_bound({_std})", rtol=1e-9, hints=_BOUND_HINTS)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2 (4 points): predict the forward std of every layer
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
# Use the recursion, not a simulation. (You may compare with `stats.forward_variance` afterwards.)

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


# %% kind="test" grade_id="n02_predict_forward_test" points=4
"""predict_forward_std: the forward recursion for linear and ReLU stacks."""
import math

import numpy as np

from course_lib import grading

# Visible checks: shapes, the first layer, and the per-layer factor of a square stack.
_got = grading.check_array(grading.call_quietly(predict_forward_std, [30, 50, 20, 40], 0.2, "linear", 1.0),
                           "predict_forward_std([30, 50, 20, 40], 0.2, 'linear', 1.0)", shape=(3,))
_ratio = _got[0] / (math.sqrt(30) * 0.2)
assert abs(_ratio - 1) < 1e-9, (
    f"the std of z_1 is {_ratio:.3g}x sqrt(n_0 Var(W) E[x^2]): check which width is the fan_in of layer 1, "
    "and that you return standard deviations")
_got = grading.check_array(grading.call_quietly(predict_forward_std, [64, 64, 64, 64], 0.25, "relu", 1.5),
                           "predict_forward_std([64, 64, 64, 64], 0.25, 'relu', 1.5)", shape=(3,))
_ratio = _got[0] / (math.sqrt(64) * 0.25 * 1.5)
assert abs(_ratio - 1) < 1e-9, (
    f"in the ReLU stack the std of z_1 is {_ratio:.3g}x sqrt(n_0 Var(W) E[x^2]) with E[x^2] = input_std^2."
    + grading.ratio_hint(_ratio, [(1 / math.sqrt(2), "The input is not passed through a ReLU: no factor 1/2 "
                                   "at layer 1.")]))
for _layer in (1, 2):
    _ratio = _got[_layer] / _got[_layer - 1] / math.sqrt(64 * 0.25**2 / 2)
    assert abs(_ratio - 1) < 1e-9, (
        f"from layer {_layer} to {_layer + 1} the std grows {_ratio:.3g}x the factor sqrt(n Var(W) / 2) of a "
        "square ReLU stack." + grading.ratio_hint(_ratio, [
            (math.sqrt(2), "Is the ReLU factor 1/2 missing?"),
            (1 / math.sqrt(2), "Is the factor 1/2 applied to the std instead of the second moment?"),
            (math.sqrt(1 - 1 / math.pi), "Is Var(relu(z)) used where E[relu(z)^2] = Var(z) / 2 belongs?")]))
print("predict_forward_std: visible checks passed")
### BEGIN HIDDEN TESTS
from course_lib import stats as _stats


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
    got = grading.check_array(grading.call_quietly(predict_forward_std, list(widths), s, activation, input_std),
                              name, shape=(len(widths) - 1,))
    expected = np.sqrt(_stats.forward_variance(widths, s**2, activation, input_std**2))
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
# ### Exercise 3 (4 points): simulate it
#
# Write `simulate_forward_std(widths, weight_std, activation, input_std, batch, rng)`, the Monte Carlo counterpart
# of exercise 2:
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


# %% kind="test" grade_id="n02_simulate_forward_test" points=4
"""simulate_forward_std: a Monte Carlo simulation graded against the forward recursion."""
import math

import numpy as np

from course_lib import grading
from course_lib import stats as _stats

# How the statistical check works. For one call, log(simulated std / predicted std) at a layer fluctuates with a
# standard deviation sd_1 that depends on widths, depth and batch (finite width, section 9). For each
# configuration below sd_1 was measured over 4000 seeds of a correct simulation (its distribution is close to
# normal: |skewness| and |excess kurtosis| below 0.2). The test averages K independent calls, so the average has
# sd_1 / sqrt(K) <= 0.0125, and it fails when |average| > _TOL = 0.1: more than 8 standard deviations, a normal
# tail probability of about 1e-15 per layer, so a correct answer fails with probability far below 1e-6.
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


# Visible checks: type and shape, reproducibility, and one statistical check (sd_1 = 0.017 measured, K = 3;
# for linear and ReLU stacks the log-ratio does not depend on weight_std or input_std, which only rescale z).
_first = grading.check_array(
    grading.call_quietly(simulate_forward_std, [120, 360, 240], 0.1, "relu", 1.0, 64,
                         np.random.default_rng(grading.seed(5))),
    "simulate_forward_std([120, 360, 240], 0.1, 'relu', 1.0, 64, rng)", shape=(2,))
_again = grading.call_quietly(simulate_forward_std, [120, 360, 240], 0.1, "relu", 1.0, 64,
                              np.random.default_rng(grading.seed(5)))
assert np.array_equal(_first, np.asarray(_again)), (
    "the same seed gave different results: draw every random number from the rng argument")
_other = grading.call_quietly(simulate_forward_std, [120, 360, 240], 0.1, "relu", 1.0, 64,
                              np.random.default_rng(grading.seed(6)))
assert not np.array_equal(_first, np.asarray(_other)), (
    "two different seeds gave identical results: draw every random number from the rng argument")
_check_simulation([120, 360, 240], 0.15, "relu", 1.0, 256, seeds=[11, 12, 13])
print("simulate_forward_std: visible checks passed")
### BEGIN HIDDEN TESTS
# sd_1 of the last layer measured over 4000 seeds: 0.035 (K = 8), 0.007 (K = 2), 0.022 (K = 3).
_check_simulation([200, 400, 300, 500], 0.07, "relu", 1.3, 256, seeds=range(101, 109))
_check_simulation([300, 150, 450], 0.06, "linear", 0.5, 256, seeds=range(201, 203))
_check_simulation([500, 250, 125], 0.09, "relu", 2.0, 200, seeds=range(301, 304))
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 4 (3 points): predict the backward std
#
# Write `predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0)` for the stack of exercise 2
# (same weights; $\phi$ after every layer, **the last one included**), using the backward recursion of section 6:
#
# * the gradient $g_L = \partial L / \partial h_L$ arriving at the top has i.i.d. zero-mean entries with standard
#   deviation `grad_std`;
# * returns: a NumPy float array of shape `(L,)` whose entry `l - 1` is the predicted standard deviation of
#   $g_{l-1} = \partial L / \partial h_{l-1}$, for $l = 1, \dots, L$. Entry 0 is the gradient at the input $x$;
#   entry `L - 1` is the gradient at $h_{L-1}$, the input of the last layer ($g_L$ itself is not returned).

# %% kind="answer" grade_id="n02_predict_backward_answer"
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    """Predicted std of dL/dh_{l-1}, l = 1..L (entry 0: the gradient at the input).

    widths: [n_0, ..., n_L]; activation "linear" or "relu" after every layer; grad_std: std of dL/dh_L.
    Returns a float array of shape (L,).
    """
    ### BEGIN SOLUTION
    if activation not in ("linear", "relu"):
        raise ValueError(f"activation must be 'linear' or 'relu', got {activation!r}")
    c = 0.5 if activation == "relu" else 1.0  # E[phi'(z)^2]
    moment = grad_std**2  # E[g_L^2]
    out = np.empty(len(widths) - 1)
    for layer in range(len(widths) - 1, 0, -1):  # l = L, ..., 1
        moment = widths[layer] * weight_std**2 * c * moment  # E[g_{l-1}^2] = n_l Var(W) E[phi'^2] E[g_l^2]
        out[layer - 1] = math.sqrt(moment)
    return out
    ### END SOLUTION


# %% kind="test" grade_id="n02_predict_backward_test" points=3
"""predict_backward_std: the backward recursion for linear and ReLU stacks."""
import math

import numpy as np

from course_lib import grading

# Visible checks: shape, the top layer, and the per-layer factor of a square stack.
_got = grading.check_array(grading.call_quietly(predict_backward_std, [40, 40, 40, 40], 0.1, "linear", 2.0),
                           "predict_backward_std([40, 40, 40, 40], 0.1, 'linear', 2.0)", shape=(3,))
_ratio = _got[-1] / (math.sqrt(40) * 0.1 * 2.0)
assert abs(_ratio - 1) < 1e-9, (
    f"the last entry (dL/dh_(L-1)) is {_ratio:.3g}x sqrt(n_L Var(W) E[g_L^2]): is the array in the order "
    "l = 1..L (entry 0 at the input), and are these standard deviations?")
_got = grading.check_array(grading.call_quietly(predict_backward_std, [40, 40, 40, 40], 0.1, "relu", 1.0),
                           "predict_backward_std([40, 40, 40, 40], 0.1, 'relu', 1.0)", shape=(3,))
for _layer in (0, 1):
    _ratio = _got[_layer] / _got[_layer + 1] / math.sqrt(40 * 0.1**2 / 2)
    assert abs(_ratio - 1) < 1e-9, (
        f"from entry {_layer + 1} down to entry {_layer} the std changes by {_ratio:.3g}x the factor "
        "sqrt(n Var(W) E[relu'(z)^2]) of a square ReLU stack, with E[relu'(z)^2] = 1/2."
        + grading.ratio_hint(_ratio, [
            (math.sqrt(2), "Is the factor E[relu'(z)^2] = 1/2 missing?"),
            (1 / math.sqrt(2), "E[relu'(z)^2] = 1/2 multiplies the second moment: not 1/4 (the variance of "
                               "relu'), and not the std.")]))
print("predict_backward_std: visible checks passed")
### BEGIN HIDDEN TESTS
from course_lib import stats as _stats


def _backward(widths, s, activation, grad_std, *, fan="out", c=None, last_c=None, reverse=False, var=False,
              shift=False):
    """The backward recursion, or one of its plausible mistakes (to name a wrong answer's mistake)."""
    c = (0.5 if activation == "relu" else 1.0) if c is None else c
    moments = [grad_std**2]  # E[g_L^2], then E[g_(L-1)^2], ..., E[g_0^2]
    for layer in range(len(widths) - 1, 0, -1):
        n = widths[layer] if fan == "out" else widths[layer - 1]
        factor = last_c if (last_c is not None and layer == len(widths) - 1) else c
        moments.append(n * s**2 * factor * moments[-1])
    moments = np.array(moments[::-1])  # E[g_0^2], ..., E[g_L^2]
    out = moments[1:] if shift else moments[:-1]
    out = out[::-1] if reverse else out
    return out if var else np.sqrt(out)


_MISTAKES = {
    "the fan_in n_(l-1) is used instead of the fan_out n_l": dict(fan="in"),
    "the factor E[relu'(z)^2] = 1/2 is missing": dict(c=1.0),
    "Var(relu'(z)) = 1/4 is used where the second moment E[relu'(z)^2] = 1/2 belongs": dict(c=0.25),
    "the array is in the reverse order (entry 0 must be the gradient at the input)": dict(reverse=True),
    "these are variances, not standard deviations": dict(var=True),
    "the last layer is treated as having no ReLU (here every layer has one)": dict(last_c=1.0),
    "the entries are shifted by one layer (g_L is included, the input gradient is missing)": dict(shift=True),
}


def _check_backward(widths, s, activation, grad_std):
    name = f"predict_backward_std({widths}, {s}, {activation!r}, {grad_std})"
    got = grading.check_array(grading.call_quietly(predict_backward_std, list(widths), s, activation, grad_std),
                              name, shape=(len(widths) - 1,))
    expected = np.sqrt(_stats.backward_variance(widths, s**2, activation, grad_std**2))
    if np.allclose(got, expected, rtol=1e-9, atol=0.0):
        return
    named = [m for m, kw in _MISTAKES.items()
             if np.allclose(got, _backward(widths, s, activation, grad_std, **kw), rtol=1e-6, atol=0.0)]
    layer = int(np.argmax(np.abs(got / expected - 1) > 1e-9))
    raise AssertionError(
        f"{name}: entry {layer} (dL/dh_{layer}) is {got[layer] / expected[layer]:.3g}x the expected value."
        + (f" Your values match the recursion when {named[0]}." if named else ""))


_check_backward([48, 96, 24, 72, 12], 0.15, "relu", 1.0)
_check_backward([48, 96, 24, 72, 12], 0.15, "linear", 0.3)
_check_backward([30, 300], 0.05, "relu", 2.0)
_check_backward([10, 40, 40, 5, 80, 20, 30], 0.3, "relu", 0.5)
_check_backward([512, 128, 256], 0.06, "linear", 1.0)
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
# * $\mathrm{Var}\,U(-a, a) = a^2/3$, so $a = \sqrt3\,\text{std}$; uniform and normal weights of equal variance give the
#   same per-layer statistics.
# * Per layer, the std grows by $\sqrt{c\, n\, v}$: $\sqrt n$ (linear) or $\sqrt{n/2}$ (ReLU) for $N(0, 1)$ weights,
#   $0.01\sqrt{n}$ or $0.01\sqrt{n/2}$ for $N(0, 0.01^2)$.
# * One simulated network deviates from the theory by a relative amount of order $\sqrt{L/n}$ in a deep ReLU stack;
#   a bigger batch does not remove it, pooling independent networks or wider layers do.

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
# 4. Width 100, weights $N(0, 1)$, five layers: by what factor does the std grow per layer in a linear stack, and in a
#    ReLU stack? With weights $N(0, 0.01^2)$?
# 5. In a ReLU stack initialized with $\mathrm{Var}(W_l) = 2/n_{l-1}$, widths $n_0 = 50, \dots, n_L = 200$, how does the
#    gradient at the input compare with the gradient at the top?
# 6. What bound gives $U(-a, a)$ the standard deviation $0.05$?
# 7. A 50-layer ReLU network of width 32 shows a last-layer std 30 % away from the theory, even with a batch of 10 000.
#    Is the theory wrong? What would you do to check it?
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
# 4. Linear: $\sqrt{100} = 10$; ReLU: $\sqrt{50}$ after the first layer (layer 1 sees the raw input). With std $0.01$:
#    $0.01\sqrt{100} = 0.1$ (linear) and $0.01\sqrt{50}$ (ReLU) per layer, not $0.01$ (section 8).
# 5. The products telescope: $\mathbb{E}[g_0^2] = (n_L / n_0)\,\mathbb{E}[g_L^2] = 4\,\mathbb{E}[g_L^2]$, so the input
#    gradient's std is twice the top one's, while the forward pass is flat (section 6).
# 6. $a = \sqrt{3} \cdot 0.05$ (section 7).
# 7. Not necessarily: with $L/n$ that large a single network's scale fluctuates by tens of per cent and a larger
#    batch does not average the weights. Pool many independently drawn networks (or widen the layers) and compare
#    the average (section 9).
#
# </details>
