"""course_lib's initializers against ``torch.nn.init``: the same shape, dtype and number of threads.

    python3 course.py bench --init                  # (also: python -m tools.bench --init, in .venv)
    python3 course.py bench --init --init-threads 1

Each case fills a fresh array with course_lib (``course_lib.init.X(shape, dtype=...)``) and a fresh
tensor with torch (``torch.nn.init.X_(torch.empty(shape, dtype=...))``), alternately, ``repeat`` times;
the figure is the best wall time of each (the least disturbed by other processes) and the ratio
``torch / course_lib`` (above 1: course_lib is faster), and the same for the process's CPU time (all its
threads): on a loaded machine, with one thread, the CPU figures are the ones to trust (a fill longer than
the scheduler's time slice is preempted, a short one is not). NumPy's OpenBLAS and torch's OpenMP pool both
get ``threads`` threads (threadpoolctl, ``torch.set_num_threads``), whatever the environment says:
``course.py`` starts every process with one BLAS thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

SHAPE = (1024, 1024)
CONV_SHAPE = (256, 128, 3, 3)


def cases(torch) -> list[tuple[str, tuple[int, ...], Callable, Callable]]:
    """(name, shape, course_lib's fill (shape, dtype), torch's fill (tensor)) for every compared initializer."""
    from course_lib import init

    return [
        ("kaiming_normal", SHAPE, lambda s, d: init.kaiming_normal(s, dtype=d), torch.nn.init.kaiming_normal_),
        ("kaiming_uniform", SHAPE, lambda s, d: init.kaiming_uniform(s, dtype=d), torch.nn.init.kaiming_uniform_),
        ("xavier_normal conv", CONV_SHAPE, lambda s, d: init.xavier_normal(s, dtype=d), torch.nn.init.xavier_normal_),
        ("normal", SHAPE, lambda s, d: init.normal(s, std=0.02, dtype=d), lambda t: torch.nn.init.normal_(t, std=0.02)),
        ("uniform", SHAPE, lambda s, d: init.uniform(s, -0.1, 0.1, dtype=d),
         lambda t: torch.nn.init.uniform_(t, -0.1, 0.1)),
        ("trunc_normal", SHAPE, lambda s, d: init.trunc_normal(s, std=0.02, dtype=d),
         lambda t: torch.nn.init.trunc_normal_(t, std=0.02)),
        ("orthogonal", SHAPE, lambda s, d: init.orthogonal(s, dtype=d), torch.nn.init.orthogonal_),
    ]


def _timed(fill: Callable, *args) -> tuple[float, float]:
    """(wall ms, CPU ms of this process, all its threads) of one call ``fill(*args)``."""
    start, cpu = time.perf_counter(), time.process_time()
    fill(*args)
    return 1000 * (time.perf_counter() - start), 1000 * (time.process_time() - cpu)


def time_init(threads: int = 2, repeat: int = 15, names: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Best wall time (ms) of course_lib and torch per initializer and dtype, and their ratio torch / course_lib."""
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a positive int, got {threads!r}")
    if not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 1:
        raise ValueError(f"repeat must be a positive int, got {repeat!r}")
    try:
        import torch
    except ImportError as error:
        raise RuntimeError("the comparison needs torch (python3 course.py bench installs the test pins)") from error
    from threadpoolctl import threadpool_info, threadpool_limits

    torch.set_num_threads(threads)
    selected = cases(torch)
    if names:
        unknown = set(names) - {name for name, *_ in selected}
        if unknown:
            raise ValueError(f"names must be among {[name for name, *_ in selected]}, got {sorted(unknown)}")
        selected = [case for case in selected if case[0] in names]
    out = {}
    with threadpool_limits(limits=threads, user_api="blas"):
        pools = ", ".join(f"{pool['internal_api']} {pool['num_threads']}" for pool in threadpool_info())
        print(f"init vs torch.nn.init {torch.__version__}: {threads} thread(s) (thread pools: {pools}; "
              f"torch {torch.get_num_threads()}), best of {repeat}", flush=True)
        for dtype, torch_dtype in ((np.float64, torch.float64), (np.float32, torch.float32)):
            for name, shape, ours, theirs in selected:
                ours(shape, dtype), theirs(torch.empty(shape, dtype=torch_dtype))  # warm-up: imports, pages
                mine, torchs = [], []
                for _ in range(repeat):
                    mine.append(_timed(ours, shape, dtype))
                    torchs.append(_timed(theirs, torch.empty(shape, dtype=torch_dtype)))
                key = f"{name} {np.dtype(dtype).name} {'x'.join(map(str, shape))}"
                figures = {"course_lib_ms": min(w for w, _ in mine), "torch_ms": min(w for w, _ in torchs),
                           "course_lib_cpu_ms": min(c for _, c in mine), "torch_cpu_ms": min(c for _, c in torchs)}
                figures["speed"] = figures["torch_ms"] / figures["course_lib_ms"]
                figures["cpu_speed"] = figures["torch_cpu_ms"] / figures["course_lib_cpu_ms"]
                out[key] = figures
                flag = "" if figures["speed"] >= 1 else "  SLOWER THAN TORCH"
                print(f"  {key:40s} course_lib {figures['course_lib_ms']:8.2f} ms  torch {figures['torch_ms']:8.2f} ms"
                      f"  speed {figures['speed']:5.2f}x  (CPU time: {figures['course_lib_cpu_ms']:.2f} vs "
                      f"{figures['torch_cpu_ms']:.2f} ms, {figures['cpu_speed']:.2f}x){flag}", flush=True)
    return out
