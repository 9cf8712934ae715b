"""The class driver's last word on the gradebook: every cell at the lower of its in-kernel and trusted scores.

Inside one nbgrader run, :class:`~course_grader.trusted.nbgrader_steps.TrustedScore` records the trusted score
of each cell where it is lower. But the students' code runs as the grader's user, so a submission graded later
in the class can write *other* students' rows of the gradebook, or the records beside it. So the class driver
takes the trusted results by a pipe (written by ``TrustedGrade`` before each kernel starts, see
``send_to_driver``), snapshots every manual score of the assignment before the class is graded, and after it:

- a manual score that was there before the run (a grader's) is put back as it was, if it changed;
- any other manual score is set to the trusted score where that is lower than the in-kernel ``auto_score``,
  and cleared elsewhere (a manual score that appeared during the run and is not the re-grade's was written
  by a submission);
- students of the assignment not graded in this run get their manual scores of before the run back;
- a notebook whose cells changed gets its late penalty computed again (the course's late plugin).

Each change is a reason of the student it concerns.
"""

from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties

from .regrade import FLAG_TOLERANCE

Key = tuple[str, str, str]  # (student, notebook, grade_id)


def manual_snapshot(gradebook: Gradebook, assignment: str) -> dict[Key, float | None]:
    """Every graded cell's manual score in the assignment's submissions."""
    found = {}
    for submission in gradebook.find_assignment(assignment).submissions:
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                found[(submission.student.id, notebook.name, grade.name)] = grade.manual_score
    return found


def desired_manual(grade, trusted_cell: dict | None, before: float | None) -> float | None:
    if before is not None:
        return before  # a grader's score, from before the run
    if trusted_cell is None or grade.auto_score is None:
        return None
    return float(trusted_cell["score"]) if trusted_cell["score"] < grade.auto_score - FLAG_TOLERANCE else None


def reconcile(gradebook: Gradebook, assignment: str, trusted: dict[str, dict[str, dict]],
              before: dict[Key, float | None], config) -> dict[str, list[str]]:
    """Apply the rules above; student -> reasons. ``trusted``: student -> notebook -> the driver's pipe result."""
    reasons: dict[str, list[str]] = {}
    late = AssignLatePenalties(config=config)
    for submission in gradebook.find_assignment(assignment).submissions:
        student = submission.student.id
        for notebook in submission.notebooks:
            result = trusted.get(student, {}).get(notebook.name)
            graded_here = student in trusted
            changed = False
            for grade in notebook.grades:
                key = (student, notebook.name, grade.name)
                if graded_here and result is not None and "cells" in result:
                    want = desired_manual(grade, result["cells"].get(grade.name), before.get(key))
                else:
                    want = before.get(key, grade.manual_score) if not graded_here else grade.manual_score
                if want != grade.manual_score and not (want is not None and grade.manual_score is not None
                                                       and abs(want - grade.manual_score) < 1e-9):
                    reasons.setdefault(student, []).append(
                        f"{grade.name}: the gradebook held {grade.manual_score} as manual score after grading; "
                        f"set to {want} (written during the class's grading, not by a grader or the re-grade)")
                    grade.manual_score = want
                    grade.needs_manual_grade = False if want is not None else grade.auto_score is None
                    changed = True
            if changed:  # nbgrader's AssignLatePenalties, on the notebook's new score
                gradebook.db.flush()
                gradebook.db.expire(notebook)
                late.init_plugin()
                notebook.late_submission_penalty = None
                if submission.total_seconds_late > 0:
                    penalty = late.plugin_inst.late_submission_penalty(student, notebook.score,
                                                                       submission.total_seconds_late)
                    if penalty is not None:
                        notebook.late_submission_penalty = late._check_late_penalty(notebook, penalty)
    gradebook.db.commit()
    return reasons
