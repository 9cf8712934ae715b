"""The trusted re-grade (tools/trusted): answers run sealed in a sandbox, hidden tests outside it.

* the wire format lets only plain data through (no pickle, exact types);
* the sandbox sees no course directory, no solutions, no gradebook, no network, no environment of the
  grader, and stops runaway code (time, memory, exit);
* every attack of ``tests/attack_corpus`` scores no more than an honest wrong answer under the trusted
  re-grade, and is flagged whenever the in-kernel autograder gave it more;
* the trusted grader agrees with the exercise-level runner on a sample of the grading corpus.
"""

from __future__ import annotations

import os
import struct

import numpy as np
import pytest
from course_grader.trusted import wire
from course_grader.trusted.sandbox import Sandbox, SandboxError, bwrap_available, forbidden_modules

from tools.authoring import ROOT, assignment_ids
from tools.corpus import exercises
from tools.trusted.attacks import attacks, target_of

needs_sandbox = pytest.mark.skipif(not bwrap_available(), reason="bubblewrap with user namespaces is not available")
ATTACK_ASSIGNMENT = "03_xavier_glorot"
ATTACKS = attacks(ATTACK_ASSIGNMENT)


# ------------------------------------------------------------------------------------------------ wire


def roundtrip(value):
    return wire.decode_payload(wire.encode_payload(value))


def test_wire_round_trips_plain_data_with_exact_types():
    value = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "n": 3, "x": 0.1, "ok": True, "s": "text",
             "t": (1, [2.5, None]), "scalar": np.float64(2.0), "big": 10**30}
    back = roundtrip(value)
    assert type(back["w"]) is np.ndarray and back["w"].dtype == np.float32 and back["w"].flags.writeable
    np.testing.assert_array_equal(back["w"], value["w"])
    assert back["x"] == 0.1 and back["big"] == 10**30 and back["t"] == (1, [2.5, None])
    assert type(back["scalar"]) is np.float64 and back["ok"] is True


def test_wire_turns_objects_subclasses_and_object_arrays_into_untrusted_placeholders():
    class Always(np.ndarray):
        def __eq__(self, other):
            return True

    class Fake:
        def std(self):
            return 1.0

    back = roundtrip([np.zeros(3).view(Always), Fake(), np.array([1, "a"], dtype=object)])
    assert all(isinstance(item, wire.Untrusted) for item in back)
    assert type(back[0]).__name__ == "Always" and type(back[1]).__name__ == "Fake"
    assert type(back[0]) is not np.ndarray and not (back[0] == 0)


@pytest.mark.parametrize("header", [
    {"t": "ndarray", "dtype": "|O", "shape": [1], "buf": 0},
    {"t": "ndarray", "dtype": "<f8", "shape": [3], "buf": 0},
    {"t": "ndarray", "dtype": "<f8", "shape": [1], "buf": 5},
    {"t": "pickle", "v": "x"},
    {"t": "int", "v": "1" * 5000},
])
def test_wire_rejects_malformed_payloads(header):
    payload = wire.pack(header, [np.zeros(1).tobytes()])
    with pytest.raises(wire.WireError):
        wire.decode_payload(payload)


def test_wire_rejects_frames_over_the_limit():
    frame = struct.pack(">Q", wire.MAX_FRAME_BYTES + 1)
    with pytest.raises(wire.WireError):
        wire.read_frame(_reader(frame))


def _reader(data: bytes):
    state = {"at": 0}

    def read(n):
        chunk = data[state["at"]:state["at"] + n]
        state["at"] += len(chunk)
        return chunk
    return read


def test_forbidden_modules_are_read_from_the_hidden_tests():
    source = 'with grading.forbidding("course_lib.init", "torch.nn.init", who="f"):\n    pass\n'
    assert forbidden_modules([source, "x = 1"]) == {"course_lib.init", "torch.nn.init"}


# ------------------------------------------------------------------------------------------------ sandbox

PROBE = r'''
import os, socket, pathlib
def _can_write(path):
    try:
        pathlib.Path(path, "probe.txt").write_text("x")
        return True
    except OSError:
        return False
def _network():
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
        return "open"
    except OSError as error:
        return type(error).__name__
findings = {
    "repo_visible": os.path.exists(REPO),
    "solutions_visible": os.path.exists(REPO + "/solutions"),
    "gradebook_visible": os.path.exists(REPO + "/gradebook.db"),
    "home_listing": sorted(os.listdir("/root")) if os.path.isdir("/root") else [],
    "secret_in_environ": "COURSE_SECRET_FOR_TEST" in os.environ,
    "host_tmp_visible": os.path.exists(HOST_TMP_FILE),
    "uid": os.getuid(),
    "can_write_venv": _can_write(VENV),
    "can_write_tmp": _can_write("/tmp"),
    "network": _network(),
}
'''


@needs_sandbox
def test_sandbox_sees_no_course_no_network_no_secrets_and_cannot_write(monkeypatch, tmp_path):
    import sys

    monkeypatch.setenv("COURSE_SECRET_FOR_TEST", "1")
    host_file = tmp_path / "copied-solutions.ipynb"  # under the host's /tmp, where a grader may leave files
    host_file.write_text("{}")
    setup = f"REPO = {str(ROOT)!r}\nVENV = {sys.prefix!r}\nHOST_TMP_FILE = {str(host_file)!r}\n"
    with Sandbox() as sandbox:
        loaded = sandbox.request({"op": "load", "setup": [setup], "answers": [("probe", PROBE)]}, 60)
    assert loaded["answers"]["probe"] == {"ok": True}, loaded["answers"]
    found = loaded["names"]["findings"]["value"]
    assert found["solutions_visible"] is False and found["gradebook_visible"] is False
    assert found["secret_in_environ"] is False and found["host_tmp_visible"] is False
    assert found["uid"] == 65534
    assert found["can_write_venv"] is False and found["can_write_tmp"] is True
    assert found["network"] != "open"
    assert found["home_listing"] in ([], [".pyenv"]), "only the Python installation may show under /root"


@needs_sandbox
def test_forbidden_modules_are_absent_not_just_patched():
    answer = ("import importlib.util, course_lib.init as ci\n"
              "spec = importlib.util.spec_from_file_location('copy', ci.__file__)\n"
              "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
              "def f():\n    return mod.xavier_normal((3, 2))\n"
              "def g():\n    import torch\n    return 1\n")
    with Sandbox({"course_lib", "course_lib.init", "torch.nn.init"}) as sandbox:
        loaded = sandbox.request({"op": "load", "setup": ["import numpy as np"], "answers": [("a", answer)]}, 60)
        assert loaded["answers"]["a"] == {"ok": True}
        reply = sandbox.request({"op": "call", "name": "f", "args": (), "kwargs": {}}, 60)
        assert reply["ok"] is False and "not available" in reply["message"]
        reply = sandbox.request({"op": "call", "name": "g", "args": (), "kwargs": {}}, 60)
        assert reply["ok"] is False and reply["error_type"] in ("ModuleNotFoundError", "ImportError")


@needs_sandbox
@pytest.mark.parametrize("answer, expected", [
    ("while True:\n    pass\n", "longer than"),
    ("import os\nos._exit(3)\n", "exited with status 3"),
])
def test_runaway_answers_stop_with_a_reason(answer, expected):
    with Sandbox() as sandbox, pytest.raises(SandboxError, match=expected):
        sandbox.request({"op": "load", "setup": [], "answers": [("a", answer)]}, 3)


@needs_sandbox
def test_memory_limit_and_exit_are_errors_of_the_cell_not_of_the_grader():
    answers = [("big", "import numpy as np\nx = np.ones(2**33)\n"), ("quit", "exit()\n"),
               ("noisy", "for i in range(200_000):\n    print(i)\nok = 1\n")]
    with Sandbox() as sandbox:
        loaded = sandbox.request({"op": "load", "setup": [], "answers": answers}, 60)
    assert loaded["answers"]["big"]["error_type"] == "MemoryError"
    assert loaded["answers"]["quit"]["error_type"] == "RuntimeError"  # SystemExit is not an Exception
    assert loaded["answers"]["noisy"] == {"ok": True} and loaded["names"]["ok"]["value"] == 1


@needs_sandbox
def test_generators_advance_and_in_place_changes_come_back():
    from course_grader.trusted.grader import Remote

    answer = ("def draw(rng):\n    return rng.normal(size=3)\n"
              "def scale(x):\n    x *= 2\n    return None\n"
              "def scale_all(ws):\n    for w in ws:\n        w /= 2\n    return ws\n")
    with Sandbox() as sandbox:
        loaded = sandbox.request({"op": "load", "setup": [], "answers": [("a", answer)]}, 60)
        draw = Remote(sandbox, "draw", loaded["names"]["draw"])
        scale = Remote(sandbox, "scale", loaded["names"]["scale"])
        rng = np.random.default_rng(5)
        first, second = draw(rng), draw(rng)
        expected = np.random.default_rng(5).normal(size=6)
        np.testing.assert_array_equal(np.concatenate([first, second]), expected)
        x = np.ones(4)
        scale(x)
        np.testing.assert_array_equal(x, 2 * np.ones(4))
        # the caller keeps its own references to the arrays it passed in a fresh list (05's LSUV test does)
        given = [np.ones(2), np.ones(3)]
        Remote(sandbox, "scale_all", loaded["names"]["scale_all"])(list(given))
        assert all(np.array_equal(w, 0.5 * np.ones_like(w)) for w in given)


# ------------------------------------------------------------------------------------------------ attacks


@pytest.fixture(scope="module")
def attacked_course(tmp_path_factory):
    """03 released; a perfect student, one honest wrong answer per attacked exercise, one student per attack;
    autograded by nbgrader with the course's configuration: in the kernel, and by the trusted re-grade inside the
    same run (tools/trusted/attacks.py)."""
    if not bwrap_available():
        pytest.skip("bubblewrap with user namespaces is not available")
    from tools.trusted.attacks import run_attacks

    return run_attacks(tmp_path_factory.mktemp("attacked"), ATTACK_ASSIGNMENT)


def test_attack_corpus_is_large_and_targets_real_exercises():
    answer_ids = {ex.answer_id for ex in exercises(ATTACK_ASSIGNMENT)}
    assert len(ATTACKS) >= 12
    assert {target_of(path) for path in ATTACKS} <= answer_ids


@pytest.mark.slow
def test_perfect_and_honest_submissions_agree_with_the_autograder(attacked_course):
    total = sum(sum(ex.points.values()) for ex in exercises(ATTACK_ASSIGNMENT))
    perfect = attacked_course["perfect"]
    assert perfect.score == perfect.kernel_score == total and not perfect.flagged
    for student, outcome in attacked_course.items():
        if student.startswith("honest-"):
            assert outcome.score == outcome.kernel_score < total, (student, outcome.cells)
            assert not outcome.flagged


@pytest.mark.slow
@pytest.mark.parametrize("attack", [path.stem for path in ATTACKS])
def test_attack_scores_no_more_than_an_honest_wrong_answer(attacked_course, attack):
    path = next(p for p in ATTACKS if p.stem == attack)
    outcome = attacked_course[f"attack-{attack}"]
    honest = attacked_course[f"honest-{target_of(path)}"]
    assert outcome.score <= honest.score, (
        f"{attack} got {outcome.score} under the trusted re-grade, an honest wrong answer {honest.score}: "
        f"{outcome.cells}")
    assert outcome.flagged == (outcome.kernel_score > outcome.score)


@pytest.mark.slow
def test_some_attacks_really_fool_the_in_kernel_autograder_and_are_flagged(attacked_course):
    """The corpus has teeth: attacks that plain nbgrader scores above an honest wrong answer exist, and
    each of them is flagged (nbgrader's weakness is real; the trusted re-grade is what catches it)."""
    fooled = [student for student, outcome in attacked_course.items()
              if student.startswith("attack-") and outcome.kernel_score > outcome.score]
    assert len(fooled) >= 3, fooled
    assert all(attacked_course[student].flagged for student in fooled)


@pytest.mark.slow
def test_the_gradebook_keeps_the_trusted_score_of_every_submission(attacked_course):
    """What reaches the gradebook (hence the formgrader, the feedback, nbgrader export) is the lower of the
    two scores, cell by cell: for an attack, the trusted one; for honest work, both agree."""
    for student, outcome in attacked_course.items():
        lower = sum(min(cell["score"], cell["kernel"]) for cell in outcome.cells.values())
        assert outcome.gradebook_score == pytest.approx(lower), (student, outcome.cells)
        assert outcome.gradebook_score <= outcome.score + 1e-9


# ------------------------------------------------------------------------------------------------ corpus


@needs_sandbox
@pytest.mark.slow
@pytest.mark.parametrize("assignment", assignment_ids())
def test_trusted_grader_agrees_with_the_exercise_runner_on_a_corpus_sample(assignment):
    from tools.trusted.corpus import run

    outcomes = run(assignment, per_kind=1, workers=os.cpu_count() or 1)
    surprises = [(o.exercise.answer_id, o.variant, o.result.tests) for o in outcomes if o.passed != o.expected_pass]
    assert not surprises
    assert {o.exercise.answer_id for o in outcomes} == {ex.answer_id for ex in exercises(assignment)}


# ------------------------------------------------------------------------------------------------ command


@needs_sandbox
@pytest.mark.slow
def test_regrade_command_prints_the_score_last_and_one_runaway_cell_costs_only_its_exercise(tmp_path):
    """The documented command line on a real course; an answer that kills its process (os._exit) loses
    its own exercise and no other; a submission not yet autograded is graded without a comparison."""
    import subprocess
    import sys

    from tests.nbgrader_course import answer_sources, make_course, submit

    assignment = "02_variance_propagation"
    root = make_course(tmp_path / "course", [assignment])
    solutions = answer_sources(assignment)
    first = next(iter(solutions))
    submit(root, "crashes-first", assignment, {**solutions, first: "import os\nos._exit(1)\n"})
    points = {ex.answer_id: sum(ex.points.values()) for ex in exercises(assignment)}
    result = subprocess.run([sys.executable, "-m", "course_grader.trusted.regrade", str(root), assignment,
                             "crashes-first", assignment], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    total = sum(points.values())
    assert lines[-1] == f"score: {total - points[first]:g}/{total:g}", result.stdout
    assert any("not autograded yet" in line for line in lines)
