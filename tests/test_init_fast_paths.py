"""The fast paths of course_lib.init: float64 draws bit for bit what they were, the new paths the right law.

float64 (what every notebook prints) must not move by one bit: ``orthogonal`` below
``ORTHOGONAL_STEWART_MIN`` calls NumPy's LAPACK gufuncs without ``numpy.linalg.qr``'s copies, so it is
compared here with that textbook construction (``numpy.linalg.qr`` of the Gaussian draws, the sign fix,
the gain). float32 draws single precision directly (Box-Muller normals, truncated normals by rejection,
uniforms) and builds orthogonal matrices from Householder vectors drawn directly (Stewart, 1980), as
float64 does from ``min(rows, cols) >= 512``: the values differ, the distribution must not.

False-fail probabilities of the statistical tests (each test's checks added, union bound): z-tests at 5.5
standard errors (two-sided 3.8e-8 each, normal approximation of means of >= 6000 values); Kolmogorov-Smirnov
distances against ``2.9 / sqrt(n)``, which by the Dvoretzky-Kiefer-Wolfowitz-Massart inequality
``P(D_n > e) <= 2 exp(-2 n e**2)`` a correct sampler exceeds with probability below 1e-7 at any n; the
sample variance of n normal values at 6 standard errors ``sqrt(2 / n)`` (2e-9). Every test below that uses
them stays under 4e-7 < 1e-6.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from scipy import stats
from threadpoolctl import threadpool_limits

from course_lib import _fill
from course_lib import init as cinit
from course_lib._validation import as_rng

Z = 5.5  # standard errors: two-sided 3.8e-8


def ks_bound(n: int) -> float:
    """The KS distance a correct sampler of n values exceeds with probability below 1e-7 (DKW-Massart)."""
    return 2.9 / math.sqrt(n)  # 2 exp(-2 * 2.9**2) = 9.9e-8


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


# --------------------------------------------------------------------------- reproducibility, thread counts
FILLS = {
    "normal f32": lambda: cinit.normal((1000, 1001), 0.5, 2.0, rng=3, dtype=np.float32),
    "kaiming_normal f32": lambda: cinit.kaiming_normal((256, 128, 3, 3), rng=3, dtype=np.float32),
    "trunc_normal f32": lambda: cinit.trunc_normal((1000, 1000), std=0.02, rng=3, dtype=np.float32),
    "trunc_normal f32 tail": lambda: cinit.trunc_normal((300, 300), 0.0, 1.0, 3.0, 4.0, rng=3, dtype=np.float32),
    "variance_scaling truncated f32": lambda: cinit.variance_scaling((500, 400), distribution="truncated_normal",
                                                                     rng=3, dtype=np.float32),
    "orthogonal f32": lambda: cinit.orthogonal((600, 900), 1.5, rng=3, dtype=np.float32),
    "orthogonal f64 stewart": lambda: cinit.orthogonal((900, 600), 1.5, rng=3),
}

SHAPES = {"normal f32": (1000, 1001), "kaiming_normal f32": (256, 128, 3, 3), "trunc_normal f32": (1000, 1000),
          "trunc_normal f32 tail": (300, 300), "variance_scaling truncated f32": (500, 400),
          "orthogonal f32": (600, 900), "orthogonal f64 stewart": (900, 600)}


@pytest.mark.parametrize("name", sorted(FILLS))
def test_same_seed_same_values_whatever_the_thread_count(name):
    """The main thread or another one, 1 or 2 BLAS threads: the same values for the same seed, shape, dtype.

    The fills are bit for bit the same. orthogonal's LAPACK (OpenBLAS) rounds some sums in another order
    with 2 threads than with 1 (the float64 QR route did so already): bit for bit at a given BLAS thread
    count, within a few ulps across counts."""
    fill = FILLS[name]
    with threadpool_limits(limits=1, user_api="blas"):
        one = fill()
        other = []
        worker = threading.Thread(target=lambda: other.append(fill()))
        worker.start()
        worker.join()
    with threadpool_limits(limits=2, user_api="blas"):
        two = fill()
    assert one.dtype == two.dtype == other[0].dtype and one.tobytes() == other[0].tobytes(), name
    if name.startswith("orthogonal"):
        np.testing.assert_allclose(two, one, rtol=0, atol=20 * np.finfo(one.dtype).eps, err_msg=name)
    else:
        assert one.tobytes() == two.tobytes(), name


@pytest.mark.parametrize("name", sorted(FILLS))
def test_fast_paths_preserve_the_dtype_and_shape(name):
    value = FILLS[name]()
    expected = np.float64 if name.endswith("f64 stewart") else np.float32
    assert value.dtype == expected and np.isfinite(value).all(), name
    assert value.shape == SHAPES[name], name


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 1000])
def test_box_muller_sizes_and_generator_position(size):
    """Odd sizes drop the last sine; the generator ends where 2 * ceil(size / 2) float32 uniforms leave it."""
    ours, reference = np.random.default_rng(9), np.random.default_rng(9)
    values = _fill.normal_float32(size, 0.0, 1.0, ours)
    reference.random(2 * ((size + 1) // 2), dtype=np.float32)
    assert values.shape == (size,) and values.dtype == np.float32
    assert ours.random() == reference.random()
    if size:
        assert np.abs(values).max() <= 5.78  # sqrt(-2 log 2**-24) = 5.768: the largest |z| Box-Muller reaches


def test_box_muller_rejects_bad_arguments():
    with pytest.raises(ValueError, match="size"):
        _fill.normal_float32(-1, 0.0, 1.0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        _fill.normal_float32(4, 0.0, 1.0, 0)


# --------------------------------------------------------------------------- laws of the float32 draws
def test_float32_normal_is_the_normal_law():
    """Mean (z-test), variance (6 standard errors) and KS against N(0.5, 4): false fail below 2e-7."""
    x = cinit.normal((1000, 1000), 0.5, 2.0, rng=21, dtype=np.float32).astype(np.float64).ravel()
    n = x.size
    assert abs(x.mean() - 0.5) < Z * 2.0 / math.sqrt(n)
    assert abs(x.var() / 4.0 - 1.0) < 6 * math.sqrt(2 / n)
    assert stats.kstest(x, stats.norm(0.5, 2.0).cdf).statistic < ks_bound(n)


def test_float32_normal_detects_a_wrong_law():
    """Power of the KS bound: Box-Muller without the radius's square root is far from normal."""
    rng = np.random.default_rng(22)
    u = rng.random((2, 100_000))
    wrong = -2 * np.log(1 - u[0]) * np.cos(2 * np.pi * u[1])
    assert stats.kstest(wrong, stats.norm(0, wrong.std()).cdf).statistic > ks_bound(wrong.size)


@pytest.mark.parametrize("mean, std, a, b", [(0.0, 1.0, -1.0, 2.0), (0.0, 1.0, 3.0, 4.0), (1.0, 0.5, -math.inf, 1.2)])
def test_float32_trunc_normal_is_the_truncated_law(mean, std, a, b):
    """Inside [a, b], mean (z-test) and KS against scipy's truncnorm: false fail below 2e-7.
    (3, 4) holds 0.1 % of the mass: the float64 tail sampler, cast; the others reject float32 Box-Muller."""
    x = cinit.trunc_normal((400, 500), mean, std, a, b, rng=23, dtype=np.float32)
    assert x.dtype == np.float32
    x = x.astype(np.float64).ravel()
    assert x.min() >= a and x.max() <= b
    law = stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std)
    assert abs(x.mean() - law.mean()) < Z * law.std() / math.sqrt(x.size)
    assert stats.kstest(x, law.cdf).statistic < ks_bound(x.size)


def test_float32_variance_scaling_truncated_has_the_variance():
    """JAX's convention: Var = scale / n after the 2-sigma truncation; the variance's standard error from
    the truncated law's fourth moment; 5.5 standard errors (3.8e-8), KS below 1e-7 (together below 2e-7)."""
    x = cinit.variance_scaling((500, 400), scale=2.0, distribution="truncated_normal", rng=24, dtype=np.float32)
    x = x.astype(np.float64).ravel()
    sigma = math.sqrt(2.0 / 400) / cinit._TRUNCATED_STD_2SIGMA
    law = stats.truncnorm(-2.0, 2.0, scale=sigma)
    variance_se = math.sqrt((law.moment(4) - law.var() ** 2) / x.size)
    assert abs(x.var() - 2.0 / 400) < Z * variance_se
    assert stats.kstest(x, law.cdf).statistic < ks_bound(x.size)


# --------------------------------------------------------------------------- Stewart's construction in float64
def test_float64_below_the_threshold_is_still_the_textbook_qr():
    shape = (cinit.ORTHOGONAL_STEWART_MIN - 1, 700)
    assert cinit.orthogonal(shape, rng=8).tobytes() == textbook_orthogonal(shape, rng=8).tobytes()


@pytest.mark.parametrize("shape", [(512, 512), (512, 700), (700, 512), (512, 32, 4, 4)])
def test_float64_stewart_is_orthonormal_and_reproducible(shape):
    w = cinit.orthogonal(shape, 2.0, rng=5)
    assert w.dtype == np.float64 and w.shape == shape
    m = w.reshape(shape[0], -1)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(m.shape)), rtol=0, atol=1e-12)
    assert w.tobytes() == cinit.orthogonal(shape, 2.0, rng=5).tobytes()
    assert w.tobytes() != textbook_orthogonal(shape, 2.0, rng=5).tobytes(), "large float64 takes Stewart's route"


def test_float64_stewart_is_haar(monkeypatch):
    """Stewart's construction in float64 (threshold lowered to reach it on O(3)): E[q_ij^2] = 1/3, det = +-1
    with probability 1/2, an entry uniform on [-1, 1]; z at 5.5, KS under 1e-7: false fail below 2e-7."""
    monkeypatch.setattr(cinit, "ORTHOGONAL_STEWART_MIN", 1)
    rng = np.random.default_rng(13)
    samples = 6000
    q = np.array([cinit.orthogonal((3, 3), rng=rng) for _ in range(samples)])
    assert q.tobytes() != np.array([textbook_orthogonal((3, 3), rng=13)]).tobytes()
    first = q[:, 0, 0] ** 2  # one entry per matrix: independent draws, E = 1/3, Var = 4/45
    assert abs(first.mean() - 1 / 3) < Z * math.sqrt(4 / 45 / samples)
    positive = np.mean(np.linalg.det(q) > 0)
    assert abs(positive - 0.5) < Z * 0.5 / math.sqrt(samples)
    assert stats.kstest(q[:, 1, 2], stats.uniform(-1, 2).cdf).statistic < ks_bound(samples)
