"""Every cell's metadata and id stripped by another editor: restored by alignment, full marks; reason: metadata."""

import copy

from tests.fault_corpus import full_marks, write

REASON = r"nbgrader metadata missing"


def make(release, submission, folder):
    nb = copy.deepcopy(submission)
    for cell in nb.cells:
        cell.metadata = {}
        cell.pop("id", None)
    nb.nbformat_minor = 4
    write(nb, folder)


def expected_score(release):
    return full_marks(release)
