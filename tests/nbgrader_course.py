"""A throw-away nbgrader course directory built from this repository, for the pipeline tests.

Runs the real nbgrader command line (which reads ``nbgrader_config.py``) with the virtual
environment's ``bin/`` on ``PATH`` (nbgrader runs ``alembic`` from there).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from course_grader.autograde import NBGRADER

from tools.authoring import ROOT, tool_environ
from tools.corpus import CORPUS, exercises, strip_solution_markers


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course`` as the class driver does (nbgrader's own ``main``, less an import it never
    uses: ``course_grader.autograde.NBGRADER``, about 3 s of CPU a process); raise with its output when it fails."""
    result = subprocess.run([sys.executable, "-c", NBGRADER, *args, "--log-level=WARN"], cwd=course,
                            env=tool_environ(), capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def make_course(root: Path, assignments: list[str], trusted: bool = True) -> Path:
    """A course directory with the config and the source notebooks, its release generated fresh.

    ``trusted=False`` turns the trusted re-grade off in the course's config (``TrustedGrade.enabled``), for
    tests of the in-kernel stage alone (the tests of the trusted re-grade keep it on).
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    if not trusted:
        with open(root / "nbgrader_config.py", "a") as config:
            config.write("\nc.TrustedGrade.enabled = False  # this test grades the in-kernel stage alone\n")
    for assignment in assignments:
        shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
        nbgrader(root, "generate_assignment", assignment, "--force")
    return root


def answer_sources(assignment: str) -> dict[str, str]:
    """grade_id -> the solution of each answer cell, without its markers (what a learner would write)."""
    return {ex.answer_id: ex.solution for ex in exercises(assignment)}


def first_corpus_answer(assignment: str, answer_id: str, kind: str) -> str:
    """The first ``wrong_*`` (a plausible mistake) or ``right_*`` (an alternative) answer of the corpus."""
    found = sorted((CORPUS / assignment / answer_id).glob(f"{kind}_*.py"))
    if not found:
        raise AssertionError(f"the grading corpus has no {kind} answer for {assignment}/{answer_id}")
    return found[0].read_text()


def submit(course: Path, student: str, assignment: str, answers: dict[str, str]) -> None:
    """Write a submission: the release notebook with the given answer cells filled in."""
    release = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(release, target / f"{assignment}.ipynb")
    (target / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC\n")


def exported_scores(course: Path, *options: str) -> dict[tuple[str, str], tuple[float, float]]:
    """(assignment, student) -> (score, max_score) from ``nbgrader export`` (CSV); ``options`` such as ``--db=URL``."""
    nbgrader(course, "export", "--to", "grades.csv", *options)
    with open(course / "grades.csv", newline="") as fh:
        return {(row["assignment"], row["student_id"]): (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(fh)}


def strip(source: str) -> str:
    return strip_solution_markers(source)


def filled_release(course: Path, assignment: str, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The course's release notebook with the given answer cells filled in (what ``submit`` writes)."""
    release = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return release
