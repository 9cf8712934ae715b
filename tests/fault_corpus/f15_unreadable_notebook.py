"""A notebook file cut off mid-way (invalid JSON): nothing to grade, 0 points; reason: not a readable notebook."""

import nbformat

from tests.fault_corpus import TIMESTAMP

REASON = r"not a readable notebook"


def make(release, submission, folder):
    folder.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(submission)
    (folder / f"{folder.name}.ipynb").write_text(text[: len(text) // 2])
    (folder / "timestamp.txt").write_text(TIMESTAMP)


def expected_score(release):
    return 0.0
