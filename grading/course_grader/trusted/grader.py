"""Grade one exercise outside the learner's kernel: hidden tests in the grader, answers in the sandbox.

The hidden tests are the *instructor's* test cells, read from the course's source notebook, never from
the submission. They run in this (trusted) process, in a namespace built from the source notebook's
setup cell, where every name the learner's answer cells bound is replaced by:

* a :class:`Remote` function for a callable: calling it asks the sandbox to call the learner's function
  with these arguments and brings back the result as plain data (:mod:`wire`); arrays the call changed
  in place are changed here too, so "does not mutate its input" tests keep working;
* the decoded value for anything else.

No code of the learner's is imported or run here; a monkeypatched ``numpy``, a patched ``grading``
module, a swapped ``sys.modules`` entry or a patched IPython shell exist only in the sandbox.
"""

from __future__ import annotations

import builtins
import contextlib
import inspect
import io
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

from .sandbox import CALL_TIMEOUT_S, LOAD_TIMEOUT_S, Sandbox, SandboxError, forbidden_modules
from .wire import Untrusted

BUILTIN_ERRORS = {name: getattr(builtins, name) for name in (
    "ValueError", "TypeError", "AssertionError", "IndexError", "KeyError", "ZeroDivisionError", "ArithmeticError",
    "OverflowError", "FloatingPointError", "AttributeError", "NameError", "NotImplementedError", "RuntimeError",
    "MemoryError", "RecursionError", "LookupError", "ImportError", "ModuleNotFoundError", "OSError", "Exception")}


class LearnerError(RuntimeError):
    """The learner's process failed in a way the notebook would not show as a Python exception."""


@dataclass
class ExerciseResult:
    """The outcome of one exercise: per test cell, passed or the reason it failed."""

    answer_id: str
    tests: dict[str, tuple[bool, str]] = field(default_factory=dict)
    points: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(self.points[gid] for gid, (ok, _) in self.tests.items() if ok)

    @property
    def max_score(self) -> float:
        return sum(self.points.values())


def _raise_learner_error(reply: dict):
    kind = BUILTIN_ERRORS.get(reply.get("error_type")) or RuntimeError
    raise kind(str(reply.get("message", "")))


class Remote:
    """Stands for a learner's function: calling it calls the real one in the sandbox."""

    def __init__(self, sandbox: Sandbox, name: str, description: dict):
        self._sandbox = sandbox
        self._name = name
        self.__name__ = self.__qualname__ = str(description.get("name") or name)
        self.__doc__ = description.get("doc") or None
        self.__signature__ = _signature(description.get("parameters"))

    def __call__(self, *args, **kwargs):
        try:
            reply = self._sandbox.request({"op": "call", "name": self._name, "args": args, "kwargs": kwargs},
                                          CALL_TIMEOUT_S)
        except SandboxError as error:
            raise LearnerError(f"{self.__name__}: {error}") from None
        if type(reply) is not dict or reply.get("ok") is not True:
            _raise_learner_error(reply if type(reply) is dict else {})
        _copy_back(args, reply.get("args_after"))
        _copy_back(list(kwargs.values()), list((reply.get("kwargs_after") or {}).values())
                   if type(reply.get("kwargs_after")) is dict else None)
        return reply.get("value")

    def __repr__(self):
        return f"<learner's function {self.__name__} (runs in the sandbox)>"


def _signature(parameters):
    if type(parameters) is not list:
        return None
    try:
        built = []
        for name, kind, has_default, default in parameters:
            built.append(inspect.Parameter(str(name), inspect._ParameterKind(int(kind)),
                                           default=default if has_default else inspect.Parameter.empty))
        return inspect.Signature(built)
    except (TypeError, ValueError):
        return None


def _contains_untrusted(value) -> bool:
    if isinstance(value, Untrusted):
        return True
    if type(value) in (list, tuple):
        return any(_contains_untrusted(item) for item in value)
    if type(value) is dict:
        return any(_contains_untrusted(item) for item in value.values())
    return False


def _copy_back(originals, afters) -> None:
    """Apply in-place changes the learner's function made to its arguments to the grader's own objects.

    Arrays are overwritten in place, and containers are walked, so an array the test still holds
    through another reference (``given[0]`` after passing ``list(given)``) sees the change, as it would
    in the notebook. Objects (a network, say) get their changed attributes back."""
    if type(afters) is not list or len(afters) != len(originals):
        return
    for original, after in zip(originals, afters):
        if after is not None and not _contains_untrusted(after):
            _copy_into(original, after)


def _copy_into(original, after, depth: int = 0) -> None:
    if depth > 8:
        return
    if type(original) is np.ndarray and type(after) is np.ndarray:
        if after.shape == original.shape and not np.array_equal(after, original, equal_nan=True):
            with contextlib.suppress(ValueError, TypeError):
                original[...] = after
    elif type(original) in (list, tuple) and type(after) in (list, tuple):
        if len(original) == len(after):
            for index, (old, new) in enumerate(zip(original, after)):
                if _is_container(old) and type(old) is type(new) or type(old) is np.ndarray:
                    _copy_into(old, new, depth + 1)
                elif type(original) is list and not _equal(old, new):
                    original[index] = new
        elif type(original) is list:
            original[:] = after
    elif type(original) is dict and type(after) is dict:
        for key in [k for k in original if k not in after]:
            del original[key]
        for key, new in after.items():
            old = original.get(key)
            if key in original and (_is_container(old) and type(old) is type(new) or type(old) is np.ndarray):
                _copy_into(old, new, depth + 1)
            elif key not in original or not _equal(old, new):
                original[key] = new
    elif type(after) is dict and hasattr(original, "__dict__") and not callable(original):
        for key, new in after.items():
            if type(key) is not str or key.startswith("__") or not hasattr(original, key):
                continue
            old = getattr(original, key)
            if _is_container(old) and type(old) is type(new):
                _copy_into(old, new, depth + 1)
            elif type(old) is np.ndarray and type(new) is np.ndarray and old.shape == new.shape:
                _copy_into(old, new, depth + 1)
            elif type(old) is type(new) and type(new) in (np.ndarray, int, float, bool, str) and not _equal(old, new):
                setattr(original, key, new)


def _is_container(value) -> bool:
    return type(value) in (list, tuple, dict)


def _equal(a, b) -> bool:
    try:
        if type(a) is list and type(b) is list:
            return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
        if type(a) is np.ndarray or type(b) is np.ndarray:
            return type(a) is type(b) and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def run_trusted_cell(source: str, label: str, namespace: dict) -> tuple[bool, str]:
    """Run one of the instructor's cells; (passed, the exception's one-line reason)."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, label, "exec"), namespace)
        except BaseException as error:  # noqa: BLE001 - a failed test, whatever it raised
            return False, "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]
    return True, ""


def _run_tests(result: ExerciseResult, sandbox: Sandbox, loaded: dict, setup_namespace: dict,
               tests: dict[str, str]) -> ExerciseResult:
    """Bind the learner's names in a copy of the setup namespace and run the exercise's test cells."""
    own = (loaded.get("answers") or {}).get(result.answer_id)
    if type(own) is dict and own.get("ok") is not True:
        result.notes.append(f"the answer cell raised {own.get('error_type')}: {str(own.get('message', ''))[:300]}")
    namespace = dict(setup_namespace)
    for name, description in loaded["names"].items():
        if type(name) is not str or not name.isidentifier() or name in setup_namespace:
            continue
        if type(description) is dict and description.get("kind") == "callable":
            namespace[name] = Remote(sandbox, name, description)
        elif type(description) is dict:
            namespace[name] = description.get("value")
    for grade_id, source in tests.items():
        result.tests[grade_id] = run_trusted_cell(source, grade_id, namespace)
    return result


def _valid_load(loaded) -> bool:
    return type(loaded) is dict and loaded.get("ok") is True and type(loaded.get("names")) is dict


def grade_exercise(answer_id: str, setup_namespace: dict, setup: list[str], answers: list[tuple[str, str]],
                   tests: dict[str, str], points: dict[str, float]) -> ExerciseResult:
    """Run the learner's ``answers`` (this exercise's last) in a fresh sandbox and the ``tests`` here."""
    result = ExerciseResult(answer_id, points=dict(points))
    try:
        with Sandbox(forbidden_modules(list(tests.values()))) as sandbox:
            try:
                loaded = sandbox.request({"op": "load", "setup": setup, "answers": answers}, LOAD_TIMEOUT_S)
            except SandboxError as error:
                return _all_failed(result, tests, f"the answer cells could not run: {error}")
            if not _valid_load(loaded):
                return _all_failed(result, tests, "the answer cells could not run")
            return _run_tests(result, sandbox, loaded, setup_namespace, tests)
    except SandboxError as error:
        return _all_failed(result, tests, str(error))


def grade_notebook(exercises, answers: dict[str, str], setup_namespace: dict) -> dict[str, ExerciseResult]:
    """Every exercise of a notebook, answer cells accumulating as in one kernel.

    Exercises whose hidden tests forbid the same modules share one sandbox (one start-up instead of
    one per exercise). If the learner's process dies or hangs, the exercise is graded again in a fresh
    sandbox with its own answer cell only, so one runaway cell costs only its own exercise.
    """
    groups: dict[frozenset, list] = {}
    for exercise in exercises:
        groups.setdefault(frozenset(forbidden_modules(list(exercise.tests.values()))), []).append(exercise)
    order = [exercise.answer_id for exercise in exercises]
    results: dict[str, ExerciseResult] = {}
    for forbidden, members in groups.items():
        sandbox, loaded_ids = None, set()
        try:
            for exercise in members:
                result = ExerciseResult(exercise.answer_id, points=dict(exercise.points))
                if exercise.answer_id not in answers:
                    results[exercise.answer_id] = _all_failed(result, exercise.tests,
                                                              "the answer cell is missing from the submission")
                    continue
                upto = order[:order.index(exercise.answer_id) + 1]
                needed = [(aid, answers[aid]) for aid in upto if aid in answers and aid not in loaded_ids]
                try:
                    if sandbox is None:
                        sandbox = Sandbox(forbidden).__enter__()
                        setup = exercise.setup
                    else:
                        setup = []
                    loaded_ids.update(aid for aid, _ in needed)
                    loaded = sandbox.request({"op": "load", "setup": setup, "answers": needed}, LOAD_TIMEOUT_S)
                    if not _valid_load(loaded):
                        raise SandboxError("the answer cells could not run")
                    results[exercise.answer_id] = _run_tests(result, sandbox, loaded, setup_namespace, exercise.tests)
                except SandboxError as error:
                    sandbox.close()
                    sandbox, loaded_ids = None, set()
                    alone = grade_exercise(exercise.answer_id, setup_namespace, exercise.setup,
                                           [(exercise.answer_id, answers[exercise.answer_id])], exercise.tests,
                                           exercise.points)
                    alone.notes.append(f"graded alone after the shared process failed: {error}")
                    results[exercise.answer_id] = alone
        finally:
            if sandbox is not None:
                sandbox.close()
    return {answer_id: results[answer_id] for answer_id in order}


def _all_failed(result: ExerciseResult, tests: dict[str, str], reason: str) -> ExerciseResult:
    result.tests = {grade_id: (False, reason) for grade_id in tests}
    return result
