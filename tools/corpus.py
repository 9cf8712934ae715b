"""Run the grading corpus at the exercise level: wrong answers must fail, alternatives must pass.

    python -m tools.corpus [ids...]          # prints, per exercise, mutants killed and alternatives passed

For every answer cell of ``solutions/<id>/<id>.ipynb`` the corpus holds variants in
``tests/grading_corpus/<id>/<answer grade_id>/``: ``wrong_*.py`` (plausible mistakes) and
``right_*.py`` (correct answers written differently). Each variant runs in a fresh Python process:
the notebook's first code cell (its imports), the variant in place of the answer cell, then the
exercise's graded test cells with their hidden tests, as nbgrader's autograder would run them. A test
cell passes when it raises nothing and writes nothing to stderr (nbgrader scores a cell with stderr
output 0). The solution itself is always run as one more correct answer.

``run_corpus`` starts one process per worker that runs the setup cell once and then forks a child per
variant (where ``os.fork`` exists): the child starts from exactly the state a fresh process has after
the setup cell, without paying the interpreter's start and the imports again (about a second each, 700
times over). ``run_variant`` runs one variant in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from course_grader.exercises import Exercise, notebook_exercises, strip_solution_markers  # noqa: F401

from .authoring import ROOT, assignment_ids, solution_path

CORPUS = ROOT / "tests" / "grading_corpus"
TIMEOUT_SECONDS = 120
MEMORY_BYTES = 4 * 2**30

# The child processes' cell runner (here and in tools.flake_rate): a cell passes when it raises nothing and
# writes nothing to stderr (nbgrader scores a cell with stderr output 0).
RUN_CELL = r"""
def run(source, label, namespace):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            exec(compile(source, label, "exec"), namespace)
    except BaseException as error:
        return {"ok": False, "error": "".join(traceback.format_exception_only(type(error), error)).strip()}
    if err.getvalue():
        return {"ok": False, "error": "stderr: " + err.getvalue()[:500]}
    return {"ok": True, "error": ""}
"""

# Executed in the child process: cells come as JSON on stdin; results go to the file named in argv[1].
CHILD = r"""
import contextlib, io, json, resource, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
import matplotlib
matplotlib.use("Agg")
job = json.load(sys.stdin)
namespace = {{"__name__": "__main__"}}
{run_cell}
setup = [run(src, "setup", namespace) for src in job["setup"]]
answer = run(job["answer"], "answer", namespace)
tests = {{gid: run(src, gid, namespace) for gid, src in job["tests"].items()}}
with open(sys.argv[1], "w") as fh:
    json.dump({{"setup": setup, "answer": answer, "tests": tests}}, fh)
"""


# The forking runner (run_corpus): one process per worker runs the setup cell once, then reads one job per
# line on stdin and forks a child per job; the child runs the answer and the tests in its own folder, writes its
# result file and exits; the parent waits (killing the child after the timeout) and answers one line on stdout.
FORKING = r"""
import contextlib, io, json, os, resource, sys, time, traceback
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
import matplotlib
matplotlib.use("Agg")
reply = os.fdopen(os.dup(1), "w")
null = os.open(os.devnull, os.O_WRONLY)
os.dup2(null, 1)  # what the setup cell, the answers or the tests print goes nowhere, as in run_variant
{run_cell}
namespace = {{"__name__": "__main__"}}
setup = [run(src, "setup", namespace) for src in json.loads(sys.stdin.readline())]
for line in sys.stdin:
    job = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.chdir(job["cwd"])
        answer = run(job["answer"], "answer", namespace)
        tests = {{gid: run(src, gid, namespace) for gid, src in job["tests"].items()}}
        with open(job["result"], "w") as fh:
            json.dump({{"setup": setup, "answer": answer, "tests": tests}}, fh)
        os._exit(0)
    deadline, status = time.monotonic() + {timeout}, "done"
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            status = "timeout"
            break
        time.sleep(0.005)
    reply.write(status + "\n")
    reply.flush()
"""


@dataclass
class Outcome:
    exercise: Exercise
    variant: str
    expected_pass: bool
    tests: dict[str, dict] = field(default_factory=dict)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and bool(self.tests) and all(t["ok"] for t in self.tests.values())

    @property
    def score(self) -> float:
        if self.error:
            return 0.0
        return sum(self.exercise.points[gid] for gid, t in self.tests.items() if t["ok"])

    @property
    def as_expected(self) -> bool:
        return self.passed == self.expected_pass


def exercises(assignment: str) -> list[Exercise]:
    """The exercises of a solution notebook, in order."""
    return notebook_exercises(nbformat.read(solution_path(assignment), as_version=4), assignment)


def variants(exercise: Exercise) -> list[tuple[str, str, bool]]:
    """(name, source, expected to pass) for the solution and every corpus file of the exercise."""
    out = [("solution", exercise.solution, True)]
    folder = CORPUS / exercise.assignment / exercise.answer_id
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith(("wrong_", "right_")):
            out.append((path.stem, path.read_text(), path.name.startswith("right_")))
    return out


CHILD_ENV = {"MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"}


def outcome_from(outcome: Outcome, result_file: Path) -> Outcome:
    """Fill ``outcome`` from a child's result file (an error when the child died before writing it)."""
    if not result_file.exists():
        outcome.error = "the process died before reporting"
        return outcome
    result = json.loads(result_file.read_text())
    failed_setup = [r["error"] for r in result["setup"] if not r["ok"]]
    if failed_setup:
        outcome.error = f"setup cell failed: {failed_setup[0]}"
        return outcome
    outcome.tests = result["tests"]
    return outcome


def run_variant(exercise: Exercise, name: str, source: str, expected_pass: bool) -> Outcome:
    """Run one answer against the exercise's graded tests in a fresh, resource-limited process."""
    job = json.dumps({"setup": exercise.setup, "answer": source, "tests": exercise.tests})
    outcome = Outcome(exercise, name, expected_pass)
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "result.json"
        try:
            subprocess.run(
                [sys.executable, "-c", CHILD.format(memory=MEMORY_BYTES, run_cell=RUN_CELL), str(result_file)],
                input=job, text=True, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=tmp,
                env=dict(os.environ, **CHILD_ENV),
            )
        except subprocess.TimeoutExpired:
            outcome.error = f"timed out after {TIMEOUT_SECONDS} s"
            return outcome
        return outcome_from(outcome, result_file)


def run_forked(setup: list[str], jobs: list[tuple[Exercise, str, str, bool]]) -> list[Outcome]:
    """Run ``jobs`` (exercise, variant name, source, expected to pass) one after another, each in a child forked
    from one process that ran the ``setup`` cells once (FORKING); the same outcomes as ``run_variant``."""
    code = FORKING.format(memory=MEMORY_BYTES, run_cell=RUN_CELL, timeout=TIMEOUT_SECONDS)
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "stderr.txt", "w") as stderr, subprocess.Popen(
                [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                cwd=tmp, env=dict(os.environ, **CHILD_ENV)) as parent:  # leaving closes its stdin: it then exits
            parent.stdin.write(json.dumps(setup) + "\n")
            for index, (exercise, name, source, expected_pass) in enumerate(jobs):
                folder = Path(tmp) / str(index)
                folder.mkdir()
                outcome = Outcome(exercise, name, expected_pass)
                parent.stdin.write(json.dumps({"answer": source, "tests": exercise.tests, "cwd": str(folder),
                                               "result": str(folder / "result.json")}) + "\n")
                parent.stdin.flush()
                status = parent.stdout.readline().strip()
                if not status:
                    raise RuntimeError("the forking corpus runner died: " + (Path(tmp) / "stderr.txt").read_text())
                if status == "timeout":
                    outcome.error = f"timed out after {TIMEOUT_SECONDS} s"
                    outcomes.append(outcome)
                else:
                    outcomes.append(outcome_from(outcome, folder / "result.json"))
    return outcomes


def run_corpus(assignment: str, workers: int = 2) -> list[Outcome]:
    """Every variant of every exercise of ``assignment``, on ``workers`` forking runners (one process per variant
    where ``os.fork`` is missing), in the corpus's order."""
    jobs = [(ex, *variant) for ex in exercises(assignment) for variant in variants(ex)]
    if not hasattr(os, "fork"):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda job: run_variant(*job), jobs))
    setup = jobs[0][0].setup if jobs else []
    assert all(job[0].setup == setup for job in jobs), "every exercise of a notebook shares its setup cell"
    shares = [jobs[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda share: run_forked(setup, share), shares))
    outcomes: list[Outcome] = [None] * len(jobs)  # type: ignore[list-item]
    for start, share_outcomes in enumerate(results):
        outcomes[start::workers] = share_outcomes
    return outcomes


def summary(outcomes: list[Outcome]) -> list[str]:
    """One line per exercise: mutants killed / total, alternatives passed / total; then each surprise."""
    lines = []
    by_exercise: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_exercise.setdefault(outcome.exercise.answer_id, []).append(outcome)
    for answer_id, group in by_exercise.items():
        wrong = [o for o in group if not o.expected_pass]
        right = [o for o in group if o.expected_pass]
        killed = sum(not o.passed for o in wrong)
        passed = sum(o.passed for o in right)
        lines.append(f"{answer_id}: mutants killed {killed}/{len(wrong)}, alternatives passed {passed}/{len(right)}")
        for o in group:
            if not o.as_expected:
                detail = o.error or "; ".join(f"{g}: {t['error'][:200]}" for g, t in o.tests.items() if not t["ok"])
                lines.append(f"    UNEXPECTED {o.variant}: {'passed' if o.passed else 'failed'} {detail}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every variant's failure message")
    args = parser.parse_args(argv)
    ok = True
    for assignment in args.assignments or assignment_ids():
        outcomes = run_corpus(assignment)
        print(f"== {assignment}")
        for line in summary(outcomes):
            print(line)
        if args.verbose:
            for o in outcomes:
                messages = o.error or " | ".join(t["error"][:160] for t in o.tests.values() if not t["ok"])
                print(f"   {o.exercise.answer_id}/{o.variant}: {'PASS' if o.passed else 'FAIL'} {messages}")
        ok &= all(o.as_expected for o in outcomes)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
