"""Autograde a whole class: intake, then nbgrader per student in parallel; every student gets a grade and reasons.

    python -m tools.autograde COURSE_DIR ASSIGNMENT [--workers N] [--db-url URL] [--student ID ...]

prints one line per student: ``student  score/max  seconds  reasons``. For each student,
``tools.intake`` writes the normalised submission into ``intake/<student>/<assignment>/``
(``submitted/`` is only read: it stays the record of what the student handed in), then
``nbgrader autograde ASSIGNMENT --student ID --force`` grades that folder with the course's
``nbgrader_config.py`` (whose ``GradingExecute`` turns crashes, ``exit()``, hangs, floods of output
and huge allocations into errors in the cell that caused them). One student per nbgrader process:
whatever happens to one cannot stop the others. Scores come back from the gradebook; reasons from
intake and from the errors in the autograded notebook's graded cells.

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import determine_grade, is_grade
from traitlets.config.loader import PyFileConfigLoader

from tools.grading_execute import NOT_RUN
from tools.grading_kernel import TRUNCATION_MARK
from tools.intake import prepare

INTAKE = "intake"
SQLITE_BUSY_SECONDS = 60
# `python -m nbgrader`, less one import: jsonschema's optional IRI format checker (rfc3987_syntax) builds an
# Earley parser when imported, 2.4 s of CPU in every process that imports nbformat; nbgrader never checks IRIs.
NBGRADER = ("import sys; sys.modules['rfc3987_syntax'] = None; "
            "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")
LOG_KEEP = 100_000  # bytes of nbgrader's output kept from its start, and as many from its end
LIMIT_OUTPUT_MARK = "... Output truncated ..."  # nbgrader's LimitOutput
KERNEL_FAULTS = ("DeadKernelError", "CellTimeoutError", NOT_RUN)


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
        config_file = root / "nbgrader_config.py"
        if not config_file.is_file():
            raise ValueError(f"course must be an nbgrader course directory with nbgrader_config.py, got {root}")
        config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
        coursedir = CourseDirectory(config=config, root=str(root))
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


def run_nbgrader(course: Course, assignment: str, student: str, timeout: float) -> tuple[int, str]:
    """(exit status, output) of nbgrader autograde for one student on the intake folder; -1 on time out."""
    args = [sys.executable, "-c", NBGRADER, "autograde", assignment, "--force",
            f"--student={glob.escape(student)}", f"--CourseDirectory.submitted_directory={INTAKE}",
            f"--CourseDirectory.db_url={patient(course.coursedir.db_url)}", "--log-level=WARN"]
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")  # nbgrader runs alembic
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")  # one BLAS thread per kernel: the workers share the cores
    process = subprocess.Popen(args, cwd=course.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    reader, output = bounded_output(process.stdout)
    try:
        status = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its kernels exit when their parent does (ipykernel's poller)
        process.wait()
        status = -1
    reader.join()
    process.stdout.close()
    return status, output[0].decode(errors="replace")


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


def grade_student(course: Course, assignment: str, student: str, timeout: float,
                  lock: threading.Lock) -> tuple[list[str], bool, float | None]:
    """Intake and nbgrader for one student: (reasons, graded, the autograded notebooks' score)."""
    submitted = course.folder(course.coursedir.submitted_directory, student, assignment)
    target = course.folder(INTAKE, student, assignment)
    if not submitted.is_dir():
        return [f"no submission folder {submitted.relative_to(course.root)}: not graded"], False, None
    try:
        record = prepare(submitted, course.release_folder(assignment), target)
    except Exception as error:
        return [f"not graded: intake failed: {type(error).__name__}: {error}"], False, None
    reasons = list(record["reasons"])
    status, log = run_nbgrader(course, assignment, student, timeout)
    if status != 0 and "database is locked" in log:
        with lock:
            status, again = run_nbgrader(course, assignment, student, timeout)
        log += f"\n[tools.autograde: the gradebook was locked; run again: exit status {status}]\n{again}"
    record["nbgrader_exit_status"] = status
    log_file, record_file = target.parent / f"{target.name}.log", target.parent / f"{target.name}.json"
    log_file.write_text(log)
    record_file.write_text(json.dumps(record, indent=1) + "\n")
    autograded = course.folder(course.coursedir.autograded_directory, student, assignment)
    if status != 0:
        why = f"grading took longer than {timeout:g} s" if status == -1 else f"nbgrader exited with status {status}"
        return [*reasons, f"not graded: {why} (see {log_file.relative_to(course.root)})"], False, None
    notebooks = sorted(autograded.glob("*.ipynb"))
    for notebook in notebooks:
        reasons.extend(cell_reasons(notebook))
    return reasons, True, sum(notebook_score(notebook) for notebook in notebooks)


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
                             f"`nbgrader generate_assignment {assignment}` with the same db_url first") from None


def grade_assignment(course: Path, assignment: str, *, students=None, workers: int = 2, db_url: str | None = None,
                     student_timeout: float = 3600.0) -> list[SubmissionResult]:
    """Grade every student's submission of ``assignment`` in course directory ``course``; one result each.

    ``students``: student ids (default: every folder ``submitted/*/<assignment>``); ``workers``: nbgrader
    processes at once; ``db_url``: the gradebook (nbgrader's ``--CourseDirectory.db_url``; default the
    course's); ``student_timeout``: seconds one student's nbgrader run may take in all. A student who
    could not be graded gets score 0 and a reason starting with "not graded" (or "no submission").
    """
    if not isinstance(assignment, str) or not assignment or "/" in assignment:
        raise ValueError(f"assignment must be an assignment id, got {assignment!r}")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, got {workers!r}")
    if not (isinstance(student_timeout, (int, float)) and student_timeout > 0):
        raise ValueError(f"student_timeout must be > 0 seconds, got {student_timeout!r}")
    if db_url is not None and not isinstance(db_url, str):
        raise TypeError(f"db_url must be a string or None, got {type(db_url).__name__}")
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
    lock = threading.Lock()

    def one(student: str) -> tuple[list[str], bool, float | None, float]:
        start = time.monotonic()
        try:
            reasons, graded, computed = grade_student(loaded, assignment, student, student_timeout, lock)
        except Exception as error:  # nothing about one student may stop the class
            reasons, graded, computed = [f"not graded: {type(error).__name__}: {error}"], False, None
        return reasons, graded, computed, time.monotonic() - start

    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip(students, pool.map(one, students)))
    graded_scores = scores(loaded, assignment, [s for s in students if outcomes[s][1]])
    results = []
    for student in students:
        reasons, graded, computed, seconds = outcomes[student]
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
    parser = argparse.ArgumentParser(prog="python -m tools.autograde", description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment")
    parser.add_argument("--workers", type=int, default=2, help="nbgrader processes at once (default 2)")
    parser.add_argument("--db-url", default=None, help="the gradebook (default: the course's gradebook.db)")
    parser.add_argument("--student", action="append", dest="students", help="grade only this student (repeatable)")
    args = parser.parse_args(argv)
    try:
        results = grade_assignment(args.course, args.assignment, students=args.students, workers=args.workers,
                                   db_url=args.db_url)
    except (ValueError, TypeError) as error:
        parser.error(str(error))
    width = max((len(r.student) for r in results), default=0)
    for r in results:
        print(f"{r.student:<{width}}  {r.score:g}/{r.max_score:g}  {r.seconds:6.1f} s  {'; '.join(r.reasons) or 'ok'}")
    return 1 if any(any(x.startswith(("not graded", "no submission")) for x in r.reasons) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
