"""The course in a real browser: JupyterLab started by the README's command, driven by Playwright in
Debian's Chromium (never a downloaded browser).

Runs every cell of a course notebook that shows the init explorer, checks that no cell errors, that the
widget renders and that moving a slider changes what it shows; runs Run All on every untouched release
notebook (every code cell must execute, and only the exercises' test cells may show errors); then opens
nbgrader's formgrader. Screenshots and the Run All counts are kept in ``test-artifacts/browser/``.
"""

from __future__ import annotations

import shutil
import time

import nbformat
import pytest

from tests.jupyter import chromium, course_server
from tools.authoring import ROOT, assignment_ids, release_path, solution_path

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "test-artifacts" / "browser"

NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext.session || !panel.sessionContext.session.kernel) return null;
  const cells = panel.content.widgets.filter(cell => cell.model.type === 'code');
  return {
    status: panel.sessionContext.session.kernel.status,
    executed: cells.filter(cell => cell.model.executionCount !== null).length,
    total: cells.length,
    errors: cells.flatMap(cell => cell.model.outputs.toJSON())
                 .filter(output => output.output_type === 'error')
                 .map(output => output.ename + ': ' + output.evalue),
  };
}"""


# Per code cell of the open notebook: executed or not, a graded test cell or not, its error if any.
CELL_RESULTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter(cell => cell.model.type === 'code').map(cell => {
    const grader = cell.model.getMetadata('nbgrader') || {};
    const error = cell.model.outputs.toJSON().find(output => output.output_type === 'error');
    return {id: grader.grade_id || cell.model.id, test: Boolean(grader.grade),
            executed: cell.model.executionCount !== null, error: error ? error.ename + ': ' + error.evalue : null};
  });
}"""


def widget_notebook() -> str:
    for assignment in assignment_ids():
        nb = nbformat.read(solution_path(assignment), as_version=4)
        if any("init_explorer(" in cell.source for cell in nb.cells if cell.cell_type == "code"):
            return assignment
    pytest.skip("no notebook shows the init explorer yet")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def wait_for(page, script, predicate, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(script)
        if value is not None and predicate(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}; last state {value}")
        time.sleep(0.25)


def test_notebook_runs_and_widget_responds_in_jupyterlab(tmp_path, browser):
    assignment = widget_notebook()
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(solution_path(assignment), served / f"{assignment}.ipynb")  # autosave must not touch the repo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with course_server(tmp_path, f"--ServerApp.root_dir={served}", "--LabApp.expose_app_in_browser=True") as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url(f"/lab/tree/{assignment}.ipynb"))
        wait_for(page, NOTEBOOK_STATE, lambda s: s["status"] == "idle", 90, "the kernel to start")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        state = wait_for(page, NOTEBOOK_STATE,
                         lambda s: s["executed"] == s["total"] and s["status"] == "idle", 180, "all cells to run")
        assert state["errors"] == [], f"cells raised errors in the browser: {state['errors']}"

        # scroll the explorer's cell into view and wait for its sliders
        page.evaluate("""() => {
          const panel = window.jupyterapp.shell.currentWidget;
          const index = panel.content.widgets.findIndex(cell => cell.model.sharedModel.getSource()
                                                                .includes('init_explorer('));
          panel.content.activeCellIndex = index;
          return panel.content.scrollToItem(index, 'start');
        }""")
        depth = page.locator(".widget-slider", has=page.locator(".widget-label", has_text="depth")).first
        depth.wait_for(state="visible", timeout=30_000)
        image = page.locator(".jupyter-widgets.widget-image").first
        verdict = page.locator(".widget-html").filter(has_text="verdict").first
        image.wait_for(state="visible", timeout=30_000)
        before = (image.get_attribute("src"), verdict.inner_text())
        page.screenshot(path=str(ARTIFACTS / f"{assignment}-explorer-before.png"))

        readout = depth.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("60")
        page.keyboard.press("Enter")
        deadline = time.monotonic() + 30
        while image.get_attribute("src") == before[0] or verdict.inner_text() == before[1]:
            assert time.monotonic() < deadline, "moving the depth slider did not redraw the plot and the verdict"
            time.sleep(0.2)
        page.wait_for_timeout(500)  # let the new image paint before the screenshot
        after_text = verdict.inner_text()
        assert readout.inner_text().strip() == "60"
        assert after_text != before[1], "the verdict line should report the new depth's ratio"
        page.screenshot(path=str(ARTIFACTS / f"{assignment}-explorer-after.png"))
        assert page.get_by_text("official Jupyter news").count() == 0, "the news consent pop-up must stay off"
        page.close()
    print(f"browser test: {time.monotonic() - started:.1f} s")


def test_run_all_reaches_the_end_of_every_untouched_release(tmp_path, browser):
    """Run All on each release as a learner first meets it: every code cell runs; only test cells fail, all of them."""
    served = tmp_path / "served"
    for assignment in assignment_ids():
        (served / assignment).mkdir(parents=True)
        shutil.copy(release_path(assignment), served / assignment)  # autosave must not touch the repo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report, problems = [], []
    with course_server(tmp_path, f"--ServerApp.root_dir={served}", "--LabApp.expose_app_in_browser=True") as server:
        for assignment in assignment_ids():
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # ?reset: a fresh workspace, so the notebooks opened before are not reopened (with their kernels)
            page.goto(server.url(f"/lab/tree/{assignment}/{assignment}.ipynb?reset"))
            wait_for(page, NOTEBOOK_STATE, lambda s: s["status"] == "idle", 90, f"{assignment}'s kernel to start")
            started = time.monotonic()
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            try:
                wait_for(page, NOTEBOOK_STATE, lambda s: s["executed"] == s["total"] and s["status"] == "idle",
                         300, f"Run All of {assignment}")
            except AssertionError as error:
                problems.append(str(error))
            cells = page.evaluate(CELL_RESULTS)
            seconds = time.monotonic() - started
            page.screenshot(path=str(ARTIFACTS / f"{assignment}-run-all.png"))
            page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
            page.close()
            executed = sum(c["executed"] for c in cells)
            tests = [c for c in cells if c["test"]]
            failed_tests = sum(bool(c["error"]) for c in tests)
            report.append(f"{assignment}: {executed}/{len(cells)} code cells executed, {failed_tests}/{len(tests)} "
                          f"test cells report an error, {seconds:.1f} s")
            problems += [f"{assignment}: cell {c['id']} did not run" for c in cells if not c["executed"]]
            problems += [f"{assignment}: plain cell {c['id']} failed: {c['error']}"
                         for c in cells if c["error"] and not c["test"]]
            problems += [f"{assignment}: test {c['id']} passed with no answer" for c in tests if not c["error"]]
    (ARTIFACTS / "run_all.txt").write_text("\n".join(report) + "\n")
    print("\n".join(report))
    assert not problems, "\n".join(problems + report)


def test_formgrader_opens_from_the_course_directory(tmp_path, browser):
    with course_server(tmp_path) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(server.url("/formgrader"))
        page.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
        for assignment in assignment_ids():
            page.get_by_text(assignment).first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "formgrader.png"))
        page.close()
