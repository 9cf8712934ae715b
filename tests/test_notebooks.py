"""Every notebook follows the course design (../shared/COURSE_DESIGN.md, "Every graded notebook has").

Checked on the stored solution notebooks and their authoring sources; nbval itself runs the
notebooks (pytest collects solutions/ with --nbval-lax), and test_nbval_detects_a_changed_number
shows that a changed printed number fails it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import nbformat
import pytest

from tools.authoring import RUN_ALL_CONTINUES, assignment_ids, notebook_from_authoring, release_path, solution_path

ASSIGNMENTS = assignment_ids()


def load(assignment):
    return nbformat.read(solution_path(assignment), as_version=4)


def graded_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def test_there_are_assignments():
    assert ASSIGNMENTS, "no authoring/<id>.py found"
    for assignment in ASSIGNMENTS:
        assert re.fullmatch(r"\d\d_[a-z_]+", assignment), assignment


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebook_is_built_from_its_authoring_source(assignment):
    stored, built = load(assignment), notebook_from_authoring(assignment)
    assert [c.cell_type for c in stored.cells] == [c.cell_type for c in built.cells], "run python3 course.py build"
    for s, b in zip(stored.cells, built.cells):
        assert s.source == b.source, f"cell {s.get('id')} differs from authoring/{assignment}.py: rebuild"
        assert s.metadata.get("nbgrader") == b.metadata.get("nbgrader"), f"cell {s.get('id')}: nbgrader metadata"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stored_executed_without_errors(assignment):
    nb = load(assignment)
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        assert cell.execution_count == index + 1, f"code cell {cell.get('id')} not executed in order: rebuild"
        for output in cell.outputs:
            assert output.output_type != "error", f"cell {cell.get('id')} stored an error"
            if output.output_type == "stream":
                assert output.name != "stderr" or "over TCP" in output.text, (
                    f"cell {cell.get('id')} wrote to stderr: {output.text[:200]}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_cells_display_no_value(assignment):
    """nbgrader reads a displayed number in a graded cell as partial credit: test cells end in statements."""
    for cell in graded_cells(load(assignment)):
        assert not [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")], (
            f"{cell.metadata.nbgrader.grade_id} displays a value: nbgrader would read it as partial credit")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_design_rules(assignment):
    nb = load(assignment)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    for needed in ("learning objectives", "prerequisites", "estimated time", "summary", "active recall"):
        assert needed in markdown, f"{assignment}: no '{needed}' section"
    tests = graded_cells(nb)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) >= 3, f"{assignment}: at least three exercises"
    assert sum(c.metadata.nbgrader.points for c in tests) >= 10, f"{assignment}: at least 10 points"
    for cell in tests:
        assert "### BEGIN HIDDEN TESTS" in cell.source, f"{cell.metadata.nbgrader.grade_id}: no hidden test"
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        assert re.search(r"assert|grading\.check", visible), f"{cell.metadata.nbgrader.grade_id}: no visible test"
    for cell in answers:
        assert "### BEGIN SOLUTION" in cell.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("# NBVAL_CHECK_OUTPUT" in c.source for c in code) >= 1, f"{assignment}: no nbval-checked experiment"
    assert any(o.get("data", {}).get("image/png") for c in code for o in c.outputs), f"{assignment}: no plot"


EXERCISE_HEADING = re.compile(r"^#{2,4} Exercise (\d+) \((\w+), (\d+(?:\.\d+)?) points?\)", re.M)
KINDS = ("predict", "derive", "choose", "diagnose", "implement")
THINKING_KINDS = ("predict", "derive", "choose", "diagnose")
VISIBLE_TEST_LINES = 15


def exercises_by_heading(nb):
    """[(number, kind, heading points, points of the test cells under it)] in notebook order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [[int(n), kind, float(points), 0.0] for n, kind, points in EXERCISE_HEADING.findall(cell.source)]
        elif cell.metadata.get("nbgrader", {}).get("grade"):
            grade_id = cell.metadata.nbgrader.grade_id
            assert found, f"test cell {grade_id} comes before any '### Exercise N (kind, P points)' heading"
            found[-1][3] += cell.metadata.nbgrader.points
    return [tuple(e) for e in found]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercise_headings_name_their_kind_and_points(assignment):
    """`### Exercise 3 (predict, 2 points)`: numbered in order, a known kind, the points its test cells give."""
    found = exercises_by_heading(load(assignment))
    assert len(found) >= 3, f"{assignment}: at least three exercises with a heading '### Exercise N (kind, P points)'"
    assert [n for n, *_ in found] == list(range(1, len(found) + 1)), f"{assignment}: exercises numbered 1, 2, ..."
    for number, kind, heading_points, test_points in found:
        assert kind in KINDS, f"{assignment} exercise {number}: kind {kind!r} is not one of {KINDS}"
        assert heading_points == test_points, (
            f"{assignment} exercise {number}: the heading says {heading_points:g} points, "
            f"its tests give {test_points:g}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_half_the_points_ask_for_a_prediction_derivation_choice_or_diagnosis(assignment):
    found = exercises_by_heading(load(assignment))
    thinking = sum(points for _, kind, points, _ in found if kind in THINKING_KINDS)
    total = sum(points for *_, points, _ in found)
    assert total and thinking >= total / 2, (
        f"{assignment}: only {thinking:g} of {total:g} points predict, derive, choose or diagnose")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_visible_tests_are_short_and_say_what_they_check(assignment):
    """What a learner sees of a test cell: a docstring and at most a few lines; the machinery is hidden."""
    for cell in graded_cells(load(assignment)):
        grade_id = cell.metadata.nbgrader.grade_id
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0].rstrip()
        lines = [line for line in visible.splitlines() if line.strip()]
        assert len(lines) <= VISIBLE_TEST_LINES, f"{grade_id}: {len(lines)} visible lines, at most {VISIBLE_TEST_LINES}"
        body = ast.parse(visible).body
        assert body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str), f"{grade_id}: the visible part opens with a docstring saying what it checks"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_run_all_goes_on_past_tests_and_answer_cells_only_define(assignment):
    """Test cells carry the tag that lets Run All continue; a released answer cell raises nothing when run."""
    for cell in load(assignment).cells:
        meta = cell.metadata.get("nbgrader", {})
        tagged = RUN_ALL_CONTINUES in cell.metadata.get("tags", [])
        assert tagged == bool(meta.get("grade")), f"cell {cell.get('id')}: tag {RUN_ALL_CONTINUES!r} on test cells only"
    release = nbformat.read(release_path(assignment), as_version=4)
    allowed = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            for node in ast.parse(cell.source).body:
                docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                assert isinstance(node, allowed) or docstring, (
                    f"{cell.metadata.nbgrader.grade_id}: a released answer cell may only define functions "
                    f"(line {node.lineno} would run, and an unanswered stub would stop Run All)")


def bound_names(tree):
    """Names a cell binds at its top level (assignments, defs, loops, with-as), imports excepted."""
    names = []
    for node in tree.body:
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            targets = [node.target]
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_leave_the_learners_names_alone(assignment):
    """Test cells share the learner's namespace: they bind only _private names (imports aside)."""
    for cell in graded_cells(load(assignment)):
        public = [n for n in bound_names(ast.parse(cell.source)) if not n.startswith("_")]
        assert not public, f"{cell.metadata.nbgrader.grade_id} rebinds {public}: prefix test names with _"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_figure_carries_alt_text(assignment):
    """plots.use_style() gives each figure a description (course_lib.figure_alt) that feedback and the book read."""
    images = [output for cell in load(assignment).cells if cell.cell_type == "code" for output in cell.outputs
              if "image/png" in output.get("data", {})]
    assert images, f"{assignment} shows no figure"
    missing = [index for index, output in enumerate(images)
               if not output.get("metadata", {}).get("image/png", {}).get("alt", "").startswith("Figure")]
    assert not missing, f"figures {missing} of {assignment} have no alt text: does it call plots.use_style()?"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stored_notebooks_stay_small(assignment):
    """Solution notebooks render and diff well: under 1.5 MB, each image under 150 kB (PNG at a modest DPI)."""
    assert solution_path(assignment).stat().st_size < 1.5e6, f"{assignment} is over 1.5 MB"
    for cell in load(assignment).cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png", "")
            assert len(png) < 200_000, f"{assignment}, cell {cell.get('id')}: a {len(png) // 1000} kB image"


def test_grade_ids_unique_across_the_course():
    ids = [c.metadata.nbgrader.grade_id for a in ASSIGNMENTS for c in load(a).cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_exists_and_plain_cells_have_no_nbgrader_metadata(assignment):
    assert release_path(assignment).exists(), "run python3 course.py build"
    for cell in load(assignment).cells:
        meta = cell.metadata.get("nbgrader")
        if meta is not None:
            assert meta.get("grade") or meta.get("solution") or meta.get("locked")


def test_nbval_detects_a_changed_number(tmp_path):
    """Change one digit of a stored output that nbval compares: nbval must fail the notebook (06: its cells run
    in about 4 s, 01's in 18 s; what is checked is nbval's comparison, not the notebook)."""
    assignment = "06_architectures"
    assert assignment in ASSIGNMENTS
    nb = load(assignment)
    for cell in nb.cells:
        if cell.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in cell.source:
            for output in cell.outputs:
                if output.output_type == "stream" and re.search(r"\d", output.text):
                    output.text = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), output.text, count=1)
                    break
            else:
                continue
            break
    else:
        pytest.fail(f"{assignment}: no checked cell prints a number")
    copy = tmp_path / f"{assignment}.ipynb"
    nbformat.write(nb, copy)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", str(copy),
         "--rootdir", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "NBVAL_CHECK_OUTPUT" in result.stdout or "mismatch" in result.stdout.lower(), result.stdout[-2000:]


def test_start_page_is_current():
    """notebooks/00_start_here.ipynb lists every notebook with the time and prerequisites its header states."""
    from tools.start_page import START_PAGE, start_page

    assert START_PAGE.exists(), "run python3 course.py build"
    stored = nbformat.read(START_PAGE, as_version=4)
    assert [c.source for c in stored.cells] == [c.source for c in start_page().cells], "run python3 course.py build"
    for assignment in ASSIGNMENTS:
        assert f"({assignment}/{assignment}.ipynb)" in stored.cells[1].source
