"""``python3 course.py check``: the learner's own notebook graded with the full hidden tests, and the progress table.

The kernel runs (marked slow) grade work copies through the real command: every solution gets full marks but one
exercise, which holds a mistake from tests/grading_corpus/ and must show the same teaching message as the
exercise-level corpus runner; the untouched release gets 0. The rest checks the error paths and the table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest

from tools.authoring import ROOT, release_path, solution_path
from tools.corpus import CORPUS, exercises, run_variant
from tools.progress import load, rows, save, sha256
from tools.self_check import CheckError, graded_notebook, known_ids, resolve
from tools.workspace import sync

IDS = known_ids()
# Every notebook's hidden tests are already run against its corpus (test_grading_corpus) and through nbgrader
# (test_pipeline); the command itself is the same for every notebook, so three of them, covering every kind of
# exercise (choose in 03, diagnose in 08, derive/predict/choose in 09), keep this under two minutes.
THROUGH_THE_COMMAND = [a for a in IDS if a[:2] in ("03", "08", "09")]
NB = "01_symmetry_breaking"
EXERCISE = re.compile(r"^  (Exercise .+?)  +(\S+)/(\S+)  (passed|FAILED)$")


def no_git(path):
    return None


def work_copy(tmp_path, answers_of=None):
    """A work folder filled as ``open`` fills it; ``answers_of``: assignment -> {answer grade_id: source}."""
    work = tmp_path / "work"
    sync(work, pristine=no_git)
    for assignment, answers in (answers_of or {}).items():
        path = work / assignment / f"{assignment}.ipynb"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in answers:
                cell.source = answers[gid]
        nbformat.write(nb, path)
    return work


# what `python3 course.py check` runs in the venv (less one slow import, see course.py)
CHECK = "import sys; sys.modules['rfc3987_syntax'] = None; from tools.self_check import main; sys.exit(main())"


def command(work, *args, timeout=1800):
    env = dict(os.environ, COURSE_WORK=str(work))
    return subprocess.run([sys.executable, "-c", CHECK, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def blocks(stdout: str) -> dict[str, dict]:
    """Exercise title -> {score, max, status, text (its message lines)} from the command's output."""
    found, current = {}, None
    for line in stdout.splitlines():
        match = EXERCISE.match(line)
        if match:
            title, score, top, status = match.groups()
            current = found[title] = {"score": float(score), "max": float(top), "status": status, "text": ""}
        elif current is not None and line.startswith("      "):
            current["text"] += line.strip() + "\n"
        else:
            current = None
    return found


def a_plausible_mistake(exercise):
    """(name, source, the corpus runner's failure messages) of the first corpus mistake that fails an assertion."""
    for path in sorted((CORPUS / exercise.assignment / exercise.answer_id).glob("wrong_*.py")):
        if path.stem in ("wrong_copied_from_release", "wrong_delegates_course_lib"):
            continue
        outcome = run_variant(exercise, path.stem, path.read_text(), False)
        errors = [t["error"] for t in outcome.tests.values() if not t["ok"]]
        if not outcome.error and errors and all(": " in e and not e.startswith("stderr") for e in errors):
            return path.stem, path.read_text(), errors
    pytest.fail(f"no corpus mistake of {exercise.answer_id} fails with a message")


@pytest.mark.slow
@pytest.mark.parametrize("assignment", THROUGH_THE_COMMAND)
def test_solutions_get_full_marks_and_a_corpus_mistake_gets_its_hint(tmp_path, assignment):
    found = exercises(assignment)
    planted = found[int(assignment[:2]) % len(found)]
    name, wrong, errors = a_plausible_mistake(planted)
    answers = {ex.answer_id: ex.solution for ex in found}
    answers[planted.answer_id] = wrong
    work = work_copy(tmp_path, {assignment: answers})
    result = command(work, assignment)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = blocks(result.stdout)
    assert len(shown) == len(found), result.stdout
    top = sum(sum(ex.points.values()) for ex in found)
    lost = sum(planted.points.values())
    for (title, block), exercise in zip(shown.items(), found):
        assert block["max"] == sum(exercise.points.values()), title
        if exercise is planted:
            assert block["status"] == "FAILED" and block["score"] == 0, f"{name}: {block}"
            for error in errors:  # the message the corpus runner gets, word for word (its first line)
                hint = error.split(": ", 1)[1].splitlines()[0]
                assert hint in block["text"], f"{name}: expected the hint {hint!r}, got {block['text']!r}"
        else:
            assert block["status"] == "passed" and block["score"] == block["max"], f"{title}: {block}"
    assert f"total: {top - lost:g}/{top:g} points, {len(found) - 1}/{len(found)} exercises passed" in result.stdout
    record = load(work)[assignment]
    assert (record["score"], record["max_score"], record["passed"]) == (top - lost, top, len(found) - 1)


@pytest.mark.slow
def test_the_autograders_limits_and_repairs_apply(tmp_path):
    """An answer that kills the kernel costs its exercise only; a deleted test cell comes back, hidden tests and all."""
    assignment = "02_variance_propagation"
    found = exercises(assignment)
    answers = {ex.answer_id: ex.solution for ex in found}
    answers[found[0].answer_id] = "import os\nos._exit(3)"
    work = work_copy(tmp_path, {assignment: answers})
    path = work / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    deleted = list(found[-1].tests)[0]
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != deleted]
    nbformat.write(nb, path)
    result = command(work, assignment)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = list(blocks(result.stdout).values())
    assert shown[0]["status"] == "FAILED" and shown[0]["score"] == 0
    assert "the kernel stopped while running this cell: it exited with status 3" in shown[0]["text"]
    assert all(b["status"] == "passed" for b in shown[1:]), result.stdout
    assert f"test cell deleted: put back from the release: {deleted}" in result.stdout


@pytest.mark.slow
def test_the_untouched_release_gets_zero_and_the_table_shows_it(tmp_path):
    work = work_copy(tmp_path)
    result = command(work, NB)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = blocks(result.stdout)
    assert len(shown) == len(exercises(NB))
    for title, block in shown.items():
        assert block["status"] == "FAILED" and block["score"] == 0, title
        assert "is not answered yet" in block["text"], title
    top = sum(b["max"] for b in shown.values())
    assert f"total: 0/{top:g} points, 0/{len(shown)} exercises passed" in result.stdout
    table = command(work)
    assert table.returncode == 0, table.stderr
    row = next(line for line in table.stdout.splitlines() if line.startswith(NB))
    assert re.match(rf"{NB}\s+0/{len(shown)}\s+0/{top:g}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d UTC$", row), row
    page = (work / "progress.md").read_text()
    assert f"| [{NB}]({NB}/{NB}.ipynb) | 0/{len(shown)} | 0/{top:g} |" in page


def test_the_progress_table_lists_every_notebook_and_flags_a_stale_row(tmp_path):
    work = work_copy(tmp_path)
    notebook = work / NB / f"{NB}.ipynb"
    save(work, NB, {"passed": 3, "exercises": 5, "score": 8.0, "max_score": 11.0, "sha256": sha256(notebook),
                    "checked": "2026-12-01 10:00 UTC"})
    result = command(work)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["notebook", "exercises", "passed", "points", "last", "checked"]
    assert [line.split()[0] for line in lines[1:len(IDS) + 1]] == IDS
    assert re.match(rf"{NB}\s+3/5\s+8/11\s+2026-12-01 10:00 UTC$", lines[1])
    assert all("not checked yet" in line for line in lines[2:len(IDS) + 1])
    assert "progress.md" in lines[-1] and (work / "progress.md").exists()
    notebook.write_text(notebook.read_text().replace("Breaking symmetry", "Breaking  symmetry", 1))
    assert "saved again since" in rows(work)[0][3]
    assert command(work).returncode == 0
    assert "saved again since" in (work / "progress.md").read_text()


def test_hidden_tests_come_from_the_source_never_from_the_learners_file():
    release = nbformat.read(release_path(NB), as_version=4)
    source = nbformat.read(solution_path(NB), as_version=4)
    learner = nbformat.read(release_path(NB), as_version=4)
    tests = [c for c in learner.cells if c.metadata.get("nbgrader", {}).get("grade")]
    tests[0].source = "pass  # my own, lenient test"
    copied = nbformat.from_dict(nbformat.v4.new_code_cell("print('a copied test')"))
    copied.metadata = dict(tests[1].metadata)
    learner.cells.insert(1, copied)
    nb, repairs = graded_notebook(learner, release, source)
    originals = {c.metadata["nbgrader"]["grade_id"]: c for c in source.cells if "nbgrader" in c.metadata}
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.grade_id for c in graded] == [c.metadata.nbgrader.grade_id for c in
                                                             nbformat.read(release_path(NB), as_version=4).cells
                                                             if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in graded:
        assert cell.source == originals[cell.metadata.nbgrader.grade_id].source
    assert all("### BEGIN HIDDEN TESTS" in c.source for c in graded)
    assert "nbgrader" not in nb.cells[1].metadata, "a copied test cell runs but is not graded"
    assert any("test cell edited" in r for r in repairs) and any("duplicate grade_id" in r for r in repairs)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_an_unknown_id_names_the_notebooks(tmp_path):
    result = command(work_copy(tmp_path), "99_nothing")
    assert result.returncode == 2
    assert "unknown notebook '99_nothing'" in result.stderr and IDS[0] in result.stderr
    assert resolve("1") == resolve("01") == resolve(NB) == NB, "a number stands for its notebook"
    with pytest.raises(CheckError):
        resolve("0")


def test_no_work_copy_yet_says_to_open_the_course_first(tmp_path):
    for args in ((), (NB,), ("--all",)):
        result = command(tmp_path / "nowhere", *args)
        assert result.returncode == 1, args
        assert "no work copy yet" in result.stderr and "python3 course.py open" in result.stderr


def test_a_missing_or_unreadable_notebook_is_reported_not_graded(tmp_path):
    work = work_copy(tmp_path)
    notebook = work / NB / f"{NB}.ipynb"
    notebook.rename(notebook.with_name("renamed.ipynb"))
    missing = command(work, NB)
    assert missing.returncode == 1 and "is missing" in missing.stderr and NB in missing.stderr
    notebook.write_text('{"cells": [ truncated')
    broken = command(work, NB)
    assert broken.returncode == 1 and "not a readable notebook" in broken.stderr
    assert NB not in load(work), "nothing is recorded for a notebook that was not graded"
