"""course_lib.conv, course_lib.recurrent and course_lib.attention against direct loops, torch and finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import attention, conv, recurrent
from tests.numerics import central_difference

CASES = [  # c_in, c_out, groups, kernel, stride, padding, dilation, output_padding
    (4, 6, 2, (3, 2), 2, 1, 1, 1),
    (3, 5, 1, (3, 3), 1, 0, 2, 0),
    (6, 6, 3, (1, 4), 3, 2, 1, 2),
    (2, 4, 2, (2, 3), (2, 1), (0, 1), (1, 2), (1, 0)),
]


def _pair(v):
    return v if isinstance(v, tuple) else (v, v)


def conv2d_loop(x, w, b, stride, padding, dilation, groups):
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    n, c_in, h, wd = x.shape
    c_out, c_g, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    h_out = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    w_out = (wd + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, c_out, h_out, w_out))
    for o in range(c_out):
        g = o // (c_out // groups)
        for i in range(h_out):
            for j in range(w_out):
                for c in range(c_g):
                    for u in range(kh):
                        for v in range(kw):
                            y[:, o, i, j] += w[o, c, u, v] * xp[:, g * c_g + c, i * sh + u * dh, j * sw + v * dw]
        y[:, o] += b[o]
    return y


def conv_transpose2d_loop(x, w, b, stride, padding, output_padding, dilation, groups):
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = map(_pair, (stride, padding, output_padding, dilation))
    n, c_in, h, wd = x.shape
    _, c_out_g, kh, kw = w.shape
    c_in_g = c_in // groups
    full = np.zeros((n, c_out_g * groups, (h - 1) * sh + dh * (kh - 1) + 1 + oph,
                     (wd - 1) * sw + dw * (kw - 1) + 1 + opw))
    for c in range(c_in):
        g = c // c_in_g
        for o in range(c_out_g):
            for i in range(h):
                for j in range(wd):
                    for u in range(kh):
                        for v in range(kw):
                            full[:, g * c_out_g + o, i * sh + u * dh, j * sw + v * dw] += x[:, c, i, j] * w[c, o, u, v]
    out = full[:, :, ph: full.shape[2] - ph, pw: full.shape[3] - pw]
    return out + b[None, :, None, None]


@pytest.mark.parametrize("case", CASES)
def test_conv2d_matches_loop(case):
    c_in, c_out, groups, k, s, p, d, _ = case
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, c_in, 9, 8)), rng.normal(size=(c_out, c_in // groups, *k)), rng.normal(size=c_out)
    np.testing.assert_allclose(conv.conv2d(x, w, b, s, p, d, groups), conv2d_loop(x, w, b, s, p, d, groups),
                               atol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_conv_transpose2d_matches_loop_and_is_the_adjoint(case):
    c_in, c_out, groups, k, s, p, d, op = case
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, c_in, 7, 6)), rng.normal(size=(c_in, c_out // groups, *k)), rng.normal(size=c_out)
    y = conv.conv_transpose2d(x, w, b, s, p, op, d, groups)
    np.testing.assert_allclose(y, conv_transpose2d_loop(x, w, b, s, p, op, d, groups), atol=1e-12)
    # <conv_transpose(x), z> == <x, conv(z)> with the same weight (conv2d's weight is (c_in, c_out/g, ...) here)
    z = rng.normal(size=y.shape)
    y0 = conv.conv_transpose2d(x, w, None, s, p, op, d, groups)
    lhs = np.sum(y0 * z)
    rhs = np.sum(x * conv.conv2d(z, w, None, s, p, d, groups))
    assert math.isclose(lhs, rhs, rel_tol=1e-10)


@pytest.mark.parametrize("case", CASES)
def test_conv_matches_torch(case):
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    c_in, c_out, groups, k, s, p, d, op = case
    rng = np.random.default_rng(2)
    x, b = rng.normal(size=(2, c_in, 9, 8)), rng.normal(size=c_out)
    w = rng.normal(size=(c_out, c_in // groups, *k))
    expected = functional.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), s, p, d, groups).numpy()
    np.testing.assert_allclose(conv.conv2d(x, w, b, s, p, d, groups), expected, atol=1e-12)
    wt = rng.normal(size=(c_in, c_out // groups, *k))
    expected = functional.conv_transpose2d(torch.tensor(x), torch.tensor(wt), torch.tensor(b), s, p, op, groups,
                                           d).numpy()
    np.testing.assert_allclose(conv.conv_transpose2d(x, wt, b, s, p, op, d, groups), expected, atol=1e-12)


def test_conv_errors_name_the_argument():
    x = np.zeros((1, 4, 5, 5))
    with pytest.raises(ValueError, match="groups"):
        conv.conv2d(x, np.zeros((6, 4, 3, 3)), groups=3)
    with pytest.raises(ValueError, match="weight"):
        conv.conv2d(x, np.zeros((6, 4, 3, 3)), groups=2)
    with pytest.raises(ValueError, match="stride"):
        conv.conv2d(x, np.zeros((6, 4, 3, 3)), stride=0)
    with pytest.raises(ValueError, match="x must"):
        conv.conv2d(np.zeros((4, 5, 5)), np.zeros((6, 4, 3, 3)))


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu", "linear"])
def test_bptt_matches_finite_differences(nonlinearity):
    rng = np.random.default_rng(3)
    hidden, n_in, batch, steps = 5, 3, 4, 6
    W_hh, W_ih = rng.normal(0, 0.5, (hidden, hidden)), rng.normal(0, 0.5, (hidden, n_in))
    b, h0 = rng.normal(0, 0.3, hidden), rng.normal(0, 0.5, (batch, hidden))
    xs, readout = rng.normal(size=(steps, batch, n_in)), rng.normal(size=(batch, hidden))

    def loss(**over):
        args = {"W_hh": W_hh, "W_ih": W_ih, "b": b, "h0": h0} | over
        return recurrent.rnn_bptt(args["W_hh"], args["W_ih"], xs, b=args["b"], h0=args["h0"], readout=readout,
                                  nonlinearity=nonlinearity).loss

    result = recurrent.rnn_bptt(W_hh, W_ih, xs, b=b, h0=h0, readout=readout, nonlinearity=nonlinearity)
    for name, value, grad in [("W_hh", W_hh, result.grad_W_hh), ("W_ih", W_ih, result.grad_W_ih),
                              ("b", b, result.grad_b), ("h0", h0, result.grad_h0)]:
        numeric = central_difference(loss, value)  # loss() reads the arrays that are perturbed in place
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7, err_msg=name)
    assert result.grad_norms.shape == (steps + 1,)
    assert math.isclose(result.grad_norms[-1], np.sqrt(np.mean(np.sum(result.grad_h0 ** 2, axis=1))))


def test_linear_orthogonal_rnn_keeps_the_gradient_norm():
    rng = np.random.default_rng(4)
    q, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    result = recurrent.rnn_bptt(q, np.zeros((16, 2)), rng.normal(size=(50, 3, 2)), nonlinearity="linear")
    np.testing.assert_allclose(result.grad_norms, result.grad_norms[0], rtol=1e-10)
    assert math.isclose(recurrent.spectral_radius(q), 1.0, rel_tol=1e-10)


def test_lstm_forget_bias_and_shapes():
    params = recurrent.lstm_init(3, 8, forget_bias=1.0, rng=0)
    assert params.W_ih.shape == (32, 3) and params.W_hh.shape == (32, 8) and params.b.shape == (32,)
    assert np.all(params.b[8:16] == 1.0)
    out = recurrent.lstm_forward(params, np.zeros((5, 2, 3)))
    assert out["h"].shape == (6, 2, 8) and out["forget"].shape == (5, 2, 8)
    np.testing.assert_allclose(out["forget"][0], 1 / (1 + math.exp(-1.0)))  # h_0 = 0, x = 0: f = sigmoid(1)
    with pytest.raises(TypeError, match="params"):
        recurrent.lstm_forward("nope", np.zeros((5, 2, 3)))


def test_attention_shapes_scale_and_softmax():
    rng = np.random.default_rng(5)
    q, k, v = rng.normal(size=(2, 3, 7, 16)), rng.normal(size=(2, 3, 9, 16)), rng.normal(size=(2, 3, 9, 5))
    out, weights = attention.attention(q, k, v)
    assert out.shape == (2, 3, 7, 5) and weights.shape == (2, 3, 7, 9)
    np.testing.assert_allclose(weights.sum(-1), 1.0)
    np.testing.assert_allclose(attention.attention_logits(q, k), attention.attention_logits(q, k, False) / 4)
    big = attention.softmax(np.array([[1000.0, 0.0, -1000.0]]))
    assert np.all(np.isfinite(big)) and big[0, 0] == 1.0
    assert math.isclose(attention.entropy(np.full(8, 1 / 8)), math.log(8))
    assert attention.entropy(np.array([1.0, 0.0])) == 0.0
    with pytest.raises(ValueError, match="d_k"):
        attention.attention_logits(q, v)


def test_residual_stack_variance_laws():
    rng = np.random.default_rng(6)
    width, depth = 256, 8
    x = rng.normal(size=(512, width))
    branches = [attention.mlp_branch(width, rng=rng) for _ in range(depth)]
    plain = attention.residual_stack(x, branches)
    assert 0.8 < plain[-1] / (plain[0] * 2 ** depth) < 1.25
    assert np.all(attention.residual_stack(x, branches, alpha=0.0) == plain[0])
    pre = attention.residual_stack(x, branches, pre_norm=True)
    assert 0.85 < (pre[-1] - pre[0]) / depth < 1.15
