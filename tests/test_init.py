"""NumPy-only tests of course_lib.init, course_lib.fans and course_lib.gain.

Statistical checks follow the course's rule: a correct implementation fails with probability below 1e-6
per test. A Kolmogorov-Smirnov test rejects when p < 1e-7; a z-statistic rejects when |z| > 6 (normal tail
2e-9; the second moment of n >= 100_000 i.i.d. values is very close to normal). A test making k such
checks fails with probability below k * 1.1e-7. Seeds are fixed, so the suite is deterministic anyway.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import stats

import course_lib
from course_lib import fans
from course_lib import init as cinit
from course_lib._validation import as_rng
from course_lib.gain import NONLINEARITIES, calculate_gain

KS_ALPHA = 1e-7
Z_MAX = 6.0

SHAPES = [(300, 500), (64, 3, 5, 5), (16, 8, 3), (8, 4, 3, 3, 3)]

# Every initializer that draws, as f(shape, rng=..., dtype=...).
RANDOM_INITIALIZERS = {
    "xavier_uniform": cinit.xavier_uniform,
    "xavier_normal": cinit.xavier_normal,
    "kaiming_uniform": cinit.kaiming_uniform,
    "kaiming_normal": cinit.kaiming_normal,
    "lecun_uniform": cinit.lecun_uniform,
    "lecun_normal": cinit.lecun_normal,
    "orthogonal": cinit.orthogonal,
    "trunc_normal": cinit.trunc_normal,
    "uniform": cinit.uniform,
    "normal": cinit.normal,
    "variance_scaling": cinit.variance_scaling,
    "variance_scaling-uniform": lambda s, **kw: cinit.variance_scaling(s, distribution="uniform", **kw),
    "variance_scaling-truncated": lambda s, **kw: cinit.variance_scaling(s, distribution="truncated_normal", **kw),
}
CONSTANT_INITIALIZERS = {
    "zeros": cinit.zeros,
    "ones": cinit.ones,
    "constant": lambda s, **kw: cinit.constant(s, 0.5, **kw),
}
ALL_INITIALIZERS = {**RANDOM_INITIALIZERS, **CONSTANT_INITIALIZERS}


def _fans_by_numel(shape):
    """torch's convention stated another way: fan_in = numel / shape[0], fan_out = numel / shape[1]."""
    numel = math.prod(shape)
    return numel // shape[0], numel // shape[1]


def _draw(fn, shape, n_min, seed, **kwargs):
    rng = np.random.default_rng(seed)
    chunks, total = [], 0
    while total < n_min:
        chunks.append(fn(shape, rng=rng, **kwargs).ravel())
        total += chunks[-1].size
    return np.concatenate(chunks)


def _z_second_moment(x, target_var, kurtosis):
    """z of mean(x^2) for zero-mean i.i.d. x: Var(mean(x^2)) = (kurtosis - 1) * target_var^2 / n."""
    return (np.mean(x * x) / target_var - 1) / math.sqrt((kurtosis - 1) / x.size)


def _z_mean(x, target_var):
    return x.mean() / math.sqrt(target_var / x.size)


# --------------------------------------------------------------------------- fans


@pytest.mark.parametrize("shape", [*SHAPES, (7, 2), (2, 7), (1, 1), (3, 4, 1, 1), (6, 2, 0)])
def test_fan_in_and_fan_out_follow_torchs_convention(shape):
    assert fans.fan_in_and_fan_out(shape) == _fans_by_numel(shape)


def test_fans_with_a_zero_dimension():
    assert fans.fan_in_and_fan_out((5, 0, 3)) == (0, fans.fan_in_and_fan_out((5, 1, 3))[1])
    assert fans.fan_in_and_fan_out((0, 4)) == (4, 0)


def test_fan_in_and_fan_out_of_a_linear_weight_is_columns_then_rows():
    # nn.Linear(in_features=500, out_features=300).weight has shape (300, 500): fan_in is the input size
    w = np.empty((300, 500))
    fan_in, fan_out = fans.fan_in_and_fan_out(w.shape)
    assert (fan_in, fan_out) == (w.shape[1], w.shape[0])


@pytest.mark.parametrize("shape", [(64, 3, 5, 5), (16, 8, 3), (8, 4, 3, 3, 3)])
def test_conv_fans_multiply_by_the_receptive_field(shape):
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = fans.fan_in_and_fan_out(shape)
    assert fan_in == shape[1] * receptive_field and fan_out == shape[0] * receptive_field
    assert isinstance(fan_in, int) and isinstance(fan_out, int)


def test_fans_accept_numpy_shapes_and_integers():
    assert fans.fan_in_and_fan_out(np.array([4, 6, 3])) == fans.fan_in_and_fan_out((4, 6, 3))
    assert fans.fan_in_and_fan_out((np.int64(4), np.int32(6))) == fans.fan_in_and_fan_out((4, 6))
    assert course_lib.fan_in_and_fan_out is fans.fan_in_and_fan_out


@pytest.mark.parametrize("shape", [(), (5,), 5, np.int64(5)])
def test_fans_of_0d_and_1d_shapes_raise(shape):
    with pytest.raises(ValueError, match=r"\bshape\b.*at least 2 dimensions"):
        fans.fan_in_and_fan_out(shape)


@pytest.mark.parametrize("shape", [(300, 500), (64, 3, 5, 5)])
def test_fan_modes(shape):
    fan_in, fan_out = fans.fan_in_and_fan_out(shape)
    assert fans.fan(shape, "fan_in") == fan_in
    assert fans.fan(shape, "fan_out") == fan_out
    assert fans.fan(shape, "fan_avg") == (fan_in + fan_out) / 2
    assert fans.fan(shape) == fan_in


# --------------------------------------------------------------------------- gain


def test_calculate_gain_table():
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                 "conv_transpose3d", "sigmoid"):
        assert calculate_gain(name) == 1.0
    assert calculate_gain("tanh") == 5.0 / 3
    assert calculate_gain("relu") == math.sqrt(2.0)
    assert calculate_gain("selu") == 3.0 / 4
    assert calculate_gain("leaky_relu") == math.sqrt(2.0 / (1 + 0.01**2))  # torch's default slope 0.01
    for slope in (0, 0.2, math.sqrt(5), 1, -0.3):
        assert calculate_gain("leaky_relu", slope) == math.sqrt(2.0 / (1 + slope**2))
    assert calculate_gain("leaky_relu", 1) == 1.0  # slope 1 is the identity
    assert set(NONLINEARITIES) >= {"linear", "tanh", "relu", "leaky_relu", "selu", "sigmoid"}


# --------------------------------------------------------------------------- orthogonal


def _gram(w):
    flat = w.reshape(w.shape[0], -1)
    return flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat


@pytest.mark.parametrize("gain", [1.0, 0.5, math.sqrt(2), -1.0])
@pytest.mark.parametrize("shape", [(7, 7), (1, 5), (5, 1), (30, 50), (50, 30), (64, 3, 5, 5), (16, 8, 3),
                                   (8, 4, 3, 3, 3), (2, 64, 3, 3), (200, 2, 3)])
def test_orthogonal_is_exactly_orthonormal_times_gain(shape, gain):
    """Rows orthonormal when rows <= cols (after flattening to (shape[0], prod(shape[1:]))), columns otherwise."""
    w = cinit.orthogonal(shape, gain, rng=3)
    assert w.shape == shape and w.dtype == np.float64
    gram = _gram(w)
    assert gram.shape[0] == min(shape[0], math.prod(shape[1:]))
    np.testing.assert_allclose(gram, gain**2 * np.eye(gram.shape[0]), rtol=0, atol=1e-12)
    # hence the entries' mean square is exactly gain^2 / max(rows, cols)
    assert np.mean(w**2) == pytest.approx(gain**2 / max(shape[0], math.prod(shape[1:])), rel=1e-12)


@pytest.mark.parametrize("shape", [(300, 500), (500, 300)])
def test_orthogonal_linear_layer_shapes(shape):
    w = cinit.orthogonal(shape, rng=4)
    np.testing.assert_allclose(_gram(w), np.eye(min(shape)), rtol=0, atol=1e-12)


def test_orthogonal_float32():
    w = cinit.orthogonal((20, 30), rng=0, dtype=np.float32)
    assert w.dtype == np.float32
    np.testing.assert_allclose(_gram(w.astype(np.float64)), np.eye(20), atol=1e-6)


def test_orthogonal_of_an_empty_shape_is_empty():
    assert cinit.orthogonal((0, 4), rng=0).shape == (0, 4)
    assert cinit.orthogonal((3, 0, 2), rng=0).shape == (3, 0, 2)


def _orthogonal_without_sign_fix(shape, rng):
    """The deliberate mistake: Q of a Gaussian matrix's QR, without multiplying by sign(diag(R))."""
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    q, _ = np.linalg.qr(a.T if rows < cols else a)
    return (q.T if rows < cols else q).reshape(shape)


def _correct(shape, rng):
    return cinit.orthogonal(shape, rng=rng)


N_HAAR = 20_000


def _haar_2x2_statistics(draw, seed):
    rng = np.random.default_rng(seed)
    mats = np.array([draw((2, 2), rng) for _ in range(N_HAAR)])
    angle = np.arctan2(mats[:, 1, 0], mats[:, 0, 0])  # rotation angle of the first column
    det = np.linalg.det(mats)
    return angle, det


def _angle_p_value(angle):
    """KS test of the angles against U(-pi, pi]: Haar measure on O(2) rotates the first column uniformly."""
    return stats.kstest(angle, stats.uniform(-math.pi, 2 * math.pi).cdf).pvalue


def _det_p_value(det):
    """Haar measure on O(2) puts probability 1/2 on each component det = +1, det = -1."""
    return stats.binomtest(int(np.sum(det > 0)), det.size, 0.5).pvalue


def test_orthogonal_2x2_is_haar():
    angle, det = _haar_2x2_statistics(_correct, 11)
    np.testing.assert_allclose(np.abs(det), 1.0, atol=1e-12)
    assert _angle_p_value(angle) > KS_ALPHA
    assert _det_p_value(det) > KS_ALPHA


def test_qr_without_the_sign_fix_fails_the_2x2_haar_test():
    angle, det = _haar_2x2_statistics(_orthogonal_without_sign_fix, 11)
    np.testing.assert_allclose(np.abs(det), 1.0, atol=1e-12)  # still orthogonal ...
    assert _angle_p_value(angle) < KS_ALPHA  # ... but not uniformly distributed
    assert _det_p_value(det) < KS_ALPHA


def _haar_3x3_draws(draw, seed, n=N_HAAR):
    rng = np.random.default_rng(seed)
    return np.array([draw((3, 3), rng) for _ in range(n)])


def _diagonal_sign_p_values(mats):
    """For Haar Q, Q and Q @ diag(+-1) have the same law, so each diagonal entry is positive w.p. 1/2."""
    diagonal = np.diagonal(mats, axis1=1, axis2=2)
    return [stats.binomtest(int(np.sum(diagonal[:, i] > 0)), len(mats), 0.5).pvalue for i in range(3)]


def _entry_p_value(mats):
    """An entry of a Haar 3x3 matrix is a coordinate of a uniform point on the sphere S^2: U(-1, 1) (Archimedes)."""
    return stats.kstest(mats[:, 0, 0], stats.uniform(-1, 2).cdf).pvalue


def test_orthogonal_3x3_is_haar():
    mats = _haar_3x3_draws(_correct, 12)
    assert min(_diagonal_sign_p_values(mats)) > KS_ALPHA  # 3 binomial tests: failure rate < 3e-7
    assert _entry_p_value(mats) > KS_ALPHA


def test_qr_without_the_sign_fix_fails_the_3x3_haar_test():
    mats = _haar_3x3_draws(_orthogonal_without_sign_fix, 12)
    assert min(_diagonal_sign_p_values(mats)) < KS_ALPHA
    assert _entry_p_value(mats) < KS_ALPHA


def test_orthogonal_wide_shape_is_haar_too():
    """Wide shapes go through the transpose: the first row of a (2, 3) draw is uniform on S^2."""
    rng = np.random.default_rng(13)
    rows = np.array([cinit.orthogonal((2, 3), rng=rng)[0] for _ in range(N_HAAR)])
    assert stats.kstest(rows[:, 0], stats.uniform(-1, 2).cdf).pvalue > KS_ALPHA
    rng = np.random.default_rng(13)
    wrong = np.array([_orthogonal_without_sign_fix((2, 3), rng)[0] for _ in range(N_HAAR)])
    assert stats.kstest(wrong[:, 0], stats.uniform(-1, 2).cdf).pvalue < KS_ALPHA


# --------------------------------------------------------------------------- variance_scaling

# scipy's truncated standard normal on [-2, 2]: its std and excess kurtosis (computed, not typed in).
_TRUNC2 = stats.truncnorm(-2.0, 2.0)
TRUNC2_STD = float(_TRUNC2.std())
TRUNC2_KURTOSIS = float(_TRUNC2.stats(moments="k")) + 3.0


def _expected_variance(shape, scale, mode):
    fan_in, fan_out = _fans_by_numel(shape)
    return scale / {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


@pytest.mark.parametrize("distribution", ["normal", "uniform", "truncated_normal"])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("shape", [(300, 500), (64, 3, 5, 5)])
def test_variance_scaling_has_variance_scale_over_n(shape, mode, distribution):
    scale = 2.0
    var = _expected_variance(shape, scale, mode)
    x = _draw(cinit.variance_scaling, shape, 150_000, 21, scale=scale, mode=mode, distribution=distribution)
    std = math.sqrt(var)
    if distribution == "normal":
        kurtosis, cdf = 3.0, stats.norm(0, std).cdf
    elif distribution == "uniform":
        bound = math.sqrt(3 * var)
        kurtosis, cdf = 1.8, stats.uniform(-bound, 2 * bound).cdf
        assert np.abs(x).max() <= bound
    else:
        sigma = std / TRUNC2_STD  # the normal before truncation at +-2 sigma
        kurtosis, cdf = TRUNC2_KURTOSIS, stats.truncnorm(-2, 2, scale=sigma).cdf
        assert np.abs(x).max() <= 2 * sigma
    assert abs(_z_second_moment(x, var, kurtosis)) < Z_MAX
    assert abs(_z_mean(x, var)) < Z_MAX
    assert stats.kstest(x, cdf).pvalue > KS_ALPHA


def test_variance_scaling_truncated_constant_is_the_truncated_std():
    """The module's constant is the std of N(0, 1) truncated to [-2, 2] (JAX's .87962566103423978)."""
    assert cinit._TRUNCATED_STD_2SIGMA == pytest.approx(TRUNC2_STD, rel=1e-14)


def test_variance_scaling_detects_a_missing_truncation_correction():
    """Power: a 2-sigma truncation without rescaling has variance 0.774 x scale/n, which the z-test rejects."""
    var = 1 / 500  # kaiming-style variance of a (300, 500) weight, scale 1
    rng = np.random.default_rng(5)
    sigma = math.sqrt(var)
    wrong = stats.truncnorm(-2, 2, scale=sigma).rvs(size=150_000, random_state=rng)
    assert abs(_z_second_moment(wrong, var, TRUNC2_KURTOSIS)) > Z_MAX


@pytest.mark.parametrize("distribution", ["normal", "uniform", "truncated_normal"])
def test_variance_scaling_with_zero_scale_is_zero(distribution):
    w = cinit.variance_scaling((4, 6), scale=0.0, distribution=distribution, rng=0)
    assert w.shape == (4, 6) and not np.any(w)


# --------------------------------------------------------------------------- named schemes = variance_scaling


@pytest.mark.parametrize("gain", [1.0, 5.0 / 3])
def test_xavier_is_variance_scaling_fan_avg(gain):
    shape = (64, 3, 5, 5)
    np.testing.assert_array_equal(
        cinit.xavier_uniform(shape, gain, rng=7),
        cinit.variance_scaling(shape, scale=gain**2, mode="fan_avg", distribution="uniform", rng=7))
    np.testing.assert_array_equal(
        cinit.xavier_normal(shape, gain, rng=7),
        cinit.variance_scaling(shape, scale=gain**2, mode="fan_avg", distribution="normal", rng=7))


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize(("nonlinearity", "a"), [("relu", 0.0), ("leaky_relu", 0.2), ("tanh", 0.0),
                                                 ("leaky_relu", math.sqrt(5)), ("selu", 0.0)])
def test_kaiming_is_variance_scaling_with_gain_squared(nonlinearity, a, mode):
    shape = (16, 8, 3)
    gain = calculate_gain(nonlinearity, a)
    for fn, distribution in [(cinit.kaiming_uniform, "uniform"), (cinit.kaiming_normal, "normal")]:
        ours = fn(shape, a, mode, nonlinearity, rng=8)
        reference = cinit.variance_scaling(shape, scale=gain**2, mode=mode, distribution=distribution, rng=8)
        np.testing.assert_allclose(ours, reference, rtol=1e-15, atol=0)


def test_lecun_is_kaiming_linear():
    """PyTorch's recipe for SELU: kaiming_normal_(w, nonlinearity="linear") is LeCun normal."""
    shape = (300, 50)
    np.testing.assert_array_equal(cinit.lecun_normal(shape, rng=9),
                                  cinit.kaiming_normal(shape, nonlinearity="linear", rng=9))
    np.testing.assert_array_equal(cinit.lecun_uniform(shape, rng=9),
                                  cinit.kaiming_uniform(shape, nonlinearity="linear", rng=9))


def test_pytorch_default_kaiming_uniform_sqrt5_has_variance_one_third_over_fan_in():
    shape = (300, 500)
    x = cinit.kaiming_uniform(shape, a=math.sqrt(5), rng=10).ravel()
    assert abs(_z_second_moment(x, 1 / (3 * 500), 1.8)) < Z_MAX
    assert np.abs(x).max() <= math.sqrt(1 / 500)  # bound = sqrt(3 * Var) = 1 / sqrt(fan_in)


def test_aliases_are_the_same_functions():
    assert cinit.he_normal is cinit.kaiming_normal
    assert cinit.he_uniform is cinit.kaiming_uniform
    assert cinit.glorot_normal is cinit.xavier_normal
    assert cinit.glorot_uniform is cinit.xavier_uniform
    for name in ("he_normal", "he_uniform", "glorot_normal", "glorot_uniform", "kaiming_normal", "orthogonal",
                 "trunc_normal", "variance_scaling", "lecun_normal", "zeros", "ones", "constant"):
        assert getattr(course_lib, name) is getattr(cinit, name)
    assert course_lib.calculate_gain is calculate_gain


# --------------------------------------------------------------------------- simple distributions


def test_zeros_ones_constant_values():
    assert not np.any(cinit.zeros((3, 4)))
    assert np.all(cinit.ones((3, 4)) == 1.0)
    assert np.all(cinit.constant((2, 3, 4), -0.25) == -0.25)
    assert cinit.constant((2, 2), 3).dtype == np.float64


def test_uniform_and_normal_defaults():
    u = cinit.uniform((300, 500), rng=0).ravel()
    assert 0.0 <= u.min() and u.max() <= 1.0
    assert stats.kstest(u, "uniform").pvalue > KS_ALPHA
    z = cinit.normal((300, 500), rng=0).ravel()
    assert stats.kstest(z, "norm").pvalue > KS_ALPHA


def test_uniform_with_equal_bounds_is_constant():
    assert np.all(cinit.uniform((3, 3), 2.0, 2.0, rng=0) == 2.0)


@pytest.mark.parametrize(("mean", "std", "a", "b"), [(0, 1, -2, 2), (0, 1, 2.0, 2.5), (0, 1, 4.0, 4.2),
                                                     (-3, 1, -1, 1), (0, 0.02, -2, 2), (1, 0.5, 0.9, 1.1)])
def test_trunc_normal_is_the_truncated_normal(mean, std, a, b):
    """a and b are absolute values: scipy's truncnorm takes them in units of std, hence the conversion."""
    x = _draw(cinit.trunc_normal, (300, 500), 150_000, 31, mean=mean, std=std, a=a, b=b)
    assert a <= x.min() and x.max() <= b
    law = stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std)
    assert stats.kstest(x, law.cdf).pvalue > KS_ALPHA


def test_trunc_normal_bounds_are_absolute_not_multiples_of_std():
    x = cinit.trunc_normal((300, 500), std=0.02, rng=1)
    assert np.abs(x).max() < 0.2  # nothing near +-2: the bounds cut nothing ...
    assert np.abs(x).max() > 0.04  # ... so values beyond 2 std (0.04) occur
    x = cinit.trunc_normal((300, 500), std=0.02, a=-0.04, b=0.04, rng=1)
    assert np.abs(x).max() <= 0.04


# --------------------------------------------------------------------------- dtype and rng


@pytest.mark.parametrize("name", list(ALL_INITIALIZERS))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, "float32", np.dtype("float64")])
def test_dtype_argument(name, dtype):
    fn = ALL_INITIALIZERS[name]
    kwargs = {"rng": 0} if name in RANDOM_INITIALIZERS else {}
    w = fn((6, 4, 3), dtype=dtype, **kwargs)
    assert w.dtype == np.dtype(dtype) and w.shape == (6, 4, 3)
    assert fn((6, 4, 3), **kwargs).dtype == np.float64


@pytest.mark.parametrize("name", list(ALL_INITIALIZERS))
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.complex128, bool, object, "banana", "U4"])
def test_non_float_dtype_raises(name, dtype):
    fn = ALL_INITIALIZERS[name]
    with pytest.raises(TypeError, match=r"\bdtype\b"):
        fn((6, 4), dtype=dtype)


def test_as_rng_returns_generators():
    assert isinstance(as_rng(None), np.random.Generator)
    assert isinstance(as_rng(3), np.random.Generator)
    assert isinstance(as_rng(np.int64(3)), np.random.Generator)
    generator = np.random.default_rng(0)
    assert as_rng(generator) is generator
    assert as_rng(None) is not as_rng(None)


@pytest.mark.parametrize("name", list(RANDOM_INITIALIZERS))
def test_rng_argument(name):
    fn = RANDOM_INITIALIZERS[name]
    shape = (6, 4, 3)
    same_seed = fn(shape, rng=42), fn(shape, rng=42)
    np.testing.assert_array_equal(*same_seed)
    np.testing.assert_array_equal(same_seed[0], fn(shape, rng=np.random.default_rng(42)))
    np.testing.assert_array_equal(same_seed[0], fn(shape, rng=np.int64(42)))
    assert not np.array_equal(same_seed[0], fn(shape, rng=43))
    generator = np.random.default_rng(42)
    first, second = fn(shape, rng=generator), fn(shape, rng=generator)
    assert not np.array_equal(first, second)  # the Generator's state advances
    assert not np.array_equal(fn(shape), fn(shape))  # rng=None: fresh entropy each call


@pytest.mark.parametrize("rng", ["0", 1.5, True, [0], np.random.RandomState(0)])
@pytest.mark.parametrize("name", list(RANDOM_INITIALIZERS))
def test_bad_rng_type_raises(name, rng):
    with pytest.raises(TypeError, match=r"\brng\b"):
        RANDOM_INITIALIZERS[name]((4, 3), rng=rng)


@pytest.mark.parametrize("name", list(RANDOM_INITIALIZERS))
def test_negative_seed_raises(name):
    with pytest.raises(ValueError, match=r"\brng\b.*non-negative"):
        RANDOM_INITIALIZERS[name]((4, 3), rng=-1)


# --------------------------------------------------------------------------- bad shapes


@pytest.mark.parametrize(("shape", "error"), [
    pytest.param((3, 2.5), TypeError, id="non-integer-entry"),
    pytest.param((3, 2.0), TypeError, id="float-entry"),
    pytest.param((3, "4"), TypeError, id="string-entry"),
    pytest.param((True, 3), TypeError, id="bool-entry"),
    pytest.param(3.0, TypeError, id="float-shape"),
    pytest.param(True, TypeError, id="bool-shape"),
    pytest.param("34", TypeError, id="string-shape"),
    pytest.param(None, TypeError, id="none-shape"),
    pytest.param((3, -1), ValueError, id="negative-entry"),
])
@pytest.mark.parametrize("name", list(ALL_INITIALIZERS))
def test_bad_shape_raises(name, shape, error):
    kwargs = {"rng": 0} if name in RANDOM_INITIALIZERS else {}
    with pytest.raises(error, match=r"\bshape\b"):
        ALL_INITIALIZERS[name](shape, **kwargs)


# as_shape iterates over any ndarray, so a 0-d array (np.array(5), or np.prod(...) of an array) fails with NumPy's
# "iteration over a 0-d array", a message that does not name `shape`.
@pytest.mark.parametrize("name", ["normal", "kaiming_normal"])
def test_a_0d_array_shape_is_an_int_or_an_error_naming_shape(name):
    try:
        w = RANDOM_INITIALIZERS[name](np.array(5), rng=0)
    except (TypeError, ValueError) as error:
        assert re.search(r"\bshape\b", str(error)), str(error)
    else:
        assert w.shape == (5,)


FAN_BASED = ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "lecun_uniform",
             "lecun_normal", "orthogonal", "variance_scaling", "variance_scaling-uniform", "variance_scaling-truncated"]


@pytest.mark.parametrize("shape", [(5,), 5, ()])
@pytest.mark.parametrize("name", FAN_BASED)
def test_fan_based_initializers_reject_1d_and_0d_shapes(name, shape):
    with pytest.raises(ValueError, match=r"\bshape\b.*at least 2 dimensions"):
        RANDOM_INITIALIZERS[name](shape, rng=0)


@pytest.mark.parametrize("shape", [(5,), (2, 3), (4, 5, 6)])
def test_elementwise_initializers_accept_any_shape(shape):
    for fn in (cinit.uniform, cinit.normal, cinit.trunc_normal):
        assert fn(shape, rng=0).shape == shape
    for fn in (cinit.zeros, cinit.ones):
        assert fn(shape).shape == shape


# --------------------------------------------------------------------------- bad arguments


BAD_ARGUMENTS = [
    # unknown nonlinearity
    pytest.param(lambda: calculate_gain("gelu"), ValueError, r"\bnonlinearity\b", id="gain-unknown"),
    pytest.param(lambda: calculate_gain(None), TypeError, r"\bnonlinearity\b", id="gain-none"),
    pytest.param(lambda: cinit.kaiming_normal((4, 3), nonlinearity="softplus"), ValueError, r"\bnonlinearity\b",
                 id="kaiming_normal-nonlinearity"),
    pytest.param(lambda: cinit.kaiming_uniform((4, 3), nonlinearity="Relu"), ValueError, r"\bnonlinearity\b",
                 id="kaiming_uniform-nonlinearity"),
    # unknown mode
    pytest.param(lambda: cinit.kaiming_normal((4, 3), mode="fan_avg"), ValueError, r"\bmode\b",
                 id="kaiming_normal-fan_avg"),
    pytest.param(lambda: cinit.kaiming_uniform((4, 3), mode="in"), ValueError, r"\bmode\b", id="kaiming_uniform-mode"),
    pytest.param(lambda: cinit.variance_scaling((4, 3), mode="fan_sum"), ValueError, r"\bmode\b",
                 id="variance_scaling-mode"),
    pytest.param(lambda: cinit.variance_scaling((4, 3), mode=None), TypeError, r"\bmode\b", id="mode-none"),
    pytest.param(lambda: fans.fan((4, 3), "fan_max"), ValueError, r"\bmode\b", id="fan-mode"),
    # unknown distribution
    pytest.param(lambda: cinit.variance_scaling((4, 3), distribution="laplace"), ValueError, r"\bdistribution\b",
                 id="distribution"),
    pytest.param(lambda: cinit.variance_scaling((4, 3), distribution=1), TypeError, r"\bdistribution\b",
                 id="distribution-type"),
    # negative / zero std, non-finite values
    pytest.param(lambda: cinit.normal((4, 3), std=-1.0), ValueError, r"\bstd\b", id="normal-negative-std"),
    pytest.param(lambda: cinit.trunc_normal((4, 3), std=-1.0), ValueError, r"\bstd\b", id="trunc-negative-std"),
    pytest.param(lambda: cinit.trunc_normal((4, 3), std=0.0), ValueError, r"\bstd\b", id="trunc-zero-std"),
    pytest.param(lambda: cinit.normal((4, 3), mean=float("nan")), ValueError, r"\bmean\b", id="normal-nan-mean"),
    pytest.param(lambda: cinit.normal((4, 3), std="1"), TypeError, r"\bstd\b", id="normal-string-std"),
    # a > b
    pytest.param(lambda: cinit.trunc_normal((4, 3), a=1.0, b=-1.0), ValueError, r"\ba\b.*\bb\b", id="trunc-a>b"),
    pytest.param(lambda: cinit.trunc_normal((4, 3), a=1.0, b=1.0), ValueError, r"\ba\b.*\bb\b", id="trunc-a=b"),
    pytest.param(lambda: cinit.uniform((4, 3), a=1.0, b=0.0), ValueError, r"\ba\b.*\bb\b", id="uniform-a>b"),
    pytest.param(lambda: cinit.uniform((4, 3), a=-math.inf), ValueError, r"\ba\b", id="uniform-infinite-a"),
    pytest.param(lambda: cinit.trunc_normal((4, 3), b="2"), TypeError, r"\bb\b", id="trunc-string-b"),
    # gains and scales
    pytest.param(lambda: cinit.xavier_uniform((4, 3), gain=-1.0), ValueError, r"\bgain\b", id="xavier-negative-gain"),
    pytest.param(lambda: cinit.xavier_normal((4, 3), gain="1"), TypeError, r"\bgain\b", id="xavier-string-gain"),
    pytest.param(lambda: cinit.orthogonal((4, 3), gain=None), TypeError, r"\bgain\b", id="orthogonal-gain"),
    pytest.param(lambda: cinit.variance_scaling((4, 3), scale=-2.0), ValueError, r"\bscale\b", id="negative-scale"),
    pytest.param(lambda: cinit.variance_scaling((4, 3), scale=True), TypeError, r"\bscale\b", id="bool-scale"),
    pytest.param(lambda: cinit.constant((4, 3), "x"), TypeError, r"\bvalue\b", id="constant-string"),
    pytest.param(lambda: cinit.constant((4, 3), math.inf), ValueError, r"\bvalue\b", id="constant-inf"),
    # bad leaky_relu parameter
    pytest.param(lambda: calculate_gain("leaky_relu", "0.2"), ValueError, r"\bparam\b", id="gain-string-param"),
    pytest.param(lambda: calculate_gain("leaky_relu", True), ValueError, r"\bparam\b", id="gain-bool-param"),
    pytest.param(lambda: cinit.kaiming_normal((4, 3), a="0.2"), TypeError, r"\ba\b", id="kaiming-string-a"),
    pytest.param(lambda: cinit.kaiming_uniform((4, 3), a=True), TypeError, r"\ba\b", id="kaiming-bool-a"),
    pytest.param(lambda: cinit.kaiming_uniform((4, 3), a=math.nan), ValueError, r"\ba\b", id="kaiming-nan-a"),
    # orthogonal needs 2 dimensions
    pytest.param(lambda: cinit.orthogonal((4,)), ValueError, r"\bshape\b", id="orthogonal-1d"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), BAD_ARGUMENTS)
def test_bad_arguments_raise_with_a_message_naming_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
