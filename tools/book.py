"""The course as a static HTML book, built offline: ``python3 course.py book [--out DIR] [--repository URL]``.

One page per notebook of ``tools.authoring.assignment_ids()`` (those built so far), the start page as the
index, rendered by Sphinx with MyST-NB (configuration in ``book/conf.py``) from what a learner may see:

* prose, answer cells and plain code cells exactly as the **release** ``notebooks/<id>/<id>.ipynb`` shows them;
* the outputs (tables, figures) of the executed ``solutions/`` notebook, for plain cells only, and only when
  the cell does not use an answer: a cell that prints "your prediction" beside the measurement would print
  the solution's prediction. ``tools.answer_flow`` finds such cells by a data flow over names (in the
  release and in the solution); as a second guard, an output that addresses the learner ("your", "yours")
  is not shown either. Such a cell keeps its code and loses its output, with a note saying why;
* no test cells: each is replaced by a one-line note with its points (their visible checks only make sense
  in a kernel, and their hidden blocks must never reach the site);
* a "Launch in Binder" link (the page's notebook on mybinder.org, see ``course.py binder``) and a
  "Download notebook" link to the release ``.ipynb``, shipped in ``downloads/``.

Math is typeset by MathJax 3, copied into ``_static/mathjax/`` from the pinned ``sphinx-mathjax-offline``
package (no CDN); Sphinx's own search works offline. Prints the build time and the site's size.
"""

from __future__ import annotations

import argparse
import copy
import functools
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .answer_flow import cells_using_answers
from .authoring import ROOT, assignment_ids, release_path, solution_path
from .start_page import START_PAGE

BOOK_CONF = ROOT / "book"
DEFAULT_OUT = ROOT / "_build" / "book"
DOWNLOADS = "downloads"
MATHJAX_PACKAGE = "sphinx-mathjax-offline"  # a folder of site-packages, not an importable module name
# What tex-chtml.js loads at run time (fonts, TeX extensions by autoload, the menu's accessibility parts);
# the other combined bundles and the speech rule engine are not used by the pages.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "ui", "adaptors")
NBVAL_MARK = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.M)
ADDRESSES_LEARNER = re.compile(r"\byours?\b", re.I)  # "your prediction", "yours": an output about an answer
YOURS_NOTE = ("This cell uses your answers (it shows them beside the measurement): run it in the notebook to "
              "see its output.")


def output_text(output: nbformat.NotebookNode) -> str:
    """The text of a stored output: a stream's text, or every text-like entry of its data."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(str(value) for key, value in data.items() if key.startswith("text/") or key.endswith("json"))


# --- the pages ----------------------------------------------------------------------------------------------

@functools.cache
def _course_script() -> dict:
    return runpy.run_path(str(ROOT / "course.py"), run_name="course_book")


def binder_url(repository: str | None, notebook: str) -> str | None:
    """The mybinder.org link that opens ``notebook`` (a path in the repository), built by ``course.py``'s
    ``binder_link`` (which opens the start page) with the page's own notebook; None without a repository."""
    if repository is None:
        return None
    link = _course_script()["binder_link"](repository)
    base, _, _ = link.partition("?urlpath=")
    return f"{base}?urlpath=lab/tree/{notebook}"


def links_cell(binder: str | None, download: str) -> nbformat.NotebookNode:
    """A markdown cell of raw HTML: the Binder and download links under a page's title."""
    parts = []
    if binder:
        parts.append(f'<a class="course-link course-binder" href="{binder}">Launch in Binder</a>')
    parts.append(f'<a class="course-link course-download" href="{DOWNLOADS}/{download}" download>'
                 "Download notebook</a>")
    note = ('<span class="course-link-note">Read-only web version: work the exercises in the notebook '
            "(Binder, or download it into your clone of the course).</span>")
    return nbformat.v4.new_markdown_cell('<div class="course-links">\n' + "\n".join(parts) + "\n" + note
                                         + "\n</div>")


def _after_title(cells: list, links: nbformat.NotebookNode) -> list:
    """Insert ``links`` right under the first markdown heading (splitting that cell), else at the top."""
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and re.match(r"#\s", cell.source):
            title, _, rest = cell.source.partition("\n")
            head = nbformat.v4.new_markdown_cell(title)
            tail = [nbformat.v4.new_markdown_cell(rest.strip())] if rest.strip() else []
            return cells[:index] + [head, links] + tail + cells[index + 1:]
    return [links, *cells]


def _note(kind: str, title: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(f"```{{admonition}} {title}\n:class: {kind}\n\n{text}\n```")


def book_notebook(assignment: str, repository: str | None = None) -> nbformat.NotebookNode:
    """The page of ``assignment``: the release's cells with the safe outputs of the executed solution."""
    release = nbformat.read(release_path(assignment), as_version=4)
    solution = nbformat.read(solution_path(assignment), as_version=4)
    executed = {cell.id: cell for cell in solution.cells if cell.cell_type == "code"}
    using = cells_using_answers(release) | cells_using_answers(solution)
    cells = []
    for cell in release.cells:
        grader = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.source))
            continue
        if cell.cell_type != "code":
            continue
        if grader.get("grade"):
            points = grader.get("points", 0)
            cells.append(_note("course-test", f"Test cell ({points:g} point{'s' if points != 1 else ''})",
                               "In the notebook this cell checks your answer: its visible checks catch the usual "
                               "slips, and hidden tests, run by the grader, decide the grade."))
            continue
        page_cell = nbformat.v4.new_code_cell(NBVAL_MARK.sub("", cell.source))
        source_cell = executed.get(cell.id)
        if grader.get("solution"):
            pass  # the answer cell as the release shows it, with no output
        elif cell.id in using:
            cells += [page_cell, _note("course-yours", "Output not shown here", YOURS_NOTE)]
            continue
        elif source_cell is not None and source_cell.source == cell.source:
            if any(ADDRESSES_LEARNER.search(output_text(output)) for output in source_cell.outputs):
                cells += [page_cell, _note("course-yours", "Output not shown here", YOURS_NOTE)]
                continue
            page_cell.outputs = copy.deepcopy(source_cell.outputs)
            page_cell.execution_count = source_cell.get("execution_count")
        cells.append(page_cell)
    links = links_cell(binder_url(repository, release_path(assignment).relative_to(ROOT).as_posix()),
                       f"{assignment}.ipynb")
    page = nbformat.v4.new_notebook(metadata={"kernelspec": release.metadata.get("kernelspec", {}),
                                              "language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    page.cells = _after_title(cells, links)
    return page


def index_notebook(pages: list[str], repository: str | None = None) -> nbformat.NotebookNode:
    """The start page as the book's index: its links point at the pages; a hidden toctree orders them."""
    start = nbformat.read(START_PAGE, as_version=4)
    cells = []
    for cell in start.cells:
        source = cell.source
        for assignment in pages:
            source = source.replace(f"]({assignment}/{assignment}.ipynb)", f"]({assignment}.ipynb)")
        cells.append(nbformat.v4.new_markdown_cell(source) if cell.cell_type == "markdown"
                     else nbformat.v4.new_code_cell(source))
    cells.append(nbformat.v4.new_markdown_cell("```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(pages)
                                               + "\n```"))
    links = links_cell(binder_url(repository, START_PAGE.relative_to(ROOT).as_posix()), START_PAGE.name)
    page = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python"}})
    page.cells = _after_title(cells, links)
    return page


def built_assignments() -> list[str]:
    """Every assignment with both an executed solution and a release (09, 10 appear once they are built)."""
    ready = [a for a in assignment_ids() if solution_path(a).exists() and release_path(a).exists()]
    for assignment in sorted(set(assignment_ids()) - set(ready)):
        print(f"note: {assignment} has no solution or release notebook yet (python3 course.py build): "
              "left out of the book", flush=True)
    return ready


def stage(srcdir: Path, repository: str | None) -> list[str]:
    """Write the Sphinx source: ``index.ipynb`` and one ``<id>.ipynb`` per page; returns the page ids."""
    pages = built_assignments()
    nbformat.write(index_notebook(pages, repository), srcdir / "index.ipynb")
    for assignment in pages:
        nbformat.write(book_notebook(assignment, repository), srcdir / f"{assignment}.ipynb")
    return pages


# --- assets shipped with the site ----------------------------------------------------------------------------

def mathjax_source() -> Path:
    """MathJax 3's files inside the installed ``sphinx-mathjax-offline`` package (pinned in requirements/)."""
    for entry in map(Path, sys.path):
        candidate = entry / MATHJAX_PACKAGE / "static" / "mathjax"
        if (candidate / "tex-chtml.js").exists():
            return candidate
    raise RuntimeError(f"{MATHJAX_PACKAGE} is not installed: pip install -r requirements/book.txt")


def ship_assets(outdir: Path, pages: list[str]) -> None:
    """Copy MathJax into ``_static/mathjax/`` and the release notebooks into ``downloads/``; mark the site as
    plain files for GitHub Pages (``.nojekyll``: Jekyll would drop the folders starting with ``_``)."""
    source, target = mathjax_source(), outdir / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)
    (outdir / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ and _images/ as they are
    downloads = outdir / DOWNLOADS
    downloads.mkdir(exist_ok=True)
    shutil.copy2(START_PAGE, downloads / START_PAGE.name)
    for assignment in pages:
        shutil.copy2(release_path(assignment), downloads / f"{assignment}.ipynb")


# --- the build -------------------------------------------------------------------------------------------------

def origin_url() -> str | None:
    found = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else None


def check_out_dir(out: Path) -> None:
    """Refuse to wipe a folder that is not an earlier book build (Sphinx leaves ``.buildinfo`` in its output)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / ".buildinfo").exists())):
        raise ValueError(f"--out {out} exists and is not an earlier book build: give an empty or new folder")


def build(out: Path = DEFAULT_OUT, repository: str | None = None) -> dict:
    """Build the book into ``out`` (replacing an earlier build); returns pages, seconds, bytes, warnings."""
    from sphinx.cmd.build import build_main  # the book's packages are needed only here

    out = Path(out).resolve()
    check_out_dir(out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-book-") as tmp:
        srcdir, doctrees, warnings = Path(tmp) / "src", Path(tmp) / "doctrees", Path(tmp) / "warnings.txt"
        srcdir.mkdir()
        pages = stage(srcdir, repository)
        if out.exists():
            shutil.rmtree(out)
        status = build_main(["-b", "html", "-q", "-c", str(BOOK_CONF), "-d", str(doctrees), "-w", str(warnings),
                             str(srcdir), str(out)])
        warned = [line for line in warnings.read_text().splitlines() if line.strip()] if warnings.exists() else []
    if status != 0:
        raise RuntimeError(f"sphinx-build failed (exit {status}):\n" + "\n".join(warned))
    ship_assets(out, pages)
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return {"pages": ["index", *pages], "seconds": time.perf_counter() - started, "bytes": size,
            "files": sum(1 for path in out.rglob("*") if path.is_file()), "warnings": warned}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--repository", help="public repository URL for the Binder links (default: git's origin)")
    args = parser.parse_args(argv)
    repository = args.repository or origin_url()
    if repository is None:
        print("note: no --repository and no `origin` remote: the pages get no Binder link", flush=True)
    try:
        result = build(args.out, repository)
    except ValueError as error:
        parser.error(str(error))
    for line in result["warnings"]:
        print(f"warning: {line}")
    print(f"book: {len(result['pages'])} pages, {result['files']} files, {result['bytes'] / 1e6:.1f} MB, "
          f"built in {result['seconds']:.1f} s -> {args.out / 'index.html'}")
    return 1 if result["warnings"] else 0


if __name__ == "__main__":
    sys.exit(main())
