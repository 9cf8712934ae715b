"""course_lib.lsuv and course_lib.spectra against brute force: finite differences, explicit products, loops."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import init
from course_lib.activations import get_activation
from course_lib.lsuv import LayerInfo, LSUVResult, lsuv
from course_lib.nets import MLP
from course_lib.spectra import (
    condition_number,
    jacobian,
    jacobians_by_depth,
    singular_values,
    singular_values_by_depth,
    summarize,
)

# ---------------------------------------------------------------- spectra


def _forward(weights, biases, activations, x):
    h = x
    for w, b, act in zip(weights, biases, activations):
        h = act.f(h @ w.T + b)
    return h


def _finite_difference_jacobian(weights, biases, activations, x, eps=1e-6):
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = eps
        up = _forward(weights, biases, activations, x + step)
        down = _forward(weights, biases, activations, x - step)
        columns.append((up - down) / (2 * eps))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("activation", ["tanh", "selu", "gelu", "sigmoid", "linear"])
def test_jacobian_matches_finite_differences_for_an_mlp(activation):
    rng = np.random.default_rng(0)
    net = MLP.initialized([5, 7, 4, 6], "xavier_normal", activation, output_activation="tanh", rng=rng)
    net.biases = [0.3 * rng.standard_normal(b.shape) for b in net.biases]
    x = rng.standard_normal(5)
    acts = [get_activation(activation)] * 2 + [get_activation("tanh")]
    expected = _finite_difference_jacobian(net.weights, net.biases, acts, x)
    got = jacobian(net, x)
    assert got.shape == (6, 5)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def test_jacobian_of_a_weight_list_with_biases_matches_finite_differences():
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal((6, 3)), rng.standard_normal((2, 6)) / 2]
    biases = [rng.standard_normal(6), rng.standard_normal(2)]
    x = rng.standard_normal(3)
    tanh = get_activation("tanh")
    expected = _finite_difference_jacobian(weights, biases, [tanh, tanh], x)
    np.testing.assert_allclose(jacobian(weights, x, activation="tanh", biases=biases), expected,
                               rtol=1e-6, atol=1e-8)


def test_linear_jacobian_is_the_product_of_the_weights():
    rng = np.random.default_rng(2)
    weights = [rng.standard_normal((4, 3)), rng.standard_normal((5, 4)), rng.standard_normal((2, 5))]
    np.testing.assert_allclose(jacobian(weights, rng.standard_normal(3)), weights[2] @ weights[1] @ weights[0],
                               rtol=1e-12)


def test_a_batch_gives_the_jacobian_of_every_point():
    rng = np.random.default_rng(3)
    weights = [init.orthogonal((8, 8), rng=rng) for _ in range(4)]
    xs = rng.standard_normal((5, 8))
    batch = jacobian(weights, xs, activation="tanh")
    assert batch.shape == (5, 8, 8)
    for point, j in zip(xs, batch):
        np.testing.assert_allclose(j, jacobian(weights, point, activation="tanh"), rtol=1e-12, atol=1e-14)
    s = singular_values(weights, xs, activation="tanh")
    assert s.shape == (5, 8)
    np.testing.assert_allclose(s[2], np.linalg.svd(batch[2], compute_uv=False), rtol=1e-12)


def test_jacobians_by_depth_agree_with_truncated_stacks():
    rng = np.random.default_rng(4)
    weights = [init.xavier_normal((6, 6), rng=rng) for _ in range(5)]
    x = rng.standard_normal(6)
    by_depth = jacobians_by_depth(weights, x, [1, 3, 5], activation="selu")
    assert sorted(by_depth) == [1, 3, 5]
    for depth, j in by_depth.items():
        np.testing.assert_allclose(j, jacobian(weights[:depth], x, activation="selu"), rtol=1e-12)
    spectra = singular_values_by_depth(weights, x, [2, 4], activation="selu")
    np.testing.assert_allclose(spectra[4], singular_values(weights[:4], x, activation="selu"), rtol=1e-12)
    assert sorted(jacobians_by_depth(weights, x, activation="selu")) == [1, 2, 3, 4, 5]


def test_orthogonal_linear_stack_is_an_exact_isometry_and_gaussian_spreads():
    rng = np.random.default_rng(5)
    x = rng.standard_normal(64)
    orthogonal = [init.orthogonal((64, 64), rng=rng) for _ in range(30)]
    s = singular_values(orthogonal, x)
    assert np.max(np.abs(s - 1)) < 1e-10
    assert condition_number(s) == pytest.approx(1.0, abs=1e-10)
    gaussian = [init.lecun_normal((64, 64), rng=rng) for _ in range(30)]
    spread = singular_values_by_depth(gaussian, x, [1, 30])
    assert condition_number(spread[30]) > 10 * condition_number(spread[1])


def _spread(s):
    s2 = np.ravel(s) ** 2
    return s2.var() / s2.mean() ** 2


def test_relu_depth_one_nonzero_singular_values_are_exactly_sqrt2():
    """The infinite condition number of one orthogonal ReLU layer is only its rank deficiency (docstring claim)."""
    w = np.sqrt(2) * init.orthogonal((32, 32), rng=0)
    x = np.random.default_rng(1).standard_normal((3, 32))
    s = singular_values([w], x, activation="relu")
    active = (x @ w.T > 0).sum(axis=1)
    for point in range(3):
        nonzero = s[point][s[point] > 1e-8]
        assert nonzero.size == active[point]
        np.testing.assert_allclose(nonzero, np.sqrt(2), rtol=1e-12)


@pytest.mark.parametrize("activation, kind, per_layer", [("linear", "gaussian", 1.0), ("relu", "orthogonal", 1.0),
                                                         ("relu", "gaussian", 2.0), ("linear", "orthogonal", 0.0)])
def test_spread_grows_like_depth_times_the_free_per_layer_term(activation, kind, per_layer):
    """Var(s^2)/mean(s^2)^2 ~ L (spread of W^T W + spread of sigma_w^2 phi'^2), Pennington et al. (2017)."""
    n, depth = 192, 6
    gain = 1.0 if activation == "linear" else np.sqrt(2)
    draw = init.orthogonal if kind == "orthogonal" else init.lecun_normal
    weights = [gain * draw((n, n), rng=r) for r in np.random.default_rng(2).spawn(depth)]
    s = singular_values(weights, np.random.default_rng(3).standard_normal((3, n)), activation=activation)
    assert abs(_spread(s) - depth * per_layer) <= 0.15 * depth * max(per_layer, 0.1)


def test_condition_number_and_summary():
    assert condition_number([4.0, 2.0, 1.0]) == 4.0
    assert condition_number([3.0, 0.0]) == np.inf
    np.testing.assert_allclose(condition_number([[2.0, 1.0], [9.0, 3.0]]), [2.0, 3.0])
    summary = summarize(np.array([2.0, 1.0, 0.25]))
    assert summary.count == 3 and summary.s_max == 2.0 and summary.s_min == 0.25
    assert summary.condition == 8.0
    assert summary.mean_squared == pytest.approx((4 + 1 + 1 / 16) / 3)
    assert summary.within_2x == pytest.approx(2 / 3)
    assert "condition 8" in str(summary)
    assert summarize(np.array([[1.0, 0.5], [4.0, 1.0]])).condition == pytest.approx(3.0)


def test_spectra_input_validation():
    w = [np.eye(3)]
    with pytest.raises(TypeError, match="model"):
        jacobian("weights", np.zeros(3))
    with pytest.raises(ValueError, match=r"model\[1\]"):
        jacobian([np.eye(3), np.ones((2, 4))], np.zeros(3))
    with pytest.raises(ValueError, match="x must have shape"):
        jacobian(w, np.zeros(4))
    with pytest.raises(ValueError, match="activation must be None"):
        jacobian(MLP([np.eye(3)]), np.zeros(3), activation="tanh")
    with pytest.raises(ValueError, match="activation must be one of"):
        jacobian(w, np.zeros(3), activation="swish")
    with pytest.raises(ValueError, match=r"biases\[0\]"):
        jacobian(w, np.zeros(3), biases=[np.zeros(2)])
    with pytest.raises(ValueError, match="depths"):
        jacobians_by_depth(w, np.zeros(3), [2])
    with pytest.raises(ValueError, match="x must be finite"):
        jacobian(w, np.array([0.0, np.nan, 1.0]))
    with pytest.raises(ValueError, match="singular_values"):
        condition_number([-1.0, 1.0])


# ---------------------------------------------------------------- lsuv


def _pre_activation_variances(weights, x, phi):
    h, out = x, []
    for w in weights:
        z = h @ w.T
        out.append(float(np.var(z)))
        h = phi(z)
    return out


@pytest.mark.parametrize("activation", ["tanh", "relu", "selu", "gelu", "sigmoid"])
def test_lsuv_reaches_unit_pre_activation_variance(activation):
    rng = np.random.default_rng(10)
    x = 3.0 * rng.standard_normal((300, 20)) + 1.0
    start = [rng.standard_normal((40, 20)), rng.standard_normal((30, 40)), rng.standard_normal((10, 30))]
    weights, info = lsuv(start, x, tol=0.05, activation=activation)
    phi = get_activation(activation).f
    variances = _pre_activation_variances(weights, x, phi)
    assert all(abs(v - 1) < 1e-9 for v in variances)  # z is linear in W: one rescaling is exact
    assert [item.iterations for item in info] == [1, 1, 1]
    for w, w0, item in zip(weights, start, info):
        np.testing.assert_allclose(w, item.scale * w0, rtol=1e-12)
        assert item.converged and item.scale > 0


@pytest.mark.parametrize("activation", ["selu", "gelu"])
def test_lsuv_post_activation_iterates_to_unit_variance(activation):
    rng = np.random.default_rng(11)
    x = rng.standard_normal((512, 32))
    weights, info = lsuv([(64, 32), (64, 64), (64, 64)], x, tol=0.01, max_iter=20, activation=activation,
                         rng=rng, measure="post")
    phi = get_activation(activation).f
    h = x
    for w, item in zip(weights, info):
        h = phi(h @ w.T)
        assert abs(np.var(h) - 1) < 0.01
        assert item.converged and item.final_variance == pytest.approx(np.var(h))
    assert max(item.iterations for item in info) >= 2


def test_lsuv_post_activation_tanh_cannot_reach_unit_variance():
    x = np.random.default_rng(12).standard_normal((200, 16))
    _, info = lsuv([(16, 16)], x, max_iter=5, activation="tanh", rng=0, measure="post")
    assert info[0].iterations == 5 and not info[0].converged and info[0].final_variance < 1


def test_lsuv_shapes_get_an_orthogonal_pre_init():
    rng = np.random.default_rng(13)
    x = rng.standard_normal((128, 24))
    weights, info = lsuv([(48, 24), (48, 48), (12, 48)], x, activation="relu", rng=7)
    for w, item in zip(weights, info):
        q = w / item.scale
        gram = q.T @ q if q.shape[0] >= q.shape[1] else q @ q.T
        np.testing.assert_allclose(gram, np.eye(gram.shape[0]), atol=1e-10)
    again, _ = lsuv([(48, 24), (48, 48), (12, 48)], x, activation="relu", rng=7)
    for a, b in zip(weights, again):
        np.testing.assert_array_equal(a, b)
    assert isinstance(lsuv([(4, 24)], x, rng=0), LSUVResult)


def test_lsuv_leaves_its_inputs_alone_and_respects_tol():
    rng = np.random.default_rng(14)
    x = rng.standard_normal((100, 10))
    w0 = init.lecun_normal((10, 10), rng=rng)
    keep = w0.copy()
    variance = float(np.var(x @ w0.T))
    result = lsuv([w0], x, tol=abs(variance - 1) + 0.01, activation=np.tanh)
    np.testing.assert_array_equal(w0, keep)
    assert result.weights[0] is not w0
    np.testing.assert_array_equal(result.weights[0], w0)
    assert result.info[0] == LayerInfo(1, 0, variance, variance, 1.0, True)
    assert "var before" in result.table()


def test_lsuv_stops_on_a_dead_layer():
    x = -np.abs(np.random.default_rng(15).standard_normal((50, 4)))
    _, info = lsuv([np.eye(4), np.eye(4)], x, activation="relu", measure="post")
    assert info[0].iterations == 0 and info[0].final_variance == 0.0 and not info[0].converged


def test_lsuv_input_validation():
    x = np.zeros((10, 3)) + np.arange(3)
    with pytest.raises(TypeError, match="layers"):
        lsuv(np.eye(3), x)
    with pytest.raises(TypeError, match="layers"):
        lsuv([], x)
    with pytest.raises(ValueError, match=r"layers\[1\]"):
        lsuv([(4, 3), (2, 5)], x)
    with pytest.raises(ValueError, match=r"layers\[0\]"):
        lsuv([(4, 3, 3)], x)
    with pytest.raises(ValueError, match=r"layers\[0\]"):
        lsuv([np.ones(3)], x)
    with pytest.raises(ValueError, match="batch"):
        lsuv([(4, 3)], np.zeros((10, 4)))
    with pytest.raises(TypeError, match="batch"):
        lsuv([(4, 3)], "data")
    with pytest.raises(ValueError, match="tol"):
        lsuv([(4, 3)], x, tol=0)
    with pytest.raises(ValueError, match="max_iter"):
        lsuv([(4, 3)], x, max_iter=0)
    with pytest.raises(TypeError, match="max_iter"):
        lsuv([(4, 3)], x, max_iter=2.5)
    with pytest.raises(ValueError, match="activation"):
        lsuv([(4, 3)], x, activation="swish")
    with pytest.raises(TypeError, match="activation"):
        lsuv([(4, 3)], x, activation=3)
    with pytest.raises(ValueError, match="measure"):
        lsuv([(4, 3)], x, measure="both")
    with pytest.raises(TypeError, match="rng"):
        lsuv([(4, 3)], x, rng="seed")
