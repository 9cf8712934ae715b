"""course_lib.embeddings and course_lib.adapters: shapes, scales, exact zero starts, gradients, validation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import adapters, embeddings

from .numerics import central_difference


def numeric_gradients(block, x, target, c=None, eps=1e-6):
    """Central differences of 0.5 * sum((block(x) - target)^2) for every parameter and for x."""

    def loss():
        out = block.forward(x) if c is None else block.forward(x, c)
        return 0.5 * np.sum((out - target) ** 2)

    grads = [central_difference(loss, p, eps) for p in [*block.parameters(), x]]
    return grads


def random_blocks(rng):
    return [
        (adapters.LoRALinear(rng.normal(size=(4, 5)), 2, alpha=3, rng=1), None),
        (adapters.LoRALinear(rng.normal(size=(4, 5)), 3, alpha=2, rslora=True, a_std=0.3, rng=2), None),
        (adapters.LayerScaleBlock(5, 6, init_scale=0.7, rng=1), None),
        (adapters.AdaLNZeroBlock(5, 6, 3, zero_modulation=False, rng=1), 3),
        (adapters.ControlNetBlock(rng.normal(size=(6, 5)), 3, rng=1), 3),
        (adapters.ZeroGammaResidualBlock(5, 6, gamma_init=0.8, rng=1), None),
    ]


@pytest.mark.parametrize("index", range(6))
def test_backward_matches_finite_differences(index):
    rng = np.random.default_rng(0)
    block, d_cond = random_blocks(rng)[index]
    for p in block.parameters():  # every parameter non-zero, so every path is exercised
        p[...] = rng.normal(0.0, 0.5, p.shape)
    width = block.W.shape[1] if hasattr(block, "W") else (block.W0.shape[1] if hasattr(block, "W0")
                                                          else block.W1.shape[1])
    x = rng.normal(size=(7, width))
    c = None if d_cond is None else rng.normal(size=(7, d_cond))
    out = block.forward(x) if c is None else block.forward(x, c)
    target = rng.normal(size=out.shape)
    dx = block.backward(out - target)
    analytic = [*block.gradients(), dx]
    for name, a, n in zip([*block.names, "x"], analytic, numeric_gradients(block, x, target, c)):
        assert np.allclose(a, n, rtol=1e-5, atol=1e-6), f"{type(block).__name__}: gradient of {name}"


def test_lora_starts_as_base_and_moves_b_first():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(6, 9))
    layer = adapters.LoRALinear(w, r=3, alpha=6, rng=rng)
    x = rng.normal(size=(20, 9))
    assert np.array_equal(layer.forward(x), x @ w.T)
    assert np.all(np.abs(layer.A) <= 1 / math.sqrt(9)) and np.all(layer.B == 0)
    losses, moved = adapters.sgd_steps(layer, x, rng.normal(size=(20, 6)), steps=2, lr=0.1)
    assert moved == {"A": 2, "B": 1}
    assert losses[2] < losses[0]
    assert np.allclose(layer.merged(), w + layer.scale * layer.B @ layer.A)
    assert np.allclose(x @ layer.merged().T, layer.forward(x))


def test_lora_scale_and_rank_gain():
    assert adapters.lora_scale(16, 4) == 4.0 and adapters.lora_scale(16, 4, rslora=True) == 8.0
    # E ||dL/dB||^2 = s^2 r a_std^2 ||dL/dW||^2 over the draw of A
    rng = np.random.default_rng(2)
    grad_w = rng.normal(size=(5, 30))
    for r in (1, 3, 8):
        a = rng.normal(0.0, 0.2, (4000, r, 30))
        measured = np.mean(np.sum((grad_w @ a.transpose(0, 2, 1)) ** 2, axis=(1, 2))) / np.sum(grad_w**2)
        expected = r * 0.2**2                    # E[A^T A] = r a_std^2 I; the gain is s^2 times this
        # 4000 draws: the relative standard error of the mean is below 2.5%; 10% is over 4 errors
        assert abs(measured / expected - 1) < 0.1, (r, measured, expected)


def test_zero_starts_are_the_base_exactly():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, 5))
    c = rng.normal(size=(16, 3))
    assert np.array_equal(adapters.AdaLNZeroBlock(5, 7, 3, rng=rng).forward(x, c), x)
    assert np.array_equal(adapters.ZeroGammaResidualBlock(5, 7, rng=rng).forward(x), x)
    block = adapters.ControlNetBlock(rng.normal(size=(7, 5)), 3, rng=rng)
    assert np.array_equal(block.forward(x, c), block.base(x))
    layer_scale = adapters.LayerScaleBlock(5, 7, init_scale=1e-5, rng=rng)
    gap = np.abs(layer_scale.forward(x) - x).max()
    assert 0 < gap < 1e-3, "LayerScale starts near the identity, not at it"


def test_first_moves():
    rng = np.random.default_rng(4)
    x, c = rng.normal(size=(32, 6)), rng.normal(size=(32, 4))
    cases = [
        (adapters.AdaLNZeroBlock(6, 8, 4, rng=rng), c, {"M": 1, "W1": 2, "W2": 2}),
        (adapters.ControlNetBlock(rng.normal(size=(8, 6)), 4, rng=rng), c, {"Z1": 2, "Wc": 2, "Z2": 1}),
        (adapters.ZeroGammaResidualBlock(6, 8, rng=rng), None, {"W1": 2, "gamma1": 2, "W2": 2, "gamma2": 1,
                                                                "beta2": 1}),
    ]
    for block, cond, expected in cases:
        out = block.forward(x) if cond is None else block.forward(x, cond)
        losses, moved = adapters.sgd_steps(block, x, out + rng.normal(size=out.shape), steps=2, lr=0.05, c=cond)
        assert moved == expected, type(block).__name__
        assert losses[-1] < losses[0]


def test_two_multiplied_zeros_never_move():
    rng = np.random.default_rng(5)
    layer = adapters.LoRALinear(rng.normal(size=(4, 6)), 2, rng=rng)
    layer.A[...] = 0
    _, moved = adapters.sgd_steps(layer, rng.normal(size=(10, 6)), rng.normal(size=(10, 4)), steps=3)
    assert moved == {"A": None, "B": None}


def test_adapter_validation():
    with pytest.raises(ValueError, match="r must be at least 1"):
        adapters.LoRALinear(np.zeros((3, 4)), 0)
    with pytest.raises(ValueError, match="alpha must be positive"):
        adapters.lora_scale(-1, 2)
    with pytest.raises(ValueError, match="weight must be a 2-D"):
        adapters.LoRALinear(np.zeros(3), 1)
    layer = adapters.LoRALinear(np.zeros((3, 4)), 1, rng=0)
    with pytest.raises(ValueError, match=r"x must have shape \(batch, 4\)"):
        layer.forward(np.zeros((2, 3)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        layer.backward(np.zeros((2, 3)))
    layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="grad_out must have the output's shape"):
        layer.backward(np.zeros((2, 4)))
    with pytest.raises(RuntimeError, match="gradients"):
        adapters.LayerScaleBlock(3, 4, rng=0).gradients()
    block = adapters.AdaLNZeroBlock(3, 4, 2, rng=0)
    with pytest.raises(ValueError, match="c must have one row per row of x"):
        block.forward(np.zeros((5, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="steps must be at least 1"):
        adapters.sgd_steps(layer, np.zeros((2, 4)), np.zeros((2, 3)), steps=0)
    with pytest.raises(ValueError, match="target must have the output's shape"):
        adapters.sgd_steps(layer, np.zeros((2, 4)), np.zeros((2, 4)))
    with pytest.raises(TypeError, match="rng"):
        adapters.LayerScaleBlock(3, 4, rng="seed")


def test_embedding_tables_and_lookup():
    assert embeddings.table_std(256, "normal") == 1.0
    assert embeddings.table_std(256, "gpt2") == 0.02
    assert embeddings.table_std(256, "inv_sqrt_d") == 1 / 16
    table = embeddings.embedding_table(2000, 64, "inv_sqrt_d", rng=0)
    assert table.shape == (2000, 64)
    # 128 000 entries: the std's relative standard error is 0.2%; 2% is 10 errors
    assert abs(table.std() * 8 - 1) < 0.02
    ids = np.array([[3, 3, 7], [0, 1999, 3]])
    looked = embeddings.lookup(table, ids, multiplier=8.0)
    assert looked.shape == (2, 3, 64) and np.allclose(looked[0, 0], 8 * table[3])
    assert abs(embeddings.rms(embeddings.lookup(table, np.arange(2000), multiplier=8.0)) - 1) < 0.02
    grad = embeddings.lookup_backward(np.ones((2, 3, 64)), ids, 2000, multiplier=2.0)
    assert grad.shape == (2000, 64)
    assert np.all(grad[3] == 6.0) and np.all(grad[7] == 2.0) and np.all(grad[5] == 0.0)


def test_lookup_backward_matches_finite_differences():
    rng = np.random.default_rng(6)
    table = rng.normal(size=(5, 3))
    ids = np.array([1, 4, 1, 0])
    target = rng.normal(size=(4, 3))
    out = embeddings.lookup(table, ids, multiplier=1.5)
    grad = embeddings.lookup_backward(out - target, ids, 5, multiplier=1.5)
    numeric = np.zeros_like(table)
    for index in np.ndindex(table.shape):
        old = table[index]
        table[index] = old + 1e-6
        up = 0.5 * np.sum((embeddings.lookup(table, ids, multiplier=1.5) - target) ** 2)
        table[index] = old - 1e-6
        down = 0.5 * np.sum((embeddings.lookup(table, ids, multiplier=1.5) - target) ** 2)
        table[index] = old
        numeric[index] = (up - down) / 2e-6
    assert np.allclose(grad, numeric, atol=1e-6)


def test_tied_logits_variance_and_self_logit():
    rng = np.random.default_rng(7)
    d, std = 128, 0.1
    table = embeddings.embedding_table(500, d, std=std, rng=rng)
    h = rng.normal(size=(400, d))
    logits = embeddings.tied_logits(h, table)
    assert logits.shape == (400, 500)
    # Var(z) = d q std^2 with q = 1: 200 000 logits, relative error of the variance ~0.5%
    assert abs(logits.var() / (d * std**2) - 1) < 0.05
    self_logit = np.einsum("ij,ij->i", table, table)
    assert abs(self_logit.mean() / (d * std**2) - 1) < 0.05


def test_positions():
    pe = embeddings.sinusoidal_positions(64, 16)
    assert pe.shape == (64, 16) and np.all(np.abs(pe) <= 1)
    assert np.allclose(pe[0, 0::2], 0) and np.allclose(pe[0, 1::2], 1)
    assert np.isclose(pe[5, 2], math.sin(5 / 10000 ** (2 / 16)))
    assert abs(embeddings.rms(embeddings.sinusoidal_positions(4096, 64)) - math.sqrt(0.5)) < 0.01
    assert abs(embeddings.learned_positions(1024, 64, rng=0).std() / 0.01 - 1) < 0.02


def test_embedding_validation():
    with pytest.raises(ValueError, match="scheme must be one of"):
        embeddings.table_std(8, "xavier")
    with pytest.raises(ValueError, match="vocab must be at least 1"):
        embeddings.embedding_table(0, 8)
    with pytest.raises(TypeError, match="ids must be an integer array"):
        embeddings.lookup(np.zeros((4, 2)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"ids must be in \[0, 4\)"):
        embeddings.lookup(np.zeros((4, 2)), np.array([0, 4]))
    with pytest.raises(ValueError, match="table must be a 2-D array"):
        embeddings.lookup(np.zeros(4), np.array([0]))
    with pytest.raises(ValueError, match="hidden must end in the table's width"):
        embeddings.tied_logits(np.zeros((3, 5)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="d must be even"):
        embeddings.sinusoidal_positions(4, 5)
    with pytest.raises(ValueError, match="grad_out must have shape"):
        embeddings.lookup_backward(np.zeros((3, 2)), np.array([0, 1]), 4)
    with pytest.raises(ValueError, match="std must be non-negative"):
        embeddings.embedding_table(4, 2, std=-1.0)
