"""grading.forbidding: "write it yourself" exercises fail answers that delegate to the library."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from course_lib import grading, init
from course_lib.init import xavier_uniform as aliased_xavier_uniform

MODULES = ("course_lib.init", "course_lib.fans", "course_lib.gain", "torch.nn.init")


def own(shape, rng=None):
    bound = math.sqrt(6 / sum(shape))
    return rng.uniform(-bound, bound, shape)


def via_module(shape, rng=None):
    return init.xavier_uniform(shape, rng=rng)


def via_alias(shape, rng=None):
    return aliased_xavier_uniform(shape, rng=rng)


def via_fans(shape, rng=None):
    fan_in, fan_out = init.fan_in_and_fan_out(shape)
    return rng.uniform(-1, 1, shape) * math.sqrt(6 / (fan_in + fan_out))


def swallowing(shape, rng=None):
    try:
        return init.xavier_uniform(shape, rng=rng)
    except Exception:
        return own(shape, rng)


def via_torch(shape, rng=None):
    import torch

    weight = torch.empty(shape, dtype=torch.float64)
    torch.nn.init.xavier_uniform_(weight)
    return weight.numpy()


def call(fn):
    with grading.forbidding(*MODULES, who=fn.__name__):
        return grading.call_quietly(fn, (3, 5), rng=np.random.default_rng(0))


def test_own_code_passes():
    assert call(own).shape == (3, 5)


@pytest.mark.parametrize("fn", [via_module, via_alias, via_fans, swallowing], ids=lambda f: f.__name__)
def test_delegating_answers_fail_with_a_teaching_message(fn):
    with pytest.raises(AssertionError, match=rf"{fn.__name__} called a course_lib or torch function: .*NumPy"):
        call(fn)


def test_everything_is_restored_afterwards():
    with pytest.raises(AssertionError):
        call(via_alias)
    assert init.xavier_uniform((3, 5), rng=0).shape == (3, 5)
    assert aliased_xavier_uniform((3, 5), rng=0).shape == (3, 5)


def test_torch_delegation_fails_whether_or_not_torch_is_loaded():
    loaded = "torch" in sys.modules
    with pytest.raises(AssertionError, match="via_torch"):
        call(via_torch)
    assert ("torch" in sys.modules) == loaded and sys.modules.get("torch", 1) is not None
    assert not any(type(finder).__name__ == "_BlockImport" for finder in sys.meta_path)
    pytest.importorskip("torch")
    with pytest.raises(AssertionError, match="via_torch called a course_lib or torch function"):
        call(via_torch)


def test_scipy_still_works_inside_the_block():
    """SciPy probes sys.modules for torch: blocking the import must not plant a fake entry there."""
    from scipy import stats

    with grading.forbidding(*MODULES, who="own"):
        assert stats.kstest(np.linspace(-0.99, 0.99, 500), "uniform", args=(-1, 2)).pvalue > 0.5


def test_an_unrelated_assertion_passes_through():
    def failing(shape, rng=None):
        raise AssertionError("my own check")

    with pytest.raises(AssertionError, match="my own check"):
        call(failing)


def test_what_a_blocked_module_merely_imports_keeps_working():
    """course_lib.diagnosis imports dataclasses.dataclass: blocking the module must leave dataclass alone."""
    import dataclasses

    from course_lib import diagnosis

    with grading.forbidding("course_lib.diagnosis", who="own"):
        assert dataclasses.make_dataclass("Point", ["x"])(1).x == 1
    with pytest.raises(AssertionError, match="own called a course_lib function"):
        with grading.forbidding("course_lib.diagnosis", who="own"):
            grading.call_quietly(diagnosis.dead_fraction, np.ones((4, 3)))


def test_an_unanswered_exercise_says_so_and_learner_value_never_raises(capsys):
    def unanswered():
        raise NotImplementedError()

    def failing():
        raise ValueError("bad input")

    with pytest.raises(AssertionError, match=r"unanswered\(\) is not answered yet"):
        grading.call_quietly(unanswered)
    assert grading.learner_value(unanswered) is None
    assert grading.learner_value(failing) is None
    assert grading.learner_value(lambda x: 2 * x, 3) == 6
    assert capsys.readouterr().out.splitlines() == [
        "(no answer to show: unanswered() is not answered yet)",
        "(no answer to show: failing() raised ValueError: bad input)",
    ]


def test_visible_check_helpers_name_the_argument():
    assert grading.check_number(np.float32(2.5), "ratio", positive=True) == 2.5
    assert grading.check_choice("fan_out", ("fan_in", "fan_out"), "mode") == "fan_out"
    for bad, message in [(lambda: grading.check_number(-1.0, "ratio", positive=True), "ratio should be positive"),
                         (lambda: grading.check_number(3.0, "p", low=0, high=1), "p should be at most 1"),
                         (lambda: grading.check_number("1", "p"), "p should be a number"),
                         (lambda: grading.check_choice(1, ("1",), "mode"), "mode should be one of '1'")]:
        with pytest.raises(AssertionError, match=message):
            bad()


def test_a_blocked_modules_classes_cannot_compute_either():
    """nets.MLP's methods are course_lib code too: forward() fails inside the block, the object stays usable."""
    from course_lib import nets

    mlp = nets.MLP([np.ones((3, 4)), np.ones((2, 3))])

    def via_mlp():
        return mlp.forward(np.ones((5, 4)))

    with pytest.raises(AssertionError, match="via_mlp called a course_lib function"):
        with grading.forbidding("course_lib.nets", who="via_mlp"):
            grading.call_quietly(via_mlp)
    with grading.forbidding("course_lib.nets", who="own"):
        assert repr(mlp) == repr(mlp)
    assert via_mlp() is not None
