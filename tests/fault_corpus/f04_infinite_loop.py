"""An infinite loop in the first answer cell: interrupted at the time limit, that exercise scores 0; reason: limit."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"ran longer than the \d+ s limit and was interrupted"


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, "while True:\n    pass"), folder)


def expected_score(release):
    return without_first_exercise(release)
