"""os._exit(3) in the first answer cell kills the kernel; that exercise scores 0, the rest full; reason: status 3."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"exited with status 3: os\._exit"


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, "import os\nos._exit(3)"), folder)


def expected_score(release):
    return without_first_exercise(release)
