"""The attack corpus against nbgrader's in-kernel autograde and the trusted re-grade.

    python -m tools.trusted.attacks [COURSE_DIR]     # prints, per attack, both scores and the verdict

``tests/attack_corpus/<assignment>/<attack>.py`` is an answer cell that tries to score more than it
deserves (its first lines say how, and ``# target: <answer grade_id>`` which exercise it answers).
Each attack is submitted by one student, with the solutions in every other answer cell, next to a
perfect student and one honest wrong answer per attacked exercise; the class is autograded by the
real nbgrader, then re-graded by :mod:`tools.trusted.regrade`. An attack is contained when its trusted
score is no higher than the honest wrong answer's, and flagged when nbgrader gave it more.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from tools.authoring import ROOT

from .regrade import CourseLayout, Regrade, regrade

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
    from tests.nbgrader_course import answer_sources, first_corpus_answer, make_course, nbgrader, submit

    root = make_course(course, [assignment])
    solutions = answer_sources(assignment)
    students = {"perfect": solutions}
    for target in sorted({target_of(path) for path in attacks(assignment)}):
        students[f"honest-{target}"] = {**solutions, target: first_corpus_answer(assignment, target, "wrong")}
    for path in attacks(assignment):
        students[f"attack-{path.stem}"] = {**solutions, target_of(path): path.read_text()}
    for student, answers in students.items():
        submit(root, student, assignment, answers)
    nbgrader(root, "autograde", assignment, "--force")
    layout = CourseLayout.read(root)
    return {student: regrade(layout, assignment, student, assignment) for student in students}


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
