"""exit() in the first answer cell ends the kernel; that exercise scores 0, the rest full; reason: exit()."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"called exit\(\)"


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, "exit()"), folder)


def expected_score(release):
    return without_first_exercise(release)
