"""Grading for the weight-initialization course, on nbgrader.

- :mod:`course_grader.intake`: repairs what students' tools break (a renamed notebook, stripped cell
  metadata, a copied test cell, a deleted or retyped cell), on a copy; ``submitted/`` is only read.
- :mod:`course_grader.repairs`: the same repairs inside nbgrader (a sanitizing step and a pre-convert hook),
  so a plain ``nbgrader autograde`` and the formgrader's button grade what the class driver grades.
- :mod:`course_grader.kernel` and :mod:`course_grader.execute`: the grading kernel (a memory limit, a cap on
  printed output) and nbgrader's Execute step that survives a dead or stuck kernel.
- :mod:`course_grader.autograde`: the class driver (``course-autograde``): every student graded in
  parallel, trusted re-grade included, then :mod:`course_grader.trusted.reconcile` puts every cell at the
  lower of its two scores, whatever the submissions wrote into the gradebook.
- :mod:`course_grader.trusted`: the trusted re-grade: answers in a bubblewrap sandbox, hidden tests outside
  it; as two steps of nbgrader's autograde (:mod:`~course_grader.trusted.nbgrader_steps`) and as a command
  for one submission (``course-regrade``).
- :mod:`course_grader.late`: a late penalty per day late; :mod:`course_grader.lms_collect`: ``zip_collect``
  from Canvas and Moodle downloads, with submission times; :mod:`course_grader.lms_export`: one row per
  student, one column per assignment, for an LMS gradebook (``course-lms-export``).
"""

__version__ = "0.1.0"
