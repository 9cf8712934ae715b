"""Maintainer build: authoring scripts -> executed solutions/ -> nbgrader release in notebooks/.

    python3 course.py build                     # every assignment
    python3 course.py build 02_variance_propagation --no-release

1. ``authoring/<id>.py`` (jupytext percent) becomes ``solutions/<id>/<id>.ipynb``;
2. the solution notebook is executed in place (stored executed, so it renders and nbval compares);
3. ``nbgrader generate_assignment <id> --force`` writes the student release ``notebooks/<id>/``.
Prints each notebook's execution time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .authoring import ROOT, assignment_ids, notebook_from_authoring, solution_path, tool_environ
from .start_page import START_PAGE, write_start_page

EXECUTE_TIMEOUT = 120
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(nb: nbformat.NotebookNode, workdir: Path) -> float:
    """Run every cell of ``nb`` in a fresh kernel with ``workdir`` as cwd; returns seconds."""
    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")  # stable timings on a shared 2-core machine
    client = NotebookClient(nb, timeout=EXECUTE_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}}, env=env)
    start = time.perf_counter()
    client.execute(env=env)
    return time.perf_counter() - start


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of one stream: stdout arrives in chunks that vary run to run."""
    merged = []
    for output in outputs:
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def write_solution(assignment: str, run: bool = True) -> float:
    nb = notebook_from_authoring(assignment)
    path = solution_path(assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    seconds = execute(nb, path.parent) if run else 0.0
    for cell in nb.cells:  # timing metadata changes every run: keep the stored file stable
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):  # a widget view names a fresh model id every run
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nb.metadata.pop("widgets", None)  # widget state has new model ids every run; kernels rebuild it
    nbformat.write(nb, path)
    return seconds


def generate_release(assignment: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
             f"--CourseDirectory.db_url=sqlite:///{tmp}/gradebook.db", "--log-level=WARN"],
            cwd=ROOT, check=True, env=tool_environ(),
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="write solutions without running them")
    parser.add_argument("--no-release", action="store_true", help="skip nbgrader generate_assignment")
    args = parser.parse_args(argv)
    ids = args.assignments or assignment_ids()
    unknown = sorted(set(ids) - set(assignment_ids()))
    if unknown:
        parser.error(f"no authoring script for {unknown}")
    for assignment in ids:
        seconds = write_solution(assignment, run=not args.no_execute)
        print(f"{assignment}: executed in {seconds:.1f} s", flush=True)
        if not args.no_release:
            generate_release(assignment)
            print(f"{assignment}: release regenerated", flush=True)
    write_start_page()
    print(f"start page written: {START_PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
