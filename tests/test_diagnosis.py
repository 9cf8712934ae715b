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
    weights.append(init.lecun_normal((widths[-1], widths[-2]), rng=rng))
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
    assert report.target_name == ["he", "he", "lecun"]
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
    assert len(lines) == 4 and "ratio" in lines[0] and len({len(line) for line in lines}) == 1
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
        ratios = diagnosis.layer_report(net, x).weight_ratio
        broken = np.flatnonzero(np.abs(ratios - 1) > 0.25)
        assert broken.size == 1, ratios
        signatures.append(round(float(ratios[broken[0]]), 1))
        assert not any("bug" in name.lower() for name in vars(net))
    assert 0.0 in signatures and any(s > 4 for s in signatures)


def test_broken_networks_seeded_and_validated():
    a = diagnosis.broken_networks(7)
    b = diagnosis.broken_networks(7)
    for name in a:
        assert all(np.array_equal(u, v) for u, v in zip(a[name].weights, b[name].weights))
    with pytest.raises(ValueError):
        diagnosis.broken_networks(0, depth=2)
    with pytest.raises(TypeError):
        diagnosis.broken_networks("seed")
