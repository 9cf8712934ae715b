"""One source of truth: the class driver, a plain ``nbgrader autograde`` and the formgrader's autograde button give
every submission the same score, with the same repairs, and it is the trusted score wherever that is lower.

Three submissions of 03 that only the course's own steps grade right: correct answers in a notebook saved as
``Untitled.ipynb`` (nbgrader alone finds no notebook of the assignment), a notebook whose cell metadata a tool
stripped with one wrong answer (nbgrader alone cannot tell answers from tests), and an attack that replaces the
checks of ``course_lib.grading`` by no-ops (nbgrader alone gives it full marks). Each way of grading runs on its own
copy of the course: the class driver (``course_grader.autograde``), ``nbgrader autograde ASSIGNMENT --force``,
and ``NbGraderAPI.autograde(assignment, student)`` with the course's configuration, which is what the
formgrader's button calls. Their gradebooks must agree cell by cell.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course_grader.autograde import grade_assignment
from course_grader.trusted.sandbox import bwrap_available

from .nbgrader_course import answer_sources, first_corpus_answer, make_course, nbgrader, submit

ASSIGNMENT = "03_xavier_glorot"
ATTACK = Path(__file__).parent / "attack_corpus" / ASSIGNMENT / "patch_grading_module.py"
STUDENTS = ("renamed", "stripped", "attack")
FORMGRADER_BUTTON = r"""
import sys
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
api = NbGraderAPI(CourseDirectory(config=config, root="."), config=config)
for student in sys.argv[1:]:
    result = api.autograde("{assignment}", student, force=True, create=True)
    if not result["success"]:
        raise SystemExit(result["error"] + result["log"])
"""

pytestmark = pytest.mark.skipif(not bwrap_available(), reason="bubblewrap with user namespaces is not available")


def target_of(path: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("# target:"))


def write_submissions(root: Path) -> None:
    solutions = answer_sources(ASSIGNMENT)
    submit(root, "renamed", ASSIGNMENT, solutions)
    folder = root / "submitted" / "renamed" / ASSIGNMENT
    (folder / f"{ASSIGNMENT}.ipynb").rename(folder / "Untitled.ipynb")
    wrong = sorted(solutions)[0]
    submit(root, "stripped", ASSIGNMENT, {**solutions, wrong: first_corpus_answer(ASSIGNMENT, wrong, "wrong")})
    path = root / "submitted" / "stripped" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata = {}
    nbformat.write(nb, path)
    submit(root, "attack", ASSIGNMENT, {**solutions, target_of(ATTACK): ATTACK.read_text()})


def cell_scores(root: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {student: {grade.name: float(grade.score)
                          for grade in gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student).grades}
                for student in STUDENTS}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = make_course(tmp_path_factory.mktemp("one-score") / "driver", [ASSIGNMENT])
    for student in STUDENTS:
        nbgrader(base, "db", "student", "add", student)
    write_submissions(base)
    courses = {"driver": base}
    for way in ("nbgrader", "formgrader"):
        courses[way] = base.parent / way
        shutil.copytree(base, courses[way])
    driver = {r.student: r for r in grade_assignment(base, ASSIGNMENT, workers=2)}
    nbgrader(courses["nbgrader"], "autograde", ASSIGNMENT, "--force")
    button = subprocess.run([sys.executable, "-c", FORMGRADER_BUTTON.replace("{assignment}", ASSIGNMENT), *STUDENTS],
                            cwd=courses["formgrader"], capture_output=True, text=True, timeout=1800)
    assert button.returncode == 0, button.stdout + button.stderr
    return {way: cell_scores(root) for way, root in courses.items()}, driver, courses


@pytest.mark.slow
def test_every_way_of_grading_gives_the_same_score_cell_by_cell(graded):
    scores, _, _ = graded
    assert scores["nbgrader"] == scores["driver"]
    assert scores["formgrader"] == scores["driver"]


@pytest.mark.slow
def test_the_repairs_count_and_the_attack_gets_its_trusted_score(graded):
    scores, driver, courses = graded
    total = {student: sum(cells.values()) for student, cells in scores["driver"].items()}
    full = driver["renamed"].max_score
    assert total["renamed"] == full  # found under its other name, all answers right
    assert 0 < total["stripped"] < full  # aligned despite the stripped metadata: only the wrong answer lost
    assert total["attack"] < full
    assert any(reason.startswith("FLAGGED") for reason in driver["attack"].reasons)
    for way, root in courses.items():
        record = json.loads((root / "intake" / "attack" / f"{ASSIGNMENT}.trusted.json").read_text())[ASSIGNMENT]
        assert record["flagged"] and record["kernel_score"] == full, way
        assert record["trusted_score"] == pytest.approx(total["attack"]), way


@pytest.mark.slow
def test_the_students_files_stay_as_they_were_handed_in(graded):
    _, _, courses = graded
    for root in courses.values():
        folder = root / "submitted" / "renamed" / ASSIGNMENT
        assert (folder / "Untitled.ipynb").exists()
        stripped = nbformat.read(root / "submitted" / "stripped" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        assert all(not cell.metadata for cell in stripped.cells)
