"""Turn an authoring script (jupytext percent format) into an nbgrader source notebook.

A cell header carries the nbgrader role in two short keys, which become nbgrader's metadata:

    # %% kind="answer" grade_id="xavier_std_answer"          -> autograded answer (solution cell)
    # %% kind="test" grade_id="xavier_std_test" points=3     -> autograder test (locked, graded)
    # %% kind="readonly" grade_id="setup"                    -> locked, not graded

Every other cell is a plain cell with no nbgrader metadata (as nbgrader wants). Test cells are also
tagged ``raises-exception``, so that Run All on a release with unanswered exercises runs every cell. Cell ids are
derived from the grade_id or the cell's position, so rebuilding gives the same file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
AUTHORING = ROOT / "authoring"
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "notebooks"

# The tag JupyterLab, the classic notebook and nbclient read as "this cell may raise: keep running the
# cells after it". Every graded test cell has it, so Run All on an untouched release reaches the end.
RUN_ALL_CONTINUES = "raises-exception"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KINDS = {
    "answer": {"grade": False, "locked": False, "solution": True, "task": False},
    "test": {"grade": True, "locked": True, "solution": False, "task": False},
    "readonly": {"grade": False, "locked": True, "solution": False, "task": False},
}


def tool_environ() -> dict[str, str]:
    """os.environ with this interpreter's bin/ first on PATH (nbgrader runs `alembic` from PATH)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def assignment_ids() -> list[str]:
    """Every assignment that has an authoring script, in course order."""
    return sorted(path.stem for path in AUTHORING.glob("[0-9][0-9]_*.py") if not path.stem.startswith("00_"))


def solution_path(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_path(assignment: str) -> Path:
    return RELEASE / assignment / f"{assignment}.ipynb"


def nbgrader_metadata(cell_metadata: dict, where: str) -> dict | None:
    """nbgrader metadata for a cell whose authoring header has ``kind`` (and grade_id, points)."""
    kind = cell_metadata.get("kind")
    if kind is None:
        return None
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}, got {kind!r}")
    grade_id = cell_metadata.get("grade_id")
    if not grade_id:
        raise ValueError(f"{where}: a cell of kind {kind!r} needs a grade_id")
    meta = {**KINDS[kind], "grade_id": grade_id, "schema_version": 3}
    if kind == "test":
        points = cell_metadata.get("points")
        if not isinstance(points, (int, float)) or points <= 0:
            raise ValueError(f"{where}: a test cell needs points > 0, got {points!r}")
        meta["points"] = points
    return meta


def notebook_from_authoring(assignment: str) -> nbformat.NotebookNode:
    """The source notebook (no outputs) that ``authoring/<assignment>.py`` describes."""
    script = AUTHORING / f"{assignment}.py"
    parsed = jupytext.read(script)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python", "pygments_lexer": "ipython3"},
    }
    for index, cell in enumerate(parsed.cells):
        where = f"{script.name} cell {index}"
        meta = nbgrader_metadata(cell.metadata, where)
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source)
        elif cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source)
        else:
            continue
        if meta is not None:
            new.metadata["nbgrader"] = meta
            if meta["grade"]:  # Run All goes on past a failing test (JupyterLab honours this tag)
                new.metadata["tags"] = [RUN_ALL_CONTINUES]
        new.id = meta["grade_id"] if meta else f"cell-{index:03d}"
        nb.cells.append(new)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{script.name}: duplicate grade_id {duplicates}")
    return nb
