"""Softmax, log-softmax and the softmax cross-entropy loss of a classifier, with its gradient.

For logits ``z`` of shape ``(batch, C)`` and integer labels ``y`` of shape ``(batch,)`` with values in
``[0, C)``:

- ``softmax(z)_ic = exp(z_ic - m_i) / sum_k exp(z_ik - m_i)`` with ``m_i = max_k z_ik`` (subtracting the
  row maximum changes nothing mathematically and keeps every ``exp`` at most 1, so logits of 1e3 do not
  overflow);
- ``log_softmax(z)_ic = z_ic - m_i - log sum_k exp(z_ik - m_i)``;
- ``L = -(1/B) sum_i log_softmax(z)_{i, y_i}`` (the mean negative log-likelihood, as
  ``torch.nn.functional.cross_entropy`` with its default ``reduction="mean"``);
- ``dL/dz = (softmax(z) - onehot(y)) / B``.

The initial-loss check: a ``C``-class head whose logits are all equal (all zero, for example a zero last
layer with a zero bias) predicts the uniform distribution, so ``L = -log(1/C) = ln C`` exactly, whatever the
labels (``ln 10 = 2.302585...`` for the ten digits). A head that starts with large logits starts above
``ln C`` on average, confidently wrong on most examples (Karpathy, "Building makemore part 3", 2022).
"""

from __future__ import annotations

import numpy as np


def _as_logits(logits, name: str = "logits", *, ndim: int | None = None) -> np.ndarray:
    array = np.asarray(logits)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    array = array.astype(float, copy=False)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a 2-D array of shape (batch, n_classes), got shape {array.shape}")
    if array.ndim < 1 or array.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one class along its last axis, got shape {array.shape}")
    return array


def as_labels(labels, n_classes: int | None = None, batch: int | None = None, name: str = "labels") -> np.ndarray:
    """Integer class labels as an int64 array of shape ``(batch,)`` with values in ``[0, n_classes)``.

    Raises ``TypeError`` for non-integer labels (floats, bools) and ``ValueError`` for a wrong shape or an
    out-of-range label, naming ``name``.
    """
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an array of integer class indices, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (batch,), got shape {array.shape}")
    if batch is not None and array.shape[0] != batch:
        raise ValueError(f"{name} must have one label per row of logits ({batch}), got {array.shape[0]}")
    if array.size and n_classes is not None and (array.min() < 0 or array.max() >= n_classes):
        bad = array[(array < 0) | (array >= n_classes)][0]
        raise ValueError(f"{name} must lie in [0, {n_classes}) (one per class of the logits), got {bad}")
    return array.astype(np.int64, copy=False)


def _check_pair(logits, labels) -> tuple[np.ndarray, np.ndarray]:
    z = _as_logits(logits, ndim=2)
    if z.shape[0] == 0:
        raise ValueError("logits must hold at least one row (batch >= 1), got shape (0, C)")
    y = as_labels(labels, n_classes=z.shape[1], batch=z.shape[0])
    return z, y


def softmax(logits) -> np.ndarray:
    """``exp(z - max z) / sum exp(z - max z)`` along the last axis (rows sum to 1; stable for large logits)."""
    z = _as_logits(logits)
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(logits) -> np.ndarray:
    """``z - m - log sum_k exp(z_k - m)`` along the last axis, ``m = max_k z_k`` (stable for large logits)."""
    z = _as_logits(logits)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def cross_entropy(logits, labels) -> float:
    """``L = -(1/B) sum_i log softmax(z)_{i, y_i}``: the mean negative log-likelihood of the labels.

    ``logits`` has shape ``(batch, C)``, ``labels`` integer shape ``(batch,)`` in ``[0, C)``. Equal logits
    (a zero head) give exactly ``ln C``. Non-finite logits are allowed and give a non-finite loss (the
    trainer uses that to detect divergence).
    """
    z, y = _check_pair(logits, labels)
    return float(-log_softmax(z)[np.arange(z.shape[0]), y].mean())


def softmax_cross_entropy(logits, labels) -> tuple[float, np.ndarray]:
    """The loss ``L`` of :func:`cross_entropy` and its gradient ``dL/dz = (softmax(z) - onehot(y)) / B``.

    One pass: the shifted exponentials serve both the log-sum-exp of the loss and the softmax of the
    gradient. The gradient's rows each sum to zero (softmax and one-hot both sum to one).
    """
    z, y = _check_pair(logits, labels)
    batch = z.shape[0]
    rows = np.arange(batch)
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(total[:, 0]) - shifted[rows, y]))
    grad = e / total
    grad[rows, y] -= 1.0
    grad /= batch
    return loss, grad


def accuracy(logits, labels) -> float:
    """The fraction of rows whose largest logit is the label's (ties go to the lowest class index)."""
    z, y = _check_pair(logits, labels)
    return float(np.mean(np.argmax(z, axis=1) == y))
