"""course_lib.mup (SP / muP rules, ScaledMLP, the stacked learning-rate sweep) and course_lib.coord_check."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import coord_check, losses, mup, optim, training  # noqa: E402


# ---------------------------------------------------------------------------------------------- the rules
@pytest.mark.parametrize("kind", mup.LAYER_KINDS)
@pytest.mark.parametrize("optimizer", mup.OPTIMIZERS)
def test_mup_equals_sp_at_the_base_width(kind, optimizer):
    sp = mup.layer_rule(kind, 96, 48, parametrization="sp", optimizer=optimizer, gain=math.sqrt(2))
    mu = mup.layer_rule(kind, 96, 48, parametrization="mup", optimizer=optimizer, base_fan_in=96, base_fan_out=48,
                        gain=math.sqrt(2))
    assert mu == pytest.approx(sp)


def test_mup_rules_follow_table_8_relative_to_the_base():
    m = 256 / 32
    hidden_adam = mup.layer_rule("hidden", 256, 256, optimizer="adam", base_fan_in=32, base_fan_out=32, gain=2**0.5)
    assert hidden_adam.init_std == pytest.approx(math.sqrt(2 / 256))
    assert hidden_adam.lr_scale == pytest.approx(1 / m) and hidden_adam.multiplier == 1.0
    hidden_sgd = mup.layer_rule("hidden", 256, 256, optimizer="sgd", base_fan_in=32, base_fan_out=32)
    assert hidden_sgd.lr_scale == 1.0 and hidden_sgd.bias_lr_scale == pytest.approx(m)
    out_adam = mup.layer_rule("output", 256, 10, optimizer="adam", base_fan_in=32)
    assert out_adam.init_std == pytest.approx(1 / math.sqrt(32)) and out_adam.multiplier == pytest.approx(1 / m)
    assert out_adam.lr_scale == 1.0
    out_sgd = mup.layer_rule("output", 256, 10, optimizer="sgd", base_fan_in=32)
    assert out_sgd.lr_scale == pytest.approx(m)
    inp_sgd = mup.layer_rule("input", 64, 256, optimizer="sgd", base_fan_out=32)
    assert inp_sgd.lr_scale == pytest.approx(m) and inp_sgd.init_std == pytest.approx(1 / 8)
    assert mup.layer_rule("input", 64, 256, optimizer="adam", base_fan_out=32).lr_scale == 1.0


def test_folding_the_output_multiplier_gives_table_3():
    """Table 8's output (std 1/sqrt(n0), multiplier 1/m, Adam eta, SGD eta*m) folded: var ~ 1/n^2, rates eta/m."""
    n, n0 = 512, 64
    m = n / n0
    adam = mup.layer_rule("output", n, 10, optimizer="adam", base_fan_in=n0)
    sgd = mup.layer_rule("output", n, 10, optimizer="sgd", base_fan_in=n0)
    a = 1 / adam.multiplier
    assert (adam.init_std / a) ** 2 == pytest.approx(n0 / n**2)
    assert adam.lr_scale / a == pytest.approx(1 / m)
    assert sgd.lr_scale / a**2 == pytest.approx(1 / m)


def test_attention_scale():
    assert mup.attention_scale(64, parametrization="sp") == pytest.approx(1 / 8)
    assert mup.attention_scale(64) == pytest.approx(1 / 64)
    assert mup.attention_scale(64, base_d_head=16) == pytest.approx(4 / 64)
    assert mup.attention_scale(16, base_d_head=16) == pytest.approx(mup.attention_scale(16, parametrization="sp"))


@pytest.mark.parametrize("call, match", [
    (lambda: mup.layer_rule("middle", 4, 4), "kind"),
    (lambda: mup.layer_rule("hidden", 4, 4, optimizer="rmsprop"), "optimizer"),
    (lambda: mup.layer_rule("hidden", 4, 4, parametrization="ntk"), "parametrization"),
    (lambda: mup.layer_rule("hidden", 0, 4), "fan_in"),
    (lambda: mup.layer_rule("hidden", 4, 4, base_fan_in=-1), "base_fan_in"),
    (lambda: mup.layer_rule("hidden", 4, 4, gain=0), "gain"),
    (lambda: mup.attention_scale(0), "d_head"),
    (lambda: mup.mlp([4, 8]), "widths"),
    (lambda: mup.mlp([4, 8, 3], broken=("head",)), "broken"),
    (lambda: mup.residual_mlp(4, 8, 3, 2, branch_multiplier="1/L"), "branch_multiplier"),
    (lambda: mup.residual_mlp(4, 8, 3, 0), "blocks"),
    (lambda: mup.ScaledMLP([np.ones((3, 4))], [np.zeros(3)], [1.0]), "weights"),
    (lambda: mup.ScaledMLP([np.ones((3, 4)), np.ones((2, 5))], [np.zeros(3), np.zeros(2)], [1, 1]), "fan_in"),
    (lambda: mup.ScaledMLP([np.ones((3, 4)), np.ones((2, 3))], [np.zeros(3), np.zeros(2)], [1, -1]), "multipliers"),
    (lambda: mup.ScaledMLP([np.ones((3, 4)), np.ones((2, 3))], [np.zeros(3), np.zeros(2)], [1, 1], lr_scales=[1]),
     "lr_scales"),
    (lambda: mup.best_lrs(np.ones((2, 3)), [1, 2]), "losses"),
])
def test_bad_arguments_are_named(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


# ------------------------------------------------------------------------------------------ the network
def _finite_difference_check(net, x, y):
    loss, grad = losses.softmax_cross_entropy(net.forward(x), y)
    net.backward(grad)
    for p, g in zip(net.parameters(), net.gradients()):
        index = np.unravel_index(np.argmax(np.abs(g)), p.shape)
        old = p[index]
        p[index] = old + 1e-6
        up = losses.cross_entropy(net.forward(x), y)
        p[index] = old - 1e-6
        down = losses.cross_entropy(net.forward(x), y)
        p[index] = old
        assert g[index] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-9)


def test_scaled_mlp_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((7, 5)), rng.integers(0, 3, 7)
    _finite_difference_check(mup.mlp([5, 8, 6, 3], parametrization="mup", base_width=4, rng=1), x, y)
    _finite_difference_check(mup.residual_mlp(5, 6, 3, 3, rng=2), x, y)


def test_scaled_mlp_follows_the_training_protocol():
    net = mup.mlp([64, 32, 32, 10], rng=0)
    with pytest.raises(RuntimeError, match="backward"):
        net.gradients()
    assert [p.shape for p in net.parameters()] == [(32, 64), (32,), (32, 32), (32,), (10, 32), (10,)]
    net.forward(np.zeros((3, 64)))
    assert [h.shape for h in net.post] == [(3, 32), (3, 32), (3, 10)]
    assert len(net.lr_scales) == 6 and net.kinds == ["input", "hidden", "output"]
    with pytest.raises(ValueError, match="x must have shape"):
        net.forward(np.zeros((3, 63)))


def test_mlp_planted_mistakes_change_what_they_say():
    good = mup.mlp([16, 128, 128, 10], base_width=32, rng=0)
    assert good.lr_scales[2] == pytest.approx(1 / 4) and good.multipliers[-1] == pytest.approx(1 / 4)
    assert mup.mlp([16, 128, 128, 10], base_width=32, broken=("hidden",), rng=0).lr_scales[2] == 1.0
    assert mup.mlp([16, 128, 128, 10], base_width=32, broken=("input",), rng=0).lr_scales[0] == pytest.approx(1 / 4)
    assert mup.mlp([16, 128, 128, 10], base_width=32, broken=("output",), rng=0).multipliers[-1] == 1.0
    assert not mup.mlp([16, 128, 128, 10], zero_readout=True, rng=0).weights[-1].any()


def test_residual_branch_multiplier_bounds_the_stream_at_init():
    x = np.random.default_rng(3).standard_normal((256, 16))
    ratios = {}
    for label in ("1", "1/sqrt(L)"):
        net = mup.residual_mlp(16, 256, 10, 12, branch_multiplier=label, rng=4)
        net.forward(x)
        ratios[label] = math.sqrt(np.mean(net.post[-2] ** 2) / np.mean(net.post[0] ** 2))
    assert ratios["1"] > 20            # theory 2^(12/2) = 64
    assert ratios["1/sqrt(L)"] < 2.0   # theory (1 + 1/12)^6 = 1.62


# ------------------------------------------------------------------------------------ the stacked sweep
@pytest.mark.parametrize("optimizer, lrs", [("adam", [1e-3, 1e-2]), ("sgd", [0.05, 0.2])])
def test_lr_sweep_matches_training_train_step_for_step(optimizer, lrs):
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal((50, 12)), rng.integers(0, 4, 50)

    def build(width, gen):
        return mup.mlp([12, width, width, 4], parametrization="mup", optimizer=optimizer, base_width=8, rng=gen)

    swept = mup.lr_sweep(build, [8, 16], lrs, x, y, steps=7, optimizer=optimizer, batch_size=16, rng=3)
    for i, width in enumerate([8, 16]):
        for j, lr in enumerate(lrs):
            net = build(width, np.random.default_rng(3))
            cls = optim.Adam if optimizer == "adam" else optim.SGD
            training.train(net, cls(net.parameters(), lr, lr_scales=net.lr_scales), x, y, steps=7, batch_size=16,
                           rng=3)
            assert swept[i, j] == pytest.approx(losses.cross_entropy(net.forward(x), y), rel=1e-9)


def test_lr_sweep_marks_divergence_and_best_lrs_skips_it():
    rng = np.random.default_rng(6)
    x, y = rng.standard_normal((40, 8)), rng.integers(0, 3, 40)
    out = mup.lr_sweep(lambda w, g: mup.mlp([8, w, w, 3], parametrization="sp", rng=g), [16], [1e-3, 1e3], x, y,
                       steps=20, optimizer="sgd")
    assert np.isfinite(out[0, 0]) and out[0, 1] == np.inf
    assert mup.best_lrs(out, [1e-3, 1e3]).tolist() == [1e-3]


# ------------------------------------------------------------------------------------ the coordinate check
@pytest.fixture(scope="module")
def probe():
    rng = np.random.default_rng(7)
    return rng.standard_normal((32, 24)), np.arange(32) % 5


def test_coordinate_check_is_flat_under_mup_and_grows_under_sp(probe):
    x, y = probe
    widths = [64, 128, 256, 512]
    sp = coord_check.mlp_coord_check(widths, x, y, parametrization="sp", optimizer="adam", steps=1, seeds=(0, 1))
    mu = coord_check.mlp_coord_check(widths, x, y, parametrization="mup", optimizer="adam", steps=1, seeds=(0, 1))
    assert sp.layers == mu.layers == ("input", "hidden", "output")
    assert np.all(np.abs(mu.slopes(1)) < 0.3), f"muP exponents {mu.slopes(1)} (theory 0)"
    assert abs(sp.slopes(1)[0]) < 0.3 and np.all(sp.slopes(1)[1:] > 0.5), f"SP exponents {sp.slopes(1)} (0, 1, 1)"
    assert np.all(sp.change_rms[:, 0] == 0) and sp.activation_rms.shape == (4, 2, 3)


def test_coordinate_check_sees_each_planted_mistake(probe):
    x, y = probe
    for bug, layer, sign in (("hidden", 1, 1), ("input", 0, -1), ("output", 2, 1)):
        check = coord_check.mlp_coord_check([64, 128, 256, 512], x, y, broken=(bug,), steps=1, seeds=(0, 1))
        assert sign * check.slopes(1)[layer] > 0.5, f"{bug}: exponents {check.slopes(1)}"


def test_coordinate_check_arguments(probe):
    x, y = probe
    check = coord_check.mlp_coord_check([16, 32], x, y, steps=2)
    with pytest.raises(ValueError, match="step"):
        check.slopes(3)
    with pytest.raises(ValueError, match="widths"):
        coord_check.mlp_coord_check([16], x, y)
    with pytest.raises(ValueError, match="lr"):
        coord_check.mlp_coord_check([16, 32], x, y, lr=0.0)
    with pytest.raises(ValueError, match="optimizer"):
        coord_check.mlp_coord_check([16, 32], x, y, optimizer="lion")
    with pytest.raises(ValueError, match="seeds"):
        coord_check.mlp_coord_check([16, 32], x, y, seeds=())
    data = check.as_dict()
    assert data["steps"] == 2 and data["change_rms"].shape == (2, 3, 3)


def test_plot_and_widget_figure(probe):
    x, y = probe
    check = coord_check.mlp_coord_check([16, 32, 64], x, y, steps=2)
    ax = coord_check.plot_coord_check(check)
    assert ax.get_xlabel() == "width" and ax.get_title() and len(ax.get_lines()) == 3
    plt.close(ax.figure)
    figure = coord_check.CoordCheckFigure({"a": check, "b": check})
    figure.update(2)
    assert figure.png().startswith(b"\x89PNG") and figure.width() == 64
