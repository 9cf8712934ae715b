"""Embedding tables, a scaled lookup, a tied output head and positional embeddings.

An embedding table ``E`` has shape ``(vocab, d)``: row ``i`` is token ``i``'s vector (``torch.nn.Embedding``'s
layout; as an output layer it *is* a weight of PyTorch's layout ``(fan_out, fan_in) = (vocab, d)``, which is
why it can be tied). Three initial scales are common:

* ``"normal"``: ``N(0, 1)``, ``torch.nn.Embedding``'s default (``reset_parameters`` calls ``init.normal_``);
* ``"gpt2"``: ``N(0, 0.02^2)``, the ``initializer_range`` of BERT and GPT-2 (GPT-2's released TensorFlow
  code also draws its learned positional table with std 0.01);
* ``"inv_sqrt_d"``: ``N(0, 1/d)``, so that each token vector has squared norm about 1.

Vaswani et al. (2017, *Attention Is All You Need*, §3.4) multiply the embedding by ``sqrt(d_model)`` in
the input layers and share one matrix between the input embeddings and the pre-softmax linear layer
(tying, Press & Wolf 2017); their positional encodings (§3.5) are sines and cosines, entries in ``[-1, 1]``
with mean square 1/2. With a tied table the logits are ``h E^T``: for ``h`` of mean square ``q``, each
logit has variance ``d q std(E)^2``, so the table's scale sets the initial loss as well as the input's.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_int, as_real, as_rng, one_of

SCHEMES = ("normal", "gpt2", "inv_sqrt_d")


def table_std(d, scheme: str = "normal") -> float:
    """The std of an embedding table's entries under ``scheme``: 1, 0.02 or ``1/sqrt(d)``."""
    d = as_int(d, "d", minimum=1)
    one_of(scheme, "scheme", SCHEMES)
    return {"normal": 1.0, "gpt2": 0.02, "inv_sqrt_d": 1.0 / math.sqrt(d)}[scheme]


def embedding_table(vocab, d, scheme: str = "normal", *, std=None, rng=None) -> np.ndarray:
    """A ``(vocab, d)`` table with i.i.d. ``N(0, std^2)`` entries; ``std`` defaults to :func:`table_std`.

    >>> embedding_table(1000, 64, "gpt2", rng=0).std().round(3)
    np.float64(0.02)
    """
    vocab, d = as_int(vocab, "vocab", minimum=1), as_int(d, "d", minimum=1)
    std = table_std(d, scheme) if std is None else as_real(std, "std", non_negative=True)
    return as_rng(rng).normal(0.0, std, (vocab, d))


def _check_table(table) -> np.ndarray:
    table = np.asarray(table, dtype=float)
    if table.ndim != 2:
        raise ValueError(f"table must be a 2-D array of shape (vocab, d), got shape {table.shape}")
    return table


def _check_ids(ids, vocab: int) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"ids must be an integer array of token ids, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= vocab):
        raise ValueError(f"ids must be in [0, {vocab}), got values from {ids.min()} to {ids.max()}")
    return ids


def lookup(table, ids, *, multiplier=1.0) -> np.ndarray:
    """``multiplier * table[ids]``: shape ``ids.shape + (d,)``. Vaswani et al. use ``multiplier = sqrt(d)``."""
    table = _check_table(table)
    ids = _check_ids(ids, table.shape[0])
    return as_real(multiplier, "multiplier") * table[ids]


def lookup_backward(grad_out, ids, vocab, *, multiplier=1.0) -> np.ndarray:
    """The gradient of :func:`lookup` with respect to the table: rows of ``grad_out`` added at their ids.

    A token that occurs twice gets the sum of both gradients; a token that does not occur gets 0.
    """
    vocab = as_int(vocab, "vocab", minimum=1)
    ids = _check_ids(ids, vocab)
    grad_out = np.asarray(grad_out, dtype=float)
    if grad_out.shape[:-1] != ids.shape:
        raise ValueError(f"grad_out must have shape {ids.shape} + (d,), got {grad_out.shape}")
    grad = np.zeros((vocab, grad_out.shape[-1]))
    np.add.at(grad, ids.ravel(), grad_out.reshape(-1, grad_out.shape[-1]))
    return as_real(multiplier, "multiplier") * grad


def tied_logits(hidden, table) -> np.ndarray:
    """Logits of a tied output head, ``hidden @ table.T`` (shape ``(..., vocab)``): the same ``E`` as the input."""
    table = _check_table(table)
    hidden = np.asarray(hidden, dtype=float)
    if hidden.shape[-1] != table.shape[1]:
        raise ValueError(f"hidden must end in the table's width {table.shape[1]}, got shape {hidden.shape}")
    return hidden @ table.T


def sinusoidal_positions(n_positions, d) -> np.ndarray:
    """Vaswani et al.'s encoding (§3.5): ``PE[p, 2i] = sin(p / 10000^(2i/d))``, ``PE[p, 2i+1] = cos(...)``.

    Shape ``(n_positions, d)``, ``d`` even; every entry in ``[-1, 1]``, mean square 1/2 over positions.
    """
    n_positions, d = as_int(n_positions, "n_positions", minimum=1), as_int(d, "d", minimum=2)
    if d % 2:
        raise ValueError(f"d must be even for sine/cosine pairs, got {d}")
    positions = np.arange(n_positions)[:, None]
    frequencies = 10000.0 ** (-np.arange(0, d, 2) / d)
    pe = np.empty((n_positions, d))
    pe[:, 0::2] = np.sin(positions * frequencies)
    pe[:, 1::2] = np.cos(positions * frequencies)
    return pe


def learned_positions(n_positions, d, *, std=0.01, rng=None) -> np.ndarray:
    """A learned positional table ``N(0, std^2)`` of shape ``(n_positions, d)`` (GPT-2's code: std 0.01)."""
    return embedding_table(n_positions, d, std=std, rng=rng)


def rms(x) -> float:
    """Root mean square of every entry, ``sqrt(mean(x^2))``: the scale of an embedding's output."""
    return float(np.sqrt(np.mean(np.square(np.asarray(x, dtype=float)))))
