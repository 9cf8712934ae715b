"""Test-run order: the longest files first, so that on two workers (``--dist loadfile``) no long file starts last.

xdist hands out files in collection order (``--no-loadscope-reorder``, which ``python3 course.py test`` passes;
otherwise xdist sorts files by their number of tests), one worker per file; with the longest first (the classic
longest-processing-time rule) the other worker fills the gaps with the short files. The ranking is by the
durations of the last full run (``python3 course.py test --durations=40``); files not listed keep their order,
after the listed ones.
"""

from __future__ import annotations

LONGEST_FIRST = (
    "test_pipeline.py", "test_trusted_regrade.py", "test_browser.py", "test_instructor_guide.py",
    "test_jupyterhub.py", "test_dask_executor.py", "test_one_score.py", "test_grading_corpus.py", "test_faults.py",
    "test_self_check.py", "test_gradebook_postgres.py", "test_plots_audit.py", "test_book.py", "test_flake_rate.py",
    "test_open_command.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's own order is kept
