"""The explorer's low-rank samplers (course_lib.lowrank) against dense weights, and the explorer's plumbing.

Distribution tests. For a fixed batch ``x`` (``B x n``) one draw gives the vector
``v = (x W^T, delta W)`` where ``delta`` depends on ``z = x W^T`` (``relu(z)`` plus independent noise,
as the gradient at a layer's pre-activations does). A sampler is right when ``v`` has the law it has
for an actual matrix ``W``: the forward products, the backward products and their cross moments
(which exist only because both use the same ``W``).

The comparison uses the means of bounded features of ``v``: ``tanh(v_a)`` and ``tanh(v_a) tanh(v_b)``
for every ``a <= b`` (bounded stand-ins for the means and the covariance matrix, the forward/backward
cross-covariance included). Both samples have ``N`` independent draws, so the difference of two
feature means is a sum of ``2N`` independent terms of range ``2 / N`` and Hoeffding's inequality gives
``P(|difference| >= eps) <= 2 exp(-N eps^2 / 4)`` when the laws agree. A union bound over the ``m``
features makes ``eps = sqrt(4 ln(2 m / p) / N)`` a tolerance that a correct sampler exceeds with
probability below ``p = 1e-7`` per comparison (1e-6 for the whole file), with no normal approximation.
The seeds are fixed, so the tests are deterministic; each broken variant below fails the same check.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import init, lowrank, stats, widgets
from course_lib.nets import MLP
from course_lib.schemes import SCHEMES

N_DRAWS = 8_000
P_FALSE_ALARM = 1e-7
WIDTH, BATCH = 4, 2  # small: the low-rank part is half the space, every exactness argument is exercised
GAUSS_STD, ORTHO_GAIN = 0.6, 1.2


def _features(v: np.ndarray) -> np.ndarray:
    t = np.tanh(v)
    upper = np.triu_indices(t.shape[1])
    return np.concatenate([t, (t[:, :, None] * t[:, None, :])[:, upper[0], upper[1]]], axis=1)


def law_gap(sample_a: np.ndarray, sample_b: np.ndarray) -> tuple[float, float]:
    """The largest difference of feature means between two samples (rows are draws) and its tolerance."""
    fa, fb = _features(sample_a), _features(sample_b)
    n = min(len(fa), len(fb))
    eps = math.sqrt(4 * math.log(2 * fa.shape[1] / P_FALSE_ALARM) / n)
    return float(np.max(np.abs(fa.mean(axis=0) - fb.mean(axis=0)))), eps


def assert_same_law(sample_a, sample_b):
    gap, eps = law_gap(sample_a, sample_b)
    assert gap < eps, f"feature means differ by {gap:.3f} > tolerance {eps:.3f}"


def _batch():
    return np.random.default_rng(123).standard_normal((BATCH, WIDTH))


def _delta(z, rng):
    """A gradient at the pre-activations that depends on z (as through a ReLU) and on independent draws."""
    return np.maximum(z, 0.0) + 0.5 * rng.standard_normal(z.shape)


def dense_draws(draw_weight, x, seed, independent_backward=False):
    """``v`` for actual matrices (``N_DRAWS`` of them, stacked); ``independent_backward`` is a broken
    variant that multiplies the backward pass by a second, independent matrix."""
    rng = np.random.default_rng(seed)
    weights = np.array([draw_weight(rng) for _ in range(N_DRAWS)])
    z = x @ weights.transpose(0, 2, 1)
    back = np.array([draw_weight(rng) for _ in range(N_DRAWS)]) if independent_backward else weights
    y = _delta(z, rng) @ back
    return np.concatenate([z.reshape(N_DRAWS, -1), y.reshape(N_DRAWS, -1)], axis=1)


def action_draws(make_action, x, seed):
    """``v`` from a sampler object with ``forward``/``backward``."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(N_DRAWS):
        action = make_action(rng)
        z = action.forward(x)
        out.append(np.concatenate([z.ravel(), action.backward(_delta(z, rng)).ravel()]))
    return np.array(out)


def _gaussian_weight(rng):
    return GAUSS_STD * rng.standard_normal((WIDTH, WIDTH))


def _orthogonal_weight(rng):
    return init.orthogonal((WIDTH, WIDTH), gain=ORTHO_GAIN, rng=rng)


# ---------------------------------------------------------------- broken samplers (the tests must catch them)


class _FreshWeightBackward(lowrank.GaussianAction):
    """Backward with an independent W: redraws A = W Q before the backward product."""

    def backward(self, delta):
        self._a = self.scale * self.rng.standard_normal(self._a.shape)
        return super().backward(delta)


class _ZeroNormals:
    def standard_normal(self, shape):
        return np.zeros(shape)


class _DropsOutsidePart(lowrank.GaussianAction):
    """Backward without the part of W^T delta orthogonal to span(x): the fresh draw F is all zeros."""

    def backward(self, delta):
        real, self.rng = self.rng, _ZeroNormals()
        try:
            return super().backward(delta)
        finally:
            self.rng = real


class _FreshFrameBackward(lowrank.OrthogonalAction):
    """Orthogonal backward with an independent matrix: redraws V = O Q."""

    def backward(self, delta):
        self._v = lowrank.haar_frame(self.rng.standard_normal(self._v.shape))
        return super().backward(delta)


@pytest.fixture(scope="module")
def gaussian_reference():
    return dense_draws(_gaussian_weight, _batch(), seed=1)


@pytest.fixture(scope="module")
def orthogonal_reference():
    return dense_draws(_orthogonal_weight, _batch(), seed=2)


def test_tolerance_is_hoeffding_with_a_union_bound():
    sample = np.zeros((N_DRAWS, 2 * WIDTH * BATCH))
    gap, eps = law_gap(sample, sample)
    m = 2 * WIDTH * BATCH + (2 * WIDTH * BATCH) * (2 * WIDTH * BATCH + 1) // 2
    assert gap == 0.0
    assert m * 2 * math.exp(-N_DRAWS * eps**2 / 4) == pytest.approx(P_FALSE_ALARM)


def test_gaussian_sampler_has_the_dense_joint_law(gaussian_reference):
    sample = action_draws(lambda rng: lowrank.GaussianAction(WIDTH, GAUSS_STD, rng), _batch(), seed=11)
    assert_same_law(sample, gaussian_reference)


def test_two_dense_samples_pass_the_check(gaussian_reference):
    """The check's false-alarm side, on two independent samples of the reference itself."""
    assert_same_law(dense_draws(_gaussian_weight, _batch(), seed=12), gaussian_reference)


@pytest.mark.parametrize("broken", [
    "dense, independent W backward", "low-rank, fresh A backward", "low-rank, no part off span(x)",
])
def test_the_check_catches_broken_gaussian_samplers(gaussian_reference, broken):
    """Expected gaps (N = 8000): about 4 eps for the first two, 1.8 eps for the third; a correct sampler's
    is about 0.2 eps."""
    x = _batch()
    if broken == "dense, independent W backward":
        sample = dense_draws(_gaussian_weight, x, seed=21, independent_backward=True)
    elif broken == "low-rank, fresh A backward":
        sample = action_draws(lambda rng: _FreshWeightBackward(WIDTH, GAUSS_STD, rng), x, seed=22)
    else:
        sample = action_draws(lambda rng: _DropsOutsidePart(WIDTH, GAUSS_STD, rng), x, seed=23)
    with pytest.raises(AssertionError, match="differ"):
        assert_same_law(sample, gaussian_reference)


def test_gaussian_sampler_with_a_batch_wider_than_the_layer():
    """batch > width: span(x) is the whole space and the sampler must still give W's law."""
    x = np.random.default_rng(5).standard_normal((WIDTH + 1, WIDTH))
    assert_same_law(action_draws(lambda rng: lowrank.GaussianAction(WIDTH, GAUSS_STD, rng), x, seed=31),
                    dense_draws(_gaussian_weight, x, seed=32))


def test_orthogonal_sampler_has_the_dense_joint_law(orthogonal_reference):
    sample = action_draws(lambda rng: lowrank.OrthogonalAction(WIDTH, ORTHO_GAIN, rng), _batch(), seed=41)
    assert_same_law(sample, orthogonal_reference)


def test_the_check_catches_an_orthogonal_sampler_with_an_independent_backward(orthogonal_reference):
    """Expected gap about 5 eps. (A Gaussian of the same variance in place of the orthogonal matrix is too
    close in these features at N = 8000; the isometry test below catches that one exactly.)"""
    sample = action_draws(lambda rng: _FreshFrameBackward(WIDTH, ORTHO_GAIN, rng), _batch(), seed=51)
    with pytest.raises(AssertionError, match="differ"):
        assert_same_law(sample, orthogonal_reference)


def test_orthogonal_sampler_refuses_a_batch_over_half_the_width():
    action = lowrank.OrthogonalAction(WIDTH, 1.0, rng=0)
    with pytest.raises(ValueError, match=r"\bx\b"):
        action.forward(np.ones((3, WIDTH)))


def test_orthogonal_sampler_is_an_isometry_on_the_batch():
    """|O h| = |h| and |O^T d| = |d| for every column: exact, whatever the draw."""
    rng = np.random.default_rng(7)
    x, delta = rng.standard_normal((8, 64)), rng.standard_normal((8, 64))
    action = lowrank.OrthogonalAction(64, 2.0, rng)
    z = action.forward(x)
    back = action.backward(delta)
    np.testing.assert_allclose(np.linalg.norm(z, axis=1), 2 * np.linalg.norm(x, axis=1), rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(back, axis=1), 2 * np.linalg.norm(delta, axis=1), rtol=1e-12)
    # and inner products: z z^T = 4 x x^T, since O^T O = I on span(x)
    np.testing.assert_allclose(z @ z.T, 4 * x @ x.T, atol=1e-10)


@pytest.mark.slow
@pytest.mark.parametrize("law", ["gaussian", "orthogonal"])
def test_low_rank_stack_has_the_law_of_a_dense_stack(law):
    """Two ReLU layers (some inputs of layer 2 are all zero: rank-deficient batches) forward and back:
    every pre-activation and every gradient, jointly, against an MLP with actual weights."""
    depth, x = 2, _batch()
    if law == "gaussian":
        make, draw = (lambda rng: lowrank.GaussianAction(WIDTH, GAUSS_STD, rng)), _gaussian_weight
    else:
        make, draw = (lambda rng: lowrank.OrthogonalAction(WIDTH, ORTHO_GAIN, rng)), _orthogonal_weight

    def low_rank(rng):
        pre, grads = lowrank.run_stack([make(rng) for _ in range(depth)], "relu", x, rng.standard_normal(x.shape))
        return np.concatenate([a.ravel() for a in pre + grads])

    def dense(rng):
        net = MLP([draw(rng) for _ in range(depth)], None, "relu")
        net.forward(x)
        grad_input = net.backward(rng.standard_normal(x.shape), parameter_grads=False)
        return np.concatenate([a.ravel() for a in net.pre + [grad_input] + net.grad_post[:-1]])

    rng_a, rng_b = np.random.default_rng(61), np.random.default_rng(62)
    assert_same_law(np.array([low_rank(rng_a) for _ in range(N_DRAWS)]),
                    np.array([dense(rng_b) for _ in range(N_DRAWS)]))


def test_run_stack_with_dense_actions_is_the_mlp():
    rng = np.random.default_rng(3)
    weights = [init.kaiming_normal((16, 16), rng=rng) for _ in range(3)]
    x, grad_output = rng.standard_normal((5, 16)), rng.standard_normal((5, 16))
    pre, grads = lowrank.run_stack([lowrank.DenseAction(w) for w in weights], "tanh", x, grad_output)
    net = MLP(weights, None, "tanh")
    net.forward(x)
    grad_input = net.backward(grad_output, parameter_grads=False)
    for ours, theirs in zip(pre + grads, net.pre + [grad_input] + net.grad_post[:-1]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_samplers_check_their_arguments():
    action = lowrank.GaussianAction(8, 1.0, rng=0)
    with pytest.raises(RuntimeError, match="forward"):
        action.backward(np.ones((2, 8)))
    with pytest.raises(ValueError, match=r"\bx\b"):
        action.forward(np.ones((2, 7)))
    action.forward(np.ones((2, 8)))
    with pytest.raises(ValueError, match=r"\bdelta\b"):
        action.backward(np.ones((3, 8)))
    with pytest.raises(ValueError, match="scale"):
        lowrank.GaussianAction(8, -1.0, rng=0)
    with pytest.raises(ValueError, match="width"):
        lowrank.OrthogonalAction(0, 1.0, rng=0)
    with pytest.raises(ValueError, match="grad_output"):
        lowrank.run_stack([lowrank.DenseAction(np.eye(3))], "relu", np.ones((2, 3)), np.ones((2, 4)))


# ---------------------------------------------------------------- the explorer's use of the samplers


def _excess_kurtosis(values):
    values = values.ravel() - values.mean()
    return float(np.mean(values**4) / np.mean(values**2) ** 2 - 3)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_weight_laws_name_each_schemes_distribution(name):
    """The explorer trusts WEIGHT_LAWS to pick an exact sampler: check it against the scheme's own draws.

    Gaussian entries have excess kurtosis 0, uniform ones -1.2, a Haar-orthogonal matrix has W W^T = I.
    With 256^2 entries the kurtosis estimate's standard error is sqrt(24 / 256^2) = 0.019 for Gaussian
    entries (less for uniform ones) and the variance's relative one sqrt(2 / 256^2) = 0.0055: the
    tolerances are about 5 standard errors.
    """
    scheme = SCHEMES[name]
    w = scheme((256, 256), np.random.default_rng(0))
    law = widgets.WEIGHT_LAWS[name]
    assert w.var() == pytest.approx(scheme.variance((256, 256)), rel=0.03)
    if law == "orthogonal":
        np.testing.assert_allclose(w @ w.T, np.eye(256) * 256 * scheme.variance((256, 256)), atol=1e-10)
    else:
        assert _excess_kurtosis(w) == pytest.approx(0.0 if law == "gaussian" else -1.2, abs=0.1)


def test_sampling_plan():
    assert widgets.sampling_plan("kaiming_normal", 1024, 100, 8) == "low-rank"
    assert widgets.sampling_plan("orthogonal", 1024, 100, 8) == "low-rank"
    assert widgets.sampling_plan("kaiming_normal", 256, 20, 152) == "dense"  # 2 * batch > width
    assert widgets.sampling_plan("pytorch_default", 256, 20, 152) == "dense"
    assert widgets.sampling_plan("pytorch_default", 1024, 100, 8) == "gaussian surrogate"
    custom = SCHEMES["kaiming_normal"].__class__("mine", SCHEMES["kaiming_normal"].draw,
                                                 SCHEMES["kaiming_normal"].variance, "")
    assert widgets.sampling_plan(custom, 1024, 100, 8) == "dense"  # unknown law: never sampled by a shortcut


def test_explore_does_not_depend_on_the_cache():
    for scheme, width, depth in [("kaiming_normal", 64, 3), ("pytorch_default", 64, 3), ("orthogonal", 64, 3),
                                 ("orthogonal", 256, 30)]:  # dense (cached or not), then low-rank
        cached = widgets.explore(scheme, "tanh", depth=depth, width=width, seed=4, cache=widgets.WeightCache())
        again = widgets.explore(scheme, "tanh", depth=depth, width=width, seed=4, cache=None)
        np.testing.assert_array_equal(cached.simulated, again.simulated)
        np.testing.assert_array_equal(cached.grad_simulated, again.grad_simulated)
        other = widgets.explore(scheme, "tanh", depth=depth, width=width, seed=5, cache=None)
        assert not np.array_equal(other.simulated, cached.simulated)


def test_explore_keeps_the_first_layers_when_the_stack_grows():
    """A deeper stack with the same batch keeps the forward values of the layers it shares."""
    for scheme in ("kaiming_normal", "orthogonal"):
        short = widgets.explore(scheme, "relu", depth=60, width=1024, seed=1)
        long = widgets.explore(scheme, "relu", depth=100, width=1024, seed=1)
        assert short.batch == long.batch == 8 and short.sampling == long.sampling == "low-rank"
        np.testing.assert_array_equal(short.simulated, long.simulated[:60])


def test_explore_at_the_largest_settings_is_labelled_and_finite():
    for scheme, sampling in [("kaiming_normal", "low-rank"), ("orthogonal", "low-rank"),
                             ("xavier_uniform", "gaussian surrogate"), ("normal(0, 1)", "low-rank")]:
        report = widgets.explore(scheme, "linear", depth=100, width=1024, input_std=10.0, seed=9)
        assert report.sampling == sampling
        assert np.all(np.isfinite(report.simulated)) and np.all(np.isfinite(report.grad_simulated))
        caption = widgets.caption(report)
        assert "theory" in caption and "Monte Carlo" in caption
        assert ("APPROXIMATION" in caption) == (sampling == "gaussian surrogate")


def test_explore_first_layer_scale():
    """Layer 1's z = x W^T has std sqrt(width * Var(W)) * input_std; over 8 x 1024 entries the sample std is
    within a few percent of it (the low-rank scale must be the scheme's std, not its variance)."""
    for scheme in ("kaiming_normal", "lecun_normal", "orthogonal", "kaiming_uniform"):
        report = widgets.explore(scheme, "tanh", depth=100, width=1024, input_std=3.0, seed=2)
        assert report.simulated[0] == pytest.approx(report.theory[0], rel=0.06)


def test_explore_rejects_bad_arguments_naming_them():
    with pytest.raises(ValueError, match="seed"):
        widgets.explore(seed=-1, cache=None)
    with pytest.raises(TypeError, match="depth"):
        widgets.explore(depth=2.5, cache=None)
    with pytest.raises(ValueError, match="input_std"):
        widgets.explore(input_std=-1.0, cache=None)


def test_stack_report_matches_simulate_stack():
    rng = np.random.default_rng(8)
    weights = [init.kaiming_normal((32, 32), rng=rng) for _ in range(3)]
    report = stats.simulate_stack("kaiming_normal", "selu", depth=3, width=32, batch=16, rng=1, weights=weights)
    data = np.random.default_rng(1)
    x = data.standard_normal((16, 32))
    pre, grads = lowrank.run_stack([lowrank.DenseAction(w) for w in weights], "selu", x,
                                   data.standard_normal((16, 32)))
    again = stats.stack_report("kaiming_normal", "selu", 1.0, pre, grads)
    for field in ("simulated", "theory", "grad_simulated", "grad_theory"):
        np.testing.assert_allclose(getattr(again, field), getattr(report, field), rtol=1e-12)
    assert (again.batch, again.width, again.depth, again.sampling) == (16, 32, 3, "dense")


# ---------------------------------------------------------------- which scheme an activation calls for


@pytest.mark.parametrize(("scheme", "activation", "matches", "ratio"), [
    ("kaiming_normal", "relu", True, 1.0),
    ("kaiming_uniform", "relu", True, 1.0),
    ("xavier_normal", "relu", False, 0.5),              # Xavier + ReLU: the factor 2 missing
    ("pytorch_default", "relu", False, 1 / 6),          # 1 / (3 fan_in) against 2 / fan_in
    ("kaiming_normal", "leaky_relu", True, 1 + 0.01**2),
    ("xavier_normal", "tanh", False, 9 / 25),           # Xavier's fan rule without the gain 5/3
    ("xavier_uniform", "sigmoid", True, 1.0),
    ("lecun_normal", "linear", True, 1.0),              # square layers: 1 / fan_in = 2 / (fan_in + fan_out)
    ("orthogonal", "linear", True, 1.0),
    ("lecun_normal", "selu", True, 1.0),
    ("kaiming_normal", "selu", False, 2.0),
    ("normal(0, 1)", "relu", False, 64 / 2),            # width 64: Var 1 against 2 / 64
])
def test_scheme_advice(scheme, activation, matches, ratio):
    advice = widgets.scheme_advice(scheme, activation, 64)
    assert advice.matches is matches
    assert advice.ratio == pytest.approx(ratio, rel=1e-12)
    assert f"calls for {advice.recommendation.family}" in advice.text
    assert ("matches it" in advice.text) is matches
    assert scheme in advice.text and scheme in advice.short


def test_recommendations_name_the_papers_and_follow_calculate_gain():
    from course_lib.activations import ACTIVATIONS
    from course_lib.gain import calculate_gain

    families = {name: widgets.recommended_init(name).family for name in ACTIVATIONS}
    assert families["relu"] == families["leaky_relu"] == "He/Kaiming"
    assert families["tanh"] == "Xavier/Glorot with gain 5/3"
    assert families["selu"] == "LeCun normal"
    for name, act in ACTIVATIONS.items():
        rec = widgets.recommended_init(name)
        if name == "selu":  # LeCun's 1 / fan_in, which SELU's fixed point assumes (not torch's 3/4)
            assert rec.gain == 1.0
        elif name == "gelu":  # no closed form: the advice says so instead of naming a match
            assert rec.gain is None and widgets.scheme_advice("kaiming_normal", name, 64).matches is None
        else:
            assert rec.gain == pytest.approx(calculate_gain(act.gain_name, act.param), rel=1e-15)
    # a non-square layer: He uses fan_in, Xavier the average fan (PyTorch layout: shape = (fan_out, fan_in))
    assert widgets.recommended_init("relu").variance((30, 10)) == pytest.approx(2 / 10)
    assert widgets.recommended_init("tanh").variance((30, 10)) == pytest.approx((5 / 3) ** 2 * 2 / 40)


def test_tanh_advice_says_how_to_get_the_gain():
    advice = widgets.scheme_advice("xavier_normal", "tanh", 128)
    assert "gain=5/3" in advice.text and "no listed scheme" in advice.text


def test_scheme_advice_rejects_bad_arguments_naming_them():
    with pytest.raises(ValueError, match=r"\bscheme\b"):
        widgets.scheme_advice("he", "relu", 16)
    with pytest.raises(ValueError, match=r"\bactivation\b"):
        widgets.scheme_advice("kaiming_normal", "swish", 16)
    with pytest.raises(ValueError, match=r"\bwidth\b"):
        widgets.scheme_advice("kaiming_normal", "relu", 0)


# ---------------------------------------------------------------- the explorer's figure: SVG, and no overlaps


def _report(values, grads, *, scheme="kaiming_normal", activation="relu", width=256, sampling="dense"):
    values, grads = np.asarray(values, dtype=float), np.asarray(grads, dtype=float)
    return stats.StackReport(scheme, activation, width, len(values), 1.0, 8, values, values * 1.1, grads,
                             grads / 1.1, sampling)


def _extreme_reports():
    """Reports that stress the layout: one layer, a flat line, 300 decades, inf, nan and 0, long names."""
    yield _report([1.0], [1.0])
    yield _report(np.full(7, 0.97), np.linspace(1, 1.1, 7))
    yield _report(np.logspace(-150, 150, 100), np.logspace(150, -150, 100), scheme="normal(0, 0.01)",
                  activation="leaky_relu(0.01)", width=1024, sampling="gaussian surrogate")
    yield _report([1.0, 1e200, np.inf, np.nan], [0.0, 1e-300, 1.0, 2.0], scheme="pytorch_default",
                  activation="sigmoid", width=1008)
    yield _report(np.logspace(0, 1, 13), np.logspace(0, -1, 13), scheme="xavier_uniform", activation="tanh",
                  width=16, sampling="gaussian surrogate")
    yield _report(np.full(100, 1e-5), np.full(100, 1e5), activation="gelu")


def test_explorer_figure_has_no_overlapping_text_as_svg_or_png():
    import xml.etree.ElementTree as ElementTree

    from tests.plot_audit import text_overlaps

    figure = widgets.ExplorerFigure()
    for report in _extreme_reports():
        figure.update(report)
        canvas = figure.canvas()
        assert canvas.overlaps() == [], (report.scheme, report.depth, canvas.overlaps())
        assert text_overlaps(figure.figure) == [], (report.scheme, report.depth)
        root = ElementTree.fromstring(figure.svg())  # well-formed
        texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
        assert f"forward: {report.verdict}" in texts and any(t.startswith("backward: ") for t in texts)
        advice = widgets.scheme_advice(report.scheme, widgets._report_activation(report.activation), report.width)
        assert advice.short in texts
        assert (widgets.SURROGATE_NOTE in texts) is (report.sampling == "gaussian surrogate")


def test_the_overlap_check_catches_a_crowded_explorer_layout(monkeypatch):
    figure = widgets.ExplorerFigure()
    figure.update(_report(np.logspace(0, 3, 20), np.ones(20), scheme="xavier_uniform", sampling="gaussian surrogate"))
    assert figure.canvas().overlaps() == []
    monkeypatch.setitem(widgets.ROWS, "note", widgets.ROWS["advice"] + 4)  # the note on the advice's line
    monkeypatch.setitem(widgets.ROWS, "legend", widgets.PANELS[0][1] - 14)  # the legend on the panels' titles
    found = figure.canvas().overlaps()
    assert any(widgets.SURROGATE_NOTE in pair for pair in found), found
    assert any("simulation (Monte Carlo)" in pair for pair in found), found


def test_svg_canvas_finds_overlaps():
    from course_lib import svgchart

    canvas = svgchart.SvgCanvas(200, 100)
    canvas.text(10, 20, "a title", size=12)
    canvas.text(30, 22, "a collision", size=12)
    canvas.text(150, 60, "off the edge", size=12)
    canvas.text(20, 50, "a y label", size=10, anchor="middle", vertical=True)  # clear of the rest
    problems = canvas.overlaps()
    assert ("a title", "a collision") in problems
    assert ("off the edge", "the canvas edge") in problems
    assert len(problems) == 2, problems


def test_svg_axis_helpers():
    from course_lib import svgchart

    assert svgchart.log_ticks(1e-3, 1e3) == [1e-2, 1.0, 1e2]  # seven decades: every other one
    assert len(svgchart.log_ticks(1e-150, 1e150)) <= 6
    assert svgchart.log_ticks(2.2, 4.95) == [3.0, 4.0]
    assert svgchart.log_ticks(0.5, 1.8) == [0.5, 1.0]
    assert [svgchart.tick_label(v) for v in (1e-3, 0.5, 1.0, 20.0, 1000.0, 1e5, 1e-150)] == \
        ["0.001", "0.5", "1", "20", "1000", "1e+05", "1e-150"]
    assert svgchart.layer_ticks(1) == [1] and svgchart.layer_ticks(8) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert svgchart.layer_ticks(20) == [5, 10, 15, 20] and svgchart.layer_ticks(100) == list(range(20, 101, 20))
    assert svgchart.text_width("ii", 10) < svgchart.text_width("MM", 10)
    assert svgchart.log_limits([np.nan, 0.0, np.inf]) == (1e-3, 1e3)
    low, high = svgchart.log_limits([1e-300, 1e300])
    assert 0 < low <= 1e-300 and 1e300 <= high < np.inf


def test_svg_helpers_reject_bad_arguments_naming_them():
    from course_lib import svgchart

    for call, name in ((lambda: svgchart.log_ticks(0.0, 1.0), "low"), (lambda: svgchart.log_ticks(2.0, 1.0), "high"),
                       (lambda: svgchart.tick_label(-1.0), "value"), (lambda: svgchart.layer_ticks(0), "depth"),
                       (lambda: svgchart.SvgCanvas(0, 10), "width"),
                       (lambda: svgchart.SvgCanvas(10, 10).text(1, 1, "a", anchor="left"), "anchor"),
                       (lambda: svgchart.SvgCanvas(10, 10).text(1, 1, "a", size=0), "size")):
        with pytest.raises(ValueError, match=rf"\b{name}\b"):
            call()


def test_init_explorer_shows_an_svg_and_the_advice(monkeypatch):
    pytest.importorskip("ipywidgets")
    import IPython.display
    import ipywidgets

    monkeypatch.setattr(IPython.display, "display", lambda obj: None)
    box = widgets.init_explorer("xavier_normal", "relu", depth=3, width=32)

    def leaves(widget):
        children = getattr(widget, "children", ())
        return [leaf for child in children for leaf in leaves(child)] if children else [widget]

    image = next(leaf for leaf in leaves(box) if isinstance(leaf, ipywidgets.Image))
    html = next(leaf for leaf in leaves(box) if isinstance(leaf, ipywidgets.HTML))
    assert image.format == "svg+xml" and bytes(image.value).startswith(b"<svg")
    assert "relu calls for He/Kaiming" in html.value and "does not match" in html.value
    scheme = next(leaf for leaf in leaves(box) if getattr(leaf, "description", "") == "scheme")
    scheme.value = "kaiming_normal"
    assert "kaiming_normal matches it" in html.value
