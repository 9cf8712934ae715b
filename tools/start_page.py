"""The start page ``notebooks/00_start_here.ipynb``: the text of ``authoring/00_start_here.md`` and a
table of the notebooks built from their own headers (title, estimated time, prerequisites), so the
page never disagrees with the notebooks.
"""

from __future__ import annotations

import re

import nbformat

from .authoring import AUTHORING, KERNELSPEC, RELEASE, assignment_ids, release_path, solution_path

START_PAGE = RELEASE / "00_start_here.ipynb"


def notebook_header(assignment: str) -> dict[str, str]:
    """Title, estimated time and prerequisites from a solution notebook's first markdown cell(s)."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    text = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    title = re.search(r"^# (.+)$", text, re.M)
    time = re.search(r"Estimated time[.:*]*\s*\**\s*([^.\n*]+)", text)
    prerequisites = re.search(r"\*\*Prerequisites\.?\*\*\s*(.+?)(?:\n\s*\n|$)", text, re.S)
    missing = [name for name, match in (("title", title), ("estimated time", time),
                                        ("prerequisites", prerequisites)) if match is None]
    if missing:
        raise ValueError(f"{assignment}: the first markdown cell has no {', '.join(missing)}")
    return {
        "title": title.group(1).strip(),
        "time": time.group(1).strip().rstrip(","),
        "prerequisites": " ".join(prerequisites.group(1).split()),
    }


def start_page() -> nbformat.NotebookNode:
    rows = ["| notebook | estimated time | prerequisites |", "|---|---|---|"]
    for assignment in assignment_ids():
        if not solution_path(assignment).exists():  # authored but not built yet
            continue
        header = notebook_header(assignment)
        link = release_path(assignment).relative_to(RELEASE).as_posix()
        rows.append(f"| [{header['title']}]({link}) | {header['time']} | {header['prerequisites']} |")
    intro = (AUTHORING / "00_start_here.md").read_text().strip()
    table = "## The notebooks\n\n" + "\n".join(rows)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_markdown_cell(table)]
    for index, cell in enumerate(nb.cells):
        cell.id = f"start-{index}"
    return nb


def write_start_page() -> None:
    nbformat.write(start_page(), START_PAGE)
