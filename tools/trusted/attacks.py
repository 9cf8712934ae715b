"""The attack corpus against nbgrader's in-kernel autograde and the trusted re-grade.

    python -m tools.trusted.attacks [COURSE_DIR]     # prints, per attack, both scores and the verdict

``tests/attack_corpus/<assignment>/<attack>.py`` is an answer cell that tries to score more than it
deserves (its first lines say how, and ``# target: <answer grade_id>`` which exercise it answers).
Each attack is submitted by one student, with the solutions in every other answer cell, next to a
perfect student and one honest wrong answer per attacked exercise; the class is autograded by the
class driver (the real nbgrader with the course's configuration), whose trusted re-grade
(:mod:`course_grader.trusted.nbgrader_steps`) records both scores. An attack is contained when its trusted score
is no higher than the honest wrong answer's, and flagged when the in-kernel grade gave it more.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from course_grader.autograde import grade_assignment
from course_grader.trusted.nbgrader_steps import read_record, record_path
from course_grader.trusted.regrade import CourseLayout, Regrade

from tools.authoring import ROOT

ATTACKS = ROOT / "tests" / "attack_corpus"


def attacks(assignment: str) -> list[Path]:
    return sorted((ATTACKS / assignment).glob("*.py"))


def target_of(path: Path) -> str:
    found = re.search(r"^# target: (\S+)$", path.read_text(), re.MULTILINE)
    if not found:
        raise ValueError(f"{path.name} must name its target answer cell in a '# target:' line")
    return found.group(1)


def description_of(path: Path) -> str:
    found = re.search(r"^# attack: (.+)$", path.read_text(), re.MULTILINE)
    return found.group(1) if found else ""


def run_attacks(course: Path, assignment: str) -> dict[str, Regrade]:
    """Submit, autograde in the kernel and re-grade in the sandbox; student -> trusted outcome."""
    from tests.nbgrader_course import answer_sources, first_corpus_answer, make_course, submit

    root = make_course(course, [assignment])
    solutions = answer_sources(assignment)
    students = {"perfect": solutions}
    for target in sorted({target_of(path) for path in attacks(assignment)}):
        students[f"honest-{target}"] = {**solutions, target: first_corpus_answer(assignment, target, "wrong")}
    for path in attacks(assignment):
        students[f"attack-{path.stem}"] = {**solutions, target_of(path): path.read_text()}
    for student, answers in students.items():
        submit(root, student, assignment, answers)
    grade_assignment(root, assignment, workers=2)  # the class driver: trusted re-grade included, reconciled
    return {student: recorded_outcome(root, assignment, student) for student in students}


def recorded_outcome(root: Path, assignment: str, student: str) -> Regrade:
    """The trusted re-grade nbgrader ran for one student (its record), with ``gradebook_score``: what the
    gradebook holds after it, hence what the formgrader, the feedback and ``nbgrader export`` show."""
    from nbgrader.api import Gradebook

    entry = read_record(record_path(root, student, assignment)).get(assignment)
    if not entry or "cells" not in entry:
        raise AssertionError(f"no trusted re-grade recorded for {student}: {entry}")
    outcome = Regrade(assignment, student, assignment, cells=entry["cells"], notes=entry.get("notes", []),
                      kernel_score=entry["kernel_score"])
    with Gradebook(CourseLayout.read(root).db_url) as gradebook:
        outcome.gradebook_score = float(gradebook.find_submission(assignment, student).score)
    return outcome


def table(outcomes: dict[str, Regrade], assignment: str) -> list[str]:
    lines = [f"{'submission':40} {'in-kernel':>9} {'trusted':>8}  verdict"]
    for student, outcome in outcomes.items():
        verdict = ""
        if student.startswith("attack-"):
            path = ATTACKS / assignment / f"{student.removeprefix('attack-')}.py"
            honest = outcomes[f"honest-{target_of(path)}"]
            contained = outcome.score <= honest.score
            verdict = ("contained" if contained else "NOT CONTAINED") + (", flagged" if outcome.flagged else "")
            verdict += f"  ({description_of(path)[:70]})"
        lines.append(f"{student:40} {outcome.kernel_score:9g} {outcome.score:8g}  {verdict}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment", nargs="?", default="03_xavier_glorot")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run_attacks(Path(tmp) / "course", args.assignment)
    lines = table(outcomes, args.assignment)
    print("\n".join(lines))
    return 1 if any("NOT CONTAINED" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
