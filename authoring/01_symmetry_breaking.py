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
# *Weight-initialization course, notebook 1 of 8. Estimated time: 60 to 75 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. say why the hidden units of a layer are interchangeable, and what that permutation symmetry does to the
#    loss landscape;
# 2. prove, by induction over gradient steps, that units which start identical (same incoming weights, same
#    bias, same outgoing weights) receive identical gradients and therefore stay identical forever;
# 3. show with code that a constant-initialized network keeps **one** distinct unit per layer and trains no
#    better than a network of width 1;
# 4. explain why zero biases are fine once the weights are random, and why a constant bias cannot help;
# 5. predict which parameters move and which stay stuck when weights start at zero, for ReLU, tanh and sigmoid.
#
# **Prerequisites.** NumPy arrays and broadcasting; the chain rule and backpropagation through one hidden
# layer; mean squared error and (stochastic) gradient descent. No earlier notebook is needed.
#
# **How to work.** Run the cells from top to bottom. There are four exercises (12 points). Each has a test
# cell you can run: its visible checks catch the common slips, and hidden tests decide the grade.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import init, plots
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
# another order). Two consequences shape everything below:
#
# * **Every minimum comes in copies.** If $\theta^*$ minimizes the loss, so does every one of its $n!$
#   re-orderings (for a layer of $n$ units). Gradient descent has to end in *one* of them, so it has to decide
#   which unit becomes which.
# * **A symmetric start cannot decide.** If units $i$ and $j$ start identical, nothing in the loss prefers
#   giving the first feature to $i$ rather than to $j$. Section 3 proves that gradient descent then never
#   separates them.
#
# Before the proof, a tool to *see* the problem: counting how many distinct units a layer has.

# %% [markdown]
# ### Exercise 1: count the distinct units of a layer (3 points)
#
# Write `count_distinct_units(W, atol=1e-8)`.
#
# * `W` is a 2-D NumPy array in PyTorch's layout `(fan_out, fan_in)`: **row** `i` holds the incoming weights
#   of unit `i`.
# * Units `i` and `j` count as the same unit when their rows agree entry by entry within `atol`:
#   $\max_k |W_{ik} - W_{jk}| \le$ `atol` (this is `np.allclose(W[i], W[j], rtol=0, atol=atol)`).
#   Only an absolute tolerance: no relative one.
# * Return the number of distinct units as an `int`.
#
# You may assume the rows form well-separated groups (if row `a` is within `atol` of `b`, and `b` of `c`, then
# `a` is within `atol` of `c`), so the order in which you compare rows does not matter. Rounding the entries
# to a grid is **not** the same as comparing within `atol`: two numbers $10^{-12}$ apart can round to
# different grid points. (This count looks at incoming weights only; section 4 shows that biases and
# outgoing weights matter too.)

# %% kind="answer" grade_id="n01_count_distinct_answer"
def count_distinct_units(W, atol=1e-8):
    """Number of distinct rows (units) of W, shape (fan_out, fan_in), rows equal within atol entrywise."""
    ### BEGIN SOLUTION
    W = np.asarray(W, dtype=float)
    representatives = []
    for row in W:
        if not any(np.max(np.abs(row - rep)) <= atol for rep in representatives):
            representatives.append(row)
    return len(representatives)
    ### END SOLUTION


# %% kind="test" grade_id="n01_count_distinct_test" points=3
"""Test count_distinct_units: rows are the units, compared entrywise within atol; the result is an int."""
import numpy as np

from course_lib import grading


def _count(W, **kwargs):
    value = grading.call_quietly(count_distinct_units, np.array(W, dtype=float), **kwargs)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise AssertionError(f"count_distinct_units should return an int, got {type(value).__name__}")
    return int(value)


_a, _b = np.array([0.5, -1.0, 2.0, 3.0]), np.array([0.5, 1.0, 2.0, -3.0])
_W = np.stack([_a, _a, _b, _a + 1e-12, _b])   # 5 units (rows), fan_in = 4; row 3 is row 0 up to 1e-12
_got = _count(_W)
assert _got != _W.shape[1], (
    f"count_distinct_units returned {_got} for the 5x4 matrix _W above, which is its number of columns: "
    "in PyTorch's layout (fan_out, fan_in) each ROW holds one unit's incoming weights."
)
assert _got != 3, (
    "count_distinct_units counted row 0 and row 3 (which differ by 1e-12) as different units: compare rows "
    "within atol, not exactly."
)
assert _got == len({0, 2}), (
    f"count_distinct_units returned {_got} for the 5x4 matrix _W above: compare whole rows (units) entry by "
    "entry within atol."
)
print("visible checks passed")

### BEGIN HIDDEN TESTS
def _reference(W, atol=1e-8):
    reps = []
    for row in np.asarray(W, dtype=float):
        if not any(np.max(np.abs(row - r)) <= atol for r in reps):
            reps.append(row)
    return len(reps)


_rng = np.random.default_rng(grading.seed(2024))
_cases = []
_cases.append((np.full((7, 3), 0.3), {}, "a constant 7x3 matrix (every unit the same)"))
_cases.append((_rng.standard_normal((6, 9)), {}, "a random 6x9 matrix (every unit different)"))
_centres = _rng.standard_normal((3, 40))
_rows = [_centres[k] + 0.45e-6 * _rng.choice([-1.0, 1.0], size=40) for k in (0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2)]
_cases.append((np.array(_rows)[_rng.permutation(11)], {"atol": 1e-6},
               "rows in groups whose entries differ by at most 0.9e-6 with atol=1e-6 (compare each entry "
               "within atol, not the Euclidean distance, and use the atol argument)"))
_cases.append((np.array([[1000.0, 2000.0], [1000.001, 2000.0], [1000.0, 2000.0]]), {},
               "rows with entries near 1000 that differ by 1e-3, far more than atol (use an absolute "
               "tolerance only: rtol=0)"))
# half-way points of the grids 1e-6 ... 1e-11 and a grid point of 1e-8 (for floor); the second entry keeps the
# pairs far apart from each other
_grid = [0.1234565, 0.12345675, 0.123456785, 0.1234567895, 0.12345678905, 0.123456789015, 0.12345678]
_cases.append((np.array([[v + s, float(k)] for k, v in enumerate(_grid) for s in (1e-12, -1e-12)]), {},
               "pairs of rows that differ by 2e-12 but straddle a rounding boundary (rounding to a grid is "
               "not comparing within atol)"))
_cases.append((np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [1.0, 2.0, 3.0]]), {},
               "rows that hold the same values in another order (they are different units)"))
_cases.append((np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0], [0.0, 0.0, 0.0, 1.0]]), {},
               "rows that differ only in their last entry"))
_cases.append((_rng.standard_normal((1, 5)), {}, "a single unit"))
_tall = _rng.standard_normal((4, 2))[_rng.integers(0, 4, size=12)]
_cases.append((_tall, {}, "a 12x2 matrix built from 4 rows repeated (fan_out > fan_in)"))
_loose = _rng.standard_normal((2, 6))[[0, 1, 0, 1, 1]] + _rng.uniform(-0.02, 0.02, size=(5, 6))
_cases.append((_loose, {"atol": 0.1}, "two groups of rows within 0.04 of each other, atol=0.1"))
for _W, _kwargs, _what in _cases:
    _got = _count(_W.copy(), **_kwargs)
    assert _got == _reference(_W, **_kwargs), f"count_distinct_units is wrong for {_what}."
### END HIDDEN TESTS

# %% [markdown]
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
# needs no index bookkeeping). The shared row $w^{(t)}$ does change, and its entries become different from each other:
# the network learns, but with one unit. And since all $h_{b,i}$ are equal,
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
# ### Exercise 2: the gradient of a one-hidden-layer tanh network by hand (4 points)
#
# Write `mlp_grads(x, y, W1, b1, W2, b2)` for the network and loss of the derivation above, with
# $\phi = \tanh$:
#
# * `x` has shape `(B, n_in)`, `y` shape `(B, n_out)`; `W1` `(n_hidden, n_in)`, `b1` `(n_hidden,)`,
#   `W2` `(n_out, n_hidden)`, `b2` `(n_out,)` (PyTorch's layout: the hidden layer is `x @ W1.T + b1`);
# * the loss is `L = 0.5 * sum((f - y)**2) / B` with `f = tanh(x @ W1.T + b1) @ W2.T + b2`;
# * return the tuple `(dW1, db1, dW2, db2)` of NumPy arrays, each with the shape of its parameter.
#
# Write the backward pass yourself with NumPy (`MLP` would do it for you, but the point is to see where the
# identical rows come from: the test prints the gradient of a constant network).

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


# %% kind="test" grade_id="n01_mlp_grads_test" points=4
"""Test mlp_grads: shapes, the symmetric case, and a comparison with finite differences."""
import numpy as np

from course_lib import grading

_NAMES = ("dW1", "db1", "dW2", "db2")


def _grads(x, y, W1, b1, W2, b2):
    args = [np.array(a, dtype=float) for a in (x, y, W1, b1, W2, b2)]
    out = grading.call_quietly(mlp_grads, *args)
    if not isinstance(out, (tuple, list)) or len(out) != 4:
        raise AssertionError("mlp_grads should return a tuple of 4 arrays (dW1, db1, dW2, db2)")
    shapes = (W1.shape, b1.shape, W2.shape, b2.shape)
    return [grading.check_array(g, n, s) for g, n, s in zip(out, _NAMES, shapes)]


def _compare(got, expected, case, batch, rtol, atol):
    """Each gradient must match; a wrong one is described by its ratio to the expected gradient."""
    wrong = [name for name, g, e in zip(_NAMES, got, expected) if not np.allclose(g, e, rtol=rtol, atol=atol)]
    if not wrong:
        return
    g, e = got[_NAMES.index(wrong[0])], expected[_NAMES.index(wrong[0])]
    ratio = float(np.sum(g * e) / np.sum(e * e)) if np.sum(e * e) > 0 else float("nan")
    hint = ""
    if np.allclose(g, ratio * e, rtol=rtol, atol=atol):
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


# The symmetric case: a constant network. Its gradient rows must be identical (section 3).
_rng = np.random.default_rng(grading.seed(7))
_x, _y = _rng.standard_normal((5, 3)), _rng.standard_normal((5, 2))
_dW1, _db1, _dW2, _db2 = _grads(_x, _y, np.full((4, 3), 0.3), np.zeros(4), np.full((2, 4), 0.3), np.zeros(2))
print("dW1 of the constant network (4 hidden units, 3 inputs):\n", _dW1)
assert np.ptp(_dW1, axis=0).max() < 1e-12 and np.ptp(_db1) < 1e-12, (
    "the rows of dW1 (or the entries of db1) of a constant network differ: every hidden unit sees the same "
    "pre-activation, so its gradient must be the same"
)
assert np.ptp(_dW2, axis=1).max() < 1e-12, "the columns of dW2 of a constant network should be identical"


def _loss(x, y, W1, b1, W2, b2):
    f = np.tanh(x @ W1.T + b1) @ W2.T + b2
    return 0.5 * np.sum((f - y) ** 2) / x.shape[0]


def _numerical(x, y, params, eps=1e-6):
    """Central finite differences of _loss with respect to every entry of every parameter."""
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


_params = [_rng.standard_normal((4, 3)), _rng.standard_normal(4), _rng.standard_normal((2, 4)),
           _rng.standard_normal(2)]
_got = _grads(_x, _y, *_params)
_numerical_grads = _numerical(_x, _y, [p.copy() for p in _params])
# central differences are accurate to about 1e-9 here: compare with a loose tolerance
_compare(_got, _numerical_grads, "a random network with B=5, n_in=3, n_hidden=4, n_out=2", 5, rtol=1e-5, atol=1e-7)
print("visible checks passed")

### BEGIN HIDDEN TESTS
from course_lib.nets import MLP as _MLP


def _reference(x, y, W1, b1, W2, b2):
    net = _MLP([W1.copy(), W2.copy()], [b1.copy(), b2.copy()], activation="tanh", output_activation="linear")
    net.mse_loss(x, y)
    return [net.grad_weights[0], net.grad_biases[0], net.grad_weights[1], net.grad_biases[1]]


_rng = np.random.default_rng(grading.seed(99))
for _B, _n_in, _n_hidden, _n_out in [(7, 5, 3, 1), (1, 2, 6, 3), (16, 4, 9, 2)]:
    _x, _y = _rng.standard_normal((_B, _n_in)), 2 * _rng.standard_normal((_B, _n_out))
    _params = [0.8 * _rng.standard_normal((_n_hidden, _n_in)), _rng.standard_normal(_n_hidden),
               _rng.standard_normal((_n_out, _n_hidden)), _rng.standard_normal(_n_out)]
    _expected = _reference(_x, _y, *_params)
    _compare(_grads(_x, _y, *_params), _expected,
             f"a random network with B={_B}, n_in={_n_in}, n_hidden={_n_hidden}, n_out={_n_out}", _B,
             rtol=1e-8, atol=1e-12 * max(np.abs(e).max() for e in _expected))
# a symmetric network whose hidden units share incoming weights, bias and outgoing weights
_x, _y = _rng.standard_normal((6, 3)), _rng.standard_normal((6, 2))
_row, _col = _rng.standard_normal(3), _rng.standard_normal(2)
_params = [np.tile(_row, (5, 1)), np.full(5, 0.2), np.tile(_col[:, None], (1, 5)), np.zeros(2)]
_expected = _reference(_x, _y, *_params)
_compare(_grads(_x, _y, *_params), _expected, "a network whose 5 hidden units are identical", 6,
         rtol=1e-8, atol=1e-12 * max(np.abs(e).max() for e in _expected))
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
# whatever the depth, the loss, the minibatches or the values of the other units. Momentum, Adam and weight
# decay compute their updates entry by entry from the gradient history, so they commute with $P$ too. What
# $P\theta_0 = \theta_0$ requires is that the two units agree in all three parts: incoming weights, bias *and*
# outgoing weights. Equal incoming weights alone are not enough.
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

# %% [markdown]
# ### Exercise 3: is a pair of units stuck together? (2 points)
#
# Write `swap_symmetric(W1, b1, W2, i, j, atol=1e-12)` that returns `True` when swapping hidden units `i` and
# `j` leaves the parameters unchanged (so, by section 4, training can never separate them) and `False`
# otherwise.
#
# * `W1` has shape `(n_hidden, n_in)`, `b1` shape `(n_hidden,)`, `W2` shape `(n_out, n_hidden)`
#   (PyTorch's layout);
# * "unchanged" means every compared entry agrees within the absolute tolerance `atol` (no relative tolerance);
# * return a `bool` (a NumPy `bool_` is accepted).

# %% kind="answer" grade_id="n01_swap_symmetric_answer"
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    """True if swapping hidden units i and j leaves (W1, b1, W2) unchanged within atol."""
    ### BEGIN SOLUTION
    W1, b1, W2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2))
    incoming = np.max(np.abs(W1[i] - W1[j])) <= atol
    bias = abs(b1[i] - b1[j]) <= atol
    outgoing = np.max(np.abs(W2[:, i] - W2[:, j])) <= atol
    return bool(incoming and bias and outgoing)
    ### END SOLUTION


# %% kind="test" grade_id="n01_swap_symmetric_test" points=2
"""Test swap_symmetric: incoming rows, bias entries and outgoing COLUMNS must all agree within atol."""
import numpy as np

from course_lib import grading


def _swap(W1, b1, W2, i, j, **kwargs):
    args = [np.array(a, dtype=float) for a in (W1, b1, W2)]
    value = grading.call_quietly(swap_symmetric, *args, i, j, **kwargs)
    if not isinstance(value, (bool, np.bool_)):
        raise AssertionError(f"swap_symmetric should return a bool, got {type(value).__name__}")
    return bool(value)


_rng = np.random.default_rng(grading.seed(5))
_W1, _b1, _W2 = _rng.standard_normal((4, 5)), _rng.standard_normal(4), _rng.standard_normal((3, 4))
_W1[2], _b1[2], _W2[:, 2] = _W1[0], _b1[0], _W2[:, 0]          # unit 2 is a full copy of unit 0
assert _swap(_W1, _b1, _W2, 0, 2), "units 0 and 2 are full copies (row of W1, entry of b1, column of W2)"
assert not _swap(_W1, _b1, _W2, 0, 1), "units 0 and 1 are different units"
_W2_other = _W2.copy()
_W2_other[:, 2] += 1.0
assert not _swap(_W1, _b1, _W2_other, 0, 2), (
    "units 0 and 2 share incoming weights and bias but not outgoing weights (columns of W2): swapping them "
    "changes the network, and their gradients differ"
)
print("visible checks passed")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(grading.seed(31))


def _net(n_in, n_hidden, n_out, scale=1.0):
    return (scale * _rng.standard_normal((n_hidden, n_in)), scale * _rng.standard_normal(n_hidden),
            scale * _rng.standard_normal((n_out, n_hidden)))


def _copy(W1, b1, W2, src, dst):
    W1, b1, W2 = W1.copy(), b1.copy(), W2.copy()
    W1[dst], b1[dst], W2[:, dst] = W1[src], b1[src], W2[:, src]
    return W1, b1, W2


_checks = []
_A = _copy(*_net(5, 6, 3), 1, 4)
_checks.append((_A, (1, 4), {}, True, "a full copy of unit 1 in unit 4"))
_checks.append((_A, (4, 1), {}, True, "the same pair given in the other order"))
_checks.append((_A, (3, 3), {}, True, "a unit paired with itself"))
_checks.append((_A, (0, 2), {}, False, "two different units"))
_B = [a.copy() for a in _A]
_B[1][4] += 0.5
_checks.append((_B, (1, 4), {}, False, "units with equal incoming and outgoing weights but different biases"))
_C = [a.copy() for a in _A]
_C[2][:, 4] += 0.5
_checks.append((_C, (1, 4), {}, False, "units with equal incoming weights and bias but different outgoing "
                                       "weights (columns of W2)"))
_D = [a.copy() for a in _A]
_D[0][4] += 0.5
_checks.append((_D, (1, 4), {}, False, "units with equal bias and outgoing weights but different incoming "
                                       "weights (rows of W1)"))
# rows 0 and 1 of W2 equal (n_out = 3 > 1) while columns 0 and 1 differ
_E = _copy(*_net(7, 4, 3), 0, 1)
_E[2][1] = _E[2][0]
_E[2][:, 1] = _E[2][:, 0] + 0.3
_checks.append((_E, (0, 1), {}, False, "units whose outgoing weights are the COLUMNS of W2 (here they differ)"))
# columns 0 and 1 of W1 equal while rows 0 and 1 differ (n_in = 6 > n_hidden = 5)
_F = _copy(*_net(6, 5, 2), 0, 1)
_F[0][1] += 0.4
_F[0][:, 1] = _F[0][:, 0]
_checks.append((_F, (0, 1), {}, False, "units whose incoming weights are the ROWS of W1 (here they differ)"))
_G = _copy(*_net(3, 5, 2, scale=1000.0), 2, 3)
_G[0][3, 0] += 1e-3
_checks.append((_G, (2, 3), {}, False, "large weights (about 1000) that differ by 1e-3: use rtol=0"))
_H = _copy(*_net(4, 3, 2), 0, 2)
_H[2][0, 2] += 1e-9
_checks.append((_H, (0, 2), {}, False, "outgoing weights that differ by 1e-9 with the default atol=1e-12"))
_I = [a.copy() for a in _H]
_checks.append((_I, (0, 2), {"atol": 1e-6}, True, "the same units with atol=1e-6 (use the atol argument)"))
for (_W1, _b1, _W2), (_i, _j), _kwargs, _expected, _what in _checks:
    assert _swap(_W1, _b1, _W2, _i, _j, **_kwargs) == _expected, f"swap_symmetric is wrong for {_what}."
### END HIDDEN TESTS

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
# cell checks that literally, by building the width-1 network (one unit per layer; a unit's outgoing weight is
# the sum of the shared column) and comparing outputs. Then it trains three genuine width-1 networks from random
# starts, for 1000 steps, to see the best a single unit per layer achieves.

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
# loss plateaus at the level the width-1 networks reach (compare the printed values). The picture: the loss
# curves, and what the 16 units of the first layer compute along the line $x_2 = 0.5$ after training.

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
steps = np.arange(len(loss_constant))
axes[0].plot(steps, loss_constant, color=plots.PALETTE[1], label="constant init (0.3)")
axes[0].plot(steps, loss_random, color=plots.PALETTE[0], label="random init N(0, 1/fan_in)")
axes[0].axhline(min(width1), color="black", linestyle="--", linewidth=1, label="best width-1 network")
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
# ### Almost constant is almost as bad
#
# Could a tiny difference rescue training, such as rounding errors or a little noise added to the constant?
# The symmetric configurations form an invariant set of the dynamics (section 4: what starts in it stays in
# it), and nothing forces a small departure from it to grow fast. The cell adds noise of size `eps` to the
# constant $0.3$ and reports how far apart the rows of layer 1 are before and after the same 400 steps.

# %%
# NBVAL_CHECK_OUTPUT
for eps in (1e-8, 1e-2):
    noise_rng = np.random.default_rng(4)
    net = constant_net(WIDTHS, 0.3)
    for w in net.weights:
        w += eps * noise_rng.standard_normal(w.shape)
    spread_before = np.ptp(net.weights[0], axis=0).max()
    losses, counts = train(net)
    spread_after = np.ptp(net.weights[0], axis=0).max()
    print(f"eps = {eps:.0e}: spread of layer-1 rows {spread_before:.2g} -> {spread_after:.2g}, "
          f"distinct units {ints(counts[-1])}, final loss {losses[-1]:.3g}")
print(f"for comparison, random init: final loss {loss_random[-1]:.3g}")

# %% [markdown]
# With `eps = 1e-8` the counter does not even see all units as distinct. With `eps = 1e-2` it sees 16 distinct
# units per layer, yet the spread has grown only a little in 400 steps and the loss sits at the same width-1
# level as the exactly constant network's. Symmetry is not broken by making units
# different in principle; it is broken by making them different at the scale of the weights themselves. How
# large that scale should be is the subject of notebooks 02 to 05.

# %% [markdown]
# ## 6. Biases: zero is fine, a constant cannot help
#
# Unit $i$'s pre-activation is $z_{b,i} = W_1[i,:]\cdot x_b + b_1[i]$. With random rows of $W_1$ the units
# already differ for $b = 0$: distinct rows give distinct functions, and the bias gradients
# $\partial L/\partial b_1[i] = \sum_b \delta_{b,i}$ differ from the first step on. So biases do not need to be
# random, and zero is a common choice (Keras's `Dense` and Flax's `nn.Dense` start biases at zero; PyTorch's
# `nn.Linear` draws small uniform biases instead; framework defaults are the subject of notebook 04).
# Conversely, a bias that is the same for all units is part of the symmetric configuration of section 3
# ($c^{(0)}$ in the claim): whatever its value, it changes nothing about symmetry.
#
# Random biases with constant weights are the remaining case. They do make $P\theta_0 \ne \theta_0$, so the
# units separate, but every unit of the first layer starts as a shifted copy of the same function of
# $w\cdot x$. The cell measures all three cases, and, as a measure of how *different* the units of layer 2
# are, the ratio $s_2/s_1$ of the two largest singular values of the trained $W_2$ (near 0 means all rows
# point almost the same way).

# %%
# NBVAL_CHECK_OUTPUT
def bias_case(name, net):
    losses, counts = train(net)
    s = np.linalg.svd(net.weights[1], compute_uv=False)
    print(f"{name:44s} distinct units {ints(counts[0])} -> {ints(counts[-1])}, "
          f"final loss {losses[-1]:.3g}, s2/s1 of W2 {s[1] / s[0]:.2f}")


bias_case("random weights, zero biases", random_net(WIDTHS, seed=1))
net = constant_net(WIDTHS, 0.3)
for b in net.biases:
    b[:] = 0.5
bias_case("constant weights, constant biases 0.5", net)
net = constant_net(WIDTHS, 0.3)
bias_rng = np.random.default_rng(2)
for b in net.biases:
    b[:] = 0.5 * bias_rng.standard_normal(b.shape)
bias_case("constant weights, random biases N(0, 0.25)", net)

# first step of the random network: are the 16 bias gradients of layer 1 all different?
net = random_net(WIDTHS, seed=1)
net.mse_loss(X, y)
print("distinct entries of dL/db1 at step 0 (random weights, zero biases):",
      distinct_units(net.grad_biases[0][None, :]))

# %% [markdown]
# Zero biases cost nothing: the units are distinct from step 0 and all 16 bias gradients differ. A constant
# bias of 0.5 leaves one unit per layer. Random biases with constant weights give 16 "distinct" units whose
# loss is still at the width-1 level, with $s_2/s_1$ near zero: they break the symmetry in name only.
# Randomness belongs in the weights.

# %% [markdown]
# ### Exercise 4: a randomly initialized layer (3 points)
#
# Write `init_layer(fan_in, fan_out, std, rng)` returning the tuple `(W, b)` of a dense layer:
#
# * `W`: a NumPy array of shape `(fan_out, fan_in)` (PyTorch's layout) with i.i.d. entries
#   $W_{ij}\sim\mathcal N(0, \text{std}^2)$; note that `std` is the standard deviation, not the variance;
# * `b`: a NumPy array of shape `(fan_out,)`, all zeros;
# * draw all randomness from `rng`, a `numpy.random.Generator` (so the same seed gives the same layer).

# %% kind="answer" grade_id="n01_init_layer_answer"
def init_layer(fan_in, fan_out, std, rng):
    """(W, b): W ~ N(0, std**2) of shape (fan_out, fan_in), b = zeros(fan_out), drawn from rng."""
    ### BEGIN SOLUTION
    W = rng.normal(0.0, std, size=(fan_out, fan_in))
    b = np.zeros(fan_out)
    return W, b
    ### END SOLUTION


# %% kind="test" grade_id="n01_init_layer_test" points=3
"""Test init_layer: shapes (fan_out, fan_in), zero bias, N(0, std^2) entries, randomness from rng."""
import numpy as np

from course_lib import grading


def _layer(fan_in, fan_out, std, rng):
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


_W, _ = _layer(400, 300, 0.5, np.random.default_rng(grading.seed(0)))
# 120_000 values; check_std fails a correct answer only beyond 6 standard errors (probability < 1e-8)
grading.check_std(_W, 0.5, "W", hints=_hints(0.5))
_W_again, _ = _layer(400, 300, 0.5, np.random.default_rng(grading.seed(0)))
assert np.array_equal(_W, _W_again), "the same seed gave two different layers: draw every number from rng"
print("visible checks passed")

### BEGIN HIDDEN TESTS
_W1, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(77)))
_W2, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(77)))
assert np.array_equal(_W1, _W2), "the same seed gave two different layers: draw every number from rng"
_W3, _ = _layer(9, 1, 2.0, np.random.default_rng(grading.seed(78)))
assert not np.array_equal(_W1, _W3), "two different seeds gave the same layer: use the rng you are given"
_Wa, _ = _layer(3, 8, 1.0, np.random.default_rng(grading.seed(5)))
_Wb, _ = _layer(3, 8, 1.0, np.random.default_rng(grading.seed(5)))
assert np.array_equal(_Wa, _Wb), "the same seed gave two different layers: draw every number from rng"
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
# zero weights something worse can happen: the gradients themselves vanish. Take the one-hidden-layer network
# of section 3 with $W_1 = 0$, $b_1 = 0$. Every pre-activation is $z_{b,i} = 0$, so $h_{b,i} = \phi(0)$ and the
# backward signal is $\delta_b = (W_2^\top e_b)\odot\phi'(0)$:
#
# | $\phi$ | $\phi(0)$ | $\phi'(0)$ | $\partial L/\partial W_2 = \sum_b e_b h_b^\top$ | $\partial L/\partial W_1$ |
# |---|---|---|---|---|
# | ReLU | 0 | 0 (PyTorch's, JAX's, TensorFlow's convention) | 0, since $h = 0$ | 0, since $\phi'(0) = 0$ |
# | tanh | 0 | 1 | 0, since $h = 0$ | 0 if $W_2 = 0$; **not** 0 if $W_2$ is random |
# | sigmoid | 1/2 | 1/4 | **not** 0: every column equals $\tfrac12\sum_b e_b$ | 0 if $W_2 = 0$ (first step only) |
#
# Only $\partial L/\partial b_2 = \sum_b e_b$ is nonzero in every case. If nothing else moves, the next step
# finds the same situation, so the network is stuck forever and can only learn the constant output
# $b_2 \to \text{mean}(y)$. The cell trains the one-hidden-layer network `[2, 16, 1]` for 300 full-batch
# steps from two zero-weight starts: everything zero, and a zero first layer under a random output layer. For
# each parameter it prints whether its gradient at step 0 is exactly zero (`0`) or not (`g`), and whether the
# parameter moved at all during training (`moved` / `stuck`).

# %%
# NBVAL_CHECK_OUTPUT
relu = get_activation("relu")
relu_step_one = Activation("relu, relu'(0)=1", relu.f, lambda z: (np.asarray(z) >= 0).astype(float), "relu")
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


print(f"predicting the mean of y: loss {0.5 * y.var():.3g}")
print("activation         start          | gradient at step 0  | after 300 steps")
for random_output in (False, True):
    start_name = "W2 random" if random_output else "all zero"
    for activation in ("relu", "tanh", "sigmoid", relu_step_one):
        name = activation if isinstance(activation, str) else "relu, relu'(0)=1"
        print(f"{name:18s} {start_name:14s} | {zero_weight_run(activation, random_output)}")

# %% [markdown]
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
#   leaves the network's function unchanged, so every minimum comes in $n!$ copies.
# * If swapping two units leaves the parameters unchanged, it leaves the gradient unchanged, so by induction
#   over the steps of (S)GD, momentum or Adam the two units stay identical forever. Minibatch noise does not
#   help: every unit sees the same minibatch.
# * A constant initialization makes *all* units of a layer identical: the network is a width-1 network in
#   disguise and its loss plateaus at the width-1 level. Tiny noise on a constant barely helps.
# * The symmetry needs incoming weights, bias **and** outgoing weights to agree: equal incoming weights with
#   different outgoing weights separate after one step.
# * Random weights break symmetry; biases can start at zero. A constant bias breaks nothing; random biases
#   with constant weights break it on paper only.
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
# 5. A one-hidden-layer ReLU network starts with $W_1 = 0$, $b_1 = 0$ and a random output layer $W_2$. What
#    learns?
# 6. Same question for tanh.
#
# <details>
# <summary>Answers</summary>
#
# 1. Row $i$ of $W_l$ (incoming weights), entry $i$ of $b_l$, and column $i$ of $W_{l+1}$ (outgoing weights).
# 2. The symmetry argument holds for every step size and every batch, so no choice of learning rate, schedule
#    or minibatch sampling can separate identical units; only something that treats units differently can.
# 3. One fewer than the layer's width: units 2 and 5 stay identical (Adam's update is computed entry by entry,
#    so it commutes with the swap), every other unit is distinct.
# 4. Random weights already make every unit's pre-activation different, so the bias gradients differ from the
#    first step on. A bias shared by all units is part of the symmetric configuration: swapping two units still
#    changes nothing.
# 5. Only the output bias. All pre-activations are 0, so $h = 0$ blocks $\partial L/\partial W_2$ and
#    $\text{relu}'(0) = 0$ blocks $\partial L/\partial W_1$ and $\partial L/\partial b_1$; the next step finds
#    the same situation, so the network only ever learns the mean of $y$.
# 6. The first layer learns: $\tanh'(0) = 1$ passes the gradient, and the random outgoing weights make it
#    different for every unit, so the units become distinct.
#
# </details>
