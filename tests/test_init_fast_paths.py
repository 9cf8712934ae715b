"""The fast paths of course_lib.init: float64 draws bit for bit what they were, float32 draws the right law.

float64 (what every notebook prints) must not move by one bit: ``orthogonal`` now calls NumPy's LAPACK
gufuncs without ``numpy.linalg.qr``'s copies, so it is compared here with that textbook construction
(``numpy.linalg.qr`` of the Gaussian draws, the sign fix, the gain). float32 draws single precision
directly (normal, uniform) and builds orthogonal matrices from Householder vectors drawn directly
(Stewart, 1980): the values differ from float64's, the distribution must not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import init as cinit
from course_lib._validation import as_rng


def textbook_orthogonal(shape, gain=1.0, rng=None):
    """The Haar construction as written before the fast path: QR of the draws, sign fix, gain."""
    rng = as_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    gaussian = rng.standard_normal((rows, cols))
    if rows < cols:
        gaussian = gaussian.T
    q, r = np.linalg.qr(gaussian)
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0
    q = q * signs
    if rows < cols:
        q = q.T
    return (gain * q).reshape(shape)


@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (3, 5), (5, 3), (64, 64), (300, 500), (500, 300), (32, 16, 3, 3),
                                   (7, 1), (1, 7)])
@pytest.mark.parametrize("gain", [1.0, math.sqrt(2), -0.5, 0.0])
def test_float64_orthogonal_is_bit_for_bit_the_textbook_construction(shape, gain):
    for seed in (0, 1, 2024):
        ours = cinit.orthogonal(shape, gain, rng=seed)
        assert ours.dtype == np.float64 and ours.shape == shape
        assert ours.tobytes() == textbook_orthogonal(shape, gain, seed).tobytes(), (shape, gain, seed)


def test_float64_draws_leave_the_generator_where_the_textbook_construction_does():
    ours, theirs = np.random.default_rng(5), np.random.default_rng(5)
    cinit.orthogonal((40, 60), rng=ours)
    textbook_orthogonal((40, 60), rng=theirs)
    assert ours.standard_normal() == theirs.standard_normal()


@pytest.mark.parametrize("shape", [(20, 30), (30, 20), (64, 64), (16, 8, 3, 3), (1, 9), (9, 1)])
def test_float32_orthogonal_is_orthonormal_to_float32_precision(shape):
    w = cinit.orthogonal(shape, 2.0, rng=3, dtype=np.float32)
    assert w.dtype == np.float32 and w.shape == shape
    m = w.reshape(shape[0], -1).astype(np.float64)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(m.shape)), rtol=0, atol=4e-6)
    assert np.array_equal(w, cinit.orthogonal(shape, 2.0, rng=3, dtype=np.float32)), "same seed, same matrix"


def test_float32_orthogonal_is_haar():
    """Haar on O(3): E[q_ij^2] = 1/3, det = +1 or -1 with probability 1/2 each, and the law of an entry
    (density proportional to (1 - x^2)^0 on [-1, 1] for n = 3: uniform) -- at 5 standard errors."""
    rng = np.random.default_rng(11)
    n, samples = 3, 6000
    q = np.array([cinit.orthogonal((n, n), rng=rng, dtype=np.float32) for _ in range(samples)], dtype=np.float64)
    squares = q**2
    assert abs(squares.mean() - 1 / n) < 5 * squares.std() / math.sqrt(squares.size)
    positive = np.mean(np.linalg.det(q) > 0)
    assert abs(positive - 0.5) < 5 * 0.5 / math.sqrt(samples)
    entry = np.sort(q[:, 1, 2])
    uniform = (np.arange(1, samples + 1) - 0.5) / samples  # for n = 3 an entry is uniform on [-1, 1]
    assert np.abs((entry + 1) / 2 - uniform).max() < 2.45 / math.sqrt(samples)  # Kolmogorov-Smirnov: p about 1e-5


@pytest.mark.parametrize("name, fn, std", [
    ("normal", lambda rng: cinit.normal((400, 500), 0.5, 2.0, rng=rng, dtype=np.float32), 2.0),
    ("kaiming_normal", lambda rng: cinit.kaiming_normal((400, 500), rng=rng, dtype=np.float32), math.sqrt(2 / 500)),
    ("uniform", lambda rng: cinit.uniform((400, 500), -1.0, 3.0, rng=rng, dtype=np.float32), 4 / math.sqrt(12)),
    ("xavier_uniform", lambda rng: cinit.xavier_uniform((400, 500), rng=rng, dtype=np.float32), math.sqrt(2 / 900)),
])
def test_float32_draws_are_single_precision_with_the_right_moments(name, fn, std):
    w = fn(0)
    assert w.dtype == np.float32 and np.array_equal(w, fn(0)), f"{name}: float32 and reproducible"
    x = w.astype(np.float64)
    assert x.std() == pytest.approx(std, rel=0.01), name  # 200 000 draws: the std's error is about 0.2 %
    mean = {"normal": 0.5, "uniform": 1.0}.get(name, 0.0)
    assert abs(x.mean() - mean) < 5 * std / math.sqrt(x.size), name
    if name == "uniform":
        assert x.min() >= -1.0 and x.max() <= 3.0
