"""The first test cell deleted: put back from the release and graded, full marks; reason: test cell deleted."""

import copy

from tests.fault_corpus import first_test, full_marks, write

REASON = r"test cell deleted: put back"


def make(release, submission, folder):
    nb = copy.deepcopy(submission)
    del nb.cells[first_test(nb)]
    write(nb, folder)


def expected_score(release):
    return full_marks(release)
