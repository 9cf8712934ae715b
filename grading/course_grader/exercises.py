"""The exercises of an nbgrader source notebook: each answer cell with the graded test cells that follow it.

The trusted re-grade reads the hidden tests this way from the course's source notebook; the maintainer's
corpus runner (``tools/corpus.py``) and the self-check read them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Exercise:
    """An answer cell, the notebook's setup cell and the graded test cells that follow the answer."""

    assignment: str
    answer_id: str
    solution: str
    setup: list[str]
    tests: dict[str, str]
    points: dict[str, float]



def strip_solution_markers(source: str) -> str:
    """The answer cell's source as a learner would write it: the solution without its markers."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def notebook_exercises(nb, assignment: str) -> list[Exercise]:
    """The exercises of an nbgrader source notebook: each answer cell with the graded test cells after it."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = [code[0].source] if code else []
    found: list[Exercise] = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            found.append(Exercise(assignment, meta["grade_id"], strip_solution_markers(cell.source), setup, {}, {}))
        elif meta.get("grade") and cell.cell_type == "code" and found:
            found[-1].tests[meta["grade_id"]] = cell.source
            found[-1].points[meta["grade_id"]] = float(meta.get("points", 0))
    return found
