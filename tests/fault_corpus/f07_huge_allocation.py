"""A 6 GiB array (over the kernel's 4 GiB limit) in the first answer cell: MemoryError, that exercise scores 0."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"MemoryError"


def make(release, submission, folder):
    # np.ones writes every page: without the limit this takes 6 GiB of the machine's memory
    write(prepend_to_first_answer(submission, "import numpy as np\nhuge = np.ones(6 * 2**30 // 8)"), folder)


def expected_score(release):
    return without_first_exercise(release)
