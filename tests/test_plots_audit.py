"""Every plot of every notebook follows the course's rules (see tests/plot_audit.py)."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from tools.authoring import ROOT, assignment_ids, solution_path

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_plot_has_title_labels_legend_and_palette_and_no_overlapping_text(assignment, tmp_path):
    nb = nbformat.read(solution_path(assignment), as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type == "code" and "init_explorer(" not in c.source]
    nb.cells.append(nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.show()"))
    report = tmp_path / "audit.jsonl"
    env = dict(os.environ, MPLBACKEND="module://tests.plot_audit", PLOT_AUDIT_FILE=str(report),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(solution_path(assignment).parent)}}).execute(env=env)
    figures = [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []
    assert figures, f"{assignment}: no figure was shown"
    assert all(figure["texts"] > 0 for figure in figures), f"{assignment}: a figure with no text to check"
    problems = [p for figure in figures for p in figure["problems"]]
    assert not problems, f"{assignment}: " + "; ".join(problems)


def test_the_audit_catches_a_bad_plot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tests.plot_audit import audit

    figure, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], label="a")
    ax.plot([1, 2], [2, 1], label="b", color="red")
    problems = audit(figure)
    for expected in ("no title", "no x label", "no y label", "no legend", "not from the course palette"):
        assert any(expected in p for p in problems), (expected, problems)
    ax.set_title("t"), ax.set_xlabel("layer"), ax.set_ylabel("std"), ax.legend()
    ax.lines[0].set_color("#0072B2"), ax.lines[1].set_color("#D55E00")
    assert audit(figure) == []
    plt.close(figure)


def test_the_audit_catches_overlapping_text():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tests.plot_audit import audit, text_overlaps

    figure, ax = plt.subplots(figsize=(4, 3), layout="none")
    ax.plot([1, 2], [1, 2], label="a")
    ax.set_title("the title"), ax.set_xlabel("layer"), ax.set_ylabel("std")
    figure.text(0.5, 0.89, "a subtitle over the axes' title", ha="center")  # where the axes' title is
    ax.annotate("note", (1.5, 1.5))
    ax.text(1.5, 1.5, "another note")  # on top of the annotation
    ax.set_xticks([1, 1.02], ["first tick", "second tick"])  # crowded tick labels
    overlaps = text_overlaps(figure)
    for expected in ("subtitle", "another note", "second tick"):
        assert any(expected in line for line in overlaps), (expected, overlaps)
    assert any("overlaps" in problem for problem in audit(figure))
    figure.texts[-1].set_y(0.97)  # above the title
    ax.texts[-1].set_position((1.1, 1.9))
    ax.set_xticks([1, 2], ["first tick", "second tick"])
    assert text_overlaps(figure) == []
    plt.close(figure)
