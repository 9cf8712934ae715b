"""Broken submissions and faults never stop a class's grading, and each gets a grade and a reason.

Fast tests: intake (grading/course_grader/intake.py) on every fault of tests/fault_corpus/ restores exactly the
release's nbgrader cells and keeps the student's answers; the grading kernel's output budget.
The slow test: one class run of course_grader.autograde over a temporary course with a good student
before and after every fault; each fault's score is computed from the release's metadata.
"""

from __future__ import annotations

import copy
import re

import nbformat
import pytest
from course_grader.autograde import grade_assignment
from course_grader.intake import answer_cells, prepare
from course_grader.kernel import OutputBudget

from tests.fault_corpus import fault_names, first_answer, full_marks, load, meta, write
from tests.nbgrader_course import answer_sources, exported_scores, filled_release, make_course
from tools.authoring import release_path

ASSIGNMENT = "06_architectures"  # three exercises, a notebook that runs in about 3 s
CELL_TIMEOUT = 10  # seconds per cell in the class run: the infinite loops stop here
FAULTS = fault_names()
INTAKE_FAULTS = ["f08_renamed_notebook", "f09_two_notebooks", "f10_copied_test_cell", "f11_deleted_test_cell",
                 "f12_deleted_answer_cell", "f13_retyped_test_cell", "f14_stripped_metadata"]


def student(fault: str) -> str:
    return fault.replace("_", "-")


@pytest.fixture(scope="module")
def release():
    return nbformat.read(release_path(ASSIGNMENT), as_version=4)


@pytest.fixture(scope="module")
def solutions():
    return answer_sources(ASSIGNMENT)


def perfect(release, solutions):
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if meta(cell).get("grade_id") in solutions:
            cell.source = solutions[meta(cell)["grade_id"]]
    return nb


def nbgrader_cells(nb):
    return [(meta(c)["grade_id"], c.cell_type, meta(c)) for c in nb.cells if "nbgrader" in c.get("metadata", {})]


def test_the_corpus_has_the_faults_the_issue_lists():
    assert len(FAULTS) >= 10
    for name in FAULTS:
        module = load(name)
        assert module.__doc__ and module.__doc__.strip(), f"{name} needs a docstring: the fault, its grade, its reason"
        re.compile(module.REASON)
    assert set(INTAKE_FAULTS) <= set(FAULTS)


@pytest.mark.parametrize("fault", FAULTS)
def test_intake_puts_back_every_release_cell_with_its_metadata(tmp_path, release, solutions, fault):
    """Whatever the fault, nbgrader sees each of the release's graded and answer cells once, as released."""
    folder = tmp_path / "submitted" / ASSIGNMENT
    load(fault).make(copy.deepcopy(release), perfect(release, solutions), folder)
    record = prepare(folder, release_path(ASSIGNMENT).parent, tmp_path / "intake")
    nb = nbformat.read(tmp_path / "intake" / f"{ASSIGNMENT}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nbgrader_cells(nb) == nbgrader_cells(release)
    assert (tmp_path / "intake" / "timestamp.txt").exists()
    if fault in INTAKE_FAULTS:
        assert any(re.search(load(fault).REASON, reason) for reason in record["reasons"]), record["reasons"]


@pytest.mark.parametrize("fault", INTAKE_FAULTS)
def test_answer_cells_finds_the_students_answers(tmp_path, release, solutions, fault):
    """The trusted re-grade's view: every answer the student wrote; a deleted one is the release's empty cell."""
    folder = tmp_path / ASSIGNMENT
    load(fault).make(copy.deepcopy(release), perfect(release, solutions), folder)
    candidates = sorted(folder.glob("*.ipynb"))
    submission = nbformat.read(candidates[0] if len(candidates) == 1 else folder / f"{ASSIGNMENT}-Copy1.ipynb", 4)
    answers, reasons = answer_cells(submission, release)
    expected = dict(solutions)
    if fault == "f12_deleted_answer_cell":
        first = release.cells[first_answer(release)]
        expected[meta(first)["grade_id"]] = first.source
        assert any("answer cell deleted" in reason for reason in reasons)
    assert answers == expected


def test_answer_cells_rejects_what_is_not_a_notebook(release):
    with pytest.raises(TypeError, match="submission_nb"):
        answer_cells({"cells": "no"}, release)
    with pytest.raises(TypeError, match="release_nb"):
        answer_cells(release, 42)


def test_prepare_rejects_a_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="submitted"):
        prepare(tmp_path / "nothing", release_path(ASSIGNMENT).parent, tmp_path / "out")


def test_grade_assignment_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="course"):
        grade_assignment(tmp_path, ASSIGNMENT)
    with pytest.raises(ValueError, match="workers"):
        grade_assignment(tmp_path, ASSIGNMENT, workers=0)


def test_output_budget_keeps_the_start_and_one_notice():
    budget = OutputBudget(10)
    assert budget.admit("12345") == ("12345", False)
    assert budget.admit("6789abcdef") == ("6789a", True)
    assert budget.admit("more") == ("", False)
    budget.reset()
    assert budget.admit("0123456789") == ("0123456789", False)
    assert OutputBudget(0).admit("x" * 10**6) == ("x" * 10**6, False)
    with pytest.raises(ValueError, match="limit"):
        OutputBudget(-1)


@pytest.fixture(scope="module")
def class_run(tmp_path_factory, release, solutions):
    """One course_grader.autograde run: a good student, every fault, a good student; per-cell timeout CELL_TIMEOUT."""
    root = make_course(tmp_path_factory.mktemp("faults"), [ASSIGNMENT], trusted=False)
    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.ExecutePreprocessor.timeout = {CELL_TIMEOUT}\n")
    good = filled_release(root, ASSIGNMENT, solutions)
    course_release = nbformat.read(root / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    students = ["a-good", *(student(f) for f in FAULTS), "z-good"]
    for name in students:
        folder = root / "submitted" / name / ASSIGNMENT
        if name.endswith("-good"):
            write(good, folder)
        else:
            load(name.replace("-", "_")).make(copy.deepcopy(course_release), copy.deepcopy(good), folder)
    results = grade_assignment(root, ASSIGNMENT, workers=2, trusted=False)  # the in-kernel stage alone
    return root, {r.student: r for r in results}, students


@pytest.mark.slow
def test_every_student_gets_a_grade_in_one_run(class_run):
    root, results, students = class_run
    assert sorted(results) == sorted(students)
    for result in results.values():
        assert not any(r.startswith(("not graded", "no submission")) for r in result.reasons), result
    exported = exported_scores(root)
    for name, result in results.items():
        assert exported[(ASSIGNMENT, name)] == (result.score, result.max_score), f"{name}: the gradebook disagrees"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a-good", "z-good"])
def test_good_students_before_and_after_the_faults_get_full_marks(class_run, release, name):
    _, results, _ = class_run
    assert results[name].score == results[name].max_score == full_marks(release)
    assert results[name].reasons == []


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_gets_its_grade_and_a_reason_naming_it(class_run, release, fault):
    _, results, _ = class_run
    module, result = load(fault), results[student(fault)]
    assert result.max_score == full_marks(release)
    assert result.score == pytest.approx(module.expected_score(release)), f"{fault}: {result}"
    assert any(re.search(module.REASON, reason) for reason in result.reasons), f"{fault}: {result.reasons}"


def test_grading_kernel_caps_output_and_address_space():
    """The kernel itself: a print loop leaves the start of its output and one notice per stream; stderr
    written after stdout's budget ran out still reaches stderr; an allocation over RLIMIT_AS fails."""
    from course_grader.execute import GradingKernelManager
    from course_grader.kernel import TRUNCATION_MARK
    from nbclient import NotebookClient
    from traitlets.config import Config

    cells = ["for i in range(200_000):\n    print('line', i)\nimport sys\nprint('late', file=sys.stderr)",
             "import numpy as np\nblock = np.empty(3 * 2**30, dtype=np.uint8)  # reserved, not touched",
             "print('still here')"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    config = Config()
    config.GradingKernelManager.output_chars = 1000
    config.GradingKernelManager.memory_bytes = 2 * 2**30
    NotebookClient(nb, kernel_manager_class=GradingKernelManager, config=config, timeout=120,
                   allow_errors=True).execute()
    printed, allocated, after = (cell.outputs for cell in nb.cells)
    stdout = "".join(o.text for o in printed if o.output_type == "stream" and o.name == "stdout")
    stderr = "".join(o.text for o in printed if o.output_type == "stream" and o.name == "stderr")
    assert stdout.startswith("line 0\nline 1\n") and stdout.count(TRUNCATION_MARK) == 1
    assert len(stdout) < 1000 + 200
    assert stderr == "late\n"
    assert [o.ename for o in allocated if o.output_type == "error"] == ["MemoryError"]
    assert "".join(o.get("text", "") for o in after) == "still here\n"
