"""Tests of the training core: course_lib.losses, optim, data and training (and MLP.parameters/gradients).

Everything is deterministic (fixed seeds, no statistical thresholds). The ``torch`` tests compare with
``torch.nn.functional.cross_entropy`` and ``torch.optim`` 2.13 in float64 to 1e-10 or better.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import data, losses, optim, training
from course_lib.losses import accuracy, cross_entropy, log_softmax, softmax, softmax_cross_entropy
from course_lib.nets import MLP
from course_lib.optim import SGD, Adam
from course_lib.training import History, evaluate, train
from tests.numerics import central_difference


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def small_net(widths=(64, 32, 10), rng=0):
    return MLP.initialized(list(widths), "kaiming_normal", activation="relu", output_activation="linear", rng=rng)


# ---------------------------------------------------------------------------------------------- losses


def test_cross_entropy_is_the_mean_negative_log_likelihood():
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=(7, 5)), rng.integers(0, 5, size=7)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(p[np.arange(7), y]))
    assert cross_entropy(z, y) == pytest.approx(expected, rel=1e-13)
    np.testing.assert_allclose(softmax(z), p, rtol=1e-13)
    np.testing.assert_allclose(log_softmax(z), np.log(p), rtol=1e-12)
    assert accuracy(z, y) == np.mean(np.argmax(p, axis=1) == y)


def test_softmax_cross_entropy_gradient_matches_central_differences():
    rng = np.random.default_rng(2)
    z, y = rng.normal(size=(6, 4)) * 2, rng.integers(0, 4, size=6)
    loss, grad = softmax_cross_entropy(z, y)
    assert loss == pytest.approx(cross_entropy(z, y), rel=1e-14)
    numeric = central_difference(lambda: cross_entropy(z, y), z)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)


def test_gradient_check_detects_a_gradient_without_the_batch_mean():
    rng = np.random.default_rng(3)
    z, y = rng.normal(size=(6, 4)), rng.integers(0, 4, size=6)
    wrong = softmax_cross_entropy(z, y)[1] * 6  # forgetting the 1/B
    numeric = central_difference(lambda: cross_entropy(z, y), z)
    assert not np.allclose(wrong, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("n_classes", [2, 10, 1000])
@pytest.mark.parametrize("value", [0.0, 7.5])
def test_equal_logits_give_exactly_ln_c(n_classes, value):
    z = np.full((5, n_classes), value)
    y = np.arange(5) % n_classes
    assert cross_entropy(z, y) == pytest.approx(math.log(n_classes), rel=1e-15, abs=0)
    assert softmax_cross_entropy(z, y)[0] == pytest.approx(math.log(n_classes), rel=1e-15, abs=0)


def test_losses_are_stable_at_logits_of_1e3():
    z = np.array([[1e3, 0.0, -1e3], [1e3, 1e3, 0.0], [-1e3, -1e3, -1e3]])
    y = np.array([1, 0, 2])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # exp(-2000) underflows to 0, harmlessly
        loss, grad = softmax_cross_entropy(z, y)
        p = softmax(z)
        logp = log_softmax(z)
    # row 0: -log p_1 = 1000 + log(1 + e^-1000 + e^-2000) = 1000; row 1: log 2; row 2: log 3
    assert loss == pytest.approx((1000 + math.log(2) + math.log(3)) / 3, rel=1e-15)
    assert np.all(np.isfinite(grad)) and np.all(np.isfinite(logp))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    assert logp[0, 1] == pytest.approx(-1000.0, rel=1e-15)


def test_accuracy_counts_the_argmax():
    z = np.array([[2.0, 1.0], [0.0, 3.0], [5.0, -1.0], [0.0, 0.0]])
    assert accuracy(z, [0, 1, 1, 0]) == 0.75  # the tie in the last row goes to class 0


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: cross_entropy(np.zeros((3, 4)), np.array([0.0, 1.0, 2.0])), TypeError, "labels"),
        (lambda: cross_entropy(np.zeros((3, 4)), np.array([True, False, True])), TypeError, "labels"),
        (lambda: cross_entropy(np.zeros((3, 4)), np.array([0, 1, 4])), ValueError, r"labels.*\[0, 4\)"),
        (lambda: cross_entropy(np.zeros((3, 4)), np.array([0, -1, 2])), ValueError, "labels"),
        (lambda: cross_entropy(np.zeros((3, 4)), np.array([0, 1])), ValueError, "labels.*one label per row"),
        (lambda: cross_entropy(np.zeros((3, 4)), np.zeros((3, 1), dtype=int)), ValueError, "labels.*1-D"),
        (lambda: cross_entropy(np.zeros(4), np.array([0])), ValueError, "logits.*2-D"),
        (lambda: cross_entropy(np.zeros((0, 4)), np.array([], dtype=int)), ValueError, "logits"),
        (lambda: cross_entropy(np.array([["a", "b"]]), np.array([0])), TypeError, "logits"),
        (lambda: softmax_cross_entropy(np.zeros((2, 3, 4)), np.array([0, 1])), ValueError, "logits"),
        (lambda: accuracy(np.zeros((2, 3)), [0.5, 1]), TypeError, "labels"),
        (lambda: softmax(np.zeros((2, 0))), ValueError, "logits"),
    ],
)
def test_loss_bad_input_raises(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


@pytest.mark.torch
def test_cross_entropy_and_gradient_match_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    z, y = rng.normal(size=(9, 6)) * 3, rng.integers(0, 6, size=9)
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(zt, torch.tensor(y))
    loss_t.backward()
    loss, grad = softmax_cross_entropy(z, y)
    assert loss == pytest.approx(loss_t.item(), rel=1e-13)
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(log_softmax(z), torch.log_softmax(zt, dim=1).detach().numpy(), rtol=1e-13)


# ---------------------------------------------------------------------------------------------- optim


def _problem(seed=5):
    """Three parameters of different shapes and five steps of gradients for each."""
    rng = np.random.default_rng(seed)
    shapes = [(4, 3), (4,), (2, 4)]
    params = [rng.normal(size=s) for s in shapes]
    grads = [[rng.normal(size=s) for s in shapes] for _ in range(5)]
    return params, grads


def _torch_run(torch_cls, params, grads, lr, lr_scales, lr_changes=None, **kwargs):
    torch = pytest.importorskip("torch")
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
    groups = [{"params": [t], "lr": lr * s} for t, s in zip(tensors, lr_scales)]
    opt = torch_cls(groups, lr=lr, **kwargs)
    history = []
    for step, step_grads in enumerate(grads):
        if lr_changes and step in lr_changes:
            for group, s in zip(opt.param_groups, lr_scales):
                group["lr"] = lr_changes[step] * s
        for t, g in zip(tensors, step_grads):
            t.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        history.append([t.detach().numpy().copy() for t in tensors])
    return history


def _ours_run(opt_cls, params, grads, lr, lr_scales, lr_changes=None, **kwargs):
    params = [p.copy() for p in params]
    opt = opt_cls(params, lr, lr_scales=lr_scales, **kwargs)
    history = []
    for step, step_grads in enumerate(grads):
        if lr_changes and step in lr_changes:
            opt.lr = lr_changes[step]
        before = [p.copy() for p in params]
        updates = opt.step(step_grads)
        for u, p, b in zip(updates, params, before):
            np.testing.assert_array_equal(u, p - b)
        history.append([p.copy() for p in params])
    assert opt.t == len(grads)
    return history


OPTIMIZER_CASES = [
    ("SGD", SGD, {"momentum": 0.0, "weight_decay": 0.0}, {"momentum": 0.0, "weight_decay": 0.0}),
    ("SGD", SGD, {"momentum": 0.9, "weight_decay": 0.01}, {"momentum": 0.9, "weight_decay": 0.01}),
    ("SGD", SGD, {"momentum": 0.9, "nesterov": True}, {"momentum": 0.9, "nesterov": True}),
    ("SGD", SGD, {"momentum": 0.5, "dampening": 0.3}, {"momentum": 0.5, "dampening": 0.3}),
    ("Adam", Adam, {}, {}),
    ("Adam", Adam, {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1},
     {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("AdamW", Adam, {"weight_decay": 0.1, "decoupled": True}, {"weight_decay": 0.1}),
]


@pytest.mark.torch
@pytest.mark.parametrize(("torch_name", "ours", "our_kwargs", "torch_kwargs"), OPTIMIZER_CASES)
def test_optimizers_match_torch_step_by_step(torch_name, ours, our_kwargs, torch_kwargs):
    torch = pytest.importorskip("torch")
    params, grads = _problem()
    lr, scales, changes = 0.05, (1.0, 0.25, 4.0), {3: 0.02}  # per-parameter scales; lr changed before step 3
    expected = _torch_run(getattr(torch.optim, torch_name), params, grads, lr, scales, changes, **torch_kwargs)
    got = _ours_run(ours, params, grads, lr, scales, changes, **our_kwargs)
    for step, (e_step, g_step) in enumerate(zip(expected, got)):
        for index, (e, g) in enumerate(zip(e_step, g_step)):
            np.testing.assert_allclose(g, e, rtol=0, atol=1e-12, err_msg=f"step {step + 1}, params[{index}]")
    # the runs move the parameters by far more than the tolerance, so the comparison is not vacuous
    assert max(np.abs(g - p).max() for g, p in zip(got[-1], params)) > 1e-2


def test_sgd_lr_scales_scale_each_update():
    params, grads = _problem()
    scales = (1.0, 0.1, 10.0)
    updates = SGD([p.copy() for p in params], 0.3, lr_scales=scales).step(grads[0])
    for u, g, s in zip(updates, grads[0], scales):
        np.testing.assert_allclose(u, -0.3 * s * g, rtol=1e-14)


def test_adam_first_update_is_about_lr_times_scale_per_entry():
    # at t = 1, m_hat / sqrt(v_hat) = g / |g|: every entry moves by lr * scale (up to eps), whatever |g|
    params, grads = _problem()
    grads0 = [g * c for g, c in zip(grads[0], (1e-3, 1.0, 1e3))]
    scales = (1.0, 0.1, 10.0)
    updates = Adam([p.copy() for p in params], 0.01, lr_scales=scales, eps=0.0).step(grads0)
    for u, g, s in zip(updates, grads0, scales):
        np.testing.assert_allclose(u, -0.01 * s * np.sign(g), rtol=1e-12)


def test_step_returns_copies_and_updates_in_place():
    p = np.ones(3)
    opt = SGD([p], 0.5)
    (u,) = opt.step([np.array([1.0, 2.0, 3.0])])
    np.testing.assert_allclose(p, [0.5, 0.0, -0.5])
    u[:] = 100.0
    np.testing.assert_allclose(p, [0.5, 0.0, -0.5])
    assert opt.learning_rates() == [0.5]


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: SGD(np.zeros(3), 0.1), TypeError, "params"),
        (lambda: SGD([], 0.1), ValueError, "params"),
        (lambda: SGD([[1.0, 2.0]], 0.1), TypeError, r"params\[0\]"),
        (lambda: SGD([np.zeros(3, dtype=int)], 0.1), TypeError, r"params\[0\].*floating"),
        (lambda: SGD([np.zeros(3)] * 2, 0.1), ValueError, r"params\[1\].*same array"),
        (lambda: SGD([np.zeros(3)], -0.1), ValueError, "lr"),
        (lambda: SGD([np.zeros(3)], float("nan")), ValueError, "lr"),
        (lambda: SGD([np.zeros(3)], "0.1"), TypeError, "lr"),
        (lambda: SGD([np.zeros(3)], 0.1, momentum=-0.9), ValueError, "momentum"),
        (lambda: SGD([np.zeros(3)], 0.1, weight_decay=-1.0), ValueError, "weight_decay"),
        (lambda: SGD([np.zeros(3)], 0.1, nesterov=True), ValueError, "nesterov"),
        (lambda: SGD([np.zeros(3)], 0.1, lr_scales=(1.0, 2.0)), ValueError, "lr_scales"),
        (lambda: SGD([np.zeros(3)], 0.1, lr_scales=(0.0,)), ValueError, r"lr_scales\[0\]"),
        (lambda: SGD([np.zeros(3)], 0.1, lr_scales=2.0), TypeError, "lr_scales"),
        (lambda: Adam([np.zeros(3)], 0.1, betas=(0.9, 1.0)), ValueError, r"betas\[1\]"),
        (lambda: Adam([np.zeros(3)], 0.1, betas=0.9), TypeError, "betas"),
        (lambda: Adam([np.zeros(3)], 0.1, eps=-1e-8), ValueError, "eps"),
        (lambda: Adam([np.zeros(3)], 0.1, decoupled="yes"), TypeError, "decoupled"),
        (lambda: SGD([np.zeros(3)], 0.1).step([np.zeros(4)]), ValueError, r"grads\[0\].*\(3,\)"),
        (lambda: SGD([np.zeros(3)], 0.1).step([np.zeros(3), np.zeros(3)]), ValueError, "grads"),
        (lambda: SGD([np.zeros(3)], 0.1).step(np.zeros(3)), TypeError, "grads"),
        (lambda: Adam([np.zeros(3)], 0.1).step([None]), TypeError, r"grads\[0\]"),
    ],
)
def test_optimizer_bad_input_raises(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_lr_setter_validates():
    opt = Adam([np.zeros(2)], 0.1)
    opt.lr = 0.01
    assert opt.lr == 0.01
    with pytest.raises(ValueError, match="lr"):
        opt.lr = -1.0
    assert opt.lr == 0.01


def test_a_failed_step_changes_nothing():
    p = np.ones(3)
    opt = Adam([p], 0.1)
    with pytest.raises(ValueError, match="grads"):
        opt.step([np.ones(2)])
    assert opt.t == 0
    np.testing.assert_array_equal(p, 1.0)


# ---------------------------------------------------------------------------------------------- data


def test_digits_shapes_and_types(digits):
    assert digits.x_train.shape == (1347, 64) and digits.x_test.shape == (450, 64)
    assert digits.y_train.shape == (1347,) and digits.y_test.shape == (450,)
    assert digits.x_train.dtype == np.float64 and digits.y_train.dtype == np.int64
    assert digits.n_classes == 10 and digits.image_shape == (8, 8)
    assert (digits.n_train, digits.n_test, digits.n_features) == (1347, 450, 64)
    assert set(np.unique(digits.y_train)) == set(range(10)) == set(np.unique(digits.y_test))


def test_digits_split_is_stratified(digits):
    full = np.bincount(np.concatenate([digits.y_train, digits.y_test]), minlength=10)
    test = np.bincount(digits.y_test, minlength=10)
    np.testing.assert_array_equal(test, np.round(0.25 * full).astype(int))
    np.testing.assert_array_equal(np.bincount(digits.y_train, minlength=10), full - test)
    assert full.sum() == 1797


def test_digits_standardization_uses_the_training_statistics(digits):
    raw = data.load_digits(standardize=False)
    assert raw.x_train.min() == 0.0 and raw.x_train.max() == 16.0
    mean, std = raw.x_train.mean(axis=0), raw.x_train.std(axis=0)
    constant = std == 0
    assert constant.any()  # some border pixels are 0 in every training image
    np.testing.assert_allclose(digits.x_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(digits.x_train.std(axis=0)[~constant], 1.0, rtol=1e-12)
    np.testing.assert_array_equal(digits.x_train[:, constant], 0.0)
    np.testing.assert_allclose(digits.pixel_std, np.where(constant, 1.0, std))
    np.testing.assert_allclose(digits.x_test, (raw.x_test - mean) / np.where(constant, 1.0, std), rtol=1e-12)
    np.testing.assert_array_equal(raw.y_test, digits.y_test)


def test_digits_split_is_deterministic_and_seeded(digits):
    again = data.load_digits(rng=0)
    np.testing.assert_array_equal(again.x_train, digits.x_train)
    np.testing.assert_array_equal(again.y_test, digits.y_test)
    other = data.load_digits(rng=1)
    assert not np.array_equal(other.y_test, digits.y_test)


def test_digits_train_and_test_do_not_overlap():
    from sklearn.datasets import load_digits as sklearn_load_digits

    labels = sklearn_load_digits().target
    train, test = data.stratified_split(labels, 0.25, rng=0)
    assert np.intersect1d(train, test).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(labels.size))
    raw = data.load_digits(standardize=False, rng=0)
    np.testing.assert_array_equal(raw.x_test, sklearn_load_digits().data[test])


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"test_fraction": 0.0}, ValueError, "test_fraction"),
        ({"test_fraction": 1.0}, ValueError, "test_fraction"),
        ({"test_fraction": 0.001}, ValueError, "test_fraction.*class"),
        ({"test_fraction": "0.25"}, TypeError, "test_fraction"),
        ({"standardize": 1}, TypeError, "standardize"),
        ({"rng": -1}, ValueError, "rng"),
        ({"rng": "seed"}, TypeError, "rng"),
    ],
)
def test_load_digits_bad_input_raises(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        data.load_digits(**kwargs)


# ---------------------------------------------------------------------------------------------- MLP


def test_mlp_parameters_are_live_and_gradients_follow_their_order():
    net = small_net((5, 4, 3))
    params = net.parameters()
    assert [p.shape for p in params] == [(4, 5), (4,), (3, 4), (3,)]
    assert params[0] is net.weights[0] and params[3] is net.biases[1]
    with pytest.raises(RuntimeError, match="backward"):
        net.gradients()
    x = np.random.default_rng(0).normal(size=(8, 5))
    net.backward(softmax_cross_entropy(net.forward(x), np.arange(8) % 3)[1])
    grads = net.gradients()
    assert [g.shape for g in grads] == [p.shape for p in params]
    assert grads[2] is net.grad_weights[1] and grads[1] is net.grad_biases[0]


def test_mlp_gradients_are_those_of_the_cross_entropy():
    net = small_net((5, 4, 3), rng=1)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(6, 5)), rng.integers(0, 3, size=6)
    net.backward(softmax_cross_entropy(net.forward(x), y)[1])
    grads = [g.copy() for g in net.gradients()]
    for p, g in zip(net.parameters(), grads):
        numeric = central_difference(lambda: cross_entropy(net.forward(x), y), p)
        np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------------------------------------- training


def test_train_with_adam_learns_the_digits(digits):
    net = small_net()
    history = train(net, Adam(net.parameters(), 1e-2), digits.x_train, digits.y_train, steps=100, batch_size=64,
                    eval_data=(digits.x_test, digits.y_test), eval_every=25)
    run = "64-32-10 ReLU MLP, Kaiming normal, Adam lr 1e-2, 100 steps of batch 64, seed 0"
    assert not history.diverged, run
    assert history.final_loss < 0.25 * history.initial_loss, (
        f"{run}: the training loss went from {history.initial_loss:.3f} to only {history.final_loss:.3f}")
    assert history.eval_accuracy[-1] > 0.9, f"{run}: test accuracy {history.eval_accuracy[-1]:.3f}"
    np.testing.assert_array_equal(history.eval_steps, [0, 25, 50, 75, 100])
    loss, acc = evaluate(net, digits.x_test, digits.y_test)
    assert (loss, acc) == (history.eval_loss[-1], history.eval_accuracy[-1])


def test_step_zero_is_the_loss_of_the_initialization(digits):
    net = small_net()
    fresh = small_net()
    logits = fresh.forward(digits.x_train)
    expected = cross_entropy(logits, digits.y_train)
    post_rms = [np.sqrt(np.mean(h**2)) for h in fresh.post]
    opt = Adam(net.parameters(), 1e-3)
    history = train(net, opt, digits.x_train, digits.y_train, steps=3, eval_data=(digits.x_test, digits.y_test))
    assert history.loss[0] == expected and history.initial_loss == expected
    np.testing.assert_array_equal(history.steps, [0, 1, 2])
    # the per-layer records of step 0: activations of the initial network, the first update and its gradient
    np.testing.assert_allclose(history.activation_rms[0], post_rms, rtol=1e-12)
    fresh.backward(softmax_cross_entropy(logits, digits.y_train)[1])
    grads = fresh.gradients()
    first = Adam(fresh.parameters(), 1e-3).step(grads)
    np.testing.assert_allclose(history.grad_rms[0], [np.sqrt(np.mean(g**2)) for g in grads], rtol=1e-12)
    np.testing.assert_allclose(history.update_rms[0], [np.sqrt(np.mean(u**2)) for u in first], rtol=1e-12)
    assert opt.t == 3
    assert history.eval_loss[0] == evaluate(small_net(), digits.x_test, digits.y_test)[0]


def test_history_layout_with_minibatches_and_record_every(digits):
    net = small_net()
    history = train(net, SGD(net.parameters(), 0.05, momentum=0.9), digits.x_train, digits.y_train, steps=30,
                    batch_size=100, record_every=7, rng=3)
    np.testing.assert_array_equal(history.steps, [0, 7, 14, 21, 28])
    assert history.loss.shape == (5,) and history.activation_rms.shape == (5, 2)
    assert history.update_rms.shape == history.grad_rms.shape == (5, 4)
    assert history.eval_steps.size == history.eval_loss.size == history.eval_accuracy.size == 0
    assert isinstance(history, History) and not history.diverged and history.diverged_at is None
    # the first batch is the first 100 entries of the seeded permutation
    first = np.random.default_rng(3).permutation(digits.n_train)[:100]
    assert history.loss[0] == cross_entropy(small_net().forward(digits.x_train[first]), digits.y_train[first])


def test_train_is_deterministic_for_a_seed(digits):
    def run(seed):
        net = small_net()
        return train(net, Adam(net.parameters(), 1e-2), digits.x_train, digits.y_train, steps=10, batch_size=50,
                     rng=seed)

    a, b, c = run(0), run(0), run(1)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.update_rms, b.update_rms)
    assert a.loss[0] != c.loss[0]


def test_divergence_is_detected_and_the_arrays_stay_finite(digits):
    net = small_net()
    history = train(net, SGD(net.parameters(), 1e3), digits.x_train, digits.y_train, steps=50,
                    eval_data=(digits.x_test, digits.y_test), eval_every=1)
    assert history.diverged and history.final_loss == math.inf
    assert 1 <= history.diverged_at < 50
    assert not (math.isfinite(history.diverged_loss) and history.diverged_loss <= 10 * history.initial_loss)
    assert history.steps.size == history.diverged_at
    for array in (history.loss, history.activation_rms, history.update_rms, history.grad_rms, history.eval_loss):
        assert np.all(np.isfinite(array))
    np.testing.assert_array_equal(history.eval_steps, np.arange(history.diverged_at))


def test_a_healthy_run_is_not_flagged(digits):
    net = small_net()
    history = train(net, SGD(net.parameters(), 0.1), digits.x_train, digits.y_train, steps=20)
    assert not history.diverged and history.final_loss == history.loss[-1] < history.loss[0]


class SoftmaxRegression:
    """A model without ``post``: logits ``x @ W.T + b`` (the protocol of course_lib.training, nothing more)."""

    def __init__(self, n_in, n_classes):
        self.w, self.b = np.zeros((n_classes, n_in)), np.zeros(n_classes)
        self.dw = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.w.T + self.b

    def backward(self, grad):
        self.dw, self.db = grad.T @ self.x, grad.sum(axis=0)

    def parameters(self):
        return [self.w, self.b]

    def gradients(self):
        return [self.dw, self.db]


def test_train_accepts_any_model_with_the_protocol(digits):
    model = SoftmaxRegression(64, 10)
    history = train(model, Adam(model.parameters(), 0.01), digits.x_train, digits.y_train, steps=20)
    assert history.loss[0] == pytest.approx(math.log(10), rel=1e-15)  # a zero head starts at ln C exactly
    assert history.activation_rms.shape == (20, 0)
    assert history.final_loss < history.loss[0]


class NoUpdates:
    """An optimizer whose step forgets to return the updates."""

    def __init__(self, params):
        self.params = params

    def step(self, grads):
        for p, g in zip(self.params, grads):
            p -= 0.1 * g


def _bad_train_calls():
    x, y = np.zeros((6, 3)), np.arange(6) % 2
    net = small_net((3, 4, 2))
    opt = SGD(net.parameters(), 0.1)
    other = SGD(small_net((3, 4, 2)).parameters(), 0.1)
    return [
        (lambda: train(net, opt, x, y, steps=0), ValueError, "steps"),
        (lambda: train(net, opt, x, y, steps=2.5), TypeError, "steps"),
        (lambda: train(net, opt, x, y, steps=2, batch_size=0), ValueError, "batch_size"),
        (lambda: train(net, opt, x, y, steps=2, batch_size=7), ValueError, r"batch_size.*\[1, 6\]"),
        (lambda: train(net, opt, x, y, steps=2, batch_size=2.0), TypeError, "batch_size"),
        (lambda: train(net, opt, x[0], y, steps=2), ValueError, "x"),
        (lambda: train(net, opt, np.full((6, 3), np.nan), y, steps=2), ValueError, "x.*finite"),
        (lambda: train(net, opt, x, y[:5], steps=2), ValueError, "y.*one label per row"),
        (lambda: train(net, opt, x, y.astype(float), steps=2), TypeError, "y"),
        (lambda: train(object(), opt, x, y, steps=2), TypeError, "model.*forward"),
        (lambda: train(net, object(), x, y, steps=2), TypeError, "optimizer"),
        (lambda: train(net, other, x, y, steps=2), ValueError, "optimizer.*model.parameters"),
        (lambda: train(net, opt, x, y, steps=2, eval_data=x), TypeError, "eval_data"),
        (lambda: train(net, opt, x, y, steps=2, eval_data=(x, y[:3])), ValueError, r"eval_data\[1\]"),
        (lambda: train(net, opt, x, y, steps=2, eval_data=(np.zeros((6, 4)), y)), ValueError, r"eval_data\[0\]"),
        (lambda: train(net, opt, x, y, steps=2, eval_every=0), ValueError, "eval_every"),
        (lambda: train(net, opt, x, y, steps=2, record_every=0), ValueError, "record_every"),
        (lambda: train(net, opt, x, y, steps=2, rng="seed"), TypeError, "rng"),
        (lambda: train(net, opt, x, np.arange(6) % 3, steps=2), ValueError, r"y.*\[0, 2\)"),
        (lambda: train(net, NoUpdates(net.parameters()), x, y, steps=2), TypeError, "optimizer.step"),
        (lambda: evaluate(net, x, y[:2]), ValueError, "y"),
        (lambda: evaluate(None, x, y), TypeError, "model"),
    ]


@pytest.mark.parametrize("index", range(len(_bad_train_calls())))
def test_train_bad_input_raises(index):
    call, error, pattern = _bad_train_calls()[index]
    with pytest.raises(error, match=pattern):
        call()


def test_a_rejected_call_leaves_the_model_untouched():
    net = small_net((3, 4, 2))
    before = [p.copy() for p in net.parameters()]
    with pytest.raises(ValueError, match="batch_size"):
        train(net, SGD(net.parameters(), 0.1), np.ones((6, 3)), np.arange(6) % 2, steps=2, batch_size=9)
    for p, b in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, b)


def test_modules_import_no_scikit_learn_or_torch():
    import subprocess
    import sys

    code = ("import sys, course_lib.losses, course_lib.optim, course_lib.data, course_lib.training; "
            "print('sklearn' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    assert all(m.__doc__ for m in (losses, optim, data, training))
