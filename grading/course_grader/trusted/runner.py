"""The process inside the sandbox: runs the learner's answer cells and answers calls about them.

Started by :mod:`course_grader.trusted.sandbox` as ``python -I runner.py`` in a bubblewrap sandbox that sees
only the Python environment, ``course_lib`` and this folder. Requests arrive on stdin as pickles from
the trusted grader (the sandbox trusts the grader, not the other way round); replies go back as
:mod:`wire` frames, plain data only. The learner's code runs with stdin, stdout and stderr on
``/dev/null``: it cannot talk to the grader except through the values its functions return.

Requests:
  ``{"op": "load", "setup": [source], "answers": [(grade_id, source)]}``
      run the notebook's setup cell, then the answer cells in order; reply with each cell's outcome
      and a description of every name the answers bound (callables by signature, values as data).
  ``{"op": "call", "name": str, "args": tuple, "kwargs": dict}``
      call a name the answers bound; reply with the value, or the exception's builtin class and
      message, and the arguments as they are after the call (the grader copies in-place changes back).

A function of the grader's that is passed as an argument (a hidden test's ``_relu``, say) arrives as a
*callback*: calling it sends ``{"callback": token, "args": ..., "kwargs": ...}`` as plain data to the
grader, which runs its own function and replies with ``{"op": "callback_result", ...}``.
"""

import builtins
import inspect
import io
import os
import pickle
import sys
import traceback
import warnings

import numpy as np
import wire  # copied next to this file in the sandbox

MAX_MESSAGE = 2000
BIT_GENERATORS = {"PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"}
_generators: dict = {}
_channel: dict = {}


class RequestUnpickler(pickle.Unpickler):
    """Generators arrive by token: the same generator object of the grader is the same one here, so
    successive calls with one ``rng`` keep advancing it as they would in the notebook."""

    def persistent_load(self, pid):
        tag, token, state = pid
        if tag == "callback":
            return make_callback(token, state)
        if tag != "rng":
            raise pickle.UnpicklingError(f"unknown persistent id {tag!r}")
        if token not in _generators:
            name = state["bit_generator"]
            if name not in BIT_GENERATORS:
                raise pickle.UnpicklingError(f"unknown bit generator {name!r}")
            bit_generator = getattr(np.random, name)()
            bit_generator.state = state
            _generators[token] = np.random.Generator(bit_generator)
        return _generators[token]


def read_request():
    return RequestUnpickler(io.BytesIO(wire.read_frame(_channel["in"].read))).load()


def make_callback(token: int, name: str):
    """A stand-in for one of the grader's functions: it asks the grader to run it on plain data."""

    def callback(*args, **kwargs):
        wire.write_frame(_channel["out"], wire.encode_payload({"callback": token, "args": list(args),
                                                               "kwargs": kwargs}))
        reply = read_request()
        if reply.get("op") != "callback_result":
            raise RuntimeError("the grader did not answer the callback")
        if not reply["ok"]:
            raise RuntimeError(f"the grader's {name} failed: {reply['message']}")
        return reply["value"]

    callback.__name__ = callback.__qualname__ = str(name)
    return callback


def describe_exception(error: BaseException) -> dict:
    """The nearest builtin exception class (a learner's ``class E(ValueError)`` is a ValueError), and
    the message. Exceptions that are not ``Exception`` (``SystemExit`` and friends) become RuntimeError."""
    builtin_name = "RuntimeError"
    for klass in type(error).__mro__:
        if getattr(builtins, klass.__name__, None) is klass and issubclass(klass, Exception):
            builtin_name = klass.__name__
            break
    try:
        message = str(error)[:MAX_MESSAGE]
    except BaseException:
        message = "<unprintable message>"
    return {"ok": False, "error_type": builtin_name, "message": message,
            "traceback": "".join(traceback.format_exception_only(type(error), error))[-MAX_MESSAGE:]}


def describe_callable(value) -> dict:
    """Name, docstring and signature (parameter name, kind, default) of a learner's callable."""
    out = {"kind": "callable", "name": str(getattr(value, "__name__", "function"))[:200],
           "doc": str(getattr(value, "__doc__", "") or "")[:MAX_MESSAGE], "parameters": None}
    try:
        parameters = []
        for parameter in inspect.signature(value).parameters.values():
            has_default = parameter.default is not inspect.Parameter.empty
            parameters.append([parameter.name, int(parameter.kind), has_default,
                               parameter.default if has_default and _plain(parameter.default) else None])
        out["parameters"] = parameters
    except (TypeError, ValueError):
        pass
    return out


def _plain(value) -> bool:
    return type(value) in (int, float, str, bool, type(None), tuple)


def state_of(value):
    """What an argument looks like after a call, for the grader to copy back: arrays, lists and dicts
    as data, other objects as their attribute dict."""
    if type(value) in (np.ndarray, list, dict):
        return value
    if hasattr(value, "__dict__") and not callable(value):
        return {key: item for key, item in vars(value).items() if not key.startswith("__")}
    return None


def run_cell(source: str, label: str, namespace: dict) -> dict:
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exec(compile(source, label, "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - a learner's cell may raise anything, SystemExit included
        return describe_exception(error)
    return {"ok": True}


_after_setup: dict = {}


def load(request: dict, namespace: dict) -> dict:
    """Run the setup cell (first load only) and answer cells; describe every name the answers bound so far.

    Loads accumulate, as cells do in one kernel: a later load adds the next exercise's answer cell."""
    setup = [run_cell(source, "setup", namespace) for source in request["setup"]]
    if request["setup"] or not _after_setup:
        _after_setup.clear()
        _after_setup.update({key: id(value) for key, value in namespace.items()})
    answers = {grade_id: run_cell(source, grade_id, namespace) for grade_id, source in request["answers"]}
    names = {}
    for key, value in list(namespace.items()):
        if key.startswith("__") or _after_setup.get(key) == id(value):
            continue
        if callable(value):
            names[key] = describe_callable(value)
        else:
            names[key] = {"kind": "value", "value": value}
    return {"ok": True, "setup": setup, "answers": answers, "names": names}


def call(request: dict, namespace: dict) -> dict:
    function = namespace.get(request["name"])
    if function is None or not callable(function):
        return {"ok": False, "error_type": "NameError", "message": f"name {request['name']!r} is not defined",
                "traceback": ""}
    args, kwargs = request["args"], request["kwargs"]
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = function(*args, **kwargs)
    except BaseException as error:  # noqa: BLE001
        return describe_exception(error)
    return {"ok": True, "value": value,
            "args_after": [state_of(a) for a in args],
            "kwargs_after": {key: state_of(item) for key, item in kwargs.items()}}


def main() -> None:
    _channel["in"] = os.fdopen(os.dup(0), "rb", buffering=0)
    _channel["out"] = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(), open(os.devnull, "w"), open(os.devnull, "w")
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    while True:
        try:
            request = read_request()
        except EOFError:
            return
        handler = {"load": load, "call": call}[request["op"]]
        try:
            reply = handler(request, namespace)
            payload = wire.encode_payload(reply)
        except BaseException as error:  # noqa: BLE001 - e.g. a value whose encoding fails
            payload = wire.encode_payload(describe_exception(error))
        wire.write_frame(_channel["out"], payload)


if __name__ == "__main__":
    main()
