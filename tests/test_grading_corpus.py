"""Hidden tests grade right: every plausible mistake of the corpus fails, every correct alternative passes.

Runs each variant at the exercise level (tools/corpus.py: the notebook's setup cell, the variant,
the exercise's graded test cells with hidden tests, in a process forked after the setup cell);
test_pipeline.py sends one mistake and one correct answer per exercise through the real nbgrader
autograder to show that the two agree.
"""

from __future__ import annotations

import pytest

from tools.authoring import assignment_ids
from tools.corpus import exercises, run_corpus, summary, variants

ASSIGNMENTS = assignment_ids()
MIN_WRONG, MIN_RIGHT = 8, 5
# Two wrong answers every exercise has: what a learner could assemble from the release's visible code, and the
# answer delegated to the course_lib function that computes it. Both must lose every point.
EVERY_EXERCISE = ("wrong_copied_from_release", "wrong_delegates_course_lib")

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_a_corpus(assignment):
    for exercise in exercises(assignment):
        found = variants(exercise)
        wrong = [name for name, _, ok in found if not ok]
        right = [name for name, _, ok in found if ok and name != "solution"]
        assert len(wrong) >= MIN_WRONG, f"{exercise.answer_id}: {len(wrong)} wrong answers, want {MIN_WRONG}"
        assert len(right) >= MIN_RIGHT, f"{exercise.answer_id}: {len(right)} alternatives, want {MIN_RIGHT}"
        for name in EVERY_EXERCISE:
            assert name in wrong, f"{exercise.answer_id}: no {name}.py in its corpus"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_wrong_answers_fail_and_alternatives_pass(assignment):
    outcomes = run_corpus(assignment)
    assert outcomes
    report = "\n".join(summary(outcomes))
    assert all(o.as_expected for o in outcomes), report
    for o in outcomes:
        if not o.expected_pass:
            assert o.score == 0, f"{o.variant}: a wrong answer kept {o.score} points\n{report}"


def test_forked_runner_reports_as_a_fresh_process_does(monkeypatch):
    """run_corpus's forking runner gives run_variant's outcome for a pass, a fail, a crash and a runaway answer."""
    from tools import corpus
    from tools.corpus import Exercise, run_forked, run_variant

    monkeypatch.setattr(corpus, "TIMEOUT_SECONDS", 3)
    exercise = Exercise("00_demo", "answer", "def f():\n    return 2\n", ["import math\nbase = 1"],
                        {"test": "assert f() == base + 1, 'f() should be base + 1'"}, {"test": 1})
    answers = [("right", "def f():\n    return base + 1\n", True), ("wrong", "def f():\n    return 0\n", False),
               ("crash", "import os\nos._exit(3)\n", False), ("runaway", "while True:\n    pass\n", False)]
    forked = run_forked(exercise.setup, [(exercise, *answer) for answer in answers])
    fresh = [run_variant(exercise, *answer) for answer in answers]
    assert [(o.variant, o.passed, o.error, o.tests) for o in forked] == \
        [(o.variant, o.passed, o.error, o.tests) for o in fresh]
    assert [o.passed for o in forked] == [True, False, False, False]
    assert forked[2].error == "the process died before reporting"
    assert forked[3].error == "timed out after 3 s"
