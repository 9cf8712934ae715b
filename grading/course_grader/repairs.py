"""The intake repairs inside nbgrader itself, so every autograde grades the same repaired notebook.

The class driver (:mod:`course_grader.autograde`) repairs each submission into ``intake/<student>/<assignment>/``
with :func:`course_grader.intake.prepare` and grades that folder. A plain ``nbgrader autograde`` or the
formgrader's "autograde" button grades ``submitted/`` directly. Two pieces, named in ``nbgrader_config.py``,
give them the same repairs:

- :class:`RepairSubmission`, the first of nbgrader's sanitizing steps: whatever file nbgrader read, the
  notebook it grades is the one :func:`~course_grader.intake.pick_notebook` picks from the student's folder
  (the one with most answers written, saved under any name) aligned with the release by
  :func:`~course_grader.intake.normalise` (stripped metadata, a copied test cell, a deleted or retyped cell):
  the functions the class driver's intake runs. On the driver's already repaired copy this changes nothing.
- :func:`add_release_named_notebook`, nbgrader's pre-convert hook: nbgrader grades only notebooks named as
  in the release. When a student's folder holds no such file (the notebook was saved as ``Untitled.ipynb``),
  the hook adds ``<release name>.ipynb`` there, the intake's repaired copy, and leaves every file of the
  student's untouched; nbgrader's list of files to convert is narrowed to the release's names. Each
  repair is printed on nbgrader's log.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from .intake import normalise, pick_notebook

INTAKE = "intake"  # the class driver's folder of repaired copies, beside submitted/


def course_directory(root: Path) -> CourseDirectory:
    """nbgrader's CourseDirectory of the course at ``root``, as its ``nbgrader_config.py`` sets it."""
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root)
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        raise ValueError(f"course must be an nbgrader course directory with nbgrader_config.py, got {root}")
    config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
    return CourseDirectory(config=config, root=str(root))


def release_notebooks(coursedir: CourseDirectory, assignment: str) -> list[Path]:
    return sorted(Path(coursedir.format_path(coursedir.release_directory, ".", assignment)).glob("*.ipynb"))


def say(student: str, assignment: str, what: str) -> None:
    print(f"[course_grader] {student}/{assignment}: {what}", file=sys.stderr)


class RepairSubmission(NbGraderPreprocessor):
    """Grade the notebook the intake picks from the student's folder, aligned with the release."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        coursedir = CourseDirectory(config=self.config)
        release = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"])) / (
            f"{info['notebook']}.ipynb")
        if not release.is_file():
            return nb, resources
        try:
            candidate, path, reasons = pick_notebook(folder, release)
            if candidate is None:
                candidate, reasons = nb, [*reasons, "no notebook of this assignment found: graded the file as it is"]
            repaired, repairs = normalise(candidate, nbformat.read(str(release), as_version=4))
        except Exception as error:  # never stop nbgrader: it grades the notebook as it is
            say(info["student"], info["assignment"], f"repairs failed, graded unrepaired: {type(error).__name__}: "
                                                     f"{error}")
            return nb, resources
        for reason in [*reasons, *repairs]:
            say(info["student"], info["assignment"], reason)
        return repaired, resources


def add_release_named_notebook(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader's pre-convert hook: make sure each release notebook has a file of its name to convert.

    ``notebooks`` is nbgrader's own list of the files it is about to convert (the student's folder);
    its items are narrowed to the release's names. Failures are printed; nbgrader then goes on as without
    this hook.
    """
    if not notebooks:
        return
    folder = Path(notebooks[0]).resolve().parent
    try:
        coursedir = course_directory(folder.parents[2])  # {nbgrader_step}/{student_id}/{assignment_id}
        releases = release_notebooks(coursedir, assignment)
        taken = {folder / release.name for release in releases if (folder / release.name).exists()}
        for release in releases:
            target = folder / release.name
            if target.exists():
                continue
            candidate, path, reasons = pick_notebook(folder, release, taken)
            if candidate is None:
                continue
            taken.add(path)
            repaired, _ = normalise(candidate, nbformat.read(str(release), as_version=4))
            nbformat.write(repaired, str(target))
            say(student, assignment, f"added {release.name}, the repaired copy of {path.name} (nbgrader grades "
                                     "only notebooks named as in the release; the student's files are untouched)")
    except Exception as error:
        say(student, assignment, f"could not look for a renamed notebook: {type(error).__name__}: {error}")
        return
    present = [str(folder / release.name) for release in releases if (folder / release.name).exists()]
    if present:
        notebooks[:] = present
