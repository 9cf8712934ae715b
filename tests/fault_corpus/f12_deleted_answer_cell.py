"""The first answer cell deleted: put back empty, that exercise scores 0, the rest full; reason: answer cell deleted."""

import copy

from tests.fault_corpus import first_answer, without_first_exercise, write

REASON = r"answer cell deleted"


def make(release, submission, folder):
    nb = copy.deepcopy(submission)
    del nb.cells[first_answer(nb)]
    write(nb, folder)


def expected_score(release):
    return without_first_exercise(release)
