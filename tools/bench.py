"""Benchmarks (figures to report, not timed tests).

    python3 course.py bench            # notebook execution times and widget update latency
    python3 course.py bench --suite    # also the whole test command on a warm environment

    python -m tools.bench --widget-only  # (in .venv) only the explorer widget
    python3 course.py bench --init     # only course_lib's initializers against torch.nn.init (2 threads each)
    python -m tools.bench --ids 09_heads_embeddings_zero_init   # (in .venv) only these notebooks (and the widget)

Budgets: each solution notebook executes in under 30 s on the 2-core reference machine; one widget
update (compute and the SVG the browser draws) has a median under 100 ms at default settings and under
150 ms at the sliders' largest (width 1024, depth 100), with a 95th percentile under 300 ms, for slider
moves (warm) and for a new scheme, width or seed (cold) alike. Time with one BLAS thread
(OPENBLAS_NUM_THREADS=1). ``--widget-render png`` times the matplotlib PNG instead (what the widget
drew before it drew SVG), for comparison.
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


def _update_ms(figure, render: str = "svg", **kwargs) -> tuple[float, float]:
    """One explorer update as the widget does it (compute, its advice, the figure as SVG, or as PNG with
    ``render="png"``): wall and CPU ms."""
    from course_lib import widgets

    start, cpu = time.perf_counter(), time.process_time()
    report = widgets.explore(**kwargs)
    widgets.scheme_advice(report.scheme, kwargs.get("activation", "relu"), report.width)
    figure.update(report)
    if render == "svg":
        figure.svg()
    else:
        figure.png()
    return 1000 * (time.perf_counter() - start), 1000 * (time.process_time() - cpu)


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Median, 95th percentile and maximum of the wall times; median and 95th percentile of the CPU times
    (the CPU figures barely move when other processes load the machine, the wall figures do)."""
    out = {"n": len(samples)}
    for kind, values in (("", sorted(w for w, _ in samples)), ("cpu_", sorted(c for _, c in samples))):
        out[f"{kind}median_ms"] = statistics.median(values)
        out[f"{kind}p95_ms"] = values[int(0.95 * (len(values) - 1))]
        out[f"{kind}max_ms"] = values[-1]
    return out


def time_widget(repeat: int, render: str = "svg") -> dict[str, dict[str, float]]:
    """Median and 95th percentile of one explorer update (compute and draw) in milliseconds.

    ``warm``: slider moves (input std and activation) on weights already drawn (or nothing to draw);
    ``cold``: a new scheme, width or seed, as the widget meets them: every scheme, with seeds that no
    cache has seen (a fresh cache each time), so fully drawn weights are drawn anew.
    """
    from course_lib import widgets
    from course_lib.schemes import SCHEMES

    settings = {"defaults": {}, "largest": {"depth": 100, "width": 1024}}
    activations = ["relu", "tanh", "linear", "selu"]
    out = {}
    figure = widgets.ExplorerFigure()
    _update_ms(figure, render)  # imports, first figure draw
    for label, kwargs in settings.items():
        widgets.explore(**kwargs)  # the default scheme's weights, if it draws any
        warm = [_update_ms(figure, render, activation=activations[step % 4], input_std=0.5 + step % 7, **kwargs)
                for step in range(repeat)]
        cold = [_update_ms(figure, render, scheme=scheme, seed=seed, activation=activations[seed % 4],
                           cache=widgets.WeightCache(), **kwargs)
                for seed in range(max(1, repeat // len(SCHEMES))) for scheme in SCHEMES]
        out[label] = {"warm": _summary(warm), "cold": _summary(cold),
                      "sampling": {scheme: getattr(widgets.explore(scheme, **kwargs), "sampling", "dense")
                                                   for scheme in SCHEMES}}
        for kind in ("warm", "cold"):
            figures = out[label][kind]
            print(f"widget update ({render}) at {label}, {kind}: median {figures['median_ms']:.0f} ms, "
                  f"p95 {figures['p95_ms']:.0f} ms, max {figures['max_ms']:.0f} ms (CPU: median "
                  f"{figures['cpu_median_ms']:.0f} ms, p95 {figures['cpu_p95_ms']:.0f} ms; {figures['n']} updates)",
                  flush=True)
    return out


def time_suite() -> float:
    """Wall time of the test command as ``python3 course.py test`` runs it: one pytest-xdist worker per core."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-n", "auto", "--dist",
                             "loadfile"], cwd=ROOT)
    seconds = time.perf_counter() - start
    print(f"test suite: {seconds:.0f} s (exit {result.returncode})", flush=True)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="executions per notebook")
    parser.add_argument("--widget-repeat", type=int, default=40, help="widget updates per setting")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    parser.add_argument("--widget-only", action="store_true", help="time only the explorer widget")
    parser.add_argument("--widget-render", choices=("svg", "png"), default="svg",
                        help="the explorer's figure as the widget draws it (svg) or as matplotlib's PNG")
    parser.add_argument("--ids", nargs="+", metavar="ID", help="time only these notebooks (default: all)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--init", action="store_true",
                        help="only course_lib's initializers against torch.nn.init (tools/bench_init.py)")
    parser.add_argument("--init-threads", type=int, default=2, help="threads of NumPy's BLAS and torch for --init")
    parser.add_argument("--init-repeat", type=int, default=15, help="fills per initializer (--init)")
    args = parser.parse_args(argv)
    if args.init:
        from .bench_init import time_init

        figures = {"init": time_init(args.init_threads, args.init_repeat)}
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(figures, fh, indent=2)
        return 0
    figures = {} if args.widget_only else {"notebooks_s": time_notebooks(args.ids or assignment_ids(), args.repeat)}
    figures["widget"] = time_widget(args.widget_repeat, args.widget_render)
    if args.suite:
        figures["suite_s"] = time_suite()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(figures, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
