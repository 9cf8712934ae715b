"""Check my work: grade the learner's own notebook with the full hidden tests, offline, as the autograder does.

    python3 course.py check ID       # work/ID/ID.ipynb: each exercise's points, pass or fail, the teaching message
    python3 course.py check          # the progress table of every notebook (kept in work/progress.md)
    python3 course.py check --all    # check every notebook of the work copy, then the table

ID is an assignment id (``04_he_kaiming``) or its number (``04``). The saved notebook is graded the way
``course_grader.autograde`` grades a submission, with no gradebook:

1. repaired against the release by :func:`course_grader.intake.normalise` (a deleted test cell comes back, a copied one
   is not graded, stripped metadata is restored, ...); each repair is printed;
2. its test and locked cells replaced by those of the *source* notebook ``solutions/ID/ID.ipynb`` (nbgrader's
   ``OverwriteCells`` does the same from the gradebook): the hidden tests never come from the learner's file;
   outputs cleared, the source's kernelspec;
3. run top to bottom in a fresh kernel by :class:`course_grader.execute.GradingExecute` with the limits of
   ``nbgrader_config.py`` (cell timeout, memory and output caps of ``grading/course_grader/kernel.py``, restarts after
   a dead kernel), in a temporary folder holding a copy of the notebook's folder;
4. every graded cell scored by nbgrader's own rule (``determine_grade``: an error or stderr output scores 0).

For self-study only: the hidden tests are part of this repository. Exit status: 0 checked, 1 nothing to check
(no work copy, an unreadable notebook), 2 usage (an unknown ID).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from course_grader.execute import GradingExecute
from course_grader.intake import normalise
from nbgrader.utils import determine_grade, is_grade
from traitlets.config.loader import PyFileConfigLoader

from .authoring import ROOT, assignment_ids, release_path, solution_path
from .corpus import notebook_exercises
from .progress import rows as progress_rows
from .progress import save, sha256, table, work_notebook, write_progress
from .workspace import SKIP, STATE, fingerprint, grade_id, work_root

HEADING = re.compile(r"^#+\s*(Exercise\b.*?)\s*$", re.M)
MESSAGE_LINES = 8  # lines of a failure message shown


class CheckError(Exception):
    """A notebook that cannot be checked; ``status`` is the exit status, the message says what to do."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def known_ids() -> list[str]:
    return [a for a in assignment_ids() if solution_path(a).exists() and release_path(a).exists()]


def resolve(name: str) -> str:
    """The assignment id ``name`` stands for (the id itself or its two-digit number)."""
    ids = known_ids()
    if name in ids:
        return name
    matches = [a for a in ids if name.isdigit() and a.split("_")[0] == name.zfill(2)]
    if len(matches) == 1:
        return matches[0]
    raise CheckError(f"unknown notebook {name!r}: give one of {', '.join(ids)} (or its number, e.g. 01)", 2)


@dataclass
class ExerciseResult:
    title: str
    answer_id: str
    score: float
    max_score: float
    messages: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.max_score > 0 and abs(self.score - self.max_score) < 1e-9


@dataclass
class CheckResult:
    assignment: str
    exercises: list[ExerciseResult]
    repairs: list[str]
    notes: list[str]
    seconds: float

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def passed(self) -> int:
        return sum(e.passed for e in self.exercises)


def read_learner(path: Path, shown: str) -> nbformat.NotebookNode:
    if not path.exists():
        folder = path.parent
        hint = (f"{shown} is missing (renamed? `check` grades the notebook by this name)" if folder.is_dir()
                else "no work copy of it yet: run  python3 course.py open  first (it copies the notebooks into work/)")
        raise CheckError(f"cannot check {path.stem}: {hint}")
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as error:
        first = str(error).splitlines()[0][:200] if str(error) else ""
        raise CheckError(f"cannot check {shown}: it is not a readable notebook ({type(error).__name__}: {first}); "
                         "restore it from work/previous_versions/, or rename it and run  python3 course.py open  "
                         "for a fresh copy") from None


def graded_notebook(learner, release, source) -> tuple[nbformat.NotebookNode, list[str]]:
    """The learner's notebook as the autograder runs it: intake's repairs, then the source's test cells."""
    nb, repairs = normalise(learner, release)
    originals = {gid: cell for cell in source.cells if (gid := grade_id(cell))}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        original = originals.get(gid)
        if original is None:
            del cell.metadata["nbgrader"]
            continue
        meta = original.metadata["nbgrader"]
        if meta.get("locked"):
            cell.source = original.source  # the hidden tests come back, as from nbgrader's gradebook
        cell.metadata["nbgrader"] = copy.deepcopy(meta)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    if "kernelspec" in source.metadata:
        nb.metadata["kernelspec"] = copy.deepcopy(source.metadata["kernelspec"])
    return nb, repairs


def course_config():
    """nbgrader_config.py as nbgrader reads it: the timeout, the kernel's limits, its extra arguments."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()


def execute(nb, folder: Path) -> float:
    """Run ``nb`` in a fresh grading kernel with a copy of ``folder`` as its working directory; seconds."""
    with tempfile.TemporaryDirectory(prefix="course-check-") as tmp:
        if folder.is_dir():
            for path in folder.rglob("*"):
                rel = path.relative_to(folder)
                if path.is_file() and path.suffix != ".ipynb" and not any(p in SKIP for p in rel.parts):
                    (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, Path(tmp) / rel)
        start = time.perf_counter()
        GradingExecute(config=course_config()).preprocess(nb, {"metadata": {"path": tmp}})
        return time.perf_counter() - start


def cell_messages(cell) -> list[str]:
    """The teaching messages of an executed cell: its error, or what it wrote to stderr."""
    out = []
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            text = str(output.get("evalue", "")).strip()
            name = output.get("ename", "Error")
            out.append(text if name in ("AssertionError", "NotAnswered") and text else f"{name}: {text}".rstrip(": "))
        elif output.output_type == "stream" and output.name == "stderr" and output.text.strip():
            out.append(f"wrote to stderr (the autograder scores that 0): {output.text.strip().splitlines()[0][:200]}")
    return out


def exercise_titles(source) -> dict[str, str]:
    """answer grade_id -> the exercise heading above it (``Exercise 2 (predict, 3 points)``)."""
    titles, last = {}, None
    for cell in source.cells:
        if cell.cell_type == "markdown":
            found = HEADING.findall(cell.source)
            last = found[-1] if found else last
        elif cell.metadata.get("nbgrader", {}).get("solution"):
            titles[grade_id(cell)] = last or grade_id(cell)
            last = None
    return titles


def score(executed, source, assignment: str) -> list[ExerciseResult]:
    """Points and messages per exercise of the executed notebook."""
    cells = {gid: cell for cell in executed.cells if (gid := grade_id(cell))}
    titles = exercise_titles(source)
    results = []
    for exercise in notebook_exercises(source, assignment):
        result = ExerciseResult(titles.get(exercise.answer_id, exercise.answer_id), exercise.answer_id, 0.0,
                                sum(exercise.points.values()))
        answer = cells.get(exercise.answer_id)
        answer_errors = [m for m in cell_messages(answer) if not m.startswith("NotImplementedError")] if answer else []
        result.messages += [f"your answer cell: {m}" for m in answer_errors]
        for test_id in exercise.tests:
            cell = cells.get(test_id)
            if cell is None or not is_grade(cell):
                result.messages.append(f"{test_id}: the test cell did not run")
                continue
            result.score += determine_grade(cell)[0] or 0.0
            result.messages += cell_messages(cell)
        results.append(result)
    return results


def check(assignment: str, work: Path | None = None) -> CheckResult:
    """Grade ``work/<assignment>/<assignment>.ipynb`` with the hidden tests; record it in the progress table."""
    work = work_root() if work is None else Path(work)
    path = work_notebook(work, assignment)
    shown = display(path)
    learner = read_learner(path, shown)
    digest = sha256(path)
    release = nbformat.read(str(release_path(assignment)), as_version=4)
    source = nbformat.read(str(solution_path(assignment)), as_version=4)
    notes = []
    base = work / STATE / "base" / assignment / f"{assignment}.ipynb"
    try:
        if base.exists() and fingerprint(nbformat.read(str(base), as_version=4)) != fingerprint(release):
            notes.append("the course has a newer version of this notebook: python3 course.py open --update takes it "
                         "with your answers (graded here against the newer tests)")
    except Exception:
        pass
    nb, repairs = graded_notebook(learner, release, source)
    seconds = execute(nb, path.parent)
    for index, cell in enumerate(nb.cells):
        faults = [o for o in cell.get("outputs", []) if o.output_type == "error"
                  and o.get("ename") in ("DeadKernelError", "CellTimeoutError", "KernelNotRestarted", "MemoryError")]
        if faults and grade_id(cell) is None:
            notes.append(f"cell {index}: {faults[0].ename}: {str(faults[0].evalue).splitlines()[0][:200]}")
    result = CheckResult(assignment, score(nb, source, assignment), repairs, notes, seconds)
    save(work, assignment, {"passed": result.passed, "exercises": len(result.exercises), "score": result.score,
                            "max_score": result.max_score, "sha256": digest,
                            "checked": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    write_progress(work)
    return result


def display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def lines(result: CheckResult, shown: str) -> list[str]:
    out = [f"{result.assignment}: {shown} checked with the full hidden tests in a fresh kernel "
           f"({result.seconds:.0f} s)"]
    out += [f"  note: {n}" for n in result.notes]
    out += [f"  repaired, as the autograder would: {r}" for r in result.repairs]
    width = max((len(e.title) for e in result.exercises), default=0)
    for e in result.exercises:
        out.append(f"  {e.title:<{width}}  {e.score:g}/{e.max_score:g}  {'passed' if e.passed else 'FAILED'}")
        for message in e.messages:
            shown_lines = message.splitlines()[:MESSAGE_LINES] or [""]
            out += [f"      {line}" for line in shown_lines]
    out.append(f"  total: {result.score:g}/{result.max_score:g} points, {result.passed}/{len(result.exercises)} "
               "exercises passed")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py check", description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", metavar="ID", help="assignment id or number (none: the progress table)")
    parser.add_argument("--all", action="store_true", help="check every notebook of the work copy")
    args = parser.parse_args(argv)
    work = work_root()
    try:
        targets = [resolve(name) for name in args.ids]
    except CheckError as error:
        print(error, file=sys.stderr)
        return error.status
    if not work.is_dir():
        print(f"no work copy yet ({display(work)}/): run  python3 course.py open  first; it copies the notebooks "
              "there and opens them", file=sys.stderr)
        return 1
    if args.all:
        targets += [a for a in known_ids() if a not in targets and work_notebook(work, a).exists()]
    status = 0
    for assignment in targets:
        try:
            result = check(assignment, work)
        except CheckError as error:
            print(error, file=sys.stderr)
            status = max(status, error.status)
            continue
        print("\n".join(lines(result, display(work_notebook(work, assignment)))), flush=True)
    if not args.ids or args.all:
        page = write_progress(work)
        print("\n".join(table(progress_rows(work))))
        print(f"(kept in {display(page)}, linked from the start page)")
    else:
        print(f"progress: {display(work / 'progress.md')} (python3 course.py check: the table)")
    return status


if __name__ == "__main__":
    sys.exit(main())
