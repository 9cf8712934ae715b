"""The learner's progress: the last check of every notebook, as a table in the terminal and in ``work/progress.md``.

``python3 course.py check ID`` records its result in ``work/.course/progress.json``; the table has one row per
notebook of the course: exercises passed, points, when it was last checked, and whether the notebook was saved
again since (then the row is out of date until the next check). The start page links ``progress.md``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat

from .authoring import assignment_ids, release_path, solution_path
from .corpus import notebook_exercises
from .workspace import STATE

RECORDS = "progress.json"  # in work/.course/
PAGE = "progress.md"  # in work/
HEADER = ("notebook", "exercises passed", "points", "last checked")


def work_notebook(work: Path, assignment: str) -> Path:
    """The learner's copy of an assignment's notebook."""
    return Path(work) / assignment / f"{assignment}.ipynb"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(work: Path) -> dict:
    """assignment -> its last check's record; {} when there is none (or the file is unreadable)."""
    path = Path(work) / STATE / RECORDS
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save(work: Path, assignment: str, entry: dict) -> None:
    """Record one check: ``entry`` holds passed, exercises, score, max_score, checked (UTC text), sha256."""
    records = load(work)
    records[assignment] = entry
    path = Path(work) / STATE / RECORDS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, indent=1, sort_keys=True) + "\n")


def course_totals(assignment: str) -> tuple[int, float]:
    """(exercises, points) of an assignment, from its release notebook (the same cells as the source, and small)."""
    nb = nbformat.read(release_path(assignment), as_version=4)
    found = notebook_exercises(nb, assignment)
    return len(found), sum(sum(ex.points.values()) for ex in found)


def rows(work: Path) -> list[tuple[str, str, str, str]]:
    """One row per built notebook of the course, in the order of HEADER."""
    records, out = load(work), []
    for assignment in assignment_ids():
        if not (solution_path(assignment).exists() and release_path(assignment).exists()):
            continue
        exercises, points = course_totals(assignment)
        entry = records.get(assignment)
        notebook = work_notebook(work, assignment)
        if not isinstance(entry, dict):
            when = "not checked yet" if notebook.exists() else "no work copy yet"
            out.append((assignment, f"-/{exercises}", f"-/{points:g}", when))
            continue
        when = str(entry.get("checked", "?"))
        if not notebook.exists():
            when += " (notebook gone since)"
        elif entry.get("sha256") != sha256(notebook):
            when += " (saved again since: check again)"
        out.append((assignment, f"{entry.get('passed', 0)}/{entry.get('exercises', exercises)}",
                    f"{float(entry.get('score', 0)):g}/{float(entry.get('max_score', points)):g}", when))
    return out


def table(found: list[tuple[str, ...]]) -> list[str]:
    """The rows as aligned text, under HEADER."""
    widths = [max(len(str(row[i])) for row in [HEADER, *found]) for i in range(len(HEADER))]
    return ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [HEADER, *found]]


def markdown(found: list[tuple[str, ...]]) -> str:
    lines = ["# Your progress", "",
             "Written by `python3 course.py check`; `python3 course.py check ID` checks one notebook with the "
             "full hidden tests and updates its row (`check --all`: every notebook).", "",
             "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for assignment, *rest in found:
        link = f"[{assignment}]({assignment}/{assignment}.ipynb)"
        lines.append("| " + " | ".join([link, *rest]) + " |")
    return "\n".join(lines) + "\n"


def write_progress(work: Path) -> Path:
    """Write ``work/progress.md`` (the page the start page links) and return its path."""
    path = Path(work) / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(rows(work)))
    return path
