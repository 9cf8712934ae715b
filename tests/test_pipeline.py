"""The grading pipeline end to end, with the real nbgrader in a temporary course directory.

For every assignment: the committed release equals a fresh ``generate_assignment``; nothing of a
solution or hidden test reaches it; the untouched release scores 0 (without stopping the run); two
students with mixed answers each lose exactly the points of the exercises they got wrong: one answers
the even-numbered exercises with the solution and the odd-numbered ones with a plausible mistake from
the grading corpus, the other the even-numbered ones with a mistake and the odd-numbered ones with an
answer written differently from the solution (full marks for it). So every exercise is graded wrong
once and right once, each beside neighbours that are wrong, by the real autograder; feedback is
written without the hidden tests' source; grades export to CSV. The whole corpus runs at the exercise
level in test_grading_corpus.py (and every solution in nbval); these submissions show that the real
autograder agrees with it.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.nbgrader_course import (
    answer_sources,
    exported_scores,
    first_corpus_answer,
    make_course,
    nbgrader,
    submit,
)
from tools.authoring import RELEASE, assignment_ids, solution_path
from tools.corpus import exercises

ASSIGNMENTS = assignment_ids()
MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")

pytestmark = pytest.mark.slow


MIXED = ("b-mixed", "c-mixed")  # b: even exercises the solution, odd ones wrong; c: even wrong, odd alternatives


def mixed_answers(assignment: str, student: str) -> tuple[dict[str, str], set[str]]:
    """The answers of one of the two mixed students (see the module's docstring) and the answers that are wrong."""
    answers, wrong = {}, set()
    for index, (answer_id, solution) in enumerate(answer_sources(assignment).items()):
        if (index % 2 == 1) == (student == "b-mixed"):
            answers[answer_id] = first_corpus_answer(assignment, answer_id, "wrong")
            wrong.add(answer_id)
        elif student == "b-mixed":
            answers[answer_id] = solution
        else:
            answers[answer_id] = first_corpus_answer(assignment, answer_id, "right")
    return answers, wrong


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with every assignment released, submitted by three students, autograded and exported."""
    root = make_course(tmp_path_factory.mktemp("course"), ASSIGNMENTS, trusted=False)  # in-kernel stage
    expected = {}
    for assignment in ASSIGNMENTS:
        points = {ex.answer_id: sum(ex.points.values()) for ex in exercises(assignment)}
        total = sum(points.values())
        # "a-blank" sorts first: the run must go on for the students after it
        submit(root, "a-blank", assignment, {})
        expected[(assignment, "a-blank")] = (0.0, total)
        for student in MIXED:
            answers, wrong = mixed_answers(assignment, student)
            submit(root, student, assignment, answers)
            expected[(assignment, student)] = (total - sum(points[answer_id] for answer_id in wrong), total)
        nbgrader(root, "autograde", assignment, "--force")
        feedback = nbgrader(root, "generate_feedback", assignment, "--force")
        (root / f"generate_feedback-{assignment}.log").write_text(feedback.stdout + feedback.stderr)
    return root, expected, exported_scores(root)


def release_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_equals_fresh_generate_assignment(course, assignment):
    root, _, _ = course
    fresh = {p.relative_to(root / "notebooks"): p for p in release_files(root / "notebooks" / assignment)}
    committed = {p.relative_to(RELEASE): p for p in release_files(RELEASE / assignment)}
    assert sorted(fresh) == sorted(committed), "regenerate the release: python3 course.py build"
    for name, path in fresh.items():
        if path.suffix == ".ipynb":
            assert json.loads(path.read_text()) == json.loads(committed[name].read_text()), (
                f"{name} differs from a fresh nbgrader generate_assignment: run python3 course.py build")
        else:
            assert path.read_bytes() == committed[name].read_bytes()


def hidden_blocks(assignment):
    """The text of every hidden-test block of the source notebook."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    pattern = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)\n\s*### END HIDDEN TESTS", re.S)
    return [m.group(1) for cell in nb.cells for m in pattern.finditer(cell.source)]


def hidden_and_solution_blocks(assignment):
    """The text between every pair of solution / hidden-test markers of the source notebook."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    blocks = []
    for cell in nb.cells:
        for begin, end in (("### BEGIN SOLUTION", "### END SOLUTION"),
                           ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")):
            for match in re.finditer(re.escape(begin) + r"\n(.*?)\n\s*" + re.escape(end), cell.source, re.S):
                body = match.group(1).strip()
                if body:
                    blocks.append(body)
    return blocks


@pytest.mark.parametrize("where", ["committed", "fresh"])
def test_no_solution_or_hidden_test_reaches_the_release(course, where):
    root = RELEASE if where == "committed" else course[0] / "notebooks"
    files = release_files(root)
    assert files, "the release is empty"
    texts = {}
    for path in files:
        assert path.suffix == ".ipynb", f"{path.name}: only notebooks belong in the release"
        nb = nbformat.read(path, as_version=4)
        texts[path] = "\n".join(cell.source for cell in nb.cells)
        assert not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), (
            f"{path.name} carries outputs")
        raw = path.read_text()
        assert not MARKERS.search(raw), f"{path.name} still holds a solution or hidden-test marker"
    release_text = "\n".join(texts.values())
    for assignment in ASSIGNMENTS:
        for block in hidden_and_solution_blocks(assignment):
            assert block not in release_text, f"{assignment}: a solution or hidden test leaked:\n{block[:200]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scores(course, assignment):
    """Untouched release: 0; each mixed student: the total less the points of the exercises answered wrong."""
    root, expected, exported = course
    for (a, student), (score, total) in expected.items():
        if a != assignment:
            continue
        assert (a, student) in exported, f"{student} missing from the exported grades"
        got, maximum = exported[(a, student)]
        assert maximum == total
        assert got == pytest.approx(score), f"{assignment}/{student}: scored {got}, expected {score}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_mistake_fails_only_its_own_tests(course, assignment):
    """Cell by cell: a wrong answer's tests score 0, every test of a right answer (solution or alternative) full."""
    root, _, _ = course
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in MIXED:
            _, wrong = mixed_answers(assignment, student)
            for exercise in exercises(assignment):
                for grade_id, points in exercise.points.items():
                    grade = gb.find_grade(grade_id, assignment, assignment, student)
                    want = 0.0 if exercise.answer_id in wrong else points
                    assert grade.score == pytest.approx(want), (
                        f"{student}, {exercise.answer_id} {'wrong' if want == 0 else 'right'}: "
                        f"{grade_id} scored {grade.score}, expected {want}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_figure_of_the_feedback_says_what_it_shows(course, assignment):
    root, _, _ = course
    log = (root / f"generate_feedback-{assignment}.log").read_text()
    assert "Alternative text is missing" not in log, log
    page = (root / "feedback" / "b-mixed" / assignment / f"{assignment}.html").read_text()
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', page)
    assert alts and all(alt.startswith("Figure") for alt in alts), alts[:3]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_is_generated_without_hidden_tests(course, assignment):
    root, _, _ = course
    for student in ("a-blank", *MIXED):
        html = root / "feedback" / student / assignment / f"{assignment}.html"
        assert html.exists(), f"no feedback for {student}"
        text = html.read_text()
        assert "HIDDEN TESTS" not in text
    # no line of a hidden test reaches the feedback, unless it is in what the student saw or wrote
    for student in ("a-blank", *MIXED):
        submitted = nbformat.read(root / "submitted" / student / assignment / f"{assignment}.ipynb", as_version=4)
        visible = {line.strip() for cell in submitted.cells for line in cell.source.splitlines()}
        page = (root / "feedback" / student / assignment / f"{assignment}.html").read_text()
        shown = {line.strip() for line in html_lib.unescape(re.sub(r"<[^>]+>", "", page)).splitlines()}
        for block in hidden_blocks(assignment):
            for line in block.splitlines():
                line = line.strip()
                if len(line) > 30 and line not in visible:
                    assert line not in shown, f"{student}'s feedback shows a hidden test line: {line}"
