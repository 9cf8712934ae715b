"""Autograde a whole class: intake, then nbgrader per student in parallel; every student gets a grade and reasons.

    course-autograde COURSE_DIR ASSIGNMENT [--workers N] [--db-url URL] [--student ID ...] [--no-trusted]
                     [--executor local|dask] [--dask-scheduler ADDRESS]
    (or python -m course_grader.autograde ...; python3 course.py autograde ... from the repository)

prints one line per student: ``student  score/max  seconds  reasons``. For each student,
``course_grader.intake`` writes the normalised submission into ``intake/<student>/<assignment>/``
(``submitted/`` is only read: it stays the record of what the student handed in), then
``nbgrader autograde ASSIGNMENT --student ID --force`` grades that folder with the course's
``nbgrader_config.py`` (whose ``GradingExecute`` turns crashes, ``exit()``, hangs, floods of output
and huge allocations into errors in the cell that caused them). One student per nbgrader process:
whatever happens to one cannot stop the others. Scores come back from the gradebook; reasons from
intake and from the errors in the autograded notebook's graded cells.

The trusted re-grade is part of each student's nbgrader run (``TrustedGrade`` and ``TrustedScore`` in the
course's ``nbgrader_config.py``, see :mod:`course_grader.trusted.nbgrader_steps`): the answers run in a
sandbox before the student's kernel starts, and wherever that score of a cell is lower than the in-kernel
one, the gradebook keeps it (a manual score), so the export, the formgrader and the feedback show it. The
workers grade the class in parallel, trusted re-grade included. Each lowered cell is a reason; a submission
whose in-kernel total is higher than its trusted total is FLAGGED, and the run ends with the list of
flagged students. ``--no-trusted`` leaves the re-grade out.

Where the students are graded (:mod:`course_grader.executors`): ``--executor local`` (the default), ``--workers``
threads here each waiting on one nbgrader process; ``--executor dask``, one task per student on a
dask.distributed cluster: the scheduler at ``--dask-scheduler ADDRESS`` (workers that share the course's file
system and environment, e.g. on SLURM through dask-jobqueue), or without it a LocalCluster of ``--workers``
processes started for the run. Either way each student's whole nbgrader run, trusted re-grade included, runs
on the executor, and the reconciliation of the gradebook and the scores run in this process afterwards.

Concurrency: nbgrader writes each student's grades in short transactions, and SQLite lets one
writer in at a time; the others wait for its lock, by default up to 5 s (pysqlite), then fail with
"database is locked" and nbgrader drops that student. The driver gives nbgrader a SQLite URL with
``?timeout=60`` (a 12 s exclusive lock held by another process is then waited out), and a run that
still fails on the lock runs once more, one such retry at a time. A server database (``db_url``
of PostgreSQL) needs neither.
Records per student beside the normalised folder: ``intake/<student>/<assignment>.json`` (the
graded file, its sha256, the reasons) and ``.log`` (nbgrader's output, cut to its first and last
100 kB).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import determine_grade, is_grade

from course_grader.execute import NOT_RUN
from course_grader.executors import DaskExecutor, LocalExecutor, Lost
from course_grader.intake import prepare
from course_grader.kernel import TRUNCATION_MARK
from course_grader.repairs import INTAKE, course_directory
from course_grader.trusted.nbgrader_steps import DRIVER_FD_VARIABLE
from course_grader.trusted.reconcile import manual_snapshot, reconcile
from course_grader.trusted.regrade import FLAG_TOLERANCE

SQLITE_BUSY_SECONDS = 60
# `python -m nbgrader`, less one import: jsonschema's optional IRI format checker (rfc3987_syntax) builds an
# Earley parser when imported, 2.4 s of CPU in every process that imports nbformat; nbgrader never checks IRIs.
NBGRADER = ("import sys; sys.modules['rfc3987_syntax'] = None; "
            "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")
LOG_KEEP = 100_000  # bytes of nbgrader's output kept from its start, and as many from its end
LIMIT_OUTPUT_MARK = "... Output truncated ..."  # nbgrader's LimitOutput
KERNEL_FAULTS = ("DeadKernelError", "CellTimeoutError", NOT_RUN)
PIPE_GRACE_SECONDS = 5.0  # how long the trusted results' pipe may stay open after nbgrader exits


@dataclass
class SubmissionResult:
    """One student's grade for the assignment: score out of max_score, why, and how long grading took."""

    student: str
    score: float
    max_score: float
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Course:
    """The course directory as nbgrader_config.py describes it."""

    root: Path
    coursedir: CourseDirectory

    @classmethod
    def load(cls, root: Path, db_url: str | None) -> Course:
        root = Path(root).resolve()
        coursedir = course_directory(root)
        if db_url:
            coursedir.db_url = db_url
        return cls(root, coursedir)

    def folder(self, kind: str, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(kind, student, assignment))

    def release_folder(self, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.release_directory, ".", assignment))

    def gradebook(self) -> Gradebook:
        return Gradebook(patient(self.coursedir.db_url), self.coursedir.course_id)


def students_of(course: Course, assignment: str) -> list[str]:
    """Every student with a folder ``submitted/<student>/<assignment>``."""
    submitted = course.root / course.coursedir.submitted_directory
    return sorted(p.parent.name for p in submitted.glob(f"*/{glob.escape(assignment)}") if p.is_dir())


def bounded_output(stream, keep: int = LOG_KEEP) -> tuple[threading.Thread, list[bytes]]:
    """Read ``stream`` to its end in a thread, keeping its first and last ``keep`` bytes."""
    head, tail, dropped = bytearray(), bytearray(), [0]
    result: list[bytes] = []

    def read() -> None:
        for chunk in iter(lambda: stream.read(65536), b""):
            room = keep - len(head)
            head.extend(chunk[:room])
            tail.extend(chunk[room:] if room > 0 else chunk)
            if len(tail) > keep:
                dropped[0] += len(tail) - keep
                del tail[:len(tail) - keep]
        gap = f"\n[... {dropped[0]} bytes of output left out ...]\n".encode() if dropped[0] else b""
        result.append(bytes(head) + gap + bytes(tail))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, result


def patient(db_url: str) -> str:
    """A SQLite URL whose connections wait SQLITE_BUSY_SECONDS for another writer's lock; others unchanged."""
    if db_url.startswith("sqlite:") and "?" not in db_url:
        return f"{db_url}?timeout={SQLITE_BUSY_SECONDS}"
    return db_url


def run_nbgrader(course: Course, assignment: str, student: str, timeout: float,
                 trusted: bool = True) -> tuple[int, str, dict[str, dict]]:
    """(exit status, output, notebook -> trusted result) of nbgrader autograde for one student on the intake
    folder; status -1 on time out. The trusted results come through a pipe (``TrustedGrade`` writes them before
    the student's kernel starts; the first line per notebook counts). ``trusted=False`` leaves out the trusted
    re-grade (``--TrustedGrade.enabled=False``)."""
    args = [sys.executable, "-c", NBGRADER, "autograde", assignment, "--force",
            f"--student={glob.escape(student)}", f"--CourseDirectory.submitted_directory={INTAKE}",
            f"--CourseDirectory.db_url={patient(course.coursedir.db_url)}", "--log-level=WARN",
            *([] if trusted else ["--TrustedGrade.enabled=False"])]
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")  # nbgrader runs alembic
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")  # one BLAS thread per kernel: the workers share the cores
    read_end, write_end = os.pipe()
    env[DRIVER_FD_VARIABLE] = str(write_end)
    try:
        process = subprocess.Popen(args, cwd=course.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True, pass_fds=(write_end,))
    finally:
        os.close(write_end)
    reader, output = bounded_output(process.stdout)
    pipe = os.fdopen(read_end, "rb", buffering=0)
    piped: list[bytes] = []
    results_reader = threading.Thread(target=lambda: piped.extend(iter(lambda: pipe.read(65536), b"")), daemon=True)
    results_reader.start()
    try:
        status = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its kernels exit when their parent does (ipykernel's poller)
        process.wait()
        status = -1
    reader.join()
    # the pipe ends when nbgrader has exited, unless a process the submission left behind opened it (through
    # /proc): its results were written before any kernel started, so a few seconds' wait is enough
    results_reader.join(timeout=PIPE_GRACE_SECONDS)
    if not results_reader.is_alive():
        pipe.close()
    process.stdout.close()
    return status, output[0].decode(errors="replace"), first_per_notebook(b"".join(list(piped)))


def first_per_notebook(lines: bytes) -> dict[str, dict]:
    """notebook -> the first trusted result the pipe carried for it (later lines are ignored)."""
    found: dict[str, dict] = {}
    for line in lines.decode(errors="replace").splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if isinstance(result, dict) and isinstance(result.get("notebook"), str):
            found.setdefault(result["notebook"], result)
    return found


def notebook_score(notebook: Path) -> float:
    """The autograded notebook's score by nbgrader's own rule (``determine_grade``) over its graded cells."""
    nb = nbformat.read(str(notebook), as_version=4)
    return sum(determine_grade(cell)[0] or 0.0 for cell in nb.cells if is_grade(cell))


def cell_reasons(notebook: Path) -> list[str]:
    """What went wrong in an autograded notebook: errors and cut output in answer and test cells (a test cell
    with an error or stderr output scored 0), a dead or stuck kernel or a MemoryError in any cell."""
    nb = nbformat.read(str(notebook), as_version=4)
    reasons = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        where = meta.get("grade_id") or f"cell {index}"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        stderr = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr")
        stdout = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
        lost = f" (0/{meta['points']:g})" if meta.get("grade") else ""
        faults = [e for e in errors if e.ename in KERNEL_FAULTS or e.ename == "MemoryError"]
        shown = faults or (errors if meta.get("grade") or meta.get("solution") else [])
        for error in shown[:1]:
            evalue = str(error.evalue).strip().splitlines()[0][:300] if str(error.evalue).strip() else ""
            reasons.append(f"{where}{lost}: {error.ename}: {evalue}".rstrip(": "))
        if meta.get("grade") and not errors and stderr.strip():
            reasons.append(f"{where}{lost}: wrote to stderr: {stderr.strip().splitlines()[0][:200]}")
        if meta.get("grade_id") and (TRUNCATION_MARK in stdout + stderr or LIMIT_OUTPUT_MARK in stdout + stderr):
            reasons.append(f"{where}: output truncated (the cell printed too much)")
    return reasons


def grade_student(course: Course, assignment: str, student: str, timeout: float, lock,
                  trusted: bool = True) -> tuple[list[str], bool, float | None, dict[str, dict]]:
    """Intake and nbgrader for one student: (reasons, graded, the autograded notebooks' in-kernel score,
    notebook -> the trusted result from the pipe). ``lock``: the executor's lock for the one retry after
    "database is locked" (a ``threading.Lock`` or a ``distributed.Lock``)."""
    submitted = course.folder(course.coursedir.submitted_directory, student, assignment)
    target = course.folder(INTAKE, student, assignment)
    if not submitted.is_dir():
        return [f"no submission folder {submitted.relative_to(course.root)}: not graded"], False, None, {}
    try:
        record = prepare(submitted, course.release_folder(assignment), target)
    except Exception as error:
        return [f"not graded: intake failed: {type(error).__name__}: {error}"], False, None, {}
    reasons = list(record["reasons"])
    status, log, piped = run_nbgrader(course, assignment, student, timeout, trusted)
    if status != 0 and "database is locked" in log:
        with lock:
            status, again, piped = run_nbgrader(course, assignment, student, timeout, trusted)
        log += f"\n[course_grader.autograde: the gradebook was locked; run again: exit status {status}]\n{again}"
    record["nbgrader_exit_status"] = status
    log_file, record_file = target.parent / f"{target.name}.log", target.parent / f"{target.name}.json"
    log_file.write_text(log)
    record_file.write_text(json.dumps(record, indent=1) + "\n")
    autograded = course.folder(course.coursedir.autograded_directory, student, assignment)
    if status != 0:
        why = f"grading took longer than {timeout:g} s" if status == -1 else f"nbgrader exited with status {status}"
        return [*reasons, f"not graded: {why} (see {log_file.relative_to(course.root)})"], False, None, piped
    notebooks = sorted(autograded.glob("*.ipynb"))
    for notebook in notebooks:
        reasons.extend(cell_reasons(notebook))
    return reasons, True, sum(notebook_score(notebook) for notebook in notebooks), piped


def trusted_outcome(gradebook: Gradebook, assignment: str, student: str,
                    piped: dict[str, dict]) -> tuple[float, list[str]]:
    """(points the trusted re-grade took off the in-kernel score, reasons) for one student, from the trusted
    results the pipe carried and the gradebook after :func:`~course_grader.trusted.reconcile.reconcile`."""
    if not piped:
        return 0.0, ["trusted re-grade: no result (nbgrader did not run it)"]
    lowered, reasons = 0.0, []
    for notebook, result in sorted(piped.items()):
        if "unavailable" in result:
            reasons.append(f"trusted re-grade not run: {result['unavailable']}")
            continue
        kernel_total = trusted_total = 0.0
        for grade in gradebook.find_submission_notebook(notebook, assignment, student).grades:
            cell = result.get("cells", {}).get(grade.name)
            if cell is None or grade.auto_score is None:
                continue
            kernel_total += grade.auto_score
            trusted_total += min(cell["score"], grade.auto_score)
            if grade.manual_score is not None and cell["score"] < grade.auto_score \
                    and abs(grade.manual_score - cell["score"]) < FLAG_TOLERANCE:
                lowered += grade.auto_score - grade.manual_score
                why = str(cell.get("reason") or "").strip()
                reasons.append(f"{grade.name}: trusted re-grade {cell['score']:g}, in-kernel {grade.auto_score:g}: the "
                               f"gradebook keeps {grade.manual_score:g}" + (f" ({why.splitlines()[0][:200]})"
                                                                            if why else ""))
        if kernel_total > trusted_total + FLAG_TOLERANCE:
            reasons.append(f"FLAGGED: {notebook}: in-kernel {kernel_total:g}, trusted {trusted_total:g} (the "
                           "submission changed its own grading, or the gradebook was edited): read it")
    return lowered, reasons


@dataclass
class Graded:
    """A submission as the gradebook holds it."""

    raw: float  # the sum of the cells' grades
    penalty: float  # late submission penalty
    max_score: float
    needs_manual_grade: bool

    @property
    def score(self) -> float:
        """What ``nbgrader export`` reports."""
        return max(0.0, self.raw - self.penalty)


def scores(course: Course, assignment: str, students: list[str]) -> dict[str, Graded]:
    """student -> the gradebook's record of their submission (students without one are left out)."""
    found = {}
    with course.gradebook() as gb:
        for student in students:
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            found[student] = Graded(float(submission.score), float(submission.late_submission_penalty or 0.0),
                                    float(submission.max_score), bool(submission.needs_manual_grade))
    return found


def check_gradebook(course: Course, assignment: str) -> float:
    """The assignment's max score; ValueError when the gradebook does not know the assignment."""
    with course.gradebook() as gb:
        try:
            return float(gb.find_assignment(assignment).max_score)
        except MissingEntry:
            raise ValueError(f"assignment {assignment!r} is not in the gradebook {course.coursedir.db_url}: run "
                             f"`nbgrader generate_assignment {assignment} --force` with the same db_url first "
                             "(--force: the release exists already; without it nbgrader skips the assignment "
                             "and records nothing)") from None


def grade_one(root: Path, db_url: str | None, assignment: str, timeout: float, trusted: bool, lock,
              student: str) -> tuple[list[str], bool, float | None, dict, float]:
    """:func:`grade_student` for one student, as an executor runs it (perhaps in another process: every argument
    pickles, the course is loaded again from ``root``): (reasons, graded, in-kernel score, piped, seconds). It
    does not raise: an error is that student's "not graded" reason."""
    start = time.monotonic()
    try:
        course = Course.load(root, db_url)
        reasons, graded, computed, piped = grade_student(course, assignment, student, timeout, lock, trusted)
    except Exception as error:  # nothing about one student may stop the class
        reasons, graded, computed, piped = [f"not graded: {type(error).__name__}: {error}"], False, None, {}
    return reasons, graded, computed, piped, time.monotonic() - start


def grade_assignment(course: Path, assignment: str, *, students=None, workers: int = 2, db_url: str | None = None,
                     student_timeout: float = 3600.0, trusted: bool = True,
                     executor=None) -> list[SubmissionResult]:
    """Grade every student's submission of ``assignment`` in course directory ``course``; one result each.

    ``students``: student ids (default: every folder ``submitted/*/<assignment>``); ``workers``: nbgrader
    processes at once; ``db_url``: the gradebook (nbgrader's ``--CourseDirectory.db_url``; default the
    course's); ``student_timeout``: seconds one student's nbgrader run may take in all; ``trusted``: run the
    trusted re-grade inside each nbgrader run (its lower scores are what the gradebook keeps). A student who
    could not be graded gets score 0 and a reason starting with "not graded" (or "no submission").
    ``executor``: where the students are graded (:mod:`course_grader.executors`; default a
    ``LocalExecutor(workers)``, closed at the end; one given here is left open and ``workers`` is not used).
    The reconciliation of the trusted re-grade and the scores run here, in this process.
    """
    if not isinstance(assignment, str) or not assignment or "/" in assignment:
        raise ValueError(f"assignment must be an assignment id, got {assignment!r}")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, got {workers!r}")
    if not (isinstance(student_timeout, (int, float)) and student_timeout > 0):
        raise ValueError(f"student_timeout must be > 0 seconds, got {student_timeout!r}")
    if db_url is not None and not isinstance(db_url, str):
        raise TypeError(f"db_url must be a string or None, got {type(db_url).__name__}")
    if executor is not None and not callable(getattr(executor, "map_students", None)):
        raise TypeError(f"executor must be a LocalExecutor, a DaskExecutor or None, got {executor!r}")
    loaded = Course.load(course, db_url)
    if not list(loaded.release_folder(assignment).glob("*.ipynb")):
        raise ValueError(f"assignment {assignment!r} has no release notebook in {loaded.release_folder(assignment)}")
    max_score = check_gradebook(loaded, assignment)
    if students is None:
        students = students_of(loaded, assignment)
    elif isinstance(students, str) or not all(isinstance(s, str) for s in students):
        raise TypeError(f"students must be a list of student ids, got {students!r}")
    students = list(dict.fromkeys(students))
    for student in students:
        if not student or Path(student).name != student or student in (".", ".."):
            raise ValueError(f"students must be folder names under submitted/, got {student!r}")
    if trusted:
        with loaded.gradebook() as gb:
            before = manual_snapshot(gb, assignment)
    own = executor is None
    executor = LocalExecutor(workers) if own else executor
    try:
        function = partial(grade_one, loaded.root, db_url, assignment, student_timeout, trusted, executor.lock())
        outcomes = {}
        for student, outcome in zip(students, executor.map_students(function, students)):
            if isinstance(outcome, Lost):
                outcome = ([f"not graded: {outcome.reason}"], False, None, {}, 0.0)
            outcomes[student] = list(outcome)
    finally:
        if own:
            executor.close()
    if trusted:  # the last word: every cell at the lower of its two scores, whatever the submissions wrote
        graded_students = [s for s in students if outcomes[s][1]]
        with loaded.gradebook() as gb:
            changes = reconcile(gb, assignment, {s: outcomes[s][3] for s in graded_students}, before,
                                loaded.coursedir.config)
            for student in graded_students:
                lowered, trusted_reasons = trusted_outcome(gb, assignment, student, outcomes[student][3])
                outcomes[student][0] = [*outcomes[student][0], *changes.get(student, []), *trusted_reasons]
                outcomes[student][2] -= lowered
    graded_scores = scores(loaded, assignment, [s for s in students if outcomes[s][1]])
    results = []
    for student in students:
        reasons, graded, computed, _, seconds = outcomes[student]
        record = graded_scores.get(student)
        if not graded or record is None:
            if graded:
                reasons = [*reasons, "not graded: no submission in the gradebook after autograde"]
            results.append(SubmissionResult(student, 0.0, max_score, reasons, round(seconds, 1)))
            continue
        if computed is not None and abs(computed - record.raw) > 1e-9:
            reasons = [*reasons, f"check: the gradebook says {record.raw:g} points, the autograded notebook "
                                 f"{computed:g} (a manual grade in the formgrader, or stale grades)"]
        if record.penalty:
            reasons = [*reasons, f"late: {record.penalty:g} points of penalty"]
        if record.needs_manual_grade:
            reasons = [*reasons, "needs manual grading in the formgrader"]
        results.append(SubmissionResult(student, record.score, record.max_score, reasons, round(seconds, 1)))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_grader.autograde", description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment")
    parser.add_argument("--workers", type=int, default=2,
                        help="nbgrader processes at once (default 2; with --dask-scheduler the cluster's workers)")
    parser.add_argument("--db-url", default=None, help="the gradebook (default: the course's gradebook.db)")
    parser.add_argument("--student", action="append", dest="students", help="grade only this student (repeatable)")
    parser.add_argument("--no-trusted", action="store_true",
                        help="leave out the trusted re-grade (the in-kernel scores stand)")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="local: threads here (default); dask: one task per student on dask.distributed")
    parser.add_argument("--dask-scheduler", metavar="ADDRESS", default=None,
                        help="with --executor dask: the scheduler's address (tcp://HOST:8786); default: a "
                             "LocalCluster of --workers processes for this run")
    args = parser.parse_args(argv)
    if args.dask_scheduler is not None and args.executor != "dask":
        parser.error("--dask-scheduler needs --executor dask")
    if not isinstance(args.workers, int) or args.workers < 1:
        parser.error(f"--workers must be >= 1, got {args.workers}")
    try:
        with (DaskExecutor(args.dask_scheduler, workers=args.workers) if args.executor == "dask"
              else LocalExecutor(args.workers)) as executor:
            results = grade_assignment(args.course, args.assignment, students=args.students, workers=args.workers,
                                       db_url=args.db_url, trusted=not args.no_trusted, executor=executor)
    except (ValueError, TypeError) as error:
        parser.error(str(error))
    width = max((len(r.student) for r in results), default=0)
    for r in results:
        print(f"{r.student:<{width}}  {r.score:g}/{r.max_score:g}  {r.seconds:6.1f} s  {'; '.join(r.reasons) or 'ok'}")
    flagged = [r.student for r in results if any(x.startswith("FLAGGED") for x in r.reasons)]
    print(f"flagged by the trusted re-grade ({len(flagged)}): {', '.join(flagged) or 'none'}")
    return 1 if any(any(x.startswith(("not graded", "no submission")) for x in r.reasons) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
