"""A crash: the first answer cell segfaults the kernel; that exercise scores 0, the rest full; reason: SIGSEGV."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"SIGSEGV"


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, "import ctypes\nctypes.string_at(0)"), folder)


def expected_score(release):
    return without_first_exercise(release)
