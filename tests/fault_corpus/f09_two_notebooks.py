"""Answers in a "-Copy1" notebook beside the untouched release one: the copy is graded, full marks; reason: both."""

from tests.fault_corpus import full_marks, write

REASON = r"several notebooks of this assignment: graded \S+-Copy1\.ipynb \(\d+ answers written\), not \S+ \(0 answers"


def make(release, submission, folder):
    write(submission, folder, f"{folder.name}-Copy1.ipynb")
    write(release, folder)


def expected_score(release):
    return full_marks(release)
