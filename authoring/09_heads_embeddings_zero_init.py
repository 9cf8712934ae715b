# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 09 · Output heads, embeddings and zero-initialized branches: where training starts
#
# *Weight-initialization course, notebook 9 of 10. Estimated time: 70 to 90 minutes.*
#
# **Learning objectives.** After this notebook you can
# 1. say why a $C$-class softmax head starts at the loss $\ln C$ only if its logits start small, expand the
#    initial cross-entropy in the logit scale, and predict the initial loss that LeCun, Xavier, PyTorch-default
#    and $\mathrm{N}(0,1)$ heads give after a He stack, on real data (scikit-learn's digits);
# 2. show which gradients are zero at the first step of a network whose last layer starts at zero, and why it
#    learns anyway;
# 3. set an embedding table's scale (N(0, 1), std 0.02, $1/\sqrt d$), explain the $\sqrt d$ multiplier of the
#    Transformer paper, and predict what tying the input and output embeddings does to the initial logits;
# 4. derive how a LoRA adapter's first update depends on its rank under $\alpha/r$ and under rsLoRA's
#    $\alpha/\sqrt r$;
# 5. choose which parameter of a residual branch or adapter (LoRA, LayerScale, adaLN-Zero, zero-gamma,
#    ControlNet) must start at zero so that the model starts as its base **and** still learns, and check it
#    on the first steps.
#
# **Prerequisites.** Notebooks 01 (symmetry breaking), 02 (variance propagation), 04 (He initialization) and
# 07 (normalization, zero-gamma); notebook 08's section on the head and the initial loss. Softmax and
# cross-entropy; NumPy.
#
# **How to work.** Run the cells from top to bottom (Run All works on the untouched notebook: an unanswered
# exercise's test cell reports what is missing and the run goes on). There are three exercises (10 points): a
# prediction, a derivation and a choice. Each has a test cell you can run: its visible checks catch a wrong
# type or shape, and hidden tests decide the grade. The exercises are independent of each other.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib import adapters, data, embeddings, grading, losses, optim, plots, training
from course_lib.nets import MLP

plots.use_style()
np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. The initial loss of a softmax head
#
# A classifier's last layer, the **head**, maps the last hidden activations $h$ (width $n$) to $C$ logits
# $z = h W^\top + b$, with $W$ of shape $(C, n)$ (PyTorch's layout `(fan_out, fan_in)`); softmax turns them
# into probabilities and the loss of an example with label $y$ is the cross-entropy
#
# $$L = -\log\frac{e^{z_y}}{\sum_k e^{z_k}} = \operatorname{lse}(z) - z_y,\qquad \operatorname{lse}(z) = \log\sum_{k=1}^C e^{z_k}.$$
#
# **Zero logits give exactly $\ln C$**: every class gets probability $1/C$. That is the loss of a model that
# knows nothing, and the right place to start: a network that starts *above* it is confidently wrong on most
# examples and spends its first steps unlearning that confidence. Karpathy's lecture *Building makemore,
# part 3* (2022) opens with this check: a 27-character model whose first loss is far above $\ln 27 \approx 3.3$,
# brought down by scaling the last layer's weights down and zeroing its bias.
#
# **Small logits.** Write $\bar z$ for the mean of the $C$ logits. A second-order Taylor expansion of
# $\operatorname{lse}$ around $z = 0$ gives
#
# $$\operatorname{lse}(z) = \ln C + \bar z + \tfrac12\Big(\tfrac1C\sum_k z_k^2 - \bar z^2\Big) + O(z^3).$$
#
# At initialization the head is independent of the label. If, given $h$, the logits are i.i.d.
# $\mathrm{N}(0, s^2)$ (a zero bias and i.i.d. zero-mean weights of variance $\sigma^2$ give exactly that, with
# $s^2 = \sigma^2\lVert h\rVert^2 = n\,\sigma^2\,\overline{h^2}$), then $E[z_y] = E[\bar z] = 0$,
# $E[\tfrac1C\sum_k z_k^2] = s^2$ and $E[\bar z^2] = s^2/C$:
#
# $$E[L] \approx \ln C + \frac{C-1}{2C}\,s^2\qquad (s \ll 1).$$
#
# **Large logits.** When $s \gg 1$ the largest logit dominates the sum, $\operatorname{lse}(z) \approx \max_k z_k$,
# and $E[L] \approx s\,m_C$ with $m_C = E[\max_k \zeta_k]$ for $C$ i.i.d. standard normals $\zeta_k$: the loss grows
# like the logit **std**, not its variance. The cell compares both approximations with a Monte Carlo
# average over $200\,000$ sets of $C = 10$ logits.

# %%
# NBVAL_CHECK_OUTPUT
def mean_cross_entropy(logit_std, n_classes=10, draws=200_000, seed=0):
    """Monte Carlo E[lse(z) - z_y] for C i.i.d. N(0, s^2) logits (the label is class 0: any class is alike)."""
    z = logit_std * np.random.default_rng(seed).standard_normal((draws, n_classes))
    top = z.max(axis=1)
    return float(np.mean(top + np.log(np.exp(z - top[:, None]).sum(axis=1)) - z[:, 0]))


m_10 = float(np.mean(np.random.default_rng(1).standard_normal((200_000, 10)).max(axis=1)))
print(f"ln 10 = {math.log(10):.4f} (makemore's ln 27 = {math.log(27):.3f});  m_10 = E[max of 10 standard normals] = {m_10:.3f}")
print(f"{'s':>5s} {'Monte Carlo':>12s} {'ln C + 0.45 s^2':>16s} {'s m_10':>8s}")
for s in (0.1, 0.3, 0.6, 1.0, 1.5, 3.0, 10.0):
    print(f"{s:5.1f} {mean_cross_entropy(s):12.3f} {math.log(10) + 0.45 * s**2:16.3f} {s * m_10:8.3f}")

# %% [markdown]
# Up to $s \approx 0.6$ the second-order formula is within 0.01 of the Monte Carlo value; at $s = 1$ it is
# 0.02 high, at $s = 1.5$ about 0.1 high, and at $s = 3$ it is 25% too high, while
# $s\,m_{10}$ approaches the truth from below as $s$ grows (within 1% at $s = 10$). So the head's logit scale $s$ sets the initial loss, and $s$
# comes from the head's weight std and the scale of what reaches it.
#
# ### The digits and the stack
#
# The experiments of this notebook use real data that ships with scikit-learn: the 1,797 handwritten digits
# of `sklearn.datasets.load_digits` (8x8 grey images, 10 classes), split by `course_lib.data.load_digits` into
# 1,347 training and 450 test images (stratified, seeded) and standardized per pixel with the *training*
# mean and std. Pixels that are constant over the training set (always 0 at the border) stay 0.

# %%
# NBVAL_CHECK_OUTPUT
digits = data.load_digits()
x_train, y_train, x_test, y_test = digits.x_train, digits.y_train, digits.x_test, digits.y_test
constant = int(np.sum(x_train.std(axis=0) == 0))
print(f"train {x_train.shape}, test {x_test.shape}, classes {digits.n_classes}; "
      f"class counts in train: {np.bincount(y_train)}")
print(f"{constant} constant pixels; E[x^2] over the training set = {np.mean(x_train ** 2):.4f} "
      f"(= {64 - constant}/64)")

# %% [markdown]
# The classifier is a ReLU MLP with widths 64-128-128-10: two hidden layers with He normal weights
# $\mathrm{N}(0, 2/\text{fan\_in})$ and zero biases, then the head. Notebook 04's recursion says what reaches
# the head: with zero biases and symmetric weights, $E[\mathrm{relu}(z)^2] = \tfrac12\mathrm{Var}(z)$, and
# He's factor 2 keeps the mean square of the activations equal to the input's at every hidden layer, in
# expectation over the weights.
#
# Six heads are common, each drawn i.i.d. with zero bias (fan_in $n = 128$, fan_out $C = 10$):
#
# | key | head weights | where it comes from |
# |---|---|---|
# | `"zero"` | all 0 | muP's optional zero readout; DiT's released code zeroes its final layer |
# | `"small"` | $\mathrm{N}(0, (0.01/\sqrt{n})^2)$ | $0.01\times$ LeCun's scale, notebook 08's healthy head (makemore: std 0.01) |
# | `"pytorch_default"` | $\mathrm{U}(\pm 1/\sqrt n)$, variance $1/(3n)$ | `nn.Linear`'s `kaiming_uniform_(a=sqrt(5))` (notebook 04) |
# | `"lecun"` | $\mathrm{N}(0, 1/n)$ | LeCun et al.'s fan-in scale (*Efficient BackProp*, 1998) |
# | `"xavier"` | $\mathrm{N}(0, 2/(n + C))$ | Glorot and Bengio's compromise |
# | `"normal"` | $\mathrm{N}(0, 1)$ | `torch.randn`, unscaled |
#
# (`nn.Linear` also draws its bias from $\mathrm{U}(\pm 1/\sqrt n)$, which would add $1/(3n)$ to every logit's
# variance; here every bias is 0.)
#
# ### Exercise 1 (predict, 3 points)
#
# Predict the **expected initial loss** $E[L]$ of the 64-128-128-10 network on the digits training set (the
# mean cross-entropy over the 1,347 images, in expectation over the draw of the hidden layers and of the head)
# for each of the six heads. Write `predicted_initial_losses()` returning a dict with the six keys of the table
# and your numbers. Use the formulas above and the printed $E[x^2]$; pick the regime (small or large logits)
# that fits each head. The cell after the test simulates 100 networks and reveals the answer; the hidden test
# accepts your number when its excess over $\ln 10$ is within a factor 1.4 of the simulated excess (and
# within 0.02 of the simulation where that excess is below 0.01).

# %% kind="answer" grade_id="n09_initial_loss_answer"
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    ### BEGIN SOLUTION
    n_classes, fan_in, mean_square_x = 10, 128, 61 / 64      # He keeps E[h^2] = E[x^2] with zero biases
    variances = {"zero": 0.0, "small": (0.01 / math.sqrt(fan_in)) ** 2, "pytorch_default": 1 / (3 * fan_in),
                 "lecun": 1 / fan_in, "xavier": 2 / (fan_in + n_classes), "normal": 1.0}
    out = {}
    for name, var in variances.items():
        s2 = fan_in * var * mean_square_x
        if s2 < 4:
            out[name] = math.log(n_classes) + (n_classes - 1) / (2 * n_classes) * s2
        else:
            out[name] = math.sqrt(s2) * 1.539                # s * E[max of 10 standard normals]
    return out
    ### END SOLUTION


# %% kind="test" grade_id="n09_initial_loss_test" points=3
"""predicted_initial_losses() returns a dict of six numbers >= 0 (the hidden test compares them with a simulation)."""
from course_lib import grading

_keys = ("zero", "small", "pytorch_default", "lecun", "xavier", "normal")
_pred = grading.call_quietly(predicted_initial_losses)
assert isinstance(_pred, dict), f"predicted_initial_losses() should return a dict, got {type(_pred).__name__}"
assert set(_pred) == set(_keys), f"the keys should be {_keys}; got {sorted(map(str, _pred))}"
for _key in _keys:
    grading.check_number(_pred[_key], f"predicted_initial_losses()[{_key!r}]", low=0.0)
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

import numpy as np

from course_lib import data as _data
from course_lib import losses as _losses

with grading.forbidding("course_lib.nets", "course_lib.init", "course_lib.losses", "course_lib.training",
                        "course_lib.stats", "course_lib.diagnosis", "course_lib.data", "course_lib.schemes",
                        who="predicted_initial_losses",
                        advice="predict the numbers from the formulas, do not simulate the network with course_lib"):
    _pred = grading.call_quietly(predicted_initial_losses)


def _simulated_losses(n_networks=100, seed=9):
    """The reference: mean initial loss over n_networks fresh He stacks and heads on the digits training set.

    Fixed seed, on purpose not grading.seed: the learner's function takes no input, so with a fixed
    reference the test is deterministic and a correct answer cannot fail by chance. The band is set from
    the theory's distance to this reference: the second-order formula with E[h^2] = E[x^2] lands at 1.30x
    the simulated excess for the Xavier head (1.24x for LeCun: higher-order terms and Jensen's
    inequality), an exact Monte Carlo of i.i.d. logits at 1.17x, s m_10 at 1.13x for the N(0, 1) head;
    the reference's own standard error is 2 to 3% of each excess.
    """
    _d = _data.load_digits()
    _rng = np.random.default_rng(seed)  # fixed reference (see the docstring), not an input of the answer
    _std = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "pytorch_default": 1 / math.sqrt(3 * 128),
            "lecun": 1 / math.sqrt(128), "xavier": math.sqrt(2 / 138), "normal": 1.0}
    _out = {_k: 0.0 for _k in _std}
    for _ in range(n_networks):
        _h = _d.x_train
        for _a, _b in ((64, 128), (128, 128)):
            _h = np.maximum(_h @ _rng.normal(0.0, math.sqrt(2 / _a), (_b, _a)).T, 0.0)
        _g = _rng.standard_normal((10, 128))
        for _k, _s in _std.items():
            _out[_k] += _losses.cross_entropy(_h @ (_s * _g).T, _d.y_train) / n_networks
    return _out


_ref = _simulated_losses()
_ln10 = math.log(10)
_teach = {
    "zero": "zero logits give every class probability 1/C.",
    "small": "a head 0.01 times LeCun's scale gives logits of std about 0.01: the loss is ln C to 4 digits.",
    "pytorch_default": "the default's variance is 1/(3 fan_in); the logits are small, so the second-order formula fits.",
    "lecun": "logit variance s^2 = fan_in Var(W) E[h^2] and E[L] - ln C is about (C-1)/(2C) s^2.",
    "xavier": "Var(W) = 2/(fan_in + fan_out); the excess over ln C is about (C-1)/(2C) s^2 (a little less at s > 1).",
    "normal": "with logit std s >> 1 the loss grows like s m_C, not like s^2.",
}
for _key in _keys:
    _value = grading.as_float(_pred[_key], f"predicted_initial_losses()[{_key!r}]")
    _excess_ref, _excess = _ref[_key] - _ln10, _value - _ln10
    if _excess_ref < 0.01:
        assert abs(_value - _ref[_key]) < 0.02, (
            f"predicted_initial_losses()[{_key!r}] is off by more than 0.02: {_teach[_key]}")
    else:
        _ratio = _excess / _excess_ref
        assert 1 / 1.4 <= _ratio <= 1.4, (
            f"predicted_initial_losses()[{_key!r}]: its excess over ln 10 is {_ratio:.2g}x the simulated excess. "
            f"{_teach[_key]}")
### END HIDDEN TESTS

# %% [markdown]
# The simulation: 100 fresh networks (hidden layers and head), the mean initial loss over the training set per
# head with its standard error, the per-sample logit std, and your prediction beside them.

# %%
# NBVAL_CHECK_OUTPUT
head_stds = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "pytorch_default": 1 / math.sqrt(3 * 128),
             "lecun": 1 / math.sqrt(128), "xavier": math.sqrt(2 / 138), "normal": 1.0}


def he_hidden(x, rng):
    """The two hidden He ReLU layers (64 -> 128 -> 128), zero biases: the activations that reach the head."""
    h = x
    for n_in, n_out in ((64, 128), (128, 128)):
        h = np.maximum(h @ rng.normal(0.0, math.sqrt(2 / n_in), (n_out, n_in)).T, 0.0)
    return h


rng = np.random.default_rng(21)
initial = {name: [] for name in head_stds}
logit_std = {name: [] for name in head_stds}
mean_square_h = []
for _ in range(100):
    h = he_hidden(x_train, rng)
    mean_square_h.append(np.mean(h**2))
    g = rng.standard_normal((10, 128))
    for name, std in head_stds.items():
        logits = h @ (std * g).T
        initial[name].append(losses.cross_entropy(logits, y_train))
        logit_std[name].append(np.sqrt(np.mean(logits**2)))
print(f"E[h^2] at the head's input: {np.mean(mean_square_h):.3f} on average over 100 networks "
      f"(from {np.min(mean_square_h):.2f} to {np.max(mean_square_h):.2f})")
for name in head_stds:
    print(f"{name:16s} E[L] = {np.mean(initial[name]):7.4f} +- {np.std(initial[name]) / 10:.4f}   "
          f"rms logit {np.mean(logit_std[name]):.3g}")

# %%
prediction = grading.learner_value(predicted_initial_losses)
if isinstance(prediction, dict):
    for name in head_stds:
        value = prediction.get(name)
        shown = f"{value:.4f}" if isinstance(value, (int, float)) else repr(value)
        print(f"{name:16s} simulated {np.mean(initial[name]):7.4f}   your prediction {shown}")

# %% [markdown]
# The zero and small heads start at $\ln 10 = 2.3026$; PyTorch's default head adds about 0.12, LeCun's 0.35
# and Xavier's 0.62; an $\mathrm{N}(0,1)$ head starts near 15.4, almost seven times $\ln 10$. The second-order
# formula with $E[h^2] = E[x^2]$ is a little high for LeCun and Xavier (the logit std is near 1 there, where the
# table above showed it overshooting), and $s\,m_{10}$ is about 10% high for the $\mathrm{N}(0,1)$ head: $E[L]$
# follows $E[s]$, and because $\lVert h\rVert^2$ varies between networks and images (the first printed line),
# $E[s] = \sigma E\lVert h\rVert$ is below $\sigma\sqrt{E\lVert h\rVert^2}$ (Jensen's inequality).
#
# Notebook 08's capstone reads the same lesson off a regression head: a healthy head is small
# ($0.01/\sqrt{\text{fan\_in}}$) or zero.
#
# **After a deeper stack.** He's recursion makes the depth irrelevant: $E[h^2]$ stays at $E[x^2]$, so each head
# above gives the same initial loss after 2 or 8 hidden layers. A stack of PyTorch-default hidden layers does
# not: notebook 04 showed that `nn.Linear`'s default, $\mathrm{Var}(W) = 1/(3\,\text{fan\_in})$, multiplies the
# mean square by $1/6$ per ReLU layer. The cell measures $E[h^2]$ at the head's input and the initial loss with
# a PyTorch-default head (10 networks each, width 128).

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(8)
for hidden_scheme, var_w in (("He", lambda n: 2 / n), ("PyTorch default", lambda n: 1 / (3 * n))):
    for depth in (2, 4, 8):
        squares, initial_losses = [], []
        for _ in range(10):
            h = x_train
            for _layer in range(depth):
                n_in = h.shape[1]
                h = np.maximum(h @ rng.uniform(-1, 1, (128, n_in)).T * math.sqrt(3 * var_w(n_in)), 0.0)
            squares.append(np.mean(h**2))
            head = rng.uniform(-1, 1, (10, 128)) / math.sqrt(128)
            initial_losses.append(losses.cross_entropy(h @ head.T, y_train))
        print(f"{hidden_scheme:15s} hidden layers, depth {depth}: E[h^2] = {np.mean(squares):.3g}   "
              f"initial loss with the default head {np.mean(initial_losses):.4f}")

# %% [markdown]
# Under He the loss with the default head stays between 2.41 and 2.47 at every depth (section 1's 2.42, within
# the spread of 10 networks). Under the default stack $E[h^2]$ falls by about 6 per layer and the initial loss goes to $\ln 10$ with depth: such a network "passes" the
# initial-loss check for the wrong reason (its signal has vanished, notebook 04), so read the per-layer
# statistics too (notebook 08).
#
# ## 2. A zero head, and why learning still starts
#
# A popular article's summary table files zero initialization under "do not use, ever", because units that
# start equal stay equal. For *hidden* layers that is notebook 01's lesson. For the **last** layer it is
# wrong. Take $W_L = 0$, $b_L = 0$ and the softmax error $\delta = (p - \mathrm{onehot}(y))/B$ (all $p_k = 1/C$):
#
# * $\partial L/\partial W_L = \delta^\top h_{L-1}$: **not zero**. Its rows differ (each class has its own
#   examples) and so do its columns (the layers below are random);
# * $\partial L/\partial b_L = \sum_b \delta_b$, the gap between $1/C$ and each class's share of the batch: nearly
#   zero on the balanced digits, but not exactly;
# * $\partial L/\partial h_{L-1} = \delta W_L = 0$, so **every gradient below the head is zero** at the first step.
#
# After one step $W_L \ne 0$, and the gradient reaches every layer. The cell takes two SGD steps (learning rate
# 0.1, full batch) from a zero head and prints the RMS of every parameter's gradient at each step.

# %%
# NBVAL_CHECK_OUTPUT
def digits_mlp(head_std, seed=0):
    """The 64-128-128-10 ReLU classifier: He normal hidden layers, a N(0, head_std^2) head, zero biases."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0.0, math.sqrt(2 / 64), (128, 64)), rng.normal(0.0, math.sqrt(2 / 128), (128, 128)),
               head_std * rng.standard_normal((10, 128))]
    return MLP(weights, activation="relu", output_activation="linear")


net = digits_mlp(0.0)
history = training.train(net, optim.SGD(net.parameters(), 0.1), x_train, y_train, steps=2)
names = ["W_1", "b_1", "W_2", "b_2", "W_3 (head)", "b_3 (head)"]
for step in range(2):
    print(f"step {step}: loss {history.loss[step]:.4f}   rms gradient " +
          "  ".join(f"{n} {g:.1e}" for n, g in zip(names, history.grad_rms[step])))

# %% [markdown]
# At step 0 only the head's weight gradient is of order $10^{-2}$; its bias gradient is about 25 times
# smaller (the class shares of the digits differ from $1/10$ by a few images), and every hidden gradient is
# exactly 0. At step 1 all of them are non-zero: learning has started, from $\ln 10$. The zero head is not a
# symmetry bug: the head's rows differ after the first step because the classes differ, and the hidden units
# below differ because they were random to begin with.
#
# ## 3. Training on the digits under each head
#
# Does the starting loss matter once training runs? The cell trains the same network (same hidden layers,
# seed 0) with each head, 100 full-batch SGD steps at learning rate 0.1, and prints the training loss at a
# few steps and the test loss and accuracy at the end.

# %%
# NBVAL_CHECK_OUTPUT
runs = {}
for name, std in head_stds.items():
    net = digits_mlp(std)
    runs[name] = training.train(net, optim.SGD(net.parameters(), 0.1), x_train, y_train, steps=100,
                                eval_data=(x_test, y_test), eval_every=100)
print(f"{'head':16s} {'L(0)':>7s} {'L(10)':>7s} {'L(50)':>7s} {'L(99)':>7s} {'test loss':>9s} {'test acc':>8s}")
for name, run in runs.items():
    print(f"{name:16s} {run.loss[0]:7.3f} {run.loss[10]:7.3f} {run.loss[50]:7.3f} {run.loss[99]:7.3f} "
          f"{run.eval_loss[-1]:9.3f} {run.eval_accuracy[-1]:8.3f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.6))
for (name, run), color, marker in zip(runs.items(), plots.PALETTE, plots.MARKERS):
    ax.plot(run.steps, run.loss, color=color, marker=marker, markevery=25, label=name)
ax.axhline(math.log(10), color=plots.PALETTE[7], linestyle=":", label="ln 10")
ax.set_yscale("log")
ax.set_xlabel("SGD step (full batch, lr 0.1)")
ax.set_ylabel("training cross-entropy")
ax.set_title("Digits, 64-128-128-10 ReLU MLP: the head's initial scale")
ax.legend(ncol=2)
plt.show()

# %% [markdown]
# Within these 100 steps: the zero and small heads give the same curve (a small head *is* a zero head to
# four digits). Larger heads lower the *training* loss sooner at this learning rate (the head's scale
# multiplies the gradient that reaches the hidden layers), and the $\mathrm{N}(0,1)$ head drives it close to 0.
# But its **test** loss is the worst of all and its test accuracy the lowest: it fits the training set with
# overconfident logits from the start. The zero and small heads start at the
# right loss and are a little behind LeCun's and Xavier's at step 99 (test accuracy 0.944 against 0.949 and
# 0.953): here a larger head acts like a larger learning rate, and a zero head leaves the speed to the
# learning rate, where it belongs. One seed, one learning rate: the finite run shows a direction, not a law.
#
# ## 4. Embeddings
#
# An embedding table $E$ of shape $(V, d)$ maps token $i$ to row $E_i$ (`torch.nn.Embedding`'s layout). Three
# initial scales are common:
#
# * $\mathrm{N}(0, 1)$: `torch.nn.Embedding`'s default; each row has squared norm about $d$;
# * std $0.02$: BERT's and GPT-2's `initializer_range` (GPT-2's released code draws the learned positional
#   table with std 0.01);
# * std $1/\sqrt d$: each row has squared norm about 1, one unit-length vector per token.
#
# Vaswani et al. (2017, *Attention Is All You Need*, §3.4) share one matrix between the two embedding layers and
# the pre-softmax linear layer (**tying**, after Press & Wolf 2017), and in the embedding layers multiply the
# weights by $\sqrt{d_\text{model}}$; §3.5 adds sinusoidal positional encodings, whose entries lie in $[-1, 1]$
# with mean square $\tfrac12$. The paper gives no reason for the multiplier; what it does is visible in
# numbers: a table of std $1/\sqrt d$ times $\sqrt d$ gives token vectors of RMS 1, the scale of the positional
# signal, so neither drowns the other when they are added.
#
# **Tying and the initial logits.** With a tied head the logits are $z_k = h\cdot E_k$. For a hidden state
# $h$ of mean square $q$ (a final LayerNorm gives $q = 1$), $\mathrm{Var}(z_k) = d\,q\,\mathrm{std}(E)^2$:
# section 1 then says what the initial loss is. And the logit of the token itself, when $h$ is (close to) its
# own embedding, is $\lVert E_i\rVert^2 \approx d\,\mathrm{std}(E)^2$ against a spread of
# $\sqrt d\,\mathrm{std}(E)^2$ for the others: a tied model starts biased towards repeating its input.
# The cell measures all of this for $V = 1000$, $d = 256$.

# %%
# NBVAL_CHECK_OUTPUT
vocab, d = 1000, 256
rng = np.random.default_rng(5)
ids = rng.integers(0, vocab, size=512)
labels = rng.integers(0, vocab, size=512)
positions = embeddings.sinusoidal_positions(512, d)
learned = embeddings.learned_positions(512, d, rng=rng)
unit_h = rng.standard_normal((512, d))                       # a hidden state of mean square 1 (after a LayerNorm)
print(f"positions: sinusoidal rms {embeddings.rms(positions):.3f}, learned (std 0.01) rms {embeddings.rms(learned):.3f}")
print(f"{'table':11s} {'rms E[ids]':>10s} {'x sqrt(d)':>9s} {'tied logit std':>14s} {'initial loss':>12s} "
      f"{'self logit':>10s} {'P(argmax = input)':>17s}")
for scheme in embeddings.SCHEMES:
    table = embeddings.embedding_table(vocab, d, scheme, rng=rng)
    tokens = embeddings.lookup(table, ids)
    scaled = embeddings.lookup(table, ids, multiplier=math.sqrt(d))
    logits = embeddings.tied_logits(unit_h, table)
    copy_logits = embeddings.tied_logits(tokens, table)
    self_logit = np.mean(copy_logits[np.arange(512), ids])
    copy_share = np.mean(copy_logits.argmax(axis=1) == ids)
    print(f"{scheme:11s} {embeddings.rms(tokens):10.3f} {embeddings.rms(scaled):9.3f} {logits.std():14.3f} "
          f"{losses.cross_entropy(logits, labels):12.3f} {self_logit:10.3f} {copy_share:17.3f}")
print(f"ln V = {math.log(vocab):.3f}")

# %% [markdown]
# Read the rows. With $\mathrm{N}(0,1)$ tokens have RMS 1 and the $\sqrt d$ multiplier would make them 16:
# the multiplier belongs with small tables. With std $1/\sqrt d$ the multiplier brings the tokens to RMS 1,
# the sinusoids' 0.71. With std 0.02 even the multiplied tokens (RMS 0.32) are smaller than the positional
# signal, and the learned positional table (std 0.01) is smaller again.
#
# The tied head decides the initial loss. $\mathrm{N}(0,1)$ gives logits of std $\sqrt{256} = 16$ and an initial
# loss of about 50, far above $\ln V = 6.9$; std 0.02 gives logits of std 0.32 and a loss within 0.06 of
# $\ln V$; std $1/\sqrt d$ gives logit std 1 and adds about 0.5. When the hidden state is the token's own
# embedding, every table makes the input token the most likely output at this vocabulary and width (the
# self-logit is $d\,\mathrm{std}(E)^2$, 16 standard deviations of the others), so a tied model starts by
# predicting "repeat the input" however small its table is; only the *size* of that preference (the logits'
# scale) follows the table's std.
#
# ## 5. Zero-initialized branches and adapters
#
# Many modern blocks add a new path to something that already works (a residual stream, a pretrained layer)
# and start that path at **zero**, so that the model starts exactly as its base, then learns the new path.
# The rule of section 2 decides whether it learns: a zero factor's own gradient is the product of the
# *other* factors, which must not be zero.
#
# ### 5.1 LoRA
#
# Hu et al. (2021, *LoRA*, §4.1) adapt a frozen weight $W$ (shape $(d_\text{out}, d_\text{in})$) by a rank-$r$
# update, $y = xW^\top + s\,(xA^\top)B^\top$ with $A$ of shape $(r, d_\text{in})$ and $B$ of shape
# $(d_\text{out}, r)$, **$B = 0$ and $A$ random** (Gaussian in the paper), and scale $s = \alpha/r$. Writing
# $G = \partial L/\partial y$ and $\nabla_W = G^\top x$ (the gradient a full fine-tune would take),
#
# $$\frac{\partial L}{\partial B} = s\,\nabla_W A^\top,\qquad \frac{\partial L}{\partial A} = s\,B^\top\nabla_W .$$
#
# At $B = 0$ the second is zero: **the first step moves only $B$**, and $A$ starts to move at the second step.
# `course_lib.adapters.LoRALinear` implements the layer (with peft's default $A \sim \mathrm{U}(\pm 1/\sqrt{d_\text{in}})$);
# the cell fits a random linear target, prints the output's distance from the base layer at step 0, then the
# loss and both gradient norms for the first three SGD steps (learning rate 0.5).

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(3)
d_in, d_out = 48, 32
w_base = rng.normal(0.0, 1 / math.sqrt(d_in), (d_out, d_in))
x_lora = rng.standard_normal((256, d_in))
target = x_lora @ (w_base + 0.1 * rng.standard_normal((d_out, d_in))).T
lora = adapters.LoRALinear(w_base, r=4, alpha=8, rng=rng)
print(f"s = alpha / r = {lora.scale:g}; at step 0 |y - x W^T| = {np.abs(lora.forward(x_lora) - lora.base(x_lora)).max():.1e}")
for step in range(3):
    out = lora.forward(x_lora)
    lora.backward((out - target) / len(x_lora))
    grads = lora.named_gradients()
    print(f"step {step}: loss {0.5 * np.mean(np.sum((out - target) ** 2, axis=1)):.4f}  |dL/dA| = "
          f"{np.linalg.norm(grads['A']):.2e}  |dL/dB| = {np.linalg.norm(grads['B']):.2e}")
    for p, g in zip(lora.parameters(), lora.gradients()):
        p -= 0.5 * g
merged = adapters.LoRALinear(lora.merged(), r=1, rng=0)
print(f"merged weight W + s B A reproduces the adapter: max difference {np.abs(merged.base(x_lora) - lora.forward(x_lora)).max():.1e}")

# %% [markdown]
# $|\partial L/\partial A| = 0$ at step 0 (exactly), non-zero from step 1. And because the update is a plain
# matrix $sBA$, it can be merged into $W$ after training: no extra cost at inference.
#
# **The rank and the scale.** How large is the first step? One SGD step of learning rate $\eta$ on $B$ lowers
# the loss, to first order, by $\eta\lVert\partial L/\partial B\rVert_F^2$. Over the random draw of $A$ (i.i.d.
# entries of variance $\sigma_A^2$) that is a multiple of what a full fine-tune would get,
# $\eta\lVert\nabla_W\rVert_F^2$, and the multiple depends on $r$ and on how $s$ is chosen. Kalajdzievski (2023,
# *A Rank Stabilization Scaling Factor for Fine-Tuning with LoRA*) argues that with $s = \alpha/r$ learning
# slows down as the rank grows, and proposes **rsLoRA**, $s = \alpha/\sqrt r$, under which the adapter's
# activations and gradients keep their size at any rank.
#
# ### Exercise 2 (derive, 3 points)
#
# Write `first_step_gain(r, alpha, a_std, rslora)`: the expected ratio
# $E_A\big[\lVert\partial L/\partial B\rVert_F^2\big] / \lVert\nabla_W\rVert_F^2$ at $B = 0$, for a rank-$r$ adapter
# whose $A$ has i.i.d. zero-mean entries of std `a_std`, with $s = \alpha/r$ (`rslora=False`) or
# $s = \alpha/\sqrt r$ (`rslora=True`). Start from $\partial L/\partial B = s\,\nabla_W A^\top$ and compute
# $E[A^\top A]$. The hidden test evaluates your formula at values you do not see.

# %% kind="answer" grade_id="n09_lora_gain_answer"
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    ### BEGIN SOLUTION
    scale = alpha / math.sqrt(r) if rslora else alpha / r
    return scale**2 * r * a_std**2          # E[A^T A] = r a_std^2 I
    ### END SOLUTION


# %% kind="test" grade_id="n09_lora_gain_test" points=3
"""first_step_gain(r, alpha, a_std, rslora) returns one positive number (the hidden test checks the formula)."""
from course_lib import grading

for _rslora in (False, True):
    grading.check_number(grading.call_quietly(first_step_gain, 8, 16.0, 0.05, _rslora),
                         f"first_step_gain(8, 16.0, 0.05, {_rslora})", positive=True)
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

for _r, _alpha, _std in ((1, 3.0, 0.2), (7, 11.0, 0.031), (64, 128.0, 0.01), (300, 0.5, 1.3), (16, 16.0, 0.07)):
    for _rslora in (False, True):
        _label = f"first_step_gain({_r}, {_alpha}, {_std}, {_rslora})"
        with grading.forbidding("course_lib.adapters", "course_lib.nets", "course_lib.init", "course_lib.training",
                                who="first_step_gain", advice="derive the closed form with math only"):
            _got = grading.call_quietly(first_step_gain, _r, _alpha, _std, _rslora)
        _s = _alpha / math.sqrt(_r) if _rslora else _alpha / _r
        _want = _s**2 * _r * _std**2
        _other = (_alpha / _r if _rslora else _alpha / math.sqrt(_r)) ** 2 * _r * _std**2
        _hints = [(1 / _s, "The scale s enters twice: once in the forward pass and once in dL/dB. Is it squared?"),
                  (_other / _want, "Check the scale (rsLoRA: alpha / sqrt(r), LoRA: alpha / r) and the rank: "
                                   "E[A^T A] = r a_std^2 I."),
                  (1 / _r, "E[A^T A] is r a_std^2 times the identity: is the factor r missing?"),
                  (float(_r), "E[A^T A] is r a_std^2 times the identity, not r^2 a_std^2."),
                  (1 / _std, "a_std is a standard deviation: E[A^T A] involves its square."),
                  (1 / math.sqrt(_want), "The ratio of squared norms is asked for, not of norms.")]
        _hints = [(_h, _m) for _h, _m in _hints if abs(_h - 1) > 0.05]
        grading.check_close(_got, _want, _label, rtol=1e-6, hints=_hints)
### END HIDDEN TESTS

# %% [markdown]
# The measurement: a fixed layer and batch (so $\nabla_W$ is fixed), 400 draws of $A$ with peft's default
# ($\sigma_A^2 = 1/(3d_\text{in})$), $\alpha = 8$, ranks 1 to 32. The cell prints the measured mean of
# $\lVert\partial L/\partial B\rVert_F^2/\lVert\nabla_W\rVert_F^2$ under each scaling and plots it.

# %%
# NBVAL_CHECK_OUTPUT
grad_w = (lora.base(x_lora) - target).T @ x_lora / len(x_lora)        # the full fine-tune's gradient at W
a_std = 1 / math.sqrt(3 * d_in)
ranks = [1, 2, 4, 8, 16, 32]
measured_gain = {False: [], True: []}
rng = np.random.default_rng(17)
for r in ranks:
    a_draws = rng.uniform(-1 / math.sqrt(d_in), 1 / math.sqrt(d_in), (400, r, d_in))
    norms = np.mean(np.sum((grad_w @ a_draws.transpose(0, 2, 1)) ** 2, axis=(1, 2))) / np.sum(grad_w**2)
    for rslora in (False, True):
        measured_gain[rslora].append(adapters.lora_scale(8, r, rslora=rslora) ** 2 * norms)
print("rank                 ", ranks)
print("alpha/r        gain  ", np.round(measured_gain[False], 3))
print("alpha/sqrt(r)  gain  ", np.round(measured_gain[True], 3))

# %%
derived = {False: [None], True: [None]}
if grading.learner_value(first_step_gain, 1, 8.0, a_std, False) is not None:
    derived = {rs: [grading.learner_value(first_step_gain, r, 8.0, a_std, rs) for r in ranks] for rs in (False, True)}
fig, ax = plt.subplots(figsize=(6.4, 3.6))
for (rslora, label), color, marker in zip(((False, "LoRA, s = alpha/r"), (True, "rsLoRA, s = alpha/sqrt(r)")),
                                          plots.PALETTE, plots.MARKERS):
    ax.plot(ranks, measured_gain[rslora], color=color, marker=marker, label=f"{label}: measured")
    if all(isinstance(v, (int, float)) for v in derived[rslora]):
        ax.plot(ranks, derived[rslora], color=color, linestyle="--", label=f"{label}: your formula")
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("rank r")
ax.set_ylabel("E|dL/dB|^2 / |dL/dW|^2 at step 0")
ax.set_title("LoRA's first step against the rank (alpha = 8)")
ax.legend()
plt.show()

# %% [markdown]
# Under $\alpha/r$ the first step's gain falls by half each time the rank doubles (from 0.44 at $r = 1$ to 0.014
# at $r = 32$ here): a larger rank learns *slower* at the same learning rate, so raising $r$ without retuning
# wastes it. Under $\alpha/\sqrt r$ the gain is flat in $r$. Hu et al. note that with Adam, tuning $\alpha$ is
# roughly tuning the learning rate, and set $\alpha$ to the first $r$ they try; the rank-dependence is what rsLoRA fixes
# for SGD-like first steps (this measurement) and, per Kalajdzievski, in training.
#
# ### 5.2 Other zero starts
#
# The same idea, in four more blocks. Each has a **base** (what it computes with the new path removed) and
# trainable parameters; `course_lib.adapters` implements each with its backward pass.
#
# | block | computes | base | paper |
# |---|---|---|---|
# | `layerscale` | $y = x + \gamma\odot F(x)$, $F(x) = \mathrm{relu}(xW_1^\top)W_2^\top$, per-channel $\gamma$ | $x$ | Touvron et al. 2021 (CaiT), §2: $\gamma$ starts at a small $\varepsilon$ (0.1 to $10^{-6}$ by depth) |
# | `adaln_zero` | $y = x + \alpha\odot F(\mathrm{LN}(x)(1+\gamma) + \beta)$, $(\beta, \gamma, \alpha) = cM^\top$ from a condition $c$ | $x$ | Peebles & Xie 2023 (DiT), §3.2: the paper zeroes the gate $\alpha$; its code zeroes all of $M$ |
# | `zero_gamma` | $y = x + \mathrm{BN}_{\gamma_2}(\mathrm{relu}(\mathrm{BN}_{\gamma_1}(xW_1^\top))W_2^\top) + \beta_2$ | $x$ | Goyal et al. 2017, *Accurate, Large Minibatch SGD* (notebook 07) |
# | `controlnet` | $y = F_0(x) + \mathrm{relu}((x + cZ_1^\top)W_c^\top)Z_2^\top$, $F_0(x) = \mathrm{relu}(xW_0^\top)$ frozen, $W_c$ a trainable copy of $W_0$ | $F_0(x)$ | Zhang et al. 2023 (ControlNet), §3.1: "zero convolutions" |
#
# Two more are from this notebook: `lora` ($A$, $B$) and `softmax_head`, the digits network of section 2 with
# trainable `W1`, `W2` (head) and `b2` (head bias), whose "base" is the uniform prediction (equal logits in
# every row, loss $\ln C$).
#
# ### Exercise 3 (choose, 4 points)
#
# For each of the six blocks choose **which parameters start at zero** (all the others start random, at
# their usual scale) so that (a) the block's output at step 0 equals its base exactly, and (b) it still
# learns: after two SGD steps on a regression target every trainable parameter has moved and the loss has
# decreased. Write `zero_init_choices()` returning a dict from the block's key to a tuple (or list) of
# parameter names (an empty tuple for "nothing at zero"):
#
# * `"lora"`: from `"A"`, `"B"`;
# * `"softmax_head"`: from `"W1"`, `"W2"`, `"b2"`;
# * `"layerscale"`: from `"gamma"`, `"W1"`, `"W2"`;
# * `"adaln_zero"`: from `"M"`, `"W1"`, `"W2"`;
# * `"zero_gamma"`: from `"W1"`, `"gamma1"`, `"W2"`, `"gamma2"` (the bias $\beta_2$ always starts at 0);
# * `"controlnet"`: from `"Z1"`, `"Wc"`, `"Z2"`.
#
# More than one choice can work for a block; the test checks what yours does (with ReLU's derivative at 0
# taken as 0, as PyTorch does). Watch for zeros that multiply each other, and for a zero in front of a norm.

# %% kind="answer" grade_id="n09_zero_init_answer"
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    ### BEGIN SOLUTION
    return {"lora": ("B",), "softmax_head": ("W2", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z1", "Z2")}
    ### END SOLUTION


# %% kind="test" grade_id="n09_zero_init_test" points=4
"""zero_init_choices() maps each of six blocks to a tuple of its parameter names (hidden: what each choice does)."""
from course_lib import grading

_params = {"lora": ("A", "B"), "softmax_head": ("W1", "W2", "b2"), "layerscale": ("gamma", "W1", "W2"),
           "adaln_zero": ("M", "W1", "W2"), "zero_gamma": ("W1", "gamma1", "W2", "gamma2"),
           "controlnet": ("Z1", "Wc", "Z2")}
_choice = grading.call_quietly(zero_init_choices)
assert isinstance(_choice, dict) and set(_choice) == set(_params), f"the keys should be {sorted(_params)}"
for _key, _zero in _choice.items():
    assert isinstance(_zero, (tuple, list)), f"zero_init_choices()[{_key!r}] should be a tuple (or list) of names"
    assert set(_zero) <= set(_params[_key]), f"zero_init_choices()[{_key!r}]: names must come from {_params[_key]}"
print("visible checks passed")

### BEGIN HIDDEN TESTS
import math

import numpy as np

from course_lib import adapters as _adapters
from course_lib import losses as _losses

with grading.forbidding("course_lib.adapters", "course_lib.nets", "course_lib.training", who="zero_init_choices",
                        advice="reason about which gradients are zero; return the names"):
    _choice = grading.call_quietly(zero_init_choices)


class _Head:
    """The softmax_head block: logits = relu(x W1^T) W2^T + b2, trained on cross-entropy (b1 = 0, fixed)."""

    names = ("W1", "W2", "b2")

    def __init__(self, rng):
        self.W1 = rng.normal(0.0, math.sqrt(2 / 12), (16, 12))
        self.W2 = rng.normal(0.0, math.sqrt(1 / 16), (5, 16))
        self.b2 = rng.normal(0.0, 0.3, 5)

    def named_parameters(self):
        return {_n: getattr(self, _n) for _n in self.names}


def _head_case(zero, rng):
    _b = _Head(rng)
    for _n in zero:
        getattr(_b, _n)[...] = 0.0
    _x, _y = rng.standard_normal((40, 12)), rng.integers(0, 5, 40)
    _start = {_n: _p.copy() for _n, _p in _b.named_parameters().items()}
    _loss = []
    for _step in range(3):
        _z = _x @ _b.W1.T
        _h = np.maximum(_z, 0.0)
        _logits = _h @ _b.W2.T + _b.b2
        if _step == 0:
            _base_gap = float(np.max(np.abs(_logits - _logits.mean(axis=1, keepdims=True))))
        _l, _g = _losses.softmax_cross_entropy(_logits, _y)
        _loss.append(_l)
        if _step == 2:
            break
        _dh = (_g @ _b.W2) * (_z > 0)
        _grads = {"W1": _dh.T @ _x, "W2": _g.T @ _h, "b2": _g.sum(axis=0)}
        for _n in _b.names:
            getattr(_b, _n)[...] -= 0.5 * _grads[_n]
    _moved = {_n: not np.array_equal(_p, _start[_n]) for _n, _p in _b.named_parameters().items()}
    return _base_gap, _loss, _moved


def _block(key, rng):
    """A block with every parameter random at its usual scale; (block, width, d_cond or None)."""
    if key == "lora":
        _b = _adapters.LoRALinear(rng.normal(0.0, 1 / math.sqrt(12), (8, 12)), 4, alpha=8, rng=rng)
        _b.B[...] = rng.normal(0.0, 0.3, _b.B.shape)
        return _b, 12, None
    if key == "layerscale":
        _b = _adapters.LayerScaleBlock(10, 16, init_scale=1.0, rng=rng)
        _b.gamma[...] = rng.normal(1.0, 0.2, 10)
        return _b, 10, None
    if key == "adaln_zero":
        return _adapters.AdaLNZeroBlock(10, 16, 6, zero_modulation=False, rng=rng), 10, 6
    if key == "zero_gamma":
        _b = _adapters.ZeroGammaResidualBlock(10, 16, gamma_init=1.0, rng=rng)
        _b.gamma1[...] = rng.normal(1.0, 0.2, 16)
        return _b, 10, None
    _b = _adapters.ControlNetBlock(rng.normal(0.0, math.sqrt(2 / 10), (12, 10)), 6, rng=rng)
    _b.Z1[...] = rng.normal(0.0, 0.3, _b.Z1.shape)
    _b.Z2[...] = rng.normal(0.0, 0.3, _b.Z2.shape)
    return _b, 10, 6


_why = {
    "start": "at step 0 its output is not its base: which path must be cut off?",
    "stuck": "some parameter never moved: a zero parameter's gradient is the product of the other factors on its "
             "path; if one of those is zero too, both stay at zero (and relu'(0) = 0)",
    "loss": "the loss went up: a zero before a norm makes the norm divide by sqrt(eps)",
}
# Why a correct choice does not fail by chance: the failure modes are exact (an output that is not exactly the
# base, a gradient that is exactly zero), and lr = 0.01 is small enough that two steps lower the loss: over 200
# seeds per block every working choice passed, with a relative loss decrease of at least 2.7e-4 (LayerScale's
# gamma; 0.054 for the softmax head over 300 seeds), and every other choice failed on every seed.
for _key in _params:
    _rng = np.random.default_rng(grading.seed(91))
    _zero = tuple(_choice[_key])
    if _key == "softmax_head":
        _gap, _loss, _moved = _head_case(_zero, _rng)
    else:
        _b, _width, _dc = _block(_key, _rng)
        for _n in _zero:
            getattr(_b, _n)[...] = 0.0
        _x = _rng.standard_normal((32, _width))
        _c = None if _dc is None else _rng.standard_normal((32, _dc))
        _base = _b.base(_x) if _c is None else _b.base(_x, _c)
        _out = _b.forward(_x) if _c is None else _b.forward(_x, _c)
        _gap = float(np.max(np.abs(_out - _base)))
        _loss, _first = _adapters.sgd_steps(_b, _x, _base + 0.5 * _rng.standard_normal(_base.shape), steps=2,
                                            lr=0.01, c=_c)
        _moved = {_n: _s is not None for _n, _s in _first.items()}
    assert _gap < 1e-12, f"zero_init_choices()[{_key!r}] = {_zero}: {_why['start']}"
    assert all(_moved.values()), f"zero_init_choices()[{_key!r}] = {_zero}: {_why['stuck']}"
    assert _loss[-1] < _loss[0], f"zero_init_choices()[{_key!r}] = {_zero}: {_why['loss']}"
### END HIDDEN TESTS

# %% [markdown]
# What the papers' own choices do, block by block: the output's distance from the base at step 0, and the SGD
# step (1 or 2) at which each parameter first moves. Then your choices, through the same check.

# %%
# NBVAL_CHECK_OUTPUT
def paper_blocks(rng):
    """Each block as its paper starts it (LayerScale with gamma = 1e-5, as CaiT at depth 24)."""
    return {
        "lora": (adapters.LoRALinear(rng.normal(0, 1 / math.sqrt(12), (8, 12)), 4, alpha=8, rng=rng), 12, None),
        "layerscale": (adapters.LayerScaleBlock(10, 16, init_scale=1e-5, rng=rng), 10, None),
        "adaln_zero": (adapters.AdaLNZeroBlock(10, 16, 6, rng=rng), 10, 6),
        "zero_gamma": (adapters.ZeroGammaResidualBlock(10, 16, rng=rng), 10, None),
        "controlnet": (adapters.ControlNetBlock(rng.normal(0, math.sqrt(2 / 10), (12, 10)), 6, rng=rng), 10, 6),
    }


rng = np.random.default_rng(4)
for key, (block, width, d_cond) in paper_blocks(rng).items():
    x_block = rng.standard_normal((32, width))
    c_block = None if d_cond is None else rng.standard_normal((32, d_cond))
    base = block.base(x_block) if c_block is None else block.base(x_block, c_block)
    out = block.forward(x_block) if c_block is None else block.forward(x_block, c_block)
    loss_curve, first_moved = adapters.sgd_steps(block, x_block, base + 0.5 * rng.standard_normal(base.shape),
                                                 steps=2, lr=0.05, c=c_block)
    print(f"{key:11s} |y - base| at step 0 = {np.abs(out - base).max():.1e}   first moves at step: {first_moved}"
          f"   loss {loss_curve[0]:.3f} -> {loss_curve[-1]:.3f}")

# %%
choices = grading.learner_value(zero_init_choices)
if isinstance(choices, dict):
    print("your choices:", choices)

# %% [markdown]
# LayerScale starts at $10^{-5}$, not 0, so its output differs from the identity at step 0 (by $5\cdot 10^{-5}$
# here): near the base, not at it (ReZero's scalar $\alpha = 0$ starts exactly there), and all its parameters
# move at step 1. Every other block starts exactly at its base, and at step 1 only the zero factor itself moves
# (adaLN-Zero's modulation $M$, the last norm's $\gamma_2$ and $\beta_2$, the output zero convolution $Z_2$,
# LoRA's $B$); everything behind it moves at step 2.
# ControlNet's *two* zero convolutions learn although both start at zero, because $Z_2$'s gradient is the
# copy's output, which is not zero; LoRA's $A$ and $B$ both at zero would never move, because each one's
# gradient is a product with the other.
#
# ## 6. Summary
#
# * A $C$-class softmax head starts at $\ln C$ exactly when its logits are 0, and at
#   $\ln C + \frac{C-1}{2C}s^2$ for a small logit std $s$; for $s \gg 1$ the loss grows like $s\,m_C$. After a He
#   stack on the digits ($E[h^2] = E[x^2] = 0.95$), PyTorch's default head adds about 0.12 to $\ln 10$, LeCun's
#   0.35, Xavier's 0.62, and an $\mathrm{N}(0,1)$ head starts near 15.4.
# * A zero (or $0.01\times$) head with a zero bias is healthy: at the first step only the head's gradient is
#   non-zero, at the second every layer learns. Within 100 SGD steps on the digits (one seed, learning rate 0.1)
#   the larger heads fit the training set sooner; the $\mathrm{N}(0,1)$ head, fastest on the training set, ends
#   with the worst test loss (0.291), while LeCun's and Xavier's end a little ahead of the zero head (0.184 and
#   0.176 against 0.204).
# * Embeddings: $\mathrm{N}(0,1)$, std 0.02 and $1/\sqrt d$ differ by factors of 16 and 3 at $d = 256$. The
#   $\sqrt d$ multiplier brings a $1/\sqrt d$ table to the sinusoids' scale; a tied head's logits have variance
#   $d\,q\,\mathrm{std}(E)^2$, so $\mathrm{N}(0,1)$ tying starts far above $\ln V$ and std 0.02 near it; tying
#   biases the start towards repeating the input.
# * A zero-initialized path starts the model at its base and learns when the zero factor's gradient (the
#   product of the other factors) is not zero: LoRA's $B$, adaLN-Zero's modulation, the last norm's $\gamma$,
#   ControlNet's zero convolutions; LayerScale starts *near* the base. Two zeros that multiply each other
#   never move; a zero in front of a norm makes the norm's gradient blow up by $1/\sqrt\varepsilon$.
# * LoRA's first-step gain is $s^2 r\sigma_A^2$: with $s = \alpha/r$ it falls like $1/r$, with rsLoRA's
#   $\alpha/\sqrt r$ it does not depend on the rank.
#
# ## 7. Active recall: check yourself
#
# 1. A 50,000-token language model's first loss is 35. What is wrong, and what should it be?
# 2. Which gradients are zero at the first step of an MLP whose head is zero, and which are not?
# 3. Why does an $\mathrm{N}(0,1)$ embedding table make the $\sqrt d$ multiplier harmful, and what does it do to a
#    tied head's initial loss at $d = 1024$?
# 4. LoRA with $B = 0$: which matrix moves at the first step? Would $A = 0$, $B$ random work too? Both zero?
# 5. You double a LoRA adapter's rank with $s = \alpha/r$ and keep the learning rate. What happens to the
#    first step, and what would rsLoRA change?
# 6. Why does zeroing $W_2$ in front of a BatchNorm not give the benefit of zero-gamma?
#
# <details>
# <summary>Answers</summary>
#
# 1. It should start near $\ln 50\,000 \approx 10.8$; 35 means logits with std of order 8 or more (a head or a
#    tied embedding at scale $\mathrm{N}(0,1)$): scale the head down or zero it, and check the loss before
#    training.
# 2. Non-zero: the head's weight gradient $\delta^\top h$ (and, slightly, its bias gradient). Zero: every gradient
#    below the head, since $\partial L/\partial h = \delta W_L = 0$. At the second step all are non-zero.
# 3. Its tokens already have RMS 1; the multiplier makes them RMS $\sqrt d = 32$, some 45 times the sinusoids'
#    RMS of 0.71. A tied $\mathrm{N}(0,1)$ head gives logits of std $\sqrt{d\,q} = 32$ at $q = 1$: the initial loss is
#    about $32\,m_V$, far above $\ln V$.
# 4. $B$ moves first ($\partial L/\partial A = sB^\top\nabla_W = 0$). $A = 0$ with $B$ random also starts at the
#    base and learns ($\partial L/\partial A = sB^\top\nabla_W \ne 0$). Both zero: both gradients stay zero forever.
# 5. The gain $s^2 r\sigma_A^2 = \alpha^2\sigma_A^2/r$ halves; under rsLoRA it stays $\alpha^2\sigma_A^2$.
# 6. A BatchNorm of an all-zero input outputs $\beta$ (the block is the identity), but its backward pass divides
#    by $\sqrt{\mathrm{Var} + \varepsilon} = \sqrt\varepsilon$: $W_2$'s first gradient is multiplied by
#    $1/\sqrt{\varepsilon} \approx 316$ (at $\varepsilon = 10^{-5}$), and the first step throws the block far from the
#    identity (in the exercise's check the loss goes up).
#
# </details>
