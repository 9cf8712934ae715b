"""A loop that swallows KeyboardInterrupt: the kernel is restarted, the first exercise scores 0; reason: not stopped."""

from tests.fault_corpus import prepend_to_first_answer, without_first_exercise, write

REASON = r"did not stop when interrupted"

LOOP = """import time
while True:
    try:
        time.sleep(0.01)
    except BaseException:
        pass"""


def make(release, submission, folder):
    write(prepend_to_first_answer(submission, LOOP), folder)


def expected_score(release):
    return without_first_exercise(release)
