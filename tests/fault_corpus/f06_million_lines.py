"""A million printed lines before a correct first answer: full marks, the output is cut; reason: output truncated."""

from tests.fault_corpus import full_marks, prepend_to_first_answer, write

REASON = r"output truncated"


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, "for i in range(1_000_000):\n    print('line', i)"), folder)


def expected_score(release):
    return full_marks(release)
