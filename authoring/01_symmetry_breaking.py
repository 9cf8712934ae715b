# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 01 · Breaking symmetry: why weights must start random
#
# *Weight-initialization course, notebook 1 of 8. Estimated time: 75 to 90 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. say why the hidden units of a layer are interchangeable, how many equivalent copies of every minimum
#    that creates, and what the symmetry does to training;
# 2. prove, by induction over gradient steps, that units which start identical (same incoming weights, same
#    bias, same outgoing weights) receive identical gradients and therefore stay identical forever, under SGD,
#    momentum, Adam and weight decay alike;
# 3. show with code that a constant-initialized network keeps **one** distinct unit per layer and trains no
#    better than a network of width 1;
# 4. predict how long a *nearly* symmetric start stays stuck: the escape delay grows like $\log(1/\epsilon)$;
# 5. explain why zero biases are fine once the weights are random, and why a constant bias cannot help;
# 6. predict which parameters move and which stay stuck when weights start at zero, for ReLU, tanh and sigmoid.
#
# **Prerequisites.** NumPy arrays and broadcasting; the chain rule and backpropagation through one hidden
# layer; mean squared error and (stochastic) gradient descent. No earlier notebook is needed.
#
# **How to work.** Run the cells from top to bottom (Run All works on the untouched notebook: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are five exercises (11 points):
# three *predict* exercises, where you commit to numbers before a simulation reveals them, and two
# *implement* exercises. Each has a test cell you can run: its visible checks catch the common slips, and
# hidden tests decide the grade.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import grading, init, plots
from course_lib.activations import Activation, get_activation
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The question
#
# Gradient descent needs a starting point. The simplest choice, all weights equal to zero or to one constant,
# looks neutral and reproducible. It is also useless: such a network behaves as if every hidden layer had a
# single unit, however wide you make it. Later notebooks are about the *scale* of random weights (how large
# they should be so that signals neither vanish nor explode). This one is about the step before: why the
# weights must be *different* at all, what "different" has to mean, and what can safely stay equal (biases).
#
# ## 2. Hidden units are interchangeable
#
# A dense layer computes `z = x @ W.T + b`. Throughout the course weights use **PyTorch's layout**
# `W.shape == (fan_out, fan_in)`: row `i` of `W` holds the *incoming* weights of unit `i`, and in the next
# layer's matrix `W_next` it is column `i` that holds unit `i`'s *outgoing* weights. A hidden unit is
# therefore three things: a row of `W`, an entry of `b`, and a column of `W_next`.
#
# For one hidden layer, $f(x) = W_2\,\phi(W_1 x + b_1) + b_2$. Reorder the hidden units by a permutation
# matrix $P$: rows of $W_1$ and entries of $b_1$ become $PW_1$, $Pb_1$, columns of $W_2$ become $W_2P^\top$.
# Because $\phi$ acts entry by entry, $\phi(PW_1x + Pb_1) = P\,\phi(W_1x + b_1)$, and $P^\top P = I$ gives
#
# $$W_2P^\top\,P\,\phi(W_1x+b_1) + b_2 = f(x).$$
#
# The network computes exactly the same function. The cell below checks it on a random network.

# %%
rng = np.random.default_rng(0)
W1, b1 = rng.standard_normal((5, 3)), rng.standard_normal(5)   # 5 hidden units, 3 inputs: (fan_out, fan_in)
W2, b2 = rng.standard_normal((2, 5)), rng.standard_normal(2)   # 2 outputs
x = rng.standard_normal((4, 3))                                # a batch of 4 inputs

perm = rng.permutation(5)
original = MLP([W1, W2], [b1, b2], activation="tanh", output_activation="linear")
permuted = MLP([W1[perm], W2[:, perm]], [b1[perm], b2], activation="tanh", output_activation="linear")
difference = np.max(np.abs(original.forward(x) - permuted.forward(x)))
print("permutation of the hidden units:", perm)
print(f"largest difference between the two networks' outputs: {difference:.1e}")

# %% [markdown]
# The difference is zero or a rounding error of order $10^{-16}$ (the sum over hidden units is added in
# another order).
#
# Permutations are not the only symmetry. Because $\tanh$ is odd, $\tanh(-z) = -\tanh(z)$, flipping the sign of
# one unit's incoming row, its bias *and* its outgoing column also leaves $f$ unchanged. For a ReLU unit the
# sign flip fails, but a positive rescaling works instead: $\text{relu}(cz) = c\,\text{relu}(z)$ for $c > 0$,
# so multiplying the incoming row and bias by $c$ and dividing the outgoing column by $c$ changes nothing (a
# continuous family, not a finite count). Sigmoid has neither in this plain form, but it is tanh shifted and
# scaled, $\sigma(z) = (1 + \tanh(z/2))/2$, so $\sigma(-z) = 1 - \sigma(z)$: the sign flip works once the next
# layer's bias absorbs the difference ($b_2 \leftarrow b_2 + W_2[:, i]$ for each flipped unit $i$). The cell checks
# each claim on the network above.

# %%
flip = np.ones(5)
flip[[0, 3]] = -1.0                                            # flip units 0 and 3
scale = np.array([2.0, 0.5, 3.0, 1.0, 1.0])                    # rescale units 0, 1, 2 by c > 0
for phi in ("tanh", "relu", "sigmoid"):
    base = MLP([W1, W2], [b1, b2], activation=phi, output_activation="linear").forward(x)
    flipped = MLP([flip[:, None] * W1, W2 * flip], [flip * b1, b2], activation=phi,
                  output_activation="linear").forward(x)
    rescaled = MLP([scale[:, None] * W1, W2 / scale], [scale * b1, b2], activation=phi,
                   output_activation="linear").forward(x)
    print(f"{phi:8s} sign flip changes f by {np.max(np.abs(flipped - base)):.1e}; "
          f"positive rescaling by {np.max(np.abs(rescaled - base)):.1e}")
shifted_b2 = b2 + W2[:, flip < 0].sum(axis=1)                  # sigmoid: b2 absorbs the flipped units' columns
flipped = MLP([flip[:, None] * W1, W2 * flip], [flip * b1, shifted_b2], activation="sigmoid",
              output_activation="linear").forward(x)
base = MLP([W1, W2], [b1, b2], activation="sigmoid", output_activation="linear").forward(x)
print(f"sigmoid  sign flip with b2 + W2[:, i] changes f by {np.max(np.abs(flipped - base)):.1e}")

# %% [markdown]
# So the discrete symmetries of a network with hidden layers of widths $n_1, \dots, n_{L-1}$ are: any
# permutation of each hidden layer's units, chosen independently per layer, $\prod_l n_l!$ of them; and, for
# an odd activation such as tanh (or for sigmoid, with the bias shift above), any choice of signs, a factor
# $2^{\sum_l n_l}$ more. (The input and output units are
# not interchangeable: they are tied to the data.) For the networks trained below, two tanh layers of 16
# units:

# %%
hidden = [16, 16]
permutations = math.prod(math.factorial(n) for n in hidden)
print(f"permutations: 16! * 16! = {permutations:.3e}")
print(f"with sign flips (tanh, or sigmoid with the bias shift): {permutations * 2 ** sum(hidden):.3e}")

# %% [markdown]
# Two consequences shape everything below:
#
# * **Every minimum comes in copies.** If $\theta^*$ minimizes the loss, so does each of its images under
#   these symmetries (as many as the last number printed above, fewer when some images coincide). Gradient
#   descent has to end in *one* of them, so it has to decide which unit becomes which.
# * **A symmetric start cannot decide.** If units $i$ and $j$ start identical, nothing in the loss prefers
#   giving the first feature to $i$ rather than to $j$. Section 3 proves that gradient descent then never
#   separates them.
#
# ## 3. Identical units receive identical gradients
#
# Take one hidden layer of $n$ units, a batch of $B$ examples $x_b$ with targets $y_b$, and the mean squared
# error of `course_lib.nets.MLP.mse_loss`:
#
# $$z_b = W_1x_b + b_1,\qquad h_b = \phi(z_b),\qquad f_b = W_2h_b + b_2,\qquad
#   L = \frac{1}{2B}\sum_{b=1}^{B}\lVert f_b - y_b\rVert^2 .$$
#
# Backpropagation, with $e_b = (f_b - y_b)/B$ and $\delta_b = (W_2^\top e_b)\odot\phi'(z_b)$, gives
#
# $$\frac{\partial L}{\partial W_2} = \sum_b e_b\,h_b^\top,\qquad \frac{\partial L}{\partial b_2} = \sum_b e_b,
#   \qquad \frac{\partial L}{\partial W_1} = \sum_b \delta_b\,x_b^\top,\qquad
#   \frac{\partial L}{\partial b_1} = \sum_b \delta_b .$$
#
# Read them unit by unit: row $i$ of $\partial L/\partial W_1$ is $\sum_b \delta_{b,i}\,x_b^\top$ with
# $\delta_{b,i} = \big(\sum_k e_{b,k}\,W_2[k,i]\big)\,\phi'(z_{b,i})$, and column $i$ of
# $\partial L/\partial W_2$ is $\sum_b e_b\,h_{b,i}$.
#
# **Claim.** Let $S(t)$ be the statement "after $t$ gradient steps every row of $W_1$ equals one vector
# $w^{(t)}$, every entry of $b_1$ equals one number $c^{(t)}$, and every column of $W_2$ equals one vector
# $v^{(t)}$". A constant initialization makes $S(0)$ true, and then $S(t)$ holds for every $t$.
#
# **Proof by induction.** Assume $S(t)$. For every example $b$ and every unit $i$:
#
# 1. $z_{b,i} = w^{(t)}\cdot x_b + c^{(t)}$ does not depend on $i$; hence neither do $h_{b,i} = \phi(z_{b,i})$
#    and $\phi'(z_{b,i})$.
# 2. $\sum_k e_{b,k}W_2[k,i] = e_b\cdot v^{(t)}$ does not depend on $i$; with step 1, neither does
#    $\delta_{b,i}$.
# 3. So all rows of $\partial L/\partial W_1$ equal $\sum_b \delta_{b,1} x_b^\top$, all entries of
#    $\partial L/\partial b_1$ are equal, and all columns of $\partial L/\partial W_2$ equal
#    $\sum_b e_b h_{b,1}$.
# 4. The step $\theta \leftarrow \theta - \eta\,\partial L/\partial\theta$ subtracts the same vector from
#    equal rows (and equal columns, equal entries), so $S(t+1)$ holds. $\blacksquare$
#
# Four remarks. The claim holds for any batch, so drawing random minibatches does not help: every unit sees
# the same minibatch. In a deeper network the same argument runs layer by layer (section 4 gives a form that
# needs no index bookkeeping). The shared row $w^{(t)}$ does change, and its entries become different from
# each other: the network learns, but with one unit. And since all $h_{b,i}$ are equal,
# $f_b = n\,(v^{(t)}h_{b,1}) + b_2$: the wide network computes exactly what a network of width 1 with outgoing
# weight $n\,v^{(t)}$ computes.
#
# To check this numerically we need a task. The toy task used in the whole notebook: 256 points $x$ drawn
# uniformly in $[-2, 2]^2$ (seed 0) and the target
# $y = \tanh(2(x_1 - x_2)) + \tfrac12\tanh(2(x_1 + x_2))$, a sum of two ridges that two tanh units could
# represent but one cannot. The cell also defines the tools used below.

# %%
data_rng = np.random.default_rng(0)
X = data_rng.uniform(-2, 2, size=(256, 2))
y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]
WIDTHS = [2, 16, 16, 1]   # 2 inputs, two tanh hidden layers of 16 units, a linear output


def constant_net(widths, value):
    """Every weight equal to `value`, every bias zero."""
    weights = [init.constant((n_out, n_in), value) for n_in, n_out in zip(widths, widths[1:])]
    return MLP(weights, activation="tanh", output_activation="linear")


def random_net(widths, seed):
    """Weights W ~ N(0, 1/fan_in) (notebook 02 explains this scale), biases zero."""
    rng = np.random.default_rng(seed)
    weights = [init.normal((n_out, n_in), 0.0, 1 / math.sqrt(n_in), rng=rng)
               for n_in, n_out in zip(widths, widths[1:])]
    return MLP(weights, activation="tanh", output_activation="linear")


def distinct_units(H, atol=1e-8):
    """Number of distinct columns of H (batch, units): units that compute different values on the data."""
    gaps = np.abs(H[:, :, None] - H[:, None, :]).max(axis=0)   # gaps[i, j] = max over the batch |h_i - h_j|
    same_as_earlier = np.triu(gaps <= atol, k=1).any(axis=0)
    return int(np.sum(~same_as_earlier))


def train(net, steps=400, lr=0.1, batch=64, seed=1):
    """Minibatch SGD on the toy task; returns the full-data loss and the distinct units per layer, every step."""
    rng = np.random.default_rng(seed)
    losses, counts = [], []
    for step in range(steps + 1):
        losses.append(net.mse_loss(X, y))                       # full data: forward and backward
        counts.append([distinct_units(h) for h in net.post[:-1]])
        if step < steps:
            rows = rng.choice(len(X), size=batch, replace=False)
            net.mse_loss(X[rows], y[rows])
            net.sgd_step(lr)
    return np.array(losses), np.array(counts)


def full_loss(net):
    """The full-data loss, forward pass only."""
    return float(0.5 * np.mean((net.forward(X) - y) ** 2))


def train_long(net, steps, every=100, stop_below=None, lr=0.1, batch=64, seed=1):
    """The same SGD as `train` (same minibatches), cheaper: the full-data loss every `every` steps only.

    Returns (recorded steps, losses, spreads) where spreads[t] is the largest spread between the rows of
    layer 1's weights at every step t; with `stop_below`, stops at the first recorded loss below it.
    """
    rng = np.random.default_rng(seed)
    steps_seen, losses, spreads = [], [], []
    for step in range(steps + 1):
        spreads.append(np.ptp(net.weights[0], axis=0).max())
        if step % every == 0:
            steps_seen.append(step)
            losses.append(full_loss(net))
            if stop_below is not None and losses[-1] < stop_below:
                break
        if step < steps:
            rows = rng.choice(len(X), size=batch, replace=False)
            net.mse_loss(X[rows], y[rows])
            net.sgd_step(lr)
    return np.array(steps_seen), np.array(losses), np.array(spreads)


def ints(values):
    """A tuple of plain Python ints (prints as (1, 1) rather than (np.int64(1), ...))."""
    return tuple(int(v) for v in values)


print(f"{len(X)} points, target variance {y.var():.3g}")

# %% [markdown]
# Now the check: the gradients of a constant network (every weight $0.3$) on one minibatch. `spread` is the
# largest difference between two rows (for $\partial L/\partial W$ of layer 1 and 2) or two columns (for the
# outgoing weights); the proof says each is zero.

# %%
net = constant_net(WIDTHS, 0.3)
net.mse_loss(X[:64], y[:64])          # forward and backward on one minibatch
dW1, dW2, dW3 = net.grad_weights
print(f"layer 1, dL/dW1 {dW1.shape}: spread between rows    {np.ptp(dW1, axis=0).max():.1e}")
print(f"layer 2, dL/dW2 {dW2.shape}: spread between rows    {np.ptp(dW2, axis=0).max():.1e}")
print(f"layer 2, dL/dW2 {dW2.shape}: spread between columns {np.ptp(dW2, axis=1).max():.1e}")
print(f"output,  dL/dW3 {dW3.shape}: spread between columns {np.ptp(dW3, axis=1).max():.1e}")
print("dL/dW1 =\n", dW1[:4], "\n ... (all 16 rows alike)")

# %% [markdown]
# Every spread is zero (at most a rounding error of order $10^{-16}$ on other BLAS libraries). After 50 SGD
# steps the rows are still identical, yet the shared row has moved away from $(0.3, 0.3)$ and its two entries
# differ: the single effective unit is learning a direction in the input plane.

# %%
net = constant_net(WIDTHS, 0.3)
train(net, steps=50)
print("row 0 of W1 after 50 steps:", net.weights[0][0])
print(f"spread between the 16 rows of W1: {np.ptp(net.weights[0], axis=0).max():.1e}")

# %% [markdown]
# ### Exercise 1 (implement, 3 points)
#
# Write the backward pass of section 3 yourself: `mlp_grads(x, y, W1, b1, W2, b2)` for the one-hidden-layer
# network and loss of the derivation, with $\phi = \tanh$.
#
# * `x` has shape `(B, n_in)`, `y` shape `(B, n_out)`; `W1` `(n_hidden, n_in)`, `b1` `(n_hidden,)`,
#   `W2` `(n_out, n_hidden)`, `b2` `(n_out,)` (PyTorch's layout: the hidden layer is `x @ W1.T + b1`);
# * the loss is `L = 0.5 * sum((f - y)**2) / B` with `f = tanh(x @ W1.T + b1) @ W2.T + b2`;
# * return the tuple `(dW1, db1, dW2, db2)` of NumPy arrays, each with the shape of its parameter.
#
# Use NumPy only: the point is to see where the identical rows come from, so the grader blocks
# `course_lib` (its `MLP` would do the backward pass for you) and torch while your function runs. The
# derivative of $\tanh$ is $1 - \tanh^2$.

# %% kind="answer" grade_id="n01_mlp_grads_answer"
def mlp_grads(x, y, W1, b1, W2, b2):
    """Gradients (dW1, db1, dW2, db2) of L = 0.5 * mean_b ||tanh(x W1^T + b1) W2^T + b2 - y||^2."""
    ### BEGIN SOLUTION
    h = np.tanh(x @ W1.T + b1)
    f = h @ W2.T + b2
    e = (f - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - h**2)
    return delta.T @ x, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
    ### END SOLUTION


# %% kind="test" grade_id="n01_mlp_grads_test" points=3
"""mlp_grads returns 4 arrays shaped like W1, b1, W2, b2, and a constant network gets identical rows of dW1."""
import numpy as np

from course_lib import grading

_rng = np.random.default_rng(grading.seed(7))
_x, _y = _rng.standard_normal((5, 3)), _rng.standard_normal((5, 2))
_out = grading.call_quietly(mlp_grads, _x, _y, np.full((4, 3), 0.3), np.zeros(4), np.full((2, 4), 0.3), np.zeros(2))
assert isinstance(_out, (tuple, list)) and len(_out) == 4, "mlp_grads should return a tuple (dW1, db1, dW2, db2)"
for _g, _name, _shape in zip(_out, ("dW1", "db1", "dW2", "db2"), ((4, 3), (4,), (2, 4), (2,))):
    grading.check_array(_g, _name, _shape)
assert np.ptp(_out[0], axis=0).max() < 1e-12, "the rows of dW1 of a constant network should be identical"
print("visible checks passed")

### BEGIN HIDDEN TESTS

_NAMES = ("dW1", "db1", "dW2", "db2")


def _no_course_lib(who):
    """course_lib (its functions and the methods of nets.MLP) and torch raise while active."""
    return grading.forbidding("course_lib.nets", "course_lib.stats", "course_lib.init", "torch", who=who,
                            advice="write the backward pass with NumPy yourself")


def _grads(x, y, W1, b1, W2, b2):
    args = [np.array(a, dtype=float) for a in (x, y, W1, b1, W2, b2)]
    with _no_course_lib("mlp_grads"):
        out = grading.call_quietly(mlp_grads, *args)
    if not isinstance(out, (tuple, list)) or len(out) != 4:
        raise AssertionError("mlp_grads should return a tuple of 4 arrays (dW1, db1, dW2, db2)")
    shapes = (W1.shape, b1.shape, W2.shape, b2.shape)
    return [grading.check_array(g, n, s) for g, n, s in zip(out, _NAMES, shapes)]


def _loss(x, y, W1, b1, W2, b2):
    f = np.tanh(x @ W1.T + b1) @ W2.T + b2
    return 0.5 * np.sum((f - y) ** 2) / x.shape[0]


def _numerical(x, y, params, eps=1e-6):
    """Central finite differences of _loss with respect to every entry of every parameter (accurate to ~1e-9)."""
    out = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + eps
            up = _loss(x, y, *params)
            p[idx] = keep - eps
            down = _loss(x, y, *params)
            p[idx] = keep
            g[idx] = (up - down) / (2 * eps)
        out.append(g)
    return out


def _compare(got, expected, case, batch, rtol, atol):
    """Each gradient must match; a wrong one is described by its ratio to the expected gradient."""
    wrong = [name for name, g, e in zip(_NAMES, got, expected) if not np.allclose(g, e, rtol=rtol, atol=atol)]
    if not wrong:
        return
    g, e = got[_NAMES.index(wrong[0])], expected[_NAMES.index(wrong[0])]
    ratio = float(np.sum(g * e) / np.sum(e * e)) if np.sum(e * e) > 0 else float("nan")
    hint = ""
    if np.allclose(g, ratio * e, rtol=1e-4, atol=atol):
        hint = grading.ratio_hint(ratio, [
            (2.0, f"{wrong[0]} is twice the gradient: the loss has a factor 1/2."),
            (-1.0, f"{wrong[0]} has the wrong sign: the error is f - y."),
            (batch, f"{wrong[0]} is B times too large: the loss is a mean over the batch."),
            (1 / batch, f"{wrong[0]} is divided by B twice."),
        ], tolerance=1e-3)
    where = ""
    if set(wrong) <= {"dW1", "db1"}:
        where = (" dW2 and db2 are right, so look between the output and the hidden layer: how e goes back "
                 "through W2, and the derivative of tanh at the pre-activation, 1 - tanh(z)**2.")
    raise AssertionError(f"{', '.join(wrong)} wrong for {case}.{hint}{where}")


_rng = np.random.default_rng(grading.seed(99))
for _B, _n_in, _n_hidden, _n_out in [(5, 3, 4, 2), (7, 5, 3, 1), (1, 2, 6, 3), (16, 4, 9, 2)]:
    _x, _y = _rng.standard_normal((_B, _n_in)), 2 * _rng.standard_normal((_B, _n_out))
    _params = [0.8 * _rng.standard_normal((_n_hidden, _n_in)), _rng.standard_normal(_n_hidden),
               _rng.standard_normal((_n_out, _n_hidden)), _rng.standard_normal(_n_out)]
    _expected = _numerical(_x, _y, [p.copy() for p in _params])
    # central differences are accurate to about 1e-9 here; every plausible slip is off by far more
    _compare(_grads(_x, _y, *_params), _expected,
             f"a random network with B={_B}, n_in={_n_in}, n_hidden={_n_hidden}, n_out={_n_out}", _B,
             rtol=1e-5, atol=1e-7)
# a symmetric network whose hidden units share incoming weights, bias and outgoing weights
_x, _y = _rng.standard_normal((6, 3)), _rng.standard_normal((6, 2))
_row, _col = _rng.standard_normal(3), _rng.standard_normal(2)
_params = [np.tile(_row, (5, 1)), np.full(5, 0.2), np.tile(_col[:, None], (1, 5)), np.zeros(2)]
_got = _grads(_x, _y, *_params)
_compare(_got, _numerical(_x, _y, [p.copy() for p in _params]), "a network whose 5 hidden units are identical", 6,
         rtol=1e-5, atol=1e-7)
assert np.ptp(_got[0], axis=0).max() < 1e-12 and np.ptp(_got[1]) < 1e-12, (
    "identical hidden units should get identical rows of dW1 and entries of db1")
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Any initialization that is symmetric under a swap
#
# A constant initialization is only the most extreme case. The argument needs nothing but a symmetry.
# Let $\theta$ collect all parameters and let $P$ swap hidden units $i$ and $j$ of one layer: rows $i, j$ of
# that layer's $W$, entries $i, j$ of its $b$, and columns $i, j$ of the next layer's $W$. $P$ is a
# permutation of the entries of $\theta$, so $P^\top = P^{-1} = P$.
#
# 1. Section 2 showed $f(x;P\theta) = f(x;\theta)$ for every $x$ and $\theta$, so $L(P\theta) = L(\theta)$
#    for every batch.
# 2. Differentiating both sides (chain rule, $P$ linear): $P^\top\,\nabla L(P\theta) = \nabla L(\theta)$, that
#    is $\nabla L(P\theta) = P\,\nabla L(\theta)$.
# 3. If $P\theta_t = \theta_t$, then $\nabla L(\theta_t) = \nabla L(P\theta_t) = P\,\nabla L(\theta_t)$, and
#    $$P\theta_{t+1} = P\theta_t - \eta\,P\nabla L(\theta_t) = \theta_t - \eta\,\nabla L(\theta_t) = \theta_{t+1}.$$
#
# By induction, **any initialization with $P\theta_0 = \theta_0$ keeps units $i$ and $j$ identical forever**,
# whatever the depth, the loss, the minibatches or the values of the other units. What $P\theta_0 = \theta_0$
# requires is that the two units agree in all three parts: incoming weights, bias *and* outgoing weights.
#
# The cell below checks both halves on the toy task: a random network in which unit 1 of the first hidden
# layer is a copy of unit 0 (row, bias and outgoing column), and one in which only the incoming row and the bias
# are copied.

# %%
# NBVAL_CHECK_OUTPUT
def copy_unit(net, source=0, target=1, outgoing=True):
    """Make hidden unit `target` of layer 1 a copy of unit `source` (incoming row and bias; outgoing column)."""
    net.weights[0][target] = net.weights[0][source]
    net.biases[0][target] = net.biases[0][source]
    if outgoing:
        net.weights[1][:, target] = net.weights[1][:, source]
    return net


for outgoing in (True, False):
    net = copy_unit(random_net(WIDTHS, seed=3), outgoing=outgoing)
    losses, counts = train(net)
    gap = np.max(np.abs(net.weights[0][1] - net.weights[0][0]))
    label = "row, bias and outgoing column copied" if outgoing else "only the incoming row and bias copied"
    print(f"{label}:\n  distinct units in layer 1: step 0 {counts[0, 0]}, step 1 {counts[1, 0]}, "
          f"all 401 steps {ints(sorted(set(counts[:, 0])))}; "
          f"|row 1 - row 0| after training {'< 1e-12' if gap < 1e-12 else f'= {gap:.2g}'}")

# %% [markdown]
# With the full copy, layer 1 has 15 distinct units at every step: units 0 and 1 are stuck together, the other
# 14 are free. When only the incoming weights and the bias are copied, the different outgoing weights send
# different gradients back, and the two units separate at the first step: 16 distinct units at step 1
# (the cell prints the set of counts over all steps, and how far apart the two rows end).
#
# **Other optimizers.** Step 3 used plain gradient descent, but it needs only that the update is *equivariant*:
# that permuting the gradient history permutes the update. SGD with momentum, Adam and weight decay (L2 or
# decoupled) compute every parameter's update from that parameter's own gradient history and value, entry by
# entry, so they are; the induction goes through unchanged. The cell checks it: the same two networks trained
# for 400 steps with SGD + momentum 0.9 + L2 weight decay, and with AdamW (Adam with decoupled weight decay),
# both written out entry by entry in NumPy.

# %%
# NBVAL_CHECK_OUTPUT
def train_optimizer(net, kind, steps=400, batch=64, seed=1):
    """Minibatch training with 'momentum' (SGD, lr 0.05, momentum 0.9, L2 decay 1e-3) or 'adamw'
    (lr 0.01, betas 0.9 and 0.999, eps 1e-8, decoupled decay 1e-2); updates the net in place."""
    rng = np.random.default_rng(seed)
    params = [*net.weights, *net.biases]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        rows = rng.choice(len(X), size=batch, replace=False)
        net.mse_loss(X[rows], y[rows])
        for p, g, m, v in zip(params, [*net.grad_weights, *net.grad_biases], first, second):
            if kind == "momentum":
                m *= 0.9
                m += g + 1e-3 * p
                p -= 0.05 * m
            else:
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p -= 0.01 * ((m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8) + 1e-2 * p)
    return net


for kind in ("momentum", "adamw"):
    for outgoing in (True, False):
        net = train_optimizer(copy_unit(random_net(WIDTHS, seed=3), outgoing=outgoing), kind)
        net.forward(X)
        gap = np.max(np.abs(net.weights[0][1] - net.weights[0][0]))
        label = "full copy      " if outgoing else "incoming only  "
        print(f"{kind:8s} {label} distinct units in layer 1 after 400 steps: {distinct_units(net.post[0])}, "
              f"|row 1 - row 0| {'< 1e-12' if gap < 1e-12 else f'= {gap:.2g}'}, loss {full_loss(net):.3g}")

# %% [markdown]
# Under both optimizers the full copy stays stuck (15 distinct units, rows equal to rounding) and the partial
# copy separates (16). What breaks the symmetry is only something that treats the two units differently,
# such as a random start.
#
# ### Exercise 2 (predict, 3 points)
#
# Before running anything, predict how many **distinct units** each hidden layer has after the 400 SGD steps of
# `train` (batch 64, learning rate 0.1, the same minibatches every time), for nine starts of the `WIDTHS`
# network (two tanh layers of 16 units, `W1` of shape `(16, 2)`, `W2` `(16, 16)`, `W3` `(1, 16)`). Each case
# starts from the random network `random_net(WIDTHS, seed=5)` (weights $\mathcal N(0, 1/\text{fan\_in})$, biases
# zero) and changes it as follows. "Distinct" is what `distinct_units` counts: units whose activations on the
# 256 points differ by more than $10^{-8}$.
#
# | case | change to the random network |
# |---|---|
# | `"A"` | every entry of `W2` and `W3` set to 0.3 (`W1` stays random) |
# | `"B"` | every entry of `W1` set to 0.3 (`W2`, `W3` stay random) |
# | `"C"` | unit 3 of layer 2 made a full copy of unit 7: row 7 of `W2`, entry 7 of `b2`, column 7 of `W3` |
# | `"D"` | units 0, 1, 2, 3 of layer 1 get unit 4's row of `W1` and unit 4's column of `W2` (biases are all zero) |
# | `"E"` | `W3` (the output layer) set to zero |
# | `"F"` | every weight set to zero |
# | `"G"` | every weight set to 0.3, and the biases of layer 1 drawn from $\mathcal N(0, 0.25)$ (layer 2's stay zero) |
# | `"H"` | every entry of `W3` set to 0.3 |
# | `"I"` | every row of `W2` set to a copy of row 0 of `W2` |
#
# Write `predicted_distinct_units()` returning a dict from each case letter to a pair
# `(distinct units in layer 1, distinct units in layer 2)` of ints. Reason with section 4: which pairs of units
# agree in incoming weights, bias and outgoing weights at step 0, and which agreements can the first gradient
# step undo? The cell after the test runs the nine trainings and shows your predictions beside them.

# %% kind="answer" grade_id="n01_predict_units_answer"
def predicted_distinct_units():
    """{case letter: (distinct units in layer 1, distinct units in layer 2) after 400 SGD steps}."""
    ### BEGIN SOLUTION
    return {"A": (16, 1), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 16),
            "F": (1, 1), "G": (16, 1), "H": (16, 16), "I": (16, 16)}
    ### END SOLUTION


# %% kind="test" grade_id="n01_predict_units_test" points=3
"""predicted_distinct_units() maps each case A to I to a pair of ints between 1 and 16 (hidden: the counts)."""
from course_lib import grading

_got = grading.call_quietly(predicted_distinct_units)
assert isinstance(_got, dict), f"predicted_distinct_units() should return a dict, got {type(_got).__name__}"
assert sorted(_got) == list("ABCDEFGHI"), f"the keys should be the case letters A to I, got {sorted(_got)}"
for _case, _pair in _got.items():
    assert isinstance(_pair, (tuple, list)) and len(_pair) == 2, f"case {_case}: give a pair (layer 1, layer 2)"
    for _n in _pair:
        grading.check_number(_n, f"case {_case}", low=1, high=16)
        assert float(_n) == int(_n), f"case {_case}: a count of units is a whole number, got {_n}"
print("visible checks passed")

### BEGIN HIDDEN TESTS


def _no_course_lib(who):
    """course_lib (its functions and the methods of nets.MLP) and torch raise while active."""
    return grading.forbidding("course_lib.nets", "course_lib.stats", "course_lib.init", "torch", who=who,
                            advice="predict from the symmetry argument (the next cell runs the simulation)")


with _no_course_lib("predicted_distinct_units"):
    _got = grading.call_quietly(predicted_distinct_units)
# the counts the notebook's simulation measures (the cell after this one), fixed seeds: no randomness here
_truth = {"A": (16, 1), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 16),
          "F": (1, 1), "G": (16, 1), "H": (16, 16), "I": (16, 16)}
_why = {
    "A": "layer 2's units share a constant row of W2, a zero bias and a constant column of W3",
    "B": "layer 1's units share a row and a bias, but do their outgoing columns of W2 agree?",
    "C": "a full copy (incoming row, bias, outgoing column) is never separated",
    "D": "how many units of layer 1 form the group that agrees in all three parts?",
    "E": "a zero output layer gets a gradient e h2^T whose columns differ when layer 2's units differ",
    "F": "all-zero weights are a constant start in every layer",
    "G": "random biases make layer 1's units differ; what do layer 2's units share?",
    "H": "equal outgoing weights alone are not enough: do layer 2's rows of W2 agree?",
    "I": "equal incoming rows with different outgoing columns of W3 separate after one step",
}
_wrong = [c for c in _truth if [int(v) for v in _got[c]] != list(_truth[c])]
assert not _wrong, (
    f"{len(_wrong)} of the 9 predictions are off, in case(s) {', '.join(_wrong)}. "
    + " ".join(f"{c}: {_why[c]}." for c in _wrong[:3]))
### END HIDDEN TESTS

# %% [markdown]
# The reveal: the nine trainings, with your predictions beside them.

# %%
# NBVAL_CHECK_OUTPUT
def case_net(case):
    """The start of case `case` of Exercise 2."""
    net = random_net(WIDTHS, seed=5)
    W1_, W2_, W3_ = net.weights
    if case == "A":
        W2_[:], W3_[:] = 0.3, 0.3
    elif case == "B":
        W1_[:] = 0.3
    elif case == "C":
        W2_[3], net.biases[1][3], W3_[:, 3] = W2_[7], net.biases[1][7], W3_[:, 7]
    elif case == "D":
        W1_[:4], W2_[:, :4] = W1_[4], W2_[:, 4:5]
    elif case == "E":
        W3_[:] = 0.0
    elif case == "F":
        W1_[:], W2_[:], W3_[:] = 0.0, 0.0, 0.0
    elif case == "G":
        W1_[:], W2_[:], W3_[:] = 0.3, 0.3, 0.3
        net.biases[0][:] = 0.5 * np.random.default_rng(6).standard_normal(16)
    elif case == "H":
        W3_[:] = 0.3
    elif case == "I":
        W2_[:] = W2_[0]
    return net


predicted = grading.learner_value(predicted_distinct_units)
predicted = predicted if isinstance(predicted, dict) else {}
print("case | distinct units at step 0 | after 400 steps | your prediction | final loss")
for case in "ABCDEFGHI":
    losses, counts = train(case_net(case))
    mine = predicted.get(case)
    mine = ints(mine) if isinstance(mine, (tuple, list)) else "-"
    print(f"  {case}  | {ints(counts[0])!s:>24} | {ints(counts[-1])!s:>15} | {mine!s:>15} | {losses[-1]:.3g}")

# %% [markdown]
# Two cases change their count during training. In B, layer 1's units start identical (one distinct unit at
# step 0) but differ in their outgoing columns, so they separate at the first step; in I, layer 2's rows
# start equal and separate the same way. In A and G, layer 2 is a genuinely symmetric layer (equal rows, equal
# biases, equal outgoing weights) and keeps one unit, even though the units of layer 1 below it differ. In D, the
# five units 0 to 4 form one group, leaving 12 distinct units. E shows that a zero layer is not a symmetric
# one by itself: what matters is whether swapping two units leaves *all* parameters unchanged.

# %% [markdown]
# ## 5. Experiment: constant versus random initialization
#
# Now the full story on the toy task. Two networks with the same architecture (`WIDTHS`: two tanh layers of
# 16 units) are trained with the same 400 minibatch SGD steps (batch 64, learning rate 0.1, the same
# minibatches for both): one with every weight equal to $0.3$, one with random weights
# $W_{ij}\sim\mathcal N(0, 1/\text{fan\_in})$. Biases start at zero in both. At **every** step we count the
# distinct units of each hidden layer from their activations on the 256 points.

# %%
# NBVAL_CHECK_OUTPUT
constant = constant_net(WIDTHS, 0.3)
random_ = random_net(WIDTHS, seed=1)
loss_constant, count_constant = train(constant)
loss_random, count_random = train(random_)

print("step | distinct units (layer 1, layer 2): constant init | random init")
for step in (0, 1, 2, 5, 10, 50, 100, 200, 300, 400):
    print(f"{step:4d} | {ints(count_constant[step])!s:>20} | {ints(count_random[step])!s:>11}")
print("counts seen over all 401 steps, constant init:", ints(sorted(set(count_constant.ravel()))))
print("counts seen over all 401 steps, random init:  ", ints(sorted(set(count_random.ravel()))))
print(f"final loss: constant init {loss_constant[-1]:.3g}, random init {loss_random[-1]:.3g}")

# %% [markdown]
# The constant network has one distinct unit per layer at every one of the 401 steps; the random one has 16
# per layer throughout. The cell prints both final losses: the random network's is far lower.
#
# How good can a constant network get? Section 3 says it computes what a width-1 network computes. The next
# cell checks that literally, by building the width-1 network (one unit per layer; its outgoing weight is $n$
# times the shared column, the sum over the $n$ equal columns) and comparing outputs. Then it trains three
# genuine width-1 networks from random
# starts, for 1000 steps, to see what a single unit per layer reaches.

# %%
# NBVAL_CHECK_OUTPUT
def collapse(net):
    """The width-1 network that computes what `net` computes when all units of each layer are identical."""
    weights = [net.weights[0][:1]] + [w[:1].sum(axis=1, keepdims=True) for w in net.weights[1:]]
    return MLP(weights, [b[:1] for b in net.biases], activation="tanh", output_activation="linear")


gap = np.max(np.abs(constant.forward(X) - collapse(constant).forward(X)))
print(f"trained constant network vs its width-1 collapse: outputs agree within 1e-12: {gap < 1e-12}")
width1 = [train(random_net([2, 1, 1, 1], seed), steps=1000)[0][-1] for seed in range(3)]
print("width-1 networks after 1000 steps:", [f"{value:.3g}" for value in width1])
print(f"constant 16-unit network after 400 steps: {loss_constant[-1]:.3g}; "
      f"random 16-unit network: {loss_random[-1]:.3g}")
print(f"predicting the mean of y (loss 0.5 Var(y)): {0.5 * y.var():.3g}")

# %% [markdown]
# The wide constant network is a width-1 network in disguise: its outputs are those of its collapse, and its
# loss plateaus at the level the three width-1 networks reach in 1000 steps (compare the printed values). The picture: the loss
# curves, and what the 16 units of the first layer compute along the line $x_2 = 0.5$ after training.

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
steps = np.arange(len(loss_constant))
axes[0].plot(steps, loss_constant, color=plots.PALETTE[1], label="constant init (0.3)")
axes[0].plot(steps, loss_random, color=plots.PALETTE[0], label="random init N(0, 1/fan_in)")
axes[0].axhline(min(width1), color="black", linestyle="--", linewidth=1, label="best of 3 width-1 networks, 1000 steps")
axes[0].set_yscale("log")
axes[0].set(xlabel="SGD step", ylabel="loss (full data)", title="Training loss")
axes[0].legend()
t = np.linspace(-2, 2, 200)
line = np.stack([t, np.full_like(t, 0.5)], axis=1)
for ax, net_, name in ((axes[1], constant, "constant init"), (axes[2], random_, "random init")):
    net_.forward(line)
    ax.plot(t, net_.post[0], linewidth=1)
    ax.set(xlabel="$x_1$ (with $x_2 = 0.5$)", ylabel="$h_i$, layer 1",
           title=f"{name}: {distinct_units(net_.post[0])} distinct unit(s)")
plt.show()

# %% [markdown]
# In the middle panel the 16 curves lie on top of each other; on the right they are 16 different functions.
#
# ### Almost constant: stuck for a while, not forever
#
# Could a tiny difference rescue training, such as rounding errors or a little noise added to the constant?
# The symmetric configurations form an invariant set of the dynamics (section 4: what starts in it stays in
# it). The cell adds noise of size `eps` to the constant $0.3$ and reports how far apart the rows of layer 1
# are before and after the same 400 steps.

# %%
# NBVAL_CHECK_OUTPUT
def noisy_constant_net(eps):
    """Every weight 0.3 plus eps times a standard normal (seed 4, the same direction for every eps)."""
    noise_rng = np.random.default_rng(4)
    net = constant_net(WIDTHS, 0.3)
    for w in net.weights:
        w += eps * noise_rng.standard_normal(w.shape)
    return net


for eps in (1e-8, 1e-2):
    net = noisy_constant_net(eps)
    spread_before = np.ptp(net.weights[0], axis=0).max()
    losses, counts = train(net)
    spread_after = np.ptp(net.weights[0], axis=0).max()
    print(f"eps = {eps:.0e}: spread of layer-1 rows {spread_before:.2g} -> {spread_after:.2g}, "
          f"distinct units {ints(counts[-1])}, loss after 400 steps {losses[-1]:.3g}")
print(f"for comparison, random init: loss after 400 steps {loss_random[-1]:.3g}")

# %% [markdown]
# Within 400 steps neither noisy start gets off the width-1 level: with `eps = 1e-8` the counter does not even
# see all units as distinct, and with `eps = 1e-2` the spread has only doubled. But 400 steps is a short
# budget. The symmetric set is not a trap with walls: it is a **saddle**. Along the directions that
# make units different, the loss curves *down*, so a small difference grows, slowly at first, then fast. Run
# the `eps = 1e-2` start longer, and, to measure the growth cleanly, a start with `eps = 1e-6`, whose spread
# stays tiny for thousands of steps:

# %%
# NBVAL_CHECK_OUTPUT
THRESHOLD = 0.03    # "escaped": the full-data loss is below 0.03, half the width-1 plateau
steps_2, losses_2, spreads_2 = train_long(noisy_constant_net(1e-2), 6000, every=10)
escape_2 = int(steps_2[np.argmax(losses_2 < THRESHOLD)])
for step in (400, 2000, 3000, 4000, 6000):
    print(f"eps = 1e-2, step {step:4d}: loss {losses_2[steps_2 == step][0]:.3g}")
print(f"eps = 1e-2: first step (on a grid of 10) with loss below {THRESHOLD}: {escape_2}")

_, _, spreads_6 = train_long(noisy_constant_net(1e-6), 5000)
rate = math.log(spreads_6[5000] / spreads_6[1000]) / 4000
print(f"eps = 1e-6: spread of layer-1 rows at steps 0, 1000, 3000, 5000: "
      f"{spreads_6[0]:.2g}, {spreads_6[1000]:.2g}, {spreads_6[3000]:.2g}, {spreads_6[5000]:.2g}")
print(f"growth on the plateau: the spread grows e-fold every {round(1 / rate, -1):.0f} steps")

# %% [markdown]
# With `eps = 1e-2` the network leaves the plateau between step 2000 and step 4000, and by step 6000 its loss
# is close to the random network's after 400 steps. The `eps = 1e-6` run shows why it takes so long: on the plateau the spread between
# the units grows exponentially, by the same factor $e$ every fixed number of steps (printed; measured
# between steps 1000 and 5000, after a faster start). This is the linearization around a saddle: once the
# symmetric part has settled on the width-1 plateau, a small deviation $\delta$ from the symmetric set obeys
# $\delta_{t+1} \approx (I - \eta H)\,\delta_t$, with $H$ the curvature (Hessian) of the loss in the directions
# that make units differ. At a saddle $H$ has a negative eigenvalue $-\lambda$, that component grows like
# $(1 + \eta\lambda)^t \approx e^{\eta\lambda t}$, and nothing happens to the loss until $\delta$ has reached a
# size of order one. The same log-delay appears in Saxe, McClelland and Ganguli (2014), who solved the
# learning dynamics of deep *linear* networks exactly: started at a small scale $u_0$ near the origin
# (another saddle), a mode needs a time that grows like $\log(1/u_0)$ before it is learned.
#
# ### Exercise 3 (predict, 2 points)
#
# Using only the two numbers the last cell printed (the escape step of `eps = 1e-2` and the e-folding time of
# the spread on the plateau), write `predicted_escape_step(eps)`: your prediction of the escape step (the first
# step, on the grid of 10, at which the full-data loss falls below 0.03) for the start
# `noisy_constant_net(eps)`, trained exactly as above, for any `eps` between $10^{-12}$ and $10^{-2}$. Return a
# number. Assume that the escape happens when the spread has grown to the same size whatever `eps` was (the
# noise has the same direction for every `eps`). The cell after the test runs `eps = 1e-4` and `eps = 1e-8`
# until they escape; the hidden test compares your function with the escape steps measured at other values
# of `eps` (within 8 %).

# %% kind="answer" grade_id="n01_escape_step_answer"
def predicted_escape_step(eps):
    """Predicted first step (grid of 10) at which noisy_constant_net(eps) reaches a full-data loss below 0.03."""
    ### BEGIN SOLUTION
    return 3550 + 1140 * math.log(1e-2 / eps)
    ### END SOLUTION


# %% kind="test" grade_id="n01_escape_step_test" points=2
"""predicted_escape_step(eps) is a positive number that grows as eps shrinks (hidden: measured escape steps)."""
from course_lib import grading

_small = grading.check_number(grading.call_quietly(predicted_escape_step, 1e-9), "predicted_escape_step(1e-9)",
                              positive=True)
_large = grading.check_number(grading.call_quietly(predicted_escape_step, 1e-3), "predicted_escape_step(1e-3)",
                              positive=True)
assert _small > _large, "a smaller eps should take longer to escape: predicted_escape_step should decrease"
print("visible checks passed")

### BEGIN HIDDEN TESTS


def _no_course_lib(who):
    """course_lib (its functions and the methods of nets.MLP) and torch raise while active."""
    return grading.forbidding("course_lib.nets", "course_lib.stats", "course_lib.init", "torch", who=who,
                            advice="predict from the two printed numbers (the next cell runs the simulation)")


# escape steps measured with the notebook's set-up (noise seed 4, minibatch seed 1, threshold 0.03, grid 10);
# deterministic, so no statistical error. 8 % separates the log law (within 2 % everywhere) from the slips:
# no offset (t proportional to log(1/eps): -14 % at 1e-3, -29 % at 1e-12), log10 for ln (-25 % at 1e-3),
# log2 for ln (+18 % at 1e-3), and the e-fold time times log(1/eps) without the reference step (+27 % at
# 1e-3, +13 % at 1e-5).
_measured = {1e-3: 6210, 1e-5: 11550, 1e-7: 16850, 1e-10: 24770, 1e-12: 30040}
_off = []
for _eps, _steps in _measured.items():
    with _no_course_lib("predicted_escape_step"):
        _value = grading.as_float(grading.call_quietly(predicted_escape_step, _eps),
                                  f"predicted_escape_step({_eps:g})")
    if abs(_value / _steps - 1) > 0.08:
        _off.append((_eps, _value / _steps))
assert not _off, (
    "predicted_escape_step is off by more than 8 % at eps = "
    + ", ".join(f"{e:g} ({r:.2f}x the measured step)" for e, r in _off)
    + ". The spread must grow by the factor 1e-2/eps more than for eps = 1e-2: how many e-folds is that, "
    "and when does the e-folding start?")
### END HIDDEN TESTS

# %% [markdown]
# The reveal: `eps = 1e-4` and `eps = 1e-8`, run until their loss falls below 0.03, beside your prediction.

# %%
# NBVAL_CHECK_OUTPUT
long_runs = {1e-2: (steps_2, losses_2)}
for eps in (1e-4, 1e-8):
    run_steps, run_losses, _ = train_long(noisy_constant_net(eps), 40000, every=10, stop_below=THRESHOLD)
    long_runs[eps] = (run_steps, run_losses)
    mine = grading.learner_value(predicted_escape_step, eps)
    mine = f"{float(mine):.0f}" if isinstance(mine, (int, float, np.number)) else "-"
    print(f"eps = {eps:.0e}: measured escape step {int(run_steps[-1])}, your prediction {mine}")
escape_4, escape_8 = (int(long_runs[eps][0][-1]) for eps in (1e-4, 1e-8))
print(f"extra plateau steps per factor of 100 less noise: {escape_4 - escape_2} (1e-2 to 1e-4), "
      f"{(escape_8 - escape_4) / 2:.0f} (1e-4 to 1e-8); tau * ln(100) = {round(math.log(100) / rate, -1):.0f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.4))
for (eps, (run_steps, run_losses)), color in zip(long_runs.items(), plots.PALETTE):
    ax.plot(run_steps, run_losses, color=color, label=f"constant 0.3 + noise {eps:.0e}")
ax.axhline(THRESHOLD, color="black", linestyle="--", linewidth=1, label="escape threshold 0.03")
ax.set_yscale("log")
ax.set(xlabel="SGD step", ylabel="loss (full data)", title="Nearly symmetric starts: the plateau lasts ~ log(1/eps)")
ax.legend()
plt.show()

# %% [markdown]
# Each factor of 100 less noise buys about the same extra stretch of plateau, close to $\tau\ln 100$ (the last
# line printed): the escape delay grows like $\tau\log(1/\epsilon)$, where $\tau$ is the e-folding time. With
# `eps = 1e-8` the network is stuck for nearly 20,000 steps, and rounding errors ($10^{-16}$ relative) would
# take longer still, if they break the symmetry at all (the exactly constant network's rows were still exactly
# equal after 50 steps in section 3).
#
# Two checks of the saddle picture. First, the curvature: the cell computes the full Hessian of the loss (in
# all parameters, by central differences of the gradient) of the *exactly* constant network, which stays on the
# plateau, at three steps of the same SGD run. Its lowest eigenvalue $-\lambda$ is negative, and
# $1/(\eta\lambda)$ should be the e-folding time measured above. Second, larger noise: with `eps` of the size
# of the weights themselves (0.1 and 0.3, against the constant 0.3), how long is the plateau?

# %%
# NBVAL_CHECK_OUTPUT
def hessian(net, h=1e-5):
    """The full-data Hessian of the loss in all parameters, by central differences of the gradient."""
    def gradient():
        net.mse_loss(X, y)
        return np.concatenate([g.ravel() for g in (*net.grad_weights, *net.grad_biases)])
    columns = []
    for p in (*net.weights, *net.biases):
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + h
            up = gradient()
            p[idx] = keep - h
            down = gradient()
            p[idx] = keep
            columns.append((up - down) / (2 * h))
    H = np.array(columns)
    return (H + H.T) / 2


net = constant_net(WIDTHS, 0.3)          # exactly symmetric: it stays on the plateau
batches = np.random.default_rng(1)       # the minibatches of train and train_long
rates = []
for step in range(1, 5001):
    rows = batches.choice(len(X), size=64, replace=False)
    net.mse_loss(X[rows], y[rows])
    net.sgd_step(0.1)
    if step in (1000, 3000, 5000):
        eigenvalues = np.linalg.eigvalsh(hessian(net))
        lam = -eigenvalues[0]
        rates.append(0.1 * lam)
        repeats = int(np.sum(eigenvalues < -0.99 * lam))
        print(f"step {step}: lowest Hessian eigenvalue {-lam:.2g} ({repeats} directions), "
              f"1 / (lr * lambda) = {round(1 / (0.1 * lam), -1):.0f} steps")
print(f"e-folding time from the mean of the three rates: {round(1 / np.mean(rates), -1):.0f} steps "
      f"(measured from the spread: {round(1 / rate, -1):.0f})")
for eps in (1e-1, 3e-1):
    run_steps, _, _ = train_long(noisy_constant_net(eps), 2000, every=10, stop_below=THRESHOLD)
    print(f"eps = {eps:.0e}: escape step {int(run_steps[-1])}")
run_steps, _, _ = train_long(random_net(WIDTHS, seed=1), 2000, every=10, stop_below=THRESHOLD)
print(f"random init N(0, 1/fan_in): loss below {THRESHOLD} at step {int(run_steps[-1])}")

# %% [markdown]
# The symmetric point is a saddle: the Hessian has a negative eigenvalue, repeated in 15 directions (one fewer
# than the 16 units of a layer: the permutation symmetry makes it repeat), and $1/(\eta\lambda)$ matches the
# measured e-folding time to a few percent. The curvature deepens slowly along the run (the three printed
# eigenvalues), so the growth rate is not exactly constant. Noise a third of the weights' size
# shortens the plateau to 600 steps, and noise as large as the weights to 60, close to the random start's 40
# (the log law, a small-`eps` approximation, predicts neither). So "almost constant" is not "as bad as
# constant": it is *slow*, by an amount that is only logarithmic in the noise, but every extra plateau step is wasted compute, and on a budget
# (400 steps here) it looks exactly like failure. Symmetry is broken quickly only when the units differ at the
# scale of the weights themselves. How large that scale should be is the subject of notebooks 02 to 05.

# %% [markdown]
# ## 6. Biases: zero is fine, a constant cannot help
#
# Unit $i$'s pre-activation is $z_{b,i} = W_1[i,:]\cdot x_b + b_1[i]$. With random rows of $W_1$ the units
# already differ for $b = 0$: distinct rows give distinct functions, and the bias gradients
# $\partial L/\partial b_1[i] = \sum_b \delta_{b,i}$ differ from the first step on. So biases do not need to be
# random, and zero is a common default: Keras's `Dense` has `bias_initializer="zeros"`
# (`keras/src/layers/core/dense.py`, Keras 3, commit `01b8036` of keras-team/keras) and Flax's `nn.Dense` has
# `bias_init = initializers.zeros_init()` (`flax/linen/linear.py`, commit `02603f6` of google/flax). PyTorch's
# `nn.Linear` draws small uniform biases instead, $U(-1/\sqrt{\text{fan\_in}}, 1/\sqrt{\text{fan\_in}})$
# (`torch/nn/modules/linear.py`, `reset_parameters`); the cell after the next one shows it with the installed
# torch, if there is one. Framework defaults are the subject of notebook 04.
#
# Conversely, a bias that is the same for all units is part of the symmetric configuration of section 3
# ($c^{(0)}$ in the claim): whatever its value, it changes nothing about symmetry.
#
# Random biases with constant weights are the remaining case. They do make $P\theta_0 \ne \theta_0$, so the
# units separate, but every unit of the first layer starts as a shifted copy of the same function of
# $w\cdot x$. The cell measures all three cases after the usual 400 steps, and, as a measure of how *different*
# the units of layer 2 are, the ratio $s_2/s_1$ of the two largest singular values of the trained $W_2$ (near
# 0 means all rows point almost the same way). It then trains the random-bias network ten times longer.

# %%
# NBVAL_CHECK_OUTPUT
def bias_case(name, net):
    losses, counts = train(net)
    s = np.linalg.svd(net.weights[1], compute_uv=False)
    print(f"{name:44s} distinct units {ints(counts[0])} -> {ints(counts[-1])}, "
          f"loss at 400 {losses[-1]:.3g}, s2/s1 of W2 {s[1] / s[0]:.2f}")


def random_bias_net():
    net = constant_net(WIDTHS, 0.3)
    bias_rng = np.random.default_rng(2)
    for b in net.biases:
        b[:] = 0.5 * bias_rng.standard_normal(b.shape)
    return net


bias_case("random weights, zero biases", random_net(WIDTHS, seed=1))
net = constant_net(WIDTHS, 0.3)
for b in net.biases:
    b[:] = 0.5
bias_case("constant weights, constant biases 0.5", net)
bias_case("constant weights, random biases N(0, 0.25)", random_bias_net())

net = random_bias_net()
bias_steps, bias_losses, _ = train_long(net, 4000)
s = np.linalg.svd(net.weights[1], compute_uv=False)
print("constant weights, random biases, longer: loss at steps 400, 1000, 2000, 4000:",
      ", ".join(f"{bias_losses[bias_steps == t][0]:.3g}" for t in (400, 1000, 2000, 4000)),
      f"; s2/s1 of W2 at 4000: {s[1] / s[0]:.2f}")

# first step of the random network: are the 16 bias gradients of layer 1 all different?
net = random_net(WIDTHS, seed=1)
net.mse_loss(X, y)
print("distinct entries of dL/db1 at step 0 (random weights, zero biases):",
      distinct_units(net.grad_biases[0][None, :]))

# %% [markdown]
# Zero biases cost nothing: the units are distinct from step 0 and all 16 bias gradients differ. A constant
# bias of 0.5 leaves one unit per layer, forever. Random biases with constant weights give 16 distinct units
# whose loss is still at the width-1 level after 400 steps, with $s_2/s_1$ near zero; trained longer, the
# same network does get off the plateau (the printed losses at 1000 to 4000 steps), and the singular value
# ratio grows. Like the noisy constant of section 5, the biases break the symmetry, but *slowly*: the units
# start as near-copies and need many steps to become different functions. Randomness belongs in the weights.
#
# PyTorch's bias default, read off the installed package (this cell needs torch; without it, it says so):

# %%
try:
    import torch
except ImportError:
    print("torch is not installed here: the claim rests on the source file cited above")
else:
    torch.manual_seed(0)
    layer = torch.nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    bias = layer.bias.detach().numpy()
    print(f"torch {torch.__version__}: nn.Linear(400, 300).bias: min/bound {bias.min() / bound:.3f}, "
          f"max/bound {bias.max() / bound:.3f}, std*sqrt(3)/bound {bias.std() * math.sqrt(3) / bound:.2f}")
    z = torch.zeros(3, requires_grad=True)
    torch.relu(z).sum().backward()
    print("torch: gradient of relu at 0:", z.grad.tolist())

# %% [markdown]
# The biases fill $(-1/\sqrt{400}, 1/\sqrt{400})$ with the spread of a uniform distribution (the last ratio is
# near 1). The second line is used in section 7: PyTorch takes $\text{relu}'(0) = 0$.
#
# ### Exercise 4 (implement, 1 point)
#
# Write `init_layer(fan_in, fan_out, std, rng)` returning the tuple `(W, b)` of a dense layer:
#
# * `W`: a NumPy array of shape `(fan_out, fan_in)` (PyTorch's layout) with i.i.d. entries
#   $W_{ij}\sim\mathcal N(0, \text{std}^2)$; note that `std` is the standard deviation, not the variance;
# * `b`: a NumPy array of shape `(fan_out,)`, all zeros;
# * draw all randomness from `rng`, a `numpy.random.Generator` (so the same seed gives the same layer), with
#   NumPy itself: the grader blocks `course_lib` and torch while your function runs.

# %% kind="answer" grade_id="n01_init_layer_answer"
def init_layer(fan_in, fan_out, std, rng):
    """(W, b): W ~ N(0, std**2) of shape (fan_out, fan_in), b = zeros(fan_out), drawn from rng."""
    ### BEGIN SOLUTION
    W = rng.normal(0.0, std, size=(fan_out, fan_in))
    b = np.zeros(fan_out)
    return W, b
    ### END SOLUTION


# %% kind="test" grade_id="n01_init_layer_test" points=1
"""init_layer returns (W, b) of shapes (fan_out, fan_in) and (fan_out,), b zero, the same layer for the same seed."""
import numpy as np

from course_lib import grading

_out = grading.call_quietly(init_layer, 400, 300, 0.5, np.random.default_rng(grading.seed(0)))
assert isinstance(_out, (tuple, list)) and len(_out) == 2, "init_layer should return a tuple (W, b)"
_W = grading.check_array(_out[0], "W", (300, 400))
assert np.all(grading.check_array(_out[1], "b", (300,)) == 0), "b should be all zeros"
_again = grading.call_quietly(init_layer, 400, 300, 0.5, np.random.default_rng(grading.seed(0)))
assert np.array_equal(_W, _again[0]), "the same seed gave two different layers: draw every number from rng"
assert 0.45 < _W.std() < 0.55, "the entries of W should have standard deviation std (here 0.5)"
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _layer(fan_in, fan_out, std, rng):
    with grading.forbidding("course_lib.init", "course_lib.nets", "course_lib.stats", "torch", who="init_layer",
                            advice="draw the weights with rng.normal (or rng.standard_normal) yourself"):
        out = grading.call_quietly(init_layer, fan_in, fan_out, std, rng)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise AssertionError("init_layer should return a tuple (W, b)")
    W = grading.check_array(out[0], "W", (fan_out, fan_in))
    b = grading.check_array(out[1], "b", (fan_out,))
    if np.any(b != 0):
        raise AssertionError("b should be all zeros: random weights already make the units different")
    return W, b


def _hints(std):
    return [(std, "Is the variance std**2 passed where NumPy expects the standard deviation?"),
            (1 / np.sqrt(std), "Is sqrt(std) used as the standard deviation?"),
            (1 / std, "Is the std argument ignored?"),
            (1 / np.sqrt(3), "U(-std, std) has standard deviation std/sqrt(3): draw from a normal.")]


_W1, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(77)))
_W2, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(77)))
assert np.array_equal(_W1, _W2), "the same seed gave two different layers: draw every number from rng"
_W3, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(78)))
assert not np.array_equal(_W1, _W3), "two different seeds gave the same layer: use the rng you are given"
_Wa, _ = _layer(3, 8, 1.0, np.random.default_rng(grading.seed(5)))
_Wb, _ = _layer(3, 8, 1.0, np.random.default_rng(grading.seed(5)))
assert np.array_equal(_Wa, _Wb), "the same seed gave two different layers: draw every number from rng"
_W, _ = _layer(400, 300, 0.5, np.random.default_rng(grading.seed(0)))
# 120_000 values; check_std fails a correct answer only beyond 6 standard errors (probability < 1e-8)
grading.check_std(_W, 0.5, "W", hints=_hints(0.5))
_std = 0.3
_draw = lambda shape, rng: _layer(shape[1], shape[0], _std, rng)[0]   # noqa: E731
# 150_000 values from independently seeded calls. Error rates for a correct answer: check_std's mean and
# spread checks fail beyond z = 6 (2e-9 each), the Kolmogorov-Smirnov test at alpha = 1e-7: in all < 1e-6.
_values = grading.draw_many(_draw, (37, 53), n_min=150_000, seed=grading.seed(12345))
grading.check_std(_values, _std, "W", hints=_hints(_std))
grading.check_distribution(_values, grading.normal_cdf(_std), "W",
                           hint="The entries should be normal N(0, std**2), not uniform or truncated.")
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Zero weights: what ReLU, tanh and sigmoid do with them
#
# All-zero weights are a constant initialization, so section 3 already says "at most one unit per layer". With
# zero weights something worse can happen: the gradients themselves can vanish. The experiment: the
# one-hidden-layer network `[2, 16, 1]` of section 3, trained for 300 full-batch gradient steps (learning rate
# 0.1) on the toy task, from two starts,
#
# * **all zero**: $W_1 = 0$, $b_1 = 0$, $W_2 = 0$, $b_2 = 0$;
# * **W2 random**: $W_1 = 0$, $b_1 = 0$, $b_2 = 0$ and a random output layer $W_2 \sim \mathcal N(0, 0.25^2)$;
#
# and four activations: `"relu"` (with $\text{relu}'(0) = 0$, PyTorch's convention shown in section 6),
# `"tanh"`, `"sigmoid"`, and `"relu'(0)=1"`, the same ReLU with the other convention for the derivative at 0.
#
# ### Exercise 5 (predict, 2 points)
#
# For each of the 8 combinations, which of the four parameters `"W1"`, `"b1"`, `"W2"`, `"b2"` change at all
# (at any of the 300 steps)? Write `predicted_moving_parameters()` returning a nested dict
# `result[activation][start]`, with `activation` one of `"relu"`, `"tanh"`, `"sigmoid"`, `"relu'(0)=1"` and
# `start` one of `"all zero"`, `"W2 random"`, whose value is the list of the names of the parameters that move
# (in any order; an empty list if none). Work it out from section 3's backward pass: what are $h = \phi(0)$
# and $\phi'(0)$, which gradients do they zero at step 0, and is the situation at step 1 the same as at step 0?
# The cell after the test trains the eight networks.

# %% kind="answer" grade_id="n01_moving_parameters_answer"
def predicted_moving_parameters():
    """{activation: {start: list of the names among "W1", "b1", "W2", "b2" that move within 300 steps}}."""
    ### BEGIN SOLUTION
    everything = ["W1", "b1", "W2", "b2"]
    return {"relu": {"all zero": ["b2"], "W2 random": ["b2"]},
            "tanh": {"all zero": ["b2"], "W2 random": everything},
            "sigmoid": {"all zero": everything, "W2 random": everything},
            "relu'(0)=1": {"all zero": ["b2"], "W2 random": everything}}
    ### END SOLUTION


# %% kind="test" grade_id="n01_moving_parameters_test" points=2
"""predicted_moving_parameters()[activation][start] is a list of names from W1, b1, W2, b2 for all 8 pairs."""
from course_lib import grading

_got = grading.call_quietly(predicted_moving_parameters)
assert isinstance(_got, dict), f"predicted_moving_parameters() should return a dict, got {type(_got).__name__}"
for _a in ("relu", "tanh", "sigmoid", "relu'(0)=1"):
    assert isinstance(_got.get(_a), dict), f"result[{_a!r}] should be a dict with keys 'all zero', 'W2 random'"
    for _s in ("all zero", "W2 random"):
        _names = _got[_a].get(_s)
        assert isinstance(_names, (list, tuple)), f"result[{_a!r}][{_s!r}] should be a list of names"
        assert set(_names) <= {"W1", "b1", "W2", "b2"}, f"[{_a!r}][{_s!r}]: the names are 'W1', 'b1', 'W2', 'b2'"
print("visible checks passed")

### BEGIN HIDDEN TESTS


def _no_course_lib(who):
    """course_lib (its functions and the methods of nets.MLP) and torch raise while active."""
    return grading.forbidding("course_lib.nets", "course_lib.stats", "course_lib.init", "course_lib.activations",
                            "torch", who=who,
                            advice="predict from the backward pass (the next cell runs the simulation)")


with _no_course_lib("predicted_moving_parameters"):
    _got = grading.call_quietly(predicted_moving_parameters)
_all = {"W1", "b1", "W2", "b2"}
# what the notebook's simulation (the next cell) shows; deterministic, no statistical error
_truth = {("relu", "all zero"): {"b2"}, ("tanh", "all zero"): {"b2"}, ("sigmoid", "all zero"): _all,
          ("relu'(0)=1", "all zero"): {"b2"}, ("relu", "W2 random"): {"b2"}, ("tanh", "W2 random"): _all,
          ("sigmoid", "W2 random"): _all, ("relu'(0)=1", "W2 random"): _all}
_wrong = [k for k in _truth if set(_got[k[0]][k[1]]) != _truth[k]]
_hints = []
if any(set(_got[k[0]][k[1]]) < _all and _truth[k] == _all for k in _wrong):
    _hints.append("A gradient that is zero at step 0 can become nonzero at step 1 once another parameter "
                  "has moved: follow the steps, not only the first one.")
if any(_truth[k] == {"b2"} for k in _wrong):
    _hints.append("When every gradient but b2's is zero at step 0, what does step 1 look like?")
assert not _wrong, (f"{len(_wrong)} of the 8 predictions are off, for "
                    + "; ".join(f"{a} / {s}" for a, s in _wrong) + ". " + " ".join(_hints))
### END HIDDEN TESTS

# %% [markdown]
# The reveal. For each network the cell prints whether each parameter's gradient at step 0 is exactly zero
# (`0`) or not (`g`), whether the parameter moved at all during training (`moved` / `stuck`), the distinct
# hidden units at the end and the loss, with your prediction of the moving parameters at the end of the line.

# %%
# NBVAL_CHECK_OUTPUT
relu = get_activation("relu")
relu_step_one = Activation("relu'(0)=1", relu.f, lambda z: (np.asarray(z) >= 0).astype(float), "relu")
NAMES = ("W1", "b1", "W2", "b2")


def zero_weight_run(activation, random_output, steps=300, lr=0.1):
    """[2, 16, 1] network with W1 = 0, b = 0 and W2 = 0 or random; full-batch GD on the toy task."""
    w2 = init.normal((1, 16), 0.0, 0.25, rng=0) if random_output else np.zeros((1, 16))
    net = MLP([np.zeros((16, 2)), w2], activation=activation, output_activation="linear")
    start = [p.copy() for p in (*net.weights, *net.biases)]
    net.mse_loss(X, y)
    grads = (net.grad_weights[0], net.grad_biases[0], net.grad_weights[1], net.grad_biases[1])
    first = " ".join(f"{n}:{'g' if np.any(g != 0) else '0'}" for n, g in zip(NAMES, grads))
    for _ in range(steps):
        net.mse_loss(X, y)
        net.sgd_step(lr)
    loss = net.mse_loss(X, y)
    now = (net.weights[0], net.biases[0], net.weights[1], net.biases[1])
    before = (start[0], start[2], start[1], start[3])
    moved = " ".join(f"{n} {'moved' if np.any(a != s) else 'stuck'}" for n, a, s in zip(NAMES, now, before))
    net.forward(X)
    return f"{first} | {moved} | units {distinct_units(net.post[0]):2d} | loss {loss:.3g}"


predicted = grading.learner_value(predicted_moving_parameters)
predicted = predicted if isinstance(predicted, dict) else {}
print(f"predicting the mean of y: loss {0.5 * y.var():.3g}")
print("activation   start      | gradient at step 0  | after 300 steps" + " " * 58 + "| you: moving")
for start_name in ("all zero", "W2 random"):
    for activation in ("relu", "tanh", "sigmoid", relu_step_one):
        name = activation if isinstance(activation, str) else "relu'(0)=1"
        mine = predicted.get(name)
        mine = mine.get(start_name) if isinstance(mine, dict) else None
        mine = " ".join(n for n in NAMES if n in mine) if isinstance(mine, (list, tuple)) else "-"
        print(f"{name:12s} {start_name:10s} | {zero_weight_run(activation, start_name == 'W2 random')} | {mine}")

# %% [markdown]
# Here is why. With $W_1 = 0$ and $b_1 = 0$ every pre-activation is $z_{b,i} = 0$, so $h_{b,i} = \phi(0)$ and the
# backward signal is $\delta_b = (W_2^\top e_b)\odot\phi'(0)$:
#
# | $\phi$ | $\phi(0)$ | $\phi'(0)$ | $\partial L/\partial W_2 = \sum_b e_b h_b^\top$ | $\partial L/\partial W_1$ |
# |---|---|---|---|---|
# | ReLU | 0 | 0 (PyTorch's convention, section 6; JAX's too) | 0, since $h = 0$ | 0, since $\phi'(0) = 0$ |
# | tanh | 0 | 1 | 0, since $h = 0$ | 0 if $W_2 = 0$; **not** 0 if $W_2$ is random |
# | sigmoid | 1/2 | 1/4 | **not** 0: every column equals $\tfrac12\sum_b e_b$ | 0 if $W_2 = 0$ (first step only) |
#
# (JAX's `jax.nn.relu` has a custom derivative that passes the gradient only where $x > 0$:
# `jax/_src/nn/functions.py`, commit `f936613` of jax-ml/jax.) Only $\partial L/\partial b_2 = \sum_b e_b$ is
# nonzero in every
# case. If nothing else moves, the next step finds the same situation, so the network is stuck forever and can
# only learn the constant output $b_2 \to \text{mean}(y)$.
#
# Read the table row by row against the derivation above.
#
# * **ReLU, all zero or with a random $W_2$**: every weight gradient is exactly zero at step 0 and the weights
#   never move; only $b_2$ learns, and the loss is that of predicting the mean (first printed line). ReLU with
#   zero incoming weights kills the gradient itself: $h = 0$ blocks $\partial L/\partial W_2$, and
#   $\phi'(0) = 0$ blocks $\partial L/\partial W_1$ even when $W_2$ is random.
# * **tanh, all zero**: stuck as well, but for another reason: $\phi'(0) = 1$ would pass a gradient, and it is
#   $W_2 = 0$ that blocks $\partial L/\partial W_1$ (and $h = \tanh 0 = 0$ that blocks $\partial L/\partial W_2$).
# * **tanh with a random $W_2$**: at step 0 only $W_2$'s gradient is zero. Unit $i$'s row moves along
#   $\sum_b (e_b\cdot W_2[:,i])\,x_b$, different for every unit because the outgoing weights differ
#   (section 4: the units were never swap-symmetric). All 16 units become distinct and the loss goes down.
# * **sigmoid, all zero**: $h = 1/2 \neq 0$, so $W_2$ moves at step 0 and $W_1$ from step 1 on, but all units
#   stay identical: one distinct unit, the constant-init failure of section 5 rather than a dead network.
# * **ReLU with the convention $\phi'(0) = 1$**: with a random $W_2$ it behaves like tanh. The dead ReLU
#   network is a consequence of the convention $\text{relu}'(0) = 0$; with all-zero weights it is stuck under
#   either convention, because $h = 0$ and $W_2 = 0$.

# %% [markdown]
# ## 8. Summary
#
# * Hidden units are interchangeable: permuting them (rows of $W$, entries of $b$, columns of the next $W$)
#   leaves the network's function unchanged, so every minimum comes in up to $\prod_l n_l!$ copies (times
#   $2^{\sum_l n_l}$ sign flips for an odd activation such as tanh, and for sigmoid with a shift of the next bias).
# * If swapping two units leaves the parameters unchanged, it leaves the gradient unchanged, so by induction
#   over the steps of (S)GD, momentum, Adam or weight decay (SGD with momentum and L2 decay, and AdamW, are
#   simulated in section 4) the two units stay identical forever. Minibatch noise does not help: every unit
#   sees the same minibatch.
# * A constant initialization makes *all* units of a layer identical: the network is a width-1 network in
#   disguise and its loss plateaus at the width-1 level.
# * A nearly constant start sits on a saddle: the differences between units grow exponentially, and the
#   plateau lasts a time that grows like $\log(1/\epsilon)$ in the noise size $\epsilon$ (3,550 steps for
#   $10^{-2}$ and 19,490 for $10^{-8}$ here). Stuck for a while, not forever: slow, and on a short budget
#   indistinguishable from failure.
# * The symmetry needs incoming weights, bias **and** outgoing weights to agree: equal incoming weights with
#   different outgoing weights separate after one step.
# * Random weights break symmetry; biases can start at zero. A constant bias breaks nothing; random biases
#   with constant weights break it, but slowly (still on the plateau after 400 steps, off it within 4,000).
# * Zero weights are worse than constant ones under ReLU: $h = 0$ and $\text{relu}'(0) = 0$ make every weight
#   gradient exactly zero, and only the output bias learns. Under tanh a zero layer can still learn if the
#   layer after it is random; under sigmoid an all-zero network learns, as one unit.
#
# ## 9. Active recall: check yourself
#
# 1. In PyTorch's layout, which parts of which matrices make up hidden unit $i$ of layer $l$?
# 2. The proof in section 3 never uses the value of the learning rate or the minibatch. Why does that matter?
# 3. A network is initialized with random weights except that unit 5 of layer 2 is a copy of unit 2 (same row of
#    $W_2$, same bias, same column of $W_3$). How many distinct units does layer 2 have after 10,000 Adam steps?
# 4. Why are zero biases fine, and why would a bias of 0.5 for every unit not help a constant-weight network?
# 5. A start with weights $0.3 + 10^{-6}\xi$ ($\xi$ standard normal) leaves its plateau after some number of
#    steps $T$. Roughly how much longer does $0.3 + 10^{-12}\xi$ stay stuck, and why not a million times longer?
# 6. A one-hidden-layer ReLU network starts with $W_1 = 0$, every entry of $b_1$ equal to $0.1$, and a random
#    output layer $W_2$. Which parameters get a nonzero gradient at step 0, and do the hidden units become
#    distinct?
#
# <details>
# <summary>Answers</summary>
#
# 1. Row $i$ of $W_l$ (incoming weights), entry $i$ of $b_l$, and column $i$ of $W_{l+1}$ (outgoing weights).
# 2. The symmetry argument holds for every step size and every batch, so no choice of learning rate, schedule
#    or minibatch sampling can separate identical units; only something that treats units differently can.
# 3. One fewer than the layer's width: units 2 and 5 stay identical (Adam's update is computed entry by entry,
#    so it commutes with the swap; section 4's AdamW run shows it over 400 steps, the two rows ending less than
#    $10^{-12}$ apart), every other unit is distinct. The argument is exact for any number of steps. In floating
#    point the two copies normally go through the same operations and stay equal; if a library ever rounded
#    them differently, how fast that difference grew would depend on the curvature across the copy, which this
#    notebook measures only for the constant network (section 5).
# 4. Random weights already make every unit's pre-activation different, so the bias gradients differ from the
#    first step on. A bias shared by all units is part of the symmetric configuration: swapping two units still
#    changes nothing.
# 5. On the plateau the spread grows by the same factor $e$ every $\tau$ steps, and the escape comes at the
#    same spread whatever $\epsilon$ was, so $10^6$ times less noise costs $\tau\ln 10^6 \approx 13.8\,\tau$
#    more steps, not $10^6$ times as many. The delay is logarithmic in $1/\epsilon$.
# 6. All pre-activations are $0.1 > 0$, so $h = 0.1$ and $\text{relu}'(0.1) = 1$: $W_2$ gets a gradient (all
#    columns equal), and unit $i$'s row of $W_1$ and its bias get $(W_2^\top e_b)_i$ times the input, which
#    differs between units because the outgoing weights $W_2[:, i]$ differ. Everything learns and the units
#    become distinct; it is the dead zero pre-activation, not the zero weights, that stops ReLU.
#
# </details>
