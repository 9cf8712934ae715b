"""Helpers for the notebooks' visible and hidden tests.

Every check raises ``AssertionError`` with a message that teaches: it says what is wrong in terms of
the concept (a ratio to the target, a transposed shape, a missing factor) and never prints the
hidden expected value.

The ``check_*`` functions return ``None`` on purpose: nbgrader reads a number that a graded cell
*displays* as partial credit, so a test cell must never end in an expression with a numeric value.

Statistical checks and their error rates
----------------------------------------
:func:`check_std` compares the second moment ``m = mean(x**2)`` of ``n`` i.i.d. draws with the
target variance ``s**2``. For a zero-mean distribution with kurtosis ``k`` (3 for a normal, 1.8 for
a uniform) ``Var(m) = (k - 1) s**4 / n``, so ``Z = (m / s**2 - 1) / sqrt((k - 1) / n)`` is close to
N(0, 1) and a correct answer fails only when ``|Z| > z``. With the default ``z = 6`` the normal
tail is ``2e-9``: even if the central-limit approximation were off by a factor of 100 at
``n >= 10_000``, a correct answer fails with probability below ``1e-6``. A relative error ``e`` of
the standard deviation shifts ``Z`` by about ``2 e / sqrt((k - 1) / n)``: at
``e = z * sqrt((k - 1) / n) / 2`` (what :func:`detectable_std_error` returns) it is caught half the
time, at twice that with probability above ``1 - 1e-9``.

:func:`check_distribution` runs a one-sample Kolmogorov-Smirnov test and fails when ``p < alpha``
(default ``1e-7``): a correct answer fails with probability ``alpha``.

Seeds and margins (for measuring the tests, never needed to grade)
-------------------------------------------------------------------
Hidden tests seed every generator through :func:`seed`: ``np.random.default_rng(grading.seed(11))``,
``draw_many(..., seed=grading.seed(101))``. A grading run leaves ``COURSE_GRADING_SEED_OFFSET``
unset, so each test draws what it always drew and grading a submission twice gives the same score;
``tools/flake_rate.py`` sets it to ``1, 2, ...`` to rerun the tests on fresh random inputs.

With ``COURSE_GRADING_MARGINS=1`` every statistical check also appends to :data:`recorded_margins`
how close it came to failing (:func:`record_margin`); nothing is printed and no result changes.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import math
import numbers
import os
import sys
import types
import warnings

import numpy as np

Z_THRESHOLD = 6.0
KS_ALPHA = 1e-7

SEED_OFFSET_VARIABLE = "COURSE_GRADING_SEED_OFFSET"
MARGINS_VARIABLE = "COURSE_GRADING_MARGINS"
SEED_STRIDE = 2**32

recorded_margins: list[dict] = []
"""Filled by :func:`record_margin` while ``COURSE_GRADING_MARGINS=1``; whoever reads it clears it."""


def seed_offset() -> int:
    """The rerun index ``k >= 0`` in ``COURSE_GRADING_SEED_OFFSET`` (unset or empty: 0, a grading run)."""
    raw = os.environ.get(SEED_OFFSET_VARIABLE, "").strip()
    if not raw:
        return 0
    try:
        offset = int(raw)
    except ValueError:
        offset = -1
    if offset < 0:
        raise ValueError(f"{SEED_OFFSET_VARIABLE} must be an integer >= 0, got {raw!r}")
    return offset


def seed(base: int) -> int:
    """The seed a test's generator gets for the literal ``base``: ``base + k * 2**32`` at rerun ``k``.

    ``k`` is :func:`seed_offset`, 0 in a grading run, so ``seed(base) == base`` and every test keeps
    its fixed inputs. Distinct ``(base, k)`` give distinct seeds (``0 <= base < 2**32``), so the checks
    of one rerun stay independent of each other and reruns draw inputs no other rerun saw.
    """
    if isinstance(base, bool) or not isinstance(base, (int, np.integer)):
        raise TypeError(f"base must be an int, got {type(base).__name__}")
    if not 0 <= base < SEED_STRIDE:
        raise ValueError(f"base must be in [0, 2**32), got {base}")
    return int(base) + seed_offset() * SEED_STRIDE


def record_margin(check: str, statistic: float, threshold: float) -> None:
    """While ``COURSE_GRADING_MARGINS=1``, note how close a check came to failing; otherwise do nothing.

    ``statistic >= 0`` grows as the answer looks more wrong and the check fails when
    ``statistic > threshold``; the record holds ``margin = threshold / statistic`` (``inf`` at 0): above
    1 the check passed, and the statistic could grow by that factor before it failed. Examples: ``|Z|``
    against ``z``; ``-log(p)`` against ``-log(alpha)`` (so ``margin = log(alpha) / log(p)``).
    """
    if os.environ.get(MARGINS_VARIABLE, "") != "1":
        return
    statistic, threshold = float(statistic), float(threshold)
    if math.isnan(statistic):
        margin = 0.0
    elif statistic <= 0.0:
        margin = math.inf
    else:
        margin = threshold / statistic
    recorded_margins.append({"check": str(check), "statistic": statistic, "threshold": threshold,
                             "margin": margin})


def _label(fn) -> str:
    return f"{getattr(fn, '__name__', 'your function')}()"


class NotAnswered(AssertionError):
    """The learner's function still raises the release's ``NotImplementedError``; ``short`` says which."""

    def __init__(self, fn):
        self.short = f"{_label(fn)} is not answered yet"
        super().__init__(f"{self.short}: replace `raise NotImplementedError()` in its answer cell "
                         "with your code, run that cell, then this one")


def call_quietly(fn, *args, **kwargs):
    """Call the learner's ``fn`` with warnings, NumPy floating-point warnings and stderr silenced.

    nbgrader scores a graded cell 0 when anything reaches stderr, so a correct answer that
    triggers a harmless ``RuntimeWarning`` must not print it. An answer cell left as released
    (its body still ``raise NotImplementedError()``) fails with an ``AssertionError`` that says so.
    """
    if not callable(fn):
        raise AssertionError(f"{fn!r} should be a function: run the answer cell that defines it")
    with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs)
        except NotImplementedError:
            raise NotAnswered(fn) from None


def learner_value(fn, *args, **kwargs):
    """The learner's ``fn(*args, **kwargs)``, or ``None`` when it is unanswered or fails; never raises.

    For plain cells that show an answer beside a simulation: Run All on an untouched notebook must
    reach the end, so such a cell prints a one-line note instead of stopping at an unanswered exercise.
    """
    try:
        return call_quietly(fn, *args, **kwargs)
    except NotAnswered as error:
        print(f"(no answer to show: {error.short})")
    except AssertionError as error:
        print(f"(no answer to show: {error})")
    except Exception as error:  # noqa: BLE001 - any failure of the learner's code is reported, not raised
        print(f"(no answer to show: {_label(fn)} raised {type(error).__name__}: {error})")
    return None


def check_number(value, name: str, *, positive: bool = False, low: float | None = None,
                 high: float | None = None) -> float:
    """``value`` must be one finite real number (optionally > 0, within ``[low, high]``); returns a float.

    A visible test's type-and-range check: it says nothing about the expected value.
    """
    result = as_float(value, name)
    if positive and not result > 0:
        raise AssertionError(f"{name} should be positive, got {result:.4g}")
    if low is not None and result < low:
        raise AssertionError(f"{name} should be at least {low:g}, got {result:.4g}")
    if high is not None and result > high:
        raise AssertionError(f"{name} should be at most {high:g}, got {result:.4g}")
    return result


def check_choice(value, options, name: str):
    """``value`` must be one of ``options`` (compared with ``==``, type-checked); returns it."""
    options = list(options)
    if not any(type(value) is type(option) and value == option for option in options):
        shown = ", ".join(repr(option) for option in options)
        raise AssertionError(f"{name} should be one of {shown}; got {value!r}")
    return value


def check_array(value, name: str, shape=None) -> np.ndarray:
    """``value`` must be a ``numpy.ndarray`` of real numbers, finite, of ``shape``; returns a float64 copy."""
    if type(value) is not np.ndarray:
        raise AssertionError(f"{name} should be a numpy.ndarray, got {type(value).__name__}")
    if value.dtype.kind not in "fiu":
        raise AssertionError(f"{name} should hold real numbers, got dtype {value.dtype}")
    if shape is not None:
        shape = tuple(int(s) for s in shape)
        if value.shape != shape:
            if value.shape == shape[::-1] and len(shape) >= 2:
                raise AssertionError(
                    f"{name} has shape {value.shape}, the transpose of the shape asked for {shape}: "
                    "weights use PyTorch's layout (fan_out, fan_in)"
                )
            raise AssertionError(f"{name} should have shape {shape}, got {value.shape}")
    copy = np.array(value, dtype=np.float64, copy=True)
    if not np.all(np.isfinite(copy)):
        raise AssertionError(f"{name} contains NaN or infinite values")
    return copy


def as_float(value, name: str) -> float:
    """``value`` must be a real number (Python or NumPy scalar, or a 0-d array); returns a float."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise AssertionError(f"{name} should be a number, got {type(value).__name__}")
    result = float(value)
    if not math.isfinite(result):
        raise AssertionError(f"{name} should be finite, got {result}")
    return result


def ratio_hint(ratio: float, hints=(), tolerance: float = 0.03) -> str:
    """The message of the first ``(ratio, message)`` pair in ``hints`` within ``tolerance`` of ``ratio``."""
    for expected_ratio, message in hints:
        if abs(ratio / expected_ratio - 1) <= tolerance:
            return " " + message
    return ""


def check_close(value, expected: float, name: str, rtol: float = 1e-6, hints=()) -> None:
    """A scalar answer within relative tolerance ``rtol`` of ``expected`` (which is never printed)."""
    value = as_float(value, name)
    expected = float(expected)
    if expected == 0.0:
        if abs(value) > rtol:
            raise AssertionError(f"{name} should be 0, got {value:.4g}")
        return
    if abs(value / expected - 1) > rtol:
        ratio = value / expected
        raise AssertionError(f"{name} is {ratio:.3g}x the expected value.{ratio_hint(ratio, hints)}")


def detectable_std_error(n: int, kurtosis: float = 3.0, z: float = Z_THRESHOLD) -> float:
    """The relative std error that :func:`check_std` catches half the time at sample size ``n``.

    Twice this error is caught with probability above ``1 - 1e-9``.
    """
    return z * math.sqrt((kurtosis - 1) / n) / 2


def check_std(samples, target_std: float, name: str, *, kurtosis: float = 3.0, z: float = Z_THRESHOLD,
              hints=(), check_mean: bool = True) -> None:
    """The samples' root mean square must match ``target_std`` (see the module docstring for error rates).

    ``samples`` are i.i.d. draws of a zero-mean distribution with the given ``kurtosis``; ``hints``
    are ``(ratio, message)`` pairs naming plausible mistakes by the ratio observed/target they give.
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    n = x.size
    if n < 1000:
        raise ValueError(f"check_std needs at least 1000 samples to be reliable, got {n}")
    target_var = float(target_std) ** 2
    if check_mean:
        mean_z = abs(x.mean()) / (math.sqrt(target_var / n))
        record_margin(f"check_std mean of {name}", mean_z, z)
        if mean_z > z:
            raise AssertionError(
                f"{name} should have mean 0, but its mean is {x.mean():.3g} (std {x.std():.3g}): are the "
                "values centred?"
            )
    second_moment = float(np.mean(x * x))
    stat = (second_moment / target_var - 1) / math.sqrt((kurtosis - 1) / n)
    ratio = math.sqrt(second_moment / target_var)
    record_margin(f"check_std of {name}", abs(stat), z)
    if abs(stat) > z:
        raise AssertionError(
            f"the standard deviation of {name} is about {ratio:.3g}x the target.{ratio_hint(ratio, hints)}"
        )


def check_distribution(samples, cdf, name: str, *, alpha: float = KS_ALPHA, hint: str = "") -> None:
    """Kolmogorov-Smirnov test of the samples against ``cdf``; fails when ``p < alpha``."""
    from scipy import stats

    x = np.asarray(samples, dtype=np.float64).ravel()
    p_value = float(stats.kstest(x, cdf).pvalue)
    record_margin(f"check_distribution of {name}", -math.log(p_value) if p_value > 0 else math.inf,
                  -math.log(alpha))
    if p_value < alpha:
        raise AssertionError(
            f"the values of {name} do not follow the distribution asked for (Kolmogorov-Smirnov "
            f"p = {p_value:.1e}).{' ' + hint if hint else ''}"
        )


def uniform_cdf(bound: float):
    """CDF of ``U(-bound, bound)``."""
    return lambda x: np.clip((np.asarray(x) + bound) / (2 * bound), 0.0, 1.0)


def normal_cdf(std: float):
    """CDF of ``N(0, std**2)``."""
    from scipy import stats

    return stats.norm(0.0, std).cdf


def draw_many(fn, shape, n_min: int, seed: int, **kwargs) -> np.ndarray:
    """Call ``fn(shape, rng=Generator, **kwargs)`` with fresh seeded generators until ``n_min`` values.

    Every call's result is checked with :func:`check_array` against ``shape``; returns all values flat.
    Tests pass ``seed=grading.seed(base)`` so that reruns can vary it (see :func:`seed`).
    """
    out = []
    total = 0
    seeds = np.random.SeedSequence(seed).spawn(1 + n_min // max(1, math.prod(shape)))
    for child in seeds:
        value = call_quietly(fn, shape, rng=np.random.default_rng(child), **kwargs)
        out.append(check_array(value, f"the result of {getattr(fn, '__name__', 'your function')}{shape}",
                               shape).ravel())
        total += out[-1].size
        if total >= n_min:
            break
    return np.concatenate(out)


_forbidden_hits: list[int] = []


class _BlockImport:
    """A meta-path finder that makes ``import torch`` (and its submodules) fail.

    Unlike ``sys.modules["torch"] = None`` it leaves ``sys.modules`` alone, so libraries that probe
    ``sys.modules`` for torch (SciPy's array-API layer does) keep working.
    """

    def __init__(self, top_level: str):
        self.top_level = top_level

    def find_spec(self, name, path=None, target=None):
        if name == self.top_level or name.startswith(self.top_level + "."):
            raise ImportError(f"{self.top_level} is not available in this test")
        return None


def _forbidden_call(*args, **kwargs):
    # This code object replaces forbidden functions' code, so it runs with *their* globals:
    # it may use builtins only, and reaches this module through sys.modules.
    import sys

    sys.modules["course_lib.grading"]._forbidden_hits.append(1)
    raise AssertionError("a forbidden library function was called")


def _blockable_functions(module: types.ModuleType):
    """The package's own Python functions in ``module``: its functions and the methods of its classes.

    What a module merely imported from elsewhere (``dataclasses.dataclass``, a NumPy helper) is left
    alone, so the learner's own code keeps working; so are dunder methods (``__init__``, ``__repr__``,
    ``__eq__``): objects the tests hand over stay usable, their computing methods do not.
    """
    package = module.__name__.split(".")[0]

    def own(function) -> bool:
        return (isinstance(function, types.FunctionType) and not function.__code__.co_freevars
                and str(getattr(function, "__module__", "")).split(".")[0] == package
                and function.__module__ != __name__)

    for value in list(vars(module).values()):
        if own(value):
            yield value
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, member in vars(value).items():
                function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                if not (attribute.startswith("__") and attribute.endswith("__")) and own(function):
                    yield function


@contextlib.contextmanager
def forbidding(*module_names: str, who: str = "your function", advice: str = "write it with NumPy and math only"):
    """While the block runs, every Python function of the named modules raises instead of running.

    That is each module's own functions and its classes' methods (``MLP.forward`` as well as
    ``stats.forward_variance``), not what it imported from elsewhere and not dunder methods.

    For exercises that say "implement it yourself": the test calls the learner's function inside
    ``with forbidding("course_lib.init", "torch.nn.init", who="xavier_uniform"):``. Each function's
    code object is swapped, so aliases imported by name (``from course_lib.init import
    xavier_uniform as xu``) are caught too; a module not imported yet is imported first (except
    torch: if it is not loaded, ``import torch`` is made to fail inside the block). Everything is
    restored when the block ends. A call raises ``AssertionError`` naming ``who`` and ``advice``.
    """
    swapped: list[tuple[types.FunctionType, types.CodeType]] = []
    blocked_torch = None
    packages = " or ".join(dict.fromkeys(name.split(".")[0] for name in module_names))
    message = f"{who} called a {packages} function: {advice}"
    _forbidden_hits.clear()
    try:
        for name in module_names:
            if name.split(".")[0] == "torch" and "torch" not in sys.modules:
                if blocked_torch is None:  # `import torch` raises ImportError inside the block
                    blocked_torch = _BlockImport("torch")
                    sys.meta_path.insert(0, blocked_torch)
                continue
            for function in _blockable_functions(importlib.import_module(name)):
                if function.__code__ is not _forbidden_call.__code__:  # not swapped already
                    swapped.append((function, function.__code__))
                    function.__code__ = _forbidden_call.__code__
        try:
            yield
        except ImportError as error:
            if blocked_torch and "torch" in str(error):
                raise AssertionError(f"{who} imported torch: {advice}") from None
            raise
        except AssertionError:
            if _forbidden_hits:
                raise AssertionError(message) from None
            raise
        if _forbidden_hits:  # the learner's code caught the error and went on
            raise AssertionError(message)
    finally:
        for function, code in reversed(swapped):
            function.__code__ = code
        if blocked_torch is not None:
            sys.meta_path.remove(blocked_torch)
