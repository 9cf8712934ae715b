"""The work copy (tools/workspace.py): filled once, never overwritten, updated with the learner's answers kept.

A course update is simulated on a copy of the release: one notebook gets a changed prose cell and a changed
answer stub, a new exercise, and loses an exercise the learner had answered.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from course_grader.intake import answer_cells

from tools.authoring import RELEASE, ROOT
from tools.corpus import exercises
from tools.workspace import PREVIOUS, STATE, merge, report, sync

NB = "01_symmetry_breaking"
REL = f"{NB}/{NB}.ipynb"
SOLUTIONS = {ex.answer_id: ex.solution for ex in exercises(NB)}
WRITTEN = "n01_mlp_grads_answer"  # the learner answers it; the update keeps it
REMOVED = "n01_init_layer_answer"  # the learner answers it; the update removes its exercise
UNTOUCHED = "n01_predict_units_answer"  # the learner leaves it; the update changes its stub
SCRATCH = "print('my own scratch cell')\n# a fence inside: ```python```"


def no_git(path):
    return None


def cell(nb, gid):
    found = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid]
    return found[0] if found else None


@pytest.fixture
def course(tmp_path):
    """(release folder, work folder): a private copy of the release, an empty work folder."""
    release = tmp_path / "release"
    shutil.copytree(RELEASE, release, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return release, tmp_path / "work"


def answer(work, gids=(WRITTEN, REMOVED), scratch=True):
    """The learner writes solutions into some answer cells, runs a cell, and adds a scratch cell."""
    path = work / REL
    nb = nbformat.read(path, as_version=4)
    for gid in gids:
        cell(nb, gid).source = SOLUTIONS[gid]
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran\n")]
    if scratch:
        mine = nbformat.v4.new_code_cell(SCRATCH)
        mine.id = "a1b2c3d4"  # JupyterLab gives a new cell a fresh id
        nb.cells.insert(5, mine)
    nbformat.write(nb, path)
    return path


def publish_update(release):
    """The course changes 01: a prose cell and a stub edited, exercise init_layer removed, a new exercise added."""
    path = release / REL
    nb = nbformat.read(path, as_version=4)
    prose = next(c for c in nb.cells if c.cell_type == "markdown" and c.id == "cell-002")
    prose.source += "\n\nA sentence added by the course update."
    cell(nb, UNTOUCHED).source = cell(nb, UNTOUCHED).source.replace("# YOUR CODE HERE", "# YOUR CODE HERE (v2)")
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                not in (REMOVED, "n01_init_layer_test")]
    new_answer = copy.deepcopy(cell(nb, UNTOUCHED))
    new_answer.id = new_answer.metadata.nbgrader["grade_id"] = "n01_new_answer"
    new_answer.source = "def new_exercise():\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    new_test = copy.deepcopy(cell(nb, "n01_predict_units_test"))
    new_test.id = new_test.metadata.nbgrader["grade_id"] = "n01_new_test"
    new_test.source = '"""new_exercise() runs."""\nnew_exercise()'
    nb.cells += [nbformat.v4.new_markdown_cell("### Exercise 6 (predict, 1 point)"), new_answer, new_test]
    nb.cells[-3].id = "cell-900"
    nbformat.write(nb, path)
    return nb


def test_first_use_copies_the_release_and_a_second_changes_nothing(course):
    release, work = course
    first = sync(work, release, pristine=no_git)
    notebooks = sorted(p.relative_to(release).as_posix() for p in release.rglob("*.ipynb"))
    assert sorted(s.path for s in first) == notebooks and {s.state for s in first} == {"copied"}
    for rel in notebooks:
        assert (work / rel).read_bytes() == (release / rel).read_bytes()
        assert (work / STATE / "base" / rel).exists()
    assert "00_start_here.ipynb" in notebooks
    path = answer(work)
    before = path.read_bytes()
    again = sync(work, release, pristine=no_git)
    assert {s.state for s in again} == {"current"}
    assert path.read_bytes() == before, "open must never touch the learner's copy when the release is unchanged"
    assert report(again, work) == []


def test_a_changed_release_is_offered_not_forced(course):
    release, work = course
    sync(work, release, pristine=no_git)
    path = answer(work)
    before = path.read_bytes()
    publish_update(release)
    statuses = {s.path: s.state for s in sync(work, release, pristine=no_git)}
    assert statuses[REL] == "changed"
    assert path.read_bytes() == before
    lines = "\n".join(report(sync(work, release, pristine=no_git), work))
    assert REL in lines and "python3 course.py open --update" in lines and "answers carried over" in lines


def test_update_carries_answers_by_grade_id_and_keeps_the_rest_aside(course):
    release, work = course
    sync(work, release, pristine=no_git)
    path = answer(work)
    before = path.read_bytes()
    new = publish_update(release)
    statuses = {s.path: s for s in sync(work, release, update=True, pristine=no_git)}
    assert statuses[REL].state == "merged", statuses[REL]
    merged = nbformat.read(path, as_version=4)
    nbformat.validate(merged)
    # the new version's cells, in its order, with the written answer carried over
    assert [c.id for c in merged.cells[:-1]] == [c.id for c in new.cells]
    assert cell(merged, WRITTEN).source == SOLUTIONS[WRITTEN]
    assert cell(merged, UNTOUCHED).source == cell(new, UNTOUCHED).source, "an unwritten answer takes the new stub"
    assert cell(merged, "n01_new_answer").source == cell(new, "n01_new_answer").source
    assert "A sentence added by the course update." in merged.cells[2].source
    assert cell(merged, REMOVED) is None
    # what has no place in the new version: quoted in one markdown cell at the end, verbatim
    kept = merged.cells[-1]
    assert kept.cell_type == "markdown" and kept.source.startswith("## Kept from your previous version")
    assert SOLUTIONS[REMOVED] in kept.source and REMOVED in kept.source
    assert SCRATCH in kept.source and "````python" in kept.source, "a fence longer than the cell's own backticks"
    assert "kept aside" in statuses[REL].detail and REMOVED in statuses[REL].detail
    # the notebook as it was, byte for byte
    saved = list((work / PREVIOUS).glob(f"{NB}.*.ipynb"))
    assert len(saved) == 1 and saved[0].read_bytes() == before
    assert saved[0].relative_to(work).as_posix() in statuses[REL].detail
    # the autograder's intake finds the carried answer in the merged notebook
    answers, _ = answer_cells(merged, new)
    assert answers[WRITTEN] == SOLUTIONS[WRITTEN]
    # nothing more to do afterwards; a second update adds no second copy of the kept cell
    assert {s.state for s in sync(work, release, update=True, pristine=no_git)} == {"current"}
    assert nbformat.read(path, as_version=4).cells == merged.cells


def test_an_untouched_copy_takes_the_new_version_by_itself(course):
    release, work = course
    sync(work, release, pristine=no_git)
    answer(work, gids=(), scratch=False)  # ran a cell: outputs differ, no source does
    publish_update(release)
    statuses = {s.path: s.state for s in sync(work, release, pristine=no_git)}
    assert statuses[REL] == "updated"
    assert (work / REL).read_bytes() == (release / REL).read_bytes()
    assert not (work / PREVIOUS).exists()


def test_a_later_update_keeps_what_an_earlier_one_kept_aside(course):
    release, work = course
    sync(work, release, pristine=no_git)
    answer(work)
    publish_update(release)
    sync(work, release, update=True, pristine=no_git)
    nb = nbformat.read(release / REL, as_version=4)
    nb.cells[0].source += "\n\nA second update."
    nbformat.write(nb, release / REL)
    sync(work, release, update=True, pristine=no_git)
    merged = nbformat.read(work / REL, as_version=4)
    kept = [c for c in merged.cells if c.id.startswith("kept-")]
    assert len(kept) == 1 and SOLUTIONS[REMOVED] in kept[0].source
    assert cell(merged, WRITTEN).source == SOLUTIONS[WRITTEN]


def test_new_and_deleted_notebooks_are_copied_an_unreadable_one_is_left_alone(course):
    release, work = course
    sync(work, release, pristine=no_git)
    (work / REL).write_text("{ not json")
    gone = "02_variance_propagation/02_variance_propagation.ipynb"
    (work / gone).unlink()
    (release / "99_new").mkdir()
    shutil.copy(release / REL, release / "99_new" / "99_new.ipynb")
    (release / "99_new" / "data.txt").write_text("1 2 3\n")
    statuses = {s.path: s for s in sync(work, release, pristine=no_git)}
    assert statuses[REL].state == "unreadable" and (work / REL).read_text() == "{ not json"
    assert statuses[gone].state == "copied" and statuses["99_new/99_new.ipynb"].state == "copied"
    assert (work / "99_new" / "data.txt").read_text() == "1 2 3\n"
    lines = "\n".join(report(list(statuses.values()), work))
    assert "cannot be read" in lines and "rename it" in lines


def test_merge_without_a_known_base_keeps_every_written_answer():
    release = nbformat.read(RELEASE / REL, as_version=4)
    learner = copy.deepcopy(release)
    cell(learner, WRITTEN).source = SOLUTIONS[WRITTEN]
    merged, what = merge(learner, release, None, "now")
    assert what.carried == [WRITTEN] and what.kept == [] and what.added == 0
    assert cell(merged, WRITTEN).source == SOLUTIONS[WRITTEN]
    assert len(merged.cells) == len(release.cells)


def test_merge_finds_an_answer_whose_metadata_an_editor_stripped():
    release = nbformat.read(RELEASE / REL, as_version=4)
    learner = copy.deepcopy(release)
    stripped = cell(learner, WRITTEN)
    stripped.source = SOLUTIONS[WRITTEN]
    del stripped.metadata["nbgrader"]
    merged, what = merge(learner, release, release, "now")
    assert what.carried == [WRITTEN] and cell(merged, WRITTEN).source == SOLUTIONS[WRITTEN]


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_answers_typed_into_the_tracked_release_are_kept_and_never_taken_for_the_stub(tmp_path):
    """Before work/ existed, learners typed into notebooks/: the first copy keeps their answers, and the copy's base
    is git's HEAD, so a later course update still sees them as answers (not as an untouched copy to replace)."""
    repo = tmp_path / "repo"
    (repo / "notebooks" / NB).mkdir(parents=True)
    shutil.copy(RELEASE / REL, repo / "notebooks" / REL)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "course")
    nb = nbformat.read(repo / "notebooks" / REL, as_version=4)
    cell(nb, WRITTEN).source = SOLUTIONS[WRITTEN]
    nbformat.write(nb, repo / "notebooks" / REL)
    work = tmp_path / "work"
    statuses = sync(work, repo / "notebooks")
    assert statuses[0].state == "copied" and "git checkout -- notebooks/" in statuses[0].detail
    assert cell(nbformat.read(work / REL, as_version=4), WRITTEN).source == SOLUTIONS[WRITTEN]
    git(repo, "checkout", "--", ".")  # what the note says; then the course update arrives
    publish_update(repo / "notebooks")
    git(repo, "commit", "-q", "-am", "update")
    assert sync(work, repo / "notebooks")[0].state == "changed", "the answers must not be replaced"
    sync(work, repo / "notebooks", update=True)
    assert cell(nbformat.read(work / REL, as_version=4), WRITTEN).source == SOLUTIONS[WRITTEN]


def test_the_command_fills_the_work_copy_and_its_progress_page(tmp_path):
    env = dict(os.environ, COURSE_WORK=str(tmp_path / "work"))
    first = subprocess.run([sys.executable, "-m", "tools.workspace"], cwd=ROOT, env=env, capture_output=True,
                           text=True)
    assert first.returncode == 0, first.stderr
    assert "copied" in first.stdout and "never overwrites" in first.stdout
    assert (tmp_path / "work" / "00_start_here.ipynb").exists() and (tmp_path / "work" / REL).exists()
    assert "| notebook | exercises passed | points | last checked |" in (tmp_path / "work" / "progress.md").read_text()
    again = subprocess.run([sys.executable, "-m", "tools.workspace"], cwd=ROOT, env=env, capture_output=True,
                           text=True)
    assert again.returncode == 0 and again.stdout == ""


def test_git_ignores_the_work_copy():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    ignored = subprocess.run(["git", "check-ignore", "-q", f"work/{REL}"], cwd=ROOT)
    assert ignored.returncode == 0, "work/ must be in .gitignore: git pull would otherwise meet the learner's files"
