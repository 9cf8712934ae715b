"""The trusted re-grade as two steps of nbgrader's autograde, so the score nbgrader keeps is the trusted one.

Named in ``nbgrader_config.py`` around nbgrader's own steps::

    TrustedGrade  -> GradingExecute (the student's kernel) ... SaveAutoGrades -> TrustedScore -> AssignLatePenalties

:class:`TrustedGrade` runs first, before any of the student's code has run: it reads the answer cells of the
(repaired) notebook, runs them in the bubblewrap sandbox and the source notebook's hidden tests outside it
(:func:`course_grader.trusted.regrade.trusted_cells`), and keeps the result in nbgrader's ``resources``.
Nothing the submission does later in its kernel (patching ``numpy``, swallowing errors, reading
``solutions/``, writing the gradebook) can change that result.

:class:`TrustedScore` runs after ``SaveAutoGrades`` has stored the in-kernel scores. For every graded cell
whose trusted score is lower than the in-kernel one it records the trusted score as the cell's manual score
in the gradebook (``Grade.manual_score``, which nbgrader's total, the formgrader, the feedback and
``nbgrader export`` all use); the late penalty is then computed on that score. Overrides it set itself are
remembered in ``intake/<student>/<assignment>.trusted.json`` and cleared before the next run, so a
re-grade starts from the new in-kernel scores; an override a grader typed in the formgrader is never
touched, unless it appeared while the student's code ran (the manual scores are read before the kernel starts):
that one is removed and the submission flagged. The same record holds both totals and whether the submission
was flagged (in-kernel higher than trusted), which the class driver lists.

Both run in every nbgrader autograde of this course: the class driver, a plain ``nbgrader autograde`` and
the formgrader's button. Where the sandbox cannot run (not Linux, no bubblewrap, no user namespaces) the
in-kernel scores stand, nbgrader's log says why once per run, and the record says "not re-graded".
``--TrustedGrade.enabled=False`` turns both off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from ..intake import answer_cells
from ..repairs import INTAKE
from .regrade import FLAG_TOLERANCE, CourseLayout, release_like, trusted_cells
from .sandbox import unavailable_reason

RESOURCE_KEY = "course_grader_trusted"
DRIVER_FD_VARIABLE = "COURSE_GRADER_TRUSTED_FD"  # the class driver's pipe for the trusted results
_said_unavailable: set[str] = set()


def record_path(root: Path, student: str, assignment: str) -> Path:
    """Where the trusted re-grade's record of one submission is kept (beside the intake record)."""
    return root / INTAKE / student / f"{assignment}.trusted.json"


def course_root(config) -> Path:
    """The course directory nbgrader is grading (``CourseDirectory.root``: the folder it runs in, by default)."""
    return Path(CourseDirectory(config=config).root).resolve()


def read_record(path: Path) -> dict:
    try:
        found = json.loads(path.read_text())
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def send_to_driver(notebook: str, result: dict) -> None:
    """Hand the trusted result to the class driver through the pipe it opened (``DRIVER_FD_VARIABLE``).

    It is written before the student's kernel starts; the driver keeps the first line per notebook, so nothing
    the kernel writes later (it cannot inherit the descriptor, but could reach it through ``/proc``) counts.
    """
    fd = os.environ.get(DRIVER_FD_VARIABLE, "")
    if fd.isdigit():
        line = json.dumps({"notebook": notebook, **{k: v for k, v in result.items() if k != "manual_before"}})
        with contextlib.suppress(OSError):
            os.write(int(fd), (line + "\n").encode())


def manual_scores(db_url: str, notebook: str, assignment: str, student: str) -> dict[str, float | None]:
    """grade_id -> the manual score the gradebook holds for this submission now ({} if none yet)."""
    try:
        with Gradebook(db_url) as gradebook:
            submission = gradebook.find_submission_notebook(notebook, assignment, student)
            return {grade.name: grade.manual_score for grade in submission.grades}
    except MissingEntry:
        return {}


class TrustedGrade(NbGraderPreprocessor):
    """Grade the notebook's answers in the sandbox before the student's kernel runs; keep the result."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        layout = CourseLayout.read(course_root(self.config))
        reason = unavailable_reason()
        if reason is not None:
            if reason not in _said_unavailable:
                _said_unavailable.add(reason)
                self.log.warning("trusted re-grade not run, in-kernel scores stand: %s", reason)
            resources[RESOURCE_KEY] = {"unavailable": reason}
            send_to_driver(info["notebook"], resources[RESOURCE_KEY])
            return nb, resources
        try:
            source = nbformat.read(layout.root / layout.source / info["assignment"] / f"{info['notebook']}.ipynb",
                                   as_version=4)
            answers, _ = answer_cells(nb, release_like(source))  # the repairs are on the log already
            cells, notes = trusted_cells(layout, info["assignment"], info["notebook"], answers)
        except Exception as error:  # the in-kernel grade still happens; the record says why not re-graded
            self.log.warning("trusted re-grade of %s failed: %s: %s", info["student"], type(error).__name__, error)
            resources[RESOURCE_KEY] = {"unavailable": f"failed: {type(error).__name__}: {error}"}
            send_to_driver(info["notebook"], resources[RESOURCE_KEY])
            return nb, resources
        resources[RESOURCE_KEY] = {"cells": cells, "notes": notes,
                                   "manual_before": manual_scores(info["db_url"], info["notebook"],
                                                                  info["assignment"], info["student"])}
        send_to_driver(info["notebook"], resources[RESOURCE_KEY])
        return nb, resources


class TrustedScore(NbGraderPreprocessor):
    """Where the trusted score of a graded cell is lower than the in-kernel one, the gradebook keeps it."""

    def preprocess(self, nb, resources):
        trusted = resources.get(RESOURCE_KEY)
        if trusted is None:
            return nb, resources
        info = resources["nbgrader"]
        student, assignment, notebook = info["student"], info["assignment"], info["notebook"]
        path = record_path(course_root(self.config), student, assignment)
        record = read_record(path)
        previous = record.get(notebook, {}).get("overrides", {})
        entry = {"overrides": {}, "kept_grader_overrides": [], "notes": trusted.get("notes", [])}
        with Gradebook(info["db_url"]) as gradebook:
            try:
                submission = gradebook.find_submission_notebook(notebook, assignment, student)
            except MissingEntry:
                return nb, resources
            grades = {grade.name: grade for grade in submission.grades}
            for grade_id, value in previous.items():  # our own overrides of the last run: start afresh
                grade = grades.get(grade_id)
                if grade is not None and grade.manual_score is not None and abs(grade.manual_score - value) < 1e-9:
                    grade.manual_score = None
                    grade.needs_manual_grade = grade.auto_score is None
            before = trusted.get("manual_before", {})
            for grade_id, grade in grades.items():  # written while the student's code ran: not a grader's
                if "unavailable" not in trusted and grade.manual_score is not None \
                        and grade.manual_score != before.get(grade_id):
                    entry.setdefault("written_during_grading", {})[grade_id] = float(grade.manual_score)
                    grade.manual_score = None
                    grade.needs_manual_grade = grade.auto_score is None
            if "unavailable" in trusted:
                entry["unavailable"] = trusted["unavailable"]
            else:
                kernel_total = trusted_total = 0.0
                for grade_id, cell in trusted["cells"].items():
                    grade = grades.get(grade_id)
                    if grade is None or grade.auto_score is None:
                        continue
                    kernel_total += float(grade.auto_score)
                    trusted_total += min(float(cell["score"]), float(grade.auto_score))
                    entry.setdefault("cells", {})[grade_id] = {
                        "score": float(cell["score"]), "max_score": float(cell["max_score"]),
                        "kernel": float(grade.auto_score), "reason": cell["reason"][:300]}
                    if cell["score"] < grade.auto_score - FLAG_TOLERANCE:
                        if grade.manual_score is not None:  # a grader's own override: theirs to change
                            entry["kept_grader_overrides"].append(grade_id)
                            continue
                        grade.manual_score = float(cell["score"])
                        grade.needs_manual_grade = False
                        entry["overrides"][grade_id] = float(cell["score"])
                entry.update(kernel_score=kernel_total, trusted_score=trusted_total,
                             flagged=kernel_total > trusted_total + FLAG_TOLERANCE
                             or bool(entry.get("written_during_grading")))
            gradebook.db.commit()
        record[notebook] = entry
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n")
        if entry.get("flagged"):
            print(f"[course_grader] FLAGGED {student}/{assignment}/{notebook}: in-kernel {entry['kernel_score']:g}, "
                  f"trusted {entry['trusted_score']:g}: the gradebook keeps the trusted score", file=sys.stderr)
        return nb, resources
