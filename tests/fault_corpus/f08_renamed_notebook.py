"""The notebook saved as Untitled1.ipynb: graded anyway, full marks; reason: saved under another name."""

from tests.fault_corpus import full_marks, write

REASON = r"saved under another name: graded Untitled1\.ipynb"


def make(release, submission, folder):
    write(submission, folder, "Untitled1.ipynb")


def expected_score(release):
    return full_marks(release)
