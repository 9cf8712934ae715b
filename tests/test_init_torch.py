"""course_lib.init agrees with torch.nn.init 2.13 *in distribution*, not only in variance.

Every test draws a large sample from a course_lib initializer and another from the matching
``torch.nn.init`` function (many float64 tensors, each filled with its own seeded
``torch.Generator``), then compares the two samples three ways:

- a two-sample Kolmogorov-Smirnov test (``scipy.stats.ks_2samp``), rejected when ``p < 1e-7``;
- the means, by ``z = (m1 - m2) / sqrt(s1^2 / n1 + s2^2 / n2)``, rejected when ``|z| > 6``;
- the variances, by ``z = (v1 - v2) / sqrt((mu4_1 - v1^2) / n1 + (mu4_2 - v2^2) / n2)``: the sampling
  variance of a sample variance is ``(mu4 - sigma^4) / n = (kurtosis - 1) sigma^4 / n``, so this is the
  z-statistic of the variance with each sample's own kurtosis. Rejected when ``|z| > 6``.

Error rate. Under the null hypothesis (course_lib draws what torch draws) the KS test rejects with
probability at most 1e-7 (the asymptotic two-sample p-value is slightly conservative), and each
z-statistic is close to N(0, 1) for n >= 4000 i.i.d. values, whose tail beyond 6 is 2e-9. One
comparison therefore fails with probability about 1.04e-7; a test that makes up to three comparisons
(the orthogonal tests) fails with probability below 3.2e-7 < 1e-6. Even if the normal approximation of
the z-statistics were off by a factor of 50 in the tail, every test would stay below 1e-6. The seeds are
fixed, so the suite is deterministic anyway.

Power. With N = 200_000 values per side, the variance z-test detects a 3 % error in the standard
deviation (a 6.1 % error in the variance) at about z = 13 for a normal and 19 for a uniform, far beyond 6;
the KS test detects a change of shape at equal variance (uniform for normal), a wrong truncation and a
wrong tail. ``test_power_*`` show that this very machinery rejects deliberately wrong variants.

Shapes are torch's layout ``(fan_out, fan_in, *kernel)``: a linear layer and conv1d/2d/3d weights.
"""

from __future__ import annotations

import math
import warnings
import zlib
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

torch = pytest.importorskip("torch")

import course_lib  # noqa: E402
from course_lib import init as cinit  # noqa: E402
from course_lib.gain import NONLINEARITIES  # noqa: E402

pytestmark = pytest.mark.torch

KS_ALPHA = 1e-7  # KS rejection rule: p < 1e-7
Z_MAX = 6.0  # moment rejection rule: |z| > 6 (normal tail 2e-9)
N_SAMPLES = 200_000  # values per side for the element-wise initializers (see the module docstring)
N_ORTHOGONAL_DRAWS = 3_000  # matrices per side for the orthogonal tests (one value per matrix and statistic)

# Linear, conv2d, conv1d and conv3d weights: (fan_out, fan_in, *kernel). No shape has fan_in == fan_out.
SHAPES = [(300, 500), (64, 3, 5, 5), (16, 8, 3), (8, 4, 3, 3, 3)]

# torch.nn.init.calculate_gain's names, as listed in its source and documentation (torch 2.13).
TORCH_NONLINEARITIES = [
    "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "sigmoid", "tanh", "relu", "leaky_relu", "selu",
]
LEAKY_SLOPES = [None, 0, 0.0, 0.01, 0.2, 1, 3.0, math.sqrt(5), -0.5]


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    """torch's intra-op threads spin against NumPy on this 2-core machine (10x slower for small tensors)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _seed(label: str) -> int:
    """A fixed seed per test (independent of test order)."""
    return zlib.crc32(label.encode())


def torch_sample(fill, shape, label: str, n_min: int = N_SAMPLES, dtype=None) -> np.ndarray:
    """Fill fresh tensors of ``shape`` with ``fill(tensor, generator)``, each from its own seeded Generator."""
    dtype = torch.float64 if dtype is None else dtype
    base = _seed("torch:" + label)
    chunks, total, index = [], 0, 0
    while total < n_min:
        tensor = torch.empty(shape, dtype=dtype)
        fill(tensor, torch.Generator().manual_seed(base + index))
        chunks.append(tensor.numpy().astype(np.float64).ravel())
        total += chunks[-1].size
        index += 1
    return np.concatenate(chunks)


def ours_sample(draw, shape, label: str, n_min: int = N_SAMPLES, dtype=np.float64) -> np.ndarray:
    """Call ``draw(shape, rng)`` with one seeded Generator until ``n_min`` values; checks shape and dtype."""
    rng = np.random.default_rng(_seed("ours:" + label))
    chunks, total = [], 0
    while total < n_min:
        value = draw(shape, rng)
        assert isinstance(value, np.ndarray) and value.shape == tuple(shape) and value.dtype == dtype
        chunks.append(value.astype(np.float64).ravel())
        total += value.size
    return np.concatenate(chunks)


@dataclass
class Comparison:
    ks_p: float
    z_mean: float
    z_var: float

    @property
    def ks_rejects(self) -> bool:
        return self.ks_p < KS_ALPHA

    @property
    def mean_rejects(self) -> bool:
        return abs(self.z_mean) > Z_MAX

    @property
    def var_rejects(self) -> bool:
        return abs(self.z_var) > Z_MAX

    @property
    def rejects(self) -> bool:
        return self.ks_rejects or self.mean_rejects or self.var_rejects

    def __str__(self):
        return f"KS p = {self.ks_p:.2e}, z(mean) = {self.z_mean:+.2f}, z(variance) = {self.z_var:+.2f}"


def compare(ours: np.ndarray, theirs: np.ndarray) -> Comparison:
    """Two-sample KS test and z-statistics of the mean and the variance (see the module docstring)."""
    n1, n2 = ours.size, theirs.size
    ks_p = float(stats.ks_2samp(ours, theirs, method="asymp").pvalue)
    m1, m2 = ours.mean(), theirs.mean()
    v1, v2 = ours.var(), theirs.var()
    z_mean = (m1 - m2) / math.sqrt(v1 / n1 + v2 / n2)
    mu4_1, mu4_2 = np.mean((ours - m1) ** 4), np.mean((theirs - m2) ** 4)
    z_var = (v1 - v2) / math.sqrt((mu4_1 - v1**2) / n1 + (mu4_2 - v2**2) / n2)
    return Comparison(ks_p, float(z_mean), float(z_var))


def assert_same_distribution(ours, theirs, what: str) -> Comparison:
    comparison = compare(ours, theirs)
    assert not comparison.rejects, f"{what}: course_lib and torch differ ({comparison})"
    return comparison


# --------------------------------------------------------------------------- calculate_gain


def test_calculate_gain_knows_exactly_torchs_names():
    assert sorted(NONLINEARITIES) == sorted(TORCH_NONLINEARITIES)


@pytest.mark.parametrize("name", TORCH_NONLINEARITIES)
def test_calculate_gain_equals_torch_exactly(name):
    ours = course_lib.calculate_gain(name)
    theirs = torch.nn.init.calculate_gain(name)
    assert ours == theirs
    assert isinstance(ours, float)


@pytest.mark.parametrize("param", LEAKY_SLOPES)
def test_calculate_gain_leaky_relu_equals_torch_exactly(param):
    assert course_lib.calculate_gain("leaky_relu", param) == torch.nn.init.calculate_gain("leaky_relu", param)


@pytest.mark.parametrize("name", ["relu", "tanh", "selu", "sigmoid"])
def test_calculate_gain_ignores_param_for_other_names_like_torch(name):
    assert course_lib.calculate_gain(name, 0.3) == torch.nn.init.calculate_gain(name, 0.3)


@pytest.mark.parametrize("name", ["gelu", "ReLU", "softplus", "identity", ""])
def test_calculate_gain_rejects_unknown_names_like_torch(name):
    with pytest.raises(ValueError):
        torch.nn.init.calculate_gain(name)
    with pytest.raises(ValueError, match="nonlinearity"):
        course_lib.calculate_gain(name)


@pytest.mark.parametrize("param", ["0.2", True, [0.2]])
def test_calculate_gain_rejects_bad_leaky_param_like_torch(param):
    with pytest.raises(ValueError):
        torch.nn.init.calculate_gain("leaky_relu", param)
    with pytest.raises(ValueError, match="param"):
        course_lib.calculate_gain("leaky_relu", param)


# --------------------------------------------------------------------------- fans


@pytest.mark.parametrize("shape", [*SHAPES, (7, 2), (1, 1, 1), (5, 0, 3)])
def test_fans_equal_torch(shape):
    assert course_lib.fan_in_and_fan_out(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


# --------------------------------------------------------------------------- xavier


@pytest.mark.parametrize("gain", [1.0, 5.0 / 3, 0.5])
@pytest.mark.parametrize("shape", SHAPES)
def test_xavier_uniform_matches_torch(shape, gain):
    label = f"xavier_uniform{shape}{gain}"
    ours = ours_sample(lambda s, rng: cinit.xavier_uniform(s, gain, rng=rng), shape, label)
    theirs = torch_sample(lambda t, g: torch.nn.init.xavier_uniform_(t, gain, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)
    # U(-a, a): the support is the same interval (torch's maximum is within 1e-3 of the bound)
    fan_in, fan_out = course_lib.fan_in_and_fan_out(shape)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    assert np.abs(ours).max() <= bound
    assert np.abs(ours).max() == pytest.approx(np.abs(theirs).max(), rel=1e-3)


@pytest.mark.parametrize("gain", [1.0, 5.0 / 3, 0.5])
@pytest.mark.parametrize("shape", SHAPES)
def test_xavier_normal_matches_torch(shape, gain):
    label = f"xavier_normal{shape}{gain}"
    ours = ours_sample(lambda s, rng: cinit.xavier_normal(s, gain, rng=rng), shape, label)
    theirs = torch_sample(lambda t, g: torch.nn.init.xavier_normal_(t, gain, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)


# --------------------------------------------------------------------------- kaiming

# Every name calculate_gain knows (a is ignored but passed), and leaky_relu with several slopes a.
KAIMING_CASES = [(name, 0.0) for name in TORCH_NONLINEARITIES if name != "leaky_relu"] + [
    ("leaky_relu", a) for a in (0.0, 0.01, 0.2, math.sqrt(5), 1.0, 3.0)
]
KAIMING_PARAMS = [
    pytest.param(name, a, mode, SHAPES[index % len(SHAPES)], id=f"{name}-a{a:.3g}-{mode}-{index % len(SHAPES)}")
    for index, (name, a) in enumerate(KAIMING_CASES)
    for mode in ("fan_in", "fan_out")
]


@pytest.mark.parametrize(("nonlinearity", "a", "mode", "shape"), KAIMING_PARAMS)
def test_kaiming_uniform_matches_torch(nonlinearity, a, mode, shape):
    label = f"kaiming_uniform{nonlinearity}{a}{mode}{shape}"
    ours = ours_sample(
        lambda s, rng: cinit.kaiming_uniform(s, a, mode, nonlinearity, rng=rng), shape, label)
    theirs = torch_sample(
        lambda t, g: torch.nn.init.kaiming_uniform_(t, a, mode, nonlinearity, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)


@pytest.mark.parametrize(("nonlinearity", "a", "mode", "shape"), KAIMING_PARAMS)
def test_kaiming_normal_matches_torch(nonlinearity, a, mode, shape):
    label = f"kaiming_normal{nonlinearity}{a}{mode}{shape}"
    ours = ours_sample(
        lambda s, rng: cinit.kaiming_normal(s, a, mode, nonlinearity, rng=rng), shape, label)
    theirs = torch_sample(
        lambda t, g: torch.nn.init.kaiming_normal_(t, a, mode, nonlinearity, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)


@pytest.mark.parametrize("shape", SHAPES)
def test_kaiming_defaults_match_torch_defaults(shape):
    """No arguments on either side: leaky_relu with a=0, fan_in (He et al.)."""
    label = f"kaiming_defaults{shape}"
    for ours_fn, torch_fn in [(cinit.kaiming_uniform, torch.nn.init.kaiming_uniform_),
                              (cinit.kaiming_normal, torch.nn.init.kaiming_normal_)]:
        ours = ours_sample(lambda s, rng, fn=ours_fn: fn(s, rng=rng), shape, label, n_min=N_SAMPLES // 2)
        theirs = torch_sample(lambda t, g, fn=torch_fn: fn(t, generator=g), shape, label, n_min=N_SAMPLES // 2)
        assert_same_distribution(ours, theirs, f"{label} {ours_fn.__name__}")


def test_float32_draws_match_torch_float32():
    shape = (300, 500)
    ours = ours_sample(lambda s, rng: cinit.kaiming_normal(s, rng=rng, dtype=np.float32), shape, "f32",
                       dtype=np.float32)
    theirs = torch_sample(lambda t, g: torch.nn.init.kaiming_normal_(t, generator=g), shape, "f32",
                          dtype=torch.float32)
    assert_same_distribution(ours, theirs, "kaiming_normal float32")


# --------------------------------------------------------------------------- uniform, normal, trunc_normal


@pytest.mark.parametrize(("a", "b"), [(None, None), (-3.0, 0.5), (2.0, 2.001), (-1e-3, 1e-3)])
def test_uniform_matches_torch(a, b):
    shape = (64, 3, 5, 5)
    kwargs = {} if a is None else {"a": a, "b": b}
    label = f"uniform{a}{b}"
    ours = ours_sample(lambda s, rng: cinit.uniform(s, **kwargs, rng=rng), shape, label)
    theirs = torch_sample(lambda t, g: torch.nn.init.uniform_(t, **kwargs, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)
    low, high = (0.0, 1.0) if a is None else (a, b)
    assert low <= ours.min() and ours.max() <= high


@pytest.mark.parametrize(("mean", "std"), [(None, None), (1.5, 0.3), (-2.0, 4.0), (0.0, 0.02)])
def test_normal_matches_torch(mean, std):
    shape = (16, 8, 3)
    kwargs = {} if mean is None else {"mean": mean, "std": std}
    label = f"normal{mean}{std}"
    ours = ours_sample(lambda s, rng: cinit.normal(s, **kwargs, rng=rng), shape, label)
    theirs = torch_sample(lambda t, g: torch.nn.init.normal_(t, **kwargs, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)


TRUNC_CASES = [
    pytest.param({}, id="defaults"),
    pytest.param({"mean": 0.5, "std": 2.0, "a": -1.0, "b": 3.0}, id="asymmetric"),
    pytest.param({"mean": -3.0, "std": 1.0, "a": -1.0, "b": 1.0}, id="mean-outside-interval"),
    pytest.param({"mean": 1.0, "std": 0.5, "a": 0.9, "b": 1.1}, id="narrow-central"),
    pytest.param({"mean": 0.0, "std": 1.0, "a": 2.0, "b": 2.5}, id="narrow-tail"),
    # the pitfall: a and b are absolute values, so with std=0.02 the default [-2, 2] cuts nothing ...
    pytest.param({"std": 0.02}, id="std0.02-default-bounds"),
    # ... and the ViT-style call has to name the absolute bounds.
    pytest.param({"std": 0.02, "a": -0.04, "b": 0.04}, id="std0.02-absolute-2sigma"),
]


@pytest.mark.parametrize("kwargs", TRUNC_CASES)
def test_trunc_normal_matches_torch(kwargs):
    shape = (300, 500)
    label = f"trunc_normal{sorted(kwargs.items())}"
    ours = ours_sample(lambda s, rng: cinit.trunc_normal(s, **kwargs, rng=rng), shape, label)
    theirs = torch_sample(lambda t, g: torch.nn.init.trunc_normal_(t, **kwargs, generator=g), shape, label)
    assert_same_distribution(ours, theirs, label)
    a, b = kwargs.get("a", -2.0), kwargs.get("b", 2.0)
    assert a <= ours.min() and ours.max() <= b


def test_trunc_normal_far_in_the_tail_matches_torch():
    """[4, 4.2] for N(0, 1): mass 1.9e-5. torch warns that the mean is more than 2 std away (its sampler is
    still exact); course_lib does not warn (pytest turns warnings into errors)."""
    shape, kwargs = (64, 3, 5, 5), {"mean": 0.0, "std": 1.0, "a": 4.0, "b": 4.2}
    ours = ours_sample(lambda s, rng: cinit.trunc_normal(s, **kwargs, rng=rng), shape, "far-tail")

    def fill(t, g):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="mean is more than 2 std", category=UserWarning)
            torch.nn.init.trunc_normal_(t, **kwargs, generator=g)

    theirs = torch_sample(fill, shape, "far-tail")
    assert_same_distribution(ours, theirs, "trunc_normal far tail")
    assert 4.0 <= ours.min() and ours.max() <= 4.2
    with pytest.warns(UserWarning, match="more than 2 std"):
        torch.nn.init.trunc_normal_(torch.empty(3), **kwargs)


def test_trunc_normal_with_small_std_truncates_nothing_like_torch():
    """The pitfall stated the other way: with std=0.02 the defaults give the plain normal N(0, 0.02^2)."""
    shape = (300, 500)
    ours = ours_sample(lambda s, rng: cinit.trunc_normal(s, std=0.02, rng=rng), shape, "pitfall-normal")
    theirs = torch_sample(lambda t, g: torch.nn.init.normal_(t, std=0.02, generator=g), shape, "pitfall-normal")
    assert_same_distribution(ours, theirs, "trunc_normal(std=0.02) vs normal(std=0.02)")


# torch.nn.init.trunc_normal_(w, a=0, b=inf) draws a half-normal; course_lib.trunc_normal rejects the infinite
# bound ("b must be finite"), although its docstring promises torch's behaviour.
def test_trunc_normal_accepts_an_infinite_bound_like_torch():
    shape, kwargs = (300, 500), {"a": 0.0, "b": math.inf}
    theirs = torch_sample(lambda t, g: torch.nn.init.trunc_normal_(t, **kwargs, generator=g), shape, "half-normal")
    ours = ours_sample(lambda s, rng: cinit.trunc_normal(s, **kwargs, rng=rng), shape, "half-normal")
    assert_same_distribution(ours, theirs, "half-normal")


# --------------------------------------------------------------------------- constants


@pytest.mark.parametrize("shape", SHAPES)
def test_zeros_ones_constant_equal_torch_exactly(shape):
    pairs = [
        (cinit.zeros(shape), torch.nn.init.zeros_(torch.empty(shape, dtype=torch.float64))),
        (cinit.ones(shape), torch.nn.init.ones_(torch.empty(shape, dtype=torch.float64))),
    ]
    pairs += [(cinit.constant(shape, value), torch.nn.init.constant_(torch.empty(shape, dtype=torch.float64), value))
              for value in (0.1, -3.25, 1e-8, 7)]
    for ours, theirs in pairs:
        assert ours.dtype == np.float64 and ours.shape == tuple(theirs.shape)
        np.testing.assert_array_equal(ours, theirs.numpy())


def test_constant_float32_equals_torch_float32():
    ours = cinit.constant((4, 3), 0.1, dtype=np.float32)
    theirs = torch.nn.init.constant_(torch.empty(4, 3, dtype=torch.float32), 0.1)
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, theirs.numpy())


# --------------------------------------------------------------------------- orthogonal

ORTHOGONAL_SHAPES = [
    pytest.param((6, 6), id="square"),
    pytest.param((4, 10), id="wide"),
    pytest.param((10, 4), id="tall"),
    pytest.param((8, 2, 3, 3), id="conv2d-wide"),  # flattened to (8, 18)
    pytest.param((30, 2, 3), id="conv1d-tall"),  # flattened to (30, 6)
]


def _orthogonal_statistics(w: np.ndarray) -> np.ndarray:
    """Three numbers per matrix (i.i.d. across draws): first and last entry, and the sum of the first row."""
    flat = w.reshape(w.shape[0], -1)
    return np.array([flat[0, 0], flat[-1, -1], flat[0].sum()])


def _orthogonal_draws(draw, shape, n) -> np.ndarray:
    return np.array([_orthogonal_statistics(draw(shape, index)) for index in range(n)])


def _orthogonal_ours(shape, gain, label, qr_sign_fix=True):
    rng = np.random.default_rng(_seed("ours:" + label))
    if qr_sign_fix:
        return _orthogonal_draws(lambda s, _: cinit.orthogonal(s, gain, rng=rng), shape, N_ORTHOGONAL_DRAWS)

    def unfixed(s, _):  # the deliberately wrong variant: Q of a QR without the sign fix
        rows, cols = s[0], math.prod(s[1:])
        a = rng.standard_normal((rows, cols))
        q, _r = np.linalg.qr(a.T if rows < cols else a)
        return gain * (q.T if rows < cols else q).reshape(s)

    return _orthogonal_draws(unfixed, shape, N_ORTHOGONAL_DRAWS)


def _orthogonal_torch(shape, gain, label):
    base = _seed("torch:" + label)

    def draw(s, index):
        t = torch.empty(s, dtype=torch.float64)
        torch.nn.init.orthogonal_(t, gain, generator=torch.Generator().manual_seed(base + index))
        return t.numpy()

    return _orthogonal_draws(draw, shape, N_ORTHOGONAL_DRAWS)


@pytest.mark.parametrize("gain", [1.0, math.sqrt(2)])
@pytest.mark.parametrize("shape", ORTHOGONAL_SHAPES)
def test_orthogonal_matches_torch(shape, gain):
    label = f"orthogonal{shape}{gain}"
    ours = _orthogonal_ours(shape, gain, label)
    theirs = _orthogonal_torch(shape, gain, label)
    for column, name in enumerate(["first entry", "last entry", "first row sum"]):
        assert_same_distribution(ours[:, column], theirs[:, column], f"{label} {name}")


# Small enough that LAPACK stays single-threaded: a multi-threaded QR of (300, 500) took seconds when the
# machine was loaded (OpenBLAS threads contending), and test_init.py already checks large shapes.
@pytest.mark.parametrize(("shape", "gain"), [((30, 50), 1.0), ((50, 30), math.sqrt(2)), ((64, 3, 5, 5), 0.5),
                                           ((16, 8, 3), 1.0), ((8, 4, 3, 3, 3), 2.0), ((2, 64, 3, 3), 1.0)])
def test_orthogonal_has_torchs_exact_structure(shape, gain):
    """Both are gain x (semi-)orthogonal after flattening to (shape[0], prod(shape[1:]))."""
    ours = cinit.orthogonal(shape, gain, rng=1)
    theirs = torch.nn.init.orthogonal_(torch.empty(shape, dtype=torch.float64), gain,
                                       generator=torch.Generator().manual_seed(1)).numpy()
    assert ours.shape == theirs.shape == shape
    for w in (ours, theirs):
        flat = w.reshape(shape[0], -1)
        gram = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
        np.testing.assert_allclose(gram, gain**2 * np.eye(gram.shape[0]), atol=1e-12)


# --------------------------------------------------------------------------- power: wrong variants are rejected


@pytest.fixture(scope="module")
def torch_xavier_uniform():
    shape = (300, 500)
    return shape, torch_sample(lambda t, g: torch.nn.init.xavier_uniform_(t, generator=g), shape, "power-xu")


@pytest.fixture(scope="module")
def torch_kaiming_normal():
    shape = (300, 500)
    return shape, torch_sample(lambda t, g: torch.nn.init.kaiming_normal_(t, generator=g), shape, "power-kn")


def test_power_rejects_uniform_bound_off_by_sqrt3_over_sqrt2(torch_xavier_uniform):
    """The slip a = sqrt(2 Var) instead of sqrt(3 Var): the std is sqrt(2/3) of torch's."""
    shape, theirs = torch_xavier_uniform
    fan_in, fan_out = course_lib.fan_in_and_fan_out(shape)
    wrong_bound = math.sqrt(2.0) * math.sqrt(2.0 / (fan_in + fan_out))
    wrong = ours_sample(lambda s, rng: rng.uniform(-wrong_bound, wrong_bound, size=s), shape, "power-sqrt2")
    comparison = compare(wrong, theirs)
    assert comparison.ks_rejects and comparison.var_rejects, comparison
    # the correct draw, same size, passes the same machinery
    assert_same_distribution(ours_sample(lambda s, rng: cinit.xavier_uniform(s, rng=rng), shape, "power-ok"),
                             theirs, "xavier_uniform")


def test_power_rejects_fan_out_for_fan_in(torch_kaiming_normal):
    shape, theirs = torch_kaiming_normal  # fan_in 500, fan_out 300: the variance is 5/3 of torch's
    wrong = ours_sample(lambda s, rng: cinit.kaiming_normal(s, mode="fan_out", rng=rng), shape, "power-fan")
    comparison = compare(wrong, theirs)
    assert comparison.ks_rejects and comparison.var_rejects, comparison


def test_power_rejects_a_3_percent_scale_error(torch_kaiming_normal):
    """1.03x the std: borderline for the KS test at this size (p near 1e-7), caught by the variance z-test
    (z about 14, expected 13: a margin of 7 standard errors above the threshold 6)."""
    shape, theirs = torch_kaiming_normal
    wrong = ours_sample(lambda s, rng: 1.03 * cinit.kaiming_normal(s, rng=rng), shape, "power-1.03")
    comparison = compare(wrong, theirs)
    assert comparison.var_rejects, comparison
    assert comparison.z_var > Z_MAX, comparison


def test_power_rejects_a_3_percent_scale_error_in_a_uniform(torch_xavier_uniform):
    shape, theirs = torch_xavier_uniform
    wrong = ours_sample(lambda s, rng: 0.97 * cinit.xavier_uniform(s, rng=rng), shape, "power-0.97")
    comparison = compare(wrong, theirs)
    assert comparison.rejects and comparison.z_var < -2 * Z_MAX, comparison


def test_power_ks_rejects_uniform_for_normal_at_equal_variance(torch_kaiming_normal):
    """The moments agree (same variance), only the KS test sees the wrong shape: both tests are needed."""
    shape, theirs = torch_kaiming_normal
    wrong = ours_sample(lambda s, rng: cinit.kaiming_uniform(s, rng=rng), shape, "power-shape")
    comparison = compare(wrong, theirs)
    assert comparison.ks_rejects, comparison
    assert not comparison.var_rejects and not comparison.mean_rejects, comparison


def test_power_rejects_ignoring_the_leaky_relu_slope():
    """kaiming_uniform(a=sqrt(5)) (PyTorch's nn.Linear default) drawn with a=0: the std is sqrt(3) too large."""
    shape = (300, 500)
    theirs = torch_sample(lambda t, g: torch.nn.init.kaiming_uniform_(t, a=math.sqrt(5), generator=g), shape,
                          "power-a")
    wrong = ours_sample(lambda s, rng: cinit.kaiming_uniform(s, a=0.0, rng=rng), shape, "power-a")
    assert compare(wrong, theirs).rejects


def test_power_rejects_bounds_read_as_multiples_of_std():
    """The trunc_normal pitfall: reading a=-2, b=2 as -2 std, 2 std truncates a normal that torch leaves whole."""
    shape = (300, 500)
    theirs = torch_sample(lambda t, g: torch.nn.init.trunc_normal_(t, std=0.02, generator=g), shape, "power-pit")
    wrong = ours_sample(lambda s, rng: cinit.trunc_normal(s, std=0.02, a=-0.04, b=0.04, rng=rng), shape,
                        "power-pit")
    comparison = compare(wrong, theirs)
    assert comparison.ks_rejects and comparison.var_rejects, comparison


def test_power_rejects_a_wrong_tail_sampler():
    """On [2, 2.5] for N(0, 1), a uniform draw on [a, b] (rejection step forgotten) is rejected."""
    shape, kwargs = (300, 500), {"a": 2.0, "b": 2.5}
    theirs = torch_sample(lambda t, g: torch.nn.init.trunc_normal_(t, **kwargs, generator=g), shape, "power-tail")
    wrong = ours_sample(lambda s, rng: rng.uniform(2.0, 2.5, size=s), shape, "power-tail")
    comparison = compare(wrong, theirs)
    assert comparison.ks_rejects and comparison.mean_rejects, comparison


def test_power_rejects_orthogonal_without_the_sign_fix():
    shape = (6, 6)
    theirs = _orthogonal_torch(shape, 1.0, "power-orth")
    wrong = _orthogonal_ours(shape, 1.0, "power-orth", qr_sign_fix=False)
    comparison = compare(wrong[:, 0], theirs[:, 0])
    assert comparison.ks_rejects and comparison.mean_rejects, comparison
