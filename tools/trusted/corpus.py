"""The grading corpus through the trusted grader: it must agree with the exercise-level runner.

    python -m tools.trusted.corpus [ids...] [--per-kind N]

Every wrong answer of ``tests/grading_corpus`` must fail and every alternative (and the solution) pass
when the answers run in the sandbox and the hidden tests outside it, as in :mod:`tools.corpus`.
``--per-kind N`` takes the first N wrong and N right answers of each exercise (a sample, for CI).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from course_grader.trusted.grader import ExerciseResult, grade_exercise
from course_grader.trusted.regrade import setup_namespace

from tools.authoring import assignment_ids
from tools.corpus import Exercise, exercises, variants


@dataclass
class TrustedOutcome:
    exercise: Exercise
    variant: str
    expected_pass: bool
    result: ExerciseResult

    @property
    def passed(self) -> bool:
        return bool(self.result.tests) and all(ok for ok, _ in self.result.tests.values())


def sample(exercise: Exercise, per_kind: int | None) -> list[tuple[str, str, bool]]:
    found = variants(exercise)
    if per_kind is None:
        return found
    wrong = [v for v in found if not v[2]][:per_kind]
    right = [v for v in found if v[2] and v[0] != "solution"][:per_kind]
    return [found[0], *right, *wrong]


_namespaces: dict[str, dict] = {}


def _grade(job) -> TrustedOutcome:
    """One variant, in a worker process (the hidden tests swap module state: never two in one process)."""
    exercise, name, source, expected = job
    if exercise.assignment not in _namespaces:
        _namespaces[exercise.assignment] = setup_namespace(exercise.setup)
    result = grade_exercise(exercise.answer_id, _namespaces[exercise.assignment], exercise.setup,
                            [(exercise.answer_id, source)], exercise.tests, exercise.points)
    return TrustedOutcome(exercise, name, expected, result)


def run(assignment: str, per_kind: int | None = None, workers: int = 2) -> list[TrustedOutcome]:
    jobs = [(ex, *variant) for ex in exercises(assignment) for variant in sample(ex, per_kind)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_grade, jobs))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--per-kind", type=int, default=None)
    args = parser.parse_args(argv)
    ok = True
    for assignment in args.assignments or assignment_ids():
        outcomes = run(assignment, args.per_kind)
        print(f"== {assignment}")
        by_exercise: dict[str, list[TrustedOutcome]] = {}
        for outcome in outcomes:
            by_exercise.setdefault(outcome.exercise.answer_id, []).append(outcome)
        for answer_id, group in by_exercise.items():
            wrong = [o for o in group if not o.expected_pass]
            right = [o for o in group if o.expected_pass]
            print(f"{answer_id}: mutants killed {sum(not o.passed for o in wrong)}/{len(wrong)}, "
                  f"alternatives passed {sum(o.passed for o in right)}/{len(right)} (trusted)")
            for o in group:
                if o.passed != o.expected_pass:
                    ok = False
                    reasons = "; ".join(r for _, r in o.result.tests.values() if r)[:300]
                    print(f"    UNEXPECTED {o.variant}: {'passed' if o.passed else 'failed'} {reasons}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
