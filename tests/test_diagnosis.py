"""Tests of course_lib.diagnosis: the layer report, its printer and plot, and the broken networks."""

import math

import matplotlib
import numpy as np
import pytest

from course_lib import diagnosis, init
from course_lib.nets import MLP

matplotlib.use("Agg")


def _healthy(rng, widths=(32, 128, 64, 10)):
    weights = [init.kaiming_normal((b, a), nonlinearity="relu", rng=rng) for a, b in zip(widths[:-2], widths[1:-1])]
    weights.append(0.01 * init.lecun_normal((widths[-1], widths[-2]), rng=rng))
    return MLP(weights, activation="relu", output_activation="linear")


def test_target_std_formulas():
    assert diagnosis.target_std((100, 50), "relu") == (math.sqrt(2 / 50), "he")
    std, name = diagnosis.target_std((100, 50), "tanh")
    assert name == "xavier" and math.isclose(std, 5 / 3 * math.sqrt(2 / 150))
    assert diagnosis.target_std((100, 50), "linear") == (1 / math.sqrt(50), "lecun")
    with pytest.raises(ValueError):
        diagnosis.target_std((100,), "relu")


def test_layer_report_healthy_network():
    rng = np.random.default_rng(0)
    net = _healthy(rng)
    report = diagnosis.layer_report(net, rng.standard_normal((512, 32)), rng.standard_normal((512, 10)))
    assert report.depth == 3
    assert np.allclose(report.weight_ratio, 1, atol=0.1)
    assert np.allclose(report.pre_std[:-1], math.sqrt(2), rtol=0.25)
    assert report.dead.max() < 0.1 and report.saturated.max() == 0
    assert np.all(report.grad_norm > 0)
    assert report.target_name == ["he", "he", "head"]
    assert math.isclose(report.target_std[-1], 0.01 / math.sqrt(64))
    # a small head starts at the trivial predictor's loss 0.5 mean ||y||^2
    assert report.loss == pytest.approx(report.trivial_loss, rel=0.02)
    assert np.all(np.abs(report.weight_mean) < 0.01)
    # the gradient norm is that of dL/dW with L = 0.5 mean ||f(x) - y||^2
    assert math.isclose(report.grad_norm[-1], float(np.linalg.norm(net.grad_weights[-1])))


def test_dead_and_saturated_fractions():
    pre = np.array([[-1.0, 0.0, 2.0], [-2.0, 0.0, -1.0]])
    assert diagnosis.dead_fraction(pre) == pytest.approx(2 / 3)
    assert diagnosis.saturated_fraction(np.array([0.995, -0.999, 0.5, 0.0]), "tanh") == 0.5
    assert diagnosis.saturated_fraction(np.array([0.001, 0.5, 0.995, 0.3]), "sigmoid") == 0.5
    assert diagnosis.saturated_fraction(np.array([5.0]), "relu") == 0.0
    rng = np.random.default_rng(1)
    net = MLP([rng.standard_normal((64, 32)), rng.standard_normal((64, 64))], activation="tanh")
    assert diagnosis.layer_report(net, rng.standard_normal((64, 32))).saturated.min() > 0.5


def test_layer_report_validates_arguments():
    net = _healthy(np.random.default_rng(2))
    with pytest.raises(ValueError):
        diagnosis.layer_report(net, np.zeros((8, 31)))
    with pytest.raises(ValueError):
        diagnosis.layer_report(net, np.zeros((8, 32)), np.zeros((10, 8)))
    with pytest.raises(TypeError):
        diagnosis.layer_report(object(), np.zeros((8, 32)))


def test_table_and_plot():
    rng = np.random.default_rng(3)
    report = diagnosis.layer_report(_healthy(rng), rng.standard_normal((64, 32)))
    lines = report.table().splitlines()
    assert len(lines) == 5 and "ratio" in lines[0] and len({len(line) for line in lines[:4]}) == 1
    assert lines[-1].startswith("initial loss")
    axes = diagnosis.plot_report(report)
    assert len(axes) == 4
    with pytest.raises(TypeError):
        diagnosis.print_report("not a report")


def test_broken_networks_have_one_bug_each():
    networks = diagnosis.broken_networks(np.random.default_rng(4))
    assert set(networks) == set(diagnosis.NETWORK_NAMES)
    x = np.random.default_rng(5).standard_normal((128, 32))
    signatures = []
    for net in networks.values():
        report = diagnosis.layer_report(net, x)
        off = np.abs(np.log(np.maximum(report.weight_ratio, 1e-12))) > 0.1
        off |= np.abs(report.weight_mean) > 0.5 * np.maximum(report.weight_std, 1e-300)
        assert off.sum() == 1, report.table()
        signatures.append(float(report.weight_ratio[off][0]))
        assert not any("bug" in name.lower() for name in vars(net))
    assert min(signatures) < 1e-6 and max(signatures) > 100


@pytest.mark.parametrize("kind", [*diagnosis.BUG_KINDS, "healthy"])
def test_planted_network_signatures(kind):
    rng = np.random.default_rng(11)
    for depth in (4, 6):
        net, layer = diagnosis.planted_network(kind, rng, depth=depth, zero_head=depth == 4)
        report = diagnosis.layer_report(net, rng.standard_normal((64, 32)))
        ratio = report.weight_ratio
        assert net.depth == depth and report.target_name[-1] == "head"
        healthy = [i for i in range(depth - 1) if i != layer]
        assert np.allclose(ratio[healthy], 1, atol=0.1)
        assert ratio[-1] <= 1.2 or layer == depth - 1
        if kind == "healthy":
            assert layer is None
            continue
        fan_out, fan_in = net.weights[layer].shape
        expected = {"fan": [math.sqrt(fan_in / fan_out)], "gain": [1 / math.sqrt(2), 1 / math.sqrt(6)],
                    "variance": [math.sqrt(2 / fan_in)], "constant": [0.0], "rand": [math.sqrt(fan_in / 24)],
                    "head": [100 * math.sqrt(fan_in)]}[kind]
        assert any(math.isclose(ratio[layer], e, rel_tol=0.1, abs_tol=1e-9) for e in expected), (kind, ratio[layer])
        assert (layer == depth - 1) == (kind == "head")
        if kind in ("fan", "gain", "variance"):  # the signature is >= 20% away from the other bugs' at that layer
            others = [math.sqrt(fan_in / fan_out), 1 / math.sqrt(2), 1 / math.sqrt(6), math.sqrt(2 / fan_in), 1.0]
            close = [o for o in others if abs(math.log(ratio[layer] / o)) < math.log(1.1)]
            assert len(close) == 1, (kind, ratio[layer], others)


def test_as_dict_is_plain_data():
    rng = np.random.default_rng(12)
    report = diagnosis.layer_report(_healthy(rng), rng.standard_normal((64, 32)), rng.standard_normal((64, 10)))
    data = report.as_dict()
    assert type(data["weight_ratio"]) is np.ndarray and np.allclose(data["weight_ratio"], report.weight_ratio)
    assert data["shapes"] == [(128, 32), (64, 128), (10, 64)] and type(data["loss"]) is float
    assert set(data) >= {"pre_std", "weight_mean", "trivial_loss", "target_std", "dead"}
    with pytest.raises(ValueError):
        diagnosis.planted_network("typo", rng)


def test_broken_networks_seeded_and_validated():
    a = diagnosis.broken_networks(7)
    b = diagnosis.broken_networks(7)
    for name in a:
        assert all(np.array_equal(u, v) for u, v in zip(a[name].weights, b[name].weights))
    with pytest.raises(ValueError):
        diagnosis.broken_networks(0, depth=2)
    with pytest.raises(TypeError):
        diagnosis.broken_networks("seed")
