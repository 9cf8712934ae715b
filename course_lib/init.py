"""Reference weight initializers in NumPy that agree with ``torch.nn.init`` in distribution.

Shapes follow PyTorch's layout ``(fan_out, fan_in, *kernel)``; a dense layer computes
``x @ W.T``. Every function takes the shape, ``rng=None | int | numpy.random.Generator`` and
``dtype`` (default ``float64``) and returns a new array.

All the fan-based schemes are one function, :func:`variance_scaling` (as in JAX), which draws
entries with ``Var(W) = scale / n`` where ``n`` is ``fan_in``, ``fan_out`` or their average:

| name             | scale    | mode    | distribution | paper                          |
|------------------|----------|---------|--------------|--------------------------------|
| xavier_uniform   | gain**2  | fan_avg | uniform      | Glorot & Bengio (2010)         |
| xavier_normal    | gain**2  | fan_avg | normal       | Glorot & Bengio (2010)         |
| kaiming_uniform  | gain**2  | mode    | uniform      | He et al. (2015)               |
| kaiming_normal   | gain**2  | mode    | normal       | He et al. (2015)               |
| lecun_uniform    | 1        | fan_in  | uniform      | LeCun et al. (1998)            |
| lecun_normal     | 1        | fan_in  | normal       | LeCun et al. (1998); Klambauer et al. (2017) |

``U(-a, a)`` has variance ``a**2 / 3``, so the uniform forms use the bound ``a = sqrt(3 * Var)``.
"""

from __future__ import annotations

import math

import numpy as np

from ._fill import normal_float32, truncated_normal_float32
from ._validation import as_float_dtype, as_real, as_rng, as_shape, one_of
from .fans import FAN_MODES, fan, fan_in_and_fan_out
from .gain import calculate_gain

DISTRIBUTIONS = ("normal", "uniform", "truncated_normal")
# std of a standard normal truncated to [-2, 2]; JAX divides by it so the variance stays `scale / n`.
_TRUNCATED_STD_2SIGMA = 0.87962566103423978


def _shape_and_dtype(shape, dtype):
    """The validated shape (tuple of ints) and floating dtype every initializer takes."""
    return as_shape(shape), as_float_dtype(dtype)


def variance_scaling(shape, *, scale: float = 1.0, mode: str = "fan_in", distribution: str = "normal",
                     rng=None, dtype=np.float64) -> np.ndarray:
    """Draw entries with ``Var(W) = scale / n``, ``n = fan_in | fan_out | (fan_in + fan_out) / 2``.

    - ``distribution="normal"``: ``N(0, scale / n)``;
    - ``distribution="uniform"``: ``U(-a, a)`` with ``a = sqrt(3 * scale / n)``;
    - ``distribution="truncated_normal"``: a normal truncated at two of its standard deviations,
      rescaled so that the variance is still ``scale / n`` (JAX's and Keras's convention).

    >>> W = variance_scaling((256, 512), scale=2.0, mode="fan_in", rng=0)   # He normal
    >>> round(float(W.var() * 512), 1)
    2.0
    """
    shape, dtype = _shape_and_dtype(shape, dtype)
    scale = as_real(scale, "scale", non_negative=True)
    one_of(mode, "mode", FAN_MODES)
    one_of(distribution, "distribution", DISTRIBUTIONS)
    rng = as_rng(rng)
    n = fan(shape, mode)
    std = math.sqrt(scale / n) if n > 0 else 0.0
    if distribution == "normal":
        if std > 0 and dtype == np.float32:
            return _normal_float32(shape, 0.0, std, rng)
        values = rng.normal(0.0, std, size=shape) if std > 0 else np.zeros(shape)
    elif distribution == "uniform":
        bound = math.sqrt(3.0) * std
        if dtype == np.float32:
            return _uniform_float32(shape, -bound, bound, rng)
        values = rng.uniform(-bound, bound, size=shape)
    else:
        sigma = std / _TRUNCATED_STD_2SIGMA
        if sigma > 0 and dtype == np.float32:
            return _truncated_normal_float32(shape, 0.0, sigma, -2 * sigma, 2 * sigma, rng)
        values = _truncated_normal(shape, 0.0, sigma, -2 * sigma, 2 * sigma, rng) if sigma > 0 else np.zeros(shape)
    return values.astype(dtype, copy=False)


def uniform(shape, a: float = 0.0, b: float = 1.0, *, rng=None, dtype=np.float64) -> np.ndarray:
    """``U(a, b)``, as ``torch.nn.init.uniform_``."""
    shape, dtype = _shape_and_dtype(shape, dtype)
    a, b = as_real(a, "a"), as_real(b, "b")
    if a > b:
        raise ValueError(f"a must not exceed b, got a={a} > b={b}")
    if dtype == np.float32:
        return _uniform_float32(shape, a, b, as_rng(rng))
    return as_rng(rng).uniform(a, b, size=shape).astype(dtype, copy=False)


def normal(shape, mean: float = 0.0, std: float = 1.0, *, rng=None, dtype=np.float64) -> np.ndarray:
    """``N(mean, std**2)``, as ``torch.nn.init.normal_``."""
    shape, dtype = _shape_and_dtype(shape, dtype)
    mean, std = as_real(mean, "mean"), as_real(std, "std", non_negative=True)
    if dtype == np.float32:
        return _normal_float32(shape, mean, std, as_rng(rng))
    return as_rng(rng).normal(mean, std, size=shape).astype(dtype, copy=False)


# float32 draws: single precision directly, never float64 then a cast. Normals (and truncated normals) come
# from _fill's vectorized Box-Muller, about 3 ns per value here against 9 ns for NumPy's float32 ziggurat and
# 3.8 ns for torch's float32 Box-Muller; uniforms from NumPy's float32 uniform. No notebook draws float32. The
# float64 paths are left exactly as they were: every float64 value the notebooks print is unchanged.
def _normal_float32(shape, mean: float, std: float, rng: np.random.Generator) -> np.ndarray:
    """``N(mean, std**2)`` drawn in float32 by Box-Muller (:func:`course_lib._fill.normal_float32`), C order."""
    return normal_float32(math.prod(shape), mean, std, rng).reshape(shape)


def _uniform_float32(shape, a: float, b: float, rng: np.random.Generator) -> np.ndarray:
    """``U(a, b)`` drawn in float32: ``a + (b - a) * u``, ``u`` uniform on [0, 1) in float32."""
    values = rng.random(shape, dtype=np.float32)
    values *= np.float32(b - a)
    values += np.float32(a)
    return values


def _truncated_normal(shape, mean, std, a, b, rng) -> np.ndarray:
    """Exact samples of N(mean, std**2) conditioned on [a, b] (either bound may be infinite), by rejection.

    With standardized bounds ``alpha, beta`` (Robert, 1995):
    - when [a, b] holds a good share (> 0.3) of the normal's mass, propose from the normal itself;
    - when it lies in one tail and is wide (or unbounded), propose ``alpha + Exp(lam)`` with
      ``lam = (alpha + sqrt(alpha**2 + 4)) / 2`` and accept with ``exp(-(x - lam)**2 / 2)``;
    - otherwise (a narrow interval) propose uniformly and accept with ``pdf(x) / pdf(mode)``.
    """
    size = math.prod(shape)
    alpha, beta = (a - mean) / std, (b - mean) / std
    mirror = alpha < 0 and beta <= 0  # a left tail: sample the mirrored right tail
    if mirror:
        alpha, beta = -beta, -alpha
    mass = 0.5 * (math.erf(beta / math.sqrt(2)) - math.erf(alpha / math.sqrt(2)))
    lam = (alpha + math.sqrt(alpha * alpha + 4)) / 2 if alpha >= 0 else 0.0

    def propose(n):
        if mass > 0.3:
            proposal = rng.standard_normal(n)
            keep = (proposal >= alpha) & (proposal <= beta)
        elif alpha >= 0 and (math.isinf(beta) or beta - alpha > 1.0):
            proposal = alpha + rng.exponential(1.0 / lam, n)
            keep = (np.log(rng.random(n)) <= -0.5 * (proposal - lam) ** 2) & (proposal <= beta)
        else:
            mode = min(max(0.0, alpha), beta)
            proposal = rng.uniform(alpha, beta, n)
            keep = np.log(rng.random(n)) <= -0.5 * (proposal**2 - mode**2)
        return proposal, keep

    # The first round fills the whole array in place (no index arrays: most proposals are kept); later
    # rounds redraw the rejected positions in index order. The same draws, in the same order, as always.
    out, keep = propose(size)
    todo = np.flatnonzero(~keep)
    while todo.size:
        proposal, keep = propose(todo.size)
        out[todo[keep]] = proposal[keep]
        todo = todo[~keep]
    if mirror:
        np.negative(out, out=out)
    out *= std  # in place: the same products and sums, bit for bit, as mean + std * out
    out += mean
    return out.reshape(shape)


def trunc_normal(shape, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0, *,
                 rng=None, dtype=np.float64) -> np.ndarray:
    """``N(mean, std**2)`` conditioned on ``a <= x <= b``, as ``torch.nn.init.trunc_normal_``.

    As in PyTorch, ``a`` and ``b`` are absolute values, *not* multiples of ``std``: with
    ``std=0.02`` the default ``[-2, 2]`` truncates nothing. Note the truncated variance is
    smaller than ``std**2``. Either bound may be infinite (``a=0, b=inf`` is a half-normal).
    """
    shape, dtype = _shape_and_dtype(shape, dtype)
    mean = as_real(mean, "mean")
    std = as_real(std, "std", positive=True)
    a, b = as_real(a, "a", allow_inf=True), as_real(b, "b", allow_inf=True)
    if a >= b:
        raise ValueError(f"a must be smaller than b, got a={a}, b={b}")
    if dtype == np.float32:
        return _truncated_normal_float32(shape, mean, std, a, b, as_rng(rng))
    return _truncated_normal(shape, mean, std, a, b, as_rng(rng)).astype(dtype, copy=False)


def _truncated_normal_float32(shape, mean, std, a, b, rng) -> np.ndarray:
    """float32 truncated normal: rejection from float32 Box-Muller when [a, b] holds over 30 % of the mass
    (:func:`course_lib._fill.truncated_normal_float32`), else the float64 samplers above, cast."""
    values = truncated_normal_float32(math.prod(shape), mean, std, a, b, rng)
    if values is None:
        return _truncated_normal(shape, mean, std, a, b, rng).astype(np.float32)
    return values.reshape(shape)


def zeros(shape, *, dtype=np.float64) -> np.ndarray:
    """All zeros, as ``torch.nn.init.zeros_``."""
    shape, dtype = _shape_and_dtype(shape, dtype)
    return np.zeros(shape, dtype=dtype)


def constant(shape, value: float, *, dtype=np.float64) -> np.ndarray:
    """Every entry equal to ``value``, as ``torch.nn.init.constant_``."""
    shape, dtype = _shape_and_dtype(shape, dtype)
    return np.full(shape, as_real(value, "value"), dtype=dtype)


def ones(shape, *, dtype=np.float64) -> np.ndarray:
    """All ones, as ``torch.nn.init.ones_``."""
    return constant(shape, 1.0, dtype=dtype)


def xavier_uniform(shape, gain: float = 1.0, *, rng=None, dtype=np.float64) -> np.ndarray:
    """Glorot & Bengio (2010): ``U(-a, a)``, ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Equivalent to ``Var(W) = gain**2 * 2 / (fan_in + fan_out)``; as ``torch.nn.init.xavier_uniform_``.
    """
    gain = as_real(gain, "gain", non_negative=True)
    return variance_scaling(shape, scale=gain**2, mode="fan_avg", distribution="uniform", rng=rng, dtype=dtype)


def xavier_normal(shape, gain: float = 1.0, *, rng=None, dtype=np.float64) -> np.ndarray:
    """Glorot & Bengio (2010): ``N(0, std**2)``, ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    As ``torch.nn.init.xavier_normal_``.
    """
    gain = as_real(gain, "gain", non_negative=True)
    return variance_scaling(shape, scale=gain**2, mode="fan_avg", distribution="normal", rng=rng, dtype=dtype)


def _kaiming_gain(a, nonlinearity) -> float:
    a = as_real(a, "a")
    return calculate_gain(nonlinearity, a)


def kaiming_uniform(shape, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", *,
                    rng=None, dtype=np.float64) -> np.ndarray:
    """He et al. (2015): ``U(-bound, bound)``, ``bound = gain * sqrt(3 / fan_mode)``.

    ``gain = calculate_gain(nonlinearity, a)``; the defaults (``leaky_relu`` with ``a=0``) give
    ``gain = sqrt(2)``, i.e. ``Var(W) = 2 / fan_in``. ``mode="fan_out"`` preserves the variance of
    the backward pass instead of the forward one. As ``torch.nn.init.kaiming_uniform_``.
    PyTorch's default for ``nn.Linear`` and ``nn.ConvNd`` weights is this with ``a=sqrt(5)``,
    i.e. ``Var(W) = 1 / (3 * fan_in)``: not He's ``2 / fan_in``.
    """
    one_of(mode, "mode", ("fan_in", "fan_out"))
    gain = _kaiming_gain(a, nonlinearity)
    return variance_scaling(shape, scale=gain**2, mode=mode, distribution="uniform", rng=rng, dtype=dtype)


def kaiming_normal(shape, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", *,
                   rng=None, dtype=np.float64) -> np.ndarray:
    """He et al. (2015): ``N(0, std**2)``, ``std = gain / sqrt(fan_mode)``.

    With the defaults ``Var(W) = 2 / fan_in``. As ``torch.nn.init.kaiming_normal_``.
    """
    one_of(mode, "mode", ("fan_in", "fan_out"))
    gain = _kaiming_gain(a, nonlinearity)
    return variance_scaling(shape, scale=gain**2, mode=mode, distribution="normal", rng=rng, dtype=dtype)


def lecun_uniform(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """LeCun et al. (1998): ``U(-a, a)``, ``a = sqrt(3 / fan_in)``, i.e. ``Var(W) = 1 / fan_in``."""
    return variance_scaling(shape, scale=1.0, mode="fan_in", distribution="uniform", rng=rng, dtype=dtype)


def lecun_normal(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """LeCun et al. (1998): ``N(0, 1 / fan_in)``; the init SELU needs (Klambauer et al., 2017).

    PyTorch has no ``lecun_normal_``; its docs recommend ``kaiming_normal_(w, nonlinearity="linear")``,
    which is this distribution. JAX and Keras draw it from a truncated normal of the same variance.
    """
    return variance_scaling(shape, scale=1.0, mode="fan_in", distribution="normal", rng=rng, dtype=dtype)


def orthogonal(shape, gain: float = 1.0, *, rng=None, dtype=np.float64) -> np.ndarray:
    """A (semi-)orthogonal matrix times ``gain``, Haar-distributed; Saxe et al. (2014).

    The trailing dimensions are flattened: ``rows = shape[0]``, ``cols = prod(shape[1:])``. A
    Gaussian matrix (transposed when ``rows < cols``) is factored ``A = QR``; multiplying each
    column of ``Q`` by the sign of ``R``'s diagonal makes ``Q`` uniform (Haar) on the orthogonal
    group (Mezzadri, 2007). Rows are orthonormal when ``rows <= cols``, columns otherwise.
    As ``torch.nn.init.orthogonal_``.

    Two constructions, by (dtype, shape) only, so that the same seed gives the same matrix anywhere:

    - ``float64`` with ``min(rows, cols) < 512`` (every size the notebooks use): the QR route above, bit
      for bit what ``numpy.linalg.qr`` of ``rng.standard_normal((rows, cols))`` gives (LAPACK ``dgeqrf``
      then ``dorgqr``), so these values never changed.
    - ``float32`` (any shape) and ``float64`` with ``min(rows, cols) >= 512`` skip the factorization: the
      Householder vectors come straight from Gaussian draws ``rng.standard_normal((min, max), dtype)``,
      ``Q = H_1 H_2 ... H_k`` (Stewart, 1980), which has the same Haar law (the column of a Gaussian
      matrix that the earlier reflectors have reflected is again Gaussian and independent of them) for
      half the cost: only ``dorgqr``. float32 forms ``Q`` in float32 (LAPACK ``sorgqr``, through SciPy;
      NumPy's QR would compute in float64), as torch does: orthonormal to a few float32 ulps (about 3e-7).

    Other dtypes (float16) take the float64 route and are cast.
    """
    shape, dtype = _shape_and_dtype(shape, dtype)
    gain = as_real(gain, "gain")
    if len(shape) < 2:
        raise ValueError(f"shape must have at least 2 dimensions for an orthogonal matrix, got {shape}")
    rng = as_rng(rng)
    rows = shape[0]
    cols = math.prod(shape[1:])
    if rows == 0 or cols == 0:
        return np.zeros(shape, dtype=dtype)
    stewart = _LAPACK is not None and (dtype == np.float32 or min(rows, cols) >= ORTHOGONAL_STEWART_MIN)
    if stewart:
        work = np.float32 if dtype == np.float32 else np.float64
        draws = rng.standard_normal((min(rows, cols), max(rows, cols)), dtype=work).T  # column-major
        reflectors, tau, signs = _stewart_reflectors(draws)
        q = _householder_q_float32(reflectors, tau) if work is np.float32 else _householder_q(reflectors, tau)
        q *= (signs * gain).astype(work)
    else:
        gaussian = rng.standard_normal((rows, cols))
        q, signs = _haar_qr(gaussian if rows >= cols else gaussian.T)
        q *= signs * gain  # signs are +-1: the same bits as multiplying by the signs, then by the gain
    if rows < cols:
        q = q.T
    return q.reshape(shape).astype(dtype, copy=False)


# The smallest min(rows, cols) at which float64 orthogonal takes Stewart's construction (half the work of
# QR, different values): above every float64 orthogonal matrix the notebooks draw (at most 256 x 256).
ORTHOGONAL_STEWART_MIN = 512


try:  # NumPy's own LAPACK gufuncs behind numpy.linalg.qr (dgeqrf, dorgqr), called without qr's copies
    from numpy.linalg import _umath_linalg as _LAPACK

    if not (hasattr(_LAPACK, "qr_r_raw") and hasattr(_LAPACK, "qr_reduced")):  # pragma: no cover
        _LAPACK = None
except ImportError:  # pragma: no cover - a NumPy without them: numpy.linalg.qr does the same work
    _LAPACK = None


def _householder_q(reflectors: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """``Q`` (m x k) of LAPACK's ``dorgqr`` from the reflectors stored below the diagonal and ``tau`` (k)."""
    m, k = reflectors.shape
    out = np.empty((k, m)).T  # column-major, as LAPACK writes it: no transposing copy
    with np.errstate(all="ignore"):
        return _LAPACK.qr_reduced(reflectors, tau, signature="dd->d", out=out)


def _householder_q_float32(reflectors: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """``Q`` (m x k, float32, column-major) of LAPACK's ``sorgqr`` from float64 reflectors and ``tau``, rounded."""
    from scipy.linalg import lapack

    m, k = reflectors.shape
    work = reflectors.astype(np.float32, order="F")
    q, _, info = lapack.sorgqr(work, tau.astype(np.float32), lwork=max(1, 64 * k), overwrite_a=1)
    if info != 0:  # pragma: no cover - only for invalid arguments
        raise RuntimeError(f"LAPACK sorgqr failed with info={info}")
    return q


def _haar_qr(gaussian: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(``Q`` of ``gaussian = QR`` (m >= n), the signs of ``R``'s diagonal with 0 counted as +1).

    Bit for bit what ``numpy.linalg.qr(gaussian)`` computes (LAPACK ``dgeqrf``, then ``dorgqr``), minus
    its copies: the factorization overwrites ``gaussian`` when it is column-major, else a column-major copy.
    """
    if _LAPACK is None:  # pragma: no cover
        q, r = np.linalg.qr(gaussian)
        diagonal = np.diag(r)
    else:
        work = gaussian if gaussian.flags.f_contiguous else np.asfortranarray(gaussian)
        with np.errstate(all="ignore"):
            tau = _LAPACK.qr_r_raw(work, signature="d->d")  # R on and above the diagonal, reflectors below
        diagonal = np.diagonal(work).copy()
        q = _householder_q(work, tau)
    signs = np.sign(diagonal)
    signs[signs == 0] = 1.0
    return q, signs


def _stewart_reflectors(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Householder reflectors in LAPACK's storage (as ``dlarfg`` makes them) from Gaussian draws.

    Column ``j`` of ``draws`` (m x k, m >= k) gives ``x = draws[j:, j]``: ``beta = -sign(x_0) |x|``,
    ``tau = (beta - x_0) / beta``, ``v = x[1:] / (x_0 - beta)`` (``tau = 0``, ``beta = x_0`` when ``x[1:]``
    is zero). Returns (the m x k column-major float64 matrix with ``v`` below the diagonal, ``tau``,
    ``sign(beta)``, the sign of ``R``'s diagonal that the Haar sign fix uses).
    """
    below = np.tril(draws.astype(np.float64, order="F"), -1)
    alpha = np.diagonal(draws).astype(np.float64)
    tail = np.sqrt(np.einsum("ij,ij->j", below, below))
    reflect = tail > 0
    beta = np.where(reflect, -np.copysign(np.hypot(alpha, tail), alpha), alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = np.where(reflect, (beta - alpha) / beta, 0.0)
        below *= np.where(reflect, 1.0 / (alpha - beta), 0.0)
    signs = np.sign(beta)
    signs[signs == 0] = 1.0
    return np.asfortranarray(below), tau, signs


# The names other frameworks and papers use.
glorot_uniform = xavier_uniform
glorot_normal = xavier_normal
he_uniform = kaiming_uniform
he_normal = kaiming_normal

__all__ = [
    "DISTRIBUTIONS", "variance_scaling", "uniform", "normal", "trunc_normal", "zeros", "ones", "constant",
    "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "lecun_uniform", "lecun_normal",
    "orthogonal", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "fan_in_and_fan_out",
    "calculate_gain",
]
