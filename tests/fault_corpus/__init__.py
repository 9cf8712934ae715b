"""Faulty submissions, one module each: ``make(release, submission, folder)`` writes the fault into ``folder``.

``release`` is the release notebook, ``submission`` a full-marks submission (the release with every
answer cell filled in correctly) and ``folder`` the student's ``submitted/<student>/<assignment>/``. The
module's first docstring line says what the fault is and the grade and reason it must get;
``expected_score(release)`` computes that grade from the release notebook's nbgrader metadata and
``REASON`` is a regular expression one of the student's reasons must match.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
TIMESTAMP = "2026-11-23 12:00:00.000000 UTC\n"


def fault_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("f[0-9][0-9]_*.py"))


def load(name: str):
    return importlib.import_module(f"tests.fault_corpus.{name}")


def meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def exercises(release) -> list[tuple[int, dict[str, float]]]:
    """(index of each answer cell, {grade_id: points} of the test cells that follow it)."""
    found: list[tuple[int, dict[str, float]]] = []
    for index, cell in enumerate(release.cells):
        if meta(cell).get("solution"):
            found.append((index, {}))
        elif meta(cell).get("grade") and found:
            found[-1][1][meta(cell)["grade_id"]] = float(meta(cell)["points"])
    return found


def full_marks(release) -> float:
    return sum(float(meta(c)["points"]) for c in release.cells if meta(c).get("grade"))


def without_first_exercise(release) -> float:
    """Full marks less the points of the tests of the first exercise."""
    return full_marks(release) - sum(exercises(release)[0][1].values())


def first_answer(nb) -> int:
    return exercises(nb)[0][0]


def first_test(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if meta(c).get("grade"))


def prepend_to_first_answer(submission, code: str):
    """A copy of ``submission`` whose first answer cell starts with ``code``."""
    nb = copy.deepcopy(submission)
    cell = nb.cells[first_answer(nb)]
    cell.source = code.rstrip("\n") + "\n" + cell.source
    return nb


def write(nb, folder: Path, name: str | None = None) -> Path:
    """Write ``nb`` as ``folder/name`` (default: the assignment's notebook name) with a timestamp."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{folder.name}.ipynb")
    nbformat.write(nb, path)
    (folder / "timestamp.txt").write_text(TIMESTAMP)
    return path
