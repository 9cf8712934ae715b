"""Benchmark: one class graded by the class driver on the local executor and on Dask; figures, not a test.

    python -m tools.bench_class_executor                     # 200 submissions of 01_symmetry_breaking, 2 workers
    python -m tools.bench_class_executor -n 40 --workers 2 --no-trusted --assignment 04_he_kaiming

Builds a temporary course (``tests/nbgrader_course.make_course``) with N submissions of one assignment,
drawn with a fixed seed (``--seed``) from: the solution everywhere ("perfect"), the solution with one answer
replaced by one of the grading corpus's mistakes (every ``wrong_*`` answer of the assignment is a choice),
the release as handed out ("blank"), and a perfect submission whose first answer calls ``os._exit(3)``
("crash", the fault corpus's f03). The course is copied before grading; the original is graded with
``LocalExecutor(workers)``, the copy with ``DaskExecutor`` on a LocalCluster of as many worker processes (one
thread each), both through ``course_grader.autograde.grade_assignment``. Prints for each executor the wall
time and submissions per minute, then whether every student's score and reasons agree between the two runs
(exit status 1 when they do not). ``--no-trusted`` turns the trusted re-grade off (in the course's config and
in the driver). The Dask figure includes starting and closing the LocalCluster.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .corpus import CORPUS, exercises

DEFAULT_ASSIGNMENT = "01_symmetry_breaking"
CRASH = "import os\nos._exit(3)\n"


def kinds(assignment: str) -> list[tuple[str, dict[str, str]]]:
    """(label, answer cells) of every kind of submission the benchmark draws from (blank: no cells)."""
    exs = exercises(assignment)
    perfect = {ex.answer_id: ex.solution for ex in exs}
    out = [("perfect", perfect), ("blank", {}), ("crash", {**perfect, exs[0].answer_id: CRASH + exs[0].solution})]
    for ex in exs:
        for path in sorted((CORPUS / assignment / ex.answer_id).glob("wrong_*.py")):
            out.append((f"wrong-{ex.answer_id}-{path.stem}", {**perfect, ex.answer_id: path.read_text()}))
    return out


def build(root: Path, assignment: str, n: int, seed: int, trusted: bool) -> tuple[Path, Counter]:
    """The course with ``n`` drawn submissions in ``submitted/``, and how many of each kind."""
    from tests.nbgrader_course import make_course, submit

    course = make_course(root, [assignment], trusted=trusted)
    rng = random.Random(seed)
    pool = kinds(assignment)
    # every kind equally likely except the corpus mistakes, which share one slot per exercise-free kind
    wrong = [k for k in pool if k[0].startswith("wrong-")]
    plain = [k for k in pool if not k[0].startswith("wrong-")]
    counts: Counter = Counter()
    for index in range(n):
        label, cells = rng.choice(wrong) if rng.random() < 0.5 else rng.choice(plain)
        counts[label.split("-")[0]] += 1
        submit(course, f"s{index:03d}-{label.split('-')[0]}", assignment, cells)
    return course, counts


def run(course: Path, assignment: str, workers: int, trusted: bool, executor_name: str):
    from course_grader.autograde import grade_assignment
    from course_grader.executors import DaskExecutor, LocalExecutor

    start = time.monotonic()
    with (DaskExecutor(None, workers=workers) if executor_name == "dask" else LocalExecutor(workers)) as executor:
        results = grade_assignment(course, assignment, workers=workers, trusted=trusted, executor=executor)
    return results, time.monotonic() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_class_executor", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="submissions (default 200)")
    parser.add_argument("--assignment", default=DEFAULT_ASSIGNMENT)
    parser.add_argument("--workers", type=int, default=2, help="threads (local) and worker processes (Dask)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-trusted", action="store_true", help="turn the trusted re-grade off")
    args = parser.parse_args(argv)
    if args.n < 1 or args.workers < 1:
        parser.error(f"-n and --workers must be >= 1, got {args.n} and {args.workers}")
    trusted = not args.no_trusted
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    print(f"date {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {platform.node()} {platform.machine()}, "
          f"{os.cpu_count()} cores; load average before {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_class_executor_") as tmp:
        start = time.monotonic()
        course, counts = build(Path(tmp) / "local", args.assignment, args.n, args.seed, trusted)
        copy = Path(tmp) / "dask"
        shutil.copytree(course, copy)
        print(f"{args.n} submissions of {args.assignment} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}"
              f"), trusted re-grade {'on' if trusted else 'off'}, {args.workers} workers; course built in "
              f"{time.monotonic() - start:.0f} s", flush=True)
        figures = {}
        for name, folder in (("local", course), ("dask", copy)):
            results, seconds = run(folder, args.assignment, args.workers, trusted, name)
            figures[name] = results
            not_graded = sum(any(r.startswith("not graded") for r in x.reasons) for x in results)
            print(f"{name:<5}  {seconds:7.1f} s  {60 * len(results) / seconds:6.1f} submissions/min  "
                  f"(not graded: {not_graded}; load average after {os.getloadavg()[0]:.2f})", flush=True)
        local = {r.student: r for r in figures["local"]}
        differ = []
        for r in figures["dask"]:
            other = local.get(r.student)
            mine = (r.score, r.max_score, [x.replace(str(copy), "") for x in r.reasons])
            theirs = None if other is None else (other.score, other.max_score,
                                                 [x.replace(str(course), "") for x in other.reasons])
            if mine != theirs:
                differ.append(f"  {r.student}: local {theirs}, dask {mine}")
        if len(local) != len(figures["dask"]):
            differ.append(f"  local graded {len(local)} students, dask {len(figures['dask'])}")
        perfect = [r for r in figures["local"] if r.student.endswith("-perfect")]
        full = sum(r.score == r.max_score for r in perfect)
        print(f"scores agree submission by submission: {'yes' if not differ else 'NO'} "
              f"({len(figures['dask'])} students); perfect submissions at full marks: {full}/{len(perfect)}")
        for line in differ[:20]:
            print(line)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
