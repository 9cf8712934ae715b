"""What a random square layer does to a batch, sampled exactly without drawing the ``n x n`` matrix.

A signal-propagation experiment only ever applies a layer's weights ``W`` (``n x n``) to a batch of
``B`` vectors: forward ``Z = W H`` (``H`` is ``n x B``, one input per column) and, with the *same*
``W``, backward ``W^T Delta``. When ``B << n`` the pair can be sampled from its exact joint
distribution at cost ``O(n B^2)`` instead of the ``O(n^2)`` of drawing ``W``. The code stores
batches as rows (``x = H^T``, a layer computes ``x @ W.T``); the derivations use columns.

**Gaussian weights**, ``W_ij`` i.i.d. ``N(0, s^2)``, independent of ``H``.

*Forward.* Factor ``H = Q R`` (thin QR, ``Q`` is ``n x k`` with orthonormal columns, ``k = min(n, B)``)
and complete ``Q`` to an orthogonal ``[Q, Q_perp]``. Each row of ``W`` is ``N(0, s^2 I)``, and an
orthogonal change of basis keeps it so, so ``A = W Q`` and ``C = W Q_perp`` have i.i.d. ``N(0, s^2)``
entries and are independent of each other and of ``H``. Draw ``A = s G`` (``G`` standard normal,
``n x k``) and return ``Z = W H = A R``.

*Backward.* ``W = A Q^T + C Q_perp^T``, so ``W^T Delta = Q (A^T Delta) + Q_perp (C^T Delta)``. In a
stack, ``Delta`` (the gradient at this layer's pre-activations) depends on ``W`` only through
``Z = A R`` (every later layer sees this one through ``Z``) and otherwise on independent draws, so
``C`` is independent of ``(A, Delta, H)``. Given those, the rows of ``C^T Delta`` are i.i.d.
``N(0, s^2 Delta^T Delta)``; with ``Delta = U S`` (thin QR) that is the law of ``s E S`` with ``E``
standard normal. Finally ``Q_perp E`` has the law of ``(I - Q Q^T) F`` with ``F`` an ``n x k'``
standard normal (``Q_perp^T F`` is standard normal), ``k' = min(n, B)``. Hence, exactly in law
and jointly with the forward product::

    W^T Delta  =  Q (A^T Delta)  +  s (F - Q (Q^T F)) S.

The first term carries the correlation between forward and backward products (both use ``A``);
dropping it, or drawing a fresh ``A``, is the classic bug this module's tests catch.

**Haar-orthogonal weights**, ``W = c O`` with ``O`` uniform on the orthogonal group (``c = 1`` for
``init.orthogonal``), needs ``2 B <= n``.

*Forward.* ``V = O Q`` is a uniformly random ``n x k`` frame (orthonormal columns): left invariance
of the Haar measure. Sample it as the Q factor of an ``n x k`` standard normal matrix with its columns'
signs fixed by ``R``'s diagonal (Mezzadri, 2007); return ``Z = c V R``.

*Backward.* ``O^T Delta = Q (V^T Delta) + Q_perp (O Q_perp)^T Delta``. Given ``V``, ``O Q_perp`` is
``V_perp Theta`` with ``V_perp`` a basis of ``span(V)^perp`` and ``Theta`` Haar on ``O(n - k)``,
independent of ``V`` and hence of ``Delta``. With ``y = V_perp^T Delta = U_y S_y`` (``U_y`` orthonormal,
``B <= n - k`` columns), ``Theta^T y = (Theta^T U_y) S_y`` and ``Theta^T U_y`` is a uniform frame in
``R^(n-k)``, independent of ``S_y``; mapped by ``Q_perp`` it is a uniform ``B``-frame ``Psi`` of
``span(Q)^perp``: the sign-fixed Q factor of ``(I - Q Q^T) F``. Any ``S_y`` with
``S_y^T S_y = y^T y = Delta^T (I - V V^T) Delta`` will do: the R factor of ``Delta - V (V^T Delta)``.
So ``O^T Delta = Q (V^T Delta) + Psi S_y``, times ``c``.

**Uniform weights** (``U(-a, a)``) have no such shortcut: ``W H`` is a sum of ``n`` uniform terms per
entry, not Gaussian for small ``n``. :class:`GaussianAction` with the same variance is then a
*surrogate*, exact in the second moments given ``H`` (``E[(w^T h)^2] = s^2 |h|^2`` for any zero-mean
i.i.d. weights) and off by ``O(1/n)`` in the higher cumulants; callers must say so.
:class:`DenseAction` wraps an actual matrix for the exact dense computation.

Cost per layer: two (Gaussian) or four (orthogonal) thin QRs of ``n x B`` matrices and a few
``n x B`` by ``B x B`` products, ``O(n B^2)``; the dense way draws ``n^2`` numbers.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_int, as_real, as_rng
from .activations import get_activation


def _thin_qr(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``matrix = Q R`` with ``Q`` (``n x min(n, m)``) orthonormal columns (also when ``matrix`` is rank deficient)."""
    return np.linalg.qr(matrix, mode="reduced")


def _r_factor(matrix: np.ndarray) -> np.ndarray:
    """The ``R`` of :func:`_thin_qr` alone (the same LAPACK factorization, without forming ``Q``)."""
    return np.linalg.qr(matrix, mode="r")


def haar_frame(matrix: np.ndarray) -> np.ndarray:
    """The Q factor of ``matrix`` with each column's sign fixed so that ``R`` has a non-negative diagonal.

    For a standard normal ``n x k`` ``matrix`` (``k <= n``) this is uniform on the frames of ``k``
    orthonormal vectors in ``R^n`` (Mezzadri, 2007), as :func:`course_lib.init.orthogonal` does.
    """
    q, r = _thin_qr(matrix)
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0
    return q * signs


def _batch_columns(x, width: int, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != width:
        raise ValueError(f"{name} must have shape (batch, {width}), got {x.shape}")
    return x.T


class _SampledAction:
    """Shared checks: ``forward(x)`` once, then ``backward(delta)`` once, on batches of the same size."""

    def __init__(self, width, scale, rng):
        self.width = as_int(width, "width", minimum=1)
        self.scale = as_real(scale, "scale", non_negative=True)
        self.rng = as_rng(rng)
        self._q = None

    def _check_backward(self, delta) -> np.ndarray:
        if self._q is None:
            raise RuntimeError("call forward(x) before backward(delta)")
        columns = _batch_columns(delta, self.width, "delta")
        if columns.shape[1] != self._batch:
            raise ValueError(f"delta must have the forward batch's shape ({self._batch}, {self.width}), "
                             f"got {columns.T.shape}")
        return columns


class GaussianAction(_SampledAction):
    """One ``width x width`` matrix with i.i.d. ``N(0, scale^2)`` entries, seen only through its action.

    ``forward(x)`` returns a sample of ``x @ W.T``; ``backward(delta)`` then returns ``delta @ W`` for
    the *same* ``W``, jointly exact in law (module docstring). ``rng`` supplies every draw.
    """

    def forward(self, x) -> np.ndarray:
        h = _batch_columns(x, self.width, "x")
        self._batch = h.shape[1]
        self._q, r = _thin_qr(h)
        self._a = self.scale * self.rng.standard_normal(self._q.shape)  # A = W Q
        return (self._a @ r).T

    def backward(self, delta) -> np.ndarray:
        d = self._check_backward(delta)
        q, a = self._q, self._a
        s = _r_factor(d)
        f = self.rng.standard_normal((self.width, s.shape[0]))
        outside = (f - q @ (q.T @ f)) @ s  # (I - Q Q^T) F S: the part of W^T Delta off span(Q)
        return (q @ (a.T @ d) + self.scale * outside).T


class OrthogonalAction(_SampledAction):
    """``scale`` times a Haar-random orthogonal ``width x width`` matrix, seen only through its action.

    Exact in law like :class:`GaussianAction`; needs ``2 * batch <= width`` (module docstring).
    """

    def forward(self, x) -> np.ndarray:
        h = _batch_columns(x, self.width, "x")
        batch = h.shape[1]
        if 2 * batch > self.width:
            raise ValueError(f"x must have at most width / 2 = {self.width // 2} rows for the orthogonal "
                             f"low-rank sampler, got {batch}")
        self._batch = batch
        self._q, r = _thin_qr(h)
        self._v = haar_frame(self.rng.standard_normal(self._q.shape))  # V = O Q
        return (self.scale * (self._v @ r)).T

    def backward(self, delta) -> np.ndarray:
        d = self._check_backward(delta)
        q, v = self._q, self._v
        inside = v.T @ d
        s = _r_factor(d - v @ inside)  # S^T S = Delta^T (I - V V^T) Delta
        f = self.rng.standard_normal((self.width, s.shape[0]))
        psi = haar_frame(f - q @ (q.T @ f))  # a uniform frame of span(Q)^perp
        return (self.scale * (q @ inside + psi @ s)).T


class DenseAction:
    """An actual matrix ``W`` behind the same interface: ``forward(x) = x @ W.T``, ``backward(delta) = delta @ W``."""

    def __init__(self, weight):
        self.weight = np.asarray(weight, dtype=float)
        if self.weight.ndim != 2:
            raise ValueError(f"weight must be a 2-D array, got shape {self.weight.shape}")

    def forward(self, x) -> np.ndarray:
        return np.asarray(x, dtype=float) @ self.weight.T

    def backward(self, delta) -> np.ndarray:
        return np.asarray(delta, dtype=float) @ self.weight


def run_stack(actions, activation, x, grad_output) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Forward ``x`` through ``z_l = h_{l-1} W_l^T``, ``h_l = phi(z_l)``, then backpropagate ``dL/dh_L``.

    ``actions`` are the layers (objects with ``forward`` and ``backward``, such as the classes above),
    with zero biases and ``activation`` after every layer, as :class:`course_lib.nets.MLP` with
    ``output_activation=None``. Returns the pre-activations ``[z_1 .. z_L]`` and the gradients
    ``[dL/dh_0 .. dL/dh_{L-1}]``.
    """
    act = get_activation(activation)
    if not actions:
        raise ValueError("actions must hold at least one layer")
    pre = []
    h = np.asarray(x, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        for action in actions:
            z = action.forward(h)
            pre.append(z)
            h = act.f(z)
        g = np.asarray(grad_output, dtype=float)
        if g.shape != h.shape:
            raise ValueError(f"grad_output must have the output's shape {h.shape}, got {g.shape}")
        grads = [None] * len(actions)
        for layer in reversed(range(len(actions))):
            g = actions[layer].backward(g * act.df(pre[layer]))
            grads[layer] = g
    return pre, grads
