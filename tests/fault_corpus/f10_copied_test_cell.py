"""The first test cell copied below itself (a duplicate grade_id): graded once, full marks; reason: duplicate."""

import copy

from tests.fault_corpus import first_test, full_marks, write

REASON = r"duplicate grade_id"


def make(release, submission, folder):
    nb = copy.deepcopy(submission)
    at = first_test(nb)
    twin = copy.deepcopy(nb.cells[at])
    twin["id"] = "copied-test-cell"
    nb.cells.insert(at + 1, twin)
    write(nb, folder)


def expected_score(release):
    return full_marks(release)
