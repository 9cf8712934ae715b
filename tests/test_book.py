"""The web book (``python3 course.py book``, tools/book.py): what it may show, built offline, and every page in
Debian's Chromium served from 127.0.0.1 (no failed request, nothing from another host, equations typeset,
figures shown, search working). Screenshots are kept in ``test-artifacts/book/``.
"""

from __future__ import annotations

import html
import io
import re
import socket
import subprocess
import sys
import time
import tokenize
import urllib.error
import urllib.request

import nbformat
import pytest

from tools import book
from tools.answer_flow import cells_using_answers
from tools.authoring import ROOT, release_path, solution_path
from tools.start_page import START_PAGE

from .jupyter import chromium
from .leak_scan import readable_text, secret_lines

ARTIFACTS = ROOT / "test-artifacts" / "book"
REPOSITORY = "https://github.com/acme/weight-init"
BINDER = "https://mybinder.org/v2/gh/acme/weight-init/HEAD?urlpath=lab/tree/"


def code_cell(source: str, role: str | None = None, cell_id: str | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id or f"c{abs(hash(source)) % 10**8}"
    if role:
        cell.metadata["nbgrader"] = {"solution": role == "answer", "grade": role == "test", "grade_id": cell.id}
    return cell


# --- what a page may show (fast, no Sphinx) --------------------------------------------------------------------

def test_answer_flow_finds_the_cells_that_show_an_answer_and_only_those():
    cells = {
        "answer": code_cell("def predicted_ratio():\n    raise NotImplementedError()", "answer"),
        "test": code_cell("_got = predicted_ratio()\nrng = 1", "test"),
        "direct": code_cell("print(grading.learner_value(predicted_ratio), measured)"),
        "derived": code_cell("mine = predicted_ratio()\nwidth = 3"),
        "reads_derived": code_cell("print(mine * 2)"),
        "clean_width": code_cell("print(width)"),
        "mutated": code_cell("rows = []\nrows.append(mine)"),
        "reads_mutated": code_cell("print(rows)"),
        "function": code_cell("def show(x):\n    return x + predicted_ratio()"),
        "calls_function": code_cell("show(1)"),
        "local_shadow": code_cell("def other(mine):\n    return mine + 1\nprint(other(2))"),
        "loop": code_cell("for case in 'AB':\n    net = case\n    print(case, mine)"),
        "after_loop": code_cell("print(net)"),
        "conditional": code_cell("if mine is not None:\n    flag = 1"),
        "reads_flag": code_cell("print(flag)"),
        "rebinds": code_cell("mine = 0.5"),
        "reads_rebound": code_cell("print(mine)"),
        "loop_rebinds": code_cell("for flag in range(2):\n    pass\nprint(flag)"),
        "reads_test_names": code_cell("print(rng)"),
        "imports": code_cell("import numpy as np\nprint(np.pi)"),
    }
    for name, cell in cells.items():
        cell.id = name
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells.values())
    assert cells_using_answers(nb) == {"direct", "derived", "reads_derived", "mutated", "reads_mutated", "function",
                                       "calls_function", "loop", "conditional", "reads_flag"}


@pytest.fixture(scope="module")
def pages() -> list[str]:
    built = book.built_assignments()
    assert built, "no notebook has a release yet"
    return built


def test_each_page_shows_the_release_and_only_the_safe_outputs(pages):
    for assignment in pages:
        release = nbformat.read(release_path(assignment), as_version=4)
        solution = nbformat.read(solution_path(assignment), as_version=4)
        page = book.book_notebook(assignment, REPOSITORY)
        text = "\n".join(cell.source for cell in page.cells)
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        answers = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
        tests = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
        page_code = [c for c in page.cells if c.cell_type == "code"]
        for answer in answers:  # the answer cell as the release shows it, without output
            shown = [c for c in page_code if c.source == book.NBVAL_MARK.sub("", answer.source)]
            assert shown and not shown[0].outputs, f"{assignment}: answer cell {answer.id}"
        assert text.count("{admonition} Test cell") == len(tests), assignment  # a note stands for each
        assert not {c.source for c in tests} & {c.source for c in page_code}, assignment
        using = cells_using_answers(release) | cells_using_answers(solution)
        sources = {book.NBVAL_MARK.sub("", c.source) for c in release.cells if c.id in using}
        assert all(not c.outputs for c in page_code if c.source in sources), assignment
        kept = [o for c in page_code for o in c.outputs]
        assert kept, f"{assignment}: the page shows no experiment output at all"
        assert not any(book.ADDRESSES_LEARNER.search(book.output_text(o)) for o in kept), assignment
        figures = sum("image/png" in o.get("data", {}) for c in solution.cells if c.id not in using
                      and not c.metadata.get("nbgrader") for o in c.get("outputs", []))
        assert sum("image/png" in o.get("data", {}) for o in kept) == figures, assignment
        assert f'href="{BINDER}notebooks/{assignment}/{assignment}.ipynb"' in text
        assert f'href="downloads/{assignment}.ipynb" download' in text


def identifiers(source: str) -> set[str]:
    """Names a cell's code uses, neither attributes (``init.orthogonal``) nor inside strings or comments."""
    names, previous = set(), None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME and previous != ".":
                names.add(token.string)
            previous = token.string
    except (tokenize.TokenError, IndentationError):
        pass
    return names


def test_outputs_that_print_the_solutions_answers_are_left_out(pages):
    """Independent of the flow analysis: a plain cell after an exercise that calls its answer function shows
    no output."""
    checked = 0
    for assignment in pages:
        solution = nbformat.read(solution_path(assignment), as_version=4)
        page_outputs = {book.output_text(o) for c in book.book_notebook(assignment).cells for o in c.get("outputs", [])}
        answers: set[str] = set()
        for cell in solution.cells:
            if cell.cell_type != "code":
                continue
            if cell.metadata.get("nbgrader", {}).get("solution"):
                answers |= set(re.findall(r"^def (\w+)", cell.source, re.M))
            elif not cell.metadata.get("nbgrader") and identifiers(cell.source) & answers:
                for output in cell.outputs:
                    assert book.output_text(output) not in page_outputs, f"{assignment}: {cell.id} shows an answer"
                    checked += 1
    assert checked >= len(pages), f"only {checked} outputs of cells that call an answer: is the check still right?"


def test_bad_arguments_are_refused_with_their_name(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="--out"):
        book.check_out_dir(tmp_path)
    with pytest.raises(ValueError, match="repository_url"):
        book.binder_url("git@gitlab.com:acme/x.git", "notebooks/00_start_here.ipynb")


# --- the built site ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("book") / "site"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "tools.book", "--out", str(out), "--repository", REPOSITORY],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "build.txt").write_text(f"{result.stdout.strip()}\nwall time of the command: {seconds:.1f} s\n")
    print(result.stdout, f"wall time {seconds:.1f} s")
    return out


@pytest.mark.slow
def test_no_built_file_holds_solution_or_hidden_test_text(site, pages):
    secrets = secret_lines(pages)
    assert len(secrets) > 20 * len(pages), f"only {len(secrets)} distinctive solution/hidden lines: parser broken?"
    sample = sorted(secrets)[0]
    probe = site.parent / "probe.html"  # the scanner finds a line split into highlighted tokens
    probe.write_text("<pre>" + "".join(f'<span class="n">{html.escape(ch)}</span>' for ch in sample) + "</pre>")
    assert sample in readable_text(probe)
    solutions = " ".join(readable_text(solution_path(assignment)) for assignment in pages)
    assert all(line in solutions for line in secrets), "the scanner misses lines of the solution notebooks"
    texts = {path.relative_to(site).as_posix(): readable_text(path) for path in site.rglob("*") if path.is_file()}
    leaks = [(name, line) for name, text in texts.items() for line in secrets if line in text]
    assert not leaks, leaks[:10]
    for answer_stub in ("raise NotImplementedError()",):
        assert answer_stub in readable_text(site / f"{pages[0]}.html")


@pytest.mark.slow
def test_the_site_ships_its_pages_downloads_and_mathjax(site, pages):
    for name in ["index", *pages, "search", "genindex"]:
        assert (site / f"{name}.html").exists(), name
    assert (site / "downloads" / START_PAGE.name).read_bytes() == START_PAGE.read_bytes()
    for assignment in pages:
        assert (site / "downloads" / f"{assignment}.ipynb").read_bytes() == release_path(assignment).read_bytes()
    assert (site / "_static" / "mathjax" / "tex-chtml.js").exists()
    assert (site / "searchindex.js").exists()
    index = (site / "index.html").read_text()
    for assignment in pages:
        assert f'href="{assignment}.html"' in index, f"the start page does not link {assignment}"


LOADING = re.compile(r"<(script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=\"([^\"]*)\"|"
                     r"<link\b[^>]*\bhref=\"([^\"]*)\"", re.I)


@pytest.mark.slow
def test_no_page_or_stylesheet_names_another_host_to_load(site):
    """Scripts, stylesheets, images and fonts all come from the site (links to click may point anywhere)."""
    remote = []
    for path in site.rglob("*.html"):
        for match in LOADING.finditer(path.read_text()):
            url = match.group(2) or match.group(3)
            if re.match(r"(https?:)?//", url):
                remote.append((path.name, url))
    for path in site.rglob("*.css"):
        remote += [(path.name, url) for url in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", path.read_text())]
    assert not remote, remote


# --- in Chromium ----------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(site):
    """The site on http://127.0.0.1:PORT (Python's http.server), stopped by its process id afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/index.html", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "http.server did not start"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


class Watch:
    """Every request of a page: those that failed, got an HTTP error, or went to another host."""

    def __init__(self, page, base: str):
        self.problems: list[str] = []
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("request", lambda r: r.url.startswith((base, "data:", "blob:"))
                or self.problems.append(f"another host: {r.url}"))


TYPESET = """async () => {
  await window.MathJax.startup.promise;
  return {math: document.querySelectorAll('.math').length,
          rendered: document.querySelectorAll('mjx-container').length,
          errors: Array.from(document.querySelectorAll('mjx-merror')).map(e => e.textContent)};
}"""
FIGURES = """() => Array.from(document.querySelectorAll('article img')).map(img => ({
  src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth}))"""


@pytest.mark.slow
@pytest.mark.browser
def test_every_page_in_chromium(site, served, browser, pages):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report, problems = [], []
    for name in ["index", *pages]:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page, served)
        page.goto(f"{served}/{name}.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        math = page.evaluate(TYPESET)
        figures = page.evaluate(FIGURES)
        expected = 0 if name == "index" else sum(
            "image/png" in o.get("data", {}) for c in book.book_notebook(name).cells for o in c.get("outputs", []))
        if name != "index":
            if math["math"] == 0 or math["rendered"] < math["math"]:
                problems.append(f"{name}: {math['rendered']} of {math['math']} equations typeset")
            if len(figures) != expected or not all(f["complete"] and f["width"] > 0 for f in figures):
                problems.append(f"{name}: figures {figures}, expected {expected}")
        if math["errors"]:
            problems.append(f"{name}: TeX errors {math['errors'][:5]}")
        binder = page.locator("a.course-binder").get_attribute("href")
        notebook = START_PAGE.relative_to(ROOT).as_posix() if name == "index" else \
            release_path(name).relative_to(ROOT).as_posix()
        if binder != BINDER + notebook:
            problems.append(f"{name}: Binder link {binder}")
        download = page.locator("a.course-download").get_attribute("href")
        fetched = page.request.get(f"{served}/{download}")
        local = START_PAGE if name == "index" else release_path(name)
        if fetched.status != 200 or fetched.body() != local.read_bytes():
            problems.append(f"{name}: download link {download} gives HTTP {fetched.status} or another file")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        if figures:
            page.locator("article img").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"{name}-figure.png"))
        page.wait_for_timeout(300)  # late requests (fonts a scroll brings into view)
        problems += [f"{name}: {p}" for p in watch.problems]
        report.append(f"{name}: {math['rendered']}/{math['math']} equations typeset, {len(figures)} figures shown")
        page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page, served)
    page.goto(f"{served}/search.html?q=orthogonal", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    found = results.count()
    page.screenshot(path=str(ARTIFACTS / "search.png"))
    problems += [f"search: {p}" for p in watch.problems]
    page.close()
    report.append(f"search 'orthogonal': {found} pages found")
    (ARTIFACTS / "pages.txt").write_text("\n".join(report) + "\n")
    print("\n".join(report))
    assert found >= 2, report
    assert not problems, "\n".join(problems)
