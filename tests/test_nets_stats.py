"""Tests of course_lib.nets, activations, stats, grading, plots and widgets (NumPy only; torch optional).

Statistical checks: a correct implementation fails with probability below 1e-6 per test. Each test says
how: z-statistics with a rejection threshold of 6 (normal tail 2e-9), Student t with a stated number of
degrees of freedom, or KS p-values below 1e-7. Seeds are fixed, so the suite is deterministic anyway.
"""

from __future__ import annotations

import inspect
import math
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import integrate  # noqa: E402
from scipy import stats as sps  # noqa: E402

from course_lib import grading, plots, stats  # noqa: E402
from course_lib.activations import (  # noqa: E402
    ACTIVATIONS,
    SELU_ALPHA,
    SELU_SCALE,
    Activation,
    get_activation,
    leaky_relu,
)
from course_lib.gain import calculate_gain  # noqa: E402
from course_lib.nets import MLP  # noqa: E402
from course_lib.schemes import SCHEMES  # noqa: E402
from tests.numerics import central_difference

Z_MAX = 6.0
ACTIVATION_NAMES = sorted(ACTIVATIONS)
WIDTHS = [5, 7, 4, 3]  # non-square: a transposed weight or a fan swap cannot pass
BATCH = 6


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# =========================================================================== nets.MLP


def _net(activation, output_activation=None, seed=0, widths=WIDTHS):
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal((n_out, n_in)) / math.sqrt(n_in) for n_in, n_out in zip(widths, widths[1:])]
    biases = [0.1 * rng.standard_normal(n_out) for n_out in widths[1:]]
    return MLP(weights, biases, activation, output_activation)


def _relative_error(numeric, analytic):
    scale = max(np.linalg.norm(numeric), np.linalg.norm(analytic))
    return np.linalg.norm(numeric - analytic) / scale if scale > 0 else 0.0


@pytest.mark.parametrize("output_activation", [None, "linear"])
@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_mlp_gradients_match_central_differences(activation, output_activation):
    """L = sum(f(x) * R): backward(R) must give dL/dW, dL/db and dL/dx to relative error < 1e-6 (float64).

    With h = 1e-6 the truncation error is O(h^2) ~ 1e-12 and the rounding error eps * |L| / h ~ 1e-9.
    """
    net = _net(activation, output_activation, seed=1)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((BATCH, WIDTHS[0]))
    r = rng.standard_normal((BATCH, WIDTHS[-1]))
    net.forward(x)
    # the finite differences are valid only away from the kinks of relu, leaky_relu and selu at 0
    assert min(np.abs(z).min() for z in net.pre) > 1e-4
    grad_x = net.backward(r)
    analytic_w = [g.copy() for g in net.grad_weights]
    analytic_b = [g.copy() for g in net.grad_biases]

    def loss():
        return float(np.sum(net.forward(x) * r))

    for layer in range(net.depth):
        numeric_w = central_difference(loss, net.weights[layer])
        numeric_b = central_difference(loss, net.biases[layer])
        assert _relative_error(numeric_w, analytic_w[layer]) < 1e-6, f"dL/dW[{layer}]"
        assert _relative_error(numeric_b, analytic_b[layer]) < 1e-6, f"dL/db[{layer}]"
    numeric_x = central_difference(loss, x)
    assert _relative_error(numeric_x, grad_x) < 1e-6, "dL/dx"
    assert np.linalg.norm(grad_x) > 0  # the check is not vacuous


def test_mlp_gradient_check_detects_a_transposed_weight_gradient():
    """Power of the finite-difference check: a wrong gradient (the transpose's layout) is far above 1e-6."""
    net = _net("tanh", widths=[4, 4, 2], seed=3)
    rng = np.random.default_rng(4)
    x, r = rng.standard_normal((BATCH, 4)), rng.standard_normal((BATCH, 2))
    net.forward(x)
    net.backward(r)
    wrong = net.grad_weights[0].T.copy()
    numeric = central_difference(lambda: float(np.sum(net.forward(x) * r)), net.weights[0])
    assert _relative_error(numeric, wrong) > 1e-2


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_mlp_records_have_the_right_shapes(activation):
    net = _net(activation)
    x = np.random.default_rng(5).standard_normal((BATCH, WIDTHS[0]))
    out = net.forward(x)
    net.backward(np.ones_like(out))
    depth = len(WIDTHS) - 1
    assert net.depth == depth and net.widths == WIDTHS
    assert out.shape == (BATCH, WIDTHS[-1])
    for name in ("inputs", "pre", "post", "grad_pre", "grad_post", "grad_weights", "grad_biases"):
        assert len(getattr(net, name)) == depth, name
    for layer in range(depth):
        n_in, n_out = WIDTHS[layer], WIDTHS[layer + 1]
        assert net.inputs[layer].shape == (BATCH, n_in)
        assert net.pre[layer].shape == net.post[layer].shape == (BATCH, n_out)
        assert net.grad_pre[layer].shape == net.grad_post[layer].shape == (BATCH, n_out)
        assert net.grad_weights[layer].shape == net.weights[layer].shape == (n_out, n_in)
        assert net.grad_biases[layer].shape == (n_out,)
    np.testing.assert_array_equal(net.inputs[0], x)
    for layer in range(depth - 1):
        np.testing.assert_array_equal(net.inputs[layer + 1], net.post[layer])
    np.testing.assert_array_equal(net.post[-1], out)


def test_mlp_output_activation():
    net = _net("relu", output_activation="linear")
    x = np.random.default_rng(6).standard_normal((50, WIDTHS[0]))
    out = net.forward(x)
    assert np.any(out < 0)  # the last layer is linear ...
    assert all(np.all(h >= 0) for h in net.post[:-1])  # ... the hidden ones are relu
    assert np.all(_net("relu").forward(x) >= 0)


def test_mlp_accepts_nested_lists_and_integer_weights():
    net = MLP([[[1, 0], [0, 2], [1, 1]]], biases=[[0, 0, 1]], activation="linear")
    assert net.weights[0].dtype == np.float64 and net.widths == [2, 3]
    np.testing.assert_array_equal(net.forward(np.array([[1.0, 2.0]])), [[1.0, 4.0, 4.0]])


def _regression_problem():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((32, 3))
    y = np.sin(x.sum(axis=1, keepdims=True))
    net = MLP.initialized([3, 8, 1], "kaiming_normal", "tanh", output_activation="linear", rng=8)
    return net, x, y


def test_mse_loss_gradient_matches_central_differences():
    net, x, y = _regression_problem()
    net.mse_loss(x, y)
    analytic = [g.copy() for g in net.grad_weights]
    for layer in range(net.depth):
        numeric = central_difference(lambda: MLP.mse_loss(net, x, y), net.weights[layer])
        assert _relative_error(numeric, analytic[layer]) < 1e-6


def test_mse_loss_value():
    net, x, y = _regression_problem()
    loss = net.mse_loss(x, y)
    assert loss == pytest.approx(0.5 * np.mean(np.sum((net.forward(x) - y) ** 2, axis=1)), rel=1e-12)


def test_sgd_step_decreases_the_loss():
    net, x, y = _regression_problem()
    first = net.mse_loss(x, y)
    before = [w.copy() for w in net.weights]
    grads = [g.copy() for g in net.grad_weights]
    net.sgd_step(0.05)
    for w, w0, g in zip(net.weights, before, grads):
        np.testing.assert_allclose(w, w0 - 0.05 * g, rtol=1e-14, atol=1e-15)
    second = net.mse_loss(x, y)
    assert second < first
    for _ in range(300):
        net.sgd_step(0.05)
        last = net.mse_loss(x, y)
    assert last < 0.5 * first


MLP_ERRORS = [
    pytest.param(lambda: MLP(np.eye(3)), TypeError, r"\bweights\b", id="weights-not-a-list"),
    pytest.param(lambda: MLP([]), TypeError, r"\bweights\b", id="weights-empty"),
    pytest.param(lambda: MLP([np.ones((4, 3)), np.ones((2, 5))]), ValueError, r"weights\[1\]", id="weights-chain"),
    pytest.param(lambda: MLP([np.ones(3)]), ValueError, r"weights\[0\]", id="weights-1d"),
    pytest.param(lambda: MLP([np.ones((4, 3))], biases=[np.zeros(4), np.zeros(4)]), ValueError, r"\bbiases\b",
                 id="biases-count"),
    pytest.param(lambda: MLP([np.ones((4, 3))], activation="softmax"), ValueError, r"\bactivation\b",
                 id="activation-unknown"),
    pytest.param(lambda: MLP([np.ones((4, 3))], activation=3), TypeError, r"\bactivation\b", id="activation-type"),
    pytest.param(lambda: MLP([np.ones((4, 3))]).forward(np.ones((2, 4))), ValueError, r"\bx\b", id="x-width"),
    pytest.param(lambda: MLP([np.ones((4, 3))]).forward(np.ones(3)), ValueError, r"\bx\b", id="x-1d"),
    pytest.param(lambda: MLP([np.ones((4, 3))]).backward(np.ones((2, 4))), RuntimeError, r"forward",
                 id="backward-before-forward"),
    pytest.param(lambda: MLP([np.ones((4, 3))]).sgd_step(0.1), RuntimeError, r"backward", id="sgd-before-backward"),
    pytest.param(lambda: MLP.initialized([3]), ValueError, r"\bwidths\b", id="widths-short"),
    pytest.param(lambda: MLP.initialized([3, 0]), ValueError, r"\bwidths\b", id="widths-zero"),
    pytest.param(lambda: MLP.initialized([3, 2.5]), TypeError, r"\bwidths\b", id="widths-float"),
    pytest.param(lambda: MLP.initialized([3, 2], scheme="he"), ValueError, r"\bscheme\b", id="scheme-unknown"),
    pytest.param(lambda: MLP.initialized([3, 2], scheme=3), TypeError, r"\bscheme\b", id="scheme-type"),
    pytest.param(lambda: MLP.initialized([3, 2], bias="x"), TypeError, r"\bbias\b", id="bias-type"),
    pytest.param(lambda: MLP.initialized([3, 2], rng="0"), TypeError, r"\brng\b", id="rng-type"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), MLP_ERRORS)
def test_mlp_bad_input_raises(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_mlp_backward_rejects_a_wrong_grad_output_shape():
    net = _net("relu")
    net.forward(np.ones((BATCH, WIDTHS[0])))
    with pytest.raises(ValueError, match=r"\bgrad_output\b"):
        net.backward(np.ones((WIDTHS[-1], BATCH)))


# MLP reshapes biases without checking them: a bias of the wrong size raises NumPy's reshape error, which does
# not name `biases`, and a (2, 2) bias for 4 units is accepted silently.
@pytest.mark.parametrize("bias", [np.zeros(3), np.zeros((2, 2))], ids=["wrong-size", "wrong-shape"])
def test_mlp_rejects_a_bias_of_the_wrong_shape_naming_biases(bias):
    with pytest.raises(ValueError, match=r"\bbiases\b"):
        MLP([np.ones((4, 3))], biases=[bias])


# MLP.mse_loss reshapes y to the output's shape: transposed targets (n_out, batch) are silently scrambled and a
# wrong size raises NumPy's reshape error, which does not name `y`.
@pytest.mark.parametrize("transform", [np.transpose, lambda y: y[:-1]], ids=["transposed", "wrong-size"])
def test_mse_loss_rejects_targets_of_the_wrong_shape_naming_y(transform):
    net = _net("tanh", output_activation="linear")
    x = np.ones((BATCH, WIDTHS[0]))
    y = np.zeros((BATCH, WIDTHS[-1]))
    with pytest.raises(ValueError, match=r"\by\b"):
        net.mse_loss(x, transform(y))


# =========================================================================== activations


def _grid():
    z = np.linspace(-6.0, 6.0, 2401)
    return z[np.abs(z) > 1e-3]  # away from the kinks at 0


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_activation_derivative_matchescentral_difference(name):
    act = ACTIVATIONS[name]
    z, h = _grid(), 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    analytic = act.df(z)
    assert analytic.shape == z.shape
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("slope", [0.2, 0.0, 1.0 / 3])
def test_leaky_relu_factory(slope):
    act = leaky_relu(slope)
    z = _grid()
    np.testing.assert_array_equal(act.f(z), np.where(z > 0, z, slope * z))
    np.testing.assert_allclose(act.df(z), (act.f(z + 1e-6) - act.f(z - 1e-6)) / 2e-6, rtol=1e-7, atol=1e-8)
    assert act.gain_name == "leaky_relu"
    assert act(np.array([-1.0]))[0] == -slope


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_activation_is_finite_and_silent_at_extremes(name):
    """pytest turns warnings into errors: overflow in exp would fail here."""
    act = ACTIVATIONS[name]
    z = np.array([-1e4, -800.0, -50.0, 50.0, 800.0, 1e4])
    assert np.all(np.isfinite(act.f(z))) and np.all(np.isfinite(act.df(z)))
    assert act(z).shape == z.shape


def test_activation_values_at_known_points():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].f(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(ACTIVATIONS["tanh"].f(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(ACTIVATIONS["relu"].f(z), np.maximum(z, 0))
    np.testing.assert_array_equal(ACTIVATIONS["linear"].f(z), z)
    np.testing.assert_array_equal(ACTIVATIONS["relu"].df(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 1.0])


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_activation_gain_names_are_known_to_calculate_gain(name):
    assert calculate_gain(ACTIVATIONS[name].gain_name) > 0


def test_selu_constants_are_klambauers_fixed_point():
    """alpha and lambda of Klambauer et al. (2017), from their closed forms (Phi = the normal CDF):
    E[selu(Z)] = 0 gives alpha = -(1/sqrt(2 pi)) / (e^(1/2) Phi(-1) - 1/2), and E[selu(Z)^2] = 1 gives
    lambda^-2 = 1/2 + alpha^2 (e^2 Phi(-2) - 2 e^(1/2) Phi(-1) + 1/2)."""
    phi = sps.norm.cdf
    alpha = -(1 / math.sqrt(2 * math.pi)) / (math.exp(0.5) * phi(-1) - 0.5)
    scale = 1 / math.sqrt(0.5 + alpha**2 * (math.exp(2) * phi(-2) - 2 * math.exp(0.5) * phi(-1) + 0.5))
    assert SELU_ALPHA == pytest.approx(alpha, rel=1e-12)
    assert SELU_SCALE == pytest.approx(scale, rel=1e-12)


def test_selu_preserves_zero_mean_and_unit_variance():
    selu = ACTIVATIONS["selu"].f
    density = sps.norm.pdf
    mean = sum(integrate.quad(lambda z: float(selu(np.array(z))) * density(z), lo, hi, epsabs=1e-13)[0]
               for lo, hi in [(-np.inf, 0), (0, np.inf)])
    second = sum(integrate.quad(lambda z: float(selu(np.array(z))) ** 2 * density(z), lo, hi, epsabs=1e-13)[0]
                 for lo, hi in [(-np.inf, 0), (0, np.inf)])
    assert abs(mean) < 1e-9
    assert second == pytest.approx(1.0, abs=1e-9)


def test_selu_matches_torch():
    torch = pytest.importorskip("torch")
    z = np.linspace(-5, 5, 1001)
    np.testing.assert_allclose(ACTIVATIONS["selu"].f(z), torch.nn.functional.selu(torch.from_numpy(z)).numpy(),
                               rtol=1e-14, atol=1e-15)


def test_gelu_is_the_exact_erf_form():
    z = np.linspace(-8, 8, 3201)
    gelu = ACTIVATIONS["gelu"]
    # atol: 1 + erf(z / sqrt(2)) cancels for z << 0 (as in torch), leaving absolute errors of order 1e-15
    np.testing.assert_allclose(gelu.f(z), z * sps.norm.cdf(z), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(gelu.df(z), sps.norm.cdf(z) + z * sps.norm.pdf(z), rtol=1e-12, atol=1e-14)
    tanh_form = 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))
    assert np.max(np.abs(gelu.f(z) - tanh_form)) > 1e-4  # not the tanh approximation


def test_gelu_matches_torch():
    torch = pytest.importorskip("torch")
    z = np.linspace(-8, 8, 3201)
    theirs = torch.nn.functional.gelu(torch.from_numpy(z)).numpy()  # approximate="none": the erf form
    np.testing.assert_allclose(ACTIVATIONS["gelu"].f(z), theirs, rtol=1e-12, atol=1e-15)
    tanh_theirs = torch.nn.functional.gelu(torch.from_numpy(z), approximate="tanh").numpy()
    assert np.max(np.abs(ACTIVATIONS["gelu"].f(z) - tanh_theirs)) > 1e-4


def test_get_activation():
    assert get_activation("relu") is ACTIVATIONS["relu"]
    custom = leaky_relu(0.3)
    assert get_activation(custom) is custom
    assert isinstance(custom, Activation)
    with pytest.raises(ValueError, match=r"\bactivation\b"):
        get_activation("swish")
    with pytest.raises(TypeError, match=r"\bactivation\b"):
        get_activation(None)


# =========================================================================== stats: moments

N_MC = 400_000
MOMENT_ACTIVATIONS = [pytest.param(ACTIVATIONS[name], id=name) for name in ACTIVATION_NAMES] + [
    pytest.param(leaky_relu(0.2), id="leaky_relu(0.2)"),
    pytest.param(leaky_relu(0.5), id="leaky_relu(0.5)"),
]


# stats._gaussian_expectation uses one 80-point Gauss-Hermite rule in x = z / sqrt(q): inaccurate when the
# integrand jumps or has a kink at 0 (selu' jumps) and for large q, where tanh', sigmoid', gelu' vary on a scale
# much finer than the nodes' spacing in z (E[tanh'(z)^2] at q = 256: 5.9e-5 instead of 0.0332).
Q_VALUES = [0.1, 1.0, 3.0, 25.0]


def _moment_params():
    params = []
    for act in MOMENT_ACTIVATIONS:
        for q in Q_VALUES:
            params.append(pytest.param(act.values[0], q, id=f"{act.id}-q{q:g}"))
    return params


def _assert_monte_carlo(predicted, values):
    """|mean - predicted| <= 6 standard errors (sample std / sqrt(N_MC)). With N_MC = 400_000 i.i.d. draws of a
    variable with finite fourth moment the mean is normal to high accuracy: a correct prediction fails with
    probability about 2e-9."""
    standard_error = values.std() / math.sqrt(values.size)
    if standard_error == 0:  # linear: phi' = 1 exactly
        assert float(predicted) == values[0]
    else:
        z = (values.mean() - float(predicted)) / standard_error
        assert abs(z) < Z_MAX, f"Monte Carlo mean differs from the prediction by {z:.1f} standard errors"


def _normal_draws(q):
    return math.sqrt(q) * np.random.default_rng(int(q * 1000)).standard_normal(N_MC)


@pytest.mark.parametrize(("act", "q"), _moment_params())
def test_second_moment_agrees_with_monte_carlo(act, q):
    """E[phi(z)^2] for z ~ N(0, q) against the mean of N_MC draws."""
    _assert_monte_carlo(stats.second_moment(act, q), act.f(_normal_draws(q)) ** 2)


@pytest.mark.parametrize(("act", "q"), _moment_params())
def test_derivative_second_moment_agrees_with_monte_carlo(act, q):
    """E[phi'(z)^2] for z ~ N(0, q) against the mean of N_MC draws."""
    _assert_monte_carlo(stats.derivative_second_moment(act, q), act.df(_normal_draws(q)) ** 2)


def _exact_gaussian_expectation(fn, q):
    """E[fn(z)], z ~ N(0, q), by adaptive quadrature split at 0 (where relu, leaky_relu and selu have kinks)."""
    s = math.sqrt(q)
    parts = [integrate.quad(lambda x: float(fn(np.array(s * x))) * sps.norm.pdf(x), lo, hi, epsabs=0,
                            epsrel=1e-12, limit=500)[0] for lo, hi in [(-np.inf, 0.0), (0.0, np.inf)]]
    return sum(parts)


# (activation, q) where 80-point Gauss-Hermite misses the exact value by more than 1e-4 (relative).


@pytest.mark.parametrize(("name", "q"), [
    pytest.param(name, q, id=f"{name}-q{q:g}")
    for name in ACTIVATION_NAMES for q in (0.1, 1.0, 3.0, 25.0, 256.0)
])
def test_second_moments_agree_with_adaptive_quadrature(name, q):
    """The moments to relative 1e-4: far tighter than Monte Carlo, loose for a deterministic integral.
    q = 256 is what N(0, 1) weights in a width-256 layer give (the explorer's "normal(0, 1)" scheme)."""
    act = ACTIVATIONS[name]
    assert float(stats.second_moment(act, q)) == pytest.approx(
        _exact_gaussian_expectation(lambda z: act.f(z) ** 2, q), rel=1e-4)
    assert float(stats.derivative_second_moment(act, q)) == pytest.approx(
        _exact_gaussian_expectation(lambda z: act.df(z) ** 2, q), rel=1e-4)


def test_tanh_backward_theory_follows_the_simulation_with_large_weights():
    """tanh with N(0, 1) weights, width 256: z has std 16. The mean-field recursion is only approximate for
    tanh, so the tolerance is loose (25 % in the std of the gradient); the quadrature misses by orders of
    magnitude (3.7e-6 predicted at layer 1 where the simulation gives 660)."""
    report = stats.simulate_stack("normal(0, 1)", "tanh", depth=3, width=256, batch=256, rng=0)
    np.testing.assert_allclose(report.theory, report.simulated, rtol=0.25)  # the forward pass is fine
    np.testing.assert_allclose(report.grad_theory, report.grad_simulated, rtol=0.25)


def test_second_moment_power_relu_factor():
    """Power: the same Monte Carlo check rejects the ReLU moment without its factor 1/2."""
    q = 1.0
    z = np.random.default_rng(0).standard_normal(N_MC)
    values = np.maximum(z, 0) ** 2
    assert abs(values.mean() - q) > Z_MAX * values.std() / math.sqrt(N_MC)


def test_second_moments_are_vectorized_in_q():
    q = np.array([0.5, 1.0, 2.0])
    for name in ACTIVATION_NAMES:
        m = stats.second_moment(name, q)
        d = stats.derivative_second_moment(name, q)
        assert np.shape(m) == q.shape and np.shape(d) == q.shape
        np.testing.assert_allclose(m, [float(stats.second_moment(name, v)) for v in q], rtol=1e-12)


def test_second_moments_exact_forms():
    q = np.array([0.3, 2.0])
    np.testing.assert_array_equal(stats.second_moment("linear", q), q)
    np.testing.assert_array_equal(stats.second_moment("relu", q), q / 2)
    np.testing.assert_array_equal(stats.derivative_second_moment("relu", q), [0.5, 0.5])
    np.testing.assert_allclose(stats.second_moment(leaky_relu(0.5), q), q * (1 + 0.25) / 2, rtol=1e-15)


# stats._leaky_slope parses the slope back from the Activation's name, formatted with :g (6 significant digits):
# a slope of 1/3 becomes 0.333333 and the "exact" moments are off by 2e-7 (relative).
def test_leaky_relu_moments_use_the_exact_slope():
    slope, q = 1.0 / 3, 2.0
    act = leaky_relu(slope)
    assert float(stats.second_moment(act, q)) == pytest.approx(q * (1 + slope**2) / 2, rel=1e-12)
    assert float(stats.derivative_second_moment(act, q)) == pytest.approx((1 + slope**2) / 2, rel=1e-12)


# =========================================================================== stats: recursions


def test_forward_variance_accepts_number_list_and_callable():
    widths = [30, 20, 10]
    by_number = stats.forward_variance(widths, 0.05, "tanh")
    by_list = stats.forward_variance(widths, [0.05, 0.05], "tanh")
    by_callable = stats.forward_variance(widths, lambda shape: 0.05, "tanh")
    np.testing.assert_array_equal(by_number, by_list)
    np.testing.assert_array_equal(by_number, by_callable)
    assert by_number.shape == (2,)
    with pytest.raises(ValueError, match=r"\bweight_variance\b"):
        stats.forward_variance(widths, [0.05], "tanh")


def test_forward_variance_first_layer_and_bias():
    """q_1 = n_0 v E[x^2] + Var(b)."""
    n0, v, m, bias_var = 40, 0.03, 2.5, 0.7
    q = stats.forward_variance([n0, 10], v, "relu", input_second_moment=m, bias_variance=bias_var)
    assert q[0] == pytest.approx(n0 * v * m + bias_var, rel=1e-15)


def test_kaiming_keeps_the_relu_forward_variance_constant():
    width = 128
    q = stats.forward_variance([width] * 11, SCHEMES["kaiming_normal"].variance, "relu", input_second_moment=3.0)
    np.testing.assert_allclose(q, q[0], rtol=1e-12)
    g = stats.backward_variance([width] * 11, SCHEMES["kaiming_normal"].variance, "relu")
    np.testing.assert_allclose(g, g[0], rtol=1e-12)


R_REPLICATES = 200
STACK = {"depth": 6, "width": 64, "batch": 64}


def _replicate_ratios(scheme, activation, input_std, theory_forward, theory_backward):
    sims = [stats.simulate_stack(scheme, activation, input_std=input_std, rng=seed, **STACK)
            for seed in range(R_REPLICATES)]
    forward = np.array([r.simulated**2 for r in sims]) / theory_forward
    backward = np.array([r.grad_simulated**2 for r in sims]) / theory_backward
    return forward, backward


def _assert_unbiased(ratios, width, what):
    """Each column holds R i.i.d. values of (simulated std / predicted std)^2 for one layer.

    For linear and ReLU stacks with symmetric i.i.d. weights both recursions hold *exactly* in expectation
    (ReLU: E[relu(z)^2] = E[z^2] / 2 for any symmetric z, and E[w w^T 1{w.h > 0}] = E[w w^T] / 2 backward),
    for the mean square. simulate_stack reports the std, which subtracts the empirical mean: by
    Cauchy-Schwarz this lowers the expectation by a factor in [1 - 1/width, 1]. So E[ratio] lies in
    [1 - 1/width, 1], and t = (mean - bound) / (sd / sqrt(R)) is Student t with R - 1 = 199 degrees of freedom:
    P(|t| > 6) = 9e-9 per layer, 2 * depth = 12 layers per test: below 1.1e-7.
    """
    mean = ratios.mean(axis=0)
    standard_error = ratios.std(axis=0, ddof=1) / math.sqrt(ratios.shape[0])
    assert np.all(mean - 1 < Z_MAX * standard_error), f"{what}: {mean} exceeds theory"
    assert np.all(mean - (1 - 1 / width) > -Z_MAX * standard_error), f"{what}: {mean} below theory"
    return mean, standard_error


@pytest.mark.parametrize(("scheme", "activation", "input_std"), [
    ("kaiming_normal", "relu", 1.0),
    ("kaiming_normal", "relu", 2.0),
    ("xavier_normal", "linear", 1.0),
    ("normal(0, 1)", "relu", 0.5),  # exploding: the recursion is exact for any variance
])
def test_recursions_match_simulate_stack(scheme, activation, input_std):
    depth, width = STACK["depth"], STACK["width"]
    widths = [width] * (depth + 1)
    weight_variance = SCHEMES[scheme].variance((width, width))
    q = stats.forward_variance(widths, weight_variance, activation, input_second_moment=input_std**2)
    g = stats.backward_variance(widths, weight_variance, activation, 1.0, q)
    forward, backward = _replicate_ratios(scheme, activation, input_std, q, g)
    _assert_unbiased(forward, width, "forward")
    _assert_unbiased(backward, width, "backward")
    report = stats.simulate_stack(scheme, activation, input_std=input_std, rng=0, **STACK)
    np.testing.assert_allclose(report.theory, np.sqrt(q), rtol=1e-12)
    np.testing.assert_allclose(report.grad_theory, np.sqrt(g), rtol=1e-12)


@pytest.mark.parametrize(("scheme", "activation"), [("kaiming_normal", "relu"), ("xavier_normal", "linear")])
def test_recursions_match_a_non_square_network(scheme, activation):
    """Widths 48 -> 96 -> 40 -> 72 -> 24: a swap of n_in and n_out in either recursion shows.

    The mean squares of z_l and of dL/dh_(l-1) (not the std: no centring bias here) are unbiased for the
    recursions (see _assert_unbiased); t over R = 200 replicates, |t| > 6 rejects (P = 9e-9 per layer, 8 layers).
    """
    widths = [48, 96, 40, 72, 24]
    variances = [SCHEMES[scheme].variance((n_out, n_in)) for n_in, n_out in zip(widths, widths[1:])]
    q = stats.forward_variance(widths, variances, activation)
    g = stats.backward_variance(widths, variances, activation, 1.0, q)
    forward, backward = [], []
    for seed in range(R_REPLICATES):
        rng = np.random.default_rng(seed)
        net = MLP.initialized(widths, scheme, activation, rng=rng)
        net.forward(rng.standard_normal((32, widths[0])))
        grad_input = net.backward(rng.standard_normal((32, widths[-1])))
        forward.append(stats.layer_rms(net.pre) ** 2 / q)
        backward.append(stats.layer_rms([grad_input, *net.grad_post[:-1]]) ** 2 / g)
    for ratios in (np.array(forward), np.array(backward)):
        t = (ratios.mean(axis=0) - 1) / (ratios.std(axis=0, ddof=1) / math.sqrt(R_REPLICATES))
        assert np.all(np.abs(t) < Z_MAX), t
    assert len(set(np.round(g, 12))) > 1  # non-square widths: the gradient's scale changes across layers


def test_recursion_check_has_power():
    """The same check rejects a ReLU stack predicted with the linear recursion (the factor 1/2 forgotten)."""
    depth, width = STACK["depth"], STACK["width"]
    widths = [width] * (depth + 1)
    v = SCHEMES["kaiming_normal"].variance((width, width))
    wrong_q = stats.forward_variance(widths, v, "linear")
    wrong_g = stats.backward_variance(widths, v, "linear")
    forward, backward = _replicate_ratios("kaiming_normal", "relu", 1.0, wrong_q, wrong_g)
    with pytest.raises(AssertionError):
        _assert_unbiased(forward, width, "forward")
    with pytest.raises(AssertionError):
        _assert_unbiased(backward, width, "backward")


def test_layer_std_and_rms():
    arrays = [np.array([1.0, -1.0, 1.0, -1.0]), np.array([3.0, 3.0])]
    np.testing.assert_array_equal(stats.layer_std(arrays), [1.0, 0.0])
    np.testing.assert_array_equal(stats.layer_rms(arrays), [1.0, 3.0])


def test_verdict_thresholds():
    defaults = inspect.signature(stats.verdict).parameters
    low, high = defaults["low"].default, defaults["high"].default
    assert low < 1 < high
    assert stats.verdict(low * 0.999) == "vanishing"
    assert stats.verdict(low) == "stable"
    assert stats.verdict(1.0) == "stable"
    assert stats.verdict(high) == "stable"
    assert stats.verdict(high * 1.001) == "exploding"
    assert stats.verdict(0.0) == "vanishing"
    assert stats.verdict(math.inf) == "exploding"
    assert stats.verdict(math.nan) == "exploding"
    assert stats.verdict(0.5, low=0.6) == "vanishing"
    assert stats.verdict(3.0, high=2.0) == "exploding"


def test_simulate_stack_uses_given_weights():
    """Weights passed in are used as they are: ten times the weights give 10^l times the std at layer l
    (relu is positively homogeneous), with the same data."""
    rng = np.random.default_rng(0)
    weights = [SCHEMES["kaiming_normal"]((32, 32), rng) for _ in range(5)]
    base = stats.simulate_stack("kaiming_normal", "relu", depth=3, width=32, batch=16, rng=1, weights=weights)
    big = stats.simulate_stack("kaiming_normal", "relu", depth=3, width=32, batch=16, rng=1,
                               weights=[10 * w for w in weights])
    np.testing.assert_allclose(big.simulated / base.simulated, 10.0 ** np.arange(1, 4), rtol=1e-12)
    np.testing.assert_array_equal(big.theory, base.theory)
    with pytest.raises(ValueError, match=r"\bweights\b"):
        stats.simulate_stack("kaiming_normal", "relu", depth=6, width=32, weights=weights)  # too few
    with pytest.raises(ValueError, match=r"\bweights\b"):
        stats.simulate_stack("kaiming_normal", "relu", depth=2, width=32, weights=[np.ones((32, 16))] * 2)


def test_stack_report_verdicts_and_table():
    tiny = stats.simulate_stack("normal(0, 0.01)", "tanh", depth=5, width=32, batch=16, rng=0)
    huge = stats.simulate_stack("normal(0, 1)", "relu", depth=5, width=32, batch=16, rng=0)
    good = stats.simulate_stack("kaiming_normal", "relu", depth=5, width=32, batch=16, rng=0)
    assert (tiny.verdict, huge.verdict, good.verdict) == ("vanishing", "exploding", "stable")
    table = good.table()
    assert len(table.splitlines()) == good.depth + 1
    assert len(good.table(every=2).splitlines()) == 1 + len(range(0, good.depth, 2))
    assert good.simulated.shape == good.theory.shape == good.grad_simulated.shape == (good.depth,)


# =========================================================================== grading


def test_check_std_passes_correct_samples():
    """check_* raise on failure and return None on success (nbgrader would read a returned number as points)."""
    rng = np.random.default_rng(0)
    assert grading.check_std(0.3 * rng.standard_normal(200_000), 0.3, "W") is None
    bound = math.sqrt(3) * 0.3
    assert grading.check_std(rng.uniform(-bound, bound, 200_000), 0.3, "W", kurtosis=1.8) is None


RELU_HINT = (2**-0.5, "is the ReLU factor 2 missing?")


def test_check_std_rejects_a_3_percent_scale():
    x = 1.03 * 0.3 * np.random.default_rng(1).standard_normal(200_000)
    with pytest.raises(AssertionError, match=r"standard deviation of W is about 1\.0\dx the target\.$") as info:
        grading.check_std(x, 0.3, "W", hints=[RELU_HINT])
    assert "ReLU" not in str(info.value)


def test_check_std_rejects_a_missing_relu_factor_with_the_hint():
    x = 0.3 / math.sqrt(2) * np.random.default_rng(2).standard_normal(200_000)
    with pytest.raises(AssertionError, match=r"about 0\.7\d*x the target\. is the ReLU factor 2 missing\?"):
        grading.check_std(x, 0.3, "W", hints=[RELU_HINT])


def test_check_std_rejects_uncentred_samples_and_small_samples():
    rng = np.random.default_rng(3)
    with pytest.raises(AssertionError, match="centred"):
        grading.check_std(0.3 * rng.standard_normal(200_000) + 0.01, 0.3, "W")
    with pytest.raises(ValueError, match="at least"):
        grading.check_std(rng.standard_normal(500), 1.0, "W")


def test_detectable_std_error_is_what_check_std_detects():
    n = 100_000
    error = grading.detectable_std_error(n)
    rng = np.random.default_rng(4)
    with pytest.raises(AssertionError):
        grading.check_std((1 + 1.5 * error) * rng.standard_normal(n), 1.0, "W")  # z about 9
    grading.check_std((1 + 0.25 * error) * rng.standard_normal(n), 1.0, "W")  # z about 1.5


def test_check_array():
    good = np.arange(12, dtype=np.int64).reshape(3, 4)
    copy = grading.check_array(good, "W", (3, 4))
    assert copy.dtype == np.float64 and copy is not good
    copy[0, 0] = 99
    assert good[0, 0] == 0
    with pytest.raises(AssertionError, match="numpy.ndarray"):
        grading.check_array(good.tolist(), "W", (3, 4))
    with pytest.raises(AssertionError, match="real numbers"):
        grading.check_array(good.astype(bool), "W", (3, 4))
    with pytest.raises(AssertionError, match="real numbers"):
        grading.check_array(good.astype(complex), "W", (3, 4))
    with pytest.raises(AssertionError, match="transpose"):
        grading.check_array(good.T, "W", (3, 4))
    with pytest.raises(AssertionError, match=r"should have shape \(3, 4\)"):
        grading.check_array(good.reshape(2, 6), "W", (3, 4))
    for bad in (np.nan, np.inf):
        broken = good.astype(float)
        broken[1, 2] = bad
        with pytest.raises(AssertionError, match="NaN or infinite"):
            grading.check_array(broken, "W", (3, 4))


def test_as_float():
    assert grading.as_float(np.float32(0.5), "x") == 0.5
    assert grading.as_float(np.array(2.5), "x") == 2.5
    assert grading.as_float(3, "x") == 3.0
    for bad in (True, np.bool_(False), np.array([1.0, 2.0]), np.array([1.0]), "1.0", None, 1 + 2j):
        with pytest.raises(AssertionError, match="should be a number"):
            grading.as_float(bad, "x")
    with pytest.raises(AssertionError, match="finite"):
        grading.as_float(math.nan, "x")


def test_check_close():
    assert grading.check_close(1.0 + 1e-8, 1.0, "gain") is None
    with pytest.raises(AssertionError, match=r"gain is 1\.2x the expected value\.") as info:
        grading.check_close(0.1481472, 0.123456, "gain")
    assert "0.123" not in str(info.value)  # the hidden value is never printed
    with pytest.raises(AssertionError, match="ReLU factor"):
        grading.check_close(1.0, math.sqrt(2), "gain", hints=[RELU_HINT])
    grading.check_close(1e-9, 0.0, "bias")
    with pytest.raises(AssertionError, match="should be 0"):
        grading.check_close(0.1, 0.0, "bias")


def test_check_distribution_rejects_uniform_samples_tested_against_a_normal():
    """Same variance, wrong shape: KS p is far below 1e-7 at n = 100_000."""
    rng = np.random.default_rng(5)
    bound = math.sqrt(3.0)
    with pytest.raises(AssertionError, match="Kolmogorov-Smirnov.*uniform or normal"):
        grading.check_distribution(rng.uniform(-bound, bound, 100_000), grading.normal_cdf(1.0), "W",
                                   hint="uniform or normal?")
    # correct samples pass (each check fails with probability KS_ALPHA = 1e-7)
    assert grading.check_distribution(rng.standard_normal(100_000), grading.normal_cdf(1.0), "W") is None
    assert grading.check_distribution(rng.uniform(-bound, bound, 100_000), grading.uniform_cdf(bound), "W") is None


def test_cdfs():
    np.testing.assert_allclose(grading.uniform_cdf(2.0)(np.array([-3.0, -2.0, 0.0, 1.0, 2.0, 5.0])),
                               [0.0, 0.0, 0.5, 0.75, 1.0, 1.0])
    assert grading.normal_cdf(2.0)(0.0) == 0.5
    assert grading.normal_cdf(2.0)(2.0) == pytest.approx(sps.norm.cdf(1.0), rel=1e-15)


def test_call_quietly_swallows_warnings_and_stderr(capsys):
    def noisy(x, *, y):
        warnings.warn("harmless", RuntimeWarning, stacklevel=1)
        np.log(np.zeros(2))  # NumPy's divide-by-zero RuntimeWarning
        print("to stderr", file=sys.stderr)
        return x + y

    assert grading.call_quietly(noisy, 1, y=2) == 3
    assert capsys.readouterr().err == ""
    # and the filters and stderr are restored afterwards
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("after", RuntimeWarning, stacklevel=1)
    assert len(caught) == 1
    print("visible", file=sys.stderr)
    assert capsys.readouterr().err == "visible\n"


def test_draw_many():
    from course_lib import init

    values = grading.draw_many(init.kaiming_normal, (30, 20), 5_000, seed=0)
    assert values.ndim == 1 and values.size >= 5_000
    np.testing.assert_array_equal(values, grading.draw_many(init.kaiming_normal, (30, 20), 5_000, seed=0))
    with pytest.raises(AssertionError, match="transpose"):
        grading.draw_many(lambda shape, rng: np.zeros(shape[::-1]), (30, 20), 100, seed=0)


# =========================================================================== plots


def _assert_labelled(ax):
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_plot_layer_values():
    ax = plots.plot_layer_values({"kaiming": [1.0, 1.1, 0.9], "xavier": [1.0, 0.7, 0.5]},
                                 theory={"kaiming": [1.0, 1.0, 1.0]})
    _assert_labelled(ax)
    assert ax.get_xlabel() == "layer"
    assert len(ax.get_lines()) == 3 and ax.get_legend() is not None
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])


def test_plot_layer_values_on_given_axes():
    _, given = plt.subplots()
    ax = plots.plot_layer_values({"z": [1.0, 2.0]}, given, log=False, title="T", ylabel="Y")
    assert ax is given
    assert (ax.get_title(), ax.get_ylabel(), ax.get_yscale()) == ("T", "Y", "linear")


def test_plot_histograms():
    rng = np.random.default_rng(0)
    ax = plots.plot_histograms([rng.standard_normal(500), 2 * rng.standard_normal(500)], ["layer 1", "layer 2"])
    _assert_labelled(ax)
    assert ax.get_ylabel() == "density" and ax.get_legend() is not None


@pytest.mark.parametrize("gradients", [False, True])
def test_plot_stack_report(gradients):
    report = stats.simulate_stack("kaiming_normal", "relu", depth=4, width=32, batch=16, rng=0)
    ax = plots.plot_stack_report(report, gradients=gradients)
    _assert_labelled(ax)
    assert report.verdict in ax.get_title()
    assert len(ax.get_lines()) == 2  # simulation and theory


def test_use_style():
    with matplotlib.rc_context():
        plots.use_style()
        assert matplotlib.rcParams["axes.grid"] is True
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == plots.PALETTE[0]


# =========================================================================== widgets


def test_monte_carlo_batch_stays_within_its_bounds():
    from course_lib import widgets

    for width in (1, 16, 64, 256, 1024, 4096):
        for depth in (1, 10, 100):
            batch = widgets.monte_carlo_batch(width, depth)
            assert isinstance(batch, int)
            assert 8 <= batch <= 512  # the function's clamps
            if batch > 8:  # not clamped from below: within the multiply-add budget
                assert batch * width * width * depth <= widgets.MC_BUDGET
    assert widgets.monte_carlo_batch(4096, 100) == 8
    assert widgets.monte_carlo_batch(1, 1) == 512


def test_draw_explorer():
    from course_lib import widgets

    axes = widgets.draw_explorer(widgets.explore(depth=3, width=32))
    assert len(axes) == 2
    for ax in axes:
        _assert_labelled(ax)


def test_explorer_figure_updates_and_renders():
    from course_lib import widgets

    figure = widgets.ExplorerFigure()
    report = stats.simulate_stack("kaiming_normal", "relu", depth=4, width=32, batch=16, rng=0)
    figure.update(report)
    for ax in figure.axes:
        _assert_labelled(ax)
    assert report.verdict in figure.axes[0].get_title()
    (sim, theory), (grad_sim, grad_theory) = figure.lines
    np.testing.assert_array_equal(sim.get_ydata(), report.simulated)
    np.testing.assert_array_equal(theory.get_ydata(), report.theory)
    np.testing.assert_array_equal(grad_sim.get_ydata(), report.grad_simulated)
    np.testing.assert_array_equal(grad_theory.get_ydata(), report.grad_theory)
    assert figure.png().startswith(b"\x89PNG")


def test_weight_cache_extends_and_evicts():
    from course_lib import widgets

    cache = widgets.WeightCache(max_entries=2)
    three = list(cache.get("kaiming_normal", 16, 0, 3))
    five = cache.get("kaiming_normal", 16, 0, 5)
    assert len(three) == 3 and len(five) == 5
    assert all(a is b for a, b in zip(three, five))  # deeper stacks extend the same weights
    assert all(w.shape == (16, 16) for w in five)
    cache.get("xavier_normal", 16, 0, 2)
    cache.get("orthogonal", 16, 0, 2)  # a third key evicts the oldest
    again = cache.get("kaiming_normal", 16, 0, 3)
    assert again[0] is not three[0]
    np.testing.assert_array_equal(again[0], three[0])  # redrawn from the same seed
    assert not np.array_equal(cache.get("kaiming_normal", 16, 1, 1)[0], three[0])


def test_explore_is_deterministic():
    from course_lib import widgets

    first = widgets.explore("xavier_normal", "tanh", depth=3, width=32, seed=2)
    np.testing.assert_array_equal(first.simulated, widgets.explore("xavier_normal", "tanh", depth=3, width=32,
                                                                   seed=2).simulated)
    uncached = widgets.explore("xavier_normal", "tanh", depth=3, width=32, seed=2, cache=None)
    assert uncached.batch == first.batch == widgets.monte_carlo_batch(32, 3)


# WeightCache.get indexes SCHEMES directly: explore(scheme="he") raises KeyError('he'), not the ValueError
# naming `scheme` that simulate_stack (and explore(..., cache=None)) gives.
def test_explore_rejects_an_unknown_scheme_naming_it():
    from course_lib import widgets

    with pytest.raises(ValueError, match=r"\bscheme\b"):
        widgets.explore("he", depth=2, width=16, cache=None)  # this path is right ...
    with pytest.raises(ValueError, match=r"\bscheme\b"):
        widgets.explore("he", depth=2, width=16, cache=widgets.WeightCache())  # ... this one is not


def test_init_explorer_builds_without_a_browser_and_reacts_to_sliders(monkeypatch):
    pytest.importorskip("ipywidgets")
    import IPython.display

    from course_lib import widgets

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    box = widgets.init_explorer("normal(0, 1)", "relu", depth=1, width=32)
    assert shown == [box]

    def find(widget, kind, description=None):
        if isinstance(widget, kind) and (description is None or widget.description == description):
            return widget
        for child in getattr(widget, "children", ()):
            found = find(child, kind, description)
            if found is not None:
                return found
        return None

    import ipywidgets

    verdict = find(box, ipywidgets.HTML)
    depth = find(box, ipywidgets.IntSlider, "depth")
    assert verdict is not None and depth is not None
    before = verdict.value
    assert "verdict: stable" in before  # one layer: std(z_L) / std(z_1) = 1
    depth.value = 4  # N(0, 1) weights multiply the std by about sqrt(32 / 2) = 4 per layer
    assert verdict.value != before
    assert "verdict: exploding" in verdict.value
    find(box, ipywidgets.Dropdown, "scheme").value = "kaiming_normal"
    assert "verdict: stable" in verdict.value
