"""The first test cell retyped as Markdown: made code again and graded, full marks; reason: retyped."""

import copy

import nbformat

from tests.fault_corpus import first_test, full_marks, write

REASON = r"retyped as markdown"


def make(release, submission, folder):
    nb = copy.deepcopy(submission)
    at = first_test(nb)
    old = nb.cells[at]
    nb.cells[at] = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata, id=old.id)
    write(nb, folder)


def expected_score(release):
    return full_marks(release)
