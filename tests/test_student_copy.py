"""``python3 course.py student-copy DIR``: a fresh repository with the release and course_lib, and nothing private
in any file or any git object (tools/student_copy.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import student_copy
from tools.authoring import ROOT, assignment_ids

from .leak_scan import normalized, readable_text, secret_lines


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("class") / "weight-init-students"
    result = subprocess.run([sys.executable, "-m", "tools.student_copy", str(target)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no solution or hidden test" in result.stdout
    return target


def git_objects(repository: Path) -> list[tuple[str, bytes]]:
    """Every object of the repository (commits, trees, blobs), with its type, read with git cat-file."""
    listed = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch-check"], cwd=repository,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    objects = []
    for line in filter(None, listed):
        name, kind, _size = line.split()
        body = subprocess.run(["git", "cat-file", kind, name], cwd=repository, capture_output=True, check=True)
        objects.append((kind, body.stdout))
    return objects


def test_the_copy_is_one_commit_of_the_release_and_course_lib(copy):
    log = subprocess.run(["git", "log", "--oneline"], cwd=copy, capture_output=True, text=True, check=True)
    assert len(log.stdout.strip().splitlines()) == 1, "the copy has history"
    tracked = set(subprocess.run(["git", "ls-files"], cwd=copy, capture_output=True, text=True,
                                 check=True).stdout.split())
    for assignment in assignment_ids():
        assert f"notebooks/{assignment}/{assignment}.ipynb" in tracked
    assert {"notebooks/00_start_here.ipynb", "course_lib/__init__.py", "course_lib/grading.py", "README.md",
            "pyproject.toml", "requirements/course.txt", "environment.yml"} <= tracked
    tops = {name.split("/")[0] for name in tracked}
    assert not tops & {"solutions", "authoring", "tests", "tools", "docs", "course.py", "nbgrader_config.py"}, tops
    start = nbformat.read(copy / "notebooks" / "00_start_here.ipynb", as_version=4)
    assert "class's copy" in start.cells[0].source


def test_no_file_and_no_git_object_holds_solution_or_hidden_test_text(copy):
    # course_lib is public by design (the exercises block it while an answer runs): its own lines are not secrets
    library = readable_text(Path("course_lib.py"), raw="\n".join(
        p.read_text() for p in sorted((ROOT / "course_lib").glob("*.py"))).encode())
    secrets = {line for line in secret_lines(assignment_ids()) if line not in library}
    assert len(secrets) > 20 * len(assignment_ids()), "too few solution/hidden lines found: scanner broken?"
    files = {p.relative_to(copy).as_posix(): readable_text(p) for p in copy.rglob("*")
             if p.is_file() and ".git" not in p.relative_to(copy).parts}
    leaks = [(name, line) for name, text in files.items() for line in secrets if line in text]
    assert not leaks, leaks[:5]
    objects = git_objects(copy)
    blobs = [body for kind, body in objects if kind == "blob"]
    assert len(blobs) == len(files), "git holds blobs that are not files of the copy"
    # a blob read as notebook JSON and as text, so a line escaped inside JSON is found as well
    texts = [readable_text(Path("object.ipynb"), raw=body) for body in blobs]
    assert any(normalized(student_copy.START_NOTE) in text for text in texts), "blobs not read as notebooks"
    assert not [line for text in texts for line in secrets if line in text]


def test_the_copy_is_refused_where_it_would_overwrite_or_leak(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "mine.txt").write_text("someone's work")
    with pytest.raises(student_copy.CopyError, match="not an empty folder"):
        student_copy.write_student_copy(occupied)
    assert (occupied / "mine.txt").read_text() == "someone's work"
    with pytest.raises(student_copy.CopyError, match="inside the course repository"):
        student_copy.write_student_copy(ROOT / "student-copy-here")
    with pytest.raises(TypeError, match="target must be a folder path"):
        student_copy.write_student_copy(42)


def test_a_course_whose_release_holds_a_hidden_test_yields_no_copy(tmp_path):
    course = tmp_path / "course"
    for name in student_copy.INCLUDED:
        source = ROOT / name
        if source.is_dir():
            (course / name).mkdir(parents=True)
        else:
            (course / name).parent.mkdir(parents=True, exist_ok=True)
            (course / name).write_text(source.read_text())
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert secret == 42\n### END HIDDEN TESTS")]
    nbformat.write(nb, course / "notebooks" / "00_start_here.ipynb")
    target = tmp_path / "out"
    with pytest.raises(student_copy.CopyError, match="hidden-test text"):
        student_copy.write_student_copy(target, root=course)
    assert not target.exists()
