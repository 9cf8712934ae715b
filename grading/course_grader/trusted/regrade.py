"""Trusted re-grade of one submission, outside the learner's kernel.

    python3 course.py regrade COURSE_DIR ASSIGNMENT STUDENT NOTEBOOK
    (in .venv: python -m course_grader.trusted.regrade COURSE_DIR ASSIGNMENT STUDENT NOTEBOOK [--json FILE])

Reads the answer cells of ``COURSE_DIR/submitted/STUDENT/ASSIGNMENT/NOTEBOOK.ipynb`` by their
nbgrader ``grade_id`` (a notebook saved under another name or stripped of its metadata is found and
aligned as :mod:`course_grader.intake` does for the autograder). Runs them in a bubblewrap sandbox (see
:mod:`course_grader.trusted.sandbox`: no access to the course directory, ``solutions/``, the gradebook or the
network; memory, CPU and time limits). Runs the instructor's graded test cells, read from the course's
*source* notebook, in this process against the plain values the sandbox sends back (see
:mod:`course_grader.trusted.grader`). Prints one line per graded cell, compares with the score nbgrader's
autograder stored in the gradebook, flags the submission when the in-kernel score is higher than the
trusted one, and prints ``score: X/Y`` last.

Exit status: 0 when graded and not flagged, 3 when flagged, 2 on a usage or set-up error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from course_grader.exercises import notebook_exercises

from .grader import grade_notebook, run_trusted_cell
from .sandbox import SandboxUnavailable

FLAG_TOLERANCE = 1e-9


@dataclass
class CourseLayout:
    """Where an nbgrader course keeps things, from its ``nbgrader_config.py`` (nbgrader's defaults otherwise)."""

    root: Path
    source: str = "source"
    submitted: str = "submitted"
    db_url: str = ""

    @classmethod
    def read(cls, root: Path) -> CourseLayout:
        from traitlets.config.loader import PyFileConfigLoader

        layout = cls(root.resolve())
        config_file = layout.root / "nbgrader_config.py"
        if config_file.exists():
            config = PyFileConfigLoader(config_file.name, path=str(layout.root)).load_config()
            course = config.get("CourseDirectory", {})
            layout.source = course.get("source_directory", layout.source)
            layout.submitted = course.get("submitted_directory", layout.submitted)
            layout.db_url = course.get("db_url", "")
        layout.db_url = layout.db_url or f"sqlite:///{layout.root / 'gradebook.db'}"
        return layout


@dataclass
class Regrade:
    """The trusted grade of one submitted notebook and its comparison with the gradebook."""

    assignment: str
    student: str
    notebook: str
    cells: dict[str, dict] = field(default_factory=dict)  # grade_id -> {score, max_score, reason, kernel}
    notes: list[str] = field(default_factory=list)
    kernel_score: float | None = None
    gradebook_score: float | None = None  # what the gradebook holds after the trusted re-grade step

    @property
    def score(self) -> float:
        return sum(c["score"] for c in self.cells.values())

    @property
    def max_score(self) -> float:
        return sum(c["max_score"] for c in self.cells.values())

    @property
    def flagged(self) -> bool:
        return self.kernel_score is not None and self.kernel_score > self.score + FLAG_TOLERANCE


def read_submission(layout: CourseLayout, source, assignment: str, student: str,
                    notebook: str) -> tuple[dict[str, str], list[str]]:
    """grade_id -> source of the student's answer cells, and notes on what was repaired.

    The notebook is found as :mod:`course_grader.intake` finds it for the autograder (saved under another name,
    several copies), and its answer cells are read through intake's alignment with the release, which
    recovers answers whose metadata was stripped or whose cells were moved or retyped.
    """
    from course_grader.intake import answer_cells, pick_notebook

    folder = layout.root / layout.submitted / student / assignment
    if not folder.is_dir():
        return {}, [f"no submission folder {folder.relative_to(layout.root)}"]
    with tempfile.TemporaryDirectory() as tmp:
        release_path = Path(tmp) / f"{notebook}.ipynb"
        nbformat.write(release_like(source), release_path)
        submission, _, notes = pick_notebook(folder, release_path)
        if submission is None:
            return {}, [*notes, f"no notebook of this assignment in {folder.relative_to(layout.root)}"]
        answers, repairs = answer_cells(submission, release_path)
    return answers, [*notes, *repairs]


def kernel_scores(layout: CourseLayout, assignment: str, student: str, notebook: str) -> dict[str, float] | None:
    """grade_id -> the score the gradebook holds (manual overrides included), or None if not autograded."""
    from nbgrader.api import Gradebook, MissingEntry

    if layout.db_url.startswith("sqlite:///") and not Path(layout.db_url.removeprefix("sqlite:///")).exists():
        return None  # opening it would create an empty gradebook
    try:
        with Gradebook(layout.db_url) as gradebook:
            submitted = gradebook.find_submission_notebook(notebook, assignment, student)
            return {grade.name: float(grade.score) for grade in submitted.grades}
    except MissingEntry:
        return None


def setup_namespace(setup: list[str]) -> dict:
    """The source notebook's setup cell, run here (it is the instructor's code)."""
    namespace = {"__name__": "__main__"}
    for source in setup:
        ok, reason = run_trusted_cell(source, "setup", namespace)
        if not ok:
            raise RuntimeError(f"the source notebook's setup cell failed here: {reason}")
    return namespace


def trusted_cells(layout: CourseLayout, assignment: str, notebook: str, answers: dict[str, str]
                  ) -> tuple[dict[str, dict], list[str]]:
    """grade_id -> {score, max_score, reason, kernel: None} for every graded cell of the source notebook, and
    notes: the answers (grade_id -> source) run in the sandbox, the source's hidden tests outside it."""
    source_path = layout.root / layout.source / assignment / f"{notebook}.ipynb"
    if not source_path.exists():
        raise FileNotFoundError(f"no source notebook {source_path}")
    exercises = notebook_exercises(nbformat.read(source_path, as_version=4), assignment)
    namespace = setup_namespace(exercises[0].setup if exercises else [])
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = grade_notebook(exercises, answers, namespace)
    cells, notes = {}, []
    for exercise in exercises:
        result = results[exercise.answer_id]
        notes.extend(f"{exercise.answer_id}: {note}" for note in result.notes)
        for grade_id, (ok, reason) in result.tests.items():
            cells[grade_id] = {"score": exercise.points[grade_id] if ok else 0.0,
                               "max_score": exercise.points[grade_id], "reason": reason, "kernel": None}
    return cells, notes


def regrade(layout: CourseLayout, assignment: str, student: str, notebook: str) -> Regrade:
    source_path = layout.root / layout.source / assignment / f"{notebook}.ipynb"
    if not source_path.exists():
        raise FileNotFoundError(f"no source notebook {source_path}")
    source = nbformat.read(source_path, as_version=4)
    outcome = Regrade(assignment, student, notebook)
    answers, notes = read_submission(layout, source, assignment, student, notebook)
    outcome.notes.extend(notes)
    outcome.cells, graded_notes = trusted_cells(layout, assignment, notebook, answers)
    outcome.notes.extend(graded_notes)
    scores = kernel_scores(layout, assignment, student, notebook)
    if scores is None:
        outcome.notes.append("not autograded yet: nothing to compare with")
    else:
        for grade_id, cell in outcome.cells.items():
            cell["kernel"] = scores.get(grade_id)
        outcome.kernel_score = sum(scores.get(grade_id, 0.0) for grade_id in outcome.cells)
    return outcome


def release_like(source):
    """The source notebook with solutions and hidden tests cut, as the intake aligns against a release."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    copy = nbformat.from_dict(json.loads(json.dumps(source)))
    copy, _ = ClearSolutions().preprocess(copy, {})
    copy, _ = ClearHiddenTests().preprocess(copy, {})
    return copy


def report(outcome: Regrade) -> list[str]:
    lines = [f"trusted re-grade of {outcome.student} / {outcome.assignment} / {outcome.notebook}.ipynb"]
    for grade_id, cell in outcome.cells.items():
        kernel = "" if cell["kernel"] is None else f"  (in-kernel {cell['kernel']:g})"
        reason = f"  {cell['reason'][:300]}" if cell["reason"] else ""
        lines.append(f"  {grade_id}: {cell['score']:g}/{cell['max_score']:g}{kernel}{reason}")
    lines.extend(f"  note: {note}" for note in outcome.notes)
    if outcome.kernel_score is not None:
        lines.append(f"in-kernel score: {outcome.kernel_score:g}/{outcome.max_score:g}")
    if outcome.flagged:
        lines.append(f"FLAGGED: the autograder gave {outcome.kernel_score:g}, the trusted re-grade {outcome.score:g}: "
                     "the submission's code changed its own grading (or the gradebook was edited)")
    lines.append(f"score: {outcome.score:g}/{outcome.max_score:g}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("course", type=Path, help="the nbgrader course directory (holds nbgrader_config.py)")
    parser.add_argument("assignment")
    parser.add_argument("student")
    parser.add_argument("notebook", help="the notebook's name, without .ipynb")
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    args = parser.parse_args(argv)
    try:
        outcome = regrade(CourseLayout.read(args.course), args.assignment, args.student,
                          args.notebook.removesuffix(".ipynb"))
    except (SandboxUnavailable, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(report(outcome)))
    if args.json:
        args.json.write_text(json.dumps({**asdict(outcome), "score": outcome.score, "max_score": outcome.max_score,
                                         "flagged": outcome.flagged}, indent=1))
    return 3 if outcome.flagged else 0


if __name__ == "__main__":
    sys.exit(main())
