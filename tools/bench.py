"""Benchmarks (figures to report, not timed tests).

    python3 course.py bench            # notebook execution times and widget update latency
    python3 course.py bench --suite    # also the whole test command on a warm environment

Budgets: each solution notebook executes in under 30 s on the 2-core reference machine; one widget
update has a median under 100 ms at default settings and under 300 ms at the sliders' largest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import nbformat

from .authoring import ROOT, assignment_ids, solution_path
from .build import execute

NOTEBOOK_BUDGET_S = 30.0


def time_notebooks(ids, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` executions of each solution notebook, in seconds."""
    times = {}
    for assignment in ids:
        runs = []
        for _ in range(repeat):
            nb = nbformat.read(solution_path(assignment), as_version=4)
            runs.append(execute(nb, solution_path(assignment).parent))
        times[assignment] = min(runs)
        flag = "" if times[assignment] < NOTEBOOK_BUDGET_S else "  OVER BUDGET"
        print(f"notebook {assignment}: {times[assignment]:.1f} s (best of {repeat}){flag}", flush=True)
    return times


def time_widget(repeat: int) -> dict[str, dict[str, float]]:
    """Median and 95th percentile of one explorer update (compute and draw) in milliseconds."""
    from course_lib import widgets

    settings = {"defaults": {}, "largest": {"depth": 100, "width": 1024}}
    activations = ["relu", "tanh", "linear", "selu"]
    out = {}
    for label, kwargs in settings.items():
        samples = []
        figure = widgets.ExplorerFigure()
        widgets.explore(**kwargs)  # first draw of the weights (a scheme or width change): reported apart
        for step in range(repeat):  # then slider moves: input std and activation change, weights reused
            start = time.perf_counter()
            report = widgets.explore(activation=activations[step % 4], input_std=0.5 + step % 7, **kwargs)
            figure.update(report)
            figure.png()
            samples.append(1000 * (time.perf_counter() - start))
        samples.sort()
        out[label] = {"median_ms": statistics.median(samples), "p95_ms": samples[int(0.95 * (len(samples) - 1))]}
        start = time.perf_counter()
        widgets.explore(seed=7, cache=widgets.WeightCache(), **kwargs)
        out[label]["new_weights_ms"] = 1000 * (time.perf_counter() - start)
        print(f"widget update at {label}: median {out[label]['median_ms']:.0f} ms, "
              f"p95 {out[label]['p95_ms']:.0f} ms ({repeat} slider moves); a new scheme/width/seed "
              f"{out[label]['new_weights_ms']:.0f} ms", flush=True)
    return out


def time_suite() -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"], cwd=ROOT)
    seconds = time.perf_counter() - start
    print(f"test suite: {seconds:.0f} s (exit {result.returncode})", flush=True)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="executions per notebook")
    parser.add_argument("--widget-repeat", type=int, default=40, help="widget updates per setting")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    figures = {"notebooks_s": time_notebooks(assignment_ids(), args.repeat),
               "widget": time_widget(args.widget_repeat)}
    if args.suite:
        figures["suite_s"] = time_suite()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(figures, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
