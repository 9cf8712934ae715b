"""Rerun every exercise's graded tests on its correct answers with other seeds: does a correct answer ever fail?

    python -m tools.flake_rate                       # 1000 reruns of every exercise on every correct answer
    python -m tools.flake_rate --reruns 20 --ids 04_he_kaiming n07_layer_norm_answer --workers 2

For every exercise (``tools.corpus.exercises``) and every correct answer (the solution and each ``right_*.py``
of the grading corpus, ``tools.corpus.variants``), the exercise's graded test cells, visible and hidden,
run ``--reruns`` times with ``COURSE_GRADING_SEED_OFFSET`` = 1, 2, ..., so every generator a test seeds
through ``grading.seed`` draws new inputs (an exercise whose tests seed nothing would draw the same inputs
at every offset: it runs at offset 0 only). Each rerun executes the notebook's setup cell, the answer and
the test cells in a fresh namespace, as the autograder would; reruns are batched, at most ``--chunk`` per
process and at least two processes per answer, in fresh, resource-limited processes. A cell passes when
it raises nothing and writes nothing to stderr (nbgrader scores a cell with stderr output 0).

With ``COURSE_GRADING_MARGINS=1`` every statistical check records its margin, ``threshold / statistic``
(``grading.record_margin``): above 1 it passed, and its statistic could grow by that factor before it
failed. The report gives, per exercise, the smallest margin seen on any answer and rerun, and the check.

Offset 0, what a grading run uses, runs first in two of those processes: the per-cell results and every
recorded statistic must be identical (grading the same submission twice gives the same score).

Exit status 1 when a correct answer failed a rerun, a process died, or the two offset-0 runs differ.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course_lib.grading import MARGINS_VARIABLE, SEED_OFFSET_VARIABLE

from .authoring import assignment_ids
from .corpus import MEMORY_BYTES, RUN_CELL, TIMEOUT_SECONDS, Exercise, exercises, variants

DEFAULT_RERUNS = 1000
DEFAULT_CHUNK = 500
SECONDS_PER_RERUN = 30  # the time limit of a batch: TIMEOUT_SECONDS plus this per rerun

# Executed in the child process: the job comes as JSON on stdin; one JSON line per rerun is appended to argv[1].
CHILD = r"""
import contextlib, io, json, os, resource, sys, time, traceback, warnings
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
import matplotlib
matplotlib.use("Agg")
job = json.load(sys.stdin)
os.environ[{margins_variable!r}] = "1"
from course_lib import grading

{run_cell}
for offset in job["offsets"]:
    start = time.perf_counter()
    os.environ[{offset_variable!r}] = str(offset)
    with warnings.catch_warnings():  # forget which warnings were shown: each rerun is a fresh kernel
        pass
    grading.recorded_margins.clear()
    namespace = {{"__name__": "__main__"}}
    with contextlib.redirect_stdout(io.StringIO()):
        setup = [run(src, "setup", namespace) for src in job["setup"]]
        answer = run(job["answer"], "answer", namespace)
        tests = {{gid: run(src, gid, namespace) for gid, src in job["tests"].items()}}
    margins = [[m["check"], m["statistic"], m["threshold"], m["margin"]] for m in grading.recorded_margins]
    grading.recorded_margins.clear()
    record = {{"offset": offset, "setup": setup, "answer": answer, "tests": tests, "margins": margins,
               "seconds": time.perf_counter() - start}}
    with open(sys.argv[1], "a") as fh:
        fh.write(json.dumps(record) + "\n")
"""


@dataclass
class Rerun:
    """One execution of an exercise's test cells on one answer at one seed offset."""

    offset: int
    tests: dict[str, dict]
    margins: list[list]
    error: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.error and bool(self.tests) and all(t["ok"] for t in self.tests.values())

    def failure(self) -> str:
        """The first reason this rerun failed, for the report."""
        if self.error:
            return self.error
        return next((f"{gid}: {t['error']}" for gid, t in self.tests.items() if not t["ok"]), "no test cell ran")


def run_batch(exercise: Exercise, source: str, offsets: list[int]) -> list[Rerun]:
    """Run ``source`` as the exercise's answer against its graded tests once per offset, in one fresh process.

    An offset the process did not reach (it crashed or timed out) comes back as a failed ``Rerun``.
    """
    job = json.dumps({"setup": exercise.setup, "answer": source, "tests": exercise.tests, "offsets": offsets})
    child = CHILD.format(memory=MEMORY_BYTES, margins_variable=MARGINS_VARIABLE, offset_variable=SEED_OFFSET_VARIABLE,
                         run_cell=RUN_CELL)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="default")
    env.pop(SEED_OFFSET_VARIABLE, None)
    timeout = TIMEOUT_SECONDS + SECONDS_PER_RERUN * len(offsets)
    problem = ""
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "reruns.jsonl"
        try:
            completed = subprocess.run([sys.executable, "-c", child, str(result_file)], input=job, text=True,
                                       capture_output=True, timeout=timeout, cwd=tmp, env=env)
            if completed.returncode != 0:
                problem = f"the process exited with {completed.returncode}: {completed.stderr.strip()[-300:]}"
        except subprocess.TimeoutExpired:
            problem = f"the batch timed out after {timeout} s"
        lines = result_file.read_text().splitlines() if result_file.exists() else []
    reruns = []
    for line in lines:
        record = json.loads(line)
        failed_setup = [r["error"] for r in record["setup"] if not r["ok"]]
        reruns.append(Rerun(record["offset"], record["tests"], record["margins"],
                            f"setup cell failed: {failed_setup[0]}" if failed_setup else "", record["seconds"]))
    done = {r.offset for r in reruns}
    reruns += [Rerun(o, {}, [], problem or "the process died before reporting") for o in offsets if o not in done]
    return reruns


@dataclass
class Tally:
    """What the reruns of one exercise found, over all its correct answers."""

    exercise: Exercise
    answers: list[str] = field(default_factory=list)
    reruns: int = 0
    failures: list[tuple[str, Rerun]] = field(default_factory=list)
    margin: float = math.inf
    check: str = ""
    where: str = ""
    checks_per_rerun: int = 0
    seconds: float = 0.0
    deterministic: bool = True
    differences: list[str] = field(default_factory=list)

    @property
    def seeded(self) -> bool:
        """Whether the tests draw anything through grading.seed (otherwise every rerun repeats offset 0)."""
        return any("grading.seed(" in source for source in self.exercise.tests.values())

    def add(self, answer: str, reruns: list[Rerun]) -> None:
        for rerun in reruns:
            self.reruns += 1
            self.seconds += rerun.seconds
            if not rerun.passed:
                self.failures.append((answer, rerun))
            self.checks_per_rerun = max(self.checks_per_rerun, len(rerun.margins))
            for check, _statistic, _threshold, margin in rerun.margins:
                if margin < self.margin:
                    self.margin, self.check, self.where = margin, check, f"{answer}, offset {rerun.offset}"

    def compare_twice(self, answer: str, first: Rerun, second: Rerun) -> None:
        """Offset 0 twice: the same per-cell results and the same recorded statistics, bit for bit."""
        same = (first.error == second.error and first.tests == second.tests and first.margins == second.margins)
        if not same:
            self.deterministic = False
            self.differences.append(answer)
        if not first.passed:
            self.failures.append((answer, first))


def select(ids: list[str]) -> list[Exercise]:
    """The exercises named by assignment id (``04_he_kaiming``) or answer id (``n04_kaiming_normal_answer``)."""
    wanted, unmatched = set(ids), set(ids)
    found = []
    for assignment in assignment_ids():
        for exercise in exercises(assignment):
            names = {assignment, exercise.answer_id, exercise.answer_id.removesuffix("_answer")}
            if not wanted or names & wanted:
                found.append(exercise)
                unmatched -= names
    if unmatched:
        raise ValueError(f"ids: no assignment or exercise named {sorted(unmatched)}")
    return found


def measure(chosen: list[Exercise], reruns: int, workers: int = 2, chunk: int = DEFAULT_CHUNK,
            progress: bool = False) -> list[Tally]:
    """Rerun every chosen exercise ``reruns`` times on each correct answer, and offset 0 twice.

    With ``progress``, one line per finished batch goes to stderr.
    """
    for name, value, low in (("reruns", reruns, 0), ("workers", workers, 1), ("chunk", chunk, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    tallies = [Tally(exercise) for exercise in chosen]
    jobs = []  # (tally, answer name, source, offsets)
    for tally in tallies:
        for name, source, expected_pass in variants(tally.exercise):
            if expected_pass:
                tally.answers.append(name)
                # tests that seed nothing draw the same inputs at every offset: only offset 0 (twice) runs
                count = reruns if tally.seeded else 0
                jobs += [(tally, name, source, offsets) for offsets in batches(count, chunk)]
    done = []

    def run(job):
        result = run_batch(job[0].exercise, job[2], job[3])
        done.append(job)
        if progress:
            failed = sum(not r.passed for r in result)
            print(f"[{len(done)}/{len(jobs)}] {job[0].exercise.answer_id}/{job[1]}: {len(result)} runs, "
                  f"{failed} failed, {sum(r.seconds for r in result):.0f} s", file=sys.stderr, flush=True)
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, jobs))
    first_runs: dict[tuple[int, str], list[Rerun]] = {}
    for (tally, name, _source, _offsets), result in zip(jobs, results):
        if result[0].offset == 0:
            first_runs.setdefault((id(tally), name), []).append(result[0])
            if len(first_runs[(id(tally), name)]) == 2:
                tally.compare_twice(name, *first_runs[(id(tally), name)])
        tally.add(name, [rerun for rerun in result if rerun.offset != 0])
    return tallies


def batches(reruns: int, chunk: int) -> list[list[int]]:
    """Offsets 1..reruns in at least two batches of at most ``chunk``; the first two also start with offset 0.

    Offset 0 then runs first in two fresh processes (with different hash seeds), for the same-score check.
    """
    count = max(2, math.ceil(reruns / chunk))
    size = math.ceil(reruns / count)
    out = [list(range(1 + i * size, 1 + min(reruns, (i + 1) * size))) for i in range(count)]
    out[0].insert(0, 0)
    out[1].insert(0, 0)
    return out


def report(tallies: list[Tally], reruns: int) -> list[str]:
    """One line per exercise, then every failure and every answer graded differently twice."""
    lines = [f"{'exercise':34} {'answers':>7} {'reruns':>7} {'failures':>8} {'checks':>6} {'s/rerun':>7} "
             f"{'margin':>7}  smallest margin seen at (check; answer, offset)"]
    for t in tallies:
        if not t.checks_per_rerun:
            margin, where = "-", "no statistical check" + ("" if t.seeded else
                                                           "; nothing seeded, so no reruns (offset 0 ran twice)")
        else:
            margin, where = f"{t.margin:.3g}", f"{t.check}; {t.where}"
        per_rerun = t.seconds / t.reruns if t.reruns else 0.0
        lines.append(f"{t.exercise.answer_id.removesuffix('_answer'):34} {len(t.answers):7d} {t.reruns:7d} "
                     f"{len(t.failures):8d} {t.checks_per_rerun:6d} {per_rerun:7.3f} {margin:>7}  {where}")
    total = sum(t.reruns for t in tallies)
    failed = sum(len(t.failures) for t in tallies)
    answers = sum(len(t.answers) for t in tallies)
    lines.append(f"total: {len(tallies)} exercises, {answers} correct answers, {reruns} reruns each: {total} reruns, "
                 f"{failed} failures; {sum(t.seconds for t in tallies):.0f} s of reruns")
    unstable = [f"{t.exercise.answer_id}/{answer}" for t in tallies for answer in t.differences]
    lines.append("same submission twice (offset 0, two processes): "
                 + ("identical per-cell results and statistics for every answer" if not unstable
                    else f"DIFFERENT for {', '.join(unstable)}"))
    for t in tallies:
        for answer, rerun in t.failures:
            lines.append(f"    FAILED {t.exercise.answer_id}/{answer} at offset {rerun.offset}: "
                         f"{rerun.failure()[:300]}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=DEFAULT_RERUNS, help="reruns per correct answer (default 1000)")
    parser.add_argument("--ids", nargs="*", default=[], help="assignment or exercise ids (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="processes at a time (default 2)")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="reruns per process (default 500)")
    parser.add_argument("--progress", action="store_true", help="a line on stderr per finished batch")
    args = parser.parse_args(argv)
    try:
        chosen = select(args.ids)
        start = time.perf_counter()
        tallies = measure(chosen, args.reruns, args.workers, args.chunk, progress=args.progress)
    except ValueError as error:
        parser.error(str(error))
    for line in report(tallies, args.reruns):
        print(line)
    print(f"wall time {time.perf_counter() - start:.0f} s with {args.workers} workers")
    ok = all(not t.failures and t.deterministic for t in tallies)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
