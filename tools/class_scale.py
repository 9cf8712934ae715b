"""Benchmark: a simulated class graded through the real pipeline (figures to report, not a timed test).

    python -m tools.class_scale                      # 100 submissions of 04_he_kaiming, 2 workers, SQLite
    python -m tools.class_scale -n 200 --postgres    # also with the gradebook on a throw-away PostgreSQL

Builds a temporary course and writes N submissions of one assignment, mixed:

- correct: every answer the solution or an alternative from the grading corpus (``right_*``);
- wrong: a random non-empty set of answers replaced by mistakes from the corpus (``wrong_*``);
- blank: the release as handed out;
- broken: a full-marks submission with one fault of ``tests/fault_corpus`` (a crash, ``exit()``, a
  huge allocation, a renamed or unreadable notebook, a deleted cell, ...; the two that hang until
  the time limit only with ``--hangs``), or one answer made faulty here: a syntax error, a function
  that raises, or a wrong answer whose test cell was emptied (nbgrader must put the test back).

It grades the class with ``course_grader.autograde.grade_assignment`` (``--workers`` students at a time) and
checks every score, as returned and as stored in the gradebook, against the expected one: the sum of
the test points (notebook metadata) of the exercises whose answer is correct, a ``wrong_*`` answer
failing its exercise's single test cell (the corpus's contract, checked by test_grading_corpus.py);
for a fault-corpus submission, the fault module's ``expected_score``.

Bare execution: nbclient re-runs the notebooks nbgrader executed (``autograded/``: the same cells,
hidden tests included) with the same parallelism, a fresh kernel each, the timeout and kernel
arguments of ``nbgrader_config.py``, without nbgrader. Reported per phase: submissions per minute and
seconds per submission (wall clock, at ``--workers``), CPU seconds per submission (this process and its
descendants) and how busy the machine's cores were (anything else running competes: run it alone);
the overhead of grading over bare execution in wall and in CPU seconds per submission.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

from .authoring import ROOT, assignment_ids, release_path
from .corpus import CORPUS, Exercise, exercises

DEFAULT_ASSIGNMENT = "04_he_kaiming"
KIND_SHARES = {"correct": 0.35, "wrong": 0.35, "blank": 0.10, "broken": 0.20}
OWN_FAULTS = ("syntax_error", "raises", "emptied_test")
HANGING_FAULTS = ("f04_infinite_loop", "f05_loop_ignoring_interrupts")  # each runs to the cell time limit


@dataclass
class Submission:
    """One student's notebook: answer/test cells replaced (grade_id -> source), the fault-corpus module
    applied on top (if any), and the score it must get."""

    student: str
    kind: str
    cells: dict[str, str] = field(default_factory=dict)
    fault: str = ""  # the fault's name: a fault-corpus module or one of OWN_FAULTS
    fault_module: str | None = None
    expected: float = 0.0
    detail: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- answers and faults


def right_answers(exercise: Exercise) -> list[tuple[str, str]]:
    """(name, source) of the solution and every corpus alternative of ``exercise``."""
    folder = CORPUS / exercise.assignment / exercise.answer_id
    return [("solution", exercise.solution)] + [(p.stem, p.read_text()) for p in sorted(folder.glob("right_*.py"))]


def wrong_answers(exercise: Exercise) -> list[tuple[str, str]]:
    """(name, source) of every corpus mistake of ``exercise``; each fails the exercise's test cell."""
    folder = CORPUS / exercise.assignment / exercise.answer_id
    found = [(p.stem, p.read_text()) for p in sorted(folder.glob("wrong_*.py"))]
    if not found:
        raise ValueError(f"the grading corpus has no wrong answer for {exercise.assignment}/{exercise.answer_id}")
    return found


def raising_stubs(solution: str) -> str:
    """The solution's top-level functions, each replaced by one that raises when called."""
    names = [node.name for node in ast.parse(solution).body if isinstance(node, ast.FunctionDef)]
    if not names:
        raise ValueError("solution defines no function to replace")
    return "\n\n".join(f"def {name}(*args, **kwargs):\n    raise RuntimeError('not finished yet')"
                       for name in names) + "\n"


def own_fault(kind: str, exercise: Exercise, rng: random.Random) -> tuple[dict[str, str], str]:
    """Cells that put fault ``kind`` into ``exercise`` (which then scores 0), and the fault's label."""
    if kind == "syntax_error":  # the cell does not compile: nothing of it is defined
        return {exercise.answer_id: exercise.solution + "\nprint('unclosed'\n"}, kind
    if kind == "raises":  # the functions exist but raise when the test calls them
        return {exercise.answer_id: raising_stubs(exercise.solution)}, kind
    if kind == "emptied_test":  # a wrong answer, its test cell emptied: the grader must restore the test
        name, wrong = rng.choice(wrong_answers(exercise))
        return {exercise.answer_id: wrong, **dict.fromkeys(exercise.tests, "pass\n")}, f"{kind}+{name}"
    raise ValueError(f"kind must be one of {OWN_FAULTS}, got {kind!r}")


def corpus_faults(hangs: bool) -> list[str]:
    """The fault corpus's module names (without the two that hang until the time limit unless ``hangs``)."""
    from tests.fault_corpus import fault_names

    return [name for name in fault_names() if hangs or name not in HANGING_FAULTS]


def synthesize(assignment: str, n: int, seed: int = 0, hangs: bool = False) -> list[Submission]:
    """``n`` submissions in the shares of KIND_SHARES, answers and faults drawn with a seeded generator."""
    if not isinstance(n, int) or isinstance(n, bool) or n < len(KIND_SHARES):
        raise ValueError(f"n must be an integer >= {len(KIND_SHARES)}, got {n!r}")
    from tests.fault_corpus import load

    rng = random.Random(seed)
    exs = exercises(assignment)
    for ex in exs:
        if len(ex.tests) != 1:  # a wrong answer fails *a* test cell; with one per exercise, that one
            raise ValueError(f"{assignment}/{ex.answer_id}: expected one graded test cell, found {len(ex.tests)}")
    release = nbformat.read(release_path(assignment), as_version=4)
    counts = {kind: round(share * n) for kind, share in KIND_SHARES.items()}
    counts["wrong"] += n - sum(counts.values())
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    rng.shuffle(kinds)
    faults = [*corpus_faults(hangs), *OWN_FAULTS]
    rng.shuffle(faults)  # the broken submissions take the faults in turn: each appears once N >= 5 * len(faults)
    broken_seen = 0
    out = []
    for index, kind in enumerate(kinds):
        sub = Submission(f"s{index:03d}-{kind}", kind)
        if kind == "blank":
            out.append(sub)
            continue
        fault = None
        if kind == "broken":
            fault, broken_seen = faults[broken_seen % len(faults)], broken_seen + 1
        faulty = rng.choice(exs).answer_id if fault in OWN_FAULTS else None
        wrong = set(rng.sample([ex.answer_id for ex in exs], rng.randint(1, len(exs)))) if kind == "wrong" else set()
        for ex in exs:
            if ex.answer_id == faulty:
                cells, label = own_fault(fault, ex, rng)
                sub.detail.append(f"{ex.answer_id}:{label}")
                sub.cells.update(cells)
                continue
            name, source = rng.choice(wrong_answers(ex) if ex.answer_id in wrong else right_answers(ex))
            sub.cells[ex.answer_id] = source
            sub.detail.append(f"{ex.answer_id}:{name}")
            sub.expected += 0.0 if ex.answer_id in wrong else sum(ex.points.values())
        sub.fault = fault or ""
        if fault is not None and fault not in OWN_FAULTS:  # on a full-marks submission, as the corpus expects
            sub.fault_module = fault
            sub.expected = float(load(fault).expected_score(release))
            sub.detail.insert(0, f"fault:{fault}")
        out.append(sub)
    return out


# ---------------------------------------------------------------- the course


def write_submission(course: Path, assignment: str, sub: Submission) -> None:
    """``submitted/<student>/<assignment>/``: the release with the submission's cells, then its fault."""
    from tests.fault_corpus import load, write

    release = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", as_version=4)
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sub.cells:
            cell.source = sub.cells[grade_id]
    folder = course / "submitted" / sub.student / assignment
    if sub.fault_module:
        load(sub.fault_module).make(release, nb, folder)
    else:
        write(nb, folder)


def build_course(root: Path, assignment: str, submissions: list[Submission], db_url: str | None) -> Path:
    """A course with ``assignment`` released (into the gradebook at ``db_url``) and every submission written."""
    from tests.nbgrader_course import make_course, nbgrader

    course = make_course(root, [assignment])
    if db_url is not None:  # make_course released into the SQLite gradebook: release into the server's
        (course / "gradebook.db").unlink()
        nbgrader(course, "generate_assignment", assignment, "--force", f"--db={db_url}")
    for sub in submissions:
        write_submission(course, assignment, sub)
    return course


# ---------------------------------------------------------------- timing


@dataclass
class Phase:
    """One phase over N submissions: wall time, CPU time of this process and all its (finished)
    descendants, and the machine's busy cores meanwhile (other users' processes included)."""

    label: str
    n: int
    seconds: float
    cpu_seconds: float
    machine_busy: float

    @property
    def per_minute(self) -> float:
        return 60.0 * self.n / self.seconds

    @property
    def per_submission(self) -> float:
        return self.seconds / self.n

    @property
    def cpu_per_submission(self) -> float:
        return self.cpu_seconds / self.n


class Stopwatch:
    """Between enter and exit: wall time; CPU seconds of this process and its reaped descendants
    (``os.times``: each process adds the children it waited for, so a kernel's time reaches us through
    the nbgrader process or pool worker that started it, once that has ended); busy cores of the
    whole machine (``/proc/stat``), which says whether something else competed for the cores."""

    def __enter__(self):
        self.machine = psutil.cpu_times()
        self.ours = os.times()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        ours = os.times()
        self.cpu_seconds = sum(ours[:4]) - sum(self.ours[:4])  # user, system, children's user and system
        machine = psutil.cpu_times()
        idle = (machine.idle + machine.iowait) - (self.machine.idle + self.machine.iowait)
        total = sum(machine) - sum(self.machine)
        self.machine_busy = psutil.cpu_count() * (1.0 - idle / total) if total > 0 else 0.0
        return False


def nbgrader_execute_settings() -> tuple[float, list[str]]:
    """``ExecutePreprocessor.timeout`` and ``Execute.extra_arguments`` of the course's nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return float(config.ExecutePreprocessor.timeout), list(config.Execute.extra_arguments)


def execute_bare(path: str, timeout: float, extra_arguments: list[str]) -> str:
    """Run one notebook with nbclient in a fresh kernel, errors allowed; '' or why the run stopped early."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            extra_arguments=extra_arguments, resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute(stderr=subprocess.DEVNULL)  # not the kernel's own log lines
    except Exception as error:  # a dead kernel (exit(), a crash) ends a bare run
        return f"{type(error).__name__}: {str(error)[:120]}"
    return ""


def time_bare(notebooks: list[Path], workers: int) -> tuple[Phase, list[str]]:
    """``notebooks`` executed by nbclient, ``workers`` at a time, without nbgrader; and the early stops."""
    timeout, extra = nbgrader_execute_settings()
    paths = [str(p) for p in notebooks]
    with Stopwatch() as watch:  # the pool's workers end inside: their CPU time is counted
        with ProcessPoolExecutor(max_workers=workers) as pool:
            errors = list(pool.map(execute_bare, paths, [timeout] * len(paths), [extra] * len(paths)))
    stops = [f"{Path(p).parent.parent.name}: {e}" for p, e in zip(paths, errors) if e]
    return Phase("bare nbclient", len(paths), watch.seconds, watch.cpu_seconds, watch.machine_busy), stops


def grade(course: Path, assignment: str, submissions: list[Submission], workers: int,
          db_url: str | None, label: str) -> tuple[Phase, dict[str, list[str]]]:
    """Grade the class with the pipeline: the phase's timing and, per wrongly scored student, what is wrong."""
    from course_grader.autograde import grade_assignment
    from nbgrader.api import Gradebook

    with Stopwatch() as watch:
        results = grade_assignment(course, assignment, workers=workers, db_url=db_url)
    returned = {r.student: r for r in results}
    with Gradebook(db_url or f"sqlite:///{course / 'gradebook.db'}") as gb:
        stored = {s.student_id: s.score for s in gb.assignment_submissions(assignment)}
    problems: dict[str, list[str]] = {}
    for sub in submissions:
        got = returned.get(sub.student)
        if got is None:
            problems.setdefault(sub.student, []).append("missing from the results")
            continue
        for where, score in (("returned", got.score), ("gradebook", stored.get(sub.student))):
            if score is None or abs(score - sub.expected) > 1e-9:
                problems.setdefault(sub.student, []).append(
                    f"{where} score {score}, expected {sub.expected} ({', '.join(sub.detail)}; "
                    f"reasons: {'; '.join(got.reasons)[:400]})")
    return Phase(label, len(submissions), watch.seconds, watch.cpu_seconds, watch.machine_busy), problems


# ---------------------------------------------------------------- report


def overhead(value: float, base: float) -> str:
    return f"{value - base:+.2f} ({100 * (value - base) / base:+.0f}%)"


def table(phases: list[Phase], bare: Phase) -> str:
    """One row per phase; the overhead columns compare each grading phase with bare execution, in wall
    time (what a class waits) and in CPU time (the work added, less sensitive to other load)."""
    cores = psutil.cpu_count()
    rows = [f"{'phase':<19}{'N':>4}{'wall s':>8}{'subm/min':>9}{'s/subm':>7}{'CPU s/subm':>11}{'machine busy':>14}"
            f"{'overhead wall s/subm':>23}{'overhead CPU s/subm':>22}"]
    for p in phases:
        wall = "" if p is bare else overhead(p.per_submission, bare.per_submission)
        cpu = "" if p is bare else overhead(p.cpu_per_submission, bare.cpu_per_submission)
        rows.append(f"{p.label:<19}{p.n:>4}{p.seconds:>8.0f}{p.per_minute:>9.1f}{p.per_submission:>7.2f}"
                    f"{p.cpu_per_submission:>11.2f}{p.machine_busy:>9.2f}/{cores:<4}{wall:>23}{cpu:>22}")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="submissions (default 100)")
    parser.add_argument("--assignment", default=DEFAULT_ASSIGNMENT, choices=assignment_ids())
    parser.add_argument("--workers", type=int, default=2, help="students graded at a time (default 2)")
    parser.add_argument("--postgres", action="store_true", help="also grade with the gradebook on PostgreSQL")
    parser.add_argument("--hangs", action="store_true",
                        help=f"also draw the faults that run to the time limit ({', '.join(HANGING_FAULTS)})")
    parser.add_argument("--seed", type=int, default=0, help="seed of the submission mix")
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses (their path is printed)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error(f"--workers must be >= 1, got {args.workers}")
    if args.n < len(KIND_SHARES):
        parser.error(f"-n must be >= {len(KIND_SHARES)}, got {args.n}")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one BLAS thread per kernel: the workers share the cores

    submissions = synthesize(args.assignment, args.n, args.seed, args.hangs)
    mix = Counter(s.kind for s in submissions)
    faults = Counter(s.fault for s in submissions if s.fault)
    print(f"{args.n} submissions of {args.assignment}: {dict(mix)}; {args.workers} workers; "
          f"load average {os.getloadavg()[0]:.1f} at the start\nfaults: {dict(sorted(faults.items()))}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="class-scale-"))
    wrong: dict[str, dict[str, list[str]]] = {}  # backend -> student -> what is wrong with the score
    try:
        course = build_course(workdir / "sqlite", args.assignment, submissions, None)
        graded, wrong["SQLite"] = grade(course, args.assignment, submissions, args.workers, None, "grade, SQLite")
        print(f"grading on SQLite: {graded.seconds:.0f} s", flush=True)
        executed = sorted((course / "autograded").glob(f"*/{args.assignment}/*.ipynb"))
        bare, stops = time_bare(executed, args.workers)
        print(f"bare execution of the {len(executed)} autograded notebooks: {bare.seconds:.0f} s", flush=True)
        phases = [bare, graded]
        if args.postgres:
            from tests.postgres import postgres_server

            with postgres_server() as server:
                pg_course = build_course(workdir / "postgres", args.assignment, submissions, server.url)
                graded, wrong["PostgreSQL"] = grade(pg_course, args.assignment, submissions, args.workers,
                                                    server.url, "grade, PostgreSQL")
            print(f"grading on PostgreSQL: {graded.seconds:.0f} s", flush=True)
            phases.append(graded)
    finally:
        if args.keep:
            print(f"courses kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(table(phases, bare))
    print(f"(grading rows: all {args.n} submissions; bare: the {bare.n} notebooks nbgrader executed; "
          f"subm/min and s/subm: wall-clock throughput at {args.workers} workers; load average "
          f"{os.getloadavg()[0]:.1f} at the end)")
    for stop in stops:
        print(f"bare run stopped early (nbgrader's kernel restarts and goes on): {stop}")
    for backend, students in wrong.items():
        print(f"{backend}: {args.n - len(students)}/{args.n} scores as expected")
        for student, messages in students.items():
            for message in messages:
                print(f"    WRONG SCORE {student}: {message}")
    return 1 if any(wrong.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
