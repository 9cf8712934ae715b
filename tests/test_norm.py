"""Tests of course_lib.norm: backward passes against central finite differences, and the invariances.

Everything is deterministic (fixed seeds, float64); finite differences use h = 1e-6 and compare to a
relative error of 1e-5, far above their truncation and rounding error for these smooth functions.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.norm import (
    ResidualStack,
    batch_norm,
    batch_norm_backward,
    layer_norm,
    layer_norm_backward,
)
from tests.numerics import central_difference


def close(a, b, rtol=1e-5):
    return np.max(np.abs(a - b)) <= rtol * max(1.0, np.max(np.abs(b)))


@pytest.mark.parametrize("forward, backward, shape", [
    (layer_norm, layer_norm_backward, (4, 7)),
    (layer_norm, layer_norm_backward, (2, 3, 5)),
    (batch_norm, batch_norm_backward, (6, 5)),
    (batch_norm, batch_norm_backward, (3, 4, 5)),
])
def test_norm_backward_matches_finite_differences(forward, backward, shape):
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, shape)
    gamma, beta = rng.normal(size=shape[-1]), rng.normal(size=shape[-1])
    weights = rng.normal(size=shape)          # L = sum(weights * y)

    def loss():
        return float(np.sum(weights * forward(x, gamma, beta, 1e-3)))

    grad_x, grad_gamma, grad_beta = backward(weights, x, gamma, 1e-3)
    assert close(grad_x, central_difference(loss, x))
    assert close(grad_gamma, central_difference(loss, gamma))
    assert close(grad_beta, central_difference(loss, beta))


def test_statistics_and_reference_values():
    rng = np.random.default_rng(1)
    x = rng.normal(3.0, 2.0, (50, 6))
    y = layer_norm(x, np.ones(6), np.zeros(6), eps=0.0)
    assert np.allclose(y.mean(axis=1), 0) and np.allclose(y.var(axis=1), 1)
    y = batch_norm(x, np.ones(6), np.zeros(6), eps=0.0)
    assert np.allclose(y.mean(axis=0), 0) and np.allclose(y.var(axis=0), 1)
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    ref = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * gamma + beta
    assert np.allclose(layer_norm(x, gamma, beta), ref, rtol=1e-12, atol=1e-12)


def test_scale_invariance_and_gradient_law():
    """y(cW) = y(W) (eps = 0), dL/dW at cW = (1/c) dL/dW at W, and <W, dL/dW> = 0 (LN: whole W; BN: each row)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(32, 10))
    W = rng.normal(size=(7, 10))
    weights = rng.normal(size=(32, 7))
    gamma, beta = rng.normal(size=7), rng.normal(size=7)
    for forward, backward in ((layer_norm, layer_norm_backward), (batch_norm, batch_norm_backward)):
        grads = {}
        for c in (1.0, 10.0):
            z = x @ (c * W).T
            assert np.allclose(forward(z, gamma, beta, 0.0), forward(x @ W.T, gamma, beta, 0.0))
            grad_z = backward(weights, z, gamma, 0.0)[0]
            grads[c] = grad_z.T @ x
        assert np.allclose(grads[10.0], grads[1.0] / 10.0)
        assert abs(np.sum(W * grads[1.0])) < 1e-10 * np.sum(np.abs(W * grads[1.0]))
    row_products = np.sum(W * (batch_norm_backward(weights, x @ W.T, gamma, 0.0)[0].T @ x), axis=1)
    assert np.allclose(row_products, 0, atol=1e-10)
    # batch norm is invariant to each row's scale; layer norm is not
    D = np.diag(np.arange(1.0, 8.0))
    assert np.allclose(batch_norm(x @ (D @ W).T, gamma, beta, 0.0), batch_norm(x @ W.T, gamma, beta, 0.0))
    assert not np.allclose(layer_norm(x @ (D @ W).T, gamma, beta, 0.0), layer_norm(x @ W.T, gamma, beta, 0.0))


@pytest.mark.parametrize("placement, branch_norm", [("pre", False), ("post", False), ("none", False),
                                                     ("pre", True), ("post", True)])
def test_residual_stack_backward_matches_finite_differences(placement, branch_norm):
    rng = np.random.default_rng(3)
    stack = ResidualStack(3, 5, 6, placement, branch_norm=branch_norm, eps=1e-3, rng=rng)
    for layer in range(3):  # generic gammas and betas, so every term of the backward pass is exercised
        stack.gamma[layer] = rng.normal(size=5)
        stack.beta[layer] = rng.normal(size=5)
        stack.branch_gamma[layer] = rng.normal(size=5)
    x = rng.normal(size=(4, 5))
    y = rng.normal(size=(4, 5))

    def loss():
        out = stack.forward(x)
        return float(0.5 * np.sum((out - y) ** 2) / 4)

    stack.mse_loss(x, y)
    grads = ([*stack.grad_W1], [*stack.grad_W2], [*stack.grad_gamma], stack.grad_stream[0])
    for layer in (0, 2):
        assert close(grads[0][layer], central_difference(loss, stack.W1[layer]))
        assert close(grads[1][layer], central_difference(loss, stack.W2[layer]))
        if placement != "none":
            assert close(grads[2][layer], central_difference(loss, stack.gamma[layer]))
    assert close(grads[3], central_difference(loss, x))
    assert stack.grad_norms.shape == (3,) and stack.rms.shape == (4,)


def test_zero_gamma_makes_every_block_the_identity():
    rng = np.random.default_rng(4)
    for placement in ("pre", "none"):
        stack = ResidualStack(8, 16, 32, placement, branch_norm=True, zero_gamma=True, final_norm=False, rng=rng)
        x = rng.normal(size=(10, 16))
        assert np.array_equal(stack.forward(x), x)
        stack.backward(np.ones_like(x))
        assert all(np.all(g == 0) for g in stack.grad_W1)
        assert any(np.any(g != 0) for g in stack.grad_branch_gamma)


def test_validation():
    with pytest.raises(ValueError, match="placement"):
        ResidualStack(2, 4, placement="middle")
    with pytest.raises(ValueError, match="branch_norm"):
        ResidualStack(2, 4, zero_gamma=True)
    with pytest.raises(TypeError, match="depth"):
        ResidualStack(2.5, 4)
    with pytest.raises(ValueError, match="gamma"):
        layer_norm(np.ones((2, 3)), np.ones(4), np.zeros(3))
    with pytest.raises(ValueError, match="eps"):
        batch_norm(np.ones((2, 3)), np.ones(3), np.zeros(3), eps=-1.0)
    with pytest.raises(ValueError, match="grad_y"):
        layer_norm_backward(np.ones((2, 2)), np.ones((2, 3)), np.ones(3))


def test_pre_ln_depth_law_and_profile_as_the_docstring_states():
    """Pre-LN: RMS(x_L) about sqrt(1 + L), last-block gradient shrinking with L, largest gradients near the input."""
    def measure(placement, depth, seed):
        rng = np.random.default_rng(seed)
        stack = ResidualStack(depth, 64, 256, placement, rng=rng)
        stack.mse_loss(rng.standard_normal((128, 64)), rng.standard_normal((128, 64)))
        return stack.grad_norms, stack.rms[-1]

    pre_6, _ = measure("pre", 6, 100)
    pre_48, rms_48 = measure("pre", 48, 100)
    assert abs(rms_48 / np.sqrt(49) - 1) < 0.1
    assert 0.3 < pre_48[-1] / pre_6[-1] < 0.46          # about sqrt(7 / 49) = 0.38
    assert pre_48[-1] / pre_48[0] < 0.5                  # largest near the input, unlike Xiong et al.'s Figure 3
    post_6, _ = measure("post", 6, 100)
    post_48, _ = measure("post", 48, 100)
    assert 0.8 < post_48[-1] / post_6[-1] < 1.25
