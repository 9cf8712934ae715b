"""Recurrent cells in NumPy for studying initialization: a vanilla RNN with backprop through time, an LSTM.

Weights use PyTorch's layout: ``W_ih`` is ``(hidden, input)``, ``W_hh`` is ``(hidden, hidden)`` and a
step computes ``h_t = phi(x_t @ W_ih.T + h_{t-1} @ W_hh.T + b)``. Unrolled over ``T`` steps the
recurrent matrix is applied ``T`` times, and the gradient that reaches ``h_{T-k}`` is

    dL/dh_{t-1} = (dL/dh_t * phi'(a_t)) @ W_hh,

a product of ``k`` Jacobians ``diag(phi'(a_t)) W_hh`` (Bengio, Simard and Frasconi 1994; Pascanu,
Mikolov and Bengio 2013, *On the difficulty of training recurrent neural networks*).
The LSTM follows ``torch.nn.LSTM`` (gate order i, f, g, o; Hochreiter and Schmidhuber 1997, forget gate
of Gers, Schmidhuber and Cummins 2000); Jozefowicz, Zaremba and Sutskever (2015) recommend a forget-gate
bias of 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_int, as_real, as_rng, one_of

NONLINEARITIES = ("tanh", "relu", "linear")


def _phi(a, nonlinearity):
    if nonlinearity == "tanh":
        return np.tanh(a)
    if nonlinearity == "relu":
        return np.maximum(a, 0.0)
    return a


def _dphi(a, h, nonlinearity):
    if nonlinearity == "tanh":
        return 1.0 - h * h
    if nonlinearity == "relu":
        return (a > 0).astype(a.dtype)
    return np.ones_like(a)


@dataclass
class RNNResult:
    """What :func:`rnn_bptt` records.

    ``hs``: ``(T + 1, N, H)`` hidden states ``h_0 ... h_T``; ``loss = sum(readout * h_T)``;
    ``grad_norms[k]``: root mean square over the batch of ``||dL/dh_{T-k}||``, ``k = 0 ... T``;
    ``grad_W_hh``, ``grad_W_ih``, ``grad_b``, ``grad_h0``: gradients of ``loss``.
    """

    hs: np.ndarray
    loss: float
    grad_norms: np.ndarray
    grad_W_hh: np.ndarray
    grad_W_ih: np.ndarray
    grad_b: np.ndarray
    grad_h0: np.ndarray


def _matrix(value, name, shape):
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {type(value).__name__}")
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {value.shape}")
    return value.astype(np.float64, copy=False)


def rnn_bptt(W_hh, W_ih, xs, *, b=None, h0=None, readout=None, nonlinearity: str = "tanh") -> RNNResult:
    """Unroll ``h_t = phi(x_t @ W_ih.T + h_{t-1} @ W_hh.T + b)`` over ``T`` steps and backprop through time.

    ``xs``: ``(T, N, input)``; ``h0``: ``(N, H)`` (zeros by default); ``readout``: ``(N, H)`` (ones by
    default), the loss is ``sum(readout * h_T)`` so ``dL/dh_T = readout``. Returns :class:`RNNResult`
    with the gradient norm at every step back in time.
    """
    one_of(nonlinearity, "nonlinearity", NONLINEARITIES)
    if not isinstance(W_hh, np.ndarray) or W_hh.ndim != 2 or W_hh.shape[0] != W_hh.shape[1]:
        raise ValueError(f"W_hh must be a square 2-D numpy array (hidden, hidden), got "
                         f"{getattr(W_hh, 'shape', type(W_hh).__name__)}")
    hidden = W_hh.shape[0]
    if not isinstance(xs, np.ndarray) or xs.ndim != 3:
        raise ValueError(f"xs must be a 3-D numpy array (T, batch, input), got {getattr(xs, 'shape', xs)}")
    steps, batch, n_in = xs.shape
    W_hh = W_hh.astype(np.float64, copy=False)
    W_ih = _matrix(W_ih, "W_ih", (hidden, n_in))
    b = np.zeros(hidden) if b is None else _matrix(np.asarray(b, dtype=np.float64), "b", (hidden,))
    h0 = np.zeros((batch, hidden)) if h0 is None else _matrix(h0, "h0", (batch, hidden))
    readout = np.ones((batch, hidden)) if readout is None else _matrix(readout, "readout", (batch, hidden))
    hs = np.empty((steps + 1, batch, hidden))
    pre = np.empty((steps, batch, hidden))
    hs[0] = h0
    for t in range(steps):
        pre[t] = xs[t] @ W_ih.T + hs[t] @ W_hh.T + b
        hs[t + 1] = _phi(pre[t], nonlinearity)
    g = readout.copy()
    norms = np.empty(steps + 1)
    norms[0] = np.sqrt(np.mean(np.sum(g * g, axis=1)))
    grad_W_hh = np.zeros_like(W_hh)
    grad_W_ih = np.zeros_like(W_ih)
    grad_b = np.zeros(hidden)
    for k, t in enumerate(range(steps - 1, -1, -1), start=1):
        delta = g * _dphi(pre[t], hs[t + 1], nonlinearity)
        grad_W_hh += delta.T @ hs[t]
        grad_W_ih += delta.T @ xs[t]
        grad_b += delta.sum(axis=0)
        g = delta @ W_hh
        norms[k] = np.sqrt(np.mean(np.sum(g * g, axis=1)))
    return RNNResult(hs=hs, loss=float(np.sum(readout * hs[-1])), grad_norms=norms, grad_W_hh=grad_W_hh,
                     grad_W_ih=grad_W_ih, grad_b=grad_b, grad_h0=g)


def spectral_radius(W) -> float:
    """``max |lambda_i(W)|``: the growth rate per step of ``W^T v`` for a generic ``v`` as ``T -> inf``."""
    if not isinstance(W, np.ndarray) or W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square 2-D numpy array, got {getattr(W, 'shape', type(W).__name__)}")
    return float(np.max(np.abs(np.linalg.eigvals(W))))


@dataclass
class LSTMParams:
    """``W_ih`` (4H, input), ``W_hh`` (4H, H), ``b`` (4H,) = torch's ``b_ih + b_hh``; gates i, f, g, o."""

    W_ih: np.ndarray
    W_hh: np.ndarray
    b: np.ndarray

    @property
    def hidden_size(self) -> int:
        return self.W_hh.shape[1]


def lstm_init(input_size: int, hidden_size: int, *, forget_bias: float = 0.0, rng=None) -> LSTMParams:
    """``torch.nn.LSTM``'s default init, ``U(-1/sqrt(H), 1/sqrt(H))`` for every weight and *both* biases.

    The returned ``b`` is ``b_ih + b_hh`` (what a step adds); its forget-gate slice ``b[H:2H]`` is then
    set to ``forget_bias`` exactly. (In torch, filling both ``b_ih`` and ``b_hh`` of the forget gate with 1
    gives an effective bias of 2.)
    """
    input_size = as_int(input_size, "input_size", minimum=1)
    hidden_size = as_int(hidden_size, "hidden_size", minimum=1)
    forget_bias = as_real(forget_bias, "forget_bias")
    rng = as_rng(rng)
    bound = 1.0 / np.sqrt(hidden_size)
    W_ih = rng.uniform(-bound, bound, (4 * hidden_size, input_size))
    W_hh = rng.uniform(-bound, bound, (4 * hidden_size, hidden_size))
    b = rng.uniform(-bound, bound, 4 * hidden_size) + rng.uniform(-bound, bound, 4 * hidden_size)
    b[hidden_size: 2 * hidden_size] = forget_bias
    return LSTMParams(W_ih, W_hh, b)


def _sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def lstm_forward(params: LSTMParams, xs, *, h0=None, c0=None) -> dict:
    """Run an LSTM over ``xs`` ``(T, N, input)`` and return its states and gates.

    ``i, f, g, o = split(x_t @ W_ih.T + h_{t-1} @ W_hh.T + b)``; ``c_t = sigmoid(f) c_{t-1} + sigmoid(i)
    tanh(g)``; ``h_t = sigmoid(o) tanh(c_t)``. Returns a dict with ``h`` and ``c`` ``(T + 1, N, H)`` and the
    gate values ``input``, ``forget``, ``output`` ``(T, N, H)``. Since ``dc_T/dc_0`` along the cell path is
    ``prod_t f_t``, ``np.prod(forget, axis=0)`` measures how much of ``c_0`` survives ``T`` steps.
    """
    if not isinstance(params, LSTMParams):
        raise TypeError(f"params must be LSTMParams (see lstm_init), got {type(params).__name__}")
    hidden = params.hidden_size
    if not isinstance(xs, np.ndarray) or xs.ndim != 3 or xs.shape[2] != params.W_ih.shape[1]:
        raise ValueError(f"xs must be a numpy array (T, batch, {params.W_ih.shape[1]}), got "
                         f"{getattr(xs, 'shape', type(xs).__name__)}")
    steps, batch, _ = xs.shape
    h = np.zeros((steps + 1, batch, hidden))
    c = np.zeros((steps + 1, batch, hidden))
    if h0 is not None:
        h[0] = _matrix(h0, "h0", (batch, hidden))
    if c0 is not None:
        c[0] = _matrix(c0, "c0", (batch, hidden))
    gates = {name: np.empty((steps, batch, hidden)) for name in ("input", "forget", "output")}
    for t in range(steps):
        a = xs[t] @ params.W_ih.T + h[t] @ params.W_hh.T + params.b
        i, f, g, o = (a[:, k * hidden:(k + 1) * hidden] for k in range(4))
        i, f, o = _sigmoid(i), _sigmoid(f), _sigmoid(o)
        c[t + 1] = f * c[t] + i * np.tanh(g)
        h[t + 1] = o * np.tanh(c[t + 1])
        gates["input"][t], gates["forget"][t], gates["output"][t] = i, f, o
    return {"h": h, "c": c, **gates}
